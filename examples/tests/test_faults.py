"""Fault injection, the way WireMock and Toxiproxy are used against a web app: `sls_gateway.faults` makes
the gateway slow, failing or unreachable on one endpoint, and makes the phone lose a notification or get a
text late. Each test shows what the trader sees, that nothing is lost, and that trying again works.

Faults belong to the test: the next test's `sls_gateway` starts with none. Endpoints are named by their
paths as docs/protocol.md writes them ("/v1/login/respond").

Waits are on the window's state: `replyCount` goes up by one each time a reply is on screen (even when the
message is the same as before), and `busy` is true while a request is in flight.
"""

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

WAIT = 30_000  # ms: a safety net for a busy CI machine, not an expectation


def click_and_wait_for_reply(qtbot, window, find, name):
    before = window.property("replyCount")
    find(window, name, QPushButton).click()
    qtbot.waitUntil(lambda: window.property("replyCount") > before, timeout=WAIT)


def log_in_by_hand(qtbot, window, find, user):
    find(window, "usernameEdit", QLineEdit).setText(user)
    find(window, "passwordEdit", QLineEdit).setText("demo123")
    click_and_wait_for_reply(qtbot, window, find, "loginButton")


def test_the_window_stays_busy_while_the_gateway_is_slow(qtbot, login_window, sls_gateway, find):
    # hold(): replies of that endpoint wait until release(). add_latency(seconds) is the timed kind.
    held = sls_gateway.faults.hold("/v1/login/start")
    find(login_window, "usernameEdit", QLineEdit).setText("dscuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    find(login_window, "loginButton", QPushButton).click()
    qtbot.waitUntil(lambda: held.waiting == 1, timeout=WAIT)  # the gateway has answered; the reply is held

    assert login_window.property("busy")
    assert not find(login_window, "loginButton", QPushButton).isEnabled()

    held.release()
    qtbot.waitUntil(lambda: not login_window.property("busy"), timeout=WAIT)
    assert find(login_window, "challengeLabel", QLabel).text().isdigit()  # the DSC+ challenge


def test_a_server_error_is_shown_and_the_login_can_be_retried(qtbot, login_window, sls_gateway, log_in, find):
    sls_gateway.faults.fail("/v1/login/respond", status=503)  # the next response only
    dscuser = sls_gateway.user("dscuser")
    log_in_by_hand(qtbot, login_window, find, "dscuser")
    challenge = find(login_window, "challengeLabel", QLabel).text()
    find(login_window, "responseEdit", QLineEdit).setText(dscuser.dscplus.respond(challenge))
    click_and_wait_for_reply(qtbot, login_window, find, "responseSubmitButton")

    assert find(login_window, "messageLabel", QLabel).text() == (
        "The gateway failed with an internal fault (HTTP 503). Please try again."
    )
    assert sls_gateway.status("dscuser")["failures"] == 0  # not a wrong response: nothing counted
    log_in(qtbot, login_window, "dscuser")  # the retry works


def test_a_dropped_connection_says_the_gateway_cannot_be_reached(
    qtbot, login_window, sls_gateway, log_in, find
):
    sls_gateway.faults.drop_connection("/v1/login/proof", times=2)
    address = sls_gateway.url.removeprefix("https://")
    for _ in range(2):
        log_in_by_hand(qtbot, login_window, find, "dscuser")
        assert find(login_window, "messageLabel", QLabel).text() == (
            f"The gateway is not running or cannot be reached at {address}."
        )
    assert sls_gateway.status("dscuser")["failures"] == 0
    log_in(qtbot, login_window, "dscuser")  # the third attempt gets through


def test_a_lost_notification_falls_back_to_challenge_response(
    qtbot, login_window, sls_gateway, find, session_window
):
    sls_gateway.faults.drop_push(user="ibkeyuser")
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    log_in_by_hand(qtbot, login_window, find, "ibkeyuser")
    with pytest.raises(AssertionError, match="no IB Key notification"):
        ibkey.approve(timeout=0)  # the phone shows nothing

    click_and_wait_for_reply(qtbot, login_window, find, "noNotificationLink")
    challenge = find(login_window, "challengeLabel", QLabel).text()
    find(login_window, "responseEdit", QLineEdit).setText(ibkey.respond(challenge))
    find(login_window, "responseSubmitButton", QPushButton).click()
    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT)


def test_a_late_text_arrives_when_the_clock_moves(qtbot, login_window, sls_gateway, find, session_window):
    sls_gateway.faults.delay_text(60, user="smsuser")  # 60 s of gateway time, not of the test's
    phone = sls_gateway.user("smsuser").phone
    log_in_by_hand(qtbot, login_window, find, "smsuser")
    with pytest.raises(AssertionError, match="received nothing"):
        phone.last_code()

    sls_gateway.advance(60)
    find(login_window, "responseEdit", QLineEdit).setText(phone.last_code())
    find(login_window, "responseSubmitButton", QPushButton).click()
    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT)


def test_a_text_that_never_comes_is_sent_again(qtbot, login_window, sls_gateway, find, session_window):
    sls_gateway.faults.drop_text(user="smsuser")
    phone = sls_gateway.user("smsuser").phone
    log_in_by_hand(qtbot, login_window, find, "smsuser")

    sls_gateway.advance(30)  # "Didn't receive a security code?" offers a new one after 30 s
    find(login_window, "requestNewCodeLink", QPushButton).click()
    sms = find(login_window, "smsChannelButton", QPushButton)
    qtbot.waitUntil(lambda: sms.isVisible() and sms.isEnabled(), timeout=WAIT)
    click_and_wait_for_reply(qtbot, login_window, find, "smsChannelButton")

    find(login_window, "responseEdit", QLineEdit).setText(phone.last_code())
    find(login_window, "responseSubmitButton", QPushButton).click()
    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT)
