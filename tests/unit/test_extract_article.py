"""extract_article end to end on short articles written for these tests."""
from __future__ import annotations

from datetime import date

from schemas.article import RawArticle
from schemas.claim import Claim
from streams.extract import EXTRACTOR_VERSION, extract_article

ROUNDUP = """Two deadly attacks in the north

Gunmen stormed a police station in Kunduz on Tuesday, killing at least seven officers and wounding 12 others, provincial spokesman Ahmad Noori told AFP. The Taliban denied any role.

In another attack, a roadside bomb hit a minibus in Baghlan province on Wednesday. Four passengers were killed, police said.

So far this year, at least 300 people have been killed in attacks across the region.
"""


def art(text: str, **kw) -> RawArticle:
    kw.setdefault("published_at", "2021-06-04")
    return RawArticle(id=kw.pop("id", "a1"), text=text, **kw)


def test_roundup_yields_one_claim_per_attack_and_one_primary():
    a = art(ROUNDUP, outlet="example.org", title=None)
    ex = extract_article(a)
    assert ex.skipped is None
    assert len(ex.claims) == 2
    first, second = ex.claims
    assert [c.primary for c in ex.claims] == [True, False]
    assert first.date.start == date(2021, 6, 1) and second.date.start == date(2021, 6, 2)
    assert (first.killed.low, first.wounded.low) == (7, 12)
    assert first.killed.source and "Ahmad Noori" in first.killed.source
    assert second.killed.low == 4
    assert first.place.city == "Kunduz" and first.place.country == "Afghanistan"
    assert second.place.admin1 == "Baghlan"
    assert first.perpetrator.denied_by == ["Taliban"]
    for i, c in enumerate(ex.claims):
        assert c.mention_index == i
        assert c.claim_id == Claim.make_id(a.article_id, a.content_hash, i, EXTRACTOR_VERSION)
        assert c.text_fingerprint == first.text_fingerprint and len(c.text_fingerprint) == 64
        assert c.outlet == "example.org"
        for f in c.figures:
            assert ex.text[f.span.start : f.span.end] == f.span.quote


def test_total_over_months_makes_no_claim():
    ex = extract_article(art(ROUNDUP))
    assert all(c.killed is None or c.killed.low != 300 for c in ex.claims)


def test_headline_repeat_counted_once():
    text = "Blast kills 9 in Quetta\n\nA bomb exploded in a market in Quetta on Friday, killing 9 people."
    ex = extract_article(art(text))
    (c,) = ex.claims
    assert (c.killed.low, c.killed.high) == (9, 9)


def test_us_dateline_and_ap_state():
    text = (
        "ROCKY FORD, Colo. (AP) — Two people were shot and killed and three others were wounded early Sunday "
        "at a party, police said."
    )
    (c,) = extract_article(art(text, published_at="2021-06-07")).claims
    assert c.place.city == "Rocky Ford" and c.place.admin1 == "Colorado" and c.place.country == "United States"
    assert (c.killed.low, c.wounded.low) == (2, 3)
    assert c.date.start == date(2021, 6, 6)
    assert c.attack_type == "armed_assault"


def test_non_english_is_skipped_with_reason():
    text = "Une explosion a fait au moins dix morts dans la ville et la police est sur les lieux pour une enquête."
    ex = extract_article(art(text))
    assert ex.claims == [] and ex.skipped is not None
    assert ex.skipped.reason == "unsupported_language" and "fr" in ex.skipped.detail


def test_empty_after_cleaning_is_skipped():
    ex = extract_article(art("Accessibility links\nShare this:\nLeave a Reply"))
    assert ex.claims == [] and ex.skipped is not None and ex.skipped.reason == "empty_after_cleaning"


def test_no_attack_is_skipped():
    ex = extract_article(art("The city council approved a new budget for parks and libraries on Monday."))
    assert ex.skipped is not None and ex.skipped.reason == "no_attack_reported"


def test_a_page_whose_only_text_is_its_headline_reports_the_attack_the_headline_tells():
    # Paywalled pages keep only their headline: a gun going off and a shootout are attacks told in headline words.
    for title in ("Hunter's rifle discharges at club range, hits man in arm", "Shootout at Elm Street tavern ends"):
        ex = extract_article(art("Already a subscriber? Log in below.", title=title, outlet="news.example.com"))
        assert ex.skipped is None and len(ex.claims) == 1, title
        assert ex.claims[0].date.start == date(2021, 6, 4)


