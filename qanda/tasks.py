"""Background tasks of the Q&A service: e-mail notices and the daily escalation run."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_question_email(*, question_id: int, addresses: list[str], message: str) -> None:
    """E-mail a notice about a question (the in-site notice exists already)."""
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "qanda:question_detail", args=[question_id]
        )
        send_mail(
            subject=_("GovLearn: %(message)s") % {"message": message[:120]},
            message=f"{message}\n\n{link}\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=addresses,
        )


@task()
def escalate_questions_daily() -> dict:
    """Remind experts of questions due tomorrow; escalate overdue ones (each reminder once)."""
    from .services import escalate_questions

    return escalate_questions()


@task()
def recompute_provisional_due_dates(*, years: list[int]) -> int:
    """Recompute provisional due dates after an admin entered calendar overrides for `years`."""
    from .services import provisional_due_dates_recompute

    return provisional_due_dates_recompute(years=years)
