"""The credentials page after an answer (issue 16): the field to fix has the focus, a message about a field
shows right under it and follows the trader's edits, a space says where it is, and the password is
emptied after every attempt that comes back to this page."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget

from tests.gateway.conftest import Sls
from tests.ui.login_support import WAIT_MS, Trader
from tests.ui.test_session_window import log_in_elsewhere
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD


def active(trader: Trader) -> None:
    """The window active (offscreen too), so that `hasFocus` means what the trader sees; the keychain's
    late read (which may fill in the user name) is over."""
    trader.qtbot.waitUntil(lambda: not trader.controller.tasks.busy(), timeout=WAIT_MS)
    trader.window.activateWindow()
    trader.qtbot.waitUntil(trader.window.isActiveWindow, timeout=WAIT_MS)


def focused(trader: Trader) -> QWidget | None:
    return trader.window.focusWidget()


def below(widget: QWidget, other: QWidget) -> int:
    """How far `other`'s top is below `widget`'s bottom, in the window's coordinates."""
    window = widget.window()
    bottom = widget.mapTo(window, widget.rect().bottomLeft()).y()
    return other.mapTo(window, other.rect().topLeft()).y() - bottom


def click_log_in(trader: Trader, user: str, password: str = DEMO_PASSWORD) -> None:
    trader.find("usernameEdit").setText(user)
    trader.find("passwordEdit").setText(password)
    trader.find("loginButton").click()  # R1 answers in the click: nothing to wait for


# --- focus -----------------------------------------------------------------------------------------------


def test_after_log_out_the_password_field_has_the_focus(trader: Trader) -> None:
    trader.log_in("dscuser")
    trader.answer("dscuser")
    trader.session_window()
    trader.click("logoutButton")
    trader.qtbot.waitUntil(
        lambda: trader.window.isVisible() and trader.window.session_window is None, timeout=WAIT_MS
    )
    active(trader)
    password = trader.find("passwordEdit")
    assert trader.find("usernameEdit").text() == "dscuser"
    trader.qtbot.waitUntil(password.hasFocus, timeout=WAIT_MS)
    assert password.text() == ""
    assert focused(trader) is password


def test_after_log_out_with_no_user_name_the_user_name_field_has_the_focus(trader: Trader) -> None:
    trader.log_in("dscuser")
    trader.answer("dscuser")
    trader.session_window()
    trader.find("usernameEdit").clear()  # (hidden meanwhile) nothing to keep
    trader.click("logoutButton")
    trader.qtbot.waitUntil(lambda: trader.window.session_window is None, timeout=WAIT_MS)
    username = trader.find("usernameEdit")
    # The view brings the user name back: the password is the field to type into.
    expected = trader.find("passwordEdit") if username.text() else username
    assert focused(trader) is expected


@pytest.mark.parametrize(
    ("name", "selected"),
    [(" dscuser", " "), ("dsc user", " "), ("dscuser ", " "), ("dsc..user", ".."), ("DSCuser", "DSC")],
)
def test_a_user_name_refusal_focuses_the_name_with_the_offending_part_selected(
    trader: Trader, name: str, selected: str
) -> None:
    active(trader)
    click_log_in(trader, name)
    username = trader.find("usernameEdit", QLineEdit)
    trader.qtbot.waitUntil(username.hasFocus, timeout=WAIT_MS)
    assert focused(trader) is username
    assert username.selectedText() == selected
    assert username.selectionStart() == name.index(selected)


def test_an_empty_user_name_is_the_field_to_fill(trader: Trader) -> None:
    active(trader)
    click_log_in(trader, "")
    assert trader.message() == "Enter your user name."
    trader.qtbot.waitUntil(trader.find("usernameEdit").hasFocus, timeout=WAIT_MS)


def test_a_wrong_password_focuses_the_emptied_password_field(trader: Trader) -> None:
    active(trader)
    trader.find("usernameEdit").setFocus()
    view = trader.log_in("dscuser", "wrong-password")
    assert view.error_code == "INVALID_CREDENTIALS"
    password = trader.find("passwordEdit")
    trader.qtbot.waitUntil(password.hasFocus, timeout=WAIT_MS)
    assert password.text() == ""


