"""Which date of a sentence is the attack's: the one its attack verb governs, not a hospital state, a statement or a
court date; pinned on sentences and short articles written for these tests."""
from __future__ import annotations

from datetime import date

from schemas.article import RawArticle
from schemas.claim import STORY_DATE
from streams.extract import extract_article
from streams.extract.dates import find_dates
from streams.extract.mentions import event_date, looks_ahead, sorted_dates

PUB = date(2022, 5, 11)  # a Wednesday


def attack_day(sentence: str) -> date | None:
    hit = event_date(find_dates(sentence, PUB), sentence)
    return hit.ref.start if hit else None


def primary(text: str, published_at: str = "2022-05-11"):
    claims = extract_article(RawArticle(id="ed", text=text, published_at=published_at)).claims
    return next(c for c in claims if c.primary)


def test_a_hospital_state_does_not_date_the_attack():
    assert attack_day("A boy remained in critical condition Tuesday after he was shot late Sunday.") == date(2022, 5, 8)
    assert attack_day("The girl was hospitalized Monday.") is None


def test_a_fronted_date_belongs_to_the_verb_after_it():
    assert attack_day("On Monday, deputies released the name of the man who was killed.") is None
    assert attack_day("Deputies on Monday identified the man killed in the shooting.") is None
    assert attack_day("On Monday, a gunman opened fire outside a store.") == date(2022, 5, 9)


def test_a_date_after_the_attack_verb_is_the_attack_date():
    assert attack_day("Two men were shot Saturday near the park, police said Monday.") == date(2022, 5, 7)
    assert attack_day("A teen shot in the leg late Friday has been identified.") == date(2022, 5, 6)


def test_a_date_naming_the_attack_is_its_date():
    assert attack_day("He was charged Tuesday in connection with the April 29 fatal shooting.") == date(2022, 4, 29)
    assert attack_day("The deadliest attack was on April 2.") == date(2022, 4, 2)


def test_a_clock_time_before_the_date_marks_the_event():
    assert attack_day("Around 10 p.m. Friday, the sheriff says deputies were sent to a farmhouse.") == date(2022, 5, 6)


def test_the_attack_date_wins_over_an_earlier_state_date_in_the_story():
    text = (
        "Boy wounded in backyard shooting\n\n"
        "A 9-year-old boy remained in serious condition Tuesday after a shooting in Elmwood.\n\n"
        "The boy was shot Sunday evening while playing in a backyard, police said."
    )
    assert primary(text).date.start == date(2022, 5, 8)


def test_a_state_date_is_closer_than_the_publication_date():
    text = (
        "Girl wounded in shooting\n\n"
        "A 12-year-old girl was in serious condition Monday after a shooting in Elmwood, police said."
    )
    claim = primary(text)
    assert claim.date.start == date(2022, 5, 9)
    assert claim.date.phrase != "(publication date)"


def test_a_date_naming_the_attack_counts_even_after_an_arrest_verb():
    assert attack_day("Deputies arrested a suspect in Sunday night's fatal shooting.") == date(2022, 5, 8)


def test_a_dispatch_time_dates_a_story_whose_attack_sentences_have_none():
    text = (
        "Man dies in Elmwood shooting\n\n"
        "A man was shot and killed at an apartment complex in Elmwood, police said.\n\n"
        "Officers were dispatched to the complex at about 10:20 p.m. Sunday after neighbors heard a loud noise."
    )
    claim = primary(text)
    assert claim.date.start == date(2022, 5, 8)


def test_a_when_sentence_weeks_before_a_follow_up_dates_it():
    text = (
        "Father charged in son's death\n\n"
        "A father has been charged with negligent homicide in the shooting death of his 6-year-old son.\n\n"
        "It happened on April 16 at the family's home on Birch Lane."
    )
    assert primary(text).date.start == date(2022, 4, 16)


def test_datelines_updates_tweets_and_captions_stamp_the_text_not_the_attack():
    assert attack_day("ELMWOOD (May 11, 2022) - A man was shot late Monday night.") == date(2022, 5, 9)
    assert attack_day("UPDATE May 10, 4:15 p.m.: Police said the May 8 shooting was accidental.") == date(2022, 5, 8)
    assert attack_day("Officers at the scene of a shooting in Elmwood, Tuesday, May 10, 2022.") is None


