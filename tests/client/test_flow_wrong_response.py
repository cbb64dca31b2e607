"""What a page gets from a refused typed response (issue 16): the gateway's catalogue message (what to
check, by kind) as `view.problem`, the challenge to answer now as `view.challenge`, and `view.new_challenge`
when that challenge replaced the one answered — told by the challenge's `sequence`, or by what it shows
when a gateway sends no sequence."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.client.flow_support import (
    PASSWORD,
    FakeGateway,
    Recorder,
    dsc_step,
    make_flow,
    refusal,
    session_step,
    sms_step,
)
from trader_login.auth import texts
from trader_login.auth.client.errors import GatewayRefusal
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.views import Stage


def numbered(step: dict[str, Any], sequence: int) -> dict[str, Any]:
    return {**step, "challenge": {**step["challenge"], "sequence": sequence}}


def wire_refusal(code: str, message: texts.Message, status: int, **details: Any) -> GatewayRefusal:
    """A refusal as the transport reads it off the wire: the gateway's id and params, round-tripped."""
    error = {"code": code, "message": message.english, **message.to_wire(), **details}
    return GatewayRefusal.from_wire(json.loads(json.dumps(error)), status)


def logged_in(step: dict[str, Any], recorder: Recorder | None = None) -> tuple[LoginFlow, FakeGateway]:
    gateway = FakeGateway(step)
    flow = make_flow(gateway, recorder)
    flow.log_in("dscuser", PASSWORD)
    return flow, gateway


WRONG_DSC = texts.message(texts.WRONG_RESPONSE_DSCPLUS, serial="4403")


def test_a_wrong_response_gives_the_kinds_message_and_the_new_challenge_marked_new() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(numbered(dsc_step("111111"), 1), recorder)
    assert (flow.view.challenge.sequence, flow.view.new_challenge) == (1, False)
    gateway.queue(
        "respond", wire_refusal("LOGIN_FAILED", WRONG_DSC, 401, next=numbered(dsc_step("222222"), 2))
    )
    view = flow.respond("12345678")
    assert (view.stage, view.error_code, view.problem) == (Stage.SECOND_FACTOR, "LOGIN_FAILED", WRONG_DSC)
    assert view.message == (
        "Login failed: that is not the response of your DSC+ (serial …4403) to this challenge. Check the "
        "device, then answer the new challenge."
    )
    assert view.challenge is not None
    assert (view.challenge.digits, view.challenge.sequence) == ("222222", 2)
    assert view.new_challenge is True
    assert "12345678" not in repr(view)
    # After a format refusal the challenge is no longer "new"; nor while the next answer is checked.
    assert flow.respond("1").new_challenge is False
    gateway.queue("respond", session_step())
    assert flow.respond("87654321").stage is Stage.DONE
    working = recorder.views[-2]
    assert (working.stage, working.challenge, working.new_challenge) == (Stage.WORKING, view.challenge, False)


def test_the_same_challenge_standing_is_not_new() -> None:
    flow, gateway = logged_in(numbered(sms_step(), 1))
    told = texts.message(texts.WRONG_RESPONSE_SMS, number="+1 ••• ••• 0123")
    gateway.queue("respond", wire_refusal("LOGIN_FAILED", told, 401, next=numbered(sms_step(), 1)))
    view = flow.respond("000000")
    assert (view.problem, view.new_challenge) == (told, False)
    assert view.challenge is not None
    assert view.challenge.sequence == 1


@pytest.mark.parametrize(("digits", "new"), [("222222", True), ("111111", False)])
def test_without_a_sequence_a_new_challenge_is_told_by_what_it_shows(digits: str, new: bool) -> None:
    """A gateway of before `sequence`: the digits (index values, channel…) tell a new challenge."""
    flow, gateway = logged_in(dsc_step("111111"))
    gateway.queue("respond", refusal("LOGIN_FAILED", "Login failed", 401, next=dsc_step(digits)))
    view = flow.respond("12345678")
    assert view.challenge is not None
    assert (view.challenge.sequence, view.new_challenge) == (None, new)
    assert view.message == "Login failed"  # a message id this client does not know: the English as it is


def test_the_next_page_is_not_new() -> None:
    flow, gateway = logged_in(numbered(dsc_step("111111"), 1))
    gateway.queue(
        "respond",
        wire_refusal("LOGIN_FAILED", WRONG_DSC, 401, next=numbered(dsc_step("222222"), 2)),
        session_step(),
    )
    assert flow.respond("12345678").new_challenge is True
    done = flow.respond("87654321")
    assert (done.stage, done.new_challenge) == (Stage.DONE, False)


@pytest.mark.parametrize("sequence", [0, -1, "2", 1.5, True])
def test_a_sequence_that_is_not_the_protocol_is_refused(sequence: Any) -> None:
    flow, _ = logged_in(numbered(dsc_step(), sequence))
    assert (flow.view.stage, flow.view.error_code) == (Stage.FAILED, "PROTOCOL")
