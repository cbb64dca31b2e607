"""R6: the DSC+ emulator, key by key, with an injected clock."""

from __future__ import annotations

import hashlib

import pytest

from tests.auth.devices.support import DSC_PIN, DSC_SECRET, FakeClock, make_dscplus
from trader_login.auth.devices import DscPlus, DscState
from trader_login.auth.devices.files import dumps, loads
from trader_login.auth.otp import DSCPLUS_SUITE, ocra

WRONG_PIN = "0000"


def press_digits(device: DscPlus, digits: str) -> None:
    for digit in digits:
        device.press_key(digit)


def unlock(device: DscPlus, pin: str = DSC_PIN) -> None:
    device.press_button()
    press_digits(device, pin)
    device.press_ok()


def expected_response(challenge: str) -> str:
    return ocra(DSCPLUS_SUITE, DSC_SECRET, challenge, pin_hash=hashlib.sha1(DSC_PIN.encode()).digest())


def test_r6_dscplus_is_blank_and_deaf_until_the_button_is_pressed(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    assert device.state is DscState.OFF
    assert device.display == ""
    press_digits(device, DSC_PIN)
    device.press_ok()
    assert device.display == ""
    device.press_button()
    assert device.display == "PIN>"
    assert device.state is DscState.PIN


def test_r6_dscplus_full_walk_gives_the_ocra_response(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    device.press_button()
    assert device.display == "PIN>"
    shown = []
    for digit in DSC_PIN:
        device.press_key(digit)
        shown.append(device.display)
    assert shown == ["PIN> *", "PIN> **", "PIN> ***", "PIN> ****"]
    device.press_ok()
    assert device.display == "CHALLNG>"
    assert device.state is DscState.CHALLENGE
    press_digits(device, "123456")
    assert device.display == "CHALLNG> 123456"
    device.press_ok()
    assert device.state is DscState.RESPONSE
    assert device.display == expected_response("123456")
    assert len(device.display) == 8
    assert device.display.isdigit()


def test_r6_dscplus_pin_digits_beyond_four_are_ignored(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    device.press_button()
    press_digits(device, DSC_PIN + "55")
    assert device.display == "PIN> ****"
    device.press_ok()
    assert device.display == "CHALLNG>"


def test_r6_dscplus_challenge_digits_beyond_six_are_ignored(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device)
    press_digits(device, "65432109")
    assert device.display == "CHALLNG> 654321"
    device.press_ok()
    assert device.display == expected_response("654321")


@pytest.mark.parametrize("typed", ["", "9", "97", "973"])
def test_r6_dscplus_ok_with_too_few_pin_digits_does_nothing(clock: FakeClock, typed: str) -> None:
    device = make_dscplus(clock)
    device.press_button()
    press_digits(device, typed)
    before = device.display
    device.press_ok()
    assert device.display == before
    assert device.state is DscState.PIN
    assert device.wrong_pin_count == 0
    # The digits typed so far still count: finishing the PIN works.
    press_digits(device, DSC_PIN[len(typed) :])
    device.press_ok()
    assert device.display == "CHALLNG>"


@pytest.mark.parametrize("typed", ["", "1", "12345"])
def test_r6_dscplus_ok_with_too_few_challenge_digits_does_nothing(clock: FakeClock, typed: str) -> None:
    device = make_dscplus(clock)
    unlock(device)
    press_digits(device, typed)
    before = device.display
    device.press_ok()
    assert device.display == before
    assert device.state is DscState.CHALLENGE


def test_r6_dscplus_wrong_pin_shows_an_error_and_asks_again(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device, WRONG_PIN)
    assert device.display == "PIN ERROR"
    assert device.state is DscState.PIN_ERROR
    assert device.wrong_pin_count == 1
    device.press_ok()  # nothing to confirm on the error screen
    assert device.display == "PIN ERROR"
    device.press_key(DSC_PIN[0])
    assert device.display == "PIN> *"  # a fresh entry, started by that digit
    press_digits(device, DSC_PIN[1:])
    device.press_ok()
    assert device.display == "CHALLNG>"


def test_r6_dscplus_locks_after_five_wrong_pins(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    device.press_button()
    for attempt in range(1, 5):
        press_digits(device, WRONG_PIN)
        device.press_ok()
        assert device.wrong_pin_count == attempt
        assert not device.locked
        assert device.display == "PIN ERROR"
    press_digits(device, WRONG_PIN)
    device.press_ok()
    assert device.locked
    assert device.state is DscState.LOCKED
    assert device.display == "LOCKED"
    # The right PIN no longer helps, and the lock outlives a power cycle.
    press_digits(device, DSC_PIN)
    device.press_ok()
    assert device.display == "LOCKED"
    clock.advance(60)
    assert device.display == ""
    device.press_button()
    assert device.display == "LOCKED"


def test_r6_dscplus_four_wrong_pins_do_not_lock(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    for _ in range(4):
        unlock(device, WRONG_PIN)
    assert not device.locked
    unlock(device)
    assert device.display == "CHALLNG>"


def test_r6_dscplus_correct_pin_resets_the_wrong_pin_count(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    for _ in range(4):
        unlock(device, WRONG_PIN)
    unlock(device)
    assert device.wrong_pin_count == 0
    for _ in range(4):
        unlock(device, WRONG_PIN)
    assert not device.locked
    assert device.wrong_pin_count == 4


def test_r6_dscplus_wrong_pin_count_survives_power_off(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    for _ in range(4):
        unlock(device, WRONG_PIN)
    clock.advance(30)
    assert device.state is DscState.OFF
    unlock(device, WRONG_PIN)
    assert device.locked


def test_r6_dscplus_lock_is_saved_through_the_change_callback(clock: FakeClock) -> None:
    saved: list[int] = []
    device = make_dscplus(clock)
    device.on_persistent_change = lambda changed: saved.append(changed.to_dict()["wrong_pin_count"])
    for _ in range(5):
        unlock(device, WRONG_PIN)
    assert saved == [1, 2, 3, 4, 5]
    reloaded = loads(dumps(device), clock=clock)
    assert reloaded.locked
    reloaded.press_button()
    assert reloaded.display == "LOCKED"


def test_r6_dscplus_turns_itself_off_after_30_seconds_idle(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device)
    clock.advance(29.9)
    assert device.display == "CHALLNG>"
    clock.advance(0.1)
    assert device.display == ""
    assert device.state is DscState.OFF
    # Keys do nothing while off, and switching on asks for the PIN again.
    press_digits(device, "123456")
    device.press_ok()
    assert device.display == ""
    device.press_button()
    assert device.display == "PIN>"
    press_digits(device, "123456")
    assert device.display == "PIN> ****"


def test_r6_dscplus_idle_time_counts_from_the_last_key_press(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device)
    for digit in "12345":
        clock.advance(29.9)
        device.press_key(digit)
    assert device.display == "CHALLNG> 12345"
    clock.advance(29.9)
    device.press_key("6")
    device.press_ok()
    assert device.display == expected_response("123456")
    clock.advance(30)
    assert device.state is DscState.OFF


def test_r6_dscplus_auto_off_applies_even_when_nobody_looks(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    device.press_button()
    press_digits(device, DSC_PIN)
    clock.advance(31)
    device.press_ok()  # too late: the device is already off and this OK is lost
    assert device.state is DscState.OFF


def test_r6_dscplus_digit_after_a_response_starts_a_new_challenge(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device)
    press_digits(device, "111111")
    device.press_ok()
    device.press_key("2")
    assert device.display == "CHALLNG> 2"
    press_digits(device, "22222")
    device.press_ok()
    assert device.display == expected_response("222222")


def test_r6_dscplus_ok_after_a_response_returns_to_the_challenge_prompt(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device)
    press_digits(device, "111111")
    device.press_ok()
    device.press_ok()
    assert device.display == "CHALLNG>"


def test_r6_dscplus_button_while_on_restarts_at_the_pin_prompt(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    unlock(device)
    press_digits(device, "123")
    device.press_button()
    assert device.display == "PIN>"
    press_digits(device, "123456")
    device.press_ok()
    assert device.state is DscState.PIN_ERROR  # "1234" was taken as a PIN, not as a challenge


@pytest.mark.parametrize("pin", ["", "123", "12345", "12a4", "12 4", "١٢٣٤", "１２３４"])
def test_r6_dscplus_pin_must_be_four_ascii_digits(pin: str) -> None:
    with pytest.raises(ValueError, match="4 digits") as caught:
        DscPlus("DSC1", DSC_SECRET, pin)
    if pin:
        assert pin not in str(caught.value)


@pytest.mark.parametrize("key", ["", "10", "a", "*", "٣"])
def test_dscplus_keypad_has_only_the_digits(clock: FakeClock, key: str) -> None:
    device = make_dscplus(clock)
    device.press_button()
    with pytest.raises(ValueError, match="0-9"):
        device.press_key(key)
    assert device.display == "PIN>"


@pytest.mark.parametrize("secret", [b"", bytes(31), bytes(33)])
def test_dscplus_secret_must_be_32_bytes(secret: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        DscPlus("DSC1", secret, DSC_PIN)


def test_dscplus_create_draws_a_fresh_secret_and_serial() -> None:
    first = DscPlus.create(pin=DSC_PIN)
    second = DscPlus.create(pin=DSC_PIN)
    assert first.to_dict()["secret"] != second.to_dict()["secret"]
    assert first.serial.startswith("DSC")
    assert DscPlus.create("DSC-7", pin=DSC_PIN).serial == "DSC-7"


def test_dscplus_keeps_only_the_pin_hash() -> None:
    device = make_dscplus()
    assert DSC_PIN not in repr(vars(device))
    assert device.to_dict()["pin_hash"] != DSC_PIN
