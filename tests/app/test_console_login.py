"""`trader-login --console` as a trader uses it: a child process on a pseudo-terminal, answered with the
emulators (the DSC+ device file, the gateway's SMS outbox, the IB Key phone). Every wait is bounded."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.gateway.http_support import Client, dsc_response, running_gateway
from trader_login.app import cli
from trader_login.auth.devices import files
from trader_login.auth.gateway.demo import DEMO_PASSWORD, DEMO_PHONE
from trader_login.auth.gateway.gateway import Gateway

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0  # per expected line: a safety net for a loaded runner (a first start seeds with the real KDF)
# The cheapest KDF the product's client accepts (auth.kdf.DEFAULT_LIMITS): the console runs unmodified.
CLIENT_COST = {"memory_kib": 19 * 1024, "iterations": 2, "lanes": 1}
# Makes the pty the child's controlling terminal, so Ctrl-C typed on it sends SIGINT as in a real shell.
BOOTSTRAP = (
    "import fcntl, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "from trader_login.app.cli import main; sys.exit(main(sys.argv[1:]))"
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")


class Console:
    """The child's terminal: what it printed so far, and the keys the trader types."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        sigint_ignored: bool = False,
        stderr_apart: bool = False,
    ) -> None:
        """`sigint_ignored`: started as a script's background job is (SIGINT inherited as ignored);
        `stderr_apart`: the child's stderr on a pipe of its own, for `finish()`."""
        master, slave = os.openpty()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", BOOTSTRAP, "--console", *args],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE if stderr_apart else slave,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
            preexec_fn=_ignore_sigint if sigint_ignored else None,
        )
        os.close(slave)
        self.fd = master
        self.text = ""
        self.seen = 0

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child has closed the terminal
            data = b""
        self.text += data.decode("utf-8", "replace")
        return bool(data)

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while (match := regex.search(self.text, self.seen)) is None:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{pattern!r} did not show; the terminal shows:\n{self.text}")
        self.seen = match.end()
        return match

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def ctrl_c(self) -> None:
        os.write(self.fd, b"\x03")

    def exit_status(self, timeout: float = TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self._read(min(0.2, deadline - time.monotonic())) or self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the console did not end; it shows:\n{self.text}")
        return self.process.wait(timeout)

    @property
    def rest(self) -> str:
        return self.text[self.seen :]

    def finish(self) -> tuple[int, str]:
        """With `stderr_apart`: the exit status and what went to stderr."""
        _out, err = self.process.communicate(timeout=TIMEOUT)
        return self.process.returncode, err.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=TIMEOUT)
        if self.process.stderr is not None:
            self.process.stderr.close()
        os.close(self.fd)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """One gateway for the module: each test logs a different user in, and out again."""
    with running_gateway(tmp_path_factory.mktemp("console") / "gateway", kdf_cost=CLIENT_COST) as client:
        yield client


@pytest.fixture
def consoles() -> Iterator[list[Console]]:
    started: list[Console] = []
    yield started
    for console in started:
        console.close()


def remote(consoles: list[Console], served: Client, *args: str) -> Console:
    console = Console("--gateway", served.url, "--fingerprint", served.server.fingerprint, *args)
    consoles.append(console)
    return console


def test_dscuser_logs_in_on_the_embedded_gateway_with_the_dscplus(
    consoles: list[Console], tmp_path: Path
) -> None:
    console = Console(env={"TRADER_LOGIN_DATA_DIR": str(tmp_path)})
    consoles.append(console)
    console.expect(r"Demo gateway: user names ibkeyuser, dscuser, .* password demo123")
    console.expect("User name: ")
    console.type("dscuser")
    console.expect("Password: ")
    console.type(DEMO_PASSWORD)
    challenge = console.expect(r"DSC\+ challenge: (\d{6})").group(1)
    dsc = files.load(tmp_path / "gateway" / "devices" / "dscuser-dscplus.json")
    console.expect(r"Response \(r = read only\): ")
    response = dsc_response(dsc, challenge)
    console.type(f"{response[:4]} {response[4:]}")
    console.expect("Logged in: dscuser \\(live\\)")
    console.expect("Device: Digital Security Card\\+ \\(DSC\\+\\)")
    console.expect("Withdrawal limits: unlimited per day, unlimited per 5 business days")
    console.expect("Logged out: the console login ends here.")
    assert console.exit_status() == 0
    assert DEMO_PASSWORD not in console.text.split("Password: ", 1)[1]  # read without echo


def test_smsuser_asks_for_a_voice_call_and_types_its_code(consoles: list[Console], served: Client) -> None:
    console = remote(consoles, served, "--user", "smsuser")
    console.expect("Password: ")
    console.type(DEMO_PASSWORD)
    console.expect(r"A code was sent to \+1 ••• ••• 0123")
    console.expect(r"Security code \(s = new code by SMS.*v = by voice call.*r = read only\): ")
    served.clock.advance(31)  # R10: a new code 30 s after the last
    console.type("v")
    console.expect("You will receive a call within a minute")
    console.expect("Security code .*: ")
    code = served.latest_code(DEMO_PHONE)
    assert served.gateway.desk.outbox(DEMO_PHONE)[-1]["channel"] == "voice"
    console.type(code)
    console.expect("Logged in: smsuser")
    console.expect("Withdrawal limits: USD 200,000 per day, USD 600,000 per 5 business days")
    console.expect("Logged out: the console login ends here.")
    assert console.exit_status() == 0


