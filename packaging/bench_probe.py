"""PyInstaller runtime hook of the benchmark builds only (`benchmarks/bundle.py` sets
TRADER_LOGIN_BUNDLE_PROBE=1 when it runs the spec; the shipped bundle does not contain it).

Inert unless BUNDLE_BENCH_RESULT names a file. Then it reads the monotonic clock first, and swaps
PySide6's QApplication for a subclass that filters every event: at the first Paint of a top-level
window whose QWindow is exposed it queues a zero timer, and when that fires (the first frame painted
and flushed) it writes {"top": ..., "exposed": ...} (CLOCK_MONOTONIC seconds) to the file and quits
the event loop. The same hook goes into the app and the baseline, so both pay the same for it.
"""

import os
import time

_RESULT = os.environ.get("BUNDLE_BENCH_RESULT")

if _RESULT:
    _TOP = time.monotonic()
    import json

    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstFrame(QObject):
        def __init__(self, app):
            super().__init__(app)
            self._app = app
            self._painted = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if (
                not self._painted
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QtWidgets.QWidget)
                and watched.isWindow()
            ):
                handle = watched.windowHandle()
                if handle is not None and handle.isExposed():
                    self._painted = True
                    QTimer.singleShot(0, self._done)
            return False

        def _done(self):
            with open(_RESULT, "w", encoding="utf-8") as out:
                json.dump({"top": _TOP, "exposed": time.monotonic()}, out)
            self._app.quit()

    class _ProbedApplication(QtWidgets.QApplication):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._first_frame = _FirstFrame(self)
            self.installEventFilter(self._first_frame)

    QtWidgets.QApplication = _ProbedApplication
