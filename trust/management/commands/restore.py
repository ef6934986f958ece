"""python manage.py restore ARCHIVE — put a backup back, and prove it by the manifest.

Stop the web server and the task worker first: the database and media are replaced whole."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trust.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive (database and media) and verify every table's checksum."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A govlearn-backup-*.tar.gz made by `backup`.")
        parser.add_argument(
            "--database-url", default=None, help="Restore into this database instead."
        )
        parser.add_argument("--media-root", default=None, help="Restore media here instead.")
        parser.add_argument(
            "--private-root", default=None, help="Restore private files here instead."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the data."
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"No such archive: {archive}")
        if not options["yes"]:
            answer = input("This replaces the database and media with the backup. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = backup_restore(
                archive=archive,
                database_url=options["database_url"],
                media_root=Path(options["media_root"]) if options["media_root"] else None,
                private_root=Path(options["private_root"]) if options["private_root"] else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not options["database_url"]:
            from trust.models import AuditAction
            from trust.services import audit_record

            audit_record(
                action=AuditAction.BACKUP_RESTORED,
                actor_username="system",
                details={"archive": archive.name, "created_at": manifest["created_at"]},
            )
        tables = len(manifest["tables"])
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {tables} tables ({rows} rows) and {len(manifest['media'])} media "
                "files; every checksum matches the manifest."
            )
        )
