"""Demo catalogue: bilingual topics, five courses with lessons and complete guides, the course
review workflow, and learners part-way through. Idempotent: existing pages and enrolments are left
as they are."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from courses import services
from courses.models import (
    CatalogueIndexPage,
    CourseMaterial,
    CoursePage,
    Enrolment,
    LessonPage,
    TopicPage,
)
from home.models import HomePage
from people.models import User

from .course_content_a import CYBERSECURITY, DATA_SHARING, ONE_STOP
from .course_content_b import AI_IN_GOVERNMENT, CLOUD_PLATFORMS

CATALOGUE = {
    "slug": "courses",
    "zh": {"title": "课程目录", "intro": "<p>按主题浏览数字政府与电子政务课程。</p>"},
    "en": {
        "title": "Course catalogue",
        "intro": "<p>Browse digital-government and e-government courses by topic.</p>",
    },
}

# (slug, zh title, en title, zh intro, en intro, zh tags, en tags, courses)
TOPICS = [
    (
        "digital-services",
        "数字政府与政务服务",
        "Digital government and public services",
        "一网通办、流程再造和线上线下融合。",
        "One-stop services, procedure re-engineering, online and counter services together.",
        ["数字政府", "政务服务"],
        ["digital government", "public services"],
        [ONE_STOP],
    ),
    (
        "data-governance",
        "数据共享与治理",
        "Data sharing and governance",
        "政务数据目录、部门间共享和公共数据开放。",
        "Data catalogues, sharing between departments and open public data.",
        ["数据治理"],
        ["data governance"],
        [DATA_SHARING],
    ),
    (
        "security",
        "网络安全与个人信息保护",
        "Cybersecurity and personal information",
        "等级保护、个人信息处理规则和应急处置。",
        "Multi-level protection, personal-information rules and incident response.",
        ["网络安全"],
        ["cybersecurity"],
        [CYBERSECURITY],
    ),
    (
        "new-technology",
        "新技术与政务平台",
        "New technology and government platforms",
        "人工智能、政务云和共性支撑平台。",
        "Artificial intelligence, government cloud and shared platforms.",
        ["新技术"],
        ["new technology"],
        [AI_IN_GOVERNMENT, CLOUD_PLATFORMS],
    ),
    # Being prepared: no course yet, so learners never see it; the content-health report lists it.
    (
        "blockchain",
        "区块链政务应用",
        "Blockchain in government",
        "课程正在编写中。",
        "Courses are being written.",
        [],
        [],
        [],
    ),
]

# username -> (course slug, lessons to complete, seconds on the next lesson, days ago started)
LEARNER_PROGRESS = {
    "learner1": [("yiwangtongban", 1, 90, 6)],
    "learner2": [("shuju-gongxiang-kaifang", 3, 0, 20)],
    "learner3": [("wangluo-anquan-geren-xinxi", 2, 60, 10)],
    "learner4": [("yiwangtongban", 3, 0, 15), ("rengong-zhineng-zhengwu", 0, 120, 3)],
    "learner5": [("zhengwuyun-pingtai", 1, 0, 8)],
}


def _locales() -> tuple[Locale, Locale]:
    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return zh, en


def _publish(page):
    page.save_revision().publish()
    return page


def _translate(page, en: Locale, fields: dict, *, tags=None, materials=None):
    """The English translation of `page`, created and published once."""
    translated = page.get_translation_or_none(en)
    if translated is not None:
        return translated
    translated = page.copy_for_translation(en)
    for name, value in fields.items():
        setattr(translated, name, value)
    if tags is not None:
        translated.tags.clear()
        translated.tags.add(*tags)
    if materials is not None:
        translated.materials = materials
    return _publish(translated)


def _document(title: str, text: str, filename: str):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(text.encode("utf-8")), save=False)
        document.save()
    return document


def _stream(slug: str, body: list, language: int) -> str:
    """Raw StreamField JSON; block ids are the same in both languages so a translated check
    question is the same question."""
    blocks = []
    for index, (kind, zh_value, en_value) in enumerate(body):
        block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"govlearn-demo/{slug}/{index}"))
        blocks.append({"type": kind, "value": (zh_value, en_value)[language], "id": block_id})
    return json.dumps(blocks, ensure_ascii=False)


def _course_fields(course: dict, language: str) -> dict:
    text = course[language]
    today = timezone.localdate()
    return {
        "title": text["title"],
        "summary": text["summary"],
        "body": text["body"],
        "audience": text["audience"],
        "prerequisites": text["prerequisites"],
        "assessment_method": text["assessment_method"],
        "contact_person": text["contact_person"],
        "contact_channel": text["contact_channel"],
        "credit_hours": Decimal(course["credit_hours"]),
        "estimated_minutes": course["estimated_minutes"],
        "pass_mark": course["pass_mark"],
        "certificate_issued": course["certificate_issued"],
        "enrolment_opens": dt.date(today.year - 1, 1, 1),
        "enrolment_closes": dt.date(today.year + 1, 12, 31),
        "completion_deadline": dt.date(today.year + 1, 12, 31),
    }


def _seed_course(topic_zh: TopicPage, topic_en: TopicPage, course: dict, en: Locale):
    existing = CoursePage.objects.filter(slug=course["slug"], locale=topic_zh.locale).first()
    if existing is not None:
        return existing
    zh_doc_title, zh_doc_text = course["zh"]["material"]
    en_doc_title, en_doc_text = course["en"]["material"]
    zh_doc = _document(zh_doc_title, zh_doc_text, f"{course['slug']}-zh.txt")
    en_doc = _document(en_doc_title, en_doc_text, f"{course['slug']}-en.txt")
    page = CoursePage(slug=course["slug"], live=False, **_course_fields(course, "zh"))
    page.materials = [CourseMaterial(title=zh_doc_title, document=zh_doc)]
    page.tags.add(*course["tags"][0])
    topic_zh.add_child(instance=page)
    # Lessons first: a course with no published lesson cannot be published.
    lessons = []
    for lesson in course["lessons"]:
        lesson_page = LessonPage(
            slug=lesson["slug"],
            title=lesson["title"][0],
            summary=lesson["summary"][0],
            estimated_minutes=lesson["minutes"],
            min_seconds=lesson["min_seconds"],
            body=_stream(lesson["slug"], lesson["body"], 0),
            live=False,
        )
        page.add_child(instance=lesson_page)
        lessons.append(_publish(lesson_page))
    _publish(CoursePage.objects.get(pk=page.pk))
    page = CoursePage.objects.get(pk=page.pk)
    # English: the course draft, its lessons, then the course.
    page_en = page.copy_for_translation(en)
    for name, value in _course_fields(course, "en").items():
        setattr(page_en, name, value)
    page_en.tags.clear()
    page_en.tags.add(*course["tags"][1])
    page_en.materials = [CourseMaterial(title=en_doc_title, document=en_doc)]
    page_en.save_revision()
    for lesson, lesson_page in zip(course["lessons"], lessons, strict=True):
        _translate(
            lesson_page,
            en,
            {
                "title": lesson["title"][1],
                "summary": lesson["summary"][1],
                "body": _stream(lesson["slug"], lesson["body"], 1),
                "slug": lesson["slug"],
            },
        )
    _publish(CoursePage.objects.get(pk=page_en.pk).get_latest_revision_as_object())
    return page


def _seed_progress(users: dict[str, User]) -> None:
    now = timezone.now()
    for username, plans in LEARNER_PROGRESS.items():
        user = users.get(username) or User.objects.filter(username=username).first()
        if user is None:
            continue
        for slug, lessons_done, extra_seconds, days_ago in plans:
            course = CoursePage.objects.filter(slug=slug, locale__language_code="zh-hans").first()
            if course is None or Enrolment.objects.filter(user=user, course=course).exists():
                continue
            clock = now - dt.timedelta(days=days_ago)
            services.enrolment_create(user=user, course=course, now=clock)
            lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
            for index, lesson in enumerate(lessons):
                if index < lessons_done:
                    clock = _study(user, lesson, lesson.min_seconds, clock)
                    for block_id, question in lesson.check_questions().items():
                        services.check_answer_submit(
                            user=user,
                            lesson=lesson,
                            block_id=block_id,
                            choice=question["correct_choice"],
                            now=clock,
                        )
                elif index == lessons_done and extra_seconds:
                    clock = _study(user, lesson, extra_seconds, clock)


def _study(user, lesson, seconds: int, clock: dt.datetime) -> dt.datetime:
    """Open the lesson and send 30-second heartbeats for `seconds`, as the lesson page would."""
    services.lesson_visit(user=user, lesson=lesson, now=clock)
    for _ in range(0, seconds, 30):
        clock += dt.timedelta(seconds=30)
        services.lesson_heartbeat(user=user, lesson=lesson, now=clock)
    return clock + dt.timedelta(seconds=5)


@transaction.atomic
def seed_courses(users: dict[str, User] | None = None) -> CatalogueIndexPage:
    """Create the bilingual catalogue, topics, courses and lessons, the review workflow and some
    learner progress. Running it again changes nothing."""
    zh, en = _locales()
    home = HomePage.objects.filter(locale=zh, depth=2).first()
    catalogue = CatalogueIndexPage.objects.filter(locale=zh).first()
    if catalogue is None:
        catalogue = CatalogueIndexPage(slug=CATALOGUE["slug"], live=False, **CATALOGUE["zh"])
        home.add_child(instance=catalogue)
        _publish(catalogue)
    _translate(catalogue, en, {**CATALOGUE["en"], "slug": CATALOGUE["slug"]})
    for slug, title, title_en, intro, intro_en, tags, tags_en, courses in TOPICS:
        topic = TopicPage.objects.filter(slug=slug, locale=zh).first()
        if topic is None:
            topic = TopicPage(slug=slug, title=title, intro=intro, live=False)
            topic.tags.add(*tags)
            catalogue.add_child(instance=topic)
            _publish(topic)
        topic_en = _translate(
            topic, en, {"title": title_en, "intro": intro_en, "slug": slug}, tags=tags_en
        )
        for course in courses:
            _seed_course(topic, topic_en, course, en)
    services.course_review_workflow_ensure()
    _seed_progress(users or {})
    return catalogue
