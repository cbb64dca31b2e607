"""The store on a real PostgreSQL server (the session's throw-away one, tests/postgres_server.py): the URL
forms and the missing driver; the writer lock every write takes (and the timeouts that bound it); the upserts
that keep R3's lock and the rate limit race-proof even without that lock; and a database that drops its
connections or refuses new ones: UNAVAILABLE (503 with `retry_after`, over HTTP too), then recovery with
nothing restarted."""

from __future__ import annotations

import base64
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from sqlalchemy import Connection, event, func, insert, make_url, select, text

from tests.gateway.conftest import gateway_config
from tests.gateway.test_store import rate_limit_race
from tests.postgres_server import PostgresServer
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.server import GatewayServer
from trader_login.auth.gateway.store import (
    RETRY_AFTER,
    WRITER_LOCK_KEY,
    Store,
    StoreError,
    failures,
    lockouts,
    rate_limits,
)
from trader_login.auth.srp import SrpClient

SAFETY_NET = 30.0  # seconds: waits end as soon as their condition holds; this bounds a broken run


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh database of this test's own."""
    with postgres_server.database() as url:
        yield url


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    store = Store(database)
    yield store
    store.dispose()


def _admin(server: PostgresServer, dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(server.url(dbname), autocommit=True, connect_timeout=30)


def _name(url: str) -> str:
    return make_url(url).database


def _terminate(server: PostgresServer, url: str) -> None:
    """Ends every connection to the test's database, as a server restart or a failover does, and returns
    once they are gone (the timeout argument, PostgreSQL 14+: a safety net in milliseconds)."""
    with _admin(server) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, %s) FROM pg_stat_activity WHERE datname = %s",
            (int(SAFETY_NET * 1000), _name(url)),
        )


def _accept_connections(server: PostgresServer, url: str, accept: bool) -> None:
    with _admin(server) as admin:
        admin.execute(f'ALTER DATABASE "{_name(url)}" ALLOW_CONNECTIONS {str(accept).lower()}')


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    """Polls `condition` (a query of the server's state) until it holds; SAFETY_NET bounds a broken run."""
    deadline = time.monotonic() + SAFETY_NET
    while not condition():
        assert time.monotonic() < deadline, f"still not {what} after {SAFETY_NET} s"
        time.sleep(0.01)  # the poll's pace, not a wait for something to happen


def _waiting_on_a_lock(server: PostgresServer, url: str) -> Callable[[], bool]:
    def waiting() -> bool:
        with _admin(server) as admin:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                (_name(url),),
            ).fetchone()
        return bool(row and row[0])

    return waiting


class _Thread(threading.Thread):
    """A thread whose outcome (its return value or exception) the test reads after `join`."""

    def __init__(self, target: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self._target_call = target
        self.outcome: object = None

    def run(self) -> None:
        try:
            self.outcome = self._target_call()
        except BaseException as error:  # reported to the test through `outcome`
            self.outcome = error

    def result(self) -> object:
        self.join(timeout=SAFETY_NET)
        assert not self.is_alive(), f"the thread did not finish within {SAFETY_NET} s"
        return self.outcome


# --- URLs and the driver -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_plain_postgresql_urls_use_psycopg_and_never_show_the_password(
    postgres_server: PostgresServer, database: str, scheme: str
) -> None:
    url = database.replace("postgresql://", f"{scheme}://", 1)
    store = Store(url)
    try:
        assert store.engine.dialect.driver == "psycopg"
        with store.write() as connection:
            assert connection.execute(select(func.count()).select_from(failures)).scalar_one() == 0
        assert postgres_server.password not in store.url
        assert postgres_server.password not in repr(store.engine.url)
    finally:
        store.dispose()


def test_a_missing_driver_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now fails as when not installed
    with pytest.raises(StoreError) as info:
        Store("postgresql://gateway:s3cret-password@db.example:5432/sls")
    assert "install `trader-login[postgres]`" in str(info.value)
    assert "s3cret" not in str(info.value)


# --- the writer lock -----------------------------------------------------------------------------------


def _writer_lock_free(server: PostgresServer, url: str) -> bool:
    """Whether another session on the database could take the writer lock now (it is let go at once).
    Advisory locks are the database's: gateways on other databases of the server never meet."""
    with _admin(server, _name(url)) as admin, admin.transaction():
        return admin.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITER_LOCK_KEY,)).fetchone()[0]


