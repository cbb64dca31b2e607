"""The Online Security Code Card: printed from the portal, shown on the Cards tab beside the mailed card."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind
from trader_login.ui.emulators.kinds.card import TAB

EMULATOR_KIND = EmulatorKind(
    "online-card",
    lambda: QCoreApplication.translate("Emulators", "Online Security Code Card"),
    TAB,
)
