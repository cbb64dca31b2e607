"""The IB Key phone tab (R5): a real login's notification shows up by polling the gateway's device
endpoints, one click on Approve finishes the login, denial refuses it; "Authenticate"
answers the 8-digit challenge. The poll never outlives the window."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton

from tests.gateway.http_support import Client, Login, log_in_to_second_factor, respond
from tests.ui.emulators.conftest import POLL_MS, WAIT_MS, child
from trader_login.app.emulator_services import embedded_services
from trader_login.app.kinds.ibkey import push_number
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest
from trader_login.ui.emulators import EmulatorServices, EmulatorsWindow
from trader_login.ui.emulators.services import DeviceFolder


def pick(window: EmulatorsWindow, user: str) -> None:
    window.show_tab("ibkey")
    assert window.ibkey_tab.picker.select_user(user)


def notified(qtbot, window: EmulatorsWindow, gateway: Client) -> tuple[QListWidget, Login]:
    """ibkeyuser logs in as far as the second factor; the push shows up in the IB Key tab's list."""
    login = log_in_to_second_factor(gateway, "ibkeyuser")
    notifications = child(window, QListWidget, "ibkeyNotificationList")
    qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    return notifications, login


def test_r5_a_push_is_approved_on_the_phone_and_the_login_proceeds(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    pick(window, "ibkeyuser")
    approve = child(window, QPushButton, "ibkeyApproveButton")
    assert not approve.isEnabled()
    notifications, login = notified(qtbot, window, gateway)
    details = child(window, QLabel, "ibkeyDetailsLabel").text()
    assert "ibkeyuser" in details
    assert window.ibkey_tab.selected_push().summary in details
    assert gateway.get("/v1/login/push?wait=0", token=login.token).json()["step"] == "second_factor"
    assert not approve.isEnabled()  # number matching (issue 19): the login's number is picked first
    shown = push_number(gateway.gateway, window.ibkey_tab.selected_push().transaction_id)
    (picked,) = [
        button
        for button in (child(window, QPushButton, f"ibkeyNumberButton{i}") for i in (1, 2, 3))
        if button.text() == str(shown)
    ]
    picked.click()
    approve.click()  # then one click approves (issue 13: no undocumented second step)
    qtbot.waitUntil(lambda: "Approved" in window.ibkey_tab.message.text(), timeout=WAIT_MS)
    assert notifications.count() == 0
    assert gateway.get("/v1/login/push?wait=0", token=login.token).json()["step"] == "session"


def test_r5_a_denied_push_fails_the_login(qtbot, window: EmulatorsWindow, gateway: Client) -> None:
    pick(window, "ibkeyuser")
    _notifications, login = notified(qtbot, window, gateway)
    child(window, QPushButton, "ibkeyDenyButton").click()
    qtbot.waitUntil(lambda: "Denied" in window.ibkey_tab.message.text(), timeout=WAIT_MS)
    reply = gateway.get("/v1/login/push?wait=0", token=login.token)
    assert reply.json().get("step") != "session"


def test_r5_challenge_response_logs_ibkeyuser_in(window: EmulatorsWindow, gateway: Client) -> None:
    pick(window, "ibkeyuser")
    login = log_in_to_second_factor(gateway, "ibkeyuser")
    switched = gateway.post("/v1/login/ibkey/challenge", {}, token=login.token)
    challenge = switched.json()["challenge"]["challenge"]
    child(window, QLineEdit, "ibkeyChallengeEdit").setText(f"{challenge[:4]} {challenge[4:]}")
    child(window, QPushButton, "ibkeyGenerateButton").click()
    response = child(window, QLabel, "ibkeyResponseLabel").text()
    assert len(response) == 8
    assert response == gateway.device("ibkeyuser", "ibkey").respond(challenge)
    assert respond(gateway, login.token, response).json()["step"] == "session"


def test_a_challenge_that_is_not_8_digits_gets_a_message(window: EmulatorsWindow) -> None:
    pick(window, "ibkeyuser")
    child(window, QLineEdit, "ibkeyChallengeEdit").setText("12ab")
    child(window, QPushButton, "ibkeyGenerateButton").click()
    assert child(window, QLabel, "ibkeyResponseLabel").text() == ""
    assert "8 digits" in window.ibkey_tab.message.text()


class SlowLink:
    """A phone link whose poll takes a while and then reports a notification."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.polls = 0

    def pending_pushes(self, app: IbKeyApp) -> list[PushRequest]:
        self.polls += 1
        self.started.set()
        time.sleep(0.3)  # on the worker, never the GUI thread
        return [PushRequest.new("late-reply", "ibkeyuser", summary="late")]

    def decide(self, app: IbKeyApp, request: PushRequest, decision: str, number: int | None = None) -> str:
        raise AssertionError("not expected")


def test_closing_the_window_mid_poll_joins_the_worker_and_drops_the_late_reply(
    qtbot, gateway: Client, qapp
) -> None:
    link = SlowLink()
    services = EmulatorServices(shelf=DeviceFolder(gateway.gateway.device_dir), phone_link=link, remote=True)
    window = EmulatorsWindow(services, poll_ms=POLL_MS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(window.entries) > 0, timeout=WAIT_MS)
    pick(window, "ibkeyuser")
    qtbot.waitUntil(link.started.is_set, timeout=WAIT_MS)
    window.close()
    pool = window.findChild(QThreadPool)
    assert pool is not None
    assert pool.activeThreadCount() == 0
    qapp.processEvents()
    assert child(window, QListWidget, "ibkeyNotificationList").count() == 0
    # No timer left running: nothing can poll after the close.
    assert not [timer for timer in window.findChildren(QTimer) if timer.isActive()]


def test_hiding_the_window_stops_the_poll_and_showing_it_resumes(qtbot, window: EmulatorsWindow) -> None:
    pick(window, "ibkeyuser")
    window.hide()
    assert not window.ibkey_tab.poller.active
    window.show()
    assert window.ibkey_tab.poller.active


def test_a_remote_phone_polls_with_an_opened_device_file(qtbot, gateway: Client, tmp_path) -> None:
    from trader_login.app.emulator_services import close_services, remote_services

    services = remote_services(gateway.url, ca_cert=gateway.server.cert_path)
    window = EmulatorsWindow(services, poll_ms=POLL_MS)
    qtbot.addWidget(window)
    window.show()
    exported = tmp_path / "phone.json"
    exported.write_bytes((gateway.gateway.device_dir / "ibkeyuser-ibkey.json").read_bytes())
    assert window.ibkey_tab.load_device_file(str(exported))
    notified(qtbot, window, gateway)
    window.close()
    close_services(services)


def test_embedded_services_carry_everything(gateway: Client) -> None:
    services = embedded_services(gateway.gateway, gateway.url, gateway.server.fingerprint)
    assert services.desk is not None
    assert services.outbox is not None
    assert services.phone_link is not None
    assert not services.remote
