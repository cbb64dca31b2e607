"""Start-up to the login window's first frame against a bare PySide6 window, offscreen and under Xvfb.

As JSON, with the steady-state memory of each one's whole process tree.

    .venv/bin/python benchmarks/startup.py [--runs N] [--platforms offscreen,xvfb] [--memory-runs N]
                                           [--window-only] [--without-kind-parts]

Every run is a fresh interpreter (a cold `python -c` child), so each pays for the interpreter, its
imports and Qt's start-up, as a trader's double-click does. Runs are interleaved, bare, app, bare, app,
..., on each platform in turn (offscreen bare, offscreen app, xvfb bare, xvfb app, ...), and submitted in
that order through one process pool with a single worker: one child at a time. On this 2-CPU machine the
app child itself keeps both CPUs busy (its GUI thread paints while a worker imports the gateway stack),
so a second child running alongside would take CPU from it and the figure would depend on what the
neighbour happened to be doing; interleaving, not parallelism, is what makes the comparison fair, since
a drift in the shared host's speed then reaches both kinds alike. The first cycle is a warm-up and is
discarded (it fills the bytecode cache, seeds the app's data directory with the demo users and warms the
page cache).

The bare child builds a QWidget with two QLineEdits and a QPushButton in a QVBoxLayout and shows it. The
app child builds exactly what `trader-login` without arguments builds (`app.cli` parses the command line,
`gui.application()`, `gui.DesktopApp(args)`, `show()`; the same as `gui.run`), with
`TRADER_LOGIN_DATA_DIR` and the XDG directories in a temporary directory, so the trader's own data and
keychain file are left alone. Both install the same event filters on their top-level window.

Platforms (`--platforms`, comma-separated; default `offscreen,xvfb`):
- `offscreen`: `QT_QPA_PLATFORM=offscreen`, no window system; start-up ends at the first frame (below).
- `xvfb`: Qt's X11 platform plugin (`QT_QPA_PLATFORM=xcb`) on an X server of the script's own, Xvfb
  started once for the whole run on a free display (`-displayfd`), 1920x1080x24, no TCP, no window
  manager (so the map is not delayed by one: a desktop's window manager and compositor add their own
  time, to both kinds alike). Where Xvfb is missing the script installs it (`apt-get install xvfb` as root
  on Debian/Ubuntu, with the libraries Qt's X11 plugin links that the machine lacks), else it stops with a
  message naming the packages. Start-up ends when the first frame is **on the X server**: the window has
  been mapped by the server, which sent Expose; Qt delivered it (the QWindow's first Expose event that
  leaves it exposed: `expose_event_at_ms`); the window's first Paint event followed, its frame was
  flushed to the server (the zero-timer queued from that Paint event has fired) and then a round trip to
  the server (`QGuiApplication.sync()`: xcb's GetInputFocus and its reply, which the server sends after
  processing every request before it, the frame's image among them) has returned.
- `display`: the current display (`--display` is the same), ending at the first frame.

The clock: the pool worker reads `time.monotonic()` just before it spawns the child; the child reads the
same clock (CLOCK_MONOTONIC, system-wide on Linux) at the top of its script and at each mark. The first
frame: the window's first Paint event has been delivered while its QWindow reports `isExposed()`, and the
zero-timer queued from that event has fired, i.e. the whole first frame has been painted and flushed.
The child then reads its own peak RSS (VmHWM in /proc/self/status: per child, unlike
getrusage(RUSAGE_CHILDREN) in a pooled parent), which modules are loaded, and quits. The app child closes
its `DesktopApp` (`close()` waits for the workers: the embedded gateway that was starting is started and
stopped again) and reports its peak RSS at exit too.

Memory (`--memory-runs N`, default 3, bare and app interleaved, after the timed runs, on the first
platform with a window system): each child is kept running until the bare window's first frame is on the
server, or, for the app, until its embedded gateway is up too (the login controller is connected to it:
`controller.is_ready`); the parent then sums Rss and Pss (/proc/<pid>/smaps_rollup) over the child and all
its descendants (/proc/<pid>/task/*/children), every 0.25 s until 8 samples in a row lie within 512 KiB
(at most 15 s), reports the last sample, and ends the child with a line on its stdin.

Heavy modules: which of requests, keyring, sqlalchemy, fastapi, uvicorn and auth.gateway.gateway are in
`sys.modules` just before `show()` (only the GUI thread has run: this must stay empty), at the first
paint and at the end of the first frame (by then `show()` has started the app's workers, which import
them: `heavy_absent_at_exposure` says whether they were still out). Diagnosis kinds, added to the
interleave: `--window-only`, the app whose `show()` only shows the window and does not start its workers
(the gateway connection and the keychain read): the difference to the app is what the workers' imports,
competing for the GIL, cost the first frame; `--without-kind-parts`, the app with the device kinds' app
parts (app/kinds, loaded by `cli.build_parser()` for their command-line options; since `cli.parse` the
window's command line loads none) left unloaded.

Children run with the bytecode cache in a temporary directory (`PYTHONPYCACHEPREFIX`), never writing to
the repository: an installed app has its .pyc files, and compiling the app's sources on every start
would be a cost of this checkout, not of the app. Bounded: each child has CHILD_TIMEOUT, the whole run
TOTAL_TIMEOUT. It asserts nothing; docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import select
import shutil
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
TOTAL_TIMEOUT = 900.0  # the whole run: whatever is not done by then is cancelled and the script fails
MEMORY_SETTLE_MAX = 15.0  # memory: seconds of sampling, at most, for the sum to settle
MEMORY_SAMPLE_EVERY = 0.25
MEMORY_STABLE_SAMPLES = 8  # settled: this many consecutive samples (2 s) within MEMORY_STABLE_KIB
MEMORY_STABLE_KIB = 512
XVFB_SCREEN = "1920x1080x24"
RESULT_PREFIX = "STARTUP-RESULT "
# What must not be imported before the window's first frame (issue 5: off the path to the first paint).
# Issue 19's policies (auth.client.unattended) are imported lazily, by the factory called after the paint.
HEAVY = (
    "requests",
    "keyring",
    "sqlalchemy",
    "fastapi",
    "uvicorn",
    "trader_login.auth.gateway.gateway",
    "trader_login.auth.client.unattended",
)
# Noise of the offscreen platform, not news (app.gui.ensure_display filters the same for --self-test).
QUIET_STDERR = ("This plugin does not support",)

CHILD = r"""
import time
TOP = time.monotonic()
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

