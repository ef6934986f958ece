"""The audit log is append-only (in the model everywhere, in the database on PostgreSQL), kept at
least 180 days then pruned by a task, records role changes and admin edits of people, and has an
admin viewer with filters and an audited CSV export."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from people.models import Role
from people.services import role_grant, role_revoke
from tests.factories import ProfileFactory
from tests.factories.trust import old_audit_event as old_event
from trust.models import AppendOnlyError, AuditAction, AuditEvent, AuditResult
from trust.services import audit_prune, audit_record

pytestmark = pytest.mark.django_db


def test_an_audit_event_cannot_be_changed_or_deleted_through_the_orm():
    event = audit_record(action=AuditAction.LOGIN, actor_username="x")
    event.actor_username = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "x"


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_of_an_audit_row_in_raw_sql():
    # Old rows, too, for anyone but the owner: tests/trust/test_audit_chain.py (roles).
    event = audit_record(action=AuditAction.LOGIN, actor_username="x")
    old = old_event(400)
    table = AuditEvent._meta.db_table
    for sql, params in [
        (f"UPDATE {table} SET actor_username = 'forged' WHERE id = %s", [event.pk]),  # noqa: S608
        (f"DELETE FROM {table} WHERE id = %s", [event.pk]),  # noqa: S608
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert AuditEvent.objects.filter(pk__in=[event.pk, old.pk]).count() == 2


@pytest.mark.postgres
def test_postgresql_prune_setting_does_not_allow_deleting_recent_rows():
    event = audit_record(action=AuditAction.LOGIN, actor_username="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL govlearn.audit_prune = 'on'")
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s",  # noqa: S608
            [event.pk],
        )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_prune_deletes_only_rows_past_retention_and_records_itself(settings):
    settings.AUDIT_RETENTION_DAYS = 200
    keep = [old_event(10), old_event(199)]
    drop = [old_event(201), old_event(900)]
    assert audit_prune() == 2
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert {e.pk for e in keep} <= remaining
    assert not ({e.pk for e in drop} & remaining)
    pruned = AuditEvent.objects.get(action=AuditAction.AUDIT_PRUNED)
    assert pruned.details["deleted"] == 2


def test_retention_is_never_shorter_than_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    kept = old_event(179)
    assert audit_prune() == 0
    assert AuditEvent.objects.filter(pk=kept.pk).exists()


def test_prune_runs_as_a_background_task(run_tasks, settings):
    from trust.tasks import prune_audit_log

    old_event(500)
    with run_tasks():
        transaction.on_commit(lambda: prune_audit_log.enqueue())
    assert not AuditEvent.objects.filter(occurred_at__lt=timezone.now() - dt.timedelta(days=400))
    assert AuditEvent.objects.filter(action=AuditAction.AUDIT_PRUNED).exists()


def test_role_grants_and_revokes_are_audited_once(learner):
    unit = learner.profile.org_unit
    role_grant(user=learner, role=Role.MANAGER, org_unit=unit)
    role_grant(user=learner, role=Role.MANAGER, org_unit=unit)  # no change, no event
    role_revoke(user=learner, role=Role.MANAGER, org_unit=unit)
    granted = AuditEvent.objects.filter(action=AuditAction.ROLE_GRANTED, target_id=str(learner.pk))
    assert granted.count() == 1
    assert granted.get().details == {"role": "manager", "org_unit": unit.code}
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.ROLE_REVOKED, target_id=str(learner.pk)
        ).count()
        == 1
    )


def test_admin_edits_of_people_are_audited(client, platform_admin):
    platform_admin.is_superuser = True
    platform_admin.save()
    client.force_login(platform_admin)
    person = ProfileFactory()
    response = client.post(
        reverse("wagtailsnippets_people_profile:edit", args=[person.pk]),
        {
            "user": person.user.pk,
            "employee_number": person.employee_number,
            "org_unit": person.org_unit.pk,
            "post": "",
            "rank": "staff_1",
            "preferred_language": "zh-hans",
            "time_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    event = AuditEvent.objects.get(action=AuditAction.PERSON_CHANGED)
    assert event.actor == platform_admin and event.target_type == "people.profile"
    assert event.target_id == str(person.pk)


def test_admin_viewer_filters_by_actor_action_result_and_date(client, platform_admin, learner):
    audit_record(action=AuditAction.LOGIN, actor=learner)
    audit_record(
        action=AuditAction.LOGIN_FAILED, actor_username="intruder", result=AuditResult.FAILURE
    )
    client.force_login(platform_admin)
    today = timezone.now().date().isoformat()
    page = client.get(
        reverse("trust_audit_list"),
        {
            "actor": "intruder",
            "action": "login_failed",
            "result": "failure",
            "date_from": today,
            "date_to": today,
        },
    )
    assert page.status_code == 200
    events = list(page.context["page"])
    assert [e.actor_username for e in events] == ["intruder"]
    page = client.get(
        reverse("trust_audit_list"), {"date_from": "2000-01-01", "date_to": "2000-01-02"}
    )
    assert list(page.context["page"]) == []
    page = client.get(reverse("trust_audit_list"), {"date_from": today, "date_to": "2000-01-01"})
    assert page.context["form"].errors


def test_csv_export_contains_the_filtered_rows_and_is_itself_audited(
    client, platform_admin, learner
):
    audit_record(action=AuditAction.LOGIN, actor=learner)
    audit_record(
        action=AuditAction.LOGIN_FAILED, actor_username="intruder", result=AuditResult.FAILURE
    )
    client.force_login(platform_admin)
    response = client.get(reverse("trust_audit_export"), {"action": "login_failed"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("occurred_at_utc,actor,action")
    assert len(lines) == 2 and "intruder" in lines[1] and learner.username not in body
    exported = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert exported.actor == platform_admin and exported.details["rows"] == 1


def test_only_platform_admins_see_the_audit_log(client, expert, learner):
    for user in (expert, learner):
        client.force_login(user)
        assert client.get(reverse("trust_audit_list")).status_code == 403
        assert client.get(reverse("trust_audit_export")).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 4
