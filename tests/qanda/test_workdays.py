"""The working-day clock: weekends, the National Day holiday and its make-up workdays, year
boundaries, admin overrides, and years nobody knows (never guessed)."""

import datetime as dt

import pytest

from qanda import workdays
from qanda.services import calendar_override_set
from qanda.workdays import CalendarUnknown, WorkdayCalendar, due_at_for, workdays_elapsed
from tests.factories.qanda import shanghai

pytestmark = pytest.mark.django_db


def due_date(asked):
    return due_at_for(asked).astimezone(workdays.CLOCK_TIME_ZONE)


def test_the_library_knows_2025_national_day_and_its_make_up_days():
    calendar = WorkdayCalendar(overrides={})
    assert calendar.is_workday(dt.date(2025, 9, 28))  # Sunday, make-up workday
    assert calendar.is_workday(dt.date(2025, 10, 11))  # Saturday, make-up workday
    assert not any(calendar.is_workday(dt.date(2025, 10, day)) for day in range(1, 9))


def test_a_question_asked_on_monday_is_due_at_the_end_of_next_monday():
    due = due_date(shanghai(2025, 3, 3, 9))  # Monday
    assert due == dt.datetime(2025, 3, 10, 23, 59, 59, tzinfo=workdays.CLOCK_TIME_ZONE)


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


def test_a_year_nobody_knows_raises_instead_of_guessing():
    unknown_year = 2099
    assert not workdays.library_covers(unknown_year)
    with pytest.raises(CalendarUnknown) as raised:
        due_at_for(shanghai(unknown_year, 3, 2, 10))
    assert str(unknown_year) in str(raised.value)


def test_overrides_make_an_unknown_year_known():
    calendar_override_set(date=dt.date(2099, 1, 1), is_workday=False, note="元旦")
    # Thu 31 Dec 2098 is unknown too; ask in 2099 instead: Mon 5 Jan 2099 -> Mon 12 Jan.
    assert due_date(shanghai(2099, 1, 5, 10)).date() == dt.date(2099, 1, 12)


def test_working_days_elapsed_counts_the_days_after_asking_up_to_the_answer():
    asked = shanghai(2025, 9, 26, 15)
    assert workdays_elapsed(asked, shanghai(2025, 9, 26, 18)) == 0
    assert workdays_elapsed(asked, shanghai(2025, 10, 9, 10)) == 4
    assert workdays_elapsed(asked, due_at_for(asked)) == 5


def test_the_due_count_follows_the_setting(settings):
    settings.QANDA_DUE_WORKING_DAYS = 2
    assert due_date(shanghai(2025, 3, 3, 9)).date() == dt.date(2025, 3, 5)
