"""The authenticator app (TOTP) as the emulators play it: the Authenticator tab (ui.emulators.totp_tab),
the user's current code and the enrolment QR code."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, TabContext
from trader_login.ui.emulators.totp_tab import TotpTab


def _build(context: TabContext) -> TotpTab:
    return TotpTab(context.kinds, wall_clock=context.wall_clock, parent=context.parent)


TAB = EmulatorTab(
    "totp",
    lambda: QCoreApplication.translate("EmulatorsWindow", "Authenticator"),
    _build,
)

EMULATOR_KIND = EmulatorKind(
    "totp",
    lambda: QCoreApplication.translate("Emulators", "Authenticator"),
    TAB,
)
