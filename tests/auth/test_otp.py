"""auth.otp against the RFC 4226, 6238 and 6287 vectors, the OCRA suite grammar, error messages that keep
secrets out, and constant-time verification."""

import hashlib
import hmac
import json
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trader_login.auth import otp
from trader_login.auth.otp import (
    DSCPLUS_SUITE,
    IBKEY_SUITE,
    OcraSuite,
    hotp,
    ocra,
    ocra_pin_hash,
    ocra_timestamp,
    parse_ocra_suite,
    totp,
    verify_ocra,
)

VECTORS = Path(__file__).parents[1] / "vectors"


def _load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


HOTP_VECTORS = _load("hotp.json")["vectors"]
TOTP_FILE = _load("totp.json")
TOTP_VECTORS = TOTP_FILE["vectors"]
TOTP_PITFALLS = TOTP_FILE["negative_or_pitfall_vectors"]
OCRA_VECTORS = _load("ocra.json")["vectors"]
OCRA_PIN_VECTORS = [v for v in OCRA_VECTORS if "P_sha1_hex" in v]

KEY20 = b"12345678901234567890"
KEY32 = b"12345678901234567890123456789012"
KEY64 = b"1234567890" * 6 + b"1234"


def _algorithm(vector: dict) -> str:
    return vector["algorithm"].removeprefix("HMAC-")


def _ids(vectors: list[dict]) -> list[str]:
    return [v["id"] for v in vectors]


def _ocra_inputs(vector: dict) -> dict:
    inputs = {}
    if "C" in vector:
        inputs["counter"] = vector["C"]
    if "P_sha1_hex" in vector:
        inputs["pin_hash"] = bytes.fromhex(vector["P_sha1_hex"])
    if "T" in vector:
        inputs["timestamp"] = vector["T"]
    return inputs


# --- HOTP ---


@pytest.mark.parametrize("vector", HOTP_VECTORS, ids=_ids(HOTP_VECTORS))
def test_rfc4226_appendix_d_hotp(vector: dict) -> None:
    key = bytes.fromhex(vector["key_hex"])
    result = hotp(key, vector["counter"], digits=vector["digits"], algorithm=_algorithm(vector))
    assert result == vector["expected_hotp"]
    # Longer codes are the same truncated value modulo a larger power of ten.
    for digits in (7, 8):
        expected = str(vector["expected_truncated_dec"] % 10**digits).zfill(digits)
        assert hotp(key, vector["counter"], digits=digits) == expected


def test_hotp_accepts_the_largest_64_bit_counter() -> None:
    assert re.fullmatch(r"[0-9]{6}", hotp(KEY20, 2**64 - 1))


# --- TOTP ---


@pytest.mark.parametrize("vector", TOTP_VECTORS, ids=_ids(TOTP_VECTORS))
def test_rfc6238_appendix_b_totp(vector: dict) -> None:
    result = totp(
        bytes.fromhex(vector["key_hex"]),
        vector["unix_time"],
        digits=vector["digits"],
        step=vector["step_seconds"],
        t0=vector["t0"],
        algorithm=_algorithm(vector),
    )
    assert result == vector["expected_totp"]
    assert result == hotp(
        bytes.fromhex(vector["key_hex"]), vector["T"], digits=vector["digits"], algorithm=_algorithm(vector)
    )


@pytest.mark.parametrize("pitfall", TOTP_PITFALLS, ids=_ids(TOTP_PITFALLS))
def test_rfc6238_table_needs_a_per_mode_seed(pitfall: dict) -> None:
    # The RFC's prose key (20 bytes) does not reproduce the SHA256/SHA512 rows; only the per-mode seed does.
    rfc_row = next(
        v
        for v in TOTP_VECTORS
        if v["unix_time"] == pitfall["unix_time"] and v["algorithm"] == pitfall["algorithm"]
    )
    short_key_result = totp(
        bytes.fromhex(pitfall["key_hex"]),
        pitfall["unix_time"],
        digits=pitfall["digits"],
        step=pitfall["step_seconds"],
        t0=pitfall["t0"],
        algorithm=_algorithm(pitfall),
    )
    assert short_key_result == pitfall["expected_totp"]
    assert short_key_result != rfc_row["expected_totp"]
    assert len(bytes.fromhex(pitfall["key_hex"])) != len(bytes.fromhex(rfc_row["key_hex"]))


