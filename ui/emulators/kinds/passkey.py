"""The virtual security key's emulator part (issue 18). Placeholder while the kind is being built."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind

EMULATOR_KIND = EmulatorKind(
    "passkey", lambda: QCoreApplication.translate("Emulators", "Security key"), tab=None
)
