"""The gateway's TLS connections have time limits on what the client sends (idle, headers, body) and a
bound on how many are open (issue 14: the review held 20 connections for 150 s by idling, by one header line
every 10 s and by one body byte every 10 s). Slow clients are cut; quick ones keep being served; a request
being served, such as the push long poll, is never cut.

The limits are the server's arguments: the tests use small ones and wait on the state they cause (the
server closing a socket), with safety nets for a loaded runner, never the product's real numbers.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import select
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import h11
import pytest
import requests

from tests.gateway.http_support import (
    Client,
    error_of,
    log_in_to_second_factor,
    running_gateway,
    watch_push_polls,
)
from trader_login.auth.gateway.limits import (
    BODY_TIMEOUT,
    HEADER_TIMEOUT,
    IDLE_TIMEOUT,
    MAX_CONNECTIONS,
    ConnectionLimits,
)
from trader_login.auth.vocabulary import PUSH_WAIT_MAX

SAFETY_NET = 60.0  # seconds; for a loaded runner, never reached when things work
SHORT = 1.0  # the limit under test
LONG = 600.0  # the limits not under test: far beyond the safety net, so they cannot be what cut
PACE = 0.1  # a slow client's time between two sends (it also stops as soon as the server closes)


def served(
    template: Path, tmp_path: Path, limits: ConnectionLimits
) -> contextlib.AbstractContextManager[Client]:
    return running_gateway(tmp_path / "gateway", template, limits=limits)


def limits(**changes: float) -> ConnectionLimits:
    values = {"idle": LONG, "header": LONG, "body": LONG, "max_connections": MAX_CONNECTIONS, **changes}
    return ConnectionLimits(**values)  # type: ignore[arg-type]


# --- a raw client, to be slow on purpose ----------------------------------------------------------------


def tls_context(client: Client) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(client.server.cert_path))
    context.check_hostname = False  # the pinned certificate is what is checked
    return context


@contextlib.contextmanager
def raw_tls(client: Client) -> Iterator[ssl.SSLSocket]:
    """A TLS connection to the gateway, handshake done, nothing sent yet."""
    raw = socket.create_connection(("127.0.0.1", client.server.port), timeout=SAFETY_NET)
    try:
        with tls_context(client).wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            yield tls
    finally:
        raw.close()


def closed_by_server(sock: socket.socket, timeout: float = SAFETY_NET) -> bool:
    """Waits until the server closes `sock` (True) or `timeout` passes (False). Reads and drops anything
    the server sends first."""
    sock.settimeout(timeout)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
        return True
    return True


def server_closed_now(sock: socket.socket) -> bool:
    """True if the server has closed `sock` by now; False if it is open with nothing to read."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    return closed_by_server(sock, timeout=SAFETY_NET)


def trickle(sock: socket.socket, first: bytes, piece: bytes) -> bool:
    """A slow client: sends `first`, then `piece` every PACE seconds, until the server closes the socket
    (True) or the safety net runs out (False). The wait between pieces is on the socket itself."""
    try:
        sock.sendall(first)
        for _ in range(int(SAFETY_NET / PACE)):
            if select.select([sock], [], [], PACE)[0]:
                return closed_by_server(sock)
            sock.sendall(piece)
    except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
        return True
    return False


def get(sock: ssl.SSLSocket, path: str = "/v1/health") -> int:
    """One keep-alive GET on a raw connection; returns the status once the whole reply is read."""
    connection = h11.Connection(h11.CLIENT)
    request = h11.Request(method="GET", target=path, headers=[("Host", "127.0.0.1")])
    sock.sendall(connection.send(request) + connection.send(h11.EndOfMessage()))
    sock.settimeout(SAFETY_NET)
    status = None
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            data = sock.recv(65536)
            connection.receive_data(data)
            if not data:
                raise ConnectionError("the server closed the connection")
        elif isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.EndOfMessage):
            assert status is not None
            return status


HEADERS_BEGUN = b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
BODY_BEGUN = (
    b"POST /v1/login/start HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 2000\r\n\r\n{"
)


# --- the defaults ---------------------------------------------------------------------------------------


def test_the_defaults_are_the_documented_numbers() -> None:
    defaults = ConnectionLimits()
    assert (defaults.idle, defaults.header, defaults.body, defaults.max_connections) == (15, 10, 10, 256)
    assert (IDLE_TIMEOUT, HEADER_TIMEOUT, BODY_TIMEOUT, MAX_CONNECTIONS) == (15, 10, 10, 256)
    assert max(IDLE_TIMEOUT, HEADER_TIMEOUT, BODY_TIMEOUT) < PUSH_WAIT_MAX  # a long poll outlives them all


@pytest.mark.parametrize(
    "bad",
    [
        {"idle": 0},
        {"header": -1},
        {"body": float("nan")},
        {"idle": float("inf")},
        {"header": 86401},
        {"max_connections": 0},
        {"max_connections": 65537},
        {"max_connections": 2.0},
        {"idle": True},
    ],
)
def test_nonsense_limits_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError, match=r"(timeout|max_connections) must be"):
        ConnectionLimits(**bad)


