"""Accessibility (issue 8, SPEC §8 "Keyboard"): every interactive widget of every page has a name a screen
reader can say, every field has a label buddy (or a name where a visible label would be wrong), the tab order
follows reading order, and a trader logs in with the keyboard alone."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from tests.ui.emulators.conftest import WAIT_MS as EMULATOR_WAIT_MS
from tests.ui.emulators.conftest import dsc_clock as dsc_clock
from tests.ui.emulators.conftest import window as window
from tests.ui.login_support import WAIT_MS, Trader
from tests.ui.test_session_window import log_in_elsewhere
from trader_login.auth import texts
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
from trader_login.ui.emulators import EmulatorsWindow

# What a trader operates: each needs a name a screen reader can say.
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
# Shows its information without text of its own (the busy indicator).
NON_TEXT = (QProgressBar,)
# Fields a trader fills in or picks from: each needs a label buddy, or an accessible name.
FIELDS = (QLineEdit, QComboBox, QSpinBox, QListWidget)


# --- walking the widgets -------------------------------------------------------------------------------


def described(widget: QWidget) -> str:
    """The object name, or where the widget sits when it has none."""
    if widget.objectName():
        return widget.objectName()
    parent = widget.parentWidget()
    where = described(parent) if parent is not None else ""
    return f"{where}/{type(widget).__name__}"


def is_part_of_another(widget: QWidget) -> bool:
    """A combo box's or spin box's own line edit: the screen reader names it by its owner."""
    return isinstance(widget.parentWidget(), (QComboBox, QAbstractSpinBox))


def draws_itself(widget: QWidget) -> bool:
    """One of our widgets that paints what it shows (the card): nothing for a screen reader unless named."""
    return any(
        "paintEvent" in vars(kind)
        for kind in type(widget).__mro__
        if kind.__module__.startswith("trader_login.ui.")
    )


def is_tab_stop(widget: QWidget) -> bool:
    """Takes the focus by Tab itself (a widget with a focus proxy hands it on: the proxy is the stop)."""
    return widget.focusProxy() is None and bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def needs_a_name(widget: QWidget) -> bool:
    if not widget.isVisible() or is_part_of_another(widget):
        return False
    return isinstance(widget, INTERACTIVE + NON_TEXT) or draws_itself(widget) or is_tab_stop(widget)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, described(widget)
    return interface.text(QAccessible.Text.Name).strip()


def every_widget(root: QWidget) -> Iterator[QWidget]:
    yield root
    yield from root.findChildren(QWidget)


def unnamed(root: QWidget) -> list[str]:
    """The visible interactive (or non-text) widgets under `root` a screen reader could not name."""
    return sorted(described(w) for w in every_widget(root) if needs_a_name(w) and not accessible_name(w))


def unlabelled_fields(root: QWidget) -> list[str]:
    """The visible fields under `root` with neither a QLabel buddy (with text) nor an accessible name."""
    buddies = [label.buddy() for label in root.findChildren(QLabel) if label.text().strip()]
    return sorted(
        described(field)
        for field in every_widget(root)
        if isinstance(field, FIELDS)
        and field.isVisible()
        and not is_part_of_another(field)
        and not field.accessibleName().strip()
        and not any(buddy is field for buddy in buddies)
    )


def tab_order(window: QWidget) -> list[str]:
    """The visible, enabled tab stops of `window` in the order Tab visits them from the window's start (the
    chain is a ring: starting at the window, a page that comes after the footer shows as out of order)."""
    names, widget = [], window.nextInFocusChain()
    while widget is not window:
        if widget.isVisible() and widget.isEnabled() and is_tab_stop(widget):
            owner = widget.parentWidget() if is_part_of_another(widget) else widget
            names.append(described(owner))
        widget = widget.nextInFocusChain()
    return names


def assert_accessible(root: QWidget) -> None:
    assert unnamed(root) == [], "unnamed interactive widgets"
    assert unlabelled_fields(root) == [], "fields with neither a label buddy nor an accessible name"


# --- the login window's pages --------------------------------------------------------------------------


def _busy(trader: Trader) -> None:
    """The busy row (indicator and its label), as shown while a request is in flight."""
    working = dataclasses.replace(trader.view, stage=Stage.WORKING, problem=texts.message(texts.LOGGING_IN))
    trader.window.render(working)
    assert trader.find("busyIndicator").isVisible()


def _existing_session(trader: Trader) -> None:
    log_in_elsewhere(trader, "dscuser")
    trader.log_in("dscuser")
    assert trader.answer("dscuser").stage is Stage.EXISTING_SESSION


def _push_expired(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    trader.desktop.clock.advance(181)
    trader.qtbot.waitUntil(lambda: trader.find("pushResendButton").isVisible(), timeout=WAIT_MS)


def _sms_with_channels(trader: Trader) -> None:
    trader.log_in("smsuser")
    trader.find("requestNewCodeLink").click()
    assert trader.find("smsChannelButton").isVisible()


LOGIN_PAGES: dict[str, Callable[[Trader], object]] = {
    "credentials": lambda trader: None,
    "credentials-forgot-help": lambda trader: trader.find("forgotLink").click(),
    "credentials-busy": _busy,
    "devices": lambda trader: trader.log_in("multiuser"),
    "dscplus": lambda trader: trader.log_in("dscuser"),
    "ibkey-push": lambda trader: trader.log_in("ibkeyuser"),
    "ibkey-push-expired": _push_expired,
    "ibkey-challenge": lambda trader: (trader.log_in("ibkeyuser"), trader.click("noNotificationLink")),
    "card": lambda trader: trader.log_in("carduser"),
    "online-card": lambda trader: trader.log_in("onlineuser"),
    "sms-with-channels": _sms_with_channels,
    "temp-passcode": lambda trader: trader.log_in("tempuser"),
    "existing-session": _existing_session,
}


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_every_widget_of_every_login_page_is_named_for_a_screen_reader(trader: Trader, page: str) -> None:
    LOGIN_PAGES[page](trader)
    assert_accessible(trader.window)


def test_every_widget_of_the_session_window_is_named_for_a_screen_reader(trader: Trader) -> None:
    trader.log_in("linkeduser")
    trader.answer("linkeduser")
    assert_accessible(trader.session_window())


# --- the emulators window -------------------------------------------------------------------------------


def _online_card(window: EmulatorsWindow, qtbot) -> None:
    """An online card the desk has just issued is pending: the Cards tab offers its activation (an active
    card, as onlineuser's, has nothing to activate)."""
    window.show_tab("desk")
    window.desk_tab.select_user("carduser")
    button = window.findChild(QPushButton, "onlineCardButton")
    qtbot.waitUntil(button.isEnabled, timeout=EMULATOR_WAIT_MS)
    button.click()
    window.show_tab("cards")
    qtbot.waitUntil(window.cards_tab.activation.isVisible, timeout=EMULATOR_WAIT_MS)


def _notification(window: EmulatorsWindow, trader: Trader) -> None:
    """The notification on the phone tab, its number picked (push number matching): Approve is enabled."""
    trader.log_in("ibkeyuser")
    window.ibkey_tab.picker.select_user("ibkeyuser")
    shown = trader.find("pushNumberLabel").text()
    buttons = [window.findChild(QPushButton, f"ibkeyNumberButton{index}") for index in (1, 2, 3)]
    trader.qtbot.waitUntil(lambda: any(b.text() == shown and b.isEnabled() for b in buttons), timeout=WAIT_MS)
    next(button for button in buttons if button.text() == shown).click()
    trader.qtbot.waitUntil(lambda: window.ibkey_tab.approve_button.isEnabled(), timeout=EMULATOR_WAIT_MS)


def test_every_widget_of_every_emulators_tab_is_named_for_a_screen_reader(
    window: EmulatorsWindow, qtbot
) -> None:
    for tab in window.tab_names:  # each device kind's tab (its emulator part), then the desk
        window.show_tab(tab)
        qtbot.waitUntil(lambda: window.tabs.currentWidget().isVisible(), timeout=WAIT_MS)
        assert_accessible(window)
        if tab == "cards":
            _online_card(window, qtbot)
            assert_accessible(window)
        if tab == "desk":
            window.desk_tab.select_user("dscuser")
            qtbot.waitUntil(lambda: window.desk_tab.device_combo.count() > 0, timeout=EMULATOR_WAIT_MS)
            assert_accessible(window)


def test_the_emulators_card_view_is_named_before_a_card_is_chosen(window: EmulatorsWindow) -> None:
    window.show_tab("cards")
    window.cards_tab.view.set_card(None)
    assert unnamed(window) == []


def test_the_ibkey_notification_is_named_for_a_screen_reader(window: EmulatorsWindow, trader: Trader) -> None:
    window.show_tab("ibkey")
    _notification(window, trader)
    assert_accessible(window)


# --- tab order ------------------------------------------------------------------------------------------


FOOTER = ["readOnlyButton", "cancelButton", "emulatorsButton"]


def test_credentials_page_tab_order_follows_reading_order(trader: Trader) -> None:
    assert tab_order(trader.window) == [
        "liveModeButton",
        "paperModeButton",
        "usernameEdit",
        "passwordEdit",
        "rememberUsernameCheck",
        "languageCombo",
        "loginButton",
        "forgotLink",
        "emulatorsButton",
    ]


def test_second_factor_page_tab_order_follows_reading_order(trader: Trader) -> None:
    trader.log_in("smsuser")
    response = ["responseEdit", "responseSubmitButton"]
    assert tab_order(trader.window) == [*response, "requestNewCodeLink", *FOOTER]
    trader.find("requestNewCodeLink").click()
    trader.gateway.clock.advance(31)  # the harness's one clock: the gateway's and the window's
    trader.qtbot.waitUntil(trader.find("voiceChannelButton").isEnabled, timeout=WAIT_MS)
    assert tab_order(trader.window) == [
        *response,
        "requestNewCodeLink",
        "smsChannelButton",
        "voiceChannelButton",
        *FOOTER,
    ]


@pytest.mark.parametrize(("user", "kind"), [("dscuser", "dscplus"), ("carduser", "card"), ("tempuser", "")])
def test_challenge_pages_tab_order_follows_reading_order(trader: Trader, user: str, kind: str) -> None:
    view = trader.log_in(user)
    assert kind in view.challenge.kind
    assert tab_order(trader.window) == ["responseEdit", "responseSubmitButton", *FOOTER]


def test_ibkey_push_page_tab_order_follows_reading_order(trader: Trader) -> None:
    _push_expired(trader)
    assert tab_order(trader.window) == ["pushResendButton", "noNotificationLink", *FOOTER]


def test_device_list_and_existing_session_tab_order_follow_reading_order(trader: Trader) -> None:
    trader.log_in("multiuser")
    assert tab_order(trader.window) == ["deviceList", "deviceContinueButton", *FOOTER]
    trader.click("cancelButton")
    _existing_session(trader)
    assert tab_order(trader.window) == [
        "keepOtherButton",
        "takeoverButton",
        "cancelButton",
        "emulatorsButton",
    ]


def test_emulators_tabs_tab_order_follows_reading_order(window: EmulatorsWindow, trader: Trader) -> None:
    tab_bar = "qt_tabwidget_tabbar"
    _online_card(window, trader.qtbot)
    assert tab_order(window) == [
        tab_bar,
        "cardDeviceCombo",
        "cardDeviceOpenButton",
        "cardLookupSpin",
        "cardPrintButton",
        "cardSaveButton",
        "cardActivateFirstEdit",
        "cardActivateSecondEdit",
        "cardActivateButton",
    ]
    window.show_tab("ibkey")
    _notification(window, trader)
    assert tab_order(window) == [
        tab_bar,
        "ibkeyDeviceCombo",
        "ibkeyDeviceOpenButton",
        "ibkeyNotificationList",
        "ibkeyNumberButton1",
        "ibkeyNumberButton2",
        "ibkeyNumberButton3",
        "ibkeyNotMeButton",
        "ibkeyDenyButton",
        "ibkeyApproveButton",
        "ibkeyChallengeEdit",
        "ibkeyGenerateButton",
    ]


# --- the keyboard alone ---------------------------------------------------------------------------------


def type_into_focus(trader: Trader, text: str = "", key: Qt.Key | None = None) -> None:
    """Keys go where the focus is, as they do for a trader without a mouse."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    if text:
        trader.qtbot.keyClicks(widget, text)
    if key is not None:
        trader.qtbot.keyClick(widget, key)


def test_a_trader_logs_in_with_the_keyboard_alone(trader: Trader) -> None:
    window = trader.window
    window.activateWindow()
    trader.qtbot.waitUntil(lambda: trader.find("usernameEdit").hasFocus(), timeout=WAIT_MS)
    type_into_focus(trader, "dscuser", Qt.Key.Key_Tab)
    assert trader.find("passwordEdit").hasFocus()
    type_into_focus(trader, DEMO_PASSWORD)
    before = trader.view
    type_into_focus(trader, key=Qt.Key.Key_Return)
    trader.qtbot.waitUntil(
        lambda: trader.view is not before and trader.stage is not Stage.WORKING, timeout=WAIT_MS
    )
    assert trader.stage is Stage.SECOND_FACTOR, trader.view
    assert trader.find("usernameEdit").text() == "dscuser"
    trader.qtbot.waitUntil(lambda: trader.find("responseEdit").hasFocus(), timeout=WAIT_MS)
    before = trader.view
    type_into_focus(trader, trader.response_for("dscuser"), Qt.Key.Key_Return)
    trader.qtbot.waitUntil(lambda: trader.view is not before and trader.stage is Stage.DONE, timeout=WAIT_MS)
    assert trader.session_window().isVisible()
