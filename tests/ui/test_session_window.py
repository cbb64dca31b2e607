"""The session window and the existing-session page (R12, R16, R17), and the remembered user name."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from tests.gateway.http_support import dsc_response
from tests.ui.login_support import Trader
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS
from trader_login.ui import formatting

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation


def log_in_elsewhere(trader: Trader, user: str, *, takeover: bool = True) -> LoginFlow:
    """The same user name logging in on another machine (a second client, not this window)."""
    client = GatewayClient(trader.gateway.url, fingerprint=trader.gateway.server.fingerprint)
    flow = LoginFlow(client, kdf_limits=TEST_LIMITS)
    view = flow.log_in(user, DEMO_PASSWORD)
    view = flow.respond(dsc_response(trader.gateway.device(user, "dscplus"), view.challenge.digits))
    if view.stage is Stage.EXISTING_SESSION:
        view = flow.answer_existing_session(takeover)
    return flow


def test_r16_a_session_taken_over_elsewhere_says_so_within_five_seconds(trader: Trader) -> None:
    trader.log_in("dscuser")
    trader.answer("dscuser")
    trader.session_window()
    status = trader.find("sessionStatusLabel")
    assert not status.isVisible()
    other = log_in_elsewhere(trader, "dscuser")
    trader.qtbot.waitUntil(status.isVisible, timeout=WAIT_MS)
    assert "taken over" in status.text()
    assert not trader.find("accountCombo").isEnabled()
    trader.click("logoutButton")
    assert trader.stage is Stage.CREDENTIALS
    trader.qtbot.waitUntil(lambda: trader.window.session_window is None, timeout=WAIT_MS)
    assert trader.window.isVisible()  # the session window is gone (deleted on close), the login is back
    other.log_out()


def test_r16_existing_session_keep_the_other_then_take_it_over(trader: Trader) -> None:
    other = log_in_elsewhere(trader, "dscuser")
    trader.log_in("dscuser")
    view = trader.answer("dscuser")
    assert view.stage is Stage.EXISTING_SESSION
    question = trader.find("existingSessionLabel").text()
    assert question == (
        "This user name is already logged in elsewhere. Log in here and disconnect the other session?"
    )
    assert trader.click("keepOtherButton").stage is Stage.CANCELLED
    assert trader.message() == "The other session stays logged in."
    assert other.check_session().session.status == "active"

    trader.log_in("dscuser")
    assert trader.answer("dscuser").stage is Stage.EXISTING_SESSION
    assert trader.click("takeoverButton").stage is Stage.DONE
    trader.session_window()
    assert other.check_session().session.status == "taken_over"


def test_r12_withdrawal_limits_in_the_traders_locale() -> None:
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert formatting.amount(1_500_000, german) == "USD 1.500.000"
    assert formatting.amount(1_500_000, QLocale(QLocale.Language.English)) == "USD 1,500,000"
    assert formatting.amount(None) == "unlimited"
    assert formatting.amount(0) == "none"
    text = formatting.withdrawal_limits(200_000, 600_000, QLocale(QLocale.Language.English))
    assert text == "Per day: USD 200,000\nPer 5 business days: USD 600,000"


def test_the_session_window_shows_expiry_in_local_time(trader: Trader) -> None:
    trader.log_in("carduser")
    trader.answer("carduser")
    trader.session_window()
    expires = trader.view.session.expires_at
    assert trader.find("expiryLabel").text() == formatting.local_time(expires)


def test_remember_user_name_goes_to_the_keychain_and_fills_the_next_window(
    trader: Trader, keychain, open_desktop
) -> None:
    trader.find("rememberUsernameCheck").setChecked(True)
    trader.log_in("optoutuser")
    trader.session_window()
    trader.qtbot.waitUntil(lambda: keychain.remembered_username() == "optoutuser", timeout=WAIT_MS)
    trader.click("logoutButton")

    again = open_desktop(trader.gateway.url, trader.gateway.server.fingerprint)
    edit = again.window.findChild(type(trader.find("usernameEdit")), "usernameEdit")
    trader.qtbot.waitUntil(lambda: edit.text() == "optoutuser", timeout=WAIT_MS)
    assert again.window.credentials.remember_check.isChecked()

    trader.find("rememberUsernameCheck").setChecked(False)
    trader.log_in("optoutuser")
    trader.session_window()
    trader.qtbot.waitUntil(lambda: keychain.remembered_username() is None, timeout=WAIT_MS)
