"""Issue 19, Deliver 4: the IB Key app's push number matching - the three numbers a push offers, the
approval that names the picked one (signed under the v2 domain, the numbers with it), "This wasn't me"
(`report`), and v1 exactly as before when a push has no numbers."""

from __future__ import annotations

import base64
import dataclasses
import json

import pytest

from tests.auth.devices.support import make_ibkey
from trader_login.auth.devices import IbKeyApp, PushRequest, push_signing_payload, verify_push_decision
from trader_login.auth.devices.ibkey import PUSH_DOMAIN, PUSH_DOMAIN_V2, is_push_number

NUMBERS = (17, 42, 88)


@pytest.fixture(scope="module")
def app() -> IbKeyApp:
    return make_ibkey()


@pytest.fixture
def numbered() -> PushRequest:
    return PushRequest.new(
        "tx-0042",
        "ibkeyuser",
        summary="Trader Login from 127.0.0.1",
        created_at=1_700_000_000,
        numbers=NUMBERS,
    )


def test_number_matching_approval_names_the_picked_number_under_v2(app: IbKeyApp, numbered: PushRequest):
    decision = app.approve(numbered, 42)
    assert decision.number == 42
    assert verify_push_decision(app.public_key_bytes(), numbered, decision)
    payload = push_signing_payload(numbered, "approve", 42)
    assert payload.startswith(PUSH_DOMAIN_V2)
    body = payload[len(PUSH_DOMAIN_V2) :]
    parsed = json.loads(body)
    assert parsed == {
        "created_at": numbered.created_at,
        "decision": "approve",
        "nonce": base64.b64encode(numbered.nonce).decode(),
        "number": 42,
        "numbers": [17, 42, 88],
        "summary": numbered.summary,
        "transaction_id": numbered.transaction_id,
        "username": numbered.username,
    }
    assert body == json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()


def test_number_matching_signature_for_one_number_is_none_for_another(app: IbKeyApp, numbered: PushRequest):
    decision = app.approve(numbered, 42)
    for other in (17, 88, 43):
        assert not verify_push_decision(
            app.public_key_bytes(), numbered, dataclasses.replace(decision, number=other)
        )
    # Nor without the number (a v1 approval), nor for other numbers offered.
    assert not verify_push_decision(
        app.public_key_bytes(), numbered, dataclasses.replace(decision, number=None)
    )
    shown_otherwise = dataclasses.replace(numbered, numbers=(42, 17, 88))
    assert not verify_push_decision(app.public_key_bytes(), shown_otherwise, decision)


def test_number_matching_approval_needs_a_pick(app: IbKeyApp, numbered: PushRequest):
    with pytest.raises(ValueError, match="pick the number"):
        app.approve(numbered)


@pytest.mark.parametrize("number", [9, 100, -42, True, 42.0, "42"])
def test_number_matching_refuses_a_number_that_is_not_two_digits(
    app: IbKeyApp, numbered: PushRequest, number: object
):
    assert not is_push_number(number)
    with pytest.raises(ValueError, match="10 to 99"):
        push_signing_payload(numbered, "approve", number)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="10 to 99"):
        app.approve(numbered, number)  # type: ignore[arg-type]
    forged = dataclasses.replace(app.approve(numbered, 42), number=number)
    assert verify_push_decision(app.public_key_bytes(), numbered, forged) is False


def test_number_matching_report_and_deny_are_their_own_signed_decisions(app: IbKeyApp, numbered: PushRequest):
    report = app.report(numbered)
    deny = app.deny(numbered)
    assert (report.decision, report.number, deny.number) == ("report", None, None)
    assert verify_push_decision(app.public_key_bytes(), numbered, report)
    assert verify_push_decision(app.public_key_bytes(), numbered, deny)
    # A report is no denial and no approval, nor the reverse.
    for decision, other in ((report, "deny"), (report, "approve"), (deny, "report")):
        assert not verify_push_decision(
            app.public_key_bytes(), numbered, dataclasses.replace(decision, decision=other)
        )
    assert push_signing_payload(numbered, "report").startswith(PUSH_DOMAIN)


def test_without_numbers_the_push_is_v1_exactly_as_before(app: IbKeyApp, numbered: PushRequest):
    plain = dataclasses.replace(numbered, numbers=())
    payload = push_signing_payload(plain, "approve")
    assert payload.startswith(PUSH_DOMAIN)
    assert set(json.loads(payload[len(PUSH_DOMAIN) :])) == {
        "created_at",
        "decision",
        "nonce",
        "summary",
        "transaction_id",
        "username",
    }
    approval = app.approve(plain)
    assert approval.number is None
    assert verify_push_decision(app.public_key_bytes(), plain, approval)


@pytest.mark.parametrize(
    "numbers",
    [(17, 42), (17, 42, 88, 90), (17, 17, 88), (9, 42, 88), (17, 42, 100), (17, True, 88)],
    ids=["two", "four", "repeated", "one-digit", "three-digit", "bool"],
)
def test_a_push_offers_three_distinct_two_digit_numbers_or_none(numbers: object):
    with pytest.raises(ValueError, match="3 distinct numbers"):
        PushRequest.new("tx-1", "ibkeyuser", numbers=numbers)  # type: ignore[arg-type]


def test_a_push_s_numbers_are_a_tuple():
    with pytest.raises(ValueError, match="3 distinct numbers"):
        PushRequest("tx-1", "ibkeyuser", bytes(32), 1_700_000_000, "", [17, 42, 88])  # type: ignore[arg-type]


def test_a_picked_number_is_not_in_the_decision_repr(app: IbKeyApp, numbered: PushRequest):
    decision = app.approve(numbered, 42)
    assert decision.signature.hex() not in repr(decision)
    assert "signature" not in repr(decision)
