"""Issue 19, Deliver 1 over HTTPS: the restart grant's wire (docs/protocol.md) as a client speaks it - the
grant, a restart login with `restart_grant` and `restart_signature`, forgetting the device, and malformed
bodies refused 400 with nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.gateway.http_support import (
    PASSWORD,
    Client,
    b64,
    b64d,
    dsc_response,
    error_of,
    log_in_to_second_factor,
    respond,
    running_gateway,
)
from tests.gateway.restart_support import grant_rows
from trader_login.auth import restart, srp
from trader_login.auth.kdf import TEST_LIMITS, KdfParams


@pytest.fixture
def client(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


def full_session(client: Client, user: str = "dscuser") -> dict[str, Any]:
    login = log_in_to_second_factor(client, user)
    answer = dsc_response(client.device(user, "dscplus"), login.reply["challenge"]["challenge"])
    reply = respond(client, login.token, answer)
    assert reply.status_code == 200, reply.text
    return reply.json()


def grant(client: Client, token: str, key: Any, label: str | None = "box") -> requests.Response:
    body: dict[str, Any] = {"public_key": b64(restart.public_bytes(key))}
    if label is not None:
        body["label"] = label
    return client.post("/v1/session/restart-grant", body, token=token)


def restart_login(
    client: Client, user: str, key: Any, grant_id: str, *, signature: bytes | None = None, sign: bool = True
) -> requests.Response:
    srp_client = srp.SrpClient(user, limits=TEST_LIMITS)
    started = client.post(
        "/v1/login/start",
        {
            "username": user,
            "mode": "live",
            "client_public": b64(srp_client.public),
            "restart_grant": grant_id,
        },
    )
    assert started.status_code == 200, started.text
    body = started.json()
    challenge = b64d(body["restart_challenge"])
    proof = srp_client.respond(
        PASSWORD, b64d(body["salt"]), KdfParams.from_dict(body["kdf"]), b64d(body["server_public"])
    )
    fields = {"client_proof": b64(proof)}
    if sign:
        signature = signature or restart.sign(key, restart.restart_payload(grant_id, user, "live", challenge))
        fields["restart_signature"] = b64(signature)
    return client.post("/v1/login/proof", fields, token=body["login_token"])


def test_a_grant_and_a_restart_over_https(client: Client):
    session = full_session(client)
    assert session["session"]["restart_cutoff_at"] > client.clock()
    key = restart.new_device_key()
    made = grant(client, session["session_token"], key)
    assert made.status_code == 200, made.text
    granted = made.json()["grant"]
    assert set(granted) == {"id", "created_at", "cutoff_at", "label", "device_kind"}
    assert granted["cutoff_at"] == session["session"]["restart_cutoff_at"]
    shown = client.get("/v1/session", token=session["session_token"]).json()
    assert shown["restart_grant"] == granted
    out = client.post("/v1/session/logout", token=session["session_token"])
    assert out.status_code == 200
    assert out.json()["restart_grant"] == granted  # a plain logout keeps the grant

    reply = restart_login(client, "dscuser", key, granted["id"])
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["step"] == "session"
    assert body["session"]["opened_by_restart"] is True
    assert body["session"]["restart_cutoff_at"] is None

    # Logout with forget_device ends the grant; the next restart is refused and goes on to the DSC+.
    out = client.post("/v1/session/logout", {"forget_device": True}, token=body["session_token"])
    assert out.status_code == 200, out.text
    assert out.json()["restart_grant"] is None
    reply = restart_login(client, "dscuser", key, granted["id"])
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["step"] == "second_factor"
    assert body["restart"]["code"] == "RESTART_FORGOTTEN"
    assert body["restart"]["message_id"] == "restart_forgotten"
    assert isinstance(body["restart"]["ended_at"], float)


def test_delete_forgets_the_grant(client: Client):
    session = full_session(client)
    assert grant(client, session["session_token"], restart.new_device_key()).status_code == 200
    token = session["session_token"]
    reply = client.request("DELETE", "/v1/session/restart-grant", token=token)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"ended": True}
    assert client.request("DELETE", "/v1/session/restart-grant", token=token).json() == {"ended": False}


def test_refusals_of_the_grant_endpoint(client: Client):
    login = log_in_to_second_factor(client, "dscuser")
    read_only = client.post("/v1/login/read-only", {}, token=login.token).json()
    refused = grant(client, read_only["session_token"], restart.new_device_key())
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "RESTART_NOT_ALLOWED"
    assert error_of(refused)["message_id"] == "restart_not_allowed"
    client.post("/v1/session/logout", token=read_only["session_token"])
    ended = grant(client, read_only["session_token"], restart.new_device_key())
    assert ended.status_code == 410
    assert error_of(ended)["code"] == "EXPIRED"


def test_the_switch_off_answers_403_restart_disabled(template: Path, tmp_path: Path):
    with running_gateway(tmp_path / "gateway", template, restart_grants=False) as client:
        session = full_session(client)
        assert session["session"]["restart_cutoff_at"] is None
        refused = grant(client, session["session_token"], restart.new_device_key())
        assert refused.status_code == 403
        assert error_of(refused)["code"] == "RESTART_DISABLED"


GOOD_KEY = restart.public_bytes(restart.new_device_key())
MALFORMED_GRANTS = {
    "bad base64": {"public_key": "not base64!"},
    "too short": {"public_key": b64(GOOD_KEY[:64])},
    "too long": {"public_key": b64(GOOD_KEY + b"\0")},
    "not on the curve": {"public_key": b64(b"\x04" + b"\x01" * 64)},
    "compressed": {"public_key": b64(b"\x02" + GOOD_KEY[1:33])},
    "huge label": {"public_key": b64(GOOD_KEY), "label": "x" * 65},
    "control in label": {"public_key": b64(GOOD_KEY), "label": "a\nb"},
    "label not a string": {"public_key": b64(GOOD_KEY), "label": 7},
    "unknown field": {"public_key": b64(GOOD_KEY), "private_key": "x"},
    "no key": {"label": "box"},
}


@pytest.mark.parametrize("body", MALFORMED_GRANTS.values(), ids=MALFORMED_GRANTS.keys())
def test_a_malformed_grant_request_is_400_and_changes_nothing(client: Client, body: dict[str, Any]):
    session = full_session(client)
    reply = client.post("/v1/session/restart-grant", body, token=session["session_token"])
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] == "BAD_REQUEST"
    assert grant_rows(_Sls(client)) == []


class _Sls:
    """restart_support's readers take anything with a `gateway`."""

    def __init__(self, client: Client) -> None:
        self.gateway = client.gateway


