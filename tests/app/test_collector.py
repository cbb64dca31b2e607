"""Cycles are collected on the GUI thread only (app/collector.py): a QObject finalised by the collector on a
gateway or worker thread can deadlock PySide (docs/stress.md, issue 19's hang)."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

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


def test_without_the_hold_a_worker_thread_finalises_the_qobject_cycle() -> None:
    """The hazard, shown (and proof that the next test's worker really makes the collector run)."""
    gc.collect()  # earlier tests' garbage goes here, on the main thread: only this cycle is left
    finalised_on: list[str] = []
    gc.enable()
    try:
        Cycle(finalised_on)
        allocate_on_a_worker()
    finally:
        collector.hold()
    assert finalised_on == ["gateway-like-worker"]


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

    assert application() is qapp
    application()  # twice, as each window of a test does: still one timer
    assert not gc.isenabled()
    timers = [timer for timer in qapp.findChildren(QTimer) if timer.objectName() == collector.TIMER_NAME]
    assert len(timers) == 1
    assert timers[0].isActive()
    finalised_on: list[str] = []
    Cycle(finalised_on)
    allocate_on_a_worker()  # garbage enough to make a collection due, made off the GUI thread
    qtbot.waitUntil(lambda: finalised_on != [], timeout=60_000)
    assert finalised_on == [threading.main_thread().name]


@pytest.mark.parametrize(
    ("counts", "due"),
    [
        ((0, 0, 0), None),
        ((699, 9, 9), None),
        ((700, 0, 0), 0),
        ((5_000, 9, 10), 0),
        ((700, 10, 0), 1),
        ((700, 10, 10), 2),
        ((699, 10, 10), None),  # an older generation is due only once the younger ones are
    ],
)
def test_the_due_generation_follows_cpythons_thresholds(monkeypatch, counts, due) -> None:
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(gc, "get_count", lambda: counts)
    assert collector.due_generation() == due


class FakeCollector:
    """gc's counts, generations and collections, as collect_due sees them."""

    def __init__(self, counts: tuple[int, int, int], sizes: dict[int, int], found: int) -> None:
        self.counts, self.sizes, self.found = counts, sizes, found
        self.collected: list[int] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
        monkeypatch.setattr(gc, "get_count", lambda: self.counts)
        monkeypatch.setattr(gc, "get_objects", lambda generation=None: [None] * self.sizes[generation])
        monkeypatch.setattr(gc, "collect", self.collect)

    def collect(self, generation: int = 2) -> int:
        self.collected.append(generation)
        return self.found


def test_a_full_collection_waits_until_the_oldest_generation_grew_by_a_quarter(monkeypatch) -> None:
    """CPython's brake, kept: due by the counts is not enough for a full collection (tens of milliseconds
    on the GUI thread); what the middle generation's collections moved up must be more than a quarter of
    what the oldest held after the last full one."""
    monkeypatch.setattr(collector, "_oldest", collector._Oldest(total=100_000, pending=0))
    fake = FakeCollector((700, 10, 10), {0: 15_000, 1: 5_000, 2: 100_000}, found=4_000)
    fake.install(monkeypatch)

    assert collector.collect_due() == 4_000
    assert fake.collected == [1]  # the oldest has not grown: the middle generation instead
    assert collector._oldest.pending == 16_000  # 20 000 young objects, 4 000 of them garbage, moved up

    collector._oldest.pending = 25_000  # exactly a quarter: still not
    collector.collect_due()
    assert fake.collected == [1, 1]

    collector._oldest.pending = 25_001
    fake.sizes[2] = 120_000  # after the full collection
    collector.collect_due()
    assert fake.collected == [1, 1, 2]
    assert collector._oldest == collector._Oldest(total=120_000, pending=0)


def test_the_young_generations_are_collected_whenever_due(monkeypatch) -> None:
    monkeypatch.setattr(collector, "_oldest", collector._Oldest(total=100_000, pending=0))
    fake = FakeCollector((700, 3, 10), {0: 900, 1: 0, 2: 100_000}, found=10)
    fake.install(monkeypatch)
    collector.collect_due()
    assert fake.collected == [0]
    assert collector._oldest.pending == 0  # a young collection moves nothing to the oldest generation


def test_collection_off_does_nothing(monkeypatch) -> None:
    monkeypatch.setattr(gc, "get_threshold", lambda: (0, 10, 10))  # gc.set_threshold(0): collection off
    monkeypatch.setattr(gc, "get_count", lambda: (10_000, 100, 100))
    assert collector.due_generation() is None
    assert collector.collect_due() == 0


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


            def test_the_cycle_went_on_the_main_thread():
                assert FINALISED_ON == [threading.main_thread().name]
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_cycles.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
