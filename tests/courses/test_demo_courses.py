"""The demo catalogue: five bilingual courses with complete guides, lessons and learner progress."""

import pytest
from django.core.management import call_command

from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress
from courses.selectors import course_publish_problems


@pytest.mark.django_db
def test_demo_has_five_complete_bilingual_courses_and_learners_part_way(demo):
    for language in ("zh-hans", "en"):
        courses = CoursePage.objects.live().filter(locale__language_code=language)
        assert courses.count() >= 5
        for course in courses:
            assert course_publish_problems(course=course) == []
            assert LessonPage.objects.live().child_of(course).count() >= 3
            assert course.tags.exists()
    learner1 = Enrolment.objects.get(user__username="learner1")
    assert learner1.status == Enrolment.Status.ACTIVE
    assert LessonProgress.objects.filter(
        user__username="learner1", completed_at__isnull=False
    ).exists()
    assert Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).exists()
    counts = (CoursePage.objects.count(), Enrolment.objects.count(), LessonProgress.objects.count())
    call_command("seed_demo", verbosity=0)
    assert counts == (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        LessonProgress.objects.count(),
    )
