"""Every demo user with a device logs in using only the login window and the Device emulators window, as a
trader trying the product would (issue 6, item 8): the emulators are opened with the login window's
`emulatorsButton`, every value the trader types is read off a widget of one window and typed into a widget
of the other, and every click goes to a visible, enabled button found by object name (SPEC §8).

One exception, said where it happens: the Cards tab shows its codes only as a painted image, so the codes
at the two index values are read from the card view's `card` (the card it paints)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.gateway.http_support import PIN, Client
from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app.emulator_services import embedded_services
from trader_login.app.gui import DesktopApp

RESEND_DELAY_S = 30  # R10: a new code is offered 30 s after the last one


# --- fixtures -------------------------------------------------------------------------------------------


@pytest.fixture
def desktop_with_emulators(open_desktop: Callable[..., DesktopApp], gateway: Client) -> DesktopApp:
    """The `desktop` of tests/ui/conftest.py, whose emulators window works over the test's own gateway.
    `open_desktop` closes it (and with it the emulators window, its workers and its services)."""
    return open_desktop(
        gateway.url,
        gateway.server.fingerprint,
        emulator_services=lambda: embedded_services(gateway.gateway, gateway.url, gateway.server.fingerprint),
    )


@pytest.fixture
def trader(qtbot: QtBot, desktop_with_emulators: DesktopApp, gateway: Client) -> Trader:
    """Overrides tests/ui/conftest.py's `trader`: the same helper over the desktop with emulators."""
    return Trader(qtbot, desktop_with_emulators, gateway)


# --- the emulators window, by object name -----------------------------------------------------------------


def press(qtbot: QtBot, button: QPushButton) -> None:
    """A mouse click, as a trader can make it: only on a button that is on screen and enabled."""
    assert button.isVisible(), f"{button.objectName()} is not on screen"
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Clears the field and types `text` key by key (so textEdited fires, as it does for a trader)."""
    assert edit.isVisible(), f"{edit.objectName()} is not on screen"
    edit.clear()
    qtbot.keyClicks(edit, text)


class Emulators:
    """The Device emulators window as a trader uses it."""

    def __init__(self, qtbot: QtBot, window: QWidget) -> None:
        self.qtbot = qtbot
        self.window = window

    def find(self, name: str, kind: type[QWidget] = QWidget) -> QWidget:
        found = self.window.findChild(kind, name)
        assert found is not None, f"no widget named {name!r} in the emulators window"
        return found

    def show_tab_of(self, name: str) -> None:
        """Brings forward the tab that holds the widget `name` (the tab pages have no object names)."""
        tabs = self.find("emulatorTabs")
        widget = self.find(name)
        for index in range(tabs.count()):
            if tabs.widget(index).isAncestorOf(widget):
                tabs.setCurrentIndex(index)
                assert widget.isVisible(), f"{name} is still hidden on its tab"
                return
        raise AssertionError(f"{name} is on no tab")

    def pick(self, combo_name: str, user: str) -> None:
        """Chooses `user`'s device in a tab's device list ("dscuser — DSC+ DSC12345678")."""
        self.show_tab_of(combo_name)
        combo = self.find(combo_name, QComboBox)
        labels: list[str] = []

        def listed() -> bool:
            labels[:] = [combo.itemText(i) for i in range(combo.count())]
            return any(label.split()[:1] == [user] for label in labels)

        self.qtbot.waitUntil(listed, timeout=WAIT_MS)
        combo.setCurrentIndex(next(i for i, label in enumerate(labels) if label.split()[:1] == [user]))

    def press(self, name: str) -> None:
        press(self.qtbot, self.find(name, QPushButton))

    def pick_number(self, trader: Trader) -> None:
        """Push number matching: presses the phone's button with the number the login window shows."""
        shown = trader.find("pushNumberLabel", QLabel).text()
        buttons = [self.find(f"ibkeyNumberButton{index}", QPushButton) for index in (1, 2, 3)]
        self.qtbot.waitUntil(lambda: any(b.text() == shown for b in buttons), timeout=WAIT_MS)
        press(self.qtbot, next(button for button in buttons if button.text() == shown))

    def text(self, name: str) -> str:
        return self.find(name, QLabel).text()


