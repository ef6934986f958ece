"""Reads of the quizzes app. Pages and other apps read through these.

`attempt_slots` builds what the in-progress page may show: question text, options in the
attempt's order and the learner's own responses. Correct answers, fractions, feedback and
explanations never leave `attempt_review`, which is only called when the review policy allows."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from ..irt.calibrate import min_calibrated_answers
from ..irt.levels import level_with_uncertainty
from ..models import (
    AREA_ORDER,
    COMPETENCE_IN_AREA_ORDER,
    DEFAULT_CUT_SCORES,
    AbilityEstimate,
    AbilityMethod,
    Answer,
    Area,
    Assessment,
    Attempt,
    Band,
    Competence,
    CompetenceLevelRecord,
    PostTarget,
    QuestionType,
    Result,
    ReviewPolicy,
)
from ..scoring import (
    clean_response,
    fill_in_matches,
    keep_stored_file,
    needs_marking,
    normalise_text,
    numerical_fraction,
    read_number,
    response_fraction,
    response_score,
    word_count,
)


def _language_filter() -> Q:
    language = "en" if (translation.get_language() or "").startswith("en") else "zh-hans"
    return Q(language="") | Q(language=language)


def assessments_open(*, now: datetime | None = None) -> QuerySet[Assessment]:
    """Published tests open now, in the reader's language (or language-neutral)."""
    now = now or timezone.now()
    return (
        Assessment.objects.filter(is_published=True, contest__isnull=True)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .filter(_language_filter())
        .select_related("area")
        .order_by("area__sort_order", "title")
    )


NAV_CACHE_SECONDS = 300
NAV_CACHE_PREFIX = "quizzes:nav:"


def nav_windows_cached(key: str, windows) -> bool:
    """Whether now falls in one of the (opens, closes) windows `windows()` reads (None: open-ended),
    for a header link every page asks about (no empty sections). The windows, not the answer, are
    cached, so the answer follows the clock exactly; saves and deletions of tests and contests
    drop them at once (quizzes.apps), the timeout bounds what a bulk update could leave behind."""
    from django.core.cache import cache

    key = NAV_CACHE_PREFIX + key
    cached = cache.get(key)
    if cached is None:
        cached = list(windows())
        cache.set(key, cached, NAV_CACHE_SECONDS)
    now = timezone.now()
    return any(
        (opens is None or opens <= now) and (closes is None or now < closes)
        for opens, closes in cached
    )


def nav_answers_forget(**kwargs) -> None:
    """Drop the cached header windows (a test or contest was saved or deleted)."""
    from django.conf import settings
    from django.core.cache import cache

    keys = ["contests"] + [f"assessments:{code}" for code, _name in settings.LANGUAGES]
    cache.delete_many([NAV_CACHE_PREFIX + key for key in keys])


def assessments_open_exist() -> bool:
    """Whether the site nav should offer the Assessments section at all (no empty sections): a
    published test in the reader's language is open now (one query per cache lifetime)."""
    language = "en" if (translation.get_language() or "").startswith("en") else "zh-hans"
    return nav_windows_cached(
        f"assessments:{language}",
        lambda: (
            Assessment.objects.filter(is_published=True, contest__isnull=True)
            .filter(_language_filter())
            .values_list("opens_at", "closes_at")
            .distinct()
        ),
    )


def assessments_for_learner(*, user, now: datetime | None = None) -> list[dict]:
    """Open tests with the learner's own standing: attempts used, best result, one in progress."""
    assessments = list(assessments_open(now=now))
    ids = [a.pk for a in assessments]
    stats = {
        row["assessment_id"]: row
        for row in Attempt.objects.filter(user=user, assessment_id__in=ids)
        .values("assessment_id")
        .annotate(
            used=Count("pk"),
            open=Count("pk", filter=Q(status=Attempt.Status.IN_PROGRESS)),
        )
    }
    best = {
        row["assessment_id"]: row
        for row in Result.objects.filter(user=user, assessment_id__in=ids)
        .values("assessment_id")
        .annotate(best=Max("percent"), passed=Count("pk", filter=Q(passed=True)))
    }
    from .marking import awaiting_marking_by_assessment

    awaiting = awaiting_marking_by_assessment(user=user, assessment_ids=ids)
    rows = []
    for assessment in assessments:
        used = stats.get(assessment.pk, {}).get("used", 0)
        rows.append(
            {
                "assessment": assessment,
                "attempts_used": used,
                "in_progress": bool(stats.get(assessment.pk, {}).get("open")),
                "attempts_left": None
                if not assessment.attempts_allowed
                else max(0, assessment.attempts_allowed - used),
                "best_percent": best.get(assessment.pk, {}).get("best"),
                "passed": bool(best.get(assessment.pk, {}).get("passed")),
                # A result awaiting marking: expected by this date, no score or pass yet.
                "awaiting_due": awaiting.get(assessment.pk),
            }
        )
    return rows