KIND, HEAVY, PREFIX, MODE = sys.argv[1], sys.argv[2].split(","), sys.argv[3], sys.argv[4]
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


class Exposed(QObject):
    # The QWindow's first Expose event that leaves it exposed: under X11, the server has mapped the window
    # and sent Expose, and Qt's xcb plugin has turned that into this event (offscreen: at show()).

    def __init__(self, handle):
        super().__init__(handle)
        self.handle = handle
        handle.installEventFilter(self)

    def eventFilter(self, watched, event):
        if watched is self.handle and event.type() == QEvent.Type.Expose and "expose_event" not in marks:
            if self.handle.isExposed():
                marks["expose_event"] = time.monotonic()
        return False


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
        # A round trip to the window system (xcb: GetInputFocus and its reply), which the X server answers
        # after every request before it, the frame's image among them: the frame is on the server.
        QApplication.sync()
        marks["on_server"] = time.monotonic()
        state["heavy_at_exposure"] = loaded()
        state["modules_at_exposure"] = len(sys.modules)
        state["peak_rss_kib"] = peak_rss_kib()
        state["platform"] = QApplication.platformName()
        if MODE == "memory":
            ready()
        else:
            QApplication.instance().quit()


def ready():
    # Memory mode: says so when the window is up (and, for the app, its embedded gateway), then stays in
    # the event loop until the parent writes a line (or closes stdin).
    from PySide6.QtCore import QSocketNotifier

    def up():
        if KIND != "bare" and not desktop.controller.is_ready:
            QTimer.singleShot(20, up)
            return
        marks["ready"] = time.monotonic()
        print("READY", flush=True)
        notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, QApplication.instance())
        notifier.activated.connect(QApplication.instance().quit)
        state["notifier"] = notifier

    up()


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
    Exposed(window.windowHandle())
    qapp.exec()
