"""Driving the login window in pytest-qt tests: a real gateway on loopback, the app's composition root
pointed at it, and the trader's actions by widget (object names of SPEC §8). Device answers come from the
device models, loaded from the demo seed's device files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.auth.devices.support import FakeClock
from tests.gateway.http_support import Client, card_response, dsc_response
from trader_login.app.gui import DesktopApp
from trader_login.auth.client.views import LoginView, Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD

WAIT_MS = 10_000


# The window's monotonic clock (countdowns, resend delays), moved by the test.
ManualClock = FakeClock


class Trader:
    """What a trader does in the window, and what the test reads back."""

    def __init__(self, qtbot: QtBot, desktop: DesktopApp, gateway: Client) -> None:
        self.qtbot = qtbot
        self.desktop = desktop
        self.gateway = gateway
        self.window = desktop.window
        self.controller = desktop.controller

    # --- reading ------------------------------------------------------------------------------------------

    def find(self, name: str, kind: type[QWidget] = QWidget) -> Any:
        for root in (self.window, self.window.session_window):
            if root is None:
                continue
            if root.objectName() == name:
                return root
            found = root.findChild(kind, name)
            if found is not None:
                return found
        raise AssertionError(f"no widget named {name!r}")

    @property
    def view(self) -> LoginView:
        return self.controller.view

    @property
    def stage(self) -> Stage:
        return self.controller.view.stage

    def message(self) -> str:
        label = self.find("messageLabel")
        return label.text() if label.isVisible() else ""

    # --- acting -------------------------------------------------------------------------------------------

    def act(self, action: Callable[[], object], *, timeout: int = WAIT_MS) -> LoginView:
        """Does `action` (a click) and waits for the page it leads to: a new view that is not busy."""
        before = self.controller.view
        action()
        self.qtbot.waitUntil(
            lambda: self.controller.view is not before and self.stage is not Stage.WORKING, timeout=timeout
        )
        return self.view

    def click(self, name: str, *, timeout: int = WAIT_MS) -> LoginView:
        return self.act(self.find(name).click, timeout=timeout)

    def log_in(self, user: str, password: str = DEMO_PASSWORD, *, paper: bool = False) -> LoginView:
        self.find("paperModeButton" if paper else "liveModeButton").click()
        self.find("usernameEdit").setText(user)
        self.find("passwordEdit").setText(password)
        return self.click("loginButton")

    def type_response(self, text: str) -> LoginView:
        self.find("responseEdit").setText(text)
        return self.click("responseSubmitButton")

    def response_for(self, user: str) -> str:
        """What the user's device says for the challenge on the page, computed with the device model."""
        challenge = self.view.challenge
        assert challenge is not None, self.view
        label = self.find("challengeLabel").text()
        if challenge.kind == "dscplus":
            assert challenge.digits in label
            return dsc_response(self.gateway.device(user, "dscplus"), challenge.digits or "")
        if challenge.kind == "ibkey_challenge":
            assert challenge.digits in label
            return self.gateway.device(user, "ibkey").respond(label)
        if challenge.kind in ("card", "online-card"):
            first, second = challenge.indices or (0, 0)
            assert str(first) in label
            assert str(second) in label
            return card_response(self.gateway.device(user, challenge.kind), {"indices": [first, second]})
        if challenge.kind == "sms":
            return self.gateway.latest_code(self.gateway.device(user, "sms").number)
        if challenge.kind == "temp_passcode":
            return self.gateway.gateway.desk.demo_temp_passcode(user)
        raise AssertionError(f"no response for {challenge.kind}")

    def approve_push(self, user: str) -> None:
        phone = self.gateway.device(user, "ibkey")
        reply = self.gateway.phone_decide(phone, self.gateway.pending_push(phone))
        assert reply.status_code == 200, reply.text

    def answer(self, user: str) -> LoginView:
        challenge = self.view.challenge
        assert challenge is not None, self.view
        if challenge.is_push:
            self.approve_push(user)
            self.qtbot.waitUntil(lambda: self.stage is not Stage.SECOND_FACTOR, timeout=WAIT_MS)
            self.qtbot.waitUntil(lambda: self.stage is not Stage.WORKING, timeout=WAIT_MS)
            return self.view
        return self.type_response(self.response_for(user))

    def session_window(self) -> Any:
        self.qtbot.waitUntil(lambda: self.window.session_window is not None, timeout=WAIT_MS)
        return self.window.session_window
