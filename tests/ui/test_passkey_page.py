"""The security key's pages (issue 18): a user with a registered virtual key logs in by touching it in the
emulators' Security key tab; the seconds left count down on the harness's clock; Cancel mid-ceremony goes
back to the credentials with nothing counted; a ceremony that ends without an answer says why and offers
"Try again"; an enrolment code, then the key's registration with a name, opens the session; a key with a PIN
asks for it on the page. Driven as a tester would: object names, waits on state, the harness's one clock
(`sls_gateway.clock`) for the gateway, the window and the emulators."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app import driving
from trader_login.app.emulator_services import close_services
from trader_login.app.gui import DesktopApp
from trader_login.app.testing import SlsGateway
from trader_login.auth import rules, texts
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.auth.devices.passkey import DEFAULT_PRESENCE_TIMEOUT
from trader_login.ui import messages
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.pages.second_factor import SecondFactorPage
from trader_login.ui.tasks import Ceremony

USER = "keyuser"
PIN = "4711"


@pytest.fixture
def emulators(qtbot: QtBot, desktop: DesktopApp, sls_gateway: SlsGateway) -> Iterator[EmulatorsWindow]:
    """The Device emulators window over the test's gateway, following the login of `desktop`."""
    services = sls_gateway.emulator_services()
    window = EmulatorsWindow(services, wall_clock=sls_gateway.clock)
    qtbot.addWidget(window)
    desktop.controller.viewChanged.connect(window.follow_login)
    window.show()
    qtbot.waitUntil(lambda: window.property("loading") is False, timeout=WAIT_MS)
    yield window
    window.close()
    assert window.tasks.wait(0)
    close_services(services)


@pytest.fixture
def keyuser(sls_gateway: SlsGateway) -> Any:
    """A user whose one device is a virtual security key with a registered passkey."""
    return sls_gateway.add_user(USER, devices=["passkey"])


def find(window: QWidget, name: str, kind: type = QWidget) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def to_touch_page(trader: Trader) -> None:
    trader.log_in(USER)
    assert driving.page_kind(trader.window) == "passkey", trader.message()


def touch_button(trader: Trader, emulators: EmulatorsWindow) -> QPushButton:
    """The Security key tab's Touch, once the key waits for it (the page started the ceremony itself)."""
    touch = find(emulators, "securityKeyTouchButton", QPushButton)
    trader.qtbot.waitUntil(touch.isEnabled, timeout=WAIT_MS)
    return touch


def seconds_shown(trader: Trader) -> int:
    label = trader.find("securityKeySecondsLabel", QLabel)
    assert label.isVisible()
    (number,) = re.findall(r"[0-9]+", label.text())
    return int(number)


def failures(sls_gateway: SlsGateway) -> int:
    return int(sls_gateway.status(USER)["failures"])


# --- logging in ---------------------------------------------------------------------------------------------


