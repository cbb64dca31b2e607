"""Runs blocking work (network, keychain, KDF) off the GUI thread and hands the result back on it.

    tasks = TaskRunner(parent)
    tasks.run(lambda: client.fetch(), on_done=show, on_error=complain)

`on_done` / `on_error` are called on the GUI thread. A task's result is dropped when the task was
cancelled (`cancel(id)`, `cancel_all()`) or the runner shut down: late replies never reach a closed page.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

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
