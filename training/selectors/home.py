"""Reads for a signed-in learner's home page: this year's credit hours against the requirement,
assignments still to do, where they left off, contests and their registrations, courses
recommended for their competency gaps, and unread notices.

The person's own data is read here on every request, in a fixed number of queries whatever the
data size; what is the same for everyone (contests, highlights) is cached by the home app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core.clock import local_today
from courses.models import Enrolment
from courses.selectors import continue_learning, pages_in_active_language
from people.models import Profile
from quizzes.selectors import competency_gaps

from ..models import CourseCompetence
from .ledger import credit_hours_summaries, credit_hours_summary
from .plans import assignments_of_learner, notices_unread

HOME_ASSIGNMENTS_LIMIT = 5
HOME_NOTICES_LIMIT = 5
HOME_RECOMMENDATIONS_LIMIT = 4


@dataclass
class Recommendation:
    """A course recommended for one or more gaps, with a sentence per gap saying why."""

    course: object
    reasons: list[str] = field(default_factory=list)
    biggest_gap: int = 0


def _competence_name(gap: dict, english: bool) -> str:
    return gap["name_en"] if english and gap["name_en"] else gap["name"]


def recommendation_reason(*, gap: dict, builds_to: int, english: bool) -> str:
    """Why a course is recommended for one gap, e.g. "Raises 数据治理 from level 2 to the
    target 3." (the course may build only part of the way)."""
    values = {
        "competence": _competence_name(gap, english),
        "level": gap["level"],
        "target": gap["target"],
        "reaches": builds_to,
    }
    if builds_to >= gap["target"]:
        if gap["level"]:
            return (
                _("Raises %(competence)s from level %(level)s to the target %(target)s.") % values
            )
        return _("Builds %(competence)s, not measured yet, up to the target %(target)s.") % values
    if gap["level"]:
        return (
            _(
                "Raises %(competence)s from level %(level)s to %(reaches)s, towards the target "
                "%(target)s."
            )
            % values
        )
    return (
        _(
            "Builds %(competence)s, not measured yet, up to %(reaches)s, towards the target "
            "%(target)s."
        )
        % values
    )


def course_recommendations(
    *, user, gaps: list[dict], english: bool, limit: int = HOME_RECOMMENDATIONS_LIMIT
) -> list[Recommendation]:
    """Live courses that build a competence beyond the learner's level where their post needs
    more, excluding courses they are taking or have completed; biggest gap first. One query
    (two in a language other than the source one)."""
    if not gaps:
        return []
    beyond_level = Q()
    for gap in gaps:
        beyond_level |= Q(competence_id=gap["competence_id"], level__gt=gap["level"])
    taken = Enrolment.objects.filter(
        user=user,
        course_id=OuterRef("course_id"),
        status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED],
    )
    links = (
        CourseCompetence.objects.filter(beyond_level, course__live=True)
        .exclude(Exists(taken))
        .select_related("course")
        .order_by("course__path", "competence_id")
    )
    by_competence = {gap["competence_id"]: gap for gap in gaps}
    picked: dict[int, Recommendation] = {}
    for link in links:
        gap = by_competence[link.competence_id]
        item = picked.setdefault(link.course_id, Recommendation(course=link.course))
        item.reasons.append(recommendation_reason(gap=gap, builds_to=link.level, english=english))
        item.biggest_gap = max(item.biggest_gap, gap["target"] - gap["level"])
    chosen = sorted(picked.values(), key=lambda r: (-r.biggest_gap, r.course.path))[:limit]
    shown = pages_in_active_language(pages=[r.course for r in chosen])
    for item in chosen:
        item.course = shown.get(item.course.translation_key, item.course)
    return chosen


def learner_home(*, user, english: bool = False) -> dict:
    """Everything personal the home page shows to `user`, read in a fixed number of queries: the
    profile, hours (sums and rules), assignments, where they left off, competency gaps and the
    courses for them, and notices."""
    year = local_today().year
    profile = Profile.objects.filter(user=user).only("user_id", "post_id", "rank").first()
    if profile is not None:
        credit = credit_hours_summaries(profiles=[profile], year=year)[user.pk]
    else:
        credit = credit_hours_summary(user=user, year=year)
    assignments = [
        {
            "target": a.target,
            "overdue": a.overdue,
            "days_left": a.days_left,
            "days_overdue": -a.days_left,
        }
        for a in assignments_of_learner(user=user)
        if not a.done
    ]
    gaps = competency_gaps(user=user, post_id=profile.post_id if profile else None)
    notices = list(notices_unread(user=user))
    return {
        "credit_year": year,
        "credit_summary": credit,
        "has_profile": profile is not None,
        "has_post": bool(profile and profile.post_id),
        "assignments": assignments[:HOME_ASSIGNMENTS_LIMIT],
        "assignments_more": max(0, len(assignments) - HOME_ASSIGNMENTS_LIMIT),
        "continue_rows": continue_learning(user=user),
        "gaps": gaps,
        "recommendations": course_recommendations(user=user, gaps=gaps, english=english),
        "notices": notices[:HOME_NOTICES_LIMIT],
        "notices_more": max(0, len(notices) - HOME_NOTICES_LIMIT),
    }
