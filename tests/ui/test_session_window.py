"""The session window and the existing-session page (R12, R16, R17), and the remembered user name."""

from __future__ import annotations

from typing import Any

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
    assert formatting.amount(None) == "Unlimited"
    assert formatting.amount(0) == "None allowed"
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


# --- issue 16: one state, a single account as text, the paper banner, the limits, closing asks ----------


def test_a_taken_over_session_shows_one_state_not_logged_in_under_it(trader: Trader) -> None:
    trader.log_in("dscuser")
    trader.answer("dscuser")
    session = trader.session_window()
    title = session.title
    assert title.text() == "Logged in"
    other = log_in_elsewhere(trader, "dscuser")
    status = trader.find("sessionStatusLabel")
    trader.qtbot.waitUntil(status.isVisible, timeout=WAIT_MS)
    assert title.text() == "Session ended"
    assert "Logged in" not in (title.text(), status.text())
    trader.click("logoutButton")
    other.log_out()


def test_a_single_account_is_text_several_are_a_list(trader: Trader) -> None:
    trader.log_in("carduser")
    trader.answer("carduser")
    session = trader.session_window()
    label = trader.find("accountLabel")
    assert label.isVisible()
    assert not session.account_combo.isVisible()
    assert label.text() == session.account_combo.currentText()
    assert "(" in label.text()  # the type and the id: "Individual (U…)"
    assert session.property("account") == trader.view.session.accounts[0].id
    trader.click("logoutButton")

    trader.log_in("linkeduser")
    trader.answer("linkeduser")
    session = trader.session_window()
    assert session.account_combo.isVisible()
    assert session.account_combo.isEnabled()
    assert session.account_combo.count() > 1
    assert not session.account_label.isVisible()
    trader.click("logoutButton")


def test_a_paper_session_has_a_banner_a_live_one_none(trader: Trader) -> None:
    trader.log_in("paperuser", paper=True)
    if trader.view.challenge is not None:
        trader.answer("paperuser")
    trader.session_window()
    banner = trader.find("paperBanner")
    assert banner.isVisible()
    assert "Paper trading" in banner.text()
    trader.click("logoutButton")

    trader.log_in("carduser")
    trader.answer("carduser")
    trader.session_window()
    assert not trader.find("paperBanner").isVisible()
    trader.click("logoutButton")


def test_no_withdrawals_and_unlimited_read_differently() -> None:
    english = QLocale(QLocale.Language.English)
    assert formatting.withdrawal_limits(0, 0, english) == "No withdrawals allowed"
    assert formatting.withdrawal_limits(None, None, english) == "Unlimited"
    assert (
        formatting.withdrawal_limits(0, 5_000, english)
        == "Per day: None allowed\nPer 5 business days: USD 5,000"
    )
    assert formatting.amount(None) != formatting.amount(0)


def test_the_account_type_goes_through_the_translator(trader: Trader) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

    class Japanese(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return "個人" if (context, source) == ("SessionWindow", "Individual") else None

    trader.log_in("carduser")
    trader.answer("carduser")
    session = trader.session_window()
    assert trader.find("accountLabel").text().startswith("Individual (")
    translator = Japanese()
    QCoreApplication.installTranslator(translator)
    try:
        QCoreApplication.sendEvent(session, QEvent(QEvent.Type.LanguageChange))
        assert trader.find("accountLabel").text().startswith("個人 (")
    finally:
        QCoreApplication.removeTranslator(translator)
        QCoreApplication.sendEvent(session, QEvent(QEvent.Type.LanguageChange))
    trader.click("logoutButton")


def _close_and_find_confirmation(trader: Trader, session) -> Any:
    session.close()
    trader.qtbot.waitUntil(lambda: session.confirm_dialog is not None, timeout=WAIT_MS)
    dialog = session.confirm_dialog
    assert dialog.objectName() == "logoutConfirmDialog"
    trader.qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.text() == "Log out and close?"
    return dialog


def test_closing_the_session_window_asks_cancel_keeps_the_session(trader: Trader) -> None:
    from PySide6.QtWidgets import QPushButton

    trader.log_in("carduser")
    trader.answer("carduser")
    session = trader.session_window()
    dialog = _close_and_find_confirmation(trader, session)
    assert session.isVisible()  # asked, not closed
    dialog.findChild(QPushButton, "cancelLogoutButton").click()
    trader.qtbot.waitUntil(lambda: session.confirm_dialog is None, timeout=WAIT_MS)
    assert session.isVisible()
    assert trader.stage is Stage.DONE
    assert trader.window.session_window is session
    trader.click("logoutButton")  # the button itself logs out without asking


def test_closing_the_session_window_asks_log_out_ends_the_session(trader: Trader) -> None:
    from PySide6.QtWidgets import QPushButton

    trader.log_in("carduser")
    trader.answer("carduser")
    session = trader.session_window()
    dialog = _close_and_find_confirmation(trader, session)
    trader.act(dialog.findChild(QPushButton, "confirmLogoutButton").click)
    trader.qtbot.waitUntil(lambda: trader.window.session_window is None, timeout=WAIT_MS)
    assert trader.stage is Stage.CREDENTIALS
    assert trader.window.isVisible()


def test_closing_the_login_window_mid_login_closes_the_emulators_too(trader: Trader) -> None:
    from PySide6.QtWidgets import QApplication

    trader.log_in("ibkeyuser")
    assert trader.view.challenge is not None
    assert trader.view.challenge.kind == "ibkey_push"
    trader.desktop.open_emulators()
    emulators = trader.desktop.emulators
    trader.qtbot.waitUntil(emulators.isVisible, timeout=WAIT_MS)
    trader.window.close()
    trader.qtbot.waitUntil(lambda: not emulators.isVisible(), timeout=WAIT_MS)
    # Nothing left on screen: a QApplication quits on its last window closed.
    assert [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()] == []
    app = trader.gateway.device("ibkeyuser", "ibkey")
    trader.qtbot.waitUntil(lambda: trader.gateway.phone_pushes(app).json() == {"pushes": []}, timeout=WAIT_MS)


def test_local_time_is_the_one_way_to_show_a_moment_in_the_windows_language() -> None:
    from datetime import UTC
    from zoneinfo import ZoneInfo

    from trader_login.auth import moments

    expires = 1_796_455_200.0  # Sat 5 Dec 2026, 07:20 UTC
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert formatting.local_time(expires, english, zone=UTC) == "Sat 5 Dec 2026, 07:20 UTC"
    tokyo = ZoneInfo("Asia/Tokyo")
    japanese = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
    assert formatting.local_time(expires, japanese, zone=tokyo) == moments.show(
        expires, language="ja", zone=tokyo
    )
    assert formatting.local_time(expires, japanese, zone=tokyo).endswith("JST")
    previous = QLocale()
    QLocale.setDefault(QLocale("ru_RU"))  # what app.i18n.Languages.use("ru") sets
    try:
        assert formatting.local_time(expires, zone=UTC) == moments.show(expires, language="ru", zone=UTC)
    finally:
        QLocale.setDefault(previous)
