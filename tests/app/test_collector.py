"""Cycles are collected on the GUI thread only (app/collector.py): a QObject finalised by the collector on a
gateway or worker thread can deadlock PySide (docs/stress.md, issue 19's hang)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer

from trader_login.app import collector


class Cycle:
    """A reference cycle holding a QObject, as a closed window's slot and its owner leave one; records the
    thread that finalises it."""

    def __init__(self, finalised_on: list[str]) -> None:
        self.finalised_on = finalised_on
        self.qobject = QObject()
        self.me = self

    def __del__(self) -> None:
        self.finalised_on.append(threading.current_thread().name)


def allocate_on_a_worker() -> None:
    """Leaves cyclic garbage on another thread, as the gateway's server and pruner do: enough to make every
    generation of the automatic collector due several times over."""

    def churn() -> None:
        for _ in range(50_000):
            garbage: list[object] = []
            garbage.append(garbage)

    worker = threading.Thread(target=churn, name="gateway-like-worker")
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()


HAZARD = """
import gc, sys, threading
from PySide6.QtCore import QObject
sys.path.insert(0, sys.argv[1])
from test_collector import Cycle, allocate_on_a_worker

gc.collect()
finalised_on = []
Cycle(finalised_on)
allocate_on_a_worker()
print(finalised_on)
"""


def test_without_the_hold_a_worker_thread_finalises_the_qobject_cycle() -> None:
    """The hazard, shown in a process of its own with CPython's automatic collector (and proof that these
    tests' worker really makes the collector run)."""
    shown = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", HAZARD, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert shown.stdout.strip() == "['gateway-like-worker']", shown.stderr


def test_while_held_only_the_gui_thread_collects_and_it_collects_what_is_due() -> None:
    collector.hold()
    assert collector.holding()
    assert not gc.isenabled()
    finalised_on: list[str] = []
    Cycle(finalised_on)
    allocate_on_a_worker()
    assert finalised_on == []  # the worker allocated plenty: the collector did not run there
    assert collector.due_generation() is not None
    collector.collect_due()
    assert finalised_on == [threading.main_thread().name]


def test_the_application_holds_the_collector_and_its_timer_collects_on_the_gui_thread(qapp, qtbot) -> None:
    from trader_login.app.gui import application

    gc.enable()  # as in a process where nothing held it before
    assert application() is qapp
    assert not gc.isenabled()
    application()  # twice, as each window of a test does: still one timer
    timers = [timer for timer in qapp.findChildren(QTimer) if timer.objectName() == collector.TIMER_NAME]
    assert len(timers) == 1
    assert timers[0].isActive()
    finalised_on: list[str] = []
    Cycle(finalised_on)
    allocate_on_a_worker()  # garbage enough to make a collection due, made off the GUI thread
    qtbot.waitUntil(lambda: finalised_on != [], timeout=60_000)
    assert finalised_on == [threading.main_thread().name]


