"""A DSC+ login through the real login window: credentials → second-factor latency beyond the KDF, and the
longest GUI-thread stall, as JSON.

    .venv/bin/python benchmarks/login.py [--logins K] [--gateway embedded|process|both] [--sample-stacks]
                                          [--display]

The app is `trader_login.app.gui.DesktopApp`, built as `trader-login` builds it (the keychain replaced by the
self-test's `NullKeychain`, the data in a temporary directory), and driven by its widgets: `dscuser` and
the demo password typed into the credentials page, Log In clicked, the DSC+ response computed by the
emulator's model from the demo device file (PIN, then the challenge read from the page) typed and
submitted, and the session window's Log Out clicked. K measured logins per gateway after one warm-up
login. The gateway is one of, in turn:

- `embedded`: what `trader-login` runs without arguments, the in-process `app.embedded.EmbeddedGateway`
  (uvicorn and the gateway's service in this process, so its modular exponentiations take this process's
  GIL);
- `process`: `sls-gateway serve --demo --data-dir DIR` in a separate process, the app given `--gateway URL
  --fingerprint SHA256` as it prints them.

Both seed the demo users on their first start with the production KDF cost, so each login's Argon2id is
the real one (64 MiB, 3 passes, 4 lanes; the parameters are reported as the gateway sent them).

(a) Latency: from the Log In click to the first paint of the second-factor page's challenge label (the
SECOND_FACTOR view rendered and on screen). The KDF is timed twice: inline, around the client's own
`harden_password` call of each login (a timing wrapper on `auth.srp.harden_password`), and separately,
`auth.kdf.harden_password` with the same parameters on an idle GUI, 7 times after the warm-up and 7 times
after the logins. "Beyond the KDF" is latency minus the separate median (and, as a check, minus each
login's own inline KDF time): the HTTPS round trips, the SRP arithmetic on both sides, the gateway's work
and the window's rendering.

(b) Stall: a 5 ms `QTimer` (PreciseTimer) on the GUI thread records `perf_counter()` at every tick; a
stall is a gap between ticks minus the 5 ms interval. The GUI thread waits in Qt's event loop throughout
(a `QEventLoop` quit by the awaited view or paint, no polling with sleeps). A login runs from the Log In
click to the session window's first paint; the time the benchmark itself spends computing the DSC+
response (the trader's device) is left out; the Log Out is reported on its own.

Garbage collections: every collection in this process is logged with its generation and thread
(`gc.callbacks`): `gc_collections` counts them by generation from show() to the last logout, `gc_longest_ms`
is the longest, `gc_off_gui_thread` how many ran on another thread (none should: the app collects on the
GUI thread only, app/collector.py); a collection that overlaps a stall is named among its causes.

Causes: every modular exponentiation (the built-in `pow` as srptools and `auth.srp` call it) and every
KDF call in this process is timed with its thread and caller, and the five longest stalls of the logins
(and the three longest while the app starts its gateway, show() to ready) are matched with those that
overlap them. A pow holds the GIL from start to end; Argon2id releases it. `--sample-stacks` adds a
watchdog thread that records every thread's innermost frames each 2 ms (it needs the GIL itself, so it
sees a thread that held the GIL only once it lets go, and it perturbs what it measures: off by default).

The modules are imported from bytecode cached under the system's temporary directory
(`trader-login-bench-pycache`), as an installed app imports them, whatever PYTHONDONTWRITEBYTECODE says:
compiling the gateway stack from source on the worker would hold the GIL far longer than its import does.
The first run fills that cache. The gateways keep their default rate limit (60 counted requests a minute
per address; a login's start and proof count), so a run has at most 29 logins per gateway.

docs/performance.md records the results.
"""

# ruff: noqa: E402 - the bytecode settings below must come before the app's imports

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# Imports as an installed app does them, from bytecode (PYTHONDONTWRITEBYTECODE would have the workers
# compile every module of the gateway stack from source, holding the GIL), without writing to the repo.
sys.dont_write_bytecode = False
sys.pycache_prefix = str(Path(tempfile.gettempdir()) / "trader-login-bench-pycache")

import srptools.context
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

