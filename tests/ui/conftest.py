"""Fixtures for the window tests: one demo-seeded gateway template per session, a fresh copy served on
loopback per test, and the desktop app (the real composition root) pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.app.keyring_support import memory_keyring as memory_keyring
from tests.gateway.http_support import Client, running_gateway, seed_template
from tests.ui.login_support import WAIT_MS, ManualClock, Trader
from trader_login.app.gui import DesktopApp, build_args
from trader_login.auth.kdf import TEST_LIMITS


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("ui") / "seeded")


@pytest.fixture
def gateway(ui_template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", ui_template) as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def keychain(memory_keyring, tmp_path: Path):
    from trader_login.app.keychain import Keychain

    return Keychain(fallback_path=tmp_path / "keychain" / "fallback.json")


@pytest.fixture
def open_desktop(
    qtbot: QtBot, keychain, clock: ManualClock, tmp_path: Path
) -> Iterator[Callable[..., DesktopApp]]:
    """Opens the desktop app on a gateway (URL and fingerprint), as `trader-login --gateway` does."""
    opened: list[DesktopApp] = []

    def open_on(url: str, fingerprint: str, *, wait: bool = True, **options: Any) -> DesktopApp:
        args = build_args(["--gateway", url, "--fingerprint", fingerprint, "--lang", "en"])
        options = {"keychain": keychain, "clock": clock, **options}
        data_dir = tmp_path / f"app-{len(opened)}"
        app = DesktopApp(args, kdf_limits=TEST_LIMITS, data_dir=data_dir, **options)
        opened.append(app)
        qtbot.addWidget(app.window)
        app.show()
        if wait:
            qtbot.waitUntil(lambda: app.controller.is_ready, timeout=WAIT_MS)
        return app

    yield open_on
    for app in opened:
        app.close()


@pytest.fixture
def desktop(open_desktop: Callable[..., DesktopApp], gateway: Client) -> DesktopApp:
    return open_desktop(gateway.url, gateway.server.fingerprint)


@pytest.fixture
def trader(qtbot: QtBot, desktop: DesktopApp, gateway: Client) -> Trader:
    return Trader(qtbot, desktop, gateway)