def test_a_speech_verb_opens_the_clause_that_governs_the_date():
    assert attack_day("The sheriff says around 2 p.m. on Sunday, deputies were dispatched to the farm.") == date(2022, 5, 8)
    assert attack_day("He was wounded at a friend's house on May 1, court papers say, and died later.") == date(2022, 5, 1)


def test_a_clock_time_after_a_fronted_date_marks_the_event():
    text = (
        "Teen found dead on road identified\n\n"
        "A teenager found dead on a county road had been shot, the sheriff's office said.\n\n"
        "On Monday, May 9 at 8:30 p.m. a deputy on patrol saw a young man lying face down in the road."
    )
    assert primary(text).date.start == date(2022, 5, 9)


def test_a_death_or_arrest_date_is_closer_than_the_publication_date():
    text = (
        "Teen charged in friend's death\n\n"
        "A 17-year-old was arrested Sunday night after police say he shot a friend with a rifle, killing him."
    )
    assert primary(text).date.start == date(2022, 5, 8)


def test_a_later_paragraph_sharpens_the_month_of_the_only_attack_told():
    text = (
        "Man charged with killing two men in April\n\n"
        "A man has been arrested for the killing of two men in April.\n\n"
        "Police say he shot and killed them on April 23 after an argument outside a bar."
    )
    claim = primary(text)
    assert claim.date.start == date(2022, 4, 23) and claim.date.precision == "day"


def test_a_sentence_without_attack_words_sharpens_a_coarse_date():
    text = (
        "Arrest in shooting of child\n\n"
        "Police have made an arrest in the case of a child shot last month.\n\n"
        "Officers went to a gas station on Elm Street a little after 9 p.m. on Thursday, April 14."
    )
    assert primary(text).date.start == date(2022, 4, 14)


def test_an_explicit_evening_sharpens_overnight():
    text = (
        "Teen dies in overnight shooting\n\n"
        "A 15-year-old boy died in an overnight shooting on Birch Road, deputies said.\n\n"
        "The shooting happened just before 11 p.m. Tuesday outside a house, according to the sheriff."
    )
    assert primary(text).date.start == date(2022, 5, 10)


def test_a_gift_for_a_holiday_is_not_a_date():
    assert attack_day("The boy was killed when a rifle he got for Christmas went off.") is None


def test_captions_and_wounds_received():
    assert attack_day("A memorial, pictured Monday, May 9, marks where a man was shot.") is None
    assert attack_day("Two men were hospitalized today with gunshot wounds received late Sunday.") == date(2022, 5, 8)
    assert attack_day("Deputies told a reporter that two masked men broke in around 8 p.m. Sunday.") == date(2022, 5, 8)


def test_a_holiday_weekend_is_not_a_day():
    assert attack_day("Seven people were shot over the Christmas weekend.") is None


def test_a_count_over_a_past_year_is_not_the_attack_toll():
    text = (
        "Girl, 5, wounded in accidental shooting\n\n"
        "A 5-year-old girl was wounded Tuesday night when she shot herself with a relative's pistol.\n\n"
        "According to a study by a news agency, 141 children died in unintentional shootings in 2020."
    )
    claim = primary(text)
    assert claim.killed is None or claim.killed.low != 141


def test_a_ruling_on_the_death_does_not_date_the_attack():
    assert attack_day("The coroner ruled the boy's death a homicide Tuesday.") is None
    assert attack_day("The death of a woman shot at her home was ruled a homicide on Monday.") is None


def test_a_court_date_or_a_broadcast_does_not_date_the_attack():
    assert attack_day("He was held without bail at his Saturday arraignment in the shooting case.") is None
    assert attack_day("Supporters marched to the Tuesday hearing for the man accused in the shooting.") is None
    assert attack_day("Tune in to Channel 5 News Thursday at 6 p.m. for more on the shooting.") is None
    assert attack_day("Tune in to Channel 5 News Thursday at 6 p.m. and Friday at 7 a.m. for the shooting.") is None
    assert attack_day("WATCH: Our May 2 report on the shooting near the school") == date(2022, 5, 2)


def test_an_earlier_story_linked_by_its_date_does_not_date_the_attack():
    assert attack_day("From May 10: Police seek driver after fatal shooting downtown") is None
    text = (
        "Man shot on Elm Street dies\n\n"
        "A 40-year-old man who was shot on Elm Street late Sunday has died, police said.\n\n"
        "From May 10: Police seek driver after shooting on Elm Street"
    )
    assert primary(text).date.start == date(2022, 5, 8)


