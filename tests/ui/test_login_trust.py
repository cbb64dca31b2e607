"""Issue 19 in the login and session windows, as the testers' harness opens them: the attempts left before
the lock under a counted refusal (attemptsLeftLabel, R3 from the 7th failure), the push's number
(pushNumberLabel, equal to the gateway's) and the login history (lastLoginLabel, failedAttemptsLabel)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.gateway.http_support import Client
from tests.ui.login_support import Trader
from tests.ui.trust_support import WAIT_MS, child
from trader_login.auth.client.views import Account, LoginHistory, LoginView, SessionInfo, Stage
from trader_login.ui import formatting
from trader_login.ui.login_controller import LoginController
from trader_login.ui.session_window import SessionWindow

WRONG = "Not-the-password1"


def attempts_left(trader: Trader) -> QLabel:
    return trader.find("attemptsLeftLabel", QLabel)


def test_r3_attempts_left_shows_under_the_refusal_from_the_seventh_failure(trader: Trader) -> None:
    for _ in range(6):
        view = trader.log_in("dscuser", WRONG)
        assert view.error_code == "INVALID_CREDENTIALS"
        assert not attempts_left(trader).isVisible()
    view = trader.log_in("dscuser", WRONG)
    assert view.attempts_left == 3
    label = attempts_left(trader)
    assert label.isVisible()
    assert label.text() == "Attempts left before this user name is locked for 24 hours: 3."
    assert label.property("role") == "warning"
    assert trader.message() == "Invalid user name password combination"  # R2's text, unchanged
    # Under the refusal it belongs to: in the same slot as the message line, right after it.
    message = trader.find("messageLabel", QLabel)
    assert message.parentWidget() is label.parentWidget()
    trader.qtbot.waitUntil(  # once the layout has placed the moved pair
        lambda: 0 < label.y() - message.y() <= message.height() + 20, timeout=WAIT_MS
    )

    # The right password is no success yet; a wrong response is the 8th failure: shown on that page.
    view = trader.log_in("dscuser")
    assert view.stage is Stage.SECOND_FACTOR
    assert not attempts_left(trader).isVisible()  # it belonged to the refusal before
    view = trader.type_response("00000000")
    assert view.error_code == "LOGIN_FAILED"
    assert view.attempts_left == 2
    assert attempts_left(trader).isVisible()
    assert attempts_left(trader).text() == "Attempts left before this user name is locked for 24 hours: 2."
    # A right answer: the session; nothing of the warning stays for the next login.
    trader.type_response(trader.response_for("dscuser"))
    trader.session_window()


def test_r3_attempts_left_for_a_user_name_no_one_has(trader: Trader) -> None:
    for _ in range(7):
        trader.log_in("nosuchuser", WRONG)
    assert attempts_left(trader).text() == "Attempts left before this user name is locked for 24 hours: 3."


def test_the_push_page_shows_the_number_the_phone_must_match(trader: Trader, gateway: Client) -> None:
    view = trader.log_in("ibkeyuser")
    assert view.challenge is not None
    assert view.challenge.is_push
    number = trader.find("pushNumberLabel", QLabel)
    assert number.isVisible()
    phone = trader.user("ibkeyuser").ibkey
    shown = int(number.text())
    assert shown == view.challenge.push_number
    assert shown in phone.numbers  # one of the three the phone offers
    push = gateway.pending_push(gateway.device("ibkeyuser", "ibkey"))
    assert shown == gateway.push_number(push.transaction_id)  # the gateway's own
    assert trader.find("pushNumberCaption", QLabel).text() == "Pick this number on your phone"
    assert number.property("role") == "challenge"  # large, as a challenge is

    # A wrong pick is a counted denial: the page says so and shows the new notification's number.
    wrong = next(n for n in phone.numbers if n != shown)
    trader.act(lambda: phone.approve(number=wrong))
    assert trader.view.error_code == "LOGIN_FAILED"
    assert trader.message().startswith("Login failed: the number picked on your phone was not the number")
    assert gateway.gateway.desk.status("ibkeyuser")["failures"] == 1
    trader.qtbot.waitUntil(
        lambda: number.text() == f"{trader.view.challenge.push_number:02d}", timeout=WAIT_MS
    )
    trader.act(phone.approve)  # the harness picks the page's number
    trader.session_window()


def test_the_push_page_shows_no_number_when_the_gateway_does_not_match_numbers(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    trader.click("noNotificationLink")  # challenge/response: no number to pick
    assert trader.view.challenge.kind == "ibkey_challenge"
    assert not trader.find("pushNumberLabel", QLabel).isVisible()
    assert not trader.find("pushNumberCaption", QLabel).isVisible()


def test_the_session_window_shows_the_last_login_and_the_failures_since(
    trader: Trader, gateway: Client
) -> None:
    trader.log_in("dscuser")
    trader.answer("dscuser")
    session = trader.session_window()
    last = child(session, "lastLoginLabel", QLabel)
    failed = child(session, "failedAttemptsLabel", QLabel)
    assert last.text() == "First login recorded here"
    assert failed.text() == "No failed attempts before this login"
    assert failed.property("role") == "status"
    first = trader.view.session
    trader.click("logoutButton")

    gateway.clock.advance(60)
    trader.log_in("dscuser", WRONG)
    gateway.clock.advance(60)
    trader.log_in("dscuser")
    trader.answer("dscuser")
    session = trader.session_window()
    history = trader.view.session.history
    assert history.last_login is not None
    last = child(session, "lastLoginLabel", QLabel)
    failed = child(session, "failedAttemptsLabel", QLabel)
    when = formatting.local_time(history.last_login.at)
    assert abs(history.last_login.at - first.created_at) <= 1
    assert last.text() == (
        f"Last login: {when} from {history.last_login.address} with Digital Security Card+ (DSC+)"
    )
    assert failed.text() == "Failed attempts since then: 1"
    assert failed.property("role") == "warning"
    assert (
        failed.toolTip() == f"{formatting.local_time(history.failures[0].at)} from 127.0.0.1: wrong password"
    )


def _session(**changes: object) -> SessionInfo:
    base = SessionInfo(
        status="active",
        message="",
        username="dscuser",
        mode="live",
        accounts=(Account("U1000001", "Individual"),),
        device_kind="dscplus",
        device_label="DSC+",
        withdrawal_per_day=None,
        withdrawal_per_5_business_days=None,
        restrictions=(),
        read_only=False,
        created_at=1_796_000_000.0,
        expires_at=1_796_086_400.0,
    )
    return dataclasses.replace(base, **changes)


def test_a_gateway_without_login_history_shows_none(qtbot: QtBot) -> None:
    """An older gateway sends no `history`: the window says nothing rather than "First login"."""

    def never(_on_change: object) -> None:
        raise AssertionError("this window is never started")

    window = SessionWindow(LoginController(never))
    qtbot.addWidget(window)
    window.show()
    window.render(LoginView(Stage.DONE, session=_session()))
    assert not child(window, "lastLoginLabel", QLabel).isVisible()
    assert not child(window, "failedAttemptsLabel", QLabel).isVisible()
    assert not child(window, "autoRestartCheck").isVisible()  # no restart keys, no cut-off
    window.render(LoginView(Stage.DONE, session=_session(history=LoginHistory())))
    assert child(window, "lastLoginLabel", QLabel).text() == "First login recorded here"
    assert child(window, "lastLoginLabel", QLabel).isVisible()
    window.closing_allowed = True
