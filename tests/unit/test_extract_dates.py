"""Date expressions resolved against a publication date, pinned on phrases written for these tests."""
from __future__ import annotations

from datetime import date

from schemas.claim import DateRef
from streams.extract.dates import find_dates, latest_full_date, stamped_date

PUB = date(2021, 6, 4)  # a Friday


def first(text: str, base: date | None = PUB, context: DateRef | None = None):
    hits = find_dates(text, base, context)
    assert hits, text
    return hits[0].ref


def test_weekday_equal_to_publication_weekday_is_that_day():
    ref = first("The blast happened on Friday morning.")
    assert ref.start == PUB and ref.precision == "day"


def test_earlier_weekday_goes_back():
    assert first("Gunmen attacked early Tuesday.").start == date(2021, 6, 1)
    assert first("Sunday's attack shocked the town.").start == date(2021, 5, 30)


def test_last_weekday_on_the_same_weekday_is_a_week_back():
    assert first("It happened last Friday.").start == date(2021, 5, 28)


def test_ago_with_explicit_date_in_parentheses():
    hits = find_dates("It came under attack four days ago (Monday, May 31st).", PUB)
    assert {h.ref.start for h in hits} == {date(2021, 5, 31)}


def test_months_and_days_ago():
    ref = first("Three months and two days ago, gunmen stormed the hall.")
    assert ref.start == date(2021, 3, 2) and ref.precision == "day"


def test_month_expressions():
    assert first("Earlier this month, a bomb went off.").start == date(2021, 6, 1)
    last_sep = first("Last September, a mosque was hit.")
    assert (last_sep.start, last_sep.precision) == (date(2020, 9, 1), "month")
    mid = first("In mid-April fighters stormed a hotel.")
    assert (mid.start, mid.end, mid.precision) == (date(2021, 4, 1), date(2021, 4, 30), "month")
    assert first("a similar attack in March").start == date(2021, 3, 1)
    assert first("a similar attack in August").start == date(2020, 8, 1)


def test_earlier_that_month_leans_on_the_sentence_before():
    context = DateRef(start=date(2020, 10, 1), end=date(2020, 10, 31), precision="month")
    ref = first("Earlier that month, six people were killed.", context=context)
    assert (ref.start, ref.precision) == (date(2020, 10, 1), "month")
    assert not find_dates("Earlier that month, six people were killed.", PUB, None)


def test_absolute_dates_with_and_without_year():
    assert first("on December 2nd").start == date(2020, 12, 2)  # after the publication date: last year
    assert first("on May 3").start == date(2021, 5, 3)
    assert first("On 7 January 2019 a car bomb exploded.").start == date(2019, 1, 7)
    assert first("last year").precision == "year"


def test_no_reference_no_relative_date():
    assert find_dates("The attack happened on Friday.", None) == []
    assert latest_full_date("Photo taken Jan. 3, 2020. Later, on Feb. 9, 2020, ...") == date(2020, 2, 9)


def test_holidays_and_deictic_words():
    assert first("Shots rang out on the Fourth of July.").start == date(2020, 7, 4)
    assert first("Two men were wounded yesterday.").start == date(2021, 6, 3)
    assert first("A man was shot overnight.").start == PUB


def test_moving_holidays():
    assert first("Shots rang out on Easter Sunday.").start == date(2021, 4, 4)
    assert first("A man was killed on Memorial Day.", date(2021, 6, 4)).start == date(2021, 5, 31)
    assert first("The shooting on Thanksgiving Day left two dead.").start == date(2020, 11, 26)
    assert first("He was shot on Martin Luther King Jr. Day.").start == date(2021, 1, 18)
    assert first("A Father's Day cookout ended in gunfire.", date(2021, 6, 22)).start == date(2021, 6, 20)


def test_a_capitalised_deictic_word_inside_a_name_is_not_a_date():
    assert find_dates("A study by USA Today counted the deaths.", PUB) == []
    assert first("Today, the town mourns.").start == PUB


def test_days_after_or_before_a_holiday_count_from_it():
    base = date(2021, 12, 30)
    assert first("She was shot two days after Christmas.", base).start == date(2021, 12, 27)
    assert first("He died the day before Thanksgiving.", base).start == date(2021, 11, 24)
    assert first("The days after Christmas were quiet.", base).start == date(2021, 12, 25)


def test_a_weekday_counted_back_a_week_is_not_publication_day():
    hits = find_dates("He was shot one week ago in the park on Saturday.", date(2017, 4, 1))  # a Saturday
    assert [h.ref.start for h in hits] == [date(2017, 3, 25), date(2017, 3, 25)]
    assert first("He was shot Saturday.", date(2017, 4, 1)).start == date(2017, 4, 1)


def test_a_page_stamp_gives_its_earliest_day():
    top = "Store robbery\n\nPosted: Friday, May 6, 2022 4:10 PM EDT Updated: Monday, May 9, 2022 9:02 AM EDT\n\nText."
    assert stamped_date(top) == date(2022, 5, 6)
    assert stamped_date("Updated: 01/26/2015 10:24 PM  Created: 01/26/2015 1:24 PM") == date(2015, 1, 26)
    assert stamped_date("The store posted a notice on May 6, 2022.") is None  # a verb, not a stamp
    assert stamped_date("x" * 2000 + " Posted: May 6, 2022") is None  # far down the page: not the page's stamp


def test_a_day_and_month_weeks_ahead_is_this_year_further_ahead_last_year():
    assert first("The hearing was continued to June 30.").start == date(2021, 6, 30)
    assert first("He was shot on Aug. 20.").start == date(2020, 8, 20)


def test_a_day_and_month_takes_any_written_year():
    assert first("The body was found on January 15, 1947, in a vacant lot.").start == date(1947, 1, 15)
    assert first("She was born 3 March 1932.").start == date(1932, 3, 3)


def test_a_month_and_day_written_beside_the_weekday_wins_over_it():
    # PUB is Friday June 4; the text's "Tuesday" would count back to June 1, its "(6/2)" says June 2.
    ref = first("Tuesday (6/2) evening deputies were called to the clinic.")
    assert ref.start == date(2021, 6, 2) and ref.precision == "day"
    assert first("She ran 3/4 of a mile on Tuesday.").start == date(2021, 6, 1)