def test_shootings_named_only_by_a_charge_are_still_the_story_told():
    ex = extract_article(art("Two brothers charged in shootings held without bail", title=None))
    assert ex.skipped is None and len(ex.claims) == 1


def test_redelivery_gives_same_claim_ids():
    a, b = extract_article(art(ROUNDUP)), extract_article(art(ROUNDUP))
    assert [c.claim_id for c in a.claims] == [c.claim_id for c in b.claims]


def test_murder_suicide_toll_leaves_out_the_shooter():
    text = (
        "Three people are dead in an apparent murder-suicide at a farmhouse near Elkton, Maryland, on Saturday. "
        "Deputies said the man shot his wife and her father before turning the gun on himself."
    )
    (c,) = extract_article(art(text, published_at="2021-06-06")).claims
    assert (c.killed.low, c.killed.high) == (2, 2)
    assert c.perpetrator.attackers_killed == 1


def test_another_victim_adds_up():
    text = (
        "A 30-year-old man was shot on Elm Street in Dayton, Ohio, on Tuesday night. "
        "Another man was shot a block away minutes later, police said."
    )
    (c,) = extract_article(art(text)).claims
    assert c.killed is None
    assert c.wounded is not None and c.wounded.low == 2


def test_person_shot_by_police_is_not_a_victim():
    text = "A 19-year-old was shot and killed by police in Tulsa, Oklahoma, on Monday after he fired at officers."
    (c,) = extract_article(art(text)).claims
    assert c.killed is None
    assert any(f.subject == "attackers" for f in c.figures)


def test_undated_report_uses_labelled_publication_date():
    text = "A man was shot in the leg outside a store in Dayton, Ohio, police said."
    (c,) = extract_article(art(text)).claims
    assert c.date.start == date(2021, 6, 4) and c.date.phrase == "(publication date)"
    no_pub = RawArticle(id="np", text=text)
    (d,) = extract_article(no_pub).claims
    assert d.date.start is None  # no publication date and no date in the text: none is invented


def test_shot_count_and_others_fill_the_wounded_toll():
    text = "Four shot, two critically injured outside a hall in Warren, Michigan, on Sunday. No one died."
    (c,) = extract_article(art(text)).claims
    assert c.wounded is not None and c.wounded.low == 4
    text2 = "One man is in critical condition and three others are injured after a shooting in Dayton, Ohio, on Monday."
    (d,) = extract_article(art(text2)).claims
    assert d.wounded is not None and d.wounded.low == 4


LISTING = """Gunmen kill six at a wedding in Farah

Gunmen opened fire on a wedding party in Farah city on Saturday, killing six guests, the provincial police chief said.

Police said the gunmen were also involved in the recent bombings at the Blue Star mosque, the Nadir Shah school and other attacks. Nine other guests were wounded in the shooting, the police chief said.

Last month, a bomb hidden in a cart exploded outside the Nadir Shah school in Farah, wounding 14 pupils.
"""


def test_sites_in_a_list_of_earlier_attacks_are_attacks_named_in_passing():
    ex = extract_article(art(LISTING))
    quotes = [c.quote for c in ex.claims]
    # The mosque is told nowhere else: a mention of its own; the school is the attack told further on.
    passing = [c for c in ex.claims if "Blue Star" in c.quote]
    assert len(passing) == 1 and passing[0].quote == "bombings at the Blue Star mosque," and not passing[0].primary
    assert passing[0].killed is None and passing[0].date.start is None
    assert sum("Nadir Shah" in q for q in quotes) == 1, quotes
    assert len(ex.claims) == 3
    main = next(c for c in ex.claims if c.primary)  # the story goes on after the list
    assert (main.killed.low, main.wounded.low) == (6, 9) and "police chief" in (main.wounded.source or "")
    for c in ex.claims:
        assert ex.text[c.span.start : c.span.end] == c.quote


def test_a_list_needs_two_named_sites():
    text = LISTING.replace("the Blue Star mosque, the Nadir Shah school and other attacks", "the Blue Star mosque")
    assert not any("Blue Star" in c.quote for c in extract_article(art(text)).claims)


def test_two_earlier_attacks_in_one_sentence_are_two_mentions():
    text = (
        "Suicide bomber kills 12 at wedding in Kunduz\n\n"
        "A suicide bomber blew himself up at a wedding hall in Kunduz on Sunday, killing 12 guests, officials said.\n\n"
        "The attack follows a blast at a mosque in Mazar-i-Sharif that killed 9 worshippers and a bombing at a school "
        "in Herat that killed four pupils.\n"
    )
    ex = extract_article(art(text))
    tolls = sorted((c.killed.low, c.place.city) for c in ex.claims if not c.primary)
    assert tolls == [(4, "Herat"), (9, "Mazar-i-Sharif")]
    assert next(c for c in ex.claims if c.primary).killed.low == 12


