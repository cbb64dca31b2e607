"""The temporary passcode: no device to emulate (Client Services issues it, on the desk tab, which is not a
kind's tab), so no tab of its own; a login waiting for one brings the desk forward, where the passcode is."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind

DESK_TAB = "desk"  # the window's own Client Services tab

EMULATOR_KIND = EmulatorKind(
    "temp_passcode",
    lambda: QCoreApplication.translate("Emulators", "Temporary passcode"),
    tab=None,  # no device file, no picker: the desk shows the passcode it issued
    forward=DESK_TAB,
)