import trader_login.auth.modexp
import trader_login.auth.srp
from trader_login.app import cli, gui, toolkit
from trader_login.app.driving import NullKeychain
from trader_login.auth import kdf
from trader_login.auth.client.views import Stage
from trader_login.auth.devices import files
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD

USER = "dscuser"
TICK_MS = 5
TARGET_STALL_MS = 50.0
CAUSE_THRESHOLD_MS = 15.0  # counted per run
KDF_ROUNDS = 7
MAX_LOGINS = 29  # + the warm-up: 2 x 30 = 60 counted requests, the default rate limit's minute
TIMEOUT = 180.0  # a first start seeds ten users with the production KDF; never reached when things work


# --- what runs in this process while the GUI waits --------------------------------------------------------


class WorkLog:
    """Intervals of modular exponentiation and KDF calls in this process, with thread and caller."""

    def __init__(self) -> None:
        self.intervals: list[tuple[float, float, str, str, str]] = []  # start, end, kind, thread, caller
        self._lock = threading.Lock()
        self.kdf_params: kdf.KdfParams | None = None

    def install(self) -> None:
        builtin_pow = pow
        log = self

        def timed_pow(base: int, exponent: int, modulus: int | None = None) -> int:
            start = time.perf_counter()
            result = builtin_pow(base, exponent, modulus)
            log.add(start, time.perf_counter(), "pow", _caller())
            return result

        srptools.context.pow = timed_pow  # module globals: what srptools and trader_login.auth.srp call
        trader_login.auth.srp.pow = timed_pow
        # Since issue 17 auth.srp computes its exponentiations with auth.modexp.powmod (GMP): timed too.
        modexp_powmod = trader_login.auth.modexp.powmod

        def timed_powmod(base: int, exponent: int, modulus: int) -> int:
            start = time.perf_counter()
            result = modexp_powmod(base, exponent, modulus)
            log.add(start, time.perf_counter(), "pow", _caller())
            return result

        trader_login.auth.modexp.powmod = timed_powmod
        harden = trader_login.auth.srp.harden_password

        def timed_harden(
            password: str, params: kdf.KdfParams, limits: kdf.KdfLimits = kdf.DEFAULT_LIMITS
        ) -> str:
            log.kdf_params = params
            start = time.perf_counter()
            result = harden(password, params, limits)
            log.add(start, time.perf_counter(), "kdf", "trader_login.auth.srp.SrpClient.respond")
            return result

        trader_login.auth.srp.harden_password = timed_harden
        # Every garbage collection, with its generation and thread: the app collects on the GUI thread only
        # (app/collector.py), so a long one is a stall of its own.
        started: dict[int, float] = {}

        def collection(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started[threading.get_ident()] = time.perf_counter()
            elif (start := started.pop(threading.get_ident(), None)) is not None:
                log.add(start, time.perf_counter(), f"gc{info['generation']}", "gc")

        gc.callbacks.append(collection)

    def add(self, start: float, end: float, kind: str, caller: str) -> None:
        with self._lock:
            self.intervals.append((start, end, kind, threading.current_thread().name, caller))

    def between(self, start: float, end: float) -> list[tuple[float, float, str, str, str]]:
        with self._lock:
            return [i for i in self.intervals if i[0] < end and i[1] > start]


def _caller() -> str:
    frame = sys._getframe(2)
    return f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}"


class StackSampler(threading.Thread):
    """Every thread's innermost frames every 2 ms (it must hold the GIL to look: it sees a thread that
    held the GIL for long only once that thread lets go, still at the line that held it)."""

    def __init__(self) -> None:
        super().__init__(name="stack-sampler", daemon=True)
        self.samples: list[tuple[float, dict[str, str]]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        me = threading.get_ident()
        while not self._halt.wait(0.002):
            names = {t.ident: t.name for t in threading.enumerate()}
            now = time.perf_counter()
            sample = {}
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                sample[names.get(ident, str(ident))] = _stack(frame)
            self.samples.append((now, sample))

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def between(self, start: float, end: float) -> list[tuple[float, dict[str, str]]]:
        return [s for s in self.samples if start <= s[0] <= end]


def _stack(frame: Any, depth: int = 4) -> str:
    parts = []
    while frame is not None and len(parts) < depth:
        parts.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    return " < ".join(parts)


# --- the GUI thread's ticks -------------------------------------------------------------------------------


class StallMonitor(QObject):
    """A 5 ms timer on the GUI thread; the gaps between its ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[tuple[float, float]] = []  # (previous tick, this tick)
        self._last: float | None = None

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def skip(self) -> None:
        """The benchmark's own work on the GUI thread (the trader's device) is not the app's stall."""
        self._last = time.perf_counter()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append((self._last, now))
        self._last = now

    def stalls(self, start: float, end: float) -> list[tuple[float, float, float]]:
        """(stall ms, gap start, gap end) for the gaps that ended inside [start, end]."""
        return [((b - a) * 1000 - TICK_MS, a, b) for a, b in self.gaps if start < b <= end]


