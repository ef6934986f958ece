"""Private files are private (issue 12): certificate and transcript PDFs, bulk ZIPs, question
attachments, import uploads and team exports live in a storage no URL maps to (not even /media/
with DEBUG=True), under names nobody can guess, and only views that check who is asking hand them
out: to anyone else, anonymous or logged in, they do not exist."""

import importlib
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse

from certificates.models import AchievementKind, BulkIssue
from core.storage import private_storage
from people.models import PeopleImport, Role
from quizzes.models import QuestionImport
from tests.factories.certificates import certificate
from tests.factories.people import UserFactory, grant_role
from tests.factories.qanda import ask, course_with_expert
from tests.factories.trust import enrol_totp

pytestmark = pytest.mark.django_db

SECRET = "张三的私人内容 %PDF".encode()
UNGUESSABLE = re.compile(r"^[a-z/]+/[0-9a-f]{32}(\.[a-z]+)?$")


def _superuser():
    admin = UserFactory(is_superuser=True, is_staff=True)
    enrol_totp(admin)
    return admin


def _expert():
    user = UserFactory()
    grant_role(user, Role.EXPERT)
    return user


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# Every private file kind: make one, and say who owns it, which URL hands it out to the owner, and
# which logged-in person must not have it.


def _certificate_pdf():
    owner = UserFactory()
    cert = certificate(holder=owner)
    cert.pdf.save(f"{cert.serial}.pdf", ContentFile(SECRET), save=True)
    return cert.pdf, owner, reverse("certificates:pdf", args=[cert.pk]), UserFactory()


def _transcript_pdf():
    owner = UserFactory()
    cert = certificate(
        holder=owner, kind=AchievementKind.TRANSCRIPT, achievement_key="transcript:2020"
    )
    cert.pdf.save(f"{cert.serial}.pdf", ContentFile(SECRET), save=True)
    return cert.pdf, owner, reverse("certificates:pdf", args=[cert.pk]), UserFactory()


def _certificate_pdf_for_admins():
    cert = certificate()
    cert.pdf.save(f"{cert.serial}.pdf", ContentFile(SECRET), save=True)
    return cert.pdf, _superuser(), reverse("certificates_pdf", args=[cert.pk]), _expert()


def _bulk_zip():
    from tests.factories import courses as course_factories

    bulk = BulkIssue.objects.create(course=course_factories.course(lessons=0), status="done")
    bulk.archive.save("bulk.zip", ContentFile(SECRET), save=True)
    return (
        bulk.archive,
        _superuser(),
        reverse("certificates_bulk_archive", args=[bulk.pk]),
        _expert(),
    )


def _question_attachment():
    course, _expert = course_with_expert(lessons=1)
    question = ask(
        course=course,
        visibility="public",
        attachment=SimpleUploadedFile("我的材料.txt", SECRET, "text/plain"),
    )
    return (
        question.attachment,
        question.asker,
        reverse("qanda:attachment", args=[question.pk]),
        UserFactory(),
    )


def _question_import():
    owner = _expert()
    record = QuestionImport.objects.create(
        original_name="题库.gift",
        format="gift",
        created_by=owner,
        file=SimpleUploadedFile("题库.gift", SECRET),
    )
    return record.file, owner, reverse("quizzes_import_file", args=[record.pk]), _expert()


def _people_import():
    owner = UserFactory(is_superuser=True, is_staff=True)
    enrol_totp(owner)
    record = PeopleImport.objects.create(
        original_name="名单.csv", created_by=owner, file=SimpleUploadedFile("名单.csv", SECRET)
    )
    return record.file, owner, reverse("people_import_file", args=[record.pk]), _expert()


KINDS = {
    "certificate": _certificate_pdf,
    "transcript": _transcript_pdf,
    "certificate-admin": _certificate_pdf_for_admins,
    "bulk-zip": _bulk_zip,
    "attachment": _question_attachment,
    "question-import": _question_import,
    "people-import": _people_import,
}


@pytest.fixture(params=list(KINDS))
def private_file(request):
    return KINDS[request.param]()


