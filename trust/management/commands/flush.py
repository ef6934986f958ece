"""`flush` empties every table, the audit log included: on SQLite the audit DELETE trigger lets
this command (and only it, besides the prune) through, as PostgreSQL lets the table owner
TRUNCATE. Django's test framework flushes between transactional tests through this command."""

from django.core.management.commands.flush import Command as DjangoFlush

from trust.audit_chain import maintenance


class Command(DjangoFlush):
    def handle(self, **options):
        with maintenance("flush"):
            return super().handle(**options)