# --- driving the window -----------------------------------------------------------------------------------


class PaintProbe(QObject):
    """Remembers the first Paint event of each watched widget since `arm()`."""

    def __init__(self, on_event: Callable[[], None]) -> None:
        super().__init__()
        self.painted: dict[str, float] = {}
        self._on_event = on_event

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def arm(self) -> None:
        self.painted.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and watched.objectName() not in self.painted:
            self.painted[watched.objectName()] = time.perf_counter()
            self._on_event()
        return False


class Bench:
    """One DesktopApp and the trader's moves, each awaited in Qt's own event loop."""

    def __init__(self, desktop: gui.DesktopApp, device_file: Path) -> None:
        self.desktop = desktop
        self.window = desktop.window
        self.controller = desktop.controller
        self.device_file = device_file
        self.stage_times: dict[Stage, float] = {}
        self._loop: QEventLoop | None = None
        self._done: Callable[[], bool] = lambda: False
        self.probe = PaintProbe(self._check)
        self.probe.watch(self.window.second_factor.challenge_label)
        self.controller.viewChanged.connect(self._view_changed)  # after the window's own render slot
        self.controller.ready.connect(self._check)

    def _view_changed(self, view: Any) -> None:
        self.stage_times.setdefault(view.stage, time.perf_counter())
        session = self.window.session_window
        if session is not None and session.objectName() not in self.probe.painted:
            self.probe.watch(session)
        self._check()

    def _check(self) -> None:
        if self._loop is not None and self._done():
            self._loop.quit()

    def wait(self, what: str, done: Callable[[], bool]) -> None:
        if done():
            return
        loop = QEventLoop()
        self._loop, self._done = loop, done
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(loop.quit)
        timeout.start(int(TIMEOUT * 1000))
        loop.exec()
        timeout.stop()
        self._loop = None
        if not done():
            view = self.controller.view
            raise RuntimeError(f"timed out waiting for {what} (at {view.stage.name}: {view.message})")

    def dsc_response(self, challenge: str) -> str:
        return toolkit.dsc_response(files.load(self.device_file), challenge)

    def log_in(self, monitor: StallMonitor) -> dict[str, float]:
        """One login and logout; perf_counter marks."""
        page = self.window.credentials
        page.live_button.click()
        page.username_edit.setText(USER)
        page.password_edit.setText(DEMO_PASSWORD)
        self.stage_times.clear()
        self.probe.arm()
        marks = {"click": time.perf_counter()}
        page.login_button.click()
        self.wait(
            "the DSC+ page",
            lambda: Stage.SECOND_FACTOR in self.stage_times and "challengeLabel" in self.probe.painted,
        )
        marks["second_factor_view"] = self.stage_times[Stage.SECOND_FACTOR]
        marks["second_factor_painted"] = self.probe.painted["challengeLabel"]
        view = self.controller.view
        if view.challenge is None or view.challenge.kind != "dscplus":
            raise RuntimeError(f"expected the DSC+ page, got {view.stage.name}: {view.message}")
        challenge = self.window.second_factor.challenge_label.text()
        response = self.dsc_response("".join(c for c in challenge if c.isdigit()))
        monitor.skip()
        marks["answer"] = time.perf_counter()
        self.window.second_factor.response_edit.setText(response)
        self.window.second_factor.submit_button.click()
        self.wait(
            "the session window",
            lambda: Stage.DONE in self.stage_times and "sessionWindow" in self.probe.painted,
        )
        marks["session_view"] = self.stage_times[Stage.DONE]
        marks["session_painted"] = self.probe.painted["sessionWindow"]
        marks["logout"] = time.perf_counter()
        self.window.session_window.logout_button.click()  # type: ignore[union-attr]
        self.wait("the credentials page", lambda: self.controller.view.stage is Stage.CREDENTIALS)
        marks["logged_out"] = time.perf_counter()
        return marks


