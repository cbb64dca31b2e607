"""The second-factor pages of the login flow (SPEC §2.2-2.3, §4, R4-R10, R16) against a fake gateway:
each step kind, wrong and expired answers, the push, SMS resends, read-only entry, the existing session."""

from __future__ import annotations

import pytest

from tests.client.flow_support import (
    DSC,
    IBKEY,
    NOW,
    PASSWORD,
    SESSION_TOKEN,
    SMS,
    FakeClock,
    FakeGateway,
    Recorder,
    card_step,
    choose_step,
    dsc_step,
    existing_step,
    ibkey_challenge_step,
    make_flow,
    push_step,
    refusal,
    session_object,
    session_step,
    sms_step,
    temp_step,
)
from trader_login.auth import texts
from trader_login.auth.client.flow import FlowStateError, LoginFlow
from trader_login.auth.client.views import Stage
from trader_login.auth.rules import LOGIN_FAILED_MESSAGE


def logged_in(
    step: dict, recorder: Recorder | None = None, clock: FakeClock | None = None
) -> tuple[LoginFlow, FakeGateway]:
    gateway = FakeGateway(step)
    flow = make_flow(gateway, recorder, clock)
    flow.log_in("dscuser", PASSWORD)
    return flow, gateway


# --- each page -------------------------------------------------------------------------------------------


def test_r6_dscplus_shows_the_six_digit_challenge() -> None:
    view = logged_in(dsc_step("595163"))[0].view
    assert view.stage is Stage.SECOND_FACTOR
    assert view.device is not None
    assert view.device.kind == "dscplus"
    assert view.challenge is not None
    assert (view.challenge.kind, view.challenge.digits) == ("dscplus", "595163")
    assert view.read_only_available
    assert not view.can_switch_to_challenge


def test_r7_card_shows_the_two_index_values() -> None:
    challenge = logged_in(card_step(17, 42))[0].view.challenge
    assert challenge is not None
    assert (challenge.kind, challenge.indices) == ("card", (17, 42))


def test_r5_push_shows_the_message_and_a_deadline_on_the_monotonic_clock() -> None:
    flow, _ = logged_in(push_step(), clock=FakeClock(5000.0))
    view = flow.view
    assert view.challenge is not None
    assert view.challenge.message == "A notification was sent to your phone"  # English, for the console
    assert view.problem is None  # the page says its own instructions
    assert (view.challenge.push_seconds, view.challenge.push_deadline) == (180, 5180.0)
    assert view.can_switch_to_challenge


def test_r10_sms_shows_the_masked_number_and_when_a_new_code_may_be_asked() -> None:
    flow, _ = logged_in(sms_step(resend_after=NOW + 30), clock=FakeClock(5000.0))
    challenge = flow.view.challenge
    assert challenge is not None
    assert (challenge.masked_number, challenge.channel, challenge.codes_left) == ("+1 ••• ••• 0123", "sms", 4)
    assert challenge.resend_after == 5030.0
    assert challenge.can_resend_code
    assert challenge.message == "A code was sent to +1 ••• ••• 0123"
    assert flow.view.problem is None


def test_a_gateway_clock_ahead_cannot_stretch_the_resend_wait() -> None:
    flow, _ = logged_in(sms_step(resend_after=NOW + 3600), clock=FakeClock(5000.0))
    assert flow.view.challenge is not None
    assert flow.view.challenge.resend_after == 5030.0


def test_m2fs_choosing_a_device_opens_its_page_and_keeps_the_list() -> None:
    flow, gateway = logged_in(choose_step(SMS, DSC, IBKEY))
    gateway.queue("choose_device", dsc_step())
    view = flow.choose_device(DSC["id"])
    assert view.stage is Stage.SECOND_FACTOR
    assert gateway.calls[-1][1][1] == DSC["id"]
    assert [d.kind for d in view.devices] == ["dscplus", "ibkey", "sms"]


def test_a_device_not_listed_is_refused_without_a_request() -> None:
    flow, gateway = logged_in(choose_step())
    view = flow.choose_device("DSC-not-mine")
    assert (view.stage, view.error_code) == (Stage.CHOOSE_DEVICE, "UNKNOWN_DEVICE")
    assert "choose_device" not in gateway.names()


# --- responses -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "typed", "sent"),
    [
        (dsc_step(), " 1234 5678 ", "12345678"),
        (ibkey_challenge_step(), "8765\u30004321", "87654321"),
        (card_step(), "abc def", "ABCDEF"),
        (sms_step(), "123 456", "123456"),
        (temp_step(), "ab12 cd34", "AB12CD34"),
    ],
    ids=["dscplus", "ibkey", "card", "sms", "temp-passcode"],
)
def test_r4_responses_are_sent_normalised(step: dict, typed: str, sent: str) -> None:
    flow, gateway = logged_in(step)
    gateway.queue("respond", session_step())
    view = flow.respond(typed)
    assert view.stage is Stage.DONE
    assert gateway.calls[-1][1][1] == sent


