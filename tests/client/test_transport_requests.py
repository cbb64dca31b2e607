"""What the gateway client sends (recorded by a fake server), what it refuses to be built with, and how it
reads the details of a refusal."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.client.transport_support import FakeServer, answer_json, closed_port, make_certificate
from trader_login.auth.client.errors import GatewayRefusal
from trader_login.auth.client.transport import GatewayClient, fingerprint_of, normalize_fingerprint
from trader_login.auth.gateway.tls import Certificate

OK = {"ok": True, "server_public": "AAEC"}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("pinned"))


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("other"))


# --- what goes over the wire -------------------------------------------------------------------------------


def test_every_call_sends_the_protocol_method_path_body_and_bearer_token(certificate: Certificate) -> None:
    with (
        FakeServer(answer_json(200, OK), certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint) as client,
    ):
        replies = [
            client.health(),
            client.start_login("dscuser", "live", b"\x00\x01\x02"),
            client.prove("login-token", b"\xff\xfe"),
            client.choose_device("login-token", "DSC94324403"),
            client.wait_for_push("login-token", wait=2.5),
            client.switch_to_challenge("login-token"),
            client.resend_code("login-token", "voice"),
            client.respond("login-token", "1234 5678"),
            client.read_only("login-token"),
            client.answer_existing_session("login-token", takeover=True),
            client.cancel("login-token"),
            client.session_status("session-token"),
            client.logout("session-token"),
        ]
    assert replies == [OK] * len(replies)  # base64 in replies stays a string
    sent = [
        (r.method, r.target, r.headers.get("authorization"), r.json() if r.body else None)
        for r in server.requests
    ]
    assert sent == [
        ("GET", "/v1/health", None, None),
        ("POST", "/v1/login/start", None, {"username": "dscuser", "mode": "live", "client_public": "AAEC"}),
        ("POST", "/v1/login/proof", "Bearer login-token", {"client_proof": "//4="}),
        ("POST", "/v1/login/device", "Bearer login-token", {"device_id": "DSC94324403"}),
        ("GET", "/v1/login/push?wait=3", "Bearer login-token", None),
        ("POST", "/v1/login/ibkey/challenge", "Bearer login-token", {}),
        ("POST", "/v1/login/code", "Bearer login-token", {"channel": "voice"}),
        ("POST", "/v1/login/respond", "Bearer login-token", {"response": "1234 5678"}),
        ("POST", "/v1/login/read-only", "Bearer login-token", {}),
        ("POST", "/v1/login/existing-session", "Bearer login-token", {"takeover": True}),
        ("DELETE", "/v1/login", "Bearer login-token", None),
        ("GET", "/v1/session", "Bearer session-token", None),
        ("POST", "/v1/session/logout", "Bearer session-token", None),
    ]
    for request in server.requests:
        assert (request.headers.get("content-type") == "application/json") == bool(request.body)
        assert request.headers["accept"] == "application/json"
        assert request.headers["accept-encoding"] == "identity"
        assert "cookie" not in request.headers
    assert server.connections == 1  # kept alive


def test_a_base_path_in_the_url_prefixes_every_call(certificate: Certificate) -> None:
    with FakeServer(answer_json(200, OK), certificate) as server:
        for url in (server.url + "/", server.url + "/sls/"):
            with GatewayClient(url, fingerprint=certificate.fingerprint) as client:
                client.health()
    assert [request.target for request in server.requests] == ["/v1/health", "/sls/v1/health"]


def test_the_environment_can_neither_replace_the_trusted_certificate_nor_proxy_the_gateway(
    certificate: Certificate, other_certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, str(other_certificate.cert_path))
    with FakeServer(answer_json(200, OK), certificate) as server:
        with GatewayClient(server.url, ca_cert=certificate.cert_path) as client:
            assert client.health() == OK
        with GatewayClient(server.url, fingerprint=certificate.fingerprint) as client:
            assert client.health() == OK


def test_wait_for_push_stays_within_the_protocol_bounds(certificate: Certificate) -> None:
    client = GatewayClient("https://127.0.0.1:1", fingerprint=certificate.fingerprint)
    for wait in (-1, 30.5, 60):
        with pytest.raises(ValueError, match="0 to 30"):
            client.wait_for_push("login-token", wait=wait)


# --- refusals ----------------------------------------------------------------------------------------------


def refusal(
    certificate: Certificate, status: int, error: dict[str, object], headers: dict[str, str]
) -> GatewayRefusal:
    with (
        FakeServer(answer_json(status, {"error": error}, headers=headers), certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint) as client,
        pytest.raises(GatewayRefusal) as raised,
    ):
        client.health()
    return raised.value


def test_a_retry_after_header_fills_in_a_missing_retry_after(certificate: Certificate) -> None:
    limited = {"code": "RATE_LIMITED", "message": "Too many login requests."}
    assert refusal(certificate, 429, limited, {"Retry-After": "7"}).retry_after == 7
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= (refusal(certificate, 429, limited, {"Retry-After": in_a_minute}).retry_after or 0) <= 61
    assert refusal(certificate, 429, limited, {"Retry-After": "soon"}).retry_after is None
    assert refusal(certificate, 429, limited, {}).retry_after is None


def test_the_body_retry_after_wins_over_the_header(certificate: Certificate) -> None:
    limited = {"code": "RATE_LIMITED", "message": "Try again in 12 seconds.", "retry_after": 12}
    refused = refusal(certificate, 429, limited, {"Retry-After": "1"})
    assert refused.retry_after == 12
    assert refused.details == {"retry_after": 12}


def test_a_refusal_keeps_every_other_field_as_details(certificate: Certificate) -> None:
    locked = {"code": "LOCKED", "message": "Locked.", "locked_until": 1795257327.4, "next": None}
    refused = refusal(certificate, 423, locked, {})
    assert (refused.code, refused.status, refused.message) == ("LOCKED", 423, "Locked.")
    assert refused.details == {"locked_until": 1795257327.4, "next": None}


# --- what the client refuses to be built with ----------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8443", "HTTP://localhost", "ftp://127.0.0.1", "127.0.0.1:8443", "//127.0.0.1"]
)
def test_only_https_urls_are_accepted(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        GatewayClient(url)


@pytest.mark.parametrize(
    "url",
    ["https://", "https://trader:hunter2@127.0.0.1", "https://127.0.0.1/?a=1", "https://127.0.0.1:99999"],
)
def test_urls_with_no_host_credentials_a_query_or_a_bad_port_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="the gateway URL") as raised:
        GatewayClient(url)
    assert "hunter2" not in str(raised.value)


def test_pinning_two_ways_at_once_is_refused(certificate: Certificate) -> None:
    with pytest.raises(ValueError, match="not both"):
        GatewayClient(
            "https://127.0.0.1:1", fingerprint=certificate.fingerprint, ca_cert=certificate.cert_path
        )


@pytest.mark.parametrize("fingerprint", ["", "ab" * 31, "ab" * 33, "zz" * 32, "sha256:" + "ab" * 32])
def test_a_fingerprint_must_be_a_sha256(fingerprint: str) -> None:
    with pytest.raises(ValueError, match="64 hex digits"):
        GatewayClient("https://127.0.0.1:1", fingerprint=fingerprint)


def test_a_fingerprint_may_have_colons_spaces_and_upper_case() -> None:
    spelled = " " + ":".join(["AB"] * 32) + "\n"
    assert normalize_fingerprint(spelled) == "ab" * 32


def test_a_ca_file_must_exist_and_hold_a_certificate(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        GatewayClient("https://127.0.0.1:1", ca_cert=tmp_path / "missing.pem")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(ValueError, match="not a readable PEM certificate"):
        GatewayClient("https://127.0.0.1:1", ca_cert=junk)


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), True])
def test_timeouts_must_be_positive_numbers(timeout: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        GatewayClient("https://127.0.0.1:1", connect_timeout=timeout)
    with pytest.raises(ValueError, match="positive"):
        GatewayClient("https://127.0.0.1:1", read_timeout=timeout)


def test_the_repr_shows_the_url_and_how_the_certificate_is_trusted_only(certificate: Certificate) -> None:
    pinned = GatewayClient("https://127.0.0.1:8443", fingerprint=certificate.fingerprint)
    assert repr(pinned) == "GatewayClient(url='https://127.0.0.1:8443', pinning='fingerprint')"
    by_ca = GatewayClient("https://localhost:8443", ca_cert=certificate.cert_path)
    assert repr(by_ca) == "GatewayClient(url='https://localhost:8443', pinning='ca_cert')"
    assert (
        repr(GatewayClient("https://sls.example"))
        == "GatewayClient(url='https://sls.example:443', pinning='system')"
    )
    assert GatewayClient("https://[::1]:8443").host_port == "[::1]:8443"


def test_fingerprint_of_reads_pem_and_der(certificate: Certificate) -> None:
    pem = certificate.cert_path.read_bytes()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    assert fingerprint_of(pem) == fingerprint_of(der) == certificate.fingerprint
