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
    # The harness's window: it asks, as always (with or without the harness's unattended bundle).
    assert desktop.unattended is None or desktop.unattended.policies == Policies()
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


# --- review of issue 19 -------------------------------------------------------------------------------------


def test_a_window_run_by_hand_is_not_stopped_by_the_attempt_log(
    qtbot: Any,
    sls_gateway: SlsGateway,
    login_window_factory: Any,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    """S2: the window as gui.run builds it (unattended_of the command line) without an unattended option:
    5 wrong passwords (the default --max-attempts) and the right one still opens the session."""
    from trader_login.app import embedded
    from trader_login.app.cli import parse, unattended_of

    monkeypatch.setenv(embedded.DATA_DIR_ENV, str(tmp_path))
    user = sls_gateway.add_user("unwin7", devices=[], mode="paper")
    _, args = parse(["--paper"])
    desktop = login_window_factory.open_desktop(unattended=lambda: unattended_of(args))
    for _ in range(5):
        assert not try_log_in(qtbot, desktop.window, user, "wrong", paper=True).succeeded
    log = AttemptLog(tmp_path / "attempt-log.json")
    assert log.failures(desktop.unattended.gateway, user.name) == 5  # kept all the same
    attempt = try_log_in(qtbot, desktop.window, user, paper=True)
    assert attempt.succeeded, attempt.message
    assert desktop.exit_code == ExitCode.SESSION
    assert log.failures(desktop.unattended.gateway, user.name) == 0  # the success cleared it


def test_only_an_unattended_command_line_stops_at_max_attempts() -> None:
    from trader_login.app.cli import is_unattended, parse, unattended_of

    def stops(*argv: str, terminal: bool = True) -> bool:
        args = parse(list(argv))[1]
        return unattended_of(args, stdin_is_terminal=terminal).stops_at_max_attempts

    assert not stops()
    assert not stops("--console", "--existing-session", "ask")
    for unattended in (
        ["--max-attempts", "5"],
        ["--password-stdin", "--console"],
        ["--json"],
        ["--restart"],
        ["--existing-session", "take-over"],
        ["--on-second-factor-timeout", "retry"],
    ):
        assert stops(*unattended), unattended
    assert stops("--console", terminal=False)  # a console whose stdin is not a terminal: a script
    assert not is_unattended(parse([])[1])


def test_a_restart_login_begun_after_a_refusal_closes_as_cancelled(login_window_factory: Any) -> None:
    """C2: a restart login begins with "Restarting…": closing the window then is a cancel (130), not the
    earlier login's refusal."""
    from trader_login.auth.client.views import LoginView, Stage

    desktop = login_window_factory.open_desktop()
    refused = LoginView(
        Stage.FAILED, error_code="INVALID_CREDENTIALS", problem=texts.message(texts.LOGIN_FAILED)
    )
    desktop._note_outcome(refused)
    assert desktop.exit_code == ExitCode.REFUSED
    desktop._note_outcome(LoginView(Stage.WORKING, problem=texts.message(texts.RESTARTING)))
    assert desktop.exit_code == ExitCode.CANCELLED


def test_a_json_reader_that_stopped_does_not_freeze_the_window(
    qtbot: Any, sls_gateway: SlsGateway, login_window_factory: Any
) -> None:
    """S4: the window's --json lines (gui.json_events, as gui.run makes them) are written off the GUI
    thread: with a reader that stopped reading, the login still goes through to the session; once it reads
    again, nothing was lost and the writer thread ends."""
    from tests.client.test_unattended import BlockedStream
    from trader_login.app.gui import json_events

    user = sls_gateway.add_user("unwin8", devices=[], mode="paper")
    stream = BlockedStream()
    events = json_events(stream)
    try:
        events.started("test", user.name, "paper", False)
        assert stream.entered.wait(TIMEOUT)  # the writer is stuck in write()
        desktop = open_unattended(login_window_factory, Unattended(events=events))
        attempt = try_log_in(qtbot, desktop.window, user, paper=True)
        assert attempt.succeeded, attempt.message  # the GUI thread went on
        assert stream.getvalue() == ""  # … while nothing could be written
        events.exit(ExitCode(desktop.exit_code))
    finally:
        stream.released.set()
        events.close()
    assert not events._writer.is_alive()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [lines[0]["event"], lines[-1]["event"]] == ["started", "exit"]
    assert "session" in [line["event"] for line in lines]
