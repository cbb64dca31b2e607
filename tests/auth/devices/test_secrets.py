"""Secrets never reach a repr, a str, a log record or an exception message."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

import trader_login.auth.devices.files as files
from tests.auth.devices.support import (
    DSC_PIN,
    DSC_SECRET,
    SMS_TEXT,
    VOICE_CODE,
    FakeClock,
    all_secret_forms,
    assert_no_encoded_blob,
    assert_no_secret,
    make_card,
    make_dscplus,
    make_ibkey,
    make_phone,
)
from trader_login.auth.devices import DeviceFileError, DscPlus, IbKeyApp, Phone, PushRequest


def shown(value: object) -> str:
    return f"{value!r}\n{value!s}"


def test_device_reprs_and_strs_hold_no_secrets(clock: FakeClock) -> None:
    card = make_card()
    forms = all_secret_forms(card)
    dsc = make_dscplus(clock)
    dsc.press_button()
    for digit in DSC_PIN:
        dsc.press_key(digit)  # half-way through the PIN: the typed digits must not show either
    app = make_ibkey()
    phone = make_phone()
    request = PushRequest.new("tx-1", "ibkeyuser", summary="Trader Login from 127.0.0.1")
    decision = app.approve(request)
    for value in (dsc, app, card, phone, request, decision, *phone.messages):
        assert_no_secret(shown(value), forms)
        assert_no_encoded_blob(shown(value))
    assert "DSC00000042" in repr(dsc)
    assert "card" in repr(card)
    assert "IBK-test-0001" in repr(app)
    assert "1234" in repr(phone)  # the masked number is fine to show


def test_phone_message_reprs_hide_text_and_code() -> None:
    sms, call = make_phone().messages
    assert SMS_TEXT not in repr(sms)
    assert VOICE_CODE not in repr(call)
    assert "IBKR" in repr(sms)


def test_no_secret_in_debug_logs_during_a_full_walk(
    caplog: pytest.LogCaptureFixture, clock: FakeClock, tmp_path: Path
) -> None:
    card = make_card()
    with caplog.at_level(logging.DEBUG):
        dsc = make_dscplus(clock)
        for pin in ("1111", "2222", DSC_PIN):
            dsc.press_button()
            for digit in pin:
                dsc.press_key(digit)
            dsc.press_ok()
        for digit in "123456":
            dsc.press_key(digit)
        dsc.press_ok()
        response = dsc.display
        clock.advance(31)
        assert dsc.display == ""
        locked = DscPlus.create(pin=DSC_PIN, clock=clock)
        for _ in range(5):
            locked.press_button()
            for digit in "0000":
                locked.press_key(digit)
            locked.press_ok()
        app = make_ibkey()
        app_response = app.respond("1234 5678")
        request = PushRequest.new("tx-1", "ibkeyuser")
        app.approve(request)
        app.deny(request)
        card.response(3, 77)
        phone = make_phone()
        phone.latest_code()
        for number, device in enumerate((dsc, app, card, phone)):
            path = tmp_path / f"{number}.json"
            files.save(device, path)
            files.load(path, clock=clock)
    assert caplog.records, "the walk is expected to log something at DEBUG"
    forms = [*all_secret_forms(card), response, app_response]
    for record in caplog.records:
        text = f"{record.getMessage()}\n{record.args!r}\n{record.exc_text or ''}"
        assert_no_secret(text, forms)
        assert_no_encoded_blob(text)


@pytest.mark.parametrize("pin", ["97310", "973", "97a1"])
def test_bad_pin_error_does_not_echo_the_pin(pin: str) -> None:
    with pytest.raises(ValueError, match="4 digits") as caught:
        DscPlus.create(pin=pin)
    assert pin not in str(caught.value)


def test_bad_secret_errors_do_not_echo_the_secret() -> None:
    with pytest.raises(ValueError, match="32 bytes") as caught:
        DscPlus("DSC1", DSC_SECRET[:31], DSC_PIN)
    assert_no_secret(str(caught.value), all_secret_forms())
    with pytest.raises(ValueError, match="32 bytes") as caught:
        IbKeyApp("IBK-1", ec.generate_private_key(ec.SECP256R1()), DSC_SECRET[:30])
    assert_no_secret(str(caught.value), all_secret_forms())


def test_voice_and_sms_errors_do_not_echo_the_message() -> None:
    phone = Phone("+12125551234")
    with pytest.raises(ValueError, match="digits") as caught:
        phone.receive_call("86420x", caller="IBKR", at=0.0)
    assert "86420" not in str(caught.value)
    with pytest.raises(ValueError, match="1000") as caught:
        phone.receive_sms("864209" * 200, sender="IBKR", at=0.0)
    assert "864209" not in str(caught.value)


def test_device_file_error_for_a_damaged_secret_names_the_field_only() -> None:
    text = files.dumps(make_dscplus())
    secret_b64 = files.loads(text).to_dict()["secret"]
    damaged = text.replace(secret_b64, secret_b64[:-2] + "!=")
    with pytest.raises(DeviceFileError) as caught:
        files.loads(damaged)
    message = str(caught.value)
    assert_no_secret(message, all_secret_forms())
    assert secret_b64[:-2] not in message