else:
    if KIND == "no_kind_parts":  # diagnosis: the command line without the device kinds' app parts
        from trader_login.app import kinds
        from types import MappingProxyType

        kinds._loaded = MappingProxyType({})
        marks["kinds_stubbed"] = time.monotonic()
    from trader_login.app import cli  # what the trader-login console script imports first

    _parser, args = cli.parse([])  # as cli.main parses the window's command line
    from trader_login.app import gui

    marks["app_imported"] = time.monotonic()
    qapp = gui.application()
    # As gui.run builds it: the unattended bundle (issue 19's policies) as a factory, called after the
    # first paint (DesktopApp._start_workers); before issue 19 there is none.
    if hasattr(cli, "unattended_of"):
        desktop = gui.DesktopApp(args, unattended=lambda: cli.unattended_of(args, None))
    else:
        desktop = gui.DesktopApp(args)
    marks["built"] = time.monotonic()
    desktop.window.installEventFilter(FirstFrame(desktop.window))
    state["heavy_before_show"] = loaded()
    if KIND in ("app", "no_kind_parts"):
        desktop.show()
    else:  # window_only: DesktopApp.show() without starting its workers (gateway, keychain)
        desktop.window.show()
        desktop.window.credentials.focus_first_empty()
    marks["shown"] = time.monotonic()
    Exposed(desktop.window.windowHandle())
    qapp.exec()
    desktop.close()
    marks["closed"] = time.monotonic()
    state["peak_rss_exit_kib"] = peak_rss_kib()
state.pop("notifier", None)
print(PREFIX + json.dumps({"marks": marks, **state}), flush=True)
"""


def run_child(kind: str, env: dict[str, str]) -> dict[str, Any]:
    """In the pool's worker: one cold child; its marks relative to the spawn."""
    command = [sys.executable, "-c", CHILD, kind, ",".join(HEAVY), RESULT_PREFIX, "startup"]
    spawn = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
    )
    return child_result(kind, done.returncode, done.stdout, done.stderr, spawn)


def child_result(kind: str, returncode: int, stdout: str, stderr: str, spawn: float) -> dict[str, Any]:
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed ({returncode}): {stderr.strip()[-2000:]}")
    result = json.loads(lines[-1][len(RESULT_PREFIX) :])
    result["ms"] = {name: (at - spawn) * 1000 for name, at in result.pop("marks").items()}
    result["stderr"] = [
        line for line in stderr.splitlines() if line.strip() and not line.startswith(QUIET_STDERR)
    ]
    return result


# --- memory of the whole process tree ----------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/<pid>/task/<tid>/children (every thread's children)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{current}/task/{tid}/children", encoding="ascii") as children:
                    todo.extend(int(child) for child in children.read().split())
            except OSError:
                continue
    return tree


def tree_memory_kib(pid: int) -> dict[str, int]:
    """Rss and Pss summed over the tree (/proc/<pid>/smaps_rollup; kB as the kernel writes them)."""
    total = {"rss_kib": 0, "pss_kib": 0, "processes": 0}
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup", encoding="ascii") as rollup:
                fields = dict(line.split(":", 1) for line in rollup if line[:4] in ("Rss:", "Pss:"))
        except OSError:
            continue  # gone meanwhile
        total["rss_kib"] += int(fields["Rss"].split()[0])
        total["pss_kib"] += int(fields["Pss"].split()[0])
        total["processes"] += 1
    return total


