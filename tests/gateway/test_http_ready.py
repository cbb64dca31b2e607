"""Readiness and liveness over HTTPS (issue 17): `GET /v1/ready` answers 200 while the database answers and
503 UNAVAILABLE (with Retry-After) while it does not, recovering by itself; `GET /v1/health` stays the
liveness check and never touches the database.

On PostgreSQL for real: a server of the test's own is stopped under a running gateway and started again,
or frozen (SIGSTOP: a database that hangs instead of refusing). On both databases: the store's engine
pointed at a database that cannot be opened, then given back.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from tests.gateway.conftest import Storage, seed_template
from tests.gateway.http_support import (
    Client,
    dsc_response,
    log_in_to_second_factor,
    respond,
    running_gateway,
    start,
)
from tests.gateway.test_http_schema import Conformance
from tests.postgres_server import PostgresServer, free_port
from trader_login.auth.gateway import readiness
from trader_login.auth.gateway.store import RETRY_AFTER

WAIT = 60.0  # a safety net for a state to be reached, never a timing


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"not within {WAIT} s: {what}"
        time.sleep(0.05)


def assert_ready(reply: requests.Response, client: Client) -> None:
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"status": "ready", "name": client.gateway.config.name}


def assert_not_ready(reply: requests.Response) -> None:
    assert reply.status_code == 503, reply.text
    body = reply.json()
    assert body["status"] == "unavailable"
    assert body["error"]["code"] == "UNAVAILABLE"
    assert body["error"]["retry_after"] == RETRY_AFTER
    assert reply.headers["Retry-After"] == str(RETRY_AFTER)


def assert_unavailable(reply: requests.Response) -> None:
    """A login step's refusal while the database is away: 503 UNAVAILABLE, never a 500."""
    assert reply.status_code == 503, reply.text
    assert reply.json()["error"]["code"] == "UNAVAILABLE"
    assert reply.headers["Retry-After"] == str(RETRY_AFTER)


def dsc_login(client: Client) -> None:
    login = log_in_to_second_factor(client, "dscuser")
    challenge = login.reply["challenge"]["challenge"]
    reply = respond(client, login.token, dsc_response(client.device("dscuser", "dscplus"), challenge))
    assert reply.status_code == 200, reply.text
    assert reply.json()["step"] == "session"


@pytest.fixture
def client(live_storage: Storage) -> Iterator[Client]:
    with running_gateway(live_storage.data_dir, db_url=live_storage.db_url) as running:
        yield running


@contextlib.contextmanager
def engine_pointed_at(client: Client, url: str) -> Iterator[None]:
    """The gateway's store uses an engine on `url` (a database that cannot be opened) until the block
    ends; then its own again."""
    store = client.gateway.store
    own, broken = store.engine, create_engine(url, poolclass=NullPool)
    store.engine = broken
    try:
        yield
    finally:
        store.engine = own
        broken.dispose()


def broken_url(storage: Storage, tmp_path: Path) -> str:
    if storage.is_postgresql:  # the same server's address with a port nothing listens on
        return storage.server.url(storage.database).replace(f":{storage.server.port}/", f":{free_port()}/")
    return f"sqlite:///{tmp_path / 'no-such-directory' / 'gateway.sqlite3'}"


# --- both databases --------------------------------------------------------------------------------------


