"""What the emulators window asks of every device tab (one tab per emulator part, ui.emulators.kinds): its
device picker and message line, and the hooks for showing, hiding, closing and following the login. The
defaults do nothing, so a tab overrides only what it has (a poll, a mark, a login to expect)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from trader_login.ui.emulators.common import DevicePicker, MessageLine
from trader_login.ui.emulators.services import DeviceEntry

if TYPE_CHECKING:
    from trader_login.ui.emulators.follow import LoginNeed


class DeviceTab(QWidget):
    """A tab that plays one or more device kinds. Subclasses set `picker` and `message` in `__init__`."""

    waitingChanged = Signal()  # what `waiting()` says changed (the window re-marks the tab)

    picker: DevicePicker
    message: MessageLine

    def set_entries(self, entries: Sequence[DeviceEntry]) -> None:
        """The shelf's devices; the picker keeps those of this tab's kinds."""
        self.picker.set_entries(entries)

    def load_device_file(self, path: str) -> bool:
        """What "Open device file…" does once a file is chosen; False (and a message) if it is refused."""
        return self.picker.load_file(path) is not None

    def waiting(self) -> str:
        """What waits on this device, for the tab's mark ("" when nothing does)."""
        return ""

    def follow(self, need: LoginNeed | None) -> None:
        """The login in this app needs `need` now (None: nothing), before its device is selected."""

    def poll_now(self) -> None:
        """The login in this app just asked something of this device: look at once, if the tab looks."""

    def start(self) -> None:
        """The window is shown."""

    def stop(self) -> None:
        """The window is hidden: timers and polls stop."""

    def shutdown(self) -> None:
        """The window closed and dropped every reply on its way: forget what waited for one."""
        self.stop()
