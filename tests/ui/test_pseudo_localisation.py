"""Pseudo-localisation (issue 8): with every text 40 % longer and accented (app.pseudo_locale), every page of
the login window, the session window and each emulators tab still shows its labels and buttons whole.

A text is clipped when the widget's geometry is smaller than the text needs (app.pseudo_locale.clipped_texts:
a one-line label narrower than the text's advance, a word-wrapped label shorter than its height for its
width, a button smaller than its size hint, …). A failure lists every clipped widget of every page, by
object name and text; the fix belongs in the layout (word wrap, size policy), not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.gateway.http_support import Client, dsc_response
from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app import pseudo_locale
from trader_login.app.emulator_services import close_services, embedded_services
from trader_login.app.gui import DesktopApp, application
from trader_login.app.pseudo_locale import clipped_texts
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS
from trader_login.ui.emulators import EmulatorsWindow


@pytest.fixture(scope="module")
def pseudo_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pseudo_locale.build(tmp_path_factory.mktemp("pseudo") / "trader_login_pseudo.qm")


@pytest.fixture
def in_pseudo(qapp: QApplication, pseudo_qm: Path) -> Iterator[Callable[[], None]]:
    """`in_pseudo()` installs the pseudo-language over whatever the app installed (the newest translator
    answers first), so call it once the windows exist; removed again at the end of the test."""
    translator = QTranslator()
    assert translator.load(str(pseudo_qm)), pseudo_qm
    installed: list[QTranslator] = []
    unstyled = qapp.styleSheet()
    application()  # the app's style sheet: its paddings and minimum heights are part of the geometry

    def install() -> None:
        QCoreApplication.installTranslator(translator)
        installed.append(translator)
        settle()

    yield install
    for each in installed:
        QCoreApplication.removeTranslator(each)
    qapp.setStyleSheet(unstyled)


def settle() -> None:
    """Lets the posted LanguageChange, layout requests and the windows' grow-to-fit timers run."""
    for _ in range(4):
        QApplication.processEvents()


# --- the check (app.pseudo_locale.clipped_texts) ------------------------------------------------------


