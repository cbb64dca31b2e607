"""R1, R4, R6, R18 and the SMS code format: each test fails if its rule is broken."""

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trader_login.auth import rules, texts
from trader_login.auth.rules import FieldCheck, FieldStatus, UsernameCheck, UsernameStatus

# --- R1 user names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dscuser", "a", "user2026", "0123456789", string.ascii_lowercase])
def test_r1_lower_case_letters_and_digits_are_accepted(name):
    assert rules.check_username(name) == UsernameCheck(UsernameStatus.OK)


@pytest.mark.parametrize("name", ["DSCUSER", "dscUser", "Trader1", "A"])
def test_r1_upper_case_is_refused_with_the_caps_lock_hint(name):
    result = rules.check_username(name)
    assert result.status is UsernameStatus.UPPER_CASE
    assert result.message == "User names are lower case. Is Caps Lock on?"
    assert not result.ok


@pytest.mark.parametrize(
    ("name", "offending"),
    [
        ("john smith", " "),
        ("trader!", "!"),
        ("a@b", "@"),
        ("x#", "#"),
        ("$", "$"),
        ("50%", "%"),
        ("a^b", "^"),
        ("a&b", "&"),
        ("a*b", "*"),
        ("f(x", "("),
        ("a.b", "."),
        ("a,b", ","),
        ('say"hi', '"'),
        ("a:b", ":"),
        ("tab\there", "\t"),
        ("café", "é"),
        ("ｄｓｃuser", "ｄ"),  # full-width Latin from a CJK input method
        ("user\u200b", "\u200b"),  # zero-width space pasted from a web page
        ("١٢٣", "١"),  # Arabic-Indic digits are digits to str.isdigit(), not to us
        ("trader_1", "_"),
        ("trader-1", "-"),
    ],
)
def test_r1_anything_but_letters_and_digits_is_a_bad_character(name, offending):
    result = rules.check_username(name)
    assert result.status is UsernameStatus.BAD_CHARACTER
    assert result.message.startswith("BAD CHARACTER")
    assert result.offending == offending


def test_r1_bad_character_wins_over_upper_case():
    # Lowering the case would not make "JOHN SMITH" valid, so the message must point at the space.
    assert rules.check_username("JOHN SMITH").status is UsernameStatus.BAD_CHARACTER


def test_r1_bad_character_message_names_the_character_and_full_width_input():
    assert "a space" in rules.check_username("a b").message
    assert '"!"' in rules.check_username("a!").message
    assert "U+200B" in rules.check_username("a\u200b").message
    assert "half-width" in rules.check_username("ｕｓｅｒ").message
    assert "half-width" not in rules.check_username("us!er").message


def test_r1_empty_user_name_is_its_own_verdict():
    result = rules.check_username("")
    assert result.status is UsernameStatus.EMPTY
    assert result.message


@given(st.text())
def test_r1_any_unicode_yields_only_typed_results(text):
    result = rules.check_username(text)
    assert isinstance(result, UsernameCheck)
    assert isinstance(result.status, UsernameStatus)
    expected_ok = bool(text) and all(ch in string.ascii_lowercase + string.digits for ch in text)
    assert result.ok is expected_ok
    if result.status is UsernameStatus.UPPER_CASE:
        assert result.message == rules.USERNAME_UPPER_CASE_MESSAGE
    if result.status is UsernameStatus.BAD_CHARACTER:
        assert result.message.startswith("BAD CHARACTER")
        assert result.offending in text


def test_r1_the_published_pattern_is_the_rule_written_with_ranges():
    assert rules.USERNAME_PATTERN == "^[0-9a-z]+$"


@given(st.text() | st.text(alphabet=string.ascii_letters + string.digits + "-_ \n"))
def test_r1_the_published_pattern_accepts_exactly_what_the_rule_accepts(text):
    assert bool(re.fullmatch(rules.USERNAME_PATTERN, text)) is rules.check_username(text).ok


