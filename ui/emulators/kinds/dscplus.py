"""The DSC+ as the emulators play it: its own tab, a handset with a keypad (ui.emulators.dscplus_tab)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.dscplus_tab import DscPlusTab
from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, ScreenshotDemo, TabContext


def _build(context: TabContext) -> DscPlusTab:
    return DscPlusTab(context.kinds, clock=context.clock, parent=context.parent)


def _screenshot(tab: Any, _demo: ScreenshotDemo) -> None:
    """The PIN typed, a challenge typed: the response on the display."""
    tab.picker.select_user("dscuser")
    tab.press_button_clicked()
    for key in "1234":
        tab.press_key(key)
    tab.press_ok()
    for key in "482915":
        tab.press_key(key)
    tab.press_ok()


TAB = EmulatorTab(
    "dscplus",
    lambda: QCoreApplication.translate("EmulatorsWindow", "DSC+"),
    _build,
    _screenshot,
)

EMULATOR_KIND = EmulatorKind(
    "dscplus",
    lambda: QCoreApplication.translate("Emulators", "DSC+"),
    TAB,
)
