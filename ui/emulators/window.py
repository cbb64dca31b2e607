"""The Device emulators window (SPEC §8): one tab per emulated device and one for the Client Services desk,
built from the services the composition root passes in. The device tabs are the device kinds' emulator
parts (ui.emulators.kinds), loaded when the window is built: a half-registered kind fails loudly then.
It polls only while shown, and joins its worker threads when closed.

It follows the login of this app (`follow_login`, fed by the composition root): the user's device is
selected on every tab that has one, and the tab that needs the trader comes forward. A tab with something
waiting — the login's challenge, a notification, a ringing call, unread texts — has a marked title.
While the device files and the desk's users load, the tabs are disabled under a "Loading" note; the
window's dynamic property "loading" turns False (and `ready` is emitted) once they are in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from trader_login.auth import vocabulary
from trader_login.auth.client.views import LoginView, Stage
from trader_login.ui.emulators import kinds
from trader_login.ui.emulators.common import POLL_MS, RecentFolder
from trader_login.ui.emulators.desk_tab import ClientServicesTab
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.follow import LoginNeed, need_of
from trader_login.ui.emulators.kinds import EmulatorKind, EmulatorTab, TabContext
from trader_login.ui.emulators.services import DeviceEntry, EmulatorServices
from trader_login.ui.tasks import TaskRunner

JOIN_TIMEOUT_MS = 15_000  # the phone link's own timeouts end any request well before this
KINDS_PACKAGE = kinds.PACKAGE  # where the emulator parts are found (a test points it at its own package)
DESK_TAB = "desk"


def device_tabs(parts: dict[str, EmulatorKind]) -> dict[str, tuple[EmulatorTab, tuple[str, ...]]]:
    """Each device tab once, in the vocabulary's order of the kinds it plays, with those kinds. Two kinds
    may share a tab only by sharing its `EmulatorTab`; a name taken twice otherwise fails loudly."""
    found: dict[str, tuple[EmulatorTab, tuple[str, ...]]] = {}
    for kind, part in parts.items():
        if part.tab is None:
            continue
        name = part.tab.name
        if name == DESK_TAB or (name in found and found[name][0] is not part.tab):
            raise vocabulary.KindRegistryError(f"device kind {kind!r}: a tab named {name!r} exists already")
        tab, played = found.get(name, (part.tab, ()))
        found[name] = (tab, (*played, kind))
    return found


class EmulatorsWindow(QWidget):
    """A tab per device tab of the kinds' emulator parts ("DSC+", "IB Key phone", "Phone", "Cards"), then
    "Client Services". `poll_ms` is how often the phone tabs ask the gateway for news while the window is
    shown; `clock` is the DSC+'s monotonic clock, `wall_clock` the Unix time of devices showing time-based
    codes; `settings` keeps the folder "Open device file…" last used (across restarts); `zone` is the time
    zone times are shown in (None: this machine's; a test names one)."""

    ready = Signal()  # the devices and the desk's users are in: the window is usable

    def __init__(
        self,
        services: EmulatorServices,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        poll_ms: int = POLL_MS,
        settings: QSettings | None = None,
        zone: tzinfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emulatorsWindow")
        self.services = services
        self.parts = kinds.load(KINDS_PACKAGE)
        self.tasks = TaskRunner(self)
        self._entries: list[DeviceEntry] = []
        self._shelf_task: int | None = None
        self._show_after_refresh: DeviceEntry | None = None  # a device the desk just issued
        self._loading = {"devices", "users"}  # what is still on its way before the window is usable
        self._need: LoginNeed | None = None  # what the login in this app needs from the emulators
        self._need_applied = True
        self._bring_forward = True  # the need's tab comes forward when applied (not for a fresh challenge)
        self._refreshed_for: LoginNeed | None = None
        self._reading_users = False

        self.loading_label = QLabel(self)
        self.loading_label.setObjectName("emulatorsLoadingLabel")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("emulatorTabs")
        # The one table of tabs: show_tab's names, in order, with the testers' object names; and the tab
        # that plays each kind.
        self._tabs: dict[str, QWidget] = {}
        self._titles_of: dict[str, Callable[[], str]] = {}
        self._device_tabs: dict[str, DeviceTab] = {}
        self._tab_of_kind: dict[str, DeviceTab] = {}
        recent = RecentFolder(settings)
        for name, (spec, played) in device_tabs(dict(self.parts)).items():
            tab = spec.build(TabContext(played, services, self.tasks, clock, wall_clock, poll_ms, self.tabs))
            tab.picker.recent = recent
            tab.zone = zone
            tab.waitingChanged.connect(self._update_marks)
            self._device_tabs[name] = tab
            self._tab_of_kind.update(dict.fromkeys(played, tab))
            self._add_tab(name, tab, spec.title)
            setattr(self, f"{name}_tab", tab)  # window.dscplus_tab, …: the testers' and screenshots' handle
        self.desk_tab = ClientServicesTab(
            services.desk, self.tasks, self.tabs, wall_clock=wall_clock, zone=zone
        )
        self._add_tab(DESK_TAB, self.desk_tab, lambda: self.tr("Client Services"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.loading_label)
        layout.addWidget(self.tabs)

        self.desk_tab.online_card_issued.connect(self._online_card_issued)
        self.desk_tab.users_loaded.connect(self._users_loaded)
        self._show_loading()
        self.retranslate()
        self.resize(720, 640)
        self._fit_tabs()
        self.refresh_devices()
        self._load_users()

    def _add_tab(self, name: str, tab: QWidget, title: Callable[[], str]) -> None:
        tab.setObjectName(f"{name}Tab")  # testers pick a tab by name, not by its translated title
        tab.setProperty("waiting", False)
        self._tabs[name] = tab
        self._titles_of[name] = title
        self.tabs.addTab(tab, "")

    def tab(self, name: str) -> QWidget:
        """The tab `show_tab(name)` brings forward."""
        return self._tabs[name]

    @property
    def tab_names(self) -> tuple[str, ...]:
        """The tabs' names, in order: each device tab's, then "desk"."""
        return tuple(self._tabs)

    def tab_for_kind(self, kind: str) -> DeviceTab | None:
        """The tab playing device kind `kind` (None: the kind has no device tab)."""
        vocabulary.device_kind(kind)  # an unknown kind is a programming error, not "no tab"
        return self._tab_of_kind.get(kind)

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
        for tab in self._device_tabs.values():
            tab.set_entries(self._entries)
        if self._show_after_refresh is not None:
            entry, self._show_after_refresh = self._show_after_refresh, None
            tab = self.tab_for_kind(entry.kind)
            if tab is not None and entry.path is not None:
                tab.picker.select_path(entry.path)
        self._loaded("devices")
        if not self._need_applied:
            self._apply_need()

    def _shelf_failed(self, error: BaseException) -> None:
        self._shelf_task = None
        text = self.tr("The device files could not be read ({kind}).").format(kind=type(error).__name__)
        for tab in self._device_tabs.values():
            tab.message.error(text)
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
        every tab that has one and brings forward the tab that needs the trader (once per login and
        device: the trader may look elsewhere meanwhile); the end of the login clears its mark. A fresh
        challenge (after a refused response) selects the login's devices again and has every tab clear its
        old result and show the new challenge, without pulling the trader back to the tab."""
        if view.stage is Stage.WORKING:
            return  # between two pages: what the login needs has not changed yet
        need = need_of(view, self.parts)
        if need == self._need:
            return
        previous = self._need
        self._bring_forward = previous is None or need is None or previous.place != need.place
        self._need, self._need_applied, self._refreshed_for = need, False, None
        self._apply_need()

    @property
    def login_need(self) -> LoginNeed | None:
        return self._need

    def _apply_need(self) -> None:
        need = self._need
        self.setProperty("followedUser", need.user if need is not None else "")
        for tab in self._device_tabs.values():
            tab.follow(need)
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
        for tab in self._device_tabs.values():
            tab.picker.select_user(need.user, need.ident)
        self.desk_tab.select_user(need.user)
        if need.tab is not None and self._bring_forward:
            self.show_tab(need.tab)
        for tab in self._device_tabs.values():
            tab.poll_now()
        self._update_marks()

    # -- marks --------------------------------------------------------------------------------------------

    def _titles(self) -> dict[str, str]:
        return {name: title() for name, title in self._titles_of.items()}

    def _update_marks(self) -> None:
        """Each tab's title, marked ("IB Key phone ●") while something waits there; the tab's tooltip (its
        accessible description) says what, and its property "waiting" says whether."""
        need = self._need
        for index, (name, title) in enumerate(self._titles().items()):
            tab = self._tabs[name]
            reasons = []
            if need is not None and need.tab == name and self._need_applied:
                reasons.append(self.tr("The login of {user} waits for this device.").format(user=need.user))
            own = tab.waiting() if isinstance(tab, DeviceTab) else ""
            if own:
                reasons.append(own)
            marked = bool(reasons)
            self.tabs.setTabText(index, self.tr("{title} ●").format(title=title) if marked else title)
            self.tabs.setTabToolTip(index, "\n".join(reasons))
            self.tabs.tabBar().setAccessibleTabName(index, title)  # read without the mark's symbol
            tab.setProperty("waiting", marked)
        self._fit_tabs()  # a mark widens its tab

    def _online_card_issued(self, entry: DeviceEntry) -> None:
        self._show_after_refresh = entry
        self.refresh_devices()

    def show_tab(self, name: str) -> None:
        """Brings a tab forward by its name (`tab_names`: "dscplus", "ibkey", "phone", "cards", "desk")."""
        self.tabs.setCurrentWidget(self._tabs[name])

    # -- life cycle ---------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if (not self._entries or not self._need_applied) and self._shelf_task is None:
            self.refresh_devices()  # closed before the shelf was read (or re-read for a new user): now
        if "users" in self._loading and not self._reading_users:
            self._load_users()  # closed before the users were read
        for tab in self._device_tabs.values():
            tab.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._stop_polls()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _stop_polls(self) -> None:
        for tab in self._device_tabs.values():
            tab.stop()

    def shutdown(self) -> bool:
        """Stops polling, drops every late reply and joins the workers. The window can be shown again."""
        self._stop_polls()
        self.tasks.cancel_all()
        self._shelf_task = None
        self._reading_users = False
        self.desk_tab.stop()
        for tab in self._device_tabs.values():
            tab.shutdown()
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

    def _fit_tabs(self) -> None:
        """Wide enough for every tab's title (a longer translation, the mark on a tab): no tab scrolled out
        of sight behind the tab bar's arrows."""
        margins = self.layout().contentsMargins() if self.layout() is not None else None
        extra = (margins.left() + margins.right()) if margins is not None else 0
        bar = self.tabs.tabBar()
        titles = sum(bar.tabSizeHint(index).width() for index in range(bar.count()))
        needed = max(titles, bar.sizeHint().width()) + extra + 24
        if self.width() < needed:
            self.resize(needed, self.height())
