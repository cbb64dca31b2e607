"""Shared fixtures data for the device tests: distinctive secrets, a fake clock and leak checks."""

from __future__ import annotations

import base64
import hashlib
import re

from cryptography.hazmat.primitives.asymmetric import ec

from trader_login.auth.devices import DscPlus, IbKeyApp, Phone, SecurityCodeCard

# Distinctive byte patterns, so a leak is unmistakable in any encoding.
DSC_SECRET = bytes(range(0xA0, 0xC0))
DSC_PIN = "9731"
DSC_PIN_HASH = hashlib.sha1(DSC_PIN.encode()).digest()
IBKEY_SECRET = bytes(range(0x50, 0x70))
IBKEY_SCALAR = int.from_bytes(bytes(range(0x11, 0x31)), "big")
SMS_CODE = "864209"
VOICE_CODE = "531975"
SMS_TEXT = f"Trader Login security code {SMS_CODE}. It expires in 5 minutes."


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def secret_forms(raw: bytes) -> list[str]:
    """The ways a leaked byte string would show up in text: hex, base64 (whole and partial), repr."""
    forms = [
        raw.hex(),
        raw.hex().upper(),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        repr(raw)[2:-1],
        raw[:8].hex(),
        base64.b64encode(raw[:9]).decode(),
    ]
    return [form for form in forms if form]


def make_dscplus(clock: FakeClock | None = None, serial: str = "DSC00000042") -> DscPlus:
    if clock is None:
        return DscPlus(serial, DSC_SECRET, DSC_PIN)
    return DscPlus(serial, DSC_SECRET, DSC_PIN, clock=clock)


def make_ibkey() -> IbKeyApp:
    return IbKeyApp("IBK-test-0001", ec.derive_private_key(IBKEY_SCALAR, ec.SECP256R1()), IBKEY_SECRET)


def make_card() -> SecurityCodeCard:
    return SecurityCodeCard.create("card", serial="SCC00000042")


def make_phone() -> Phone:
    phone = Phone("+12125551234")
    phone.receive_sms(SMS_TEXT, sender="IBKR", at=1_700_000_000.5)
    phone.receive_call(VOICE_CODE, caller="+18005551000", at=1_700_000_060.0)
    return phone


def card_secret_forms(card: SecurityCodeCard) -> list[str]:
    codes = [card.code(index) for index in range(1, 101)]
    return ["".join(codes), *("".join(codes[start : start + 4]) for start in range(0, 100, 4))]


def all_secret_forms(card: SecurityCodeCard | None = None) -> list[str]:
    scalar = IBKEY_SCALAR.to_bytes(32, "big")
    forms = [
        *secret_forms(DSC_SECRET),
        DSC_PIN,
        *secret_forms(DSC_PIN_HASH),
        *secret_forms(IBKEY_SECRET),
        *secret_forms(scalar),
        str(IBKEY_SCALAR),
        SMS_CODE,
        VOICE_CODE,
        SMS_TEXT,
        "5, 3, 1, 9, 7, 5",
    ]
    if card is not None:
        forms += card_secret_forms(card)
    return forms


def assert_no_secret(text: str, forms: list[str]) -> None:
    for form in forms:
        assert form not in text, "a secret leaked into the text"


_LONG_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{24,}")


def assert_no_encoded_blob(text: str) -> None:
    """No run that could be an encoded key, even one a mutation altered beyond recognition."""
    assert not _LONG_BASE64_RUN.search(text), "an encoded value appeared in the text"
