"""The security key (passkey) in the testers' harness and the window: `user.passkey` (`.touch()`, `.key`,
`.credentials`, `.add_key()`, `.enrolment_code`), `add_user(devices=["passkey"])`, whole logins through the
window touched the tester's way, a second key registered with an enrolment code and used, and the one
shared instance per key file (the login's, the handle's and the emulators' are the same; every change the
key makes is in its file at once)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from trader_login.app import driving
from trader_login.app.kinds import passkey as part
from trader_login.app.testing import SlsGateway, ToolkitError
from trader_login.auth.devices import files

WAIT = 30.0  # a safety net for a loaded machine, never an expectation


def _file_counters(sls_gateway: SlsGateway, path: Any) -> list[int]:
    return [each.sign_count for each in files.load(path).credentials]


# --- the handle -------------------------------------------------------------------------------------------


def test_a_tester_adds_a_user_with_a_registered_virtual_key(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    path = sls_gateway.shelf.path("trader7", "passkey")
    assert path.exists()
    (credential,) = user.passkey.credentials
    assert (credential.rp_id, credential.user_name) == ("localhost", "trader7")
    # One instance per key file: the handle's key is the shelf's, every time.
    assert user.passkey.key is sls_gateway.virtual_keys.key_at(path)
    assert sls_gateway.user("trader7").passkey.key is user.passkey.key
    assert repr(user.passkey) == "PasskeyHandle('trader7')"
    assert [row["status"] for row in sls_gateway.gateway.desk.list_devices("trader7")] == ["active"]


def test_touch_waits_for_the_key_to_wait_and_says_so_when_it_never_does(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    assert not user.passkey.waiting
    with pytest.raises(ToolkitError, match="trader7's security key to wait for a touch"):
        user.passkey.touch(timeout=0)


def test_a_user_without_a_key_and_no_code_issued_are_told(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader8", devices=["dscplus"])
    with pytest.raises(ToolkitError, match="trader8 has no virtual security key"):
        _ = user.passkey.key
    with pytest.raises(ToolkitError, match="no enrolment code was issued to trader8"):
        _ = user.passkey.enrolment_code


def test_add_key_issues_a_code_and_plugs_in_a_fresh_key_file(sls_gateway: SlsGateway) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    code, second = user.passkey.add_key()
    assert user.passkey.enrolment_code == code
    path = sls_gateway.gateway.device_dir / "trader7-passkey-2.json"
    assert path.exists()
    assert second.key is sls_gateway.virtual_keys.key_at(path)
    assert second.credentials == ()
    assert [key is second.key for key in user.passkey.keys] == [False, True]
    statuses = sorted(row["status"] for row in sls_gateway.gateway.desk.list_devices("trader7"))
    assert statuses == ["active", "pending"]
    assert code not in repr(second)
    assert code not in repr(user.passkey)


# --- the window -------------------------------------------------------------------------------------------


def test_a_whole_login_through_the_window_touched_the_testers_way(
    qtbot: Any, login_window: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    path = sls_gateway.shelf.path("trader7", "passkey")
    before = user.passkey.credentials[0].sign_count
    session = log_in(qtbot, login_window, user)
    assert session.findChild(QLabel, "deviceLabel").text() == "Security key"
    after = user.passkey.credentials[0].sign_count
    assert after > before
    assert _file_counters(sls_gateway, path) == [after]  # saved back at once
    assert sls_gateway.status("trader7")["failures"] == 0


def test_a_second_key_is_registered_with_its_enrolment_code_then_used_alone(
    qtbot: Any, login_window: Any, login_window_factory: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    _code, second = user.passkey.add_key()
    # The M2FS list offers the registered key and the pending enrolment: the harness picks the enrolment
    # (its code typed, then the registration's button and a touch of the new key).
    window = login_window
    driving.send_credentials(window, "trader7", "demo123", timeout=WAIT)
    assert driving.page_kind(window) == "device_list"
    pending = [
        row["id"] for row in sls_gateway.gateway.desk.list_devices("trader7") if row["status"] == "pending"
    ]
    _pick(window, pending[0])
    assert driving.page_kind(window) == "passkey_enrolment"
    driving.answer_page(window, user, timeout=WAIT)  # the code
    assert driving.page_kind(window) == "passkey_registration"
    first = user.passkey.keys[0]
    driving.act(window, lambda: (window.findChild(QPushButton, "registerSecurityKeyButton").click(),
                                 second.touch()), "the registration", WAIT)  # fmt: skip
    assert driving.session_window_of(window) is not None, driving.message_shown(window)
    (registered,) = second.credentials
    assert registered.user_name == "trader7"
    assert (
        files.load(sls_gateway.gateway.device_dir / "trader7-passkey-2.json").credentials[0].id
        == registered.id
    )
    statuses = sorted(row["status"] for row in sls_gateway.gateway.desk.list_devices("trader7"))
    assert statuses == ["active", "active"]
    driving.close_session_window(window)  # logged out: the next login is not a takeover
    # The next login: both keys are asked; the second one answers.
    other = login_window_factory()
    driving.send_credentials(other, "trader7", "demo123", timeout=WAIT)
    if driving.page_kind(other) == "device_list":
        driving.act(other, other.findChild(QPushButton, "deviceContinueButton").click, "the key chosen", WAIT)
    assert driving.page_kind(other) == "passkey"
    driving.act(other, second.touch, "the second key's answer", WAIT)
    assert driving.session_window_of(other) is not None, driving.message_shown(other)
    assert second.credentials[0].sign_count > registered.sign_count
    assert not first.waiting_for_touch  # its wait ended with the ceremony the second key won
    assert sls_gateway.status("trader7")["failures"] == 0


def test_a_user_enrols_a_first_key_through_the_window_with_log_in(
    qtbot: Any, login_window: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    user = sls_gateway.add_user("trader8", devices=[])
    code, handle = user.passkey.add_key()
    assert handle.key is user.passkey.key  # the user's first key file: trader8-passkey.json
    session = log_in(qtbot, login_window, user, device="passkey")
    assert session.findChild(QLabel, "deviceLabel").text() == "Security key"
    assert [each.user_name for each in user.passkey.credentials] == ["trader8"]
    assert code  # used: the desk's row is active now
    assert [row["status"] for row in sls_gateway.gateway.desk.list_devices("trader8")] == ["active"]


def test_the_emulators_touch_the_very_key_the_login_waits_on(
    qtbot: Any, login_window: Any, sls_gateway: SlsGateway
) -> None:
    user = sls_gateway.add_user("trader7", devices=["passkey"])
    services = sls_gateway.emulator_services()
    assert services.security_key(sls_gateway.shelf.path("trader7", "passkey")) is user.passkey.key
    driving.send_credentials(login_window, "trader7", "demo123", timeout=WAIT)
    if driving.page_kind(login_window) == "device_list":
        driving.act(
            login_window,
            login_window.findChild(QPushButton, "deviceContinueButton").click,
            "the key chosen",
            WAIT,
        )
    qtbot.waitUntil(lambda: user.passkey.waiting, timeout=int(WAIT * 1000))
    driving.act(login_window, services.security_key(sls_gateway.shelf.path("trader7", "passkey")).touch,
                "the touch", WAIT)  # fmt: skip
    assert driving.session_window_of(login_window) is not None


def test_the_harness_windows_never_look_for_usb_keys(
    login_window_factory: Any, sls_gateway: SlsGateway
) -> None:
    desktop = login_window_factory.open_desktop()
    assert desktop.args.no_usb_keys is True
    driving.wait_until(lambda: desktop.controller.security_keys is not None, "the keys composed")
    assert desktop.controller.security_keys.hid is False


def _pick(window: Any, device_id: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    devices = window.findChild(QListWidget, "deviceList")
    for row in range(devices.count()):
        if devices.item(row).data(Qt.ItemDataRole.UserRole) == device_id:
            devices.setCurrentRow(row)
            break
    else:
        raise AssertionError(f"no {device_id} in the list")
    driving.act(
        window, window.findChild(QPushButton, "deviceContinueButton").click, "the device chosen", WAIT
    )


def test_the_part_offers_its_options_and_console_keys() -> None:
    assert part.APP_KIND.handle == "passkey"
    assert set(part.APP_KIND.console) == {"passkey", "passkey_enrolment", "passkey_registration"}
