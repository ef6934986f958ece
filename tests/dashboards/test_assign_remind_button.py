"""The Remind button on My team: it shows when the person was last reminded, gives way to that
text during the cool-down, and a second press (a stale page, a forged POST) is refused with a
message and sends nothing. The page costs the same queries however many rows were reminded."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.dashboards.conftest import make_admin
from tests.factories import ProfileFactory
from tests.factories import courses as course_factories
from training.actions import reminder_cooldown
from training.models import Notice, ReminderRule, ReminderSent
from training.services import training_assignment_create

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def en(name, *args):
    """The English page's address (the language is the URL's prefix)."""
    with translation.override("en"):
        return reverse(name, args=args)


PAST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def _overdue(*users):
    """An assignment of everyone in `users`, overdue since 2020 (whatever today is)."""
    return training_assignment_create(
        assigned_by=make_admin(),
        course=course_factories.course(lessons=1),
        users=list(users),
        due_date=dt.date(2020, 1, 10),
        now=PAST,
    )


def _remind_url(target):
    return en("dashboards:remind", target.pk)


def _remind_forms(page: str, target) -> int:
    return page.count(f'action="{_remind_url(target)}"')


def test_button_shows_until_pressed_then_the_page_says_reminded_just_now(
    client, manager, inside, mailoutbox
):
    target = _overdue(inside.user).targets.get()
    client.force_login(manager)
    page = client.get(en("dashboards:my_team"), **EN).content.decode()
    assert _remind_forms(page, target) == 1
    assert "Reminded just now" not in page and "Last reminded" not in page
    response = client.post(_remind_url(target), {"next": en("dashboards:my_team")}, **EN)
    assert response.status_code == 302 and len(mailoutbox) == 1
    page = client.get(response["Location"], **EN).content.decode()
    assert "组内张三 has been reminded." in page
    assert "Reminded just now" in page
    assert _remind_forms(page, target) == 0


def test_a_reminder_two_hours_ago_is_shown_instead_of_the_button(client, manager, inside):
    target = _overdue(inside.user).targets.get()
    ReminderSent.objects.create(
        target=target,
        rule=ReminderRule.MANUAL,
        key="k",
        sent_at=timezone.now() - dt.timedelta(hours=2),
        sent_by=manager,
    )
    client.force_login(manager)
    page = client.get(en("dashboards:my_team"), **EN).content.decode()
    assert "Reminded 2\xa0hours ago" in page
    assert _remind_forms(page, target) == 0


def test_after_the_cool_down_the_button_is_back_with_the_last_date(client, manager, inside):
    target = _overdue(inside.user).targets.get()
    sent_at = timezone.now() - reminder_cooldown() - dt.timedelta(hours=1)
    ReminderSent.objects.create(target=target, rule=ReminderRule.OVERDUE, key="", sent_at=sent_at)
    client.force_login(manager)
    page = client.get(en("dashboards:my_team"), **EN).content.decode()
    assert _remind_forms(page, target) == 1
    assert "Last reminded on" in page


def test_a_second_press_within_the_cool_down_is_refused_with_a_message(
    client, manager, inside, mailoutbox
):
    target = _overdue(inside.user).targets.get()
    client.force_login(manager)
    assert "has been reminded." in client.post(_remind_url(target), follow=True).content.decode()
    response = client.post(_remind_url(target), follow=True, **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "组内张三 was reminded" in page and "Another reminder can be sent from" in page
    assert "has been reminded." not in page
    assert len(mailoutbox) == 1
    assert ReminderSent.objects.count() == 1 and Notice.objects.count() == 1


def test_my_team_queries_do_not_grow_with_reminded_rows(client, manager, tree):
    people = [ProfileFactory(org_unit=tree["section"]).user for _ in range(8)]
    targets = list(_overdue(*people).targets.all())
    client.force_login(manager)
    client.get(en("dashboards:my_team"))  # warm caches
    with CaptureQueriesContext(connection) as none_reminded:
        client.get(en("dashboards:my_team"))
    for target in targets[:6]:
        ReminderSent.objects.create(
            target=target, rule=ReminderRule.MANUAL, key="k", sent_at=timezone.now()
        )
    with CaptureQueriesContext(connection) as six_reminded:
        page = client.get(en("dashboards:my_team"), **EN).content.decode()
    assert page.count("Reminded just now") == 6
    assert len(none_reminded) == len(six_reminded)
