"""The login window's frame (issue 16): one height for every page, the gateway it uses, and the way to the
demo's Client Services tab from the forgotten-details help."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.login_support import WAIT_MS, Trader
from tests.ui.test_pseudo_localisation import in_pseudo, pseudo_qm  # noqa: F401 - fixtures
from tests.ui.test_session_window import log_in_elsewhere
from trader_login.app.gui import DesktopApp
from trader_login.auth.client.views import Stage
from trader_login.ui.login_controller import LoginController
from trader_login.ui.login_window import DEFAULT_HEIGHT, LoginWindow

# Each second-factor page, by the demo user who gets it (the IB Key challenge page through its link).
SECOND_FACTOR_USERS = ("dscuser", "ibkeyuser", "carduser", "onlineuser", "smsuser", "tempuser", "totpuser")


def heights_through_every_page(trader: Trader) -> dict[str, int]:
    window = trader.window
    heights = {"credentials": window.height()}
    trader.find("usernameEdit").setText("dsc.user")
    trader.find("loginButton").click()
    heights["credentials, refused"] = window.height()
    assert trader.log_in("multiuser").stage is Stage.CHOOSE_DEVICE
    heights["device choice"] = window.height()
    trader.click("cancelButton")
    for user in SECOND_FACTOR_USERS:
        assert trader.log_in(user).stage is Stage.SECOND_FACTOR
        heights[user] = window.height()
        if user == "ibkeyuser":
            trader.click("noNotificationLink")
            heights["ibkeyuser, challenge"] = window.height()
        trader.click("cancelButton")
        heights[f"credentials after {user}"] = window.height()
    other = log_in_elsewhere(trader, "dscuser")
    try:
        trader.log_in("dscuser")
        assert trader.answer("dscuser").stage is Stage.EXISTING_SESSION
        heights["existing session"] = window.height()
        trader.click("keepOtherButton")
        heights["credentials, kept the other"] = window.height()
    finally:
        other.log_out()
    return heights


def as_the_demo(trader: Trader) -> None:
    """The window as with the embedded gateway: its notice (on the credentials page only), the gateway's
    line and the emulators button."""
    trader.window.set_demo_notice(DesktopApp.demo_notice())
    trader.window.set_gateway(None)
    trader.window.set_emulators_opener(lambda: None)


@pytest.mark.parametrize("demo", [False, True])
def test_the_window_keeps_one_height_on_every_page(trader: Trader, demo: bool) -> None:
    trader.qtbot.waitUntil(lambda: not trader.controller.tasks.busy(), timeout=WAIT_MS)
    if demo:
        as_the_demo(trader)
    heights = heights_through_every_page(trader)
    assert set(heights.values()) == {DEFAULT_HEIGHT}, heights


def test_the_forgotten_details_help_may_add_to_the_height_while_it_shows(trader: Trader) -> None:
    window = trader.window
    as_the_demo(trader)
    trader.find("usernameEdit").setText("dsc.user")
    trader.find("loginButton").click()  # a message under the user name
    trader.find("forgotLink").click()  # and the help below the form: all of it fits
    trader.qtbot.waitUntil(
        lambda: window.height() >= window.layout().totalHeightForWidth(window.width()), timeout=WAIT_MS
    )
    assert trader.find("forgotHelp").isVisible()
    trader.find("forgotLink").click()  # hidden again: back to the one height
    trader.qtbot.waitUntil(lambda: window.height() == DEFAULT_HEIGHT, timeout=WAIT_MS)
    assert trader.log_in("dscuser").stage is Stage.SECOND_FACTOR
    assert window.height() == DEFAULT_HEIGHT
    trader.click("cancelButton")
    # Left open, the help closes when the login moves on: the next page has the one height too.
    trader.find("forgotLink").click()
    trader.qtbot.waitUntil(lambda: window.height() > DEFAULT_HEIGHT, timeout=WAIT_MS)
    assert trader.log_in("ibkeyuser").stage is Stage.SECOND_FACTOR
    trader.qtbot.waitUntil(lambda: window.height() == DEFAULT_HEIGHT, timeout=WAIT_MS)
    assert not trader.find("forgotHelp").isVisible()
    trader.click("cancelButton")
    assert window.height() == DEFAULT_HEIGHT


def test_a_height_the_trader_chose_is_kept_from_page_to_page(trader: Trader) -> None:
    window = trader.window
    window.resize(window.width(), DEFAULT_HEIGHT + 100)
    assert trader.log_in("dscuser").stage is Stage.SECOND_FACTOR
    trader.click("cancelButton")
    assert window.height() == DEFAULT_HEIGHT + 100


# --- the gateway in use ----------------------------------------------------------------------------------


def test_a_separate_gateway_is_named_with_its_pinned_certificate(trader: Trader) -> None:
    label = trader.find("gatewayLabel")
    trader.window.set_gateway("https://gw.example:8443", fingerprint="ab" * 32)
    assert label.isVisible()
    assert label.text() == "Gateway: gw.example:8443 · pinned"
    assert label.toolTip() == (
        f"https://gw.example:8443: certificate pinned by its SHA-256 fingerprint {'ab' * 32}"
    )
    trader.window.set_gateway("https://gw.example", ca_cert="/etc/ssl/broker-ca.pem")
    assert label.text() == "Gateway: gw.example · verified"
    assert label.toolTip() == "https://gw.example: certificate verified against broker-ca.pem"
    trader.window.set_gateway("https://gw.example")
    assert label.text() == "Gateway: gw.example · verified"
    assert "system's certificate authorities" in label.toolTip()


def test_the_embedded_gateway_is_named_as_the_demo(trader: Trader) -> None:
    trader.window.set_gateway(None)
    label = trader.find("gatewayLabel")
    assert label.isVisible()
    assert label.text() == "Gateway: built-in demo"
    assert "this computer" in label.toolTip()


def test_a_window_not_told_its_gateway_says_nothing_of_it(qtbot) -> None:
    def never(_on_change: object) -> None:
        raise AssertionError("this window is never started")

    window = LoginWindow(LoginController(never))
    qtbot.addWidget(window)
    window.show()
    label = window.findChild(QLabel, "gatewayLabel")
    assert not label.isVisible()
    window.set_demo_notice("Demo gateway: user names dscuser; password demo123")  # as the app does for it
    assert label.isVisible()
    assert label.text() == "Gateway: built-in demo"


# --- the demo's Client Services ----------------------------------------------------------------------------


def test_forgotten_details_with_a_separate_gateway_only_say_call_client_services(trader: Trader) -> None:
    trader.window.set_gateway("https://gw.example:8443", fingerprint="ab" * 32)
    trader.find("forgotLink").click()
    assert "Call Client Services" in trader.find("forgotHelp").text()
    assert "demo" not in trader.find("forgotHelp").text()
    assert not trader.find("clientServicesLink").isVisible()


@pytest.fixture
def opened_tabs(trader: Trader) -> list[str]:
    """The window as with the embedded gateway, whose opener shows a stand-in emulators window."""
    from PySide6.QtWidgets import QWidget

    class Emulators(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.setObjectName("emulatorsWindow")
            self.shown: list[str] = []

        def show_tab(self, name: str) -> None:
            self.shown.append(name)

    emulators = Emulators()
    trader.qtbot.addWidget(emulators)
    trader.window.set_gateway(None)
    trader.window.set_emulators_opener(emulators.show)
    return emulators.shown


def test_forgotten_details_in_the_demo_open_the_client_services_tab(trader: Trader, opened_tabs) -> None:
    link = trader.find("clientServicesLink")
    assert not link.isVisible()
    trader.find("forgotLink").click()
    help_text = trader.find("forgotHelp").text()
    assert "Call Client Services" in help_text
    assert "\u201cClient Services\u201d tab of the Device emulators window" in help_text
    assert link.isVisible()
    link.click()
    assert opened_tabs == ["desk"]
    assert any(w.objectName() == "emulatorsWindow" and w.isVisible() for w in QApplication.topLevelWidgets())
    trader.find("emulatorsButton").click()  # the plain button opens the window as it was
    assert opened_tabs == ["desk"]


def test_in_a_longer_language_the_height_settles_after_one_round_and_stays(
    trader: Trader, request: pytest.FixtureRequest
) -> None:
    """With every text 40 % longer the window may grow (never clipping a text), once: a second round over
    every page keeps the height the first one ended with."""
    trader.qtbot.waitUntil(lambda: not trader.controller.tasks.busy(), timeout=WAIT_MS)
    as_the_demo(trader)
    request.getfixturevalue("in_pseudo")()  # (tests.ui.test_pseudo_localisation's fixture)
    heights_through_every_page(trader)
    settled = trader.window.height()
    heights = heights_through_every_page(trader)
    assert set(heights.values()) == {settled}, heights
    assert settled >= DEFAULT_HEIGHT


# --- a message on the second-factor page ---------------------------------------------------------------


def test_a_refused_response_says_so_under_the_response_field(trader: Trader) -> None:
    trader.log_in("dscuser")
    view = trader.type_response("00000000")
    assert view.error_code == "LOGIN_FAILED"
    message, response = trader.find("messageLabel"), trader.find("responseEdit")
    assert message.isVisible()
    assert message.text().startswith("Login failed")
    assert trader.find("secondFactorPage").isAncestorOf(message)
    top = message.mapTo(trader.window, message.rect().topLeft()).y()
    assert top > response.mapTo(trader.window, response.rect().bottomLeft()).y()
    trader.click("cancelButton")  # back on the credentials page: the general line again
    assert not trader.find("secondFactorPage").isAncestorOf(message)
