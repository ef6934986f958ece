"""Demo questions: every state (open, overdue, answered, resolved, closed, merged, in the FAQ) on
the demo courses, from several learners, answered by expert1, plus searches that found nothing.
Idempotent: a question is identified by its asker and title and never created twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from courses.models import CoursePage, SearchQueryLog
from courses.services import search_query_log
from people.models import User
from qanda import services
from qanda.models import CourseExpert, Question

COURSE_SLUGS = [
    "yiwangtongban",
    "shuju-gongxiang-kaifang",
    "wangluo-anquan-geren-xinxi",
    "rengong-zhineng-zhengwu",
    "zhengwuyun-pingtai",
]

# (key, asker, course slug, visibility, days ago, title, body, what happens next)
QUESTIONS = [
    (
        "faq",
        "learner1",
        "yiwangtongban",
        "public",
        30,
        "“一网通办”和“一窗受理”有什么区别？",
        "课程第一课提到两者，但我分不清它们在窗口工作中的区别。",
        ("answer", 2, "“一窗受理”是线下综合窗口收件，“一网通办”是线上线下一个入口办成事。"),
    ),
    (
        "duplicate",
        "learner6",
        "yiwangtongban",
        "public",
        20,
        "一网通办与一窗受理的区别",
        "同问，两者到底怎么区分？",
        ("merge", "faq"),
    ),
    (
        "answered",
        "learner2",
        "shuju-gongxiang-kaifang",
        "private",
        12,
        "本部门的数据目录应该由谁维护？",
        "我们处室刚接手数据共享工作，目录维护责任在哪个岗位？",
        ("answer", 3, "由数据的提供部门按“谁提供、谁负责”维护，并指定目录管理员。"),
    ),
    (
        "late",
        "learner1",
        "shuju-gongxiang-kaifang",
        "public",
        28,
        "无条件共享和有条件共享如何判断？",
        "有些数据包含个人信息，应该归入哪一类？",
        ("answer_late", 12, "含个人信息的数据一般列为有条件共享，需说明用途并经审核。"),
    ),
    (
        "overdue",
        "learner3",
        "wangluo-anquan-geren-xinxi",
        "private",
        16,
        "等保二级系统每年都要测评吗？",
        "我们单位的办公系统定为二级，测评周期是多久？",
        None,
    ),
    (
        "overdue_public",
        "learner7",
        "rengong-zhineng-zhengwu",
        "public",
        14,
        "政务大模型生成的答复能直接发给群众吗？",
        "想了解人工审核的要求。",
        None,
    ),
    (
        "closed",
        "learner5",
        "zhengwuyun-pingtai",
        "private",
        18,
        "课程视频打不开",
        "第二课视频无法播放。",
        ("close",),
    ),
    (
        "waiting",
        "learner4",
        "yiwangtongban",
        "private",
        1,
        "帮办代办服务是否需要授权书？",
        "群众委托窗口人员代办时，需要哪些材料？",
        None,
    ),
]

EMPTY_SEARCHES = [("区块链电子证照", "zh-hans"), ("blockchain licence", "en")]


def _courses() -> dict[str, CoursePage]:
    return {
        course.slug: course
        for course in CoursePage.objects.filter(
            slug__in=COURSE_SLUGS, locale__language_code="zh-hans"
        )
    }


def seed_qanda(users: dict[str, User]) -> None:
    """expert1 answers every demo course; learners' questions in every state."""
    expert = users.get("expert1")
    courses = _courses()
    if expert is None or not courses:
        return
    for course in courses.values():
        CourseExpert.objects.get_or_create(course=course, user=expert)
    now = timezone.now()
    made: dict[str, Question] = {}
    for key, asker, slug, visibility, days_ago, title, body, then in QUESTIONS:
        if slug not in courses or asker not in users:
            continue
        existing = Question.objects.filter(asker=users[asker], title=title).first()
        if existing is not None:
            made[key] = existing
            continue
        asked_at = now - dt.timedelta(days=days_ago, hours=2)
        # The clock covers every year (provisionally where make-up days are not published).
        question = services.question_ask(
            user=users[asker],
            course=courses[slug],
            title=title,
            body=body,
            visibility=visibility,
            now=asked_at,
        )
        made[key] = question
        _then(question, then, expert=expert, asked_at=asked_at, made=made)
    for query, language in EMPTY_SEARCHES:
        if not SearchQueryLog.objects.filter(query=query, results_count=0).exists():
            search_query_log(query=query, language=language, results_count=0)


def _then(question, then, *, expert, asked_at, made) -> None:
    if not then:
        return
    action = then[0]
    if action in ("answer", "answer_late"):
        answer = services.answer_post(
            question=question,
            author=expert,
            body=then[2],
            now=asked_at + dt.timedelta(days=then[1]),
        )
        if question.visibility == "public":
            services.answer_promote(answer=answer, user=expert)
        if action == "answer_late":
            question.refresh_from_db()
            services.question_resolve(
                question=question,
                user=question.asker,
                now=asked_at + dt.timedelta(days=then[1] + 1),
            )
    elif action == "close":
        services.question_close(question=question, user=expert, now=asked_at + dt.timedelta(days=1))
    elif action == "merge" and then[1] in made:
        services.question_merge(
            question=question, into=made[then[1]], user=expert, now=asked_at + dt.timedelta(days=1)
        )
