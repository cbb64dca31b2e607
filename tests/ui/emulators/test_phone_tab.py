"""The Phone tab (R10): the code texted to smsuser shows in the inbox; a voice call reads it digit by digit.
Both codes log smsuser in."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from tests.gateway.http_support import Client, Login, log_in_to_second_factor, respond
from tests.ui.emulators.conftest import WAIT_MS, child
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.ui.emulators import EmulatorsWindow


def pick(window: EmulatorsWindow, user: str) -> QListWidget:
    """Shows the Phone tab with `user`'s phone; returns its inbox."""
    window.show_tab("phone")
    assert window.phone_tab.picker.select_user(user)
    return child(window, QListWidget, "phoneInbox")


def texted_smsuser(qtbot, window: EmulatorsWindow, gateway: Client) -> tuple[QListWidget, Login]:
    """smsuser logs in as far as the second factor; the texted code arrives in the Phone tab's inbox."""
    inbox = pick(window, "smsuser")
    login = log_in_to_second_factor(gateway, "smsuser")
    qtbot.waitUntil(lambda: inbox.count() == 1, timeout=WAIT_MS)
    return inbox, login


def test_r10_the_sms_code_shows_in_the_inbox_and_logs_in(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    inbox, login = texted_smsuser(qtbot, window, gateway)
    assert login.reply["challenge"]["kind"] == "sms"
    text = child(window, QLabel, "phoneMessageText").text()
    (code,) = re.findall(r"(?<![0-9])[0-9]{6}(?![0-9])", text)
    assert code in inbox.item(0).text()
    assert respond(gateway, login.token, code).json()["step"] == "session"


def test_r10_a_voice_call_reads_the_code_digit_by_digit(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    inbox, login = texted_smsuser(qtbot, window, gateway)
    gateway.clock.advance(31)  # a resend is offered after 30 s
    called = gateway.post("/v1/login/code", {"channel": "voice"}, token=login.token)
    assert called.status_code == 200, called.text
    call_label = child(window, QLabel, "phoneCallLabel")
    qtbot.waitUntil(lambda: inbox.count() == 2, timeout=WAIT_MS)
    assert "Incoming call" in call_label.text()
    digits = child(window, QLabel, "phoneCallDigits")
    assert digits.text() == ""
    child(window, QPushButton, "phoneAnswerButton").click()
    # One digit at a time: the label grows before it holds all six.
    qtbot.waitUntil(lambda: len(window.phone_tab.heard_code) == 1, timeout=WAIT_MS)
    seen = set()
    qtbot.waitUntil(
        lambda: seen.add(window.phone_tab.heard_code) or len(window.phone_tab.heard_code) == 6,
        timeout=WAIT_MS,
    )
    assert len(seen) >= 3  # partial readings were on screen on the way
    code = window.phone_tab.heard_code
    assert code == gateway.latest_code("+15555550123")
    assert respond(gateway, login.token, code).json()["step"] == "session"


def test_each_phone_shows_only_its_own_messages(qtbot, window: EmulatorsWindow, gateway: Client) -> None:
    inbox = pick(window, "smsuser")
    log_in_to_second_factor(gateway, "smsuser")
    qtbot.waitUntil(lambda: inbox.count() == 1, timeout=WAIT_MS)  # the text is in the outbox
    assert window.phone_tab.picker.select_user("multiuser")
    qtbot.waitUntil(lambda: window.phone_tab.has_read, timeout=WAIT_MS)  # multiuser's phone, read since
    assert inbox.count() == 0


def test_the_next_login_does_not_show_the_code_heard_in_an_earlier_call(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    inbox, login = texted_smsuser(qtbot, window, gateway)
    gateway.clock.advance(31)
    assert gateway.post("/v1/login/code", {"channel": "voice"}, token=login.token).status_code == 200
    qtbot.waitUntil(lambda: inbox.count() == 2, timeout=WAIT_MS)
    child(window, QPushButton, "phoneAnswerButton").click()
    qtbot.waitUntil(lambda: len(window.phone_tab.heard_code) == 6, timeout=WAIT_MS)
    assert respond(gateway, login.token, window.phone_tab.heard_code).json()["step"] == "session"

    # The next login of smsuser in this app, as the window follows it (app.gui feeds it the login's views).
    again = Challenge("sms", channel="sms", masked_number="+1 ••• ••• 0123", expires_at=gateway.clock() + 300)
    window.follow_login(LoginView(Stage.SECOND_FACTOR, username="smsuser", challenge=again))
    assert window.phone_tab.heard_code == ""  # the last login's code is not this one's
    assert inbox.count() == 2  # the phone's history stays
