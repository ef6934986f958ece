"""The assign-training form: a course or a test, for units and/or chosen people, with a due date.
Every choice is limited to the manager's own subtree; a forged id outside it is refused with a
sentence, and `training.services.training_assignment_create` checks the scope again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedDateField
from courses.models import CoursePage
from courses.selectors import source_language_code
from quizzes.models import Assessment
from training.selectors import assignable_people, assignable_people_search

PEOPLE_SHOWN = 20
OUTSIDE_SCOPE = _("You can assign training only to people in the units you manage.")


class PeopleField(forms.ModelMultipleChoiceField):
    """Chosen people (profile ids) of the manager's subtree. A value outside it, or not a number,
    gets one sentence that says so rather than Django's "not one of the available choices"."""

    default_error_messages = {
        "invalid_choice": OUTSIDE_SCOPE,
        "invalid_pk_value": OUTSIDE_SCOPE,
    }


class AssignForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.none(), required=False
    )
    assessment = forms.ModelChoiceField(
        label=_("or a test"), queryset=Assessment.objects.none(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units (with everyone below them)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("You can assign training only within the units you manage.")
        },
    )
    # Rendered by the template as the people picker (chosen people checked, then search hits).
    people = PeopleField(label=_("People"), queryset=None, required=False)
    q = forms.CharField(
        label=_("Find people"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Bounded (core.forms): a far-future date would be stored and then break the iCalendar feed.
    due_date = BoundedDateField(label=_("Due date"), required=False)

    def __init__(self, *args, units, assigned_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.assigned_by = assigned_by
        self.fields["units"].queryset = units
        self.fields["people"].queryset = assignable_people(assigned_by=assigned_by)
        self.fields["course"].queryset = (
            CoursePage.objects.live()
            .filter(locale__language_code=source_language_code())
            .order_by("title")
        )
        self.fields["assessment"].queryset = Assessment.objects.filter(is_published=True).order_by(
            "title"
        )
        self.fields["assessment"].label_from_instance = lambda test: test.display_title

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("course") and data.get("assessment"):
            self.add_error(None, _("Choose a course or a test, not both."))
        elif not data.get("course") and not data.get("assessment"):
            self.add_error(None, _("Choose either a course or a test to assign."))
        if not data.get("units") and not data.get("people"):
            self.add_error(None, _("Choose at least one unit or one person."))
        if not data.get("due_date"):
            self.add_error("due_date", _("Enter the due date."))
        return data

    # --- the people picker --------------------------------------------------------------------

    @classmethod
    def for_search(cls, data, **kwargs) -> "AssignForm":
        """The form as submitted by "Search", unbound: it shows what was entered (and who was
        ticked) without judging it, since the manager has not asked to assign yet."""
        initial = {name: data.get(name, "") for name in ("course", "assessment", "q", "due_date")}
        initial["units"] = data.getlist("units")
        initial["people"] = data.getlist("people")
        return cls(initial=initial, **kwargs)

    def _submitted(self, name: str) -> list[str]:
        source = self.data if self.is_bound else None
        values = source.getlist(name) if source is not None else self.initial.get(name) or []
        return [str(v) for v in values if "\x00" not in str(v)]

    def chosen_people(self) -> list:
        """The people ticked in what was submitted that are in scope, by unit and name (an id
        outside the scope is dropped here; on Assign the field's error says so)."""
        ids = [v for v in self._submitted("people") if v.isdigit() and len(v) < 19][:500]
        if not ids:
            return []
        return list(
            self.fields["people"]
            .queryset.filter(pk__in=ids)
            .order_by("org_unit__path", "user__full_name", "pk")
        )

    def search_query(self) -> str:
        value = (self.data.get("q") if self.is_bound else self.initial.get("q")) or ""
        return "" if "\x00" in value else value.strip()[:100]

    def people_matches(self, chosen: list) -> list:
        """Up to PEOPLE_SHOWN people of the subtree matching the search (everyone when it is
        empty), without those already chosen."""
        taken = {p.pk for p in chosen}
        hits = assignable_people_search(
            assigned_by=self.assigned_by,
            query=self.search_query(),
            limit=PEOPLE_SHOWN + len(taken),
        )
        return [p for p in hits if p.pk not in taken][:PEOPLE_SHOWN]
