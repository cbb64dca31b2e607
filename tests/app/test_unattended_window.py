"""The window run unattended (app/gui.py's wiring of auth.client.unattended): the policies answer the pages
they cover, a policy's exit ends the app with its code, --max-attempts stops before sending, --json writes
the window's views as events, and the app's exit status is the login's outcome."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from trader_login.app.driving import (
    enter_credentials,
    page_kind,
    session_window_of,
    try_log_in,
    wait_until,
)
from trader_login.app.testing import SlsGateway
from trader_login.auth import texts
from trader_login.auth.client.unattended import (
    AttemptLog,
    ExitCode,
    JsonEvents,
    Policies,
    Unattended,
)

TIMEOUT = 30.0


def open_unattended(login_window_factory: Any, unattended: Unattended) -> Any:
    return login_window_factory.open_desktop(unattended=unattended)


def click_log_in(desktop: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    desktop.window.findChild(QPushButton, "loginButton").click()


def test_take_over_answers_the_existing_session_unasked(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any, log_in: Any
) -> None:
    user = sls_gateway.add_user("unwin1", devices=[], mode="paper")
    first = login_window_factory("--paper")
    log_in(qtbot, first, user, paper=True)
    stream = io.StringIO()
    policies = Policies(existing_session="take-over")
    desktop = open_unattended(login_window_factory, Unattended(policies, events=JsonEvents(stream)))
    attempt = try_log_in(qtbot, desktop.window, user, paper=True, takeover=False)  # never asked
    assert attempt.succeeded, attempt.message
    assert desktop.exit_code == ExitCode.SESSION
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    stages = [event["stage"] for event in events if event["event"] == "state"]
    assert "existing_session" in stages  # seen, answered by the policy
    assert events[-1]["event"] == "session"
    assert "demo123" not in stream.getvalue()


def test_keep_other_returns_to_the_credentials_page_with_exit_5(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any, log_in: Any
) -> None:
    user = sls_gateway.add_user("unwin2", devices=[], mode="paper")
    log_in(qtbot, login_window_factory("--paper"), user, paper=True)
    desktop = open_unattended(login_window_factory, Unattended(Policies(existing_session="keep-other")))
    attempt = try_log_in(qtbot, desktop.window, user, paper=True)
    assert not attempt.succeeded
    assert texts.KEPT_OTHER_SESSION.render() in attempt.message
    assert desktop.exit_code == ExitCode.EXISTING_SESSION


def test_a_push_timeout_with_the_exit_policy_ends_the_app_with_4(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any
) -> None:
    user = sls_gateway.add_user("unwin3", devices=["ibkey"])
    desktop = open_unattended(login_window_factory, Unattended(Policies(on_second_factor_timeout="exit")))
    enter_credentials(desktop.window, user.name, "demo123")
    click_log_in(desktop)
    wait_until(lambda: page_kind(desktop.window) == "ibkey_push", "the push page", TIMEOUT)
    with qtbot.waitSignal(desktop.controller.exitRequested, timeout=int(TIMEOUT * 1000)) as exited:
        sls_gateway.advance(181)  # the notification expires: no real wait
    assert exited.args == [int(ExitCode.SECOND_FACTOR_TIMEOUT)]
    wait_until(lambda: not desktop.window.isVisible(), "the window closed", TIMEOUT)
    assert desktop.exit_code == ExitCode.SECOND_FACTOR_TIMEOUT
    assert not user.ibkey.numbers  # the notification left the phone


def test_max_attempts_stops_the_window_before_sending(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any, tmp_path: Path
) -> None:
    user = sls_gateway.add_user("unwin4", devices=[], mode="paper")
    log = AttemptLog(tmp_path / "attempt-log.json")
    # As gui.run gives it: a function, called after the first paint.
    desktop = login_window_factory.open_desktop(
        unattended=lambda: Unattended(Policies(max_attempts=2), attempt_log=log)
    )
    assert desktop.unattended is not None
    for _ in range(2):
        assert not try_log_in(qtbot, desktop.window, user, "wrong", paper=True).succeeded
    assert sls_gateway.status(user.name)["failures"] == 2
    attempt = try_log_in(qtbot, desktop.window, user, paper=True)  # the right password: not sent
    assert not attempt.succeeded
    assert "--max-attempts 2" in attempt.message
    assert sls_gateway.status(user.name)["failures"] == 2
    assert session_window_of(desktop.window) is None
    assert desktop.exit_code == ExitCode.MAX_ATTEMPTS


def test_the_app_exits_0_after_a_session_and_130_when_closed_before_any_login(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any, log_in: Any
) -> None:
    user = sls_gateway.add_user("unwin5", devices=[], mode="paper")
    desktop = login_window_factory.open_desktop()
    assert desktop.unattended is None  # the harness's window: it asks, as always
    assert desktop.exit_code == ExitCode.CANCELLED
    log_in(qtbot, desktop.window, user, paper=True)
    assert desktop.exit_code == ExitCode.SESSION


def test_the_exit_code_is_the_outcome_of_the_last_login(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any
) -> None:
    user = sls_gateway.add_user("unwin6", devices=["ibkey"])
    desktop = login_window_factory.open_desktop()
    assert not try_log_in(qtbot, desktop.window, user, "wrong").succeeded
    assert desktop.exit_code == ExitCode.REFUSED
    enter_credentials(desktop.window, user.name, "demo123")
    click_log_in(desktop)
    wait_until(lambda: page_kind(desktop.window) == "ibkey_push", "the push page", TIMEOUT)
    assert desktop.exit_code == ExitCode.CANCELLED  # a login in progress: closing the window cancels it