@pytest.mark.parametrize(
    ("typed", "shift", "caps"),
    [("A", False, True), ("a", False, False), ("A", True, False), ("a", True, True), ("Ж", False, True)],
)
def test_r1_caps_lock_is_inferred_from_letter_case_against_shift(typed, shift, caps):
    assert rules.infer_caps_lock(typed, shift=shift) is caps


@given(st.text(), st.booleans())
def test_r1_caps_lock_inference_never_raises(typed, shift):
    assert rules.infer_caps_lock(typed, shift=shift) in (True, False, None)


@pytest.mark.parametrize("typed", ["1", "!", " ", "日", "", "ab"])
def test_r1_caps_lock_is_unknown_from_characters_without_case(typed):
    assert rules.infer_caps_lock(typed, shift=False) is None


def test_r1_verdicts_carry_catalogue_messages_whose_english_is_the_spec():
    assert rules.check_username("").problem == texts.message(texts.USERNAME_EMPTY)
    assert rules.check_username("Dsc").problem == texts.message(texts.USERNAME_UPPER_CASE)
    assert rules.check_username("a b").problem == texts.message(texts.BAD_CHARACTER_SPACE_AFTER, before="a")
    assert rules.check_username("a!").problem == texts.message(texts.BAD_CHARACTER, found='"!"')
    assert rules.check_username("ｕ").problem == texts.message(texts.BAD_CHARACTER_FULL_WIDTH, found='"ｕ"')
    assert rules.check_username("dsc").problem is None
    assert rules.check_username("a!").message == (
        'BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found "!".'
    )
    # The English constants are the catalogue's, not copies of it.
    assert texts.USERNAME_UPPER_CASE.template == rules.USERNAME_UPPER_CASE_MESSAGE
    assert texts.INVALID_CREDENTIALS.template == rules.INVALID_CREDENTIALS_MESSAGE
    assert texts.LOGIN_FAILED.template == rules.LOGIN_FAILED_MESSAGE
    assert texts.CAPS_LOCK.template == rules.CAPS_LOCK_MESSAGE


# --- R4 responses --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1234 5678", "12345678"),
        (" 12 34 56 78 ", "12345678"),
        ("1234\u30005678", "12345678"),
        ("12\xa034", "1234"),
    ],
)
def test_r4_device_responses_lose_spaces(typed, expected):
    assert rules.normalise_device_response(typed) == expected


def test_r4_device_responses_keep_everything_else():
    assert rules.normalise_device_response("abc-12") == "abc-12"


@pytest.mark.parametrize(
    ("typed", "expected"), [("ab3 x9z", "AB3X9Z"), ("AB3X9Z", "AB3X9Z"), ("a b c", "ABC")]
)
def test_r4_card_codes_lose_spaces_and_are_upper_cased(typed, expected):
    assert rules.normalise_card_response(typed) == expected


def test_r4_temporary_passcodes_are_upper_cased_as_typed():
    assert rules.normalise_temp_passcode("k7qp 2mzx") == "K7QP2MZX"
    # Only a-z are raised: "ß".upper() is "SS", which would silently change the length.
    assert rules.normalise_temp_passcode("ß") == "ß"


@given(st.text())
def test_r4_normalisers_are_total_and_idempotent(text):
    for normalise in (
        rules.normalise_device_response,
        rules.normalise_card_response,
        rules.normalise_temp_passcode,
    ):
        once = normalise(text)
        assert normalise(once) == once
        assert not any(ch.isspace() for ch in once)
    assert not any(ch in string.ascii_lowercase for ch in rules.normalise_card_response(text))


# --- R6 DSC+ PIN, R18 IB Key recovery PIN, SMS codes ----------------------------------------------------


@pytest.mark.parametrize(
    ("pin", "status"),
    [
        ("1234", FieldStatus.OK),
        ("0000", FieldStatus.OK),
        ("", FieldStatus.EMPTY),
        ("123", FieldStatus.WRONG_LENGTH),
        ("12345", FieldStatus.WRONG_LENGTH),
        ("12a4", FieldStatus.BAD_CHARACTER),
        ("12 4", FieldStatus.BAD_CHARACTER),
        ("１２３４", FieldStatus.BAD_CHARACTER),  # full-width digits
        ("١٢٣٤", FieldStatus.BAD_CHARACTER),
    ],
)
def test_r6_dscplus_pin_is_exactly_four_digits(pin, status):
    assert rules.check_dscplus_pin(pin).status is status


