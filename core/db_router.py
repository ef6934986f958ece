"""The database router: writes and ordinary reads on the primary ("default"); reads that asked for
the replica (core.replicas.replica_reads) on "replica" when it has the reader's writes.

With no replica configured every read answers "default" through this same router.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

from . import replicas


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if replicas.read_alias() == replicas.REPLICA:
            return replicas.REPLICA
        # An object read in a report must not pull its relations from the replica elsewhere;
        # anything else keeps Django's default (the instance's own database, else "default").
        return DEFAULT_DB_ALIAS if _from_replica(hints) else None

    def db_for_write(self, model, **hints):
        # Never the replica (it is read-only): an object read there is written to the primary.
        return DEFAULT_DB_ALIAS if _from_replica(hints) else None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        if replicas.REPLICA in (obj1._state.db, obj2._state.db):
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's WAL, schema included; it is never migrated itself.
        return False if db == replicas.REPLICA else None


def _from_replica(hints) -> bool:
    instance = hints.get("instance")
    return instance is not None and instance._state.db == replicas.REPLICA
