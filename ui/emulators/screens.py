"""Screenshots of the emulators window, one PNG per tab (`emulators-<tab>.png`), for the docs.

The gateway side (a demo gateway and a few logins to fill the tabs) is in `app.emulator_services`:
`python -m trader_login.app.emulator_services --screenshots docs/screenshots`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from trader_login.ui.emulators.window import EmulatorsWindow


def settle(until: Callable[[], bool] = lambda: False, timeout: float = 1.0) -> bool:
    """Runs the event loop until `until()` holds or `timeout` seconds pass; returns `until()`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return until()


def capture(
    window: EmulatorsWindow, directory: Path, prepare: Callable[[str], None] | None = None
) -> list[Path]:
    """Brings each tab forward (`window.tab_names`), lets `prepare(tab)` stage it, and saves the window as
    `directory/emulators-<tab>.png`. Returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in window.tab_names:
        window.show_tab(name)
        if prepare is not None:
            prepare(name)
        settle(timeout=0.3)
        path = directory / f"emulators-{name}.png"
        if not window.grab().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        written.append(path)
    return written
