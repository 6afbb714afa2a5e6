"""Claim status and sources, pinned on sentences written for these tests."""
from __future__ import annotations

from streams.extract.actors import attack_type, perpetrator, source_of


def test_claimed_with_channel():
    p = perpetrator(["The Islamic State group claimed responsibility in a statement posted on Telegram."])
    assert p.status == "claimed" and p.claimed_by == "Islamic State" and p.claim_channel == "Telegram"


def test_denied():
    p = perpetrator(["A Taliban spokesman denied any involvement in the bombing."])
    assert p.status == "denied" and p.denied_by == ["Taliban"]


def test_claimed_and_denied_by_another_group():
    p = perpetrator(["ISIS claimed responsibility for the attack.", "The Taliban denied involvement."])
    assert p.status == "claimed" and p.denied_by == ["Taliban"]


def test_attributed_by_a_third_party():
    p = perpetrator(["The Taliban attributed this attack to ISKP."])
    assert p.status == "attributed"
    assert p.attributed_to == "Islamic State Khorasan Province" and p.attributed_by == "Taliban"


def test_unclaimed():
    p = perpetrator(["No group has claimed responsibility for the explosion so far."])
    assert p.status == "unclaimed"


def test_sources_and_pronoun_carry_over():
    first = source_of("Ten people died, provincial police chief Abdul Karim told reporters.", None)
    assert first is not None and "Abdul Karim" in first
    later = source_of("He had earlier told Reuters that the bomber was shot dead.", "Abdul Karim")
    assert later == "Abdul Karim, to Reuters"
    assert "regional health office" in (source_of("Five were hurt, according to the regional health office.", None) or "")


def test_attack_type():
    assert attack_type("A suicide bomber detonated his explosive vest at the gate.") == "suicide_bombing"
    assert attack_type("Three men were shot outside a bar; police said the gunman fled.") == "armed_assault"
    assert attack_type("Several rockets landed in the district.") == "rocket_mortar"
    assert attack_type("A car bomb exploded near the market.") == "bombing"


def test_people_named_with_ages_or_as_targets():
    from streams.extract.actors import people_in

    found = people_in(
        [
            "Police identified the victims as Dana Whitlock, 34, and her son Eli Whitlock, 9.",
            "Sheriff Tom Barnes said the suspect, 22-year-old Carl Moody, was arrested.",
            "The bombing targeted Abdul Wahid Sultani at his office.",
        ]
    )
    assert found == ["Dana Whitlock", "Eli Whitlock", "Carl Moody", "Abdul Wahid Sultani"]
