"""Every demo user's login, every device kind, over HTTPS on loopback, driven by the real emulators."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.http_support import (
    Client,
    b64,
    b64d,
    card_response,
    dsc_response,
    error_of,
    log_in_to_second_factor,
    password,
    respond,
    running_gateway,
    start,
)
from trader_login.auth.gateway.demo import DEMO_PHONE
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.kdf import KdfParams
from trader_login.auth.vocabulary import PUSH_WAIT_MAX


@pytest.fixture
def client(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


def session_of(reply: Any) -> dict[str, Any]:
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["step"] == "session", body
    return body


def dsc_login(client: Client, user: str) -> dict[str, Any]:
    login = log_in_to_second_factor(client, user)
    assert login.reply["step"] == "second_factor"
    challenge = login.reply["challenge"]
    assert challenge["kind"] == "dscplus"
    assert len(challenge["challenge"]) == 6
    response = dsc_response(client.device(user, "dscplus"), challenge["challenge"])
    return session_of(respond(client, login.token, response))


# --- one per device kind ---------------------------------------------------------------------------------


def test_r6_dscuser_logs_in_with_the_dscplus_emulator(client: Client) -> None:
    body = dsc_login(client, "dscuser")
    assert body["session"]["device"]["kind"] == "dscplus"
    assert body["session"]["withdrawal_limits"] == {"per_day": None, "per_5_business_days": None}
    status = client.get("/v1/session", token=body["session_token"])
    assert status.status_code == 200
    assert status.json()["status"] == "active"


def test_r5_ibkeyuser_push_approved_on_the_phone_ends_the_long_poll_with_a_session(client: Client) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    assert login.reply["challenge"]["kind"] == "ibkey_push"
    polled: dict[str, Any] = {}

    def long_poll() -> None:
        began = time.monotonic()
        polled["reply"] = client.get(f"/v1/login/push?wait={PUSH_WAIT_MAX}", token=login.token, timeout=60)
        polled["took"] = time.monotonic() - began

    waiter = threading.Thread(target=long_poll)
    waiter.start()
    app = client.device("ibkeyuser", "ibkey")
    push = client.pending_push(app)
    assert push.username == "ibkeyuser"
    decided = client.phone_decide(app, push)
    assert decided.status_code == 200
    assert decided.json() == {
        "transaction_id": push.transaction_id,
        "status": "approved",
    }
    waiter.join(2 * PUSH_WAIT_MAX)
    assert not waiter.is_alive()
    body = session_of(polled["reply"])
    # Answered by the approval, not by the end of the wait: the bound is the wait, never a guess at speed.
    assert polled["took"] < PUSH_WAIT_MAX
    assert body["session"]["device"]["kind"] == "ibkey"


def test_r5_ibkeyuser_challenge_response_instead_of_the_push(client: Client) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    switched = client.post("/v1/login/ibkey/challenge", {}, token=login.token)
    assert switched.status_code == 200, switched.text
    challenge = switched.json()["challenge"]
    assert challenge["kind"] == "ibkey_challenge"
    assert len(challenge["challenge"]) == 8
    app = client.device("ibkeyuser", "ibkey")
    assert client.phone_pushes(app).json() == {"pushes": []}  # the notification was withdrawn
    body = session_of(respond(client, login.token, app.respond(challenge["challenge"])))
    assert body["session"]["device"]["kind"] == "ibkey"


def test_r5_ibkey_challenge_switch_takes_no_body_as_well(client: Client) -> None:
    login = log_in_to_second_factor(client, "ibkeyuser")
    switched = client.post("/v1/login/ibkey/challenge", token=login.token)
    assert switched.status_code == 200, switched.text


def test_r7_carduser_answers_the_two_index_values(client: Client) -> None:
    login = log_in_to_second_factor(client, "carduser")
    challenge = login.reply["challenge"]
    assert challenge["kind"] == "card"
    assert len(challenge["indices"]) == 2
    card = client.device("carduser", "card")
    body = session_of(respond(client, login.token, card_response(card, challenge)))
    assert body["session"]["device"]["kind"] == "card"


def test_r10_smsuser_logs_in_with_the_texted_code(client: Client) -> None:
    login = log_in_to_second_factor(client, "smsuser")
    assert login.reply["challenge"]["kind"] == "sms"
    assert login.reply["challenge"]["masked_number"].endswith("0123")
    body = session_of(respond(client, login.token, client.latest_code(DEMO_PHONE)))
    assert body["session"]["device"]["kind"] == "sms"


def test_r10_smsuser_asks_for_a_voice_call_which_voids_the_texted_code(client: Client) -> None:
    login = log_in_to_second_factor(client, "smsuser")
    texted = client.latest_code(DEMO_PHONE)
    too_soon = client.post("/v1/login/code", {"channel": "voice"}, token=login.token)
    assert error_of(too_soon)["code"] == "RATE_LIMITED"
    assert int(too_soon.headers["Retry-After"]) >= 1
    client.clock.advance(31)
    called = client.post("/v1/login/code", {"channel": "voice"}, token=login.token)
    assert called.status_code == 200, called.text
    assert called.json()["challenge"]["message"] == "You will receive a call within a minute"
    assert client.gateway.desk.outbox(DEMO_PHONE)[-1]["channel"] == "voice"
    spoken = client.latest_code(DEMO_PHONE)
    if spoken != texted:  # one chance in a million they are equal
        assert error_of(respond(client, login.token, texted))["code"] == "LOGIN_FAILED"
    body = session_of(respond(client, login.token, spoken))
    assert body["session"]["device"]["kind"] == "sms"


def test_m2fs_multiuser_picks_a_device_from_the_list(client: Client) -> None:
    login = log_in_to_second_factor(client, "multiuser")
    assert login.reply["step"] == "choose_device"
    kinds = [d["kind"] for d in login.reply["devices"]]
    assert kinds == ["dscplus", "ibkey", "sms"]  # highest security level first (R13)
    (dsc_id,) = [d["id"] for d in login.reply["devices"] if d["kind"] == "dscplus"]
    chosen = client.post("/v1/login/device", {"device_id": dsc_id}, token=login.token)
    assert chosen.status_code == 200, chosen.text
    challenge = chosen.json()["challenge"]["challenge"]
    response = dsc_response(client.device("multiuser", "dscplus"), challenge)
    session_of(respond(client, login.token, response))


def test_r9_tempuser_logs_in_with_the_temporary_passcode_typed_in_lower_case(client: Client) -> None:
    login = log_in_to_second_factor(client, "tempuser")
    assert login.reply["challenge"]["kind"] == "temp_passcode"
    passcode = client.gateway.desk.demo_temp_passcode("tempuser")
    body = session_of(respond(client, login.token, passcode.lower()))
    assert [r["code"] for r in body["session"]["restrictions"]] == ["temp_passcode"]
    assert body["session"]["withdrawal_limits"] == {"per_day": 0, "per_5_business_days": 0}


def test_r8_onlineuser_logs_in_with_the_online_card(client: Client) -> None:
    login = log_in_to_second_factor(client, "onlineuser")
    challenge = login.reply["challenge"]
    assert challenge["kind"] == "online-card"
    card = client.device("onlineuser", "online-card")
    body = session_of(respond(client, login.token, card_response(card, challenge)))
    assert body["session"]["device"]["kind"] == "online-card"


def test_r15_optoutuser_logs_in_with_the_password_only_from_loopback(client: Client) -> None:
    _token, reply = password(client, "optoutuser")
    body = session_of(reply)
    assert [r["code"] for r in body["session"]["restrictions"]] == ["sls_opt_out"]


def test_paperuser_logs_in_in_paper_mode_without_a_second_factor(client: Client) -> None:
    _, reply = password(client, "paperuser", mode="paper")
    body = session_of(reply)
    assert body["session"]["mode"] == "paper"


def test_paperuser_in_live_mode_is_refused_with_wrong_mode(client: Client) -> None:
    _, reply = password(client, "paperuser", mode="live")
    error = error_of(reply)
    assert reply.status_code == 403
    assert error["code"] == "WRONG_MODE"
    assert "Paper" in error["message"]


def test_r17_linkeduser_session_reaches_three_accounts(client: Client) -> None:
    body = dsc_login(client, "linkeduser")
    accounts = body["session"]["accounts"]
    assert [a["id"] for a in accounts] == ["U1000001", "U1000002", "U1000003"]


# --- read only, existing sessions, logout, cancel ----------------------------------------------------------


def test_read_only_entry_skips_the_second_factor(client: Client) -> None:
    login = log_in_to_second_factor(client, "dscuser")
    body = session_of(client.post("/v1/login/read-only", {}, token=login.token))
    assert body["session"]["read_only"] is True
    assert body["session"]["withdrawal_limits"] == {"per_day": 0, "per_5_business_days": 0}


def test_r16_takeover_ends_the_other_session_which_is_told_so(client: Client) -> None:
    first = dsc_login(client, "dscuser")
    login = log_in_to_second_factor(client, "dscuser")
    response = dsc_response(client.device("dscuser", "dscplus"), login.reply["challenge"]["challenge"])
    asked = respond(client, login.token, response)
    assert asked.status_code == 200
    assert asked.json()["step"] == "existing_session"
    second = session_of(client.post("/v1/login/existing-session", {"takeover": True}, token=login.token))
    old = client.get("/v1/session", token=first["session_token"]).json()
    assert old["status"] == "taken_over"
    assert "logged in elsewhere" in old["message"]
    assert client.get("/v1/session", token=second["session_token"]).json()["status"] == "active"


def test_r16_declining_the_takeover_keeps_the_other_session(client: Client) -> None:
    first = dsc_login(client, "dscuser")
    login = log_in_to_second_factor(client, "dscuser")
    assert client.post("/v1/login/read-only", token=login.token).json()["step"] == "existing_session"
    declined = client.post("/v1/login/existing-session", {"takeover": False}, token=login.token)
    assert declined.json() == {"step": "cancelled"}
    assert client.get("/v1/session", token=first["session_token"]).json()["status"] == "active"


def test_logout_ends_the_session(client: Client) -> None:
    body = dsc_login(client, "dscuser")
    out = client.post("/v1/session/logout", token=body["session_token"])
    assert out.status_code == 200
    assert out.json()["status"] == "logged_out"
    assert client.get("/v1/session", token=body["session_token"]).json()["status"] == "logged_out"


def test_cancel_abandons_the_login(client: Client) -> None:
    login = log_in_to_second_factor(client, "dscuser")
    cancelled = client.request("DELETE", "/v1/login", token=login.token)
    assert cancelled.status_code == 200
    assert cancelled.json() == {"step": "cancelled"}
    assert error_of(respond(client, login.token, "12345678"))["code"] == "EXPIRED"


def test_an_unknown_session_token_is_expired(client: Client) -> None:
    reply = client.get("/v1/session", token="A" * 43)
    assert reply.status_code == 410
    assert error_of(reply)["code"] == "EXPIRED"


# --- refusals ------------------------------------------------------------------------------------------


def test_r4_a_wrong_device_response_fails_with_a_fresh_challenge(client: Client) -> None:
    login = log_in_to_second_factor(client, "dscuser")
    wrong = respond(client, login.token, "00000000")
    error = error_of(wrong)
    assert wrong.status_code == 401
    assert error["code"] == "LOGIN_FAILED"
    serial = login.reply["device"]["id"]
    assert error["message_id"] == "wrong_response_dscplus"
    assert error["params"] == {"serial": serial[-4:]}
    assert error["message"] == (
        f"Login failed: that is not the response of your DSC+ (serial …{serial[-4:]}) to this challenge. "
        "Check the device, then answer the new challenge."
    )
    assert error["next"]["challenge"]["sequence"] == login.reply["challenge"]["sequence"] + 1
    fresh = error["next"]["challenge"]["challenge"]
    session_of(respond(client, login.token, dsc_response(client.device("dscuser", "dscplus"), fresh)))


def test_r2_unknown_user_and_wrong_password_get_the_same_reply(client: Client) -> None:
    _, unknown = password(client, "nosuchuser", "demo123")
    _, wrong = password(client, "dscuser", "wrong-password")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.json()["error"] == {
        "code": "INVALID_CREDENTIALS",
        "message": "Invalid user name password combination",
        "message_id": "invalid_credentials",
        "params": {},
    }
    assert set(unknown.headers) == set(wrong.headers)
    variable = {"date", "content-length"}
    assert {k: v for k, v in unknown.headers.items() if k.lower() not in variable} == {
        k: v for k, v in wrong.headers.items() if k.lower() not in variable
    }


def test_r2_unknown_user_start_reply_has_the_same_shape_as_a_real_one(client: Client) -> None:
    _, unknown = start(client, "nosuchuser")
    _, real = start(client, "dscuser")
    assert unknown.status_code == real.status_code == 200
    assert set(unknown.json()) == set(real.json())
    assert unknown.json()["kdf"].keys() == real.json()["kdf"].keys()


def test_r1_bad_user_names_are_refused_before_any_srp(client: Client) -> None:
    for name, code in (("DSCUSER", "UPPER_CASE"), ("dsc user", "BAD_CHARACTER"), ("", "EMPTY")):
        _, reply = start(client, name)
        assert reply.status_code == 400
        assert error_of(reply)["code"] == code
    assert error_of(start(client, "dsc!user")[1])["message"].startswith("BAD CHARACTER")


def test_r3_ten_wrong_passwords_lock_the_name_over_http(client: Client) -> None:
    for _ in range(9):
        assert error_of(password(client, "carduser", "nope")[1])["code"] == "INVALID_CREDENTIALS"
    reply = password(client, "carduser", "nope")[1]
    error = error_of(reply)
    assert reply.status_code == 423
    assert error["code"] == "LOCKED"
    assert error["locked_until"] > time.time()
    assert error_of(password(client, "carduser")[1])["code"] == "LOCKED"  # even the right password


def test_rate_limited_replies_carry_retry_after(tmp_path: Path, template: Path) -> None:
    with running_gateway(
        tmp_path / "gateway", template, rate_limit=RateLimit(requests=3, window=60)
    ) as client:
        for _ in range(3):
            assert start(client, "dscuser")[1].status_code == 200
        limited = start(client, "dscuser")[1]
        assert limited.status_code == 429
        assert error_of(limited)["code"] == "RATE_LIMITED"
        assert 1 <= int(limited.headers["Retry-After"]) <= 60


def test_a_proof_replayed_after_success_is_refused(client: Client) -> None:
    srp_client, started = start(client, "dscuser")
    body = started.json()
    proof = srp_client.respond(
        "demo123", b64d(body["salt"]), KdfParams.from_dict(body["kdf"]), b64d(body["server_public"])
    )
    first = client.post("/v1/login/proof", {"client_proof": b64(proof)}, token=body["login_token"])
    assert first.status_code == 200
    again = client.post("/v1/login/proof", {"client_proof": b64(proof)}, token=body["login_token"])
    assert error_of(again)["code"] == "EXPIRED"
