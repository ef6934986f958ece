"""Files learners attach to essay and case-analysis answers.

A file goes to private storage under an unguessable name the server chooses, and the answer's
response records that name ({"text", "file", "file_name"}); no post can name a stored file. The
form's answers and its files are saved together or not at all: any refused answer or file leaves
every answer and every stored file as it was. A replaced or removed file is deleted once the
change is committed.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.private_files import safe_download_name
from core.storage import private_storage
from core.uploads import check_upload

from ..models import Answer, QuestionType
from ..scoring import clean_response
from .attempts import _answer_locked, _answer_store, answers_save

ESSAY_FILE_FOLDER = "quiz-essays"
ESSAY_FILE_EXTENSIONS = (".pdf", ".docx", ".odt", ".txt", ".png", ".jpg", ".jpeg")
# core.uploads checks PDF, Word and OpenDocument by their first bytes; images are checked here.
_IMAGE_MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


def essay_file_check(*, upload) -> None:
    """Refuse a file of the wrong type or over the size limit, judged by its content as well as
    its name (settings.QUIZ_ESSAY_FILE_MAX_BYTES)."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ESSAY_FILE_EXTENSIONS:
        raise ValidationError(
            _("Attach a PDF, Word (.docx), OpenDocument (.odt), text, PNG or JPEG file."),
            code="file_type",
        )
    limit = settings.QUIZ_ESSAY_FILE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; an attached file may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    check_upload(head=head, name=name, size=upload.size, max_size=limit)
    magic = _IMAGE_MAGIC.get(extension)
    if magic and not head.startswith(magic):
        raise ValidationError(
            _("The content of this file is not a %(extension)s file. Please attach the original.")
            % {"extension": extension},
            code="content_mismatch",
        )


def _takes_no_file() -> ValidationError:
    return ValidationError(_("This question takes no attached file."), code="no_file")


def _file_locked(*, attempt_id: int, user, slot: int, now: datetime) -> Answer:
    """The user's essay slot, its attempt locked; refused when the question takes no file.
    Raises Answer.DoesNotExist for anyone else's attempt, a contest's, or an unknown slot."""
    answer = _answer_locked(
        attempt_id=attempt_id,
        user=user,
        slot=slot,
        now=now,
        attempt__assessment__contest__isnull=True,
    )
    version = answer.question_version
    if version.qtype != QuestionType.ESSAY or not version.payload.get("allow_file"):
        raise _takes_no_file()
    return answer


def _forget_later(name: str) -> None:
    if name:
        transaction.on_commit(lambda: private_storage().delete(name))


def _store(answer: Answer, response: dict, now: datetime) -> Answer:
    version = answer.question_version
    cleaned = clean_response(qtype=version.qtype, payload=version.payload, response=response)
    return _answer_store(answer, cleaned, now)


def attempt_form_save(
    *,
    attempt_id: int,
    user,
    responses: dict[int, object],
    uploads: dict | None = None,
    removals: list[int] | tuple[int, ...] = (),
    now: datetime | None = None,
) -> list[Answer]:
    """Save a post's answers, attach its essay files and remove the files it asks to remove, all
    in one transaction. Raises ValidationError (a refused answer or file), AttemptError (the
    attempt is finished or out of time) or Answer.DoesNotExist (not the user's attempt or slot);
    then nothing has changed."""
    now = now or timezone.now()
    uploads = uploads or {}
    for upload in uploads.values():
        essay_file_check(upload=upload)
    stored: list[str] = []
    # A slot whose file changes is written once, its text and its file together.
    file_slots = sorted(set(uploads) | set(removals))
    text_only = {slot: r for slot, r in responses.items() if slot not in file_slots}
    try:
        with transaction.atomic():
            saved = {
                answer.slot: answer
                for answer in (
                    answers_save(attempt_id=attempt_id, user=user, responses=text_only, now=now)
                    if text_only
                    else []
                )
            }
            for slot in file_slots:
                answer = _file_locked(attempt_id=attempt_id, user=user, slot=slot, now=now)
                previous = dict(answer.response or {})
                base = responses.get(slot, previous)
                response = {
                    key: value
                    for key, value in (base if isinstance(base, dict) else {}).items()
                    if key not in ("file", "file_name")
                }
                upload = uploads.get(slot)
                if upload is not None:
                    extension = os.path.splitext(upload.name)[1].lower()
                    name = private_storage().save(
                        f"{ESSAY_FILE_FOLDER}/{uuid.uuid4().hex}{extension}", upload
                    )
                    stored.append(name)
                    response["file"] = name
                    response["file_name"] = safe_download_name(
                        upload.name, fallback=f"answer{extension}"
                    )
                elif not previous.get("file") and slot not in responses:
                    continue  # nothing to remove and no text to save
                saved[slot] = _store(answer, response, now)
                _forget_later(previous.get("file", ""))
    except BaseException:
        for name in stored:
            private_storage().delete(name)
        raise
    return [saved[slot] for slot in sorted(saved)]
