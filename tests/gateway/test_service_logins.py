"""Whole logins through the SLS service, one per demo user, and what the session then shows: the device,
the R12 withdrawal limits, the restrictions (R9, R15), the accounts (R17), one session per user name (R16),
the device order of M2FS (R13) and paper mode."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from tests.gateway.conftest import LOCAL, PIN, Sls, card_response, dsc_response
from trader_login.auth import rules, texts, vocabulary
from trader_login.auth.gateway.sessions import withdrawal_limits
from trader_login.auth.gateway.store import sessions

UNLIMITED = {"per_day": None, "per_5_business_days": None}
EXISTING_SESSION_MESSAGE = (  # SPEC §2.3, word for word
    "This user name is already logged in elsewhere. Log in here and disconnect the other session?"
)
TAKEN_OVER_MESSAGE = texts.TAKEN_OVER.render()


def limits(per_day, per_week):
    return {"per_day": per_day, "per_5_business_days": per_week}


# user, device kind shown in the session, R12 limits, restriction codes
DEMO_LOGINS = [
    ("ibkeyuser", "ibkey", limits(1_000_000, 1_000_000), []),
    ("dscuser", "dscplus", UNLIMITED, []),
    ("carduser", "card", limits(200_000, 600_000), []),
    ("smsuser", "sms", limits(200_000, 600_000), []),
    ("multiuser", "dscplus", UNLIMITED, []),
    ("tempuser", "temp_passcode", limits(0, 0), ["temp_passcode"]),
    ("onlineuser", "online-card", limits(200_000, 600_000), []),
    ("optoutuser", None, limits(50_000, 100_000), ["sls_opt_out"]),
    ("linkeduser", "dscplus", UNLIMITED, []),
]


@pytest.mark.parametrize(("user", "kind", "expected_limits", "restrictions"), DEMO_LOGINS)
def test_r12_every_demo_user_logs_in_with_its_device_and_limits(
    sls: Sls, user, kind, expected_limits, restrictions
):
    result = sls.login(user)
    assert result["step"] == "session"
    assert result["session_token"]
    session = result["session"]
    assert session["status"] == "active"
    assert session["username"] == user
    assert session["mode"] == "live"
    assert session["read_only"] is False
    assert (session["device"] or {}).get("kind") == kind
    if kind is not None:
        assert session["device"]["label"] == vocabulary.DEVICE_KINDS[kind].label
    assert session["withdrawal_limits"] == expected_limits
    assert [r["code"] for r in session["restrictions"]] == restrictions
    assert all(r["text"] for r in session["restrictions"])
    assert len(session["accounts"]) >= 1
    assert session["expires_at"] > session["created_at"]
    assert sls.service.session_status(result["session_token"]) == session


def test_paper_mode_user_logs_in_with_password_only(sls: Sls):
    _, out = sls.password("paperuser", mode="paper")
    assert out["step"] == "session"
    session = out["session"]
    assert (session["mode"], session["device"], session["restrictions"]) == ("paper", None, [])


def test_r12_withdrawal_limits_by_device_kind():
    # R12 (USD per day, per 5 business days); None = unlimited.
    table = {
        None: (50_000, 100_000),
        "sms": (200_000, 600_000),
        "ibkey": (1_000_000, 1_000_000),
        "card": (200_000, 600_000),
        "online-card": (200_000, 600_000),
        "digital-security-card": (1_000_000, 1_500_000),
        "dscplus": (None, None),
        "platinum": (None, None),
        "gold": (None, None),
    }
    for kind, (per_day, per_week) in table.items():
        assert withdrawal_limits(kind, []) == limits(per_day, per_week), kind
        # R9 and read-only: no withdrawals at all, whatever the device.
        assert withdrawal_limits(kind, ["temp_passcode"]) == limits(0, 0), kind
        assert withdrawal_limits(kind, ["read_only"]) == limits(0, 0), kind


def test_r13_security_order_of_device_kinds():
    level = vocabulary.security_level
    assert level("platinum") == level("gold") == level("dscplus")
    assert level("dscplus") > level("digital-security-card") > level("ibkey") > level("sms")
    assert level("sms") == level("card")
    assert level("card") > level(None)


def test_r13_m2fs_lists_devices_highest_security_first_and_preselects_the_last_used(sls: Sls):
    token, out = sls.password("multiuser")
    assert out["step"] == "choose_device"
    assert [d["kind"] for d in out["devices"]] == ["dscplus", "ibkey", "sms"]
    assert [d["level"] for d in out["devices"]] == sorted((d["level"] for d in out["devices"]), reverse=True)
    assert out["preselected"] == out["devices"][0]["id"]  # nothing used yet: the most secure
    assert out["read_only_available"] is True
    sms_id = sls.device_id("multiuser", "sms")

    step = sls.service.choose_device(token, sms_id)
    assert step["step"] == "second_factor"
    result = sls.answer("multiuser", token, step)
    assert result["session"]["device"]["kind"] == "sms"
    sls.service.logout(result["session_token"])

    _, again = sls.password("multiuser")
    assert again["preselected"] == sms_id
    assert [d["kind"] for d in again["devices"]] == ["dscplus", "ibkey", "sms"]  # the order stays R13's


def test_r13_m2fs_refuses_a_device_the_user_does_not_have(sls: Sls):
    token, _ = sls.password("multiuser")
    sls.refused("BAD_REQUEST", sls.service.choose_device, token, sls.device_id("dscuser", "dscplus"))


@pytest.mark.parametrize("kind", ["ibkey", "sms", "dscplus"])
def test_r13_m2fs_every_device_of_multiuser_logs_in(sls: Sls, kind):
    result = sls.login("multiuser", device=kind)
    assert result["session"]["device"]["kind"] == kind


def test_r17_linked_accounts_in_their_order(sls: Sls):
    session = sls.login("linkeduser")["session"]
    assert session["accounts"] == [
        {"id": "U1000001", "title": "Individual"},
        {"id": "U1000002", "title": "Joint"},
        {"id": "U1000003", "title": "IRA"},
    ]


def test_r17_account_order_is_the_desks_not_the_account_numbers(sls: Sls):
    sls.desk.add_user("orderuser", "order-pw")
    dsc = sls.desk.add_device("orderuser", "dscplus", pin=PIN)
    sls.desk.link_accounts(
        "orderuser", [("U9000009", "Trust"), ("U1000001", "Individual"), ("U5000005", "IRA")]
    )
    token, out = sls.password("orderuser", "order-pw")
    result = sls.service.respond(token, dsc_response(dsc, out["challenge"]["challenge"]), LOCAL)
    assert [a["id"] for a in result["session"]["accounts"]] == ["U9000009", "U1000001", "U5000005"]


def test_r15_full_opt_out_is_password_only_with_restrictions(sls: Sls):
    _, out = sls.password("optoutuser")
    assert out["step"] == "session"
    session = out["session"]
    assert session["device"] is None
    assert [r["code"] for r in session["restrictions"]] == ["sls_opt_out"]
    assert "Pink Sheet" in session["restrictions"][0]["text"]
    assert session["withdrawal_limits"] == limits(50_000, 100_000)


def test_r15_ip_restriction_refuses_other_addresses(sls: Sls):
    error = sls.refused("IP_NOT_ALLOWED", sls.password, "optoutuser", address="10.1.2.3")
    assert error.status == 403
    assert error.message
    # A wrong password from elsewhere says nothing about the restriction.
    sls.refused("INVALID_CREDENTIALS", sls.password, "optoutuser", "wrong", address="10.1.2.3")
    assert sls.password("optoutuser", address=LOCAL)[1]["step"] == "session"


def test_r15_partial_opt_out_needs_an_ip_restriction_for_penny_stocks(sls: Sls):
    sls.desk.opt_out("dscuser", portal_only=True)
    _, out = sls.password("dscuser")
    assert out["step"] == "session"
    assert [r["code"] for r in out["session"]["restrictions"]] == ["no_penny_stocks"]
    sls.service.logout(out["session_token"])

    sls.desk.ip_allow("dscuser", [LOCAL])
    _, out = sls.password("dscuser")
    assert out["step"] == "session"
    assert out["session"]["restrictions"] == []
    sls.service.logout(out["session_token"])

    sls.desk.opt_in("dscuser")
    _, out = sls.password("dscuser")
    assert out["step"] == "second_factor"


# -- R16: one session per user name --------------------------------------------------------------------------


def _dsc_login_until_session_question(sls: Sls) -> str:
    token, out = sls.password("dscuser")
    response = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    asked = sls.service.respond(token, response, LOCAL)
    assert asked["step"] == "existing_session"
    assert asked["message"] == EXISTING_SESSION_MESSAGE
    return token


def test_r16_takeover_ends_the_other_session(sls: Sls):
    first = sls.login("dscuser")
    token = _dsc_login_until_session_question(sls)
    second = sls.service.answer_existing_session(token, True)
    assert second["step"] == "session"
    assert second["session"]["status"] == "active"
    other = sls.service.session_status(first["session_token"])
    assert other["status"] == "taken_over"
    assert other["message"] == TAKEN_OVER_MESSAGE
    assert sls.desk.status("dscuser")["sessions"] == 1
    sls.refused("EXPIRED", sls.service.answer_existing_session, token, True)  # answered once


def test_r16_keeping_the_other_session_cancels_this_login(sls: Sls):
    first = sls.login("dscuser")
    token = _dsc_login_until_session_question(sls)
    assert sls.service.answer_existing_session(token, False) == {"step": "cancelled"}
    assert sls.service.session_status(first["session_token"])["status"] == "active"
    sls.refused("EXPIRED", sls.service.answer_existing_session, token, True)


def test_r16_existing_session_question_also_after_read_only_and_password_only(sls: Sls):
    sls.login("optoutuser")
    _, out = sls.password("optoutuser")
    assert out["step"] == "existing_session"


def test_r16_a_logged_out_session_does_not_ask(sls: Sls):
    first = sls.login("dscuser")
    assert sls.service.logout(first["session_token"])["status"] == "logged_out"
    assert sls.login("dscuser")["step"] == "session"


def test_r16_two_user_names_on_one_account_get_two_sessions(sls: Sls):
    account = sls.login("dscuser")["session"]["accounts"][0]
    sls.desk.add_user("dscpartner", "partner-pw")
    partner_dsc = sls.desk.add_device("dscpartner", "dscplus", pin=PIN)
    sls.desk.link_accounts("dscpartner", [(account["id"], account["title"])])
    token, out = sls.password("dscpartner", "partner-pw")
    result = sls.service.respond(token, dsc_response(partner_dsc, out["challenge"]["challenge"]), LOCAL)
    assert result["step"] == "session"
    assert result["session"]["accounts"] == [account]
    assert sls.desk.status("dscuser")["sessions"] == 1
    assert sls.desk.status("dscpartner")["sessions"] == 1


# -- paper mode ----------------------------------------------------------------------------------------------


def test_paper_user_name_in_live_mode_is_wrong_mode_after_the_right_password(sls: Sls):
    error = sls.refused("WRONG_MODE", sls.password, "paperuser", mode="live")
    assert "paper" in error.message.english.lower()
    assert error.status == 403


def test_live_user_name_in_paper_mode_is_wrong_mode_after_the_right_password(sls: Sls):
    error = sls.refused("WRONG_MODE", sls.password, "dscuser", mode="paper")
    assert "live" in error.message.english.lower()


@pytest.mark.parametrize(("user", "mode"), [("paperuser", "live"), ("dscuser", "paper")])
def test_wrong_password_in_the_wrong_mode_is_invalid_credentials(sls: Sls, user, mode):
    # No enumeration of modes: without the password, the wrong mode looks like any failure.
    error = sls.refused("INVALID_CREDENTIALS", sls.password, user, "wrong", mode=mode)
    assert error.message.english == rules.INVALID_CREDENTIALS_MESSAGE
    assert sls.failures(user) == 1


def test_spec2_read_only_entry_opens_a_session_without_trading_or_withdrawals(sls: Sls):
    token, out = sls.password("dscuser")
    assert out["read_only_available"] is True
    result = sls.service.read_only(token)
    session = result["session"]
    assert session["read_only"] is True
    assert session["device"] is None
    assert [r["code"] for r in session["restrictions"]] == ["read_only"]
    assert session["withdrawal_limits"] == limits(0, 0)


def test_r7_r8_card_and_online_card_challenges_show_two_index_values(sls: Sls):
    for user, kind in (("carduser", "card"), ("onlineuser", "online-card")):
        token, out = sls.password(user)
        challenge = out["challenge"]
        assert challenge["kind"] == kind
        first, second = challenge["indices"]
        assert first != second
        assert 1 <= first <= 100
        assert 1 <= second <= 100
        answer = card_response(sls.device(user, kind), challenge)
        assert re.fullmatch(r"[A-Z0-9]{6}", answer)
        assert sls.service.respond(token, answer, LOCAL)["step"] == "session"


@pytest.mark.parametrize(
    ("name", "code", "start"),
    [
        ("DscUser", "UPPER_CASE", "User names are lower case. Is Caps Lock on?"),
        ("dsc user", "BAD_CHARACTER", "BAD CHARACTER"),
        ("dscuser!", "BAD_CHARACTER", "BAD CHARACTER"),
        ("", "EMPTY", ""),
    ],
)
def test_r1_the_gateway_refuses_bad_user_names_without_counting_them(sls: Sls, name, code, start):
    error = sls.refused(code, sls.start, name)
    assert error.message.english.startswith(start)
    assert error.status == 400
    assert sls.failures("dscuser") == 0  # nothing reached the lockout count


def test_a_session_stored_with_the_old_temp_passcode_spelling_works_after_an_upgrade(
    storage, clock, sls: Sls
) -> None:
    """0.4.0 spells the kind `temp_passcode`; a session an earlier release stored as `temp-passcode` is
    respelled when the gateway starts (store.py), so the trader's session survives the upgrade."""
    out = sls.login("tempuser")
    token = out["session_token"]
    with sls.gateway.store.write() as connection:
        connection.execute(update(sessions).values(device_kind="temp-passcode"))
    sls.gateway.close()
    upgraded = storage.gateway(clock=clock)
    try:
        described = upgraded.service.session_status(token)
        assert described["device"]["kind"] == "temp_passcode"
        assert described["withdrawal_limits"] == limits(0, 0)
    finally:
        upgraded.close()
