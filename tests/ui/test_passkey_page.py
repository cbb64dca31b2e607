"""The security key's pages (issue 18): a user with a registered virtual key logs in by touching it in the
emulators' Security key tab; the seconds left count down on the harness's clock; Cancel mid-ceremony goes
back to the credentials with nothing counted; a ceremony that ends without an answer says why and offers
"Try again"; an enrolment code, then the key's registration with a name, opens the session; a key with a PIN
asks for it on the page. Driven as a tester would: object names, waits on state, the harness's one clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app import driving
from trader_login.app.emulator_services import close_services
from trader_login.app.gui import DesktopApp
from trader_login.app.testing import SlsGateway
from trader_login.auth import texts
from trader_login.ui import messages
from trader_login.ui.emulators import EmulatorsWindow

USER = "keyuser"


@pytest.fixture
def emulators(qtbot: QtBot, desktop: DesktopApp, sls_gateway: SlsGateway) -> Iterator[EmulatorsWindow]:
    """The Device emulators window over the test's gateway, following the login of `desktop`."""
    services = sls_gateway.emulator_services()
    window = EmulatorsWindow(services, wall_clock=sls_gateway.clock)
    qtbot.addWidget(window)
    desktop.controller.viewChanged.connect(window.follow_login)
    window.show()
    qtbot.waitUntil(lambda: window.property("loading") is False, timeout=WAIT_MS)
    yield window
    window.close()
    assert window.tasks.wait(0)
    close_services(services)


@pytest.fixture
def keyuser(sls_gateway: SlsGateway) -> Any:
    return sls_gateway.add_user(USER, devices=["passkey"])


def find(window: QWidget, name: str, kind: type = QWidget) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def test_a_registered_key_touched_in_the_emulators_opens_the_session(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    trader.log_in(USER)
    assert driving.page_kind(trader.window) == "passkey", trader.message()
    touch = find(emulators, "securityKeyTouchButton", QPushButton)
    trader.qtbot.waitUntil(touch.isEnabled, timeout=WAIT_MS)
    # The page waits on the key, as the IB Key page on the phone: the busy row shows, but the window is not
    # `busy` (nothing to wait for before acting: the trader touches the key).
    assert not driving.is_busy(trader.window)
    assert find(trader.window, "busyIndicator").isVisible()
    trader.act(touch.click)
    session = trader.session_window()
    assert "Security key" in find(session, "deviceLabel", QLabel).text()
