"""Garbage collection on the GUI thread only.

CPython runs its cycle collector on whichever thread happens to allocate when a generation is due. In a
process with Qt objects and Python threads beside the GUI thread (the embedded gateway's server and
pruner, the worker pool), that thread may be a worker, and collecting the wrapper of a `QObject` left in a
reference cycle there runs `QObject::~QObject` off its thread. PySide's destructor then waits for the GIL
while holding Qt's signal-slot mutex, and a GUI thread that holds the GIL and connects a signal waits for
that mutex: the process hangs (seen once in a stress run, docs/stress.md "Issue 19"). So while a Qt
application lives, the automatic collector is off and the GUI thread collects what is due, by the same
thresholds CPython uses, from a timer (`install`) and, in a test process, after each test (the pytest
plugin calls `collect_due`).

Kept Qt-free at import: the pytest plugin loads it in every test process, with or without PySide6.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

# How often the GUI thread looks at the collector's counts: a look costs a microsecond, and what piles up
# between two looks is collected in one go.
INTERVAL_MS = 500
TIMER_NAME = "traderLoginCollector"

_holding = False


@dataclass
class _Oldest:
    """CPython's own brake on full collections, kept here since its counters are not exposed: a full
    collection waits until the objects moved into the oldest generation since the last one (`pending`)
    are more than a quarter of what it held then (`total`). A full collection of the desktop app with its
    embedded gateway takes tens of milliseconds on the GUI thread; with the brake it stays rare however
    long the app runs."""

    total: int = 0
    pending: int = 0


_oldest = _Oldest()
FULL_GROWTH = 4  # a full collection once the oldest generation grew by more than 1/FULL_GROWTH


def hold() -> None:
    """Turns the automatic collector off for good in this process: from now on only `collect_due` (or a
    `gc.collect()`) collects, on the thread that calls it. Idempotent."""
    global _holding
    gc.disable()
    _holding = True


def holding() -> bool:
    """Whether `hold` took the collector (and nothing turned it back on since)."""
    return _holding and not gc.isenabled()


def due_generation() -> int | None:
    """The generation CPython's own collector would collect now by the counts (the oldest one whose
    threshold they have reached), or None when none is due."""
    thresholds, counts = gc.get_threshold(), gc.get_count()
    due = None
    for generation, (count, threshold) in enumerate(zip(counts, thresholds, strict=False)):
        if threshold <= 0 or count < threshold:
            break
        due = generation
    return due


def collect_due() -> int:
    """Collects the generation that is due, if any, on the calling thread (the GUI thread). Returns the
    number of unreachable objects found."""
    generation = due_generation()
    if generation is None:
        return 0
    if generation == 2 and _oldest.pending <= _oldest.total // FULL_GROWTH:
        generation = 1  # the oldest has not grown enough: the middle one, as CPython would
    if generation == 0:
        return gc.collect(0)
    if generation == 1:
        # What survives moves to the oldest generation: counted from the young ones' sizes, cheap to read.
        young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        found = gc.collect(1)
        _oldest.pending += max(young - found, 0)
        return found
    found = gc.collect(2)
    _oldest.total, _oldest.pending = len(gc.get_objects(2)), 0
    return found


def install(app: Any) -> None:
    """Holds the collector and has the GUI thread of `app` (a QCoreApplication) collect from a timer, as
    long as `app` lives. Idempotent: a second call on the same application does nothing more."""
    from PySide6.QtCore import QTimer

    hold()
    if app.findChild(QTimer, TIMER_NAME) is not None:
        return
    timer = QTimer(app)  # lives on the application's thread: the GUI thread
    timer.setObjectName(TIMER_NAME)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(collect_due)
    timer.start()