def assessment_for_learner(*, slug: str) -> Assessment:
    """A published test by slug (raises Assessment.DoesNotExist). A contest's test is taken only
    through its contest (session, entry time and integrity checks live there)."""
    return Assessment.objects.select_related("area").get(
        slug=slug, is_published=True, contest__isnull=True
    )


def attempts_of(*, user, assessment: Assessment) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user, assessment=assessment).select_related("result")


def attempt_of_user(*, attempt_id: int, user) -> Attempt:
    """The user's own attempt (raises Attempt.DoesNotExist for anyone else's: pages answer 404)."""
    return Attempt.objects.select_related("assessment", "assessment__area").get(
        pk=attempt_id, user=user
    )


def attempt_exists_for(*, attempt_id: int, user) -> bool:
    return Attempt.objects.filter(
        pk=attempt_id, user=user, assessment__contest__isnull=True
    ).exists()


def attempt_is_contest(*, attempt: Attempt) -> bool:
    """Whether the attempt belongs to a contest (played only through the contest's pages)."""
    from ..models import ContestPage

    return ContestPage.objects.filter(assessment_id=attempt.assessment_id).exists()


def attempt_slot_types(*, attempt_id: int, user, slots: list[int]) -> dict[int, str]:
    """Question type per slot of the user's own attempt (empty for anyone else's, and for a
    contest's attempt, which saves only through the contest). One query."""
    return dict(
        Answer.objects.filter(
            attempt_id=attempt_id,
            attempt__user=user,
            slot__in=slots,
            attempt__assessment__contest__isnull=True,
        ).values_list("slot", "question_version__qtype")
    )


def attempt_remaining_seconds(*, attempt: Attempt, now: datetime | None = None) -> int | None:
    """Seconds left by the server clock (None: no deadline). The page only counts these down."""
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    return max(0, int((attempt.deadline - now).total_seconds()))


def _answers(attempt: Attempt) -> list[Answer]:
    return list(
        attempt.answers.select_related(
            "question_version", "competence", "competence__area"
        ).order_by("slot")
    )


def attempt_slots(*, attempt: Attempt) -> list[dict]:
    """What the in-progress page shows per slot. Nothing here says which answer is right."""
    slots = []
    for answer in _answers(attempt):
        version = answer.question_version
        payload = version.payload
        response = answer.response or {}
        slot = {
            "slot": answer.slot,
            "qtype": version.qtype,
            "text": version.text,
            "points": answer.points,
            "revision": answer.revision,
            "saved_at": answer.saved_at,
            "answered": answer.response is not None,
        }
        if version.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
            texts = {option["id"]: option["text"] for option in payload["options"]}
            chosen = set(response.get("choices", [])) | {response.get("choice")}
            slot["options"] = [
                {"id": oid, "text": texts[oid], "checked": oid in chosen}
                for oid in answer.option_order
                if oid in texts
            ]
        elif version.qtype == QuestionType.FILL_IN:
            slot["text_response"] = response.get("text", "")
        elif version.qtype == QuestionType.NUMERICAL:
            slot["text_response"] = response.get("text", "")
            # Which units the answer may carry, never their multipliers or the accepted numbers.
            if (payload.get("unit_handling") or "none") != "none":
                slot["units"] = [unit["unit"] for unit in payload.get("units", [])]
                slot["unit_required"] = payload.get("unit_handling") == "required"
        elif version.qtype == QuestionType.ESSAY:
            text = response.get("text", "")
            # The material and limits only: the rubric and the marker's guide stay on the server.
            slot.update(
                {
                    "text_response": text,
                    "material": payload.get("material", ""),
                    "word_limit": int(payload.get("word_limit") or 0),
                    "word_count": word_count(text),
                    "allow_file": bool(payload.get("allow_file")),
                    "has_file": bool(response.get("file")),
                    "file_name": response.get("file_name") or "",
                }
            )
        elif version.qtype == QuestionType.MATCHING:
            matches = response.get("matches", {})
            slot["choices"] = list(answer.option_order)
            slot["lefts"] = [
                {"index": index, "text": pair["left"], "selected": matches.get(str(index), "")}
                for index, pair in enumerate(payload["pairs"])
            ]
        slots.append(slot)
    return slots


