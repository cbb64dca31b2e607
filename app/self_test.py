"""`trader-login --self-test`: the installers' smoke test (SPEC §8). Builds the window offscreen, checks the
keychain, logs `dscuser` in through the embedded gateway with the DSC+ emulator, logs out, exits 0.

It drives the window by its widgets as a trader would, through the testers' harness (app/driving.py,
app/harness.py): the DSC+ is the emulator's model, fed the demo device file by its keys. A fresh
temporary data directory keeps the trader's own data out of it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from trader_login.auth.texts import Message

if TYPE_CHECKING:
    from trader_login.app.gui import DesktopApp


SELF_TEST_PAGE = "dscplus"  # dscuser's one device: the DSC+ page comes straight after the password
# A first start hashes the ten demo passwords with the production KDF before the gateway answers.
TIMEOUT = 120.0


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
                desktop.dispose()  # its Qt objects go now, not in the interpreter's finalization


def log_in_dscuser(desktop: DesktopApp) -> None:
    """dscuser's login through the widgets, answered by the testers' harness from the demo device file."""
    from PySide6.QtWidgets import QPushButton

    from trader_login.app import driving
    from trader_login.app.harness import DeviceShelf, LinkPhone

    window = desktop.window
    controller = desktop.controller
    driving.wait_until(
        lambda: controller.is_ready or controller.connect_error is not None,
        "the embedded gateway",
        TIMEOUT,
        window,
    )
    error = controller.connect_error
    if error is not None:  # a catalogue message (auth/texts.py): its English; text from an older controller
        raise SelfTestError(error.english if isinstance(error, Message) else str(error))
    embedded = desktop.embedded
    if embedded is None:
        raise SelfTestError("the self-test needs the embedded gateway")
    dscuser = DeviceShelf(embedded.gateway, LinkPhone(embedded.url, embedded.fingerprint)).user("dscuser")
    page = driving.send_credentials(window, dscuser.name, timeout=TIMEOUT)
    if page != SELF_TEST_PAGE:
        raise SelfTestError(f"expected the DSC+ page, got {page}: {driving.message_shown(window)}")
    _say("login: DSC+ challenge shown")
    page = driving.answer_page(window, dscuser, TIMEOUT)
    session = driving.session_window_of(window)
    if session is None:
        raise SelfTestError(f"the login ended on the {page} page: {driving.message_shown(window)}")
    _say("login: session open")
    driving.act(window, session.findChild(QPushButton, "logoutButton").click, "the logout", TIMEOUT)
    if driving.page_kind(window) != "credentials":
        raise SelfTestError(f"the logout ended on the {driving.page_kind(window)} page")
    _say("logout: done")


def _say(text: str) -> None:
    print(text, file=sys.stdout, flush=True)
