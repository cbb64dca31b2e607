"""The Authenticator app page (TOTP, issue 15 item 4): totpuser types the code the emulators' Authenticator
tab shows and the page sends it by itself at the 6th digit; the seconds left tick with the harness's clock;
a wrong code, a used code and a malformed entry are each told as the catalogue says, the page kept; and
the page has every text in every language. Driven as a tester would: object names, typed keys, waits on
state, the harness's one clock (`sls_gateway.clock`) for the gateway, the window and the emulators."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app import driving
from trader_login.app.emulator_services import close_services
from trader_login.app.gui import DesktopApp
from trader_login.app.testing import SlsGateway
from trader_login.auth import texts
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.auth.devices.totp import PERIOD, Authenticator
from trader_login.ui import messages
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.pages.second_factor import SecondFactorPage

USER = "totpuser"
LANGUAGES = ("en", "ja", "zh_TW", "zh_CN", "ru")


@pytest.fixture
def emulators(qtbot: QtBot, desktop: DesktopApp, sls_gateway: SlsGateway) -> Iterator[EmulatorsWindow]:
    """The Device emulators window over the test's gateway, on the harness's wall clock (so `advance`
    moves the authenticator's codes with the gateway's time), following the login of `desktop`."""
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


def find(window: QWidget, name: str, kind: type = QLabel) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def to_totp_page(trader: Trader) -> QLineEdit:
    trader.log_in(USER)
    assert driving.page_kind(trader.window) == "totp", trader.message()
    edit = trader.find("responseEdit", QLineEdit)
    assert edit.isVisible()
    assert edit.text() == ""
    return edit


def shown_code(qtbot: QtBot, emulators: EmulatorsWindow) -> str:
    """The digits the Authenticator tab shows for totpuser, read off `totpCodeLabel` ("123 456")."""
    emulators.show_tab("totp")
    combo = find(emulators, "totpDeviceCombo", QComboBox)
    qtbot.waitUntil(lambda: combo.currentText().split(" ")[0] == USER, timeout=WAIT_MS)
    text = find(emulators, "totpCodeLabel").text()
    assert re.fullmatch(r"[0-9]{3} [0-9]{3}", text), text
    return text.replace(" ", "")


def type_code(trader: Trader, edit: QLineEdit, code: str) -> None:
    """Types `code` key by key into the field, with no click or Enter: the page sends it by itself."""
    trader.act(lambda: trader.qtbot.keyClicks(edit, code))


def seconds_shown(trader: Trader) -> int:
    label = trader.find("totpSecondsLabel", QLabel)
    assert label.isVisible()
    (number,) = re.findall(r"[0-9]+", label.text())
    return int(number)


def not_accepted(app: Authenticator, now: float) -> str:
    """A 6-digit code the gateway accepts at no step of its window (the step before, now, after)."""
    accepted = {app.code(now + step * PERIOD) for step in (-1, 0, 1)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in accepted)


# --- logging in ------------------------------------------------------------------------------------------


def test_totpuser_logs_in_with_the_code_the_authenticator_tab_shows_sent_at_the_sixth_digit(
    trader: Trader, emulators: EmulatorsWindow
) -> None:
    edit = to_totp_page(trader)
    assert trader.window.findChild(QPushButton, "readOnlyButton").isVisible()
    assert trader.window.findChild(QPushButton, "cancelButton").isVisible()
    code = shown_code(trader.qtbot, emulators)

    type_code(trader, edit, code)  # no Log In click, no Enter

    session = trader.session_window()
    assert session.objectName() == "sessionWindow"
    assert "Authenticator app" in find(session, "deviceLabel").text()


def test_a_code_typed_as_the_app_groups_it_is_sent_without_the_space(
    trader: Trader, emulators: EmulatorsWindow
) -> None:
    edit = to_totp_page(trader)
    code = shown_code(trader.qtbot, emulators)
    type_code(trader, edit, f"{code[:3]} {code[3:]}")
    assert trader.session_window().objectName() == "sessionWindow"


def test_the_seconds_left_count_down_with_the_clock_and_the_tab_shows_a_new_code_at_the_period_boundary(
    trader: Trader, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    to_totp_page(trader)
    tab_seconds = find(emulators, "totpSecondsLabel")
    left = seconds_shown(trader)
    assert 1 <= left <= PERIOD
    # The page and the app count the same period (the page from the challenge, the app from its clock).
    trader.qtbot.waitUntil(lambda: str(left) in tab_seconds.text(), timeout=WAIT_MS)
    before = shown_code(trader.qtbot, emulators)

    if left > 1:
        sls_gateway.advance(1)
        trader.qtbot.waitUntil(lambda: seconds_shown(trader) == left - 1, timeout=WAIT_MS)
        left -= 1
    sls_gateway.advance(left)  # the next period begins
    trader.qtbot.waitUntil(lambda: seconds_shown(trader) == PERIOD, timeout=WAIT_MS)
    code_label = find(emulators, "totpCodeLabel")
    trader.qtbot.waitUntil(lambda: code_label.text().replace(" ", "") != before, timeout=WAIT_MS)
    app = emulators.tab("totp").device
    assert code_label.text().replace(" ", "") == app.code(sls_gateway.clock())


# --- refusals --------------------------------------------------------------------------------------------


def test_a_wrong_code_says_what_to_check_keeps_the_page_and_empties_the_field_for_the_next(
    trader: Trader, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    edit = to_totp_page(trader)
    shown_code(trader.qtbot, emulators)
    wrong = not_accepted(emulators.tab("totp").device, sls_gateway.clock())

    type_code(trader, edit, wrong)

    assert trader.message() == messages.render(texts.message(texts.WRONG_RESPONSE_TOTP))
    assert driving.page_kind(trader.window) == "totp"
    assert not find(trader.window, "newChallengeLabel").isVisible()  # the same challenge stands
    assert edit.text() == ""
    assert not edit.isReadOnly()
    assert trader.window.focusWidget() is edit
    assert sls_gateway.status(USER)["failures"] == 1  # R3: a real attempt

    type_code(trader, edit, shown_code(trader.qtbot, emulators))  # the next try needs no click either
    assert trader.session_window().objectName() == "sessionWindow"


def test_a_code_already_used_is_refused_with_the_catalogues_words(
    trader: Trader, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    edit = to_totp_page(trader)
    code = shown_code(trader.qtbot, emulators)
    type_code(trader, edit, code)
    trader.session_window()
    trader.click("logoutButton")
    trader.qtbot.waitUntil(lambda: trader.window.session_window is None, timeout=WAIT_MS)

    edit = to_totp_page(trader)
    assert shown_code(trader.qtbot, emulators) == code  # the clock stood still: the app shows it again
    type_code(trader, edit, code)

    assert trader.message() == messages.render(texts.message(texts.CODE_USED))
    assert driving.page_kind(trader.window) == "totp"
    assert edit.text() == ""


def test_letters_never_reach_the_field_and_a_malformed_code_never_reaches_the_gateway(
    trader: Trader, sls_gateway: SlsGateway
) -> None:
    edit = to_totp_page(trader)
    replies = driving.reply_count(trader.window)

    trader.qtbot.keyClicks(edit, "12ab3-4")
    assert edit.text() == "1234"
    assert driving.reply_count(trader.window) == replies
    assert not driving.is_busy(trader.window)

    # A tester's setText goes round the filter; the client refuses the shape before sending anything:
    # a failure armed on the answer's endpoint would take the first request that reached it.
    tripwire = sls_gateway.faults.fail("/v1/login/respond")
    for malformed in ("12a456", "12345", "1234567"):
        edit.setText(malformed)
        trader.click("responseSubmitButton")
        assert trader.message() == messages.render(texts.message(texts.AUTHENTICATOR_CODE_FORMAT))
        assert driving.page_kind(trader.window) == "totp"
    assert tripwire.fired == 0
    assert sls_gateway.status(USER)["failures"] == 0  # nothing counted: nothing was sent


# --- every language ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_has_every_text_in_every_language(qtbot: QtBot, login_window_factory, language: str) -> None:
    window = login_window_factory("--lang", language)
    driving.enter_credentials(window, USER, "demo123")
    driving.act(window, driving.find_widget("loginButton", window=window).click, "the second factor")
    assert driving.page_kind(window) == "totp"

    page = driving.find_widget("secondFactorPage", window=window)
    texts_shown = {
        "title": page.title.text(),
        "instructions": find(window, "instructionsLabel").text(),
        "seconds": find(window, "totpSecondsLabel").text(),
        "label": page.response_label.text(),
        "placeholder": find(window, "responseEdit", QLineEdit).placeholderText(),
        "submit": find(window, "responseSubmitButton", QPushButton).text(),
        "read only": find(window, "readOnlyButton", QPushButton).text(),
        "cancel": find(window, "cancelButton", QPushButton).text(),
    }
    assert all(text.strip() for text in texts_shown.values()), texts_shown
    assert re.search(r"[0-9]+", texts_shown["seconds"]), texts_shown["seconds"]
    assert "%n" not in texts_shown["seconds"]
    assert not find(window, "challengeLabel").isVisible()  # nothing to key into a device


# --- the page on its own -----------------------------------------------------------------------------------


def totp_page(qtbot: QtBot, extra: dict[str, float], now: list[float]) -> SecondFactorPage:
    page = SecondFactorPage(clock=lambda: now[0])
    qtbot.addWidget(page)
    page.show()
    page.show_view(LoginView(Stage.SECOND_FACTOR, challenge=Challenge("totp", extra=extra)))
    return page


def ime_commit(edit: QLineEdit, text: str) -> None:
    """What an input method does when the trader confirms what they composed: commits `text`."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def test_full_width_digits_from_an_input_method_are_typed_as_digits_and_sent_at_the_sixth(
    qtbot: QtBot,
) -> None:
    page = totp_page(qtbot, {"digits": 6, "period": 30, "period_start": 100.0}, [107.5])
    sent: list[str] = []
    page.responded.connect(sent.append)
    ime_commit(page.response_edit, "１２３ ４５")  # a Japanese or Chinese IME in full-width mode
    assert page.response_edit.text() == "12345"
    assert sent == []
    ime_commit(page.response_edit, "６")
    assert sent == ["123456"]


