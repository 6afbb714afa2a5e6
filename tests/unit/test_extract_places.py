"""Which town is the place of an attack, on short texts written for these tests: the station's home town in a page
title, a bare dateline's namesakes, neighbourhoods that share a name with a town elsewhere, hospitals, URL words."""
from __future__ import annotations

from schemas.article import RawArticle
from streams.extract import extract_article
from streams.extract.places import FRAME_HOME, FRAME_TAKEN, ArticlePlaces


def place(text: str, outlet: str = "example.org", url: str | None = None):
    places = ArticlePlaces(text, None, outlet, url)
    return places.place_for([(0, len(text))], True)


def test_station_home_town_in_the_page_title_is_not_the_place():
    text = (
        "Teen wounded in Hapeville shooting - WXYZ-TV: Savannah, Beaufort, SC, News, Weather & Sports\n\n"
        "A 16-year-old was shot in the leg Saturday night, Hapeville police said."
    )
    p = place(text)
    assert p.city == "Hapeville"
    assert p.admin1 == "Georgia"


def test_station_home_town_stands_in_when_the_text_names_no_town():
    text = (
        "Two men charged after party shooting - WXYZ Action News 5 - Memphis, Tennessee\n\n"
        "Two men were charged Monday after a man was shot at a party."
    )
    p = place(text)
    assert p.city == "Memphis" and p.admin1 == "Tennessee"


def test_bare_dateline_takes_the_namesake_in_the_articles_state():
    text = (
        "NEWPORT (WXYZ) – A 9-year-old boy was shot and killed Sunday at a home in rural Cocke County, deputies said. "
        "The Tennessee Bureau of Investigation is helping the sheriff. Tennessee law requires a safe storage notice."
    )
    p = place(text)
    assert p.city == "Newport"
    assert p.admin1 == "Tennessee"


def test_neighbourhood_sharing_a_town_name_in_another_state_is_not_that_town():
    text = (
        "CHICAGO (AP) — Two men were shot Sunday in the Austin neighborhood on the West Side, Chicago police said. "
        "Illinois state police are assisting."
    )
    p = place(text)
    assert p.city == "Chicago"
    assert p.admin1 == "Illinois"


def test_town_followed_by_neighbourhood_without_the_is_still_the_town():
    text = "A teen shot himself in the leg in a Bluffton neighborhood on Tuesday, deputies said."
    assert place(text).city == "Bluffton"


def test_joining_word_does_not_swallow_the_next_word():
    # "Waterbury early" must not read as one name the way "Mazar-e Sharif" does.
    text = "Four people were shot in Waterbury early Thursday morning, police said."
    assert place(text).city == "Waterbury"


def test_town_in_a_hospital_name_is_not_the_place():
    text = (
        "A man was shot in the chest Friday in Gary, Indiana, police said. "
        "He was taken to Mount Sinai Hospital in critical condition."
    )
    p = place(text)
    assert p.city == "Gary" and p.admin1 == "Indiana"


def test_common_word_in_the_url_slug_is_not_a_town():
    text = "Six people were robbed and shot Sunday night in central Lubbock, Lubbock police said."
    p = place(text, "example.com", "http://example.com/story/6-people-robbed-shot-in-central-lubbock")
    assert p.city == "Lubbock" and p.admin1 == "Texas"


def test_city_in_the_url_slug_stands_in_when_the_text_frames_none():
    text = "Durham investigators returned to the street Saturday after eight people were shot at a cookout."
    p = place(text, "example.com", "http://example.com/news/eight-people-shot-in-durham/951732/")
    assert p.city == "Durham" and p.admin1 == "North Carolina"


def test_possessive_before_a_death_is_a_persons_name():
    text = (
        "Memphis police arrested a fourth man on Tuesday in Williams' death, a week after the girl was shot "
        "as she slept."
    )
    assert place(text).city == "Memphis"


def test_county_stands_in_when_no_town_is_named():
    text = "HENRY COUNTY, Ind. (WXYZ) — Three bodies were found in a home in Henry County on Thursday, deputies said."
    p = place(text)
    assert p.city == "Henry County" and p.admin1 == "Indiana"


def test_a_county_named_after_a_state_is_no_vote_for_that_state():
    text = (
        "A man was shot at a farm on Friday, Washington County deputies said. Washington County has had three "
        "shootings this year."
    )
    assert place(text).admin1 != "Washington"


def test_dateline_state_abbreviation_without_its_period():
    text = "Ripley County, Ind (WXYZ) - A boy was shot dead at a farm on Sunday, deputies said."
    p = place(text)
    assert p.admin1 == "Indiana" and p.city == "Ripley County"


def test_county_found_in_one_state_only_gives_the_state():
    text = "A man was shot dead at a farm on Friday, Berks County deputies said. Berks County detectives are searching."
    assert place(text).admin1 == "Pennsylvania"


def test_namesake_in_the_state_of_the_other_towns_named():
    text = (
        "Deputies were called to a home in Milltown on Tuesday after a boy was accidentally shot. "
        "His uncle, 47, of Indianapolis, was cleaning the pistol."
    )
    p = place(text)
    assert p.city == "Milltown" and p.admin1 == "Indiana"


def test_hometown_with_its_state_missing_from_the_gazetteer():
    text = "Jane Roe of Quillbrook, Georgia, was shot dead on Sunday at a boat ramp, deputies said."
    p = place(text)
    assert p.city == "Quillbrook" and p.admin1 == "Georgia"


def test_outlets_town_in_the_url_does_not_settle_the_state():
    # The slug names a neighbourhood that is also a town in another state; the city's police frame the attack.
    text = (
        "Teen shot dead after school program\n\n"
        "The victim, 17, of Garfield, was found shot on Elm Street, Pittsburgh police said. "
        "A reporter spoke to neighbours in Garfield."
    )
    places = ArticlePlaces(text, None, "example.org", "https://example.org/news/teen-killed-in-garfield-shooting/123")
    sentence = text.index("The victim"), text.index(" A reporter")
    p = places.place_for([sentence], True)
    assert p.city == "Pittsburgh" and p.admin1 == "Pennsylvania"


