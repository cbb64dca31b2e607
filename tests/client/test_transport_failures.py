"""The gateway client's failure matrix, from the issue: "gateway not running; hangs past the read timeout;
answers 500; answers garbage; presents another certificate — each case ends in a clear failed state within
the timeout plus one second". Each case runs against a fake server on loopback.

No upper bound on wall time (a loaded runner can be late by seconds): the fake servers never give up on a
connection by themselves, so a failure that arrives while the server still hangs, trickles or stays silent
was ended by the client's own timer, and the message names the timer that ran out. A timer never fires
early, so lower bounds stay.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

import pytest

from tests.client.transport_support import (
    Behaviour,
    FakeServer,
    answer,
    answer_json,
    close_at_once,
    closed_port,
    hang,
    http_response,
    make_certificate,
    read_request,
    send_raw,
    silent,
    stopwatch,
    trickle,
)
from trader_login.auth import texts
from trader_login.auth.client.errors import (
    CertificateMismatch,
    ClientError,
    GatewayFault,
    GatewayRefusal,
    GatewayTimeout,
    GatewayUnreachable,
    ProtocolError,
)
from trader_login.auth.client.transport import MAX_REPLY_BYTES, GatewayClient
from trader_login.auth.gateway.tls import Certificate

CONNECT = 0.5
READ = 1.0


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("pinned"))


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("other"))


def failure_of(
    behaviour: Behaviour,
    certificate: Certificate | None,
    pinned: Certificate,
    *,
    connect_timeout: float = CONNECT,
    read_timeout: float = READ,
) -> tuple[ClientError, float]:
    """Calls `health` on a fake server; returns what was raised and how long it took."""
    with FakeServer(behaviour, certificate) as server:
        gateway = GatewayClient(
            server.url,
            fingerprint=pinned.fingerprint,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )
        with gateway, stopwatch() as elapsed, pytest.raises(ClientError) as raised:
            gateway.health()
    error = raised.value
    assert error.__cause__ is None
    assert error.__context__ is None  # requests' exception is not attached
    return error, elapsed()


# --- gateway not running ---------------------------------------------------------------------------------


def test_a_gateway_that_is_not_running_is_unreachable_at_once() -> None:
    port = closed_port()
    # A connect timeout far longer than any test: a refused connection fails at once, not when it runs out
    # (which would be GatewayTimeout's message, not this one).
    gateway = GatewayClient(f"https://127.0.0.1:{port}", connect_timeout=600, read_timeout=READ)
    with gateway, pytest.raises(GatewayUnreachable) as raised:
        gateway.health()
    assert raised.value.message == f"The gateway is not running or cannot be reached at 127.0.0.1:{port}."
    assert raised.value.code == "UNREACHABLE"
    assert raised.value.__context__ is None


def test_a_server_that_hangs_up_without_a_reply_is_unreachable(certificate: Certificate) -> None:
    error, _ = failure_of(close_at_once, certificate, certificate)
    assert isinstance(error, GatewayUnreachable)


# --- hangs past the read timeout -------------------------------------------------------------------------


def test_a_gateway_that_never_answers_times_out_after_the_read_timeout(certificate: Certificate) -> None:
    error, took = failure_of(hang, certificate, certificate)
    assert isinstance(error, GatewayTimeout)
    assert error.message == texts.message(texts.TIMEOUT, seconds="1").english
    assert took >= READ


def test_a_gateway_that_answers_a_byte_at_a_time_times_out_all_the_same(certificate: Certificate) -> None:
    # 100,000 bytes at one per 50 ms would take 80 minutes: only the client's deadline for the whole
    # body (not the socket's per-read timeout, which every byte resets) ends this.
    error, took = failure_of(trickle(0.05), certificate, certificate)
    assert isinstance(error, GatewayTimeout)
    assert error.message == texts.message(texts.TIMEOUT, seconds="1").english
    assert took >= READ


def test_a_server_that_never_finishes_the_tls_handshake_times_out_after_the_connect_timeout(
    certificate: Certificate,
) -> None:
    # A read timeout far longer than the connect one: the message names the connect timeout only if
    # that is the timer that ended the handshake.
    error, took = failure_of(silent, None, certificate, connect_timeout=CONNECT, read_timeout=60.0)
    assert isinstance(error, GatewayTimeout)
    assert error.message == texts.message(texts.TIMEOUT, seconds="0.5").english
    assert took >= CONNECT


def test_the_long_poll_waits_its_wait_on_top_of_the_read_timeout(certificate: Certificate) -> None:
    pending = {"step": "second_factor", "status": "pending"}
    answered = http_response(200, json.dumps(pending).encode(), "application/json", {})

    def first_late_then_never(connection: socket.socket, server: FakeServer) -> None:
        read_request(connection, server)
        if not server.stopping.wait(READ + 0.3):  # past the plain read timeout, well within wait + it
            connection.sendall(answered)
            hang(connection, server)

    with (
        FakeServer(first_late_then_never, certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint, read_timeout=READ) as gateway,
    ):
        assert gateway.wait_for_push("login-token", wait=30) == pending
        with pytest.raises(GatewayTimeout) as raised:  # no wait: the plain read timeout ends the poll
            gateway.wait_for_push("login-token", wait=0)
    assert raised.value.message == texts.message(texts.TIMEOUT, seconds="1").english
    assert [request.target for request in server.requests] == [
        "/v1/login/push?wait=30",
        "/v1/login/push?wait=0",
    ]


# --- answers 500 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (500, '{"error": {"code": "INTERNAL", "message": "Internal error"}}', "application/json"),
        (502, "<html><body>Bad Gateway</body></html>", "text/html"),
        (503, "", None),
    ],
)
def test_a_5xx_is_a_gateway_fault_whatever_its_body(
    certificate: Certificate, status: int, body: str, content_type: str | None
) -> None:
    error, _ = failure_of(answer(status, body, content_type), certificate, certificate)
    assert isinstance(error, GatewayFault)
    assert error.code == "SERVER_ERROR"
    assert f"HTTP {status}" in error.message


# --- answers garbage -------------------------------------------------------------------------------------

GARBAGE: dict[str, Callable[[], Behaviour]] = {
    "200 not JSON": lambda: answer(200, "}{ not json"),
    "200 a JSON list": lambda: answer_json(200, [{"step": "session"}]),
    "200 a JSON string": lambda: answer_json(200, "ok"),
    "200 NaN": lambda: answer(200, '{"retry_after": NaN}'),
    "200 not UTF-8": lambda: answer(200, b'{"a": "\xff\xfe"}'),
    "200 HTML": lambda: answer(200, "<html><body>It works!</body></html>", "text/html"),
    "200 JSON labelled as text": lambda: answer(200, '{"status": "ok"}', "text/plain"),
    "200 no content type": lambda: answer(200, '{"status": "ok"}', None),
    "204 no content": lambda: answer(204, "", None),
    "200 deeply nested": lambda: answer(200, "[" * 100_000 + "]" * 100_000),
    "200 too large": lambda: answer(200, b"[" + b"0," * (MAX_REPLY_BYTES // 2) + b"0]"),
    "400 without the error shape": lambda: answer_json(400, {"detail": "Not Found"}),
    "400 with a numeric code": lambda: answer_json(400, {"error": {"code": 7, "message": "x"}}),
    "400 with no message": lambda: answer_json(400, {"error": {"code": "BAD_REQUEST"}}),
    "400 with an empty code": lambda: answer_json(400, {"error": {"code": "", "message": "x"}}),
    "404 HTML": lambda: answer(404, "<h1>Not Found</h1>", "text/html"),
    "302 redirect": lambda: answer(302, "", None, {"Location": "http://127.0.0.1:1/v1/health"}),
    "a status line of garbage": lambda: send_raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
}


@pytest.mark.parametrize("case", GARBAGE)
def test_a_reply_that_is_not_the_protocol_is_a_protocol_error(certificate: Certificate, case: str) -> None:
    error, _ = failure_of(GARBAGE[case](), certificate, certificate)
    assert isinstance(error, ProtocolError), case
    assert error.message.startswith("The gateway's reply is not the SLS protocol (")
    assert "127.0.0.1:" in error.message


def test_a_plain_http_server_on_the_port_is_a_protocol_error(certificate: Certificate) -> None:
    def plain_http(connection: socket.socket, server: FakeServer) -> None:
        connection.recv(65536)  # the client's TLS hello, read as if it were a request
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    error, _ = failure_of(plain_http, None, certificate)
    assert isinstance(error, ProtocolError)


def test_a_well_formed_refusal_is_not_garbage(certificate: Certificate) -> None:
    refusal = {
        "error": {"code": "LOGIN_FAILED", "message": "Login failed", "next": {"step": "second_factor"}}
    }
    error, _ = failure_of(answer_json(401, refusal), certificate, certificate)
    assert isinstance(error, GatewayRefusal)
    assert (error.code, error.message, error.status) == ("LOGIN_FAILED", "Login failed", 401)
    assert error.details == {"next": {"step": "second_factor"}}


# --- presents another certificate ------------------------------------------------------------------------


def test_another_certificate_than_the_pinned_fingerprint_is_a_mismatch(
    certificate: Certificate, other_certificate: Certificate
) -> None:
    with (
        FakeServer(answer_json(200, {"status": "ok"}), other_certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint, read_timeout=READ) as gateway,
        pytest.raises(CertificateMismatch) as raised,
    ):
        gateway.health()
    assert raised.value.message.startswith(
        "The gateway's certificate does not match the one this client trusts."
    )
    assert server.requests == []  # refused before anything was sent


def test_another_certificate_than_the_trusted_ca_file_is_a_mismatch(
    certificate: Certificate, other_certificate: Certificate
) -> None:
    with (
        FakeServer(answer_json(200, {"status": "ok"}), other_certificate) as server,
        GatewayClient(server.url, ca_cert=certificate.cert_path, read_timeout=READ) as gateway,
        pytest.raises(CertificateMismatch),
    ):
        gateway.health()
    assert server.requests == []
