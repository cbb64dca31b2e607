"""The gateway client against a real gateway (GatewayServer on 127.0.0.1, demo seed, cheap KDF): certificate
pinning three ways, refusals as typed errors, and every typed call of docs/protocol.md once."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.transport_support import make_certificate
from tests.gateway.http_support import (
    PASSWORD,
    Client,
    dsc_response,
    running_gateway,
    seed_template,
)
from trader_login.auth import srp
from trader_login.auth.client.errors import CertificateMismatch, GatewayRefusal
from trader_login.auth.client.transport import GatewayClient, fingerprint_of
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.kdf import TEST_LIMITS, KdfParams

UPPER_CASE_MESSAGE = "User names are lower case. Is Caps Lock on?"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("transport") / "seeded")


@pytest.fixture
def running(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as gateway:
        yield gateway


@pytest.fixture
def client(running: Client) -> Iterator[GatewayClient]:
    with GatewayClient(running.url, fingerprint=running.server.fingerprint) as gateway:
        yield gateway


def password_step(
    client: GatewayClient, username: str, password: str = PASSWORD
) -> tuple[str, dict[str, Any]]:
    """User name and password by SRP through the client; returns the login token and the proof's reply,
    whose M2 has been checked."""
    srp_client = srp.SrpClient(username, limits=TEST_LIMITS)
    started = client.start_login(username, "live", srp_client.public)
    proof = srp_client.respond(
        password,
        base64.b64decode(started["salt"]),
        KdfParams.from_dict(started["kdf"]),
        base64.b64decode(started["server_public"]),
    )
    reply = client.prove(started["login_token"], proof)
    srp_client.verify_server(base64.b64decode(reply["server_proof"]))
    return started["login_token"], reply


def dsc_session(client: GatewayClient, running: Client, username: str = "dscuser") -> dict[str, Any]:
    token, step = password_step(client, username)
    response = dsc_response(running.device(username, "dscplus"), step["challenge"]["challenge"])
    return client.respond(token, response)


# --- SPEC §5: pinning --------------------------------------------------------------------------------------


def test_health_over_a_fingerprint_pinned_connection(running: Client) -> None:
    fingerprint = running.server.fingerprint
    colons = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
    for pin in (fingerprint, colons):
        with GatewayClient(running.url, fingerprint=pin) as client:
            assert client.health() == {"status": "ok", "name": "Trader Login gateway"}
    assert fingerprint_of(running.server.cert_path.read_bytes()) == fingerprint


def test_health_with_the_gateway_certificate_as_the_only_trust_anchor(running: Client) -> None:
    port = running.server.port
    for url in (running.url, f"https://localhost:{port}"):  # the certificate names both
        with GatewayClient(url, ca_cert=running.server.cert_path) as client:
            assert client.health()["status"] == "ok"


def test_a_wrong_fingerprint_is_a_certificate_mismatch(running: Client, tmp_path: Path) -> None:
    another = make_certificate(tmp_path / "another")
    with (
        GatewayClient(running.url, fingerprint=another.fingerprint) as client,
        pytest.raises(CertificateMismatch) as raised,
    ):
        client.health()
    assert raised.value.code == "CERTIFICATE"
    assert raised.value.message.startswith(
        "The gateway's certificate does not match the one this client trusts."
    )


def test_system_trust_does_not_trust_the_self_signed_gateway(running: Client) -> None:
    with GatewayClient(running.url) as client, pytest.raises(CertificateMismatch):
        client.health()


# --- refusals ----------------------------------------------------------------------------------------------


def test_r1_an_upper_case_user_name_is_refused_with_the_gateway_code_and_exact_message(
    client: GatewayClient,
) -> None:
    public = srp.SrpClient("dscuser", limits=TEST_LIMITS).public
    with pytest.raises(GatewayRefusal) as raised:
        client.start_login("DSCUser", "live", public)
    assert (raised.value.code, raised.value.message, raised.value.status) == (
        "UPPER_CASE",
        UPPER_CASE_MESSAGE,
        400,
    )
    with pytest.raises(GatewayRefusal) as raised:
        client.start_login("dsc user", "live", public)
    assert raised.value.code == "BAD_CHARACTER"
    assert raised.value.message.startswith("BAD CHARACTER")


def test_r2_a_wrong_password_is_invalid_credentials(client: GatewayClient) -> None:
    with pytest.raises(GatewayRefusal) as raised:
        password_step(client, "dscuser", "not-the-password")
    assert (raised.value.code, raised.value.message) == (
        "INVALID_CREDENTIALS",
        "Invalid user name password combination",
    )


def test_rate_limited_carries_retry_after(template: Path, tmp_path: Path) -> None:
    public = srp.SrpClient("dscuser", limits=TEST_LIMITS).public
    with (
        running_gateway(
            tmp_path / "gateway", template, rate_limit=RateLimit(requests=1, window=60)
        ) as running,
        GatewayClient(running.url, fingerprint=running.server.fingerprint) as client,
    ):
        client.start_login("dscuser", "live", public)
        with pytest.raises(GatewayRefusal) as raised:
            client.start_login("dscuser", "live", public)
    assert (raised.value.code, raised.value.status) == ("RATE_LIMITED", 429)
    assert raised.value.retry_after is not None
    assert 1 <= raised.value.retry_after <= 60


def test_r10_a_new_code_asked_too_soon_is_rate_limited_with_retry_after(client: GatewayClient) -> None:
    token, step = password_step(client, "smsuser")
    assert step["challenge"]["kind"] == "sms"
    with pytest.raises(GatewayRefusal) as raised:
        client.resend_code(token, "voice")
    assert raised.value.code == "RATE_LIMITED"
    assert raised.value.retry_after is not None
    assert raised.value.retry_after >= 1


# --- every call once ---------------------------------------------------------------------------------------


def test_a_dsc_login_from_start_to_logout(client: GatewayClient, running: Client) -> None:
    token, step = password_step(client, "dscuser")
    assert step["step"] == "second_factor"
    assert step["challenge"]["kind"] == "dscplus"
    session = client.respond(
        token, dsc_response(running.device("dscuser", "dscplus"), step["challenge"]["challenge"])
    )
    assert session["step"] == "session"
    assert isinstance(session["session_token"], str)
    assert client.session_status(session["session_token"])["status"] == "active"
    assert client.logout(session["session_token"])["status"] == "logged_out"
    with pytest.raises(GatewayRefusal) as raised:
        client.respond(token, "12345678")  # the login is over
    assert raised.value.code == "EXPIRED"


def test_r5_ibkey_long_poll_then_challenge_response_then_cancel(
    client: GatewayClient, running: Client
) -> None:
    token, step = password_step(client, "ibkeyuser")
    assert step["challenge"]["kind"] == "ibkey_push"
    assert client.wait_for_push(token, wait=0)["status"] == "pending"
    switched = client.switch_to_challenge(token)
    assert switched["challenge"]["kind"] == "ibkey_challenge"
    app = running.device("ibkeyuser", "ibkey")
    assert client.respond(token, app.respond(switched["challenge"]["challenge"]))["step"] == "session"

    token, _ = password_step(client, "ibkeyuser")
    assert client.cancel(token) == {"step": "cancelled"}


def test_m2fs_choose_device_then_read_only(client: GatewayClient) -> None:
    token, step = password_step(client, "multiuser")
    assert step["step"] == "choose_device"
    sms = next(device["id"] for device in step["devices"] if device["kind"] == "sms")
    chosen = client.choose_device(token, sms)
    assert chosen["challenge"]["kind"] == "sms"
    read_only = client.read_only(token)
    assert read_only["step"] == "session"
    assert read_only["session"]["read_only"] is True


def test_r16_existing_session_declined_then_taken_over(client: GatewayClient, running: Client) -> None:
    first = dsc_session(client, running)
    assert first["step"] == "session"

    token, step = password_step(client, "dscuser")
    response = dsc_response(running.device("dscuser", "dscplus"), step["challenge"]["challenge"])
    assert client.respond(token, response)["step"] == "existing_session"
    assert client.answer_existing_session(token, takeover=False) == {"step": "cancelled"}
    assert client.session_status(first["session_token"])["status"] == "active"

    token, step = password_step(client, "dscuser")
    response = dsc_response(running.device("dscuser", "dscplus"), step["challenge"]["challenge"])
    assert client.respond(token, response)["step"] == "existing_session"
    assert client.answer_existing_session(token, takeover=True)["step"] == "session"
    assert client.session_status(first["session_token"])["status"] == "taken_over"


def test_calls_share_one_kept_alive_connection(
    client: GatewayClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="urllib3")
    for _ in range(5):
        client.health()
    password_step(client, "dscuser")
    opened = [record for record in caplog.records if "Starting new HTTPS connection" in record.getMessage()]
    assert len(opened) == 1
