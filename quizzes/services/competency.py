"""Writes for the competency framework, post targets and learners' level records."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from ..framework_loader import DEFAULT_FRAMEWORK_FILE, load_framework_data, read_framework_file
from ..models import Area, Competence, CompetenceLevelRecord, Framework, Level, PostTarget


@transaction.atomic
def framework_load(*, path=DEFAULT_FRAMEWORK_FILE) -> dict:
    """Load (or bring up to date) a framework from its JSON file; safe to run again."""
    return load_framework_data(
        read_framework_file(path),
        Framework=Framework,
        Area=Area,
        Competence=Competence,
        Level=Level,
    )


def post_target_set(*, post, competence: Competence, level: int) -> PostTarget:
    """Set the level a post needs in a competence."""
    target = PostTarget.objects.filter(post=post, competence=competence).first() or PostTarget(
        post=post, competence=competence
    )
    if target.pk and target.level == level:
        return target
    target.level = level
    target.full_clean()
    target.save()
    return target


def competence_levels_record(*, attempt, result) -> list[CompetenceLevelRecord]:
    """After a passed attempt: record the level its test certifies in every competence where the
    learner reached the pass mark, if that raises their current level. Returns the new records."""
    level = attempt.assessment.certifies_level
    if not result.passed or not level:
        return []
    reached = [
        item["competence"]
        for item in result.competences
        if float(item["percent"]) >= attempt.assessment.pass_mark
    ]
    current = dict(
        CompetenceLevelRecord.objects.filter(user_id=attempt.user_id, competence_id__in=reached)
        .values("competence_id")
        .annotate(best=Max("level"))
        .values_list("competence_id", "best")
    )
    records = [
        CompetenceLevelRecord(
            user_id=attempt.user_id,
            competence_id=competence_id,
            level=level,
            achieved_at=result.created_at,
            attempt=attempt,
        )
        for competence_id in reached
        if current.get(competence_id, 0) < level
    ]
    return CompetenceLevelRecord.objects.bulk_create(records)
