"""The audit log's hash chain: each event links to the one before it, so an edited, deleted or
inserted row breaks `audit_verify` at that row (SQLite and PostgreSQL); the database itself refuses
UPDATE and DELETE (SQLite triggers too); pruning leaves a signed checkpoint so the rest still
verifies; on PostgreSQL the application's role cannot delete or back-date events and only the
maintenance role can prune."""

import datetime as dt
import threading
import uuid
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories.trust import old_audit_event as old_event
from trust.audit_chain import event_hash
from trust.models import AuditAction, AuditCheckpoint, AuditEvent, AuditVerification
from trust.services import audit_prune, audit_record, audit_verify

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


@contextmanager
def guards_off():
    """What an intruder with the database owner's rights does first: switch off the guards.
    Inside the test's transaction, so the triggers are back afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER trust_auditevent_append_only")
        else:
            cursor.execute("DROP TRIGGER trust_auditevent_no_update")
            cursor.execute("DROP TRIGGER trust_auditevent_no_delete")
        yield cursor


def three_events():
    return [audit_record(action=AuditAction.LOGIN, actor_username=f"u{i}") for i in range(3)]


def test_each_event_carries_a_hash_linked_to_the_one_before():
    first, second, third = three_events()
    assert first.prev_hash == "" or AuditEvent.objects.filter(pk__lt=first.pk).exists()
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    stored = AuditEvent.objects.get(pk=third.pk)
    assert event_hash(stored, stored.prev_hash) == stored.hash  # what was read back still hashes
    report = audit_verify()
    assert report.ok and report.events_checked == AuditEvent.objects.count()


def test_an_edited_row_breaks_audit_verify_at_that_row():
    _, second, _ = three_events()
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET actor_username = 'forged' WHERE id = %s", [second.pk])  # noqa: S608
    report = audit_verify()
    assert not report.ok
    assert report.broken_event_id == second.pk
    assert report.problem == "content_changed"


def test_a_back_dated_row_breaks_audit_verify_at_that_row():
    first, _, _ = three_events()
    earlier = first.occurred_at - dt.timedelta(days=3)
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET occurred_at = %s WHERE id = %s", [earlier, first.pk])  # noqa: S608
    assert audit_verify().broken_event_id == first.pk


def test_a_deleted_row_breaks_audit_verify_at_the_row_after_it():
    _, second, third = three_events()
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [second.pk])  # noqa: S608
    report = audit_verify()
    assert report.broken_event_id == third.pk
    assert report.problem == "link_broken"


def test_an_inserted_row_breaks_audit_verify_at_that_row():
    first, _, third = three_events()
    # A well-formed forgery that claims to follow the first event, with its own hash right.
    forged = AuditEvent(
        action=AuditAction.LOGIN, actor_username="forged", occurred_at=timezone.now(), details={}
    )
    forged_hash = event_hash(forged, first.hash)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (actor_username, action, target_type, target_id, target_repr,"  # noqa: S608
            " occurred_at, user_agent, result, details, prev_hash, hash)"
            " VALUES ('forged', 'login', '', '', '', %s, '', 'success', '{}', %s, %s)",
            [forged.occurred_at, first.hash, forged_hash],
        )
    forged_id = AuditEvent.objects.get(actor_username="forged").pk
    assert forged_id > third.pk
    report = audit_verify()
    assert report.broken_event_id == forged_id
    assert report.problem == "link_broken"


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_triggers_refuse_raw_update_and_delete():
    event = audit_record(action=AuditAction.LOGIN, actor_username="x")
    old = old_event(400)
    for sql, params in [
        (f"UPDATE {TABLE} SET actor_username = 'forged' WHERE id = %s", [event.pk]),  # noqa: S608
        (f"DELETE FROM {TABLE} WHERE id = %s", [event.pk]),  # noqa: S608
        (f"DELETE FROM {TABLE} WHERE id = %s", [old.pk]),  # noqa: S608 — old, but not via prune
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert AuditEvent.objects.filter(pk__in=[event.pk, old.pk]).count() == 2


def test_pruning_leaves_a_signed_checkpoint_and_the_chain_still_verifies(settings):
    settings.AUDIT_RETENTION_DAYS = 200
    keep = old_event(10)
    old_event(500)
    old_event(400)
    later = old_event(5)
    assert audit_prune() == 2
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.deleted == 2
    assert [run["last_id"] - run["first_id"] for run in checkpoint.runs] == [1]
    report = audit_verify()
    assert report.ok, report
    assert AuditEvent.objects.filter(pk__in=[keep.pk, later.pk]).count() == 2
    # A second prune (nothing left to remove) still verifies across the first gap.
    assert audit_prune() == 0
    assert audit_verify().ok


def test_a_forged_checkpoint_breaks_audit_verify(settings):
    old_event(10)
    old_event(500)
    old_event(10)
    audit_prune()
    checkpoint = AuditCheckpoint.objects.get()
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(deleted=5)
    report = audit_verify()
    assert not report.ok and report.broken_checkpoint_id == checkpoint.pk


def test_prune_refuses_to_remove_evidence_from_a_broken_chain():
    old_event(500)
    event = audit_record(action=AuditAction.LOGIN, actor_username="x")
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET actor_username = 'y' WHERE id = %s", [event.pk])  # noqa: S608
    assert audit_prune() == 0
    assert AuditEvent.objects.filter(occurred_at__lt=timezone.now() - dt.timedelta(days=400))
    assert not AuditCheckpoint.objects.exists()


def test_audit_verify_command_reports_the_first_broken_link_and_is_shown_in_the_admin(
    client, platform_admin
):
    _, second, _ = three_events()
    call_command("audit_verify")
    with guards_off() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET details = '{{\"x\": 1}}' WHERE id = %s", [second.pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"broken at event {second.pk}"):
        call_command("audit_verify")
    assert AuditVerification.objects.count() == 2
    client.force_login(platform_admin)
    response = client.get(reverse("trust_audit_list"))
    assert response.status_code == 200
    # The admin speaks zh-Hans by default.
    assert f"审计链在事件 {second.pk} 处断开" in response.content.decode()


def test_the_chain_is_checked_by_a_daily_job_before_the_prune(settings, run_tasks):
    jobs = settings.DAILY_JOBS
    assert jobs["audit_verify"][0] == "trust.tasks.verify_audit_chain"
    assert jobs["audit_verify"][1] < jobs["audit_prune"][1]
    from trust.tasks import verify_audit_chain

    three_events()
    with run_tasks():
        transaction.on_commit(lambda: verify_audit_chain.enqueue())
    assert AuditVerification.objects.get().ok


# --- PostgreSQL: concurrency and roles --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain():
    from django.db import connections

    errors = []

    def writer(n):
        try:
            for i in range(10):
                audit_record(action=AuditAction.LOGIN, actor_username=f"w{n}-{i}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    hashes = list(AuditEvent.objects.order_by("pk").values_list("prev_hash", flat=True))
    assert len(hashes) == 40 and len(set(hashes)) == 40  # no two events share a predecessor
    assert audit_verify().ok


@pytest.fixture
def pg_roles():
    """A temporary application role and maintenance role, as docs/operations.md sets them up."""
    suffix = uuid.uuid4().hex[:8]
    app, maint = f"govlearn_app_{suffix}", f"govlearn_maint_{suffix}"
    database = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        for role in (app, maint):
            cursor.execute(f'CREATE ROLE "{role}" LOGIN')
            cursor.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
            cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
            cursor.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        # What the application needs: all data privileges, but on the audit log only read/append.
        cursor.execute(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{app}"'
        )
        cursor.execute(f'REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM "{app}"')
        cursor.execute(f'GRANT SELECT, INSERT ON {TABLE}, trust_auditcheckpoint TO "{maint}"')
        cursor.execute(f'GRANT EXECUTE ON FUNCTION trust_audit_prune(timestamptz) TO "{maint}"')
    yield app, maint
    with connection.cursor() as cursor:
        for role in (app, maint):
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                [role],
            )
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role):
    import psycopg

    config = connection.settings_dict
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        dbname=config["NAME"],
        user=role,
    )


def refused(conn, sql, params=()):
    """Run `sql` in its own transaction; True when the database refuses it."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute(sql, params)
    except psycopg.Error:
        return True
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_application_role_cannot_delete_or_back_date_audit_events(pg_roles):
    app, _ = pg_roles
    recent = audit_record(action=AuditAction.LOGIN, actor_username="x")
    old = old_event(400)
    with connect_as(app) as conn:
        conn.autocommit = True
        assert refused(conn, f"DELETE FROM {TABLE} WHERE id = %s", [recent.pk])  # noqa: S608
        assert refused(conn, f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])  # noqa: S608
        assert refused(conn, f"UPDATE {TABLE} SET occurred_at = occurred_at - interval '1 day'")  # noqa: S608
        assert refused(conn, f"TRUNCATE {TABLE}")
        # A session flag any connection can set no longer opens the door.
        with pytest.raises(Exception), conn.transaction():  # noqa: B017
            conn.execute("SET LOCAL govlearn.audit_prune = 'on'")
            conn.execute(f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])  # noqa: S608
        assert refused(conn, "SELECT trust_audit_prune(now())")
        # Even with DELETE granted, the trigger refuses anyone but the owner.
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE, DELETE ON {TABLE} TO "{app}"')
    with connect_as(app) as conn:
        conn.autocommit = True
        assert refused(conn, f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])  # noqa: S608
        assert refused(
            conn,
            f"INSERT INTO {TABLE} (actor_username, action, target_type, target_id, target_repr,"  # noqa: S608
            " occurred_at, user_agent, result, details, prev_hash, hash) VALUES"
            " ('x', 'login', '', '', '', now() - interval '30 days', '', 'success', '{}', '', '')",
        )
        assert not refused(
            conn,
            f"INSERT INTO {TABLE} (actor_username, action, target_type, target_id, target_repr,"  # noqa: S608
            " occurred_at, user_agent, result, details, prev_hash, hash) VALUES"
            " ('x', 'login', '', '', '', now(), '', 'success', '{}', '', '')",
        )
    assert AuditEvent.objects.filter(pk__in=[recent.pk, old.pk]).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_only_the_maintenance_role_can_prune_and_only_old_rows(pg_roles):
    _, maint = pg_roles
    recent = audit_record(action=AuditAction.LOGIN, actor_username="x")
    old = old_event(400)
    with connect_as(maint) as conn:
        conn.autocommit = True
        assert refused(conn, f"DELETE FROM {TABLE} WHERE id = %s", [old.pk])  # noqa: S608
        deleted = conn.execute("SELECT trust_audit_prune(now())").fetchone()[0]
    assert deleted == 1
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
