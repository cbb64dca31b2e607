"""Retention: what the gateway deletes, and when (`RetentionPolicy`, `Pruner`, `sls-gateway prune`).

Defaults (docs/operations.md): every 5 minutes, each gateway process looks whether a prune is due; one
prunes at a time, however many share the database. Expired logins and their IB Key notifications, spent
rate-limit windows and device nonces go an hour after they expire; texts and calls of the emulated phone
network an hour after they were sent; sessions 30 days after they ended or expired; R3's failures once they
are older than its window (they no longer count); locks once they have ended; audit events after 90 days;
restart grants 30 days after their weekly cut-off or their end.

Nothing live is ever deleted, whatever the ages: a login or session that has not expired, a notification
whose login has not, a lock in force, a failure R3 still counts (its window comes from the gateway's
`LockoutPolicy`), a nonce whose replay would not yet be refused as stale.

Several processes on one database: the row `pruned_at` of the `settings` table, read and moved under the
store's writer lock, decides who prunes (the first process to find a prune due claims it; the others skip
until it is due again). The deletions run in short write transactions of at most `BATCH` rows each (about
15 ms; benchmarks/retention_growth.py), with a pause as long between two, so a prune never keeps logins
waiting for the writer lock for long, even when it works through a large backlog.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import Connection, Delete, Table, delete, insert, select, tuple_, update

from trader_login.auth import vocabulary
from trader_login.auth.gateway.store import (
    audit_events,
    device_nonces,
    failures,
    lockouts,
    logins,
    outbox,
    push_requests,
    rate_limits,
    restart_grants,
    sessions,
    settings,
)

if TYPE_CHECKING:  # service_config imports this module: no import of it (nor of the gateway) at run time
    from trader_login.auth.gateway.events import Events
    from trader_login.auth.gateway.service_config import GatewayConfig
    from trader_login.auth.gateway.store import Store

log = logging.getLogger(__name__)

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR

# The event a prune emits (detail: rows deleted per table); registered in audit.py's KINDS.
PRUNED = "retention.pruned"
# The `settings` row holding when the last prune of this database began (Unix seconds, the gateway clock).
PRUNED_AT = "pruned_at"
# Rows deleted per write transaction: the writer lock is never held for more than one such delete.
BATCH = 500
# The longest pause between two batches of one prune (each pause lasts as long as the batch before it).
MAX_PAUSE = 0.1
# The scheduler's shortest wait between two looks, whatever the clocks of other hosts say.
MIN_WAIT = 1.0
# Restart grants (issue 19) are kept this long after their cut-off or their end, for the desk's list.
RESTART_GRANTS_KEPT = 30 * DAY
# Sessions that ended by an action; others end by expiring (`expires_at`).
ENDED_SESSIONS = ("logged_out", "taken_over")


@dataclass(frozen=True)
class RetentionPolicy:
    """Ages in seconds. `every`: how often a prune is due (0: never, for a gateway pruned by a cron job
    running `sls-gateway prune`)."""

    every: float = 5 * MINUTE
    logins: float = HOUR  # after a login (and its pushes), a rate-limit window or a device nonce expired
    outbox: float = HOUR  # after a text or call was sent
    sessions: float = 30 * DAY  # after a session ended (logged out, taken over, expired)
    audit: float = 90 * DAY  # after an audit event happened

    def __post_init__(self) -> None:
        for name in ("every", "logins", "outbox", "sessions", "audit"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or math.isnan(value) or value < 0 or math.isinf(value):
                raise ValueError(f"retention: {name} must be a number of seconds, 0 or more")


class Pruner:
    """Deletes what the policy no longer keeps, from one database: now (`prune`), when due (`prune_if_due`),
    or on a schedule in a daemon thread (`start`, `stop`)."""

    def __init__(
        self,
        store: Store,
        policy: RetentionPolicy,
        clock: Callable[[], float] = time.time,
        events: Events | None = None,
        *,
        config: GatewayConfig | None = None,
        batch: int = BATCH,
    ) -> None:
        """`config`: the gateway's windows (R3's failures are kept for its `lockout.window`, rate-limit rows
        for its `rate_limit.window` plus `policy.logins`); the defaults' without one. `events`: a prune
        emits PRUNED there (the audit trail's table and lines, the metrics)."""
        from trader_login.auth.gateway.device_endpoints import NONCE_GRACE
        from trader_login.auth.gateway.service_config import GatewayConfig

        if batch < 1:
            raise ValueError("batch must be 1 or more")
        self.store = store
        self.policy = policy
        self.clock = clock
        self.events = events
        self.config = config if config is not None else GatewayConfig()
        self.batch = batch
        self._nonce_grace = NONCE_GRACE
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_gateway(cls, gateway: Any) -> Pruner:
        """The pruner of a `Gateway`: its store, clock, event hub and configuration (`config.retention`)."""
        config = gateway.config
        return cls(gateway.store, config.retention, gateway.clock, gateway.events, config=config)

    def __repr__(self) -> str:
        return f"Pruner(store={self.store.url!r}, policy={self.policy}, running={self.running})"

    # -- when ---------------------------------------------------------------------------------------------

    def due(self, now: float | None = None) -> bool:
        """Whether a scheduled prune is due: never pruned, or `policy.every` since the last prune began
        (by any process on this database; or that time is more than `every` ahead of this clock). Never
        with `every` 0."""
        now = self.clock() if now is None else now
        with self.store.read() as connection:
            return self._is_due(_pruned_at(connection), now)

    def _is_due(self, pruned_at: float | None, now: float) -> bool:
        every = self.policy.every
        if every <= 0:
            return False
        # A time more than `every` ahead is a clock that was wrong (set back since, or another host's far
        # off): it must not stop the pruning until it comes round again.
        return pruned_at is None or not pruned_at - every < now < pruned_at + every

    # -- what ---------------------------------------------------------------------------------------------

    def prune_if_due(self, now: float | None = None) -> dict[str, int] | None:
        """Prunes if a prune is due and no other pruner of this database claimed it first (the claim is
        `pruned_at`, read and moved under the writer lock); None when skipped."""
        return self._prune_if_due(now, None)

    def prune(self, now: float | None = None) -> dict[str, int]:
        """Prunes now, due or not (`sls-gateway prune`); rows deleted per table. Scheduled prunes of every
        process wait `policy.every` from now."""
        now = self.clock() if now is None else now
        with self.store.write() as connection:
            _set_pruned_at(connection, now)
        return self._delete_all(now, None)

    def _prune_if_due(self, now: float | None, abort: threading.Event | None) -> dict[str, int] | None:
        now = self.clock() if now is None else now
        with self.store.write() as connection:
            if not self._is_due(_pruned_at(connection), now):
                return None
            _set_pruned_at(connection, now)
        return self._delete_all(now, abort)

    def _delete_all(self, now: float, abort: threading.Event | None) -> dict[str, int]:
        """Every table's prune, in batches; `abort` (the thread's stop) ends it after the current batch."""
        policy, config = self.policy, self.config
        window = config.rate_limit.window if config.rate_limit is not None else 0.0
        counts: dict[str, int] = {}
        counts["logins"], counts["push_requests"] = self._expired_logins(now - policy.logins, abort)

        def prune(table: Table, condition: Any) -> int:
            return self._batches(table, condition, abort)

        counts["push_requests"] += prune(push_requests, _expired_pushes(now - policy.logins, now))
        counts["rate_limits"] = prune(rate_limits, rate_limits.c.window_start <= now - policy.logins - window)
        counts["device_nonces"] = prune(
            device_nonces, device_nonces.c.expires_at < now - max(policy.logins, self._nonce_grace)
        )
        # A text or call carries a code good for SMS_CODE_TTL: never pruned before that, whatever the age.
        counts["outbox"] = prune(outbox, outbox.c.at <= now - max(policy.outbox, vocabulary.SMS_CODE_TTL))
        counts["sessions"] = prune(
            sessions, sessions.c.status.in_(ENDED_SESSIONS) & (sessions.c.ended_at <= now - policy.sessions)
        ) + prune(sessions, sessions.c.expires_at <= now - policy.sessions)
        # R3 counts the failures of the last `window` seconds (`at > now - window`): the rest are gone
        # from every count already. A lock ends when `locked_until <= now`.
        counts["failures"] = prune(failures, failures.c.at <= now - config.lockout.window)
        counts["lockouts"] = prune(lockouts, lockouts.c.locked_until <= now)
        counts["audit_events"] = prune(audit_events, audit_events.c.at <= now - policy.audit)
        # A grant past its cut-off no longer opens anything; an ended one neither. Sessions a grant opened
        # keep only its id (no foreign key), so deleting it takes nothing else with it.
        kept = now - RESTART_GRANTS_KEPT
        counts["restart_grants"] = prune(
            restart_grants,
            (restart_grants.c.cutoff_at <= kept)
            | ((restart_grants.c.status == "ended") & (restart_grants.c.ended_at <= kept)),
        )
        self._tell(counts, now)
        return counts

    def _expired_logins(self, cutoff: float, abort: threading.Event | None) -> tuple[int, int]:
        """Logins expired before `cutoff`, their notifications deleted with them (by the foreign key's
        cascade too; explicitly here, so the count is right and no cascade setting matters)."""
        deleted = {"logins": 0, "push_requests": 0}
        chosen = select(logins.c.id).where(logins.c.expires_at <= cutoff).limit(self.batch)

        def step(connection: Connection) -> bool:
            ids = list(connection.execute(chosen).scalars())
            if ids:
                deleted["push_requests"] += connection.execute(
                    delete(push_requests).where(push_requests.c.login_id.in_(ids))
                ).rowcount
                deleted["logins"] += connection.execute(delete(logins).where(logins.c.id.in_(ids))).rowcount
            return len(ids) == self.batch

        self._repeat(step, abort)
        return deleted["logins"], deleted["push_requests"]

    def _batches(self, table: Table, condition: Any, abort: threading.Event | None) -> int:
        """Deletes the rows of `table` meeting `condition`, at most `batch` per write transaction."""
        statement = _delete_some(table, condition, self.batch)
        deleted = [0]

        def step(connection: Connection) -> bool:
            count = connection.execute(statement).rowcount
            deleted[0] += count
            return count == self.batch

        self._repeat(step, abort)
        return deleted[0]

    def _repeat(self, step: Callable[[Connection], bool], abort: threading.Event | None) -> None:
        """`step` in one write transaction after another while it says there is more (and `abort` is not
        set). Between two, the writer lock is left free for as long as the last batch held it (at most
        MAX_PAUSE): the logins waiting get their turn however long a backlog takes to prune (a thread lock
        is not fair - the pruner could take it straight back - nor is SQLite's busy wait)."""
        while not (abort is not None and abort.is_set()):
            began = time.monotonic()
            with self.store.write() as connection:
                more = step(connection)
            if not more:
                return
            pause = min(MAX_PAUSE, time.monotonic() - began)
            if abort is not None:
                abort.wait(pause)
            else:
                time.sleep(pause)

    def _tell(self, counts: dict[str, int], now: float) -> None:
        deleted = sum(counts.values())
        if deleted:
            log.info(
                "pruned %d rows (%s)", deleted, ", ".join(f"{name} {n}" for name, n in counts.items() if n)
            )
        if self.events is not None and deleted:
            # In a write transaction of its own: the audit trail's recorder keeps it in its table too. A
            # prune that found nothing to delete is not told: every five minutes, it would only be noise.
            with self.store.write() as connection:
                self.events.emit(connection, PRUNED, at=now, detail=dict(counts))

    # -- on a schedule ------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Prunes in a daemon thread: at once if due, then whenever due (`policy.every`). Nothing with
        `every` 0. Trouble (the database unavailable) is logged and tried again at the next turn."""
        if self.policy.every <= 0 or self.running:
            return  # (a thread object copied by a fork is not alive in the child: the child starts its own)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="sls-gateway-pruner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stops the thread: at once when it waits, after the current batch when it prunes."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            wait = self.policy.every
            try:
                self._prune_if_due(None, self._stopping)
                wait = self._until_due()
            except Exception:
                log.warning("pruning failed; trying again in %g s", wait, exc_info=True)
            if self._stopping.wait(wait):
                return

    def _until_due(self) -> float:
        """Seconds until the next prune is due, whichever process did the last one."""
        with self.store.read() as connection:
            pruned_at = _pruned_at(connection)
        every = self.policy.every
        if pruned_at is None:
            return max(MIN_WAIT, every)
        return max(MIN_WAIT, min(every, pruned_at + every - self.clock()))


def _delete_some(table: Table, condition: Any, batch: int) -> Delete:
    """DELETE of at most `batch` rows meeting `condition`, by primary key (SQLite and PostgreSQL alike)."""
    key = list(table.primary_key.columns)
    if len(key) == 1:
        return delete(table).where(key[0].in_(select(key[0]).where(condition).limit(batch)))
    return delete(table).where(tuple_(*key).in_(select(*key).where(condition).limit(batch)))


def _expired_pushes(cutoff: float, now: float) -> Any:
    """Notifications expired before `cutoff` whose login has expired as well (a live login still reads
    its notification; the login's own prune takes it later at the latest)."""
    expired_logins = select(logins.c.id).where(logins.c.expires_at <= now)
    return (push_requests.c.expires_at <= cutoff) & push_requests.c.login_id.in_(expired_logins)


def _pruned_at(connection: Connection) -> float | None:
    value = connection.execute(select(settings.c.value).where(settings.c.name == PRUNED_AT)).scalar()
    return float(value) if isinstance(value, int | float) else None


def _set_pruned_at(connection: Connection, now: float) -> None:
    # Under the writer lock: the read and the write below cannot interleave with another pruner's.
    updated = connection.execute(
        update(settings).where(settings.c.name == PRUNED_AT).values(value=now)
    ).rowcount
    if not updated:
        connection.execute(insert(settings).values(name=PRUNED_AT, value=now))


def prune_command(gateway: Any, args: Any, out: TextIO) -> int:
    """`sls-gateway prune`: prunes now, due or not, and prints the rows deleted per table (for operators
    who set `prune_every` 0 and prune from cron)."""
    pruner = getattr(gateway, "pruner", None) or Pruner.for_gateway(gateway)
    counts = pruner.prune()
    width = max(len(name) for name in [*counts, "total"])
    for name, count in counts.items():
        print(f"{name:<{width}}  {count}", file=out)
    print(f"{'total':<{width}}  {sum(counts.values())}", file=out)
    return 0
