"""`trader-login --self-test`: the installers' smoke test (SPEC §8). Builds the window offscreen, checks the
keychain, logs `dscuser` in through the embedded gateway with the DSC+ emulator, logs out, exits 0.

It drives the window by its widgets as a trader would; the DSC+ is the emulator's model, fed the demo
device file by its keys. A fresh temporary data directory keeps the trader's own data out of it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 120.0  # the first start hashes the ten demo passwords with the production KDF


class SelfTestError(Exception):
    pass


def run(args: argparse.Namespace) -> int:
    from app import gui

    gui.ensure_display()
    app = gui.application()
    with tempfile.TemporaryDirectory(prefix="trader-login-self-test-") as data:
        step = "start"
        desktop = None
        try:
            step = "keychain"
            from app.keychain import Keychain

            status = Keychain(fallback_path=Path(data) / "keychain-fallback.json").check()
            _say(f"keychain: {status.message}")
            step = "window"
            options = argparse.Namespace(**{**vars(args), "gateway": None, "user": None, "paper": False})
            desktop = gui.DesktopApp(options, data_dir=Path(data), keychain=_NoKeychain())
            desktop.show()
            _say("window: shown")
            log_in_dscuser(desktop, app.processEvents)
            _say("self-test passed")
            return 0
        except Exception as error:  # the one line a packager needs, then a non-zero exit
            _say(f"self-test failed at {step}: {type(error).__name__}: {error}")
            return 1
        finally:
            if desktop is not None:
                desktop.close()


def log_in_dscuser(desktop: object, process_events: Callable[[], None]) -> None:
    from auth.client.views import Stage
    from auth.devices import files
    from auth.gateway.demo_users import DEMO_PASSWORD, DEMO_PIN

    window = desktop.window  # type: ignore[attr-defined]
    controller = desktop.controller  # type: ignore[attr-defined]

    def wait_for(what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not done():
            if time.monotonic() > deadline:
                raise SelfTestError(f"timed out waiting for {what} (at {controller.view.stage.name})")
            process_events()
            time.sleep(0.01)

    window.credentials.username_edit.setText("dscuser")
    window.credentials.password_edit.setText(DEMO_PASSWORD)
    window.credentials.login_button.click()
    wait_for("the DSC+ page", lambda: controller.view.stage in (Stage.SECOND_FACTOR, Stage.FAILED))
    challenge = controller.view.challenge
    if challenge is None or challenge.kind != "dscplus" or not challenge.digits:
        view = controller.view
        raise SelfTestError(f"expected the DSC+ page, got {view.stage.name}: {view.message}")
    _say("login: DSC+ challenge shown")
    device_dir = desktop.embedded.device_dir  # type: ignore[attr-defined]
    dsc = files.load(device_dir / "dscuser-dscplus.json")
    dsc.press_button()
    for key in DEMO_PIN:
        dsc.press_key(key)
    dsc.press_ok()
    for key in challenge.digits:
        dsc.press_key(key)
    dsc.press_ok()
    window.second_factor.response_edit.setText(dsc.display)
    window.second_factor.submit_button.click()
    wait_for("the session", lambda: controller.view.stage in (Stage.DONE, Stage.FAILED, Stage.LOCKED))
    if controller.view.stage is not Stage.DONE:
        raise SelfTestError(f"the login ended in {controller.view.stage.name}: {controller.view.message}")
    _say("login: session open")
    window.session_window.logout_button.click()
    wait_for("the log-out", lambda: controller.view.stage is Stage.CREDENTIALS)
    _say("logout: done")


class _NoKeychain:
    """The self-test checks the keychain once (above) and leaves the trader's remembered name alone."""

    def remembered_username(self) -> None:
        return None

    def fallback_notice(self) -> None:
        return None

    def remember_username(self, _name: str) -> None:
        return None

    def forget_username(self) -> None:
        return None


def _say(text: str) -> None:
    print(text, file=sys.stdout, flush=True)
