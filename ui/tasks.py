"""Runs blocking work (network, keychain, KDF) off the GUI thread and hands the result back on it.

    tasks = TaskRunner(parent)
    tasks.run(lambda: client.fetch(), on_done=show, on_error=complain)

`on_done` / `on_error` are called on the GUI thread. A task's result is dropped when the task was
cancelled (`cancel(id)`, `cancel_all()`) or the runner shut down: late replies never reach a closed page.

A `Ceremony` is a step that holds a device on this computer while it runs (a security key waiting for its
touch): the controller runs it on a worker like any step, and it can be cancelled (a `threading.Event` the
device call watches) and ask the trader something on the way (a PIN) through a thread-safe hand-over.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow

log = logging.getLogger(__name__)

ANSWER_POLL_SECONDS = 0.1  # how often a worker waiting for an answer looks whether it was cancelled
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits into it and Qt queues the call over to that thread."""

    finished = Signal(int, bool, object)


class _Task(QRunnable):
    def __init__(self, task_id: int, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._id = task_id
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:
            self._relay.finished.emit(self._id, False, error)
        else:
            self._relay.finished.emit(self._id, True, result)
        finally:
            self._work = _nothing  # drop references (and any secret captured) as soon as possible


def _nothing() -> None:
    return None


class TaskRunner(QObject):
    """A small thread pool of its own, so shutting one window down waits for that window's work only."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}
        self._closed = False

    def run(
        self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None
    ) -> int:
        """Queues `work` on a worker; returns the task id (for `cancel`)."""
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        task_id = next(self._ids)
        self._pending[task_id] = (on_done, on_error)
        self._pool.start(_Task(task_id, work, self._relay))
        return task_id

    def cancel(self, task_id: int) -> None:
        """Its result will be dropped (the work itself runs to its end: a request is not interruptible)."""
        self._pending.pop(task_id, None)

    def cancel_all(self) -> None:
        self._pending.clear()

    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self, timeout_ms: int = 10_000, *, drop_queued: bool = True) -> bool:
        """Drops every pending result and waits for the running tasks (and, unless `drop_queued`, for the
        queued ones: a last word to the gateway). True if all ended in time."""
        self._closed = True
        self._pending.clear()
        if drop_queued:
            self._pool.clear()
        return self._pool.waitForDone(timeout_ms)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Waits for the tasks running now (tests, benchmarks); results are still delivered afterwards."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        callbacks = self._pending.pop(task_id, None)
        if callbacks is None:
            return  # cancelled, or the runner shut down
        on_done, on_error = callbacks
        if ok:
            if on_done is not None:
                on_done(payload)
        elif on_error is not None:
            on_error(payload)  # type: ignore[arg-type]
        else:
            log.error("A background task failed: %s", type(payload).__name__)


class _Answer:
    """One question's hand-over: the worker waits on `ready`; the GUI thread (or a cancel) sets `value`."""

    def __init__(self) -> None:
        self.ready = threading.Event()
        self.value: object = None

    def __repr__(self) -> str:
        return f"_Answer(ready={self.ready.is_set()})"  # never the value: it may be a PIN


class Ceremony(QObject):
    """A login step that holds a device of this computer while it runs: `work(flow, ceremony, keys)` runs on
    a worker (the controller's), `keys` being what the controller was given to reach the devices with (the
    app's security keys). Make it on the GUI thread.

    - `cancelled` is the `threading.Event` the device call watches; `cancel()` (GUI thread) sets it and
      releases a question waiting for its answer with None.
    - `ask(question)` (worker) shows `question` to the trader (`asked`, on the GUI thread) and blocks until
      `answer(value)` (GUI thread) or a cancel (None). `tell(news)` (worker) passes news on (`told`, on the
      GUI thread) without waiting. Neither logs or keeps the answer after handing it over.
    - `withdraw()` (any thread; the client's ceremony calls it through its `KeyPrompt.withdraw`): the
      question waiting in `ask` is no longer needed (another key answered, the deadline passed): `ask` returns
      None at once and `withdrawn` (GUI thread) takes the question off the screen. The ceremony goes on (it
      is not a cancel); with no question waiting it does nothing (nothing is remembered for a later one).
    - `ended` (GUI thread): the work returned or failed; `running` is False from then on.
    """

    asked = Signal(object)  # a question the worker waits on
    told = Signal(object)  # news from the worker; nothing awaited
    withdrawn = Signal()  # the question on screen is no longer needed
    ended = Signal()

    _asked_on_worker = Signal(object)
    _told_on_worker = Signal(object)
    _withdrawn_on_worker = Signal()

    def __init__(
        self, work: Callable[[LoginFlow, Ceremony, Any], Any], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.cancelled = threading.Event()
        self._work = work
        self._lock = threading.Lock()
        self._waiting: _Answer | None = None
        self.running = False
        self.question: object = None  # the question on screen (GUI thread), None once answered
        # Emitted on the worker, delivered on this object's (the GUI) thread: queued by Qt.
        self._asked_on_worker.connect(self._deliver_question)
        self._told_on_worker.connect(self._deliver_news)
        self._withdrawn_on_worker.connect(self._deliver_withdrawal)

    def __repr__(self) -> str:
        return f"Ceremony(running={self.running}, cancelled={self.cancelled.is_set()})"

    # --- the worker's side ---------------------------------------------------------------------------------

    def run(self, flow: LoginFlow, keys: Any) -> Any:
        return self._work(flow, self, keys)

    def ask(self, question: object) -> object:
        """Blocks the worker until the trader answers `question` (None: cancelled, or no answer)."""
        waiting = _Answer()
        with self._lock:
            if self.cancelled.is_set():
                return None
            self._waiting = waiting
        self._asked_on_worker.emit(question)
        # Released by `answer`, by `cancel`, or by the `cancelled` event set elsewhere (the flow's own
        # cancel sets it): looked at a few times a second, so a cancelled ceremony never keeps a worker.
        while not waiting.ready.wait(ANSWER_POLL_SECONDS):
            if self.cancelled.is_set():
                with self._lock:
                    if self._waiting is waiting:
                        self._waiting = None
                return None
        value, waiting.value = waiting.value, None
        return value

    @property
    def waiting(self) -> bool:
        """A question waits for the trader's answer (the worker is blocked in `ask`)."""
        return self._waiting is not None

    def tell(self, news: object) -> None:
        if not self.cancelled.is_set():
            self._told_on_worker.emit(news)

    def withdraw(self) -> bool:
        """Any thread, never blocks: releases the question waiting in `ask` with None and takes it off the
        screen (`withdrawn`); the ceremony goes on. False (nothing done, nothing remembered) when none
        waits."""
        with self._lock:
            waiting, self._waiting = self._waiting, None
        if waiting is None:
            return False
        waiting.ready.set()  # with None
        with contextlib.suppress(RuntimeError):  # the ceremony's QObject is gone: nothing shows it any more
            self._withdrawn_on_worker.emit()
        return True

    # --- the GUI thread's side -----------------------------------------------------------------------------

    def answer(self, value: object) -> bool:
        """Hands `value` to the worker waiting in `ask`; False if nothing waits (answered, cancelled)."""
        with self._lock:
            waiting, self._waiting = self._waiting, None
        self.question = None
        if waiting is None:
            return False
        waiting.value = value
        waiting.ready.set()
        return True

    def cancel(self) -> None:
        with self._lock:
            self.cancelled.set()
            waiting, self._waiting = self._waiting, None
        self.question = None
        if waiting is not None:
            waiting.ready.set()  # with None

    def finish(self) -> None:
        """The work returned (or never started): called by the controller on the GUI thread."""
        self.running = False
        self.cancel()  # a question left open has nobody to wait for it any more
        self.ended.emit()

    @Slot()
    def _deliver_withdrawal(self) -> None:
        with self._lock:
            if self._waiting is not None:
                return  # a new question came meanwhile: it shows
        self.question = None
        self.withdrawn.emit()

    @Slot(object)
    def _deliver_news(self, news: object) -> None:
        if not self.cancelled.is_set():
            self.told.emit(news)

    @Slot(object)
    def _deliver_question(self, question: object) -> None:
        with self._lock:
            if self._waiting is None:
                return  # cancelled meanwhile
        self.question = question
        self.asked.emit(question)
