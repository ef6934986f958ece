"""Home page: what the GovLearn site shell costs on top of Wagtail serving the same page.

Subject: GET / — the demo's zh-Hans HomePage as visitors get it: every middleware, Wagtail's serve
view (site lookup, routing), context processors, and the page's own template inside the full site
shell (header, navigation, language switch with translation lookups, search box, footer).

Baseline, "bare Wagtail page": the very same request for the very same page instance — same URL,
middleware, session, Wagtail serve view and routing — but the page renders a minimal template that
prints only its own content (title, intro, rich-text body) with no site shell, from Wagtail's own
`Page.get_context`: the home page's reads (its highlights, contests and, for a learner, their
hours, assignments, courses, gaps and notices) are on the subject's side only, so the ratio counts
them. We chose this rather
than a second page model because a second model would need app code that exists only for the
benchmark, and a page at another URL would route differently; swapping only the template isolates
exactly what our templates and shell add, in time and in queries.

Measured for an anonymous visitor and for a logged-in learner (learner1), whose header shows their
name and the sections they may see; the baseline uses the same client, so the session and user
lookups are on both sides.
"""

from __future__ import annotations

import statistics
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import engines
from wagtail.models import Page, Site

from bench.harness import BenchmarkError, Context, Result, percentile

BARE_TEMPLATE = """{% load wagtailcore_tags %}<!DOCTYPE html>
<html lang="{{ page.locale.language_code }}"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><h1>{{ page.title }}</h1><p>{{ page.intro }}</p>{{ page.body|richtext }}</body></html>"""
SHELL_MARKER = b'class="site-header"'
LEARNER = "learner1"


def run(ctx: Context) -> list[Result]:
    call_command("seed_demo", stdout=StringIO())
    home = Site.objects.get(is_default_site=True).root_page.specific
    learner = get_user_model().objects.get(username=LEARNER)
    visitors = [
        ("home page, anonymous", ctx.client(), None),
        ("home page, learner logged in", ctx.client(learner), learner.get_full_name()),
    ]
    return [
        _measure(ctx, name, client, home, expected_name) for name, client, expected_name in visitors
    ]


def _measure(ctx: Context, name: str, client, home, expected_name: str | None) -> Result:
    repeat, warmup = (15, 3) if ctx.quick else (30, 5)
    bare = engines["django"].from_string(BARE_TEMPLATE)

    def get_home():
        return client.get("/")

    subject_body = _check(get_home(), name, must_contain=SHELL_MARKER)
    if expected_name and expected_name.encode() not in subject_body:
        raise BenchmarkError(f"{name}: the header does not show {expected_name!r}.")
    subject_queries = ctx.count_queries(get_home)

    # Only the template and the context change; routing and serving stay Wagtail's own. The
    # patches are started before and stopped after each baseline call, outside its timing...
    patches = [
        mock.patch.object(type(home), "get_template", lambda self, request, *a, **kw: bare),
        mock.patch.object(type(home), "get_context", Page.get_context),
    ]

    def get_bare():
        return client.get("/")

    with _patched(patches):
        baseline_body = _check(get_bare(), f"{name} (baseline)", must_contain=home.title.encode())
        if SHELL_MARKER in baseline_body:
            raise BenchmarkError(f"{name}: the baseline still rendered the site shell.")
        baseline_queries = ctx.count_queries(get_bare)

    # ...so that subject and baseline can alternate: load from elsewhere on a shared machine
    # then falls on both sides alike, as ctx.paired_samples does. Timed: the request only.
    subject_samples, baseline_samples = _paired(get_home, get_bare, patches, repeat, warmup)

    return Result(
        name=name,
        subject_seconds=statistics.median(subject_samples),
        baseline_name="bare Wagtail page (same page, minimal template)",
        baseline_seconds=statistics.median(baseline_samples),
        queries=subject_queries,
        baseline_queries=baseline_queries,
        extra={
            "repeat": repeat,
            "p95_ms": percentile(subject_samples, 0.95) * 1000,
            "baseline_p95_ms": percentile(baseline_samples, 0.95) * 1000,
            "kb": len(subject_body) / 1024,
            "baseline_kb": len(baseline_body) / 1024,
        },
    )


class _patched:
    def __init__(self, patches):
        self.patches = patches

    def __enter__(self):
        for patch in self.patches:
            patch.start()

    def __exit__(self, *exc):
        for patch in reversed(self.patches):
            patch.stop()


def _paired(subject, baseline, patches, repeat: int, warmup: int):
    """Alternating timed samples; the patches are switched between calls, never inside one."""
    import gc
    import time

    for _ in range(warmup):
        subject()
        with _patched(patches):
            baseline()
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    subject_samples, baseline_samples = [], []
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            subject()
            subject_samples.append(time.perf_counter() - start)
            with _patched(patches):
                start = time.perf_counter()
                baseline()
                baseline_samples.append(time.perf_counter() - start)
    finally:
        if was_enabled:
            gc.enable()
    return subject_samples, baseline_samples


def _check(response, name: str, *, must_contain: bytes) -> bytes:
    if response.status_code != 200:
        raise BenchmarkError(f"{name}: GET / answered {response.status_code}, expected 200.")
    if must_contain not in response.content:
        raise BenchmarkError(f"{name}: the response lacks {must_contain!r}.")
    return response.content
