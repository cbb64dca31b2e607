"""The Security Code Card as the emulators show it: the Cards tab (ui.emulators.cards_tab), which the Online
Security Code Card shares (kinds/online_card.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.cards_tab import CardsTab
from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, ScreenshotDemo, TabContext


def _build(context: TabContext) -> CardsTab:
    return CardsTab(context.kinds, context.services.desk, context.tasks, context.parent)


def _screenshot(tab: Any, _demo: ScreenshotDemo) -> None:
    """An online card, with its activation."""
    tab.picker.select_user("onlineuser")


TAB = EmulatorTab(
    "cards",
    lambda: QCoreApplication.translate("EmulatorsWindow", "Cards"),
    _build,
    _screenshot,
)

EMULATOR_KIND = EmulatorKind(
    "card",
    lambda: QCoreApplication.translate("Emulators", "Security Code Card"),
    TAB,
)
