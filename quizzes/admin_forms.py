"""Wagtail admin forms for the question bank. Saving delegates to quizzes.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import selectors, services
from .formats.base import FormatError, describe_problem, validate_question
from .formats.gift import parse_gift, write_question_body
from .models import Question
from .services.imports import question_data

CONTENT_HELP = _(
    "The question and its answers in GIFT, the format Moodle uses. "
    "Single choice: {=right ~wrong ~wrong}. Multiple choice: {~%50%right ~%50%right ~%-100%wrong}. "
    "True or false: {TRUE} or {FALSE}. Fill in: {=answer =other accepted answer =/pattern/}. "
    "Matching: {=left -> right =left -> right}. Feedback for an answer follows #; "
    "the explanation follows ####. Write \\{ \\} \\= \\~ \\# \\: for those characters themselves."
)


class QuestionAdminForm(WagtailAdminModelForm):
    content = forms.CharField(
        label=_("Question and answers"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "monospace"}),
        help_text=CONTENT_HELP,
    )
    case_sensitive = forms.BooleanField(
        label=_("Fill-in answers are case-sensitive"), required=False
    )

    class Meta:
        model = Question
        fields = ["name", "category", "competence", "difficulty", "language", "tags", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave blank to use the start of the question text.")
        if self.instance.pk and self.instance.current_version_id:
            data = question_data(self.instance)
            self.fields["content"].initial = write_question_body(data)
            self.fields["case_sensitive"].initial = bool(data.payload.get("case_sensitive"))

    def clean_content(self):
        try:
            parsed = parse_gift(self.cleaned_data["content"])
        except FormatError as error:
            raise forms.ValidationError(describe_problem(error.problem.as_dict())) from error
        if parsed.problems:
            raise forms.ValidationError([describe_problem(p.as_dict()) for p in parsed.problems])
        if len(parsed.questions) != 1:
            raise forms.ValidationError(_("Write exactly one question here."))
        # The same content rules as every import format, shown on the form rather than on save.
        problems = validate_question(parsed.questions[0])
        if problems:
            raise forms.ValidationError([describe_problem(p.as_dict()) for p in problems])
        return parsed.questions[0]

    def save(self, commit=True):
        data = self.cleaned_data
        parsed = data["content"]
        payload = dict(parsed.payload)
        if parsed.qtype == "fill_in":
            payload["case_sensitive"] = data["case_sensitive"]
        fields = {
            "qtype": parsed.qtype,
            "text": parsed.text,
            "payload": payload,
            "name": data["name"] or parsed.name,
            "explanation": parsed.explanation,
            "category": data["category"],
            "competence": data["competence"],
            "difficulty": data["difficulty"],
            "language": data["language"],
            "tags": list(data.get("tags") or []),
        }
        if self.instance.pk:
            self.instance, _outcome = services.question_update(
                question=self.instance, is_active=data["is_active"], **fields
            )
        else:
            self.instance = services.question_create(**fields, is_active=data["is_active"])
        return self.instance


def _formset_rows(form, name: str) -> list[dict]:
    """The kept rows of one inline formset of the form (none when it does not validate: its own
    errors are shown then)."""
    formset = form.formsets.get(name) if hasattr(form, "formsets") else None
    if formset is None or not formset.is_valid():
        return []
    return [
        row.cleaned_data
        for row in formset.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE")
    ]


class AssessmentAdminForm(WagtailAdminModelForm):
    """The test form: an adaptive test must have enough calibrated questions to draw from."""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("adaptive"):
            return cleaned
        if self.instance.pk and selectors.assessment_is_contest_paper(assessment=self.instance):
            # A contest paper is built ahead of its start, the same for the whole field.
            self.add_error("adaptive", _("A contest's test cannot be adaptive."))
            return cleaned
        min_items = cleaned.get("adaptive_min_items") or 0
        max_items = cleaned.get("adaptive_max_items") or 0
        if min_items and max_items and min_items > max_items:
            self.add_error(
                "adaptive_min_items",
                _("The minimum number of questions cannot exceed the maximum."),
            )
            return cleaned
        area = cleaned.get("area")
        rules = [
            selectors.adaptive_pool_rule(
                competence_id=row["competence"].pk if row.get("competence") else None,
                area_id=area.pk if area else None,
                difficulty=row.get("difficulty") or "",
                points=row.get("points") or 1,
            )
            for row in _formset_rows(self, "draw_rules")
        ]
        fixed = [
            (row["question"].pk, row.get("points") or 1)
            for row in _formset_rows(self, "fixed_questions")
            if row.get("question")
        ]
        pool = selectors.adaptive_pool_from(
            rules=rules,
            fixed=fixed,
            area_id=area.pk if area else None,
            language=cleaned.get("language") or "",
        )
        if len(pool) < max(min_items, 1):
            self.add_error(
                "adaptive",
                _(
                    "An adaptive test needs at least %(needed)s calibrated questions to choose "
                    "from, but its random draws (or its area) name only %(available)s active "
                    "questions with item parameters. Calibrate the bank, add random draws or "
                    "lower the minimum number of questions."
                )
                % {"needed": max(min_items, 1), "available": len(pool)},
            )
        return cleaned