def open_emulators(trader: Trader) -> Emulators:
    """Clicks "Device emulators…" in the login window; the window that opens is found by object name."""
    press(trader.qtbot, trader.find("emulatorsButton"))
    shown = [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.objectName() == "emulatorsWindow" and widget.isVisible()
    ]
    assert len(shown) == 1, shown
    # The documented state: loaded, its tabs enabled (they are disabled under a note while it loads).
    trader.qtbot.waitUntil(lambda: shown[0].property("loading") is False, timeout=WAIT_MS)
    return Emulators(trader.qtbot, shown[0])


# --- the login window ---------------------------------------------------------------------------------------


def log_in(trader: Trader, user: str) -> None:
    trader.log_in(user)
    trader.qtbot.waitUntil(lambda: trader.find("secondFactorPage").isVisible(), timeout=WAIT_MS)


def challenge_digits(trader: Trader) -> str:
    label = trader.find("challengeLabel", QLabel)
    assert label.isVisible()
    return re.sub(r"[^0-9]", "", label.text())


def challenge_indices(trader: Trader) -> tuple[int, int]:
    label = trader.find("challengeLabel", QLabel)
    assert label.isVisible()
    first, second = (int(number) for number in re.findall(r"[0-9]+", label.text()))
    return first, second


def submit_response(trader: Trader, response: str) -> None:
    type_text(trader.qtbot, trader.find("responseEdit"), response)
    press(trader.qtbot, trader.find("responseSubmitButton"))


def in_session_then_log_out(trader: Trader, device: str) -> None:
    """The session window opens with the device named; Log out brings the login window back."""
    session = trader.session_window()
    assert session.objectName() == "sessionWindow"
    assert session.isVisible()
    assert not trader.window.isVisible()
    assert device in trader.find("deviceLabel").text()
    press(trader.qtbot, trader.find("logoutButton"))
    trader.qtbot.waitUntil(
        lambda: trader.window.isVisible() and trader.window.session_window is None, timeout=WAIT_MS
    )
    assert trader.find("usernameEdit").isVisible()


# --- the logins ---------------------------------------------------------------------------------------------


def test_dscuser_logs_in_with_the_dscplus_tab(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "dscuser")
    challenge = challenge_digits(trader)
    assert challenge

    emulators.pick("dscDeviceCombo", "dscuser")
    emulators.press("dscPressButton")
    assert emulators.text("dscDisplay") == "PIN>"
    for digit in PIN:
        emulators.press(f"dscKey{digit}")
    assert emulators.text("dscDisplay") == "PIN> " + "*" * len(PIN)
    emulators.press("dscOkButton")
    assert emulators.text("dscDisplay") == "CHALLNG>"
    for digit in challenge:
        emulators.press(f"dscKey{digit}")
    assert emulators.text("dscDisplay") == f"CHALLNG> {challenge}"
    emulators.press("dscOkButton")
    response = emulators.text("dscDisplay")
    assert re.fullmatch(r"[0-9]{8}", response), response

    submit_response(trader, response)
    in_session_then_log_out(trader, "Digital Security Card+")


def test_ibkeyuser_approves_the_push_on_the_ibkey_phone_tab(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "ibkeyuser")
    assert trader.find("pushStatusLabel").isVisible()
    assert not trader.find("responseEdit").isVisible()

    emulators.pick("ibkeyDeviceCombo", "ibkeyuser")
    notifications = emulators.find("ibkeyNotificationList", QListWidget)
    trader.qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)  # the phone's poll
    assert "ibkeyuser" in emulators.text("ibkeyDetailsLabel")
    emulators.pick_number(trader)
    emulators.press("ibkeyApproveButton")  # one click approves
    trader.qtbot.waitUntil(lambda: "Approved" in emulators.text("ibkeyMessageLabel"), timeout=WAIT_MS)

    in_session_then_log_out(trader, "IB Key")  # the login window noticed the approval by itself


