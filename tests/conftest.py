"""Shared fixtures. Tests use the real database (SQLite or DATABASE_URL) and the real task backend."""

import os

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories.people import PASSWORD


@pytest.fixture
def password():
    return PASSWORD


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
    """PostgreSQL-only tests skip on SQLite, except in CI where the PostgreSQL run covers them."""
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(
            reason="needs PostgreSQL (runs in the DATABASE_URL pass of make test)"
        )
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop.
