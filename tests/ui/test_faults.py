"""Each fault of `sls_gateway.faults` against the login window, through the testers' contract (the plugin's
fixtures, object names, the `replyCount`/`busy` marker): the right message on screen, nothing lost (the
failure count, the login still possible), and a retry that works. Latency is shown by state (busy while a
reply is held, then the reply), never by timing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

WAIT = 30_000  # a safety net for a loaded runner, never a measurement


def find(window: Any, name: str, kind: type = QWidget) -> Any:
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {name}"
    return widget


def shown(window: Any, name: str) -> bool:
    widget = window.findChild(QWidget, name)
    return widget is not None and widget.isVisible()


def message(window: Any) -> str:
    return find(window, "messageLabel", QLabel).text() if shown(window, "messageLabel") else ""


def page(window: Any) -> str:
    """The challenge kind of the second-factor page on screen, or "credentials"."""
    if shown(window, "secondFactorPage"):
        return str(find(window, "secondFactorPage").property("challengeKind"))
    return "credentials" if shown(window, "usernameEdit") else "other"


def click_for_reply(qtbot: Any, window: Any, name: str) -> None:
    """Clicks and waits until the window shows the reply (its `replyCount` moves on)."""
    before = window.property("replyCount")
    find(window, name, QPushButton).click()
    qtbot.waitUntil(lambda: window.property("replyCount") > before, timeout=WAIT)
    assert window.property("busy") is False


def submit_credentials(qtbot: Any, window: Any, user: str) -> None:
    find(window, "usernameEdit", QLineEdit).setText(user)
    find(window, "passwordEdit", QLineEdit).setText("demo123")
    click_for_reply(qtbot, window, "loginButton")


def answer(qtbot: Any, window: Any, response: str) -> None:
    find(window, "responseEdit", QLineEdit).setText(response)
    click_for_reply(qtbot, window, "responseSubmitButton")


def session_of(window: Any) -> Any:
    session = getattr(window, "session_window", None)
    return session if session is not None and session.isVisible() else None


# --- latency ------------------------------------------------------------------------------------------------


def test_while_a_reply_is_late_the_window_is_busy_and_then_shows_it(
    qtbot: Any, sls_gateway: Any, login_window: Any
) -> None:
    held = sls_gateway.faults.hold("/v1/login/start")
    find(login_window, "usernameEdit", QLineEdit).setText("dscuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    before = login_window.property("replyCount")
    find(login_window, "loginButton", QPushButton).click()
    qtbot.waitUntil(lambda: held.waiting == 1, timeout=WAIT)

    assert login_window.property("busy") is True
    assert not find(login_window, "loginButton", QPushButton).isEnabled()
    assert shown(login_window, "busyIndicator")
    assert login_window.property("replyCount") == before

    held.release()
    qtbot.waitUntil(lambda: login_window.property("replyCount") > before, timeout=WAIT)
    assert page(login_window) == "dscplus"
    assert login_window.property("busy") is False


def test_a_late_reply_can_be_cancelled_and_the_next_login_works(
    qtbot: Any, sls_gateway: Any, login_window: Any, log_in: Any
) -> None:
    held = sls_gateway.faults.hold("/v1/login/proof")
    find(login_window, "usernameEdit", QLineEdit).setText("dscuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    find(login_window, "loginButton", QPushButton).click()
    qtbot.waitUntil(lambda: held.waiting == 1, timeout=WAIT)

    click_for_reply(qtbot, login_window, "cancelButton")  # the wait can be cancelled (SPEC §2)
    assert message(login_window) == "Login cancelled."
    held.release()  # the late reply goes to a login the trader left: the window drops it
    assert page(login_window) == "credentials"

    assert log_in(qtbot, login_window, "dscuser") is not None
    assert sls_gateway.status("dscuser")["failures"] == 0


def test_every_reply_late_still_logs_in(qtbot: Any, sls_gateway: Any, login_window: Any, log_in: Any) -> None:
    latency = sls_gateway.faults.add_latency(0.05)
    session = log_in(qtbot, login_window, "dscuser")
    assert "DSC+" in find(session, "deviceLabel", QLabel).text()
    assert latency.delayed >= 3  # start, proof, respond at least


# --- 5xx and dropped connections ----------------------------------------------------------------------------


def test_a_5xx_on_the_response_says_so_counts_nothing_and_the_next_login_works(
    qtbot: Any, sls_gateway: Any, login_window: Any, log_in: Any
) -> None:
    fault = sls_gateway.faults.fail("/v1/login/respond", status=503)
    dscuser = sls_gateway.user("dscuser")
    submit_credentials(qtbot, login_window, "dscuser")
    assert page(login_window) == "dscplus"
    answer(qtbot, login_window, dscuser.dscplus.respond(find(login_window, "challengeLabel", QLabel).text()))

    assert message(login_window) == "The gateway failed with an internal fault (HTTP 503). Please try again."
    assert page(login_window) == "credentials"
    assert find(login_window, "loginButton", QPushButton).isEnabled()
    assert fault.fired == 1
    assert sls_gateway.status("dscuser")["failures"] == 0  # the gateway never saw the response

    assert log_in(qtbot, login_window, "dscuser") is not None


def test_dropped_connections_say_the_gateway_cannot_be_reached_each_time_then_a_login_works(
    qtbot: Any, sls_gateway: Any, login_window: Any, log_in: Any
) -> None:
    fault = sls_gateway.faults.drop_connection("/v1/login/proof", times=2)
    host_port = sls_gateway.url.removeprefix("https://")
    for _ in range(2):  # the same message twice: the marker, not the text, says the reply came
        submit_credentials(qtbot, login_window, "dscuser")
        assert message(login_window) == f"The gateway is not running or cannot be reached at {host_port}."
        assert page(login_window) == "credentials"
    assert (fault.fired, fault.left) == (2, 0)
    assert sls_gateway.status("dscuser")["failures"] == 0  # a proof that never arrived is no failed attempt

    session = log_in(qtbot, login_window, "dscuser")
    assert session is not None
    assert sls_gateway.status("dscuser")["failures"] == 0


# --- the phone network --------------------------------------------------------------------------------------


def test_a_dropped_notification_never_reaches_the_phone_and_challenge_response_logs_in(
    qtbot: Any, sls_gateway: Any, login_window: Any
) -> None:
    fault = sls_gateway.faults.drop_push(user="ibkeyuser")
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    submit_credentials(qtbot, login_window, "ibkeyuser")
    assert page(login_window) == "ibkey_push"
    assert shown(login_window, "pushStatusLabel")
    assert fault.fired == 1
    with pytest.raises(AssertionError, match="no IB Key notification"):
        ibkey.approve(timeout=0)  # one look: the gateway sent it before the page showed

    click_for_reply(qtbot, login_window, "noNotificationLink")  # R5
    assert page(login_window) == "ibkey_challenge"
    answer(qtbot, login_window, ibkey.respond(find(login_window, "challengeLabel", QLabel).text()))
    qtbot.waitUntil(lambda: session_of(login_window) is not None, timeout=WAIT)
    assert sls_gateway.status("ibkeyuser")["failures"] == 0


def test_after_a_dropped_notification_expires_a_new_one_arrives_and_is_approved(
    qtbot: Any, sls_gateway: Any, login_window: Any
) -> None:
    sls_gateway.faults.drop_push()
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    submit_credentials(qtbot, login_window, "ibkeyuser")
    sls_gateway.advance(181)  # the notification's 180 s pass with nothing on the phone
    resend = find(login_window, "pushResendButton", QPushButton)
    qtbot.waitUntil(lambda: resend.isVisible() and resend.isEnabled(), timeout=WAIT)
    assert sls_gateway.status("ibkeyuser")["failures"] == 0  # R3: a push that times out is no failure

    click_for_reply(qtbot, login_window, "pushResendButton")
    assert page(login_window) == "ibkey_push"
    ibkey.approve()  # this one arrives: the fault took only the first
    qtbot.waitUntil(lambda: session_of(login_window) is not None, timeout=WAIT)


def test_a_late_text_arrives_when_the_clock_moves_and_its_code_logs_in(
    qtbot: Any, sls_gateway: Any, login_window: Any
) -> None:
    sls_gateway.faults.delay_text(30, user="smsuser")
    phone = sls_gateway.user("smsuser").phone
    submit_credentials(qtbot, login_window, "smsuser")
    assert page(login_window) == "sms"
    sls_gateway.advance(29)
    with pytest.raises(AssertionError, match="received nothing"):
        phone.last_code()

    sls_gateway.advance(1)
    answer(qtbot, login_window, phone.last_code())
    qtbot.waitUntil(lambda: session_of(login_window) is not None, timeout=WAIT)


def test_a_lost_text_is_replaced_by_asking_for_a_new_code(
    qtbot: Any, sls_gateway: Any, login_window: Any
) -> None:
    fault = sls_gateway.faults.drop_text(user="smsuser")
    phone = sls_gateway.user("smsuser").phone
    submit_credentials(qtbot, login_window, "smsuser")
    assert page(login_window) == "sms"
    assert fault.fired == 1
    with pytest.raises(AssertionError, match="received nothing"):
        phone.last_code()

    sls_gateway.advance(30)  # R10: a new code may be asked for after 30 s
    find(login_window, "requestNewCodeLink", QPushButton).click()
    sms = find(login_window, "smsChannelButton", QPushButton)
    qtbot.waitUntil(lambda: sms.isVisible() and sms.isEnabled(), timeout=WAIT)
    click_for_reply(qtbot, login_window, "smsChannelButton")
    answer(qtbot, login_window, phone.last_code())
    qtbot.waitUntil(lambda: session_of(login_window) is not None, timeout=WAIT)
    assert sls_gateway.status("smsuser")["failures"] == 0


# --- scope --------------------------------------------------------------------------------------------------


def test_when_qtbot_closes_the_window_the_test_s_held_replies_go_first(
    qtbot: Any, sls_gateway: Any, login_window: Any, request: pytest.FixtureRequest
) -> None:
    # A test that ends with a reply held: pytest-qt closes the windows it registered before any fixture
    # ends, and a window closing waits for its request in flight. The plugin registers each window with a
    # step that disarms the test's faults first (called here as pytest-qt calls it).
    held = sls_gateway.faults.hold("/v1/login/proof")
    sls_gateway.faults.drop_push()
    find(login_window, "usernameEdit", QLineEdit).setText("dscuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    find(login_window, "loginButton", QPushButton).click()
    qtbot.waitUntil(lambda: held.waiting == 1, timeout=WAIT)

    (before_close,) = [close for widget, close in request.node.qt_widgets if widget() is login_window]
    before_close(login_window)
    assert held.waiting == 0
    assert sls_gateway.faults.armed == ()
    qtbot.waitUntil(lambda: login_window.property("busy") is False, timeout=WAIT)
    assert page(login_window) == "dscplus"  # the released reply was shown
