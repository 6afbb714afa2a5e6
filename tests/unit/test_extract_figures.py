"""Casualty figure rules, pinned on sentences written for these tests."""
from __future__ import annotations

from streams.extract.figures import find_figures


def figs(sentence: str, kind: str | None = None, subject: str = "victims"):
    out = [f for f in find_figures(sentence) if f.subject == subject]
    return [f for f in out if kind is None or f.kind == kind]


def test_coordinated_subjects_add_up():
    (f,) = figs("Two guards of the consulate in Mosul and three civilians were killed on Tuesday.", "killed")
    assert (f.low, f.high) == (5, 5)
    assert f.general


def test_interrupting_phrase_is_skipped():
    (f,) = figs("At least 14 people, most of them farmers, were killed when the market was shelled.", "killed")
    assert (f.low, f.qualifier) == (14, "at least")


def test_subset_is_a_lower_bound():
    (f,) = figs("Officials said 12 women are among the dead.", "killed")
    assert f.qualifier == "subset"
    assert f.low == 12 and f.high is None


def test_combined_counts_are_casualties():
    (f,) = figs("A hospital official said that at least 30 people were killed or wounded.")
    assert f.kind == "casualties" and f.low == 30
    (g,) = figs("The governor confirmed seven casualties.")
    assert g.kind == "casualties" and g.low == 7


def test_vague_words_stay_ranges():
    (f,) = figs("Dozens of people were wounded in the blast.", "wounded")
    assert f.vague and f.qualifier == "dozens"
    assert f.low > 12 and (f.high is None or f.high < 100)


def test_attackers_are_kept_apart():
    sentence = "The three gunmen were killed by troops after a siege, killing at least nine hostages."
    attackers = figs(sentence, "killed", subject="attackers")
    victims = figs(sentence, "killed")
    assert [a.low for a in attackers] == [3]
    assert [v.low for v in victims] == [9]
    assert [f.low for f in figs("Soldiers later shot dead the two assailants.", subject="attackers")] == [2]


def test_numbers_inside_dates_are_not_counts():
    fs = figs("The worst blast came on March 14, 2019 when it killed nearly 60 shoppers.", "killed")
    assert [(f.low, f.qualifier) for f in fs] == [(60, "nearly")]


def test_object_coordination_and_second_verb():
    fs = figs("The rockets hit the bazaar, killing at least four people and wounding 17 others.")
    assert {(f.kind, f.low) for f in fs} == {("killed", 4), ("wounded", 17)}
    (k,) = figs("The bomb killed nearly 40 pilgrims and 3 police officers.", "killed")
    assert k.low == 43


def test_shot_without_outcome_and_fatally():
    fs = figs("Three men were shot, one fatally, outside a bar.")
    assert {(f.kind, f.low) for f in fs} == {("casualties", 3), ("killed", 1)}


def test_including_the_gunman_is_subtracted():
    (f,) = figs("Five people were found dead, including the gunman, at the house.", "killed")
    assert f.low == 4


def test_ages_times_and_emergency_numbers_are_not_counts():
    assert figs("Mark Jones, 34, called 911 at 10:15 p.m. after the 22-year-old was wounded.", "wounded")[0].low == 1
    assert not figs("He dialed 911 and said he had been robbed.")


def test_irrealis_is_not_a_toll():
    assert not figs("The bullet could have killed her, police said.", "killed")


def test_attacker_in_a_coordinated_subject_is_split_off():
    sentence = "Two bailiffs and the shooter are dead."
    assert [f.low for f in figs(sentence, "killed")] == [2]
    assert [f.low for f in figs(sentence, "killed", subject="attackers")] == [1]


def test_headline_counts_and_partitives():
    assert {(f.kind, f.low) for f in figs("2 Dead, 3 Wounded In Park Shooting")} == {("killed", 2), ("wounded", 3)}
    assert {(f.kind, f.low) for f in figs("RIVERTON: 4 shot, 1 killed outside a diner")} == {("casualties", 4), ("killed", 1)}
    (f,) = figs("Police said two of the four shooting victims had died.", "killed")
    assert f.low == 2


