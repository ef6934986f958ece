"""Which routes the hostile-input walker covers, and how: ONE entry per URL name.

Every URL pattern the root resolver (config.urls) knows, our Wagtail admin views added through
`register_admin_urls` hooks included, must be either in ROUTES (walked) or excluded: by name in
EXCLUDED, or because its view lives in a third-party package listed in BUILT_IN_PACKAGES.
tests/fuzz/test_route_registry.py fails on a route that is neither, and on an entry whose route is
gone. Adding a route is one line here:

    "certificates:status_list": Route(kwargs=lambda w: {"list_id": 1}),
    "privatefiles:download": Route(kwargs=lambda w: {"token": "x"}, get=("download",)),

`kwargs` fills the URL from the fuzz world (tests/fuzz/world.py; `w.<name>` is an object made
there, add one if a route needs it); the walker also tries each URL kwarg itself with hostile
values. `get` names the query parameters the view reads; `post` is a valid form (a dict, or a
function of the world) whose fields are each replaced in turn by a hostile value, and `json=True`
also sends that form as a JSON body; `positional=True` is for a pattern with unnamed groups. Every route is requested with GET and POST by every visitor
(anonymous, learner, manager, staff), so a view that only accepts one method needs nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    kwargs: Callable = field(default=lambda w: {})
    get: tuple[str, ...] = ()
    post: dict | Callable | None = None
    json: bool = False
    positional: bool = False  # the pattern's groups are unnamed: reverse with args, in order

    def form(self, world) -> dict:
        if self.post is None:
            return {}
        return dict(self.post(world) if callable(self.post) else self.post)


def _attempt_form(w):
    slots = sorted(w.attempt.answers.values_list("slot", flat=True))
    return {"slots": str(slots[0]), f"s{slots[0]}": "0", "via": "beacon"}


ROUTES: dict[str, Route] = {
    # --- site shell and public pages
    "healthz": Route(),
    "home": Route(get=("q", "page")),
    "wagtail_serve": Route(
        kwargs=lambda w: {"path": w.course.url_path.split("/", 2)[2]}, positional=True
    ),
    "login": Route(post={"login": "learner", "password": "wrong-password"}),
    "logout": Route(),
    "text_size": Route(post={"text_size": "large", "next": "/"}),
    # --- trust: account security and personal data
    "trust:account": Route(),
    "trust:sessions": Route(),
    "trust:sessions_end_others": Route(),
    "trust:session_end": Route(kwargs=lambda w: {"pk": 1}),
    "trust:personal_data": Route(),
    "trust:personal_data_json": Route(),
    "trust:personal_data_html": Route(),
    # --- courses: search, my learning, lessons, plans
    "courses:search": Route(get=("q", "topic", "tag", "page")),
    "training:my_learning": Route(get=("page",)),
    "courses:enrolment_detail": Route(kwargs=lambda w: {"enrolment_id": w.enrolment.pk}),
    "courses:withdraw": Route(kwargs=lambda w: {"enrolment_id": w.enrolment.pk}),
    "training:calendar_feed": Route(kwargs=lambda w: {"token": w.feed_token}),
    "training:calendar_link": Route(),
    "training:calendar_rotate": Route(),
    "training:notice_dismiss": Route(kwargs=lambda w: {"notice_id": w.notice.pk}),
    "courses:enrol": Route(kwargs=lambda w: {"course_id": w.course.pk}),
    "courses:heartbeat": Route(kwargs=lambda w: {"lesson_id": w.lesson.pk}, post={"resume": "1"}),
    "courses:answer": Route(
        kwargs=lambda w: {"lesson_id": w.lesson.pk, "block_id": "fuzz-check-question"},
        post={"choice": "1"},
    ),
    # --- Q&A
    "qanda:my_questions": Route(get=("page", "status")),
    "qanda:notices_read": Route(),
    "qanda:inbox": Route(get=("page", "status")),
    "qanda:quality_summary": Route(get=("year", "month")),
    "qanda:course_questions": Route(kwargs=lambda w: {"course_id": w.course.pk}, get=("q",)),
    "qanda:ask": Route(
        kwargs=lambda w: {"course_id": w.course.pk},
        post=lambda w: {
            "title": "数据目录怎么编制？",
            "body": "请问步骤。",
            "lesson": str(w.lesson.pk),
            "visibility": "private",
        },
    ),
    "qanda:question_detail": Route(kwargs=lambda w: {"question_id": w.question.pk}),
    "qanda:attachment": Route(kwargs=lambda w: {"question_id": w.question.pk}),
    "qanda:answer": Route(kwargs=lambda w: {"question_id": w.question.pk}, post={"body": "答复"}),
    "qanda:resolve": Route(kwargs=lambda w: {"question_id": w.question.pk}),
    "qanda:close": Route(kwargs=lambda w: {"question_id": w.question.pk}),
    "qanda:merge": Route(kwargs=lambda w: {"question_id": w.question.pk}, post={"into": "1"}),
    "qanda:promote": Route(
        kwargs=lambda w: {"question_id": w.question.pk, "answer_id": w.reply.pk}
    ),
    # --- assessments and contests
    "quizzes:list": Route(get=("page",)),
    "quizzes:competencies": Route(),
    "quizzes:detail": Route(kwargs=lambda w: {"slug": w.assessment.slug}),
    "quizzes:start": Route(kwargs=lambda w: {"slug": w.assessment.slug}),
    "quizzes:take": Route(kwargs=lambda w: {"pk": w.attempt.pk}),
    "quizzes:save": Route(kwargs=lambda w: {"pk": w.attempt.pk}, post=_attempt_form, json=True),
    "quizzes:submit": Route(kwargs=lambda w: {"pk": w.attempt.pk}, post=_attempt_form),
    "quizzes:next": Route(kwargs=lambda w: {"pk": w.attempt.pk}, post=_attempt_form),
    "quizzes:result": Route(kwargs=lambda w: {"pk": w.attempt.pk}),
    "quizzes:answer_file": Route(kwargs=lambda w: {"pk": w.attempt.pk, "slot": 1}),
    "quizzes:contest_list": Route(),
    "quizzes:contest_register": Route(kwargs=lambda w: {"pk": w.contest.pk}),
    "quizzes:contest_play": Route(kwargs=lambda w: {"pk": w.contest.pk}),
    "quizzes:contest_claim": Route(kwargs=lambda w: {"pk": w.contest.pk}),
    "quizzes:contest_answer": Route(
        kwargs=lambda w: {"pk": w.contest.pk}, post={"slots": "0", "s0": "0"}, json=True
    ),
    "quizzes:contest_submit": Route(kwargs=lambda w: {"pk": w.contest.pk}),
    "quizzes:contest_ranking": Route(kwargs=lambda w: {"pk": w.contest.pk}, get=("page",)),
    "quizzes:contest_export": Route(kwargs=lambda w: {"pk": w.contest.pk, "fmt": "csv"}),
    # --- manager dashboards
    "dashboards:my_team": Route(get=("unit", "post", "rank", "page")),
    "dashboards:platform": Route(get=("unit", "post", "rank", "page")),
    "dashboards:person": Route(kwargs=lambda w: {"profile_id": w.learner_profile.pk}),
    "dashboards:assign": Route(
        post=lambda w: {
            "course": str(w.course.pk),
            "units": str(w.unit.pk),
            "due_date": "2030-06-30",
        }
    ),
    "dashboards:remind": Route(kwargs=lambda w: {"target_id": w.target.pk}, post={"next": "/"}),
    "dashboards:export": Route(kwargs=lambda w: {"kind": "people", "fmt": "csv"}, get=("unit",)),
    "dashboards:export_status": Route(kwargs=lambda w: {"result_id": "x"}),
    "dashboards:export_download": Route(kwargs=lambda w: {"result_id": "x"}),
    # --- certificates
    "certificates:verify": Route(kwargs=lambda w: {"code": w.certificate.code}),
    "certificates:verify_lookup": Route(get=("code",)),
    "certificates:mine": Route(),
    "certificates:pdf": Route(kwargs=lambda w: {"certificate_id": w.certificate.pk}),
    "certificates:pdf_status": Route(kwargs=lambda w: {"certificate_id": w.certificate.pk}),
    "certificates:credential": Route(kwargs=lambda w: {"certificate_id": w.certificate.pk}),
    "certificates:transcript": Route(post={"year": "2025"}),
    "certificates:jwks": Route(),
    "certificates:status_list": Route(kwargs=lambda w: {"list_number": 0}),
    "certificates_pdf": Route(kwargs=lambda w: {"pk": w.certificate.pk}),
    # --- our Wagtail admin views (register_admin_urls hooks)
    "trust_audit_list": Route(get=("actor", "action", "result", "date_from", "date_to", "p")),
    "trust_audit_export": Route(get=("actor", "date_from", "date_to")),
    "trust_lockouts": Route(),
    "trust_daily_jobs": Route(),
    "trust_lockout_unlock": Route(post={"username": "learner"}),
    "trust_person_anonymise": Route(kwargs=lambda w: {"user_id": w.bystander.pk}),
    "courses_content_health": Route(get=("p",)),
    "quizzes_contests:index": Route(get=("p",)),
    "quizzes_contests:detail": Route(
        kwargs=lambda w: {"pk": w.contest.pk}, get=("p", "fp", "flagged")
    ),
    "certificates_revoke": Route(
        kwargs=lambda w: {"pk": w.certificate.pk}, post={"reason": "误发"}
    ),
    "certificates_reissue": Route(
        kwargs=lambda w: {"pk": w.certificate.pk}, post={"reason": "更正"}
    ),
    "certificates_bulk_list": Route(post=lambda w: {"course": str(w.course.pk)}),
    "certificates_bulk_detail": Route(kwargs=lambda w: {"pk": 1}),
    "certificates_bulk_archive": Route(kwargs=lambda w: {"pk": 1}),
    "certificates_design_preview": Route(kwargs=lambda w: {"design": "pass"}),
    "qanda_quality_report": Route(get=("year", "month", "course")),
    "qanda_quality_export": Route(kwargs=lambda w: {"file_format": "csv"}, get=("year",)),
    "quizzes_import_list": Route(),
    "quizzes_import_create": Route(post={"format": "xlsx", "default_language": "zh-hans"}),
    "quizzes_import_detail": Route(kwargs=lambda w: {"pk": 1}),
    "quizzes_import_template": Route(),
    "quizzes_import_file": Route(kwargs=lambda w: {"pk": 1}),
    "people_import_file": Route(kwargs=lambda w: {"pk": 1}),
    "training_signin_sheet_template": Route(kwargs=lambda w: {"fmt": "xlsx"}),
    "quizzes_export": Route(get=("format", "competence", "category")),
    # The tests' edit view is ours (it adds the item analysis link to the header).
    "wagtailsnippets_quizzes_assessment:edit": Route(kwargs=lambda w: {"pk": w.assessment.pk}),
    "quizzes_item_analysis": Route(kwargs=lambda w: {"pk": w.assessment.pk}, get=("q",)),
    "quizzes_item_analysis_recompute": Route(kwargs=lambda w: {"pk": w.assessment.pk}),
    "quizzes_item_analysis_export": Route(kwargs=lambda w: {"pk": w.assessment.pk, "fmt": "csv"}),
    "quizzes_calibration": Route(),
    "quizzes_marking_queue": Route(),
    "quizzes_marking_task": Route(
        kwargs=lambda w: {"pk": w.marking_task.pk},
        post={
            "action": "draft",
            "level_c1": "c1b",
            "comment_c1": "好",
            "overall_comment": "总体",
            "points": "1",
        },
    ),
    "quizzes_marking_file": Route(kwargs=lambda w: {"pk": w.marking_task.pk}),
    "quizzes_moderation_index": Route(),
    "quizzes_moderation_detail": Route(kwargs=lambda w: {"pk": w.marked_test.pk}),
    "quizzes_moderate": Route(
        kwargs=lambda w: {"pk": w.marked_answer.pk}, post={"points": "5", "reason": "统一尺度"}
    ),
    "quizzes_marking_reassign": Route(
        kwargs=lambda w: {"pk": w.marking_task.pk},
        post=lambda w: {"marker": str(w.expert.pk)},
    ),
    "quizzes_marking_report": Route(get=("test",)),
    "people_import_list": Route(),
    "people_import_create": Route(post={"format": "xlsx"}),
    "people_import_detail": Route(kwargs=lambda w: {"pk": 1}),
    "people_import_template": Route(kwargs=lambda w: {"fmt": "xlsx"}),
}

#: Routes of ours deliberately not walked, with the reason.
EXCLUDED: dict[str, str] = {}

#: Views from these packages are their authors' built-ins (Wagtail's admin, snippets, images and
#: documents; allauth's account, MFA and social login; Django's generic redirects). The walker
#: covers the ones we route ourselves (home, page serving, login, logout); hostile characters in
#: all the others are still refused by core.middleware.HostileInputMiddleware before they run.
BUILT_IN_PACKAGES: dict[str, str] = {
    "wagtail.": "Wagtail's own admin, snippet, image, document and page views",
    "allauth.": "allauth's own account, MFA and social-login views",
    "django.": "Django's generic views (redirects) and Wagtail's login shim",
}


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name with namespaces, or the pattern itself when unnamed
    module: str  # where the view is defined
    converters: dict  # URL kwarg -> converter class name


def all_patterns() -> list[Pattern]:
    """Every URL pattern of the root resolver, Wagtail hook URLs included."""
    found: list[Pattern] = []

    def walk(resolver, prefix: str, namespace: str | None, converters: dict) -> None:
        for entry in resolver.url_patterns:
            merged = {**converters, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), inner, merged)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                callback = entry.callback
                module = getattr(callback, "__module__", "") or ""
                found.append(
                    Pattern(
                        key=name or prefix + str(entry.pattern),
                        module=module,
                        converters={k: type(v).__name__ for k, v in merged.items()},
                    )
                )

    walk(get_resolver(), "", None, {})
    return found


def built_in_reason(pattern: Pattern) -> str | None:
    for package, reason in BUILT_IN_PACKAGES.items():
        if pattern.module.startswith(package):
            return reason
    return None
