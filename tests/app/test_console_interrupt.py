"""Ctrl-C during the console's IB Key wait, as a shell delivers it: a real `trader-login --console` with the
embedded gateway in a temporary data directory, sent SIGINT once the wait has begun. It cancels the login,
stops the embedded gateway cleanly (no traceback on stderr) and exits 130, also when the console was started
with SIGINT ignored (a background job of a script), which Python alone would keep ignoring."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.test_console_login import Console
from trader_login.auth.gateway.demo import DEMO_PASSWORD

# The first start seeds the demo users with the real KDF: a safety net for a loaded runner.
SEEDING = 120.0

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals and signals are POSIX")


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
    console = Console(
        "--user",
        "ibkeyuser",
        env={"TRADER_LOGIN_DATA_DIR": str(data_dir)},
        sigint_ignored=sigint_ignored,
        stderr_apart=True,
    )
    consoles.append(console)
    console.expect("Password: ", timeout=SEEDING)
    console.type(DEMO_PASSWORD)
    console.expect(r"Waiting for approval on your phone: +\d+ s left")
    console.process.send_signal(signal.SIGINT)
    console.expect("Cancelled.")
    status, stderr = console.finish()
    assert status == 130
    assert "Traceback" not in stderr
    assert "CancelledError" not in stderr
    assert "Traceback" not in console.text
