"""The audit trail: who failed to log in and why, who was locked, who unlocked whom at the desk, takeovers,
device changes and the configuration at start - the gateway's security events (events.py), kept twice:

- in the database (table `audit_events`), recorded inside the transaction of the step itself, so a step
  that rolls back leaves no trace and one that commits always leaves its event; `recent()` and
  `sls-gateway audit USER` (`audit_command`) read it at the desk;
- as JSON lines for the operator's log pipeline: a file (appended, created 0600, one `write` per line on a
  descriptor opened with O_APPEND, so several gateway processes can share one file), standard output ("-"),
  or nowhere ("off").

A line is one JSON object with always the same keys, in this order:

    {"at": "2026-12-05T07:23:31.123456Z", "kind": "login.failed", "username": "dscuser",
     "address": "10.0.0.7", "reason": "wrong_response", "device_kind": "dscplus", "device": "DSC12345678",
     "actor": null, "detail": {}}

`at` is ISO 8601 in UTC with microseconds (the gateway clock's time); a field that does not apply is null;
`detail` holds a few plain values (numbers, flags, short words) and is {} when there are none. Every kind
is in `KINDS` below, with what it means; reasons are the fixed words of `LOGIN_FAILED_REASONS` and
`SECOND_FACTOR_REFUSED_REASONS`, never a message. Nothing secret is ever in an event (events.py; the test
tests/gateway/test_audit_secrets.py holds every kind to it).

Kinds in `METRICS_ONLY` are counted by the metrics but kept out of the trail (a login started: one per
unauthenticated request, the volume an attacker chooses). Events emitted with no transaction (the
gateway's start, a rate-limited request, whose transaction rolls back) reach the JSON lines but not the
table. A rate-limited address gets one line per rate-limit window and process (its first refusal there):
a flood of refused requests does not flood the log; the metrics count every one.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, insert, make_url, select

import trader_login
from trader_login.auth import modexp, moments
from trader_login.auth.gateway.config import mask_url, parse_duration
from trader_login.auth.gateway.events import Event, Events
from trader_login.auth.gateway.retention import PRUNED
from trader_login.auth.gateway.store import Store, audit_events

log = logging.getLogger(__name__)

# -- the kinds ----------------------------------------------------------------------------------------------

# A login (SRP and the second factor; service.py, second_factor.py, sessions.py)
LOGIN_STARTED = "login.started"
LOGIN_SUCCEEDED = "login.succeeded"
LOGIN_FAILED = "login.failed"
ACCOUNT_LOCKED = "account.locked"
SECOND_FACTOR_ACCEPTED = "second_factor.accepted"
SECOND_FACTOR_REFUSED = "second_factor.refused"
RATE_LIMITED = "rate.limited"
# Sessions (R16)
SESSION_TAKEN_OVER = "session.taken_over"
SESSION_LOGGED_OUT = "session.logged_out"
# IB Key notifications (device_endpoints.py, second_factor.py)
PUSH_APPROVED = "push.approved"
PUSH_DENIED = "push.denied"
PUSH_EXPIRED = "push.expired"
PUSH_CANCELLED = "push.cancelled"
PUSH_FRAUD_REPORTED = "push.fraud_reported"  # issue 19: "This wasn't me" on the phone
# Devices changing by themselves or by the trader (not the desk)
DEVICE_ACTIVATED = "device.activated"
# Security keys (kinds/passkey.py)
PASSKEY_REGISTERED = "passkey.registered"
PASSKEY_COUNTER = "passkey.counter"
# The Client Services desk (admin.py): `actor` is the operating-system user at the desk
DESK_USER_ADDED = "desk.user_added"
DESK_DEVICE_ADDED = "desk.device_added"
DESK_DEVICE_REMOVED = "desk.device_removed"
DESK_DEVICE_LOST = "desk.device_lost"
DESK_DEVICE_NAMED = "desk.device_named"
DESK_DEVICE_REACTIVATED = "desk.device_reactivated"
DESK_DEVICE_SHARED = "desk.device_shared"
DESK_SHARE_APPROVED = "desk.share_approved"
DESK_TEMP_PASSCODE_ISSUED = "desk.temp_passcode_issued"
DESK_UNLOCKED = "desk.unlocked"
DESK_IP_ALLOW_SET = "desk.ip_allow_set"
DESK_OPTED_OUT = "desk.opted_out"
DESK_OPTED_IN = "desk.opted_in"
DESK_ACCOUNTS_LINKED = "desk.accounts_linked"
DESK_RESTART_GRANT_REVOKED = "desk.restart_grant_revoked"  # issue 19 (restart_grants.py)
DESK_PASSWORD_SET = "desk.password_set"  # noqa: S105 - an event kind, not a password (issue 19)
# Restart grants (issue 19; restart_grants.py): a restart without the second factor until a weekly cut-off
RESTART_GRANTED = "restart.granted"
RESTART_USED = "restart.used"
RESTART_REFUSED = "restart.refused"
RESTART_ENDED = "restart.ended"
# The gateway itself
GATEWAY_STARTED = "gateway.started"
RETENTION_PRUNED = PRUNED  # emitted by retention.py's Pruner, named there

KINDS: Mapping[str, str] = {
    LOGIN_STARTED: "a login began: user name as typed (maybe unknown), address, detail mode (metrics only)",
    LOGIN_SUCCEEDED: (
        "a session opened: user name, address, device_kind (none: no second factor), detail mode, "
        "read_only, takeover, restrictions"
    ),
    LOGIN_FAILED: (
        "an attempt refused: user name as typed, address, reason (LOGIN_FAILED_REASONS), device_kind and "
        "device at the second factor, detail counted (whether R3 counts it)"
    ),
    ACCOUNT_LOCKED: "R3 locked a user name: user name, address of the attempt, detail until, failures",
    SECOND_FACTOR_ACCEPTED: "a right second-factor answer (or an approved notification used): device_kind, "
    "device (metrics only: login.succeeded follows, or the takeover question)",
    SECOND_FACTOR_REFUSED: (
        "an answer refused without counting against R3: reason (SECOND_FACTOR_REFUSED_REASONS), "
        "device_kind, device; the login goes on"
    ),
    RATE_LIMITED: "a login request refused by the rate limit: address, detail retry_after (JSON lines only)",
    SESSION_TAKEN_OVER: "a login ended the user's other session (R16): user name, address of the new login, "
    "detail sessions (how many ended)",
    SESSION_LOGGED_OUT: "a session ended by its logout: user name",
    PUSH_APPROVED: "the IB Key phone approved a notification: user name, device",
    PUSH_DENIED: (
        "the IB Key phone denied a notification (and a login.failed push_denied), or approved it with a "
        "number other than the login page's (reason wrong_number; and a login.failed push_wrong_number): "
        "user name, device"
    ),
    PUSH_FRAUD_REPORTED: (
        'the trader reported a notification on the IB Key phone as not theirs ("This wasn\'t me"; and a '
        "login.failed push_reported): user name, address of the login reported, device_kind, device"
    ),
    PUSH_EXPIRED: "an IB Key notification timed out unanswered: user name, device",
    PUSH_CANCELLED: "an IB Key notification withdrawn (the login moved on or ended): user name, device",
    DEVICE_ACTIVATED: (
        "a device became active without the desk: user name, device, device_kind, reason replacement_due "
        "(R11, three weeks after shipment), first_use (an online card, R8) or portal (its activation)"
    ),
    PASSKEY_REGISTERED: (
        "a trader registered a security key with an enrolment code (the pending key became active): user "
        "name, address, device, device_kind, detail label (the key's name, if any)"
    ),
    PASSKEY_COUNTER: (
        "a security key's assertion refused because its signature counter did not go up (a cloned key?; "
        "also login.failed passkey_counter): user name, address, device, device_kind, detail stored, "
        "received"
    ),
    DESK_USER_ADDED: "the desk added a user name: actor, user name, detail mode",
    DESK_DEVICE_ADDED: (
        "the desk enrolled a device (an online card included): actor, user name, device, device_kind, "
        "detail replacement"
    ),
    DESK_DEVICE_REMOVED: "the desk removed a device from a user name: actor, user name, device, device_kind",
    DESK_DEVICE_NAMED: "the desk named a device (a security key): actor, user name, device, device_kind, "
    "detail label",
    DESK_DEVICE_LOST: "the desk reported a device lost (R19): actor, user name, device, device_kind",
    DESK_DEVICE_REACTIVATED: (
        "the desk reactivated a device, ending temporary ones (R11): actor, user name, device, device_kind"
    ),
    DESK_DEVICE_SHARED: (
        "the desk shared a device with another user name (R14): actor, user name (the owner), device, "
        "device_kind, detail to (the other user name), status (approved or pending)"
    ),
    DESK_SHARE_APPROVED: "compliance approved a pending share: actor, user name, device",
    DESK_TEMP_PASSCODE_ISSUED: "the desk issued a temporary passcode (R9): actor, user name",
    DESK_UNLOCKED: "the desk unlocked a user name (R3): actor, user name, detail was_locked, failures",
    DESK_IP_ALLOW_SET: "the desk set a user name's IP restriction (R15): actor, user name, detail addresses",
    DESK_OPTED_OUT: "the desk opted a user name out of SLS (R15): actor, user name, detail scope",
    DESK_OPTED_IN: "the desk opted a user name back in (R15): actor, user name",
    DESK_ACCOUNTS_LINKED: "the desk linked accounts to a user name (R17): actor, user name, detail accounts",
    DESK_RESTART_GRANT_REVOKED: (
        "the desk revoked a restart grant: actor, user name, device_kind (of the login that made it), "
        "detail grant (its id), mode, expired (it was past its cut-off already)"
    ),
    DESK_PASSWORD_SET: (
        "the desk set a user name's password (its restart grants end: restart.ended password): actor, "
        "user name"
    ),
    RESTART_GRANTED: (
        "a full login's session made a restart grant (a device key bound until the weekly cut-off): user "
        "name, address, device_kind (the login's second factor), detail grant (its id), mode, cutoff_at, "
        "label (the computer's name)"
    ),
    RESTART_USED: (
        "a restart login opened a session without the second factor (login.succeeded follows, or the "
        "takeover question): user name, address, device_kind (the grant's), detail grant, mode"
    ),
    RESTART_REFUSED: (
        "a restart login's grant refused after the right password (not counted; the login goes on to the "
        "second factor): user name, address, reason (RESTART_REFUSED_REASONS), detail grant (as sent), mode"
    ),
    RESTART_ENDED: (
        "a restart grant ended: user name, reason (RESTART_END_REASONS), device_kind, actor (at the desk), "
        "detail grant, mode, expired (it was past its cut-off already)"
    ),
    GATEWAY_STARTED: "a gateway started: detail its configuration (config_event), never a secret",
    RETENTION_PRUNED: "old rows were pruned: detail the number of rows per table",
}

# Counted by the metrics, kept out of the audit trail (table and lines).
METRICS_ONLY = frozenset({LOGIN_STARTED, SECOND_FACTOR_ACCEPTED})

# login.failed's reasons.
LOGIN_FAILED_REASONS = (
    "password",  # a wrong password for a known user name (R3 counts it)
    "unknown_user",  # a user name no one has (counted like a wrong password; the client is not told)
    "locked",  # any attempt while the name is locked (counted: it extends the lock)
    "wrong_response",  # a wrong second-factor answer (counted)
    "code_used",  # an authenticator code of a time step used before (counted)
    "passkey_counter",  # a security key's signature counter did not go up (counted; passkey.counter)
    "push_denied",  # the phone denied the notification (counted)
    "push_wrong_number",  # the phone approved with a number other than the page's (counted; issue 19)
    "push_reported",  # the phone reported the notification as not the trader's (counted; issue 19)
    "wrong_mode",  # live credentials in paper mode or the reverse (not counted)
    "ip_restricted",  # a login from an address outside the user's IP restriction (R15; not counted)
    "no_device",  # the user has no usable second factor (not counted)
    "device_gone",  # the login's device was lost, removed or expired meanwhile (not counted)
)
# restart.refused's reasons (issue 19): each the trader is told (texts restart_*).
RESTART_REFUSED_REASONS = (
    "expired",  # the grant's weekly cut-off has passed
    "revoked",  # the desk revoked it
    "forgotten",  # a logout with "forget this device", or the session's DELETE of its grant
    "password",  # the password changed since
    "device",  # the user's second-factor devices changed at the desk since
    "replaced",  # another computer's grant replaced it (one per user name and mode)
    "wrong_key",  # no signature, or one the grant's key did not make
    "unknown",  # no such grant for this user name and mode
    "disabled",  # the gateway's restart_grants switch is off
)
# restart.ended's reasons (desk.restart_grant_revoked is the desk's "revoked").
RESTART_END_REASONS = ("forgotten", "password", "device", "replaced")
# second_factor.refused's reasons: the answer is not judged, the login goes on.
SECOND_FACTOR_REFUSED_REASONS = (
    "expired",  # the challenge (or code) had expired
    "format",  # not an answer's shape (an authenticator code of other than 6 digits)
    "temp_passcode_expired",  # the temporary passcode is past its 12 days
    "portal_only",  # the temporary passcode is past its 2 days: the portal only
    "registration_refused",  # a security key's registration refused (attestation policy, bad data)
)

_STORED_FIELDS = ("username", "address", "reason", "device_kind", "device", "actor")
# The table's string columns' lengths (store.audit_events): a longer value is cut, not refused.
# The table's column widths (schema.py), which the recorder cuts a value to.
_LENGTHS = {name: audit_events.c[name].type.length for name in ("kind", *_STORED_FIELDS)}
# The most events `sls-gateway audit --limit` shows at once.
MAX_LIMIT = 100_000
# The rate-limited addresses a JSON lines sink remembers (the newest window of each), at most.
_RATE_LIMITED_MEMORY = 10_000


def stored(kind: str) -> bool:
    """Whether events of `kind` are kept in the audit trail (not only counted by the metrics)."""
    return kind not in METRICS_ONLY


def desk_actor() -> str:
    """Who is at the desk: the operating-system user running it (`getpass.getuser()`)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


