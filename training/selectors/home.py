"""Reads for a signed-in learner's home page: this year's credit hours against the requirement,
assignments still to do, where they left off, contests and their registrations, courses
recommended for their competency gaps, and unread notices.

The person's own data is read here on every request, in a fixed number of queries whatever the
data size; what is the same for everyone (contests, highlights) is cached by the home app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.clock import local_today, person_today
from courses.models import Enrolment
from courses.selectors import continue_learning, links_in_active_language, page_link
from people.models import Profile
from quizzes.selectors import competency_gaps

from ..models import AssignmentTarget, CourseCompetence
from .ledger import credit_hours_summaries, credit_hours_summary
from .plans import notices_unread, targets_with_status

HOME_ASSIGNMENTS_LIMIT = 5
HOME_NOTICES_LIMIT = 5
HOME_RECOMMENDATIONS_LIMIT = 4


@dataclass
class Recommendation:
    """A course (a link: title, address) recommended for one or more gaps, with a sentence per
    gap saying why."""

    course: dict
    reasons: list[str] = field(default_factory=list)
    biggest_gap: int = 0
    path: str = ""


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
    *,
    user,
    gaps: list[dict],
    english: bool,
    request=None,
    limit: int = HOME_RECOMMENDATIONS_LIMIT,
) -> list[Recommendation]:
    """Live courses that build a competence beyond the learner's level where their post needs
    more, excluding courses they are taking or have completed; biggest gap first. One query
    (two in a language other than the source one), only the columns shown."""
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
        .order_by("course__path", "competence_id")
        .values(
            "course_id",
            "competence_id",
            "level",
            "course__title",
            "course__url_path",
            "course__path",
            "course__translation_key",
        )
    )
    by_competence = {gap["competence_id"]: gap for gap in gaps}
    picked: dict[int, Recommendation] = {}
    keys: dict[int, str] = {}
    for link in links:
        gap = by_competence[link["competence_id"]]
        item = picked.get(link["course_id"])
        if item is None:
            item = picked[link["course_id"]] = Recommendation(
                course=page_link(
                    title=link["course__title"], url_path=link["course__url_path"], request=request
                ),
                path=link["course__path"],
            )
            keys[link["course_id"]] = link["course__translation_key"]
        item.reasons.append(
            recommendation_reason(gap=gap, builds_to=link["level"], english=english)
        )
        item.biggest_gap = max(item.biggest_gap, gap["target"] - gap["level"])
    chosen = sorted(picked.items(), key=lambda pair: (-pair[1].biggest_gap, pair[1].path))[:limit]
    shown = links_in_active_language(
        translation_keys=[keys[course_id] for course_id, _item in chosen], request=request
    )
    for course_id, item in chosen:
        item.course = shown.get(keys[course_id], item.course)
    return [item for _course_id, item in chosen]


def assignments_open(*, user, time_zone: str | None = None, request=None) -> list[dict]:
    """The learner's assigned courses and tests not done yet, soonest due first, with days left in
    their own time zone (negative when overdue). One query, only the columns shown."""
    not_done = Q(assignment__course__isnull=False, course_done=True) | Q(
        assignment__course__isnull=True, test_done=True
    )
    today = person_today(time_zone=time_zone)
    rows = (
        targets_with_status(AssignmentTarget.objects.filter(user=user))
        .exclude(not_done)
        .order_by("assignment__due_date", "pk")
        .values(
            "assignment__due_date",
            "assignment__course__title",
            "assignment__course__url_path",
            "assignment__assessment__title",
            "assignment__assessment__title_en",
        )
    )
    english = (translation.get_language() or "").startswith("en")
    items = []
    for row in rows:
        days_left = (row["assignment__due_date"] - today).days
        if row["assignment__course__url_path"]:
            link = page_link(
                title=row["assignment__course__title"],
                url_path=row["assignment__course__url_path"],
                request=request,
            )
        else:
            title = row["assignment__assessment__title"]
            if english and row["assignment__assessment__title_en"]:
                title = row["assignment__assessment__title_en"]
            link = {"title": title, "url": None}
        items.append(
            {
                "link": link,
                "due_date": row["assignment__due_date"],
                "overdue": days_left < 0,
                "days_left": days_left,
                "days_overdue": -days_left,
            }
        )
    return items


def learner_home(*, user, english: bool = False, request=None) -> dict:
    """Everything personal the home page shows to `user`, read in a fixed number of queries: the
    profile, hours (sums and rules), assignments, where they left off, competency gaps and the
    courses for them, and notices."""
    year = local_today().year
    profile = (
        Profile.objects.filter(user=user).only("user_id", "post_id", "rank", "time_zone").first()
    )
    if profile is not None:
        credit = credit_hours_summaries(profiles=[profile], year=year)[user.pk]
    else:
        credit = credit_hours_summary(user=user, year=year)
    assignments = assignments_open(
        user=user, time_zone=profile.time_zone if profile else None, request=request
    )
    gaps = competency_gaps(user=user, post_id=profile.post_id if profile else None)
    notices = list(notices_unread(user=user))
    return {
        "credit_year": year,
        "credit_summary": credit,
        "has_profile": profile is not None,
        # The day "days left" counts from is this zone's (home.personal keys its cache on it).
        "time_zone": profile.time_zone if profile else None,
        "has_post": bool(profile and profile.post_id),
        "assignments": assignments[:HOME_ASSIGNMENTS_LIMIT],
        "assignments_more": max(0, len(assignments) - HOME_ASSIGNMENTS_LIMIT),
        "continue_rows": continue_learning(user=user, request=request),
        "gaps": gaps,
        "recommendations": course_recommendations(
            user=user, gaps=gaps, english=english, request=request
        ),
        "notices": notices[:HOME_NOTICES_LIMIT],
        "notices_more": max(0, len(notices) - HOME_NOTICES_LIMIT),
    }
