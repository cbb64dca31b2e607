"""Garbage collection on the GUI thread only.

CPython runs its cycle collector on whichever thread happens to allocate when a generation is due. In a
process with Qt objects and Python threads beside the GUI thread (the embedded gateway's server and
pruner, the worker pool), that thread may be a worker, and collecting the wrapper of a `QObject` left in a
reference cycle there runs `QObject::~QObject` off its thread. PySide's destructor then waits for the GIL
while holding Qt's signal-slot mutex, and a GUI thread that holds the GIL and connects a signal waits for
that mutex: the process hangs (seen once in a stress run, docs/stress.md "Issue 19"). So while a Qt
application lives, the automatic collector is off and the GUI thread collects what is due, from a timer
(`install`) and, in a test process, after each test (the pytest plugin calls `collect_due`).

What is due follows CPython's own policy, counted in objects rather than in collections (CPython collects
the young generation every 700 allocations; here a look may find many times that): the young generation
when it holds `threshold0` objects, the middle one once `threshold0 * threshold1` objects have moved into it,
the oldest once `threshold2` middle collections have run and what moved into it since its last collection
is more than a quarter of what it held then. So each collection stays as small as CPython's would. Once the
desktop app has started (its gateway connected), what it has built is frozen (`settle`): a full collection
of the whole heap of the app with its embedded gateway would cost about 85 ms of the GUI thread.

Kept Qt-free at import: the pytest plugin loads it in every test process, with or without PySide6.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# How often the GUI thread looks at the counts: a look costs microseconds. What piles up between two looks
# is collected in one go: while a worker imports the embedded gateway (about 150 000 objects in 2-3 s), a
# tenth of a second keeps each collection to a few milliseconds.
INTERVAL_MS = 100
TIMER_NAME = "traderLoginCollector"
FULL_GROWTH = 4  # the oldest generation is collected once it grew by more than 1/FULL_GROWTH

_holding = False
_installed = False  # a Qt application's timer collects: held for good
_settled = False


@dataclass
class Generations:
    """What CPython keeps to pace its collections and does not expose, counted here."""

    middle: int = 0  # objects moved into the middle generation since its last collection
    pending: int = 0  # objects moved into the oldest generation since its last collection
    total: int | None = None  # what the oldest held after its last collection (None: not counted yet)


_generations = Generations()


def hold() -> None:
    """Turns the automatic collector off for good in this process: from now on only `collect_due` (or a
    `gc.collect()`) collects, on the thread that calls it. Idempotent."""
    global _holding
    gc.disable()
    _holding = True


def release() -> None:
    """Gives the collector back to CPython, after collecting here, unless a Qt application's timer
    collects (`install`: held for as long as the application lives, which is the process's life)."""
    global _holding
    if not _holding or _installed:
        return
    gc.collect()
    _holding = False
    gc.enable()


def holding() -> bool:
    """Whether `hold` took the collector (and nothing turned it back on since)."""
    return _holding and not gc.isenabled()


def due_generation() -> int | None:
    """The oldest generation due for a collection now, or None (thresholds of 0: collection off)."""
    young, middle, oldest = gc.get_threshold()
    allocated = gc.get_count()[0]  # tracked objects allocated less those freed since the last collection
    if young <= 0 or allocated < young:
        return None
    if _generations.middle + allocated < young * max(middle, 1):
        return 0
    if oldest <= 0 or gc.get_count()[2] < oldest:  # fewer middle collections than CPython waits for
        return 1
    if _generations.total is None:
        return 2  # the first time: the base is counted (collect_due)
    return 2 if _generations.pending > _generations.total // FULL_GROWTH else 1


def collect_due() -> int:
    """Collects the generation that is due, if any, on the calling thread (the GUI thread). Returns the
    number of unreachable objects found."""
    generation = due_generation()
    if generation is None:
        return 0
    if generation == 2 and _generations.total is None:
        # The first time: what the oldest generation holds (start-up's modules and classes, collected by
        # CPython's own collector before the hold) is the base a quarter is grown from, not growth.
        _generations.total, _generations.pending = len(gc.get_objects(2)), 0
        generation = 1
    allocated = gc.get_count()[0]
    found = gc.collect(generation)
    if generation == 0:
        _generations.middle += max(allocated - found, 0)
    elif generation == 1:
        _generations.pending += max(_generations.middle + allocated - found, 0)
        _generations.middle = 0
    else:
        _generations.middle = _generations.pending = 0
        _generations.total = len(gc.get_objects(2))
    return found


def settle() -> None:
    """The app has built what it keeps for its life (its modules and classes, its windows, the embedded
    gateway): the young generations are collected and everything is frozen (`gc.freeze`), so that a full
    collection afterwards scans only what came after, a few milliseconds of the GUI thread instead of the
    85 ms of the whole heap. Once per process (later calls do nothing), and only while holding."""
    global _settled
    if _settled or not holding():
        return
    _settled = True
    gc.collect(1)
    gc.freeze()
    _generations.middle = _generations.pending = _generations.total = 0


def install(app: Any) -> None:
    """Holds the collector and has the GUI thread of `app` (a QCoreApplication) collect from a timer, as
    long as `app` lives. Idempotent: a second call on the same application does nothing more."""
    from PySide6.QtCore import QTimer

    global _installed
    hold()
    _installed = True
    if app.findChild(QTimer, TIMER_NAME) is not None:
        return
    timer = QTimer(app)  # lives on the application's thread: the GUI thread
    timer.setObjectName(TIMER_NAME)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(_look)
    timer.start()


def _look() -> None:
    """The timer's look. Something that turned the automatic collector back on (a library, a test's
    `gc.enable()`) is said and undone: on again, it would collect on whichever thread allocates."""
    if _holding and gc.isenabled():
        log.warning("the garbage collector was turned back on; turned off again (app/collector.py)")
        gc.disable()
    collect_due()