def test_ibkeyuser_answers_the_challenge_with_the_ibkey_phone_tab(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "ibkeyuser")
    trader.act(lambda: press(trader.qtbot, trader.find("noNotificationLink")))
    challenge = challenge_digits(trader)
    assert len(challenge) == 8
    assert trader.find("responseEdit").isVisible()

    emulators.pick("ibkeyDeviceCombo", "ibkeyuser")
    type_text(trader.qtbot, emulators.find("ibkeyChallengeEdit", QLineEdit), challenge)
    emulators.press("ibkeyGenerateButton")
    response = emulators.text("ibkeyResponseLabel")
    assert re.fullmatch(r"[0-9]{8}", response), response

    submit_response(trader, response)
    in_session_then_log_out(trader, "IB Key")


def wait_for_inbox(emulators: Emulators, count: int) -> QListWidget:
    inbox = emulators.find("phoneInbox", QListWidget)
    emulators.qtbot.waitUntil(lambda: inbox.count() == count, timeout=WAIT_MS)  # the phone's poll
    return inbox


def test_smsuser_types_the_code_texted_to_the_phone_tab(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "smsuser")
    emulators.pick("phoneDeviceCombo", "smsuser")
    inbox = wait_for_inbox(emulators, 1)
    (code,) = re.findall(r"(?<![0-9])[0-9]{6}(?![0-9])", inbox.item(0).text())

    submit_response(trader, code)
    in_session_then_log_out(trader, "SMS")


def test_smsuser_asks_for_a_voice_call_and_types_the_code_it_reads_out(
    trader: Trader, gateway: Client
) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "smsuser")
    emulators.pick("phoneDeviceCombo", "smsuser")
    wait_for_inbox(emulators, 1)

    press(trader.qtbot, trader.find("requestNewCodeLink"))
    voice = trader.find("voiceChannelButton")
    assert voice.isVisible()
    assert not voice.isEnabled()  # R10: not before 30 s
    gateway.clock.advance(RESEND_DELAY_S + 1)  # the harness's one clock: the gateway's and the window's
    trader.qtbot.waitUntil(voice.isEnabled, timeout=WAIT_MS)
    trader.act(lambda: press(trader.qtbot, voice))

    wait_for_inbox(emulators, 2)
    assert "Incoming call" in emulators.text("phoneCallLabel")
    emulators.press("phoneAnswerButton")
    digits = emulators.find("phoneCallDigits", QLabel)
    heard: list[str] = []

    def all_six() -> bool:
        spoken = digits.text().replace(" ", "")
        if not heard or heard[-1] != spoken:
            heard.append(spoken)
        return len(spoken) == 6

    trader.qtbot.waitUntil(all_six, timeout=WAIT_MS)
    assert [len(spoken) for spoken in heard if spoken][:2] == [1, 2], heard  # one digit at a time
    code = heard[-1]
    assert code.isdigit()

    submit_response(trader, code)
    in_session_then_log_out(trader, "SMS")


@pytest.mark.parametrize(
    ("user", "device"), [("carduser", "Security Code Card"), ("onlineuser", "Online Security Code Card")]
)
def test_card_users_type_the_codes_at_the_two_index_values(trader: Trader, user: str, device: str) -> None:
    emulators = open_emulators(trader)
    log_in(trader, user)
    first, second = challenge_indices(trader)
    assert first != second

    emulators.pick("cardDeviceCombo", user)
    assert emulators.find("cardView").isVisible()
    # The codes as the tab gives them in text ("Code at index"), beside the painted card.
    spin, code = emulators.find("cardLookupSpin"), emulators.find("cardLookupLabel")
    codes = []
    for index in (first, second):
        spin.setValue(index)
        codes.append(code.text())
    assert all(len(c) == 3 for c in codes)
    submit_response(trader, "".join(codes))
    in_session_then_log_out(trader, device)


