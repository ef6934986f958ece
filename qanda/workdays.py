"""The working-day clock: when a learner's question is due, on the Chinese calendar.

Semantics (what the 5-working-day promise means, exactly):

- Days are calendar days in Asia/Shanghai, whatever the server's time zone.
- A day is a working day when the override table (qanda.CalendarOverride, edited in the admin)
  says so; otherwise when the `holidays` library says so: weekends and the statutory public
  holidays (computed for any year from the law, lunar dates included) are off, and the make-up
  workdays 调休 the State Council published are on. The override table always wins.
- The day a question is asked never counts (it is a partial day). Day 1 is the first working day
  strictly after the day of asking, so a question asked on a Saturday or during a holiday starts
  counting from the next working day.
- The question is due at the end (23:59:59) of working day N, N = settings.QANDA_DUE_WORKING_DAYS.
- Working days elapsed between asking and answering are the working days after the day of asking
  up to and including the day of the answer (an answer on the day of asking took 0 days, an answer
  on the due day took N). The report's medians use this count.
- A year is "published" when the library carries the State Council's schedule for it (its make-up
  workdays) or the override table holds at least one date of that year (the schedule, entered by
  an admin). Any other year still has a calendar (statutory holidays and weekends), so the clock
  never stops; a due date that counts a day of such a year is provisional, and is recomputed when
  an admin enters that year's overrides (qanda.services.provisional_due_dates_recompute). The
  admin home page names such years (qanda.wagtail_hooks).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.utils.translation import gettext as _

from core.clock import end_of_day, local_date, local_today

# Five working days never span more than about three calendar weeks (Spring Festival plus
# weekends); the search for the due day gives up well beyond that.
MAX_SCAN_DAYS = 120


class CalendarExhausted(Exception):
    """No working day within MAX_SCAN_DAYS: the override table marks months on end as days off,
    which only a mistaken entry does. The admin must correct Calendar overrides."""

    def __init__(self, day: dt.date):
        self.day = day
        super().__init__(
            _(
                "No working day was found for months after %(day)s. Check the days off entered "
                "under Calendar overrides in the admin."
            )
            % {"day": day.isoformat()}
        )


@functools.lru_cache(maxsize=256)
def _library_year(year: int) -> holidays.HolidayBase:
    # One year per instance, built once per process: asking the instance about another year would
    # make it compute (and store) that year too.
    return holidays.China(years=year)


@functools.lru_cache(maxsize=1)
def library_last_published_year() -> int:
    """The last year whose make-up workdays (substituted days) the holiday library carries."""
    schedule = holidays.China().special_public_holidays
    published = set()
    for year, entries in schedule.items():
        # A year holds one entry or a tuple of them; an entry of 4+ items is a substituted day.
        for entry in entries if isinstance(entries[0], tuple) else (entries,):
            if len(entry) >= 4:
                published.add(year)
    return max(published)


def library_publishes(year: int) -> bool:
    """Whether the holiday library carries the State Council's schedule for `year` (years before
    its last published one are history and count as published)."""
    return year <= library_last_published_year()


def library_is_workday(day: dt.date) -> bool:
    """The library's answer: statutory holidays and weekends off, published make-up days on."""
    return _library_year(day.year).is_working_day(day)


class WorkdayCalendar:
    """Working days with the override table loaded once (one query per computation)."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        if overrides is None:
            from .models import CalendarOverride

            overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
        self.overrides = overrides
        self.override_years = {day.year for day in overrides}

    def year_published(self, year: int) -> bool:
        """Whether `year`'s make-up workdays are known (library or override table)."""
        return year in self.override_years or library_publishes(year)

    def is_workday(self, day: dt.date) -> bool:
        """Whether `day` is a working day (provisional in a year that is not published)."""
        if day in self.overrides:
            return self.overrides[day]
        return library_is_workday(day)

    def nth_workday_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after `day`."""
        found, current = 0, day
        for _step in range(MAX_SCAN_DAYS):
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                found += 1
                if found == n:
                    return current
        raise CalendarExhausted(day)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count

    def span_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether a count over the days after `start` up to `end` used an unpublished year."""
        first = start + dt.timedelta(days=1)
        return any(
            not self.year_published(year) for year in range(first.year, max(first, end).year + 1)
        )


@dataclass(frozen=True)
class Due:
    """A due moment and whether it rests on a year whose make-up workdays are not published."""

    at: dt.datetime
    provisional: bool


def due_for(asked_at: dt.datetime, *, calendar: WorkdayCalendar | None = None) -> Due:
    """When a question asked at `asked_at` is due (end of the N-th working day after that day),
    and whether that is provisional."""
    calendar = calendar or WorkdayCalendar()
    asked_day = local_date(asked_at)
    due_day = calendar.nth_workday_after(asked_day, settings.QANDA_DUE_WORKING_DAYS)
    return Due(at=end_of_day(due_day), provisional=calendar.span_provisional(asked_day, due_day))


def due_at_for(asked_at: dt.datetime, *, calendar: WorkdayCalendar | None = None) -> dt.datetime:
    """When a question asked at `asked_at` is due: end of the N-th working day after that day."""
    return due_for(asked_at, calendar=calendar).at


def workdays_elapsed(
    start: dt.datetime, end: dt.datetime, *, calendar: WorkdayCalendar | None = None
) -> int:
    """Working days taken between two moments (see the module docstring)."""
    calendar = calendar or WorkdayCalendar()
    return calendar.workdays_between(local_date(start), local_date(end))


def unpublished_years(*, years: list[int], calendar: WorkdayCalendar | None = None) -> list[int]:
    """Those of `years` whose make-up workdays are not published (due dates there are
    provisional)."""
    calendar = calendar or WorkdayCalendar()
    return [year for year in years if not calendar.year_published(year)]


def years_needed(*, today: dt.date | None = None, horizon_days: int | None = None) -> list[int]:
    """The years the clock needs from today up to `horizon_days` ahead (a question asked today
    can be due that far out)."""
    today = today or local_today()
    horizon = horizon_days if horizon_days is not None else settings.QANDA_CALENDAR_HORIZON_DAYS
    return sorted({today.year, (today + dt.timedelta(days=horizon)).year})
