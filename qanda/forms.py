"""Forms of the Q&A pages. They only parse input; the rules are in qanda.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedIntegerField

from .models import Visibility


class AskForm(forms.Form):
    title = forms.CharField(label=_("Your question in one line"), max_length=200)
    body = forms.CharField(
        label=_("Details"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    lesson = forms.TypedChoiceField(
        label=_("Lesson (optional)"), required=False, coerce=int, empty_value=None
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )
    attachment = forms.FileField(
        label=_("Attachment (optional: PDF, Word, Excel, text, PNG or JPEG)"), required=False
    )

    def __init__(self, *args, lessons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lessons = {lesson.pk: lesson for lesson in lessons}
        self.fields["lesson"].choices = [("", _("The course in general"))] + [
            (lesson.pk, lesson.title) for lesson in lessons
        ]


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class MergeForm(forms.Form):
    into = BoundedIntegerField(
        label=_("Number of the question it duplicates"), min_value=1, max_value=2**63 - 1
    )