def run_memory_child(kind: str, env: dict[str, str]) -> dict[str, Any]:
    """One cold child kept running: the bare window once its first frame is on the server, the app once
    its embedded gateway is up as well (the controller connected to it); then the tree's memory, sampled
    until it settles (or MEMORY_SETTLE_MAX), then a line on its stdin ends it."""
    command = [sys.executable, "-c", CHILD, kind, ",".join(HEAVY), RESULT_PREFIX, "memory"]
    spawn = time.monotonic()
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        command,
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready_at = wait_for_line(child, "READY", spawn + CHILD_TIMEOUT)
        samples = []
        settled = False
        while time.monotonic() - ready_at < MEMORY_SETTLE_MAX:
            samples.append(tree_memory_kib(child.pid))
            recent = [sample["rss_kib"] for sample in samples[-MEMORY_STABLE_SAMPLES:]]
            if len(recent) == MEMORY_STABLE_SAMPLES and max(recent) - min(recent) <= MEMORY_STABLE_KIB:
                settled = True
                break
            time.sleep(MEMORY_SAMPLE_EVERY)
        settle_s = time.monotonic() - ready_at
        stdout, stderr = child.communicate("quit\n", timeout=CHILD_TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    result = child_result(kind, child.returncode, stdout, stderr, spawn)
    result["memory"] = {**samples[-1], "settled": settled, "settle_s": round(settle_s, 2)}
    return result


def wait_for_line(child: subprocess.Popen[str], wanted: str, deadline: float) -> float:
    assert child.stdout is not None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or child.poll() is not None:
            raise RuntimeError(f"the child did not say {wanted} (exit {child.poll()})")
        readable, _, _ = select.select([child.stdout], [], [], remaining)
        if readable:
            line = child.stdout.readline()
            if line.strip() == wanted:
                return time.monotonic()


# --- Xvfb ---------------------------------------------------------------------------------------------


def xcb_packages_missing() -> list[str]:
    """Debian's names of the libraries Qt's X11 plugin links that this machine lacks (libfoo.so.N is the
    package libfooN, or libfoo-N after a digit), as packaging/build-linux.sh finds them."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    linked = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    ldd = shutil.which("ldd")
    if ldd is None or not all(path.exists() for path in linked):
        return []
    out = subprocess.run([ldd, *map(str, linked)], capture_output=True, text=True, check=False).stdout  # noqa: S603
    packages = set()
    for line in out.splitlines():
        if "=> not found" in line:
            name, _, version = line.split()[0].partition(".so.")
            packages.add(f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}")
    return sorted(packages)


def ensure_xvfb() -> str:
    """Xvfb's path, installing it (and the X11 plugin's libraries) where missing: Debian/Ubuntu as root."""
    missing = ([] if shutil.which("Xvfb") else ["xvfb"]) + xcb_packages_missing()
    if missing:
        apt = shutil.which("apt-get")
        if apt is None or os.geteuid() != 0:
            raise SystemExit(
                f"startup.py: the X server measurement needs {' '.join(missing)}, which this machine lacks. "
                f"Install them (Debian/Ubuntu: sudo apt-get install {' '.join(missing)}; Fedora: sudo dnf "
                "install xorg-x11-server-Xvfb) or run as root on Debian to have them installed, or leave out "
                "the X server: --platforms offscreen."
            )
        print(f"startup.py: installing {' '.join(missing)} (apt-get)", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = [apt, "install", "-y", "-qq", "--no-install-recommends", *missing]
        if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:  # noqa: S603
            subprocess.run([apt, "update", "-qq"], env=env, capture_output=True, check=False)  # noqa: S603
            done = subprocess.run(install, env=env, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                raise SystemExit(f"startup.py: apt-get install {' '.join(missing)} failed:\n{done.stderr}")
    found = shutil.which("Xvfb")
    if found is None:
        raise SystemExit("startup.py: Xvfb is still not on PATH after installing xvfb")
    return found


class Xvfb:
    """An X server of its own on a display it picks itself (-displayfd: the first free one), no TCP, no
    window manager; stopped on exit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process: subprocess.Popen[bytes] | None = None
        self.log: Any = None
        self.display = ""

    def __enter__(self) -> Xvfb:
        xvfb = ensure_xvfb()
        self.log = (self.root / "xvfb.log").open("wb")  # the server's stderr, for its whole life
        read, write = os.pipe()
        try:
            self.process = subprocess.Popen(  # noqa: S603 - the system's Xvfb
                [xvfb, "-displayfd", str(write), "-screen", "0", XVFB_SCREEN, "-nolisten", "tcp", "-noreset"],
                pass_fds=(write,),
                stdout=subprocess.DEVNULL,
                stderr=self.log,
                cwd=self.root,
            )
            os.close(write)
            write = -1
            # The server writes the number, then a newline, once it accepts connections: read both (a
            # pipe closed before the newline would make it exit with "Cannot write display number").
            answer, deadline = b"", time.monotonic() + 20.0
            while not answer.endswith(b"\n") and time.monotonic() < deadline:
                readable, _, _ = select.select([read], [], [], max(deadline - time.monotonic(), 0.0))
                chunk = os.read(read, 64) if readable else b""
                if not chunk:
                    break
                answer += chunk
            number = answer.decode().strip() if answer.endswith(b"\n") else ""
        finally:
            os.close(read)
            if write >= 0:
                os.close(write)
        if not number.isdigit():
            self.__exit__()
            log = (self.root / "xvfb.log").read_text(errors="replace")[-1500:]
            raise SystemExit(f"startup.py: Xvfb did not start:\n{log}")
        self.display = f":{number}"
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()


# --- the run ------------------------------------------------------------------------------------------


