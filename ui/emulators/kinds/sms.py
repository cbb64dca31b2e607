"""The SMS phone as the emulators play it: the Phone tab (ui.emulators.phone_tab), texts and voice calls. A
phone is known by its masked number, which is also what the login's page shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, ScreenshotDemo, TabContext
from trader_login.ui.emulators.phone_tab import PhoneTab


def _build(context: TabContext) -> PhoneTab:
    services = context.services
    return PhoneTab(context.kinds, services.outbox, context.tasks, context.parent, poll_ms=context.poll_ms)


def _screenshot(tab: Any, demo: ScreenshotDemo) -> None:
    """A text, then a call answered and its code heard."""
    tab.picker.select_user("smsuser")
    flow = demo.log_in("smsuser")
    demo.settle(lambda: tab.inbox.count() > 0, 30)
    demo.advance(31)  # the resend delay (R10), without waiting it
    flow.resend_code("voice")
    demo.settle(lambda: tab.inbox.count() > 1, 30)
    tab.answer()
    demo.settle(lambda: len(tab.heard_code) == 4, 30)


TAB = EmulatorTab(
    "phone",
    lambda: QCoreApplication.translate("EmulatorsWindow", "Phone"),
    _build,
    _screenshot,
)

EMULATOR_KIND = EmulatorKind(
    "sms",
    lambda: QCoreApplication.translate("Emulators", "Phone"),
    TAB,
    login_device=lambda challenge, device: (
        challenge.masked_number or (device.id if device is not None else None)
    ),
)