def test_a_response_that_cannot_be_right_is_not_sent() -> None:
    flow, gateway = logged_in(dsc_step())
    view = flow.respond("1234")
    assert (view.stage, view.error_code) == (Stage.SECOND_FACTOR, "RESPONSE_FORMAT")
    assert view.message == "The DSC+ response is 8 digits."
    assert "respond" not in gateway.names()


def test_r4_a_wrong_response_says_login_failed_with_a_fresh_challenge() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(dsc_step("111111"), recorder)
    gateway.queue("respond", refusal("LOGIN_FAILED", LOGIN_FAILED_MESSAGE, 401, next=dsc_step("222222")))
    view = flow.respond("12345678")
    assert (view.stage, view.message, view.error_code) == (
        Stage.SECOND_FACTOR,
        "Login failed",
        "LOGIN_FAILED",
    )
    assert view.challenge is not None
    assert view.challenge.digits == "222222"
    assert recorder.stages[-2:] == ["WORKING", "SECOND_FACTOR"]


def test_an_expired_challenge_is_replaced_with_the_gateways_message() -> None:
    flow, gateway = logged_in(dsc_step("111111"))
    expired = refusal("EXPIRED", "The challenge expired. Here is a new one.", 410, next=dsc_step("333333"))
    gateway.queue("respond", expired)
    view = flow.respond("12345678")
    assert (view.stage, view.error_code) == (Stage.SECOND_FACTOR, "EXPIRED")
    assert view.challenge is not None
    assert view.challenge.digits == "333333"


@pytest.mark.parametrize(("code", "status"), [("NO_DEVICE", 403), ("PORTAL_ONLY", 403), ("EXPIRED", 410)])
def test_refusals_that_end_the_login_during_the_second_factor_fail(code: str, status: int) -> None:
    flow, gateway = logged_in(temp_step())
    gateway.queue("respond", refusal(code, f"{code} text", status))
    view = flow.respond("AB12CD34")
    assert (view.stage, view.message, view.error_code) == (Stage.FAILED, f"{code} text", code)


def test_r3_locked_during_the_second_factor() -> None:
    flow, gateway = logged_in(dsc_step())
    gateway.queue("respond", refusal("LOCKED", "Locked.", 423, locked_until=NOW + 86400))
    view = flow.respond("12345678")
    assert (view.stage, view.locked_until) == (Stage.LOCKED, NOW + 86400)


# --- the push -------------------------------------------------------------------------------------------


def test_r5_a_pending_push_keeps_the_page_and_reports_nothing() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(push_step(), recorder)
    before = flow.view
    emitted = len(recorder.views)
    gateway.queue("wait_for_push", {**push_step(), "status": "pending"})
    assert flow.wait_for_push(max_wait=2) is before
    assert len(recorder.views) == emitted
    assert gateway.calls[-1][1][1] == 2


def test_r5_an_approved_push_finishes_the_login_by_itself() -> None:
    flow, gateway = logged_in(push_step())
    gateway.queue("wait_for_push", session_step(device={"kind": "ibkey", "label": "IB Key"}))
    view = flow.wait_for_push()
    assert view.stage is Stage.DONE
    assert view.session is not None
    assert view.session.device_kind == "ibkey"


def test_r5_an_approved_push_may_meet_an_existing_session() -> None:
    flow, gateway = logged_in(push_step())
    gateway.queue("wait_for_push", existing_step())
    assert flow.wait_for_push().stage is Stage.EXISTING_SESSION


def test_r5_a_denied_push_says_login_failed_and_a_new_notification_restarts_the_countdown() -> None:
    clock = FakeClock(5000.0)
    flow, gateway = logged_in(push_step(), clock=clock)
    clock.now = 5100.0
    gateway.queue("wait_for_push", refusal("LOGIN_FAILED", LOGIN_FAILED_MESSAGE, 401, next=push_step()))
    view = flow.wait_for_push()
    assert (view.stage, view.message) == (Stage.SECOND_FACTOR, "Login failed")
    assert view.challenge is not None
    assert view.challenge.push_deadline == 5280.0
    assert view.read_only_available


def test_r5_an_expired_push_says_so_and_a_new_one_can_be_sent() -> None:
    clock = FakeClock(5000.0)
    flow, gateway = logged_in(push_step(), clock=clock)
    clock.now = 5181.0
    same = {k: v for k, v in push_step().items() if k != "read_only_available"}
    gateway.queue("wait_for_push", refusal("EXPIRED", "The notification expired.", 410, next=same))
    view = flow.wait_for_push()
    assert (view.stage, view.error_code, view.message) == (
        Stage.SECOND_FACTOR,
        "EXPIRED",
        "The notification expired.",
    )
    assert view.challenge is not None
    assert view.challenge.push_deadline == 5181.0
    assert view.read_only_available  # kept from the page, though the repeated step does not say it
    gateway.queue("choose_device", push_step())
    view = flow.resend_push()
    assert gateway.calls[-1][0] == "choose_device"
    assert gateway.calls[-1][1][1] == IBKEY["id"]
    assert view.challenge is not None
    assert view.challenge.push_deadline == 5181.0 + 180