def test_a_when_sentence_without_attack_words_dates_the_story_before_a_recalled_attack():
    text = (
        "Teenager wounded outside corner store\n\n"
        "A 16-year-old boy was wounded outside a corner store on Maple Avenue.\n\n"
        "It happened at about 9:40 p.m. Sunday near the bus stop.\n\n"
        "Just a month ago, another boy was wounded a block away."
    )
    assert primary(text).date.start == date(2022, 5, 8)


def test_a_playing_court_is_not_a_court_of_law():
    assert attack_day("Three boys were shot on the court behind the school at about 6 p.m. Monday evening.") == date(
        2022, 5, 9
    )
    assert attack_day("The man who shot him appeared in court Monday.") is None


def test_a_pledge_or_a_finding_dates_the_statement_not_the_attack():
    assert attack_day("The mayor pledged Tuesday to hire more officers after a gunman wounded three people.") is None
    assert attack_day("The chief was confident Monday that detectives would find the man who shot four people.") is None
    assert attack_day("Both men were shot in the head, the coroner determined Sunday.") is None


def test_a_date_that_names_the_attack_outranks_one_that_borrows_its_noun():
    # The Tuesday leaflet is not the attack: the attack word after it belongs to "a late Sunday shooting".
    s = "Neighbours found leaflets Tuesday asking about a late Sunday shooting that left three people hurt."
    assert attack_day(s) == date(2022, 5, 8)


def test_a_gathering_to_remember_the_dead_dates_the_gathering_not_the_attack():
    assert attack_day("Neighbours met on Monday evening to remember the life of a cook who was shot.") is None
    assert attack_day("Dozens gathered Sunday night to celebrate the life of the slain teacher.") is None


def test_the_lede_under_an_undated_headline_tells_its_attack_even_with_a_cue_of_time():
    text = (
        "Suspect held after two teenage cyclists shot\n\n"
        "Officers have arrested a man in the case of two teenage cyclists shot last month near the river bridge.\n\n"
        "The boys were hit in the legs on April 20 while riding home, and they have since recovered."
    )
    claims = extract_article(RawArticle(id="hl", text=text, published_at="2022-05-11")).claims
    assert len(claims) == 1
    assert claims[0].date.start == date(2022, 4, 20)


def test_an_attack_recalled_by_its_dated_name_is_background_however_long_told():
    text = (
        "Three hurt in shooting at riverside market\n\n"
        "Three shoppers were wounded when a man fired into a crowd at the riverside market on Monday night.\n\n"
        "Detectives think it was revenge for the April 2 shooting on Mill Lane, in which two brothers were killed. "
        "In that attack, a gunman shot the brothers outside their garage. "
        "Witnesses said the gunman fired at least ten rounds. "
        "One brother died at the scene and the other died in hospital. "
        "The gunman fled in a grey van after the shooting. "
        "A neighbour was also hurt by flying glass. "
        "Police found bullets in the garage door."
    )
    assert primary(text).date.start == date(2022, 5, 9)


def test_a_clock_time_with_about_after_the_date_marks_the_event():
    claim = primary(
        "A man was arrested Friday for robbing a woman at gunpoint and shooting her, prosecutors said. The suspect "
        "approached the woman on a porch on May 3 at about 4:20 a.m., prosecutors said. She was taken to a hospital."
    )
    assert claim.date.start == date(2022, 5, 3)


def test_a_story_without_a_counted_attack_keeps_the_date_its_sentences_state():
    text = (
        "A judge found Tom Roe guilty of the murder of Ann Vale, according to court papers. "
        "Ann Vale, a retired teacher, was killed March 2, 2021, outside her home."
    )
    claims = extract_article(RawArticle(id="ed", text=text, published_at="2022-05-11",
                                        title="Teen found guilty of murdering neighbor")).claims
    assert next(c for c in claims if c.primary).date.start == date(2021, 3, 2)


_COUSIN_KILLED_IN_APRIL = (
    "Her cousin, a 17-year-old, was shot and killed outside a corner store in April. "
    "Two men fired at least a dozen shots at the teen and a friend in that shooting. "
    "The friend was wounded in the leg. "
    "One of the gunmen was shot by a store clerk. "
    "The teen died at the hospital. "
    "Detectives recovered bullets from the sidewalk after the shooting. "
    "Neighbours said the gunfire lasted a minute."
)


