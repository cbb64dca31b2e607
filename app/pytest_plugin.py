"""The `trader_login` pytest plugin (entry point in the `pytest11` group): fixtures for testers who drive
the desktop login with pytest-qt. See docs/testing.md; the fixtures and object names are versioned API.

    def test_dscuser_logs_in(qtbot, login_window, sls_gateway, log_in):
        session = log_in(qtbot, login_window, sls_gateway.user("dscuser"))
        assert "DSC+" in session.findChild(QLabel, "deviceLabel").text()

Nothing heavy is imported when pytest starts: the gateway and Qt load when a fixture is first used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from trader_login.app.testing import SlsGateway


# The testers' contract (object names of SPEC §8 and docs/testing.md, these fixtures, app.testing's
# handles): semantic versioning, a rename or removal is a major version (CHANGELOG.md).
CONTRACT_VERSION = "1.0"


def pytest_report_header() -> str:
    return f"trader-login testers' contract {CONTRACT_VERSION} (object names and fixtures: docs/testing.md)"


@pytest.fixture(scope="session")
def trader_login_demo_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo users seeded once per test session (cheap KDF); each `sls_gateway` starts from a copy."""
    from trader_login.app.testing import seed_demo

    return seed_demo(tmp_path_factory.mktemp("trader-login") / "demo-seed")


@pytest.fixture
def sls_gateway(trader_login_demo_seed: Path, tmp_path: Path) -> Iterator[SlsGateway]:
    """A real SLS gateway on 127.0.0.1 for this test: fresh database with the demo users, cheap KDF, no
    rate limit, and a clock the test moves with `.advance(seconds)`."""
    from trader_login.app.testing import SlsGateway

    gateway = SlsGateway(tmp_path / "sls-gateway", template=trader_login_demo_seed)
    yield gateway
    gateway.close()


@pytest.fixture
def login_window_factory(qtbot: Any, sls_gateway: SlsGateway, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Opens login windows on `sls_gateway` (a second one for an existing-session takeover, say):
    `login_window_factory(*args)` takes `trader-login` options such as "--lang", "ja" or "--paper"."""
    from trader_login.app.driving import NullKeychain
    from trader_login.app.gui import DesktopApp, application, build_args
    from trader_login.auth.kdf import TEST_LIMITS

    application()
    opened: list[Any] = []

    def open_window(*options: str) -> Any:
        # English unless asked otherwise, whatever the machine's locale: assertions read English text.
        language = () if "--lang" in options else ("--lang", "en")
        args = build_args(
            ["--gateway", sls_gateway.url, "--fingerprint", sls_gateway.fingerprint, *language, *options]
        )
        desktop = DesktopApp(
            args,
            keychain=NullKeychain(),
            kdf_limits=TEST_LIMITS,
            data_dir=tmp_path / f"trader-login-{len(opened)}",
            clock=sls_gateway.monotonic,
            wall_clock=sls_gateway.clock,
            emulator_services=sls_gateway.emulator_services,
        )
        opened.append(desktop)
        window = desktop.window
        window.sls_gateway = sls_gateway  # so that log_in() also takes a user name
        qtbot.addWidget(window)
        desktop.show()
        qtbot.waitUntil(lambda: desktop.controller.is_ready, timeout=10_000)
        return window

    yield open_window
    for desktop in opened:
        desktop.close()


@pytest.fixture
def login_window(login_window_factory: Callable[..., Any]) -> Any:
    """The desktop login window connected to `sls_gateway` (certificate pinned), shown, registered with
    qtbot, in English, its keychain in memory, its clocks moved by `sls_gateway.advance`; its Device
    emulators button opens the emulators window over the same gateway."""
    return login_window_factory()


@pytest.fixture
def log_in() -> Callable[..., Any]:
    """`log_in(qtbot, window, user, password="demo123", device=None) -> session window`: a complete login
    through the widgets for any device kind."""
    from trader_login.app.testing import log_in as complete_login

    return complete_login
