"""Fixtures for the emulators window: the window built over the demo gateway of tests/ui/conftest.py as
the app builds it, and a DSC+ clock the tests move by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta, timezone

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from tests.gateway.http_support import Client
from tests.ui.login_support import ManualClock
from trader_login.app.emulator_services import close_services, embedded_services
from trader_login.ui import theme
from trader_login.ui.emulators import EmulatorsWindow

WAIT_MS = 30_000  # a safety net for a loaded runner: every wait ends on state
POLL_MS = 100  # the phone tabs' poll, quicker than a trader needs
ZONE = timezone(timedelta(hours=9), "JST")  # a zone no test machine is in by chance: its name shows


def child(window: EmulatorsWindow, kind: type, name: str):
    """The window's widget of this kind and object name; fails the test if there is none."""
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """Each test starts in English (moments are written in QLocale's default language, which a language
    switch elsewhere may leave behind), and leaves the default as it found it."""
    before = QLocale()
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(before)


def styled() -> None:
    """The app's style sheet (ui.theme), as the app installs it: the handset, the error lines and the
    challenge lines are styled by it, not by the tabs."""
    theme.install(QApplication.instance())


@pytest.fixture
def dsc_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def window(qtbot, gateway: Client, dsc_clock: ManualClock) -> Iterator[EmulatorsWindow]:
    yield from _window(qtbot, gateway, EmulatorsWindow, clock=dsc_clock, poll_ms=POLL_MS)


@pytest.fixture
def zoned_window(qtbot, gateway: Client, dsc_clock: ManualClock) -> Iterator[EmulatorsWindow]:
    """The window on the gateway's (frozen) wall clock, showing its times in ZONE."""
    yield from _window(
        qtbot, gateway, EmulatorsWindow, clock=dsc_clock, wall_clock=gateway.clock, poll_ms=POLL_MS, zone=ZONE
    )


def _window(qtbot, gateway: Client, make, **options) -> Iterator[EmulatorsWindow]:
    styled()
    services = embedded_services(gateway.gateway, gateway.url, gateway.server.fingerprint)
    emulators = make(services, **options)
    qtbot.addWidget(emulators)
    emulators.show()
    # The documented state: the device files and the desk's users are in, the tabs enabled.
    qtbot.waitUntil(lambda: emulators.property("loading") is False, timeout=WAIT_MS)
    assert emulators.entries
    yield emulators
    emulators.close()
    assert emulators.tasks.wait(0)
    close_services(services)
