"""The remembered user name comes from the keychain on a worker, after the window is shown. On a loaded
machine it comes late: it must not undo what the trader did meanwhile (issue 13: "Remember user name"
ticked before the read came back was unticked by it, and the name was never remembered)."""

from __future__ import annotations

import threading
from typing import Any

from trader_login.app.driving import log_in

WAIT_MS = 30_000  # a safety net for a loaded runner


class LateKeychain:
    """A keychain whose read of the remembered user name waits until the test lets it answer."""

    def __init__(self, remembered: str | None = None) -> None:
        self.remembered = remembered
        self.answer = threading.Event()

    def remembered_username(self) -> str | None:
        assert self.answer.wait(WAIT_MS / 1000)
        return self.remembered

    def fallback_notice(self) -> None:
        return None

    def remember_username(self, name: str) -> None:
        self.remembered = name

    def forget_username(self) -> None:
        self.remembered = None


def answered(qtbot: Any, desktop: Any, keychain: LateKeychain) -> None:
    """Lets the keychain answer and waits until the window has its reply (and its gateway connection)."""
    keychain.answer.set()
    qtbot.waitUntil(
        lambda: desktop.controller.is_ready and not desktop.controller.tasks.busy(), timeout=WAIT_MS
    )


def test_a_late_read_with_nothing_remembered_keeps_the_box_the_trader_ticked(
    qtbot: Any, login_window_factory: Any
) -> None:
    keychain = LateKeychain()
    desktop = login_window_factory.open_desktop(keychain=keychain, wait=False)
    remember = desktop.window.credentials.remember_check
    remember.setChecked(True)
    answered(qtbot, desktop, keychain)
    assert remember.isChecked()
    log_in(qtbot, desktop.window, "optoutuser")
    qtbot.waitUntil(lambda: keychain.remembered == "optoutuser", timeout=WAIT_MS)


def test_a_late_read_keeps_the_name_the_trader_typed(qtbot: Any, login_window_factory: Any) -> None:
    keychain = LateKeychain(remembered="dscuser")
    desktop = login_window_factory.open_desktop(keychain=keychain, wait=False)
    desktop.window.credentials.username_edit.setText("carduser")
    answered(qtbot, desktop, keychain)
    assert desktop.window.credentials.username_edit.text() == "carduser"


def test_a_remembered_name_fills_an_untouched_page(qtbot: Any, login_window_factory: Any) -> None:
    keychain = LateKeychain(remembered="dscuser")
    desktop = login_window_factory.open_desktop(keychain=keychain, wait=False)
    answered(qtbot, desktop, keychain)
    assert desktop.window.credentials.username_edit.text() == "dscuser"
    assert desktop.window.credentials.remember_check.isChecked()


def test_a_late_read_keeps_the_box_the_trader_unticked(qtbot: Any, login_window_factory: Any) -> None:
    keychain = LateKeychain(remembered="dscuser")
    desktop = login_window_factory.open_desktop(keychain=keychain, wait=False)
    remember = desktop.window.credentials.remember_check
    remember.click()  # ticked …
    remember.click()  # … and unticked again before the keychain answered
    answered(qtbot, desktop, keychain)
    assert not remember.isChecked()
    assert desktop.window.credentials.username_edit.text() == "dscuser"  # the empty field is still filled
