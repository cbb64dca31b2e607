"""Fixtures for the window tests, built on the testers' own plugin (app/pytest_plugin.py): the gateway is
`sls_gateway`, the desktop app is what `login_window_factory` opens, and every window's clocks are the
harness's one clock (`sls_gateway.clock`), so the window's countdowns, its wall clock and the gateway's
clock move together. What the plugin's testers have no use for (the HTTP client of the gateway tests, a
real keychain over an in-memory keyring, a window on another gateway) is added here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.app.keyring_support import memory_keyring as memory_keyring
from tests.gateway.http_support import Client
from tests.ui.login_support import Trader
from trader_login.app.driving import wait_until
from trader_login.app.gui import DesktopApp
from trader_login.app.testing import SlsGateway, open_desktop_app
from trader_login.ui import theme


@pytest.fixture(scope="session")
def ui_template(trader_login_demo_seed: Path) -> Path:
    """The plugin's demo seed, for the tests that serve a second gateway of their own."""
    return trader_login_demo_seed


@pytest.fixture
def gateway(sls_gateway: SlsGateway) -> Iterator[Client]:
    """`sls_gateway` as the gateway tests' HTTP client sees it: the same server, database and clock."""
    http = requests.Session()
    http.verify = str(sls_gateway.ca_cert)
    http.trust_env = False  # no REQUESTS_CA_BUNDLE or proxy in the way of the pinned loopback server
    yield Client(sls_gateway.gateway, sls_gateway.server, sls_gateway.clock, http)
    http.close()


@pytest.fixture
def clock(sls_gateway: SlsGateway) -> Any:
    """The windows' monotonic clock: the harness's, so advancing it moves the gateway's clock too."""
    return sls_gateway.clock.monotonic


@pytest.fixture
def keychain(memory_keyring, tmp_path: Path):
    from trader_login.app.keychain import Keychain

    return Keychain(fallback_path=tmp_path / "keychain" / "fallback.json")


@pytest.fixture
def open_desktop(
    qtbot: QtBot, keychain, sls_gateway: SlsGateway, tmp_path: Path
) -> Iterator[Callable[..., DesktopApp]]:
    """Opens the desktop app on any gateway (URL and fingerprint), as `trader-login --gateway` does, with
    the harness's clocks (those of `sls_gateway`) and the test's keychain."""
    opened: list[DesktopApp] = []

    def open_on(url: str, fingerprint: str, *, wait: bool = True, **options: Any) -> DesktopApp:
        data_dir = tmp_path / f"app-{len(opened)}"
        options = {"keychain": keychain, **options}
        app = open_desktop_app(url, fingerprint, sls_gateway.clock, data_dir, **options)
        opened.append(app)
        qtbot.addWidget(app.window)
        app.show()
        if wait:
            wait_until(lambda: app.controller.is_ready, "the window's connection to the gateway")
        return app

    yield open_on
    for app in opened:
        app.close()


@pytest.fixture
def desktop(login_window_factory, keychain) -> DesktopApp:
    """The app behind a `login_window_factory` window, with the test's keychain."""
    return login_window_factory.open_desktop(keychain=keychain)


@pytest.fixture
def trader(qtbot: QtBot, desktop: DesktopApp, gateway: Client) -> Trader:
    return Trader(qtbot, desktop, gateway)


@pytest.fixture
def scheme_of(qapp: QApplication) -> Iterator[None]:
    """The app's theme installed for the test (`theme.set_scheme` picks light or dark); the application's
    style sheet, palette and scheme as they were afterwards."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    theme.install(qapp)
    yield
    theme.set_scheme(None)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
