"""python manage.py escalate_questions — the daily Q&A reminder and escalation run (cron it, or
use --enqueue to hand it to the task worker). Running it twice sends nothing new."""

from django.core.management.base import BaseCommand

from qanda.services import escalate_questions
from qanda.tasks import escalate_questions_daily


class Command(BaseCommand):
    help = "Remind experts of questions due tomorrow and escalate overdue ones (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Run it in the task worker.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = escalate_questions_daily.enqueue()
            self.stdout.write(f"Enqueued task {result.id}.")
            return
        sent = escalate_questions()
        self.stdout.write(
            f"Reminders sent: {sent['due_tomorrow']}; overdue escalations sent: {sent['overdue']}."
        )
