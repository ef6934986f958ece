"""The one clock: the civil time zone every date on the platform is counted in, and "today".

Credit years, enrolment windows, due dates, the Q&A working-day clock and certificate years are
all counted in China Standard Time, whatever the server's TIME_ZONE or the person's own zone, so
two nodes in different zones (or a person abroad) agree on which day it is. Only what a person
sees of their own deadlines (reminders, "days left") uses their profile's zone: `person_today`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

CIVIL_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """Now (or `now`) as an aware datetime in the civil time zone."""
    return (now or timezone.now()).astimezone(CIVIL_TIME_ZONE)


def local_date(moment: dt.datetime) -> dt.date:
    """The civil date of an aware `moment`."""
    return moment.astimezone(CIVIL_TIME_ZONE).date()


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in the civil time zone (of `now` when given)."""
    return local_now(now).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of civil `day`, aware."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CIVIL_TIME_ZONE)


def zone_or_civil(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone called `name`, or the civil zone when it is empty or unknown."""
    if not name:
        return CIVIL_TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return CIVIL_TIME_ZONE


def person_today(*, time_zone: str | None, now: dt.datetime | None = None) -> dt.date:
    """Today's date where a person is (their profile's zone; the civil zone when it is missing
    or unknown)."""
    return (now or timezone.now()).astimezone(zone_or_civil(time_zone)).date()