@pytest.fixture
def debug_urls(settings):
    """The URLconf as it is built with DEBUG=True (config.urls serves MEDIA_ROOT then)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_the_owner_gets_the_file_with_safe_headers(client, private_file):
    _fieldfile, owner, url, _other = private_file
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == SECRET
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"]))


def test_another_logged_in_person_gets_nothing(client, private_file):
    _fieldfile, _owner, url, other = private_file
    client.force_login(other)
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert SECRET not in _body(response)


def test_an_anonymous_visitor_gets_nothing(client, private_file):
    _fieldfile, _owner, url, _other = private_file
    response = client.get(url)
    assert response.status_code in (302, 404)
    assert SECRET not in _body(response)


def test_the_file_is_stored_privately_under_an_unguessable_name(private_file, settings):
    fieldfile, *_ = private_file
    assert UNGUESSABLE.match(fieldfile.name), fieldfile.name
    assert Path(fieldfile.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not default_storage.exists(fieldfile.name)
    with pytest.raises(ValueError):
        fieldfile.url  # noqa: B018 — a private file has no URL to print in a template


def test_no_private_file_is_reachable_under_media_even_with_debug(
    client, private_file, debug_urls, settings
):
    fieldfile, owner, *_ = private_file
    # The debug /media/ view works (a public file is served), so the 404 below means something.
    default_storage.save("original_images/public.txt", ContentFile(b"public"))
    assert _body(client.get("/media/original_images/public.txt")) == b"public"
    client.force_login(owner)
    for guess in (fieldfile.name, f"../{Path(settings.PRIVATE_MEDIA_ROOT).name}/{fieldfile.name}"):
        response = client.get(f"/media/{guess}")
        assert response.status_code in (400, 404)  # 400: the path leaves MEDIA_ROOT
        assert SECRET not in _body(response)


def test_a_public_question_does_not_share_its_attachment(client):
    course, _expert = course_with_expert(lessons=1)
    question = ask(
        course=course,
        visibility="public",
        attachment=SimpleUploadedFile("材料.txt", SECRET, "text/plain"),
    )
    client.force_login(UserFactory())
    page = client.get(reverse("qanda:question_detail", args=[question.pk]))
    assert page.status_code == 200 and question.title in page.content.decode()
    assert reverse("qanda:attachment", args=[question.pk]) not in page.content.decode()
    assert client.get(reverse("qanda:attachment", args=[question.pk])).status_code == 404


def test_the_expert_of_the_course_gets_the_attachment(client):
    course, expert = course_with_expert(lessons=1)
    question = ask(course=course, attachment=SimpleUploadedFile("材料.txt", SECRET, "text/plain"))
    client.force_login(expert)
    response = client.get(reverse("qanda:attachment", args=[question.pk]))
    assert response.status_code == 200 and _body(response) == SECRET
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_a_team_export_is_private_and_only_for_the_manager_who_made_it(
    client, run_tasks, monkeypatch, debug_urls
):
    from dashboards import exports
    from tests.dashboards.conftest import make_admin
    from tests.factories import OrgUnitFactory, ProfileFactory

    unit = OrgUnitFactory(name="市数据局", code="bureau")
    ProfileFactory(org_unit=unit, user__full_name="组内张三")
    manager = UserFactory()
    grant_role(manager, Role.MANAGER, unit)
    monkeypatch.setattr(exports, "INLINE_MAX_ROWS", 0)
    client.force_login(manager)
    with run_tasks():
        response = client.get(reverse("dashboards:export", args=["hours", "csv"]))
    result_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    from dashboards.tasks import build_team_export

    name = build_team_export.get_result(result_id).return_value
    assert private_storage().exists(name) and not default_storage.exists(name)
    assert client.get(f"/media/{name}").status_code == 404
    download = client.get(reverse("dashboards:export_download", args=[result_id]))
    assert download.status_code == 200 and "组内张三" in _body(download).decode("utf-8-sig")
    assert {"private", "no-store"} <= set(re.split(r",\s*", download["Cache-Control"]))
    other_manager = UserFactory()
    grant_role(other_manager, Role.MANAGER, unit)
    for person in (other_manager, make_admin()):
        client.force_login(person)
        assert (
            client.get(reverse("dashboards:export_download", args=[result_id])).status_code == 404
        )
    client.logout()
    anonymous = client.get(reverse("dashboards:export_download", args=[result_id]))
    assert anonymous.status_code == 302