def test_an_attack_dated_only_by_a_past_month_is_background_to_one_dated_this_week():
    text = (
        "Girl, 6, wounded by stray bullet\n\n"
        "A 6-year-old girl was shot in the arm Sunday afternoon while sitting in her living room, police said.\n\n"
        + _COUSIN_KILLED_IN_APRIL
    )
    claim = primary(text)
    assert claim.date.start == date(2022, 5, 8)
    assert claim.killed is None and claim.wounded is not None and claim.wounded.low == 1


def test_a_month_told_attack_stays_the_story_when_nothing_is_dated_this_week():
    text = (
        "Girl, 6, wounded by stray bullet\n\n"
        "A 6-year-old girl was shot in the arm in her living room, police said.\n\n"
        + _COUSIN_KILLED_IN_APRIL
    )
    assert primary(text).date.precision == "month"


def test_a_step_of_the_law_dates_the_story_not_the_attack():
    text = "Man pleads guilty in shooting\n\nA man pleaded guilty Tuesday to shooting his neighbor, prosecutors said."
    claim = primary(text)
    assert claim.date.start == date(2022, 5, 10)
    assert claim.date.phrase == f"{STORY_DATE} Tuesday"  # ranked below a day another report states
    court = primary("Man wounded in shooting\n\nA man shot in the chest appeared in municipal court Friday, police said.")
    assert court.date.phrase == f"{STORY_DATE} Friday"


def test_a_hospital_state_on_a_street_called_court_still_dates_the_attack():
    claim = primary(
        "Man wounded in shooting\n\n"
        "A man shot in the chest remained in serious condition at his home on Birch Court Friday, police said."
    )
    assert claim.date.start == date(2022, 5, 6)
    assert claim.date.phrase == "Friday"


def test_a_page_stamped_before_its_feed_date_reads_its_weekdays_from_the_stamp():
    text = "Created: 01/26/2022 1:24 PM\n\nA man was shot and killed Sunday in Elmwood, police said."
    assert primary(text, published_at="2024-03-05").date.start == date(2022, 1, 23)


def test_a_stamp_after_the_feed_date_changes_nothing():
    text = "Updated: 03/09/2024 1:24 PM\n\nA man was shot and killed Sunday in Elmwood, police said."
    assert primary(text, published_at="2024-03-05").date.start == date(2024, 3, 3)


def test_the_story_day_is_its_earliest_day_the_nearest_to_the_attack():
    claim = primary(
        "Man dies after shooting\n\nA police spokesman said Tuesday that a man died after a shooting in Elmwood. "
        "His sister told reporters Sunday that he had been shot near his car."
    )
    assert claim.date.start == date(2022, 5, 8)
    assert claim.date.phrase == f"{STORY_DATE} Sunday"


def test_an_update_stamp_or_a_broadcast_is_no_day_of_the_story():
    claim = primary(
        "Three hurt in shooting at a bowling alley\n\nUPDATE SATURDAY 4:10 PM\n\n"
        "Three people were hurt when someone opened fire at a bowling alley, police said."
    )
    assert claim.date.start == PUB
    broadcast = primary(
        "Man dies after shooting himself\n\nTune in to Channel 5 News Monday at 6 p.m. and Friday at 7 a.m. for more.\n\n"
        "A man died at a hospital at 9 p.m. Tuesday from a gunshot wound, the coroner said."
    )
    assert broadcast.date.start == date(2022, 5, 10)


def test_a_day_still_to_come_is_no_day_of_the_attack():
    assert attack_day("The girl who was shot turns 7 on Sunday, her aunt said.") is None
    claim = primary("Girl hurt in shooting\n\nA girl was shot in the arm outside a store. The girl turns 7 on Sunday.")
    assert claim.date.start == PUB
    court = primary(
        "Teen arrested in shooting\n\nA teen was arrested Monday night after a friend was shot in an apartment. "
        "He is expected to make his first court appearance Thursday afternoon."
    )
    assert court.date.start == date(2022, 5, 9)


def test_a_shooting_over_the_weekend_dates_to_its_sunday_below_a_stated_day():
    monday = "2022-05-16"
    claim = primary("Teen wounded\n\nA teenager was shot in the foot over the weekend near a ballfield, police said.", monday)
    assert claim.date.start == date(2022, 5, 15)
    assert claim.date.phrase == f"{STORY_DATE} over the weekend"
    # Nearer the attack than the day the story names afterwards ("charged Wednesday").
    later = primary(
        "Man charged\n\nA man was charged Wednesday in a weekend shooting that wounded his cousin in Elmwood.", "2022-05-19"
    )
    assert later.date.start == date(2022, 5, 15)
    # A day the text states still dates the attack.
    stated = primary("Teen wounded\n\nA teenager was shot Saturday night near a ballfield over the weekend.", monday)
    assert stated.date.start == date(2022, 5, 14) and stated.date.phrase != f"{STORY_DATE} over the weekend"