def test_wounded_toll_is_the_total_not_a_part_of_it():
    text = (
        "Five people were wounded in a shooting outside a bar in Dayton, Ohio, on Sunday. "
        "Two of the victims were taken to a hospital in critical condition, police said."
    )
    (c,) = extract_article(art(text)).claims
    assert c.wounded is not None and (c.wounded.low, c.wounded.high) == (5, 5)


def test_death_words_that_report_no_death_imply_none():
    text = (
        "A man was shot in the arm outside a store in Dayton, Ohio, on Monday. Homicide detectives were called to "
        "the shooting. The suspect was charged with attempted first-degree murder. The victim said he could have died."
    )
    (c,) = extract_article(art(text)).claims
    assert c.killed is None
    text2 = "Police shot a man who fired at officers in Dayton, Ohio, on Monday; he later died at a hospital."
    (d,) = extract_article(art(text2)).claims
    assert d.killed is None
    text4 = (
        "Two men were wounded in a shooting outside a gym in Salem, Oregon, on Saturday. The gunman was booked into "
        "jail and charged with attempted aggravated murder, unlawful use of a weapon and assault."
    )
    (f,) = extract_article(art(text4)).claims
    assert f.killed is None
    text3 = "A woman was shot in Dayton, Ohio, on Monday. She was later pronounced dead at a hospital, police said."
    (e,) = extract_article(art(text3)).claims
    assert e.killed is not None and e.killed.low == 1


def test_a_murder_suicide_total_counts_the_shooter_unless_it_names_the_victims():
    text = (
        "Four people died in a murder and suicide at a home in Dayton, Ohio, on Sunday, police said. "
        "The man shot his wife and two sons and then himself."
    )
    (c,) = extract_article(art(text)).claims
    assert (c.killed.low, c.killed.high) == (3, 3)
    text2 = "Two children died in a murder-suicide in Dayton, Ohio, on Sunday; their father shot himself, police said."
    (d,) = extract_article(art(text2)).claims
    assert d.killed.low == 2
    text3 = (
        "Three people were found dead in a home in Dayton, Ohio, on Sunday. "
        "Police would not say whether the deaths were a murder-suicide."
    )
    (e,) = extract_article(art(text3)).claims
    assert e.killed.low == 3 and e.perpetrator.attackers_killed is None


def test_all_the_victims_taken_to_hospital_include_the_one_who_died_there():
    text = (
        "Two teens were shot in Dayton, Ohio, on Monday night. Both victims were taken to hospitals, "
        "where the older boy was later pronounced dead."
    )
    (c,) = extract_article(art(text)).claims
    assert (c.killed.low, c.wounded.low) == (1, 1)
    text2 = "One man was killed and two victims were taken to a hospital after a shooting in Dayton, Ohio, on Monday."
    (d,) = extract_article(art(text2)).claims
    assert (d.killed.low, d.wounded.low) == (1, 2)


def test_a_two_shot_pistol_is_not_two_people_shot():
    text = "A woman was grazed in Dayton, Ohio, on Monday when a two-shot derringer went off, police said."
    (c,) = extract_article(art(text)).claims
    assert c.casualties is None or c.casualties.low == 1


def test_a_count_over_several_shootings_is_not_the_attacks_toll():
    text = (
        "Six people were wounded in three separate shootings across Dayton, Ohio, on Saturday night. "
        "In the first, two men were shot outside a bar on Elm Street, police said."
    )
    c = extract_article(art(text)).claims[0]
    assert c.casualties is not None and c.casualties.low == 2
    assert c.wounded is not None and c.wounded.low == 2
    assert any(f.low == 6 for f in c.figures)  # still shown with the claim's figures


def test_a_shooting_named_by_its_count_gives_the_wounded_only_when_alone():
    text = "Detectives in Dayton, Ohio, are looking for the gunman in a triple shooting on Tuesday night. No one died."
    (c,) = extract_article(art(text)).claims
    assert c.wounded is not None and c.wounded.low == 3
    text2 = (
        "Two men were shot in a triple shooting in Dayton, Ohio, on Tuesday night, police said; "
        "the third person was not hit."
    )
    (d,) = extract_article(art(text2)).claims
    assert d.wounded is not None and d.wounded.low == 2
