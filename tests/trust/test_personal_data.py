"""Personal-data rights: a person downloads everything held about them (JSON and readable HTML),
nobody else's; an administrator anonymises a departed person and unit statistics stay equal."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from people.models import Profile, Role, User
from people.selectors import profiles_in_scope
from tests.factories import OrgUnitFactory, ProfileFactory, grant_role
from trust.models import AuditAction, AuditEvent
from trust.services import (
    audit_record,
    person_anonymise,
    personal_data_collect,
    personal_data_register,
)

from .conftest import form_login, is_logged_in, pass_mfa

pytestmark = pytest.mark.django_db


def download_json(client) -> dict:
    response = client.get(reverse("trust:personal_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def test_json_export_holds_the_persons_records_and_nobody_elses(client, learner, other_user):
    grant_role(learner, Role.MANAGER, learner.profile.org_unit)
    Profile.objects.filter(user=learner).update(text_size="large")
    audit_record(action=AuditAction.LOGIN, actor=other_user, target=other_user)
    form_login(client, learner.username)
    pass_mfa(client)  # a manager has two-factor authentication
    data = download_json(client)
    sections = {section["key"]: section["data"] for section in data["sections"]}
    assert sections["people.account"]["username"] == learner.username
    assert sections["people.profile"]["employee_number"] == learner.profile.employee_number
    assert sections["people.profile"]["text_size"] == "large"  # a stored preference is theirs too
    assert [r["role_code"] for r in sections["people.roles"]["assignments"]] == ["manager"]
    assert any(event["action"] == "login" for event in sections["trust.audit"])
    assert sections["trust.security"]["sessions"]  # this very session
    text = json.dumps(data, ensure_ascii=False)
    assert other_user.username not in text and other_user.email not in text
    assert AuditEvent.objects.filter(
        action=AuditAction.PERSONAL_DATA_EXPORTED, actor=learner, details={"format": "json"}
    ).exists()


def test_readable_html_export_and_page(client, learner):
    client.force_login(learner)
    page = client.get(reverse("trust:personal_data"))
    assert page.status_code == 200
    assert learner.profile.employee_number in page.content.decode()
    response = client.get(reverse("trust:personal_data_html"))
    assert response["Content-Disposition"].startswith("inline; filename=")
    body = response.content.decode()
    assert "<html" in body and learner.username in body and learner.profile.employee_number in body
    assert AuditEvent.objects.filter(
        action=AuditAction.PERSONAL_DATA_EXPORTED, details={"format": "html"}
    ).exists()


def test_other_apps_add_their_records_through_the_registry(learner):
    personal_data_register(
        key="zz_test.notes", label="Notes", exporter=lambda *, user: [{"note": f"for {user.pk}"}]
    )
    try:
        data = personal_data_collect(user=learner)
        section = next(s for s in data["sections"] if s["key"] == "zz_test.notes")
        assert section["data"] == [{"note": f"for {learner.pk}"}]
    finally:
        from trust import personal_data

        personal_data._EXPORTERS.pop("zz_test.notes")


def test_export_needs_login(client):
    response = client.get(reverse("trust:personal_data_json"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def unit_statistics():
    return {
        "per_unit": dict(
            Profile.objects.values_list("org_unit__code").annotate(n=Count("pk")).order_by()
        ),
        "active_users": User.objects.count(),
    }


def test_anonymising_removes_identity_and_keeps_unit_statistics(client, platform_admin):
    unit = OrgUnitFactory(code="anon-unit")
    departed = ProfileFactory(org_unit=unit).user
    ProfileFactory(org_unit=unit)
    grant_role(departed, Role.EXPERT)
    manager = ProfileFactory(org_unit=unit).user
    grant_role(manager, Role.MANAGER, unit)
    team_before = profiles_in_scope(user=manager).count()
    before = unit_statistics()
    identity = [
        departed.username,
        departed.full_name,
        departed.email,
        departed.profile.employee_number,
    ]
    victim_client = Client()
    form_login(victim_client, departed.username)
    pass_mfa(victim_client)
    assert is_logged_in(victim_client)
    session_key = victim_client.session.session_key

    pseudonym = person_anonymise(user=departed)

    departed.refresh_from_db()
    assert departed.username == pseudonym == f"anonymised-{departed.pk}"
    assert departed.full_name == pseudonym and departed.email == ""
    assert departed.profile.employee_number == pseudonym
    assert not departed.is_active and not departed.has_usable_password()
    assert not Authenticator.objects.filter(user=departed).exists()
    assert not departed.role_assignments.exists()
    for value in identity:
        assert not User.objects.filter(username=value).exists()
        assert not User.objects.filter(full_name=value).exists()
        assert not Profile.objects.filter(employee_number=value).exists()
    assert unit_statistics() == before
    assert profiles_in_scope(user=manager).count() == team_before
    assert not Session.objects.filter(session_key=session_key).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.PERSONAL_DATA_ANONYMISED, target_id=str(departed.pk)
    ).exists()


def test_admin_anonymises_from_the_admin_and_learners_cannot(client, platform_admin, learner):
    target = ProfileFactory().user
    client.force_login(learner)
    assert client.post(reverse("trust_person_anonymise", args=[target.pk])).status_code == 403
    client.force_login(platform_admin)
    assert client.get(reverse("trust_person_anonymise", args=[target.pk])).status_code == 200
    response = client.post(reverse("trust_person_anonymise", args=[target.pk]))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.username == f"anonymised-{target.pk}"
    event = AuditEvent.objects.get(action=AuditAction.PERSONAL_DATA_ANONYMISED)
    assert event.actor == platform_admin


def test_an_administrator_cannot_anonymise_themselves(client, platform_admin):
    client.force_login(platform_admin)
    client.post(reverse("trust_person_anonymise", args=[platform_admin.pk]))
    platform_admin.refresh_from_db()
    assert platform_admin.is_active and not platform_admin.username.startswith("anonymised-")
    assert is_logged_in(client)


def test_export_includes_every_apps_records_about_the_person_and_only_theirs(demo):
    learner = User.objects.get(username="learner1")
    data = personal_data_collect(user=learner)
    records = next(s for s in data["sections"] if s["key"] == "zz.records")["data"]
    labels = " ".join(records)
    assert "(courses." in labels and "(quizzes." in labels, labels
    exported_ids = {row["id"] for rows in records.values() for row in rows if "id" in row}
    for rows in records.values():
        for row in rows:
            subjects = [
                row[k] for k in ("user_id", "asker_id", "learner_id", "holder_id") if k in row
            ]
            if subjects:
                assert all(value == learner.pk for value in subjects), row
            else:  # a record of one of theirs (a test answer of their attempt)
                parents = [v for k, v in row.items() if k.endswith("_id") and k != "id"]
                assert set(parents) & exported_ids, row
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    assert "learner2" not in text and "L0002" not in text


def records_section(user) -> dict:
    data = personal_data_collect(user=user)
    return next(s for s in data["sections"] if s["key"] == "zz.records")["data"]


def rows_of(records: dict, label: str) -> list[dict]:
    return [row for key, rows in records.items() if f"({label})" in key for row in rows]


def test_download_holds_each_test_answer_with_its_mark(learner, other_user):
    from quizzes.services.attempts import answer_save, attempt_start, attempt_submit
    from tests.factories.quizzes import AssessmentFactory, add_fixed, make_question

    assessment = add_fixed(AssessmentFactory(), [make_question("single"), make_question("single")])
    attempt = attempt_start(user=learner, assessment=assessment)
    answer = attempt.answers.select_related("question_version").order_by("slot").first()
    choice = answer.question_version.payload["options"][0]["id"]
    answer_save(attempt_id=attempt.pk, user=learner, slot=answer.slot, response={"choice": choice})
    attempt_submit(attempt_id=attempt.pk, user=learner)
    attempt_start(user=other_user, assessment=assessment)  # somebody else's answers
    answers = rows_of(records_section(learner), "quizzes.answer")
    assert sorted(row["slot"] for row in answers) == sorted(
        attempt.answers.values_list("slot", flat=True)
    )
    assert {row["attempt_id"] for row in answers} == {attempt.pk}
    assert all("score" in row and "response" in row for row in answers)
    assert any(row["response"] == {"choice": choice} for row in answers)
    assert all(row["score"] is not None for row in answers)  # marked on submit


def test_download_lists_qanda_attachments(learner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.qanda import ask, course_with_expert

    course, _expert = course_with_expert()
    ask(
        course=course,
        user=learner,
        attachment=SimpleUploadedFile("截图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png"),
    )
    questions = rows_of(records_section(learner), "qanda.question")
    assert len(questions) == 1
    assert questions[0]["attachment_name"] == "截图.png"
    assert questions[0]["attachment"]


def test_fields_named_key_are_shown_unless_they_are_secrets(learner):
    from tests.factories.certificates import certificate

    issued = certificate(holder=learner)
    rows = rows_of(records_section(learner), "certificates.certificate")
    assert rows[0]["achievement_key"] == issued.achievement_key
    from trust.personal_data import _is_secret

    assert _is_secret("feed_token") and _is_secret("api_key") and _is_secret("session_key")
    assert not _is_secret("achievement_key") and not _is_secret("monkey_count")


def test_role_grants_from_any_screen_are_in_the_download(learner):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="报表查看")
    learner.groups.add(group)
    learner.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    roles = next(
        s for s in personal_data_collect(user=learner)["sections"] if s["key"] == "people.roles"
    )["data"]
    assert roles["groups"] == ["报表查看"]
    assert roles["permissions"] == ["trust.view_auditevent"]


def test_audit_entries_by_someone_else_show_no_ip_or_browser_of_theirs(rf, learner, platform_admin):
    request = rf.get("/", REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="AdminBrowser/1.0")
    request.user = platform_admin
    audit_record(action=AuditAction.PERSON_CHANGED, request=request, target=learner)
    own = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_USER_AGENT="MyBrowser/2.0")
    own.user = learner
    audit_record(action=AuditAction.LOGIN, request=own)
    data = personal_data_collect(user=learner)
    events = next(s for s in data["sections"] if s["key"] == "trust.audit")["data"]
    changed = next(e for e in events if e["action"] == "person_changed")
    assert changed["occurred_at"] and changed["ip"] is None and changed["user_agent"] == ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    assert "10.9.8.7" not in text and "AdminBrowser" not in text
    assert "10.1.1.1" in text and "MyBrowser/2.0" in text


def test_anonymising_records_a_revocation_event_for_each_certificate(learner):
    from tests.factories.certificates import certificate

    first, second = certificate(holder=learner), certificate(holder=learner, title="第二门")
    person_anonymise(user=learner)
    revoked = AuditEvent.objects.filter(action=AuditAction.CERTIFICATE_REVOKED)
    assert sorted(revoked.values_list("target_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )
