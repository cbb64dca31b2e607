"""Ctrl-C during the console's IB Key wait, as a shell delivers it: a real `trader-login --console` with the
embedded gateway in a temporary data directory, sent SIGINT once the wait has begun. It cancels the login,
stops the embedded gateway cleanly (no traceback on stderr) and exits 130, also when the console was started
with SIGINT ignored (a background job of a script), which Python alone would keep ignoring."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trader_login.auth.gateway.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120.0  # per expected line: a safety net (the first start seeds the demo users with the real KDF)
# Makes the pty the child's controlling terminal, so that the password is read from it as in a shell.
BOOTSTRAP = (
    "import fcntl, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "from trader_login.app.cli import main; sys.exit(main(sys.argv[1:]))"
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals and signals are POSIX")


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Console:
    """The child on a pseudo-terminal (its input and output), its stderr on a pipe of its own."""

    def __init__(self, data_dir: Path, *, sigint_ignored: bool) -> None:
        master, slave = os.openpty()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", BOOTSTRAP, "--console", "--user", "ibkeyuser"],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "TRADER_LOGIN_DATA_DIR": str(data_dir)},
            start_new_session=True,
            preexec_fn=_ignore_sigint if sigint_ignored else None,
        )
        os.close(slave)
        self.fd = master
        self.text = ""

    def expect(self, pattern: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while re.search(pattern, self.text) is None:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.fd], [], [], max(0.0, left))
            if not ready:
                raise AssertionError(f"{pattern!r} did not show; the terminal shows:\n{self.text}")
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child has closed the terminal
                data = b""
            if not data and self.process.poll() is not None:
                raise AssertionError(f"{pattern!r} did not show before the exit:\n{self.text}")
            self.text += data.decode("utf-8", "replace")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def finish(self) -> tuple[int, str]:
        """The exit status and what went to stderr."""
        _out, err = self.process.communicate(timeout=TIMEOUT)
        return self.process.returncode, err.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=TIMEOUT)
        if self.process.stderr is not None:
            self.process.stderr.close()
        os.close(self.fd)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data directory for the module: the demo users are seeded (with the real KDF) once."""
    return tmp_path_factory.mktemp("console-interrupt")


@pytest.fixture
def consoles() -> Iterator[list[Console]]:
    started: list[Console] = []
    yield started
    for console in started:
        console.close()


@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["sigint-default", "sigint-ignored-at-start"])
def test_ctrl_c_in_the_push_wait_cancels_without_a_traceback(
    consoles: list[Console], data_dir: Path, sigint_ignored: bool
) -> None:
    console = Console(data_dir, sigint_ignored=sigint_ignored)
    consoles.append(console)
    console.expect("Password: ")
    console.type(DEMO_PASSWORD)
    console.expect(r"Waiting for approval on your phone: +\d+ s left")
    console.process.send_signal(signal.SIGINT)
    console.expect("Cancelled.")
    status, stderr = console.finish()
    assert status == 130
    assert "Traceback" not in stderr
    assert "CancelledError" not in stderr
    assert "Traceback" not in console.text