def child_env(root: Path, platform_name: str, display: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    env["TRADER_LOGIN_DATA_DIR"] = str(root / "data")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(root / name.lower())
    env["XDG_RUNTIME_DIR"] = str(root / "runtime")  # Qt wants one under X11 (and says so on stderr)
    (root / "runtime").mkdir(mode=0o700, exist_ok=True)
    if platform_name == "offscreen":
        env["QT_QPA_PLATFORM"] = "offscreen"
    elif platform_name == "xvfb":
        env["QT_QPA_PLATFORM"] = "xcb"
        env["DISPLAY"] = display
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("XAUTHORITY", None)
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


def phases(runs: list[dict[str, Any]], kind: str, end: str) -> dict[str, float]:
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
        "on_server": "frame_to_server_ms",
    }
    if end == "on_server":
        order.append("on_server")
    out = {}
    for i, mark in enumerate(order):
        before = order[i - 1] if i else None
        out[names[mark]] = median([r["ms"][mark] - (r["ms"][before] if before else 0.0) for r in runs])
    # When the window system said the window is mapped and exposed (a point inside show → first frame).
    out["expose_event_at_ms"] = median([r["ms"]["expose_event"] for r in runs if "expose_event" in r["ms"]])
    return out


def summary(runs: list[dict[str, Any]], kind: str, end: str) -> dict[str, Any]:
    startup = [r["ms"][end] for r in runs]
    out: dict[str, Any] = {
        "startup_ms_median": median(startup),
        "startup_ms_min": round(min(startup), 1),
        "startup_ms_max": round(max(startup), 1),
        "peak_rss_mib_median": round(statistics.median(r["peak_rss_kib"] for r in runs) / 1024, 1),
        "modules_at_exposure": int(statistics.median(r["modules_at_exposure"] for r in runs)),
        "qt_platform": sorted({r["platform"] for r in runs}),
        "phases_ms_median": phases(runs, kind, end),
    }
    if kind != "bare":
        out["peak_rss_exit_mib_median"] = round(
            statistics.median(r["peak_rss_exit_kib"] for r in runs) / 1024, 1
        )
        out["close_ms_median"] = median([r["ms"]["closed"] - r["ms"][end] for r in runs])
    return out


