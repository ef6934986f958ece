"""Demo item analysis: a test of ten single-choice questions with 200 simulated finished attempts
(a seeded RNG, so every seed gives the same figures) in which item analysis flags the planted bad
questions: one with a wrong key (the strongest candidates pick a distractor), one far too easy,
and one whose last option nobody picks. Its analysis is computed at seed time, as the nightly
task would. Idempotent.

`simulate_finished_attempts` is also what the item-analysis tests and bench/bench_item_analysis.py
load their data with: finished attempts, answers and results written by bulk inserts, each answer
scored as a real submit scores it (quizzes.selectors.analysis.choice_points)."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from quizzes.models import Answer, Assessment, AssessmentQuestion, Attempt, Result, ReviewPolicy
from quizzes.selectors.analysis import choice_points
from quizzes.services import question_create
from quizzes.services.analysis import item_analysis_execute, item_analysis_request

SLUG = "item-analysis-demo"
ATTEMPTS = 200
SEED = 20261206
# The planted questions (by position, 1-based): what item analysis must flag.
WRONG_KEY, TOO_EASY, DEAD_DISTRACTOR = 4, 7, 9

QUESTIONS = [
    (
        "“一网通办”的核心是什么？",
        ["一个入口办成事", "各部门分别建网站", "全部线下办理", "只在工作日办理"],
    ),
    (
        "政务数据共享应遵循什么原则？",
        ["以共享为原则、不共享为例外", "一律不共享", "谁要给谁", "只共享给上级"],
    ),
    (
        "电子签名与手写签名的法律效力？",
        ["符合条件时同等有效", "一律无效", "仅限内部使用", "需公证后有效"],
    ),
    # The planted wrong key: the key says 30 working days; the rule (and the strongest
    # candidates) say 20.
    (
        "政府信息公开申请一般应在多少个工作日内答复？",
        ["30个工作日", "20个工作日", "60个工作日", "5个工作日"],
    ),
    (
        "个人信息处理应当遵循什么原则？",
        ["合法、正当、必要", "越多越好", "先收集后告知", "无需告知"],
    ),
    (
        "等级保护第三级系统应多久测评一次？",
        ["每年至少一次", "每五年一次", "无需测评", "出事后再测"],
    ),
    ("12345热线的主要职能是？", ["政务服务便民热线", "火警电话", "天气预报", "快递查询"]),
    ("政务新媒体的首要要求是？", ["权威发布、准确及时", "娱乐优先", "随意转载", "只发通知"]),
    ("数据分类分级的目的是什么？", ["按重要程度分级保护", "减少数据量", "方便删除", "对外出售"]),
    (
        "“最多跑一次”改革强调什么？",
        ["减少群众跑腿次数", "增加审批环节", "只能跑一次腿不能网办", "取消所有审批"],
    ),
]


def _probability(theta: float, difficulty: float, discrimination: float = 1.2) -> float:
    return 1.0 / (1.0 + math.exp(-discrimination * (theta - difficulty)))


def simulate_finished_attempts(
    *,
    assessment: Assessment,
    users: list,
    count: int,
    seed: int,
    difficulty: dict[int, float] | None = None,
    wrong_key: set[int] = frozenset(),
    never_picked: dict[int, str] | None = None,
    batch_size: int = 2000,
) -> int:
    """Write `count` finished attempts of the test's fixed questions (spread over `users`, several
    attempts each) with simulated choice responses: a candidate of ability θ ~ N(0, 1) knows a
    question of difficulty b with the logistic probability, picks the key when they know it and a
    wrong option at random otherwise. For a version in `wrong_key` the candidates who know it pick
    its first wrong option (the key is wrong); a version in `never_picked` never gets that option.
    Returns the number of answers written."""
    rng = random.Random(seed)
    difficulty = difficulty or {}
    never_picked = never_picked or {}
    fixed = list(
        AssessmentQuestion.objects.filter(assessment=assessment)
        .select_related("question__current_version")
        .order_by("sort_order", "pk")
    )
    items = []
    for item in fixed:
        version = item.question.current_version
        options = version.payload["options"]
        best = max(float(o["fraction"]) for o in options)
        keys = [o["id"] for o in options if float(o["fraction"]) == best]
        items.append(
            {
                "version_id": version.pk,
                "competence_id": item.question.competence_id,
                "points": item.points,
                "order": [o["id"] for o in options],
                "difficulty": difficulty.get(version.pk, 0.0),
                "wrong_key": version.pk in wrong_key,
                "keys": keys,
                "wrong": [
                    o["id"]
                    for o in options
                    if o["id"] not in keys and o["id"] != never_picked.get(version.pk)
                ],
                # Scored once per option, exactly as a submit scores it.
                "scores": {
                    o["id"]: choice_points(version=version, option_id=o["id"], points=item.points)
                    for o in options
                },
            }
        )
    start = timezone.now() - timedelta(days=30)
    numbers: dict[int, int] = {}
    existing = Attempt.objects.filter(assessment=assessment).values_list("user_id", "number")
    for user_id, number in existing:
        numbers[user_id] = max(numbers.get(user_id, 0), number)
    written = 0
    for first in range(0, count, batch_size):
        attempts, plans = [], []
        for index in range(first, min(first + batch_size, count)):
            user = users[index % len(users)]
            numbers[user.pk] = numbers.get(user.pk, 0) + 1
            started = start + timedelta(minutes=index)
            attempts.append(
                Attempt(
                    user=user,
                    assessment=assessment,
                    number=numbers[user.pk],
                    status=Attempt.Status.SUBMITTED,
                    started_at=started,
                    finished_at=started + timedelta(minutes=12),
                    seed=rng.randrange(2**31),
                )
            )
            plans.append(rng.gauss(0.0, 1.0))
        Attempt.objects.bulk_create(attempts, batch_size=batch_size)
        answers, results = [], []
        for attempt, theta in zip(attempts, plans, strict=True):
            total, maximum = Decimal(0), Decimal(0)
            for slot, item in enumerate(items, start=1):
                knows = rng.random() < _probability(theta, item["difficulty"])
                keys, wrong = item["keys"], item["wrong"]
                if item["wrong_key"]:
                    choice = wrong[0] if knows else rng.choice(keys + wrong[1:])
                else:
                    choice = keys[0] if knows or not wrong else rng.choice(wrong)
                score = item["scores"][choice]
                total += score
                maximum += item["points"]
                answers.append(
                    Answer(
                        attempt=attempt,
                        slot=slot,
                        question_version_id=item["version_id"],
                        competence_id=item["competence_id"],
                        points=item["points"],
                        option_order=item["order"],
                        response={"choice": choice},
                        saved_at=attempt.started_at + timedelta(minutes=slot),
                        revision=1,
                        score=score,
                    )
                )
            percent = (total * 100 / maximum).quantize(Decimal("0.01")) if maximum else Decimal(0)
            results.append(
                Result(
                    attempt=attempt,
                    user=attempt.user,
                    assessment=assessment,
                    score=total,
                    max_score=maximum,
                    percent=percent,
                    passed=bool(maximum) and percent >= assessment.pass_mark,
                    competences=[],
                    created_at=attempt.finished_at,
                )
            )
        Answer.objects.bulk_create(answers, batch_size=batch_size)
        Result.objects.bulk_create(results, batch_size=batch_size)
        written += len(answers)
    return written


SIMULATED_CANDIDATES = 40


def simulated_candidates() -> list:
    """The accounts the simulated attempts belong to: switched off and without a password or an
    org unit, so nobody signs in as them and no team, dashboard or demo learner's history shows
    their attempts."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    candidates = []
    for number in range(1, SIMULATED_CANDIDATES + 1):
        user, created = User.objects.get_or_create(
            username=f"sim-candidate-{number:02d}",
            defaults={"full_name": f"模拟考生{number:02d}", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        candidates.append(user)
    return candidates


def seed_item_analysis(users: dict | None = None) -> Assessment:
    """The demo test with its simulated attempts and a computed analysis."""
    assessment, created = Assessment.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "政务知识小测（题目分析示例）",
            "title_en": "Government knowledge quiz (item analysis example)",
            "description": "200次模拟作答，用于演示题目分析如何发现有问题的题目。",
            "description_en": "200 simulated attempts that show how item analysis finds bad "
            "questions.",
            "attempts_allowed": None,
            "pass_mark": 60,
            "review_policy": ReviewPolicy.SCORE,
            "shuffle_options": True,
            "is_published": False,
        },
    )
    if not created:
        return assessment
    from quizzes.models import Competence

    competence = Competence.objects.get(code="6.1")
    versions = []
    for position, (text, options) in enumerate(QUESTIONS, start=1):
        question = question_create(
            competence=competence,
            qtype="single",
            name=f"题目分析示例 {position:02d}",
            # Retired, so the planted bad questions are never drawn into the real area tests.
            is_active=False,
            text=text,
            payload={
                "options": [
                    {"text": option, "fraction": 1.0 if i == 0 else 0.0, "feedback": ""}
                    for i, option in enumerate(options)
                ]
            },
        )
        AssessmentQuestion.objects.create(
            assessment=assessment, question=question, points=Decimal(1), sort_order=position
        )
        versions.append(question.current_version)
    spread = [-1.0, -0.5, 0.0, 0.0, 0.5, 1.0, -3.5, 0.3, -0.2, 0.8]
    simulate_finished_attempts(
        assessment=assessment,
        users=simulated_candidates(),
        count=ATTEMPTS,
        seed=SEED,
        difficulty={v.pk: b for v, b in zip(versions, spread, strict=True)},
        wrong_key={versions[WRONG_KEY - 1].pk},
        never_picked={
            versions[DEAD_DISTRACTOR - 1].pk: versions[DEAD_DISTRACTOR - 1].payload["options"][-1][
                "id"
            ]
        },
    )
    run = item_analysis_request(assessment=assessment)
    item_analysis_execute(run_id=run.pk)
    return assessment