def test_a_write_holds_the_writer_lock_from_its_start_and_a_read_does_not(
    postgres_server: PostgresServer, database: str, store: Store
) -> None:
    assert _writer_lock_free(postgres_server, database)
    with store.read() as connection:
        assert _writer_lock_free(postgres_server, database)
    with store.write() as connection:
        # Before the transaction has read or written anything of its own.
        assert not _writer_lock_free(postgres_server, database)
        assert connection.exec_driver_sql("SHOW transaction_isolation").scalar() == "read committed"
        assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "30s"
        assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "30s"
    assert _writer_lock_free(postgres_server, database)


def test_a_writer_waits_for_the_one_before_and_sees_what_it_committed(
    postgres_server: PostgresServer, database: str, store: Store
) -> None:
    release = threading.Event()

    def first() -> None:
        with store.write() as connection:
            connection.execute(insert(failures), {"username": "alice", "at": 1.0})
            assert release.wait(SAFETY_NET)

    def second() -> int:
        with store.write() as connection:
            return connection.execute(select(func.count()).select_from(failures)).scalar_one()

    holder = _Thread(first)
    holder.start()
    _wait_until(lambda: not _writer_lock_free(postgres_server, database), "holding the writer lock")
    waiter = _Thread(second)
    waiter.start()
    _wait_until(_waiting_on_a_lock(postgres_server, database), "waiting for the writer lock")
    release.set()
    assert holder.result() is None
    assert waiter.result() == 1  # it read after the first writer's commit, not before


def test_a_writer_lock_held_too_long_is_unavailable(postgres_server: PostgresServer, database: str) -> None:
    store = Store(database, timeout=1)  # the lock timeout's safety net, made short for the test
    release = threading.Event()

    def hold() -> None:
        with store.write():
            assert release.wait(SAFETY_NET)

    holder = _Thread(hold)
    try:
        holder.start()
        _wait_until(lambda: not _writer_lock_free(postgres_server, database), "holding the writer lock")
        with pytest.raises(GatewayError) as info, store.write():
            pass
        assert (info.value.code, info.value.status) == ("UNAVAILABLE", 503)
        assert info.value.details == {"retry_after": RETRY_AFTER}
    finally:
        release.set()
        assert holder.result() is None
        store.dispose()


# --- R3's lock and the rate limit without the writer lock (belt and braces) --------------------------------


def _race(
    postgres_server: PostgresServer, database: str, store: Store, step: Callable[[Connection], object]
) -> tuple[object, object]:
    """`step` in two transactions that do NOT take the writer lock: the first runs it and holds its
    transaction open until the second runs into its row; then the first commits and the second finishes."""
    first = store.engine.connect()
    second = store.engine.connect()
    try:
        first.begin()
        first_outcome = step(first)

        def run_second() -> object:
            with second.begin():
                return step(second)

        racer = _Thread(run_second)
        racer.start()
        _wait_until(_waiting_on_a_lock(postgres_server, database), "meeting the first one's row")
        first.commit()
        return first_outcome, racer.result()
    finally:
        first.close()
        second.close()


def test_locking_a_name_twice_at_once_never_meets_a_duplicate_key(
    postgres_server: PostgresServer, database: str, store: Store
) -> None:
    policy = LockoutPolicy()
    outcomes = _race(postgres_server, database, store, lambda c: policy._lock(c, "racer", 1000.0))
    assert outcomes == (1000.0 + policy.duration, 1000.0 + policy.duration)
    with store.read() as connection:
        assert connection.execute(select(lockouts.c.username)).scalars().all() == ["racer"]


def test_the_first_requests_of_a_new_address_never_meet_a_duplicate_key(
    postgres_server: PostgresServer, database: str, store: Store
) -> None:
    limit = RateLimit(requests=2, window=60)
    outcomes = _race(postgres_server, database, store, lambda c: limit.check(c, "192.0.2.1", 1000.0))
    assert outcomes == (None, None)
    with store.read() as connection:
        assert connection.execute(select(rate_limits.c.count)).scalar_one() == 2