# --- the gateways -----------------------------------------------------------------------------------------


def unattended(args: Any) -> dict[str, Any]:
    """The window's unattended bundle (issue 19: policies, attempt log, restart keys) as `gui.run` gives it:
    a factory the window calls after its first paint. Its attempt log lives in the app's data directory
    (TRADER_LOGIN_DATA_DIR: `app_data`). None before issue 19: the script measures older commits too."""
    make = getattr(cli, "unattended_of", None)
    return {} if make is None else {"unattended": lambda: make(args, None)}


def as_trader_login_runs(desktop: gui.DesktopApp) -> gui.DesktopApp:
    """What `gui.run` adds to the window: the garbage collector settles once connected (app/collector.py;
    absent before it). Once per process: the second configuration of `--gateway both` runs with the
    first one's start-up frozen."""
    try:
        from trader_login.app import collector
    except ImportError:
        return desktop
    desktop.controller.ready.connect(collector.settle)
    return desktop


def app_data(root: Path) -> Path:
    """The app's data directory, also where the unattended bundle keeps its attempt log."""
    os.environ["TRADER_LOGIN_DATA_DIR"] = str(root / "app")
    return root / "app"


@contextlib.contextmanager
def embedded_app(root: Path) -> Iterator[tuple[gui.DesktopApp, Path]]:
    args = gui.build_args([])
    desktop = gui.DesktopApp(args, keychain=NullKeychain(), data_dir=app_data(root), **unattended(args))
    as_trader_login_runs(desktop)
    try:
        yield desktop, root / "app" / "gateway" / "devices" / f"{USER}-dscplus.json"
    finally:
        desktop.close()


