"""Logins driven widget by widget, the lower-level pattern beneath `log_in`: type into the fields, click,
wait for the next page, and answer with the user's device handle (`sls_gateway.user(name)`).

Each step runs on a worker thread: the page changes some time *after* the click returns. Always wait on
widget state with `qtbot.waitUntil`, never on a sleep.
"""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def enter_credentials(qtbot, login_window, find):
    """Types a user name and password the way a trader would and clicks Log In."""

    def enter_credentials(username, password):
        username_edit = find(login_window, "usernameEdit", QLineEdit)
        password_edit = find(login_window, "passwordEdit", QLineEdit)
        username_edit.clear()
        qtbot.keyClicks(username_edit, username)
        qtbot.keyClicks(password_edit, password)
        qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)

    return enter_credentials


def wait_for_challenge(qtbot, window, kind):
    """Waits for the second-factor page of one kind (its `challengeKind` property) to be up."""

    def ready():
        page = window.findChild(QWidget, "secondFactorPage")
        return page is not None and page.isVisible() and page.property("challengeKind") == kind

    qtbot.waitUntil(ready, timeout=WAIT_MS)


def answer(qtbot, window, find, response):
    edit = find(window, "responseEdit", QLineEdit)
    qtbot.keyClicks(edit, response)
    qtbot.mouseClick(find(window, "responseSubmitButton", QPushButton), LEFT)


def test_dscplus_by_hand(qtbot, login_window, sls_gateway, find, session_window, enter_credentials):
    dscuser = sls_gateway.user("dscuser")
    enter_credentials("dscuser", "demo123")
    wait_for_challenge(qtbot, login_window, "dscplus")

    challenge = find(login_window, "challengeLabel", QLabel).text()  # the 6 challenge digits
    assert challenge.isdigit()
    assert len(challenge) == 6
    answer(qtbot, login_window, find, dscuser.dscplus.respond(challenge))  # button, PIN 1234, OK, …

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)
    assert not login_window.isVisible()  # the session window takes its place


def test_ibkey_challenge_response_when_no_notification_arrives(
    qtbot, login_window, sls_gateway, find, session_window, enter_credentials
):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")
    assert "left" in find(login_window, "pushStatusLabel", QLabel).text()  # the countdown

    qtbot.mouseClick(find(login_window, "noNotificationLink", QPushButton), LEFT)
    wait_for_challenge(qtbot, login_window, "ibkey_challenge")
    challenge = find(login_window, "challengeLabel", QLabel).text()
    assert len(challenge) == 8
    answer(qtbot, login_window, find, sls_gateway.user("ibkeyuser").ibkey.respond(challenge))

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_ibkey_push_approved_by_hand(qtbot, login_window, sls_gateway, session_window, enter_credentials):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")

    # Waits for the notification, picks the number the page shows (of the three on the phone), approves.
    sls_gateway.user("ibkeyuser").ibkey.approve()

    qtbot.waitUntil(
        lambda: session_window() is not None, timeout=WAIT_MS
    )  # no click: the login proceeds by itself (R5)


def test_ibkey_push_denied_fails_the_login(qtbot, login_window, sls_gateway, find, enter_credentials):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")

    sls_gateway.user("ibkeyuser").ibkey.deny()

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: message.isVisible() and message.text() == "Login failed", timeout=WAIT_MS)
    assert find(login_window, "secondFactorPage").property("challengeKind") == "ibkey_push"  # a new one
    # Leave the push page before the test ends: the window waits for a pending notification when it closes.
    qtbot.mouseClick(find(login_window, "cancelButton", QPushButton), LEFT)


def shown_number(login_window, find):
    """The two-digit number the push page shows (`pushNumberLabel`): the one to pick on the phone."""
    text = find(login_window, "pushNumberLabel", QLabel).text()
    return int(re.search(r"\b[1-9][0-9]\b", text).group())


def test_ibkey_push_number_matching(
    qtbot, login_window, sls_gateway, find, session_window, enter_credentials
):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")
    ibkey = sls_gateway.user("ibkeyuser").ibkey

    number = shown_number(login_window, find)
    assert number in ibkey.numbers  # the phone shows three numbers, the page's among them
    assert ibkey.approve(number=number) == "approved"  # the pick a trader makes, by hand

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_ibkey_a_wrong_number_is_a_counted_denial(qtbot, login_window, sls_gateway, find, enter_credentials):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    wrong = next(n for n in ibkey.numbers if n != shown_number(login_window, find))

    assert ibkey.approve(number=wrong) == "denied"  # a tired tap on the wrong number approves nothing

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: message.isVisible() and "number" in message.text(), timeout=WAIT_MS)
    assert message.text().startswith("Login failed")
    assert sls_gateway.status("ibkeyuser")["failures"] == 1  # counted (R3)
    assert find(login_window, "secondFactorPage").property("challengeKind") == "ibkey_push"  # a new one
    qtbot.mouseClick(find(login_window, "cancelButton", QPushButton), LEFT)


