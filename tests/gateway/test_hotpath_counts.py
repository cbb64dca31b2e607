"""How much database work a complete DSC+ login does, per step, pinned (SQLite and PostgreSQL): the
statements each step sends, those sent while the writer lock is held, and the transactions that take it.
A change that adds a statement to a login's hot path, or moves one under the writer lock, fails here and
must say why (docs/performance.md: on PostgreSQL the gateway is bound by the writer lock's time).

Counted as the store sends them (`before_cursor_execute`): a transaction's own BEGIN (with its timeouts and,
for a writer, the lock) and COMMIT are not the caller's statements. Under the lock: inside a transaction that
took the writer lock (PostgreSQL: `pg_advisory_xact_lock`; SQLite: BEGIN IMMEDIATE, which every write is)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from tests.gateway.conftest import DAY, LOCAL, Sls, dsc_response
from trader_login.auth.gateway.store import lockouts

# step: (statements, of them under the writer lock, transactions taking the writer lock), by database.
# Before the hot-path changes (issue 17), on both: start 2/1/1, prove 8/6/1, respond 15/15/1, logout 4/4/1.
# Issue 19 (restart grants): the session's `restart_grant` is one read more, after the commit (respond 10 ->
# 11, nothing more under the lock); logout reads its session once in its write (the user name for its audit
# row and a forgotten grant) and describes it after the commit, out of SQLite's write lock (4/4/1 -> 6/3/1).
# Issue 19 (login history): the session's `history` is two reads more, in the same read after the commit (its
# last success, then its failures since: respond 11 -> 13, logout 6 -> 8), nothing more under the lock.
LOGIN_STEPS = {
    "postgresql": {
        "start": (2, 0, 0),  # the user read; the login and its audit row INSERTed without the lock
        "prove": (7, 5, 1),
        "respond": (13, 9, 1),  # the new session's accounts, grant, history: read after the commit, unlocked
        "logout": (8, 0, 0),  # one conditional UPDATE, without the lock; the description after it
    },
    "sqlite": {
        "start": (2, 1, 1),  # every SQLite write holds its one write lock
        "prove": (7, 5, 1),
        "respond": (13, 9, 1),
        "logout": (8, 3, 1),
    },
}


class StatementCounter:
    """Counts the statements one gateway's store sends, by the step named in `step()`."""

    def __init__(self, sls: Sls) -> None:
        self.engine = sls.gateway.store.engine
        self.counts: dict[str, Counter] = {}
        self._step: str | None = None
        self._locked = False

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self._step is None:
            return
        text = statement.lstrip().upper()
        counted = self.counts.setdefault(self._step, Counter())
        if text.startswith("BEGIN"):
            self._locked = "PG_ADVISORY_XACT_LOCK" in text or text.startswith("BEGIN IMMEDIATE")
            counted["locked_transactions"] += self._locked
        elif text not in ("COMMIT", "ROLLBACK"):
            counted["statements"] += 1
            counted["under_lock"] += self._locked

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self._step = name
        try:
            yield
        finally:
            self._step = None

    def of(self, name: str) -> tuple[int, int, int]:
        counted = self.counts.get(name, Counter())
        return counted["statements"], counted["under_lock"], counted["locked_transactions"]


def _login(sls: Sls, counter: StatementCounter) -> None:
    """One complete DSC+ login and its logout, each step counted."""
    with counter.step("start"):
        client, started = sls.start("dscuser")
    proof = sls.proof(client, started)
    with counter.step("prove"):
        out = sls.service.prove(started["login_token"], proof, LOCAL)
    assert out["step"] == "second_factor"
    response = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    with counter.step("respond"):
        session = sls.service.respond(started["login_token"], response, LOCAL)
    assert session["step"] == "session"
    assert [a["id"] for a in session["session"]["accounts"]], "the session's accounts were read"
    with counter.step("logout"):
        assert sls.service.logout(session["session_token"])["status"] == "logged_out"


def test_a_dscplus_login_runs_the_pinned_statements_per_step(sls: Sls, storage):
    _login(
        sls, StatementCounter(sls).__enter__()
    )  # the first login remembers the device: not the common case
    with StatementCounter(sls) as counter:
        _login(sls, counter)
    assert {step: counter.of(step) for step in LOGIN_STEPS[storage.kind]} == LOGIN_STEPS[storage.kind]


def test_a_right_response_after_a_lock_expired_deletes_the_stale_lock(sls: Sls):
    """The success deletes the name's lockouts row when there is one, expired or not (it skips the DELETE
    only when it read no row at all)."""
    sls.fail_responses("dscuser", 10)
    assert sls.locked_until("dscuser") is not None
    sls.clock.advance(DAY + 1)
    assert sls.login("dscuser")["step"] == "session"
    with sls.gateway.store.read() as connection:
        assert connection.execute(select(lockouts).where(lockouts.c.username == "dscuser")).all() == []
    assert sls.failures("dscuser") == 0
