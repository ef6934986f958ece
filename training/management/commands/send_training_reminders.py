"""Daily: send training reminders due now (N days before the due date, and once when overdue)."""

from django.core.management.base import BaseCommand

from training.services import training_reminders_send
from training.tasks import send_training_reminders


class Command(BaseCommand):
    help = "Send due-soon and overdue training reminders (each at most once per rule)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the run for a task worker instead."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            send_training_reminders.enqueue()
            self.stdout.write("Queued.")
            return
        sent = training_reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
