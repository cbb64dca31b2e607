"""R10: the phone that receives SMS codes and voice callbacks."""

from __future__ import annotations

import pytest

from trader_login.auth.devices import Phone, SmsMessage, VoiceCall


@pytest.mark.parametrize("number", ["+12125551234", "+12345678", "+123456789012345", "+447911123456"])
def test_r10_phone_accepts_e164_numbers(number: str) -> None:
    assert Phone(number).number == number


@pytest.mark.parametrize(
    "number",
    [
        "",
        "12125551234",
        "+1234567",
        "+1234567890123456",
        "+1 212 555 1234",
        "+1-212-555-1234",
        "+1２１２５５５１２３４",
        "++12125551234",
        "+12125551234\n",
    ],
)
def test_r10_phone_rejects_numbers_not_in_e164_form(number: str) -> None:
    with pytest.raises(ValueError, match=r"E\.164") as caught:
        Phone(number)
    if number:
        assert number not in str(caught.value)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+12125551234", "+1 ••• ••• 1234"),
        ("+79161234567", "+7 ••• ••• 4567"),
        ("+447911123456", "+44 ••• ••• 3456"),
        ("+8613812345678", "+86 ••• ••• 5678"),
        ("+85291234567", "+852 ••• ••• 4567"),
        ("+886912345678", "+886 ••• ••• 5678"),
        ("+35312345", "+353 ••• ••• 2345"),
    ],
)
def test_r10_masked_number_keeps_country_code_and_last_four(number: str, masked: str) -> None:
    assert Phone(number).masked_number == masked


def test_r10_latest_code_comes_from_the_newest_sms() -> None:
    phone = Phone("+12125551234")
    assert phone.latest_code() is None
    phone.receive_sms("Your security code is 123456.", sender="IBKR", at=1.0)
    assert phone.latest_code() == "123456"
    phone.receive_sms("Code 654321 - valid for 5 minutes", sender="IBKR", at=2.0)
    assert phone.latest_code() == "654321"
    phone.receive_sms("Welcome! Call 18005551234 for help.", sender="IBKR", at=3.0)
    assert phone.latest_code() == "654321"  # an 11-digit phone number is not a code


def test_r10_latest_code_comes_from_a_voice_call() -> None:
    phone = Phone("+12125551234")
    phone.receive_sms("Your security code is 123456.", sender="IBKR", at=1.0)
    call = phone.receive_call("987650", caller="+18005551000", at=2.0)
    assert phone.latest_code() == "987650"
    assert call.spoken == "Your security code is 9, 8, 7, 6, 5, 0"


def test_r10_messages_are_kept_newest_last() -> None:
    phone = Phone("+12125551234")
    sms = phone.receive_sms("first 111111", sender="IBKR", at=5.0)
    call = phone.receive_call("222222", caller="IBKR", at=6.0)
    assert phone.messages == [sms, call]
    assert isinstance(sms, SmsMessage)
    assert isinstance(call, VoiceCall)
    phone.messages.clear()  # a copy: the inbox itself is unchanged
    assert len(phone.messages) == 2
    phone.clear()
    assert phone.messages == []
    assert phone.latest_code() is None


def test_r10_inbox_drops_the_oldest_beyond_its_limit() -> None:
    phone = Phone("+12125551234")
    for n in range(105):
        phone.receive_sms(f"code {n:06d}", sender="IBKR", at=float(n))
    assert len(phone.messages) == 100
    assert phone.messages[0].at == 5.0
    assert phone.latest_code() == "000104"


@pytest.mark.parametrize("code", ["", "12a456", "1234567890123", " 123456"])
def test_r10_voice_code_is_digits(code: str) -> None:
    with pytest.raises(ValueError, match="digits"):
        Phone("+12125551234").receive_call(code, caller="IBKR", at=1.0)


@pytest.mark.parametrize("at", [float("nan"), float("inf"), "now", True])
def test_phone_message_time_must_be_a_finite_number(at: object) -> None:
    with pytest.raises(ValueError, match="finite"):
        Phone("+12125551234").receive_sms("hello", sender="IBKR", at=at)  # type: ignore[arg-type]