def test_this_weekend_on_a_saturday_is_that_day():
    from streams.extract.dates import weekend_day

    assert weekend_day("Two men were shot this weekend.", date(2022, 5, 14)).start == date(2022, 5, 14)
    assert weekend_day("Two men were shot last weekend.", date(2022, 5, 14)).start == date(2022, 5, 8)
    assert weekend_day("He spent a quiet weekend at home.", date(2022, 5, 16)) is None


def test_what_a_victim_was_to_do_dates_no_attack():
    assert attack_day("The man shot near the campus was to begin a new job Monday.") is None
    assert attack_day("The man who was to begin a new job was shot near the campus Monday.") == date(2022, 5, 9)


def test_an_attack_named_after_a_state_word_takes_the_date():
    assert attack_day("The toddler who died in a shooting April 30 near the lake was buried.") == date(2022, 4, 30)
    assert attack_day("A man was taken into custody after a shooting Sunday in the square.") == date(2022, 5, 8)
    # A charge's object is no attack named by a preposition: the day is the charge's.
    assert attack_day("A teenager was charged with murder Monday.") is None


def test_a_full_date_with_its_year_set_off_by_commas_names_the_attack():
    text = "The man was charged with 9 counts in connection with the March 3, 2020, attack on the depot."
    assert attack_day(text) == date(2020, 3, 3)


def test_a_birthday_dates_no_attack():
    assert attack_day("Among the victims was a boy who celebrated his fifth birthday on April 2.") is None


def test_a_verdict_dates_no_attack():
    assert attack_day("On Tuesday, a man was found guilty of killing two men in a bar.") is None
    assert attack_day("On Tuesday, a man was found shot dead in a bar.") == date(2022, 5, 10)


def test_a_date_weeks_after_publication_is_a_scheduled_one_not_last_year():
    claim = primary(
        "Hearing for mother of boy who died in shooting continued to June 2\n\nThe mother of a boy who died in a "
        "shooting April 30 had her hearing continued Wednesday in the county court."
    )
    assert claim.date.start == date(2022, 4, 30)


def test_later_steps_date_no_attack():
    assert attack_day("The man accused of shooting a boy was ordered Tuesday to stand trial.") is None
    assert attack_day("A man wanted in the murder of a teen turned himself in Monday afternoon.") is None
    assert attack_day("The officers who shot a homeowner in April returned to work Monday.") == date(2022, 4, 1)
    assert attack_day("The man shot in the stomach will undergo surgery Friday.") is None
    assert attack_day("The woman wounded in the attack thanked her neighbours Sunday.") is None


def test_a_relative_clause_opening_on_a_date_takes_its_own_verb():
    assert attack_day("Their accounts of gunfire contradict the chief, who on Monday said the shooting was brief.") is None
    assert attack_day("Neighbours described the gunman, who on Monday shot two men.") == date(2022, 5, 9)


def test_an_attack_dated_years_back_is_history_not_the_report():
    claim = primary(
        "Guard killed at depot\n\nThe guard was the first of the agency's staff killed on duty since the March 3, 2009, "
        "bombing that killed 40 people at the depot.\n\nA man opened fire at the depot gate on Tuesday, killing the guard "
        "and wounding two others."
    )
    assert claim.date.start == date(2022, 5, 10)


def test_a_when_sentence_months_before_a_follow_up_still_dates_it():
    # An arrest or a plea comes weeks or months after the attack; the sentence telling when it happened still dates
    # it, inside the month a coarser phrase gives ("last month") and without one.
    coarse = (
        "Arrest made in bar shooting\n\n"
        "Police said they arrested a man who shot four people in a bar last month.\n\n"
        "They said the man, 44, was arrested at his girlfriend's house on Tuesday.\n\n"
        "The investigation began after police responded to the area of Larch Avenue and Pine Street on April 3."
    )
    claim = primary(coarse)
    assert claim.date.start == date(2022, 4, 3) and claim.date.precision == "day"
    undated = (
        "Boy pleads in cousin's death\n\n"
        "A 14-year-old boy pleaded guilty Thursday to reckless homicide.\n\n"
        "Investigators have said they believe the boys were playing with the rifle when it discharged March 20, "
        "striking his cousin in the head."
    )
    assert primary(undated).date.start == date(2022, 3, 20)


