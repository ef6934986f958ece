"""The database router: writes and ordinary reads on the primary ("default"); reads that asked for
the replica (core.replicas.replica_reads) on "replica" when it has the reader's writes.

With no replica configured every read answers "default" through this same router.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

from . import replicas


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # Always an answer: Django would otherwise follow an instance's own database, and an
        # object read on the replica must not pull its relations from there outside a report.
        return replicas.read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's WAL, schema included; it is never migrated itself.
        return db != replicas.REPLICA
