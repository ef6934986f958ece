"""python manage.py restore ARCHIVE — put a backup back, proving everything before replacing.

The archive's signature and files are checked, then the database is restored into a scratch
database and the folders into staging folders and checked there; only then are they switched in
(trust.backup). A target that is not empty is refused unless --replace is given. Stop the web
server and the task worker first."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trust.backup import BackupError, backup_restore
from trust.models import AuditAction, AuditResult


def _audit(result, archive: Path, **details) -> None:
    from trust.services import audit_record

    audit_record(
        action=AuditAction.BACKUP_RESTORED,
        actor_username="system",
        result=result,
        details={"archive": archive.name, **details},
    )


class Command(BaseCommand):
    help = (
        "Restore a backup archive (database and files) after verifying its signature and every "
        "checksum, through a scratch database; refuses a non-empty target without --replace."
    )

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
            "--replace",
            action="store_true",
            help="Replace a target that already holds data (its contents are kept aside).",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask before restoring (needed without a terminal).",
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        target = options["database_url"] or "the configured database"
        if not archive.is_file():
            _audit(AuditResult.FAILURE, archive, reason="no such archive")
            raise CommandError(f"No such archive: {archive}")
        if not options["yes"]:
            if not sys.stdin or not sys.stdin.isatty():
                _audit(AuditResult.DENIED, archive, reason="no terminal to confirm")
                raise CommandError(
                    "No terminal to confirm the restore on: run it from a terminal, or add --yes."
                )
            try:
                answer = input(f"Restore {archive.name} into {target}? Type 'yes': ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                _audit(AuditResult.DENIED, archive, reason="not confirmed")
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = backup_restore(
                archive=archive,
                database_url=options["database_url"],
                media_root=Path(options["media_root"]) if options["media_root"] else None,
                private_root=Path(options["private_root"]) if options["private_root"] else None,
                replace=options["replace"],
            )
        except BackupError as error:
            _audit(AuditResult.DENIED, archive, reason=str(error)[:500], target=target[:200])
            raise CommandError(f"{error} Nothing was changed.") from None
        _audit(
            AuditResult.SUCCESS,
            archive,
            created_at=manifest["created_at"],
            target="default" if not options["database_url"] else "other database",
            kept=manifest["kept"],
        )
        tables = len(manifest["tables"])
        rows = sum(t["rows"] for t in manifest["tables"].values())
        files = sum(len(f) for f in manifest["folders"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {tables} tables ({rows} rows) and {files} files; every checksum "
                "matches the signed manifest."
            )
        )
        for what, where in manifest["kept"].items():
            self.stdout.write(f"The previous {what} is kept as {where}; delete it once checked.")
