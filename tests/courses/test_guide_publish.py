"""A course with a missing guide field, or with no published lesson, cannot be published; the
refusal names what is missing. Exercised through Wagtail's own publish action in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import CoursePage
from tests.factories import UserFactory
from tests.factories import courses as f

# These tests read the admin's English wording (the admin speaks the user's language).
pytestmark = pytest.mark.usefixtures("admin_speaks_english")


def _edit_form(course: CoursePage, **changes) -> dict:
    fields = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "body": rich_text("<p>课程介绍</p>"),
        "tags": "",
        "audience": course.audience,
        "credit_hours": str(course.credit_hours or ""),
        "estimated_minutes": str(course.estimated_minutes or ""),
        "enrolment_opens": str(course.enrolment_opens or ""),
        "enrolment_closes": str(course.enrolment_closes or ""),
        "completion_deadline": str(course.completion_deadline or ""),
        "prerequisites": course.prerequisites,
        "assessment_method": course.assessment_method,
        "pass_mark": str(course.pass_mark or ""),
        "certificate_issued": "on" if course.certificate_issued else "",
        "contact_person": course.contact_person,
        "contact_channel": course.contact_channel,
        "materials": inline_formset(
            [
                {"id": m.pk, "title": m.title, "document": m.document_id}
                for m in course.materials.all()
            ],
            initial=course.materials.count(),
        ),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    fields.update(changes)
    return nested_form_data(fields)


def _draft_course(**guide):
    course = f.course(lessons=1, live=False, **guide)
    course.save_revision()
    return course


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_publishing_a_course_with_missing_guide_fields_is_refused_naming_them(admin_client):
    course = _draft_course(audience="", contact_channel="")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]), _edit_form(course), follow=True
    )
    course.refresh_from_db()
    assert not course.live
    text = " ".join(_messages(response))
    assert "target audience" in text
    assert "contact channel" in text
    assert "credit hours" not in text


def test_publishing_a_course_without_a_published_lesson_is_refused(admin_client):
    course = f.course(lessons=0, live=False)
    f.lesson(parent=course, live=False)
    course.save_revision()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]), _edit_form(course), follow=True
    )
    course.refresh_from_db()
    assert not course.live
    assert any("published lesson" in m for m in _messages(response))


def test_publishing_a_course_without_materials_is_refused(admin_client):
    course = f.course(lessons=1, live=False)
    course.materials = []
    course.save()
    course.save_revision()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        _edit_form(course, materials=inline_formset([])),
        follow=True,
    )
    course.refresh_from_db()
    assert not course.live
    assert any("downloadable materials" in m for m in _messages(response))


def test_a_complete_course_with_a_live_lesson_publishes(admin_client):
    course = _draft_course()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]), _edit_form(course)
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.live


def test_a_draft_with_missing_fields_can_still_be_saved(admin_client):
    course = _draft_course()
    form = _edit_form(course, audience="")
    del form["action-publish"]
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), form)
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.get_latest_revision_as_object().audience == ""
    assert not course.live


def test_publishing_in_code_is_refused_too(db):
    from django.utils import translation

    course = _draft_course(pass_mark=None)
    with translation.override("en"), pytest.raises(ValidationError, match="pass mark"):
        course.save_revision().publish()
    course.refresh_from_db()
    assert not course.live


def test_enrolment_cannot_close_before_it_opens(db):
    course = _draft_course()
    course.enrolment_closes = course.enrolment_opens.replace(year=course.enrolment_opens.year - 1)
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "enrolment_closes" in error.value.message_dict


def test_a_reviewer_approving_an_incomplete_course_gets_the_reasons_not_an_error(admin_client):
    """The expert can submit a draft for review; approving it would publish it, which the guide
    check refuses: the reviewer is told what is missing, and the review stays open."""
    course = _draft_course(audience="")
    workflow = course.get_workflow()
    assert workflow is not None  # the catalogue is under review (courses.receivers)
    state = workflow.start(course, user=UserFactory())
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk])
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == reverse("wagtailadmin_pages:edit", args=[course.pk])
    assert any("audience" in m.lower() for m in _messages(response)), _messages(response)
    course.refresh_from_db()
    task_state.refresh_from_db()
    assert not course.live
    assert task_state.status == "in_progress"

    # The same through the editor's modal (XHR): the modal is told to go to the edit page.
    response = admin_client.post(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    assert response.json()["redirect"] == reverse("wagtailadmin_pages:edit", args=[course.pk])


def _in_review(course):
    state = course.get_workflow().start(course, user=UserFactory())
    return state.current_task_state


def test_a_reviewer_approving_in_the_editor_keeps_the_edits_and_gets_the_reasons(admin_client):
    """The editor's action menu posts the edit form with the workflow action: the course as posted
    is checked, the edits are kept as a draft, and the review stays open."""
    course = _draft_course(audience="")
    task_state = _in_review(course)
    form = _edit_form(course, summary="评审人改过的简介")
    del form["action-publish"]
    form.update({"action-workflow-action": "on", "workflow-action-name": "approve"})
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]), form, follow=True
    )
    assert response.status_code == 200
    assert any("target audience" in m for m in _messages(response)), _messages(response)
    course = CoursePage.objects.get(pk=course.pk)
    task_state.refresh_from_db()
    assert not course.live
    assert task_state.status == "in_progress"
    assert course.get_latest_revision_as_object().summary == "评审人改过的简介"


def test_a_reviewer_approving_a_complete_course_publishes_it(admin_client):
    course = _draft_course()
    task_state = _in_review(course)
    url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk])
    response = admin_client.post(url)
    assert response.status_code == 302
    course.refresh_from_db()
    task_state.refresh_from_db()
    assert course.live
    assert task_state.status == "approved"


def test_the_course_edit_page_shows_what_publishing_would_refuse(admin_client):
    course = _draft_course(contact_person="")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert "data-publish-check" in html
    assert "This course cannot be published yet" in html
    assert "contact person" in html


def test_the_publish_action_refuses_with_every_reason_and_publishes_a_complete_course(db):
    from django.utils import translation

    from courses.actions import CoursePublishRefused, PublishCourseAction

    incomplete = f.course(lessons=0, live=False, audience="")
    with translation.override("en"), pytest.raises(CoursePublishRefused) as refusal:
        PublishCourseAction(incomplete).check()
    assert len(refusal.value.reasons) == 2  # the guide gap and the missing published lesson
    assert "target audience" in refusal.value.reasons[0]

    complete = _draft_course()
    PublishCourseAction(complete).execute(complete.get_latest_revision())
    complete.refresh_from_db()
    assert complete.live
