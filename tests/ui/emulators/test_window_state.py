"""What the emulators window shows of its own state (issue 13 item 3): it says that it loads and nothing
looks usable until it is; tabs with something waiting are marked, for the eye and for a screen reader;
"Open device file…" starts where the last device file came from, across restarts."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTabWidget

from tests.gateway.http_support import Client, log_in_to_second_factor
from tests.ui.emulators.conftest import POLL_MS, child, styled
from trader_login.app.emulator_services import close_services, embedded_services, remote_services
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.emulators.common import RecentFolder

SAFETY_MS = 30_000


class GatedShelf:
    """The demo device files, read only once the test opens the gate (a slow disk, a busy machine)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.gate = threading.Event()

    def entries(self):
        self.gate.wait(SAFETY_MS / 1000)
        return self.inner.entries()


def tab_text(window: EmulatorsWindow, tab) -> str:
    return window.tabs.tabText(window.tabs.indexOf(tab))


# --- loading --------------------------------------------------------------------------------------------


def test_while_it_loads_the_window_says_so_and_nothing_looks_usable(qtbot, gateway: Client) -> None:
    services = embedded_services(gateway.gateway, gateway.url, gateway.server.fingerprint)
    shelf = GatedShelf(services.shelf)
    services.shelf = shelf
    window = EmulatorsWindow(services, poll_ms=POLL_MS)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.property("loading") is True
        note = child(window, QLabel, "emulatorsLoadingLabel")
        assert note.isVisible()
        assert note.text() == "Loading the devices…"
        assert not child(window, QTabWidget, "emulatorTabs").isEnabled()
        for name in (
            "dscKey1",
            "dscOkButton",
            "dscPressButton",
            "ibkeyGenerateButton",
            "dscDeviceOpenButton",
        ):
            assert not child(window, QPushButton, name).isEnabled(), name
        with qtbot.waitSignal(window.ready, timeout=SAFETY_MS):
            shelf.gate.set()
        assert window.property("loading") is False
        assert not note.isVisible()
        assert child(window, QTabWidget, "emulatorTabs").isEnabled()
        assert child(window, QPushButton, "dscKey1").isEnabled()  # dscuser's DSC+, chosen on loading
        child(window, QPushButton, "dscPressButton").click()
        assert child(window, QLabel, "dscDisplay").text() == "PIN>"  # and it takes clicks
    finally:
        shelf.gate.set()
        window.close()
        close_services(services)