def answer_file_of_user(*, attempt_id: int, user, slot: int) -> dict:
    """{"file": stored name, "file_name": shown name} of the file the user attached to a slot of
    their own attempt; raises Answer.DoesNotExist for anyone else's attempt or a slot with none."""
    if not getattr(user, "is_authenticated", False):
        raise Answer.DoesNotExist
    response = (
        Answer.objects.filter(attempt_id=attempt_id, attempt__user=user, slot=slot)
        .values_list("response", flat=True)
        .get()
    )
    if not isinstance(response, dict) or not response.get("file"):
        raise Answer.DoesNotExist
    return {"file": response["file"], "file_name": response.get("file_name", "")}


def attempt_review_level(*, attempt: Attempt, now: datetime | None = None) -> str:
    """What the learner may see of a finished attempt: "nothing", "score" or "full"."""
    if not attempt.is_finished:
        return "nothing"
    policy = attempt.assessment.review_policy
    now = now or timezone.now()
    if policy == ReviewPolicy.NOTHING:
        return "nothing"
    if policy == ReviewPolicy.IMMEDIATE:
        return "full"
    if (
        policy == ReviewPolicy.AFTER_CLOSE
        and attempt.assessment.closes_at
        and now >= attempt.assessment.closes_at
    ):
        return "full"
    return "score"


def _right_answer_text(version, option_order) -> list[str]:
    payload = version.payload
    if version.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        return [o["text"] for o in payload["options"] if float(o["fraction"]) > 0]
    if version.qtype == QuestionType.FILL_IN:
        return [a["text"] for a in payload["answers"] if float(a["fraction"]) == 1]
    if version.qtype == QuestionType.MATCHING:
        return [f"{p['left']} → {p['right']}" for p in payload["pairs"]]
    return []  # numerical: see _numerical_accepted; essays have no right answer (their marks:
    # quizzes.selectors.marking)


def _plain_number(value) -> str:
    """A stored number as people write it: 12.5, 0.001, 3000000 (no float noise, no exponent)."""
    text = format(Decimal(str(float(value))).normalize(), "f")
    return text[:-2] if text.endswith(".0") else text


def _numerical_accepted(payload: dict) -> list[dict]:
    """The numbers a numerical question accepts, best first, with tolerance, base unit and share."""
    handling = payload.get("unit_handling") or "none"
    units = payload.get("units") or []
    unit = units[0]["unit"] if units and handling != "none" else ""
    accepted = [a for a in payload.get("answers", []) if float(a["fraction"]) > 0]
    accepted.sort(key=lambda a: -float(a["fraction"]))
    return [
        {
            "value": _plain_number(a["value"]),
            "tolerance": _plain_number(a.get("tolerance") or 0)
            if float(a.get("tolerance") or 0)
            else "",
            "unit": unit,
            "percent": round(float(a["fraction"]) * 100),
        }
        for a in accepted
    ]


def _numerical_feedback(payload: dict, text: str) -> list[str]:
    """The feedback of the best accepted answer the typed number falls within, if it has one."""
    read = read_number(text)
    if read is None:
        return []
    best, feedback = 0.0, ""
    for item in payload.get("answers", []):
        share = numerical_fraction({**payload, "answers": [{**item, "fraction": 1}]}, *read)
        if share > 0 and float(item["fraction"]) > best:
            best, feedback = float(item["fraction"]), item.get("feedback", "")
    return [feedback] if feedback else []


