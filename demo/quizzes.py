"""Demo assessments: the default framework, a bilingual question bank (demo/data/*.gift, imported
through the same service as an admin upload), a competency test per area in each language, post
targets, learner1 with one finished attempt and a competency profile, and a case-analysis test
whose essay from learner2 waits for expert1 to mark. Idempotent."""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from people.models import Post
from quizzes.models import (
    Area,
    Assessment,
    AssessmentQuestion,
    Attempt,
    Competence,
    DrawRule,
    Question,
    ReviewPolicy,
)
from quizzes.services import (
    answer_save,
    attempt_start,
    attempt_submit,
    framework_load,
    post_target_set,
    question_create,
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


ESSAY_SLUG = "case-analysis-one-window"
ESSAY_PAYLOAD = {
    "material": (
        "某市推行“一网通办”两年后，线上办件量增长三倍，但群众反映部分事项仍需到多个窗口补交"
        "纸质材料，各部门数据标准不一，共享接口响应慢。"
    ),
    "word_limit": 800,
    "allow_file": False,
    "rubric": [
        {
            "id": "problem",
            "criterion": "问题分析",
            "levels": [
                {"id": "problem-1", "label": "浅显", "points": 1},
                {"id": "problem-2", "label": "较全面", "points": 3},
                {"id": "problem-3", "label": "深入", "points": 5},
            ],
        },
        {
            "id": "measures",
            "criterion": "对策建议",
            "levels": [
                {"id": "measures-1", "label": "空泛", "points": 1},
                {"id": "measures-2", "label": "可行", "points": 3},
                {"id": "measures-3", "label": "具体可行", "points": 5},
            ],
        },
    ],
    "marker_guide": "关注数据共享、标准统一与流程再造；对策需可落地。",
}


def seed_essay_marking(users: dict) -> Assessment | None:
    """A case-analysis test marked by expert1: learner2's submitted essay waits in expert1's
    "My marking" (its result waits too, with the expected date)."""
    expert, learner = users.get("expert1"), users.get("learner2")
    if expert is None or learner is None:
        return None
    assessment, created = Assessment.objects.get_or_create(
        slug=ESSAY_SLUG,
        defaults={
            "title": "“一网通办”案例分析",
            "title_en": "One-window services: case analysis",
            "description": "阅读案例材料，分析问题并提出对策，由专家评分。",
            "description_en": "Read the case, analyse its problems and propose measures; an expert "
            "marks your answer.",
            "attempts_allowed": 1,
            "pass_mark": 60,
            "review_policy": ReviewPolicy.IMMEDIATE,
            "shuffle_questions": False,
            "is_published": True,
        },
    )
    if created:
        question = Question.objects.filter(name="案例分析：一网通办").first() or question_create(
            competence=Competence.objects.get(code="6.1"),
            qtype="essay",
            name="案例分析：一网通办",
            text="结合材料，分析该市“一网通办”存在的主要问题，并提出改进对策。",
            payload=ESSAY_PAYLOAD,
            # Out of random draws: the demo's area tests and contests draw from the whole bank
            # and would hand everyone an essay to wait on. A fixed question is used regardless.
            is_active=False,
        )
        AssessmentQuestion.objects.create(assessment=assessment, question=question, points=10)
    assessment.markers.add(expert)
    if "admin" in users:
        assessment.lead_markers.add(users["admin"])
    if not Attempt.objects.filter(user=learner, assessment=assessment).exists():
        started = timezone.now() - timedelta(hours=3)
        attempt = attempt_start(user=learner, assessment=assessment, now=started)
        answer = attempt.answers.get()
        answer_save(
            attempt_id=attempt.pk,
            user=learner,
            slot=answer.slot,
            response={
                "text": "主要问题在于部门数据标准不统一、共享接口性能不足。建议由数据局牵头制定统一"
                "数据标准，建设高性能共享平台，并以“减材料”为目标梳理事项清单。"
            },
            now=started + timedelta(minutes=30),
        )
        attempt_submit(attempt_id=attempt.pk, user=learner, now=started + timedelta(minutes=40))
    return assessment


def seed_quizzes(users: dict) -> None:
    """Everything the assessment part of the demo needs; running it again changes nothing."""
    framework_load()
    seed_question_bank()
    tests = seed_area_tests()
    seed_post_targets()
    if "learner1" in users:
        seed_learner_attempt(users["learner1"], tests[("6", "zh-hans")])
    seed_essay_marking(users)
