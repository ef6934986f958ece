"""The assign-training form: the choices are limited to the manager's own units."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedDateField
from courses.models import CoursePage
from courses.selectors import source_language_code


class AssignForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Units (with everyone below them)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    # Bounded (core.forms): a far-future date would be stored and then break the iCalendar feed.
    due_date = BoundedDateField(label=_("Due date"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["course"].queryset = (
            CoursePage.objects.live()
            .filter(locale__language_code=source_language_code())
            .order_by("title")
        )
