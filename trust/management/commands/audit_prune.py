"""python manage.py audit_prune [--enqueue] — delete audit events past their retention."""

from django.core.management.base import BaseCommand

from trust.services import audit_prune, audit_retention_days


class Command(BaseCommand):
    help = "Delete audit events older than AUDIT_RETENTION_DAYS (never fewer than 180 days)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the prune task for the worker instead."
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            from trust.tasks import prune_audit_log

            prune_audit_log.enqueue()
            self.stdout.write("Prune task queued.")
            return
        deleted = audit_prune()
        self.stdout.write(
            f"Deleted {deleted} audit events older than {audit_retention_days()} days."
        )