MALFORMED_STARTS = {
    "grant id with a space": "RG-1 2",
    "grant id too long": "R" * 33,
    "grant id empty": "",
    "grant id not a string": 12,
}


@pytest.mark.parametrize("grant_id", MALFORMED_STARTS.values(), ids=MALFORMED_STARTS.keys())
def test_a_malformed_restart_grant_at_start_is_400(client: Client, grant_id: Any):
    srp_client = srp.SrpClient("dscuser", limits=TEST_LIMITS)
    reply = client.post(
        "/v1/login/start",
        {
            "username": "dscuser",
            "mode": "live",
            "client_public": b64(srp_client.public),
            "restart_grant": grant_id,
        },
    )
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("signature", ["not base64!", b64(b"\x30" * 129)], ids=["bad base64", "too long"])
def test_a_malformed_restart_signature_is_400_and_not_counted(client: Client, signature: str):
    session = full_session(client)
    key = restart.new_device_key()
    granted = grant(client, session["session_token"], key).json()["grant"]
    client.post("/v1/session/logout", token=session["session_token"])
    srp_client = srp.SrpClient("dscuser", limits=TEST_LIMITS)
    started = client.post(
        "/v1/login/start",
        {
            "username": "dscuser",
            "mode": "live",
            "client_public": b64(srp_client.public),
            "restart_grant": granted["id"],
        },
    ).json()
    proof = srp_client.respond(
        PASSWORD, b64d(started["salt"]), KdfParams.from_dict(started["kdf"]), b64d(started["server_public"])
    )
    reply = client.post(
        "/v1/login/proof",
        {"client_proof": b64(proof), "restart_signature": signature},
        token=started["login_token"],
    )
    assert reply.status_code == 400, reply.text
    assert client.gateway.desk.status("dscuser")["failures"] == 0
    # The login is still at its password step: a well-formed proof goes on (the signature was refused
    # before the login was touched).
    fine = client.post("/v1/login/proof", {"client_proof": b64(proof)}, token=started["login_token"])
    assert fine.status_code == 200, fine.text
    assert fine.json()["restart"]["code"] == "RESTART_WRONG_KEY"


def test_a_wrong_key_over_https_goes_on_to_the_second_factor(client: Client):
    session = full_session(client)
    granted = grant(client, session["session_token"], restart.new_device_key()).json()["grant"]
    client.post("/v1/session/logout", token=session["session_token"])
    reply = restart_login(client, "dscuser", restart.new_device_key(), granted["id"])
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["step"] == "second_factor"
    assert body["restart"] == {
        "status": "refused",
        "code": "RESTART_WRONG_KEY",
        "message": body["restart"]["message"],
        "message_id": "restart_wrong_key",
        "params": {},
        "ended_at": None,
    }


def test_openapi_lists_the_restart_endpoints_and_fields(client: Client):
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    assert set(paths["/v1/session/restart-grant"]) == {"post", "delete"}
    schemas = document["components"]["schemas"]
    assert "restart_grant" in schemas["StartLogin"]["properties"]
    assert "restart_signature" in schemas["ClientProof"]["properties"]
    assert schemas["Logout"]["properties"]["forget_device"]["type"] == "boolean"
    assert schemas["RestartGrantRequest"]["additionalProperties"] is False
    assert {"restart_grant", "opened_by_restart", "restart_cutoff_at"} <= set(schemas["Session"]["required"])
    assert "restart_challenge" in schemas["LoginStarted"]["properties"]
    assert set(schemas["RestartGrant"]["properties"]) == {
        "id",
        "created_at",
        "cutoff_at",
        "label",
        "device_kind",
    }