def test_coordinated_single_people():
    (f,) = figs("He is accused of shooting his mother and 8-year-old brother.")
    assert (f.kind, f.low) == ("casualties", 2)
    (g,) = figs("A woman and her five-year-old son were found dead.", "killed")
    assert g.low == 2


def test_addresses_and_age_lists_are_not_counts():
    assert not figs("A woman at 900 Garden Way was also injured.", "wounded") or all(
        f.low == 1 for f in figs("A woman at 900 Garden Way was also injured.", "wounded")
    )
    assert not [f for f in figs("Three men, ages 54, 33 and 26, were injured.") if f.low > 3]


def test_a_child_or_a_hand_wound_makes_a_self_shooting_an_accident_victim():
    (f,) = figs("A 4-year-old boy shot himself with his uncle's pistol on Friday.")
    assert (f.kind, f.low) == ("casualties", 1)
    (g,) = figs("Hunter shoots himself in the left foot while climbing a fence.")
    assert (g.kind, g.low) == ("wounded", 1)
    (h,) = figs("A toddler killed himself with a handgun he found in a nightstand.")
    assert (h.kind, h.low) == ("killed", 1)
    # A father who shot his son and then himself is the attacker.
    assert not figs("A father shot his 9-year-old son before killing himself.", "killed")
    assert figs("A father shot his 9-year-old son before killing himself.", "killed", subject="attackers")


def test_relative_clause_subject_and_where_they_were_shot():
    (f,) = figs("Six teens who were shot at a skating rink on Saturday are expected to recover.", "casualties")
    assert (f.low, f.shot) == (6, True)
    (g,) = figs("3 Women, 1 Man Shot At Bowling Alley", "casualties")
    assert g.low == 4
    assert not figs("The deputies were shot at but not hit.")


def test_hit_in_a_shooting_and_wounds_received():
    (f,) = figs("Police said five people were hit in the drive-by shooting.", "casualties")
    assert f.low == 5
    (g,) = figs("A total of three people received non-life-threatening wounds.", "wounded")
    assert g.low == 3
    # Gunshot wounds alone do not say whether the victims lived.
    (h,) = figs("Both victims suffered gunshot wounds to the chest.")
    assert (h.kind, h.low) == ("casualties", 2)


def test_decades_and_hyphenated_names_are_not_counts():
    (f,) = figs("Ann Lee-Watts, 41, of Dover, was hurt.", "wounded")
    assert f.low == 1
    assert not figs("The men, all in their 20s were shot in the legs.")


def test_fatally_wounded_is_killed_and_animals_are_not_victims():
    (f,) = figs("A teenager was fatally wounded outside the store.")
    assert (f.kind, f.low) == ("killed", 1)
    assert not figs("The stray bullet missed the family but wounded two dogs in the yard.", "wounded")


def test_a_named_child_who_shot_himself_is_a_victim():
    (f,) = figs("On Sunday, Sam Reed, four, shot himself with a pistol he found under a bed.")
    assert (f.kind, f.low) == ("casualties", 1)
    (g,) = figs("The boy, who was found after shooting himself dead with his father's rifle, was 9.")
    assert (g.kind, g.low) == ("killed", 1)
    (h,) = figs("A 20-month-old boy fatally shot himself with a gun left on a sofa.")
    assert (h.kind, h.low) == ("killed", 1)


def test_objects_after_a_possessive_and_actors_in_relative_clauses():
    (f,) = figs("Police said the man has killed his three stepchildren.", "killed")
    assert f.low == 3
    assert not figs("The man who fatally shot his neighbors has died.", "killed")
    (g,) = figs("He shot their two boys, five-year-old Max and four-year-old Leo, before fleeing.")
    assert g.low == 2
    (h,) = figs("Jo Park, 16, suffered an accidental gunshot wound to the face.")
    assert h.kind == "casualties"