def test_r5_switching_to_challenge_response() -> None:
    flow, gateway = logged_in(push_step())
    gateway.queue("switch_to_challenge", ibkey_challenge_step("87654321"))
    view = flow.switch_to_challenge()
    assert view.challenge is not None
    assert (view.challenge.kind, view.challenge.digits) == ("ibkey_challenge", "87654321")
    assert not view.can_switch_to_challenge
    with pytest.raises(FlowStateError):
        flow.wait_for_push()


# --- SMS -------------------------------------------------------------------------------------------------


def test_r10_a_new_code_by_voice() -> None:
    flow, gateway = logged_in(sms_step())
    gateway.queue("resend_code", sms_step("voice", codes_left=3))
    view = flow.resend_code("voice")
    assert gateway.calls[-1][1][1] == "voice"
    assert view.challenge is not None
    assert (view.challenge.channel, view.challenge.codes_left) == ("voice", 3)
    assert view.challenge.message == "You will receive a call within a minute"


def test_r10_a_new_code_asked_too_soon_keeps_the_page_and_moves_the_resend_time() -> None:
    clock = FakeClock(5000.0)
    flow, gateway = logged_in(sms_step(), clock=clock)
    clock.now = 5010.0
    wait = refusal(
        "RATE_LIMITED", "Please wait 20 seconds before asking for a new code.", 429, retry_after=20
    )
    gateway.queue("resend_code", wait)
    view = flow.resend_code("sms")
    assert (view.stage, view.error_code, view.retry_after) == (Stage.SECOND_FACTOR, "RATE_LIMITED", 20)
    assert view.message == "Please wait 20 seconds before asking for a new code."
    assert view.challenge is not None
    assert view.challenge.resend_after == 5030.0


def test_r10_too_many_codes_keeps_the_page() -> None:
    flow, gateway = logged_in(sms_step())
    gateway.queue("resend_code", refusal("TOO_MANY_CODES", "No more codes can be sent.", 429))
    view = flow.resend_code("voice")
    assert (view.stage, view.error_code) == (Stage.SECOND_FACTOR, "TOO_MANY_CODES")
    assert view.challenge is not None
    assert view.challenge.kind == "sms"


def test_resend_code_is_for_the_sms_page_only() -> None:
    flow, _ = logged_in(dsc_step())
    with pytest.raises(FlowStateError):
        flow.resend_code("sms")
    with pytest.raises(ValueError, match="channel"):
        flow.resend_code("pigeon")


# --- read only, existing session, the session ------------------------------------------------------------


@pytest.mark.parametrize("step", [dsc_step(), choose_step()], ids=["second-factor", "device-list"])
def test_enter_read_only(step: dict) -> None:
    flow, gateway = logged_in(step)
    read_only = session_step(read_only=True, restrictions=[{"code": "read_only", "text": "Read only"}])
    gateway.queue("read_only", read_only)
    view = flow.enter_read_only()
    assert view.stage is Stage.DONE
    assert view.session is not None
    assert view.session.read_only
    assert [r.code for r in view.session.restrictions] == ["read_only"]


def test_read_only_entry_must_be_offered() -> None:
    flow, _ = logged_in({**dsc_step(), "read_only_available": False})
    with pytest.raises(FlowStateError, match="read-only"):
        flow.enter_read_only()


def test_r16_existing_session_taken_over() -> None:
    flow, gateway = logged_in(existing_step())
    gateway.queue("answer_existing_session", session_step())
    view = flow.answer_existing_session(True)
    assert view.stage is Stage.DONE
    assert gateway.calls[-1][1][1] is True


def test_r16_existing_session_kept_returns_cancelled() -> None:
    flow, gateway = logged_in(existing_step())
    gateway.queue("answer_existing_session", {"step": "cancelled"})
    view = flow.answer_existing_session(False)
    assert view.stage is Stage.CANCELLED
    assert gateway.calls[-1][1][1] is False
    flow.abandon()
    assert gateway.names()[-1] == "answer_existing_session"  # the gateway ended that login already


def test_the_session_is_polled_and_logged_out_with_the_private_token() -> None:
    flow, gateway = logged_in(session_step())
    gateway.queue("session_status", session_object(status="taken_over", message="Taken over elsewhere."))
    view = flow.check_session()
    assert view.session is not None
    assert view.session.status == "taken_over"
    # The protocol's status says it, in the catalogue, whatever English the gateway wrote.
    assert view.problem == texts.message(texts.TAKEN_OVER)
    view = flow.log_out()
    assert view.stage is Stage.CREDENTIALS
    assert gateway.calls[-1] == ("logout", (SESSION_TOKEN,))
    with pytest.raises(FlowStateError):
        flow.log_out()
