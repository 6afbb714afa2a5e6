"""A report about a shooting that hit someone but gives no count and tells of no death: at least one wounded; the
dead named again by how they died are no wounded besides. Short articles written for these tests."""
from __future__ import annotations

from schemas.article import RawArticle
from streams.extract import extract_article


def primary(text: str, title: str | None = None):
    article = RawArticle(id="iw", text=text, title=title, published_at="2022-05-11")
    return next(c for c in extract_article(article).claims if c.primary)


def test_a_shooting_that_sent_someone_to_hospital_wounded_at_least_one():
    claim = primary(
        "Deputies say 58-year-old Harold Pimm was shot near the feed store on Saturday evening.\n\n"
        "He was flown to a regional trauma center. Investigators say the shooting was an accident."
    )
    assert claim.wounded is not None
    assert (claim.wounded.low, claim.wounded.high, claim.wounded.qualifier) == (1, None, "implied")
    assert claim.killed is None


def test_no_wounded_is_implied_when_someone_died():
    claim = primary(
        "Investigators say the shot that killed Harold Pimm was fired by accident near the feed store on Saturday.",
        title="Feed store shooting ruled an accident",
    )
    assert claim.wounded is None


def test_no_wounded_is_implied_when_nobody_was_hit():
    claim = primary(
        "Deputies are investigating a shooting near the feed store on Saturday evening.\n\n"
        "A gunman opened fire on a pickup and its driver was shot at, but he was not hurt; no one was injured."
    )
    assert claim.wounded is None


def test_no_wounded_is_implied_when_police_shot_the_suspect():
    claim = primary(
        "A robbery suspect was shot by police near the feed store on Saturday evening.\n\n"
        "He was taken to a hospital, deputies said."
    )
    assert claim.wounded is None or claim.wounded.qualifier != "implied"



def test_a_child_stable_after_a_shooting_is_a_wounded_one():
    claim = primary(
        "Deputies are investigating an accidental shooting at the Pine Hollow gun range on Friday morning.\n\n"
        "The sheriff has not released the boy's name.",
        title="Boy stable after accidental shooting at gun range",
    )
    assert claim.wounded is not None and claim.wounded.low == 1


def test_a_charge_of_assault_with_a_deadly_weapon_is_no_death():
    claim = primary(
        "A man was charged with assault with a deadly weapon after a shooting at the Pine Hollow gun range on "
        "Friday morning.\n\nDeputies said the range officer's shoulder wound is not serious."
    )
    assert claim.wounded is not None and claim.wounded.low == 1


def test_a_person_also_hit_is_one_more_wounded():
    claim = primary(
        "A 9-year-old girl was wounded in a shooting on Pine Street that also injured a man on Monday night, "
        "police said.\n\nBoth were taken to a hospital and are expected to recover."
    )
    assert claim.wounded is not None and claim.wounded.low == 2
    assert claim.killed is None


def test_a_hospital_count_that_holds_the_dead_is_not_the_wounded_count():
    claim = primary(
        "A shooting outside a bowling alley killed one man and injured two others on Friday night.\n\n"
        "Deputies found three victims who were rushed to County General Hospital. One of them died there."
    )
    assert claim.killed is not None and claim.killed.low == 1
    assert claim.wounded is not None and (claim.wounded.low, claim.wounded.high) == (2, 2)


def test_others_in_hospital_are_besides_the_dead():
    claim = primary(
        "One man is dead and two others are being treated for injuries after a shooting at a bar on Saturday.\n\n"
        "One person was wounded when officers arrived; another drove to a hospital with a gunshot wound."
    )
    assert claim.wounded is not None and claim.wounded.low == 2


def test_the_dead_named_again_by_how_they_died_are_not_wounded_besides():
    claim = primary(
        "A woman killed her uncle and son at their farmhouse on Saturday, deputies said.\n\n"
        "Investigators say she shot and stabbed her uncle and son after an argument about money."
    )
    assert claim.killed is not None and claim.killed.low == 2
    assert claim.wounded is None
    # People other than the dead, named as someone's, are wounded all the same.
    claim = primary(
        "A woman killed her uncle at their farmhouse on Saturday, deputies said.\n\n"
        "Investigators say she also stabbed her son and daughter, who are in stable condition."
    )
    assert claim.wounded is not None and claim.wounded.low == 2
