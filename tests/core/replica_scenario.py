"""Run by tests/core/test_db_router.py in a process of its own, with DATABASE_URL on the primary and
DATABASE_REPLICA_URL on the streaming replica of a bench.servers.PostgresPair (Django's test
runner would mirror the replica onto the primary, which is what this must not do).

Prints one JSON object of observations; the test asserts on them.
"""

import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import psycopg  # noqa: E402
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, path, reverse  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

REPLICA_URL = os.environ["DATABASE_REPLICA_URL"]
PRIMARY_URL = os.environ["DATABASE_URL"]


def replica_sql(sql: str):
    with psycopg.connect(REPLICA_URL, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchone() if cursor.description else None


def wait_replayed(timeout: float = 30) -> None:
    with psycopg.connect(PRIMARY_URL, autocommit=True) as connection:
        lsn = connection.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0]:
            return
        time.sleep(0.05)
    raise RuntimeError("replica did not catch up")


def build_schema() -> None:
    # The schema straight from the models (as pytest-django's --no-migrations does): a full
    # migrate takes most of a minute, and the router does not care how the tables came to be.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="zh-hans")
    if not Page.objects.filter(depth=1).exists():
        root = Page.add_root(instance=Page(title="Root", slug="root"))
        Site.objects.create(hostname="testserver", root_page=root, is_default_site=True)


def add_person(request):
    """A write through a request (the kind of POST a person makes), for the scenario only."""
    from people.models import OrgUnit
    from tests.factories import ProfileFactory

    unit = OrgUnit.objects.get(pk=request.POST["unit"])
    ProfileFactory(org_unit=unit, user__full_name=request.POST["name"])
    return HttpResponse(status=204)


def use_scenario_urls() -> None:
    from config import urls

    module = ModuleType("replica_scenario_urls")
    module.urlpatterns = [
        path("replica-scenario/add-person/", require_POST(add_person)),
        *urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def main() -> None:
    from people.models import Role
    from tests.factories import OrgUnitFactory, ProfileFactory, UserFactory, grant_role

    settings.ALLOWED_HOSTS = ["testserver"]
    build_schema()
    use_scenario_urls()
    unit = OrgUnitFactory(name="Replica bureau", code="replica-bureau", kind="division")
    writer = UserFactory(full_name="Writer Manager")
    reader = UserFactory(full_name="Reader Manager")
    for manager in (writer, reader):
        grant_role(manager, Role.MANAGER, unit)
    ProfileFactory(org_unit=unit, user__full_name="Zhang Settled")
    writer_client, reader_client = Client(), Client()
    writer_client.force_login(writer)
    reader_client.force_login(reader)
    wait_replayed()
    team = reverse("dashboards:my_team")
    seen = {}

    def page(client, key):
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            response = client.get(team, HTTP_ACCEPT_LANGUAGE="en")
        text = response.content.decode()
        seen[key] = {
            "status": response.status_code,
            "settled": "Zhang Settled" in text,
            "newcomer": "Li Newcomer" in text,
            "replica_queries": len(on_replica.captured_queries),
        }

    page(reader_client, "reader_before")
    replica_sql("SELECT pg_wal_replay_pause()")
    # The writer adds a person to the unit through a request: a POST, as every write here is.
    response = writer_client.post(
        "/replica-scenario/add-person/", {"unit": unit.pk, "name": "Li Newcomer"}
    )
    seen["write_status"] = response.status_code
    seen["cookie_set"] = "govlearn_written" in response.cookies
    time.sleep(0.3)  # the WAL reaches the paused replica, which must still not show the person
    page(reader_client, "reader_paused")
    page(writer_client, "writer_paused")
    replica_sql("SELECT pg_wal_replay_resume()")
    wait_replayed()
    page(reader_client, "reader_resumed")
    page(writer_client, "writer_resumed")
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
