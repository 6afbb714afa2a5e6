"""Wounded counts and incident dates on short texts written for these tests: a survivor taken to hospital is not
one of the dead, and a person shot besides the dead adds to the wounded."""
from __future__ import annotations

from schemas.article import RawArticle
from streams.extract import extract_article


def art(text: str, **kw) -> RawArticle:
    kw.setdefault("published_at", "2022-05-11")  # a Wednesday
    return RawArticle(id=kw.pop("id", "f1"), text=text, **kw)


def only_claim(text: str):
    (claim,) = extract_article(art(text)).claims
    return claim


def test_a_survivor_taken_to_hospital_is_not_the_victim_who_died():
    text = (
        "A man was killed in a shooting at a home on Birch Lane in Dayton, Ohio, on Monday night. "
        "His cousin suffered serious injuries but is expected to survive, police said."
    )
    c = only_claim(text)
    assert (c.killed.low, c.wounded.low) == (1, 1)
    # Without a word that the person lives, the one taken to hospital may be the one who died.
    text2 = (
        "A man was killed in a shooting at a home on Birch Lane in Dayton, Ohio, on Monday night. "
        "The victim suffered serious injuries, police said."
    )
    c2 = only_claim(text2)
    assert c2.killed.low == 1 and (c2.wounded is None or c2.wounded.low == 0)


def test_a_person_also_shot_adds_to_the_dead_not_to_them():
    text = (
        "Two men were killed in a shooting on Birch Lane in Dayton, Ohio, on Monday night. "
        "A woman was also shot and drove herself to a hospital, police said."
    )
    c = only_claim(text)
    assert (c.killed.low, c.wounded.low) == (2, 1)
    text2 = "A father was killed and his 6-year-old daughter was shot on Birch Lane in Dayton, Ohio, on Monday night."
    c2 = only_claim(text2)
    assert (c2.killed.low, c2.wounded.low) == (1, 1)


def test_the_dead_person_shot_is_not_counted_again():
    text = "A teen died on Monday night in Dayton, Ohio, after he was shot at a home on Birch Lane, police said."
    c = only_claim(text)
    assert c.killed.low == 1 and (c.wounded is None or c.wounded.low == 0)
    text2 = "A 3-year-old boy was killed and his father shot himself at a home in Dayton, Ohio, on Monday."
    c2 = only_claim(text2)
    assert c2.killed.low == 1 and (c2.wounded is None or c2.wounded.low == 0)


def test_people_found_with_gunshot_wounds_were_shot():
    text = "Officers responding to a call on Birch Lane in Dayton, Ohio, on Monday found two men suffering from gunshot wounds."
    c = only_claim(text)
    assert c.wounded is not None and c.wounded.low == 2
    text2 = "Three men were found with gunshot wounds outside a bar on Birch Lane in Dayton, Ohio, on Monday night."
    c2 = only_claim(text2)
    assert c2.wounded is not None and c2.wounded.low == 3


def test_the_shooter_found_wounded_after_a_murder_suicide_is_not_a_wounded_victim():
    text = (
        "A man shot his wife at their home on Birch Lane in Dayton, Ohio, on Monday and then turned the gun on "
        "himself. Deputies found the two of them with gunshot wounds; the wife died at a hospital."
    )
    c = only_claim(text)
    assert c.wounded is None or c.wounded.low == 0
