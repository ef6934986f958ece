"""Background tasks of the training app."""

from django_tasks import task


@task()
def send_training_reminders() -> int:
    """The daily reminder run (cron calls `manage.py send_training_reminders --enqueue`, or the
    command directly). Safe to run any number of times: each reminder goes out once per rule."""
    from .services import training_reminders_send

    return training_reminders_send()
