"""The read replica: dashboard and report reads go to it, everything else and the reads of whoever
has just written go to the primary (core.db_router, core.replicas).

The real test starts a PostgreSQL primary with a streaming replica (bench.servers.PostgresPair),
pauses replay on the replica and runs Django against the pair in a process of its own
(tests/core/replica_scenario.py); the others check the same code with no replica configured.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, router
from django.test import RequestFactory
from django.urls import resolve, reverse

from bench.servers import PostgresPair
from core import replicas
from core.db_router import PrimaryReplicaRouter
from people.models import User

SCENARIO = Path(__file__).with_name("replica_scenario.py")


@pytest.fixture(scope="module")
def replica_observations():
    with PostgresPair() as pair:
        pair.create_database("scenario")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": pair.primary_url("scenario"),
            "DATABASE_REPLICA_URL": pair.replica_url("scenario"),
        }
        env.pop("REDIS_URL", None)
        result = subprocess.run(
            [sys.executable, str(SCENARIO)],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_my_team_reads_the_replica_so_an_unpinned_reader_misses_an_unreplayed_write(
    replica_observations,
):
    seen = replica_observations
    assert seen["reader_before"]["status"] == 200 and seen["reader_before"]["settled"]
    assert seen["reader_before"]["replica_queries"] > 0
    # Replay paused: the person added on the primary is not on the replica, and the other
    # manager's page (which read the replica) does not show them.
    assert seen["write_status"] == 204
    assert seen["reader_paused"]["settled"] and not seen["reader_paused"]["newcomer"]
    assert seen["reader_paused"]["replica_queries"] > 0


def test_the_writer_reads_the_primary_until_the_replica_has_their_write(replica_observations):
    seen = replica_observations
    assert seen["cookie_set"]
    assert seen["writer_paused"]["newcomer"]
    # One query asks the replica how far it has replayed; every read then went to the primary.
    assert seen["writer_paused"]["replica_queries"] == 1


def test_after_replay_resumes_both_managers_see_the_write_from_the_replica(replica_observations):
    seen = replica_observations
    for who in ("reader_resumed", "writer_resumed"):
        assert seen[who]["newcomer"], who
        assert seen[who]["replica_queries"] > 1, who


# --- no replica configured: the same code, every read on the primary -------------------------


def test_without_a_replica_replica_reads_use_the_primary():
    assert "replica" not in settings.DATABASES
    assert router.db_for_read(User) == DEFAULT_DB_ALIAS
    with replicas.replica_reads():
        assert router.db_for_read(User) == DEFAULT_DB_ALIAS
        assert router.db_for_write(User) == DEFAULT_DB_ALIAS


def test_an_object_read_on_the_replica_has_its_relations_read_and_its_writes_on_the_primary():
    user = User(pk=1)
    user._state.db = "replica"
    assert router.db_for_read(User, instance=user) == DEFAULT_DB_ALIAS
    assert router.db_for_write(User, instance=user) == DEFAULT_DB_ALIAS
    assert router.allow_relation(user, User(pk=2))


def test_objects_of_another_alias_keep_djangos_default_routing():
    # The audit maintenance role's connection (trust.services) is used explicitly; the router
    # must not redirect what was read or written there.
    user = User(pk=1)
    user._state.db = "audit_maintenance"
    assert router.db_for_read(User, instance=user) == "audit_maintenance"
    assert router.db_for_write(User, instance=user) == "audit_maintenance"


def test_the_replica_is_never_migrated():
    own = PrimaryReplicaRouter()
    assert own.allow_migrate("replica", "people") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "people") is True


@pytest.mark.django_db
def test_a_write_without_a_replica_sets_no_cookie():
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = replicas.ReplicaConsistencyMiddleware(view)
    response = middleware(RequestFactory().post("/"))
    assert replicas.COOKIE_NAME not in response.cookies


def test_replica_reads_is_a_decorator_and_a_context_manager_that_nests():
    @replicas.replica_reads
    def inside():
        return replicas._wants_replica.get()

    assert inside() is True
    assert replicas._wants_replica.get() is False
    with replicas.replica_reads():
        with replicas.replica_reads():
            assert replicas._wants_replica.get() is True
        assert replicas._wants_replica.get() is True
    assert replicas._wants_replica.get() is False


@pytest.mark.parametrize(
    "name,args",
    [
        ("dashboards:my_team", []),
        ("dashboards:platform", []),
        ("dashboards:person", [1]),
        ("dashboards:export", ["hours", "csv"]),
        ("qanda_quality_report", []),
        ("qanda_quality_export", ["csv"]),
        ("qanda:quality_summary", []),
        ("courses_content_health", []),
    ],
)
def test_dashboards_and_reports_ask_for_the_replica(name, args):
    view = resolve(reverse(name, args=args)).func
    while not getattr(view, "reads_replica", False) and hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    assert getattr(view, "reads_replica", False), name


@pytest.mark.parametrize("name", ["dashboards:assign", "dashboards:export_download"])
def test_pages_that_write_or_hand_out_fresh_files_read_the_primary(name):
    args = ["abc"] if name == "dashboards:export_download" else []
    view = resolve(reverse(name, args=args)).func
    while hasattr(view, "__wrapped__"):
        assert not getattr(view, "reads_replica", False)
        view = view.__wrapped__
    assert not getattr(view, "reads_replica", False)
