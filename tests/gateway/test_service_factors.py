"""Second factors through the SLS service: R4 (wrong response, spaces, case), R5 (IB Key push and
challenge/response), R6 (DSC+ PIN), R7 (card indices), R10 (SMS and voice), the 180 s life of every challenge,
and replays."""

from __future__ import annotations

import re

import pytest

from tests.gateway.conftest import LOCAL, PIN, Sls, b64d, card_response, dsc_response
from trader_login.auth import otp
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.kinds.card import issue_indices

SMS_PHONE = "+15555550123"  # smsuser's phone in the demo seed
CHALLENGE_TTL = 180  # SPEC §4: every challenge; written out so that a changed constant fails here
SMS_CODE_TTL = 300  # R10: 5 minutes

# -- R4: wrong responses -------------------------------------------------------------------------------------


def _to_challenge(sls: Sls, user: str) -> tuple[str, dict]:
    token, out = sls.password(user)
    if user == "ibkeyuser":
        out = sls.service.switch_to_challenge(token)
    return token, out


def _right_answer(sls: Sls, user: str, challenge: dict) -> str:
    if challenge["kind"] == "dscplus":
        return dsc_response(sls.device(user, "dscplus"), challenge["challenge"])
    if challenge["kind"] == "ibkey_challenge":
        return sls.device(user, "ibkey").respond(challenge["challenge"])
    return card_response(sls.device(user, challenge["kind"]), challenge)


@pytest.mark.parametrize(
    ("user", "kind", "wrong"),
    [
        ("dscuser", "dscplus", "00000000"),
        ("ibkeyuser", "ibkey_challenge", "00000000"),
        ("carduser", "card", "AAAAAA"),
        ("onlineuser", "online-card", "AAAAAA"),
    ],
)
def test_r4_wrong_response_is_login_failed_with_a_fresh_challenge(sls: Sls, user, kind, wrong):
    token, out = _to_challenge(sls, user)
    old = out["challenge"]
    assert old["kind"] == kind
    old_answer = _right_answer(sls, user, old)
    sls.clock.advance(1)
    error = sls.refused("LOGIN_FAILED", sls.service.respond, token, wrong, LOCAL)
    # Told what to check, by the kind (test_service_wrong_response.py has each kind's words).
    assert error.message.id == f"wrong_response_{kind.split('_')[0].replace('-', '_')}"
    assert error.message.english.startswith("Login failed: ")
    assert error.status == 401
    fresh = error.details["next"]
    assert fresh["step"] == "second_factor"
    assert fresh["challenge"]["kind"] == kind  # the same kind of challenge, not another factor
    assert fresh["challenge"]["expires_at"] == sls.clock() + CHALLENGE_TTL
    assert fresh["challenge"]["sequence"] == old["sequence"] + 1  # the page tells the new one by it
    if kind != "card" and kind != "online-card":  # two of 9,900 index pairs may repeat by chance
        assert fresh["challenge"]["challenge"] != old["challenge"]
        # The old challenge is gone: its right answer no longer opens the login.
        sls.refused("LOGIN_FAILED", sls.service.respond, token, old_answer, LOCAL)
        fresh = sls.refused("LOGIN_FAILED", sls.service.respond, token, wrong, LOCAL).details["next"]
    result = sls.service.respond(token, _right_answer(sls, user, fresh["challenge"]), LOCAL)
    assert result["step"] == "session"


@pytest.mark.parametrize("user", ["dscuser", "ibkeyuser", "carduser"])
def test_r4_spaces_in_responses_are_removed(sls: Sls, user):
    token, out = _to_challenge(sls, user)
    answer = _right_answer(sls, user, out["challenge"])
    spaced = " ".join(answer[i : i + 2] for i in range(0, len(answer), 2)) + "\u3000"
    assert sls.service.respond(token, f" {spaced} ", LOCAL)["step"] == "session"


def test_r4_card_codes_are_accepted_in_lower_case(sls: Sls):
    token, out = sls.password("carduser")
    answer = card_response(sls.device("carduser", "card"), out["challenge"])
    assert (
        sls.service.respond(token, f"{answer[:3].lower()} {answer[3:].lower()}", LOCAL)["step"] == "session"
    )


