"""R5 and R4: the IB Key app's challenge/response and its signed push approvals."""

from __future__ import annotations

import base64
import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.auth.devices.support import IBKEY_SECRET, make_ibkey
from trader_login.auth.devices import (
    IbKeyApp,
    PushDecision,
    PushRequest,
    push_signing_payload,
    verify_push_decision,
)
from trader_login.auth.otp import IBKEY_SUITE, ocra

_APP = make_ibkey()
_REQUEST = PushRequest.new("tx-fuzz", "ibkeyuser", created_at=1_700_000_000)


@pytest.fixture(scope="module")
def app() -> IbKeyApp:
    return make_ibkey()


@pytest.fixture(scope="module")
def other_app() -> IbKeyApp:
    return IbKeyApp.create()


@pytest.fixture
def request_() -> PushRequest:
    return PushRequest.new(
        "tx-0001", "ibkeyuser", summary="Trader Login from 127.0.0.1", created_at=1_700_000_000
    )


def test_r5_ibkey_response_is_the_ocra_of_the_challenge(app: IbKeyApp) -> None:
    for challenge in ("00000000", "12345678", "99999999"):
        assert app.respond(challenge) == ocra(IBKEY_SUITE, IBKEY_SECRET, challenge)
    assert len(app.respond("12345678")) == 8


@pytest.mark.parametrize("typed", ["1234 5678", " 12 34 56 78 ", "1234\t5678"])
def test_r4_ibkey_removes_spaces_from_the_challenge(app: IbKeyApp, typed: str) -> None:
    assert app.respond(typed) == ocra(IBKEY_SUITE, IBKEY_SECRET, "12345678")


@pytest.mark.parametrize(
    "challenge", ["", "1234567", "123456789", "1234567a", "1234-5678", "１２３４５６７８"]
)
def test_r5_ibkey_rejects_a_challenge_that_is_not_8_digits(app: IbKeyApp, challenge: str) -> None:
    with pytest.raises(ValueError, match="8 digits"):
        app.respond(challenge)


def test_r5_ibkey_public_key_is_an_uncompressed_p256_point(app: IbKeyApp) -> None:
    key = app.public_key_bytes()
    assert len(key) == 65
    assert key[0] == 0x04


def test_r5_push_approval_verifies(app: IbKeyApp, request_: PushRequest) -> None:
    decision = app.approve(request_)
    assert decision.decision == "approve"
    assert decision.transaction_id == request_.transaction_id
    assert decision.device_id == app.device_id
    assert verify_push_decision(app.public_key_bytes(), request_, decision)


def test_r5_push_denial_verifies_as_a_denial(app: IbKeyApp, request_: PushRequest) -> None:
    decision = app.deny(request_)
    assert decision.decision == "deny"
    assert verify_push_decision(app.public_key_bytes(), request_, decision)


@pytest.mark.parametrize(
    "change",
    [
        {"transaction_id": "tx-0002"},
        {"username": "dscuser"},
        {"nonce": bytes(32)},
        {"created_at": 1_700_000_001},
        {"summary": "Trader Login from 10.0.0.9"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_r5_push_signature_fails_for_another_request(
    app: IbKeyApp, request_: PushRequest, change: dict[str, object]
) -> None:
    decision = app.approve(request_)
    tampered = dataclasses.replace(request_, **change)
    forged = dataclasses.replace(decision, transaction_id=tampered.transaction_id)
    assert not verify_push_decision(app.public_key_bytes(), tampered, forged)


def test_r5_push_decision_for_another_transaction_fails(app: IbKeyApp, request_: PushRequest) -> None:
    other = PushRequest.new("tx-0002", request_.username, created_at=request_.created_at)
    decision = app.approve(other)
    assert not verify_push_decision(app.public_key_bytes(), request_, decision)


def test_r5_push_decision_relabelled_for_another_transaction_fails(
    app: IbKeyApp, request_: PushRequest
) -> None:
    relabelled = dataclasses.replace(app.approve(request_), transaction_id="tx-0002")
    assert not verify_push_decision(app.public_key_bytes(), request_, relabelled)


def test_r5_push_flipped_decision_fails(app: IbKeyApp, request_: PushRequest) -> None:
    denial = app.deny(request_)
    flipped = dataclasses.replace(denial, decision="approve")
    assert not verify_push_decision(app.public_key_bytes(), request_, flipped)
    approval = app.approve(request_)
    assert not verify_push_decision(
        app.public_key_bytes(), request_, dataclasses.replace(approval, decision="deny")
    )


def test_r5_push_signed_by_another_device_fails(
    app: IbKeyApp, other_app: IbKeyApp, request_: PushRequest
) -> None:
    decision = other_app.approve(request_)
    assert not verify_push_decision(app.public_key_bytes(), request_, decision)


@pytest.mark.parametrize("key", [b"", b"\x04" + bytes(64), b"\x02" + bytes(32), bytes(65), b"not a key"])
def test_r5_push_verify_returns_false_for_a_malformed_key(
    app: IbKeyApp, request_: PushRequest, key: bytes
) -> None:
    assert verify_push_decision(key, request_, app.approve(request_)) is False


def test_r5_push_verify_returns_false_for_an_unknown_decision(app: IbKeyApp, request_: PushRequest) -> None:
    decision = dataclasses.replace(app.approve(request_), decision="maybe")
    assert verify_push_decision(app.public_key_bytes(), request_, decision) is False


@given(signature=st.binary(max_size=80))
def test_r5_push_verify_returns_false_for_any_forged_signature(signature: bytes) -> None:
    app = _APP
    request = _REQUEST
    decision = PushDecision(app.device_id, request.transaction_id, "approve", signature)
    assert verify_push_decision(app.public_key_bytes(), request, decision) is False


def test_push_signing_payload_is_prefixed_canonical_json(request_: PushRequest) -> None:
    payload = push_signing_payload(request_, "approve")
    prefix = b"trader-login/ibkey-push/v1\n"
    assert payload.startswith(prefix)
    body = payload[len(prefix) :]
    parsed = json.loads(body)
    assert parsed == {
        "created_at": request_.created_at,
        "decision": "approve",
        "nonce": base64.b64encode(request_.nonce).decode(),
        "summary": request_.summary,
        "transaction_id": request_.transaction_id,
        "username": request_.username,
    }
    assert body == json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()
    assert push_signing_payload(request_, "deny") != payload
    with pytest.raises(ValueError, match="approve"):
        push_signing_payload(request_, "yes")


def test_push_request_new_draws_a_fresh_nonce() -> None:
    first = PushRequest.new("tx-1", "ibkeyuser")
    second = PushRequest.new("tx-1", "ibkeyuser")
    assert len(first.nonce) >= 16
    assert first.nonce != second.nonce
    assert isinstance(first.created_at, int)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"nonce": bytes(15)}, "16 bytes"),
        ({"transaction_id": ""}, "transaction id"),
        ({"username": ""}, "user name"),
        ({"created_at": 1.5}, "whole number"),
    ],
)
def test_push_request_rejects_bad_fields(fields: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "transaction_id": "tx",
        "username": "u",
        "nonce": bytes(16),
        "created_at": 0,
    }
    with pytest.raises(ValueError, match=message):
        PushRequest(**{**base, **fields})  # type: ignore[arg-type]


def test_ibkey_create_makes_distinct_devices() -> None:
    first, second = IbKeyApp.create(), IbKeyApp.create()
    assert first.device_id != second.device_id
    assert first.public_key_bytes() != second.public_key_bytes()
    assert first.respond("12345678") != second.respond("12345678")
    assert IbKeyApp.create("IBK-mine").device_id == "IBK-mine"
