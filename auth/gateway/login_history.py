"""The login history a session shows its trader (issue 19): the user name's last successful login before
this session, and the failed attempts since then, read from the audit trail (`audit_events`, indexed by
user name and time), so it reaches as far back as the audit retention (`keep_audit`) and no further.

Events of one moment are told apart by their id (the order they were recorded in): a clock standing still
(the testers' harness) must not merge this session's own login with the one before it. The session's own
`login.succeeded` is stamped with its creation time (sessions.py), which is how it is found and left out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select

from trader_login.auth import vocabulary
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.store import audit_events

LISTED_FAILURES = 5  # the failures listed, newest first; `failures_since` counts them all

_events = audit_events.c
# This session's own success and the one before it: the newest two at or before its creation.
_SUCCESSES = (
    select(_events.id, _events.at, _events.address, _events.device_kind, _events.detail)
    .where(
        _events.username == bindparam("username"),
        _events.kind == audit.LOGIN_SUCCEEDED,
        _events.at <= bindparam("before"),
    )
    .order_by(_events.at.desc(), _events.id.desc())
    .limit(2)
)


def _between(own: bool) -> Any:
    """login.failed of the name after (after_at, after_id) and at or before `before_at` - before the
    session's own event (before_at, before_id) when it is recorded (`own`)."""
    before = _events.at <= bindparam("before_at")
    if own:
        before = and_(before, or_(_events.at < bindparam("before_at"), _events.id < bindparam("before_id")))
    return and_(
        _events.username == bindparam("username"),
        _events.kind == audit.LOGIN_FAILED,
        _events.at >= bindparam("after_at"),
        or_(_events.at > bindparam("after_at"), _events.id > bindparam("after_id")),
        before,
    )


# By whether this session's own login.succeeded is recorded (pruned, or no audit table: not).
_FAILURES = {
    own: select(_events.at, _events.address, _events.reason)
    .where(_between(own))
    .order_by(_events.at.desc(), _events.id.desc())
    .limit(LISTED_FAILURES)
    for own in (True, False)
}
_COUNT_FAILURES = {
    own: select(func.count()).select_from(audit_events).where(_between(own)) for own in (True, False)
}


def history(connection: Connection, username: str, before: float) -> dict[str, Any]:
    """The history of the session of `username` created at `before`:

    {"last_login": {"at", "address", "device_kind", "device_label", "restart"} | None,
     "failures_since": int, "failures": [{"at", "address", "reason"}, ... at most 5, newest first]}

    `last_login`: the name's last `login.succeeded` before this session's own; `failures`: its
    `login.failed` events after that one (all of them, when there was none within the retention) and
    before this session. Two indexed reads (three when more than 5 failures stand); nothing written."""
    successes = connection.execute(_SUCCESSES, {"username": username, "before": before}).all()
    own_id = None
    if successes and successes[0].at == before:
        own_id = successes[0].id  # this session's own login (stamped with its creation time)
        successes = successes[1:]
    last = successes[0] if successes else None
    bounds = {
        "username": username,
        # No earlier success within the retention: from the beginning (before any Unix time recorded).
        "after_at": last.at if last is not None else -1.0,
        "after_id": last.id if last is not None else -1,
        "before_at": before,
    }
    own = own_id is not None
    if own:
        bounds["before_id"] = own_id
    failures = connection.execute(_FAILURES[own], bounds).all()
    count = len(failures)
    if count == LISTED_FAILURES:  # maybe more: counted (a third read only then)
        count = connection.execute(_COUNT_FAILURES[own], bounds).scalar_one()
    return {
        "last_login": None if last is None else _last_login(last),
        "failures_since": count,
        "failures": [{"at": f.at, "address": f.address, "reason": f.reason} for f in failures],
    }


def _last_login(row: Any) -> dict[str, Any]:
    kind = row.device_kind if row.device_kind in vocabulary.DEVICE_KINDS else None
    detail = row.detail if isinstance(row.detail, dict) else {}
    return {
        "at": row.at,
        "address": row.address,
        "device_kind": kind,
        "device_label": None if kind is None else vocabulary.device_kind(kind).label,
        "restart": detail.get("restart") is True,
    }