def test_last_person_of_a_list_may_drop_its_determiner():
    (f,) = figs("Deputies said a cashier and customer were shot near the register.")
    assert (f.kind, f.low, f.high) == ("casualties", 2, 2) and f.shot
    (g,) = figs("Boy, grandmother hurt in porch shooting", "wounded")
    assert g.low == 2
    assert not figs("Neighbor wounded the intruder with a rifle.", "wounded")


def test_taken_to_hospital_where_they_died_is_not_wounded():
    assert not figs("Officers said two brothers were rushed to a hospital, where they later died.", "wounded")
    (f,) = figs("The cashier was rushed to a hospital and is expected to recover.", "wounded")
    assert f.low == 1


def test_a_shooting_named_by_its_count_counts_the_people_hit():
    (f,) = figs("Nobody has been arrested in the quadruple shooting outside the arena.")
    assert (f.kind, f.low, f.shot) == ("casualties", 4, True) and "named" in f.notes
    assert not figs("The city saw three double shootings in one week.")


def test_people_shot_at_a_named_place_or_hour_were_hit():
    (f,) = figs("Three teenagers were shot at Maple and Fifth streets late Friday.")
    assert (f.kind, f.low) == ("casualties", 3)
    (g,) = figs("Two women were shot at around 2 a.m. outside a bar.")
    assert g.low == 2
    assert not figs("Two women were shot at by a man in a passing car.")


def test_people_hit_in_coordinated_clauses_add_up():
    (f,) = figs("A teenager was grazed on the arm, and a woman was shot in the hip outside the diner.")
    assert (f.kind, f.low, f.high) == ("wounded", 2, 2)
    (g,) = figs("A cashier was hit in the shoulder while a customer was struck in the leg.")
    assert (g.kind, g.low, g.shot) == ("casualties", 2, True)
    assert len(figs("A clerk was killed and a guard was shot in the arm.")) == 2


def test_walking_into_a_hospital_with_wounds_is_wounded():
    (f,) = figs("Two brothers walked into a county hospital with gunshot wounds late Sunday.", "wounded")
    assert f.low == 2
    (g,) = figs("Aunt, nephew walk into clinic with bullet wounds", "wounded")
    assert g.low == 2
    assert not figs("A man walked into the bank with a shotgun.")


def test_shot_himself_and_another_person():
    (f,) = figs("Deputies said the teen accidentally shot himself and a cousin in the garage.")
    assert (f.kind, f.low, f.shot) == ("casualties", 2, True)
    att = figs("The robber shot himself and the cashier during the struggle.", subject="attackers")
    (v,) = figs("The robber shot himself and the cashier during the struggle.")
    assert att and (v.kind, v.low) == ("casualties", 1)
    (w,) = figs("A man was cleaning a pistol when he shot himself and his two sons.", "casualties")
    assert w.low == 2
    assert not figs("The gunman shot himself and a deputy returned fire.")


def test_an_ordinal_victim_counts_everyone_hit_before():
    (f,) = figs("A third student was grazed on the wrist, the principal said.")
    assert (f.kind, f.low, f.shot) == ("casualties", 3, True)
    (g,) = [x for x in figs("Two cousins were shot, and a possible third person may have been hurt too.") if x.low == 3]
    assert g.kind == "casualties"


def test_another_adds_to_an_earlier_figure_and_bounds_nothing():
    figs = find_figures("Earlier that month, another six people were killed in a blast near the station.")
    killed = [f for f in figs if f.kind == "killed"]
    assert [(f.low, f.high, f.qualifier) for f in killed] == [(6, 6, None)]


def test_a_headline_comma_between_shot_and_killed_stands_for_and():
    killed = [f for f in find_figures("17-year-old boy shot, killed in Elmwood") if f.kind == "killed"]
    assert [(f.low, f.high) for f in killed] == [(1, 1)]
    assert [f.kind for f in find_figures("Two men shot, one killed in Elmwood")] == ["casualties", "killed"]
