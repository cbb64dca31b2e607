"""The store's transaction discipline with pooled SQLite connections: a connection goes back to the pool
with no transaction open, keeps its PRAGMAs, and one process's writers take turns without losing updates."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from trader_login.auth.gateway.store import Store, failures


@pytest.fixture
def store(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store
    store.dispose()


def _count(store: Store) -> int:
    with store.read() as connection:
        return connection.execute(select(func.count()).select_from(failures)).scalar_one()


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


def test_reused_connections_keep_their_pragmas(store: Store) -> None:
    for _ in range(3):
        with store.read() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_writers_of_one_process_take_turns_and_lose_no_update(store: Store) -> None:
    # Read-then-write in each transaction: unserialised writers would count the same rows twice.
    threads, rounds = 8, 25
    barrier = threading.Barrier(threads)
    seen: list[int] = []
    lock = threading.Lock()

    def writer() -> None:
        barrier.wait(timeout=10)
        for _ in range(rounds):
            with store.write() as connection:
                before = connection.execute(select(func.count()).select_from(failures)).scalar_one()
                connection.execute(insert(failures), {"username": "alice", "at": float(before)})
            with lock:
                seen.append(before)

    workers = [threading.Thread(target=writer, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers)
    assert sorted(seen) == list(range(threads * rounds))
    assert _count(store) == threads * rounds
