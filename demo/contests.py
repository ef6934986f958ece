"""Demo contests: one finished contest with results, awards, bonus hours and certificates, and one
open contest (running for weeks) that learner1 can join, with a few people already ranked.
Idempotent: contests are found by slug and nothing is replayed once it exists."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from home.models import HomePage
from quizzes.models import Area, Assessment, ContestAward, ContestPage, DrawRule
from quizzes.services.contests import (
    contest_answer,
    contest_assessment_sync,
    contest_decide,
    contest_enter,
    contest_register,
    contest_session_claim,
    contest_submit,
)

RULES = (
    "<p>每人一次作答机会，限时作答；按得分排名，得分相同者用时短者在前。</p>"
    "<p>开赛时每位选手的入场时间略有错开，请留意倒计时。</p>"
)


def _contest(*, slug, title, intro, starts_at, ends_at, awards) -> ContestPage:
    existing = ContestPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    area = Area.objects.get(framework__code="govlearn-digital", code="6")
    assessment = Assessment.objects.create(
        title=f"{title}试卷",
        title_en=f"{title} (paper)",
        slug=f"{slug}-paper",
        area=area,
        language="zh-hans",
        review_policy="score",
    )
    DrawRule.objects.create(assessment=assessment, count=5, points=Decimal(20))
    page = ContestPage(
        title=title,
        slug=slug,
        intro=intro,
        rules=RULES,
        assessment=assessment,
        registration_opens_at=starts_at - timedelta(days=7),
        registration_closes_at=ends_at,
        starts_at=starts_at,
        ends_at=ends_at,
        time_limit_minutes=20,
        entry_spread_seconds=10,
    )
    for order, award in enumerate(awards):
        page.awards.add(ContestAward(sort_order=order, **award))
    HomePage.objects.filter(locale__language_code="zh-hans").first().add_child(instance=page)
    page.save_revision().publish()
    contest_assessment_sync(contest=page)
    return page


def _play(contest: ContestPage, user, *, right: int, minutes: int, start) -> None:
    """Register at the start, answer `right` questions right (the others blank), submit."""
    entry = contest_register(contest=contest, user=user, now=contest.starts_at)
    token = contest_session_claim(entry=entry)
    attempt = contest_enter(entry=entry, token=token, now=max(start, entry.entry_not_before))
    from demo.quizzes import _right_response

    answers = list(attempt.answers.select_related("question_version").order_by("slot"))
    for offset, answer in enumerate(answers[:right], start=1):
        contest_answer(
            entry=entry,
            token=token,
            slot=answer.slot,
            response=_right_response(answer),
            now=attempt.started_at + timedelta(minutes=offset),
        )
    contest_submit(entry=entry, token=token, now=attempt.started_at + timedelta(minutes=minutes))


def seed_contests(users: dict) -> None:
    """The finished and the open demo contest; running it again changes nothing."""
    now = timezone.now()
    awards = [
        {
            "title": "一等奖",
            "title_en": "First prize",
            "basis": "rank",
            "rank_from": 1,
            "rank_to": 1,
            "credit_hours": Decimal("4.0"),
        },
        {
            "title": "二等奖",
            "title_en": "Second prize",
            "basis": "rank",
            "rank_from": 2,
            "rank_to": 3,
            "credit_hours": Decimal("2.0"),
        },
        {
            "title": "参与奖",
            "title_en": "Participation",
            "basis": "participation",
            "credit_hours": Decimal("0.5"),
        },
    ]
    finished_start = (now - timedelta(days=14)).replace(hour=1, minute=0, second=0, microsecond=0)
    finished = _contest(
        slug="contest-2026-spring",
        title="2026年春季信息化知识竞赛",
        intro="数字政府、数据共享与网络安全知识竞赛（已结束）。",
        starts_at=finished_start,
        ends_at=finished_start + timedelta(hours=2),
        awards=awards,
    )
    if not finished.entries.exists():
        for number, (right, minutes) in enumerate(
            [(5, 12), (4, 9), (4, 15), (3, 8), (2, 18), (5, 16), (1, 6)], start=2
        ):
            if f"learner{number}" in users:
                _play(
                    finished,
                    users[f"learner{number}"],
                    right=right,
                    minutes=minutes,
                    start=finished.starts_at + timedelta(minutes=number),
                )
    contest_decide(contest=finished, now=finished.ends_at + timedelta(minutes=1))
    open_start = (now - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    live = _contest(
        slug="contest-2026-autumn",
        title="2026年秋季信息化知识竞赛",
        intro="正在进行：报名后即可参赛，实时排名。",
        starts_at=open_start,
        ends_at=open_start + timedelta(days=60),
        awards=awards,
    )
    if not live.entries.exists():
        for number, (right, minutes) in enumerate([(4, 10), (3, 7), (5, 14)], start=10):
            if f"learner{number}" in users:
                _play(
                    live,
                    users[f"learner{number}"],
                    right=right,
                    minutes=minutes,
                    start=live.starts_at + timedelta(minutes=number),
                )