def heavy_counts(runs: list[dict[str, Any]], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for run in runs:
        for name in run[key]:
            counts[name] = counts.get(name, 0) + 1
    return counts


# What "start-up" ends with on each platform (see the module's docstring).
END_MARK = {"offscreen": "exposed", "display": "exposed", "xvfb": "on_server"}


def compare(runs: dict[str, list[dict[str, Any]]], end: str) -> dict[str, Any]:
    bare, app = runs["bare"], runs["app"]
    ratios = [a["ms"][end] / b["ms"][end] for b, a in zip(bare, app, strict=True)]
    ratio = round(statistics.median(ratios), 3)
    heavy_exposure = heavy_counts(app, "heavy_at_exposure")
    result: dict[str, Any] = {
        "startup_ends_at": end,
        **{kind: summary(kind_runs, kind, end) for kind, kind_runs in runs.items()},
        "ratio_median": ratio,
        "ratio_of_medians": round(
            statistics.median(r["ms"][end] for r in app) / statistics.median(r["ms"][end] for r in bare), 3
        ),
        "ratio_min_max": [round(min(ratios), 3), round(max(ratios), 3)],
        "target_ratio": TARGET_RATIO,
        "ratio_target_met": ratio <= TARGET_RATIO,
        "heavy_imported_before_show": heavy_counts(app, "heavy_before_show"),  # the GUI thread's own path
        "heavy_at_first_paint": heavy_counts(app, "heavy_at_first_paint"),  # runs each was loaded in
        "heavy_at_exposure": heavy_exposure,  # by any thread: the workers start at show()
        "heavy_absent_at_exposure": not heavy_exposure,
        "unexpected_stderr": sorted(
            {line for kind_runs in runs.values() for r in kind_runs for line in r["stderr"]}
        ),
    }
    for diagnosis in ("window_only", "no_kind_parts"):
        if diagnosis in runs:
            result[f"ratio_{diagnosis}_median"] = round(
                statistics.median(
                    w["ms"][end] / b["ms"][end] for b, w in zip(bare, runs[diagnosis], strict=True)
                ),
                3,
            )
    return result


def memory_summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rss_mib_median": round(statistics.median(r["memory"]["rss_kib"] for r in results) / 1024, 1),
        "pss_mib_median": round(statistics.median(r["memory"]["pss_kib"] for r in results) / 1024, 1),
        "processes": sorted({r["memory"]["processes"] for r in results}),
        "all_settled": all(r["memory"]["settled"] for r in results),
        "settle_s_median": round(statistics.median(r["memory"]["settle_s"] for r in results), 2),
        "ready_ms_median": median([r["ms"]["ready"] for r in results]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each kind (default 15)")
    parser.add_argument(
        "--platforms",
        default="offscreen,xvfb",
        help="comma-separated, interleaved with each other: offscreen, xvfb (a real X server of its own, "
        "installed where missing), display (the current one); default offscreen,xvfb",
    )
    parser.add_argument(
        "--memory-runs",
        type=int,
        default=3,
        help="steady-state memory of each kind's whole process tree, on the first platform with a window "
        "system (xvfb or display), else offscreen; 0 leaves it out (default 3)",
    )
    parser.add_argument(
        "--window-only",
        action="store_true",
        help="a third kind in the interleave: the app without starting its workers at show() (diagnosis)",
    )
    parser.add_argument(
        "--without-kind-parts",
        action="store_true",
        help="another kind in the interleave: the app with the device kinds' app parts (app/kinds: the "
        "command line's per-kind options) left unloaded (diagnosis; the parts are loaded by build_parser)",
    )
    parser.add_argument("--display", action="store_true", help="the same as --platforms display")
    options = parser.parse_args()
    platforms = ["display"] if options.display else [name.strip() for name in options.platforms.split(",")]
    for name in platforms:
        if name not in END_MARK:
            parser.error(f"unknown platform {name!r}: offscreen, xvfb or display")
    kinds = [
        "bare",
        "app",
        *(["window_only"] if options.window_only else []),
        *(["no_kind_parts"] if options.without_kind_parts else []),
    ]
    cycle = [(name, kind) for name in platforms for kind in kinds]
    started = time.monotonic()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        root = Path(tmp)
        xvfb = Xvfb(root) if "xvfb" in platforms else None
        with xvfb or _Nothing(), concurrent.futures.ProcessPoolExecutor(max_workers=POOL_WORKERS) as pool:
            envs = {name: child_env(root, name, xvfb.display if xvfb else "") for name in platforms}
            order = cycle * (options.runs + 1)  # interleaved; the first cycle is the warm-up
            futures = [pool.submit(run_child, kind, envs[name]) for name, kind in order]
            results = []
            for future in futures:
                remaining = TOTAL_TIMEOUT - (time.monotonic() - started)
                try:
                    results.append(future.result(timeout=max(remaining, 0.001)))
                except concurrent.futures.TimeoutError:
                    for rest in futures:
                        rest.cancel()
                    raise SystemExit(f"startup.py: not done within {TOTAL_TIMEOUT:.0f} s") from None
            memory_platform = next((name for name in platforms if name != "offscreen"), platforms[0])
            memory_runs = [
                run_memory_child(kind, envs[memory_platform])
                for _ in range(options.memory_runs)
                for kind in ("bare", "app")
                if time.monotonic() - started < TOTAL_TIMEOUT
            ]
    load_after = os.getloadavg()

    measured = results[len(cycle) :]
    result: dict[str, Any] = {
        "benchmark": "startup",
        "python": platform.python_version(),
        "pyside6": pyside_version(),
        "machine": platform.machine(),
        "nproc": os.cpu_count(),
        "runs": options.runs,
        "pool_workers": POOL_WORKERS,
        "loadavg_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "heavy_checked": list(HEAVY),
    }
    for i, name in enumerate(platforms if options.runs else []):  # --runs 0: the warm-up, then memory only
        runs = {kind: measured[i * len(kinds) + j :: len(cycle)] for j, kind in enumerate(kinds)}
        result[name] = compare(runs, END_MARK[name])
    if options.memory_runs:
        result["memory"] = {
            "platform": memory_platform,
            "runs": len(memory_runs) // 2,
            "what": "Rss and Pss from /proc/<pid>/smaps_rollup, summed over the child and its descendants, "
            "once settled (8 samples 0.25 s apart within 512 KiB) after the window is up (the app: and its "
            "embedded gateway)",
            "bare": memory_summary(memory_runs[0::2]),
            "app": memory_summary(memory_runs[1::2]),
        }
    result["elapsed_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, indent=2))


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


if __name__ == "__main__":
    main()
