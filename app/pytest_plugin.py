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
CONTRACT_VERSION = "3.0"


def pytest_report_header() -> str:
    return f"trader-login testers' contract {CONTRACT_VERSION} (object names and fixtures: docs/testing.md)"


@pytest.fixture(scope="session")
def trader_login_demo_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo users seeded once per test session (cheap KDF); each `sls_gateway` starts from a copy."""
    from trader_login.app.testing import seed_demo

    return seed_demo(tmp_path_factory.mktemp("trader-login") / "demo-seed")


GATEWAY_MARKER = "trader_login_gateway"
# SlsGateway's keyword options a marker may set
GATEWAY_OPTIONS = ("push_number_matching", "restart_cutoff", "restart_grants")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{GATEWAY_MARKER}(push_number_matching=True, restart_cutoff=None, restart_grants=True): settings "
        "of the test's sls_gateway (push_number_matching=False: IB Key pushes without number matching, as "
        "before contract 3.0; restart_cutoff='Fri 17:00 Asia/Tokyo': the restart grants' weekly cut-off; "
        "restart_grants=False: no restart grants)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """After the test's fixtures are gone (even when one of their teardowns failed): while trader-login
    holds the garbage collector (a Qt application of its own, or a `sls_gateway`), collect what is due
    here, on the main thread, so that cycles are never collected on a gateway or worker thread
    (app/collector.py). A no-op in any other test."""
    from trader_login.app import collector

    try:
        return (yield)
    finally:
        if collector.holding():
            collector.collect_due()


@pytest.fixture
def sls_gateway(
    trader_login_demo_seed: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[SlsGateway]:
    """A real SLS gateway on 127.0.0.1 for this test: fresh database with the demo users, cheap KDF, no
    rate limit, and a clock the test moves with `.advance(seconds)`.

    Its settings come from the test's `@pytest.mark.trader_login_gateway(...)` marker, SlsGateway's keyword
    options: `push_number_matching=False` turns IB Key number matching off for that test;
    `restart_cutoff="Fri 17:00 Asia/Tokyo"` moves the restart grants' weekly cut-off (default "Sun 01:00
    America/New_York"); `restart_grants=False` turns restart grants off.

    Restart grants: `user.restart_grant` (the one in force, or None), `.restart_grants(user)`,
    `.revoke_restart_grants(user)` (the desk's revoke); `.advance(seconds)` crosses the cut-off."""
    from trader_login.app import collector
    from trader_login.app.testing import SlsGateway

    # Before the gateway's threads start: cycles are collected on the main thread only, until the end of
    # the test (for good once a trader-login window has made its Qt application).
    took_hold = not collector.holding()
    collector.hold()
    marker = request.node.get_closest_marker(GATEWAY_MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    unknown = sorted(set(options) - set(GATEWAY_OPTIONS))
    if (marker is not None and marker.args) or unknown:
        raise pytest.UsageError(
            f"{GATEWAY_MARKER} takes keyword options {', '.join(GATEWAY_OPTIONS)}, not "
            f"{', '.join(unknown) or 'positional ones'}"
        )
    gateway = SlsGateway(tmp_path / "sls-gateway", template=trader_login_demo_seed, **options)
    yield gateway
    gateway.close()
    if took_hold:
        collector.release()


class LoginWindows:
    """The value of `login_window_factory`: `login_windows(*options)` opens a login window on the test's
    gateway; `login_windows("--restart")` one that restarts without the second factor with the key an
    earlier window of the test made (one computer). (`open_desktop` is the project's own tests' way to the
    app behind it; not in the contract.)"""

    def __init__(self, qtbot: Any, gateway: SlsGateway, data_dir: Path) -> None:
        self._qtbot, self._gateway, self._data_dir = qtbot, gateway, data_dir
        self.opened: list[Any] = []

    def __call__(self, *options: str) -> Any:
        return self.open_desktop(*options).window

    def open_desktop(self, *options: str, wait: bool = True, **app_options: Any) -> Any:
        from trader_login.app.driving import wait_until

        desktop = self._gateway.desktop_app(
            self._data_dir / f"trader-login-{len(self.opened)}", *options, **app_options
        )
        self.opened.append(desktop)
        # The test is over when qtbot closes its windows: a reply the test still holds must not hold that up.
        self._qtbot.addWidget(desktop.window, before_close_func=lambda _window: self._gateway.faults.clear())
        desktop.show()
        if wait:
            wait_until(lambda: desktop.controller.is_ready, "the window's connection to the gateway")
        return desktop

    def close(self) -> None:
        for desktop in self.opened:
            desktop.close()


@pytest.fixture
def login_window_factory(qtbot: Any, sls_gateway: SlsGateway, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Opens login windows on `sls_gateway` (a second one for an existing-session takeover, say):
    `login_window_factory(*args)` takes `trader-login` options such as "--lang", "ja" or "--paper", and
    the unattended ones: "--restart" (the login signs the gateway's challenge with this computer's restart
    key: no second factor until the cut-off; its credentials page shows `restartNoticeLabel`),
    "--existing-session", "take-over", "--on-second-factor-timeout", "exit", "--max-attempts", "3".

    Every window of the test is on one computer: the restart key a session window's `autoRestartCheck`
    made (kept in memory, in `sls_gateway.restart_keychain`) is the one a later "--restart" window uses."""
    windows = LoginWindows(qtbot, sls_gateway, tmp_path)
    yield windows
    windows.close()


@pytest.fixture
def login_window(login_window_factory: Callable[..., Any]) -> Any:
    """The desktop login window connected to `sls_gateway` (certificate pinned), shown, registered with
    qtbot, in English, its keychain in memory, its clocks `sls_gateway.clock` (moved by `advance`); its
    Device emulators button opens the emulators window over the same gateway. Its session windows offer
    `autoRestartCheck` (restart keys in memory: see `login_window_factory`)."""
    return login_window_factory()


@pytest.fixture
def log_in() -> Callable[..., Any]:
    """`log_in(qtbot, window, user, password="demo123", device=None, *, paper=False, takeover=True,
    timeout_ms=30000) -> session window`: a complete login through the widgets for any device kind.
    Every refusal fails at once with ToolkitError (an AssertionError) carrying the message shown."""
    from trader_login.app.driving import log_in as complete_login

    return complete_login


@pytest.fixture
def try_log_in() -> Callable[..., Any]:
    """`try_log_in(qtbot, window, user, password="demo123", device=None, *, paper=False, takeover=True,
    timeout_ms=30000) -> LoginAttempt`: the same login, returning how it ended instead of asserting:
    `.succeeded`, `.session` (the session window or None), `.message` (shown), `.page` (`page_kind`)."""
    from trader_login.app.driving import try_log_in as attempt

    return attempt


@pytest.fixture
def fail_logins() -> Callable[..., Any]:
    """`fail_logins(qtbot, window, user, times, password="not-the-password") -> [message, …]`: that many
    wrong passwords, each waited on until its refusal shows (R3 lockout tests)."""
    from trader_login.app.driving import fail_logins as fail

    return fail


@pytest.fixture
def find_widget() -> Callable[..., Any]:
    """`find_widget(name, kind=QWidget, *, window=None) -> widget`: by object name in any top-level
    window (login, session, emulators), a visible one first; ToolkitError when there is none."""
    from trader_login.app.driving import find_widget as find

    return find


@pytest.fixture
def page_kind() -> Callable[[Any], str]:
    """`page_kind(window) -> str`: "credentials", "device_list", "existing_session", "session", or the
    second-factor page's `challengeKind` ("ibkey_push", "dscplus", "sms", …)."""
    from trader_login.app.driving import page_kind as kind

    return kind


@pytest.fixture
def session_window_of() -> Callable[[Any], Any]:
    """`session_window_of(window)`: the session window that login window opened, or None."""
    from trader_login.app.driving import session_window_of as session

    return session


@pytest.fixture
def close_session_window() -> Callable[..., str]:
    """`close_session_window(window, log_out=True)`: closes the session window as a trader does and answers
    its "Log out and close?" (Log Out, or Cancel with `log_out=False`); the page shown afterwards (2.2)."""
    from trader_login.app.driving import close_session_window as close

    return close
