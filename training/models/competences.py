"""Which competences a course builds, and up to which level: what the personal home page uses to
recommend courses for the gaps between a learner's levels and their post's targets. It lives in
training because it joins a course (courses) to a competence (quizzes), two sibling apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from quizzes.models import Band


class CourseCompetence(models.Model):
    """A course raises a competence up to `level` (a learner below it is recommended the course)."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="competence_links",
        verbose_name=_("course"),
    )
    competence = models.ForeignKey(
        "quizzes.Competence",
        on_delete=models.CASCADE,
        related_name="course_links",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level it builds to"),
        choices=Band.choices,
        help_text=_("Learners below this level whose post needs more are recommended the course."),
    )

    class Meta:
        ordering = ["competence", "course"]
        verbose_name = _("course competence")
        verbose_name_plural = _("course competences")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competence"], name="training_course_competence_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=Band.FOUNDATION) & models.Q(level__lte=max(Band)),
                name="training_course_competence_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} → {self.competence.code} ≤ {self.level}"
