"""Start-up to the login window's first frame against a bare PySide6 window, as JSON.

    .venv/bin/python benchmarks/startup.py [--runs N] [--window-only] [--display]

Every run is a fresh interpreter (a cold `python -c` child), so each pays for the interpreter, its
imports and Qt's start-up, as a trader's double-click does. Runs are interleaved, bare, app, bare, app,
..., and submitted in that order through one process pool with a single worker: one child at a time.
On this 2-CPU machine the app child itself keeps both CPUs busy (its GUI thread paints while a worker
imports the gateway stack), so a second child running alongside would take CPU from it and the figure
would depend on what the neighbour happened to be doing; interleaving, not parallelism, is what makes the
comparison fair, since a drift in the shared host's speed then reaches both kinds alike. The first pair
is a warm-up and is discarded (it fills the bytecode cache, seeds the app's data directory with the demo
users and warms the page cache).

The bare child builds a QWidget with two QLineEdits and a QPushButton in a QVBoxLayout and shows it. The
app child builds exactly what `trader-login` without arguments builds (`app.cli` parses the command line,
`gui.application()`, `gui.DesktopApp(args)`, `show()`; the same as `gui.run`), with
`TRADER_LOGIN_DATA_DIR` and the XDG directories in a temporary directory, so the trader's own data and
keychain file are left alone. Both install the same event filter on their top-level window.

The clock: the pool worker reads `time.monotonic()` just before it spawns the child; the child reads the
same clock (CLOCK_MONOTONIC, system-wide on Linux) at the top of its script and when the first frame is
done. "Start-up" is spawn → first frame: the window's first Paint event has been delivered while its
QWindow reports `isExposed()`, and the zero-timer queued from that event has fired, i.e. the whole first
frame has been painted and flushed. The child then reads its own peak RSS (VmHWM in /proc/self/status:
per child, unlike getrusage(RUSAGE_CHILDREN) in a pooled parent), which modules are loaded, and quits.
The app child closes its `DesktopApp` (`close()` waits for the workers: the embedded gateway that was
starting is started and stopped again) and reports its peak RSS at exit too.

Heavy modules: which of requests, keyring, sqlalchemy, fastapi, uvicorn and auth.gateway.gateway are in
`sys.modules` just before `show()` (only the GUI thread has run: this must stay empty), at the first
paint and at the end of the first frame (by then `show()` has started the app's workers, which import
them: `heavy_absent_at_exposure` says whether they were still out). `--window-only` adds a third kind to
the interleave, the app whose `show()` only shows the window and does not start its workers (the
gateway connection and the keychain read): the difference to the app is what the workers' imports,
competing for the GIL, cost the first frame.

Children run with the bytecode cache in a temporary directory (`PYTHONPYCACHEPREFIX`), never writing to
the repository: an installed app has its .pyc files, and compiling the app's sources on every start
would be a cost of this checkout, not of the app. `QT_QPA_PLATFORM=offscreen` unless `--display`.
docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.3
POOL_WORKERS = 1
CHILD_TIMEOUT = 120.0  # the warm-up app child seeds the demo users with the production KDF
RESULT_PREFIX = "STARTUP-RESULT "
# What must not be imported before the window's first frame (issue 5: off the path to the first paint).
HEAVY = ("requests", "keyring", "sqlalchemy", "fastapi", "uvicorn", "trader_login.auth.gateway.gateway")
# Noise of the offscreen platform, not news (app.gui.ensure_display filters the same for --self-test).
QUIET_STDERR = ("This plugin does not support",)

CHILD = r"""
import time
TOP = time.monotonic()
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

KIND, HEAVY, PREFIX = sys.argv[1], sys.argv[2].split(","), sys.argv[3]
marks = {"top": TOP, "qt_imported": time.monotonic()}
state = {}


def peak_rss_kib():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def loaded():
    return [name for name in HEAVY if name in sys.modules]


class FirstFrame(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.painted = False

    def eventFilter(self, watched, event):
        if not self.painted and watched is self.window and event.type() == QEvent.Type.Paint:
            handle = self.window.windowHandle()
            if handle is not None and handle.isExposed():
                self.painted = True
                marks["first_paint"] = time.monotonic()
                state["heavy_at_first_paint"] = loaded()
                QTimer.singleShot(0, self.done)
        return False

    def done(self):
        marks["exposed"] = time.monotonic()
        state["heavy_at_exposure"] = loaded()
        state["modules_at_exposure"] = len(sys.modules)
        state["peak_rss_kib"] = peak_rss_kib()
        QApplication.instance().quit()


if KIND == "bare":
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

    qapp = QApplication(sys.argv[:1])
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLineEdit(window))
    layout.addWidget(QLineEdit(window))
    layout.addWidget(QPushButton("Log In", window))
    marks["built"] = time.monotonic()
    window.installEventFilter(FirstFrame(window))
    state["heavy_before_show"] = loaded()
    window.show()
    marks["shown"] = time.monotonic()
    qapp.exec()
else:
    from trader_login.app import cli  # what the trader-login console script imports first

    args = cli.build_parser().parse_args([])
    from trader_login.app import gui

    marks["app_imported"] = time.monotonic()
    qapp = gui.application()
    desktop = gui.DesktopApp(args)
    marks["built"] = time.monotonic()
    desktop.window.installEventFilter(FirstFrame(desktop.window))
    state["heavy_before_show"] = loaded()
    if KIND == "app":
        desktop.show()
    else:  # window_only: DesktopApp.show() without starting its workers (gateway, keychain)
        desktop.window.show()
        desktop.window.credentials.focus_first_empty()
    marks["shown"] = time.monotonic()
    qapp.exec()
    desktop.close()
    marks["closed"] = time.monotonic()
    state["peak_rss_exit_kib"] = peak_rss_kib()
