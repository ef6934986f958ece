"""Factories for contests: a published ContestPage under the home page, owning a fresh test."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from quizzes.models import ContestAward, ContestMode, ContestPage
from quizzes.services.contests import contest_assessment_sync
from tests.factories.courses import home_page
from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question

_numbers = itertools.count(1)


def contest_page(
    *,
    questions: int = 3,
    qtype: str = "single",
    mode: str = ContestMode.PAPER,
    starts_in: timedelta = timedelta(minutes=-1),
    duration: timedelta = timedelta(hours=1),
    spread: int = 0,
    awards: list[dict] | None = None,
    eligible_units=(),
    live: bool = True,
    **fields,
) -> ContestPage:
    """A published contest (by default running since a minute ago, no entry spread), with a test
    of `questions` fixed questions of `qtype`. `live=False`: a draft never published, whose test
    has not been given the contest's schedule."""
    number = next(_numbers)
    now = timezone.now()
    starts_at = now + starts_in
    assessment = add_fixed(
        AssessmentFactory(is_published=False, review_policy="score"),
        [make_question(qtype) for _ in range(questions)],
    )
    page = ContestPage(
        title=f"信息化竞赛{number}",
        slug=f"contest-{number}",
        mode=mode,
        assessment=assessment,
        registration_opens_at=starts_at - timedelta(days=1),
        registration_closes_at=starts_at + duration,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        entry_spread_seconds=spread,
        **fields,
    )
    for order, award in enumerate(awards or []):
        page.awards.add(ContestAward(sort_order=order, **award))
    page.live = live
    home_page().add_child(instance=page)
    if not live:
        page.save_revision()
        return ContestPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    if eligible_units:
        page.eligible_units.set(eligible_units)
        page.save()
    contest_assessment_sync(contest=page)
    return ContestPage.objects.get(pk=page.pk)


def rank_award(title="一等奖", rank_from=1, rank_to=1, hours=Decimal("2.0")) -> dict:
    return {
        "title": title,
        "basis": "rank",
        "rank_from": rank_from,
        "rank_to": rank_to,
        "credit_hours": hours,
    }


def participation_award(title="参与奖", hours=Decimal("0.5")) -> dict:
    return {"title": title, "basis": "participation", "credit_hours": hours}
