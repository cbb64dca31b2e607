"""The trader's phone as the SMS and voice-callback factors see it: a number and an inbox (R10).

Message texts and codes are secrets while they are valid, so they never appear in a repr.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from trader_login.auth.devices import _schema

MAX_MESSAGES = 100  # oldest dropped first; keeps a saved phone well under the device-file size limit
MAX_TEXT_LENGTH = 1000
MAX_NAME_LENGTH = 64
MAX_CODE_LENGTH = 12

_E164 = re.compile(r"\+[0-9]{8,15}")
_CODE6 = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
_VOICE_CODE = re.compile(rf"[0-9]{{1,{MAX_CODE_LENGTH}}}")
# ITU-T E.164 country codes are prefix-free: 1 and 7 are one digit, these are two, all others three.
_TWO_DIGIT_COUNTRY_CODES_TEXT = (
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 "
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98"
)
_TWO_DIGIT_COUNTRY_CODES = frozenset(_TWO_DIGIT_COUNTRY_CODES_TEXT.split())
_MASK = "•••"


def country_code(number: str) -> str:
    """The country calling code of an E.164 number, without the "+" ("1", "44", "852"...)."""
    digits = number.removeprefix("+")
    if digits[0] in "17":
        return digits[0]
    if digits[:2] in _TWO_DIGIT_COUNTRY_CODES:
        return digits[:2]
    return digits[:3]


def mask_number(number: str) -> str:
    """Country code and last four digits only, the rest as two fixed groups: "+1 ••• ••• 1234".

    The groups do not follow the real length, so the mask does not reveal how long the number is.
    """
    return f"+{country_code(number)} {_MASK} {_MASK} {number[-4:]}"


def _check_at(at: float) -> float:
    if not isinstance(at, int | float) or isinstance(at, bool) or not math.isfinite(at):
        raise ValueError("a message time must be a finite number")
    return float(at)


def _check_name(name: str, what: str) -> str:
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_LENGTH:
        raise ValueError(f"the {what} must be 1 to {MAX_NAME_LENGTH} characters")
    return name


@dataclass(frozen=True)
class SmsMessage:
    """A text message; `at` is the sender's clock (seconds)."""

    sender: str
    text: str = field(repr=False)
    at: float


@dataclass(frozen=True)
class VoiceCall:
    """A voice callback that reads `code` aloud digit by digit."""

    caller: str
    code: str = field(repr=False)
    at: float

    @property
    def spoken(self) -> str:
        return f"Your security code is {', '.join(self.code)}"


Message = SmsMessage | VoiceCall


class Phone:
    """A phone with an E.164 number and an inbox of texts and calls, newest last."""

    def __init__(self, number: str) -> None:
        if not isinstance(number, str) or not _E164.fullmatch(number):
            raise ValueError("a phone number must be in E.164 form: + then 8 to 15 digits")
        self._number = number
        self._messages: list[Message] = []

    kind = "sms"  # its device kind (trader_login.auth.vocabulary)

    @property
    def number(self) -> str:
        return self._number

    @property
    def ident(self) -> str:
        """What a device picker shows: the masked number."""
        return self.masked_number

    @property
    def masked_number(self) -> str:
        return mask_number(self._number)

    @property
    def messages(self) -> list[Message]:
        """A copy of the inbox, oldest first."""
        return list(self._messages)

    def receive_sms(self, text: str, *, sender: str, at: float) -> SmsMessage:
        if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"an SMS text is a string of at most {MAX_TEXT_LENGTH} characters")
        message = SmsMessage(_check_name(sender, "sender"), text, _check_at(at))
        self._append(message)
        return message

    def receive_call(self, code: str, *, caller: str, at: float) -> VoiceCall:
        if not isinstance(code, str) or not _VOICE_CODE.fullmatch(code):
            raise ValueError(f"a voice code is 1 to {MAX_CODE_LENGTH} digits")
        call = VoiceCall(_check_name(caller, "caller"), code, _check_at(at))
        self._append(call)
        return call

    def latest_code(self) -> str | None:
        """The 6-digit code of the newest text or call that carries one, or None."""
        for message in reversed(self._messages):
            if isinstance(message, VoiceCall):
                if len(message.code) == 6:
                    return message.code
            else:
                found = _CODE6.findall(message.text)
                if found:
                    return found[-1]
        return None

    def clear(self) -> None:
        self._messages.clear()

    def _append(self, message: Message) -> None:
        self._messages.append(message)
        del self._messages[:-MAX_MESSAGES]

    # -- device file ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        inbox: list[dict[str, Any]] = []
        for message in self._messages:
            if isinstance(message, SmsMessage):
                inbox.append(
                    {"type": "sms", "sender": message.sender, "text": message.text, "at": message.at}
                )
            else:
                inbox.append(
                    {"type": "call", "caller": message.caller, "code": message.code, "at": message.at}
                )
        return {"number": self._number, "messages": inbox}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None) -> Phone:
        """Rebuild a phone and its inbox from `to_dict` output; raises DeviceFileError if malformed.
        (`clock` is taken, as by every device model, and not used: each message carries its time.)"""
        where = "phone"
        fields = _schema.exact_keys(data, ("number", "messages"), where)
        number = _schema.get_str(fields, "number", where, max_len=16)
        if not _E164.fullmatch(number):
            raise _schema.DeviceFileError(f"{where}.number: must be + then 8 to 15 digits")
        phone = cls(number)
        for position, entry in enumerate(_schema.get_list(fields, "messages", where, max_len=MAX_MESSAGES)):
            item = f"{where}.messages[{position}]"
            try:
                _load_message(phone, entry, item)
            except _schema.DeviceFileError:
                raise
            except ValueError:
                # The message's own check failed (an empty sender, say); its text is not worth quoting.
                raise _schema.DeviceFileError(f"{item}: not a valid message") from None
        return phone

    def __repr__(self) -> str:
        return f"Phone(number={self.masked_number!r}, messages={len(self._messages)})"

    __str__ = __repr__


def _load_message(phone: Phone, entry: Any, item: str) -> None:
    kind = _schema.require_mapping(entry, item).get("type")
    if kind == "sms":
        fields = _schema.exact_keys(entry, ("type", "sender", "text", "at"), item)
        phone.receive_sms(
            _schema.get_str(fields, "text", item, max_len=MAX_TEXT_LENGTH),
            sender=_schema.get_str(fields, "sender", item, max_len=MAX_NAME_LENGTH),
            at=_schema.get_float(fields, "at", item),
        )
    elif kind == "call":
        fields = _schema.exact_keys(entry, ("type", "caller", "code", "at"), item)
        phone.receive_call(
            _schema.get_str(fields, "code", item, max_len=MAX_CODE_LENGTH),
            caller=_schema.get_str(fields, "caller", item, max_len=MAX_NAME_LENGTH),
            at=_schema.get_float(fields, "at", item),
        )
    else:
        raise _schema.DeviceFileError(f"{item}: 'type' must be 'sms' or 'call'")