def test_r4_r9_temporary_passcode_is_accepted_in_lower_case_with_spaces(sls: Sls):
    token, out = sls.password("tempuser")
    assert out["challenge"]["kind"] == "temp_passcode"
    code = sls.desk.demo_temp_passcode("tempuser")
    assert code == code.upper()
    assert sls.service.respond(token, f"{code[:4].lower()} {code[4:].lower()}", LOCAL)["step"] == "session"


def test_r4_sms_code_with_spaces_is_accepted(sls: Sls):
    token, _ = sls.password("smsuser")
    code = sls.latest_code(SMS_PHONE)
    assert sls.service.respond(token, f"{code[:3]} {code[3:]}", LOCAL)["step"] == "session"


# -- R5: IB Key ----------------------------------------------------------------------------------------------


def test_r5_approving_the_push_finishes_the_login_by_itself(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, out = sls.password("ibkeyuser")
    challenge = out["challenge"]
    assert challenge["kind"] == "ibkey_push"
    assert challenge["message"] == "A notification was sent to your phone"
    assert challenge["seconds"] == 180
    assert sls.service.push_status(token)["status"] == "pending"
    (request,) = sls.push_requests(app.device_id)
    assert request.username == "ibkeyuser"
    assert LOCAL in request.summary
    assert sls.decide(app, "approve", request)["status"] == "approved"
    result = sls.service.push_status(token)
    assert result["step"] == "session"
    assert result["session"]["device"]["kind"] == "ibkey"


def test_r5_denying_the_push_is_login_failed(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    (denied,) = sls.push_requests(app.device_id)
    sls.decide(app, "deny", denied)
    error = sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert error.message.english == "Login failed"
    assert error.details["next"]["challenge"]["kind"] == "ibkey_push"
    (fresh,) = sls.push_requests(app.device_id)  # a new notification, not the denied one
    assert fresh.transaction_id != denied.transaction_id
    sls.decide(app, "approve", fresh)
    assert sls.service.push_status(token)["step"] == "session"


def test_r5_switching_to_challenge_response_cancels_the_push(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    (request,) = sls.push_requests(app.device_id)
    out = sls.service.switch_to_challenge(token)
    assert out["challenge"]["kind"] == "ibkey_challenge"
    assert re.fullmatch(r"[0-9]{8}", out["challenge"]["challenge"])
    assert sls.push_requests(app.device_id) == []
    approval = app.approve(request, sls.push_number(request.transaction_id))
    sls.refused(
        "EXPIRED",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        approval.signature,
        approval.number,
    )
    sls.refused("BAD_REQUEST", sls.service.push_status, token)
    result = sls.service.respond(token, app.respond(out["challenge"]["challenge"]), LOCAL)
    assert result["session"]["device"]["kind"] == "ibkey"


def test_r5_choosing_another_device_withdraws_the_push(sls: Sls):
    token, _ = sls.password("multiuser")
    ibkey = sls.device_id("multiuser", "ibkey")
    sls.service.choose_device(token, ibkey)
    assert len(sls.service.pending_pushes(ibkey)) == 1
    sls.service.choose_device(token, sls.device_id("multiuser", "dscplus"))
    assert sls.service.pending_pushes(ibkey) == []


def test_r5_push_decisions_must_be_signed_by_the_device_for_this_transaction(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    stranger = sls.device("multiuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    (request,) = sls.push_requests(app.device_id)
    number = sls.push_number(request.transaction_id)
    by_stranger = stranger.approve(request, number)
    sls.refused(
        "BAD_SIGNATURE",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        by_stranger.signature,
        number,
    )
    denial = app.deny(request)  # signed "deny", sent as "approve"
    sls.refused(
        "BAD_SIGNATURE",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        denial.signature,
        number,
    )
    assert sls.service.push_status(token)["status"] == "pending"


def test_r5_an_approval_is_bound_to_its_login(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    first, _ = sls.password("ibkeyuser")
    (old,) = sls.push_requests(app.device_id)
    sls.service.cancel(first)
    second, _ = sls.password("ibkeyuser")
    (new,) = sls.push_requests(app.device_id)
    old_approval = app.approve(old, sls.push_number(old.transaction_id))
    sls.refused(
        "EXPIRED",
        sls.service.decide_push,
        app.device_id,
        old.transaction_id,
        "approve",
        old_approval.signature,
        old_approval.number,
    )
    new_number = sls.push_number(new.transaction_id)
    sls.refused(
        "BAD_SIGNATURE",
        sls.service.decide_push,
        app.device_id,
        new.transaction_id,
        "approve",
        old_approval.signature,
        new_number,
    )
    assert sls.service.push_status(second)["status"] == "pending"


def test_r5_push_expires_after_180_seconds_without_counting(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    (request,) = sls.push_requests(app.device_id)
    sls.clock.advance(179)
    assert sls.service.push_status(token)["status"] == "pending"
    sls.clock.advance(1)
    assert sls.push_requests(app.device_id) == []
    sls.refused("EXPIRED", sls.service.push_status, token)
    sls.refused("EXPIRED", sls.service.push_status, token)  # and stays expired
    sls.refused(
        "EXPIRED",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        app.approve(request, request.numbers[0]).signature,
        request.numbers[0],
    )
    assert sls.failures("ibkeyuser") == 0
    # The login goes on: challenge/response still works.
    out = sls.service.switch_to_challenge(token)
    assert sls.service.respond(token, app.respond(out["challenge"]["challenge"]), LOCAL)["step"] == "session"


# -- R6, R7 --------------------------------------------------------------------------------------------------


def test_r6_dscplus_response_made_with_another_pin_fails(sls: Sls):
    device = sls.device("dscuser", "dscplus").to_dict()
    token, out = sls.password("dscuser")
    challenge = out["challenge"]["challenge"]
    wrong_pin_hash = otp.ocra_pin_hash(otp.DSCPLUS_SUITE, "9999")
    secret = b64d(device["secret"])
    response = otp.ocra(otp.DSCPLUS_SUITE, secret, challenge, pin_hash=wrong_pin_hash)
    sls.refused("LOGIN_FAILED", sls.service.respond, token, response, LOCAL)
    assert sls.failures("dscuser") == 1


def test_r6_dscplus_device_refuses_a_wrong_pin(sls: Sls):
    dsc = sls.device("dscuser", "dscplus")
    dsc.press_button()
    for key in "9999":
        dsc.press_key(key)
    dsc.press_ok()
    assert dsc.display == "PIN ERROR"
    assert dsc_response(sls.device("dscuser", "dscplus"), "123456", PIN).isdigit()


def test_r7_card_challenges_are_two_distinct_indices_in_1_to_100():
    seen = set()
    for _ in range(3000):
        first, second = issue_indices("card", 0.0).public["indices"]
        assert first != second
        assert 1 <= first <= 100
        assert 1 <= second <= 100
        seen.update((first, second))
    assert seen == set(range(1, 101))


# -- R10: SMS and voice --------------------------------------------------------------------------------------


def test_r10_sms_code_is_sent_to_the_masked_number(sls: Sls):
    token, out = sls.password("smsuser")
    challenge = out["challenge"]
    assert challenge["kind"] == "sms"
    assert challenge["message"] == "A code was sent to +1 ••• ••• 0123"
    assert challenge["masked_number"] == "+1 ••• ••• 0123"
    assert challenge["codes_left"] == 4
    assert "0123" not in str({k: v for k, v in challenge.items() if k not in ("message", "masked_number")})
    (message,) = sls.messages(SMS_PHONE)
    assert message["channel"] == "sms"
    assert sls.service.respond(token, sls.latest_code(SMS_PHONE), LOCAL)["session"]["device"]["kind"] == "sms"


def test_r10_resend_not_before_30_seconds(sls: Sls):
    token, _ = sls.password("smsuser")
    sls.clock.advance(10)
    error = sls.refused("RATE_LIMITED", sls.service.resend_code, token, "sms", LOCAL)
    assert error.details["retry_after"] == 20
    assert error.status == 429
    sls.clock.advance(19)
    assert (
        sls.refused("RATE_LIMITED", sls.service.resend_code, token, "sms", LOCAL).details["retry_after"] == 1
    )
    sls.clock.advance(1)
    assert sls.service.resend_code(token, "sms", LOCAL)["challenge"]["kind"] == "sms"
    assert len(sls.messages(SMS_PHONE)) == 2


def test_r10_a_resend_voids_the_previous_code(sls: Sls):
    token, _ = sls.password("smsuser")
    first = sls.latest_code(SMS_PHONE)
    sls.clock.advance(30)
    sls.service.resend_code(token, "sms", LOCAL)
    second = sls.latest_code(SMS_PHONE)
    if first != second:  # one in a million they coincide
        sls.refused("LOGIN_FAILED", sls.service.respond, token, first, LOCAL)
    assert sls.service.respond(token, second, LOCAL)["step"] == "session"


def test_r10_voice_callback_reads_the_code_digit_by_digit(sls: Sls):
    token, _ = sls.password("smsuser")
    sls.clock.advance(30)
    out = sls.service.resend_code(token, "voice", LOCAL)
    assert out["challenge"]["message"] == "You will receive a call within a minute"
    assert out["challenge"]["channel"] == "voice"
    call = sls.messages(SMS_PHONE)[-1]
    assert call["channel"] == "voice"
    code = sls.latest_code(SMS_PHONE)
    assert ", ".join(code) in call["text"]  # "1, 2, 3, 4, 5, 6"
    assert code not in call["text"]  # never as one number
    assert sls.service.respond(token, code, LOCAL)["step"] == "session"


def test_r10_at_most_five_codes_per_login(sls: Sls):
    token, _ = sls.password("smsuser")
    for left in (3, 2, 1, 0):
        sls.clock.advance(30)
        channel = "voice" if left % 2 else "sms"
        assert sls.service.resend_code(token, channel, LOCAL)["challenge"]["codes_left"] == left
    sls.clock.advance(30)
    error = sls.refused("TOO_MANY_CODES", sls.service.resend_code, token, "sms", LOCAL)
    assert error.status == 429
    assert len(sls.messages(SMS_PHONE)) == 5
    # The last code still works.
    assert sls.service.respond(token, sls.latest_code(SMS_PHONE), LOCAL)["step"] == "session"


def test_r10_choosing_the_sms_device_again_counts_towards_the_five(sls: Sls):
    phone = sls.device("multiuser", "sms").number
    sms, dsc = sls.device_id("multiuser", "sms"), sls.device_id("multiuser", "dscplus")
    token, _ = sls.password("multiuser")
    sls.service.choose_device(token, sms)
    sls.service.choose_device(token, dsc)
    sls.refused("RATE_LIMITED", sls.service.choose_device, token, sms)  # chosen again within 30 s
    for _ in range(4):
        sls.clock.advance(30)
        sls.service.choose_device(token, dsc)
        sls.service.choose_device(token, sms)
    assert len(sls.messages(phone)) == 5
    sls.clock.advance(30)
    sls.service.choose_device(token, dsc)
    sls.refused("TOO_MANY_CODES", sls.service.choose_device, token, sms)
    assert len(sls.messages(phone)) == 5


def test_r10_codes_expire_after_five_minutes_without_counting(sls: Sls):
    token, _ = sls.password("smsuser")
    code = sls.latest_code(SMS_PHONE)
    sls.clock.advance(SMS_CODE_TTL)
    error = sls.refused("EXPIRED", sls.service.respond, token, code, LOCAL)
    assert error.details["next"]["challenge"]["kind"] == "sms"
    assert len(sls.messages(SMS_PHONE)) == 1  # not re-sent unasked
    assert sls.failures("smsuser") == 0
    sls.service.resend_code(token, "sms", LOCAL)
    assert sls.service.respond(token, sls.latest_code(SMS_PHONE), LOCAL)["step"] == "session"


def test_r10_code_is_valid_until_five_minutes(sls: Sls):
    token, _ = sls.password("smsuser")
    sls.clock.advance(SMS_CODE_TTL - 1)
    assert sls.service.respond(token, sls.latest_code(SMS_PHONE), LOCAL)["step"] == "session"


def test_r10_wrong_code_leaves_the_sent_code_valid(sls: Sls):
    token, _ = sls.password("smsuser")
    code = sls.latest_code(SMS_PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    error = sls.refused("LOGIN_FAILED", sls.service.respond, token, wrong, LOCAL)
    assert error.details["next"]["challenge"]["kind"] == "sms"
    assert sls.service.respond(token, code, LOCAL)["step"] == "session"


def test_r10_resend_is_only_for_sms_logins(sls: Sls):
    token, _ = sls.password("dscuser")
    sls.refused("BAD_REQUEST", sls.service.resend_code, token, "sms", LOCAL)
    token, _ = sls.password("smsuser")
    sls.refused("BAD_REQUEST", sls.service.resend_code, token, "fax", LOCAL)


# -- every challenge expires after 180 s ---------------------------------------------------------------------


@pytest.mark.parametrize("user", ["dscuser", "ibkeyuser", "carduser", "onlineuser", "tempuser"])
def test_every_challenge_expires_after_180_seconds_with_a_fresh_one_and_no_failure(sls: Sls, user):
    token, out = _to_challenge(sls, user)
    challenge = out["challenge"]
    assert challenge["expires_at"] == sls.clock() + CHALLENGE_TTL
    answer = (
        sls.desk.demo_temp_passcode(user)
        if challenge["kind"] == "temp_passcode"
        else _right_answer(sls, user, challenge)
    )
    sls.clock.advance(CHALLENGE_TTL)
    error = sls.refused("EXPIRED", sls.service.respond, token, answer, LOCAL)
    fresh = error.details["next"]
    assert fresh["challenge"]["kind"] == challenge["kind"]
    assert fresh["challenge"]["expires_at"] == sls.clock() + CHALLENGE_TTL
    assert sls.failures(user) == 0
    answer = (
        sls.desk.demo_temp_passcode(user)
        if challenge["kind"] == "temp_passcode"
        else _right_answer(sls, user, fresh["challenge"])
    )
    assert sls.service.respond(token, answer, LOCAL)["step"] == "session"


def test_every_challenge_answered_at_179_seconds_is_accepted(sls: Sls):
    token, out = sls.password("dscuser")
    answer = _right_answer(sls, "dscuser", out["challenge"])
    sls.clock.advance(179)
    assert sls.service.respond(token, answer, LOCAL)["step"] == "session"


# -- replays -------------------------------------------------------------------------------------------------


def test_replay_of_an_srp_proof_is_refused(sls: Sls):
    client, started = sls.start("dscuser")
    proof = sls.proof(client, started)
    assert sls.service.prove(started["login_token"], proof, LOCAL)["step"] == "second_factor"
    sls.refused("EXPIRED", sls.service.prove, started["login_token"], proof, LOCAL)
    # Against a new login (a new B) the old proof is simply wrong.
    _, again = sls.start("dscuser")
    sls.refused("INVALID_CREDENTIALS", sls.service.prove, again["login_token"], proof, LOCAL)


def test_replay_of_an_answered_challenge_is_refused(sls: Sls):
    token, out = sls.password("dscuser")
    answer = _right_answer(sls, "dscuser", out["challenge"])
    assert sls.service.respond(token, answer, LOCAL)["step"] == "session"
    sls.refused("EXPIRED", sls.service.respond, token, answer, LOCAL)
    assert sls.desk.status("dscuser")["sessions"] == 1


def test_replay_of_an_approved_push_is_refused(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    (request,) = sls.push_requests(app.device_id)
    approval = app.approve(request, sls.push_number(request.transaction_id))
    sls.service.decide_push(
        app.device_id, request.transaction_id, "approve", approval.signature, approval.number
    )
    assert sls.service.push_status(token)["step"] == "session"
    sls.refused("EXPIRED", sls.service.push_status, token)
    sls.refused(
        "EXPIRED",
        sls.service.decide_push,
        app.device_id,
        request.transaction_id,
        "approve",
        approval.signature,
        approval.number,
    )
    assert sls.desk.status("ibkeyuser")["sessions"] == 1


def test_replay_of_a_used_sms_code_is_refused(sls: Sls):
    token, _ = sls.password("smsuser")
    code = sls.latest_code(SMS_PHONE)
    sls.service.logout(sls.service.respond(token, code, LOCAL)["session_token"])
    sls.refused("EXPIRED", sls.service.respond, token, code, LOCAL)
    token, _ = sls.password("smsuser")
    if sls.latest_code(SMS_PHONE) != code:  # one in a million the new code is the same
        sls.refused("LOGIN_FAILED", sls.service.respond, token, code, LOCAL)


def test_r5_a_typed_response_to_a_push_login_is_refused_uncounted(sls: Sls):
    token, _ = sls.password("ibkeyuser")
    with pytest.raises(GatewayError) as info:
        sls.service.respond(token, "12345678", LOCAL)
    assert info.value.code == "BAD_REQUEST"
    assert sls.failures("ibkeyuser") == 0
