"""The broker's rules as the gateway applies them: lockout (R3), rate limit, device security order (R13),
withdrawal limits (R12), and the errors that carry SPEC §6's stable codes.

Every function that changes state takes the connection of a `Store.write()` transaction, so a read and
the write that depends on it cannot interleave with another request's.
"""

from __future__ import annotations

import functools
import importlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

from sqlalchemy import Connection, bindparam, case, delete, func, insert, select, update

from trader_login.auth import rules
from trader_login.auth.gateway.store import failures, lockouts, rate_limits

DAY = 24 * 3600.0


class Clock(Protocol):
    def __call__(self) -> float: ...


class FakeClock:
    """A wall clock the tests move by hand (`advance`), so no test waits 24 hours."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class GatewayError(Exception):
    """A refusal with a stable machine code, the text to show, an HTTP status and extra fields."""

    code: str
    message: str
    status: int = 400
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **self.details}}


def invalid_credentials() -> GatewayError:
    return GatewayError("INVALID_CREDENTIALS", rules.INVALID_CREDENTIALS_MESSAGE, 401)


def unavailable(retry_after: int) -> GatewayError:
    """The database is unreachable or too busy (store.py raises it): nothing was decided, try again."""
    return GatewayError(
        "UNAVAILABLE",
        f"The gateway's database is busy or unreachable. Try again in {retry_after} seconds.",
        503,
        {"retry_after": retry_after},
    )


def locked(until: float) -> GatewayError:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(until))
    return GatewayError(
        "LOCKED",
        f"This user name is locked after too many failed login attempts. Try again after {stamp}, "
        "or call Client Services.",
        423,
        {"locked_until": until},
    )


# --- R3 lockout -----------------------------------------------------------------------------------------

# Built once: every login runs some of these (flow.py says why).
_LOCKED_UNTIL = select(lockouts.c.locked_until).where(lockouts.c.username == bindparam("username"))
_ADD_FAILURE = insert(failures)
_FORGET_OLD_FAILURES = delete(failures).where(
    failures.c.username == bindparam("username"), failures.c.at <= bindparam("cutoff")
)
_COUNT_FAILURES = (
    select(func.count()).select_from(failures).where(failures.c.username == bindparam("username"))
)
_CLEAR_FAILURES = delete(failures).where(failures.c.username == bindparam("username"))
_CLEAR_LOCKOUT = delete(lockouts).where(lockouts.c.username == bindparam("username"))
# The dialects with an upsert. Their modules are imported the first time a store of theirs writes: the
# desktop bundle leaves PostgreSQL's dialect out (packaging/trader-login.spec).
_UPSERT_DIALECTS = ("postgresql", "sqlite")


@functools.cache
def _dialect_statement(build: Callable[[Any], Any], dialect: str) -> Any:
    """`build(dialect_insert)` for one dialect, built once (flow.py says why statements are built once)."""
    return build(importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert)


def _upsert(build: Callable[[Any], Any], connection: Connection) -> Any:
    """The dialect's upsert, where it has one: PostgreSQL, and SQLite from 3.35 (RETURNING). Elsewhere
    the caller falls back to separate statements, exact under the store's writer lock only."""
    dialect = connection.dialect
    if dialect.name not in _UPSERT_DIALECTS or not dialect.insert_returning:
        return None
    return _dialect_statement(build, dialect.name)


def _lock_upsert(dialect_insert) -> Any:
    """Locking as one statement, insert or extend: a second lock of the same name never meets a duplicate
    key, even where two writers were not serialised (store.py serialises them; this holds without it too)."""
    new = dialect_insert(lockouts).values(username=bindparam("username"), locked_until=bindparam("until"))
    return new.on_conflict_do_update(
        index_elements=[lockouts.c.username], set_={"locked_until": new.excluded.locked_until}
    )


@dataclass(frozen=True)
class LockoutPolicy:
    """10 consecutive failures within any 24 h lock the name until 24 h after the last failure."""

    max_failures: int = 10
    window: float = DAY
    duration: float = DAY

    def locked_until(self, connection: Connection, username: str, now: float) -> float | None:
        until = connection.execute(_LOCKED_UNTIL, {"username": username}).scalar()
        return until if until is not None and until > now else None

    def record_failure(self, connection: Connection, username: str, now: float) -> float | None:
        """Counts one unsuccessful attempt; returns the lock's end if the name is (now) locked.

        An attempt while locked is itself unsuccessful, so it pushes the end to 24 h from now.
        """
        connection.execute(_ADD_FAILURE, {"username": username, "at": now})
        connection.execute(_FORGET_OLD_FAILURES, {"username": username, "cutoff": now - self.window})
        if self.locked_until(connection, username, now) is not None:
            return self._lock(connection, username, now)
        recent = connection.execute(_COUNT_FAILURES, {"username": username}).scalar_one()
        if recent >= self.max_failures:
            return self._lock(connection, username, now)
        return None

    def record_success(self, connection: Connection, username: str) -> None:
        self.reset(connection, username)

    def reset(self, connection: Connection, username: str) -> None:
        """A success, or Client Services unlocking the name."""
        connection.execute(_CLEAR_FAILURES, {"username": username})
        connection.execute(_CLEAR_LOCKOUT, {"username": username})

    def failure_count(self, connection: Connection, username: str, now: float) -> int:
        return connection.execute(
            select(func.count())
            .select_from(failures)
            .where(failures.c.username == username, failures.c.at > now - self.window)
        ).scalar_one()

    def _lock(self, connection: Connection, username: str, now: float) -> float:
        until = now + self.duration
        upsert = _upsert(_lock_upsert, connection)
        if upsert is not None:
            connection.execute(upsert, {"username": username, "until": until})
            return until
        updated = connection.execute(
            update(lockouts).where(lockouts.c.username == username).values(locked_until=until)
        ).rowcount
        if not updated:
            connection.execute(insert(lockouts).values(username=username, locked_until=until))
        return until


