"""SPEC §5 transport: the gateway's own self-signed EC P-256 certificate, kept and reused, and the server
that serves it on loopback only."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import os
import socket
import ssl
import stat
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.gateway.http_support import (
    cheap_config,
    log_in_to_second_factor,
    running_gateway,
    served_fingerprint,
    watch_push_polls,
)
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.server import GatewayServer, is_loopback
from trader_login.auth.gateway.tls import CERT_NAME, KEY_NAME, ensure_certificate, fingerprint_sha256
from trader_login.auth.vocabulary import PUSH_WAIT_MAX

# --- the certificate -----------------------------------------------------------------------------------


def test_first_start_makes_a_p256_certificate_for_the_loopback_names(tmp_path: Path) -> None:
    made = ensure_certificate(tmp_path)
    certificate = x509.load_pem_x509_certificate(made.cert_path.read_bytes())
    key = certificate.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    assert isinstance(key.curve, ec.SECP256R1)
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert set(names.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    }
    assert certificate.subject == certificate.issuer  # self-signed
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert lifetime > datetime.timedelta(days=9 * 365)
    assert (
        made.fingerprint == hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
    )
    assert made.fingerprint == fingerprint_sha256(made.cert_path.read_text("ascii"))
    assert len(made.fingerprint) == 64
    assert made.fingerprint == made.fingerprint.lower()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_key_file_is_readable_by_the_owner_only(tmp_path: Path) -> None:
    made = ensure_certificate(tmp_path)
    assert stat.S_IMODE(made.key_path.stat().st_mode) == 0o600
    assert made.key_path == tmp_path / KEY_NAME
    assert made.cert_path == tmp_path / CERT_NAME
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_later_starts_reuse_the_certificate(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path)
    pem = first.cert_path.read_bytes()
    again = ensure_certificate(tmp_path)
    assert again.fingerprint == first.fingerprint
    assert again.cert_path.read_bytes() == pem


def test_two_starts_at_once_end_with_one_certificate(tmp_path: Path) -> None:
    results: list[str] = []
    barrier = threading.Barrier(6)

    def start() -> None:
        barrier.wait()
        results.append(ensure_certificate(tmp_path).fingerprint)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 6
    assert len(set(results)) == 1
    assert fingerprint_sha256(tmp_path.joinpath(CERT_NAME).read_bytes()) == results[0]


def test_a_damaged_certificate_is_remade_for_the_same_key(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path)
    key_pem = first.key_path.read_bytes()
    first.cert_path.write_text("not a certificate")
    again = ensure_certificate(tmp_path)
    assert again.key_path.read_bytes() == key_pem
    certificate = x509.load_pem_x509_certificate(again.cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_pem, password=None)
    assert certificate.public_key() == key.public_key()


def test_a_certificate_near_its_end_is_renewed(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3640)
    renewed = ensure_certificate(tmp_path, now=later)
    assert renewed.fingerprint != first.fingerprint
    certificate = x509.load_pem_x509_certificate(renewed.cert_path.read_bytes())
    assert certificate.not_valid_after_utc > later + datetime.timedelta(days=3000)


# --- the server ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "gateway.example"])  # noqa: S104
def test_the_server_refuses_to_listen_beyond_loopback(tmp_path: Path, host: str) -> None:
    gateway = Gateway(tmp_path, config=cheap_config(), clock=HarnessClock())
    try:
        with pytest.raises(ValueError, match="loopback"):
            GatewayServer(gateway, host=host)
    finally:
        gateway.close()


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("127.1.2.3")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")  # noqa: S104
    assert not is_loopback("example.com")


def test_the_served_certificate_is_the_pinned_one(tmp_path: Path) -> None:
    with running_gateway(tmp_path / "gateway") as client:
        assert client.url == f"https://127.0.0.1:{client.server.port}"
        assert client.server.port > 0
        assert served_fingerprint("127.0.0.1", client.server.port) == client.server.fingerprint
        assert client.server.fingerprint == fingerprint_sha256(client.server.cert_path.read_bytes())
        with requests.Session() as stranger:
            stranger.trust_env = False  # the system CAs only: the self-signed gateway is not trusted
            with pytest.raises(requests.exceptions.SSLError):
                stranger.get(client.url + "/v1/health", timeout=10)


def test_a_restarted_server_serves_the_same_certificate(tmp_path: Path) -> None:
    gateway = Gateway(tmp_path, config=cheap_config(), clock=HarnessClock())
    try:
        fingerprints = []
        for _ in range(2):
            with GatewayServer(gateway) as server:
                fingerprints.append(served_fingerprint("127.0.0.1", server.port))
                assert not server.running or server.fingerprint == fingerprints[-1]
            assert not server.running
        assert fingerprints[0] == fingerprints[1]
    finally:
        gateway.close()


def test_stop_does_not_wait_out_a_long_poll(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running_gateway(tmp_path / "gateway") as client:
        login = log_in_to_second_factor(client, "ibkeyuser")
        outcome: dict[str, object] = {}
        polling = watch_push_polls(monkeypatch, client.gateway.service)

        def long_poll() -> None:
            try:
                outcome["reply"] = client.get(
                    f"/v1/login/push?wait={PUSH_WAIT_MAX}", token=login.token, timeout=2 * PUSH_WAIT_MAX
                )
            except requests.RequestException as error:
                outcome["error"] = error

        waiter = threading.Thread(target=long_poll)
        waiter.start()
        assert polling.wait(PUSH_WAIT_MAX)  # the gateway holds the long poll now
        began = time.monotonic()
        client.server.stop()
        # Not the poll's whole wait: half of it is whole seconds away from the stop's own grace period,
        # so a loaded runner cannot fail this, and a stop that waited the poll out could not pass.
        assert time.monotonic() - began < PUSH_WAIT_MAX / 2
        assert not client.server.running
        waiter.join(2 * PUSH_WAIT_MAX)
        assert not waiter.is_alive()
        assert outcome["reply"].json()["status"] == "pending"  # type: ignore[attr-defined]


def test_a_stop_after_a_long_polls_client_has_gone_logs_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Ctrl-C in the console's IB Key wait: the client drops its connection and the gateway stops at once.
    The poll ends by itself (the server is stopping) rather than being cancelled, which uvicorn logged as
    "Exception in ASGI application" with a page of CancelledError."""
    with running_gateway(tmp_path / "gateway") as client:
        login = log_in_to_second_factor(client, "ibkeyuser")
        polling = watch_push_polls(monkeypatch, client.gateway.service)
        context = ssl.create_default_context(cafile=str(client.server.cert_path))
        with context.wrap_socket(
            socket.create_connection(("127.0.0.1", client.server.port)), server_hostname="127.0.0.1"
        ) as connection:
            connection.sendall(
                f"GET /v1/login/push?wait={PUSH_WAIT_MAX} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {login.token}\r\n\r\n".encode()
            )
            assert polling.wait(PUSH_WAIT_MAX)  # the gateway holds the long poll now
        with caplog.at_level(logging.INFO):
            client.server.stop()
        assert not client.server.running
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []


@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6")
def test_the_server_listens_on_ipv6_loopback(tmp_path: Path) -> None:
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    gateway = Gateway(tmp_path, config=cheap_config(), clock=HarnessClock())
    try:
        with GatewayServer(gateway, host="::1") as server:
            assert server.url == f"https://[::1]:{server.port}"
            with requests.Session() as http:
                http.trust_env = False
                reply = http.get(server.url + "/v1/health", verify=str(server.cert_path), timeout=10)
            assert reply.json()["status"] == "ok"
    finally:
        gateway.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_data_directory_files_after_a_start(tmp_path: Path) -> None:
    with running_gateway(tmp_path / "gateway") as client:
        data_dir = client.gateway.data_dir
        assert (data_dir / CERT_NAME).exists()
        assert stat.S_IMODE(os.stat(data_dir / KEY_NAME).st_mode) == 0o600
