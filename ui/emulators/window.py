"""The Device emulators window (SPEC §8): one tab per emulated device and one for the Client Services desk,
built from the services the composition root passes in. It polls only while shown, and joins its worker
threads when closed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from trader_login.ui.emulators.cards_tab import CardsTab
from trader_login.ui.emulators.common import POLL_MS
from trader_login.ui.emulators.desk_tab import ClientServicesTab
from trader_login.ui.emulators.dscplus_tab import DscPlusTab
from trader_login.ui.emulators.ibkey_tab import IbKeyTab
from trader_login.ui.emulators.phone_tab import PhoneTab
from trader_login.ui.emulators.services import DeviceEntry, EmulatorServices
from trader_login.ui.tasks import TaskRunner

JOIN_TIMEOUT_MS = 15_000  # the phone link's own timeouts end any request well before this


class EmulatorsWindow(QWidget):
    """Tabs "DSC+", "IB Key phone", "Phone", "Cards", "Client Services". `poll_ms` is how often the phone
    tabs ask the gateway for news while the window is shown; `clock` is the DSC+'s monotonic clock."""

    def __init__(
        self,
        services: EmulatorServices,
        *,
        clock: Callable[[], float] = time.monotonic,
        poll_ms: int = POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emulatorsWindow")
        self.services = services
        self.tasks = TaskRunner(self)
        self._entries: list[DeviceEntry] = []
        self._shelf_task: int | None = None
        self._show_card_after_refresh: Path | None = None

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("emulatorTabs")
        self.dscplus_tab = DscPlusTab(clock=clock, parent=self.tabs)
        self.ibkey_tab = IbKeyTab(services.phone_link, self.tasks, self.tabs, poll_ms=poll_ms)
        self.phone_tab = PhoneTab(services.outbox, self.tasks, self.tabs, poll_ms=poll_ms)
        self.cards_tab = CardsTab(services.desk, self.tasks, self.tabs)
        self.desk_tab = ClientServicesTab(services.desk, self.tasks, self.tabs)
        tabs = (self.dscplus_tab, self.ibkey_tab, self.phone_tab, self.cards_tab, self.desk_tab)
        names = ("dscplusTab", "ibkeyTab", "phoneTab", "cardsTab", "deskTab")
        for tab, name in zip(tabs, names, strict=True):
            tab.setObjectName(name)  # testers pick a tab by name, not by its translated title
            self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)

        self.desk_tab.online_card_issued.connect(self._online_card_issued)
        self.retranslate()
        self.resize(720, 640)
        self.refresh_devices()
        self.desk_tab.load_users()

    @property
    def entries(self) -> list[DeviceEntry]:
        return list(self._entries)

    def refresh_devices(self) -> None:
        """Re-reads the device shelf on a worker and hands each tab its devices."""
        if self._shelf_task is not None:
            self.tasks.cancel(self._shelf_task)
        self._shelf_task = self.tasks.run(
            self.services.shelf.entries, on_done=self._set_entries, on_error=self._shelf_failed
        )

    def _set_entries(self, entries: list[DeviceEntry]) -> None:
        self._shelf_task = None
        self._entries = list(entries)
        for tab in (self.dscplus_tab, self.ibkey_tab, self.phone_tab, self.cards_tab):
            tab.set_entries(self._entries)
        if self._show_card_after_refresh is not None:
            self.cards_tab.picker.select_path(self._show_card_after_refresh)
            self._show_card_after_refresh = None

    def _shelf_failed(self, error: BaseException) -> None:
        self._shelf_task = None
        self.dscplus_tab.message.error(
            self.tr("The device files could not be read ({kind}).").format(kind=type(error).__name__)
        )

    def _online_card_issued(self, entry: DeviceEntry) -> None:
        self._show_card_after_refresh = entry.path
        self.refresh_devices()

    def show_tab(self, name: str) -> None:
        """Brings a tab forward: "dscplus", "ibkey", "phone", "cards" or "desk"."""
        tabs = {
            "dscplus": self.dscplus_tab,
            "ibkey": self.ibkey_tab,
            "phone": self.phone_tab,
            "cards": self.cards_tab,
            "desk": self.desk_tab,
        }
        self.tabs.setCurrentWidget(tabs[name])

    # -- life cycle ---------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._entries and self._shelf_task is None:
            self.refresh_devices()  # closed before the shelf was read: read it now
        self.ibkey_tab.start()
        self.phone_tab.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._stop_polls()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _stop_polls(self) -> None:
        self.ibkey_tab.stop()
        self.phone_tab.stop()
        self.dscplus_tab.stop()

    def shutdown(self) -> bool:
        """Stops polling, drops every late reply and joins the workers. The window can be shown again."""
        self._stop_polls()
        self.tasks.cancel_all()
        self._shelf_task = None
        self.desk_tab.stop()
        self.cards_tab.stop()
        return self.tasks.wait(JOIN_TIMEOUT_MS)

    # -- text ---------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Device emulators"))
        titles = (
            self.tr("DSC+"),
            self.tr("IB Key phone"),
            self.tr("Phone"),
            self.tr("Cards"),
            self.tr("Client Services"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
