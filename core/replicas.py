"""Reads that may go to the read replica, and read-your-writes safety for whoever just wrote.

A read goes to the replica only when all of these hold (else it goes to the primary, through the
same code, which is all there is when DATABASE_REPLICA_URL is unset):

1. the code asked for it: a dashboard or report view decorated with `@replica_reads`, or a task
   building a report inside `with replica_reads():`;
2. a replica is configured (DATABASES["replica"]);
3. the request is a GET or HEAD (a GET never writes here; a POST reads what it writes) and no
   transaction is open on the primary;
4. the person has not written recently, or the replica has already replayed their last write.

Read-your-writes: after a POST, PUT, PATCH or DELETE the middleware asks the primary for its WAL
position (`pg_current_wal_lsn()`, after the view's transaction committed) and keeps it in a signed
cookie for REPLICA_PIN_SECONDS. While the cookie is there, the first replica read of a request asks
the replica whether it has replayed that position (`pg_last_wal_replay_lsn()`), one query per
request; until it has, that person's replica reads go to the primary. A cookie (not the session)
because it costs no session write and works with any session backend; it only ever makes its
holder read the primary, so a forged one would gain nothing, and it is signed anyway. After
REPLICA_PIN_SECONDS the cookie expires: a replica lagging that far behind is an operations
problem (docs/operations.md, "Read replica"), and pinning everyone to the primary forever would
hide it.
"""

from __future__ import annotations

import contextvars
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
COOKIE_NAME = "govlearn_written"
_COOKIE_SALT = "core.replicas.written-lsn"
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

logger = logging.getLogger(__name__)


@dataclass
class _RequestState:
    """What one request knows about its person's writes; `caught_up` is asked once."""

    writes: bool = False
    written_lsn: str | None = None
    caught_up: bool | None = None


_wants_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "govlearn_replica_reads", default=False
)
_request: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "govlearn_replica_request", default=None
)


def replica_configured() -> bool:
    """True when settings name a read replica."""
    return REPLICA in settings.DATABASES


class _ReplicaReads:
    def __enter__(self):
        self._token = _wants_replica.set(True)
        return self

    def __exit__(self, *exc_info):
        _wants_replica.reset(self._token)


def replica_reads(func=None):
    """Let the reads of a view or block go to the replica (when there is one and the reader's
    own writes have reached it). `@replica_reads` on a view, `with replica_reads():` around code.
    Only for reads that may be a moment behind the primary: dashboards, reports, exports."""
    if func is None:
        return _ReplicaReads()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _ReplicaReads():
            return func(*args, **kwargs)

    wrapper.reads_replica = True
    return wrapper


def read_alias() -> str:
    """The database alias the next read should use (core.db_router asks this)."""
    if not _wants_replica.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS  # inside a transaction: read what it wrote
    state = _request.get()
    if state is None:
        return REPLICA  # a task or a command: nobody's writes to wait for
    if state.writes:
        return DEFAULT_DB_ALIAS
    if state.written_lsn is None:
        return REPLICA
    if state.caught_up is None:
        state.caught_up = _replica_has_replayed(state.written_lsn)
    return REPLICA if state.caught_up else DEFAULT_DB_ALIAS


def _replica_has_replayed(lsn: str) -> bool:
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
                " ELSE pg_current_wal_lsn() END >= %s::pg_lsn",
                [lsn],
            )
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        # A replica that cannot answer is no place to read from: this request reads the primary.
        logger.warning("read replica did not answer; reading the primary", exc_info=True)
        return False


def primary_wal_lsn() -> str | None:
    """The primary's current WAL position, when a replica is configured (else None)."""
    if not replica_configured():
        return None
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _written_lsn_from(request) -> str | None:
    try:
        value = request.get_signed_cookie(
            COOKIE_NAME, default=None, salt=_COOKIE_SALT, max_age=settings.REPLICA_PIN_SECONDS
        )
    except signing.BadSignature:
        return None
    return value or None


class ReplicaConsistencyMiddleware:
    """Marks each request with its person's last write (cookie) and, after a write, stores the
    primary's WAL position for the next requests: see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method in _WRITE_METHODS
        state = _RequestState(
            writes=writes, written_lsn=None if writes else _written_lsn_from(request)
        )
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if writes:
            try:
                lsn = primary_wal_lsn()
            except DatabaseError:
                lsn = None
                logger.warning("could not read the primary's WAL position", exc_info=True)
            if lsn:
                response.set_signed_cookie(
                    COOKIE_NAME,
                    lsn,
                    salt=_COOKIE_SALT,
                    max_age=settings.REPLICA_PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response