def test_scene_in_the_attack_sentence_outranks_the_dateline_and_a_home_town():
    text = (
        "SALEM, Mass. — A Beverly man, 30, was shot dead early Sunday in Lynn, Lynn police said. "
        "He was taken to a hospital in Salem."
    )
    p = place(text)
    assert p.city == "Lynn"


def test_hospital_town_is_not_the_scene():
    text = "A man was shot on Elm Street and taken to Mercy Medical Center in Oak Lawn, Chicago police said."
    assert place(text).city == "Chicago"


def test_quarter_of_the_capital_is_not_a_town():
    text = "WASHINGTON (WXYZ) - Five people were shot in separate shootings in Northeast, D.C. on Thursday night."
    assert place(text).city == "Washington"


def test_neighbourhood_after_a_citys_possessive_is_part_of_that_city():
    text = "DENVER — One man is dead after a shooting overnight in Denver’s Whittier neighborhood, police said."
    assert place(text).city == "Denver"


def test_name_called_a_neighbourhood_once_is_one_wherever_it_stands_bare():
    text = (
        "Boy shot to death in Austin\n\n"
        "A teenage boy was shot to death Friday morning in the West Side Austin neighborhood, according to Chicago Police."
    )
    p = place(text)
    assert p.city == "Chicago" and p.admin1 == "Illinois"


def test_last_word_of_a_neighbourhoods_name_is_no_town():
    places = ArticlePlaces(
        "Three men were wounded in the Park Manor neighborhood, Chicago police said.", None, "example.org", None
    )
    assert "Manor" in places.neighbourhoods and "Park Manor" in places.neighbourhoods


def test_part_of_a_city_before_neighbourhood_does_not_make_the_city_one():
    places = ArticlePlaces("A man was shot in the South Chicago neighborhood.", None, "example.org", None)
    assert "Chicago" not in places.neighbourhoods


def test_city_that_has_a_neighbourhood_of_that_name_is_still_the_city():
    places = ArticlePlaces("A man was shot Monday in the Chicago neighborhood of Austin.", None, "example.org", None)
    assert "Chicago" not in places.neighbourhoods


