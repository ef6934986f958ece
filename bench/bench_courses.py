"""Courses: course and lesson pages against a bare Wagtail page with the same body, and query
counts for 3 and 50 lessons. (Search is measured in bench_search.py.)

Pages. Subject: GET of a live course page (50 lessons) and of one of its lessons, for an enrolled
learner, exactly as served (our serve(), which starts the lesson clock; get_context() with the
learner's progress; our templates in the site shell). Baseline, "bare Wagtail page": the same
request for the same page instance with Wagtail's own Page.serve and Page.get_context and a minimal
template that renders only the same body (the course's rich text; the lesson's StreamField through
the same block templates). Only our page code and templates differ between the two sides. The two
are timed in alternation (one switch picks the side per request), so that load from elsewhere on
a shared machine falls on both.

Query counts: the subject's queries for a course of 3 lessons and of 50 must be identical (the
benchmark fails otherwise).
"""

from __future__ import annotations

import json
import random
import uuid
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template import engines
from django.utils import timezone
from wagtail.models import Page

from bench.bench_search import ZH_RARE, ZH_SENTENCES  # the same study text as the search bench
from bench.harness import BenchmarkError, Context, Result, percentile

BARE_COURSE = """{% load wagtailcore_tags %}<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>{{ page.body|richtext }}</body></html>"""
BARE_LESSON = """{% load wagtailcore_tags %}<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>
{% for block in page.body %}{% include_block block %}{% endfor %}</body></html>"""
SHELL_MARKER = b'class="site-header"'


def _guide() -> dict:
    today = timezone.localdate()
    return {
        "audience": "全体公务员",
        "credit_hours": Decimal("2.0"),
        "estimated_minutes": 90,
        "enrolment_opens": today.replace(year=today.year - 1),
        "enrolment_closes": today.replace(year=today.year + 1),
        "prerequisites": "无",
        "assessment_method": "完成全部课时",
        "pass_mark": 80,
        "certificate_issued": True,
        "contact_person": "刘老师",
        "contact_channel": "010-12345678",
    }


def _lesson_body(rng: random.Random, sentences: list[str], rare: str, rare_share: float) -> str:
    text = "".join(rng.choice(sentences) for _ in range(8))
    if rng.random() < rare_share:
        text += rare
    blocks = [
        {"type": "paragraph", "id": str(uuid.uuid4()), "value": f"<p>{text}</p>"},
        {
            "type": "key_points",
            "id": str(uuid.uuid4()),
            "value": {"heading": "要点", "points": rng.sample(sentences, 3)},
        },
        {
            "type": "callout",
            "id": str(uuid.uuid4()),
            "value": {"kind": "tip", "title": "提示", "text": f"<p>{rng.choice(sentences)}</p>"},
        },
        {
            "type": "check_question",
            "id": str(uuid.uuid4()),
            "value": {
                "question": "下列哪一项是正确的？",
                "choices": rng.sample(sentences, 3),
                "correct_choice": 1,
                "explanation": "见本课内容。",
            },
        },
    ]
    return json.dumps(blocks, ensure_ascii=False)


def _course(topic, title: str, lessons: int, rng, sentences, rare, rare_share, locale):
    from courses.models import CoursePage, LessonPage

    course = CoursePage(
        title=title, slug=f"c-{uuid.uuid4().hex[:10]}", body="<p>课程介绍</p>", **_guide()
    )
    course.locale = locale
    topic.add_child(instance=course)
    for number in range(lessons):
        lesson = LessonPage(
            title=f"{title} · {number + 1}",
            slug=f"l-{number + 1}",
            min_seconds=60,
            body=_lesson_body(rng, sentences, rare, rare_share),
        )
        lesson.locale = locale
        course.add_child(instance=lesson)
    return course


@transaction.atomic
def _seed_pages(rng: random.Random):
    from courses.models import CatalogueIndexPage, TopicPage
    from demo.site import seed_site

    home = seed_site()
    catalogue = CatalogueIndexPage(title="课程目录", slug="bench-catalogue")
    home.add_child(instance=catalogue)
    topic = TopicPage(title="数据治理", slug="bench-topic")
    catalogue.add_child(instance=topic)
    zh = home.locale
    small = _course(topic, "三课时课程", 3, rng, ZH_SENTENCES, ZH_RARE, 0.1, zh)
    large = _course(topic, "五十课时课程", 50, rng, ZH_SENTENCES, ZH_RARE, 0.1, zh)
    return home, catalogue, small, large


