"""R5: the IB Key phone's endpoints, authenticated by a signature with the device key, and the long poll
the desktop waits on."""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from tests.gateway.http_support import (
    Client,
    b64,
    error_of,
    json_bytes,
    log_in_to_second_factor,
    password,
    running_gateway,
)
from trader_login.auth.devices.ibkey import (
    DEVICE_REQUEST_DOMAIN,
    IbKeyApp,
    device_request_payload,
    verify_device_request,
)
from trader_login.auth.vocabulary import PUSH_WAIT_MAX

SAFETY_NET = 60.0  # seconds; for a loaded runner, never reached when things work

PATH = "/v1/devices/IBK-0123456789abcdef/pushes"


@pytest.fixture
def client(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


@pytest.fixture
def phone(client: Client) -> IbKeyApp:
    return client.device("ibkeyuser", "ibkey")


def v1_headers(phone: IbKeyApp, path: str, now: int) -> dict[str, str]:
    """A GET signed the way phones did before nonces (domain v1, no nonce): no longer accepted."""
    scalar = int.from_bytes(base64.b64decode(phone.to_dict()["private_key"]), "big")
    key = ec.derive_private_key(scalar, ec.SECP256R1())
    digest = hashlib.sha256(b"").hexdigest()
    payload = f"trader-login/device-request/v1\nGET\n{path}\n{now}\n{digest}".encode()
    signature = key.sign(payload, ec.ECDSA(hashes.SHA256()))
    return {"X-Device-Time": str(now), "X-Device-Signature": base64.b64encode(signature).decode("ascii")}


# --- the signature itself ------------------------------------------------------------------------------


NONCE = "0123456789abcdef0123456789abcdef"


def test_the_payload_is_domain_method_path_time_nonce_and_body_hash() -> None:
    payload = device_request_payload("get", PATH, b"{}", 1_700_000_000, NONCE)
    assert payload == (
        b"trader-login/device-request/v2\nGET\n" + PATH.encode() + b"\n1700000000\n" + NONCE.encode() + b"\n"
        b"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    )
    assert payload.startswith(DEVICE_REQUEST_DOMAIN)


def test_every_signed_request_carries_a_new_random_nonce() -> None:
    app = IbKeyApp.create()
    nonces = {app.sign_request("GET", PATH, b"", at=1000)["X-Device-Nonce"] for _ in range(50)}
    assert len(nonces) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}", nonce) for nonce in nonces)


def test_a_fresh_signed_request_verifies() -> None:
    app = IbKeyApp.create()
    now = 1_700_000_000
    headers = app.sign_request("POST", PATH, b'{"a": 1}', at=now)
    assert headers["X-Device-Time"] == str(now)
    assert verify_device_request(
        app.public_key_bytes(),
        "POST",
        PATH,
        b'{"a": 1}',
        headers["X-Device-Time"],
        headers["X-Device-Nonce"],
        headers["X-Device-Signature"],
        now,
    )


@pytest.mark.parametrize(
    "change",
    [
        "other key",
        "stale",
        "future",
        "body",
        "path",
        "method",
        "time header",
        "other nonce",
        "no nonce",
        "upper-case nonce",
        "short nonce",
        "bad base64",
        "huge signature",
        "signed decimal",
        "no key",
        "garbage key",
        "nan clock",
        "missing headers",
    ],
)
def test_anything_off_fails_verification_without_raising(change: str) -> None:
    app = IbKeyApp.create()
    now = 1_700_000_000
    headers = app.sign_request("POST", PATH, b"{}", at=now)
    args = {
        "public_key_bytes": app.public_key_bytes(),
        "method": "POST",
        "path": PATH,
        "body": b"{}",
        "at_header": headers["X-Device-Time"],
        "nonce_header": headers["X-Device-Nonce"],
        "signature_header": headers["X-Device-Signature"],
        "now": float(now),
    }
    changes = {
        "other key": {"public_key_bytes": IbKeyApp.create().public_key_bytes()},
        "stale": {"now": now + 301.0},
        "future": {"now": now - 301.0},
        "body": {"body": b"{ }"},
        "path": {"path": PATH + "/x"},
        "method": {"method": "GET"},
        "time header": {"at_header": str(now + 1)},
        "other nonce": {"nonce_header": NONCE},
        "no nonce": {"nonce_header": None},
        "upper-case nonce": {"nonce_header": headers["X-Device-Nonce"].upper()},
        "short nonce": {"nonce_header": headers["X-Device-Nonce"][:-1]},
        "bad base64": {"signature_header": "***"},
        "huge signature": {"signature_header": "A" * 10_000},
        "signed decimal": {"at_header": f"+{now}"},
        "no key": {"public_key_bytes": None},
        "garbage key": {"public_key_bytes": b"\x04" + b"\0" * 64},
        "nan clock": {"now": math.nan},
        "missing headers": {"at_header": None, "nonce_header": None, "signature_header": None},
    }
    assert not verify_device_request(**{**args, **changes[change]})


def test_the_window_is_300_seconds_either_way() -> None:
    app = IbKeyApp.create()
    headers = app.sign_request("GET", PATH, b"", at=1000)
    key = app.public_key_bytes()
    nonce, signature = headers["X-Device-Nonce"], headers["X-Device-Signature"]
    for now in (700.0, 1300.0):
        assert verify_device_request(key, "GET", PATH, b"", "1000", nonce, signature, now)


# --- over HTTP -------------------------------------------------------------------------------------------


def test_the_phone_reads_its_pushes_with_a_signed_request(client: Client, phone: IbKeyApp) -> None:
    assert client.phone_pushes(phone).json() == {"pushes": []}
    log_in_to_second_factor(client, "ibkeyuser")
    (push,) = client.phone_pushes(phone).json()["pushes"]
    assert push["username"] == "ibkeyuser"
    assert "127.0.0.1" in push["summary"]


@pytest.mark.parametrize(
    "fault",
    ["none", "other key", "stale", "future", "garbled", "other path", "unknown device", "no nonce", "v1"],
)
def test_a_bad_device_signature_gets_401_bad_signature(client: Client, phone: IbKeyApp, fault: str) -> None:
    path = f"/v1/devices/{phone.device_id}/pushes"
    now = int(time.time())
    headers = {
        "none": {},
        "other key": IbKeyApp.create(phone.device_id).sign_request("GET", path, b""),
        "stale": phone.sign_request("GET", path, b"", at=now - 301),
        "future": phone.sign_request("GET", path, b"", at=now + 400),  # margin for a slow CI machine
        "garbled": {"X-Device-Time": "soon", "X-Device-Nonce": "?", "X-Device-Signature": "%%%"},
        "no nonce": {
            name: value
            for name, value in phone.sign_request("GET", path, b"").items()
            if name != "X-Device-Nonce"
        },
        "v1": v1_headers(phone, path, now),
        "other path": phone.sign_request("GET", path + "/x", b""),
        "unknown device": IbKeyApp.create("IBK-unknown").sign_request(
            "GET", "/v1/devices/IBK-unknown/pushes", b""
        ),
    }[fault]
    target = "/v1/devices/IBK-unknown/pushes" if fault == "unknown device" else path
    reply = client.get(target, headers=headers)
    assert reply.status_code == 401
    assert reply.json() == {
        "error": {
            "code": "BAD_SIGNATURE",
            "message": "The device request signature is missing, stale or wrong.",
            "message_id": "bad_signature",
            "params": {},
        }
    }


def test_a_signature_for_one_device_does_not_open_another(client: Client, phone: IbKeyApp) -> None:
    other = client.device("multiuser", "ibkey")
    own_path = f"/v1/devices/{phone.device_id}/pushes"
    reply = client.get(
        f"/v1/devices/{other.device_id}/pushes", headers=phone.sign_request("GET", own_path, b"")
    )
    assert error_of(reply)["code"] == "BAD_SIGNATURE"


def test_a_tampered_decision_body_gets_401(client: Client, phone: IbKeyApp) -> None:
    log_in_to_second_factor(client, "ibkeyuser")
    push = client.pending_push(phone)
    path = f"/v1/devices/{phone.device_id}/pushes/{push.transaction_id}"
    number = client.push_number(push.transaction_id)
    signed = json_bytes({"decision": "deny", "signature": b64(phone.deny(push).signature)})
    approval = phone.approve(push, number)
    sent = json_bytes({"decision": "approve", "signature": b64(approval.signature), "number": number})
    headers = {"Content-Type": "application/json", **phone.sign_request("POST", path, signed)}
    reply = client.request("POST", path, data=sent, headers=headers)
    assert reply.status_code == 401
    assert error_of(reply)["code"] == "BAD_SIGNATURE"


def test_a_decision_replayed_after_approval_is_refused(client: Client, phone: IbKeyApp) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    push = client.pending_push(phone)
    path = f"/v1/devices/{phone.device_id}/pushes/{push.transaction_id}"
    number = client.push_number(push.transaction_id)
    approval = phone.approve(push, number)
    body = json_bytes({"decision": "approve", "signature": b64(approval.signature), "number": number})
    headers = {"Content-Type": "application/json", **phone.sign_request("POST", path, body)}
    first = client.request("POST", path, data=body, headers=headers)
    assert first.status_code == 200

    def signed_anew() -> dict[str, str]:  # the decision replayed under a fresh request signature
        return {"Content-Type": "application/json", **phone.sign_request("POST", path, body)}

    replayed = client.request("POST", path, data=body, headers=signed_anew())
    assert replayed.status_code == 410
    assert error_of(replayed)["code"] == "EXPIRED"
    done = client.get("/v1/login/push?wait=0", token=login.token)
    assert done.json()["step"] == "session"
    assert client.request("POST", path, data=body, headers=signed_anew()).status_code == 410


def test_a_push_decision_signed_over_another_transaction_is_refused(client: Client, phone: IbKeyApp) -> None:
    log_in_to_second_factor(client, "ibkeyuser")
    push = client.pending_push(phone)
    number = client.push_number(push.transaction_id)
    forged = json_bytes(
        {"decision": "approve", "signature": b64(b"\x30\x06\x02\x01\x01\x02\x01\x01"), "number": number}
    )
    path = f"/v1/devices/{phone.device_id}/pushes/{push.transaction_id}"
    headers = {"Content-Type": "application/json", **phone.sign_request("POST", path, forged)}
    reply = client.request("POST", path, data=forged, headers=headers)
    assert reply.status_code == 403
    assert error_of(reply)["code"] == "BAD_SIGNATURE"


def test_a_bad_decision_body_is_a_400_once_signed(client: Client, phone: IbKeyApp) -> None:
    path = f"/v1/devices/{phone.device_id}/pushes/tx"
    for body in (b'{"decision": "maybe", "signature": "AA=="}', b'{"decision": "approve"}', b"[]"):
        headers = {"Content-Type": "application/json", **phone.sign_request("POST", path, body)}
        reply = client.request("POST", path, data=body, headers=headers)
        assert reply.status_code == 400, reply.text
        assert error_of(reply)["code"] == "BAD_REQUEST"


# --- the long poll -------------------------------------------------------------------------------------


def test_r5_a_denied_push_fails_the_login_with_a_new_notification(client: Client, phone: IbKeyApp) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    push = client.pending_push(phone)
    assert client.phone_decide(phone, push, "deny").json()["status"] == "denied"
    reply = client.get("/v1/login/push?wait=5", token=login.token)
    error = error_of(reply)
    assert reply.status_code == 401
    assert error["code"] == "LOGIN_FAILED"
    assert error["next"]["challenge"]["kind"] == "ibkey_push"
    assert client.pending_push(phone).transaction_id != push.transaction_id


def test_the_long_poll_answers_pending_when_the_wait_runs_out(client: Client) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    began = time.monotonic()
    immediate = client.get("/v1/login/push?wait=0", token=login.token)
    assert immediate.json()["status"] == "pending"
    waited = client.get("/v1/login/push?wait=1", token=login.token)
    took = time.monotonic() - began
    assert waited.status_code == 200
    assert waited.json()["status"] == "pending"
    # It waited, and its own second, not the gateway's maximum: bounds that a loaded runner cannot break.
    assert 1 <= took < PUSH_WAIT_MAX


def test_the_long_poll_does_not_block_other_requests(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    service = client.gateway.service
    looked = threading.Semaphore(0)
    push_status = service.push_status

    def counted_push_status(*args: Any, **kwargs: Any) -> Any:
        looked.release()
        return push_status(*args, **kwargs)

    monkeypatch.setattr(service, "push_status", counted_push_status)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        polls = [
            pool.submit(client.get, f"/v1/login/push?wait={PUSH_WAIT_MAX}", token=login.token)
            for _ in range(3)
        ]
        for _ in polls:
            assert looked.acquire(timeout=SAFETY_NET)  # the gateway holds long polls now
        assert client.get("/v1/health").status_code == 200
        assert not any(poll.done() for poll in polls)  # answered while the polls still wait
        client.clock.advance(181)  # the push expires: each poll ends at its next look
        assert [poll.result(timeout=SAFETY_NET).status_code for poll in polls] == [410, 410, 410]


def test_an_expired_push_ends_the_long_poll_with_expired(client: Client) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    client.clock.advance(181)
    reply = client.get("/v1/login/push?wait=5", token=login.token)
    assert reply.status_code == 410
    assert error_of(reply)["code"] == "EXPIRED"


def test_pushes_endpoint_body_is_covered_by_the_signature(client: Client, phone: IbKeyApp) -> None:
    """Even a GET's body is hashed: a body added in transit breaks the signature."""
    path = f"/v1/devices/{phone.device_id}/pushes"
    headers = {"Content-Type": "application/json", **phone.sign_request("GET", path, b"")}
    reply = client.request("GET", path, data=json.dumps({"x": 1}).encode(), headers=headers)
    assert reply.status_code == 401
    assert base64.b64decode(headers["X-Device-Signature"])  # a real signature was sent


# --- single use: the nonce ------------------------------------------------------------------------------

REPLAYED = {
    "error": {
        "code": "REPLAYED",
        "message": "This signed device request was already used. Sign each request anew.",
        "message_id": "replayed",
        "params": {},
    }
}


def test_a_replayed_signed_get_is_refused(client: Client, phone: IbKeyApp) -> None:
    log_in_to_second_factor(client, "ibkeyuser")
    path = f"/v1/devices/{phone.device_id}/pushes"
    headers = phone.sign_request("GET", path, b"")
    first = client.get(path, headers=headers)
    assert first.status_code == 200
    assert len(first.json()["pushes"]) == 1
    replayed = client.get(path, headers=headers)
    assert replayed.status_code == 401
    assert replayed.json() == REPLAYED
    # The phone itself signs every request anew, and is served.
    assert len(client.phone_pushes(phone).json()["pushes"]) == 1


def test_a_replayed_signed_decision_is_refused_before_it_is_looked_at(
    client: Client, phone: IbKeyApp
) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    push = client.pending_push(phone)
    path = f"/v1/devices/{phone.device_id}/pushes/{push.transaction_id}"
    body = json_bytes({"decision": "deny", "signature": b64(phone.deny(push).signature)})
    headers = {"Content-Type": "application/json", **phone.sign_request("POST", path, body)}
    assert client.request("POST", path, data=body, headers=headers).json()["status"] == "denied"
    replayed = client.request("POST", path, data=body, headers=headers)
    assert (replayed.status_code, replayed.json()) == (401, REPLAYED)
    assert client.gateway.desk.status("ibkeyuser")["failures"] == 1
    assert error_of(client.get("/v1/login/push?wait=0", token=login.token))["code"] == "LOGIN_FAILED"


def test_a_nonce_is_the_devices_own(client: Client, phone: IbKeyApp) -> None:
    """The same nonce from another device is that device's first use of it."""
    other = client.device("multiuser", "ibkey")
    nonce = "00112233445566778899aabbccddeeff"
    for app in (phone, other):
        path = f"/v1/devices/{app.device_id}/pushes"
        assert client.get(path, headers=app.sign_request("GET", path, b"", nonce=nonce)).status_code == 200


def test_concurrent_identical_signed_requests_are_accepted_exactly_once(
    client: Client, phone: IbKeyApp
) -> None:
    path = f"/v1/devices/{phone.device_id}/pushes"
    headers = phone.sign_request("GET", path, b"")
    # One session per thread: each request has a connection of its own, so they truly race.
    sessions = [requests_session(client) for _ in range(8)]
    try:
        with concurrent.futures.ThreadPoolExecutor(len(sessions)) as pool:
            replies = list(
                pool.map(
                    lambda http: http.get(client.url + path, headers=headers, timeout=SAFETY_NET), sessions
                )
            )
    finally:
        for http in sessions:
            http.close()
    codes = sorted(reply.status_code for reply in replies)
    assert codes == [200] + [401] * 7
    assert all(reply.json() == REPLAYED for reply in replies if reply.status_code == 401)


def requests_session(client: Client) -> requests.Session:
    http = requests.Session()
    http.verify = client.http.verify
    http.trust_env = False
    return http


# --- R3: a denial counts when the phone sends it --------------------------------------------------------


def test_a_denial_counts_when_the_phone_sends_it_and_the_poll_does_not_count_it_again(
    client: Client, phone: IbKeyApp
) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    assert client.phone_decide(phone, client.pending_push(phone), "deny").json()["status"] == "denied"
    assert client.gateway.desk.status("ibkeyuser")["failures"] == 1  # nobody polled
    assert error_of(client.get("/v1/login/push?wait=5", token=login.token))["code"] == "LOGIN_FAILED"
    assert client.gateway.desk.status("ibkeyuser")["failures"] == 1


def test_ten_denials_lock_the_name_like_ten_wrong_passwords(client: Client, phone: IbKeyApp) -> None:
    logins = []
    for _ in range(10):  # the attacker has the password and pushes the phone again and again
        logins.append(log_in_to_second_factor(client, "ibkeyuser"))
        assert client.phone_decide(phone, client.pending_push(phone), "deny").status_code == 200
    status = client.gateway.desk.status("ibkeyuser")
    assert status["failures"] == 10
    assert status["locked_until"] is not None
    tenth = client.get("/v1/login/push?wait=5", token=logins[-1].token)
    assert tenth.status_code == 423
    assert error_of(tenth)["code"] == "LOCKED"
    assert error_of(tenth)["locked_until"] == status["locked_until"]
    assert error_of(password(client, "ibkeyuser")[1])["code"] == "LOCKED"  # even the right password