def test_the_rate_limit_is_exact_even_without_the_writer_lock(store: Store) -> None:
    # store.engine.begin: no writer lock, the upsert statement alone is exact.
    outcomes = rate_limit_race(
        store.engine.begin, RateLimit(requests=30, window=60), "192.0.2.2", threads=12, rounds=6
    )
    assert outcomes == {"admitted": 30, "RATE_LIMITED": 12 * 6 - 30}


# --- a database that goes away -------------------------------------------------------------------------


def test_connections_the_server_ended_are_replaced_unnoticed(
    postgres_server: PostgresServer, database: str, store: Store
) -> None:
    with store.write() as connection:
        connection.execute(insert(failures), {"username": "alice", "at": 1.0})
    _terminate(postgres_server, database)  # the pool's connections are dead now
    with store.write() as connection:
        connection.execute(insert(failures), {"username": "alice", "at": 2.0})
    with store.read() as connection:
        assert connection.execute(select(func.count()).select_from(failures)).scalar_one() == 2


def test_a_connection_lost_mid_transaction_is_unavailable_then_the_store_recovers(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    def lose_the_connection() -> None:
        with store.write() as connection:
            connection.execute(insert(failures), {"username": "hunter2-secret", "at": 1.0})
            connection.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

    with caplog.at_level(logging.DEBUG), pytest.raises(GatewayError) as info:
        lose_the_connection()
    assert (info.value.code, info.value.status, info.value.details) == (
        "UNAVAILABLE",
        503,
        {"retry_after": RETRY_AFTER},
    )
    assert "hunter2" not in "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    with store.write() as connection:  # the next transaction gets a new connection by itself
        assert connection.execute(select(func.count()).select_from(failures)).scalar_one() == 0


def test_a_connection_refused_at_the_start_is_retried(store: Store) -> None:
    store.engine.dispose()  # the next transaction opens a new connection
    refusals = []

    @event.listens_for(store.engine, "do_connect")
    def refuse_twice(*_args: object) -> None:
        if len(refusals) < 2:
            refusals.append(1)
            raise psycopg.OperationalError("connection refused (a test's stand-in)")

    with store.write() as connection:
        connection.execute(insert(failures), {"username": "alice", "at": 1.0})
    assert len(refusals) == 2
    with store.read() as connection:
        assert connection.execute(select(func.count()).select_from(failures)).scalar_one() == 1


def test_a_database_refusing_connections_is_unavailable_until_it_accepts_again(
    postgres_server: PostgresServer, database: str, store: Store
) -> None:
    _accept_connections(postgres_server, database, False)
    try:
        _terminate(postgres_server, database)
        for transaction in (store.write, store.read):
            with pytest.raises(GatewayError) as info, transaction():
                pass
            assert (info.value.code, info.value.status) == ("UNAVAILABLE", 503)
    finally:
        _accept_connections(postgres_server, database, True)
    with store.write() as connection:
        connection.execute(insert(failures), {"username": "alice", "at": 1.0})


def test_over_http_a_database_outage_is_a_503_with_retry_after(
    postgres_server: PostgresServer, database: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gateway = Gateway(tmp_path / "gateway", db_url=database, config=gateway_config(), clock=HarnessClock())
    gateway.desk.add_user("hunter2user", "demo123")
    server = GatewayServer(gateway)
    server.start()
    http = requests.Session()
    http.verify = str(server.cert_path)
    http.trust_env = False
    body = {
        "username": "hunter2user",
        "mode": "live",
        "client_public": base64.b64encode(SrpClient("hunter2user").public).decode(),
    }
    try:
        _accept_connections(postgres_server, database, False)
        try:
            _terminate(postgres_server, database)
            with caplog.at_level(logging.DEBUG):
                reply = http.post(server.url + "/v1/login/start", json=body, timeout=SAFETY_NET)
        finally:
            _accept_connections(postgres_server, database, True)
        assert reply.status_code == 503
        assert reply.json()["error"]["code"] == "UNAVAILABLE"
        assert reply.json()["error"]["retry_after"] == RETRY_AFTER
        assert reply.headers["Retry-After"] == str(RETRY_AFTER)
        logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
        assert "hunter2" not in logged
        assert "hunter2" not in reply.text
        # The database is back: the same gateway answers, nothing restarted.
        assert http.post(server.url + "/v1/login/start", json=body, timeout=SAFETY_NET).status_code == 200
    finally:
        http.close()
        server.stop()
        gateway.close()
