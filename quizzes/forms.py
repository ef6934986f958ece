"""Reading an attempt form (plain post or the autosave fetch, which sends the same fields).

Field names: `slots` lists the slots the post carries; `s<slot>` is the radio choice, the ticked
boxes or the typed text (a number, an essay); `s<slot>-m<index>` is the right-hand pick for a
matching pair. A slot listed in `slots` with no field means the learner cleared it. An essay's file
comes as the upload `s<slot>-file`, and `remove_file=<slot>` takes it away; the post never names a
stored file (the server keeps the name it chose)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import parse_int

from .models import Competence, QuestionImport, QuestionType


def wants_json(request) -> bool:
    """An autosave, not a plain post: fetch asks for JSON; a beacon sent as the page closes cannot
    set headers, so its form says `via=beacon`. Either gets a JSON reply and no flash message."""
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.POST.get("via") == "beacon"
    )


def slots_in_post(post) -> list[int]:
    slots = []
    for value in post.getlist("slots"):
        slot = parse_int(value)
        if slot is not None and slot not in slots:
            slots.append(slot)
    return slots


def responses_from_post(post, qtypes: dict[int, str]) -> dict[int, dict | None]:
    """Responses per slot, for the slots the post lists (unknown slots are ignored)."""
    responses: dict[int, dict | None] = {}
    for slot in slots_in_post(post):
        qtype = qtypes.get(slot)
        name = f"s{slot}"
        if qtype in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
            responses[slot] = {"choice": post.get(name, "")}
        elif qtype == QuestionType.MULTIPLE:
            responses[slot] = {"choices": post.getlist(name)}
        elif qtype in (QuestionType.FILL_IN, QuestionType.NUMERICAL, QuestionType.ESSAY):
            # An essay's file is never taken from the post: the save keeps the stored one.
            responses[slot] = {"text": post.get(name, "")}
        elif qtype == QuestionType.MATCHING:
            prefix = f"{name}-m"
            responses[slot] = {
                "matches": {
                    key[len(prefix) :]: value
                    for key, value in post.items()
                    if key.startswith(prefix)
                }
            }
    return responses


_FILE_FIELD = re.compile(r"^s([0-9]{1,5})-file$")


def files_in_post(files) -> dict[int, object]:
    """The essay files a post uploads, per slot (`s<slot>-file`; empty parts are ignored)."""
    uploads = {}
    for key in files:
        match = _FILE_FIELD.match(key)
        upload = files.get(key)
        if match and upload is not None and upload.name:
            uploads[int(match.group(1))] = upload
    return uploads


def file_removals_in_post(post) -> list[int]:
    """The slots whose attached file the learner asked to remove (`remove_file=<slot>`)."""
    slots = []
    for value in post.getlist("remove_file"):
        slot = parse_int(value)
        if slot is not None and slot not in slots:
            slots.append(slot)
    return slots


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=_("Question file"))
    format = forms.ChoiceField(label=_("Format"), choices=QuestionImport.Format.choices)
    default_competence = forms.ModelChoiceField(
        label=_("Default competence"),
        queryset=Competence.objects.select_related("area").order_by("code"),
        required=False,
        help_text=_("For questions whose file does not name a competence."),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=[("zh-hans", "简体中文"), ("en", "English")]
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB; split it into smaller files.")
            )
        return upload


class QuestionExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=QuestionImport.Format.choices)
    competence = forms.ModelChoiceField(
        label=_("Competence"),
        queryset=Competence.objects.order_by("code"),
        required=False,
        help_text=_("Leave blank to export the whole bank."),
    )
    category = forms.CharField(label=_("Category starts with"), required=False, max_length=255)