def test_tempuser_types_the_passcode_from_client_services_in_lower_case(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "tempuser")
    assert not trader.find("challengeLabel").isVisible()

    emulators.show_tab_of("deskUserCombo")
    users = emulators.find("deskUserCombo", QComboBox)
    trader.qtbot.waitUntil(lambda: users.findText("tempuser") >= 0, timeout=WAIT_MS)
    users.setCurrentIndex(users.findText("tempuser"))
    passcode: list[str] = []

    def shown() -> bool:
        found = re.fullmatch(r"[A-Z0-9]{6,}", emulators.text("tempPasscodeLabel"))
        if found:
            passcode[:] = [found.group(0)]
        return found is not None

    trader.qtbot.waitUntil(shown, timeout=WAIT_MS)
    (code,) = passcode
    assert code == code.upper()

    edit = trader.find("responseEdit", QLineEdit)
    type_text(trader.qtbot, edit, code.lower())
    assert edit.text() == code.upper()  # R4: shown in upper case as it is typed
    press(trader.qtbot, trader.find("responseSubmitButton"))
    in_session_then_log_out(trader, "emporary")


# --- stale state: the emulators follow a fresh challenge and a new login (issue 16) -------------------------


def dsc_response(trader: Trader, emulators: Emulators, challenge: str) -> str:
    """The PIN, then `challenge`, on the DSC+ tab's keypad; the response on its display."""
    emulators.press("dscPressButton")
    for digit in PIN:
        emulators.press(f"dscKey{digit}")
    emulators.press("dscOkButton")
    for digit in challenge:
        emulators.press(f"dscKey{digit}")
    emulators.press("dscOkButton")
    response = emulators.text("dscDisplay")
    assert re.fullmatch(r"[0-9]{8}", response), response
    return response


def test_a_refused_dscplus_response_leaves_the_emulator_on_the_new_challenge(trader: Trader) -> None:
    """A wrong response, then one from the wrong device (linkeduser's DSC+, picked by hand): each time the
    DSC+ tab shows the login's new challenge, marked as new, and no longer the old response; after the
    wrong device, dscuser's DSC+ is selected again."""
    emulators = open_emulators(trader)
    log_in(trader, "dscuser")
    first = challenge_digits(trader)
    line = emulators.find("dscLoginChallengeLabel", QLabel)
    trader.qtbot.waitUntil(lambda: line.isVisible() and first in line.text(), timeout=WAIT_MS)
    assert line.property("renewed") is False

    right = dsc_response(trader, emulators, first)
    mistyped = right[:-1] + str((int(right[-1]) + 1) % 10)
    trader.act(lambda: submit_response(trader, mistyped))
    second = challenge_digits(trader)
    assert second != first
    trader.qtbot.waitUntil(lambda: second in line.text(), timeout=WAIT_MS)
    assert first not in line.text()
    assert line.property("renewed") is True
    assert emulators.text("dscDisplay") == "CHALLNG>"  # the old response is gone; the PIN still holds

    emulators.pick("dscDeviceCombo", "linkeduser")  # the wrong device
    wrong = dsc_response(trader, emulators, second)
    trader.act(lambda: submit_response(trader, wrong))
    third = challenge_digits(trader)
    combo = emulators.find("dscDeviceCombo", QComboBox)
    trader.qtbot.waitUntil(lambda: combo.currentText().split()[0] == "dscuser", timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: third in line.text(), timeout=WAIT_MS)
    assert emulators.text("dscDisplay") != wrong

    submit_response(trader, dsc_response(trader, emulators, third))
    in_session_then_log_out(trader, "Digital Security Card+")