class FakeCollector:
    """gc's thresholds, counts, generations' sizes and collections, as the collector sees them."""

    def __init__(self, counts: tuple[int, int, int], oldest_size: int = 100_000, found: int = 0) -> None:
        self.counts, self.oldest_size, self.found = counts, oldest_size, found
        self.collected: list[int | str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
        monkeypatch.setattr(gc, "get_count", lambda: self.counts)
        monkeypatch.setattr(gc, "get_objects", lambda generation=None: [None] * self.oldest_size)
        monkeypatch.setattr(gc, "collect", self.collect)
        monkeypatch.setattr(gc, "freeze", lambda: self.collected.append("freeze"))

    def collect(self, generation: int = 2) -> int:
        self.collected.append(generation)
        return self.found


def generations(monkeypatch: pytest.MonkeyPatch, **counted: int | None) -> collector.Generations:
    state = collector.Generations(**counted)
    monkeypatch.setattr(collector, "_generations", state)
    return state


@pytest.mark.parametrize(
    ("counts", "counted", "due"),
    [
        ((0, 0, 0), {}, None),
        ((699, 99, 99), {"middle": 100_000, "pending": 100_000, "total": 0}, None),
        ((700, 0, 0), {}, 0),
        ((700, 50, 50), {"middle": 6_299}, 0),  # CPython's count of collections is not what paces it here
        ((700, 0, 0), {"middle": 6_300}, 1),  # 7 000 objects moved into the middle generation, or about to
        ((7_000, 0, 0), {}, 1),  # a look that finds ten times the young threshold: as CPython's ten
        ((700, 0, 9), {"middle": 6_300, "pending": 10**6, "total": 0}, 1),
        ((700, 0, 10), {"middle": 6_300}, 2),  # the first time: the base is counted (collect_due)
        ((700, 0, 10), {"middle": 6_300, "pending": 25_000, "total": 100_000}, 1),  # grown by a quarter only
        ((700, 0, 10), {"middle": 6_300, "pending": 25_001, "total": 100_000}, 2),
    ],
)
def test_the_due_generation_follows_cpythons_policy_counted_in_objects(
    monkeypatch, counts, counted, due
) -> None:
    generations(monkeypatch, **counted)
    FakeCollector(counts).install(monkeypatch)
    assert collector.due_generation() == due


def test_each_collection_moves_its_survivors_up_as_cpythons_would(monkeypatch) -> None:
    state = generations(monkeypatch, total=100_000)
    fake = FakeCollector((1_000, 0, 0), oldest_size=100_000, found=100)
    fake.install(monkeypatch)

    assert collector.collect_due() == 100
    assert fake.collected == [0]
    assert state == collector.Generations(middle=900, pending=0, total=100_000)

    state.middle = 6_500  # the middle generation is due with this look's 1 000
    collector.collect_due()
    assert fake.collected == [0, 1]
    assert state == collector.Generations(middle=0, pending=7_400, total=100_000)

    fake.counts = (1_000, 0, 10)
    state.middle, state.pending = 6_500, 30_000  # the oldest grew by more than a quarter
    fake.oldest_size = 90_000  # what it holds after its collection
    collector.collect_due()
    assert fake.collected == [0, 1, 2]
    assert state == collector.Generations(middle=0, pending=0, total=90_000)


def test_the_first_time_the_oldest_is_due_what_it_holds_is_the_base(monkeypatch) -> None:
    """Held after start-up: the oldest generation's modules and classes are the base a quarter is grown
    from, not growth (a full collection at once would scan them all on the GUI thread)."""
    state = generations(monkeypatch)
    fake = FakeCollector((700, 0, 10), oldest_size=80_000, found=5)
    fake.install(monkeypatch)
    state.middle, state.pending = 6_300, 50_000
    assert collector.collect_due() == 5
    assert fake.collected == [1]
    assert state == collector.Generations(middle=0, pending=6_995, total=80_000)


def test_settling_collects_the_young_and_freezes_everything_once(monkeypatch) -> None:
    """The app started: what it built lives as long as it, frozen, not scanned by every full collection
    after (85 ms of the GUI thread in the desktop app with its gateway)."""
    state = generations(monkeypatch, middle=4_000, pending=9_000, total=50_000)
    monkeypatch.setattr(collector, "_settled", False)
    fake = FakeCollector((300, 0, 3))
    fake.install(monkeypatch)
    collector.settle()
    assert fake.collected == [1, "freeze"]
    assert state == collector.Generations(middle=0, pending=0, total=0)
    collector.settle()  # a second app in the same process (a test's): nothing more
    assert fake.collected == [1, "freeze"]


def test_after_settling_a_full_collection_scans_what_came_after(monkeypatch) -> None:
    state = generations(monkeypatch, middle=6_300, pending=1, total=0)
    fake = FakeCollector((700, 0, 10), oldest_size=3_000)
    fake.install(monkeypatch)
    collector.collect_due()
    assert fake.collected == [2]
    assert state == collector.Generations(middle=0, pending=0, total=3_000)


def test_trader_login_settles_once_connected(qapp, monkeypatch, sls_gateway, tmp_path) -> None:
    """`gui.run` (what `trader-login` runs) freezes what it built once the window is connected; a test's
    window (`DesktopApp` alone) does not: a test process keeps its heap collectable."""
    from trader_login.app import gui
    from trader_login.app.driving import NullKeychain, wait_until
    from trader_login.auth.kdf import TEST_LIMITS

    settled: list[bool] = []
    monkeypatch.setattr(collector, "settle", lambda: settled.append(True))
    made: list[gui.DesktopApp] = []

    class OnTheTestGateway(gui.DesktopApp):
        def __init__(self, args: Any, **options: Any) -> None:
            clock = sls_gateway.clock
            super().__init__(
                args,
                keychain=NullKeychain(),
                kdf_limits=TEST_LIMITS,
                data_dir=tmp_path / "app",
                clock=clock.monotonic,
                wall_clock=clock,
                **options,
            )
            made.append(self)

    def exec_until_connected(*_args: Any) -> int:  # the event loop, until the window is connected
        wait_until(lambda: made[0].controller.is_ready, "the connection")
        assert settled == [True]
        return 0

    monkeypatch.setattr(gui, "DesktopApp", OnTheTestGateway)
    monkeypatch.setattr(type(qapp), "exec", exec_until_connected)
    options = ["--gateway", sls_gateway.url, "--fingerprint", sls_gateway.fingerprint, "--lang", "en"]
    gui.run(gui.build_args([*options, "--no-usb-keys"]))
    assert settled == [True]

    alone = OnTheTestGateway(gui.build_args([*options, "--no-usb-keys"]))
    alone.show()
    wait_until(lambda: alone.controller.is_ready, "the connection")
    assert settled == [True]  # no more
    alone.close()
    alone.dispose()


def test_the_timer_turns_a_collector_turned_back_on_off_again(qapp, caplog) -> None:
    from trader_login.app.gui import application

    application()
    gc.enable()  # a library or a test that should not have
    with caplog.at_level("WARNING", logger="trader_login.app.collector"):
        collector._look()
    assert not gc.isenabled()
    assert "turned back on" in caplog.text


def test_release_gives_the_collector_back_unless_a_qt_application_collects(monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(f"collect({generation})") or 0)
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    monkeypatch.setattr(collector, "_holding", True)
    monkeypatch.setattr(collector, "_installed", True)
    collector.release()
    assert calls == []  # the application's timer collects, for as long as it lives
    monkeypatch.setattr(collector, "_installed", False)
    collector.release()
    assert calls == ["collect(2)", "enable"]  # what is left is collected here first
    collector.release()
    assert calls == ["collect(2)", "enable"]  # once


def test_collection_off_does_nothing(monkeypatch) -> None:
    generations(monkeypatch)
    fake = FakeCollector((10_000, 100, 100))
    fake.install(monkeypatch)
    monkeypatch.setattr(gc, "get_threshold", lambda: (0, 10, 10))  # gc.set_threshold(0): collection off
    assert collector.due_generation() is None
    assert collector.collect_due() == 0
    assert fake.collected == []


def test_a_testers_sls_gateway_test_leaves_its_cycles_to_the_main_thread(tmp_path: Path) -> None:
    """In a tester's own repository: a test with `sls_gateway` holds the collector, and the plugin collects
    after the test, on the main thread."""
    (tmp_path / "test_cycles.py").write_text(
        textwrap.dedent(
            """
            import gc
            import threading

            FINALISED_ON = []


            class Cycle:
                def __init__(self):
                    self.me = self

                def __del__(self):
                    FINALISED_ON.append(threading.current_thread().name)


            def churn():
                for _ in range(50_000):
                    garbage = []
                    garbage.append(garbage)


            def test_a_gateway_test_leaves_a_cycle(sls_gateway):
                assert not gc.isenabled()
                Cycle()
                worker = threading.Thread(target=churn, name="worker")
                worker.start()
                worker.join()
                assert FINALISED_ON == []


            def test_the_cycle_went_on_the_main_thread_and_the_collector_is_given_back():
                assert FINALISED_ON == [threading.main_thread().name]
                assert gc.isenabled()  # no window made a Qt application: CPython's own again


            def test_a_window_test_leaves_a_cycle(login_window):
                assert not gc.isenabled()
                FINALISED_ON.clear()
                Cycle()
                worker = threading.Thread(target=churn, name="worker")
                worker.start()
                worker.join()
                assert FINALISED_ON in ([], [threading.main_thread().name])  # the timer's look


            def test_after_a_window_the_collector_stays_held_and_collected_on_the_main_thread():
                assert FINALISED_ON == [threading.main_thread().name]
                assert not gc.isenabled()  # the Qt application lives on, with its QObjects
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_cycles.py"],
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
