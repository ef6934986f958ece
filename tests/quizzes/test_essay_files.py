"""A file attached to an essay answer: accepted or refused by type, content and size, kept in
private storage under a name the server chose, removable, and downloadable by its owner only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.storage import private_storage
from quizzes.services import attempt_start, attempt_submit
from tests.factories.quizzes import assessment_with_new_types

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def assessment(db):
    return assessment_with_new_types(allow_file=True)


@pytest.fixture
def attempt(assessment, learner):
    return attempt_start(user=learner, assessment=assessment)


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def essay_slot(attempt) -> int:
    return attempt.answers.get(question_version__qtype="essay").slot


def upload(client, attempt, slot, content=PDF, name="报告.pdf", text="我的答案", **extra):
    return client.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {
            "slots": [slot],
            f"s{slot}": text,
            f"s{slot}-file": SimpleUploadedFile(name, content),
        },
        **extra,
    )


def stored_files() -> list[str]:
    try:
        return private_storage().listdir("quiz-essays")[1]
    except FileNotFoundError:
        return []


def test_an_autosaved_file_goes_to_private_storage_under_a_name_the_server_chose(
    signed_in, attempt
):
    slot = essay_slot(attempt)
    reply = upload(signed_in, attempt, slot, HTTP_ACCEPT="application/json")
    assert reply.status_code == 200
    body = reply.json()
    assert body["saved"] == {str(slot): 1}
    file_url = reverse("quizzes:answer_file", args=[attempt.pk, slot])
    assert body["files"] == {str(slot): {"name": "报告.pdf", "url": file_url}}
    response = attempt.answers.get(slot=slot).response
    assert response["text"] == "我的答案" and response["file_name"] == "报告.pdf"
    name = response["file"]
    assert name.startswith("quiz-essays/") and name.endswith(".pdf") and "报告" not in name
    assert len(name.split("/")[1]) == 32 + 4  # 32 random hex digits and the extension
    with private_storage().open(name, "rb") as stored:
        assert stored.read() == PDF


def test_the_plain_form_uploads_the_file_and_the_page_links_it(signed_in, attempt):
    slot = essay_slot(attempt)
    reply = upload(signed_in, attempt, slot, content=PNG, name="scan.PNG")
    assert reply.status_code == 302 and reply.url == reverse("quizzes:take", args=[attempt.pk])
    html = signed_in.get("/en" + reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert reverse("quizzes:answer_file", args=[attempt.pk, slot]) in html
    assert "scan.PNG" in html
    assert attempt.answers.get(slot=slot).response["file"].endswith(".png")


def test_the_owner_downloads_the_file_and_nobody_else_can_reach_it(
    signed_in, attempt, other_learner
):
    slot = essay_slot(attempt)
    upload(signed_in, attempt, slot)
    url = reverse("quizzes:answer_file", args=[attempt.pk, slot])
    own = signed_in.get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF
    assert own["Content-Disposition"].startswith("attachment")
    assert own["Cache-Control"] == "private, no-store"
    other = Client()
    other.force_login(other_learner)
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 404  # anonymous: no login page, no hint it exists
    # A slot without a file, or a slot that does not exist, is as absent.
    assert signed_in.get(reverse("quizzes:answer_file", args=[attempt.pk, 1])).status_code == 404
    assert signed_in.get(reverse("quizzes:answer_file", args=[attempt.pk, 99])).status_code == 404


def test_the_owner_still_downloads_it_after_submitting(signed_in, attempt):
    slot = essay_slot(attempt)
    upload(signed_in, attempt, slot)
    attempt_submit(attempt_id=attempt.pk)
    html = signed_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    url = reverse("quizzes:answer_file", args=[attempt.pk, slot])
    assert url in html
    assert signed_in.get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("virus.exe", b"MZ\x90\x00", "PDF"),
        ("page.html", b"<html><script>alert(1)</script>", "PDF"),
        ("fake.pdf", b"just text, not a PDF", ".pdf"),
        ("fake.docx", b"not a zip", ".docx"),
        ("fake.png", b"GIF89a", ".png"),
        ("hidden.txt", b"<svg onload=alert(1)>", "SVG"),
        ("noextension", PDF, "PDF"),
    ],
)
def test_a_wrong_file_type_is_refused_with_a_message_and_changes_nothing(
    signed_in, attempt, name, content, says
):
    slot = essay_slot(attempt)
    reply = signed_in.post(
        "/en" + reverse("quizzes:save", args=[attempt.pk]),
        {
            "slots": [slot],
            f"s{slot}": "新的文字",
            f"s{slot}-file": SimpleUploadedFile(name, content),
        },
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 400
    assert says in reply.json()["message"]
    answer = attempt.answers.get(slot=slot)
    assert (answer.response, answer.revision) == (None, 0)  # not even the text
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused(signed_in, attempt, settings):
    settings.QUIZ_ESSAY_FILE_MAX_BYTES = 1024
    slot = essay_slot(attempt)
    reply = upload(
        signed_in, attempt, slot, content=PDF + b"0" * 2000, HTTP_ACCEPT="application/json"
    )
    assert reply.status_code == 400 and reply.json()["message"]
    assert attempt.answers.get(slot=slot).response is None
    assert stored_files() == []


def test_a_file_for_a_question_that_takes_none_is_refused(signed_in, learner, db):
    attempt = attempt_start(user=learner, assessment=assessment_with_new_types(allow_file=False))
    slot = essay_slot(attempt)
    html = signed_in.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert 'type="file"' not in html
    for target in (slot, attempt.answers.get(question_version__qtype="numerical").slot):
        reply = upload(signed_in, attempt, target, HTTP_ACCEPT="application/json")
        assert reply.status_code == 400 and reply.json()["message"]
    assert attempt.answers.exclude(response=None).count() == 0
    assert stored_files() == []


def test_a_file_for_someone_elses_attempt_is_a_404_and_stores_nothing(
    attempt, other_learner, learner
):
    slot = essay_slot(attempt)
    other = Client()
    other.force_login(other_learner)
    reply = upload(other, attempt, slot, HTTP_ACCEPT="application/json")
    assert reply.status_code == 404
    assert attempt.answers.get(slot=slot).response is None
    assert stored_files() == []


def test_a_refused_answer_in_the_same_post_stores_no_file(signed_in, attempt):
    slot = essay_slot(attempt)
    number = attempt.answers.get(question_version__qtype="numerical").slot
    reply = signed_in.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {
            "slots": [slot, number],
            f"s{slot}": "文字",
            f"s{number}": "not a number",
            f"s{slot}-file": SimpleUploadedFile("a.pdf", PDF),
        },
        HTTP_ACCEPT="application/json",
    )
    assert reply.status_code == 400
    assert attempt.answers.exclude(response=None).count() == 0
    assert stored_files() == []


def test_saving_the_text_keeps_the_file_and_a_post_cannot_name_a_stored_file(signed_in, attempt):
    slot = essay_slot(attempt)
    upload(signed_in, attempt, slot)
    stored = attempt.answers.get(slot=slot).response["file"]
    signed_in.post(
        reverse("quizzes:save", args=[attempt.pk]),
        {
            "slots": [slot],
            f"s{slot}": "改过的答案",
            f"s{slot}-file": "quiz-essays/someone-elses.pdf",  # a text field, not an upload
            "file": "quiz-essays/someone-elses.pdf",
        },
        HTTP_ACCEPT="application/json",
    )
    response = attempt.answers.get(slot=slot).response
    assert response == {"text": "改过的答案", "file": stored, "file_name": "报告.pdf"}


def test_a_new_file_replaces_the_old_one_which_is_deleted(
    signed_in, attempt, django_capture_on_commit_callbacks
):
    slot = essay_slot(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in, attempt, slot)
    first = attempt.answers.get(slot=slot).response["file"]
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in, attempt, slot, content=PNG, name="second.png")
    response = attempt.answers.get(slot=slot).response
    assert response["file"] != first and response["file_name"] == "second.png"
    assert not private_storage().exists(first)
    assert stored_files() == [response["file"].split("/")[1]]


def test_the_learner_removes_the_file_and_keeps_the_text(
    signed_in, attempt, django_capture_on_commit_callbacks
):
    slot = essay_slot(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in, attempt, slot)
    name = attempt.answers.get(slot=slot).response["file"]
    with django_capture_on_commit_callbacks(execute=True):
        reply = signed_in.post(
            reverse("quizzes:save", args=[attempt.pk]),
            {"slots": [slot], f"s{slot}": "我的答案", "remove_file": str(slot)},
            HTTP_ACCEPT="application/json",
        )
    assert reply.status_code == 200 and reply.json()["files"] == {str(slot): None}
    assert attempt.answers.get(slot=slot).response == {"text": "我的答案"}
    assert not private_storage().exists(name)
    url = reverse("quizzes:answer_file", args=[attempt.pk, slot])
    assert signed_in.get(url).status_code == 404


def test_removing_the_only_content_clears_the_answer(signed_in, attempt):
    slot = essay_slot(attempt)
    upload(signed_in, attempt, slot, text="")
    assert set(attempt.answers.get(slot=slot).response) == {"file", "file_name"}
    signed_in.post(reverse("quizzes:save", args=[attempt.pk]), {"remove_file": str(slot)})
    assert attempt.answers.get(slot=slot).response is None


def test_a_file_sent_with_the_submit_is_kept_and_the_attempt_finishes(signed_in, attempt):
    slot = essay_slot(attempt)
    reply = signed_in.post(
        reverse("quizzes:submit", args=[attempt.pk]),
        {
            "slots": [slot],
            f"s{slot}": "答案",
            f"s{slot}-file": SimpleUploadedFile("a.odt", b"PK\x03\x04rest"),
        },
    )
    assert reply.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert attempt.answers.get(slot=slot).response["file"].endswith(".odt")


def test_a_refused_file_at_submit_keeps_the_attempt_open_and_says_why(signed_in, attempt):
    slot = essay_slot(attempt)
    reply = signed_in.post(
        reverse("quizzes:submit", args=[attempt.pk]),
        {"slots": [slot], f"s{slot}": "答案", f"s{slot}-file": SimpleUploadedFile("a.exe", b"MZ")},
    )
    assert reply.url == reverse("quizzes:take", args=[attempt.pk])
    attempt.refresh_from_db()
    assert not attempt.is_finished
    page = signed_in.get(reply.url).content.decode()
    assert 'class="messages' in page or "message" in page


def test_no_file_changes_after_the_attempt_is_finished(signed_in, attempt):
    slot = essay_slot(attempt)
    attempt_submit(attempt_id=attempt.pk)
    reply = upload(signed_in, attempt, slot, HTTP_ACCEPT="application/json")
    assert reply.status_code == 409
    assert stored_files() == []