@contextlib.contextmanager
def process_app(root: Path) -> Iterator[tuple[gui.DesktopApp, Path]]:
    data = root / "gateway"
    command = [sys.executable, "-m", "trader_login.auth.gateway", "serve", "--demo", "--data-dir", str(data)]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, cwd=Path(__file__).resolve().parents[1], stdout=subprocess.PIPE, text=True
    )
    try:
        found: dict[str, str] = {}
        assert server.stdout is not None
        for line in server.stdout:
            key, _, value = line.partition(": ")
            found[key] = value.strip()
            if "url" in found and "sha256" in found:
                break
        if "url" not in found:
            raise RuntimeError(f"sls-gateway serve did not start (exit {server.wait()})")
        args = gui.build_args(["--gateway", found["url"], "--fingerprint", found["sha256"]])
        desktop = gui.DesktopApp(args, keychain=NullKeychain(), data_dir=app_data(root), **unattended(args))
        as_trader_login_runs(desktop)
        try:
            yield desktop, data / "devices" / f"{USER}-dscplus.json"
        finally:
            desktop.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- one configuration ------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def stats(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "p90": round(percentile(values, 0.9), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def kdf_ms(params: kdf.KdfParams) -> list[float]:
    samples = []
    for _ in range(KDF_ROUNDS):
        start = time.perf_counter()
        kdf.harden_password(DEMO_PASSWORD, params)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def explain(
    stall: tuple[float, float, float], work: WorkLog, sampler: StackSampler | None, gui_thread: str
) -> dict[str, Any]:
    """What else ran in this process during a stall: timed pow and KDF calls, and sampled stacks."""
    ms, start, end = stall
    found: dict[str, Any] = {"stall_ms": round(ms, 1), "overlapping": []}
    for s, e, kind, thread, caller in work.between(start, end):
        found["overlapping"].append(
            {
                "kind": kind,
                "thread": "GUI" if thread == gui_thread else thread,
                "caller": caller,
                "ms": round((e - s) * 1000, 1),
                "overlap_ms": round((min(e, end) - max(s, start)) * 1000, 1),
            }
        )
    # The KDF releases the GIL (Argon2id in OpenSSL); a modular exponentiation holds it to the end.
    found["cause"] = (
        "; ".join(
            f"pow {o['ms']} ms on {o['thread']} ({o['caller']})"
            for o in found["overlapping"]
            if o["kind"] == "pow" and o["overlap_ms"] >= 1.0
        )
        or "no pow in this process: the GUI thread's own work or another thread's imports (--sample-stacks)"
    )
    if sampler is not None:
        seen: dict[str, int] = {}
        for _at, sample in sampler.between(start, end + 0.003):
            for thread, stack in sample.items():
                key = f"{'GUI' if thread == gui_thread else thread}: {stack}"
                seen[key] = seen.get(key, 0) + 1
        found["stacks_sampled"] = sorted(seen, key=seen.__getitem__, reverse=True)[:8]
    return found


def pow_ms(work: WorkLog, start: float, end: float, side: str) -> float:
    """Time in modular exponentiations in [start, end]: the gateway's (its callers are srptools'
    get_server_* functions) or the client's (everything else)."""
    return sum(
        (e - s) * 1000
        for s, e, kind, _thread, caller in work.between(start, end)
        if kind == "pow" and ("server" in caller) == (side == "gateway")
    )


def run_config(
    name: str, make: Callable[[Path], Any], logins: int, work: WorkLog, sample: bool
) -> dict[str, Any]:
    gui_thread = threading.current_thread().name
    sampler = StackSampler() if sample else None
    with tempfile.TemporaryDirectory(prefix=f"login-bench-{name}-") as tmp, make(Path(tmp)) as made:
        desktop, device_file = made
        bench = Bench(desktop, device_file)
        monitor = StallMonitor()
        monitor.start()
        if sampler is not None:
            sampler.start()
        shown = time.perf_counter()
        desktop.show()
        bench.wait("the gateway", lambda: desktop.controller.is_ready)
        ready = time.perf_counter()
        bench.log_in(monitor)  # warm-up: first connection, first use of every module on the way
        params = work.kdf_params
        assert params is not None
        monitor.stop()
        kdf_before = kdf_ms(params)
        monitor.start()
        rows = []
        for _ in range(logins):
            monitor.skip()
            marks = bench.log_in(monitor)
            login = monitor.stalls(marks["click"], marks["session_painted"])
            logout = monitor.stalls(marks["logout"], marks["logged_out"])
            (kdf_inline,) = [
                (e - s) * 1000
                for s, e, kind, _t, _c in work.between(marks["click"], marks["second_factor_view"])
                if kind == "kdf"
            ]
            to_page = (marks["click"], marks["second_factor_view"])
            rows.append(
                {
                    "latency_ms": (marks["second_factor_painted"] - marks["click"]) * 1000,
                    "latency_view_ms": (marks["second_factor_view"] - marks["click"]) * 1000,
                    "answer_to_session_ms": (marks["session_painted"] - marks["answer"]) * 1000,
                    "kdf_inline_ms": kdf_inline,
                    "pow_client_ms": pow_ms(work, *to_page, "client"),
                    "pow_gateway_ms": pow_ms(work, *to_page, "gateway"),
                    "stalls": login,
                    "stall_max_ms": max(s[0] for s in login),
                    "stall_p99_ms": percentile([s[0] for s in login], 0.99),
                    "logout_stall_max_ms": max((s[0] for s in logout), default=0.0),
                }
            )
        if sampler is not None:
            sampler.stop()
        monitor.stop()
        collections = [i for i in work.between(shown, time.perf_counter()) if i[2].startswith("gc")]
        kdf_after = kdf_ms(params)
        start_up = monitor.stalls(shown, ready)
        worst = sorted((s for r in rows for s in r["stalls"]), reverse=True)[:5]
        worst_explained = [explain(s, work, sampler, gui_thread) for s in worst]
        start_up_explained = [
            explain(s, work, sampler, gui_thread) for s in sorted(start_up, reverse=True)[:3]
        ]
    kdf_separate = statistics.median(kdf_before + kdf_after)
    latency = [r["latency_ms"] for r in rows]
    all_stalls = [s[0] for r in rows for s in r["stalls"]]
    stall_max = max(r["stall_max_ms"] for r in rows)
    return {
        "gateway": name,
        "kdf_params": {k: v for k, v in params.to_dict().items() if k != "salt"},
        "latency_ms": stats(latency),
        "latency_to_view_ms": stats([r["latency_view_ms"] for r in rows]),
        "kdf_separate_ms": {"median": round(kdf_separate, 1), "min": round(min(kdf_before + kdf_after), 1)},
        "kdf_inline_ms": stats([r["kdf_inline_ms"] for r in rows]),
        "beyond_kdf_ms": stats([v - kdf_separate for v in latency]),
        "beyond_own_kdf_ms": stats([r["latency_ms"] - r["kdf_inline_ms"] for r in rows]),
        "pow_client_ms_to_page": round(statistics.median(r["pow_client_ms"] for r in rows), 1),
        "pow_gateway_ms_to_page": round(statistics.median(r["pow_gateway_ms"] for r in rows), 1)
        if name == "embedded"
        else None,  # in its own process: not seen here
        "answer_to_session_ms": stats([r["answer_to_session_ms"] for r in rows]),
        "stall_max_ms": round(stall_max, 1),
        "stall_target_ms": TARGET_STALL_MS,
        "stall_target_met": stall_max < TARGET_STALL_MS,
        "stall_max_per_login_ms": [round(r["stall_max_ms"], 1) for r in rows],
        "stall_p99_per_login_ms": [round(r["stall_p99_ms"], 1) for r in rows],
        "stall_p99_all_ticks_ms": round(percentile(all_stalls, 0.99), 1),
        "stall_median_all_ticks_ms": round(statistics.median(all_stalls), 2),
        "ticks_per_login_median": int(statistics.median(len(r["stalls"]) for r in rows)),
        "stalls_over_15ms": sum(s > CAUSE_THRESHOLD_MS for s in all_stalls),
        "logout_stall_max_ms": round(max(r["logout_stall_max_ms"] for r in rows), 1),
        "worst_stalls_explained": worst_explained,
        # show() to the last logout: how many collections of each generation, the longest, and how many ran
        # off the GUI thread (0: app/collector.py holds the collector)
        "gc_collections": {
            kind: sum(i[2] == kind for i in collections) for kind in sorted({i[2] for i in collections})
        },
        "gc_longest_ms": round(max(((e - s) * 1000 for s, e, *_ in collections), default=0.0), 1),
        "gc_off_gui_thread": sum(i[3] != gui_thread for i in collections),
        "gateway_ready_s": round(ready - shown, 2),  # show() to the flow built (embedded: a first start)
        "gateway_start_stall_max_ms": round(max(s[0] for s in start_up), 1) if start_up else None,
        "gateway_start_worst_stalls_explained": start_up_explained,
    }


def pyside_version() -> str:
    for name in ("PySide6", "PySide6-Essentials", "shiboken6"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            return metadata.version(name)
    return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=10, help="measured logins per gateway (default 10)")
    parser.add_argument("--gateway", choices=("embedded", "process", "both"), default="both")
    parser.add_argument("--sample-stacks", action="store_true", help="sample every thread's stack each 2 ms")
    parser.add_argument("--display", action="store_true", help="use the current display, not offscreen")
    options = parser.parse_args()
    if not 1 <= options.logins <= MAX_LOGINS:
        parser.error(f"--logins must be 1 to {MAX_LOGINS} (the gateway's rate limit; one warm-up login more)")
    if not options.display:
        gui.ensure_display()
    gui.application()
    work = WorkLog()
    work.install()
    configs = {"embedded": embedded_app, "process": process_app}
    names = list(configs) if options.gateway == "both" else [options.gateway]
    load_before = os.getloadavg()
    results = [run_config(n, configs[n], options.logins, work, options.sample_stacks) for n in names]
    result = {
        "benchmark": "login",
        "python": platform.python_version(),
        "pyside6": pyside_version(),
        "machine": platform.machine(),
        "nproc": os.cpu_count(),
        "platform": os.environ.get("QT_QPA_PLATFORM", "(default)"),
        "switch_interval_ms": sys.getswitchinterval() * 1000,
        "logins": options.logins,
        "tick_ms": TICK_MS,
        "sample_stacks": options.sample_stacks,
        "loadavg_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "configs": results,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
