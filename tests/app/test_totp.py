"""The authenticator app (TOTP) in the testers' harness: `user.totp` (`.uri`, `.code()`), the harness's
answer in the window and on the console (in-process, the test's one clock), the reused-code rule with its
+1 answer, `add_user(devices=["totp"])`, and the console page: the seconds left, a wrongly shaped code
refused before it is sent, `--totp-uri-file`'s code sent unattended."""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from trader_login.app import console_login
from trader_login.app.kinds import totp as part
from trader_login.app.testing import SlsGateway, ToolkitError
from trader_login.auth import texts
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.auth.devices import files
from trader_login.auth.devices.totp import Authenticator
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS

ADVICE = r"advance the clock \(sls_gateway\.advance\(30\)\)"
FORMAT = texts.AUTHENTICATOR_CODE_FORMAT.render()


# --- the handle -------------------------------------------------------------------------------------------


def test_the_uri_reads_back_as_the_users_authenticator(sls_gateway: SlsGateway) -> None:
    handle = sls_gateway.user("totpuser").totp
    app = Authenticator.from_uri(handle.uri)
    model = files.load(sls_gateway.shelf.path("totpuser", "totp"))
    assert app.account == "totpuser"
    assert app.secret == model.secret
    assert handle.uri.startswith("otpauth://totp/")
    assert repr(handle) == "TotpHandle('totpuser')"


def test_the_code_is_the_apps_code_at_the_harness_clock_or_at_a_given_time(sls_gateway: SlsGateway) -> None:
    handle = sls_gateway.user("totpuser").totp
    model = files.load(sls_gateway.shelf.path("totpuser", "totp"))
    assert handle.code() == model.code(sls_gateway.clock())
    assert handle.code(at=1_800_000_000) == model.code(1_800_000_000)
    sls_gateway.advance(30)  # the clock moved: the code of the new time
    assert handle.code() == model.code(sls_gateway.clock())


