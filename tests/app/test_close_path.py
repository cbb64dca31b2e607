"""Closing the app ends it cleanly: the real close path (a login, the emulators, a takeover by a console
login in the same data directory, the windows closed, `app.exec()` returning) run several times in child
processes under `-X dev` with faulthandler, each exiting 0 with nothing on stderr but the expected. The
class of bug this catches: Qt objects outliving the app and torn down during the interpreter's finalization
(issue 16: `Fatal Python error: bool_dealloc`, the rare segfault at exit)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("close_path_child.py")
RUNS = 4
TIMEOUT = 180.0  # a safety net per run (the first seeds the demo users with the real KDF)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the offscreen platform in a child process")


def _run(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-X", "dev", "-X", "faulthandler", str(CHILD), str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_the_close_path_exits_cleanly_every_time(tmp_path: Path) -> None:
    seeded = tmp_path / "seeded"
    for run in range(RUNS):
        data_dir = tmp_path / f"run-{run}"
        if seeded.exists():
            shutil.copytree(seeded, data_dir)
        done = _run(data_dir)
        assert done.returncode == 0, f"run {run}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        assert done.stdout.rstrip().endswith("closed"), done.stdout
        for trouble in ("Fatal Python error", "Segmentation fault", "Traceback", "Warning", "deleted"):
            assert trouble not in done.stderr, f"run {run}:\n{done.stderr}"
        if not seeded.exists():
            shutil.copytree(data_dir, seeded)
