"""The Authenticator tab (issue 15 item 4): it plays a phone's authenticator app for the selected user — the
current code grouped "123 456" and its seconds left, moving with the injected wall clock; the enrolment QR
code, exactly the model's; the setup key only on demand; device files opened by hand, offline, a malformed
one refused with nothing changed; it follows a TOTP login; and nothing secret reaches the log."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QPushButton, QTabWidget, QWidget

from tests.gateway.http_support import Client
from tests.ui.emulators.conftest import POLL_MS, WAIT_MS, ManualClock
from trader_login.app.emulator_services import close_services, embedded_services
from trader_login.auth.devices import files
from trader_login.auth.devices.totp import PERIOD, Authenticator
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.emulators.services import DeviceFolder, EmulatorServices

USER = "totpuser"


@pytest.fixture
def window(qtbot, gateway: Client, dsc_clock: ManualClock) -> Iterator[EmulatorsWindow]:
    """The emulators window over the demo gateway, its wall clock the harness's (`gateway.clock`)."""
    services = embedded_services(gateway.gateway, gateway.url, gateway.server.fingerprint)
    emulators = EmulatorsWindow(services, clock=dsc_clock, wall_clock=gateway.clock, poll_ms=POLL_MS)
    qtbot.addWidget(emulators)
    emulators.show()
    qtbot.waitUntil(lambda: emulators.property("loading") is False, timeout=WAIT_MS)
    yield emulators
    emulators.close()
    assert emulators.tasks.wait(0)
    close_services(services)


def child(window: QWidget, name: str, kind: type = QLabel) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def pick(window: EmulatorsWindow, user: str = USER) -> Authenticator:
    """Brings the Authenticator tab forward with `user`'s app selected; the app, read from its file."""
    window.show_tab("totp")
    assert window.totp_tab.picker.select_user(user)
    entry = window.totp_tab.picker.current()
    assert entry is not None
    assert entry.path is not None
    app = files.load(entry.path)
    assert isinstance(app, Authenticator)
    return app


def code_shown(window: QWidget) -> str:
    text = child(window, "totpCodeLabel").text()
    assert re.fullmatch(r"[0-9]{3} [0-9]{3}", text), text
    return text.replace(" ", "")


def seconds_shown(window: QWidget) -> int:
    (number,) = re.findall(r"[0-9]+", child(window, "totpSecondsLabel").text())
    return int(number)


def a_file(tmp_path: Path, name: str, device: object) -> Path:
    path = tmp_path / name
    files.save(device, path)
    return path


# --- the tab ---------------------------------------------------------------------------------------------


def test_the_authenticator_tab_sits_between_cards_and_the_security_key(window: EmulatorsWindow) -> None:
    names = window.tab_names
    assert names.index("totp") == names.index("cards") + 1
    assert names.index("securityKey") == names.index("totp") + 1
    tabs = child(window, "emulatorTabs", QTabWidget)
    assert tabs.tabText(tabs.indexOf(child(window, "totpTab", QWidget))) == "Authenticator"
    assert window.tab_for_kind("totp") is window.totp_tab


def test_the_selected_users_code_shows_grouped_with_its_seconds_account_and_issuer(
    window: EmulatorsWindow, gateway: Client
) -> None:
    app = pick(window)
    now = gateway.clock()
    assert child(window, "totpCodeLabel").text() == f"{app.code(now)[:3]} {app.code(now)[3:]}"
    assert seconds_shown(window) == Authenticator.seconds_left(now)
    progress = child(window, "totpProgress", QProgressBar)
    assert progress.maximum() == PERIOD
    assert progress.value() == Authenticator.seconds_left(now)
    assert child(window, "totpAccountLabel").text() == USER
    assert child(window, "totpIssuerLabel").text() == "Trader Login"
    assert USER in child(window, "totpDeviceCombo", QComboBox).currentText()


