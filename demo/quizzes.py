"""Demo assessments: the default framework, a bilingual question bank (demo/data/*.gift, imported
through the same service as an admin upload), a competency test per area in each language, post
targets, and learner1 with one finished attempt and a competency profile. Idempotent."""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from people.models import Post
from quizzes.models import Area, Assessment, Attempt, Competence, DrawRule, ReviewPolicy
from quizzes.services import (
    answer_save,
    attempt_start,
    attempt_submit,
    framework_load,
    post_target_set,
    questions_import,
)

DATA = Path(__file__).resolve().parent / "data"
BANKS = [("questions-zh.gift", "zh-hans"), ("questions-en.gift", "en")]

# Post name -> {competence code: target level}
POST_TARGETS = {
    "数据管理岗": {"1.3": 3, "6.2": 3, "6.3": 2, "4.2": 3},
    "政务服务岗": {"6.1": 3, "2.1": 2, "3.1": 2},
    "网络安全岗": {"6.3": 3, "4.1": 3, "4.2": 3},
    "综合管理岗": {"6.4": 2, "5.4": 2},
    "培训管理岗": {"5.4": 3, "3.1": 2},
}


def seed_question_bank() -> None:
    for filename, language in BANKS:
        report = questions_import(
            data=(DATA / filename).read_bytes(), fmt="gift", default_language=language
        )
        if not report["ok"]:
            raise RuntimeError(
                f"The demo question bank {filename} has problems: {report['problems']}"
            )


def seed_area_tests() -> dict[tuple[str, str], Assessment]:
    """One competency test per area and language: five random questions from the area."""
    tests = {}
    for area in Area.objects.filter(framework__code="govlearn-digital"):
        for language in ("zh-hans", "en"):
            slug = f"competency-{area.code}-{'zh' if language == 'zh-hans' else 'en'}"
            assessment, created = Assessment.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": f"{area.name}能力测评",
                    "title_en": f"{area.name_en}: competency test",
                    "description": f"从“{area.name}”领域随机抽取五道题，了解你在各项能力上的水平。",
                    "description_en": f"Five random questions from “{area.name_en}” show where you "
                    "stand on each of its competences.",
                    "area": area,
                    "language": language,
                    "time_limit_minutes": 15,
                    "attempts_allowed": None,
                    "pass_mark": 60,
                    "review_policy": ReviewPolicy.IMMEDIATE,
                    "certifies_level": 2,
                    "is_published": True,
                },
            )
            if created:
                DrawRule.objects.create(assessment=assessment, count=5)
            tests[(area.code, language)] = assessment
    return tests


def seed_post_targets() -> None:
    competences = Competence.objects.in_bulk(field_name="code")
    for post_name, targets in POST_TARGETS.items():
        post = Post.objects.filter(name=post_name).first()
        if post is None:
            continue
        for code, level in targets.items():
            post_target_set(post=post, competence=competences[code], level=level)


def _right_response(answer) -> dict:
    version = answer.question_version
    payload = version.payload
    if version.qtype in ("single", "true_false"):
        return {"choice": max(payload["options"], key=lambda o: o["fraction"])["id"]}
    if version.qtype == "multiple":
        return {"choices": [o["id"] for o in payload["options"] if o["fraction"] > 0]}
    if version.qtype == "fill_in":
        return {"text": max(payload["answers"], key=lambda a: a["fraction"])["text"]}
    return {"matches": {str(i): p["right"] for i, p in enumerate(payload["pairs"])}}


def seed_learner_attempt(user, assessment: Assessment) -> None:
    """learner1 passed the digital-government test yesterday, with one answer wrong."""
    if Attempt.objects.filter(user=user, assessment=assessment).exists():
        return
    started = timezone.now() - timedelta(days=1)
    attempt = attempt_start(user=user, assessment=assessment, now=started)
    answers = list(attempt.answers.select_related("question_version").order_by("slot"))
    for offset, answer in enumerate(answers[:-1], start=1):
        answer_save(
            attempt_id=attempt.pk,
            user=user,
            slot=answer.slot,
            response=_right_response(answer),
            now=started + timedelta(minutes=offset),
        )
    attempt_submit(attempt_id=attempt.pk, user=user, now=started + timedelta(minutes=8))


def seed_quizzes(users: dict) -> None:
    """Everything the assessment part of the demo needs; running it again changes nothing."""
    framework_load()
    seed_question_bank()
    tests = seed_area_tests()
    seed_post_targets()
    if "learner1" in users:
        seed_learner_attempt(users["learner1"], tests[("6", "zh-hans")])