# --- rate limit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` login requests per address in each `window` seconds (fixed windows)."""

    requests: int = 60
    window: float = 60.0

    def check(self, connection: Connection, address: str, now: float) -> None:
        upsert = _upsert(_count_request, connection)
        if upsert is not None:
            # One atomic statement counts the request (a new address, a new window, or one more in the
            # current one) and says where the window stands: exact even for writers not serialised.
            row = connection.execute(upsert, {"address": address, "now": now, "window": self.window}).one()
            if row.count <= self.requests:
                return
            self._refuse(row.window_start, now)
        row = connection.execute(
            select(rate_limits).where(rate_limits.c.address == address).with_for_update()
        ).first()
        if row is None or now - row.window_start >= self.window:
            if row is None:
                connection.execute(insert(rate_limits).values(address=address, window_start=now, count=1))
            else:
                connection.execute(
                    update(rate_limits)
                    .where(rate_limits.c.address == address)
                    .values(window_start=now, count=1)
                )
            return
        if row.count >= self.requests:
            self._refuse(row.window_start, now)
        connection.execute(
            update(rate_limits).where(rate_limits.c.address == address).values(count=rate_limits.c.count + 1)
        )

    def _refuse(self, window_start: float, now: float) -> NoReturn:
        # Raised inside the write transaction, which rolls back: a refused request is not counted.
        retry = max(1, math.ceil(window_start + self.window - now))
        raise GatewayError(
            "RATE_LIMITED",
            f"Too many login requests from this address. Try again in {retry} seconds.",
            429,
            {"retry_after": retry},
        )


def _count_request(dialect_insert) -> Any:
    new_window = bindparam("now") - rate_limits.c.window_start >= bindparam("window")
    return (
        dialect_insert(rate_limits)
        .values(address=bindparam("address"), window_start=bindparam("now"), count=1)
        .on_conflict_do_update(
            index_elements=[rate_limits.c.address],
            set_={
                "window_start": case((new_window, bindparam("now")), else_=rate_limits.c.window_start),
                "count": case((new_window, 1), else_=rate_limits.c.count + 1),
            },
        )
        .returning(rate_limits.c.window_start, rate_limits.c.count)
    )


# --- R12, R13: devices ------------------------------------------------------------------------------

# R13, highest first: Platinum = Gold = DSC+ > Digital Security Card > IB Key > SMS = Security Code Card.
SECURITY_LEVEL = {
    "platinum": 5,
    "gold": 5,
    "dscplus": 5,
    "digital-security-card": 4,
    "ibkey": 3,
    "sms": 2,
    "card": 2,
    "online-card": 2,
    "temp-passcode": 1,
    "none": 0,
}

# R12, USD per day and per 5 business days; None = unlimited.
WITHDRAWAL_LIMITS: dict[str, tuple[int | None, int | None]] = {
    "none": (50_000, 100_000),
    "sms": (200_000, 600_000),
    "ibkey": (1_000_000, 1_000_000),
    "card": (200_000, 600_000),
    "online-card": (200_000, 600_000),
    "digital-security-card": (1_000_000, 1_500_000),
    "dscplus": (None, None),
    "platinum": (None, None),
    "gold": (None, None),
}

DEVICE_LABELS = {
    "ibkey": "IB Key",
    "dscplus": "Digital Security Card+ (DSC+)",
    "card": "Security Code Card",
    "online-card": "Online Security Code Card",
    "sms": "SMS",
    "temp-passcode": "Temporary passcode",
}


def withdrawal_limits(device_kind: str | None, restrictions: list[str]) -> dict[str, int | None]:
    """What the session may withdraw; nothing at all in a read-only or temporary-passcode session (R9)."""
    if "read_only" in restrictions or "temp_passcode" in restrictions:
        return {"per_day": 0, "per_5_business_days": 0}
    per_day, per_week = WITHDRAWAL_LIMITS.get(device_kind or "none", WITHDRAWAL_LIMITS["none"])
    return {"per_day": per_day, "per_5_business_days": per_week}