# --- slow clients are cut -------------------------------------------------------------------------------


def test_a_client_idling_after_the_handshake_is_cut(template: Path, tmp_path: Path) -> None:
    with served(template, tmp_path, limits(idle=SHORT)) as client, raw_tls(client) as idle:
        assert closed_by_server(idle)


def test_a_client_idling_after_a_reply_is_cut(template: Path, tmp_path: Path) -> None:
    with served(template, tmp_path, limits(idle=SHORT)) as client, raw_tls(client) as idle:
        assert get(idle) == 200
        assert closed_by_server(idle)


def test_a_client_that_never_starts_the_tls_handshake_is_cut(template: Path, tmp_path: Path) -> None:
    with (
        served(template, tmp_path, limits(header=SHORT)) as client,
        socket.create_connection(("127.0.0.1", client.server.port), timeout=SAFETY_NET) as silent,
    ):
        assert closed_by_server(silent)


def test_a_client_sending_one_header_line_at_a_time_is_cut(template: Path, tmp_path: Path) -> None:
    with served(template, tmp_path, limits(header=SHORT)) as client, raw_tls(client) as slow:
        # Every piece arrives well within any idle limit: only the limit on the whole header cuts it.
        assert trickle(slow, HEADERS_BEGUN, b"a:1\r\n")


def test_a_client_sending_the_body_one_byte_at_a_time_is_cut(template: Path, tmp_path: Path) -> None:
    with served(template, tmp_path, limits(body=SHORT)) as client, raw_tls(client) as slow:
        assert trickle(slow, BODY_BEGUN, b" ")


def test_quick_clients_are_served_while_slow_ones_hang_until_cut(template: Path, tmp_path: Path) -> None:
    two = 2 * SHORT  # a little more room for the quick client's handshake on a loaded runner
    with served(template, tmp_path, limits(idle=two, header=two, body=two)) as client:
        with concurrent.futures.ThreadPoolExecutor(6) as pool:

            def slow(kind: str) -> bool:
                with raw_tls(client) as sock:
                    if kind == "idle":
                        return closed_by_server(sock)
                    return trickle(
                        sock, *{"header": (HEADERS_BEGUN, b"a:1\r\n"), "body": (BODY_BEGUN, b" ")}[kind]
                    )

            slow_ones = [pool.submit(slow, kind) for kind in ("idle", "header", "body") * 2]
            served_quickly = 0
            while not all(future.done() for future in slow_ones) or served_quickly == 0:
                assert client.get("/v1/health").status_code == 200
                served_quickly += 1
            assert [future.result(timeout=SAFETY_NET) for future in slow_ones] == [True] * 6
        assert client.get("/v1/health").status_code == 200


# --- a request being served is not a slow client ---------------------------------------------------------


def test_a_long_poll_outlives_every_limit(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(template, tmp_path, limits(idle=SHORT, header=SHORT, body=SHORT)) as client:
        login = log_in_to_second_factor(client, "ibkeyuser")
        polling = watch_push_polls(monkeypatch, client.gateway.service)
        with concurrent.futures.ThreadPoolExecutor(1) as pool, requests.Session() as fresh:
            # On a connection of its own: not one the idle limit may be cutting as the poll is sent.
            fresh.verify, fresh.trust_env = client.http.verify, False
            poll = pool.submit(
                fresh.get,
                f"{client.url}/v1/login/push?wait={PUSH_WAIT_MAX}",
                headers={"Authorization": f"Bearer {login.token}"},
                timeout=SAFETY_NET,
            )
            assert polling.wait(SAFETY_NET)  # the gateway holds the long poll now
            # A connection opened after it, and idle, is cut: more than every limit has passed since.
            with raw_tls(client) as idle:
                assert closed_by_server(idle)
            assert not poll.done()
            client.clock.advance(181)  # the push expires: the poll ends at its next look, with a reply
            reply = poll.result(timeout=SAFETY_NET)
        assert reply.status_code == 410
        assert error_of(reply)["code"] == "EXPIRED"


# --- the bound on open connections ---------------------------------------------------------------------


def test_connections_over_the_bound_are_closed_at_once_while_open_ones_work(
    template: Path, tmp_path: Path
) -> None:
    with served(template, tmp_path, limits(max_connections=3)) as client, contextlib.ExitStack() as stack:
        held = [stack.enter_context(raw_tls(client)) for _ in range(3)]
        for sock in held:
            assert get(sock) == 200  # the server has this connection (it answered on it)
        for _ in range(3):
            with raw_tls(client) as extra:
                # Closed by the bound: every time limit is far beyond the safety net.
                assert closed_by_server(extra)
        for sock in held:
            assert get(sock) == 200
            assert not server_closed_now(sock)
        held.pop().close()
        # The slot is free once the server has seen that close: a new connection is served then.
        assert served_again(client)


def served_again(client: Client) -> bool:
    """Opens connections until one is served (True), at most 100 (False)."""
    for _ in range(100):
        try:
            with raw_tls(client) as sock:
                if get(sock) == 200:
                    return True
        except (ConnectionError, ssl.SSLError):
            continue  # refused: the server has not yet seen the other connection close
    return False
