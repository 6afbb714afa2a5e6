"""rules-2 fixes on short articles written for these tests: a date told by a sentence without an attack word,
an outlet's home state choosing between same-named towns, and a town name inside a hospital's name."""
from __future__ import annotations

from datetime import date

from schemas.article import RawArticle
from streams.extract import extract_article
from streams.extract.places import ArticlePlaces


def art(text: str, **kw) -> RawArticle:
    kw.setdefault("published_at", "2022-05-11")  # a Wednesday
    return RawArticle(id=kw.pop("id", "r2"), text=text, **kw)


def test_date_from_a_when_sentence_without_attack_words():
    text = (
        "Teen dies after gun accident at family home\n\n"
        "A 15-year-old boy has died, the county coroner said.\n\n"
        "It happened Sunday afternoon inside a house on Maple Ridge Road, deputies said."
    )
    claim = next(c for c in extract_article(art(text, title=None)).claims if c.primary)
    assert claim.date.start == date(2022, 5, 8)
    assert claim.date.phrase != "(publication date)"


def test_said_date_is_not_the_incident_date():
    text = (
        "Teen dies after gun accident at family home\n\n"
        "A 15-year-old boy has died from a gunshot wound.\n\n"
        "The sheriff's office said Monday the gun belonged to a relative."
    )
    claim = next(c for c in extract_article(art(text, title=None)).claims if c.primary)
    # Not stated as the incident's date: kept only as the day the story mentions, labelled so.
    assert claim.date.phrase == "(story date) Monday"
    assert claim.date.start == date(2022, 5, 9)


def test_a_text_without_any_day_keeps_the_publication_date():
    text = (
        "Teen dies after gun accident at family home\n\n"
        "A 15-year-old boy has died from a gunshot wound.\n\n"
        "The sheriff's office said the gun belonged to a relative."
    )
    claim = next(c for c in extract_article(art(text, title=None)).claims if c.primary)
    assert claim.date.phrase == "(publication date)"
    assert claim.date.start == date(2022, 5, 11)


def test_a_mentioned_day_after_publication_is_no_story_date():
    text = (
        "Teen dies after gun accident at family home\n\n"
        "A 15-year-old boy has died from a gunshot wound.\n\n"
        "A vigil is planned for May 14 at the school."
    )
    claim = next(c for c in extract_article(art(text, title=None)).claims if c.primary)
    assert claim.date.phrase == "(publication date)"


def test_outlet_home_state_picks_the_neighbourhood_town_and_maps_it_to_the_big_city():
    text = (
        "A man was shot and wounded Sunday evening in Woodlawn, police said. "
        "He was taken to a hospital in fair condition."
    )
    places = ArticlePlaces(text, None, "chicagoexample.com")
    place = places.place_for([(0, len(text))], True)
    assert place.city == "Chicago"
    assert place.admin1 == "Illinois"


def test_town_inside_a_hospital_name_is_not_the_place():
    text = (
        "A boy was shot in the arm at a home in northwest Harris County on Tuesday. "
        "He was flown to Memorial Hermann Hospital, deputies said."
    )
    places = ArticlePlaces(text, None, "example.org")
    place = places.place_for([(0, len(text))], True)
    assert place.city != "Hermann"
