"""The working-day clock: weekends, the National Day holiday and its make-up workdays, year
boundaries, admin overrides, and years whose make-up workdays are not published (provisional due
dates from the statutory holidays, for any year: the clock never stops)."""

import datetime as dt

import pytest

from core import clock
from qanda import workdays
from qanda.services import calendar_override_set
from qanda.workdays import WorkdayCalendar, due_at_for, due_for, workdays_elapsed
from tests.factories.qanda import shanghai

pytestmark = pytest.mark.django_db


def due_date(asked):
    return due_at_for(asked).astimezone(clock.CIVIL_TIME_ZONE)


def test_the_library_knows_2025_national_day_and_its_make_up_days():
    calendar = WorkdayCalendar(overrides={})
    assert calendar.is_workday(dt.date(2025, 9, 28))  # Sunday, make-up workday
    assert calendar.is_workday(dt.date(2025, 10, 11))  # Saturday, make-up workday
    assert not any(calendar.is_workday(dt.date(2025, 10, day)) for day in range(1, 9))


def test_a_question_asked_on_monday_is_due_at_the_end_of_next_monday():
    due = due_date(shanghai(2025, 3, 3, 9))  # Monday
    assert due == dt.datetime(2025, 3, 10, 23, 59, 59, tzinfo=clock.CIVIL_TIME_ZONE)


def test_a_question_asked_on_thursday_skips_the_weekend():
    assert due_date(shanghai(2025, 3, 6, 16)).date() == dt.date(2025, 3, 13)


def test_a_question_asked_on_saturday_counts_from_monday():
    assert due_date(shanghai(2025, 3, 8, 11)).date() == dt.date(2025, 3, 14)


def test_the_day_is_taken_in_shanghai_time_not_utc():
    # 2025-03-07 17:00 UTC is Saturday 01:00 in Shanghai: counting starts on Monday.
    asked = dt.datetime(2025, 3, 7, 17, 0, tzinfo=dt.UTC)
    assert due_date(asked).date() == dt.date(2025, 3, 14)


def test_national_day_holiday_is_skipped_and_the_make_up_saturday_counts():
    # Asked Fri 26 Sep: Sun 28 Sep (make-up), Mon 29 and Tue 30 Sep are days 1-3; Oct 1-8 are
    # off; Thu 9 and Fri 10 Oct are days 4-5.
    assert due_date(shanghai(2025, 9, 26, 15)).date() == dt.date(2025, 10, 10)
    # Asked Wed 8 Oct (holiday): Thu 9, Fri 10, Sat 11 (make-up), Mon 13, Tue 14.
    assert due_date(shanghai(2025, 10, 8, 15)).date() == dt.date(2025, 10, 14)


def test_a_question_asked_during_the_holiday_counts_from_the_first_day_back():
    # Asked Oct 3 (holiday): Oct 9, 10, 11 (make-up Saturday), 13, 14.
    assert due_date(shanghai(2025, 10, 3, 10)).date() == dt.date(2025, 10, 14)


def test_a_question_crosses_the_year_boundary_and_new_year_holiday():
    # Asked Fri 27 Dec 2024: Dec 30, 31; Jan 1 2025 is a holiday; Jan 2, 3 and Mon Jan 6.
    assert due_date(shanghai(2024, 12, 27, 10)).date() == dt.date(2025, 1, 6)


def test_an_override_wins_over_the_library():
    calendar_override_set(date=dt.date(2025, 3, 10), is_workday=False, note="地方假日")
    assert due_date(shanghai(2025, 3, 3, 9)).date() == dt.date(2025, 3, 11)


def test_a_2027_question_gets_a_provisional_due_date():
    assert not workdays.library_publishes(2027)
    due = due_for(shanghai(2027, 3, 1, 10))  # Monday
    assert due.at == dt.datetime(2027, 3, 8, 23, 59, 59, tzinfo=clock.CIVIL_TIME_ZONE)
    assert due.provisional


def test_a_2026_question_due_in_2026_is_not_provisional():
    due = due_for(shanghai(2026, 3, 2, 10))
    assert due.at.date() == dt.date(2026, 3, 9) and not due.provisional


def test_a_question_asked_on_christmas_2026_falls_due_in_january_2027_provisionally():
    # Fri 25 Dec 2026: Dec 28-31 are days 1-4; Fri 1 Jan 2027 is New Year's Day; Mon 4 Jan.
    due = due_for(shanghai(2026, 12, 25, 10))
    assert due.at.astimezone(clock.CIVIL_TIME_ZONE).date() == dt.date(2027, 1, 4)
    assert due.provisional


def test_the_2027_spring_festival_comes_from_the_lunar_calendar():
    # Chinese New Year 2027 is Sat 6 Feb: the eve (Fri 5) and days 1-3 are off, the two weekend
    # days carry over to Tue 9 and Wed 10. Asked Thu 4 Feb: Feb 11, 12, 15, 16, 17.
    assert due_date(shanghai(2027, 2, 4, 10)).date() == dt.date(2027, 2, 17)


def test_entering_overrides_publishes_the_year_and_its_make_up_days_count():
    calendar_override_set(date=dt.date(2027, 2, 13), is_workday=True, note="春节调休")
    due = due_for(shanghai(2027, 2, 4, 10))
    # Feb 11, 12, Sat 13 (make-up), 15, 16.
    assert due.at.date() == dt.date(2027, 2, 16)
    assert not due.provisional


@pytest.mark.parametrize(
    ("asked", "due_day"),
    [
        # Spring Festival 2035: eve Wed 7 Feb to Sat 10 Feb, Sat carried to Mon 12 Feb.
        (shanghai(2035, 2, 6, 10), dt.date(2035, 2, 19)),
        # Dec 30, 31; New Year's Day 2100 is a Friday; Jan 4, 5, 6.
        (shanghai(2099, 12, 29, 10), dt.date(2100, 1, 6)),
    ],
)
def test_any_year_gets_a_provisional_due_date(asked, due_day):
    due = due_for(asked)
    assert due.at.date() == due_day and due.provisional


def test_working_days_elapsed_counts_the_days_after_asking_up_to_the_answer():
    asked = shanghai(2025, 9, 26, 15)
    assert workdays_elapsed(asked, shanghai(2025, 9, 26, 18)) == 0
    assert workdays_elapsed(asked, shanghai(2025, 10, 9, 10)) == 4
    assert workdays_elapsed(asked, due_at_for(asked)) == 5


def test_the_due_count_follows_the_setting(settings):
    settings.QANDA_DUE_WORKING_DAYS = 2
    assert due_date(shanghai(2025, 3, 3, 9)).date() == dt.date(2025, 3, 5)


def test_working_days_elapsed_crosses_into_unpublished_years():
    # Mon 28 Dec 2026 to Mon 4 Jan 2027: Dec 29, 30, 31 and Jan 4 (New Year's Day is off).
    assert workdays_elapsed(shanghai(2026, 12, 28, 9), shanghai(2027, 1, 4, 9)) == 4
    # A whole unpublished year: 2035 has 261 weekdays, 13 of them off (Jan 1; Feb 7, 8, 9 and
    # Mon 12 for Sat 10; Apr 5; May 1, 2; Mon Jun 11 and Mon Sep 17 for Sundays; Oct 1, 2, 3).
    assert workdays_elapsed(shanghai(2034, 12, 31, 9), shanghai(2035, 12, 31, 9)) == 248
