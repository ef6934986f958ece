"""Retire the home page's cached data whenever what it shows may have changed.

Shared facts (home.front_page): a page (course, lesson, contest) published, unpublished, moved or
deleted. A learner's own data (home.personal): a row of theirs the page shows written or deleted,
or a rule everyone's page reads. Cheap and idempotent: each replaces a generation token."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .front_page import shared_forget
from .personal import personal_forget, personal_forget_everyone

# Rows of one person that their home page shows (each has a `user_id`).
PERSONAL_MODELS = (
    "courses.Enrolment",
    "courses.LessonProgress",
    "training.CreditHourEntry",
    "training.AssignmentTarget",
    "training.Notice",
    "quizzes.CompetenceLevelRecord",
    "quizzes.ContestEntry",
    "quizzes.Result",
    "people.Profile",
)
# Rows every learner's home page reads: requirements, assignments (due dates, what they are for),
# which courses build which competence, post targets, competence names, test titles.
EVERYONE_MODELS = (
    "training.AnnualRequirement",
    "training.TrainingAssignment",
    "training.CourseCompetence",
    "quizzes.PostTarget",
    "quizzes.Competence",
    "quizzes.Assessment",
)


def _forget(sender=None, **kwargs):
    shared_forget()


def _forget_person(sender=None, instance=None, **kwargs):
    personal_forget(getattr(instance, "user_id", None))


def _forget_person_by_id(sender=None, user_id=None, **kwargs):
    personal_forget(user_id)


def _forget_everyone(sender=None, **kwargs):
    personal_forget_everyone()


def connect() -> None:
    """Connect the receivers (called once from HomeConfig.ready)."""
    from django.apps import apps

    from training.models import TrainingAssignment
    from training.signals import notices_read

    page_published.connect(_forget, dispatch_uid="home_shared_publish")
    page_unpublished.connect(_forget, dispatch_uid="home_shared_unpublish")
    post_page_move.connect(_forget, dispatch_uid="home_shared_move")
    post_delete.connect(_forget, sender=Page, dispatch_uid="home_shared_delete")
    for label in PERSONAL_MODELS:
        model = apps.get_model(label)
        post_save.connect(_forget_person, sender=model, dispatch_uid=f"home_personal_{label}")
        post_delete.connect(_forget_person, sender=model, dispatch_uid=f"home_personal_d_{label}")
    for label in EVERYONE_MODELS:
        model = apps.get_model(label)
        post_save.connect(_forget_everyone, sender=model, dispatch_uid=f"home_everyone_{label}")
        post_delete.connect(_forget_everyone, sender=model, dispatch_uid=f"home_everyone_d_{label}")
    # Who an assignment is for (its people and units) is set after it is saved.
    for through in (TrainingAssignment.people.through, TrainingAssignment.units.through):
        m2m_changed.connect(_forget_everyone, sender=through, dispatch_uid=f"home_m2m_{through}")
    notices_read.connect(_forget_person_by_id, dispatch_uid="home_personal_notices_read")
