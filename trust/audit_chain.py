"""The audit log's hash chain: every event carries the SHA-256 of its own content and the hash of
the event before it, so an edited, deleted or inserted row shows up as the first broken link.

Canonical content (what is hashed), the same on SQLite and PostgreSQL:

    sha256( json.dumps({
        "action", "actor_id", "actor_username", "details", "ip", "occurred_at",
        "prev_hash", "result", "target_id", "target_repr", "target_type", "user_agent",
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8") )

with `occurred_at` as a UTC ISO-8601 timestamp with microseconds (2026-03-01T08:00:00.000000+00:00),
`ip` in its normal text form (or null), `details` as the JSON the database gives back, and
`prev_hash` the hash of the event with the next lower id ("" for the first event). The row's id is
not hashed (it is assigned after the hash is made); the order of the chain is the id order.

Appends are serialised so two writers never link to the same predecessor (which would fork the
chain): PostgreSQL takes a transaction-level advisory lock, SQLite runs IMMEDIATE transactions
(config/settings/base.py) that already admit one writer at a time. The lock lasts until the
transaction that appends commits, so keep audited transactions short.

Pruning removes old rows; it first verifies the chain, then writes a checkpoint, signed with the
backup key (trust.keys), naming each pruned run of ids with the hash before it and its last hash,
so the remaining rows still verify across the gap. `audit_verify` walks the chain from the first
row, checks every checkpoint's signature, and reports the first broken link.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import ipaddress
import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, transaction
from django.utils import timezone

# Any constant works; it only has to be the same for every writer (it spells "audit" in hex).
CHAIN_LOCK_KEY = 0x61756469740
CHECKPOINT_PURPOSE = "audit-checkpoint"
HASHED_FIELDS = (
    "action",
    "actor_id",
    "actor_username",
    "details",
    "ip",
    "occurred_at",
    "result",
    "target_id",
    "target_repr",
    "target_type",
    "user_agent",
)

# SQLite has no roles: its DELETE trigger asks this connection-local flag (through a function
# registered on every connection, trust.apps) whether a prune or a whole-database flush runs.
_maintenance: contextvars.ContextVar[str] = contextvars.ContextVar("audit_maintenance", default="")


@contextmanager
def maintenance(mode: str):
    """Let this thread's SQLite DELETEs through the audit trigger: "prune" (old rows only) or
    "flush" (the `flush` command, which empties every table). No effect on PostgreSQL."""
    token = _maintenance.set(mode)
    try:
        yield
    finally:
        _maintenance.reset(token)


def sqlite_maintenance_mode() -> str:
    return _maintenance.get()


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: the function the SQLite audit trigger calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "govlearn_audit_mode", 0, sqlite_maintenance_mode, deterministic=False
        )


def _timestamp(value) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _ip(value) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).split("/")[0]))
    except ValueError:
        return str(value)


def canonical_content(event, prev_hash: str) -> bytes:
    """The bytes an event's hash is made of (see the module docstring)."""
    content = {name: getattr(event, name) for name in HASHED_FIELDS}
    content["occurred_at"] = _timestamp(event.occurred_at)
    content["ip"] = _ip(event.ip)
    content["actor_id"] = str(event.actor_id) if event.actor_id is not None else None
    # What the database hands back: JSON round-tripped (tuples become lists, keys strings).
    content["details"] = json.loads(json.dumps(event.details or {}))
    content["prev_hash"] = prev_hash
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def event_hash(event, prev_hash: str) -> str:
    """The chain hash of `event` following `prev_hash`."""
    return hashlib.sha256(canonical_content(event, prev_hash)).hexdigest()


