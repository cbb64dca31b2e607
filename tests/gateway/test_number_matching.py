"""Issue 19, Deliver 4: IB Key push number matching on the gateway. The push page shows a two-digit number,
the phone offers three and approves only with that one; a wrong pick and "This wasn't me" (report) are
denials counted by R3, the report also recorded as a fraud report; `push_number_matching = off` is the push
as it was (v1, no numbers)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.gateway.conftest import LOCAL, Sls, Storage, gateway_config
from tests.gateway.http_support import Client, error_of, log_in_to_second_factor, running_gateway
from trader_login.auth import texts
from trader_login.auth.devices.ibkey import PUSH_DOMAIN, IbKeyApp, PushRequest, push_signing_payload
from trader_login.auth.gateway import audit, config
from trader_login.auth.gateway.kinds import ibkey as ibkey_kind
from trader_login.auth.gateway.store import audit_events, logins, push_requests

ELSEWHERE = "203.0.113.50"


def push_login(sls: Sls, address: str = LOCAL) -> tuple[str, dict[str, Any], IbKeyApp, PushRequest]:
    """ibkeyuser's right password: the push page's reply, the phone and the notification it shows."""
    token, out = sls.password("ibkeyuser", address=address)
    assert out["challenge"]["kind"] == "ibkey_push"
    app = sls.device("ibkeyuser", "ibkey")
    (request,) = sls.push_requests(app.device_id)
    return token, out, app, request


def events(sls: Sls, kind: str) -> list[Any]:
    with sls.gateway.store.read() as connection:
        return connection.execute(select(audit_events).where(audit_events.c.kind == kind)).all()


def test_the_page_shows_a_two_digit_number_and_the_phone_offers_it_among_three(sls: Sls):
    token, out, app, request = push_login(sls)
    number = out["challenge"]["number"]
    assert isinstance(number, int)
    assert 10 <= number <= 99
    assert number in request.numbers
    assert len(set(request.numbers)) == 3
    assert all(10 <= n <= 99 for n in request.numbers)
    (pending,) = sls.service.pending_pushes(app.device_id)
    assert pending["numbers"] == list(request.numbers)
    assert sls.decide(app, number=number) == {"transaction_id": request.transaction_id, "status": "approved"}
    session = sls.service.push_status(token)
    assert session["step"] == "session"
    assert sls.failures("ibkeyuser") == 0


def test_each_wrong_number_is_a_counted_denial_with_a_fresh_push(sls: Sls):
    token, out, app, request = push_login(sls, ELSEWHERE)
    wrong = [n for n in request.numbers if n != out["challenge"]["number"]]
    outside = next(n for n in range(10, 100) if n not in request.numbers)  # two digits, not offered
    for failures, number in enumerate([*wrong, outside], start=1):
        (request,) = sls.push_requests(app.device_id)
        reply = sls.decide(app, "approve", request, number=number)
        assert reply == {
            "transaction_id": request.transaction_id,
            "status": "denied",
            "reason": "wrong_number",
        }
        assert sls.failures("ibkeyuser") == failures
        error = sls.refused("LOGIN_FAILED", sls.service.push_status, token)
        assert error.message.id == texts.PUSH_WRONG_NUMBER.id
        fresh = error.details["next"]["challenge"]
        assert fresh["kind"] == "ibkey_push"
        assert 10 <= fresh["number"] <= 99
        (renewed,) = sls.push_requests(app.device_id)
        assert renewed.transaction_id != request.transaction_id
        assert fresh["number"] in renewed.numbers
    failed = events(sls, audit.LOGIN_FAILED)
    assert [(e.reason, e.address, e.device, e.detail) for e in failed] == [
        ("push_wrong_number", ELSEWHERE, app.device_id, {"counted": True})
    ] * 3
    assert {e.reason for e in events(sls, audit.PUSH_DENIED)} == {"wrong_number"}
    # The right number on the fresh push still logs in.
    sls.decide(app)
    assert sls.service.push_status(token)["step"] == "session"


def test_this_wasnt_me_is_counted_and_recorded_as_a_fraud_report(sls: Sls):
    token, _, app, request = push_login(sls, ELSEWHERE)
    reply = sls.decide(app, "report")
    assert reply == {"transaction_id": request.transaction_id, "status": "denied", "reason": "reported"}
    assert sls.failures("ibkeyuser") == 1
    (report,) = events(sls, audit.PUSH_FRAUD_REPORTED)
    assert (report.username, report.address, report.device_kind, report.device) == (
        "ibkeyuser",
        ELSEWHERE,
        "ibkey",
        app.device_id,
    )
    (failed,) = events(sls, audit.LOGIN_FAILED)
    assert (failed.reason, failed.address) == ("push_reported", ELSEWHERE)
    assert events(sls, audit.PUSH_DENIED) == []
    sent = sls.last_decision  # the report the phone actually sent
    assert sent.decision == "report"
    error = sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert error.message.id == texts.PUSH_REPORTED.id
    # The report ends the login (review S11): no fresh notification to the phone, the login is over.
    assert "next" not in error.details
    assert sls.push_requests(app.device_id) == []
    with sls.gateway.store.read() as connection:
        assert connection.execute(select(logins.c.stage)).scalar_one() == "failed"
    sls.refused("EXPIRED", sls.service.push_status, token)
    assert sls.failures("ibkeyuser") == 1  # counted once
    # Nothing secret in the trail: not the signature the phone sent, not the push's nonce.
    trail = json.dumps([dict(e._mapping) for e in events(sls, audit.PUSH_FRAUD_REPORTED)], default=str)
    assert base64.b64encode(sent.signature).decode() not in trail
    assert sent.signature.hex() not in trail
    assert base64.b64encode(request.nonce).decode() not in trail
    # A real trader logs in again: a new login, a new push.
    token, _, app, _ = push_login(sls)
    sls.decide(app)
    assert sls.service.push_status(token)["step"] == "session"


def test_a_plain_deny_keeps_its_login_failed_text(sls: Sls):
    token, _, app, _ = push_login(sls)
    assert sls.decide(app, "deny")["status"] == "denied"
    error = sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert error.message.id == texts.LOGIN_FAILED.id
    assert [e.reason for e in events(sls, audit.LOGIN_FAILED)] == ["push_denied"]


def nothing_changed(sls: Sls, token: str, app: IbKeyApp, request: PushRequest) -> None:
    assert sls.failures("ibkeyuser") == 0
    assert sls.push_requests(app.device_id) == [request]
    assert sls.service.push_status(token)["status"] == "pending"
    assert events(sls, audit.LOGIN_FAILED) == []


def test_approving_without_the_number_is_refused_and_changes_nothing(sls: Sls):
    token, _, app, request = push_login(sls)
    # What an old phone sends: a v1 approval, no number.
    signature = app._private_key.sign(push_signing_payload(request, "approve"), ibkey_ec_sha256())
    assert push_signing_payload(request, "approve").startswith(PUSH_DOMAIN)
    error = sls.refused(
        "BAD_REQUEST", sls.service.decide_push, app.device_id, request.transaction_id, "approve", signature
    )
    assert error.status == 400
    nothing_changed(sls, token, app, request)


def ibkey_ec_sha256() -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.ECDSA(hashes.SHA256())


@pytest.mark.parametrize("number", [9, 100, 0, -42, True])
def test_a_number_that_is_not_two_digits_is_a_bad_request(sls: Sls, number: Any):
    token, _, app, request = push_login(sls)
    signature = app.approve(request, request.numbers[0]).signature
    sls.refused(
        "BAD_REQUEST",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        signature,
        number,
    )
    nothing_changed(sls, token, app, request)


def test_a_number_goes_with_approve_only(sls: Sls):
    token, _, app, request = push_login(sls)
    for decision, signed in (("deny", app.deny(request)), ("report", app.report(request))):
        sls.refused(
            "BAD_REQUEST",
            sls.service.decide_push,
            app.device_id,
            request.transaction_id,
            decision,
            signed.signature,
            request.numbers[0],
        )
    nothing_changed(sls, token, app, request)


def test_the_signature_covers_the_number(sls: Sls):
    token, out, app, request = push_login(sls)
    right = out["challenge"]["number"]
    approval = app.approve(request, right)
    for other in (n for n in request.numbers if n != right):
        sls.refused(
            "BAD_SIGNATURE",
            sls.service.decide_push,
            app.device_id,
            request.transaction_id,
            "approve",
            approval.signature,
            other,
        )
    # And one signed for a wrong pick is no approval of the right one.
    wrong = next(n for n in request.numbers if n != right)
    sls.refused(
        "BAD_SIGNATURE",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        app.approve(request, wrong).signature,
        right,
    )
    nothing_changed(sls, token, app, request)


def test_the_numbers_are_drawn_from_the_csprng_and_the_right_one_lands_anywhere(monkeypatch):
    """The numbers AND the shuffle's draws come from secrets.randbelow (review T2: a shuffle by a
    predictable PRNG fails here), and the right number takes every place."""
    drawn: list[int] = []
    real = ibkey_kind.secrets.randbelow

    def randbelow(bound: int) -> int:
        drawn.append(bound)
        return real(bound)

    monkeypatch.setattr(ibkey_kind.secrets, "randbelow", randbelow)
    places: set[int] = set()
    for _ in range(300):  # each place is missed by all 300 with odds of (2/3)^300: never
        drawn.clear()
        number, choices = ibkey_kind.push_numbers()
        # Two-digit draws (90 values, more when one repeats), then the shuffle's: randbelow(3), randbelow(2).
        assert drawn[-2:] == [3, 2]
        assert set(drawn[:-2]) == {90}
        assert 10 <= number <= 99
        assert number in choices
        assert len(choices) == len(set(choices)) == 3
        assert all(10 <= c <= 99 for c in choices)
        places.add(choices.index(number))
    assert places == {0, 1, 2}


def test_the_gateway_stores_the_number_and_choices_of_each_push(sls: Sls):
    _, out, _app, request = push_login(sls)
    with sls.gateway.store.read() as connection:
        row = connection.execute(
            select(push_requests).where(push_requests.c.transaction_id == request.transaction_id)
        ).one()
    assert row.number == out["challenge"]["number"]
    assert tuple(row.choices) == request.numbers


# --- the switch off: the push as it was ----------------------------------------------------------------


@pytest.fixture
def unmatched(storage: Storage, clock) -> Sls:
    gateway = storage.gateway(config=gateway_config(push_number_matching=False), clock=clock)
    try:
        yield Sls(gateway)
    finally:
        gateway.close()


def test_with_the_switch_off_the_push_is_v1_without_numbers(unmatched: Sls):
    sls = unmatched
    token, out, app, request = push_login(sls)
    assert "number" not in out["challenge"]
    assert request.numbers == ()
    assert "numbers" not in sls.service.pending_pushes(app.device_id)[0]
    with sls.gateway.store.read() as connection:
        row = connection.execute(select(push_requests)).one()
    assert (row.number, row.choices) == (None, None)
    # A number sent anyway is refused; the v1 approval (no number) logs in.
    sls.refused(
        "BAD_REQUEST",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        app.approve(request).signature,
        42,
    )
    approval = app.approve(request)
    assert approval.number is None
    assert sls.service.decide_push(app.device_id, request.transaction_id, "approve", approval.signature) == {
        "transaction_id": request.transaction_id,
        "status": "approved",
    }
    assert sls.service.push_status(token)["step"] == "session"


def test_with_the_switch_off_report_still_works(unmatched: Sls):
    sls = unmatched
    token, _, app, _ = push_login(sls)
    assert sls.decide(app, "report")["reason"] == "reported"
    assert sls.refused("LOGIN_FAILED", sls.service.push_status, token).message.id == texts.PUSH_REPORTED.id


# --- over HTTP -----------------------------------------------------------------------------------------


@pytest.fixture
def client(template: Path, tmp_path: Path):
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


def test_number_matching_over_http(client: Client):
    login = log_in_to_second_factor(client, "ibkeyuser")
    number = login.reply["challenge"]["number"]
    phone = client.device("ibkeyuser", "ibkey")
    push = client.pending_push(phone)
    assert number in push.numbers
    wrong = next(n for n in push.numbers if n != number)
    reply = client.phone_decide(phone, push, number=wrong)
    assert reply.status_code == 200
    assert reply.json() == {
        "transaction_id": push.transaction_id,
        "status": "denied",
        "reason": "wrong_number",
    }
    error = error_of(client.get("/v1/login/push?wait=0", token=login.token))
    assert (error["code"], error["message_id"]) == ("LOGIN_FAILED", "push_wrong_number")
    push = client.pending_push(phone)
    reply = client.phone_decide(phone, push, "report")
    assert reply.json()["reason"] == "reported"
    error = error_of(client.get("/v1/login/push?wait=0", token=login.token))
    assert error["message_id"] == "push_reported"
    assert "next" not in error  # the report ended the login: no fresh push (review S11)
    login = log_in_to_second_factor(client, "ibkeyuser")  # the trader logs in again
    # Not two digits: the body's shape refuses it, before anything is looked at.
    push = client.pending_push(phone)
    approval = phone.approve(push, push.numbers[0])
    path = f"/v1/devices/{phone.device_id}/pushes/{push.transaction_id}"
    body = json.dumps(
        {"decision": "approve", "signature": base64.b64encode(approval.signature).decode(), "number": 100}
    ).encode()
    headers = {"Content-Type": "application/json", **phone.sign_request("POST", path, body)}
    refused = client.request("POST", path, data=body, headers=headers)
    assert (refused.status_code, error_of(refused)["code"]) == (400, "BAD_REQUEST")
    assert client.gateway.desk.status("ibkeyuser")["failures"] == 2
    assert client.phone_decide(phone, push).json()["status"] == "approved"
    assert client.get("/v1/login/push?wait=0", token=login.token).json()["step"] == "session"


def test_the_document_describes_number_matching(client: Client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    answer = schemas["PushAnswer"]["properties"]
    assert answer["decision"]["enum"] == ["approve", "deny", "report"]
    assert (answer["number"]["minimum"], answer["number"]["maximum"]) == (10, 99)
    assert "number" not in schemas["PushAnswer"]["required"]
    assert schemas["Push"]["properties"]["numbers"]["items"]["type"] == "integer"
    assert schemas["PushDecided"]["properties"]["reason"]["enum"] == ["wrong_number", "reported"]
    assert schemas["IbKeyPush"]["properties"]["number"]["maximum"] == 99
    assert "number" not in schemas["IbKeyPush"]["required"]


# --- the setting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "expected"),
    [('"off"', False), ('"on"', True), ("false", False), ("true", True), ('"OFF"', False)],
)
def test_push_number_matching_is_read_from_the_config_file(tmp_path: Path, toml: str, expected: bool):
    path = tmp_path / "sls.toml"
    path.write_text(f"push_number_matching = {toml}\n")
    assert config.read_config_file(path) == {"push_number_matching": expected}


@pytest.mark.parametrize("text", ["maybe", "2", "o n"])
def test_a_bad_push_number_matching_is_refused_with_one_line(tmp_path: Path, text: str):
    path = tmp_path / "sls.toml"
    path.write_text(f'push_number_matching = "{text}"\n')
    with pytest.raises(config.ConfigError) as info:
        config.read_config_file(path)
    assert str(info.value) == f"{path}: push_number_matching: write on or off"
    assert config.Settings().push_number_matching is True
