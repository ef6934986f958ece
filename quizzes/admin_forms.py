"""Wagtail admin forms for the question bank. Saving delegates to quizzes.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import selectors, services
from .formats.base import (
    MAX_WORD_LIMIT,
    UNIT_HANDLINGS,
    FormatError,
    QuestionData,
    describe_problem,
    validate_question,
)
from .formats.gift import parse_gift, write_question_body
from .formats.payloads import (
    DEFAULT_UNIT_PENALTY,
    SyntaxProblem,
    format_rubric,
    format_units,
    parse_rubric,
    parse_units,
)
from .models import Question
from .models.bank import QUESTION_TEXT_MAX_LENGTH, QuestionType
from .services.imports import question_data

CONTENT_HELP = _(
    "The question and its answers in GIFT, the format Moodle uses. "
    "Single choice: {=right ~wrong ~wrong}. Multiple choice: {~%50%right ~%50%right ~%-100%wrong}. "
    "True or false: {TRUE} or {FALSE}. Fill in: {=answer =other accepted answer =/pattern/}. "
    "Matching: {=left -> right =left -> right}. "
    "Numerical: {#3.14:0.01} (answer:tolerance), {#1..2} (a range) or several answers "
    "{#=3.14:0.01 =%50%3.1:0.1}; units are set below. "
    "Essay or case analysis: {}; material, word limit and rubric are set below. "
    "Feedback for an answer follows #; the explanation follows ####. "
    "Write \\{ \\} \\= \\~ \\# \\: for those characters themselves."
)
RUBRIC_HELP = _(
    "One criterion per line: the criterion, a colon, then its levels as level=points separated "
    "by semicolons, for example “Argument: missing=0; clear=2; compelling=4”. "
    "Leave empty to let the marker give a share of the mark."
)
UNITS_HELP = _(
    "One unit per line as unit = multiplier, the base unit first with multiplier 1, "
    "for example “m = 1” then “cm = 100”."
)
UNIT_HANDLING_LABELS = {
    "none": _("Units are not used"),
    "optional": _("A unit is optional (a number without one is read in the base unit)"),
    "required": _("A unit is required (a missing or unknown unit loses the penalty)"),
}
UNIT_HANDLING_CHOICES = [(value, UNIT_HANDLING_LABELS[value]) for value in UNIT_HANDLINGS]

# Which form field a content problem belongs to; every other problem is shown on the content.
PROBLEM_FIELDS = {
    "bad_word_limit": "word_limit",
    "too_many_criteria": "rubric",
    "empty_criterion": "rubric",
    "rubric_levels": "rubric",
    "bad_rubric_points": "rubric",
    "rubric_no_points": "rubric",
    "duplicate_unit": "units",
    "bad_multiplier": "units",
    "base_unit": "units",
    "no_units": "units",
    "bad_unit_handling": "unit_handling",
    "bad_unit_penalty": "unit_penalty",
}


class QuestionAdminForm(WagtailAdminModelForm):
    content = forms.CharField(
        label=_("Question and answers"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "monospace"}),
        help_text=CONTENT_HELP,
    )
    case_sensitive = forms.BooleanField(
        label=_("Fill-in answers are case-sensitive"), required=False
    )
    material = forms.CharField(
        label=_("Case material"),
        required=False,
        max_length=QUESTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Essays only: the case or documents the answer draws on, shown above it."),
    )
    word_limit = forms.IntegerField(
        label=_("Word limit"),
        required=False,
        min_value=0,
        max_value=MAX_WORD_LIMIT,
        help_text=_("Essays only: the most words an answer may have; 0 or empty for no limit."),
    )
    allow_file = forms.BooleanField(
        label=_("The answer may include a file"),
        required=False,
        help_text=_("Essays only."),
    )
    marker_guide = forms.CharField(
        label=_("Guide for markers"),
        required=False,
        max_length=QUESTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Essays only: what a good answer contains; markers see it, learners never."),
    )
    rubric = forms.CharField(
        label=_("Rubric"),
        required=False,
        max_length=QUESTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "class": "monospace"}),
        help_text=RUBRIC_HELP,
    )
    units = forms.CharField(
        label=_("Units"),
        required=False,
        max_length=QUESTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "monospace"}),
        help_text=UNITS_HELP,
    )
    unit_handling = forms.ChoiceField(
        label=_("Unit handling"), choices=UNIT_HANDLING_CHOICES, initial="none", required=False
    )
    unit_penalty = forms.DecimalField(
        label=_("Unit penalty"),
        required=False,
        min_value=0,
        max_value=1,
        max_digits=8,
        decimal_places=7,
        initial=DEFAULT_UNIT_PENALTY,
        help_text=_("The share of the mark a wrong or missing unit loses, from 0 to 1."),
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
            self._initial_extras(data)

    def _initial_extras(self, data: QuestionData) -> None:
        payload = data.payload
        if data.qtype == QuestionType.ESSAY:
            for name in ("material", "word_limit", "allow_file", "marker_guide"):
                self.fields[name].initial = payload.get(name)
            self.fields["rubric"].initial = format_rubric(payload.get("rubric") or [])[0]
        elif data.qtype == QuestionType.NUMERICAL:
            self.fields["units"].initial = format_units(payload.get("units") or [])
            self.fields["unit_handling"].initial = payload.get("unit_handling") or "none"
            penalty = payload.get("unit_penalty")
            self.fields["unit_penalty"].initial = (
                DEFAULT_UNIT_PENALTY if penalty is None else penalty
            )

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

    def _syntax_error(self, field: str, error: SyntaxProblem) -> None:
        self.add_error(field, describe_problem({"code": error.code, "params": error.params}))

    def _extras(self, qtype: str) -> dict | None:
        """What the fields below the GIFT text add to an essay or numerical payload; None (with
        the errors added) when one of them cannot be read."""
        data = self.cleaned_data
        if qtype == QuestionType.ESSAY:
            try:
                rubric = parse_rubric(data.get("rubric") or "")
            except SyntaxProblem as error:
                self._syntax_error("rubric", error)
                return None
            return {
                "material": data.get("material") or "",
                "word_limit": data.get("word_limit") or 0,
                "allow_file": bool(data.get("allow_file")),
                "rubric": self._kept_ids(rubric),
                "marker_guide": data.get("marker_guide") or "",
            }
        try:
            units = parse_units(data.get("units") or "")
        except SyntaxProblem as error:
            self._syntax_error("units", error)
            return None
        penalty = data.get("unit_penalty")
        return {
            "units": units,
            "unit_handling": data.get("unit_handling") or "none",
            "unit_penalty": DEFAULT_UNIT_PENALTY if penalty is None else float(penalty),
        }

    def _kept_ids(self, rubric: list[dict]) -> list[dict]:
        """Criteria and levels that keep their wording keep their ids, so an unchanged rubric is
        the same rubric (the text box cannot show ids)."""
        version = self.instance.current_version if self.instance.pk else None
        if version is None or version.qtype != QuestionType.ESSAY:
            return rubric
        old = {c.get("criterion"): c for c in version.payload.get("rubric") or []}
        used: set[str] = set()

        def reuse(item: dict, ident) -> dict:
            if not ident or ident in used:
                return item
            used.add(ident)
            return {**item, "id": ident}

        kept = []
        for criterion in rubric:
            before = old.get(criterion["criterion"]) or {}
            labels = {level.get("label"): level.get("id") for level in before.get("levels", [])}
            levels = [reuse(level, labels.get(level["label"])) for level in criterion["levels"]]
            kept.append(reuse({**criterion, "levels": levels}, before.get("id")))
        return kept

    def clean(self):
        cleaned = super().clean()
        parsed = cleaned.get("content")
        if not isinstance(parsed, QuestionData) or parsed.qtype not in (
            QuestionType.ESSAY,
            QuestionType.NUMERICAL,
        ):
            return cleaned
        extras = self._extras(parsed.qtype)
        if extras is None:
            return cleaned
        parsed.payload = {**parsed.payload, **extras}
        for problem in validate_question(parsed):
            field = PROBLEM_FIELDS.get(problem.code, "content")
            self.add_error(field, describe_problem(problem.as_dict()))
        return cleaned

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
