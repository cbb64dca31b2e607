"""Every demo user logs in through the login window, driven by object name only; responses come from the
testers' harness, with the device models from the demo seed's device files (SPEC §7, §8)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from tests.ui.login_support import WAIT_MS, Trader
from trader_login.auth.client.views import Stage


@pytest.mark.parametrize(
    ("user", "kind", "device", "limits", "restriction"),
    [
        ("dscuser", "dscplus", "Digital Security Card+", "Unlimited", None),
        ("ibkeyuser", "ibkey_push", "IB Key", "USD 1,000,000", None),
        ("carduser", "card", "Security Code Card", "USD 200,000", None),
        ("smsuser", "sms", "SMS", "USD 600,000", None),
        ("tempuser", "temp_passcode", "emporary", "No withdrawals allowed", "emporary passcode"),
        ("onlineuser", "online-card", "Online Security Code Card", "USD 200,000", None),
        ("linkeduser", "dscplus", "Digital Security Card+", "Unlimited", None),
    ],
)
def test_each_demo_user_logs_in_through_the_window(
    trader: Trader, user: str, kind: str, device: str, limits: str, restriction: str | None
) -> None:
    view = trader.log_in(user)
    assert view.stage is Stage.SECOND_FACTOR, view
    assert view.challenge is not None
    assert view.challenge.kind == kind
    assert trader.find("readOnlyButton").isVisible()
    assert trader.find("cancelButton").isVisible()
    assert trader.answer(user).stage is Stage.DONE
    session = trader.session_window()
    assert session.objectName() == "sessionWindow"
    assert session.isVisible()
    assert not trader.window.isVisible()
    assert device in trader.find("deviceLabel").text()
    assert limits in trader.find("withdrawalLimitsLabel").text()
    restrictions = trader.find("restrictionsLabel").text()
    assert (restriction in restrictions) if restriction else restrictions == "None"
    trader.click("logoutButton")
    assert trader.stage is Stage.CREDENTIALS
    trader.qtbot.waitUntil(
        lambda: trader.window.isVisible() and trader.window.session_window is None, timeout=WAIT_MS
    )
    assert trader.gateway.gateway.desk.status(user)["failures"] == 0


def test_linkeduser_picks_one_of_three_linked_accounts(trader: Trader) -> None:
    trader.log_in("linkeduser")
    trader.answer("linkeduser")
    accounts = trader.find("accountCombo")
    assert accounts.count() == 3
    assert accounts.isEnabled()
    accounts.setCurrentIndex(2)
    assert accounts.currentData() == trader.view.session.accounts[2].id


def test_m2fs_multiuser_chooses_from_the_list_highest_level_first(trader: Trader) -> None:
    view = trader.log_in("multiuser")
    assert view.stage is Stage.CHOOSE_DEVICE
    devices = trader.find("deviceList")
    labels = [devices.item(i).text() for i in range(devices.count())]
    assert labels[0].startswith("Digital Security Card+")
    assert [d.level for d in view.devices] == sorted((d.level for d in view.devices), reverse=True)
    assert devices.currentRow() == 0  # the last used (here: none yet, so the most secure) is preselected
    sms = next(i for i, label in enumerate(labels) if "SMS" in label)
    devices.setCurrentRow(sms)
    assert trader.click("deviceContinueButton").challenge.kind == "sms"
    assert trader.answer("multiuser").stage is Stage.DONE
    trader.click("logoutButton")
    trader.log_in("multiuser")
    assert labels[trader.find("deviceList").currentRow()] == labels[sms]  # last used preselected


@pytest.mark.parametrize(("user", "paper"), [("optoutuser", False), ("paperuser", True)])
def test_password_only_users_go_straight_to_the_session(
    qtbot, login_window, log_in, user: str, paper: bool
) -> None:
    session = log_in(qtbot, login_window, user, paper=paper)  # a second-factor page would fail it
    assert "None" in session.findChild(QLabel, "deviceLabel").text()
    if paper:
        assert "paper trading" in session.findChild(QLabel, "sessionUserLabel").text()
    else:
        assert "opt" in session.findChild(QLabel, "restrictionsLabel").text().lower()


def test_r5_the_push_is_approved_while_the_window_counts_down(trader: Trader, sls_gateway) -> None:
    view = trader.log_in("ibkeyuser")
    status = trader.find("pushStatusLabel")
    assert status.isVisible()
    assert "3 min 0 s" in status.text()  # the harness's clocks stand still: never "2 min 59 s"
    sls_gateway.advance(65)  # the gateway's clock and the window's
    trader.qtbot.waitUntil(lambda: "1 min 55 s" in status.text(), timeout=WAIT_MS)
    assert trader.find("noNotificationLink").isVisible()
    assert not trader.find("responseEdit").isVisible()
    assert view.challenge.is_push
    trader.approve_push("ibkeyuser")
    trader.qtbot.waitUntil(lambda: trader.stage is Stage.DONE, timeout=WAIT_MS)


def test_r5_no_notification_switches_to_challenge_and_response(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    view = trader.click("noNotificationLink")
    assert view.challenge.kind == "ibkey_challenge"
    label = trader.find("challengeLabel").text()
    assert view.challenge.digits in label
    assert len(view.challenge.digits) == 8
    assert trader.answer("ibkeyuser").stage is Stage.DONE


def test_r5_a_denied_push_says_login_failed_and_sends_another(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    trader.user("ibkeyuser").ibkey.deny()  # on the phone, through the harness's user handle
    trader.qtbot.waitUntil(lambda: trader.message() == "Login failed", timeout=WAIT_MS)
    assert trader.stage is Stage.SECOND_FACTOR
    trader.approve_push("ibkeyuser")  # the fresh notification
    trader.qtbot.waitUntil(lambda: trader.stage is Stage.DONE, timeout=WAIT_MS)