def test_totp_counts_steps_from_t0() -> None:
    assert totp(KEY20, 1_000_059, t0=1_000_000) == totp(KEY20, 59)
    assert totp(KEY20, 119, step=60) == hotp(KEY20, 1, digits=8)
    assert totp(KEY20, 120, step=60, digits=6) == hotp(KEY20, 2, digits=6)


def test_totp_uses_exact_integer_steps_up_to_2_pow_53() -> None:
    # cryptography divides in floating point; the step must still be the integer one at the limit.
    largest = 2**53 - 1
    assert totp(KEY20, largest) == hotp(KEY20, largest // 30, digits=8)
    with pytest.raises(ValueError, match="2\\*\\*53"):
        totp(KEY20, 2**53)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: hotp(KEY20, 0, algorithm="MD5"), "algorithm"),
        (lambda: hotp(KEY20, 0, algorithm="sha1"), "algorithm"),
        (lambda: totp(KEY20, 0, algorithm="SHA384"), "algorithm"),
        (lambda: hotp(KEY20, 0, digits=5), "digits"),
        (lambda: hotp(KEY20, 0, digits=9), "digits"),
        (lambda: totp(KEY20, 0, digits=10), "digits"),
        (lambda: hotp(KEY20, -1), "counter"),
        (lambda: hotp(KEY20, 2**64), "counter"),
        (lambda: totp(KEY20, -1), "unix_time"),
        (lambda: totp(KEY20, 10, t0=20), "before t0"),
        (lambda: totp(KEY20, 10, t0=-1), "t0"),
        (lambda: totp(KEY20, 10, step=0), "step"),
        (lambda: hotp(b"x" * 15, 0), "at least 16 bytes"),
        (lambda: totp(b"", 0), "at least 16 bytes"),
    ],
    ids=[
        "hotp-md5",
        "hotp-lowercase-sha1",
        "totp-sha384",
        "digits-5",
        "digits-9",
        "totp-digits-10",
        "counter-negative",
        "counter-2**64",
        "time-negative",
        "time-before-t0",
        "t0-negative",
        "step-0",
        "hotp-key-15-bytes",
        "totp-key-empty",
    ],
)
def test_hotp_and_totp_reject_bad_inputs_with_value_error(call, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        call()


# --- OCRA: RFC vectors ---


@pytest.mark.parametrize("vector", OCRA_VECTORS, ids=_ids(OCRA_VECTORS))
def test_rfc6287_appendix_c1_ocra(vector: dict) -> None:
    key = bytes.fromhex(vector["key_hex"])
    inputs = _ocra_inputs(vector)
    assert ocra(vector["ocrasuite"], key, vector["Q"], **inputs) == vector["expected"]
    assert verify_ocra(vector["ocrasuite"], key, vector["Q"], vector["expected"], **inputs)


@pytest.mark.parametrize("vector", OCRA_PIN_VECTORS, ids=_ids(OCRA_PIN_VECTORS))
def test_rfc6287_pin_hash_is_sha1_of_the_pin(vector: dict) -> None:
    assert ocra_pin_hash(vector["ocrasuite"], "1234").hex() == vector["P_sha1_hex"]


# Transcribed from RFC 6287 Appendix C.3 (plain signature); ocra.json holds C.1 only. These prove the QA
# path against the RFC itself. (C.2 concatenates two 8-character questions under QA08, which a 16-character
# question cannot satisfy here.)
RFC6287_C3 = [
    ("OCRA-1:HOTP-SHA256-8:QA08", KEY32, "SIG10000", None, "53095496"),
    ("OCRA-1:HOTP-SHA256-8:QA08", KEY32, "SIG11000", None, "04110475"),
    ("OCRA-1:HOTP-SHA256-8:QA08", KEY32, "SIG12000", None, "31331128"),
    ("OCRA-1:HOTP-SHA256-8:QA08", KEY32, "SIG13000", None, "76028668"),
    ("OCRA-1:HOTP-SHA256-8:QA08", KEY32, "SIG14000", None, "46554205"),
    ("OCRA-1:HOTP-SHA512-8:QA10-T1M", KEY64, "SIG1000000", 0x132D0B6, "77537423"),
    ("OCRA-1:HOTP-SHA512-8:QA10-T1M", KEY64, "SIG1100000", 0x132D0B6, "31970405"),
    ("OCRA-1:HOTP-SHA512-8:QA10-T1M", KEY64, "SIG1200000", 0x132D0B6, "10235557"),
    ("OCRA-1:HOTP-SHA512-8:QA10-T1M", KEY64, "SIG1300000", 0x132D0B6, "95213541"),
    ("OCRA-1:HOTP-SHA512-8:QA10-T1M", KEY64, "SIG1400000", 0x132D0B6, "65360607"),
]


@pytest.mark.parametrize(
    ("suite", "key", "question", "timestamp", "expected"),
    RFC6287_C3,
    ids=[f"{c[0]}-{c[2]}" for c in RFC6287_C3],
)
def test_rfc6287_appendix_c3_plain_signature(
    suite: str, key: bytes, question: str, timestamp: int | None, expected: str
) -> None:
    assert ocra(suite, key, question, timestamp=timestamp) == expected


# --- OCRA: suite grammar ---


@pytest.mark.parametrize(
    ("suite", "fields"),
    [
        (IBKEY_SUITE, ("SHA256", 8, False, "N", 8, None, None, None)),
        (DSCPLUS_SUITE, ("SHA256", 8, False, "N", 6, "SHA1", None, None)),
        ("OCRA-1:HOTP-SHA512-8:QA10-T1M", ("SHA512", 8, False, "A", 10, None, None, 60)),
        ("OCRA-1:HOTP-SHA256-8:QA08-PSHA1", ("SHA256", 8, False, "A", 8, "SHA1", None, None)),
        ("OCRA-1:HOTP-SHA1-6:QH40-S064", ("SHA1", 6, False, "H", 40, None, 64, None)),
        (
            "OCRA-1:HOTP-SHA256-6:C-QN08-PSHA512-S512-T48H",
            ("SHA256", 6, True, "N", 8, "SHA512", 512, 48 * 3600),
        ),
        ("OCRA-1:HOTP-SHA512-8:C-QN08-PSHA1", ("SHA512", 8, True, "N", 8, "SHA1", None, None)),
        ("OCRA-1:HOTP-SHA1-4:QH04-S001-T1S", ("SHA1", 4, False, "H", 4, None, 1, 1)),
        ("OCRA-1:HOTP-SHA1-10:QN64-PSHA256-T59S", ("SHA1", 10, False, "N", 64, "SHA256", None, 59)),
        ("OCRA-1:HOTP-SHA512-0:C-QA64-T59M", ("SHA512", 0, True, "A", 64, None, None, 59 * 60)),
        ("OCRA-1:HOTP-SHA1-7:QN04-S256-T1H", ("SHA1", 7, False, "N", 4, None, 256, 3600)),
    ],
)
def test_parse_ocra_suite_reads_every_data_input(suite: str, fields: tuple) -> None:
    parsed = parse_ocra_suite(suite)
    assert parsed == OcraSuite(suite, *fields)
    with pytest.raises(FrozenInstanceError):
        parsed.digits = 6  # type: ignore[misc]


def _reference_ocra(
    suite: str,
    hash_name: str,
    digits: int,
    key: bytes,
    question_field: bytes,
    *,
    counter: int | None = None,
    pin_hash: bytes = b"",
    session_field: bytes = b"",
    timestamp: int | None = None,
) -> str:
    """RFC 6287 section 5 written out by hand from already-encoded fields, for cross-checking."""
    message = suite.encode() + b"\x00"
    if counter is not None:
        message += counter.to_bytes(8, "big")
    message += question_field + b"\x00" * (128 - len(question_field))
    message += pin_hash + session_field
    if timestamp is not None:
        message += timestamp.to_bytes(8, "big")
    mac = hmac.new(key, message, getattr(hashlib, hash_name)).digest()
    if digits == 0:
        return mac.hex()
    offset = mac[-1] & 0x0F
    binary = (mac[offset] & 0x7F) << 24 | mac[offset + 1] << 16 | mac[offset + 2] << 8 | mac[offset + 3]
    return str(binary % 10**digits).rjust(digits, "0")


SESSION = bytes(range(1, 11))
PIN512 = hashlib.sha512(b"2468").digest()
CROSS_CHECKS = [
    pytest.param(
        ("OCRA-1:HOTP-SHA512-8:QA10-T1M", KEY64, "Trader42", {"timestamp": 123}),
        ("sha512", 8, b"Trader42", {"timestamp": 123}),
        id="QA-T1M",
    ),
    pytest.param(
        ("OCRA-1:HOTP-SHA256-8:QA08-PSHA1", KEY32, "aZ09bY18", {"pin_hash": hashlib.sha1(b"1234").digest()}),
        ("sha256", 8, b"aZ09bY18", {"pin_hash": hashlib.sha1(b"1234").digest()}),
        id="QA-PSHA1",
    ),
    pytest.param(
        (
            "OCRA-1:HOTP-SHA1-6:QH40-S064",
            KEY20,
            "00112233445566778899aabbccddeeff0a1B2c3D",
            {"session": SESSION},
        ),
        (
            "sha1",
            6,
            bytes.fromhex("00112233445566778899aabbccddeeff0a1b2c3d"),
            {"session_field": b"\x00" * 54 + SESSION},
        ),
        id="QH-S064-left-padded",
    ),
    pytest.param(
        ("OCRA-1:HOTP-SHA1-6:QH40-S064", KEY20, "abcde", {"session": b""}),
        ("sha1", 6, bytes.fromhex("abcde0"), {"session_field": b"\x00" * 64}),
        id="QH-odd-length-gets-trailing-nibble",
    ),
    pytest.param(
        ("OCRA-1:HOTP-SHA1-6:QN08", KEY20, "1234", {}),
        ("sha1", 6, bytes.fromhex("4d20"), {}),
        id="QN-odd-hex-length",
    ),
    pytest.param(
        (
            "OCRA-1:HOTP-SHA256-6:C-QN08-PSHA512-S512-T48H",
            KEY32,
            "12345678",
            {"counter": 2**64 - 1, "pin_hash": PIN512, "session": bytes(512), "timestamp": 9},
        ),
        (
            "sha256",
            6,
            bytes.fromhex("bc614e"),
            {"counter": 2**64 - 1, "pin_hash": PIN512, "session_field": bytes(512), "timestamp": 9},
        ),
        id="C-QN-PSHA512-S512-T48H",
    ),
    pytest.param(
        ("OCRA-1:HOTP-SHA512-0:QH08", KEY64, "DEADBEEF", {}),
        ("sha512", 0, bytes.fromhex("deadbeef"), {}),
        id="no-truncation-full-hex",
    ),
    pytest.param(
        ("OCRA-1:HOTP-SHA1-10:QA64", KEY20, "Z" * 64, {}),
        ("sha1", 10, b"Z" * 64, {}),
        id="ten-digits-longest-QA",
    ),
]


@pytest.mark.parametrize(("call", "reference"), CROSS_CHECKS)
def test_ocra_matches_a_hand_written_reference(call: tuple, reference: tuple) -> None:
    suite, key, question, inputs = call
    hash_name, digits, question_field, reference_inputs = reference
    expected = _reference_ocra(suite, hash_name, digits, key, question_field, **reference_inputs)
    result = ocra(suite, key, question, **inputs)
    assert result == expected
    assert len(result) == (digits or 2 * hashlib.new(hash_name).digest_size)
    assert result == result.lower()


def test_dscplus_response_binds_the_pin() -> None:
    right = ocra(DSCPLUS_SUITE, KEY32, "123456", pin_hash=ocra_pin_hash(DSCPLUS_SUITE, "1234"))
    wrong = ocra(DSCPLUS_SUITE, KEY32, "123456", pin_hash=ocra_pin_hash(DSCPLUS_SUITE, "1235"))
    assert right == _reference_ocra(
        DSCPLUS_SUITE, "sha256", 8, KEY32, bytes.fromhex("1e2400"), pin_hash=hashlib.sha1(b"1234").digest()
    )
    assert right != wrong


def test_ocra_pin_hash_uses_the_suites_p_algorithm_on_utf8() -> None:
    assert ocra_pin_hash("OCRA-1:HOTP-SHA1-6:QN08-PSHA256", "1234") == hashlib.sha256(b"1234").digest()
    assert ocra_pin_hash("OCRA-1:HOTP-SHA1-6:QN08-PSHA512", "pïn") == hashlib.sha512("pïn".encode()).digest()
    with pytest.raises(ValueError, match="no PIN input"):
        ocra_pin_hash(IBKEY_SUITE, "1234")


@pytest.mark.parametrize(
    ("suite", "unix_time", "expected"),
    [
        ("OCRA-1:HOTP-SHA512-8:QN08-T1M", 0x132D0B6 * 60 + 59, 0x132D0B6),
        ("OCRA-1:HOTP-SHA1-6:QN08-T30S", 89, 2),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1S", 1_700_000_000, 1_700_000_000),
        ("OCRA-1:HOTP-SHA1-6:QN08-T48H", 48 * 3600 * 5 - 1, 4),
    ],
)
def test_ocra_timestamp_counts_whole_steps(suite: str, unix_time: int, expected: int) -> None:
    assert ocra_timestamp(suite, unix_time) == expected


def test_ocra_timestamp_needs_a_t_suite_and_a_non_negative_time() -> None:
    with pytest.raises(ValueError, match="no timestamp input"):
        ocra_timestamp(IBKEY_SUITE, 0)
    with pytest.raises(ValueError, match="negative"):
        ocra_timestamp("OCRA-1:HOTP-SHA1-6:QN08-T1M", -1)


# --- OCRA: errors, one test per category ---


@pytest.mark.parametrize(
    ("suite", "fragment"),
    [
        ("", "three parts"),
        ("OCRA-1:HOTP-SHA1-6", "three parts"),
        ("OCRA-1:HOTP-SHA1-6:QN08:X", "three parts"),
        ("OCRA-2:HOTP-SHA1-6:QN08", "algorithm 'OCRA-2'"),
        ("ocra-1:hotp-sha1-6:qn08", "algorithm 'ocra-1'"),
        ("OCRA-1:TOTP-SHA1-6:QN08", "crypto function 'TOTP-SHA1-6'"),
        ("OCRA-1:HOTP-SHA1:QN08", "crypto function 'HOTP-SHA1'"),
        ("OCRA-1:HOTP-MD5-6:QN08", "hash 'MD5'"),
        ("OCRA-1:HOTP-SHA1-3:QN08", "truncation '3'"),
        ("OCRA-1:HOTP-SHA1-11:QN08", "truncation '11'"),
        ("OCRA-1:HOTP-SHA1-06:QN08", "truncation '06'"),
        ("OCRA-1:HOTP-SHA1-6:", "empty data input"),
        ("OCRA-1:HOTP-SHA1-6:QN08-", "empty data input"),
        ("OCRA-1:HOTP-SHA1-6:C", "no question"),
        ("OCRA-1:HOTP-SHA1-6:QX08", "question 'QX08'"),
        ("OCRA-1:HOTP-SHA1-6:QN8", "question 'QN8'"),
        ("OCRA-1:HOTP-SHA1-6:QN03", "question length '03'"),
        ("OCRA-1:HOTP-SHA1-6:QN65", "question length '65'"),
        ("OCRA-1:HOTP-SHA1-6:CQN08", "counter input 'CQN08'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-C", "data input 'C' repeated or out of order"),
        ("OCRA-1:HOTP-SHA1-6:C-C-QN08", "data input 'C' repeated or out of order"),
        ("OCRA-1:HOTP-SHA1-6:QN08-QA08", "data input 'QA08' repeated or out of order"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1M-PSHA1", "data input 'PSHA1' repeated or out of order"),
        ("OCRA-1:HOTP-SHA1-6:QN08-PMD5", "PIN hash 'PMD5'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S000", "session input 'S000'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S513", "session input 'S513'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S64", "session input 'S64'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T60S", "time-step 'T60S' exceeds 59S"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T60M", "time-step 'T60M' exceeds 59M"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T49H", "time-step 'T49H' exceeds 48H"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T0H", "time-step 'T0H'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1m", "time-step 'T1m'"),
        ("OCRA-1:HOTP-SHA1-6:QN08-X", "unknown data input 'X'"),
        ("OCRA-1:HOTP-SHA1-6:QN08 ", "question 'QN08 '"),
    ],
)
def test_invalid_suite_is_refused_naming_the_wrong_part(suite: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        parse_ocra_suite(suite)
    with pytest.raises(ValueError, match=re.escape(fragment)):
        ocra(suite, KEY20, "12345678")


@pytest.mark.parametrize(
    ("suite", "question", "fragment"),
    [
        (IBKEY_SUITE, "1234567a", "decimal digits"),
        (IBKEY_SUITE, "1234 678", "decimal digits"),
        (IBKEY_SUITE, "-1234567", "decimal digits"),
        (IBKEY_SUITE, "١٢٣٤٥٦٧٨", "decimal digits"),  # Arabic-Indic digits that int() would accept
        (IBKEY_SUITE, "123", "4 to 8 characters, got 3"),
        (IBKEY_SUITE, "", "4 to 8 characters, got 0"),
        (IBKEY_SUITE, "123456789", "4 to 8 characters, got 9"),
        (DSCPLUS_SUITE, "1234567", "4 to 6 characters, got 7"),
        ("OCRA-1:HOTP-SHA1-6:QA08", "abc-1234", "ASCII letters and digits"),
        ("OCRA-1:HOTP-SHA1-6:QA08", "Äbcd", "ASCII letters and digits"),
        ("OCRA-1:HOTP-SHA1-6:QA08", "abc", "4 to 8 characters, got 3"),
        ("OCRA-1:HOTP-SHA1-6:QH08", "abcg", "hexadecimal digits"),
        ("OCRA-1:HOTP-SHA1-6:QH08", "0x12", "hexadecimal digits"),
        ("OCRA-1:HOTP-SHA1-6:QH08", "0123456789", "4 to 8 characters, got 10"),
    ],
)
def test_question_of_the_wrong_kind_or_length_is_refused(suite: str, question: str, fragment: str) -> None:
    inputs = {"pin_hash": bytes(20)} if suite == DSCPLUS_SUITE else {}
    with pytest.raises(ValueError, match=re.escape(fragment)):
        ocra(suite, KEY32, question, **inputs)


@pytest.mark.parametrize(
    ("suite", "inputs", "fragment"),
    [
        ("OCRA-1:HOTP-SHA1-6:C-QN08", {}, "needs a counter (C)"),
        (DSCPLUS_SUITE, {}, "needs a PIN hash (P)"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S064", {}, "needs session information (S)"),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1M", {}, "needs a timestamp (T)"),
        ("OCRA-1:HOTP-SHA1-6:C-QN08-T1M", {"counter": 1}, "needs a timestamp (T)"),
    ],
)
def test_missing_input_the_suite_needs_is_refused(suite: str, inputs: dict, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        ocra(suite, KEY20, "123456", **inputs)


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ({"counter": 0}, "does not use a counter (C)"),
        ({"pin_hash": bytes(20)}, "does not use a PIN hash (P)"),
        ({"session": b""}, "does not use session information (S)"),
        ({"timestamp": 0}, "does not use a timestamp (T)"),
    ],
)
def test_input_the_suite_does_not_use_is_refused(inputs: dict, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        ocra(IBKEY_SUITE, KEY32, "12345678", **inputs)


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ({"counter": -1, "timestamp": 0}, "counter must be between 0 and 2**64 - 1"),
        ({"counter": 2**64, "timestamp": 0}, "counter must be between 0 and 2**64 - 1"),
        ({"counter": 0, "timestamp": -1}, "timestamp must be between 0 and 2**64 - 1"),
        ({"counter": 0, "timestamp": 2**64}, "timestamp must be between 0 and 2**64 - 1"),
    ],
)
def test_counter_and_timestamp_must_fit_unsigned_64_bits(inputs: dict, fragment: str) -> None:
    suite = "OCRA-1:HOTP-SHA1-6:C-QN08-T1M"
    with pytest.raises(ValueError, match=re.escape(fragment)):
        ocra(suite, KEY20, "12345678", **inputs)
    assert re.fullmatch(r"[0-9]{6}", ocra(suite, KEY20, "12345678", counter=2**64 - 1, timestamp=2**64 - 1))


@pytest.mark.parametrize(
    ("suite", "inputs", "fragment"),
    [
        (DSCPLUS_SUITE, {"pin_hash": bytes(19)}, "pin_hash must be 20 bytes for PSHA1, got 19"),
        (DSCPLUS_SUITE, {"pin_hash": bytes(21)}, "pin_hash must be 20 bytes for PSHA1, got 21"),
        (DSCPLUS_SUITE, {"pin_hash": bytes(32)}, "pin_hash must be 20 bytes for PSHA1, got 32"),
        ("OCRA-1:HOTP-SHA1-6:QN08-PSHA256", {"pin_hash": bytes(20)}, "must be 32 bytes for PSHA256"),
        ("OCRA-1:HOTP-SHA1-6:QN08-PSHA512", {"pin_hash": bytes(32)}, "must be 64 bytes for PSHA512"),
        ("OCRA-1:HOTP-SHA1-6:QN08-S064", {"session": bytes(65)}, "at most 64 bytes for S064, got 65"),
    ],
)
def test_pin_hash_and_session_of_the_wrong_length_are_refused(
    suite: str, inputs: dict, fragment: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        ocra(suite, KEY20, "123456", **inputs)


@pytest.mark.parametrize("key", [b"", bytearray()], ids=["bytes", "bytearray"])
def test_empty_key_is_refused(key: bytes) -> None:
    with pytest.raises(ValueError, match="key must not be empty"):
        ocra(IBKEY_SUITE, key, "12345678")


SECRET_KEY = bytes(range(0xC0, 0xE0))
SECRET_PIN_HASH = bytes(range(0x81, 0x81 + 19))
SECRET_SESSION = bytes(range(0xA0, 0xA0 + 65))


def _secret_forms(secret: bytes) -> list[str]:
    return [secret.hex(), secret.hex().upper(), repr(secret), secret[:4].hex(), repr(secret[:4])[2:-1]]


SECRET_CASES = [
    pytest.param(
        lambda: ocra(DSCPLUS_SUITE, SECRET_KEY, "123456", pin_hash=SECRET_PIN_HASH),
        "pin_hash must be 20 bytes",
        id="pin-hash-too-short",
    ),
    pytest.param(
        lambda: ocra(IBKEY_SUITE, SECRET_KEY, "12345678", pin_hash=SECRET_PIN_HASH),
        "does not use a PIN hash",
        id="pin-hash-unused",
    ),
    pytest.param(
        lambda: ocra(IBKEY_SUITE, SECRET_KEY, "12345678", session=SECRET_SESSION),
        "does not use session information",
        id="session-unused",
    ),
    pytest.param(
        lambda: ocra("OCRA-1:HOTP-SHA1-6:QN08-S064", SECRET_KEY, "12345678", session=SECRET_SESSION),
        "session must be at most 64 bytes",
        id="session-too-long",
    ),
    pytest.param(
        lambda: ocra(DSCPLUS_SUITE, SECRET_KEY, "12x456", pin_hash=SECRET_PIN_HASH + b"\x00"),
        "decimal digits",
        id="bad-question-with-secrets",
    ),
    pytest.param(
        lambda: ocra(
            "OCRA-1:HOTP-SHA1-6:C-QN08-PSHA1", SECRET_KEY, "1234", pin_hash=SECRET_PIN_HASH + b"\x00"
        ),
        "needs a counter",
        id="missing-counter-with-secrets",
    ),
    pytest.param(
        lambda: ocra("OCRA-9:HOTP-SHA1-6:QN08", SECRET_KEY, "12345678"),
        "invalid OCRA suite",
        id="bad-suite-with-key",
    ),
    pytest.param(
        lambda: verify_ocra(DSCPLUS_SUITE, SECRET_KEY, "123456", "12345678", pin_hash=SECRET_PIN_HASH),
        "pin_hash must be 20 bytes",
        id="verify-with-short-pin-hash",
    ),
    pytest.param(lambda: hotp(SECRET_KEY[:15], 0), "at least 16 bytes", id="hotp-key-too-short"),
    pytest.param(lambda: hotp(SECRET_KEY, -1), "counter must be between", id="hotp-negative-counter"),
    pytest.param(lambda: totp(SECRET_KEY[:15], 59), "at least 16 bytes", id="totp-key-too-short"),
]


@pytest.mark.parametrize(("call", "fragment"), SECRET_CASES)
def test_error_messages_never_contain_key_pin_hash_or_session(call, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)) as raised:
        call()
    texts = []
    error: BaseException | None = raised.value
    while error is not None:  # the chained cause is printed in tracebacks too
        texts += [str(error), repr(error)]
        error = error.__cause__ or error.__context__
    for secret in (SECRET_KEY, SECRET_KEY[:15], SECRET_PIN_HASH, SECRET_SESSION):
        for form in _secret_forms(secret):
            assert all(form not in text for text in texts), form


# --- OCRA: robustness ---

SUITE_LIKE = st.from_regex(
    r"OCRA-1:HOTP-SHA(1|256|512)-[0-9]{1,2}:"
    r"(C-)?Q[NAHX][0-9]{1,2}(-P[A-Z0-9]{3,6})?(-S[0-9]{2,3})?(-T[0-9]{1,2}[SMHX])?",
    fullmatch=True,
)


@settings(database=None, max_examples=300)
@given(st.one_of(st.text(), SUITE_LIKE))
def test_any_suite_text_parses_or_raises_value_error(suite: str) -> None:
    try:
        parsed = parse_ocra_suite(suite)
    except ValueError:
        return
    assert parsed.text == suite
    assert parsed.hash_algorithm in {"SHA1", "SHA256", "SHA512"}
    assert parsed.digits == 0 or 4 <= parsed.digits <= 10
    assert 4 <= parsed.question_max_length <= 64


@settings(database=None, max_examples=100)
@given(question=st.one_of(st.text(), st.from_regex(r"[0-9A-Za-z]{0,70}", fullmatch=True)))
@pytest.mark.parametrize(
    ("suite", "length"),
    [(IBKEY_SUITE, 8), ("OCRA-1:HOTP-SHA1-6:QA64", 6), ("OCRA-1:HOTP-SHA512-0:QH16", 128)],
    ids=["QN08", "QA64", "QH16-no-truncation"],
)
def test_any_question_gives_a_response_of_the_right_length_or_value_error(
    suite: str, length: int, question: str
) -> None:
    try:
        response = ocra(suite, KEY32, question)
    except ValueError:
        return
    assert re.fullmatch(f"[0-9a-f]{{{length}}}", response)


# --- verify_ocra ---


def test_verify_ocra_accepts_only_the_right_response() -> None:
    right = ocra(IBKEY_SUITE, KEY32, "12345678")
    wrong_digit = str((int(right[-1]) + 1) % 10)
    assert verify_ocra(IBKEY_SUITE, KEY32, "12345678", right)
    for response in (
        right[:-1] + wrong_digit,
        right[:-1],
        right + "0",
        "",
        "abcdefgh",
        " " + right[1:],
        "١٢٣٤٥٦٧٨",
        right.encode(),
        None,
    ):
        assert verify_ocra(IBKEY_SUITE, KEY32, "12345678", response) is False  # type: ignore[arg-type]


def test_verify_ocra_still_raises_for_a_bad_suite_question_or_input() -> None:
    with pytest.raises(ValueError, match="invalid OCRA suite"):
        verify_ocra("OCRA-1:HOTP-SHA1-6:QZ08", KEY32, "12345678", "x")
    with pytest.raises(ValueError, match="decimal digits"):
        verify_ocra(IBKEY_SUITE, KEY32, "1234567a", "12345678")
    with pytest.raises(ValueError, match="needs a PIN hash"):
        verify_ocra(DSCPLUS_SUITE, KEY32, "123456", "12345678")


def test_verify_ocra_compares_with_hmac_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real_compare = hmac.compare_digest

    def recording_compare(a, b):
        calls.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(otp.hmac, "compare_digest", recording_compare)
    right = ocra(DSCPLUS_SUITE, KEY32, "654321", pin_hash=ocra_pin_hash(DSCPLUS_SUITE, "1234"))
    pin_hash = ocra_pin_hash(DSCPLUS_SUITE, "1234")
    assert verify_ocra(DSCPLUS_SUITE, KEY32, "654321", right, pin_hash=pin_hash)
    assert not verify_ocra(DSCPLUS_SUITE, KEY32, "654321", "00000000", pin_hash=pin_hash)
    assert calls == [(right, right), ("00000000", right)]