def test_a_tester_adds_a_user_with_an_authenticator(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader9", devices=["totp"])
    assert sls_gateway.shelf.path("trader9", "totp").exists()
    assert Authenticator.from_uri(user.totp.uri).account == "trader9"
    view = _console(sls_gateway, "trader9", lambda _prompt: user.answer("totp"))
    assert "Logged in: trader9" in view.output


# --- the window -------------------------------------------------------------------------------------------


def test_totpuser_logs_in_twice_in_one_step_then_the_harness_asks_for_the_clock(
    qtbot: Any, login_window: Any, login_window_factory: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    user = sls_gateway.user("totpuser")
    step = part.step_at(sls_gateway.clock())
    first = log_in(qtbot, login_window, user, device="totp")
    assert first.findChild(QLabel, "deviceLabel").text() == "Authenticator app"
    # The same step again (the clock stands still): the gateway would refuse the code used, so the harness
    # answers the next step's, which the gateway accepts. It takes the session over (R16).
    log_in(qtbot, login_window_factory(), user, device="totp")
    assert part.step_at(sls_gateway.clock()) == step
    with pytest.raises(ToolkitError, match=ADVICE):
        log_in(qtbot, login_window_factory(), user, device="totp")
    assert sls_gateway.status("totpuser")["failures"] == 0  # nothing the gateway would refuse was sent
    sls_gateway.advance(30)
    log_in(qtbot, login_window_factory(), user, device="totp")


# --- the console, in-process on the test's clock ----------------------------------------------------------


class ScriptedTerminal:
    """The console's terminal with the trader's answers given by `answer(prompt)`; EOFError after `limit`."""

    def __init__(self, answer: Callable[[str], str], limit: int = 10) -> None:
        self.answer, self.limit = answer, limit
        self.lines: list[str] = []
        self.prompts: list[str] = []

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def say(self, text: str = "") -> None:
        self.lines.append(text)

    def ask(self, prompt: str) -> str:
        self.lines.append(prompt)
        self.prompts.append(prompt)
        if len(self.prompts) > self.limit:
            raise EOFError
        return self.answer(prompt)

    def secret(self, prompt: str) -> str:
        self.lines.append(prompt)
        return DEMO_PASSWORD

    def status(self, text: str) -> None:
        self.lines.append(text)

    def end_status(self) -> None:
        pass

    def line_waiting(self) -> bool:
        return False


class Console:
    def __init__(self, terminal: ScriptedTerminal, status: int | None) -> None:
        self.terminal, self.status = terminal, status

    @property
    def output(self) -> str:
        return self.terminal.output


def _console(
    gateway: SlsGateway,
    user: str,
    answer: Callable[[str], str],
    options: Namespace | None = None,
    limit: int = 10,
) -> Console:
    client = GatewayClient(gateway.url, fingerprint=gateway.fingerprint)
    flow = LoginFlow(client, clock=gateway.clock.monotonic, wall_clock=gateway.clock, kdf_limits=TEST_LIMITS)
    terminal = ScriptedTerminal(answer, limit)
    try:
        status: int | None = console_login.log_in(flow, terminal, username=user, mode="live", options=options)
    except EOFError:
        status = None
    finally:
        flow.abandon()
        client.close()
    return Console(terminal, status)


def test_the_harness_logs_totpuser_in_on_the_console_twice_in_one_step(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.user("totpuser")
    left = Authenticator.seconds_left(sls_gateway.clock())
    first = _console(sls_gateway, "totpuser", lambda _prompt: user.answer("totp"))
    assert first.status == 0, first.output
    assert part.INSTRUCTIONS in first.output
    assert f"Authenticator code (new code in {left} s; r = read only): " in first.terminal.prompts
    assert "Device: Authenticator app" in first.output
    second = _console(sls_gateway, "totpuser", lambda _prompt: user.answer("totp"))  # the +1 answer
    assert second.status == 0, second.output
    with pytest.raises(ToolkitError, match=ADVICE):
        user.answer("totp")
    sls_gateway.advance(30)
    assert user.answer("totp") == user.totp.code(at=sls_gateway.clock() + 30)  # +1 again: that one is used
    assert sls_gateway.status("totpuser")["failures"] == 0


def test_a_typed_code_logs_in(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.user("totpuser")
    console = _console(sls_gateway, "totpuser", lambda _prompt: user.totp.code())
    assert console.status == 0, console.output
    assert "Logged in: totpuser" in console.output


@pytest.mark.parametrize("typed", ["12345", "1234567", "12a456", "", "１２３４５６"])
def test_a_wrongly_shaped_code_is_refused_before_it_is_sent(sls_gateway: SlsGateway, typed: str) -> None:
    user = sls_gateway.user("totpuser")
    answers = iter([typed, f"{user.totp.code()[:3]} {user.totp.code()[3:]}"])  # spaces are ignored
    console = _console(sls_gateway, "totpuser", lambda _prompt: next(answers))
    assert console.status == 0, console.output
    assert console.terminal.lines.count(FORMAT) == 1
    assert len(console.terminal.prompts) == 2  # asked again on the same page
    assert sls_gateway.status("totpuser")["failures"] == 0  # not an attempt (R3)


def test_a_reused_code_is_told_counted_and_asked_again(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.user("totpuser")
    code = user.totp.code()
    assert _console(sls_gateway, "totpuser", lambda _prompt: code).status == 0
    answers = iter([code, user.totp.code(at=sls_gateway.clock() + 30)])
    failures = []

    def answer(_prompt: str) -> str:
        failures.append(sls_gateway.status("totpuser")["failures"])
        return next(answers)

    console = _console(sls_gateway, "totpuser", answer)
    assert console.status == 0, console.output
    assert f"Login failed: {texts.CODE_USED.render()}" not in console.output  # the page stays
    assert texts.CODE_USED.render() in console.terminal.lines
    assert failures == [0, 1]  # the reused code was a real attempt: counted (R3)


def test_read_only_from_the_authenticator_page(sls_gateway: SlsGateway) -> None:
    console = _console(sls_gateway, "totpuser", lambda _prompt: "r")
    assert console.status == 0, console.output
    assert "read only" in console.output.split("Logged in: totpuser", 1)[1].splitlines()[0]


# --- --totp-uri-file, in-process: the +1 retry on the test's clock -----------------------------------------


def _uri_file(tmp_path: Path, uri: str) -> part.UriFile:
    path = tmp_path / "totpuser.uri"
    path.write_text(uri + "\n")
    path.chmod(0o600)
    source, warning = part.UriFile.read(str(path))
    assert warning is None
    return source


def _nothing_typed(prompt: str) -> str:
    raise EOFError(prompt)


def test_the_uri_files_code_is_sent_unattended(sls_gateway: SlsGateway, tmp_path: Path) -> None:
    uri = sls_gateway.user("totpuser").totp.uri
    options = Namespace(totp_uri_file=_uri_file(tmp_path, uri))
    console = _console(sls_gateway, "totpuser", _nothing_typed, options)
    assert console.status == 0, console.output
    assert console.terminal.prompts == []  # unattended
    assert f"Authenticator code: from the otpauth URI in {tmp_path / 'totpuser.uri'}" in console.output
    assert options.totp_uri_file.sent == [part.step_at(sls_gateway.clock())]
    assert Authenticator.from_uri(uri).secret_base32 not in console.output
    assert sls_gateway.status("totpuser")["failures"] == 0


def test_a_second_unattended_login_in_the_same_step_sends_the_next_steps_code(
    sls_gateway: SlsGateway, tmp_path: Path
) -> None:
    uri = sls_gateway.user("totpuser").totp.uri
    first = Namespace(totp_uri_file=_uri_file(tmp_path, uri))
    assert _console(sls_gateway, "totpuser", _nothing_typed, first).status == 0
    options = Namespace(totp_uri_file=_uri_file(tmp_path, uri))
    console = _console(sls_gateway, "totpuser", _nothing_typed, options)
    assert console.status == 0, console.output
    assert texts.CODE_USED.render() in console.terminal.lines  # told, then the next step's code went
    assert console.terminal.prompts == []
    step = part.step_at(sls_gateway.clock())
    assert options.totp_uri_file.sent == [step, step + 1]
    third = Namespace(totp_uri_file=_uri_file(tmp_path, uri))
    console = _console(sls_gateway, "totpuser", _nothing_typed, third)
    assert console.status is None  # both codes used: a code is asked for, and the input has ended
    assert third.totp_uri_file.sent == [step, step + 1]  # never more than two
    assert f"The code from {tmp_path / 'totpuser.uri'} was refused." in console.terminal.lines
    assert len(console.terminal.prompts) == 1
    assert sls_gateway.status("totpuser")["failures"] == 2  # the third login's reused codes (R3)


class ScriptedFlow:
    """The flow as the authenticator page sees it: its clocks, and the views its answers lead to."""

    def __init__(self, now: float, replies: list[LoginView]) -> None:
        self.now, self.replies = now, replies
        self.sent: list[str] = []

    def clock(self) -> float:
        return 1000.0

    def wall_clock(self) -> float:
        return self.now

    def respond(self, code: str) -> LoginView:
        self.sent.append(code)
        return self.replies.pop(0)

    def enter_read_only(self) -> LoginView:
        raise AssertionError("not asked for")


def _page(error: str | None = None) -> LoginView:
    challenge = Challenge("totp", extra={"digits": 6, "period": 30, "period_start": 990.0})
    problem = {None: None, "CODE_USED": texts.CODE_USED, "LOGIN_FAILED": texts.LOGIN_FAILED}[error]
    return LoginView(  # a reused code is LOGIN_FAILED told with code_used (docs/protocol.md)
        Stage.SECOND_FACTOR,
        challenge=challenge,
        error_code=None if error is None else "LOGIN_FAILED",
        problem=texts.message(problem) if problem else None,
        read_only_available=True,
    )


def test_after_a_reused_code_the_file_gives_the_next_steps_code_once_then_a_code_is_asked_for(
    tmp_path: Path,
) -> None:
    app = Authenticator.create("totpuser")
    source = _uri_file(tmp_path, app.uri)
    now = 1_800_000_010.0
    step = part.step_at(now)
    done = LoginView(Stage.DONE)
    page = part.TotpPage()
    terminal = ScriptedTerminal(lambda _prompt: app.code(now))
    flow = ScriptedFlow(now, [_page("CODE_USED"), _page("CODE_USED"), done])
    view = page.run(flow, terminal, _page(), Namespace(totp_uri_file=source))  # type: ignore[arg-type]
    assert flow.sent == [app.code(step * 30)]
    view = page.run(flow, terminal, view, Namespace(totp_uri_file=source))  # type: ignore[arg-type]
    assert flow.sent[1] == app.code((step + 1) * 30)  # the next step's: the gateway accepts it
    assert source.sent == [step, step + 1]
    assert page.run(flow, terminal, view, Namespace(totp_uri_file=source)) is done  # type: ignore[arg-type]
    assert terminal.prompts == ["Authenticator code (new code in 20 s; r = read only): "]
    assert f"The code from {source.path} was refused." in terminal.lines
    assert terminal.lines.count(texts.CODE_USED.render()) == 2


def test_a_wrong_code_from_the_file_is_not_retried(tmp_path: Path) -> None:
    app = Authenticator.create("totpuser")
    source = _uri_file(tmp_path, app.uri)
    done = LoginView(Stage.DONE)
    flow = ScriptedFlow(1_800_000_010.0, [_page("LOGIN_FAILED"), done])
    terminal = ScriptedTerminal(lambda _prompt: "654321")
    page = part.TotpPage()
    view = page.run(flow, terminal, _page(), Namespace(totp_uri_file=source))  # type: ignore[arg-type]
    assert page.run(flow, terminal, view, Namespace(totp_uri_file=source)) is done  # type: ignore[arg-type]
    assert flow.sent == [app.code(1_800_000_010.0), "654321"]  # the file's code once, then the typed one
    assert source.given_up
    assert terminal.lines.count(texts.LOGIN_FAILED.render()) == 1


def test_without_a_period_start_the_prompt_gives_no_count() -> None:
    flow = ScriptedFlow(1_800_000_010.0, [LoginView(Stage.DONE)])
    terminal = ScriptedTerminal(lambda _prompt: "123456")
    view = LoginView(Stage.SECOND_FACTOR, challenge=Challenge("totp", extra={"digits": 6, "period": 30}))
    part.TotpPage().run(flow, terminal, view, Namespace())  # type: ignore[arg-type]
    assert terminal.prompts == ["Authenticator code: "]
    assert flow.sent == ["123456"]