def test_a_loose_story_day_still_reaches_back_only_a_month():
    text = (
        "Teen dies after gun accident at family home\n\n"
        "A 15-year-old boy has died from a gunshot wound.\n\n"
        "His school held an assembly on March 2 to talk about safety."
    )
    assert primary(text).date.phrase == "(publication date)"


def test_a_follow_ups_bare_weekday_on_the_named_days_weekday_is_that_attack():
    # A follow-up names the attack by its date and keeps the first report's caption, whose bare weekday, counted
    # back from publication, lands on a later day; April 23, 2022 was a Saturday.
    text = (
        "Third arrest in corner store shooting\n\n"
        "Police on Tuesday arrested a third man in the April 23 shooting of a 19-year-old outside a corner store in "
        "Riverton.\n\n"
        "Jalen Marsh, 19, was shot and killed Saturday in Riverton.\n\n"
        "The two other men charged remain in jail."
    )
    claims = extract_article(RawArticle(id="wd", text=text, published_at="2022-05-11")).claims
    assert [c.date.start for c in claims] == [date(2022, 4, 23)]
    # A named day on another weekday is not what "Saturday" recalls: the two stay apart.
    other = text.replace("April 23", "April 22")
    claims = extract_article(RawArticle(id="wd", text=other, published_at="2022-05-11")).claims
    assert sorted(c.date.start for c in claims) == [date(2022, 4, 22), date(2022, 5, 7)]


def test_a_state_still_to_come_does_not_bound_the_attack():
    # Counted back from a Wednesday, "Friday" would be five days before publication; the surgery is yet to come.
    text = (
        "Man recovering after shooting\n\n"
        "A 30-year-old man wounded by gunfire in Elmwood will undergo a second surgery Friday, his family said."
    )
    claim = primary(text)
    assert claim.date.start == date(2022, 5, 11)
    assert claim.date.phrase == "(publication date)"


def test_a_date_opening_a_clause_of_speech_is_the_day_someone_spoke():
    sentence = "Neighbors thanked the police chief, who on Monday said celebratory gunfire is reckless."
    assert sorted_dates(find_dates(sentence, PUB), sentence) == ([], [])
    # Only the story's day, labelled: the chief's words tell nothing of how near the attack was.
    text = (
        "Girl hit by stray bullet\n\n"
        "A 9-year-old girl was hit by a stray bullet in Elmwood just after midnight, police said.\n\n"
        "Neighbors thanked the police chief, who on Monday said celebratory gunfire is reckless."
    )
    assert primary(text).date.phrase.startswith(STORY_DATE)


def test_a_day_counting_the_days_since_the_attack_dates_it_that_much_earlier():
    text = (
        "Suspect held in deaths of two brothers\n\n"
        "Carl Benning, 52, was arrested Tuesday, a day after deputies found his two brothers fatally shot in a barn."
    )
    claim = primary(text)
    assert claim.date.start == date(2022, 5, 9)  # Tuesday the 10th, less a day
    # A day the text states outranks one counted back: the feed's publication day may be off.
    text = (
        "Teen dies after being shot\n\n"
        "A 17-year-old died on Monday, two days after he was shot near a park.\n\n"
        "Officers found him about 6 p.m. Saturday on a sidewalk with a gunshot wound to the leg."
    )
    assert primary(text).date.start == date(2022, 5, 7)
    # The day's own clause reports an attack: "two days after" points at another one.
    sentence = "A girl was shot Friday night, two days after a boy was killed in the same block."
    assert attack_day(sentence) == date(2022, 5, 6)


def test_a_day_still_to_come_is_seen_past_a_comma_or_a_clock_time():
    for sentence in (
        "A vigil for the slain teen will be held at the family's church, Saturday 7 p.m.",
        "A candlelight vigil for the victim is planned for Thursday.",
        "His funeral will be at 11 a.m. Friday, relatives said.",
    ):
        hit = next(h for h in find_dates(sentence, PUB) if h.kind == "weekday")
        assert looks_ahead(hit, sentence), sentence


def test_the_earliest_state_day_bounds_the_attack_not_the_first_told():
    text = (
        "Man dies days after shooting\n\n"
        "A 40-year-old man wounded in Elmwood died Tuesday, police said.\n\n"
        "He was in critical condition Sunday night at Mercy Hospital with a gunshot wound to the chest."
    )
    assert primary(text).date.start == date(2022, 5, 8)
