"""Upgrading a database from before ScheduledRun moved to core keeps its rows, its content type
and the permissions granted on it (core 0001 and trust 0006), on SQLite and PostgreSQL alike."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

OLD_TRUST = ("trust", "0005_audit_chain_triggers_and_roles")
BEFORE_THE_MOVE = [OLD_TRUST, ("core", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # A fresh loader sees what is applied now.


@pytest.mark.django_db(transaction=True)
def test_upgrading_keeps_scheduled_runs_their_content_type_and_granted_permissions():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from core.models import ScheduledRun

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state([OLD_TRUST]).apps
        old_run = old.get_model("trust", "ScheduledRun")
        old_types = old.get_model("contenttypes", "ContentType")
        old_permissions = old.get_model("auth", "Permission")
        old_groups = old.get_model("auth", "Group")
        queued = dt.datetime(2026, 11, 24, 0, 20, tzinfo=dt.UTC)
        old_run.objects.create(job="expire_certificates", day=queued.date(), queued_at=queued)
        old_run.objects.create(
            job="escalate_questions", day=queued.date(), queued_at=queued, task_id="t-2"
        )
        trust_type = old_types.objects.get(app_label="trust", model="scheduledrun")
        view = old_permissions.objects.get(content_type=trust_type, codename="view_scheduledrun")
        old_groups.objects.create(name="Run watchers").permissions.add(view)
        # A post_migrate run by the new code before the upgrade leaves an empty twin behind.
        twin = old_types.objects.create(app_label="core", model="scheduledrun")
        old_permissions.objects.create(
            content_type=twin, codename="view_scheduledrun", name="Can view scheduled run"
        )
        with connection.cursor() as cursor:
            assert "trust_scheduledrun" in connection.introspection.table_names(cursor)
    finally:
        _migrate(latest)

    ContentType.objects.clear_cache()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "core_scheduledrun" in tables and "trust_scheduledrun" not in tables
    assert sorted(ScheduledRun.objects.values_list("job", "day", "task_id")) == [
        ("escalate_questions", queued.date(), "t-2"),
        ("expire_certificates", queued.date(), ""),
    ]
    moved = ContentType.objects.get(app_label="core", model="scheduledrun")
    assert moved.pk == trust_type.pk
    assert not ContentType.objects.filter(app_label="trust", model="scheduledrun").exists()
    assert not ContentType.objects.filter(pk=twin.pk).exists()
    granted = Group.objects.get(name="Run watchers").permissions.get()
    assert (granted.pk, granted.content_type_id) == (view.pk, moved.pk)
    assert Permission.objects.filter(content_type=moved).count() == 4
    # The renamed table kept its unique constraint: still once a day.
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(job="escalate_questions", day=queued.date(), queued_at=queued)
