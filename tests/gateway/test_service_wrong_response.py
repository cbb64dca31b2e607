"""A wrong typed response (issue 16): still LOGIN_FAILED and counted (R3), but told what to check, by the
device kind (each kind's gateway part), and — when the response is right for another usable device of the
same user — which device made it. Never the response or a code in the message. The fresh challenge (or the
same one, for the kinds whose challenge stands) comes with it, numbered by `sequence`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.gateway.conftest import LOCAL, PASSWORD, PIN, Sls, card_response, dsc_response
from trader_login.auth import texts
from trader_login.auth.devices.phone import Phone
from trader_login.auth.gateway.errors import GatewayError

SMS_PHONE = "+15555550123"  # smsuser's phone in the demo seed


def _to_challenge(sls: Sls, user: str, device_id: str | None = None) -> tuple[str, dict[str, Any]]:
    token, out = sls.password(user)
    if out["step"] == "choose_device":
        out = sls.service.choose_device(token, device_id or out["preselected"])
    elif device_id is not None:
        assert out["device"]["id"] == device_id
    if out["challenge"]["kind"] == "ibkey_push":
        out = sls.service.switch_to_challenge(token)
    return token, out


def _wrong(sls: Sls, token: str, response: str) -> GatewayError:
    error = sls.refused("LOGIN_FAILED", sls.service.respond, token, response, LOCAL)
    assert error.status == 401
    _assert_nothing_secret(error, response)
    return error


def _assert_nothing_secret(error: GatewayError, *secrets: str) -> None:
    """Neither the message (English, id, params) nor anything but the public `next` step holds a secret."""
    wire = error.to_dict()["error"]
    told = json.dumps({k: v for k, v in wire.items() if k != "next"}, ensure_ascii=False)
    for secret in secrets:
        assert secret.replace(" ", "") not in told.replace(" ", "")
    assert str(error).startswith("LOGIN_FAILED: Login failed: ")


def _serial(device_id: str) -> str:
    return device_id[-4:]


# -- each kind's words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "kind", "wrong", "text", "fresh"),
    [
        ("dscuser", "dscplus", "00000000", texts.WRONG_RESPONSE_DSCPLUS, True),
        ("ibkeyuser", "ibkey_challenge", "00000000", texts.WRONG_RESPONSE_IBKEY, True),
        ("carduser", "card", "AAAAAA", texts.WRONG_RESPONSE_CARD, True),
        ("onlineuser", "online-card", "AAAAAA", texts.WRONG_RESPONSE_ONLINE_CARD, True),
        ("tempuser", "temp_passcode", "NOTITATALL", texts.WRONG_RESPONSE_TEMP_PASSCODE, False),
    ],
)
def test_a_wrong_response_says_what_to_check_by_kind_and_is_counted(
    sls: Sls, user: str, kind: str, wrong: str, text: texts.Text, fresh: bool
):
    token, out = _to_challenge(sls, user)
    assert out["challenge"]["kind"] == kind
    shown = out["challenge"]["sequence"]  # 1, or 2 after IB Key's push (switched to challenge/response)
    assert shown == (2 if kind == "ibkey_challenge" else 1)
    error = _wrong(sls, token, wrong)
    serial = _serial(out["device"]["id"])
    expected = texts.message(text, serial=serial) if "serial" in text.params else texts.message(text)
    assert error.message == expected
    if "serial" in text.params:
        assert f"(serial …{serial})" in error.message.english
    assert sls.failures(user) == 1  # R3 counts it, as before
    following = error.details["next"]["challenge"]
    assert following["kind"] == kind
    if fresh:  # a new challenge of the same kind, numbered on
        assert following["sequence"] == shown + 1
        assert "new" in error.message.english
    else:  # the passcode the trader was told stays: the same challenge, its number kept
        assert following == out["challenge"]


def test_a_refused_security_key_answer_and_a_wrong_enrolment_code_say_what_to_check(sls: Sls):
    """The security key answers with a credential, not typed: a refused one (here for another origin) is
    told `wrong_response_passkey`, counted, with a fresh challenge; a wrong enrolment code is told
    `wrong_enrolment_code`, counted, with a fresh one too. Neither names the code or the credential."""
    from tests.gateway.test_passkey_http import ceremony

    key = sls.device("passkeyuser", "passkey")
    token, out = _to_challenge(sls, "passkeyuser")
    assert out["challenge"]["kind"] == "passkey"
    credential = ceremony(key, out["challenge"]["public_key"], "https://evil.example", phished=True)
    answer = sls.service.second_factor.respond_credential
    error = sls.refused("LOGIN_FAILED", answer, token, credential, None, LOCAL)
    assert error.message == texts.message(texts.WRONG_RESPONSE_PASSKEY)
    _assert_nothing_secret(error, credential["response"]["signature"])
    assert sls.failures("passkeyuser") == 1
    following = error.details["next"]["challenge"]
    assert following["kind"] == "passkey"
    assert following["sequence"] == out["challenge"]["sequence"] + 1
    code = sls.desk.add_device("passkeyuser", "passkey")
    token, out = _to_challenge(sls, "passkeyuser", code.device_id)
    assert out["challenge"]["kind"] == "passkey_enrolment"
    error = _wrong(sls, token, "2222-3333-4444")
    assert error.message == texts.message(texts.WRONG_ENROLMENT_CODE)
    _assert_nothing_secret(error, code.code)
    assert sls.failures("passkeyuser") == 2
    assert error.details["next"]["challenge"]["sequence"] == out["challenge"]["sequence"] + 1


def test_a_wrong_sms_code_names_the_masked_number_and_the_code_stands(sls: Sls):
    token, out = _to_challenge(sls, "smsuser")
    code = sls.latest_code(SMS_PHONE)
    wrong = next(c for c in ("000000", "111111") if c != code)
    error = _wrong(sls, token, wrong)
    _assert_nothing_secret(error, code)
    masked = Phone(SMS_PHONE).masked_number
    assert error.message == texts.message(texts.WRONG_RESPONSE_SMS, number=masked)
    assert error.details["next"]["challenge"] == out["challenge"]  # the texted code stays valid
    assert sls.failures("smsuser") == 1
    assert sls.service.respond(token, code, LOCAL)["step"] == "session"


def test_a_wrong_code_after_a_voice_call_says_the_call(sls: Sls):
    token, _ = _to_challenge(sls, "smsuser")
    sls.clock.advance(31)
    called = sls.service.resend_code(token, "voice", LOCAL)
    assert called["challenge"]["sequence"] == 2  # a new code is a new challenge
    code = sls.latest_code(SMS_PHONE)
    wrong = next(c for c in ("000000", "111111") if c != code)
    error = _wrong(sls, token, wrong)
    _assert_nothing_secret(error, code)
    assert error.message == texts.message(texts.WRONG_RESPONSE_VOICE, number=Phone(SMS_PHONE).masked_number)
    assert error.details["next"]["challenge"]["sequence"] == 2


def test_a_wrong_authenticator_code_says_to_type_the_code_of_now(sls: Sls):
    token, out = _to_challenge(sls, "totpuser")
    app = sls.device("totpuser", "totp")
    right = app.code(sls.clock())
    wrong = next(
        c
        for c in ("000000", "111111", "222222")
        if c not in {app.code(sls.clock() + s * 30) for s in (-1, 0, 1)}
    )
    error = _wrong(sls, token, wrong)
    _assert_nothing_secret(error, right)
    assert error.message == texts.message(texts.WRONG_RESPONSE_TOTP)
    assert error.details["next"]["challenge"] == out["challenge"]
    assert sls.failures("totpuser") == 1


# -- the wrong device of the user's own ---------------------------------------------------------------------


def test_a_response_from_the_users_other_dscplus_says_which_one(sls: Sls):
    sls.desk.add_user("twodsc", PASSWORD)
    first = sls.desk.add_device("twodsc", "dscplus", pin=PIN)
    second = sls.desk.add_device("twodsc", "dscplus", pin=PIN)
    token, out = _to_challenge(sls, "twodsc", first.serial)
    digits = out["challenge"]["challenge"]
    from_second = dsc_response(second, digits)
    error = _wrong(sls, token, from_second)
    assert error.message == texts.message(
        texts.RESPONSE_FROM_OTHER_DSCPLUS, used=_serial(second.serial), serial=_serial(first.serial)
    )
    assert f"other DSC+ (serial …{_serial(second.serial)})" in error.message.english
    assert sls.failures("twodsc") == 1  # still a failed attempt (R3)
    fresh = error.details["next"]["challenge"]
    assert fresh["sequence"] == 2
    # The old challenge is gone; the right device's answer to the new one opens the session.
    assert sls.service.respond(token, dsc_response(first, fresh["challenge"]), LOCAL)["step"] == "session"


def test_a_response_from_the_users_other_ibkey_app_says_which_one(sls: Sls):
    sls.desk.add_user("twophones", PASSWORD)
    first = sls.desk.add_device("twophones", "ibkey")
    second = sls.desk.add_device("twophones", "ibkey")
    token, out = _to_challenge(sls, "twophones", first.device_id)
    error = _wrong(sls, token, second.respond(out["challenge"]["challenge"]))
    assert error.message == texts.message(
        texts.RESPONSE_FROM_OTHER_IBKEY, used=_serial(second.device_id), serial=_serial(first.device_id)
    )


def test_codes_from_the_users_online_card_on_the_card_page_say_which_card(sls: Sls):
    sls.desk.add_user("twocards", PASSWORD)
    card = sls.desk.add_device("twocards", "card")
    online = sls.desk.add_device("twocards", "online-card")
    token, out = _to_challenge(sls, "twocards", card.serial)
    assert out["challenge"]["kind"] == "card"
    error = _wrong(sls, token, card_response(online, out["challenge"]))
    assert error.message == texts.message(
        texts.RESPONSE_FROM_ONLINE_CARD, used=_serial(online.serial), serial=_serial(card.serial)
    )
    assert sls.failures("twocards") == 1


def test_another_users_device_is_never_named(sls: Sls):
    """Only the user's own devices are tried: a response from someone else's DSC+ is just wrong."""
    token, out = _to_challenge(sls, "dscuser")
    theirs = sls.device("linkeduser", "dscplus")
    error = _wrong(sls, token, dsc_response(theirs, out["challenge"]["challenge"]))
    assert error.message == texts.message(texts.WRONG_RESPONSE_DSCPLUS, serial=_serial(out["device"]["id"]))
    assert theirs.serial[-4:] not in json.dumps(error.message.to_wire())


def test_a_device_that_cannot_take_the_challenge_is_not_named(sls: Sls):
    """multiuser's IB Key app takes 8-digit challenges: it cannot have answered a DSC+'s 6 digits."""
    token, out = _to_challenge(sls, "multiuser", sls.device_id("multiuser", "dscplus"))
    app = sls.device("multiuser", "ibkey")
    error = _wrong(sls, token, app.respond(out["challenge"]["challenge"] + "00"))
    assert error.message.id == texts.WRONG_RESPONSE_DSCPLUS.id


def test_the_tenth_wrong_response_still_locks(sls: Sls):
    sls.desk.add_user("twodsc", PASSWORD)
    first = sls.desk.add_device("twodsc", "dscplus", pin=PIN)
    second = sls.desk.add_device("twodsc", "dscplus", pin=PIN)
    token, out = _to_challenge(sls, "twodsc", first.serial)
    codes = []
    for _ in range(10):
        try:
            out = sls.service.respond(token, dsc_response(second, out["challenge"]["challenge"]), LOCAL)
        except GatewayError as error:
            codes.append(error.code)
            out = error.details.get("next", out)
    assert codes == ["LOGIN_FAILED"] * 9 + ["LOCKED"]
    assert sls.locked_until("twodsc") is not None


# -- the challenge the one shown replaced -------------------------------------------------------------------


@pytest.mark.parametrize("user", ["dscuser", "ibkeyuser", "carduser"])
def test_the_right_answer_to_the_replaced_challenge_is_told_so(sls: Sls, user: str):
    """A device or emulator still showing the old challenge: its (right) answer to that one is refused
    and told so — counted like any wrong answer; only the challenge just replaced is recognised."""
    token, out = _to_challenge(sls, user)
    old = out["challenge"]
    old_answer = _right_answer(sls, user, old)
    first = _wrong(sls, token, "AAAAAA" if user == "carduser" else "00000000")
    newer = first.details["next"]["challenge"]
    stale = _wrong(sls, token, old_answer)
    assert stale.message == texts.message(texts.RESPONSE_TO_PREVIOUS_CHALLENGE)
    assert sls.failures(user) == 2
    newest = stale.details["next"]["challenge"]
    assert newest["sequence"] == newer["sequence"] + 1
    # Only one back: `old` is two challenges back now, and its answer is just wrong (unless, by chance,
    # the newest challenge is `old` again: two of 9,900 card index pairs).
    if old_answer != _right_answer(sls, user, newest):
        again = _wrong(sls, token, old_answer)
        assert again.message.id.startswith("wrong_response_")
        newest = again.details["next"]["challenge"]
    assert sls.service.respond(token, _right_answer(sls, user, newest), LOCAL)["step"] == "session"


def _right_answer(sls: Sls, user: str, challenge: dict[str, Any]) -> str:
    if challenge["kind"] == "dscplus":
        return dsc_response(sls.device(user, "dscplus"), challenge["challenge"])
    if challenge["kind"] == "ibkey_challenge":
        return sls.device(user, "ibkey").respond(challenge["challenge"])
    return card_response(sls.device(user, challenge["kind"]), challenge)
