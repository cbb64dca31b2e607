"""PySide6 6.12.0 on CPython 3.11 drops a reference to True at each `Signal.emit()` and one to None at each
`processEvents()`: a long run (the all-languages screenshots, a day-long session) took a count to zero and
aborted. `gui.application()` gives the three constants references that are never given back."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from trader_login.app import gui

pytestmark = pytest.mark.skipif(
    sys.implementation.name != "cpython" or sys.version_info >= (3, 12),
    reason="None, True and False are immortal from CPython 3.12",
)


class _Emitter(QObject):
    said = Signal(object)


def test_many_emits_and_event_loop_turns_cannot_take_a_constant_to_zero(qapp: object) -> None:
    app = gui.application()
    emitter = _Emitter()
    heard: list[object] = []
    emitter.said.connect(heard.append)
    for _ in range(20_000):
        emitter.said.emit(None)
        app.processEvents()
    assert len(heard) == 20_000
    for constant in (None, True, False):
        assert sys.getrefcount(constant) > 1 << 39
