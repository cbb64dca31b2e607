"""The IB Key as the emulators play it: the phone app's tab (ui.emulators.ibkey_tab), for both of its pages
(the notification and "Authenticate")."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication

from trader_login.ui.emulators.ibkey_tab import IbKeyTab
from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, ScreenshotDemo, TabContext


def _build(context: TabContext) -> IbKeyTab:
    link = context.services.phone_link
    return IbKeyTab(context.kinds, link, context.tasks, context.parent, poll_ms=context.poll_ms)


def _screenshot(tab: Any, demo: ScreenshotDemo) -> None:
    """A notification waiting with its three numbers, one picked (number matching), and a response
    generated."""
    tab.picker.select_user("ibkeyuser")
    threading.Thread(target=demo.log_in, args=("ibkeyuser",), daemon=True).start()
    demo.settle(lambda: tab.notifications.count() > 0, 30)
    tab.challenge_edit.setText("31415926")
    tab.generate()
    if tab.number_buttons[0].isVisible():
        tab.number_buttons[0].click()  # picked: Approve enabled (not sent, it may not be the login's)
    else:
        tab.approve_button.click()


TAB = EmulatorTab(
    "ibkey",
    lambda: QCoreApplication.translate("EmulatorsWindow", "IB Key phone"),
    _build,
    _screenshot,
)

EMULATOR_KIND = EmulatorKind(
    "ibkey",
    lambda: QCoreApplication.translate("Emulators", "IB Key"),
    TAB,
)
