"""`trader-login --console` run unattended, as a script or a container runs it: no terminal, the password on
stdin, --json events on stdout, the policies set, and the documented exit code for every outcome. Each
test runs the real console as a child process against a gateway on loopback whose clock the test moves
(a push expires without a real wait). Every wait is bounded; nothing sleeps."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.http_support import Client, password, running_gateway
from trader_login.app import cli

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0  # per expected event: a safety net for a loaded runner
CLIENT_COST = {"memory_kib": 19 * 1024, "iterations": 2, "lanes": 1}  # the client's cheapest accepted KDF
SECRET = "Recognisable-Secret-7781"  # a password no event or line may ever show
CHILD = "import sys; from trader_login.app.cli import main; sys.exit(main(sys.argv[1:]))"
EVENT_KEYS = {
    "started": {"version", "user", "mode", "restart"},
    "state": {"stage"},
    "message": {"code", "message_id", "text"},
    "restart": {"status"},
    "session": {"user", "mode", "accounts", "device_kind", "read_only", "expires_at", "restart_grant"},
    "exit": {"code", "outcome"},
}

pytestmark = pytest.mark.skipif(os.name != "posix", reason="select() on pipes is POSIX")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with running_gateway(tmp_path_factory.mktemp("unattended") / "gateway", kdf_cost=CLIENT_COST) as client:
        yield client


class Run:
    """One unattended console: its JSON events as they come, its stderr, its exit status."""

    def __init__(self, served: Client | None, home: Path, *args: str, stdin: str = SECRET + "\n") -> None:
        gateway = ["--gateway", served.url, "--fingerprint", served.server.fingerprint] if served else []
        env = {
            **os.environ,
            "TRADER_LOGIN_DATA_DIR": str(home / "data"),  # the attempt log
            "XDG_CONFIG_HOME": str(home / "config"),  # the keychain's fallback file
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # no system keychain: the 0600 file
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", CHILD, "--console", *gateway, "--password-stdin", "--json", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            text=True,
            start_new_session=True,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(stdin)
        self.process.stdin.close()
        self.events: list[dict[str, Any]] = []
        self._buffer = ""
        self.seen = 0

    def _read(self, timeout: float) -> bool:
        stdout = self.process.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], max(0.0, timeout))
        if not ready:
            return True
        data = os.read(stdout.fileno(), 65536).decode("utf-8")
        self._buffer += data
        *lines, self._buffer = self._buffer.split("\n")
        self.events += [json.loads(line) for line in lines]  # every line is one JSON object
        return bool(data)

    def expect(self, **fields: Any) -> dict[str, Any]:
        """The next event (after those expected already) with these fields."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for index in range(self.seen, len(self.events)):
                event = self.events[index]
                if all(event.get(name) == value for name, value in fields.items()):
                    self.seen = index + 1
                    return event
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                self.close()
                raise AssertionError(f"no event {fields}; events: {self.events}\nstderr: {self.stderr()}")

    def finish(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while self._read(min(1.0, deadline - time.monotonic())):
            if time.monotonic() > deadline:
                raise AssertionError(f"the console did not end; events: {self.events}")
        code = self.process.wait(TIMEOUT)
        self.err = self.process.stderr.read() if self.process.stderr else ""
        check_events(self.events)
        assert SECRET not in json.dumps(self.events)
        assert SECRET not in self.err
        assert self.events[-1]["event"] == "exit"
        assert self.events[-1]["code"] == code
        return code

    def stderr(self) -> str:
        return getattr(self, "err", "")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(TIMEOUT)
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.err = self.process.stderr.read()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def check_events(events: list[dict[str, Any]]) -> None:
    for event in events:
        assert event["at"].endswith("Z")
        assert EVENT_KEYS[event["event"]] <= set(event), event


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[Any]:
    started: list[Run] = []

    def run(served: Client | None, *args: str, home: Path = tmp_path, stdin: str = SECRET + "\n") -> Run:
        console = Run(served, home, *args, stdin=stdin)
        started.append(console)
        return console

    yield run
    for console in started:
        console.close()


def new_user(served: Client, name: str, *, mode: str = "live", device: str | None = None) -> Any:
    served.gateway.desk.add_user(name, SECRET, mode=mode)
    return served.gateway.desk.add_device(name, device) if device else None


# --- outcomes ----------------------------------------------------------------------------------------------


def test_a_session_exits_0_with_events_and_no_terminal(served: Client, runs: Any) -> None:
    new_user(served, "unpaper1", mode="paper")
    run = runs(served, "--user", "unpaper1", "--paper")
    run.expect(event="started", user="unpaper1", mode="paper", restart=False)
    session = run.expect(event="session", user="unpaper1", mode="paper")
    assert session["last_login"] is None
    assert run.finish() == 0
    assert run.events[-1] == {**run.events[-1], "code": 0, "outcome": "session"}
    assert "Logged in: unpaper1 (paper)" in run.stderr()  # for people: stderr
    assert "Last login: none recorded" in run.stderr()


def test_r2_a_wrong_password_exits_1_and_the_json_says_why(served: Client, runs: Any) -> None:
    new_user(served, "unwrong1", mode="paper")
    run = runs(served, "--user", "unwrong1", "--paper", stdin="not-the-password\n")
    message = run.expect(event="message", code="INVALID_CREDENTIALS")
    assert message["text"] == "Invalid user name password combination"
    assert run.finish() == 1
    assert run.events[-1]["outcome"] == "refused"


def test_max_attempts_stops_a_script_restarting_the_login_in_a_loop(
    served: Client, runs: Any, tmp_path: Path
) -> None:
    new_user(served, "unloop1", mode="paper")
    loop = ("--user", "unloop1", "--paper", "--max-attempts", "2")
    for _ in range(2):
        assert runs(served, *loop, stdin="wrong\n").finish() == 1
    assert served.gateway.desk.status("unloop1")["failures"] == 2
    run = runs(served, *loop)  # even with the right password
    stop = run.expect(event="message", code="MAX_ATTEMPTS", message_id="max_attempts_reached")
    assert "--max-attempts 2" in stop["text"]
    assert run.finish() == 6
    assert served.gateway.desk.status("unloop1")["failures"] == 2  # nothing was sent
    log = tmp_path / "data" / "attempt-log.json"
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_r3_a_locked_user_name_exits_3(served: Client, runs: Any) -> None:
    new_user(served, "unlocked1", mode="paper")
    for _ in range(10):
        password(served, "unlocked1", "wrong", mode="paper")
    run = runs(served, "--user", "unlocked1", "--paper", "--max-attempts", "9", home=Path(os.devnull).parent)
    run.expect(event="state", stage="locked")
    assert run.finish() == 3
    assert run.events[-1]["outcome"] == "locked"


def test_a_push_that_expires_exits_4_with_the_exit_policy(served: Client, runs: Any) -> None:
    new_user(served, "unpush1", device="ibkey")
    run = runs(served, "--user", "unpush1", "--on-second-factor-timeout", "exit")
    state = run.expect(event="state", stage="second_factor", challenge_kind="ibkey_push")
    assert state["seconds"] > 0
    served.clock.advance(181)  # the notification expires on the gateway's clock: no real wait
    assert run.finish() == 4, (run.events, run.stderr())
    assert run.events[-1]["outcome"] == "second_factor_timeout"


def test_a_push_that_expires_is_sent_again_with_the_retry_policy(served: Client, runs: Any) -> None:
    app = new_user(served, "unpush2", device="ibkey")
    run = runs(served, "--user", "unpush2", "--on-second-factor-timeout", "retry")
    run.expect(event="state", stage="second_factor", challenge_kind="ibkey_push")
    served.clock.advance(181)
    run.expect(event="message", code="EXPIRED")
    run.expect(event="state", stage="second_factor", challenge_kind="ibkey_push")  # a new notification
    # The gateway made the push before it answered the resend the event follows: no wait for it.
    assert served.phone_pushes(app).json()["pushes"], "the new notification did not come"
    assert served.phone_decide(app, served.pending_push(app)).status_code == 200
    run.expect(event="session", user="unpush2")
    assert run.finish() == 0


@pytest.mark.parametrize(("policy", "code"), [("take-over", 0), ("keep-other", 5), ("exit", 5)])
def test_existing_session_policies(served: Client, runs: Any, policy: str, code: int) -> None:
    name = f"unexist{('take-over', 'keep-other', 'exit').index(policy)}"
    new_user(served, name, mode="paper")
    _token, reply = password(served, name, SECRET, mode="paper")
    assert reply.status_code == 200, reply.text
    run = runs(served, "--user", name, "--paper", "--existing-session", policy)
    run.expect(event="state", stage="existing_session")
    assert run.finish() == code
    assert run.events[-1]["outcome"] == ("session" if code == 0 else "existing_session")


def test_an_unreachable_gateway_exits_7(runs: Any) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = runs(None, "--gateway", f"https://127.0.0.1:{port}", "--fingerprint", "ab" * 32, "--user", "x1")
    assert run.finish() == 7
    assert run.events[-1]["outcome"] == "unreachable"


def test_a_gateway_with_another_certificate_exits_8(served: Client, runs: Any) -> None:
    run = runs(None, "--gateway", served.url, "--fingerprint", "00" * 32, "--user", "dscuser")
    assert run.finish() == 8
    assert run.events[-1]["outcome"] == "certificate"


def test_ctrl_c_during_the_push_wait_exits_130(served: Client, runs: Any) -> None:
    new_user(served, "uncancel1", device="ibkey")
    run = runs(served, "--user", "uncancel1")
    run.expect(event="state", stage="second_factor", challenge_kind="ibkey_push")
    run.process.send_signal(signal.SIGINT)
    assert run.finish() == 130
    assert run.events[-1]["outcome"] == "cancelled"


@pytest.mark.parametrize("value", ["0", "10", "x"])
def test_bad_max_attempts_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--console", "--max-attempts", value])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--max-attempts" in err
    assert "1 to 9" in err


def test_help_lists_the_exit_codes_and_the_events(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for line in ("0  session", "4  second_factor_timeout", "6  max_attempts", "130  cancelled"):
        assert line in out
    for event in EVENT_KEYS:
        assert f"  {event} " in out


# --- the restart without the second factor -----------------------------------------------------------------


def test_grant_then_restart_without_the_second_factor_until_the_cutoff(
    served: Client, runs: Any, tmp_path: Path
) -> None:
    app = new_user(served, "unrestart1", device="ibkey")

    def approve_when_asked(run: Run) -> None:
        run.expect(event="state", stage="second_factor", challenge_kind="ibkey_push")
        # The push row is written before the gateway's answer that this event follows: it is there.
        assert served.phone_pushes(app).json()["pushes"], "no notification came"
        assert served.phone_decide(app, served.pending_push(app)).status_code == 200

    # No key yet: said, and the full login follows.
    first = runs(served, "--user", "unrestart1", "--restart", "--grant-restart")
    first.expect(event="restart", status="refused", code="RESTART_NO_KEY")
    approve_when_asked(first)
    granted = first.expect(event="restart", status="granted")
    assert first.finish() == 0
    assert "Restart without the second factor until" in first.stderr()
    assert "It is not encrypted" in first.stderr()  # the keychain's fallback file, said once
    fallback = tmp_path / "config" / "trader-login" / "keychain-fallback.json"
    assert oct(fallback.stat().st_mode & 0o777) == "0o600"

    # The restart: a session with no second factor.
    second = runs(served, "--user", "unrestart1", "--restart")
    second.expect(event="restart", status="used")
    session = second.expect(event="session", user="unrestart1")
    assert session["opened_by_restart"] is True
    assert session["restart_grant"]["cutoff_at"] == granted["cutoff_at"]
    assert session["last_login"]["restart"] is False  # the first run's, a full login
    assert session["last_login"]["device_kind"] == "ibkey"
    assert "second_factor" not in [event.get("stage") for event in second.events]
    assert second.finish() == 0
    assert "It is not encrypted" not in second.stderr()  # once per fallback file, ever
    assert "Opened by a restart without the second factor." in second.stderr()
    assert re.search(r"Restart without the second factor until .* \(this computer\)", second.stderr())
    assert re.search(r"Last login: .* from 127\.0\.0\.1 with IB Key", second.stderr())

    # Past the weekly cut-off: refused as expired, and the full login follows.
    served.clock.advance(8 * 24 * 3600)
    third = runs(served, "--user", "unrestart1", "--restart", "--forget-device")
    refused = third.expect(event="restart", status="refused", code="RESTART_EXPIRED")
    assert "expired" in refused["text"]
    approve_when_asked(third)
    third.expect(event="session", user="unrestart1")
    assert third.finish() == 0
    assert "This computer's restart grant and key are forgotten." in third.stderr()


def test_a_prompt_nobody_answers_ends_as_cancelled(served: Client, runs: Any) -> None:
    """--existing-session ask in a script: the question comes, stdin has ended: 130, the login withdrawn."""
    new_user(served, "unask1", mode="paper")
    _token, reply = password(served, "unask1", SECRET, mode="paper")
    assert reply.status_code == 200, reply.text
    run = runs(served, "--user", "unask1", "--paper")
    run.expect(event="state", stage="existing_session")
    assert run.finish() == 130
    assert "Cancelled: the input ended." in run.stderr()


@pytest.mark.parametrize("option", ["--password-stdin", "--grant-restart", "--forget-device"])
def test_console_options_without_console_are_a_usage_error(
    option: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """C3: the window reads none of them; a script forgetting --console must not wait on a window."""
    from trader_login.app import gui

    monkeypatch.setattr(gui, "run", lambda args: pytest.fail("the window was opened"))
    with pytest.raises(SystemExit) as info:
        cli.main([option])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith(f"{option}: console options (add --console)")
