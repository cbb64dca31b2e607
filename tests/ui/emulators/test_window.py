"""The emulators window itself: its tabs, the testers' object names of SPEC §8, the demo users' devices."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from tests.ui.emulators.conftest import WAIT_MS
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.emulators.common import entry_label

SPEC_NAMES = [
    "dscDisplay",
    *(f"dscKey{digit}" for digit in range(10)),
    "dscOkButton",
    "dscPressButton",
    "ibkeyApproveButton",
    "ibkeyDenyButton",
    "ibkeyChallengeEdit",
    "ibkeyGenerateButton",
    "ibkeyResponseLabel",
    "phoneInbox",
    "cardView",
    "cardPrintButton",
    "cardSaveButton",
    "tempPasscodeButton",
    "tempPasscodeLabel",
    "unlockButton",
]


def test_the_tabs_in_order(window: EmulatorsWindow) -> None:
    assert window.objectName() == "emulatorsWindow"
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == [
        "DSC+",
        "IB Key phone",
        "Phone",
        "Cards",
        "Authenticator",
        "Security key",
        "Client Services",
    ]


def test_every_object_name_of_the_spec_is_there_once(window: EmulatorsWindow) -> None:
    for name in SPEC_NAMES:
        assert len(window.findChildren(QWidget, name)) == 1, name
    assert isinstance(window.findChild(QWidget, "dscDisplay"), QLabel)
    assert isinstance(window.findChild(QWidget, "dscOkButton"), QPushButton)


def test_the_embedded_gateway_gives_every_demo_device(window: EmulatorsWindow) -> None:
    found = {(entry.user, entry.kind) for entry in window.entries}
    assert {
        ("ibkeyuser", "ibkey"),
        ("dscuser", "dscplus"),
        ("carduser", "card"),
        ("smsuser", "sms"),
        ("multiuser", "ibkey"),
        ("multiuser", "dscplus"),
        ("multiuser", "sms"),
        ("onlineuser", "online-card"),
        ("linkeduser", "dscplus"),
    } <= found
    dsc = next(entry for entry in window.entries if entry.user == "dscuser")
    assert entry_label(dsc) == f"dscuser — DSC+ {dsc.ident}"
    assert window.dscplus_tab.picker.combo.count() == 4  # dscuser, multiuser, tempuser, linkeduser


def test_entries_print_without_their_device(window: EmulatorsWindow) -> None:
    for entry in window.entries:
        text = repr(entry)
        assert "device=" not in text
        assert "IbKeyApp" not in text
        assert "DscPlus" not in text


def test_the_window_can_be_closed_and_shown_again(qtbot, window: EmulatorsWindow) -> None:
    window.close()
    window.show()
    assert window.ibkey_tab.poller.active
    window.show_tab("desk")
    window.desk_tab.select_user("carduser")
    qtbot.waitUntil(lambda: window.desk_tab.temp_button.isEnabled(), timeout=WAIT_MS)


@pytest.mark.parametrize("language", ["en", "ja", "zh_TW", "zh_CN", "ru"])
def test_every_tab_s_title_is_in_sight_in_every_language(
    qtbot: Any, window: EmulatorsWindow, language: str
) -> None:
    """The window is as wide as its tab bar needs (Russian's titles are the longest): no tab scrolled out
    of sight behind the tab bar's arrows (issue 19's screenshots found "Служба поддержки" cut)."""
    from trader_login.app import i18n
    from trader_login.app.screenshots import hidden_tabs

    languages = i18n.Languages()
    try:
        window.show()
        window.resize(300, window.height())  # narrower than any language's tabs
        assert languages.use(language)  # the language change fits the window to its titles
        window.show_tab("desk")
        assert window.width() > 300
        qtbot.waitUntil(lambda: hidden_tabs(window) == [], timeout=WAIT_MS)  # once laid out again
    finally:
        languages.clear()  # the default locale: conftest's english_locale puts it back