def run(ctx: Context) -> list[Result]:
    from courses.models import LessonPage
    from courses.services import enrolment_create

    rng = random.Random(20261125)
    repeat, warmup = (5, 2) if ctx.quick else (25, 5)
    _home, _catalogue, small, large = _seed_pages(rng)
    learner = get_user_model().objects.create_user(username="bench-learner", password="x")
    for course in (small, large):
        enrolment_create(user=learner, course=course)
    client = ctx.client(learner)

    def first_lesson(course):
        return LessonPage.objects.child_of(course).order_by("path").first()

    results = []
    # Query counts must not grow with the number of lessons.
    counts = {}
    for label, course in (("3", small), ("50", large)):
        _get(client, course.url)
        _get(client, first_lesson(course).url)
        counts[label] = (
            ctx.count_queries(lambda c=course: client.get(c.url)),
            ctx.count_queries(lambda c=course: client.get(first_lesson(c).url)),
        )
    if counts["3"] != counts["50"]:
        raise BenchmarkError(
            f"Query counts grow with lessons: 3 -> {counts['3']}, 50 -> {counts['50']}."
        )

    lesson = first_lesson(large)
    for name, page, bare_template, index in (
        ("course page (50 lessons), learner", large, BARE_COURSE, 0),
        ("lesson page, learner", lesson, BARE_LESSON, 1),
    ):
        url = page.url
        body = _get(client, url)
        if SHELL_MARKER not in body:
            raise BenchmarkError(f"{name}: the site shell is missing.")
        bare = engines["django"].from_string(bare_template)
        model = type(page)
        # One switch decides which side serves, so subject and baseline can be timed in
        # alternation (load elsewhere falls on both alike) and both pay the same dispatch.
        side = {"bare": False}
        ours = {attr: getattr(model, attr) for attr in ("get_template", "get_context", "serve")}
        wagtail = {
            "get_template": lambda self, request, *a, bare=bare, **kw: bare,
            "get_context": Page.get_context,
            "serve": Page.serve,
        }

        def dispatch(attr, ours=ours, wagtail=wagtail, side=side):
            def method(self, *args, **kwargs):
                chosen = wagtail[attr] if side["bare"] else ours[attr]
                return chosen(self, *args, **kwargs)

            return method

        def subject(url=url, side=side):
            side["bare"] = False
            return client.get(url)

        def baseline(url=url, side=side):
            side["bare"] = True
            return client.get(url)

        with (
            mock.patch.object(model, "get_template", dispatch("get_template")),
            mock.patch.object(model, "get_context", dispatch("get_context")),
            mock.patch.object(model, "serve", dispatch("serve")),
        ):
            side["bare"] = True
            baseline_body = _get(client, url)
            if SHELL_MARKER in baseline_body:
                raise BenchmarkError(f"{name}: the baseline still rendered the site shell.")
            side["bare"] = False
            if SHELL_MARKER not in _get(client, url):
                raise BenchmarkError(f"{name}: the site shell is missing.")
            subject_samples, baseline_samples = ctx.paired_samples(
                subject, baseline, repeat=repeat, warmup=warmup
            )
            queries = ctx.count_queries(subject)
            baseline_queries = ctx.count_queries(baseline)
        results.append(
            Result(
                name=name,
                subject_seconds=_median(subject_samples),
                baseline_name="bare Wagtail page (same page and body, Wagtail's serve/context, minimal template)",
                baseline_seconds=_median(baseline_samples),
                queries=queries,
                baseline_queries=baseline_queries,
                extra={
                    "queries_3_lessons": counts["3"][index],
                    "queries_50_lessons": counts["50"][index],
                    "p95_ms": percentile(subject_samples, 0.95) * 1000,
                    "baseline_p95_ms": percentile(baseline_samples, 0.95) * 1000,
                },
            )
        )

    return results


def _median(samples: list[float]) -> float:
    import statistics

    return statistics.median(samples)


def _get(client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise BenchmarkError(f"GET {url} answered {response.status_code}, expected 200.")
    return response.content
