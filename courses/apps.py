from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and learning")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import receivers

        receivers.connect()
        post_migrate.connect(_ensure_review_workflow, dispatch_uid="courses.review_workflow")


def _ensure_review_workflow(sender, **kwargs):
    """Every install gets the course-review workflow, not only the demo. Like the role groups
    (people.apps), it waits for the last app's post_migrate, when all permissions exist; it is
    connected after people's, so the platform admins' group is there too."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .services import course_review_workflow_ensure

    course_review_workflow_ensure()