def test_ibkey_this_was_not_me(qtbot, login_window, sls_gateway, find, enter_credentials):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")

    sls_gateway.user("ibkeyuser").ibkey.report()  # "This wasn't me": denied, counted, reported

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: message.isVisible() and "reported" in message.text(), timeout=WAIT_MS)
    assert sls_gateway.status("ibkeyuser")["failures"] == 1
    # The report ends the login: back on the credentials page, no new notification on the phone.
    qtbot.waitUntil(lambda: find(login_window, "credentialsPage").isVisible(), timeout=WAIT_MS)
    assert not find(login_window, "secondFactorPage").isVisible()
    assert sls_gateway.user("ibkeyuser").ibkey.numbers == ()


@pytest.mark.trader_login_gateway(push_number_matching=False)  # this test's gateway: pushes without numbers
def test_ibkey_push_without_number_matching(
    qtbot, login_window, sls_gateway, find, session_window, enter_credentials
):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")
    ibkey = sls_gateway.user("ibkeyuser").ibkey

    assert ibkey.numbers == ()  # nothing to pick: Approve alone
    ibkey.approve()

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_security_code_card_by_hand(
    qtbot, login_window, sls_gateway, find, session_window, enter_credentials
):
    enter_credentials("carduser", "demo123")
    wait_for_challenge(qtbot, login_window, "card")

    challenge = find(login_window, "challengeLabel", QLabel).text()  # two index values, e.g. "12 · 87"
    codes = sls_gateway.user("carduser").card.response(challenge)  # 3 + 3 characters
    answer(qtbot, login_window, find, f"{codes[:3]} {codes[3:]}")  # R4: the client removes the space

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_a_wrong_response_says_login_failed_and_shows_a_fresh_challenge(
    qtbot, login_window, sls_gateway, find, session_window, enter_credentials
):
    enter_credentials("dscuser", "demo123")
    wait_for_challenge(qtbot, login_window, "dscplus")
    challenge_label = find(login_window, "challengeLabel", QLabel)
    first = challenge_label.text()

    answer(qtbot, login_window, find, "00000000")

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: message.isVisible() and challenge_label.text() != first, timeout=WAIT_MS)
    # R4: "Login failed", what to check (the device's serial) and that the challenge is new.
    assert message.text().startswith("Login failed: that is not the response of your DSC+")
    assert "new challenge" in message.text()
    assert find(login_window, "responseEdit", QLineEdit).text() == ""
    answer(qtbot, login_window, find, sls_gateway.user("dscuser").dscplus.respond(challenge_label.text()))
    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_sms_code_from_the_phone(qtbot, login_window, sls_gateway, find, session_window, enter_credentials):
    smsuser = sls_gateway.user("smsuser")
    enter_credentials("smsuser", "demo123")
    wait_for_challenge(qtbot, login_window, "sms")
    assert smsuser.phone.number[-4:] in find(login_window, "instructionsLabel", QLabel).text()  # masked

    answer(qtbot, login_window, find, smsuser.phone.last_code())

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_voice_callback(qtbot, login_window, sls_gateway, find, session_window, enter_credentials):
    smsuser = sls_gateway.user("smsuser")
    enter_credentials("smsuser", "demo123")
    wait_for_challenge(qtbot, login_window, "sms")
    texted = smsuser.phone.last_code()

    qtbot.mouseClick(find(login_window, "requestNewCodeLink", QPushButton), LEFT)  # "Didn't receive…?"
    voice = find(login_window, "voiceChannelButton", QPushButton)
    assert voice.isVisible()
    assert not voice.isEnabled()  # a new code only after 30 s (R10)…
    sls_gateway.advance(31)  # …which the test's clock skips; the window follows the same clock
    qtbot.waitUntil(voice.isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(voice, LEFT)

    instructions = find(login_window, "instructionsLabel", QLabel)
    qtbot.waitUntil(
        lambda: instructions.text().startswith("You will receive a call within a minute"), timeout=WAIT_MS
    )
    spoken = smsuser.phone.last_code()  # the call reads the new code out; the texted one is void
    assert spoken != texted
    answer(qtbot, login_window, find, spoken)

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)


def test_cancel_returns_to_the_credentials(qtbot, login_window, find, shown, enter_credentials):
    enter_credentials("dscuser", "demo123")
    wait_for_challenge(qtbot, login_window, "dscplus")

    qtbot.mouseClick(find(login_window, "cancelButton", QPushButton), LEFT)

    qtbot.waitUntil(lambda: shown(login_window, "usernameEdit"), timeout=WAIT_MS)
    assert find(login_window, "usernameEdit", QLineEdit).text() == "dscuser"
    assert find(login_window, "messageLabel", QLabel).text() == "Login cancelled."


def test_ibkey_notification_expires_and_is_sent_again(
    qtbot, login_window, sls_gateway, find, session_window, enter_credentials
):
    enter_credentials("ibkeyuser", "demo123")
    wait_for_challenge(qtbot, login_window, "ibkey_push")
    status = find(login_window, "pushStatusLabel", QLabel)
    resend = find(login_window, "pushResendButton", QPushButton)
    assert not resend.isVisible()

    sls_gateway.advance(181)  # past the notification's 180 s, for the gateway and the countdown alike

    qtbot.waitUntil(resend.isVisible, timeout=WAIT_MS)
    assert status.text() == "The notification expired without an answer."
    qtbot.mouseClick(resend, LEFT)
    qtbot.waitUntil(
        lambda: not resend.isVisible() and status.text().endswith(" left"), timeout=WAIT_MS
    )  # counting again
    sls_gateway.user("ibkeyuser").ibkey.approve()  # the new notification
    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)
