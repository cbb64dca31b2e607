"""Drives the desktop app by its widgets, outside pytest: the self-test and the screenshots command.

Devices are answered by the emulators' models from the embedded gateway's demo device files, as a trader
would with the emulators window.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from trader_login.auth.client.views import Stage
from trader_login.auth.devices import files
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD, DEMO_PIN

if TYPE_CHECKING:
    from trader_login.app.gui import DesktopApp

TIMEOUT = 120.0  # a first start hashes the ten demo passwords with the production KDF


class DrivingError(Exception):
    pass


def dsc_response(dsc: Any, challenge: str, pin: str = DEMO_PIN) -> str:
    """What a trader does on the DSC+ (R6): the button, the PIN, OK, the challenge, OK; the LCD's answer."""
    dsc.press_button()
    for key in pin:
        dsc.press_key(key)
    dsc.press_ok()
    for key in challenge:
        dsc.press_key(key)
    dsc.press_ok()
    return dsc.display


_SPOKEN = re.compile(r"code is ([0-9](?:, [0-9])*)\.")
_TEXTED = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")


def code_in_message(text: str) -> str | None:
    """The security code of a text ("…code: 123456…") or a voice call ("…code is 1, 2, 3, 4, 5, 6."), as
    the trader reads or hears it."""
    spoken = _SPOKEN.search(text)
    if spoken:
        return spoken.group(1).replace(", ", "")
    texted = _TEXTED.search(text)
    return texted.group(0) if texted else None


class Driver:
    def __init__(self, desktop: DesktopApp) -> None:
        self.desktop = desktop
        self.window = desktop.window
        self.controller = desktop.controller

    @property
    def stage(self) -> Stage:
        return self.controller.view.stage

    def wait_for(self, what: str, done: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                view = self.controller.view
                raise DrivingError(f"timed out waiting for {what} (at {view.stage.name}: {view.message})")
            QApplication.processEvents()
            time.sleep(0.005)
        QApplication.processEvents()

    def wait_for_stage(self, *stages: Stage) -> None:
        self.wait_for(" or ".join(s.name for s in stages), lambda: self.stage in stages)

    def log_in(self, user: str, password: str = DEMO_PASSWORD, *, paper: bool = False) -> None:
        page = self.window.credentials
        (page.paper_button if paper else page.live_button).click()
        page.username_edit.setText(user)
        page.password_edit.setText(password)
        self.act("the login's answer", page.login_button.click)

    def act(self, what: str, action: Callable[[], object]) -> None:
        """Does `action` and waits for the page it leads to (a new view that is not a busy one)."""
        before = self.controller.view
        action()
        self.wait_for(what, lambda: self.controller.view is not before and self.stage is not Stage.WORKING)

    # --- the devices ---------------------------------------------------------------------------------------

    @property
    def device_dir(self) -> Any:
        embedded = self.desktop.embedded
        if embedded is None:
            raise DrivingError("driving needs the embedded gateway's demo device files")
        return embedded.device_dir

    def device(self, user: str, kind: str) -> Any:
        return files.load(self.device_dir / f"{user}-{kind}.json")

    def dsc_response(self, user: str, challenge: str, pin: str = DEMO_PIN) -> str:
        return dsc_response(self.device(user, "dscplus"), challenge, pin)

    def latest_code(self, phone_number: str) -> str:
        message = self.desktop.embedded.gateway.desk.outbox(phone_number)[-1]  # type: ignore[union-attr]
        code = code_in_message(message["text"])
        if code is None:
            raise DrivingError("the newest message carries no code")
        return code

    def answer(self, user: str) -> None:
        """Answers the second-factor page shown, with the user's device, and waits for the result."""
        view = self.controller.view
        challenge = view.challenge
        if view.stage is not Stage.SECOND_FACTOR or challenge is None:
            raise DrivingError(f"no second-factor page to answer (at {view.stage.name})")
        if challenge.kind == "dscplus":
            response = self.dsc_response(user, challenge.digits or "")
        elif challenge.kind == "ibkey_challenge":
            response = self.device(user, "ibkey").respond(challenge.digits or "")
        elif challenge.kind in ("card", "online-card"):
            response = self.device(user, challenge.kind).response(*(challenge.indices or (1, 1)))
        elif challenge.kind == "sms":
            response = self.latest_code(self.device(user, "sms").number)
        elif challenge.kind == "temp_passcode":
            response = self.desktop.embedded.gateway.desk.demo_temp_passcode(user)  # type: ignore[union-attr]
        else:
            raise DrivingError(f"cannot answer a {challenge.kind} page here")
        page = self.window.second_factor
        page.response_edit.setText(response)
        self.act("the answer", page.submit_button.click)


class NullKeychain:
    """For runs that must leave the trader's remembered user name alone (self-test, screenshots)."""

    def remembered_username(self) -> None:
        return None

    def fallback_notice(self) -> None:
        return None

    def remember_username(self, _name: str) -> None:
        return None

    def forget_username(self) -> None:
        return None
