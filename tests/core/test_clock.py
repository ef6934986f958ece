"""The one clock counts days in China Standard Time whatever the server's zone."""

import datetime as dt

import time_machine
from django.test import override_settings

from core import clock

UTC = dt.UTC


def test_today_is_the_civil_date_not_the_servers():
    # 17:30 UTC on 31 December is already 1 January in Beijing.
    moment = dt.datetime(2031, 12, 31, 17, 30, tzinfo=UTC)
    with override_settings(TIME_ZONE="America/New_York"), time_machine.travel(moment, tick=False):
        assert clock.local_today() == dt.date(2032, 1, 1)
    assert clock.local_today(moment) == dt.date(2032, 1, 1)
    assert clock.local_date(moment) == dt.date(2032, 1, 1)


def test_end_of_day_is_the_last_civil_second():
    end = clock.end_of_day(dt.date(2040, 2, 29))
    assert end.astimezone(UTC) == dt.datetime(2040, 2, 29, 15, 59, 59, tzinfo=UTC)


def test_person_today_uses_their_zone_and_falls_back_to_civil():
    moment = dt.datetime(2030, 6, 30, 20, 0, tzinfo=UTC)
    assert clock.person_today(time_zone="Europe/London", now=moment) == dt.date(2030, 6, 30)
    assert clock.person_today(time_zone="Asia/Shanghai", now=moment) == dt.date(2030, 7, 1)
    assert clock.person_today(time_zone="Nowhere/Atlantis", now=moment) == dt.date(2030, 7, 1)
    assert clock.person_today(time_zone="", now=moment) == dt.date(2030, 7, 1)
