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


def test_a_town_the_article_names_as_a_place_is_no_person():
    from streams.extract.actors import people_in
    from streams.extract.places import ArticlePlaces

    text = "Shootings this week by town: Mount Vernon, 3; New Rochelle, 1. Police in Mount Vernon said a man was shot."
    towns = ArticlePlaces(text, None, None).town_names()
    assert "Mount Vernon" in towns
    assert people_in([text]) == ["Mount Vernon", "New Rochelle"]  # the shape of a name with an age
    assert "Mount Vernon" not in people_in([text], towns)


def _said(p):
    return [(r.status, r.group, r.by, r.channel) for r in p.statements]


def test_claim_channel_from_a_news_agency_statement():
    p = perpetrator(["Islamic State claimed the ambush in a statement on its Amaq news agency late on Sunday."])
    assert p.status == "claimed" and p.claimed_by == "Islamic State" and p.claim_channel == "Amaq"
    assert _said(p) == [("claimed", "Islamic State", "Islamic State", "Amaq")]


def test_claim_phrasings_name_the_claimant():
    for sentence in (
        "Al-Shabaab said its fighters carried out the raid on the hotel.",
        "The raid on the hotel was claimed by al-Shabaab.",
        "Al-Shabaab took credit for the raid in a post on Telegram.",
    ):
        p = perpetrator([sentence])
        assert (p.status, p.claimed_by) == ("claimed", "al-Shabaab"), sentence


def test_claim_that_could_not_be_verified_is_doubted():
    p = perpetrator(["Boko Haram claimed the raid in a video, but the claim could not be independently verified."])
    assert p.status == "doubted" and p.claimed_by == "Boko Haram" and p.claim_channel == "video"
    assert ("doubted", "Boko Haram", None, None) in _said(p)


def test_officials_casting_doubt_keep_the_claim_and_who_doubts():
    p = perpetrator([
        "The Islamic State group claimed responsibility on Telegram.",
        "Provincial officials cast doubt on the claim, saying the bomber was a local man.",
    ])
    assert p.status == "doubted" and p.claimed_by == "Islamic State"
    assert _said(p) == [
        ("claimed", "Islamic State", "Islamic State", "Telegram"),
        ("doubted", "Islamic State", "Provincial officials", None),
    ]


def test_a_government_viewing_a_claim_with_suspicion_doubts_it():
    p = perpetrator(["Although ISIS claimed the attack, the government of Ruritania views the announcement with suspicion."])
    assert p.status == "doubted"
    assert ("doubted", "Islamic State", "government of Ruritania", None) in _said(p)


def test_another_group_dismissing_a_claim_doubts_it():
    p = perpetrator(["The Taliban dismissed Daesh's claim as propaganda."])
    assert _said(p) == [("claimed", "Islamic State", "Islamic State", None), ("doubted", "Islamic State", "Taliban", None)]


def test_suspicion_with_nothing_claimed_is_no_doubt():
    assert perpetrator(["Neighbours had viewed the gunman with suspicion for months."]).status == "unknown"


def test_attribution_names_who_attributes():
    p = perpetrator(["Interior ministry officials blamed the Haqqani network for the assault."])
    assert (p.status, p.attributed_to, p.attributed_by) == ("attributed", "Haqqani network", "Interior ministry officials")
    p = perpetrator(["Officials said al-Qaeda was behind the truck bombing."])
    assert (p.status, p.attributed_to, p.attributed_by) == ("attributed", "al-Qaeda", "Officials")


def test_speculation_phrasings():
    cases = {
        "Analysts suspect Boko Haram, which has raided the town before.": ("Boko Haram", "Analysts"),
        "Hezbollah is believed to be behind the rocket fire.": ("Hezbollah", None),
        "The blast bore the hallmarks of al-Shabaab, intelligence sources said.": ("al-Shabaab", "intelligence sources"),
    }
    for sentence, (group, by) in cases.items():
        p = perpetrator([sentence])
        assert p.status == "speculated" and p.attributed_to == group and p.attributed_by is None, sentence
        assert _said(p) == [("speculated", group, by, None)], sentence


def test_unclaimed_then_speculated_keeps_both():
    p = perpetrator(["There was no immediate claim of responsibility, though such attacks are usually carried out by ISIS."])
    assert p.status == "speculated" and p.claimed_by is None
    assert _said(p) == [("unclaimed", None, None, None), ("speculated", "Islamic State", None, None)]


def test_denial_phrasings():
    for sentence in (
        "Hamas denied that it was behind the stabbing.",
        "Hamas distanced itself from the stabbing.",
        "Hamas rejected the accusations.",
    ):
        p = perpetrator([sentence])
        assert (p.status, p.denied_by) == ("denied", ["Hamas"]), sentence


def test_statuses_are_kept_per_group():
    p = perpetrator(["ISIS-K claimed the bombing.", "The Taliban denied involvement.", "Hamas rejected the accusations."])
    assert p.status == "claimed" and p.claimed_by == "Islamic State Khorasan Province"
    assert p.denied_by == ["Taliban", "Hamas"]


def test_capitalised_is_in_shouted_transcripts_is_no_group():
    assert perpetrator(["POLICE THINK IS HE THE SHOOTER, NEIGHBORS SAY IT IS MOST LIKELY."]).status == "unknown"


def test_an_unnamed_repeat_of_a_named_speakers_word_is_dropped():
    p = perpetrator(["Police blamed Hamas for the stabbing.", "Hamas was behind the stabbing, a report found."])
    assert _said(p) == [("attributed", "Hamas", "Police", None)]


def test_a_group_named_after_a_subject_cue_still_counts():
    p = perpetrator(["The gunmen were believed to be members of Hamas, police said."])
    assert _said(p) == [("speculated", "Hamas", "police", None)]
