"""Every time the emulators show is written by the one helper (`auth.moments.show`), in the UI's language and
with its time zone: recent events (a notification, a text) as the time alone with seconds, the rest with the
date (issue 16). The window shows its times in an injected zone (conftest's ZONE, "JST")."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtWidgets import QLabel, QListWidget

from tests.gateway.http_support import Client, log_in_to_second_factor, password
from tests.ui.emulators.conftest import WAIT_MS, ZONE, child
from trader_login.auth import moments
from trader_login.ui.emulators import EmulatorsWindow

RECENT = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2} JST  ")  # "07:20:05 JST  …": the zone always named


def test_a_notification_shows_its_time_with_the_zone(
    qtbot, zoned_window: EmulatorsWindow, gateway: Client
) -> None:
    window = zoned_window
    window.show_tab("ibkey")
    assert window.ibkey_tab.picker.select_user("ibkeyuser")
    log_in_to_second_factor(gateway, "ibkeyuser")
    notifications = child(window, QListWidget, "ibkeyNotificationList")
    qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    sent = window.ibkey_tab.selected_push().created_at
    line = notifications.item(0).text()
    recent = moments.show(sent, language="en", zone=ZONE, date=False, seconds=True)
    assert line == f"{recent}  Login request for ibkeyuser"
    assert RECENT.match(line), line
    details = child(window, QLabel, "ibkeyDetailsLabel").text()
    assert f"Sent: {moments.show(sent, language='en', zone=ZONE, seconds=True)}" in details  # with the date


def test_a_text_shows_its_time_with_the_zone(qtbot, zoned_window: EmulatorsWindow, gateway: Client) -> None:
    window = zoned_window
    window.show_tab("phone")
    assert window.phone_tab.picker.select_user("smsuser")
    log_in_to_second_factor(gateway, "smsuser")
    inbox = child(window, QListWidget, "phoneInbox")
    qtbot.waitUntil(lambda: inbox.count() == 1, timeout=WAIT_MS)
    line = inbox.item(0).text()
    assert RECENT.match(line), line
    assert line.startswith(moments.show(gateway.clock(), language="en", zone=ZONE, date=False, seconds=True))


def test_the_desk_writes_a_lock_in_the_ui_language(
    qtbot, zoned_window: EmulatorsWindow, gateway: Client
) -> None:
    window = zoned_window
    for _ in range(10):
        password(gateway, "dscuser", "wrong-password")
    until = gateway.gateway.desk.status("dscuser")["locked_until"]
    window.show_tab("desk")
    window.desk_tab.select_user("dscuser")
    status = window.desk_tab.status_label
    english = moments.show(until, language="en", zone=ZONE)
    qtbot.waitUntil(lambda: english in status.text(), timeout=WAIT_MS)
    assert re.search(r"[0-9]{4}, [0-9]{2}:[0-9]{2} JST", english), english  # "Sun 6 Dec 2026, 04:41 JST"
    russian = moments.show(until, language="ru", zone=ZONE)
    before = QLocale()
    QLocale.setDefault(QLocale("ru_RU"))  # what the app's language switch sets (app.i18n)
    try:
        QCoreApplication.sendEvent(window.desk_tab, QEvent(QEvent.Type.LanguageChange))
        qtbot.waitUntil(lambda: russian in status.text(), timeout=WAIT_MS)
    finally:
        QLocale.setDefault(before)