def test_ready_and_health_answer_while_the_database_does(client: Client) -> None:
    assert_ready(client.get("/v1/ready"), client)
    health = client.get("/v1/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "name": client.gateway.config.name}


def test_ready_answers_503_while_the_database_cannot_be_opened_and_recovers_by_itself(
    client: Client, live_storage: Storage, tmp_path: Path
) -> None:
    with engine_pointed_at(client, broken_url(live_storage, tmp_path)):
        assert_not_ready(client.get("/v1/ready"))
        _, started = start(client, "dscuser")
        assert_unavailable(started)
        assert client.get("/v1/health").status_code == 200  # liveness: the process still serves
    assert_ready(client.get("/v1/ready"), client)
    dsc_login(client)


def test_ready_and_its_refusal_are_in_the_openapi_document(
    client: Client, live_storage: Storage, tmp_path: Path
) -> None:
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/v1/ready"]["get"]
    assert {"200", "503"} <= set(operation["responses"])
    assert "/v1/health" in document["paths"]
    conformance = Conformance(document)
    conformance.check("GET", "/v1/ready", client.get("/v1/ready"))
    with engine_pointed_at(client, broken_url(live_storage, tmp_path)):
        conformance.check("GET", "/v1/ready", client.get("/v1/ready"))
    assert conformance.seen == {("GET", "/v1/ready", 200), ("GET", "/v1/ready", 503)}


def test_a_stopping_gateway_is_not_ready_but_alive(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    # What GatewayServer's shutdown sets first: a load balancer stops sending new logins here.
    app = client.server._server.api
    monkeypatch.setattr(app.state, "stopping", True)
    assert_not_ready(client.get("/v1/ready"))
    assert client.get("/v1/health").status_code == 200


# --- a PostgreSQL server of the test's own, stopped and frozen under the gateway ---------------------------


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[PostgresServer]:
    """A server this module may stop, start and freeze without disturbing the session's."""
    server = PostgresServer().start()
    try:
        yield server
    finally:
        resume(server)  # thawed, whatever a test left
        server.stop()


def pg_ctl(server: PostgresServer, *arguments: str) -> None:
    server._run("pg_ctl", "--pgdata", str(server.data), *arguments)


def stop(server: PostgresServer) -> None:
    """Stops the server (fast: open connections are ended), keeping its data."""
    pg_ctl(server, "--mode", "fast", "--wait", "stop")


def start_again(server: PostgresServer) -> None:
    """Starts the stopped server on its port again."""
    pg_ctl(server, "--log", str(server.log), "--wait", "-o", f"-p {server.port}", "start")


def server_processes(server: PostgresServer) -> list[int]:
    """The postmaster and its children (backends, background workers)."""
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(entry.name))
    return [postmaster, *children]


def freeze(server: PostgresServer) -> None:
    for pid in server_processes(server):
        os.kill(pid, signal.SIGSTOP)


def resume(server: PostgresServer) -> None:
    with contextlib.suppress(OSError, ValueError):
        for pid in server_processes(server):
            os.kill(pid, signal.SIGCONT)


def probes() -> int:
    """Readiness checks running in this process (each on a thread of its own)."""
    return sum(1 for thread in threading.enumerate() if thread.name == "sls-gateway-ready")


@pytest.fixture
def pg_client(own_postgres: PostgresServer, tmp_path: Path) -> Iterator[Client]:
    name = own_postgres.create_database()
    url = own_postgres.url(name)
    seed_template(tmp_path / "gateway", db_url=url)
    try:
        with running_gateway(tmp_path / "gateway", db_url=url) as running:
            yield running
    finally:
        if (own_postgres.data / "postmaster.pid").exists():
            own_postgres.drop_database(name)


def test_postgresql_stopped_under_a_running_gateway_then_started_again(
    pg_client: Client, own_postgres: PostgresServer
) -> None:
    client = pg_client
    assert_ready(client.get("/v1/ready"), client)
    stop(own_postgres)
    try:
        assert_not_ready(client.get("/v1/ready"))
        _, started = start(client, "dscuser")
        assert_unavailable(started)
        assert client.get("/v1/health").status_code == 200
    finally:
        start_again(own_postgres)
    # Nothing restarts the gateway: its next probes find the database back.
    wait_for(lambda: client.get("/v1/ready").status_code == 200, "/v1/ready answers 200 again")
    assert_ready(client.get("/v1/ready"), client)
    dsc_login(client)


def test_a_hung_postgresql_answers_503_within_the_readiness_bound_not_the_stores_30_s(
    pg_client: Client, own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = pg_client
    assert_ready(client.get("/v1/ready"), client)
    # The bound made short so the test is quick; a frozen database never answers, so 503 is the only
    # possible reply within it: the requests' own timeout (WAIT) is far beyond the store's safety nets.
    monkeypatch.setattr(readiness, "READY_TIMEOUT", 0.5)
    # The first check's thread hands its answer over before it ends: counted from none running.
    wait_for(lambda: probes() == 0, "the first readiness check's thread has ended")
    before = probes()
    freeze(own_postgres)
    try:
        replies = [client.get("/v1/ready", timeout=WAIT) for _ in range(3)]
        for reply in replies:
            assert_not_ready(reply)
        assert client.get("/v1/health").status_code == 200
        # One probe at a time: the three checks shared the one that hung.
        assert probes() - before == 1
    finally:
        resume(own_postgres)
    wait_for(lambda: client.get("/v1/ready").status_code == 200, "/v1/ready answers 200 again")