def test_the_seconds_left_follow_the_page_clock_from_the_challenges_period_start(qtbot: QtBot) -> None:
    now = [107.5]  # 7.5 s into the period: 23 s left, as an app counts (30 at its start, 1 in its last)
    page = totp_page(qtbot, {"digits": 6, "period": 30, "period_start": 100.0}, now)
    label = page.findChild(QLabel, "totpSecondsLabel")
    assert label.isVisible()
    assert "23" in label.text()
    now[0] = 129.2
    qtbot.waitUntil(lambda: re.findall(r"[0-9]+", label.text()) == ["1"], timeout=WAIT_MS)
    now[0] = 130.1  # the next period: a new code in the app
    qtbot.waitUntil(lambda: re.findall(r"[0-9]+", label.text()) == ["30"], timeout=WAIT_MS)


def test_a_challenge_without_its_period_start_shows_no_count_rather_than_a_wrong_one(qtbot: QtBot) -> None:
    page = totp_page(qtbot, {}, [0.0])
    assert not page.findChild(QLabel, "totpSecondsLabel").isVisible()
    assert page.response_edit.isVisible()


def test_the_apps_own_emulators_window_shows_the_code_of_the_harness_clock(
    qtbot: QtBot, desktop: DesktopApp, sls_gateway: SlsGateway
) -> None:
    """The window the app opens (its Emulators button) runs on the app's clocks, which the harness moves:
    after `advance` the Authenticator tab shows the code the gateway checks, not the real time's."""
    sls_gateway.advance(3600)
    desktop.open_emulators()
    window = desktop.emulators
    qtbot.waitUntil(lambda: window.property("loading") is False, timeout=WAIT_MS)
    window.show_tab("totp")
    window.tab("totp").picker.select_user(USER)
    expected = sls_gateway.user(USER).totp.code()
    label = find(window, "totpCodeLabel")
    qtbot.waitUntil(lambda: label.text().replace(" ", "") == expected, timeout=WAIT_MS)
