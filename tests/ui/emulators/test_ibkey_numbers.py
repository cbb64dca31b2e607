"""Push number matching on the IB Key phone tab (issue 19, item 4): a notification with numbers shows three
checkable buttons (`ibkeyNumberButton1..3`), Approve is enabled only once one is picked and sends it; the
right pick lets the login proceed, a wrong one is a counted denial with a fresh notification, "This wasn't
me" (`ibkeyNotMeButton`) is a counted denial recorded as a reported fraud. Without number matching the tab
is as before: no numbers, Approve at once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton
from sqlalchemy import select

from tests.gateway.http_support import Client, Login, log_in_to_second_factor
from tests.ui.emulators.conftest import WAIT_MS, child
from trader_login.app.kinds.ibkey import push_number
from trader_login.auth.gateway.store import audit_events
from trader_login.ui.emulators import EmulatorsWindow


def notified(qtbot, window: EmulatorsWindow, gateway: Client) -> tuple[QListWidget, Login]:
    """ibkeyuser logs in as far as the second factor; the push shows up in the IB Key tab."""
    window.show_tab("ibkey")
    assert window.ibkey_tab.picker.select_user("ibkeyuser")
    login = log_in_to_second_factor(gateway, "ibkeyuser")
    notifications = child(window, QListWidget, "ibkeyNotificationList")
    qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    return notifications, login


def number_buttons(window: EmulatorsWindow) -> list[QPushButton]:
    return [child(window, QPushButton, f"ibkeyNumberButton{index}") for index in (1, 2, 3)]


def right_number(window: EmulatorsWindow, gateway: Client) -> int:
    push = window.ibkey_tab.selected_push()
    assert push is not None
    number = push_number(gateway.gateway, push.transaction_id)
    assert number is not None
    return number


def button_of(window: EmulatorsWindow, number: int) -> QPushButton:
    (button,) = [button for button in number_buttons(window) if button.text() == str(number)]
    return button


def push_wait(gateway: Client, login: Login) -> Any:
    return gateway.get("/v1/login/push?wait=0", token=login.token)


def audit_kinds(gateway: Client, username: str) -> list[tuple[str, str | None]]:
    query = select(audit_events.c.kind, audit_events.c.reason).where(audit_events.c.username == username)
    with gateway.gateway.store.read() as connection:
        return [(row.kind, row.reason) for row in connection.execute(query.order_by(audit_events.c.id))]


def test_the_three_numbers_show_and_approve_waits_for_a_pick(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    notified(qtbot, window, gateway)
    push = window.ibkey_tab.selected_push()
    assert push is not None
    assert len(push.numbers) == 3
    buttons = number_buttons(window)
    assert [button.text() for button in buttons] == [str(number) for number in push.numbers]
    assert all(button.isVisible() and button.isCheckable() and not button.isChecked() for button in buttons)
    assert right_number(window, gateway) in push.numbers
    approve = child(window, QPushButton, "ibkeyApproveButton")
    assert not approve.isEnabled()  # nothing picked yet
    assert child(window, QPushButton, "ibkeyNotMeButton").isEnabled()
    assert child(window, QPushButton, "ibkeyDenyButton").isEnabled()

    buttons[0].click()
    assert approve.isEnabled()
    assert window.ibkey_tab.picked_number() == push.numbers[0]
    buttons[2].click()  # one pick at a time
    assert [button.isChecked() for button in buttons] == [False, False, True]
    assert window.ibkey_tab.picked_number() == push.numbers[2]


def test_the_right_number_approves_and_the_login_proceeds(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    notifications, login = notified(qtbot, window, gateway)
    button_of(window, right_number(window, gateway)).click()
    child(window, QPushButton, "ibkeyApproveButton").click()
    qtbot.waitUntil(lambda: "Approved" in window.ibkey_tab.message.text(), timeout=WAIT_MS)
    assert notifications.count() == 0
    assert push_wait(gateway, login).json()["step"] == "session"
    assert gateway.gateway.desk.status("ibkeyuser")["failures"] == 0


def test_a_wrong_number_is_a_counted_denial_and_a_fresh_notification_follows(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    notifications, login = notified(qtbot, window, gateway)
    first = window.ibkey_tab.selected_push()
    assert first is not None
    right = right_number(window, gateway)
    wrong = next(number for number in first.numbers if number != right)
    button_of(window, wrong).click()
    child(window, QPushButton, "ibkeyApproveButton").click()
    qtbot.waitUntil(lambda: "Denied" in window.ibkey_tab.message.text(), timeout=WAIT_MS)
    assert str(wrong) in window.ibkey_tab.message.text()

    reply = push_wait(gateway, login)  # the login side: refused, with the text saying why
    assert reply.status_code == 401, reply.text
    error = reply.json()["error"]
    assert (error["code"], error["message_id"]) == ("LOGIN_FAILED", "push_wrong_number")
    assert gateway.gateway.desk.status("ibkeyuser")["failures"] == 1  # counted (R3)
    assert ("login.failed", "push_wrong_number") in audit_kinds(gateway, "ibkeyuser")

    # A fresh notification reaches the phone, nothing picked on it.
    def fresh() -> bool:
        push = window.ibkey_tab.selected_push()
        return push is not None and push.transaction_id != first.transaction_id

    qtbot.waitUntil(fresh, timeout=WAIT_MS)
    assert notifications.count() == 1
    assert window.ibkey_tab.picked_number() is None
    assert not child(window, QPushButton, "ibkeyApproveButton").isEnabled()


def test_this_was_not_me_denies_counts_and_is_recorded_as_fraud(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    _notifications, login = notified(qtbot, window, gateway)
    child(window, QPushButton, "ibkeyNotMeButton").click()
    qtbot.waitUntil(lambda: "Reported" in window.ibkey_tab.message.text(), timeout=WAIT_MS)

    reply = push_wait(gateway, login)
    assert reply.status_code == 401, reply.text
    assert reply.json()["error"]["message_id"] == "push_reported"
    assert "next" not in reply.json()["error"]  # the report ends the login (review S11)
    assert gateway.gateway.desk.status("ibkeyuser")["failures"] == 1
    recorded = audit_kinds(gateway, "ibkeyuser")
    assert "push.fraud_reported" in [kind for kind, _reason in recorded]
    assert ("login.failed", "push_reported") in recorded


@pytest.mark.trader_login_gateway(push_number_matching=False)
def test_without_number_matching_the_tab_is_as_before(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    _notifications, login = notified(qtbot, window, gateway)
    assert window.ibkey_tab.selected_push().numbers == ()
    assert not any(button.isVisible() for button in number_buttons(window))
    assert not child(window, QLabel, "ibkeyNumbersCaption").isVisible()
    approve = child(window, QPushButton, "ibkeyApproveButton")
    assert approve.isEnabled()  # one click approves, no number to pick
    approve.click()
    qtbot.waitUntil(lambda: "Approved" in window.ibkey_tab.message.text(), timeout=WAIT_MS)
    assert push_wait(gateway, login).json()["step"] == "session"


def test_the_numbers_are_large_and_named_for_screen_readers(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    notified(qtbot, window, gateway)
    approve = child(window, QPushButton, "ibkeyApproveButton")
    for button in number_buttons(window):
        assert button.font().pointSizeF() > approve.font().pointSizeF()
        assert button.font().bold()
        assert button.text() in button.accessibleName()
