"""The security key (passkey) as the emulators play it: the Security key tab (ui.emulators.security_key_tab),
a virtual FIDO2 key per device file, the very key the login's ceremony uses (`EmulatorServices.security_key`):
its Touch answers the login window. Its devices are known by the key's `ident` ("Virtual security key …")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, ScreenshotDemo, TabContext
from trader_login.ui.emulators.security_key_tab import SecurityKeyTab


def _build(context: TabContext) -> SecurityKeyTab:
    return SecurityKeyTab(
        context.kinds, context.tasks, live_key=context.services.security_key, parent=context.parent
    )


def _screenshot(tab: Any, _demo: ScreenshotDemo) -> None:
    """passkeyuser's key with its registered passkey listed."""
    tab.picker.select_user("passkeyuser")


def _login_device(_challenge: Any, _device: Any) -> None:
    # The gateway's device id (PK-…) names the registered credential's row, not the key the emulators show;
    # the picker selects the user's key (and the tab the one that waits for a touch).
    return None


TAB = EmulatorTab(
    "securityKey",
    lambda: QCoreApplication.translate("EmulatorsWindow", "Security key"),
    _build,
    _screenshot,
)

EMULATOR_KIND = EmulatorKind(
    "passkey",
    lambda: QCoreApplication.translate("Emulators", "Security key"),
    TAB,
    login_device=_login_device,
)