print(PREFIX + json.dumps({"marks": marks, **state}), flush=True)
"""


def run_child(kind: str, env: dict[str, str]) -> dict[str, Any]:
    """In the pool's worker: one cold child; its marks relative to the spawn."""
    command = [sys.executable, "-c", CHILD, kind, ",".join(HEAVY), RESULT_PREFIX]
    spawn = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    result = json.loads(lines[-1][len(RESULT_PREFIX) :])
    result["ms"] = {name: (at - spawn) * 1000 for name, at in result.pop("marks").items()}
    result["stderr"] = [
        line for line in done.stderr.splitlines() if line.strip() and not line.startswith(QUIET_STDERR)
    ]
    return result


def child_env(root: Path, display: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    env["TRADER_LOGIN_DATA_DIR"] = str(root / "data")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(root / name.lower())
    if not display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def pyside_version() -> str:
    for name in ("PySide6", "PySide6-Essentials", "shiboken6"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def phases(runs: list[dict[str, Any]], kind: str) -> dict[str, float]:
    """Medians of where the time goes, each phase from the end of the one before."""
    app_import = ["app_imported"] if kind != "bare" else []
    order = ["top", "qt_imported", *app_import, "built", "shown", "exposed"]
    names = {
        "top": "interpreter_ms",
        "qt_imported": "qt_import_ms",
        "app_imported": "app_import_ms",
        "built": "build_ms",
        "shown": "show_ms",
        "exposed": "first_frame_ms",
    }
    out = {}
    for i, mark in enumerate(order):
        before = order[i - 1] if i else None
        out[names[mark]] = median([r["ms"][mark] - (r["ms"][before] if before else 0.0) for r in runs])
    return out


def summary(runs: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    startup = [r["ms"]["exposed"] for r in runs]
    out: dict[str, Any] = {
        "startup_ms_median": median(startup),
        "startup_ms_min": round(min(startup), 1),
        "startup_ms_max": round(max(startup), 1),
        "peak_rss_mib_median": round(statistics.median(r["peak_rss_kib"] for r in runs) / 1024, 1),
        "modules_at_exposure": int(statistics.median(r["modules_at_exposure"] for r in runs)),
        "phases_ms_median": phases(runs, kind),
    }
    if kind != "bare":
        out["peak_rss_exit_mib_median"] = round(
            statistics.median(r["peak_rss_exit_kib"] for r in runs) / 1024, 1
        )
        out["close_ms_median"] = median([r["ms"]["closed"] - r["ms"]["exposed"] for r in runs])
    return out


def heavy_counts(runs: list[dict[str, Any]], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for run in runs:
        for name in run[key]:
            counts[name] = counts.get(name, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each kind (default 15)")
    parser.add_argument("--display", action="store_true", help="use the current display, not offscreen")
    parser.add_argument(
        "--window-only",
        action="store_true",
        help="a third kind in the interleave: the app without starting its workers at show() (diagnosis)",
    )
    options = parser.parse_args()
    cycle = ["bare", "app", *(["window_only"] if options.window_only else [])]

    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp,
        concurrent.futures.ProcessPoolExecutor(max_workers=POOL_WORKERS) as pool,
    ):
        env = child_env(Path(tmp), options.display)
        kinds = cycle * (options.runs + 1)  # interleaved; the first cycle is the warm-up
        futures = [pool.submit(run_child, kind, env) for kind in kinds]
        results = [future.result() for future in futures]
    load_after = os.getloadavg()

    runs = {kind: results[len(cycle) :][i :: len(cycle)] for i, kind in enumerate(cycle)}
    bare, app = runs["bare"], runs["app"]
    ratios = [a["ms"]["exposed"] / b["ms"]["exposed"] for b, a in zip(bare, app, strict=True)]
    ratio = round(statistics.median(ratios), 3)
    heavy_exposure = heavy_counts(app, "heavy_at_exposure")
    result: dict[str, Any] = {
        "benchmark": "startup",
        "python": platform.python_version(),
        "pyside6": pyside_version(),
        "machine": platform.machine(),
        "nproc": os.cpu_count(),
        "platform": os.environ.get("QT_QPA_PLATFORM", "(default)") if options.display else "offscreen",
        "runs": options.runs,
        "pool_workers": POOL_WORKERS,
        "loadavg_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        **{kind: summary(kind_runs, kind) for kind, kind_runs in runs.items()},
        "ratio_median": ratio,
        "ratio_of_medians": round(
            statistics.median(r["ms"]["exposed"] for r in app)
            / statistics.median(r["ms"]["exposed"] for r in bare),
            3,
        ),
        "ratio_min_max": [round(min(ratios), 3), round(max(ratios), 3)],
        "target_ratio": TARGET_RATIO,
        "ratio_target_met": ratio <= TARGET_RATIO,
        "heavy_checked": list(HEAVY),
        "heavy_imported_before_show": heavy_counts(app, "heavy_before_show"),  # the GUI thread's own path
        "heavy_at_first_paint": heavy_counts(app, "heavy_at_first_paint"),  # runs each was loaded in
        "heavy_at_exposure": heavy_exposure,  # by any thread: the workers start at show()
        "heavy_absent_at_exposure": not heavy_exposure,
        "unexpected_stderr": sorted(
            {line for kind_runs in runs.values() for r in kind_runs for line in r["stderr"]}
        ),
    }
    if options.window_only:
        only = runs["window_only"]
        result["ratio_window_only_median"] = round(
            statistics.median(
                w["ms"]["exposed"] / b["ms"]["exposed"] for b, w in zip(bare, only, strict=True)
            ),
            3,
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
