"""Driving the login window in the project's pytest-qt tests: the trader's actions by widget (object names
of SPEC §8), each waited on through the window's per-attempt marker, and the devices answered by the
testers' harness (`trader_login.app.harness`, the same table of kinds the plugin's `log_in` uses)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.auth.devices.support import FakeClock
from tests.gateway.http_support import Client
from trader_login.app import driving
from trader_login.app.gui import DesktopApp
from trader_login.app.harness import DeviceShelf, LinkPhone, User, challenge_kind
from trader_login.auth.client.views import LoginView, Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD

WAIT_MS = 30_000  # a safety net for a loaded machine, never an expectation

# A monotonic clock moved by hand, for what has no window (the DSC+ emulator's own clock).
ManualClock = FakeClock


class Trader:
    """What a trader does in the window, and what the test reads back."""

    def __init__(self, qtbot: QtBot, desktop: DesktopApp, gateway: Client) -> None:
        self.qtbot = qtbot
        self.desktop = desktop
        self.gateway = gateway
        self.window = desktop.window
        self.controller = desktop.controller
        self.shelf = DeviceShelf(gateway.gateway, LinkPhone(gateway.url, gateway.server.fingerprint))

    # --- reading ------------------------------------------------------------------------------------------

    def find(self, name: str, kind: type[QWidget] = QWidget) -> Any:
        return driving.find_widget(name, kind, window=self.window)

    @property
    def view(self) -> LoginView:
        return self.controller.view

    @property
    def stage(self) -> Stage:
        return self.controller.view.stage

    def message(self) -> str:
        return driving.message_shown(self.window)

    def user(self, name: str) -> User:
        return self.shelf.user(name)

    # --- acting -------------------------------------------------------------------------------------------

    def act(self, action: Callable[[], object], *, timeout: int = WAIT_MS) -> LoginView:
        """Does `action` (a click, Enter) and waits until its reply is on screen (the window's marker)."""
        driving.act(self.window, action, "the reply", timeout / 1000)
        return self.view

    def click(self, name: str, *, timeout: int = WAIT_MS) -> LoginView:
        return self.act(self.find(name).click, timeout=timeout)

    def log_in(self, user: str, password: str = DEMO_PASSWORD, *, paper: bool = False) -> LoginView:
        """Credentials typed and sent; returns the view of the page that answers them."""
        driving.enter_credentials(self.window, user, password, paper=paper)
        return self.click("loginButton")

    def type_response(self, text: str) -> LoginView:
        self.find("responseEdit").setText(text)
        return self.click("responseSubmitButton")

    def response_for(self, user: str) -> str:
        """What the user's device says for the challenge on the page (the harness's answer for its kind),
        after checking that the page shows the challenge the flow holds."""
        challenge = self.view.challenge
        assert challenge is not None, self.view
        label = self.find("challengeLabel").text()
        for part in (challenge.digits, *(str(i) for i in challenge.indices or ())):
            assert part is None or part in label, (part, label)
        response = self.user(user).answer(challenge.kind, label)
        assert response is not None, f"{challenge.kind} is answered on the device"
        return response

    def approve_push(self, user: str) -> None:
        self.user(user).ibkey.approve()

    def answer(self, user: str) -> LoginView:
        """Answers the page shown with the user's device and waits for the reply."""
        challenge = self.view.challenge
        assert challenge is not None, self.view
        if challenge_kind(challenge.kind).on_device:
            driving.act(self.window, lambda: self.user(user).answer(challenge.kind), "the approval")
            return self.view
        return self.type_response(self.response_for(user))

    def session_window(self) -> Any:
        driving.wait_until(lambda: driving.session_window_of(self.window) is not None, "the session window")
        return self.window.session_window
