"""The content-health report lists empty topics, incomplete courses, documents whose file is
missing and lessons with no content."""

import pytest
from django.urls import reverse

from courses.selectors import content_health
from tests.factories import courses as f

# These tests read the English wording; the Chinese wording is the catalogue's business.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def gaps():
    catalogue = f.catalogue()
    empty_topic = f.topic(parent=catalogue, title="空主题")
    topic = f.topic(parent=catalogue, title="数据治理")
    good = f.course(parent=topic, title="完整课程")
    incomplete = f.course(parent=topic, title="缺指南课程", live=False, contact_person="")
    empty_lesson = f.lesson(parent=good, title="空课时", body=[])
    broken = f.document(title="丢失的讲义")
    broken.file.storage.delete(broken.file.name)
    return {
        "empty_topic": empty_topic,
        "good": good,
        "incomplete": incomplete,
        "empty_lesson": empty_lesson,
        "broken": broken,
    }


def test_the_report_lists_every_kind_of_gap(gaps):
    report = content_health()
    assert [t.pk for t in report["empty_topics"]] == [gaps["empty_topic"].pk]
    courses = {row["course"].pk: row["problems"] for row in report["courses"]}
    assert gaps["good"].pk not in courses
    assert "contact person" in " ".join(courses[gaps["incomplete"].pk])
    assert [d.pk for d in report["broken_documents"]] == [gaps["broken"].pk]
    assert [lesson.pk for lesson in report["empty_lessons"]] == [gaps["empty_lesson"].pk]


def test_the_report_is_an_admin_page(client, gaps, staff_admin):
    client.force_login(staff_admin)
    response = client.get(reverse("courses_content_health"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["空主题", "缺指南课程", "丢失的讲义", "空课时"]:
        assert text in html


def test_learners_cannot_open_the_report(client, learner, gaps):
    client.force_login(learner)
    response = client.get(reverse("courses_content_health"))
    assert response.status_code in (302, 403)


def test_a_course_without_materials_is_not_reported_as_pointing_at_a_deleted_document(db):
    """A course with no materials is incomplete (its guide lacks them) but points at no deleted
    document; only a material whose document was deleted is reported as such."""
    without = f.course(title="无材料课程")
    without.materials = []
    without.save()
    dangling = f.course(title="讲义已删除课程")
    dangling.materials.first().document.delete()

    report = content_health()

    assert [c.pk for c in report["materials_without_document"]] == [dangling.pk]
    courses = {row["course"].pk: row["problems"] for row in report["courses"]}
    assert "downloadable materials" in " ".join(courses[without.pk])
