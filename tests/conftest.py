"""Shared fixtures. Tests use the real database (SQLite or DATABASE_URL) and the real task backend."""

import os

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase

from tests.factories.people import PASSWORD


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def english():
    """The active language is English for the test (for tests that read English wording)."""
    from django.utils import translation

    with translation.override("en"):
        yield


# People and content most tests start from; a folder's conftest may override one (tests/trust
# gives `learner` a profile).
@pytest.fixture
def learner(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_learner(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def staff_admin(db):
    """A superuser who can use the Wagtail admin, enrolled in two-factor authentication (the trust
    app requires it for staff)."""
    from tests.factories import UserFactory
    from tests.factories.trust import enrol_totp

    admin = UserFactory(is_superuser=True, is_staff=True)
    enrol_totp(admin)
    return admin


@pytest.fixture
def admin_client(client, staff_admin):
    """A client signed in as `staff_admin` (two-factor enrolled, so the admin lets it in)."""
    client.force_login(staff_admin)
    return client


@pytest.fixture
def admin_speaks_english(staff_admin):
    """`staff_admin` has chosen English in the Wagtail admin (for tests reading its wording)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_admin)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def course(db):
    """A live course with a complete guide and three plain lessons (120 s minimum each)."""
    from tests.factories import courses as course_factories

    return course_factories.course(lessons=3)


@pytest.fixture
def enrolled(learner, course):
    from courses.services import enrolment_create

    return enrolment_create(user=learner, course=course)


@pytest.fixture
def tree(db):
    """An org tree: a root with a division (bureau) holding a section, and a sibling division."""
    from tests.factories import OrgUnitFactory

    root = OrgUnitFactory(name="市政府", code="root", kind="department")
    bureau = OrgUnitFactory(name="市数据局", code="bureau", kind="division", parent=root)
    section = OrgUnitFactory(name="数据资源处", code="section", parent=bureau)
    sibling = OrgUnitFactory(name="市政务服务中心", code="sibling", kind="division", parent=root)
    return {"root": root, "bureau": bureau, "section": section, "sibling": sibling}


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run every queued background task through the real database worker, as production does.

    Usage: `with run_tasks():` around code that enqueues on commit; the tasks run when the block ends.
    """
    from contextlib import contextmanager

    @contextmanager
    def runner():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        drain_task_queue()

    return runner


def drain_task_queue() -> None:
    """Process all ready tasks with `db_worker --batch`, the production worker code path."""
    from unittest import mock

    # The worker closes "old" connections between tasks; inside a test's transaction that would
    # close the test's own connection on PostgreSQL (SQLite's in-memory database ignores it).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.fixture
def demo(db):
    """The full demo data set, exactly as `make run` loads it."""
    call_command("seed_demo", verbosity=0)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (real concurrent connections) cannot run on SQLite. On a developer's
    machine they show as skipped, with the reason; in CI (CI=true), where nothing may be skipped,
    they are deselected from the SQLite pass because the PostgreSQL pass of `.ci/run` runs them,
    and the run's header says so."""
    if connection.vendor == "postgresql":
        return
    postgres_only = [item for item in items if "postgres" in item.keywords]
    if not postgres_only:
        return
    if os.environ.get("CI", "").lower() == "true":
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if "postgres" not in item.keywords]
        config._postgres_only_deselected = len(postgres_only)
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (runs in the DATABASE_URL pass of make test)")
    for item in postgres_only:
        item.add_marker(skip)


def pytest_report_collectionfinish(config, start_path, items):
    count = getattr(config, "_postgres_only_deselected", 0)
    if count:
        return [f"CI: {count} PostgreSQL-only tests left for the PostgreSQL pass of .ci/run"]
    return []


# What migrations left in each test database (Wagtail's root page and default site, locales, groups,
# the competency framework), serialized once per run; see _flush_back_to_migrated_state.
_MIGRATED_STATE: dict[str, str] = {}


def _snapshot_migrated_state(cls) -> None:
    """Before the first transactional test of the run (each worker's), serialize the database as
    migrations left it; every test before it either ran in a rolled-back transaction or was
    itself handed back this state.

    Taken here rather than through pytest-django's serialized rollback, which only serializes when
    some collected test asks for it, and reads the snapshot from a connection object that
    Playwright's event loop swaps for another one.
    """
    import json

    for alias in cls._databases_names(include_mirrors=False):
        if alias in _MIGRATED_STATE:
            continue
        objects = json.loads(connections[alias].creation.serialize_db_to_string())
        # Content types first: saving some rows (Wagtail indexes snippets on save, even raw
        # saves) looks content types up and would create them under new ids.
        objects.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
        _MIGRATED_STATE[alias] = json.dumps(objects)


_django_fixture_setup = TransactionTestCase._fixture_setup.__func__


@classmethod
def _fixture_setup(cls) -> None:
    _snapshot_migrated_state(cls)
    _django_fixture_setup(cls)


def _flush_back_to_migrated_state(self) -> None:
    """After a transactional test (live server, concurrency, backup restore), empty the database
    and put back what migrations created, so the tests that follow start from the same state
    whichever order the two test workers run files in.

    Django's own teardown flushes and lets post_migrate recreate only part of it (content types,
    permissions, our role groups), which loses Wagtail's page tree and breaks serialized rollback
    in the next test.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    for alias in self._databases_names(include_mirrors=False):
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=alias,
            reset_sequences=False,
            inhibit_post_migrate=True,
        )
        if _MIGRATED_STATE.get(alias):
            connections[alias].creation.deserialize_db_from_string(_MIGRATED_STATE[alias])
    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


TransactionTestCase._fixture_setup = _fixture_setup
TransactionTestCase._fixture_teardown = _flush_back_to_migrated_state


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache. Rolled-back tests reuse row ids, so whatever one test
    cached under an id (a page's rendered parts, a used two-factor code, a ranking) must not be
    read by the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (zh-hans). LocaleMiddleware activates the
    request's language in the test's own thread and nothing deactivates it, so without this a
    test after one that fetched an /en/ page would reverse() English URLs."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """Rate limits count in fixed windows (core.ratelimit); a test that makes N+1 requests must
    not straddle a window boundary by chance and see its count reset, so the limiter's clock
    stands still at the test's start (only the limiter's: everything else keeps real time)."""
    import time as real_time
    from types import SimpleNamespace

    from core import ratelimit

    start = real_time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: start))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Private files (core.storage) in their own folder beside it, never inside it.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop.


def _hypothesis_profile() -> None:
    """One Hypothesis profile for the suite: reproducible (derandomized) and writing no example
    database into the repository; HYPOTHESIS_PROFILE=dev explores more, still without one."""
    from hypothesis import HealthCheck, settings

    common = {
        "database": None,
        "deadline": None,
        "suppress_health_check": [
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    }
    settings.register_profile("ci", derandomize=True, **common)
    settings.register_profile("dev", max_examples=200, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profile()