def test_the_dscplus_keypad_looks_disabled_without_a_device(qtbot, gateway: Client, tmp_path: Path) -> None:
    styled()  # the handset's look is the app's style sheet's
    services = remote_services(gateway.url, ca_cert=gateway.server.cert_path)  # no device file yet
    window = EmulatorsWindow(services, poll_ms=POLL_MS)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.property("loading") is False, timeout=SAFETY_MS)
        key = child(window, QPushButton, "dscKey5")
        assert not key.isEnabled()
        disabled = key.grab().toImage()
        exported = tmp_path / "dsc.json"
        shutil.copy(gateway.gateway.device_dir / "dscuser-dscplus.json", exported)
        assert window.dscplus_tab.load_device_file(str(exported))
        assert key.isEnabled()
        enabled = key.grab().toImage()
        middle = (disabled.width() // 2, 4)  # the key's face, above its digit
        assert disabled.pixelColor(*middle) != enabled.pixelColor(*middle)
    finally:
        window.close()
        close_services(services)


# --- marks ----------------------------------------------------------------------------------------------


def test_a_text_that_arrives_while_the_phone_tab_is_hidden_marks_it_until_it_is_shown(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    window.show_tab("phone")
    assert window.phone_tab.picker.select_user("smsuser")
    qtbot.waitUntil(lambda: window.phone_tab.has_read, timeout=SAFETY_MS)
    window.show_tab("dscplus")
    log_in_to_second_factor(gateway, "smsuser")  # a login elsewhere: only the phone's news marks the tab
    phone = window.phone_tab
    qtbot.waitUntil(lambda: phone.property("waiting") is True, timeout=SAFETY_MS)
    index = window.tabs.indexOf(phone)
    assert window.tabs.tabText(index) == "Phone ●"
    assert "new message" in window.tabs.tabToolTip(index)
    window.show_tab("phone")
    assert phone.property("waiting") is False
    assert window.tabs.tabText(index) == "Phone"


def test_a_ringing_call_marks_the_phone_tab_until_it_is_answered(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    window.show_tab("phone")
    assert window.phone_tab.picker.select_user("smsuser")
    qtbot.waitUntil(lambda: window.phone_tab.has_read, timeout=SAFETY_MS)
    login = log_in_to_second_factor(gateway, "smsuser")
    qtbot.waitUntil(lambda: window.phone_tab.inbox.count() == 1, timeout=SAFETY_MS)
    gateway.clock.advance(31)  # R10: a resend after 30 s
    called = gateway.post("/v1/login/code", {"channel": "voice"}, token=login.token)
    assert called.status_code == 200, called.text
    phone = window.phone_tab
    qtbot.waitUntil(lambda: phone.property("waiting") is True, timeout=SAFETY_MS)  # on screen, yet it rings
    assert "ringing" in window.tabs.tabToolTip(window.tabs.indexOf(phone))
    child(window, QPushButton, "phoneAnswerButton").click()
    assert phone.property("waiting") is False
    assert tab_text(window, phone) == "Phone"


def test_a_pending_notification_marks_the_ibkey_tab_with_an_accessible_description(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    window.show_tab("ibkey")
    assert window.ibkey_tab.picker.select_user("ibkeyuser")
    log_in_to_second_factor(gateway, "ibkeyuser")
    ibkey = window.ibkey_tab
    qtbot.waitUntil(lambda: ibkey.property("waiting") is True, timeout=SAFETY_MS)
    index = window.tabs.indexOf(ibkey)
    assert tab_text(window, ibkey) == "IB Key phone ●"
    bar = QAccessible.queryAccessibleInterface(window.tabs.tabBar())
    tab = bar.child(index)
    assert tab.text(QAccessible.Text.Name) == "IB Key phone"  # read without the symbol
    assert "notification" in tab.text(QAccessible.Text.Description)
    child(window, QPushButton, "ibkeyDenyButton").click()
    qtbot.waitUntil(lambda: ibkey.property("waiting") is False, timeout=SAFETY_MS)
    assert tab_text(window, ibkey) == "IB Key phone"
    assert window.tabs.tabToolTip(index) == ""


# --- the folder of "Open device file…" ------------------------------------------------------------------


def test_open_device_file_starts_in_the_folder_last_used_across_restarts(
    qtbot, gateway: Client, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "exported devices"
    folder.mkdir()
    exported = folder / "dsc.json"
    shutil.copy(gateway.gateway.device_dir / "dscuser-dscplus.json", exported)
    asked: list[str] = []

    def choose(_parent, _caption, directory, _filter):
        asked.append(directory)
        return str(exported), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    ini = str(tmp_path / "settings.ini")
    for _restart in range(2):
        settings = QSettings(ini, QSettings.Format.IniFormat)
        services = remote_services(gateway.url, ca_cert=gateway.server.cert_path)
        window = EmulatorsWindow(services, poll_ms=POLL_MS, settings=settings)
        qtbot.addWidget(window)
        window.show()
        try:
            qtbot.waitUntil(lambda w=window: w.property("loading") is False, timeout=SAFETY_MS)
            child(window, QPushButton, "ibkeyDeviceOpenButton").click()  # any tab's: one folder for all
        finally:
            window.close()
            close_services(services)
    assert asked == ["", str(folder)]


def test_a_folder_that_is_gone_is_not_offered(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    recent = RecentFolder(settings)
    gone = tmp_path / "gone"
    gone.mkdir()
    recent.remember(gone / "phone.json")
    assert recent.folder() == str(gone)
    gone.rmdir()
    assert RecentFolder(settings).folder() == ""


def test_the_marks_are_retranslated_at_run_time(qtbot, window: EmulatorsWindow, gateway: Client) -> None:
    from trader_login.app.i18n import Languages

    window.show_tab("ibkey")
    assert window.ibkey_tab.picker.select_user("ibkeyuser")
    log_in_to_second_factor(gateway, "ibkeyuser")
    ibkey = window.ibkey_tab
    qtbot.waitUntil(lambda: ibkey.property("waiting") is True, timeout=SAFETY_MS)
    languages = Languages()
    try:
        assert languages.use("ja")
        qtbot.waitUntil(lambda: not tab_text(window, ibkey).startswith("IB Key phone"), timeout=SAFETY_MS)
        assert tab_text(window, ibkey).endswith("●")  # the title in Japanese, still marked
        assert tab_text(window, window.dscplus_tab) == "DSC+"  # nothing waits there
    finally:
        languages.clear()
    qtbot.waitUntil(lambda: tab_text(window, ibkey) == "IB Key phone ●", timeout=SAFETY_MS)


def test_the_app_keeps_the_device_file_folder_in_its_settings(
    qtbot, open_desktop, gateway: Client, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "from the desk"
    folder.mkdir()
    exported = folder / "phone.json"
    shutil.copy(gateway.gateway.device_dir / "ibkeyuser-ibkey.json", exported)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(exported), "")))
    desktop = open_desktop(gateway.url, gateway.server.fingerprint)  # a remote gateway: no shelf
    desktop.open_emulators()
    window = desktop.emulators
    qtbot.waitUntil(lambda: window.property("loading") is False, timeout=SAFETY_MS)
    child(window, QPushButton, "ibkeyDeviceOpenButton").click()
    assert window.ibkey_tab.picker.current().path == exported
    stored = QSettings(desktop.settings.fileName(), QSettings.Format.IniFormat)
    assert stored.value(RecentFolder.KEY) == str(folder)
