"""Issue 14: the TLS connection limits an operator configures (flag, SLS_* variable, config file) are the
ones a served gateway applies: in a single `sls-gateway serve`, and in each worker of `--workers N`, where
`max_connections` bounds each worker process.

Every time limit is configured far beyond the safety net, so none of them can be what cuts a connection:
a connection closed by the server was closed by the bound. And the connections held from the start still
answer afterwards, which they could not had the default idle limit (15 s) applied instead of the
configured one. The tests wait on the server closing a socket, never on a clock.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import ssl
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gateway.process_support import Listening, listening
from tests.gateway.test_cli import Served
from tests.gateway.test_http_connection_limits import SAFETY_NET, closed_by_server, get

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals; --workers forks")
LONG = "600"  # seconds, every time limit: far beyond the safety net
ATTEMPTS = 200  # fresh connections before giving up on reaching every worker: a safety net


@pytest.fixture
def served(tmp_path: Path) -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for child in started:
        child.close()


def serve(
    started: list[Served], data_dir: Path, *extra: str, env: dict[str, str]
) -> tuple[Served, Listening]:
    child = Served(data_dir, *extra, env=env)
    started.append(child)
    return child, listening(child)


@contextlib.contextmanager
def tls_to(where: Listening) -> Iterator[ssl.SSLSocket]:
    """A TLS connection to the gateway, its pinned certificate checked, handshake done, nothing sent."""
    context = ssl.create_default_context(cafile=str(where.cert))
    context.check_hostname = False  # the pinned certificate is what is checked
    raw = socket.create_connection(("127.0.0.1", where.port), timeout=SAFETY_NET)
    try:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            yield tls
    finally:
        raw.close()


def answers(sock: ssl.SSLSocket) -> bool:
    """True if the gateway answers a request on `sock`; False if it has closed the connection."""
    try:
        return get(sock) == 200
    except (OSError, ConnectionError):  # ssl.SSLError is an OSError
        return False


def test_serve_applies_the_configured_limits(tmp_path: Path, served: list[Served]) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(f"header_timeout = {LONG}\nbody_timeout = {LONG}\n")
    child, where = serve(
        served,
        tmp_path / "gateway",
        "--config",
        str(config),
        "--max-connections",
        "1",
        env={"SLS_IDLE_TIMEOUT": LONG},
    )
    with contextlib.ExitStack() as stack:
        held = stack.enter_context(tls_to(where))
        assert answers(held)  # the server has this connection: the one it may hold
        for _ in range(3):
            with tls_to(where) as extra:
                assert closed_by_server(extra)  # over the configured bound of 1 (the default is 256)
        assert answers(held)  # not idled out: the configured idle limit, not the default 15 s
    assert child.stop(signal.SIGTERM) == 0


def test_each_worker_applies_the_configured_bound(tmp_path: Path, served: list[Served]) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(f"idle_timeout = {LONG}\nheader_timeout = {LONG}\nbody_timeout = {LONG}\n")
    env = {"SLS_MAX_CONNECTIONS": "1", "SLS_WORKERS": "2"}
    child, where = serve(served, tmp_path / "gateway", "--config", str(config), env=env)
    with contextlib.ExitStack() as stack:
        # Each worker holds one connection: new ones are answered until both workers have theirs (the
        # kernel hands a connection to either), and any on a worker that has its one is cut.
        held: list[ssl.SSLSocket] = []
        for _ in range(ATTEMPTS):
            if len(held) == 2:
                break
            connection = stack.enter_context(tls_to(where))
            if answers(connection):
                held.append(connection)
            else:
                connection.close()
        assert len(held) == 2, "both workers held a connection"
        for _ in range(3):  # both workers are at their bound: whichever gets it cuts it
            with tls_to(where) as extra:
                assert closed_by_server(extra)
        for connection in held:
            assert answers(connection)  # still served: only the bound cut, no time limit
    assert child.stop(signal.SIGTERM) == 0
