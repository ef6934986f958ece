"""Demo links from courses to the competences they build, so the personal home recommends
courses for the demo people's gaps (their posts' targets are in demo.quizzes). Idempotent."""

from courses.models import CoursePage
from courses.selectors import source_language_code
from quizzes.models import Competence
from training.models import CourseCompetence

# Course slug -> {competence code: the level the course builds to}
COURSE_COMPETENCES = {
    "yiwangtongban": {"6.1": 3, "2.1": 2},
    "shuju-gongxiang-kaifang": {"6.2": 3, "1.3": 3},
    "wangluo-anquan-geren-xinxi": {"6.3": 3, "4.1": 3, "4.2": 3},
    "rengong-zhineng-zhengwu": {"5.3": 2, "5.4": 2},
    "zhengwuyun-pingtai": {"6.4": 2, "5.2": 2},
}


def seed_course_competences() -> None:
    competences = Competence.objects.in_bulk(field_name="code")
    courses = {
        course.slug: course
        for course in CoursePage.objects.filter(
            slug__in=COURSE_COMPETENCES, locale__language_code=source_language_code()
        )
    }
    for slug, levels in COURSE_COMPETENCES.items():
        course = courses.get(slug)
        if course is None:
            continue
        for code, level in levels.items():
            CourseCompetence.objects.update_or_create(
                course=course, competence=competences[code], defaults={"level": level}
            )
