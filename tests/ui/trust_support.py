"""Issue 19's window tests: a desktop app opened with the unattended bundle (policies, --restart, the attempt
log, this computer's restart keys in the test's keychain), over the harness gateway and its one clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.gateway.http_support import Client, dsc_response
from tests.ui.login_support import Trader
from trader_login.app.restart_keys import RestartKeys
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.unattended import AttemptLog, Policies, Unattended, gateway_identity
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

OpenTrader = Callable[..., Trader]


@pytest.fixture
def open_trader(
    qtbot: QtBot, open_desktop: Any, gateway: Client, keychain: Any, tmp_path: Path
) -> OpenTrader:
    """`open_trader(restart=False, attempt_log=False, keys_in=None, events=None, **policies)`: a new desktop
    app on the test's gateway (several may be open: two runs of trader-login on one computer share its
    keychain; `keys_in`: another keychain for the restart keys; `events`: the --json events)."""
    count = [0]

    def open_one(
        *,
        restart: bool = False,
        attempt_log: bool = False,
        keys_in: Any = None,
        events: Any = None,
        **policies: Any,
    ) -> Trader:
        count[0] += 1
        log = AttemptLog(tmp_path / "attempt-log.json", clock=gateway.clock) if attempt_log else None
        kept_in = keys_in if keys_in is not None else keychain
        unattended = Unattended(
            Policies(**policies),
            restart=restart,
            attempt_log=log,
            restart_keys=lambda identity: RestartKeys(kept_in, identity),
            events=events,
        )
        desktop = open_desktop(gateway.url, gateway.server.fingerprint, unattended=unattended)
        return Trader(qtbot, desktop, gateway)

    return open_one


def restart_keys(gateway: Client, keychain: Any) -> RestartKeys:
    """This computer's restart keys for the test's gateway, as the app keeps them."""
    return RestartKeys(keychain, gateway_identity(gateway.url, gateway.server.fingerprint))


def in_session(trader: Trader, user: str = "dscuser") -> QWidget:
    """A full login (password and the user's device) in the window; returns the session window."""
    view = trader.log_in(user)
    if view.stage is not Stage.DONE:
        trader.answer(user)
    return trader.session_window()


def child(window: QWidget, name: str, kind: type[QWidget] = QWidget) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def grant_here(trader: Trader, session: QWidget) -> str:
    """Ticks autoRestartCheck and waits until the grant is this computer's; returns its label's text."""
    check = child(session, "autoRestartCheck", QCheckBox)
    trader.qtbot.waitUntil(lambda: check.isVisible() and check.isEnabled(), timeout=WAIT_MS)
    check.click()
    label = child(session, "restartGrantLabel", QLabel)
    panel = child(session, "restartPanel")
    trader.qtbot.waitUntil(lambda: not panel.property("pending") and label.isVisible(), timeout=WAIT_MS)
    return label.text()


def log_out_confirmed(trader: Trader, session: QWidget, *, forget: bool) -> QMessageBox:
    """Log Out while this computer holds a grant: the confirmation, with forgetDeviceCheck set to
    `forget`, answered Log Out; waits until the login window is back."""
    child(session, "logoutButton", QPushButton).click()
    dialog = session.confirm_dialog
    assert dialog is not None, "Log Out with a grant asks first"
    trader.qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    forget_check = child(dialog, "forgetDeviceCheck", QCheckBox)
    assert not forget_check.isChecked()  # off by default
    forget_check.setChecked(forget)
    child(dialog, "confirmLogoutButton", QPushButton).click()
    trader.qtbot.waitUntil(lambda: trader.window.session_window is None, timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: trader.stage is Stage.CREDENTIALS, timeout=WAIT_MS)
    return dialog


@pytest.fixture
def other_computer(gateway: Client) -> Iterator[Callable[..., LoginFlow]]:
    """`other_computer(user="dscuser")`: the same user name on another computer (a client of its own),
    after a full DSC+ login (taking the session over if need be). Its clients are closed afterwards."""
    clients: list[GatewayClient] = []

    def log_in(user: str = "dscuser") -> LoginFlow:
        client = GatewayClient(gateway.url, fingerprint=gateway.server.fingerprint)
        clients.append(client)
        flow = LoginFlow(
            client, kdf_limits=TEST_LIMITS, clock=gateway.clock.monotonic, wall_clock=gateway.clock
        )
        view = flow.log_in(user, DEMO_PASSWORD)
        assert view.challenge is not None, view
        view = flow.respond(dsc_response(gateway.device(user, "dscplus"), view.challenge.digits))
        if view.stage is Stage.EXISTING_SESSION:
            view = flow.answer_existing_session(True)
        assert view.stage is Stage.DONE, view
        return flow

    yield log_in
    for client in clients:
        client.close()
