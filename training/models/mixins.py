"""The rule that a record points at exactly one of a course and a test, written once.

Training assignments, certificate rules and bulk issues each name either a course or a test. The
three keep their own fields (their delete rules and related names differ) and share the database
constraint, the form-level check and the `target` they point at.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseOrAssessment(models.Model):
    """Abstract: a model with nullable `course` and `assessment` foreign keys, exactly one set.
    Concrete models add `CourseOrAssessment.one_target_constraint(name=...)` to Meta.constraints."""

    class Meta:
        abstract = True

    @staticmethod
    def one_target_constraint(*, name: str) -> models.CheckConstraint:
        """The check constraint "exactly one of course and assessment", under the given name."""
        return models.CheckConstraint(
            condition=(models.Q(course__isnull=False) & models.Q(assessment__isnull=True))
            | (models.Q(course__isnull=True) & models.Q(assessment__isnull=False)),
            name=name,
        )

    def clean(self):
        super().clean()
        if (self.course_id is None) == (self.assessment_id is None):
            raise ValidationError(_("Choose either a course or a test, not both and not neither."))

    @property
    def target(self):
        """The course or the test this record is about."""
        return self.course if self.course_id else self.assessment
