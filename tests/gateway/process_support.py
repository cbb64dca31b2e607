"""Gateways as separate processes, for the process-level tests (`test_process_*.py`): `sls-gateway serve`
children on a data directory and database (a `Storage`: SQLite or PostgreSQL) seeded in the test process
with the cheap test KDF (users keep the cost they were created with), HTTPS sessions pinned to that
directory's certificate, and the wrong-password attempt the load and crash tests repeat.

The child processes are `test_cli.Served`; `Processes` kills whatever a test left running. Qt-free, like
everything under tests/gateway.
"""

from __future__ import annotations

import contextlib
import queue
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from tests.gateway.conftest import Storage, new_srp_client
from tests.gateway.http_support import BearerRequests, b64, b64d, cheap_config
from tests.gateway.test_cli import Served
from trader_login.auth.gateway.gateway import DATABASE_NAME
from trader_login.auth.kdf import KdfParams

WRONG_PASSWORD = "not-the-password"
START_TIMEOUT = 60.0  # a child's first stdout lines: a safety net (a loaded 2-core machine needs 2-3 s)


def pinned_session(cert: Path) -> requests.Session:
    """A session that trusts only `cert`. trust_env off: REQUESTS_CA_BUNDLE would replace the pin, and
    proxy variables could route loopback traffic elsewhere."""
    http = requests.Session()
    http.verify = str(cert)
    http.trust_env = False
    return http


@dataclass
class Endpoint(BearerRequests):
    """One gateway's URL and a pinned session, with the request methods of `http_support.Client`, so its
    login helpers (`password`, `respond`) drive a gateway in another process just the same."""

    url: str
    http: requests.Session

    def close(self) -> None:
        self.http.close()


@dataclass(frozen=True)
class Listening:
    """What `serve` printed first: its URL, port, certificate fingerprint and certificate file."""

    url: str
    port: int
    fingerprint: str
    cert: Path

    def endpoint(self) -> Endpoint:
        return Endpoint(self.url, pinned_session(self.cert))


def next_line(served: Served, timeout: float = START_TIMEOUT) -> str:
    """The child's next stdout line; fails at once, with its stderr, if it exits first (`Served.line`
    would wait out the whole timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return served.lines.get(timeout=0.1)
        except queue.Empty:
            exited = served.process.poll()
            if exited is not None and not served.reader.is_alive() and served.lines.empty():
                raise AssertionError(
                    f"sls-gateway serve exited ({exited}); stderr: {served.stderr.read_text()}"
                ) from None
            if time.monotonic() > deadline:
                raise AssertionError(f"no output; stderr: {served.stderr.read_text()}") from None


def listening(served: Served) -> Listening:
    """Reads the `url:`, `sha256:` and `cert:` lines a `serve` child prints once it accepts connections."""
    lines = [next_line(served) for _ in range(3)]
    url = re.fullmatch(r"url: (https://127\.0\.0\.1:([0-9]+))", lines[0])
    fingerprint = re.fullmatch(r"sha256: ([0-9a-f]{64})", lines[1])
    cert = re.fullmatch(r"cert: (.+)", lines[2])
    assert url is not None, lines
    assert fingerprint is not None, lines
    assert cert is not None, lines
    return Listening(url.group(1), int(url.group(2)), fingerprint.group(1), Path(cert.group(1)))


class Processes:
    """Every `serve` child a test starts; `close()` (a fixture's teardown) kills and reaps those still
    running, so no test leaves a process behind, whatever it failed on."""

    def __init__(self) -> None:
        self.started: list[Served] = []

    def serve(self, storage: Storage, *extra: str) -> Served:
        """`sls-gateway serve` on `storage`: its data directory and, on PostgreSQL, `--db` with a URL
        that holds no password (the child reads PGPASSWORD, as an operator's would)."""
        served = Served(storage.data_dir, *storage.serve_args()[2:], *extra, env=storage.environment())
        self.started.append(served)
        return served

    def close(self) -> None:
        failures: list[Exception] = []
        for served in self.started:  # every one, even if closing an earlier one failed
            try:
                served.close()
            except Exception as error:  # reported once all are closed
                failures.append(error)
        if failures:
            raise failures[0]


# --- the attacker's move ---------------------------------------------------------------------------------


def start_wrong_login(endpoint: Endpoint, username: str) -> tuple[str, str]:
    """POST /v1/login/start, then the SRP proof of a wrong password: (login token, proof in base64).
    The client's private exponent is 256 bits (`conftest.new_srp_client`), which keeps hundreds cheap."""
    srp_client = new_srp_client(username)
    started = endpoint.post(
        "/v1/login/start", {"username": username, "mode": "live", "client_public": b64(srp_client.public)}
    )
    if started.status_code != 200:
        raise AssertionError(f"start refused: {started.status_code} {started.text}")
    body = started.json()
    proof = srp_client.respond(
        WRONG_PASSWORD, b64d(body["salt"]), KdfParams.from_dict(body["kdf"]), b64d(body["server_public"])
    )
    return body["login_token"], b64(proof)


def send_proof(endpoint: Endpoint, token: str, proof: str) -> requests.Response:
    return endpoint.post("/v1/login/proof", {"client_proof": proof}, token=token)


def wrong_password(endpoint: Endpoint, username: str) -> requests.Response:
    """One complete wrong-password attempt (start + proof); returns the proof's reply."""
    return send_proof(endpoint, *start_wrong_login(endpoint, username))


# --- the data directory, seen from outside the gateway processes -----------------------------------------


def desk_status(storage: Storage, username: str) -> dict[str, Any]:
    """The Client Services desk's `status` (failures in the last 24 h, lock, sessions) on the real clock."""
    gateway = storage.gateway(config=cheap_config())
    try:
        return gateway.desk.status(username)
    finally:
        gateway.close()


def integrity_check(storage: Storage) -> list[str]:
    """The database's own check: ["ok"] when sound. SQLite: `PRAGMA integrity_check` of the file.
    PostgreSQL: amcheck's `verify_heapam` on every table and `bt_index_check` on every index of the
    gateway's schema, each problem found one line."""
    if not storage.is_postgresql:
        with contextlib.closing(sqlite3.connect(storage.data_dir / DATABASE_NAME)) as database:
            return [row[0] for row in database.execute("PRAGMA integrity_check")]
    with storage.server.connect(storage.database) as database:
        database.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        tables = database.execute(
            "SELECT c.oid, c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind = 'r'"
        ).fetchall()
        problems = [
            f"{name}: {row}"
            for oid, name in tables
            for row in database.execute("SELECT * FROM verify_heapam(%s)", (oid,)).fetchall()
        ]
        indexes = database.execute(
            "SELECT c.oid FROM pg_class c JOIN pg_am a ON a.oid = c.relam"
            " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'i' AND a.amname = 'btree'"
        ).fetchall()
        for (oid,) in indexes:
            database.execute("SELECT bt_index_check(%s, true)", (oid,))  # raises on a damaged index
        assert tables
        assert indexes
    return problems or ["ok"]


def failure_rows(storage: Storage, username: str) -> int:
    """The failure rows stored for `username`, counted in the database itself (no time window)."""
    query = "SELECT count(*) FROM failures WHERE username = {}"
    if storage.is_postgresql:
        with storage.server.connect(storage.database) as database:
            (count,) = database.execute(query.format("%s"), (username,)).fetchone()
        return count
    with contextlib.closing(sqlite3.connect(storage.data_dir / DATABASE_NAME)) as database:
        (count,) = database.execute(query.format("?"), (username,)).fetchone()
    return count
