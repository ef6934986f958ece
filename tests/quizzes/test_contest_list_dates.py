"""The contest list gives each contest's start and end with their dates and times, in the site's
time zone (Asia/Shanghai) and the reader's language."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from tests.factories.contests import contest_page
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    # Two days long, starting at 09:30 Beijing time (01:30 UTC) the day after tomorrow.
    in_two_days = timezone.now().astimezone(dt.UTC) + dt.timedelta(days=2)
    starts = in_two_days.replace(hour=1, minute=30, second=0, microsecond=0)
    return contest_page(starts_in=starts - timezone.now(), duration=dt.timedelta(days=2, hours=8))


def _beijing(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.timezone(dt.timedelta(hours=8)))


def test_contest_list_shows_start_and_end_date_and_time_in_beijing_time(client, contest):
    client.force_login(ProfileFactory().user)
    html = client.get(reverse("quizzes:contest_list")).content.decode()
    start, end = _beijing(contest.starts_at), _beijing(contest.ends_at)
    assert f"{start.year}年{start.month}月{start.day}日 09:30" in html
    assert f"{end.year}年{end.month}月{end.day}日 17:30" in html


def test_contest_list_in_english_uses_english_dates(client, contest):
    client.force_login(ProfileFactory().user)
    start, end = _beijing(contest.starts_at), _beijing(contest.ends_at)
    with translation.override("en"):
        html = client.get(reverse("quizzes:contest_list")).content.decode()
        start_month, end_month = dateformat.format(start, "N"), dateformat.format(end, "N")
    assert f"{start_month} {start.day}, {start.year}, 9:30 a.m." in html
    assert f"{end_month} {end.day}, {end.year}, 5:30 p.m." in html