@pytest.mark.parametrize(
    ("pin", "status"),
    [
        ("abcd", FieldStatus.OK),
        ("Ab1!", FieldStatus.OK),
        ("12#$%^", FieldStatus.OK),
        ("a1b2c3", FieldStatus.OK),
        ("abc", FieldStatus.WRONG_LENGTH),
        ("abcdefg", FieldStatus.WRONG_LENGTH),
        ("ab cd", FieldStatus.BAD_CHARACTER),
        ("pässw", FieldStatus.BAD_CHARACTER),
        ("", FieldStatus.EMPTY),
    ],
)
def test_r18_recovery_pin_is_four_to_six_letters_digits_or_specials(pin, status):
    assert rules.check_recovery_pin(pin).status is status


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("123456", FieldStatus.OK),
        ("123 456", FieldStatus.OK),
        ("12345", FieldStatus.WRONG_LENGTH),
        ("1234567", FieldStatus.WRONG_LENGTH),
        ("12345a", FieldStatus.BAD_CHARACTER),
        ("", FieldStatus.EMPTY),
    ],
)
def test_sms_code_is_six_digits(code, status):
    assert rules.check_sms_code(code).status is status


@given(st.text())
def test_field_checks_yield_only_typed_results_and_never_echo_the_value(text):
    checks = {
        rules.check_dscplus_pin: rules.DSCPLUS_PIN,
        rules.check_recovery_pin: rules.IBKEY_RECOVERY_PIN,
        rules.check_sms_code: rules.SMS_CODE,
    }
    for check, field_format in checks.items():
        result = check(text)
        assert isinstance(result, FieldCheck)
        assert isinstance(result.status, FieldStatus)
        assert result.ok == (result.message == "")
        # The value is a secret: a result is safe to log because its message is one of the format's fixed
        # sentences, never built from the value.
        fixed = {"", field_format.rule, f"Enter the {field_format.name}. {field_format.rule}"}
        assert result.message in fixed


@pytest.mark.parametrize(
    ("name", "where", "position"),
    [
        (" dscuser ", "Found a space at the start.", 0),
        ("dscuser ", "Found a space at the end.", 7),
        ("dscuser \t ", "Found a space at the end.", 7),
        ("dsc user", 'Found a space after "dsc".', 3),
        ("Dsc user", 'Found a space after "Dsc".', 3),
        ("dsc\u3000user", 'Found a space after "dsc".', 3),
    ],
)
def test_r1_a_space_is_said_where_it_is(name, where, position):
    verdict = rules.check_username(name)
    assert verdict.status is rules.UsernameStatus.BAD_CHARACTER
    assert verdict.message.startswith("BAD CHARACTER: ")
    assert verdict.message.endswith(where)
    assert verdict.position == position
    assert name[verdict.position] == verdict.offending


@pytest.mark.parametrize(("name", "position"), [("dsc.user", 3), ("dscUser", 3), ("DSC", 0), ("ab:", 2)])
def test_r1_the_verdict_gives_the_offending_character_s_position(name, position):
    verdict = rules.check_username(name)
    assert verdict.position == position
    assert verdict.offending == name[position]
    assert rules.check_username("dscuser").position is None
    assert rules.check_username("").position is None


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("blue YubiKey", True),
        ("", True),
        ("キー 2", True),
        ("x" * rules.DEVICE_LABEL_MAX, True),
        ("x" * (rules.DEVICE_LABEL_MAX + 1), False),
        ("two\nlines", False),
        ("escape \x1b[31m", False),
        ("delete \x7f", False),
        ("c1 \x85", False),
    ],
)
def test_a_device_name_is_short_and_has_no_control_characters(name: str, ok: bool) -> None:
    assert rules.check_device_label(name).ok is ok


def test_a_blank_device_name_is_no_name() -> None:
    assert rules.device_label("  blue  ") == "blue"
    assert rules.device_label("   ") is None
    assert rules.device_label(None) is None
