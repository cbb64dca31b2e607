"""Issue 13, "no traps": the per-attempt marker testers wait on (`replyCount`, `busy`, `replyShown`), every
button that sends disabled in the same event-loop turn as the click or the Enter key, and the selectors
(`languageCombo`, `accountCombo`, `deviceList`) doing from code what they do by hand."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from tests.ui.login_support import WAIT_MS, Trader
from tests.ui.test_session_window import log_in_elsewhere
from trader_login.auth.client.views import Stage
from trader_login.ui.login_controller import LoginController
from trader_login.ui.login_window import LoginWindow

WAIT = 30_000  # a safety net for a loaded runner, never a measurement


def replies(trader: Trader) -> int:
    return trader.window.property("replyCount")


def click_and_wait_for_reply(trader: Trader, name: str) -> int:
    """The documented pattern: read the marker, click, wait until it has moved on."""
    before = replies(trader)
    trader.find(name).click()
    trader.qtbot.waitUntil(lambda: replies(trader) > before, timeout=WAIT)
    return replies(trader) - before


def type_credentials(trader: Trader, user: str, password: str) -> None:
    trader.find("usernameEdit").setText(user)
    trader.find("passwordEdit").setText(password)


# --- the marker ---------------------------------------------------------------------------------------------


def test_the_marker_starts_at_zero_and_idle(trader: Trader) -> None:
    assert replies(trader) == 0
    assert trader.window.property("busy") is False


def test_a_repeated_refusal_moves_the_marker_each_time(trader: Trader) -> None:
    # The trap of issue 13: a second wrong password shows the very same text, so waiting for the text to
    # change waits forever. The marker moves once per reply, whatever the text.
    type_credentials(trader, "dscuser", "wrong1")
    assert click_and_wait_for_reply(trader, "loginButton") == 1
    first = trader.message()
    assert first == "Invalid user name password combination"
    assert trader.window.property("busy") is False
    type_credentials(trader, "dscuser", "wrong2")
    assert click_and_wait_for_reply(trader, "loginButton") == 1
    assert trader.message() == first
    assert trader.window.property("busy") is False


def test_an_r1_refusal_on_the_spot_moves_the_marker_too(trader: Trader) -> None:
    trader.qtbot.waitUntil(lambda: not trader.controller.tasks.busy(), timeout=WAIT)
    for _ in range(2):
        before = replies(trader)
        type_credentials(trader, "DscUser", "demo123")
        trader.find("loginButton").click()
        assert replies(trader) == before + 1  # answered in the click itself
        assert trader.message() == "User names are lower case. Is Caps Lock on?"
        assert trader.find("loginButton").isEnabled()


def test_busy_holds_from_the_click_until_the_reply_and_the_signal_carries_the_count(trader: Trader) -> None:
    type_credentials(trader, "dscuser", "demo123")
    before = replies(trader)
    with trader.qtbot.waitSignal(trader.window.replyShown, timeout=WAIT) as shown:
        trader.find("loginButton").click()
        assert trader.window.property("busy") is True  # at once, before any event is processed
        assert replies(trader) == before
    assert shown.args == [before + 1]
    assert trader.window.property("busy") is False
    assert trader.stage is Stage.SECOND_FACTOR
    assert trader.find("secondFactorPage").isVisible()  # the page is on screen when the marker moves


def test_every_step_of_a_login_moves_the_marker_once(trader: Trader) -> None:
    type_credentials(trader, "multiuser", "demo123")
    assert click_and_wait_for_reply(trader, "loginButton") == 1
    assert trader.stage is Stage.CHOOSE_DEVICE
    devices = trader.find("deviceList")
    devices.setCurrentRow(0)  # DSC+, the most secure
    assert click_and_wait_for_reply(trader, "deviceContinueButton") == 1
    assert trader.view.challenge.kind == "dscplus"
    trader.find("responseEdit").setText("00000000")
    assert click_and_wait_for_reply(trader, "responseSubmitButton") == 1
    assert trader.message().startswith("Login failed: that is not the response of your DSC+")
    trader.find("responseEdit").setText(trader.response_for("multiuser"))
    assert click_and_wait_for_reply(trader, "responseSubmitButton") == 1
    trader.session_window()
    assert trader.window.property("busy") is False


def test_an_ibkey_approval_on_the_phone_moves_the_marker(trader: Trader) -> None:
    type_credentials(trader, "ibkeyuser", "demo123")
    assert click_and_wait_for_reply(trader, "loginButton") == 1
    assert trader.view.challenge.is_push
    before = replies(trader)
    trader.approve_push("ibkeyuser")
    trader.qtbot.waitUntil(lambda: replies(trader) > before, timeout=WAIT)
    assert trader.window.session_window is not None


# --- disabled in the same event-loop turn -------------------------------------------------------------------


def test_log_in_is_disabled_in_the_same_turn_as_the_click_and_cancel_stays_usable(trader: Trader) -> None:
    type_credentials(trader, "dscuser", "demo123")
    login = trader.find("loginButton")
    login.click()
    assert not login.isEnabled()  # no event processed since the click
    assert not trader.find("usernameEdit").isEnabled()
    assert not trader.find("passwordEdit").isEnabled()
    trader.qtbot.waitUntil(lambda: trader.find("cancelButton").isVisible(), timeout=WAIT_MS * 3)
    assert trader.find("cancelButton").isEnabled()


def test_enter_in_either_field_disables_log_in_at_once(trader: Trader) -> None:
    for field in ("usernameEdit", "passwordEdit"):
        type_credentials(trader, "dscuser", "wrong")
        before = replies(trader)
        trader.qtbot.keyClick(trader.find(field), Qt.Key.Key_Return)
        assert not trader.find("loginButton").isEnabled()
        assert trader.window.property("busy") is True
        trader.qtbot.waitUntil(lambda before=before: replies(trader) > before, timeout=WAIT)
        assert trader.find("loginButton").isEnabled()


def test_a_gateway_that_cannot_be_reached_moves_the_marker(open_desktop, gateway, qtbot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    trader = Trader(qtbot, open_desktop(f"https://127.0.0.1:{port}", "ab" * 32), gateway)
    for _ in range(2):  # the same message twice
        type_credentials(trader, "dscuser", "demo123")
        assert click_and_wait_for_reply(trader, "loginButton") == 1
        assert "cannot be reached" in trader.message()


def test_a_gateway_that_cannot_be_started_moves_the_marker(qtbot) -> None:
    def connect(_on_change):
        raise OSError("no port")

    controller = LoginController(connect)
    window = LoginWindow(controller)
    qtbot.addWidget(window)
    window.show()
    # Before any Log In: the failure is shown and counted.
    with qtbot.waitSignal(window.replyShown, timeout=WAIT):
        controller.start()
    label = window.findChild(QLabel, "messageLabel")
    assert label.text().startswith("The gateway could not be started")
    # A Log In that waited for the gateway: one reply, the failed attempt's page with the message.
    window.findChild(QLineEdit, "usernameEdit").setText("dscuser")
    window.findChild(QLineEdit, "passwordEdit").setText("demo123")
    before = window.property("replyCount")
    window.findChild(QPushButton, "loginButton").click()
    qtbot.waitUntil(lambda: window.property("replyCount") > before, timeout=WAIT)
    qtbot.waitUntil(lambda: not controller.tasks.busy(), timeout=WAIT)
    assert window.property("replyCount") == before + 1
    assert label.text().startswith("The gateway could not be started")
    assert window.findChild(QPushButton, "loginButton").isEnabled()
    window.close()


# --- every button that sends --------------------------------------------------------------------------------


def click_disables_at_once(trader: Trader, name: str, *also: str) -> None:
    """Clicks `name`; before any event is processed it (and `also`) are disabled and the window is busy;
    then waits for the reply, after which the page is usable again."""
    button = trader.find(name)
    assert button.isEnabled()
    before = replies(trader)
    button.click()
    assert not button.isEnabled(), name
    for other in also:
        assert not trader.find(other).isEnabled(), other
    assert trader.window.property("busy") is True
    trader.qtbot.waitUntil(lambda: replies(trader) > before, timeout=WAIT)
    assert trader.window.property("busy") is False


def test_the_device_choice_is_disabled_at_once(trader: Trader) -> None:
    type_credentials(trader, "multiuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    click_disables_at_once(trader, "deviceContinueButton", "deviceList")
    assert trader.stage is Stage.SECOND_FACTOR


def test_the_response_is_disabled_at_once_by_click_and_by_enter(trader: Trader) -> None:
    type_credentials(trader, "dscuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    trader.find("responseEdit").setText("00000000")
    click_disables_at_once(trader, "responseSubmitButton", "readOnlyButton")
    first = trader.message()
    assert first.startswith("Login failed")
    # Enter in the response field: the same, in the same turn.
    response = trader.find("responseEdit")
    response.setText("00000000")
    before = replies(trader)
    trader.qtbot.keyClick(response, Qt.Key.Key_Return)
    assert not trader.find("responseSubmitButton").isEnabled()
    assert response.isReadOnly()
    assert trader.find("cancelButton").isEnabled()  # every wait can be cancelled
    trader.qtbot.waitUntil(lambda: replies(trader) > before, timeout=WAIT)
    assert trader.message() == first  # the same text again, a new reply
    assert trader.find("responseSubmitButton").isEnabled()


def test_enter_read_only_is_disabled_at_once(trader: Trader) -> None:
    type_credentials(trader, "dscuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    click_disables_at_once(trader, "readOnlyButton", "responseSubmitButton")
    trader.session_window()


def test_the_push_page_links_are_disabled_at_once(trader: Trader) -> None:
    type_credentials(trader, "ibkeyuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    trader.gateway.clock.advance(181)  # the notification expires (one clock: gateway and window)
    trader.qtbot.waitUntil(trader.find("pushResendButton").isVisible, timeout=WAIT)
    trader.qtbot.waitUntil(lambda: not trader.window.property("busy"), timeout=WAIT)
    click_disables_at_once(trader, "pushResendButton", "noNotificationLink")
    assert trader.view.challenge.is_push
    click_disables_at_once(trader, "noNotificationLink", "readOnlyButton")
    assert trader.view.challenge.kind == "ibkey_challenge"


def test_the_new_code_buttons_are_disabled_at_once(trader: Trader) -> None:
    type_credentials(trader, "smsuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    trader.find("requestNewCodeLink").click()
    for channel in ("smsChannelButton", "voiceChannelButton"):
        trader.gateway.clock.advance(31)  # the resend delay (the gateway's clock and the window's)
        trader.qtbot.waitUntil(trader.find(channel).isEnabled, timeout=WAIT)
        if not trader.find(channel).isVisible():
            trader.find("requestNewCodeLink").click()
        other = "voiceChannelButton" if channel == "smsChannelButton" else "smsChannelButton"
        click_disables_at_once(trader, channel, other, "responseSubmitButton")
    assert trader.view.challenge.channel == "voice"


def test_the_existing_session_answers_are_disabled_at_once(trader: Trader) -> None:
    other = log_in_elsewhere(trader, "dscuser")
    type_credentials(trader, "dscuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    trader.find("responseEdit").setText(trader.response_for("dscuser"))
    click_and_wait_for_reply(trader, "responseSubmitButton")
    assert trader.stage is Stage.EXISTING_SESSION
    click_disables_at_once(trader, "keepOtherButton", "takeoverButton")
    assert trader.stage is Stage.CANCELLED
    type_credentials(trader, "dscuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    trader.find("responseEdit").setText(trader.response_for("dscuser"))
    click_and_wait_for_reply(trader, "responseSubmitButton")
    click_disables_at_once(trader, "takeoverButton", "keepOtherButton")
    trader.session_window()
    other.log_out()


def test_a_busy_login_can_be_cancelled(trader: Trader, sls_gateway) -> None:
    type_credentials(trader, "dscuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    # The response's reply is held at the gateway, so the step is surely in flight when Cancel is clicked
    # (however fast the worker would otherwise have finished).
    held = sls_gateway.faults.hold("/v1/login/respond")
    trader.find("responseEdit").setText(trader.response_for("dscuser"))
    trader.find("responseSubmitButton").click()
    trader.qtbot.waitUntil(lambda: held.waiting == 1, timeout=WAIT_MS)
    assert trader.window.property("busy") is True
    cancel = trader.find("cancelButton")
    assert cancel.isVisible()
    assert cancel.isEnabled()
    before = replies(trader)
    cancel.click()
    assert replies(trader) == before + 1  # the credentials page is back at once
    assert trader.stage is Stage.CANCELLED
    assert trader.window.property("busy") is False
    assert trader.find("loginButton").isEnabled()
    held.release()  # the late reply of the cancelled step changes nothing on screen
    trader.qtbot.waitUntil(lambda: held.waiting == 0, timeout=WAIT_MS)
    assert trader.stage is Stage.CANCELLED
    assert replies(trader) == before + 1


# --- selectors set from code --------------------------------------------------------------------------------


def test_setting_the_language_combo_from_code_switches_the_language_once(trader: Trader) -> None:
    chosen: list[str] = []
    trader.window.languageChosen.connect(chosen.append)
    combo = trader.find("languageCombo")
    try:
        combo.setCurrentIndex(combo.findData("ja"))
        trader.qtbot.waitUntil(lambda: trader.find("loginButton").text() != "Log In", timeout=WAIT)
        assert trader.desktop.settings.value("language") == "ja"
        # The app shows the language it switched to in the combo: that is not a new choice (no loop).
        trader.desktop.set_language("ru")
        assert combo.currentData() == "ru"
        assert chosen == ["ja"]
    finally:
        combo.setCurrentIndex(combo.findData("en"))
    trader.qtbot.waitUntil(lambda: trader.find("loginButton").text() == "Log In", timeout=WAIT)
    assert chosen == ["ja", "en"]


def test_setting_the_account_combo_from_code_chooses_the_account(trader: Trader) -> None:
    type_credentials(trader, "linkeduser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    trader.find("responseEdit").setText(trader.response_for("linkeduser"))
    click_and_wait_for_reply(trader, "responseSubmitButton")
    session = trader.session_window()
    accounts = [account.id for account in trader.view.session.accounts]
    combo = trader.find("accountCombo")
    assert session.property("account") == accounts[0]
    with trader.qtbot.waitSignal(session.accountChosen, timeout=WAIT) as chosen:
        combo.setCurrentIndex(2)
    assert chosen.args == [accounts[2]]
    assert session.property("account") == accounts[2]
    assert accounts[2] in session.windowTitle()
    # By hand (the keyboard) the same happens.
    combo.setFocus()
    with trader.qtbot.waitSignal(session.accountChosen, timeout=WAIT) as chosen:
        trader.qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert chosen.args == [accounts[1]]
    assert session.property("account") == accounts[1]
    trader.find("logoutButton").click()
    trader.qtbot.waitUntil(lambda: trader.window.session_window is None, timeout=WAIT)


def test_selecting_a_device_row_from_code_is_the_pick_continue_sends(trader: Trader) -> None:
    type_credentials(trader, "multiuser", "demo123")
    click_and_wait_for_reply(trader, "loginButton")
    devices, page = trader.find("deviceList"), trader.find("deviceChoicePage")
    ids = [option.id for option in trader.view.devices]
    kinds = [option.kind for option in trader.view.devices]
    devices.setCurrentRow(1)
    assert page.property("deviceId") == ids[1]
    sms = kinds.index("sms")
    devices.item(sms).setSelected(True)  # selection without the current row: as a click would pick it
    assert devices.currentRow() == sms
    assert page.property("deviceId") == ids[sms]
    assert trader.find("deviceContinueButton").isEnabled()
    # Enter in the list (itemActivated) sends the pick, disabled at once as a click on Continue would be.
    before = replies(trader)
    trader.qtbot.keyClick(devices, Qt.Key.Key_Return)
    assert not trader.find("deviceContinueButton").isEnabled()
    assert not devices.isEnabled()
    trader.qtbot.waitUntil(lambda: replies(trader) > before, timeout=WAIT)
    assert trader.view.challenge.kind == "sms"


def test_the_documented_marker_example_runs_as_written(qtbot, login_window) -> None:
    # docs/testing.md, "Waiting for the reply": the public fixture, object names and the marker only.
    find = login_window.findChild
    login = find(QPushButton, "loginButton")
    for attempt in range(2):
        find(QLineEdit, "usernameEdit").setText("dscuser")
        find(QLineEdit, "passwordEdit").setText(f"wrong{attempt}")
        before = login_window.property("replyCount")
        login.click()
        assert not login.isEnabled()  # disabled in the click itself
        qtbot.waitUntil(lambda before=before: login_window.property("replyCount") > before, timeout=30_000)
        assert find(QLabel, "messageLabel").text() == "Invalid user name password combination"
    find(QLineEdit, "passwordEdit").setText("wrong2")
    with qtbot.waitSignal(login_window.replyShown, timeout=30_000):
        login.click()
    assert login.isEnabled()