def test_the_check_sees_a_clipped_label_button_and_wrapped_label(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    label, button, wrapped = (
        QLabel("A label far too long for it", root),
        QPushButton("&Go on", root),
        QLabel(root),
    )
    wrapped.setWordWrap(True)
    wrapped.setText("Several words that wrap onto more lines than the label is high")
    for widget, top in ((label, 0), (button, 30), (wrapped, 60)):
        widget.setGeometry(0, top, 60, 20)
    root.resize(200, 100)
    root.show()
    settle()
    found = clipped_texts(root)
    assert len(found) == 3, found
    assert "'Go on'" in found[1]
    label.resize(label.sizeHint())
    button.resize(button.sizeHint())
    wrapped.setGeometry(0, 60, 200, wrapped.heightForWidth(200))
    assert clipped_texts(root) == []


class Pages:
    """Collects what clips, page by page, and fails once at the end with all of it."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.problems: list[str] = []

    def check(self, page: str, root: QWidget) -> None:
        self.seen.append(page)
        settle()
        self.problems += [f"{page}: {problem}" for problem in clipped_texts(root)]

    def assert_none_clipped(self) -> None:
        assert not self.problems, "clipped in the pseudo-language:\n  " + "\n  ".join(self.problems)


# --- the login window and the session window ---------------------------------------------------------


def log_in_elsewhere(gateway: Client, user: str) -> LoginFlow:
    """The same user name logging in on another machine, taking any session over."""
    flow = LoginFlow(
        GatewayClient(gateway.url, fingerprint=gateway.server.fingerprint), kdf_limits=TEST_LIMITS
    )
    view = flow.log_in(user, DEMO_PASSWORD)
    view = flow.respond(dsc_response(gateway.device(user, "dscplus"), view.challenge.digits))
    if view.stage is Stage.EXISTING_SESSION:
        flow.answer_existing_session(True)
    return flow


def test_no_page_of_the_login_clips_a_text_40_percent_longer(
    trader: Trader, in_pseudo: Callable[[], None]
) -> None:
    window = trader.window
    in_pseudo()
    window.set_demo_notice(trader.desktop.demo_notice())  # as without --gateway
    assert trader.find("loginButton").text().startswith("["), "the pseudo-language is not installed"
    pages = Pages()
    pages.check("credentials", window)

    trader.find("usernameEdit").setText("Trader.Joe")
    trader.click("loginButton")  # R1: the character refused, on the message line
    credentials = window.credentials
    credentials.caps_lock_warning.show()
    credentials.forgot_link.click()
    pages.check("credentials with messages and help", window)
    credentials.forgot_link.click()
    credentials.caps_lock_warning.hide()
    credentials.username_edit.clear()

    trader.log_in("multiuser")
    pages.check("device choice", window)
    trader.click("cancelButton")

    trader.log_in("ibkeyuser")
    pages.check("IB Key notification", window)
    push = trader.view.challenge
    trader.desktop.clock.advance(push.push_deadline - trader.desktop.clock() + 1)
    settle()
    pages.check("IB Key notification expired", window)
    trader.click("noNotificationLink")
    pages.check("IB Key challenge", window)
    trader.click("cancelButton")

    trader.log_in("dscuser")
    trader.type_response("12345678")
    pages.check("DSC+ after a wrong response", window)
    trader.click("cancelButton")
    pages.check("credentials after cancel", window)

    for user, page in (
        ("carduser", "Security Code Card"),
        ("onlineuser", "Online Security Code Card"),
        ("tempuser", "temporary passcode"),
    ):
        trader.log_in(user)
        pages.check(page, window)
        trader.click("cancelButton")

    trader.log_in("smsuser")
    trader.find("requestNewCodeLink").click()
    pages.check("SMS with the channels", window)
    trader.gateway.clock.advance(31)  # the harness's one clock: the gateway's and the window's
    trader.qtbot.waitUntil(trader.find("voiceChannelButton").isEnabled, timeout=WAIT_MS)
    trader.click("voiceChannelButton")
    trader.find("requestNewCodeLink").click()
    pages.check("SMS voice callback", window)
    trader.click("cancelButton")

    other = log_in_elsewhere(trader.gateway, "linkeduser")
    trader.log_in("linkeduser")
    assert trader.answer("linkeduser").stage is Stage.EXISTING_SESSION
    pages.check("existing session", window)
    assert trader.click("takeoverButton").stage is Stage.DONE
    session = trader.session_window()
    settle()
    pages.check("session", session)
    other = log_in_elsewhere(trader.gateway, "linkeduser")
    trader.qtbot.waitUntil(session.status_label.isVisible, timeout=WAIT_MS)
    pages.check("session taken over", session)
    trader.click("logoutButton")
    other.log_out()

    pages.assert_none_clipped()


def test_the_read_only_session_does_not_clip_either(trader: Trader, in_pseudo: Callable[[], None]) -> None:
    in_pseudo()
    pages = Pages()
    trader.log_in("dscuser")
    pages.check("DSC+ with Enter read only", trader.window)
    assert trader.click("readOnlyButton").stage is Stage.DONE
    pages.check("read-only session", trader.session_window())
    pages.assert_none_clipped()


# --- the emulators window ------------------------------------------------------------------------------


@pytest.fixture
def emulators(qtbot: QtBot, gateway: Client, desktop: DesktopApp) -> Iterator[EmulatorsWindow]:
    services = embedded_services(gateway.gateway, gateway.url, gateway.server.fingerprint)
    window = EmulatorsWindow(services, poll_ms=100)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(window.entries) > 0, timeout=WAIT_MS)
    yield window
    window.close()
    close_services(services)


def test_no_emulators_tab_clips_a_text_40_percent_longer(
    qtbot: QtBot, trader: Trader, emulators: EmulatorsWindow, in_pseudo: Callable[[], None]
) -> None:
    in_pseudo()
    assert emulators.windowTitle().startswith("[")
    pages = Pages()

    emulators.show_tab("dscplus")
    dsc = emulators.dscplus_tab
    dsc.picker.select_user("dscuser")
    dsc.press_button_clicked()
    for key in "1234":
        dsc.press_key(key)
    dsc.press_ok()
    pages.check("DSC+", emulators)

    emulators.show_tab("ibkey")
    ibkey = emulators.ibkey_tab
    ibkey.picker.select_user("ibkeyuser")
    trader.log_in("ibkeyuser")
    qtbot.waitUntil(lambda: ibkey.notifications.count() > 0, timeout=WAIT_MS)
    ibkey.notifications.setCurrentRow(0)
    ibkey.challenge_edit.setText("31415926")
    ibkey.generate()
    pages.check("IB Key phone", emulators)
    trader.click("cancelButton")

    emulators.show_tab("phone")
    emulators.phone_tab.picker.select_user("smsuser")
    trader.log_in("smsuser")
    qtbot.waitUntil(lambda: emulators.phone_tab.inbox.count() > 0, timeout=WAIT_MS)
    pages.check("phone", emulators)
    trader.click("cancelButton")

    emulators.show_tab("cards")
    emulators.cards_tab.picker.select_user("onlineuser")
    pages.check("cards", emulators)

    emulators.show_tab("desk")
    emulators.desk_tab.select_user("tempuser")
    qtbot.waitUntil(lambda: emulators.desk_tab.demo_label.text() != "", timeout=WAIT_MS)
    pages.check("Client Services desk", emulators)

    pages.assert_none_clipped()
