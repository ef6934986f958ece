"""The fuzz world, built once per test module inside a transaction that is rolled back at the end
of the module (each test then runs in its own savepoint, so what one walk changes is undone), and
`walk`, which walks one route as one visitor."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from .routes import ROUTES, all_patterns
from .values import FIXED, hostile
from .walker import places, walk_once
from .world import build_world

LANGUAGES = ("zh-hans", "en")
VISITORS = ("anonymous", "learner", "manager", "staff")
#: Generated examples per route and visitor, after the fixed ones (FUZZ_EXAMPLES=200 to explore).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))


@pytest.fixture(scope="module")
def fuzz_media(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, fuzz_media):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=fuzz_media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def walk(world, db, settings, fuzz_media):
    """walk(key, visitor): the fixed hostile values, each in one place of the route (turn by
    turn), then generated ones in generated places, in both languages; fails on any 5xx."""
    settings.MEDIA_ROOT = fuzz_media
    patterns = {p.key: p for p in all_patterns()}

    def run(key: str, visitor: str) -> None:
        pattern = patterns[key]
        user = world.users[visitor]
        client = Client()
        where = places(pattern, world)

        def login():
            cache.clear()  # rate limits and lockouts count per test, not across the walk
            if user is not None:
                client.force_login(user)

        # Each visitor takes every fourth fixed value, so across the four visitor files every
        # route gets every fixed value once, in a place that moves on with each value.
        offset = VISITORS.index(visitor)
        for index, value in enumerate(FIXED):
            if index % len(VISITORS) != offset:
                continue
            login()
            walk_once(
                client,
                pattern,
                world,
                place=where[(index // len(VISITORS)) % len(where)],
                value=value,
                language=LANGUAGES[index % 2],
            )

        @hypothesis_settings(max_examples=EXAMPLES)
        @given(
            place=st.sampled_from(where),
            value=hostile,
            language=st.sampled_from(LANGUAGES),
        )
        def generated(place, value, language):
            login()
            walk_once(client, pattern, world, place=place, value=value, language=language)

        generated()

    return run


WALKED = sorted(ROUTES)