def test_a_registered_key_touched_in_the_emulators_opens_the_session(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    to_touch_page(trader)
    page = trader.find("secondFactorPage")
    assert page.title.text() == "Security key"
    assert trader.find("instructionsLabel", QLabel).text().startswith("Touch your security key")
    assert not trader.find("responseEdit", QLineEdit).isVisible()  # nothing to type
    assert not trader.find("challengeLabel", QLabel).isVisible()
    touch = touch_button(trader, emulators)
    # The page waits on the key, as the IB Key page on the phone: the busy row shows, but the window is not
    # `busy` (nothing to wait for before acting: the trader touches the key).
    assert not driving.is_busy(trader.window)
    assert trader.find("busyIndicator").isVisible()
    assert trader.find("busyLabel", QLabel).text() == messages.render(texts.message(texts.WAITING_FOR_KEY))
    assert trader.find("cancelButton", QPushButton).isEnabled()
    count = keyuser.passkey.credentials[0].sign_count

    trader.act(touch.click)

    session = trader.session_window()
    assert "Security key" in find(session, "deviceLabel", QLabel).text()
    assert keyuser.passkey.credentials[0].sign_count > count
    assert failures(sls_gateway) == 0


def test_the_testers_touch_answers_the_page_as_the_tabs_does(trader: Trader, keyuser: Any) -> None:
    """No emulators window: `user.passkey.touch()` (the harness's) touches the same key the login asks."""
    to_touch_page(trader)
    assert not driving.is_busy(trader.window)
    trader.act(keyuser.passkey.touch)
    assert trader.session_window().objectName() == "sessionWindow"


def test_the_seconds_left_count_down_with_the_harness_clock(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    to_touch_page(trader)
    touch = touch_button(trader, emulators)
    left = seconds_shown(trader)
    assert 100 <= left <= 180  # the challenge's life (SPEC §4), or the options' timeout if shorter
    # Less than the key's own wait for a touch (DEFAULT_PRESENCE_TIMEOUT, on the same harness clock).
    step = int(DEFAULT_PRESENCE_TIMEOUT // 3)
    sls_gateway.advance(step)
    trader.qtbot.waitUntil(lambda: seconds_shown(trader) == left - step, timeout=WAIT_MS)
    assert trader.find("secondFactorPage").ticking
    trader.act(touch.click)
    assert trader.session_window().objectName() == "sessionWindow"


# --- cancel, and a ceremony that ends without an answer -----------------------------------------------------


def test_cancel_while_the_key_waits_goes_back_to_the_credentials_with_nothing_counted(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    to_touch_page(trader)
    touch = touch_button(trader, emulators)
    key = keyuser.passkey.key
    count = keyuser.passkey.credentials[0].sign_count

    trader.click("cancelButton")

    assert driving.page_kind(trader.window) == "credentials"
    assert trader.message() == messages.render(texts.message(texts.LOGIN_CANCELLED))
    trader.qtbot.waitUntil(lambda: not key.waiting_for_touch, timeout=WAIT_MS)  # the key let go
    trader.qtbot.waitUntil(lambda: not touch.isEnabled(), timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: trader.controller.ceremony is None, timeout=WAIT_MS)
    assert keyuser.passkey.credentials[0].sign_count == count  # nothing signed
    assert failures(sls_gateway) == 0

    to_touch_page(trader)  # and the next login asks the key again
    trader.act(touch_button(trader, emulators).click)
    assert trader.session_window().objectName() == "sessionWindow"


def test_a_key_not_touched_in_time_says_so_and_try_again_asks_it_again(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    key = keyuser.passkey.key
    key.presence_timeout = 0.0  # the key's own wait for its touch (a device behaviour): over at once
    to_touch_page(trader)
    retry = trader.find("securityKeyRetryButton", QPushButton)
    trader.qtbot.waitUntil(retry.isVisible, timeout=WAIT_MS)

    assert trader.message() == messages.render(texts.message(texts.SECURITY_KEY_TIMEOUT))
    assert driving.page_kind(trader.window) == "passkey"
    assert retry.isEnabled()
    assert retry.text() == "Try again"
    assert not driving.is_busy(trader.window)
    assert not trader.find("busyIndicator").isVisible()
    assert failures(sls_gateway) == 0  # nothing was sent

    key.presence_timeout = 30.0
    retry.click()
    assert not retry.isVisible()
    trader.act(touch_button(trader, emulators).click)
    assert trader.session_window().objectName() == "sessionWindow"


def test_a_key_without_the_users_passkey_says_it_is_not_registered(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    key = keyuser.passkey.key
    key.remove_credential(keyuser.passkey.credentials[0].id)  # another key, as far as the gateway knows
    to_touch_page(trader)
    retry = trader.find("securityKeyRetryButton", QPushButton)
    trader.act(touch_button(trader, emulators).click)  # CTAP 2.1: the touch first, then "no credentials"
    assert trader.message() == messages.render(texts.message(texts.SECURITY_KEY_NOT_REGISTERED))
    assert retry.isVisible()
    assert failures(sls_gateway) == 0


# --- the PIN ------------------------------------------------------------------------------------------------


def test_a_key_with_a_pin_asks_for_it_on_the_page_then_for_the_touch(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow
) -> None:
    keyuser.passkey.key.set_pin(PIN)
    to_touch_page(trader)
    pin_edit = trader.find("securityKeyPinEdit", QLineEdit)
    trader.qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
    assert pin_edit.echoMode() == QLineEdit.EchoMode.Password
    assert pin_edit.isEnabled()
    assert not pin_edit.isReadOnly()
    assert trader.window.focusWidget() is pin_edit
    button = trader.find("securityKeyPinButton", QPushButton)
    assert button.text() == "Continue"

    pin_edit.setText(PIN)
    button.click()

    assert pin_edit.text() == ""  # handed over, not kept
    touch = touch_button(trader, emulators)
    assert not pin_edit.isVisible()
    trader.act(touch.click)
    assert trader.session_window().objectName() == "sessionWindow"


def test_cancel_while_the_pin_is_asked_releases_the_worker_with_nothing_counted(
    trader: Trader, keyuser: Any, sls_gateway: SlsGateway
) -> None:
    keyuser.passkey.key.set_pin(PIN)
    to_touch_page(trader)
    pin_edit = trader.find("securityKeyPinEdit", QLineEdit)
    trader.qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
    pin_edit.setText(PIN[:2])  # half typed
    ceremony = trader.controller.ceremony
    assert ceremony is not None
    assert ceremony.waiting  # its worker waits for the PIN

    trader.click("cancelButton")

    assert driving.page_kind(trader.window) == "credentials"
    # The worker waiting for the PIN returned (its result delivered): nothing is left running.
    trader.qtbot.waitUntil(lambda: not trader.controller.tasks.busy(), timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: not ceremony.waiting, timeout=WAIT_MS)  # the key's thread let go too
    assert trader.controller.ceremony is None
    assert keyuser.passkey.key.pin_retries == 8  # no PIN reached the key
    assert failures(sls_gateway) == 0


def test_a_wrong_pin_is_told_with_the_tries_left(
    trader: Trader, keyuser: Any, sls_gateway: SlsGateway
) -> None:
    keyuser.passkey.key.set_pin(PIN)
    to_touch_page(trader)
    pin_edit = trader.find("securityKeyPinEdit", QLineEdit)
    trader.qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
    pin_edit.setText("0000")
    trader.act(trader.find("securityKeyPinButton", QPushButton).click)
    retries = keyuser.passkey.key.pin_retries
    assert retries == 7
    assert trader.message() == messages.render(texts.message(texts.SECURITY_KEY_PIN_WRONG, retries=retries))
    assert trader.find("securityKeyRetryButton", QPushButton).isVisible()
    assert failures(sls_gateway) == 0


# --- enrolment and registration -----------------------------------------------------------------------------


def test_an_enrolment_code_then_the_keys_registration_with_a_name_opens_the_session(
    trader: Trader, sls_gateway: SlsGateway, emulators: EmulatorsWindow
) -> None:
    user = sls_gateway.add_user(USER, devices=[])
    code, new_key = user.passkey.add_key()
    trader.log_in(USER)
    assert driving.page_kind(trader.window) == "passkey_enrolment", trader.message()
    page = trader.find("secondFactorPage")
    assert page.title.text() == "Register a security key"
    edit = trader.find("responseEdit", QLineEdit)
    assert edit.isVisible()
    trader.qtbot.keyClicks(edit, f"{code[:4].lower()}-{code[4:8]}-{code[8:]}")  # as printed, lower case
    assert edit.text() == f"{code[:4]}-{code[4:8]}-{code[8:]}"
    trader.click("responseSubmitButton")

    assert driving.page_kind(trader.window) == "passkey_registration", trader.message()
    name = trader.find("securityKeyNameEdit", QLineEdit)
    register = trader.find("registerSecurityKeyButton", QPushButton)
    assert name.isVisible()
    assert register.isVisible()
    assert register.text() == "Register a security key"
    assert name.maxLength() == rules.DEVICE_LABEL_MAX
    assert not new_key.key.waiting_for_touch  # nothing starts before Register
    name.setText("blue YubiKey")
    register.click()
    touch = touch_button(trader, emulators)
    assert not register.isEnabled()

    trader.act(touch.click)

    assert trader.session_window().objectName() == "sessionWindow"
    (credential,) = new_key.credentials
    assert credential.user_name == USER
    labels = [row.get("label") for row in sls_gateway.gateway.desk.list_devices(USER)]
    assert "blue YubiKey" in labels


# --- the page on its own: the ceremony's plumbing -----------------------------------------------------------


class FakeFlow:
    """Stands in for the LoginFlow inside a ceremony's work: records what the page asked of it."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.asked = threading.Event()

    def use_security_key(self, keys: Any, *, cancel: threading.Event, prompt: Any, label: Any) -> str:
        self.calls.append({"keys": keys, "label": label})
        self.pin = prompt.pin(3)
        return "done"


def passkey_page(qtbot: QtBot, kind: str = "passkey", deadline: float | None = 130.0) -> SecondFactorPage:
    page = SecondFactorPage(clock=lambda: 100.0)
    qtbot.addWidget(page)
    page.show()
    extra = {"deadline": deadline} if deadline is not None else {}
    page.show_view(LoginView(Stage.SECOND_FACTOR, challenge=Challenge(kind, sequence=1, extra=extra)))
    return page


def started_ceremony(qtbot: QtBot, page: SecondFactorPage) -> Ceremony:
    """The ceremony the page starts by itself, taken as the controller takes it (running from then on)."""
    started: list[Ceremony] = []

    def run(ceremony: Ceremony) -> None:
        ceremony.running = True
        started.append(ceremony)

    page.ceremonyRequested.connect(run)
    qtbot.waitUntil(lambda: len(started) == 1, timeout=WAIT_MS)
    return started[0]


def test_the_page_starts_the_ceremony_by_itself_and_hands_the_pin_over_to_its_worker(qtbot: QtBot) -> None:
    page = passkey_page(qtbot)
    ceremony = started_ceremony(qtbot, page)
    flow = FakeFlow()
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(ceremony.run(flow, "the keys")))  # type: ignore[arg-type]
    worker.start()
    pin_edit = page.findChild(QLineEdit, "securityKeyPinEdit")
    qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
    assert "3" in page.parts["passkey"].pin_label.text()  # the tries left the key said
    pin_edit.setText(PIN)
    page.findChild(QPushButton, "securityKeyPinButton").click()
    worker.join(timeout=WAIT_MS / 1000)
    assert not worker.is_alive()
    assert result == ["done"]
    assert flow.pin == PIN
    assert flow.calls == [{"keys": "the keys", "label": None}]
    assert PIN not in repr(ceremony)


def test_cancel_releases_a_pin_the_worker_waits_for_with_none(qtbot: QtBot) -> None:
    page = passkey_page(qtbot)
    ceremony = started_ceremony(qtbot, page)
    flow = FakeFlow()
    worker = threading.Thread(target=lambda: ceremony.run(flow, None))  # type: ignore[arg-type]
    worker.start()
    qtbot.waitUntil(lambda: page.findChild(QLineEdit, "securityKeyPinEdit").isVisible(), timeout=WAIT_MS)
    ceremony.cancel()
    worker.join(timeout=WAIT_MS / 1000)
    assert not worker.is_alive()
    assert flow.pin is None
    assert ceremony.cancelled.is_set()


class PinThenWithdrawFlow:
    """The client's ceremony asking a key's PIN, then (another key answered) withdrawing the question."""

    def __init__(self) -> None:
        self.prompt: Any = None
        self.pin: object = "never asked"

    def use_security_key(self, keys: Any, *, cancel: threading.Event, prompt: Any, label: Any) -> str:
        self.prompt = prompt
        self.pin = prompt.pin(3)
        return "answered by another key"


def test_a_withdrawn_pin_question_ends_at_once_and_leaves_the_page_without_cancelling(qtbot: QtBot) -> None:
    page = passkey_page(qtbot)
    ceremony = started_ceremony(qtbot, page)
    flow = PinThenWithdrawFlow()
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(ceremony.run(flow, None)))  # type: ignore[arg-type]
    worker.start()
    pin_edit = page.findChild(QLineEdit, "securityKeyPinEdit")
    qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
    pin_edit.setText("47")  # half typed
    withdrawing = threading.Thread(target=flow.prompt.withdraw)  # the client's own thread
    withdrawing.start()
    withdrawing.join(timeout=WAIT_MS / 1000)
    worker.join(timeout=WAIT_MS / 1000)
    alive = worker.is_alive()
    if alive:  # the question stood: release the worker (joined) before failing
        ceremony.cancel()
        worker.join(timeout=WAIT_MS / 1000)
    assert not alive
    assert flow.pin is None
    assert result == ["answered by another key"]
    assert not ceremony.cancelled.is_set()  # not a cancel: the ceremony goes on with the other key
    qtbot.waitUntil(lambda: not pin_edit.isVisible(), timeout=WAIT_MS)
    assert pin_edit.text() == ""
    assert ceremony.question is None
    assert ceremony.withdraw() is False  # nothing asked: nothing done, nothing remembered
    assert ceremony.answer("4711") is False


def test_a_keys_name_with_a_control_character_is_refused_before_the_ceremony(qtbot: QtBot) -> None:
    page = passkey_page(qtbot, "passkey_registration")
    started: list[Ceremony] = []
    page.ceremonyRequested.connect(started.append)
    name = page.findChild(QLineEdit, "securityKeyNameEdit")
    error = page.findChild(QLabel, "securityKeyNameErrorLabel")
    assert name.maxLength() == rules.DEVICE_LABEL_MAX
    assert not error.isVisible()
    name.setText("blue\x1b[2Jkey")  # pasted: an escape would forge lines in the desk's listings
    page.findChild(QPushButton, "registerSecurityKeyButton").click()
    assert started == []  # nothing asked of the key
    assert error.isVisible()
    assert error.text() == rules.DEVICE_LABEL_RULE
    qtbot.keyClicks(name, "x")  # editing takes the message away
    assert not error.isVisible()
    name.setText("  blue YubiKey  ")
    page.findChild(QPushButton, "registerSecurityKeyButton").click()
    assert len(started) == 1
    assert not error.isVisible()


def test_the_countdown_follows_the_page_clock_and_hides_without_a_deadline(qtbot: QtBot) -> None:
    page = passkey_page(qtbot, deadline=130.0)
    label = page.findChild(QLabel, "securityKeySecondsLabel")
    assert label.isVisible()
    assert re.findall(r"[0-9]+", label.text()) == ["30"]
    assert page.ticking
    bare = passkey_page(qtbot, deadline=None)
    assert not bare.findChild(QLabel, "securityKeySecondsLabel").isVisible()
    assert not bare.ticking


def test_the_enrolment_code_field_raises_letters_and_keeps_the_groups_hyphens(qtbot: QtBot) -> None:
    page = passkey_page(qtbot, "passkey_enrolment", deadline=None)
    sent: list[str] = []
    page.responded.connect(sent.append)
    qtbot.keyClicks(page.response_edit, "abcd-efgh-jkmn")
    assert page.response_edit.text() == "ABCD-EFGH-JKMN"
    assert sent == []  # sent with Enter or Log In, never by itself
    qtbot.keyClicks(page.response_edit, "\r")
    assert sent == ["ABCD-EFGH-JKMN"]


def test_the_device_list_tells_two_keys_apart_by_their_own_names(qtbot: QtBot) -> None:
    """Two security keys (or a key and a pending enrolment) are two rows of one kind: the gateway's
    `name` of each, where it sends one, follows the kind's label."""
    from dataclasses import dataclass

    from trader_login.auth.client.views import DeviceOption
    from trader_login.ui.pages.devices import DeviceChoicePage

    @dataclass(frozen=True)
    class Named(DeviceOption):  # DeviceOption with the option's optional `name`
        name: str | None = None

    page = DeviceChoicePage()
    qtbot.addWidget(page)
    page.show_devices(
        (
            Named("PK-00000001", "passkey", "Security key", 5, "blue YubiKey"),
            Named("PK-00000002", "passkey", "Security key", 5, None),
        ),
        None,
    )
    texts_shown = [page.device_list.item(row).text() for row in range(page.device_list.count())]
    assert texts_shown == ["Security key (blue YubiKey)", "Security key"]
