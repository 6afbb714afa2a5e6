"""Which town is the place of an attack, on short texts written for these tests: the station's home town in a page
title, a bare dateline's namesakes, neighbourhoods that share a name with a town elsewhere, hospitals, URL words."""
from __future__ import annotations

from streams.extract.places import ArticlePlaces


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