def test_a_refused_ibkey_response_clears_the_phone_and_shows_the_new_challenge(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "ibkeyuser")
    trader.act(lambda: press(trader.qtbot, trader.find("noNotificationLink")))
    first = challenge_digits(trader)
    line = emulators.find("ibkeyLoginChallengeLabel", QLabel)
    trader.qtbot.waitUntil(lambda: line.isVisible() and first in line.text(), timeout=WAIT_MS)

    emulators.pick("ibkeyDeviceCombo", "ibkeyuser")
    edit = emulators.find("ibkeyChallengeEdit", QLineEdit)
    type_text(trader.qtbot, edit, first)
    emulators.press("ibkeyGenerateButton")
    right = emulators.text("ibkeyResponseLabel")
    wrong = "".join(str((int(d) + 1) % 10) for d in right)
    trader.act(lambda: submit_response(trader, wrong))
    second = challenge_digits(trader)
    assert second != first

    trader.qtbot.waitUntil(lambda: second in line.text(), timeout=WAIT_MS)
    assert line.property("renewed") is True
    assert edit.text() == ""  # the old challenge …
    assert emulators.text("ibkeyResponseLabel") == ""  # … and its response are gone
    type_text(trader.qtbot, edit, second)
    emulators.press("ibkeyGenerateButton")
    submit_response(trader, emulators.text("ibkeyResponseLabel"))
    in_session_then_log_out(trader, "IB Key")


def test_the_next_login_does_not_show_the_last_ones_approval(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "ibkeyuser")
    notifications = emulators.find("ibkeyNotificationList", QListWidget)
    trader.qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    emulators.pick_number(trader)
    emulators.press("ibkeyApproveButton")
    trader.qtbot.waitUntil(lambda: "Approved" in emulators.text("ibkeyMessageLabel"), timeout=WAIT_MS)
    in_session_then_log_out(trader, "IB Key")

    log_in(trader, "ibkeyuser")  # the second login: its own notification, nothing decided yet
    trader.qtbot.waitUntil(lambda: emulators.text("ibkeyMessageLabel") == "", timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    assert "Approved" not in emulators.text("ibkeyMessageLabel")
    emulators.pick_number(trader)
    emulators.press("ibkeyApproveButton")
    in_session_then_log_out(trader, "IB Key")


def test_following_a_login_selects_the_device_of_the_user_logging_in(trader: Trader) -> None:
    """Several users have a DSC+: each login selects its own user's on the DSC+ tab."""
    emulators = open_emulators(trader)
    combo = emulators.find("dscDeviceCombo", QComboBox)
    for user in ("linkeduser", "dscuser"):
        log_in(trader, user)
        trader.qtbot.waitUntil(lambda u=user: combo.currentText().split()[0] == u, timeout=WAIT_MS)
        press(trader.qtbot, trader.find("cancelButton"))
        trader.qtbot.waitUntil(lambda: trader.find("usernameEdit").isVisible(), timeout=WAIT_MS)


def test_a_refused_card_response_shows_the_new_index_values_on_the_cards_tab(trader: Trader) -> None:
    emulators = open_emulators(trader)
    log_in(trader, "carduser")
    first = challenge_indices(trader)
    line = emulators.find("cardLoginChallengeLabel", QLabel)
    trader.qtbot.waitUntil(
        lambda: line.isVisible() and f"{first[0]} and {first[1]}" in line.text(), timeout=WAIT_MS
    )
    trader.act(lambda: submit_response(trader, "AAAAAA"))
    second = challenge_indices(trader)
    trader.qtbot.waitUntil(lambda: f"{second[0]} and {second[1]}" in line.text(), timeout=WAIT_MS)
    assert line.property("renewed") is True
    press(trader.qtbot, trader.find("cancelButton"))
    trader.qtbot.waitUntil(lambda: not line.isVisible(), timeout=WAIT_MS)  # no login, no challenge to answer
