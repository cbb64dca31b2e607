"""What the login window says (SPEC §2–3): R1, Caps Lock, R2, R3 with local time, rate limit, connection
failures, R19, wrong mode, and the second-factor pages' messages (R4, R10)."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt

from tests.gateway.conftest import Sls
from tests.gateway.http_support import running_gateway
from tests.ui.login_support import Trader
from trader_login.auth import rules
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.ui import formatting

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation


def test_r1_an_upper_case_user_name_is_refused_before_anything_is_sent(trader: Trader) -> None:
    trader.qtbot.waitUntil(
        lambda: not trader.controller.tasks.busy(), timeout=WAIT_MS
    )  # the keychain read is done
    trader.find("usernameEdit").setText("DscUser")
    trader.find("passwordEdit").setText("demo123")
    trader.find("loginButton").click()
    # Answered on the spot: no worker was asked to send anything.
    assert not trader.controller.tasks.busy()
    assert trader.stage is Stage.CREDENTIALS
    assert trader.message() == rules.USERNAME_UPPER_CASE_MESSAGE
    assert trader.message() == "User names are lower case. Is Caps Lock on?"
    assert trader.gateway.gateway.desk.status("dscuser")["failures"] == 0


@pytest.mark.parametrize("name", ["dsc user", "dsc!user", "dsc.user", "dscuser:", "dsc@user"])
def test_r1_anything_but_letters_and_digits_is_a_bad_character(trader: Trader, name: str) -> None:
    trader.qtbot.waitUntil(
        lambda: not trader.controller.tasks.busy(), timeout=WAIT_MS
    )  # the keychain read is done
    trader.find("usernameEdit").setText(name)
    trader.find("loginButton").click()
    assert not trader.controller.tasks.busy()
    assert trader.message().startswith("BAD CHARACTER")


def test_caps_lock_warning_shows_while_the_password_field_has_focus(trader: Trader) -> None:
    window, qtbot = trader.window, trader.qtbot
    window.activateWindow()
    password, warning = trader.find("passwordEdit"), trader.find("capsLockWarning")
    password.setFocus()
    qtbot.waitUntil(password.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(password, "P")  # a capital without Shift: Caps Lock is on
    assert warning.isVisible()
    assert warning.text() == "Caps Lock is on"
    trader.find("usernameEdit").setFocus()
    qtbot.waitUntil(
        lambda: not warning.isVisible(), timeout=WAIT_MS
    )  # only while the password field has focus
    password.setFocus()
    qtbot.waitUntil(warning.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(password, "p", Qt.KeyboardModifier.ShiftModifier)  # lower case with Shift: on
    assert warning.isVisible()
    qtbot.keyClick(password, "p")  # lower case without Shift: off
    assert not warning.isVisible()
    qtbot.keyClick(password, "7")  # no case: tells nothing
    assert not warning.isVisible()


@pytest.mark.parametrize("user", ["dscuser", "nosuchuser"])
def test_r2_wrong_credentials_never_say_which_was_wrong(trader: Trader, user: str) -> None:
    view = trader.log_in(user, "wrong-password")
    assert view.stage is Stage.FAILED
    assert trader.message() == "Invalid user name password combination"
    assert trader.find("passwordEdit").text() == ""  # cleared for the next try
    assert trader.find("usernameEdit").text() == user
    assert trader.find("loginButton").isEnabled()


def test_r3_the_lockout_message_gives_the_local_unlock_time_and_the_time_left(trader: Trader) -> None:
    Sls(trader.gateway.gateway).fail_password("dscuser", 10)
    view = trader.log_in("dscuser")  # the right password, but locked
    assert view.stage is Stage.LOCKED
    until = trader.gateway.gateway.desk.status("dscuser")["locked_until"]
    assert view.locked_until == pytest.approx(until)
    message = trader.message()
    assert formatting.local_time(until) in message
    assert "23 h 59 min" in message or "24 h 0 min" in message
    assert "Client Services" in message


def test_the_rate_limit_says_how_long_to_wait(open_desktop, ui_template, tmp_path, qtbot) -> None:
    with running_gateway(tmp_path / "limited", ui_template, rate_limit=RateLimit(requests=1)) as gateway:
        trader = Trader(qtbot, open_desktop(gateway.url, gateway.server.fingerprint), gateway)
        trader.log_in("dscuser", "wrong")
        view = trader.log_in("dscuser", "wrong")
        assert view.error_code == "RATE_LIMITED"
        assert any(ch.isdigit() for ch in trader.message())
        assert "second" in trader.message()


def test_a_gateway_that_is_not_running_is_said_plainly(open_desktop, gateway, qtbot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    trader = Trader(qtbot, open_desktop(f"https://127.0.0.1:{port}", "ab" * 32), gateway)
    view = trader.log_in("dscuser")
    assert view.stage is Stage.FAILED
    assert trader.message() == f"The gateway is not running or cannot be reached at 127.0.0.1:{port}."
    assert trader.find("loginButton").isEnabled()


def test_r19_forgot_user_name_or_password_says_call_client_services(trader: Trader) -> None:
    help_text = trader.find("forgotHelp")
    assert not help_text.isVisible()
    trader.find("forgotLink").click()
    assert help_text.isVisible()
    assert "telephone" in help_text.text()
    assert "Client Services" in help_text.text()
    assert "temporary passcode" in help_text.text()


def test_a_live_user_name_in_paper_mode_is_refused_clearly(trader: Trader) -> None:
    view = trader.log_in("dscuser", paper=True)
    assert view.error_code == "WRONG_MODE"
    assert "paper" in trader.message().lower()


def test_log_in_is_disabled_while_the_request_is_in_flight(trader: Trader) -> None:
    trader.find("usernameEdit").setText("dscuser")
    trader.find("passwordEdit").setText("demo123")
    trader.find("loginButton").click()
    trader.qtbot.waitUntil(
        lambda: trader.stage is Stage.WORKING or trader.stage is Stage.SECOND_FACTOR, timeout=WAIT_MS
    )
    if trader.stage is Stage.WORKING:
        assert not trader.find("loginButton").isEnabled()
        assert trader.find("busyIndicator").isVisible()
        assert trader.find("cancelButton").isVisible()
    trader.qtbot.waitUntil(lambda: trader.stage is Stage.SECOND_FACTOR, timeout=WAIT_MS)


# --- second-factor pages -----------------------------------------------------------------------------------


def test_r4_a_wrong_response_says_login_failed_with_a_fresh_challenge(trader: Trader) -> None:
    first = trader.log_in("dscuser").challenge.digits
    view = trader.type_response("00000000")
    assert view.stage is Stage.SECOND_FACTOR
    # What failed, on which device, and that the challenge is new (the catalogue's wrong_response_dscplus).
    assert trader.message().startswith("Login failed: ")
    assert "DSC+" in trader.message()
    assert view.challenge.digits != first
    assert view.challenge.digits in trader.find("challengeLabel").text()
    assert trader.find("responseEdit").text() == ""
    assert trader.gateway.gateway.desk.status("dscuser")["failures"] == 1  # R3 counts it
    assert trader.answer("dscuser").stage is Stage.DONE


def test_r4_spaces_in_a_response_are_removed(trader: Trader) -> None:
    trader.log_in("dscuser")
    response = trader.response_for("dscuser")
    assert trader.type_response(f" {response[:4]} {response[4:]} ").stage is Stage.DONE


def test_r4_the_temporary_passcode_field_upper_cases_as_typed(trader: Trader) -> None:
    assert trader.log_in("tempuser").challenge.kind == "temp_passcode"
    field = trader.find("responseEdit")
    trader.qtbot.keyClicks(field, "ab1c")
    assert field.text() == "AB1C"
    field.clear()
    trader.qtbot.keyClicks(field, trader.response_for("tempuser").lower())
    assert field.text() == trader.response_for("tempuser")
    assert trader.click("responseSubmitButton").stage is Stage.DONE


def test_r7_the_card_page_shows_the_two_index_values(trader: Trader) -> None:
    view = trader.log_in("carduser")
    first, second = view.challenge.indices
    label = trader.find("challengeLabel").text()
    assert [int(n) for n in label.replace("·", " ").split()] == [first, second]


def test_r10_sms_offers_a_new_code_by_sms_or_voice_after_the_delay(trader: Trader) -> None:
    view = trader.log_in("smsuser")
    assert "+1 ••• ••• 0123" in trader.find("instructionsLabel").text()
    trader.find("requestNewCodeLink").click()
    sms, voice = trader.find("smsChannelButton"), trader.find("voiceChannelButton")
    assert sms.isVisible()
    assert voice.isVisible()
    assert not voice.isEnabled()  # resend after 30 s
    assert "30 seconds" in trader.find("codeStatusLabel").text()
    trader.gateway.clock.advance(31)  # the harness's one clock: the gateway's and the window's
    trader.qtbot.waitUntil(voice.isEnabled, timeout=WAIT_MS)
    view = trader.click("voiceChannelButton")
    assert view.challenge.channel == "voice"
    assert "You will receive a call within a minute" in trader.find("instructionsLabel").text()
    assert trader.gateway.gateway.desk.outbox("+15555550123")[-1]["channel"] == "voice"
    assert trader.answer("smsuser").stage is Stage.DONE


def test_enter_read_only_opens_a_read_only_session(trader: Trader) -> None:
    trader.log_in("dscuser")
    assert trader.click("readOnlyButton").stage is Stage.DONE
    trader.session_window()
    assert "read-only" in trader.find("deviceLabel").text()
    assert "read" in trader.find("restrictionsLabel").text().lower()


def test_cancel_goes_back_to_the_credentials_and_withdraws_the_push(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    phone = trader.gateway.device("ibkeyuser", "ibkey")
    assert trader.gateway.phone_pushes(phone).json()["pushes"]
    view = trader.click("cancelButton")
    assert view.stage is Stage.CANCELLED
    assert trader.find("usernameEdit").isVisible()
    assert trader.message() == "Login cancelled."
    trader.qtbot.waitUntil(lambda: not trader.gateway.phone_pushes(phone).json()["pushes"], timeout=WAIT_MS)


def test_r5_an_unanswered_push_expires_and_a_new_one_can_be_sent(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    trader.gateway.clock.advance(181)  # the notification's 180 s, on the gateway's and the window's clocks
    resend = trader.find("pushResendButton")
    trader.qtbot.waitUntil(resend.isVisible, timeout=WAIT_MS)
    assert "expired" in trader.find("pushStatusLabel").text()
    assert trader.gateway.gateway.desk.status("ibkeyuser")["failures"] == 0  # R3: a timeout does not count
    view = trader.click("pushResendButton")
    assert view.challenge.is_push
    assert "3 min 0 s" in trader.find("pushStatusLabel").text()
    trader.approve_push("ibkeyuser")
    trader.qtbot.waitUntil(lambda: trader.stage is Stage.DONE, timeout=WAIT_MS)