def lock_chain(using: str) -> None:
    """Serialise appends (and prunes) until the current transaction ends."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def link(event, *, using: str) -> None:
    """Set `event.prev_hash` and `event.hash` from the current head of the chain. Call inside a
    transaction, just before the INSERT."""
    from .models import AuditEvent

    lock_chain(using)
    head = AuditEvent.objects.using(using).order_by("-pk").values_list("hash", flat=True).first()
    event.prev_hash = head or ""
    event.hash = event_hash(event, event.prev_hash)


# --- Verification -----------------------------------------------------------------------------


@dataclass
class ChainReport:
    ok: bool
    events_checked: int
    broken_event_id: int | None = None
    broken_checkpoint_id: int | None = None
    problem: str = ""


def checkpoint_payload(*, cutoff: str, runs: list[dict], deleted: int) -> bytes:
    """The signed bytes of a prune checkpoint."""
    body = {"cutoff": cutoff, "deleted": deleted, "runs": runs}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _runs_by_prev_hash(using: str) -> tuple[dict[str, list[dict]], ChainReport | None]:
    from .keys import verify
    from .models import AuditCheckpoint

    runs: dict[str, list[dict]] = {}
    for checkpoint in AuditCheckpoint.objects.using(using).order_by("pk"):
        payload = checkpoint_payload(
            cutoff=checkpoint.cutoff, runs=checkpoint.runs, deleted=checkpoint.deleted
        )
        if not verify(CHECKPOINT_PURPOSE, payload, checkpoint.signature):
            return runs, ChainReport(
                ok=False,
                events_checked=0,
                broken_checkpoint_id=checkpoint.pk,
                problem="checkpoint_signature",
            )
        for run in checkpoint.runs:
            runs.setdefault(run["prev_hash"], []).append(run)
    return runs, None


def _bridge(runs: dict[str, list[dict]], start: str, target: str, after_id: int, before_id: int):
    """Whether pruned runs lead from hash `start` to hash `target` between two ids."""
    current, low = start, after_id
    for _step in range(10_000):
        if current == target:
            return True
        candidates = [
            run
            for run in runs.get(current, [])
            if low < run["first_id"] <= run["last_id"] < before_id
        ]
        if not candidates:
            return False
        run = min(candidates, key=lambda r: r["first_id"])
        current, low = run["last_hash"], run["last_id"]
    return False


def chain_verify(*, using: str = "default", upto_id: int | None = None) -> ChainReport:
    """Walk the chain in id order and report the first broken link (or that it is whole)."""
    from .models import AuditEvent

    runs, bad_checkpoint = _runs_by_prev_hash(using)
    if bad_checkpoint is not None:
        return bad_checkpoint
    expected, previous_id, checked = "", 0, 0
    events = AuditEvent.objects.using(using).order_by("pk")
    if upto_id is not None:
        events = events.filter(pk__lte=upto_id)
    for event in events.iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != expected and not _bridge(
            runs, expected, event.prev_hash, previous_id, event.pk
        ):
            return ChainReport(
                ok=False,
                events_checked=checked,
                broken_event_id=event.pk,
                problem="link_broken",
            )
        if event_hash(event, event.prev_hash) != event.hash:
            return ChainReport(
                ok=False,
                events_checked=checked,
                broken_event_id=event.pk,
                problem="content_changed",
            )
        expected, previous_id = event.hash, event.pk
    return ChainReport(ok=True, events_checked=checked)


# --- Pruning ----------------------------------------------------------------------------------


def prune_runs(*, using: str, cutoff: dt.datetime) -> tuple[list[dict], int]:
    """The runs of consecutive ids a prune at `cutoff` removes, each with the hash before it and
    its last hash, and how many rows that is."""
    from .models import AuditEvent

    runs: list[dict] = []
    current: dict | None = None
    deleted = 0
    rows = (
        AuditEvent.objects.using(using)
        .order_by("pk")
        .values_list("pk", "prev_hash", "hash", "occurred_at")
    )
    for pk, prev_hash, hash_, occurred_at in rows.iterator(chunk_size=5000):
        if occurred_at < cutoff:
            deleted += 1
            if current is None:
                current = {"first_id": pk, "prev_hash": prev_hash}
                runs.append(current)
            current["last_id"], current["last_hash"] = pk, hash_
        else:
            current = None
    return runs, deleted


def write_checkpoint(*, using: str, cutoff: dt.datetime, runs: list[dict], deleted: int):
    """Store the signed record of a prune."""
    from .keys import sign
    from .models import AuditCheckpoint

    cutoff_text = _timestamp(cutoff)
    signature = sign(
        CHECKPOINT_PURPOSE, checkpoint_payload(cutoff=cutoff_text, runs=runs, deleted=deleted)
    )
    return AuditCheckpoint.objects.using(using).create(
        created_at=timezone.now(),
        cutoff=cutoff_text,
        deleted=deleted,
        runs=runs,
        signature=signature,
    )


def atomic(using: str):
    return transaction.atomic(using=using)
