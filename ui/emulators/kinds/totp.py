"""The authenticator app (TOTP) as the emulators play it: the Authenticator tab (ui.emulators.totp_tab), the
user's current code and the enrolment QR code. Its devices are known by "Trader Login: <account>"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, ScreenshotDemo, TabContext
from trader_login.ui.emulators.totp_tab import TotpTab


def _build(context: TabContext) -> TotpTab:
    return TotpTab(context.kinds, wall_clock=context.wall_clock, parent=context.parent)


def _screenshot(tab: Any, _demo: ScreenshotDemo) -> None:
    """totpuser's code and the enrolment QR code (the setup key stays hidden)."""
    tab.picker.select_user("totpuser")


def _login_device(_challenge: Any, _device: Any) -> None:
    # The gateway's device id (TOTP-…) is not what the app shows ("Trader Login: totpuser"), and a user has
    # one authenticator: the picker selects the user's.
    return None


TAB = EmulatorTab(
    "totp",
    lambda: QCoreApplication.translate("EmulatorsWindow", "Authenticator"),
    _build,
    _screenshot,
)

EMULATOR_KIND = EmulatorKind(
    "totp",
    lambda: QCoreApplication.translate("Emulators", "Authenticator app"),
    TAB,
    login_device=_login_device,
)
