"""python manage.py expire_overdue_attempts — the sweep, for cron. Each attempt is also finished by
its own deadline task and lazily when its page is opened; this catches anything those missed."""

from django.core.management.base import BaseCommand

from quizzes.services import attempts_expire_overdue


class Command(BaseCommand):
    help = "Finish every attempt whose deadline has passed, scoring the answers it saved."

    def handle(self, *args, **options):
        count = attempts_expire_overdue()
        self.stdout.write(f"{count} overdue attempt(s) finished.")
