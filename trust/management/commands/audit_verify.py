"""python manage.py audit_verify — check the audit log's hash chain; report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from trust.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and prune checkpoints; exit 1 at the first break."

    def handle(self, *args, **options):
        report = audit_verify()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(f"Audit chain intact: {report.events_checked} events checked.")
            )
            return
        from trust.models import AuditChainProblem

        where = (
            f"event {report.broken_event_id}"
            if report.broken_event_id is not None
            else f"checkpoint {report.broken_checkpoint_id}"
        )
        raise CommandError(
            f"Audit chain broken at {where}: {AuditChainProblem(report.problem).label} "
            f"({report.events_checked} events checked)."
        )