def attempt_review(*, attempt: Attempt) -> list[dict]:
    """The full review of a finished attempt: responses, right answers, feedback, explanation.
    Callers must check attempt_review_level(...) == "full" first."""
    if not attempt.is_finished:
        raise ValueError("An attempt in progress has no review.")
    rows = []
    for slot in attempt_slots(attempt=attempt):
        rows.append(slot)
    versions = {answer.slot: answer for answer in _answers(attempt)}
    for row in rows:
        answer = versions[row["slot"]]
        version = answer.question_version
        payload = version.payload
        response = answer.response or {}
        feedback = []
        if "options" in payload:
            chosen = set(response.get("choices", [])) | {response.get("choice")}
            by_id = {o["id"]: o for o in payload["options"]}
            for option in row.get("options", []):
                option["right"] = float(by_id[option["id"]]["fraction"]) > 0
                if option["id"] in chosen and by_id[option["id"]]["feedback"]:
                    feedback.append(by_id[option["id"]]["feedback"])
        elif version.qtype == QuestionType.FILL_IN and response.get("text"):
            text = normalise_text(response["text"])
            for item in payload["answers"]:
                if item["feedback"] and fill_in_matches(
                    item, text, bool(payload.get("case_sensitive"))
                ):
                    feedback.append(item["feedback"])
                    break
        elif version.qtype == QuestionType.MATCHING:
            for left in row["lefts"]:
                left["right_answer"] = payload["pairs"][left["index"]]["right"]
        elif version.qtype == QuestionType.NUMERICAL:
            row["accepted"] = _numerical_accepted(payload)
            feedback += _numerical_feedback(payload, response.get("text", ""))
        row.update(
            {
                "score": answer.score,
                # An answer an expert has still to mark shows so, not as a zero.
                "awaiting_marking": answer.score is None
                and needs_marking(version.qtype, answer.response),
                "fraction": response_fraction(
                    qtype=version.qtype, payload=payload, response=answer.response
                ),
                "right_answers": _right_answer_text(version, answer.option_order),
                "feedback": feedback,
                "explanation": version.explanation,
            }
        )
    return rows


def result_competences(*, result: Result) -> list[dict]:
    """The per-competence lines of a result, with the competence objects for display."""
    competences = Competence.objects.in_bulk([item["competence"] for item in result.competences])
    return [
        {**item, "competence_obj": competences.get(item["competence"])}
        for item in result.competences
    ]


def assessment_passed_by(*, user, assessment: Assessment) -> bool:
    """Whether the user has a passed result for this test (courses use it for final tests)."""
    return Result.objects.filter(user=user, assessment=assessment, passed=True).exists()


def competence_levels(*, user_ids) -> dict[tuple[int, int], int]:
    """Current level per (user id, competence id): the highest level recorded. One query."""
    rows = (
        CompetenceLevelRecord.objects.filter(user_id__in=list(user_ids))
        .values("user_id", "competence_id")
        .annotate(level=Max("level"))
    )
    return {(row["user_id"], row["competence_id"]): row["level"] for row in rows}


def _ability_row(estimate, competence, record_level: int) -> dict:
    """The level shown for a competence and how it was reached: from ability against the
    competence's cut scores where the learner has an IRT estimate, else from test percentages
    (the highest recorded level), with the reason when an estimate exists but is too thin."""
    if estimate is not None and estimate.method == AbilityMethod.IRT:
        cuts = {level.level: level.effective_cut_score for level in competence.levels.all()}
        banded = level_with_uncertainty(estimate.theta, estimate.se, cuts or DEFAULT_CUT_SCORES)
        return {
            "level": banded.level,
            "method": AbilityMethod.IRT,
            "level_low": banded.low,
            "level_high": banded.high,
            "theta": estimate.theta,
            "se": estimate.se,
            "ability_items": estimate.items,
            "ability_responses": estimate.responses,
        }
    return {
        "level": record_level,
        "method": AbilityMethod.PERCENT if (estimate is not None or record_level) else "",
        # An estimate that fell back: how many calibrated answers it had, and how many it needs.
        "fallback": estimate is not None,
        "ability_items": estimate.items if estimate is not None else 0,
        "ability_responses": estimate.responses if estimate is not None else 0,
    }


