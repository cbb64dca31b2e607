"""Input rules from the broker's documentation (SPEC §3): user names, response normalisers, PINs, codes.

Every check returns a typed result carrying a stable code and its catalogue message
(`trader_login.auth.texts`, rendered in English by `.message`); nothing here raises on any text, so the UI
and the gateway can hand it whatever the user typed.
"""

from __future__ import annotations

import enum
import re
import string
from dataclasses import dataclass

from trader_login.auth import texts
from trader_login.auth.texts import Message

# The exact English texts of SPEC §2-3, for logs and tests: derived from the catalogue, which is what
# travels (the UI renders it by id; the gateway sends its id with the English).
USERNAME_UPPER_CASE_MESSAGE = texts.USERNAME_UPPER_CASE.template
USERNAME_EMPTY_MESSAGE = texts.USERNAME_EMPTY.template
INVALID_CREDENTIALS_MESSAGE = texts.INVALID_CREDENTIALS.template
LOGIN_FAILED_MESSAGE = texts.LOGIN_FAILED.template
CAPS_LOCK_MESSAGE = texts.CAPS_LOCK.template

_LOWER = frozenset(string.ascii_lowercase)
_UPPER = frozenset(string.ascii_uppercase)
_DIGITS = frozenset(string.digits)
_USERNAME_ALPHABET = _LOWER | _DIGITS
# Printable ASCII punctuation: what the IB Key app accepts as "special characters" (R18).
_SPECIAL = frozenset(string.punctuation)
_UPPER_ALNUM = _UPPER | _DIGITS


def _character_class(chars: frozenset[str]) -> str:
    """A regular-expression class for `chars`, runs of consecutive characters written as ranges."""
    codes = sorted(map(ord, chars))
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return "[" + "".join(parts) + "]"


# R1 as a regular expression, for machine-readable descriptions (the gateway's OpenAPI document); the
# checks here use the alphabet itself.
USERNAME_PATTERN = f"^{_character_class(_USERNAME_ALPHABET)}+$"

# Latin letters typed with a full-width input method (common with Japanese and Chinese IMEs) look right
# on screen but are other characters; the message says so rather than leaving the trader puzzled.
_FULL_WIDTH_FIRST, _FULL_WIDTH_LAST = 0xFF01, 0xFF5E


class UsernameStatus(enum.Enum):
    OK = "OK"
    EMPTY = "EMPTY"
    UPPER_CASE = "UPPER_CASE"
    BAD_CHARACTER = "BAD_CHARACTER"


@dataclass(frozen=True, slots=True)
class UsernameCheck:
    """The verdict on a user name: `problem` is the catalogue message (None when it is fine), `offending`
    the first character that broke the rule, if any, and `position` its index in the name (what a field
    selects for the trader to fix)."""

    status: UsernameStatus
    problem: Message | None = None
    offending: str | None = None
    position: int | None = None

    @property
    def ok(self) -> bool:
        return self.status is UsernameStatus.OK

    @property
    def message(self) -> str:
        """English, for logs, the console and the gateway's `message`."""
        return self.problem.english if self.problem is not None else ""


def check_username(text: str) -> UsernameCheck:
    """R1: lower-case ASCII letters and digits only, checked before anything is sent.

    A character outside letters and digits wins over upper case: lowering the case would not make such a
    name valid, so "BAD CHARACTER" is the more useful message.
    """
    if not text:
        return UsernameCheck(UsernameStatus.EMPTY, texts.message(texts.USERNAME_EMPTY))
    first_upper: int | None = None
    for index, ch in enumerate(text):
        if ch in _USERNAME_ALPHABET:
            continue
        if ch in _UPPER:
            first_upper = index if first_upper is None else first_upper
            continue
        return UsernameCheck(UsernameStatus.BAD_CHARACTER, _bad_character_message(text, index), ch, index)
    if first_upper is not None:
        problem = texts.message(texts.USERNAME_UPPER_CASE)
        return UsernameCheck(UsernameStatus.UPPER_CASE, problem, text[first_upper], first_upper)
    return UsernameCheck(UsernameStatus.OK)


def _bad_character_message(text: str, index: int) -> Message:
    """The first refused character of `text`, at `index`. A space cannot be seen, so the message says
    where it is: at the start, at the end, or after the part of the name before it."""
    ch = text[index]
    if ch.isspace():
        if index == 0:
            return texts.message(texts.BAD_CHARACTER_SPACE_START)
        if not text[index:].strip():
            return texts.message(texts.BAD_CHARACTER_SPACE_END)
        return texts.message(texts.BAD_CHARACTER_SPACE_AFTER, before=text[:index])
    shown = f'"{ch}"' if ch.isprintable() else f"U+{ord(ch):04X}"
    if _FULL_WIDTH_FIRST <= ord(ch) <= _FULL_WIDTH_LAST:
        return texts.message(texts.BAD_CHARACTER_FULL_WIDTH, found=shown)
    return texts.message(texts.BAD_CHARACTER, found=shown)


def infer_caps_lock(typed: str, *, shift: bool) -> bool | None:
    """Caps Lock inferred from one typed character where the platform gives no key state (SPEC §2).

    A cased letter whose case disagrees with Shift means Caps Lock is on; agreement means off. Anything
    without case (digits, punctuation, CJK) tells nothing. Works for Cyrillic and Greek as for Latin.
    """
    if len(typed) != 1 or typed.lower() == typed.upper():
        return None
    return typed.isupper() != shift


# --- R4: responses ---------------------------------------------------------------------------------------


def strip_spaces(text: str) -> str:
    """Device and card responses have no spaces; users paste or type them grouped, so any white space goes
    (including the ideographic space of CJK input methods and no-break spaces)."""
    return "".join(ch for ch in text if not ch.isspace())


