"""Reads for the personal home page: contests open or coming (the same for everyone, so the home
app may cache them), one learner's registrations among them, and a learner's competency gaps
against their post's targets. Each is one query whatever the data size."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from ..models import CompetenceLevelRecord, ContestEntry, ContestPage, PostTarget

HOME_CONTESTS_LIMIT = 4


def contests_open_or_coming(*, root, request=None, now: datetime | None = None) -> list[dict]:
    """Published contests under `root` (one language's home page) that have not ended, soonest
    first, as plain dicts (safe to cache): id, title, address and the schedule."""
    now = now or timezone.now()
    pages = (
        ContestPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(ends_at__gt=now)
        .order_by("starts_at", "pk")
        .only("pk", "title", "url_path", "registration_opens_at", "starts_at", "ends_at")
    )[:HOME_CONTESTS_LIMIT]
    return [
        {
            "pk": page.pk,
            "title": page.title,
            "url": page.get_url(request),
            "registration_opens_at": page.registration_opens_at,
            "starts_at": page.starts_at,
            "ends_at": page.ends_at,
        }
        for page in pages
    ]


def contest_phase_at(*, contest: dict, now: datetime | None = None) -> str:
    """upcoming | registration | live | ended for a row of `contests_open_or_coming` (the home
    page filters rows read from the cache with the clock of the request)."""
    now = now or timezone.now()
    if now >= contest["ends_at"]:
        return "ended"
    if now >= contest["starts_at"]:
        return "live"
    if now >= contest["registration_opens_at"]:
        return "registration"
    return "upcoming"


def contest_ids_registered(*, user, contest_ids) -> set[int]:
    """Which of these contests `user` has registered for (one query; none for no ids)."""
    contest_ids = list(contest_ids)
    if not contest_ids:
        return set()
    return set(
        ContestEntry.objects.filter(user=user, contest_id__in=contest_ids).values_list(
            "contest_id", flat=True
        )
    )


def competency_gaps(*, user, post_id: int | None) -> list[dict]:
    """The competences where `user` is below their post's target, biggest gap first: competence
    id, code, names (zh, en), current level (0 when never measured) and target. One query: the
    post's targets with each person's highest recorded level as a subquery."""
    if not post_id:
        return []
    best = (
        CompetenceLevelRecord.objects.filter(user=user, competence_id=OuterRef("competence_id"))
        .order_by()
        .values("competence_id")
        .annotate(best=Max("level"))
        .values("best")
    )
    rows = (
        PostTarget.objects.filter(post_id=post_id)
        .annotate(current=Subquery(best))
        .values(
            "competence_id",
            "competence__code",
            "competence__name",
            "competence__name_en",
            "level",
            "current",
        )
    )
    gaps = []
    for row in rows:
        current = row["current"] or 0
        if current >= row["level"]:
            continue
        gaps.append(
            {
                "competence_id": row["competence_id"],
                "code": row["competence__code"],
                "name": row["competence__name"],
                "name_en": row["competence__name_en"],
                "level": current,
                "target": row["level"],
            }
        )
    gaps.sort(key=lambda gap: (gap["level"] - gap["target"], gap["code"]))
    return gaps