def competency_profile(*, user) -> dict:
    """A learner's profile: every area and competence with current level, the target for their
    post, and the history of records. A fixed number of queries whatever the data size.

    The current level comes from the learner's ability (AbilityEstimate, method "irt") against the
    competence's cut scores, with the band range its 95% interval covers; where the learner has
    too few answers to calibrated items, from test percentages (the highest level recorded)."""
    levels = competence_levels(user_ids=[user.pk])
    estimates = {
        estimate.competence_id: estimate
        for estimate in AbilityEstimate.objects.filter(user_id=user.pk)
    }
    post_id = getattr(getattr(user, "profile", None), "post_id", None)
    targets = (
        dict(PostTarget.objects.filter(post_id=post_id).values_list("competence_id", "level"))
        if post_id
        else {}
    )
    areas = Area.objects.select_related("framework").prefetch_related(
        Prefetch(
            "competences",
            queryset=Competence.objects.order_by(*COMPETENCE_IN_AREA_ORDER).prefetch_related(
                "levels"
            ),
        )
    )
    bands = dict(Band.choices)
    rows = []
    methods = set()
    fallback = False
    for area in areas.order_by(*AREA_ORDER):
        competences = []
        for competence in area.competences.all():
            ability = _ability_row(
                estimates.get(competence.pk), competence, levels.get((user.pk, competence.pk), 0)
            )
            level = ability["level"]
            methods.add(ability["method"])
            fallback = fallback or bool(ability.get("fallback"))
            target = targets.get(competence.pk, 0)
            competences.append(
                {
                    **ability,
                    "competence": competence,
                    "level_label": bands.get(level, ""),
                    "recorded_level": levels.get((user.pk, competence.pk), 0),
                    "target": target,
                    "target_label": bands.get(target, ""),
                    "gap": max(0, target - level),
                }
            )
        rows.append({"area": area, "competences": competences})
    history = CompetenceLevelRecord.objects.filter(user=user).select_related(
        "competence", "attempt__assessment"
    )[:50]
    return {
        "areas": rows,
        "history": list(history),
        "has_levels": bool(levels) or AbilityMethod.IRT in methods,
        "has_targets": bool(targets),
        "uses_ability": AbilityMethod.IRT in methods,
        "uses_fallback": fallback,
        "min_calibrated_answers": min_calibrated_answers(),
    }


def attempt_deadline(*, assessment: Assessment, started_at: datetime) -> datetime | None:
    """The earlier of the time limit and the test's closing time (None: no deadline)."""
    candidates = []
    if assessment.time_limit_minutes:
        candidates.append(started_at + timedelta(minutes=assessment.time_limit_minutes))
    if assessment.closes_at:
        candidates.append(assessment.closes_at)
    return min(candidates) if candidates else None


def answers_changed(*, attempt_id: int, responses: dict[int, object]) -> dict:
    """The part of a submitted form that differs from what is stored (one query), so a submit
    saves only what changed.

    The submit button posts every answer again, and autosave has usually stored them all already;
    re-saving ten unchanged answers made each of the thousand submits in a contest's last seconds
    ten locked writes. A response answer_save would refuse is kept, so that saving it reports the
    problem as before."""
    stored = {
        answer.slot: answer
        for answer in Answer.objects.filter(attempt_id=attempt_id, slot__in=list(responses))
        .select_related("question_version")
        .only("slot", "response", "question_version__qtype", "question_version__payload")
    }
    changed = {}
    for slot, response in responses.items():
        answer = stored.get(slot)
        if answer is None:
            changed[slot] = response
            continue
        version = answer.question_version
        try:
            cleaned = clean_response(
                qtype=version.qtype,
                payload=version.payload,
                response=keep_stored_file(
                    qtype=version.qtype, response=response, stored=answer.response
                ),
            )
        except ValidationError:
            changed[slot] = response
            continue
        if cleaned != answer.response:
            changed[slot] = response
    return changed


def _quantize(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def attempt_score(*, attempt: Attempt) -> dict:
    """Score an attempt from its stored answers (the same function scores and re-checks)."""
    answers = list(
        attempt.answers.select_related("question_version", "competence").order_by("slot")
    )
    scores, per_competence = {}, {}
    total, maximum = Decimal(0), Decimal(0)
    for answer in answers:
        version = answer.question_version
        score = response_score(
            qtype=version.qtype,
            payload=version.payload,
            response=answer.response,
            points=answer.points,
        )
        scores[answer.pk] = score
        total += score
        maximum += answer.points
        item = per_competence.setdefault(
            answer.competence_id,
            {
                "competence": answer.competence_id,
                "code": answer.competence.code,
                "score": Decimal(0),
                "max_score": Decimal(0),
            },
        )
        item["score"] += score
        item["max_score"] += answer.points
    competences = []
    for item in per_competence.values():
        percent = item["score"] * 100 / item["max_score"] if item["max_score"] else Decimal(0)
        competences.append(
            {
                **item,
                "score": str(_quantize(item["score"], "0.0001")),
                "max_score": str(_quantize(item["max_score"], "0.0001")),
                "percent": str(_quantize(percent, "0.01")),
            }
        )
    percent = total * 100 / maximum if maximum else Decimal(0)
    return {
        "answers": answers,
        "scores": scores,
        "score": _quantize(total, "0.0001"),
        "max_score": _quantize(maximum, "0.0001"),
        "percent": _quantize(percent, "0.01"),
        "competences": competences,
    }
