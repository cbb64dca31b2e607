"""The store's transaction discipline, on SQLite and on PostgreSQL (test ids [sqlite] and [postgresql]): a
connection goes back to the pool with no transaction open; writers take turns and lose no update; the rate
limit admits exactly its limit under concurrency; a failure of the database is UNAVAILABLE (503,
`retry_after`) and carries no statement values into messages, tracebacks or logs. SQLite's pooled
connections keep their PRAGMAs. PostgreSQL's own cases (the writer lock, dropped connections, timeouts)
are in test_store_postgres.py."""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, insert, select

from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.store import RETRY_AFTER, Store, failures, logins

JOIN_TIMEOUT = 60  # a safety net for a loaded runner


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind: a SQLite file, or a database on the session's PostgreSQL
    server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    with request.getfixturevalue("postgres_server").database() as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    yield store
    store.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store
    store.dispose()


def _count(store: Store) -> int:
    with store.read() as connection:
        return connection.execute(select(func.count()).select_from(failures)).scalar_one()


def _run_threads(count: int, target) -> None:
    threads = [threading.Thread(target=target, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), f"the threads did not finish in {JOIN_TIMEOUT} s"


class _AbandonedError(Exception):
    pass


def _insert_then_fail(store: Store) -> None:
    with store.write() as connection:
        connection.execute(insert(failures), {"username": "alice", "at": 1.0})
        raise _AbandonedError


def test_a_failed_write_leaves_nothing_behind_on_the_reused_connection(store: Store) -> None:
    with pytest.raises(_AbandonedError):
        _insert_then_fail(store)
    # The next transactions get the same pooled connection: it must not still be inside the failed one.
    with store.write() as connection:
        connection.execute(insert(failures), {"username": "bob", "at": 2.0})
    assert _count(store) == 1
    assert store.engine.pool.checkedout() == 0


def test_reused_connections_keep_their_pragmas(sqlite_store: Store) -> None:
    for _ in range(3):
        with sqlite_store.read() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_writers_of_one_process_take_turns_and_lose_no_update(store: Store) -> None:
    # Read-then-write in each transaction: unserialised writers would count the same rows twice (on
    # PostgreSQL, READ COMMITTED without the writer lock does).
    threads, rounds = 8, 25
    barrier = threading.Barrier(threads)
    seen: list[int] = []
    lock = threading.Lock()

    def writer() -> None:
        barrier.wait(timeout=JOIN_TIMEOUT)
        for _ in range(rounds):
            with store.write() as connection:
                before = connection.execute(select(func.count()).select_from(failures)).scalar_one()
                connection.execute(insert(failures), {"username": "alice", "at": float(before)})
            with lock:
                seen.append(before)

    _run_threads(threads, writer)
    assert sorted(seen) == list(range(threads * rounds))
    assert _count(store) == threads * rounds


def test_the_rate_limit_admits_exactly_its_limit_under_concurrency(store: Store) -> None:
    # A new address: the first requests race to create its row, the last ones to take the last places.
    outcomes = rate_limit_race(
        store.write, RateLimit(requests=60, window=60), "192.0.2.77", threads=16, rounds=8
    )
    assert outcomes == {"admitted": 60, "RATE_LIMITED": 16 * 8 - 60}


def rate_limit_race(
    transaction: Callable[[], contextlib.AbstractContextManager[Connection]],
    limit: RateLimit,
    address: str,
    *,
    threads: int,
    rounds: int,
) -> Counter[str]:
    """`threads` threads, started together, each asking `limit` `rounds` times for a new `address`, each
    time in a `transaction()` of its own; how often each outcome came ("admitted", a refusal's code, or
    the name of a surprise)."""
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def requester() -> None:
        barrier.wait(timeout=JOIN_TIMEOUT)
        for _ in range(rounds):
            try:
                with transaction() as connection:
                    limit.check(connection, address, 1000.0)
                outcome = "admitted"
            except GatewayError as error:
                outcome = error.code
            except Exception as error:  # every surprise is counted, and fails the caller's assertion
                outcome = type(error).__name__
            with lock:
                outcomes.append(outcome)

    _run_threads(threads, requester)
    return Counter(outcomes)


def _insert_twice(store: Store, row: dict) -> None:
    with store.write() as connection:
        connection.execute(insert(logins), row)
        connection.execute(insert(logins), row)


SECRET = b"hunter2-sealed-server-private-value"


def test_a_database_error_is_unavailable_and_quotes_no_value(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # A duplicate key (the unexpected IntegrityError of a race) in a statement carrying a secret-looking
    # value; at DEBUG, so SQLAlchemy's own statement logging would show it if it were not hidden.
    row = {
        "id": b"\x01" * 32,
        "username": "hunter2-user",  # SQLite shows bytes parameters as <memory at ...>, text as it is
        "mode": "live",
        "address": "127.0.0.1",
        "client_public": b"A",
        "server_private": SECRET,
        "server_public": b"B",
        "stage": "srp",
        "created_at": 1.0,
        "expires_at": 2.0,
    }
    with caplog.at_level(logging.DEBUG):
        fresh = Store(store.engine.url)  # an engine made with DEBUG logging on (SQLAlchemy decides then)
        try:
            with pytest.raises(GatewayError) as info:
                _insert_twice(fresh, row)
        finally:
            fresh.dispose()
    error = info.value
    assert (error.code, error.status, error.details) == ("UNAVAILABLE", 503, {"retry_after": RETRY_AFTER})
    assert error.message.english == (
        f"The gateway's database is busy or unreachable. Try again in {RETRY_AFTER} seconds."
    )
    shown = "".join(traceback.format_exception(error)) + repr(error) + str(error.__context__)
    assert "hunter2" not in shown
    assert "IntegrityError" not in "".join(traceback.format_exception(error))  # the chain is not shown
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "hunter2" not in logged
    (line,) = [r for r in caplog.records if r.name == "trader_login.auth.gateway.store"]
    assert line.levelno == logging.WARNING
    assert "UNAVAILABLE" in line.getMessage()
    assert "IntegrityError" in line.getMessage() or "UniqueViolation" in line.getMessage()
    # Nothing of the failed transaction stays, and the next one works.
    with store.write() as connection:
        connection.execute(insert(logins), row)
    with store.read() as connection:
        assert connection.execute(select(func.count()).select_from(logins)).scalar_one() == 1