def test_the_seconds_count_down_and_a_new_code_comes_at_the_period_boundary(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    app = pick(window)
    before = code_shown(window)
    left = seconds_shown(window)
    if left > 1:
        gateway.clock.advance(1)  # the tab's 1 s timer reads the moved clock
        qtbot.waitUntil(lambda: seconds_shown(window) == left - 1, timeout=WAIT_MS)
        assert code_shown(window) == before
        left -= 1
    gateway.clock.advance(left)
    qtbot.waitUntil(lambda: code_shown(window) != before, timeout=WAIT_MS)
    assert code_shown(window) == app.code(gateway.clock())
    assert seconds_shown(window) == PERIOD
    assert child(window, "totpProgress", QProgressBar).value() == PERIOD


def test_the_qr_code_is_the_models_matrix_black_on_white_and_crisp(window: EmulatorsWindow) -> None:
    app = pick(window)
    matrix = app.qr_matrix()
    label = child(window, "totpQrLabel")
    assert label.isVisible()
    image = label.pixmap().toImage()
    assert image.width() == image.height()
    assert image.width() % len(matrix) == 0  # whole pixels per module: no edge blurred
    module = image.width() // len(matrix)
    black, white = QColor("black").rgb(), QColor("white").rgb()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            corner = image.pixel(x * module, y * module)
            centre = image.pixel(x * module + module // 2, y * module + module // 2)
            assert corner == centre == (black if dark else white), (x, y)
    caption = child(window, "totpQrCaption")
    assert caption.isVisible()
    assert caption.text() == "Scan with your phone's authenticator app to use it instead"


def test_the_setup_key_shows_only_when_asked_grouped_in_fours_and_hides_for_another_device(
    window: EmulatorsWindow, tmp_path: Path
) -> None:
    app = pick(window)
    key = child(window, "totpSetupKeyLabel")
    button = child(window, "totpSetupKeyButton", QPushButton)
    assert not key.isVisible()
    assert key.text() == ""

    button.click()
    assert key.isVisible()
    groups = key.text().split(" ")
    assert all(len(group) == 4 for group in groups[:-1])
    assert 1 <= len(groups[-1]) <= 4
    assert "".join(groups) == app.secret_base32

    button.click()  # hidden again by the same button
    assert not key.isVisible()
    button.click()
    other = Authenticator.create("alice")
    assert window.totp_tab.load_device_file(str(a_file(tmp_path, "alice.json", other)))
    assert not key.isVisible()
    assert key.text() == ""
    assert child(window, "totpAccountLabel").text() == "alice"


def test_a_malformed_device_file_is_refused_with_a_clear_message_and_nothing_changes(
    window: EmulatorsWindow, gateway: Client, tmp_path: Path
) -> None:
    pick(window)
    tab = window.totp_tab
    combo = child(window, "totpDeviceCombo", QComboBox)
    shown = (combo.count(), combo.currentText(), code_shown(window), child(window, "totpAccountLabel").text())
    device = tab.device

    not_json = tmp_path / "garbage.json"
    not_json.write_text("{ this is not json")
    edited = tmp_path / "edited.json"
    data = json.loads(files.dumps(Authenticator.create("bob")))
    data["device"]["secret"] = "AAAA"  # edited by hand: a 3-byte secret
    edited.write_text(json.dumps(data))
    card = a_file(tmp_path, "card.json", gateway.device("carduser", "card"))
    refusals = {
        not_json: "not valid JSON",
        edited: "checksum mismatch",
        card: "card.json holds a Security Code Card, not a",
        tmp_path / "missing.json": "Cannot read",
    }

    for path, expected in refusals.items():
        assert not tab.load_device_file(str(path)), path
        assert expected in child(window, "totpMessageLabel").text()
        assert tab.device is device
        assert shown == (
            combo.count(),
            combo.currentText(),
            code_shown(window),
            child(window, "totpAccountLabel").text(),
        )


def test_a_device_file_works_offline_against_a_remote_gateway(qtbot, tmp_path: Path) -> None:
    """`sls-gateway device add USER totp --export FILE` on the gateway's host; here, no gateway at all."""
    app = Authenticator.create("remoteuser")
    path = a_file(tmp_path, "remoteuser-export.json", app)
    now = [1_900_000_007.0]
    window = EmulatorsWindow(
        EmulatorServices(shelf=DeviceFolder(None), remote=True), wall_clock=lambda: now[0]
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.property("loading") is False, timeout=WAIT_MS)
    window.show_tab("totp")
    assert window.totp_tab.load_device_file(str(path))
    assert code_shown(window) == app.code(now[0])
    assert seconds_shown(window) == Authenticator.seconds_left(now[0]) == 13  # 17 s into its period
    assert child(window, "totpAccountLabel").text() == "remoteuser"
    assert app.ident in child(window, "totpDeviceCombo", QComboBox).currentText()
    assert child(window, "totpQrLabel").isVisible()
    window.close()
    assert window.tasks.wait(0)


def test_hiding_the_window_hides_the_setup_key(window: EmulatorsWindow) -> None:
    pick(window)
    child(window, "totpSetupKeyButton", QPushButton).click()
    assert child(window, "totpSetupKeyLabel").text()
    window.hide()
    window.show()
    assert not child(window, "totpSetupKeyLabel").isVisible()
    assert child(window, "totpSetupKeyLabel").text() == ""


# --- following the login ----------------------------------------------------------------------------------


def test_a_totp_login_brings_the_authenticator_tab_forward_marked_with_the_users_app_selected(
    qtbot, login_window
) -> None:
    from tests.ui.emulators.test_follow_login import (  # the follow tests' helpers, by object name
        current_tab,
        device_of,
        find,
        marked,
        open_emulators,
        to_second_factor,
    )

    emulators = open_emulators(qtbot, login_window)
    find(emulators, "emulatorTabs", QTabWidget).setCurrentWidget(find(emulators, "deskTab"))
    assert to_second_factor(qtbot, login_window, USER) == "totp"
    qtbot.waitUntil(lambda: current_tab(emulators) == "totpTab", timeout=WAIT_MS)
    assert device_of(emulators, "totpDeviceCombo") == USER
    assert marked(emulators, "totpTab")
    assert re.fullmatch(r"[0-9]{3} [0-9]{3}", find(emulators, "totpCodeLabel", QLabel).text())
    find(login_window, "cancelButton", QPushButton).click()
    qtbot.waitUntil(lambda: not marked(emulators, "totpTab"), timeout=WAIT_MS)


# --- secrets ----------------------------------------------------------------------------------------------


def test_nothing_secret_reaches_the_log(
    window: EmulatorsWindow, gateway: Client, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = pick(window)
    child(window, "totpSetupKeyButton", QPushButton).click()
    child(window, "totpCopyButton", QPushButton).click()
    gateway.clock.advance(PERIOD)
    window.totp_tab.refresh()
    window.totp_tab.load_device_file(str(tmp_path / "missing.json"))
    secrets = {app.secret_base32, app.secret.hex(), app.uri, app.code(gateway.clock())}
    secrets |= {app.code(gateway.clock() - PERIOD)}
    for record in caplog.records:
        text = record.getMessage()
        assert not any(secret in text for secret in secrets), text
    assert "secret" not in repr(window.totp_tab.device).lower()


# --- languages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "zh_TW", "zh_CN", "ru", "en"])
def test_the_tab_has_every_text_after_a_language_switch(
    window: EmulatorsWindow, desktop, language: str
) -> None:
    pick(window)
    desktop.set_language(language)  # Qt's LanguageChange reaches every window, this one too
    try:
        texts = {
            name: child(window, name, kind).text()
            for name, kind in (
                ("totpSecondsLabel", QLabel),
                ("totpQrCaption", QLabel),
                ("totpCopyButton", QPushButton),
                ("totpSetupKeyButton", QPushButton),
                ("totpDeviceOpenButton", QPushButton),
            )
        }
        assert all(text.strip() for text in texts.values()), texts
        assert "%n" not in texts["totpSecondsLabel"]
        assert re.search(r"[0-9]+", texts["totpSecondsLabel"])
        tabs = child(window, "emulatorTabs", QTabWidget)
        assert tabs.tabText(tabs.indexOf(child(window, "totpTab", QWidget))).strip()
    finally:
        desktop.set_language("en")