def test_after_a_general_refusal_the_emptied_password_has_the_focus(trader: Trader) -> None:
    Sls(trader.gateway.gateway).fail_password("dscuser", 10)
    active(trader)
    view = trader.log_in("dscuser")
    assert view.stage is Stage.LOCKED
    password = trader.find("passwordEdit")
    trader.qtbot.waitUntil(password.hasFocus, timeout=WAIT_MS)
    assert password.text() == ""


def test_the_device_choice_has_the_focus_on_its_list(trader: Trader) -> None:
    active(trader)
    assert trader.log_in("multiuser").stage is Stage.CHOOSE_DEVICE
    devices = trader.find("deviceList")
    trader.qtbot.waitUntil(devices.hasFocus, timeout=WAIT_MS)


def test_the_existing_session_question_has_the_focus_on_its_primary_answer(trader: Trader) -> None:
    other = log_in_elsewhere(trader, "dscuser")
    try:
        active(trader)
        trader.log_in("dscuser")
        assert trader.answer("dscuser").stage is Stage.EXISTING_SESSION
        trader.qtbot.waitUntil(trader.find("takeoverButton").hasFocus, timeout=WAIT_MS)
    finally:
        other.log_out()


# --- messages next to their field ---------------------------------------------------------------------


def test_a_user_name_message_shows_right_under_the_user_name_field(trader: Trader) -> None:
    click_log_in(trader, "dsc.user")
    message, username = trader.find("messageLabel"), trader.find("usernameEdit")
    assert message.isVisible()
    assert message.text().startswith("BAD CHARACTER")
    assert 0 <= below(username, message) <= 12  # right under the field, above the password's label
    assert below(message, trader.find("passwordEdit")) > 0
    assert username.accessibleDescription() == message.text()  # read with the field
    assert trader.find("passwordEdit").accessibleDescription() == ""


def test_a_wrong_password_message_shows_right_under_the_password_field(trader: Trader) -> None:
    trader.log_in("dscuser", "wrong-password")
    message, password = trader.find("messageLabel"), trader.find("passwordEdit")
    assert message.text() == "Invalid user name password combination"
    assert 0 <= below(password, message) <= 12
    assert below(message, trader.find("rememberUsernameCheck")) > 0
    assert password.accessibleDescription() == message.text()
    assert trader.find("usernameEdit").accessibleDescription() == ""


def test_a_wrong_mode_message_shows_under_live_and_paper(trader: Trader) -> None:
    view = trader.log_in("dscuser", paper=True)
    assert view.error_code == "WRONG_MODE"
    message = trader.find("messageLabel")
    assert 0 <= below(trader.find("paperModeButton"), message) <= 12
    assert below(message, trader.find("usernameEdit")) > 0


def test_a_general_refusal_stays_on_the_general_line_below_the_page(trader: Trader) -> None:
    Sls(trader.gateway.gateway).fail_password("dscuser", 10)
    assert trader.log_in("dscuser").stage is Stage.LOCKED
    message = trader.find("messageLabel")
    assert "locked" in message.text()
    assert below(trader.find("loginButton"), message) > 0
    assert not trader.find("credentialsPage").isAncestorOf(message)


def test_the_message_moves_back_to_the_general_line_for_the_next_answer(trader: Trader) -> None:
    click_log_in(trader, "dsc.user")
    page, message = trader.find("credentialsPage"), trader.find("messageLabel")
    assert page.isAncestorOf(message)
    Sls(trader.gateway.gateway).fail_password("dscuser", 10)
    trader.log_in("dscuser")
    assert not page.isAncestorOf(message)
    assert "locked" in trader.message()