# -- the JSON line ------------------------------------------------------------------------------------------


def iso_time(unix: float) -> str:
    """`unix` as the line's `at`: ISO 8601 in UTC with microseconds, "2026-12-05T07:23:31.123456Z"."""
    return datetime.fromtimestamp(unix, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def as_line(event: Event) -> str:
    """The event as its JSON line (without the newline): every key, in a fixed order."""
    record: dict[str, Any] = {"at": iso_time(event.at), "kind": event.kind}
    for name in _STORED_FIELDS:
        record[name] = getattr(event, name)
    record["detail"] = dict(event.detail)
    return json.dumps(record, ensure_ascii=True, separators=(", ", ": "), default=str)


class JsonLines:
    """The sink writing stored events as JSON lines to `destination`: a path, "-" or "off"."""

    def __init__(self, destination: str | Path) -> None:
        self.destination = str(destination)
        self._fd: int | None = None
        self._lock = threading.Lock()
        # rate.limited: per address, the end of the window whose first refusal was written.
        self._limited_until: dict[str, float] = {}
        if self.destination not in ("-", "off"):
            self._fd = self._open()

    def _open(self) -> int:
        # 0600 when created (the trail names users and addresses); an existing file keeps its mode.
        try:
            return os.open(
                self.destination, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except OSError as error:  # one line for the operator: which file, and why
            raise OSError(
                f"cannot open the audit log {self.destination}: {error.strerror or error}"
            ) from None

    def _follow_rotation(self, fd: int) -> int:
        """(Under the lock.) The descriptor to write to: a new one when the file was moved away or deleted
        since it was opened (logrotate's default: rename, then the next line creates it again), else `fd`."""
        try:
            current = os.stat(self.destination)
            opened = os.fstat(fd)
            if (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino):
                return fd
        except FileNotFoundError:
            pass
        self._fd = self._open()
        os.close(fd)
        return self._fd

    def __repr__(self) -> str:
        return f"JsonLines({self.destination!r})"

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            if stored(event.kind) and self._first_of_its_window(event):
                self.write(as_line(event) + "\n")

    def _first_of_its_window(self, event: Event) -> bool:
        """False for a rate-limited request of an address already written in the same window."""
        if event.kind != RATE_LIMITED or event.address is None:
            return True
        with self._lock:
            until = self._limited_until.get(event.address)
            if until is not None and event.at < until:
                return False
            if len(self._limited_until) >= _RATE_LIMITED_MEMORY:
                self._limited_until = {a: u for a, u in self._limited_until.items() if u > event.at}
                if len(self._limited_until) >= _RATE_LIMITED_MEMORY:
                    self._limited_until.clear()
            retry = event.detail.get("retry_after")
            self._limited_until[event.address] = event.at + (retry if isinstance(retry, (int, float)) else 0)
            return True

    def write(self, line: str) -> None:
        if self.destination == "off":
            return
        if self.destination == "-":
            with self._lock:  # lines written by several threads stay whole
                sys.stdout.write(line)
                sys.stdout.flush()
            return
        # One write per line on an O_APPEND descriptor: the line lands whole at the end of the file,
        # whichever process of the gateway writes it. The lock: a descriptor is never closed (rotation,
        # close) while another thread of this process writes to it.
        with self._lock:
            if self._fd is not None:  # else closed
                os.write(self._follow_rotation(self._fd), line.encode("utf-8"))

    def close(self) -> None:
        with self._lock:
            fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


# -- the trail ----------------------------------------------------------------------------------------------


def _row(event: Event) -> dict[str, Any]:
    row: dict[str, Any] = {"at": event.at, "kind": event.kind[: _LENGTHS["kind"]]}
    for name in _STORED_FIELDS:
        value = getattr(event, name)
        row[name] = value[: _LENGTHS[name]] if isinstance(value, str) else value
    row["detail"] = dict(event.detail) if event.detail else None
    return row


class AuditTrail:
    """One gateway's audit trail: a recorder inserting each stored event into `audit_events` inside its
    transaction, and a sink writing it as a JSON line to `destination` (a path, "-" or "off")."""

    def __init__(self, events: Events, store: Store, destination: str | Path = "off") -> None:
        self.events = events
        self.store = store
        self.lines = JsonLines(destination)
        self._insert = insert(audit_events)
        events.add_recorder(self.record)
        events.add_sink(self.lines)

    def __repr__(self) -> str:
        return f"AuditTrail({self.lines.destination!r})"

    def record(self, connection: Connection, event: Event) -> None:
        """The recorder: one insert, in the emitting transaction."""
        if stored(event.kind):
            connection.execute(self._insert, _row(event))

    def close(self) -> None:
        """Stops writing lines (the table's recorder stays: what the service does is still recorded)."""
        with contextlib.suppress(ValueError):  # closed before
            self.events.remove_sink(self.lines)
        self.lines.close()


def recent(store: Store, username: str, limit: int = 50, since: float | None = None) -> list[Event]:
    """The newest `limit` events about `username` (since `since`, Unix seconds), newest first."""
    table = audit_events
    query = select(table).where(table.c.username == username)
    if since is not None:
        query = query.where(table.c.at >= since)
    query = query.order_by(table.c.at.desc(), table.c.id.desc()).limit(limit)
    with store.read() as connection:
        rows = connection.execute(query).all()
    return [
        Event(
            kind=row.kind,
            at=row.at,
            username=row.username,
            address=row.address,
            reason=row.reason,
            device_kind=row.device_kind,
            device=row.device,
            actor=row.actor,
            detail=dict(row.detail or {}),
        )
        for row in rows
    ]


# -- at the desk --------------------------------------------------------------------------------------------


DEFAULT_LIMIT = 50


def positive_count(text: str) -> int:
    """`--limit`'s parser: a whole number from 1 to MAX_LIMIT."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"the number of events is a whole number from 1 to {MAX_LIMIT}")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`sls-gateway audit`'s own arguments: NAME, --limit N, --since DURATION, --json."""

    def duration(text: str) -> float:
        try:
            return parse_duration(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parser.add_argument("name", help="the user name (as typed at a login: unknown names are recorded too)")
    parser.add_argument(
        "--limit",
        type=positive_count,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N events ({DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--since", type=duration, metavar="AGE", help="only events of the last AGE (90s, 15m, 12h, 30d)"
    )
    parser.add_argument("--json", action="store_true", help="each event as its JSON line")


def audit_command(gateway: Any, args: argparse.Namespace, out: TextIO) -> int:
    """`sls-gateway audit USER [--limit N] [--since AGE] [--json]`: the user's recent events, newest first,
    one a line; times as the desk shows them (`moments.show`), or each event's JSON line with `--json`.
    `args.since`: an age in seconds (events of the last so many), or None."""
    name = args.name
    limit = getattr(args, "limit", None) or DEFAULT_LIMIT
    age = getattr(args, "since", None)
    since = gateway.clock() - age if age is not None else None
    events = recent(gateway.store, name, limit=limit, since=since)
    if getattr(args, "json", False):
        for event in events:
            print(as_line(event), file=out)
        return 0
    if not events:
        print(f"no audit events for {name!r}", file=out)
        return 0
    language = getattr(args, "moment_language", None)
    zone = getattr(args, "moment_zone", None)
    for event in events:
        when = moments.show(event.at, language=language, zone=zone, seconds=True)
        print(f"{when}  {event.kind:<26} {describe(event, language, zone)}".rstrip(), file=out)
    return 0


def describe(event: Event, language: str | None = None, zone: Any = None) -> str:
    """An event's fields (other than its time, kind and user name) as `name=value` words; a moment in
    `detail` (a lock's `until`) as the desk shows moments."""
    words = [
        f"{name}={getattr(event, name)}"
        for name in ("reason", "address", "device_kind", "device", "actor")
        if getattr(event, name) is not None
    ]
    for name, value in event.detail.items():
        if name == "until" and isinstance(value, (int, float)) and not isinstance(value, bool):
            words.append(f'{name}="{moments.show(value, language=language, zone=zone)}"')
        else:
            words.append(f"{name}={_shown(value)}")
    return " ".join(words)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- the configuration at start -----------------------------------------------------------------------------


def tell_start(gateway: Any, settings: Any) -> None:
    """`gateway.started` with the configuration (`config_event`), once per `serve`, after its `url:`,
    `sha256:` and `cert:` lines: with `--audit-log -` those stay the first lines on standard output."""
    gateway.events.emit(None, GATEWAY_STARTED, detail=config_event(settings))


def config_event(settings: Any, **more: Any) -> dict[str, Any]:
    """`gateway.started`'s detail from `settings` (config.Settings, or anything with its attributes):
    the database's backend and masked URL, workers, limits, retention, metrics, the audit destination,
    the security keys' relying party id and origin, SRP's arithmetic and the release. Never a secret: no
    password (the URL's is masked; `db_password` is not read), no key. `more`: values the caller adds
    (e.g. the address served)."""
    detail: dict[str, Any] = {}
    db = getattr(settings, "db", None)
    if db is None:
        detail["database"] = "sqlite"
        detail["database_url"] = "(the data directory's SQLite file)"
    else:
        try:
            detail["database"] = make_url(db).get_backend_name()
        except Exception:
            detail["database"] = "unknown"
        detail["database_url"] = mask_url(db)
    detail["database_password_file"] = getattr(settings, "db_password_file", None) is not None
    for name in (
        "host",
        "port",
        "workers",
        "demo",
        "passkey_rp_id",
        "passkey_origin",
        "push_number_matching",
        "restart_cutoff",
        "restart_grants",
    ):
        if hasattr(settings, name):
            detail[name] = getattr(settings, name)
    limits = getattr(settings, "limits", None)
    if limits is not None:
        for name in ("idle", "header", "body"):
            detail[f"{name}_timeout"] = getattr(limits, name, None)
        detail["max_connections"] = getattr(limits, "max_connections", None)
    retention = getattr(settings, "retention", None)
    if retention is not None:
        detail["prune_every"] = retention.every
        for name in ("logins", "outbox", "sessions", "audit"):
            detail[f"keep_{name}"] = getattr(retention, name)
    if hasattr(settings, "no_metrics"):
        detail["metrics"] = not settings.no_metrics
    if hasattr(settings, "audit_log"):
        detail["audit_log"] = settings.audit_log if settings.audit_log is not None else "audit.jsonl"
    detail["arithmetic"] = modexp.backend()
    detail["arithmetic_detail"] = modexp.describe()
    detail["version"] = trader_login.__version__
    detail.update(more)
    return {name: _plain(value) for name, value in detail.items()}


def _plain(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