def test_ibkeyuser_push_counts_down_until_the_phone_approves(consoles: list[Console], served: Client) -> None:
    console = remote(consoles, served, "--user", "ibkeyuser")
    console.expect("Password: ")
    console.type(DEMO_PASSWORD)
    console.expect("A notification was sent to your phone")
    console.expect(r"Waiting for approval on your phone: +\d+ s left")
    app = served.device("ibkeyuser", "ibkey")
    assert served.phone_decide(app, served.pending_push(app)).status_code == 200
    console.expect("Logged in: ibkeyuser")
    console.expect("Logged out: the console login ends here.")
    assert console.exit_status() == 0


def test_ctrl_c_during_the_push_wait_cancels_and_withdraws_the_notification(
    consoles: list[Console], served: Client
) -> None:
    console = remote(consoles, served, "--user", "ibkeyuser")
    console.expect("Password: ")
    console.type(DEMO_PASSWORD)
    console.expect("Waiting for approval on your phone")
    app = served.device("ibkeyuser", "ibkey")
    assert len(served.phone_pushes(app).json()["pushes"]) == 1
    console.ctrl_c()
    console.expect("Cancelled.")
    assert console.exit_status() == 130
    assert served.phone_pushes(app).json() == {"pushes": []}  # abandoned on the gateway


def test_ctrl_c_at_the_prompt_exits_130(consoles: list[Console], served: Client) -> None:
    console = remote(consoles, served)
    console.expect("User name: ")
    console.ctrl_c()
    console.expect("Cancelled.")
    assert console.exit_status() == 130
    assert "Traceback" not in console.text


def test_r2_a_wrong_password_exits_1_with_the_reason(consoles: list[Console], served: Client) -> None:
    console = remote(consoles, served, "--user", "carduser")
    console.expect("Password: ")
    console.type("not-the-password")
    console.expect("Login failed: Invalid user name password combination")
    assert console.exit_status() == 1


# --- the command line, in-process -------------------------------------------------------------------------


def test_pinning_needs_a_gateway_and_a_real_fingerprint(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["--console", "--fingerprint", "ab" * 32],
        ["--console", "--gateway", "https://x", "--fingerprint", "zz"],
    ):
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 2
    assert "fingerprint" in capsys.readouterr().err


def test_the_embedded_gateway_lives_under_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trader_login.app import embedded

    monkeypatch.setenv(embedded.DATA_DIR_ENV, str(tmp_path))
    assert embedded.gateway_data_dir() == tmp_path / "gateway"
    assert Gateway  # the console's gateway is the product's own


def test_the_console_writes_moments_as_every_window_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """One way to show a moment (auth.moments.show): the terminal's language, the zone named."""
    from zoneinfo import ZoneInfo

    from trader_login.app import console_login
    from trader_login.auth import moments
    from trader_login.auth.client.views import Account, LoginView, SessionInfo, Stage

    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANG", "C.UTF-8")
    expires = 1_796_455_200.0  # Sat 5 Dec 2026, 07:20 UTC
    session = SessionInfo(
        status="active",
        message="",
        username="tempuser",
        mode="live",
        accounts=(Account("U2000005", "Individual"),),
        device_kind=None,
        device_label=None,
        withdrawal_per_day=0,
        withdrawal_per_5_business_days=0,
        restrictions=(),
        read_only=False,
        created_at=expires - 86_400,
        expires_at=expires,
    )
    lines = console_login.session_summary(session, zone=UTC)
    assert f"Session expires: {moments.show(expires, zone=UTC)}" in lines
    assert "Session expires: Sat 5 Dec 2026, 07:20 UTC" in lines
    assert "Withdrawal limits: none allowed per day, none allowed per 5 business days" in lines
    tokyo = console_login.session_summary(session, zone=ZoneInfo("Asia/Tokyo"))
    assert tokyo[5] == f"Session expires: {moments.show(expires, zone=ZoneInfo('Asia/Tokyo'))}"
    assert tokyo[5].endswith("16:20 JST")
    assert lines[6:] == ["Last login: none recorded", "Failed attempts since: 0"]
    locked = LoginView(Stage.LOCKED, username="carduser", locked_until=expires)
    assert console_login.locked_line(locked, zone=UTC).startswith("Locked until Sat 5 Dec 2026, 07:20 UTC: ")


def test_the_summary_names_failed_attempts_in_words_never_the_raw_reason() -> None:
    """D3: every reason the gateway records has the trader's words; an unknown user name reads as a wrong
    password (the window says the same)."""
    from trader_login.app import console_login
    from trader_login.auth.client.views import FailedLogin, LoginHistory
    from trader_login.auth.gateway.audit import LOGIN_FAILED_REASONS

    for reason in LOGIN_FAILED_REASONS:
        words = console_login.failure_reason(reason)
        assert "_" not in words, reason
    assert console_login.failure_reason("unknown_user") == console_login.failure_reason("password")
    history = LoginHistory(
        failures_since=2,
        failures=(
            FailedLogin(1_800_000_000.0, "10.0.0.9", "push_wrong_number"),
            FailedLogin(1_799_999_000.0, None, "unknown_user"),
        ),
    )
    session = SimpleNamespace(history=history)
    lines = console_login.history_lines(session, zone=UTC)  # type: ignore[arg-type]
    assert lines[2].endswith("from 10.0.0.9: wrong number picked on the phone")
    assert lines[3].endswith("from an unknown address: wrong password")
    assert "push_wrong_number" not in "\n".join(lines)
