"""The working-day clock: when a learner's question is due, on the Chinese calendar.

Semantics (what the 5-working-day promise means, exactly):

- Days are calendar days in Asia/Shanghai, whatever the server's time zone.
- A day is a working day when the override table (qanda.CalendarOverride, edited in the admin)
  says so; otherwise when the `chinesecalendar` library says so (weekends and public holidays off,
  make-up workdays 调休 on). The override table always wins.
- The day a question is asked never counts (it is a partial day). Day 1 is the first working day
  strictly after the day of asking, so a question asked on a Saturday or during a holiday starts
  counting from the next working day.
- The question is due at the end (23:59:59) of working day N, N = settings.QANDA_DUE_WORKING_DAYS.
- Working days elapsed between asking and answering are the working days after the day of asking
  up to and including the day of the answer (an answer on the day of asking took 0 days, an answer
  on the due day took N). The report's medians use this count.
- A year the library does not cover is known only when the override table holds at least one
  date of that year (the State Council's schedule for it, entered by an admin); days of such a
  year that are not listed follow the weekend rule. A date in a year that is neither raises
  CalendarUnknown: the clock never guesses. The admin dashboard and a system check report such
  years before the clock needs them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import chinese_calendar
from django.conf import settings
from django.utils.translation import gettext as _

CLOCK_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
# Five working days never span more than about three calendar weeks (Spring Festival plus
# weekends); the search for the due day gives up well beyond that.
MAX_SCAN_DAYS = 120


class CalendarUnknown(Exception):
    """The working-day calendar of a year is not known: neither the library nor the override
    table covers it. An admin must enter that year's holidays (Calendar overrides)."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar for %(year)s is not known. Enter that year's public "
                "holidays and make-up workdays under Calendar overrides in the admin, or update "
                "the chinesecalendar library."
            )
            % {"year": year}
        )


def library_covers(year: int) -> bool:
    """Whether the holiday library knows `year`."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkdayCalendar:
    """Working days with the override table loaded once (one query per computation)."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        if overrides is None:
            from .models import CalendarOverride

            overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
        self.overrides = overrides
        self.override_years = {day.year for day in overrides}

    def year_known(self, year: int) -> bool:
        return year in self.override_years or library_covers(year)

    def is_workday(self, day: dt.date) -> bool:
        """Whether `day` is a working day; CalendarUnknown for a year nobody knows."""
        if day in self.overrides:
            return self.overrides[day]
        if library_covers(day.year):
            return chinese_calendar.is_workday(day)
        if day.year in self.override_years:
            return day.weekday() < 5
        raise CalendarUnknown(day.year)

    def nth_workday_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after `day`."""
        found, current = 0, day
        for _step in range(MAX_SCAN_DAYS):
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                found += 1
                if found == n:
                    return current
        raise CalendarUnknown(current.year)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CLOCK_TIME_ZONE).date()


def local_today() -> dt.date:
    """Today in Asia/Shanghai."""
    return local_date(dt.datetime.now(tz=CLOCK_TIME_ZONE))


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CLOCK_TIME_ZONE)


def due_at_for(asked_at: dt.datetime, *, calendar: WorkdayCalendar | None = None) -> dt.datetime:
    """When a question asked at `asked_at` is due: end of the N-th working day after that day."""
    calendar = calendar or WorkdayCalendar()
    due_day = calendar.nth_workday_after(local_date(asked_at), settings.QANDA_DUE_WORKING_DAYS)
    return end_of_day(due_day)


def workdays_elapsed(
    start: dt.datetime, end: dt.datetime, *, calendar: WorkdayCalendar | None = None
) -> int:
    """Working days taken between two moments (see the module docstring)."""
    calendar = calendar or WorkdayCalendar()
    return calendar.workdays_between(local_date(start), local_date(end))


def unknown_years(*, years: list[int], calendar: WorkdayCalendar | None = None) -> list[int]:
    """Those of `years` whose calendar is not known."""
    calendar = calendar or WorkdayCalendar()
    return [year for year in years if not calendar.year_known(year)]


def years_needed(*, today: dt.date | None = None, horizon_days: int | None = None) -> list[int]:
    """The years the clock needs from today up to `horizon_days` ahead (a question asked today
    can be due that far out)."""
    today = today or local_today()
    horizon = horizon_days if horizon_days is not None else settings.QANDA_CALENDAR_HORIZON_DAYS
    return sorted({today.year, (today + dt.timedelta(days=horizon)).year})
