"""R3's lockout: 10 consecutive failures within any 24 h lock the user name for 24 h.

Attempts left (issue 19): from the 7th failure in a row (`warn_after`) a counted refusal says how many
attempts are left before the lock (`Failure.attempts_left`: 3, 2, 1), for any user name, known or not.

Every method that changes state takes the connection of a `Store.write()` transaction, so a read and the
write that depends on it cannot interleave with another request's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from trader_login.auth.gateway import audit
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.store import failures, lockouts
from trader_login.auth.gateway.upsert import upsert

DAY = 24 * 3600.0

# Built once: every login runs some of these (upsert.py says why).
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


def _lock_upsert(dialect_insert) -> Any:
    """Locking as one statement, insert or extend: a second lock of the same name never meets a duplicate
    key, even where two writers were not serialised (store.py serialises them; this holds without it too)."""
    new = dialect_insert(lockouts).values(username=bindparam("username"), locked_until=bindparam("until"))
    return new.on_conflict_do_update(
        index_elements=[lockouts.c.username], set_={"locked_until": new.excluded.locked_until}
    )


@dataclass(frozen=True)
class Failure:
    """One counted failure's outcome: the lock's end if the name is (now) locked, and the attempts left
    before the lock when a warning is due (`LockoutPolicy.warn_after` failures stand, no lock), else None."""

    until: float | None
    attempts_left: int | None = None


@dataclass(frozen=True)
class LockoutPolicy:
    """10 consecutive failures within any 24 h lock the name until 24 h after the last failure; from the
    7th (`warn_after`) a refusal says how many attempts are left."""

    max_failures: int = 10
    window: float = DAY
    duration: float = DAY
    warn_after: int = 7

    def left(self, failures: int) -> int | None:
        """The attempts left to tell after `failures` in the window with no lock: None below `warn_after`."""
        if failures < self.warn_after or failures >= self.max_failures:
            return None
        return self.max_failures - failures

    def locked_until(self, connection: Connection, username: str, now: float) -> float | None:
        until = self.lock_end(connection, username)
        return until if until is not None and until > now else None

    def lock_end(self, connection: Connection, username: str) -> float | None:
        """The end of the name's `lockouts` row, past or not; None: the name has no row at all."""
        return connection.execute(_LOCKED_UNTIL, {"username": username}).scalar()

    def record_failure(self, connection: Connection, username: str, now: float) -> float | None:
        """Counts one unsuccessful attempt; returns the lock's end if the name is (now) locked.

        An attempt while locked is itself unsuccessful, so it pushes the end to 24 h from now.
        """
        return self._count(connection, username, now)[0]

    def fail(
        self,
        connection: Connection,
        events: Events,
        username: str,
        now: float,
        reason: str,
        *,
        address: str | None = None,
        device_kind: str | None = None,
        device: str | None = None,
    ) -> float | None:
        """`record_failure`, told: the attempt's `login.failed` (with its `reason`, one of
        audit.LOGIN_FAILED_REASONS) and, when this failure begins a lock, `account.locked`."""
        return self.failed(
            connection, events, username, now, reason, address=address, device_kind=device_kind, device=device
        ).until

    def failed(
        self,
        connection: Connection,
        events: Events,
        username: str,
        now: float,
        reason: str,
        *,
        address: str | None = None,
        device_kind: str | None = None,
        device: str | None = None,
    ) -> Failure:
        """`fail`, with the attempts left to tell (no statement more: the count is `fail`'s own)."""
        until, began, count = self._count(connection, username, now)
        fields = {"username": username, "address": address}
        events.emit(
            connection,
            audit.LOGIN_FAILED,
            reason=reason,
            device_kind=device_kind,
            device=device,
            detail={"counted": True},
            **fields,
        )
        if began:
            events.emit(
                connection, audit.ACCOUNT_LOCKED, detail={"until": until, "failures": count}, **fields
            )
        return Failure(until, None if until is not None else self.left(count))

    def attempts_left(self, connection: Connection, username: str, now: float) -> int | None:
        """The attempts left to tell now (a failure counted before, e.g. the phone's denial seen by the
        login side): None below `warn_after` or when locked."""
        if self.locked_until(connection, username, now) is not None:
            return None
        return self.left(self.failure_count(connection, username, now))

    def _count(self, connection: Connection, username: str, now: float) -> tuple[float | None, bool, int]:
        """The failure counted: (the lock's end or None, whether this failure began the lock, the
        failures counted in the window when it began)."""
        connection.execute(_ADD_FAILURE, {"username": username, "at": now})
        connection.execute(_FORGET_OLD_FAILURES, {"username": username, "cutoff": now - self.window})
        if self.locked_until(connection, username, now) is not None:
            return self._lock(connection, username, now), False, 0
        recent = connection.execute(_COUNT_FAILURES, {"username": username}).scalar_one()
        if recent >= self.max_failures:
            return self._lock(connection, username, now), True, recent
        return None, False, recent

    def record_success(self, connection: Connection, username: str, *, lock_row: bool = True) -> None:
        """A success clears the failures and the lock. `lock_row=False`: this write transaction (holding
        the writer lock: every `lockouts` row is written under it) has read that the name has no
        `lockouts` row (`lock_end` is None), so there is none to delete: one statement fewer."""
        connection.execute(_CLEAR_FAILURES, {"username": username})
        if lock_row:
            connection.execute(_CLEAR_LOCKOUT, {"username": username})

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
        statement = upsert(_lock_upsert, connection)
        if statement is not None:
            connection.execute(statement, {"username": username, "until": until})
            return until
        updated = connection.execute(
            update(lockouts).where(lockouts.c.username == username).values(locked_until=until)
        ).rowcount
        if not updated:
            connection.execute(insert(lockouts).values(username=username, locked_until=until))
        return until
