"""What the gateway client sends for issue 19 (recorded by a fake server): the restart grant and signature
of a restart login, the session's grant made and forgotten, and the logout that forgets the device."""

from __future__ import annotations

import base64

import pytest

from tests.client.transport_support import FakeServer, answer_json, make_certificate
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.gateway.tls import Certificate

OK = {"ok": True}
KEY = b"\x04" + bytes(range(64))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("pinned"))


def test_issue_19s_calls_send_their_fields_only_when_given(certificate: Certificate) -> None:
    with (
        FakeServer(answer_json(200, OK), certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint) as client,
    ):
        client.start_login("dscuser", "live", b"\x00\x01\x02", restart_grant="RG-00112233AABBCCDD")
        client.start_login("dscuser", "live", b"\x00\x01\x02")
        client.prove("login-token", b"\xff\xfe", restart_signature=b"\x30\x06")
        client.prove("login-token", b"\xff\xfe")
        client.create_restart_grant("session-token", KEY, "desk-7")
        client.create_restart_grant("session-token", KEY)
        client.forget_restart_grant("session-token")
        client.logout("session-token", forget_device=True)
        client.logout("session-token")
    sent = [
        (r.method, r.target, r.headers.get("authorization"), r.json() if r.body else None)
        for r in server.requests
    ]
    key = base64.b64encode(KEY).decode()
    client_public = {"username": "dscuser", "mode": "live", "client_public": "AAEC"}
    assert sent == [
        ("POST", "/v1/login/start", None, {**client_public, "restart_grant": "RG-00112233AABBCCDD"}),
        ("POST", "/v1/login/start", None, client_public),
        (
            "POST",
            "/v1/login/proof",
            "Bearer login-token",
            {"client_proof": "//4=", "restart_signature": "MAY="},
        ),
        ("POST", "/v1/login/proof", "Bearer login-token", {"client_proof": "//4="}),
        ("POST", "/v1/session/restart-grant", "Bearer session-token", {"public_key": key, "label": "desk-7"}),
        ("POST", "/v1/session/restart-grant", "Bearer session-token", {"public_key": key}),
        ("DELETE", "/v1/session/restart-grant", "Bearer session-token", None),
        ("POST", "/v1/session/logout", "Bearer session-token", {"forget_device": True}),
        ("POST", "/v1/session/logout", "Bearer session-token", None),
    ]


@pytest.mark.parametrize("grant_id", ["", "RG 1", "RG/../x", "x" * 33, "RG-é"])
def test_a_grant_id_that_could_not_be_the_gateways_is_refused_before_sending(
    certificate: Certificate, grant_id: str
) -> None:
    with (
        FakeServer(answer_json(200, OK), certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint) as client,
    ):
        with pytest.raises(ValueError, match="grant id") as raised:
            client.start_login("dscuser", "live", b"\x00", restart_grant=grant_id)
        assert server.requests == []
    if grant_id:
        assert grant_id not in str(raised.value)