def test_neighbourhood_word_after_a_town_of_the_articles_own_state_keeps_the_town():
    text = (
        "Five people were found shot dead in a home in Spring, Harris County deputies said. "
        "A neighbour said the Spring neighborhood is usually quiet. Texas Rangers are assisting."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert "Spring" in places.neighbourhoods
    assert places.place_for([(0, len(text))], True).city == "Spring"


def test_newspapers_home_town_is_not_the_place():
    text = (
        "Teen dies after shooting in Bartow\n\n"
        "A 17-year-old died Friday night after he was shot by Euharlee police officers, a spokeswoman told The "
        "Atlanta Journal-Constitution. He was taken to the hospital in Cartersville, where he died."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert not any(name == "Atlanta" for name, _, _ in places.cities)


def test_town_police_said_is_the_town_not_a_persons_name():
    text = "A 16-year-old boy was shot in the Bridgeport neighborhood on Sunday night, Chicago Police said."
    assert place(text).city == "Chicago"


def test_street_named_after_a_block_number_is_no_town():
    places = ArticlePlaces("Five men were wounded in the 3200 block of West Congress.", None, "example.org", None)
    assert not places.cities


def test_hospital_town_gives_way_to_the_outlets_city_when_no_town_is_framed():
    text = (
        "A woman was killed in a drive-by shooting on the South Side early Monday. A man was taken to "
        "Christ Medical Center in Oak Lawn in serious condition."
    )
    assert place(text, outlet="chicagotribune.com").city == "Chicago"


def test_street_called_court_is_no_courthouse():
    text = "Deputies were called to a home in the 200 block of Maple Lake Court in Villa Ridge, where a girl was found shot."
    assert place(text).city == "Villa Ridge"


def test_county_in_the_url_slug_is_not_its_namesake_town():
    text = "A girl, 7, was found dead inside a home in rural Franklin County on Monday, deputies said."
    url = "https://example.org/story/1/girl-found-dead-inside-franklin-county-home"
    places = ArticlePlaces(text, None, "example.org", url)
    assert not any(name == "Franklin" for name, _, _ in places.cities)


def test_suburb_with_its_own_police_is_not_a_neighbourhood_of_the_big_city():
    text = (
        "Four people were shot late Sunday in East Orange, East Orange police said. One of them died at "
        "University Hospital in Newark."
    )
    assert place(text).city == "East Orange"


def test_neighbourhood_listed_as_a_town_still_stands_for_the_big_city():
    text = "A man was shot in Chatham on Sunday, Chicago police said."
    assert place(text).city == "Chicago"


def test_a_quarter_out_on_the_edge_of_a_city_of_millions_is_still_that_city():
    # Portage Park lies further from Chicago's point than a smaller city's quarter could; it has no post office.
    text = (
        "PORTAGE PARK — A teenager was shot Friday morning in Portage Park, police said.\n\n"
        "He was taken to a hospital in good condition, a Chicago Police Department spokesman said."
    )
    assert place(text).city == "Chicago"


def test_a_town_as_far_from_a_smaller_big_city_stays_a_town():
    text = "A man was shot Friday in Des Moines, Washington, south of Seattle, police said."
    assert place(text).city == "Des Moines"


def test_the_before_a_towns_police_department_still_frames_the_town():
    text = "A man was found dying on a driveway early Sunday. The Fort Wayne Police Department said he had been shot."
    assert place(text).city == "Fort Wayne"


def test_big_citys_police_make_a_town_of_another_state_a_neighbourhood():
    text = (
        "1 dead, several hurt in Madisonville shooting\n\n"
        "Police are investigating a shooting in Madisonville late Friday night that left two people dead. "
        "Officers found seven victims on the street, and Cincinnati police identified the dead on Saturday."
    )
    assert place(text).city == "Cincinnati"


def test_town_of_another_state_counts_when_the_text_gives_its_state():
    text = (
        "A man wanted by Chicago police was shot dead by officers in Superior, Wis., on Friday. "
        "Superior police said he fired first."
    )
    assert place(text).city == "Superior"


def test_possessive_town_before_a_site_is_the_town():
    text = "On January 1, a bomber blew himself up near the entrance of Kandahar’s military airport, killing ten people."
    p = place(text)
    assert p.city == "Kandahar" and p.site and "airport" in p.site


def test_possessive_of_a_persons_name_is_no_town():
    text = "Demontez Sandoval, 15, was shot in Overland on Friday. Sandoval’s mother said he was a good student."
    places = ArticlePlaces(text, None, "example.org", None)
    assert not any(name == "Sandoval" for name, _, _ in places.cities)
    assert places.place_for([(0, len(text))], True).city == "Overland"


def test_possessive_of_a_surname_that_is_a_big_city_is_no_town():
    text = (
        "A teen was shot in the chest while getting her hair done, Memphis police said. \"She is lucky,\" April "
        "McKinney said. McKinney’s daughter was getting ready for her senior prom."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert not any(name == "McKinney" for name, _, _ in places.cities)


def test_last_word_of_a_longer_place_name_is_not_that_town():
    text = "A 5-year-old boy was shot and killed in a Mount Auburn apartment on Nov. 2, Cincinnati police said."
    assert place(text).city == "Cincinnati"
    places = ArticlePlaces("Two girls were shot Friday night in South Linden.", None, "example.org", None)
    assert not any(name == "Linden" for name, _, _ in places.cities)


def test_a_paragraph_break_does_not_join_a_surname_to_the_police():
    text = "Coroner identifies boy killed as Romell Jones\n\nPolice are looking for the occupants of a red car."
    places = ArticlePlaces(text, None, "example.org", None)
    assert not any(name == "Jones" for name, _, _ in places.cities)


def test_a_big_citys_sheriffs_office_settles_the_state():
    text = (
        "Shots were fired into apartments at Eureka Garden late Sunday, according to the Jacksonville Sheriff’s "
        "Office. The complex is owned by a foundation of Memphis, Tenn."
    )
    assert place(text).city == "Jacksonville"


def test_street_at_a_crossing_is_no_town():
    places = ArticlePlaces("A man was shot near Lynn and Michigan streets late Thursday.", None, "example.org", None)
    assert not any(name == "Lynn" for name, _, _ in places.cities)
    crossing = ArticlePlaces("A man was shot in a home near Lynn and 45th Street on May 2.", None, "example.org", None)
    assert not any(name == "Lynn" for name, _, _ in crossing.cities)


def test_scene_later_in_the_attacks_sentences_outranks_a_county_seat_dateline():
    text = (
        "NEWPORT (WXYZ) — A man has died after a shooting, deputies said.\n\n"
        "Deputies were called to a home on Highway 340 in Dandridge around 9 p.m. Sunday. "
        "Tennessee Highway Patrol is helping the Cocke County Sheriff's Office."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    first, second = text.index("NEWPORT"), text.index("Deputies were")
    p = places.place_for([(first, second), (text.index("A man"), second), (second, len(text))], True)
    assert p.city == "Dandridge"


def test_quarter_of_washington_is_the_capital_not_the_state():
    text = (
        "Four people were shot Tuesday night outside a strip of stores in Southeast Washington, according to "
        "D.C. police."
    )
    p = place(text)
    assert p.city == "Washington" and p.admin1 == "District of Columbia"


def test_quarter_named_after_the_city_is_the_city():
    text = "A mother and her daughter were shot dead early Tuesday on Duane Road in New Orleans East."
    assert place(text).city == "New Orleans"


def test_home_town_before_child_is_framed():
    text = "UPDATE: 3-year-old Gaston child dies after accidental shooting on Sunday"
    places = ArticlePlaces(text, None, "example.org", None)
    assert any(name == "Gaston" for name, _, _ in places.cities)


def test_a_name_mostly_a_persons_is_a_town_before_its_police():
    text = "A teenager was shot on Hillside Drive on Monday night, the Jackson Police Department said. Mississippi law applies."
    p = place(text)
    assert p.city == "Jackson" and p.admin1 == "Mississippi"


def test_a_town_abroad_named_like_a_gym_is_no_place_of_us_news():
    text = (
        "Neighborhood leaders call for an end to violence after shooting at a lounge\n\n"
        "Four people were wounded early Sunday, Ohio investigators said. Soul City Boxing Gym sits across the street."
    )
    p = place(text)
    assert p.city != "Soul" and p.country == "United States"


def test_abbreviated_mount_is_the_whole_town_name():
    assert place("A man was shot outside a store in Mt. Juliet on Friday.").city == "Mt. Juliet"


def test_town_a_body_was_sent_to_is_no_scene():
    text = (
        "A Marion County toddler who shot himself has died at a hospital in Shreveport. The child's body is being sent "
        "to Dallas for an autopsy. He was shot at a home near the lake, deputies said. He was taken to a hospital in "
        "Shreveport on Monday."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert {f for (name, _, _), c in places.cities.items() if name == "Dallas" for f in c.frames} == {FRAME_TAKEN}


def test_an_event_is_no_site():
    text = "Gunmen opened fire on a wedding party in Kunduz on Friday, killing four guests, officials said."
    p = place(text)
    assert p.city == "Kunduz"
    assert p.site is None


def test_the_same_site_named_again_is_no_site_of_its_own():
    text = "Militants had attacked the same shrine in Ghazni last year, killing nine worshippers."
    p = place(text)
    assert p.site is None
    text = "A bomb went off at a crowded bazaar in Ghazni on Monday, killing nine shoppers."
    assert place(text).site == "crowded bazaar"


def test_a_named_institution_keeps_its_of_tail():
    text = "A suicide bomber struck outside the Ruritanian Ministry of Foreign Affairs in Kabul on Monday, killing five."
    assert place(text).site == "Ruritanian Ministry of Foreign Affairs"


def test_the_hospital_the_wounded_were_taken_to_is_no_site_but_an_attacked_one_is():
    text = "A man was shot on Elm Street in Zenda on Friday and taken to Mercy General Hospital, where he died."
    assert place(text).site is None
    text = "Two women were shot in Zenda on Friday. Both were taken to Zenda University Hospital in serious condition."
    assert place(text).site is None
    text = "Gunmen stormed a maternity hospital in Kunduz on Tuesday, killing 14 people, officials said."
    assert place(text).site == "maternity hospital"


def test_a_site_named_after_the_hospital_tells_the_aftermath():
    text = ("A man was shot in Zenda on Monday and later died at the hospital. Earlier that day, four people were shot "
            "near Lakeside Memorial Park in Strelsau.")
    assert place(text).site is None


def test_a_possessive_s_is_no_site():
    text = "The sheriff’s office said a man was shot and killed in Zenda on Friday."
    assert place(text).site is None


def test_a_town_of_the_named_county_outranks_the_outlet_home():
    # The text frames no town: "Mableton" stands only in a school's name, beside the county that says where.
    text = "Two Mableton Middle School students were found shot to death in a home, Cobb County police said."
    art = RawArticle(id="a1", text=text, title="2 students found dead - WXYZ-TV: Savannah, Beaufort, SC, News",
                     outlet="wxyz.example.com", published_at="2021-06-04")
    assert [c.place.city for c in extract_article(art).claims] == ["Mableton"]


def test_a_town_abroad_after_a_first_name_is_a_surname():
    text = "Walker County deputies said 15-year-old Jacob Harbin was wounded at his home on Friday."
    assert place(text).country != "China"


def test_the_area_at_a_sentence_start_names_no_district():
    text = "A man was shot and killed in Zenda on Friday night. The area was sealed off for hours, police said."
    assert place(text).district is None


def test_abbreviated_saint_inside_a_town_name():
    text = "A 14-year-old girl was shot in her bedroom in Port St. Lucie on Wednesday night, police said."
    p = place(text)
    assert p.city == "Port St. Lucie" and p.admin1 == "Florida"


def test_county_alone_is_the_place_when_the_text_names_no_town():
    text = (
        "A 30-year-old man died after he was shot by a child at a home on Monday, the Garfield County Sheriff's "
        "Office said. The Garfield County coroner ruled the death an accident."
    )
    assert place(text).city == "Garfield County"


def test_town_missing_from_the_gazetteer_framed_as_the_scene_outranks_the_dateline():
    text = (
        "GREENVILLE, S.C. (AP) — Three people were found shot at a home in Quillby on Wednesday afternoon, "
        "deputies said. The coroner identified one victim as Mary Doe, 43, of Quillby."
    )
    p = place(text)
    assert p.city == "Quillby" and p.admin1 == "South Carolina"


def test_town_missing_from_the_gazetteer_gives_way_to_a_listed_scene():
    text = (
        "A man was shot in Quillby on Tuesday night, Memphis police said. The victim, of Quillby, was taken to a "
        "hospital. Tennessee investigators are helping."
    )
    assert place(text).city == "Memphis"


def test_capitalised_words_after_in_are_no_unlisted_town():
    text = (
        "Man Charged in Shooting Death of Neighbor\n\n"
        "SALEM, Ore. (AP) — A man was charged in Aid of Racketeering after a shooting, the worst in American "
        "history, and pleaded guilty in Heart of Town. In Aid cases the charge is rare."
    )
    assert place(text).city == "Salem"


def test_scene_named_later_outranks_a_home_town_of_the_attack_sentences():
    text = (
        "A 19-year-old Beverly man died Sunday after he was shot in the chest. "
        "Police in Massachusetts said the shooting happened at an apartment in Lynn late Saturday."
    )
    places = ArticlePlaces(text, None, "example.org")
    first = text.index("Police")
    assert places.place_for([(0, first)], True).city == "Lynn"
    assert places.place_for([(0, first)], False).city == "Beverly"


def test_name_the_gazetteer_lacks_in_a_big_citys_story_is_a_neighbourhood():
    text = (
        "Four shot, two dead in Quillby shooting\n\n"
        "Two people were killed and two wounded early Tuesday in Quillby, a neighbourhood of row houses. "
        "Baltimore police said the gunman, of Quillby, fled on foot."
    )
    places = ArticlePlaces(text, None, "example.org")
    assert places.place_for([(0, text.index("Baltimore"))], True).city == "Baltimore"


def test_name_the_gazetteer_lacks_with_its_own_police_is_a_town_even_near_a_big_city():
    text = (
        "Four found dead in upstate New York home\n\n"
        "Four people were found shot dead in a home in Quillby on Wednesday, and Quillby police are investigating. "
        "The bodies were taken to the morgue in New York City."
    )
    assert place(text).city == "Quillby"


def test_county_dateline_in_capitals_is_not_its_namesake_town():
    text = (
        "MONTGOMERY COUNTY (WXYZ) — A man was shot dead at a farm on Friday, deputies said. The Montgomery County "
        "Sheriff's Office is investigating."
    )
    assert place(text).city == "Montgomery County"


def test_post_office_town_of_the_articles_state_counts_on_one_frame():
    text = "A boy was shot at a farm in Lingle on Friday, the Goshen County sheriff said. Wyoming troopers are investigating."
    p = place(text)
    assert p.city == "Lingle" and p.admin1 == "Wyoming"


def test_post_office_town_is_no_neighbourhood_of_the_big_city_named_too():
    text = "A woman was shot on a hiking trail in Tarzana on Sunday, police said. She was from Los Angeles, California."
    assert place(text).city == "Tarzana"


def test_town_of_the_dateline_county_named_in_the_text_stands_for_the_county():
    text = (
        "BOYLE COUNTY, Ky. (WXYZ) — A boy was shot at a farm on Friday, deputies said. The family has a rural Danville "
        "address, deputies said."
    )
    p = place(text)
    assert p.city == "Danville" and p.admin1 == "Kentucky"


def test_dateline_county_stays_when_the_text_names_none_of_its_towns():
    text = (
        "GOSHEN COUNTY, Wyo. (WXYZ) — A boy was shot at a farm on Friday, deputies said. He had hoped to go hunting, "
        "deputies said."
    )
    assert place(text).city == "Goshen County"


def test_post_office_namesake_in_the_articles_state_beats_listed_ones_elsewhere():
    text = "A man was shot dead at a home in Buckner on Monday. That is a few miles east of Magnolia, Ark., deputies said."
    p = place(text)
    assert p.city == "Buckner" and p.admin1 == "Arkansas"


def test_post_office_neighbourhood_of_a_big_city_whose_police_investigate_is_that_city():
    assert place("Two men were shot in Roxbury on Friday night, Boston police said.").city == "Boston"
    assert place("Two men were shot in Roxbury on Friday night, Roxbury police said. Boston police helped.").city == "Roxbury"


def test_town_after_a_possessive_in_a_scene_frame_outranks_the_dateline():
    text = (
        "POCATELLO, Idaho (WXYZ) — A couple charged after a boy was shot in their Chubbuck, Idaho home pleaded not "
        "guilty on Monday."
    )
    assert place(text).city == "Chubbuck"


def test_a_town_before_a_lowercase_hospital_is_where_the_wounded_were_taken():
    text = "A Jonesboro boy is in serious condition at an Atlanta hospital after he was shot on Saturday, police said."
    assert place(text).city == "Jonesboro"


def test_headline_words_before_a_county_are_no_part_of_its_name():
    text = "Victim In Boyle Co. Farm Shooting Dies\n\nA man shot at a farm on Friday has died, the sheriff said."
    assert place(text).city == "Boyle County"


def test_the_capitals_police_give_washington():
    text = "Four teens were hurt when a car drove up and someone inside opened fire, DC police said on Sunday."
    p = place(text)
    assert p.city == "Washington" and p.admin1 == "District of Columbia"


def test_a_lowercase_quarter_and_washington_dc_are_the_capital_not_the_state():
    text = (
        "Two men were shot in southeast Washington on Saturday night. One of them, 30, of Northwest, Washington, "
        "D.C., died at a hospital."
    )
    p = place(text)
    assert p.city == "Washington" and p.admin1 == "District of Columbia"


def test_the_town_where_a_suspect_was_arrested_is_not_the_scene():
    text = "A man suspected of shooting a clerk at a store in Ocala on Friday was arrested Sunday in Jacksonville."
    assert place(text).city == "Ocala"


def test_a_state_name_that_begins_a_street_or_a_quarter_votes_for_no_state():
    text = (
        "Two men were found shot in the 400 block of Virginia Drive just after noon, the Macon Police Department said. "
        "Macon police have no suspect."
    )
    p = place(text)
    assert p.city == "Macon" and p.admin1 == "Georgia"
    p = place("Three men were shot in the Oregon-Hill neighborhood on Friday.")
    assert p.admin1 is None


def test_a_dateline_abbreviation_without_its_period_is_a_state():
    text = "Teen charged\n\nLANCASTER, Pa – A 16-year-old was charged Monday with shooting a neighbour in the arm."
    p = place(text)
    assert p.city == "Lancaster" and p.admin1 == "Pennsylvania"


def test_a_headline_neighbourhood_without_its_article_is_the_city_the_text_names():
    text = "Man shot in Clifton neighborhood\n\nCINCINNATI (WXYZ) - A man was shot Tuesday in the Clifton neighborhood."
    assert place(text).city == "Cincinnati"


def test_the_station_names_its_region_when_it_names_no_town():
    text = (
        "Two shot on Elm Street - WXYZ.com, South Georgia News, Weather, Sports\n\n"
        "Two men were shot on Elm Street on Friday, Albany police said."
    )
    p = place(text)
    assert p.city == "Albany" and p.admin1 == "Georgia"


def test_a_saint_county_in_capitals_keeps_its_saint_and_a_quarter_of_a_county_is_that_county():
    places = ArticlePlaces("ST. CLAIR COUNTY, Mich. (WXYZ) - A man was shot Sunday.", None, "example.org")
    assert [name for _, name in places.counties] == ["St. Clair County"]
    places = ArticlePlaces("A man was shot Sunday in East Knox County, deputies said.", None, "example.org")
    assert [name for _, name in places.counties] == ["Knox County"]


def test_a_township_dateline_is_filed_under_its_post_office_town():
    text = "HARTLAND TOWNSHIP, Mich. (WXYZ) - A man was shot and wounded at his home on Sunday, deputies said."
    p = place(text)
    assert p.city == "Hartland" and p.admin1 == "Michigan"


def primary_place(text: str, body_starts: str):
    """The place of the article's own attack, told in the text before `body_starts`."""
    places = ArticlePlaces(text, None, "example.org", None)
    return places.place_for([(0, text.index(body_starts))], True)


def test_scene_named_twice_outranks_a_big_city_dateline():
    text = (
        "DENVER (WXYZ) — One man is dead and two are hurt after a fight turned to gunfire overnight.\n\n"
        "The victims were found at the Loveland fairgrounds, and Loveland police said a suspect is in custody. "
        "Officers were still at the scene in Loveland on Sunday."
    )
    p = primary_place(text, "The victims")
    assert p.city == "Loveland" and p.admin1 == "Colorado"


def test_big_city_dateline_stays_over_a_town_named_once():
    text = (
        "DENVER (WXYZ) — One man is dead after a fight turned to gunfire overnight.\n\n"
        "Officers from Loveland police helped at the scene, which was near Main Street."
    )
    p = primary_place(text, "Officers")
    assert p.city == "Denver"


def test_town_the_shooting_was_in_outranks_the_dateline():
    text = (
        "LOVELAND, Colo. (AP) — A woman was hurt Friday, deputies said.\n\n"
        "Deputies were called to investigate a shooting in Evans on Friday evening."
    )
    p = primary_place(text, "Deputies were")
    assert p.city == "Evans" and p.admin1 == "Colorado"


def test_bare_town_name_is_the_one_the_text_gave_a_state():
    text = (
        "Lebanon shooting leaves two hurt\n\n"
        "LEBANON, Ohio (WXYZ) — Two men were hurt in a shooting at a Lebanon home, Lebanon police said. "
        "Lebanon officers found both men in the yard of the Lebanon house."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert {c.admin1 for c in places.cities.values() if c.name == "Lebanon"} == {"OH"}
    assert places.place_for([(0, len(text))], True).admin1 == "Ohio"


def test_county_of_many_states_takes_the_one_with_a_town_the_text_names():
    text = (
        "A man was shot at a farm on Sunday, the Boone County Sheriff's Office said. He had worked at Columbia "
        "Regional Airport for ten years."
    )
    p = place(text)
    assert p.city == "Columbia" and p.admin1 == "Missouri"
    # Without a town of any Boone County named, the county stays, with no state to guess.
    assert place(text.replace("Columbia Regional Airport", "the airport")).city == "Boone County"


def test_the_outlets_home_city_does_not_swallow_a_town_next_to_it():
    text = "LITTLETON, Colo. (WXYZ) — A man was shot at a home in Littleton on Friday, deputies said."
    assert place(text, outlet="denvernews.example").city == "Littleton"
    # A quarter without its own post office is the outlet's city all the same.
    assert place("A man was shot in Pine Hills on Friday, deputies said.", outlet="orlandonews.example").city == "Orlando"


def test_a_post_office_namesake_in_the_outlets_state_does_not_beat_the_town_the_text_points_to():
    text = "A man from Gary was shot on Friday in Hammond, police said."
    p = place(text, outlet="chicagonews.example")
    assert p.city == "Hammond" and p.admin1 == "Indiana"


def test_a_hospital_named_at_its_campus_town_is_no_scene():
    text = (
        "A 3-year-old girl was critically injured Tuesday when a handgun went off inside an apartment on Birch Lane. "
        "She was rushed to the Children's Hospital at Worcester, police said."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert {f for (name, _, _), c in places.cities.items() if name == "Worcester" for f in c.frames} == {FRAME_TAKEN}


def test_a_station_listing_its_market_is_at_home_in_the_first_town():
    text = (
        "Man hurt in late-night shooting - WXYZ-TV: Savannah, Bluffton, SC, News, Weather & Sports\n\n"
        "A man was wounded late Friday, police said."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert dict(places.outlet_states) == {"GA": 1.5}
    assert place(text).city == "Savannah"


def test_a_small_far_town_only_its_name_points_to_is_a_quarter_of_the_outlets_city():
    text = (
        "A 24-year-old Westwood man was shot in the leg late Saturday, police said. "
        "He was taken to a hospital and is expected to recover."
    )
    p = place(text, outlet="memphisnewsdesk.com")
    assert p.city == "Memphis" and p.admin1 == "Tennessee"
    # Named with its state, the town is no guess.
    p = place(text.replace("Westwood man", "Westwood, Mass., man"), outlet="memphisnewsdesk.com")
    assert p.city == "Westwood" and p.admin1 == "Massachusetts"
    # A small town next door to the outlet's city is that town, whatever its state.
    p = place("A man was shot Friday night in Hyattsville, police said.", outlet="washingtonnewsdesk.com")
    assert p.city == "Hyattsville"


def test_a_county_written_without_county_before_its_agency_says_its_state():
    # Broward County is Florida's only: "Westwood" is then no town of Massachusetts.
    text = "A man was shot Sunday night at a home in Westwood, and Broward detectives are investigating, deputies said."
    p = place(text)
    assert p.admin1 == "Florida" and p.city != "Westwood"
    # "Caddo" is a town of Oklahoma and a county there too; the text writes out Louisiana's parish.
    text = (
        "Caddo coroner names man shot Friday\n\n"
        "The Caddo Parish Coroner identified a 30-year-old man who was shot to death Friday night."
    )
    p = place(text)
    assert (p.city, p.admin1) == ("Caddo Parish", "Louisiana")


def test_the_town_a_suspect_was_arrested_in_is_no_scene():
    text = (
        "A store clerk was shot and killed Friday on the East Side, Worcester police said. On Monday, police arrested "
        "Jon Doe, 24, at an apartment in Erie, Pa., about 450 miles west of Worcester, and charged him with murder."
    )
    assert place(text).city == "Worcester"
    text = (
        "A man wanted in the killing of a clerk last week was arrested early Tuesday morning near Keene, New Hampshire. "
        "Another Man Arrested in Nashua"
    )
    places = ArticlePlaces(text, None, "example.org", None)
    for town in ("Keene", "Nashua"):
        assert {f for (name, _, _), c in places.cities.items() if name == town for f in c.frames} == {FRAME_TAKEN}
    # Nor is the frame read across the shooting: "arrested after two were shot in Nashua" puts the shooting there.
    places = ArticlePlaces("Police arrested a man after two were shot in Nashua on Friday.", None, "example.org", None)
    assert {f for (name, _, _), c in places.cities.items() if name == "Nashua" for f in c.frames} != {FRAME_TAKEN}


def test_a_headline_town_before_a_capitalised_frame_word_is_framed():
    text = "Two Dead in Yakima Shootout After Traffic Stop\n\nTwo men died Sunday night, officers said."
    assert place(text).city == "Yakima"
    places = ArticlePlaces("Police Seek Driver After Toddler Leaves 3-Year-Old Tacoma Boy Hurt", None, "example.org", None)
    assert {f for (name, _, _), c in places.cities.items() if name == "Tacoma" for f in c.frames} == {FRAME_HOME}


def test_a_home_town_the_text_names_outranks_the_outlets_city_for_the_articles_attack():
    text = "A 15-year-old Rockford boy died Saturday. He was shot three days earlier at a party, police said."
    places = ArticlePlaces(text, None, "chicagotribune.com", None)
    start = text.index("He was")
    assert places.place_for([(start, len(text))], True).city == "Rockford"
    # With no town in the text, the outlet's city stands in as before.
    places = ArticlePlaces("He was shot three days earlier at a party.", None, "chicagotribune.com", None)
    assert places.place_for([(0, 10)], True).city == "Chicago"


def test_a_town_named_with_its_county_is_in_the_state_where_the_two_meet():
    # Oregon's Portland is the bigger; Maine's lies in Maine's Cumberland County (several states have one).
    p = place("A Portland woman was wounded Friday night, Cumberland County deputies said.")
    assert (p.city, p.admin1) == ("Portland", "Maine")


def test_a_dateline_dash_that_runs_into_the_first_word_still_ends_the_dateline():
    # The dateline's town settles which namesake of a bare town name the story means.
    text = (
        "Boys hurt in shooting in south Linden\n\n"
        "COLUMBUS (WXYZ)–Police say two boys were hurt Friday night in south Linden."
    )
    p = place(text, url="https://example.org/2020/05/01/boys-hurt-in-south-linden/")
    assert p.admin1 == "Ohio"


def test_a_list_of_states_names_no_town():
    text = (
        "A man was wounded Monday night at a home, deputies said. Hunting accidents like it were counted in Ohio, "
        "New Jersey and Oregon last year."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    assert "Ohio" not in places.town_names()
    assert place(text).city != "Ohio"
    # A city that shares its state's name stays.
    assert place("NEW YORK, N.Y. (AP) — A man was shot Monday, police said.").city == "New York"


def test_the_town_of_a_station_the_text_cites_is_no_scene():
    text = (
        "(BOTHELL, WA.) -- Deputies are investigating the shooting of a woman at a barbecue in Bothell on Sunday. "
        "A report by KXYZ-TV in Seattle said the gun went off while a guest was cleaning it."
    )
    places = ArticlePlaces(text, None, "example.org", None)
    second = text.index("A report")
    assert places.place_for([(second, len(text))], True).city == "Bothell"


def test_a_small_far_namesake_is_the_quarter_of_the_big_city_whose_police_investigate():
    text = (
        "Pittsburgh police said a 15-year-old boy was wounded Tuesday evening when a friend fired a handgun inside "
        "a house on Bausman Street in Knoxville."
    )
    p = place(text)
    assert p.city == "Pittsburgh" and p.admin1 == "Pennsylvania"
    # Without the big city's police the far village stands.
    assert place("A 15-year-old boy was wounded Tuesday in Knoxville, Pennsylvania.").city == "Knoxville"


def test_a_road_number_in_an_arrest_frame_keeps_the_arrest_town_off_the_scene():
    text = "A man shot a clerk at a store in Ocala on Friday. Deputies captured the suspect along I-75 in Gainesville."
    assert place(text).city == "Ocala"


def test_a_state_police_acronym_says_the_state_of_a_county_many_states_have():
    text = "A man was found shot dead at a farm on Friday, Floyd County deputies said. GBI agents are helping with the case."
    p = place(text)
    assert (p.city, p.admin1) == ("Floyd County", "Georgia")
    # "a TBI" is a brain injury, not Tennessee's bureau.
    text = "A man was found shot dead at a farm on Friday, Floyd County deputies said. He had suffered a TBI years ago."
    assert place(text).admin1 is None


def test_a_former_officers_force_is_no_scene():
    text = ("A retired Pelham Falls police officer shot and killed his wife and himself, troopers said. "
            "The two were found dead at a trailer park on Birch Lane in the Town of Wallkill on Monday.")
    art = RawArticle(id="a1", text=text, title="Retired Newburgh officer kills wife and himself",
                     outlet="example.org", published_at="2021-06-04")
    assert [c.place.city for c in extract_article(art).claims] == ["Wallkill"]


def test_a_city_force_by_its_acronym_names_its_city():
    text = "A 9-year-old boy was wounded Friday in a shooting on the east side. LMPD officers found him in a driveway."
    assert (place(text).city, place(text).admin1) == ("Louisville", "Kentucky")


def test_a_county_the_outlets_state_lacks_keeps_its_place():
    # Louisiana has parishes, no "Marion County": the station's home town is no stand-in for it, nor its state.
    text = "A toddler was critically hurt Monday in an accidental shooting in Marion County, the sheriff said."
    art = RawArticle(id="a1", text=text, title="Toddler hurt - WXYZ News 12 Shreveport, Louisiana News",
                     outlet="wxyz.example.com", published_at="2021-06-04")
    assert [(c.place.city, c.place.admin1) for c in extract_article(art).claims] == [("Marion County", None)]


def test_a_headlines_home_town_stands_in_for_a_page_that_names_no_place():
    # Behind a paywall only the headline names a town, one the gazetteer lacks but a post office of one state has.
    text = "Kaycee man charged in shooting death of his neighbor\n\nSubscribe now to keep reading this story."
    assert (place(text).city, place(text).admin1) == ("Kaycee", "Wyoming")
    # A text that names a place of its own keeps it.
    text = "Kaycee man charged in shooting death\n\nA man was shot dead in Casper on Friday, police said."
    assert place(text).city == "Casper"


def test_a_county_dateline_in_short_form_says_its_state():
    # "MARION CO., Ind." under a byline: many states have a Marion County; the dateline says which.
    text = "By Staff\n\nMARION CO., Ind. – A man was shot in the leg Friday night, the Marion County Sheriff said."
    assert (place(text).city, place(text).admin1) == ("Marion County", "Indiana")


def test_a_towns_compass_side_names_the_town_however_small():
    text = "A man was shot twice Sunday on Altoona's east side, police said."
    assert (place(text).city, place(text).admin1) == ("Altoona", "Pennsylvania")
    # Any other possessive of a town this size is a person's.
    assert place("A man was shot twice Sunday on Altoona's porch, police said.").city is None


def test_a_county_the_headline_names_outranks_the_outlets_home():
    # A page that keeps only its headline and a line or two: the headline's county is the story's, the outlet's
    # city a guess.
    text = "Sheriff: Catawba County man who shot his wife has died\n\nHe died of his wounds on Tuesday."
    assert place(text, outlet="charlottenews.example").city == "Catawba County"
    # A county the body names in passing ("the Catawba County jail") leaves the outlet's home its place.
    text = "Man who shot his wife has died\n\nHe died on Tuesday. He had been held in the Catawba County jail."
    assert place(text, outlet="charlottenews.example").city == "Charlotte"


def test_a_new_york_city_neighbourhood_is_filed_at_its_boroughs_town():
    p = place("A man was shot in Bushwick early Sunday, police said.", outlet="newyorknewsdesk.example")
    assert (p.city, p.admin1, p.district) == ("Brooklyn", "New York", "Bushwick")
    # One the gazetteer lacks is known all the same; Manhattan's mail goes to "New York".
    p = place("Three men were shot early Sunday in the Lower East Side, police said.", outlet="newyorknewsdesk.example")
    assert (p.city, p.district) == ("New York", "Lower East Side")
    # Queens mail goes to the neighbourhood itself, and a namesake in another state is no part of the city.
    assert place("A teen was shot in Far Rockaway on Friday.", outlet="newyorknewsdesk.example").city == "Far Rockaway"
    assert place("A man was shot in Williamsburg, Va., on Friday.").city == "Williamsburg"


def test_a_town_the_body_or_the_wounded_were_taken_to_is_no_stand_in_beside_the_county():
    text = ("A toddler died Tuesday, a day after an accidental shooting, the Marion County Sheriff's Office said.\n\n"
            "The body will be sent to Dallas for an autopsy.")
    art = RawArticle(id="a1", text=text, title="Toddler hurt in accidental shooting has died",
                     outlet="wxyz.example.com", published_at="2021-06-04")
    assert [(c.place.city, c.place.admin1) for c in extract_article(art).claims] == [("Marion County", None)]
    # "flown to a hospital's short name in a town": where the wounded lie, not the scene.
    text = ("A boy was critically hurt in an accidental shooting Monday, Marion County deputies said. "
            "He was airlifted to LSU Health in Shreveport.")
    assert place(text).city == "Marion County"


def test_the_home_of_an_outlet_known_by_call_letters_stands_in_as_a_guess():
    # A station's address names no town: its home comes from the outlets table, and the place is only as precise as
    # the state the text leaves it.
    p = place("A 4-year-old boy was wounded Sunday when a gun went off, police said.", outlet="m.wsbtv.com")
    assert (p.city, p.admin1, p.precision) == ("Atlanta", "Georgia", "admin1")
    # A town the text names is the place, at its own precision.
    p = place("A 4-year-old boy was wounded Sunday in Marietta when a gun went off.", outlet="wsbtv.com")
    assert (p.city, p.precision) == ("Marietta", "city")


def test_a_headlines_word_before_a_county_is_no_part_of_its_name_and_its_state_must_have_it():
    assert place("Deadly Perry County shooting\n\nA man was shot dead Monday, deputies said.").city == "Perry County"
    # Tennessee has no Miller County: the Memphis station's state is not given to it.
    p = place("A teen was shot Monday night in Miller County, deputies said.", outlet="wmcactionnews5.com")
    assert (p.city, p.admin1) == ("Miller County", None)


def test_dateline_state_outranks_the_biggest_namesake_of_a_city_whose_police_help():
    # "Columbus police" across the state line from an Alabama dateline are Georgia's, not the far bigger Ohio city's.
    body = (
        "PHENIX CITY, Ala. (WXYZ) - A man was shot dead Sunday after a car chase that ended on Elm Street, "
        "Columbus police said. Columbus police officers had followed the car over the river bridge."
    )
    for text in (body, "Driver killed after chase over the river\n\n" + body):
        p = place(text)
        assert p.admin1 == "Alabama"
        assert p.city == "Phenix City"


def test_a_visitors_home_town_and_state_do_not_settle_the_article_in_that_state():
    text = (
        "A woman, 22, was killed and two men were wounded early Saturday at a vacant house on Pontiac’s east side. "
        "The shots were fired in Pontiac just after 2 a.m.\n\n"
        "The woman was visiting Pontiac from Memphis, Tennessee, the Oakland County Sheriff’s Office said. The two men, "
        "both from Pontiac, were treated and released. It was the ninth homicide in Pontiac this year."
    )
    p = place(text)
    assert p.city == "Pontiac"
    assert p.admin1 == "Michigan"


def test_a_town_of_many_namesakes_is_the_local_outlets_states():
    # South Carolina's Boiling Springs is the bigger, but a Gastonia paper's is North Carolina's.
    text = ("A teen was killed Saturday at his home in Boiling Springs in an accidental shooting, Boiling Springs "
            "police said. The shooting happened on a quiet street in Boiling Springs, and Boiling Springs police "
            "called it an accident.")
    assert place(text, outlet="gastoniadaily.example").admin1 == "North Carolina"
    # A text that gives the state keeps it.
    assert place(text.replace("Boiling Springs", "Boiling Springs, S.C.,"), outlet="gastoniadaily.example").admin1 == (
        "South Carolina")


def test_an_address_in_a_town_outranks_a_big_citys_dateline_though_named_once():
    texts = {
        "Hampton": "NORFOLK, Va. (WXYZ) -- Bond was denied Tuesday for a Norfolk father whose 4-year-old son accidentally "
                   "shot himself Saturday with the father's gun. Norfolk police said the father faces two charges.\n\n"
                   "The incident occurred around 11 a.m. in the 300 block of Oak Street in Hampton. The boy is expected "
                   "to recover.",
        "Buckeye": "PHOENIX -- A 9-year-old boy shot early Wednesday during a hunting accident west of Phoenix has died, "
                   "the sheriff's office said. He was with two men near 211th and Indian School avenues in Buckeye. He "
                   "was airlifted to Phoenix Children's Hospital.",
    }
    for town, text in texts.items():
        art = RawArticle(id="a1", text=text, title="Boy shot", outlet="example.org", published_at="2021-06-04")
        assert [c.place.city for c in extract_article(art).claims] == [town]
