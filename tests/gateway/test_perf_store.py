"""The store's transaction machinery as the gateway's throughput needs it (docs/performance.md, issue 17):
on PostgreSQL a transaction's start (BEGIN, its SET LOCALs, the writer lock) is one round trip and no ping
precedes it; `write(lock=False)` commits and rolls back like `write()` on both databases, and on PostgreSQL
neither holds nor waits for the writer lock."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import insert, make_url, select

from tests.gateway.conftest import Storage
from tests.postgres_server import PostgresServer
from trader_login.auth.gateway.store import WRITER_LOCK_KEY, Store, rate_limits

SAFETY_NET = 30.0  # seconds: the waits below end as soon as their condition holds; this bounds a broken run


@pytest.fixture
def store(empty_storage: Storage, tmp_path: Path) -> Iterator[Store]:
    """A store on an empty database, on each database in turn."""
    store = Store(empty_storage.db_url or f"sqlite:///{tmp_path / 'perf.sqlite3'}")
    yield store
    store.dispose()


@pytest.fixture
def pg_store(postgres_server: PostgresServer) -> Iterator[tuple[Store, str]]:
    with postgres_server.database() as url:
        store = Store(url)
        yield store, url
        store.dispose()


def _writer_lock_free(server: PostgresServer, url: str) -> bool:
    """Whether another session could take the writer lock now (it is let go at once)."""
    dbname = make_url(url).database
    admin = psycopg.connect(server.url(dbname), autocommit=True, connect_timeout=30)
    with admin, admin.transaction():
        return admin.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,)).fetchone()[0]


def _address_count(store: Store) -> int:
    with store.read() as connection:
        return len(connection.execute(select(rate_limits.c.address)).all())


def _round_trips(store: Store, transaction) -> tuple[int, list[str]]:
    """The round trips one transaction makes (libpq's trace of the protocol: one ReadyForQuery each), from
    the checkout of its pooled connection (where a liveness ping would be) to its end, and the simple
    queries it sent. The pool holds one connection, traced while idle, so the transaction gets that one."""
    store.engine.dispose()
    with tempfile.TemporaryFile("w+") as trace:
        with store.engine.connect() as connection:
            pgconn = connection.connection.dbapi_connection.pgconn
        pgconn.trace(trace.fileno())
        try:
            transaction()
        finally:
            pgconn.untrace()
        trace.flush()
        trace.seek(0)
        lines = trace.read().splitlines()
    trips = sum(1 for line in lines if "\tB\t" in line and "\tReadyForQuery" in line)
    sent = [line for line in lines if "\tF\t" in line and "\tQuery\t" in line]
    queries = [line.split("\tQuery\t", 1)[1].strip() for line in sent]
    return trips, queries


def test_a_postgresql_transaction_begins_in_one_round_trip(pg_store: tuple[Store, str]) -> None:
    store, _url = pg_store
    statement = select(rate_limits.c.address).limit(1)

    def write() -> None:
        with store.write() as connection:
            connection.execute(statement).all()

    def read() -> None:
        with store.read() as connection:
            connection.execute(statement).all()

    for transaction in (write, read):
        trips, queries = _round_trips(store, transaction)
        # The start (BEGIN, SET LOCALs, for a writer the lock), the caller's statement, the COMMIT.
        assert trips == 3, queries
        assert queries[0].startswith('"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT set_config(')
        assert ("pg_advisory_xact_lock" in queries[0]) == (transaction is write)
        assert queries[-1] == '"COMMIT"'


def test_a_write_without_the_lock_commits_and_rolls_back_like_a_write(store: Store) -> None:
    with store.write(lock=False) as connection:
        connection.execute(insert(rate_limits).values(address="192.0.2.1", window_start=1.0, count=1))

    def failing() -> None:
        with store.write(lock=False) as connection:
            connection.execute(insert(rate_limits).values(address="192.0.2.2", window_start=1.0, count=1))
            raise RuntimeError("the caller's failure")

    with pytest.raises(RuntimeError):
        failing()
    with store.read() as connection:
        assert connection.execute(select(rate_limits.c.address)).scalars().all() == ["192.0.2.1"]


def test_a_write_without_the_lock_neither_holds_nor_waits_for_the_writer_lock(
    postgres_server: PostgresServer, pg_store: tuple[Store, str]
) -> None:
    store, url = pg_store
    with store.write(lock=False) as connection:
        assert _writer_lock_free(postgres_server, url)
        connection.execute(insert(rate_limits).values(address="192.0.2.1", window_start=1.0, count=1))
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.write():
            holding.set()
            release.wait(SAFETY_NET)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(SAFETY_NET)
        assert not _writer_lock_free(postgres_server, url)
        # Under a writer holding the lock: neither waits, and the work is committed at once.
        with store.write(lock=False) as connection:
            connection.execute(insert(rate_limits).values(address="192.0.2.2", window_start=1.0, count=1))
        assert _address_count(store) == 2
        assert not release.is_set()  # the writer was holding the lock the whole time
    finally:
        release.set()
        thread.join(SAFETY_NET)
    assert _writer_lock_free(postgres_server, url)