def test_a_bad_character_message_goes_as_soon_as_the_name_is_fixed(trader: Trader) -> None:
    active(trader)
    click_log_in(trader, "dsc.user")
    username = trader.find("usernameEdit", QLineEdit)
    trader.qtbot.waitUntil(username.hasFocus, timeout=WAIT_MS)
    assert username.selectedText() == "."
    trader.qtbot.keyClicks(username, "_")  # replaces the selection: still wrong, the message follows
    assert username.text() == "dsc_user"
    assert trader.message().endswith('Found "_".')
    trader.qtbot.keyClick(username, "\b")  # Backspace
    assert username.text() == "dscuser"
    assert trader.message() == ""
    assert not trader.find("messageLabel").isVisible()


def test_an_upper_case_message_goes_once_the_name_is_lower_case(trader: Trader) -> None:
    active(trader)
    click_log_in(trader, "Dscuser")
    username = trader.find("usernameEdit", QLineEdit)
    trader.qtbot.waitUntil(username.hasFocus, timeout=WAIT_MS)
    trader.qtbot.keyClicks(username, "d")
    assert username.text() == "dscuser"
    assert trader.message() == ""


def test_a_wrong_password_message_is_not_touched_by_editing_the_name(trader: Trader) -> None:
    trader.log_in("dscuser", "wrong-password")
    trader.qtbot.keyClicks(trader.find("usernameEdit"), "x")
    assert trader.message() == "Invalid user name password combination"


@pytest.mark.parametrize(
    ("name", "where"),
    [
        (" dscuser ", "Found a space at the start."),
        ("dscuser ", "Found a space at the end."),
        ("dsc user", 'Found a space after "dsc".'),
    ],
)
def test_a_space_in_the_user_name_says_where_it_is(trader: Trader, name: str, where: str) -> None:
    click_log_in(trader, name)
    assert trader.message().startswith("BAD CHARACTER")
    assert trader.message().endswith(where)


def test_fixing_the_first_space_tells_of_the_next_one(trader: Trader) -> None:
    click_log_in(trader, " dscuser ")
    username = trader.find("usernameEdit", QLineEdit)
    username.setSelection(0, 1)
    username.del_()  # as the trader's Delete key: textEdited follows
    assert username.text() == "dscuser "
    assert trader.message().endswith("Found a space at the end.")


# --- the password: one rule ----------------------------------------------------------------------------


def test_the_password_is_emptied_after_a_user_name_refusal(trader: Trader) -> None:
    click_log_in(trader, "Dscuser")
    assert trader.stage is Stage.CREDENTIALS
    assert trader.find("passwordEdit").text() == ""


@pytest.mark.parametrize("paper", [False, True])
def test_the_password_is_emptied_after_each_refusal_from_the_gateway(trader: Trader, paper: bool) -> None:
    # A wrong password (R2); a wrong mode (the right password, in Paper).
    view = trader.log_in("dscuser", DEMO_PASSWORD if paper else "wrong-password", paper=paper)
    assert view.error_code == ("WRONG_MODE" if paper else "INVALID_CREDENTIALS")
    assert trader.find("passwordEdit").text() == ""


def test_the_password_is_emptied_after_a_lockout(trader: Trader) -> None:
    Sls(trader.gateway.gateway).fail_password("dscuser", 10)
    assert trader.log_in("dscuser").stage is Stage.LOCKED
    assert trader.find("passwordEdit").text() == ""


def test_the_password_is_emptied_after_a_cancel(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    assert trader.click("cancelButton").stage is Stage.CANCELLED
    assert trader.find("passwordEdit").text() == ""
    assert trader.find("usernameEdit").text() == "ibkeyuser"


def test_the_password_is_emptied_when_the_gateway_cannot_be_reached(open_desktop, gateway, qtbot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    trader = Trader(qtbot, open_desktop(f"https://127.0.0.1:{port}", "ab" * 32), gateway)
    assert trader.log_in("dscuser").stage is Stage.FAILED
    assert "cannot be reached" in trader.message()
    assert not trader.find("credentialsPage").isAncestorOf(trader.find("messageLabel"))
    assert trader.find("passwordEdit").text() == ""
