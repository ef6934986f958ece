"""python manage.py backup [--output DIR] — database and files in one signed, verified archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trust.backup import BackupError, backup_create
from trust.models import AuditAction, AuditResult
from trust.services import audit_record


class Command(BaseCommand):
    help = "Back up the database and media into one .tar.gz with a manifest of table checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Folder for the archive (default: var/backups).",
        )

    def handle(self, *args, **options):
        try:
            archive = backup_create(output_dir=Path(options["output"]))
        except BackupError as error:
            audit_record(
                action=AuditAction.BACKUP_CREATED,
                actor_username="system",
                result=AuditResult.FAILURE,
                details={"reason": str(error)[:500]},
            )
            raise CommandError(str(error)) from None
        audit_record(
            action=AuditAction.BACKUP_CREATED,
            actor_username="system",
            details={"archive": archive.name},
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
