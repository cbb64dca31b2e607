"""The Device emulators window (SPEC §8): one tab per emulated device and one for the Client Services desk,
built from the services the composition root passes in. It polls only while shown, and joins its worker
threads when closed.

It follows the login of this app (`follow_login`, fed by the composition root): the user's device is
selected on every tab that has one, and the tab that needs the trader comes forward. A tab with something
waiting — the login's challenge, a notification, a ringing call, unread texts — has a marked title.
While the device files and the desk's users load, the tabs are disabled under a "Loading" note; the
window's dynamic property "loading" turns False (and `ready` is emitted) once they are in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from trader_login.auth.client.views import LoginView, Stage
from trader_login.ui.emulators.cards_tab import CardsTab
from trader_login.ui.emulators.common import POLL_MS, RecentFolder
from trader_login.ui.emulators.desk_tab import ClientServicesTab
from trader_login.ui.emulators.dscplus_tab import DscPlusTab
from trader_login.ui.emulators.follow import LoginNeed, need_of
from trader_login.ui.emulators.ibkey_tab import IbKeyTab
from trader_login.ui.emulators.phone_tab import PhoneTab
from trader_login.ui.emulators.services import DeviceEntry, EmulatorServices
from trader_login.ui.tasks import TaskRunner

JOIN_TIMEOUT_MS = 15_000  # the phone link's own timeouts end any request well before this


class EmulatorsWindow(QWidget):
    """Tabs "DSC+", "IB Key phone", "Phone", "Cards", "Client Services". `poll_ms` is how often the phone
    tabs ask the gateway for news while the window is shown; `clock` is the DSC+'s monotonic clock;
    `settings` keeps the folder "Open device file…" last used (across restarts)."""

    ready = Signal()  # the devices and the desk's users are in: the window is usable

    def __init__(
        self,
        services: EmulatorServices,
        *,
        clock: Callable[[], float] = time.monotonic,
        poll_ms: int = POLL_MS,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emulatorsWindow")
        self.services = services
        self.tasks = TaskRunner(self)
        self._entries: list[DeviceEntry] = []
        self._shelf_task: int | None = None
        self._show_card_after_refresh: Path | None = None
        self._loading = {"devices", "users"}  # what is still on its way before the window is usable
        self._need: LoginNeed | None = None  # what the login in this app needs from the emulators
        self._need_applied = True
        self._refreshed_for: LoginNeed | None = None
        self._reading_users = False

        self.loading_label = QLabel(self)
        self.loading_label.setObjectName("emulatorsLoadingLabel")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("emulatorTabs")
        self.dscplus_tab = DscPlusTab(clock=clock, parent=self.tabs)
        self.ibkey_tab = IbKeyTab(services.phone_link, self.tasks, self.tabs, poll_ms=poll_ms)
        self.phone_tab = PhoneTab(services.outbox, self.tasks, self.tabs, poll_ms=poll_ms)
        self.cards_tab = CardsTab(services.desk, self.tasks, self.tabs)
        self.desk_tab = ClientServicesTab(services.desk, self.tasks, self.tabs)
        # The one table of tabs: show_tab's names, in order, with the testers' object names.
        self._tabs: dict[str, QWidget] = {
            "dscplus": self.dscplus_tab,
            "ibkey": self.ibkey_tab,
            "phone": self.phone_tab,
            "cards": self.cards_tab,
            "desk": self.desk_tab,
        }
        for name, tab in self._tabs.items():
            tab.setObjectName(f"{name}Tab")  # testers pick a tab by name, not by its translated title
            tab.setProperty("waiting", False)
            self.tabs.addTab(tab, "")
        recent = RecentFolder(settings)
        for tab in (self.dscplus_tab, self.ibkey_tab, self.phone_tab, self.cards_tab):
            tab.picker.recent = recent
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.loading_label)
        layout.addWidget(self.tabs)

        self.desk_tab.online_card_issued.connect(self._online_card_issued)
        self.desk_tab.users_loaded.connect(self._users_loaded)
        self.ibkey_tab.waitingChanged.connect(self._update_marks)
        self.phone_tab.waitingChanged.connect(self._update_marks)
        self._show_loading()
        self.retranslate()
        self.resize(720, 640)
        self.refresh_devices()
        self._load_users()

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
        self._loaded("devices")
        if not self._need_applied:
            self._apply_need()

    def _shelf_failed(self, error: BaseException) -> None:
        self._shelf_task = None
        self.dscplus_tab.message.error(
            self.tr("The device files could not be read ({kind}).").format(kind=type(error).__name__)
        )
        self._loaded("devices")

    # -- loading ------------------------------------------------------------------------------------------

    def _load_users(self) -> None:
        self._reading_users = True
        self.desk_tab.load_users()

    def _users_loaded(self) -> None:
        self._reading_users = False
        self._loaded("users")

    @property
    def loading(self) -> bool:
        return bool(self._loading)

    def _loaded(self, part: str) -> None:
        if part not in self._loading:
            return
        self._loading.discard(part)
        self._show_loading()
        if not self._loading:
            self.ready.emit()

    def _show_loading(self) -> None:
        """Disabled tabs under a visible note while loading, so that nothing looks usable and is not."""
        loading = bool(self._loading)
        self.setProperty("loading", loading)
        self.tabs.setEnabled(not loading)
        self.loading_label.setVisible(loading)

    # -- following the login ------------------------------------------------------------------------------

    def follow_login(self, view: LoginView) -> None:
        """Called with each view of the login in this app. A new second factor selects the user's device on
        every tab that has one and brings forward the tab that needs the trader (once per challenge: the
        trader may look elsewhere meanwhile); the end of the login clears its mark."""
        if view.stage is Stage.WORKING:
            return  # between two pages: what the login needs has not changed yet
        need = need_of(view)
        if need == self._need:
            return
        self._need, self._need_applied, self._refreshed_for = need, False, None
        self._apply_need()

    @property
    def login_need(self) -> LoginNeed | None:
        return self._need

    def _apply_need(self) -> None:
        need = self._need
        self.setProperty("followedUser", need.user if need is not None else "")
        pushed_to = need.user if need is not None and need.challenge_kind == "ibkey_push" else ""
        self.ibkey_tab.expect_push(pushed_to)
        if need is None:
            self._need_applied = True
            self._update_marks()
            return
        if "devices" in self._loading:
            self._update_marks()
            return  # applied when the device files are in (_set_entries)
        if not any(entry.user == need.user for entry in self._entries) and self._refreshed_for != need:
            # A user added after the shelf was read (sls_gateway.add_user, `device add --export`).
            self._refreshed_for = need
            self.refresh_devices()
            return
        self._need_applied = True
        for tab in (self.dscplus_tab, self.ibkey_tab, self.phone_tab, self.cards_tab):
            tab.picker.select_user(need.user, need.ident)
        self.desk_tab.select_user(need.user)
        if need.tab is not None:
            self.show_tab(need.tab)
        self.ibkey_tab.poll_now()
        self.phone_tab.poll_now()
        self._update_marks()

    # -- marks --------------------------------------------------------------------------------------------

    def _titles(self) -> dict[str, str]:
        return {
            "dscplus": self.tr("DSC+"),
            "ibkey": self.tr("IB Key phone"),
            "phone": self.tr("Phone"),
            "cards": self.tr("Cards"),
            "desk": self.tr("Client Services"),
        }

    def _update_marks(self) -> None:
        """Each tab's title, marked ("IB Key phone ●") while something waits there; the tab's tooltip (its
        accessible description) says what, and its property "waiting" says whether."""
        need = self._need
        for index, (name, title) in enumerate(self._titles().items()):
            tab = self._tabs[name]
            reasons = []
            if need is not None and need.tab == name and self._need_applied:
                reasons.append(self.tr("The login of {user} waits for this device.").format(user=need.user))
            own = tab.waiting() if isinstance(tab, IbKeyTab | PhoneTab) else ""
            if own:
                reasons.append(own)
            marked = bool(reasons)
            self.tabs.setTabText(index, self.tr("{title} ●").format(title=title) if marked else title)
            self.tabs.setTabToolTip(index, "\n".join(reasons))
            self.tabs.tabBar().setAccessibleTabName(index, title)  # read without the mark's symbol
            tab.setProperty("waiting", marked)

    def _online_card_issued(self, entry: DeviceEntry) -> None:
        self._show_card_after_refresh = entry.path
        self.refresh_devices()

    def show_tab(self, name: str) -> None:
        """Brings a tab forward: "dscplus", "ibkey", "phone", "cards" or "desk"."""
        self.tabs.setCurrentWidget(self._tabs[name])

    # -- life cycle ---------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if (not self._entries or not self._need_applied) and self._shelf_task is None:
            self.refresh_devices()  # closed before the shelf was read (or re-read for a new user): now
        if "users" in self._loading and not self._reading_users:
            self._load_users()  # closed before the users were read
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
        self._reading_users = False
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
        self.loading_label.setText(self.tr("Loading the devices…"))
        self._update_marks()
