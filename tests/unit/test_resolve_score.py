"""The pair rule's evidence: place by population and distance, victims' ages, follow-ups dated by publication,
named sites, armed groups under other names, outlet furniture in titles, and passing mentions."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from schemas.claim import Claim, DateRef, Perpetrator, Place, Toll
from streams.resolve.score import (
    ages,
    armed_group,
    city_location,
    city_weight,
    distance_km,
    features,
    pair_score,
    town_words,
)


def make(article: str, day: date | None, city: str | None = "Zenda", admin1: str | None = "Elphberg",
         quote: str = "", title: str = "", killed: int | None = None, primary: bool = True, site: str | None = None,
         pub: date | None = None, pubdated: bool = False, precision: str = "day", people: list[str] | None = None,
         claimed_by: str | None = None, country: str = "Ruritania") -> Claim:
    published = pub or day or date(2021, 6, 1)
    ref = DateRef()
    if day is not None:
        end = day if precision == "day" else date(day.year, day.month, 28)
        ref = DateRef(start=day, end=end if precision != "month" else None, precision=precision,
                      phrase="(publication date)" if pubdated else "on Friday")
    return Claim(
        claim_id=f"claim-{article}", article_id=article, article_hash=f"h-{article}", mention_index=0,
        extractor_version="t", title=title, primary=primary,
        published_at=datetime.combine(published, datetime.min.time(), tzinfo=timezone.utc),
        date=ref, place=Place(country=country, admin1=admin1, city=city, site=site),
        attack_type="armed_assault", killed=Toll(low=killed, high=killed) if killed is not None else None,
        quote=quote, people=people or [], perpetrator=Perpetrator(claimed_by=claimed_by),
    )


def verdict(a: Claim, b: Claim) -> tuple[bool, float, str]:
    one, two = pair_score(features(a), features(b)), pair_score(features(b), features(a))
    assert one[:2] == two[:2]  # symmetric
    return one


DAY = date(2021, 6, 5)


def test_same_day_in_a_small_town_links_but_in_a_city_of_millions_needs_more():
    small = verdict(make("a", DAY), make("b", DAY))
    assert small[0], small
    big_a = make("a", DAY, city="Chicago", admin1="Illinois")
    big_b = make("b", DAY, city="Chicago", admin1="Illinois")
    assert not verdict(big_a, big_b)[0]
    assert city_weight(3_000_000) < city_weight(50_000)


def test_a_shared_child_age_is_strong_evidence_and_different_ages_count_against():
    assert ages("A 6-year-old boy was shot; the boy, 6, died") == [6]
    assert ages("a 2-month-old girl") == [0]
    a = make("a", DAY, city="Chicago", admin1="Illinois", quote="A 6-year-old girl was shot on Monday.")
    b = make("b", DAY, city="Chicago", admin1="Illinois", quote="Police said the girl, 6, was playing.")
    c = make("c", DAY, city="Chicago", admin1="Illinois", quote="A 34-year-old girl was shot.")
    assert verdict(a, b)[0]
    assert not verdict(a, c)[0]


def test_a_follow_up_dated_by_its_publication_links_through_specific_evidence():
    event = make("a", DAY, quote="A 4-year-old boy was shot by his brother in Zenda.", killed=1)
    later = DAY + timedelta(days=12)
    follow = make("b", later, pub=later, pubdated=True, quote="The father of the 4-year-old boy was charged.", killed=1)
    assert verdict(event, follow)[0]
    # a report twelve days later about another child is another attack
    other = make("c", later, quote="A 9-year-old girl was shot on Elm Street.", killed=1)
    assert not verdict(event, other)[0]


def test_a_follow_up_dated_by_a_day_its_story_mentions_links_like_one_dated_by_publication():
    event = make("a", DAY, quote="A 4-year-old boy was shot by his brother in Zenda.", killed=1)
    later = DAY + timedelta(days=20)
    follow = make("b", later - timedelta(days=1), pub=later, quote="The father of the 4-year-old boy was charged.",
                  killed=1)
    follow = follow.model_copy(update={"date": follow.date.model_copy(update={"phrase": "(story date) Thursday"})})
    assert verdict(event, follow)[0]


def story_dated(claim: Claim, phrase: str = "(story date) Saturday") -> Claim:
    return claim.model_copy(update={"date": claim.date.model_copy(update={"phrase": phrase})})


def test_a_report_dated_by_a_day_its_story_names_agrees_with_a_report_stating_that_day():
    event = make("a", DAY, quote="Gunfire broke out outside a bakery on Linden Row.")
    week = DAY + timedelta(days=6)
    # the story names the attack's day in passing ("relatives said Saturday"): that day, not publication, is near it
    story = story_dated(make("b", DAY, pub=week, quote="Relatives gathered in grief at the family home."))
    assert verdict(event, story)[0]
    # a follow-up's named day is the day of the arrest, not of the attack
    arrest = story_dated(make("c", DAY, pub=week, quote="A neighbour was charged with murder at the family home."))
    assert not verdict(event, arrest)[0]
    # a day that only publication stands in for says nothing of the attack's day
    assert not verdict(event, make("d", week, pub=week, pubdated=True, quote="Relatives gathered in grief."))[0]


def test_a_town_abbreviated_is_the_town_spelled_out():
    a = make("a", DAY, city="Mt. Ellery", quote="Gunfire broke out outside a bakery.")
    b = make("b", DAY, city="Mount Ellery", quote="A teenager was wounded near the river.")
    assert verdict(a, b)[0]
    assert "same city" in verdict(a, b)[2]
    # a passage naming "St. Ellery" names Saint Ellery: the short word is not in its words
    assert town_words("saint ellery") == ("ellery",)
    assert town_words("saint") == ("saint",)


def test_reports_of_a_mass_shooting_naming_different_victims_still_link():
    def shooting(article: str, person: str, killed: int, wounded: int, quote: str) -> Claim:
        claim = make(article, DAY, city="Chicago", admin1="Illinois", killed=killed, people=[person], quote=quote)
        return claim.model_copy(update={"wounded": Toll(low=wounded, high=wounded)})

    a = shooting("a", "Odile Varga", 2, 3, "Relatives mourned a grandmother caught in the crossfire.")
    b = shooting("b", "Tomas Brenn", 2, 3, "A teenager who coached youth football was among the dead.")
    assert verdict(a, b)[0]
    # one victim each, named differently: two attacks
    c = shooting("c", "Odile Varga", 1, 0, "Relatives mourned a grandmother caught in the crossfire.")
    d = shooting("d", "Tomas Brenn", 1, 0, "A teenager who coached youth football was among the dead.")
    assert not verdict(c, d)[0]


def test_an_undated_report_of_a_later_step_weeks_after_is_not_held_against_its_attack():
    event = make("a", DAY, killed=3, quote="Gunfire broke out outside a bakery on Linden Row.")
    later = DAY + timedelta(days=10)
    arrest = make("b", later, pub=later, pubdated=True, killed=3, quote="A neighbour was charged with murder.")
    assert verdict(event, arrest)[0]
    # an undated report of a shooting ten days on, no later step in it, more likely tells another
    report = make("c", later, pub=later, pubdated=True, killed=3, quote="Relatives gathered in grief.")
    assert not verdict(event, report)[0]


def test_neighbouring_towns_cost_little_but_distant_ones_rule_out():
    assert distance_km([41.88, -87.63], [41.85, -87.65]) < 5
    quote = "The 9-year-old girl was shot at the Crestwood Arms Apartments."
    a = make("a", DAY, city="Evanston", admin1="Illinois", quote=quote, killed=1)
    b = make("b", DAY, city="Chicago", admin1="Illinois", quote=quote, killed=1)
    c = make("c", DAY, city="Springfield", admin1="Illinois", quote=quote, killed=1)
    assert verdict(a, b)[0]
    assert not verdict(a, c)[0]


def test_a_small_town_has_its_own_location_and_an_unlisted_one_takes_no_namesakes():
    # Toledo, Iowa (2,000 people) lies by Marshalltown, 1,000 km from Toledo, Ohio; a Toledo in Vermont is unknown
    assert distance_km(city_location("Toledo", "Iowa"), city_location("Marshalltown", "Iowa")) < 40
    assert city_location("Toledo", "Vermont") is None
    assert city_location("Toledo", None) == city_location("Toledo", "Ohio")
    quote = "A 16-year-old boy was wounded outside the Prairie Rose Diner."
    a = make("a", DAY, city="Toledo", admin1="Iowa", quote=quote, killed=1)
    b = make("b", DAY, city="Marshalltown", admin1="Iowa", quote=quote, killed=1)
    assert verdict(a, b)[0]


def test_a_named_site_matches_across_spellings_and_a_generic_site_says_little():
    a = make("a", None, city=None, admin1=None, site="Ruritanian embassy", primary=False, pub=DAY,
             quote="The Ruritanian embassy was also attacked.")
    b = make("b", DAY - timedelta(days=20), city=None, admin1=None, site="Ruritania embassy", primary=False,
             pub=DAY - timedelta(days=19), quote="Gunmen attacked the Ruritania embassy.", claimed_by="ISIS")
    a = a.model_copy(update={"quote": "The Ruritanian embassy was also attacked by Daesh fighters."})
    assert verdict(a, b)[0]
    generic_a = a.model_copy(update={"place": Place(country="Ruritania", site="embassy")})
    assert verdict(generic_a, b)[1] < verdict(a, b)[1]


def test_armed_groups_are_compared_by_family():
    assert armed_group("Islamic State Khorasan Province") == armed_group("Daesh") == "islamic state"
    assert armed_group("IS fighters attacked") == "islamic state"
    assert armed_group("is this the end") is None
    assert armed_group("Tehreek-e-Taliban Pakistan") != armed_group("the Taliban")


def test_a_month_date_is_no_evidence_for_a_day_within_it():
    precise = make("a", DAY, city="Chicago", admin1="Illinois", primary=False, claimed_by="ISIS",
                   quote="Gunmen stormed a political rally.")
    vague = make("b", date(2021, 6, 1), city="Chicago", admin1="Illinois", precision="month", primary=False,
                 pub=DAY + timedelta(days=20),
                 claimed_by="Islamic State", quote="Rockets were fired at the inauguration in June.")
    ok, score, why = verdict(precise, vague)
    assert not ok and "date gap 0d (+0.0)" in why


def test_outlet_name_in_titles_is_not_shared_wording():
    furniture = " - Channel Nine Zenda News, Weather and Sports"
    a = make("a", DAY - timedelta(days=6), title="Man shot on Main Street dies" + furniture, killed=1)
    b = make("b", DAY, title="Store clerk wounded in robbery" + furniture, killed=1)
    ok, _, why = verdict(a, b)
    assert not ok and "text 0.00" in why


def test_a_station_name_and_its_market_after_the_headline_are_both_furniture():
    furniture = " - KZND Action News 7 - Zenda, Elphberg"
    a = make("a", DAY - timedelta(days=3), title="Teen killed after shooting on Hill Road" + furniture, killed=1)
    b = make("b", DAY, title="Mayor answers questions on park safety after shooting" + furniture)
    ok, _, why = verdict(a, b)
    assert not ok and "text 0.00" in why


def test_a_stations_call_letters_in_the_text_are_not_shared_wording():
    a = make("a", DAY - timedelta(days=1), quote="Metro Police told WXYZ a teen was hurt in a shooting on Elm Street.")
    b = make("b", DAY, quote="A woman told KXYZ-TV and WXYZ that Metro Police found a man hurt on Oak Avenue.")
    for f in (features(a), features(b)):
        assert not {"wxyz", "kxyz-tv", "kxyz"} & (set(f["cap"]) | set(f["tok"]))
    assert "elm" in features(a)["cap"]


def test_words_of_a_headline_in_capitals_are_words_not_call_letters():
    a = make("a", DAY, title="TEEN HURT NEAR KING PARK AND WOLF CREEK", quote="Told WXYZ News: a teen was hurt.")
    f = features(a)
    assert {"king", "wolf"} <= set(f["tok"])
    assert "wxyz" not in set(f["tok"])


def test_different_named_people_keep_same_day_reports_apart():
    a = make("a", DAY, people=["Arlo Varga"], killed=2)
    b = make("b", DAY, people=["Bryn Tennant"], killed=2)
    c = make("c", DAY, people=["Arlo Varga"], killed=2)
    assert not verdict(a, b)[0]
    assert verdict(a, c)[0]


def test_a_report_naming_the_other_reports_town_overrides_a_misread_place():
    # one report's town was misread (a station's home town); the other report names the real one
    a = make("a", DAY, city="Strelsau", admin1="Elphberg", quote="A 7-year-old boy in Hentzau shot himself.", killed=1)
    b = make("b", DAY, city="Hentzau", admin1="Marsh", quote="The Hentzau boy, 7, died on Friday.", killed=1)
    assert verdict(a, b)[0]
    # neither names the other's town: two places in different regions
    a2 = a.model_copy(update={"quote": "A 7-year-old boy shot himself."})
    b2 = b.model_copy(update={"quote": "The boy, 7, died on Friday."})
    assert not verdict(a2, b2)[0]


def test_a_revised_article_links_to_its_earlier_version_but_one_version_never_links_to_itself():
    first = make("a", DAY, killed=3)
    revised = first.model_copy(update={"claim_id": "claim-a-v2", "article_hash": "h-a-v2",
                                       "killed": Toll(low=5, high=5)})
    assert verdict(first, revised)[0]
    other_mention = first.model_copy(update={"claim_id": "claim-a-1", "mention_index": 1})
    assert verdict(first, other_mention) == (False, 0.0, "same article")


def test_site_words_are_matched_symmetrically():
    a = make("a", DAY, site="Elm Street Academy", quote="Shots were fired.")
    b = make("b", DAY, site="Academy", quote="Shots were fired.")
    fa, fb = features(a), features(b)
    assert pair_score(fa, fb)[:2] == pair_score(fb, fa)[:2]
    assert "same site" not in pair_score(fa, fb)[2]  # one shared word of three is not the same site


def test_two_named_neighbourhoods_of_one_city_are_two_places():
    def in_quarter(article: str, district: str | None) -> Claim:
        c = make(article, DAY, city="Chicago", admin1="Illinois", killed=1, quote=f"A man was shot dead in {district}.")
        return c.model_copy(update={"place": c.place.model_copy(update={"district": district})})

    apart = verdict(in_quarter("a", "Lower Strelsau"), in_quarter("b", "Tarlenheim"))
    assert not apart[0] and "different district" in apart[2], apart
    assert verdict(in_quarter("a", "Tarlenheim"), in_quarter("b", None))[0]
    assert verdict(in_quarter("a", "West Tarlenheim"), in_quarter("b", "Tarlenheim"))[0]


def test_a_victim_one_report_lists_and_the_other_names_only_in_its_text_is_a_shared_person():
    first = make("a", DAY, city="Chicago", admin1="Illinois", people=["Ottoline Varga"],
                 quote="Ottoline Varga, a nurse, was shot dead outside a bakery on Friday.")
    later = make("b", DAY, city="Chicago", admin1="Illinois", people=["Bertil Quandt"],
                 title="Man held in killing of Ottoline Varga",
                 quote="Bertil Quandt was arrested on Friday, police said.")
    other = make("c", DAY, city="Chicago", admin1="Illinois", people=["Bertil Quandt"],
                 title="Man held in killing of a nurse",
                 quote="Bertil Quandt was arrested on Friday, police said.")
    linked = verdict(first, later)
    assert linked[0] and "people +2.5" in linked[2], linked
    apart = verdict(first, other)
    assert not apart[0] and "people -2.0" in apart[2], apart


def test_a_town_the_extractor_listed_as_a_person_is_no_shared_person():
    # Both reports are of the same town a week apart; the first "lists" the town as a person and the second's
    # text names the town. Sharing it is no evidence of one attack: the week apart keeps them apart.
    first = make("a", DAY, city="Port Zenda", people=["Port Zenda"], quote="A man was shot dead in Port Zenda.")
    later = make("b", DAY + timedelta(days=7), city="Port Zenda", people=["Bertil Quandt"],
                 quote="Bertil Quandt was shot in Port Zenda on Friday.")
    assert features(first)["ppl"] == []
    result = verdict(first, later)
    assert "people" not in result[2] and not result[0], result


def test_a_follow_up_months_later_links_to_the_earlier_report_of_its_town_that_it_names():
    first = make("a", DAY, people=["Ottoline Varga"], killed=1,
                 quote="Ottoline Varga, 31, was shot dead outside a bakery on Friday, police said.")
    months = DAY + timedelta(days=200)
    plea = make("b", months, pub=months, pubdated=True, people=["Bertil Quandt"], killed=1,
                title="Zenda man pleads guilty in killing of Ottoline Varga",
                quote="Bertil Quandt pleaded guilty to murder, prosecutors said.")
    linked = verdict(first, plea)
    assert linked[0] and "follow-up" in linked[2], linked
    # Not without a step of the law: a report months later naming her may be of another attack.
    news = make("c", months, pub=months, pubdated=True, people=["Bertil Quandt"], killed=1,
                title="Ottoline Varga's brother Bertil Quandt shot in Zenda",
                quote="Bertil Quandt was shot dead outside a bakery, police said.")
    assert not verdict(first, news)[0]
    # Not backwards: a report cannot recall an attack after it (the person was hit again, or hit back).
    before = make("d", DAY - timedelta(days=200), pub=DAY - timedelta(days=200), pubdated=True,
                  people=["Bertil Quandt"], killed=1, title="Zenda man pleads guilty in attack on Ottoline Varga",
                  quote="Bertil Quandt pleaded guilty to assault, prosecutors said.")
    assert not verdict(first, before)[0]
    # Not in another town, and not by a first name alone.
    elsewhere = make("e", months, pub=months, pubdated=True, city="Tarlenheim", people=["Bertil Quandt"], killed=1,
                     title="Man pleads guilty in killing of Ottoline Varga",
                     quote="Bertil Quandt pleaded guilty to murder, prosecutors said.")
    assert not verdict(first, elsewhere)[0]
    first_name = make("f", months, pub=months, pubdated=True, people=["Bertil Quandt"], killed=1,
                      title="Zenda man pleads guilty in killing of Ottoline",
                      quote="Bertil Quandt pleaded guilty to murder, prosecutors said.")
    assert not verdict(first, first_name)[0]
