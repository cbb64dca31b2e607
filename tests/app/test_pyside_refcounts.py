"""PySide6 6.12.0 on CPython 3.11 drops a reference to True at each `Signal.emit()` and one to None at each
`processEvents()`: a long session (or the all-languages screenshots) took a count to zero and aborted with
"bool_dealloc"/"none_dealloc". pyproject.toml keeps that release out where the constants are not immortal;
this holds the installed PySide6 to it, so an upgrade that brings the leak back fails here, not in a
trader's afternoon."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Signal

pytestmark = pytest.mark.skipif(
    sys.implementation.name != "cpython" or sys.version_info >= (3, 12),
    reason="None, True and False are immortal from CPython 3.12: a lost reference cannot free them",
)

TURNS = 200


class _Emitter(QObject):
    said = Signal(object)
    flag = Signal(bool)


@pytest.mark.usefixtures("qapp")
def test_emitting_and_turning_the_event_loop_keep_every_reference_to_none_true_and_false() -> None:
    emitter = _Emitter()
    heard: list[object] = []
    emitter.said.connect(heard.append)
    emitter.flag.connect(heard.append)
    before = {
        name: sys.getrefcount(value) for name, value in (("None", None), ("True", True), ("False", False))
    }
    for _ in range(TURNS):
        emitter.said.emit(None)
        emitter.flag.emit(True)
        emitter.flag.emit(False)
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents()
    heard.clear()
    after = {
        name: sys.getrefcount(value) for name, value in (("None", None), ("True", True), ("False", False))
    }
    # Other code may take or give back a few references meanwhile; a leak loses one per call, TURNS at least.
    lost = {name: before[name] - after[name] for name in before if before[name] - after[name] >= TURNS // 2}
    assert not lost, f"PySide6 loses references: {lost} over {TURNS} turns"