def _ascii_upper(text: str) -> str:
    # str.upper() would turn "ß" into "SS" and change lengths; only a-z need raising here.
    return "".join(chr(ord(ch) - 32) if ch in _LOWER else ch for ch in text)


def normalise_device_response(text: str) -> str:
    """IB Key, DSC+ and SMS/voice responses: spaces removed, nothing else changed."""
    return strip_spaces(text)


def normalise_card_response(text: str) -> str:
    """Security Code Card and Online Security Code Card codes: spaces removed, upper-cased."""
    return _ascii_upper(strip_spaces(text))


def normalise_temp_passcode(text: str) -> str:
    """Temporary passcodes are upper case: the field upper-cases as the user types (R4, R9)."""
    return _ascii_upper(strip_spaces(text))


def normalise_enrolment_code(text: str) -> str:
    """A security key's enrolment code as typed: spaces and hyphens out (it is printed in groups of four,
    ABCD-EFGH-JKLM), letters raised."""
    return _ascii_upper("".join(ch for ch in strip_spaces(text) if ch != "-"))


# --- Formats: PINs, codes ------------------------------------------------------------------------------


class FieldStatus(enum.Enum):
    OK = "OK"
    EMPTY = "EMPTY"
    WRONG_LENGTH = "WRONG_LENGTH"
    BAD_CHARACTER = "BAD_CHARACTER"


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """The verdict on a secret-bearing field. It never holds the value itself, so it is safe to log."""

    status: FieldStatus
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status is FieldStatus.OK


@dataclass(frozen=True, slots=True)
class FieldFormat:
    """A field made of characters from `alphabet`, between `min_length` and `max_length` long."""

    name: str
    alphabet: frozenset[str]
    min_length: int
    max_length: int
    rule: str  # the sentence the trader reads when the value does not fit

    def check(self, value: str) -> FieldCheck:
        if not value:
            return FieldCheck(FieldStatus.EMPTY, f"Enter the {self.name}. {self.rule}")
        if any(ch not in self.alphabet for ch in value):
            return FieldCheck(FieldStatus.BAD_CHARACTER, self.rule)
        if not self.min_length <= len(value) <= self.max_length:
            return FieldCheck(FieldStatus.WRONG_LENGTH, self.rule)
        return FieldCheck(FieldStatus.OK)


DSCPLUS_PIN = FieldFormat("PIN", _DIGITS, 4, 4, "The DSC+ PIN is exactly 4 digits.")
IBKEY_RECOVERY_PIN = FieldFormat(
    "recovery PIN",
    _LOWER | _UPPER | _DIGITS | _SPECIAL,
    4,
    6,
    "The IB Key recovery PIN is 4 to 6 letters, digits or special characters such as ! or #.",
)
# The trader's answers: their rules are the catalogue's texts (the login flow shows the catalogue message,
# the vocabulary's `ResponseFormat.message`; `rule` is its English, for the gateway's desk and logs).
SMS_CODE = FieldFormat("security code", _DIGITS, 6, 6, texts.SECURITY_CODE_FORMAT.template)
IBKEY_RESPONSE = FieldFormat("response", _DIGITS, 8, 8, texts.IBKEY_RESPONSE_FORMAT.template)
DSCPLUS_RESPONSE = FieldFormat("response", _DIGITS, 8, 8, texts.DSCPLUS_RESPONSE_FORMAT.template)
CARD_RESPONSE = FieldFormat("card codes", _UPPER_ALNUM, 6, 6, texts.CARD_RESPONSE_FORMAT.template)
TEMP_PASSCODE = FieldFormat("temporary passcode", _UPPER_ALNUM, 6, 32, texts.TEMP_PASSCODE_FORMAT.template)
# A security key's enrolment code: 12 of these 31 letters and digits (no 0, O, 1, I, L), about 59 bits.
ENROLMENT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ENROLMENT_CODE = FieldFormat(
    "enrolment code", frozenset(ENROLMENT_CODE_ALPHABET), 12, 12, texts.ENROLMENT_CODE_FORMAT.template
)


def check_dscplus_pin(pin: str) -> FieldCheck:
    """R6: the DSC+ PIN is numeric, exactly 4 digits."""
    return DSCPLUS_PIN.check(pin)


def check_recovery_pin(pin: str) -> FieldCheck:
    """R18: the IB Key recovery PIN is 4 to 6 letters, digits and special characters."""
    return IBKEY_RECOVERY_PIN.check(pin)


def check_sms_code(code: str) -> FieldCheck:
    """SMS and voice codes are 6 digits; spaces the user typed are removed first (R4)."""
    return SMS_CODE.check(normalise_device_response(code))


# --- A device's name ---------------------------------------------------------------------------------------

DEVICE_LABEL_MAX = 64  # characters; the `devices.label` column's width (migration 0003)
DEVICE_LABEL_RULE = f"A key's name is at most {DEVICE_LABEL_MAX} characters, with no control characters."


def check_device_label(text: str) -> FieldCheck:
    """A name the trader or the desk gives a device (a security key's "blue YubiKey"): at most
    DEVICE_LABEL_MAX characters, none of them a control character (C0, DEL, C1: a line break or an escape
    would forge lines in the desk's listings). Blank is no name: use `device_label` for the value kept."""
    if len(text) > DEVICE_LABEL_MAX:
        return FieldCheck(FieldStatus.WRONG_LENGTH, DEVICE_LABEL_RULE)
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        return FieldCheck(FieldStatus.BAD_CHARACTER, DEVICE_LABEL_RULE)
    return FieldCheck(FieldStatus.OK)


def device_label(text: str | None) -> str | None:
    """The name kept for a device: surrounding white space removed, blank as None. Check it first."""
    if text is None:
        return None
    return text.strip() or None
