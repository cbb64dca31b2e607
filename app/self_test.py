"""`trader-login --self-test`: the installers' smoke test (SPEC §8). Builds the window offscreen, checks the
keychain, logs `dscuser` in through the embedded gateway with the DSC+ emulator, logs out, exits 0.

It drives the window by its widgets as a trader would; the DSC+ is the emulator's model, fed the demo
device file by its keys. A fresh temporary data directory keeps the trader's own data out of it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trader_login.app.gui import DesktopApp


class SelfTestError(Exception):
    pass


def run(args: argparse.Namespace) -> int:
    from trader_login.app import gui

    gui.ensure_display()
    gui.application()
    with tempfile.TemporaryDirectory(prefix="trader-login-self-test-") as data:
        step = "start"
        desktop = None
        try:
            step = "keychain"
            from trader_login.app.keychain import Keychain

            status = Keychain(fallback_path=Path(data) / "keychain-fallback.json").check()
            _say(f"keychain: {status.message}")
            step = "login"
            options = argparse.Namespace(**{**vars(args), "gateway": None, "user": None, "paper": False})
            from trader_login.app.driving import NullKeychain

            desktop = gui.DesktopApp(options, data_dir=Path(data), keychain=NullKeychain())
            desktop.show()
            _say("window: shown")
            log_in_dscuser(desktop)
            _say("self-test passed")
            return 0
        except Exception as error:  # the one line a packager needs, then a non-zero exit
            _say(f"self-test failed at {step}: {type(error).__name__}: {error}")
            return 1
        finally:
            if desktop is not None:
                desktop.close()


def log_in_dscuser(desktop: DesktopApp) -> None:
    from trader_login.app.driving import Driver
    from trader_login.auth.client.views import Stage

    driver = Driver(desktop)
    driver.log_in("dscuser")
    challenge = driver.controller.view.challenge
    if driver.stage is not Stage.SECOND_FACTOR or challenge is None or challenge.kind != "dscplus":
        view = driver.controller.view
        raise SelfTestError(f"expected the DSC+ page, got {view.stage.name}: {view.message}")
    _say("login: DSC+ challenge shown")
    driver.answer("dscuser")
    if driver.stage is not Stage.DONE:
        view = driver.controller.view
        raise SelfTestError(f"the login ended in {view.stage.name}: {view.message}")
    _say("login: session open")
    desktop.window.session_window.logout_button.click()  # type: ignore[union-attr]
    driver.wait_for_stage(Stage.CREDENTIALS)
    _say("logout: done")


def _say(text: str) -> None:
    print(text, file=sys.stdout, flush=True)
