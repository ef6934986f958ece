"""Course pages for tests: a home page, catalogue, topic, course (with a complete guide) and
lessons, built the way editors build them (live pages under the right parents)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from courses.models import (
    CatalogueIndexPage,
    CourseMaterial,
    CoursePage,
    LessonPage,
    TopicPage,
)
from courses.search import index_page
from home.models import HomePage

_slugs = itertools.count(1)


def _slug(prefix: str) -> str:
    return f"{prefix}-{next(_slugs)}"


def home_page() -> HomePage:
    """The Chinese home page (with its English translation) as the default site's root."""
    from demo.site import seed_site

    return seed_site()


def document(title: str = "课程讲义", text: str = "讲义内容") -> object:
    Document = get_document_model()
    doc = Document(title=title)
    doc.file.save(f"{_slug('doc')}.txt", ContentFile(text.encode("utf-8")), save=False)
    doc.save()
    return doc


def complete_guide(**overrides) -> dict:
    """Every guide field filled in, with an enrolment window around today."""
    today = timezone.localdate()
    guide = {
        "audience": "全体公务员",
        "credit_hours": Decimal("2.0"),
        "estimated_minutes": 90,
        "enrolment_opens": today - dt.timedelta(days=30),
        "enrolment_closes": today + dt.timedelta(days=30),
        "completion_deadline": today + dt.timedelta(days=60),
        "prerequisites": "无",
        "assessment_method": "完成全部课时",
        "pass_mark": 80,
        "certificate_issued": True,
        "contact_person": "刘老师",
        "contact_channel": "010-12345678",
    }
    guide.update(overrides)
    return guide


def catalogue(*, home: HomePage | None = None, title: str = "课程目录") -> CatalogueIndexPage:
    home = home or home_page()
    page = CatalogueIndexPage(title=title, slug=_slug("catalogue"))
    home.add_child(instance=page)
    return page


def topic(*, parent: CatalogueIndexPage | None = None, title: str = "数据治理", **fields):
    parent = parent or catalogue()
    page = TopicPage(title=title, slug=_slug("topic"), **fields)
    parent.add_child(instance=page)
    return page


def course(
    *,
    parent: TopicPage | None = None,
    title: str = "政务数据共享与开放",
    lessons: int = 3,
    live: bool = True,
    index: bool = False,
    tags: list[str] | None = None,
    lesson_kwargs: dict | None = None,
    **guide,
) -> CoursePage:
    """A course with a complete guide, one material and `lessons` live lessons. Pages are saved
    live directly (no revisions) to keep tests fast; `index=True` also indexes them for search."""
    parent = parent or topic()
    page = CoursePage(
        title=title, slug=_slug("course"), live=live, summary="课程简介", **complete_guide(**guide)
    )
    page.materials = [CourseMaterial(title="讲义", document=document())]
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    for number in range(lessons):
        lesson(parent=page, title=f"第{number + 1}课 数据共享的原则", **(lesson_kwargs or {}))
    if index:
        index_tree(page)
    return page


def question(
    text: str = "数据共享的原则是什么？",
    choices: tuple[str, ...] = ("共享为原则、不共享为例外", "不共享为原则"),
    correct: int = 1,
    block_id: str | None = None,
) -> dict:
    return {
        "type": "check_question",
        "id": block_id or str(uuid.uuid4()),
        "value": {
            "question": text,
            "choices": list(choices),
            "correct_choice": correct,
            "explanation": "以共享为原则是数据共享的基本要求。",
        },
    }


def paragraph(html: str = "<p>政务数据共享是一网通办的基础。</p>") -> dict:
    return {"type": "paragraph", "id": str(uuid.uuid4()), "value": html}


def lesson(
    *,
    parent: CoursePage,
    title: str = "数据共享的原则",
    body: list[dict] | None = None,
    min_seconds: int = 120,
    live: bool = True,
    **fields,
) -> LessonPage:
    page = LessonPage(
        title=title,
        slug=_slug("lesson"),
        live=live,
        min_seconds=min_seconds,
        body=json.dumps(body if body is not None else [paragraph()], ensure_ascii=False),
        **fields,
    )
    parent.add_child(instance=page)
    return page


def translate(page, **fields):
    """The English translation of `page` (its parent must be translated already), live."""
    en, _ = Locale.objects.get_or_create(language_code="en")
    translated = page.copy_for_translation(en)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.live = page.live
    translated.save()
    return translated


def index_tree(page) -> None:
    """Index `page` and its live descendants for search."""
    index_page(page)
    for child in page.get_descendants().live().specific():
        index_page(child)
