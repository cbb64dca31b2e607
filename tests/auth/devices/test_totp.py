"""The TOTP authenticator app: RFC 6238 through the model, the gateway's window, the countdown, the
enrolment URI (strict), the QR code, the device file, and the secret kept out of every text."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

import trader_login.auth.devices.files as files
from tests.auth.devices.support import assert_no_encoded_blob, assert_no_secret, secret_forms
from trader_login.auth import otp, vocabulary
from trader_login.auth.devices import DeviceFileError, totp
from trader_login.auth.devices.totp import Authenticator, TotpUriError, verify

VECTORS = json.loads((Path(__file__).parents[2] / "vectors" / "totp.json").read_text(encoding="utf-8"))
SHA1_VECTORS = [v for v in VECTORS["vectors"] if v["algorithm"] == "HMAC-SHA1"]
RFC_KEY = b"12345678901234567890"  # RFC 6238 Appendix B's 20-byte SHA-1 seed

# Distinctive, so a leak is unmistakable in any encoding.
SECRET = bytes(range(0xC0, 0xD4))
SECRET_B32 = base64.b32encode(SECRET).decode().rstrip("=")
NOW = 1_700_000_015.0  # 15 s into a period


def app(account: str = "totpuser", issuer: str = "Trader Login") -> Authenticator:
    return Authenticator(SECRET, account, issuer)


def leaks() -> list[str]:
    return [*secret_forms(SECRET), SECRET_B32, SECRET_B32.lower(), SECRET_B32[:16]]


def b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


# -- RFC 6238 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vector", SHA1_VECTORS, ids=[v["id"] for v in SHA1_VECTORS])
def test_rfc6238_sha1_vectors_through_the_model(vector: dict[str, Any]) -> None:
    at = vector["unix_time"]
    assert bytes.fromhex(vector["key_hex"]) == RFC_KEY
    # The RFC's table has 8 digits: otp.totp gives them; the app shows the last 6 of the same value.
    assert otp.totp(RFC_KEY, at, digits=8) == vector["expected_totp"]
    model = Authenticator(RFC_KEY, "rfc6238")
    assert model.code(at) == vector["expected_totp"][-6:]
    assert model.code(at) == otp.totp(RFC_KEY, at, digits=6)
    assert model.step(at) == vector["T"]
    assert totp.verify(RFC_KEY, vector["expected_totp"][-6:], at) == vector["T"]


def test_rfc6238_vectors_are_all_there() -> None:
    assert [v["unix_time"] for v in SHA1_VECTORS] == [
        59,
        1111111109,
        1111111111,
        1234567890,
        2000000000,
        20000000000,
    ]


def test_code_is_six_digits_for_a_fractional_time() -> None:
    code = app().code(NOW + 0.75)
    assert len(code) == 6
    assert code.isdigit()
    assert code == app().code(NOW) == otp.totp(SECRET, int(NOW), digits=6)


@pytest.mark.parametrize("at", [-1, -0.5, float("nan"), float("inf"), "59", True, None])
def test_a_bad_time_is_a_value_error(at: Any) -> None:
    with pytest.raises(ValueError, match="non-negative number of seconds"):
        app().code(at)
    with pytest.raises(ValueError, match="non-negative"):
        verify(SECRET, "123456", at)


# -- the period ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "step", "left"),
    [
        (0, 0, 30),
        (0.5, 0, 30),
        (1, 0, 29),
        (29, 0, 1),
        (29.999, 0, 1),
        (30, 1, 30),
        (59, 1, 1),
        (60, 2, 30),
        (1_700_000_010, 56_666_667, 30),
        (1_700_000_039.9, 56_666_667, 1),
    ],
)
def test_step_and_seconds_left_at_the_period_edges(at: float, step: int, left: int) -> None:
    assert Authenticator.step(at) == totp.step_at(at) == step
    assert Authenticator.seconds_left(at) == left
    assert app().code(at) == otp.hotp(SECRET, step, digits=6)


def test_the_code_changes_at_the_period_boundary_not_before() -> None:
    device = app()
    assert device.code(29.999) == device.code(0)
    assert device.code(30) == otp.hotp(SECRET, 1, digits=6)


# -- verify: the gateway's window ----------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_verify_accepts_the_current_step_and_one_each_side(offset: int) -> None:
    current = totp.step_at(NOW)
    code = otp.hotp(SECRET, current + offset, digits=6)
    assert verify(SECRET, code, NOW) == current + offset
    assert app().verify(code, NOW) == current + offset


@pytest.mark.parametrize("offset", [-2, 2, -3, 3])
def test_verify_refuses_two_steps_away(offset: int) -> None:
    code = otp.hotp(SECRET, totp.step_at(NOW) + offset, digits=6)
    assert verify(SECRET, code, NOW) is None


def test_verify_with_window_0_takes_only_the_current_step() -> None:
    current = totp.step_at(NOW)
    assert verify(SECRET, otp.hotp(SECRET, current, digits=6), NOW, window=0) == current
    assert verify(SECRET, otp.hotp(SECRET, current - 1, digits=6), NOW, window=0) is None


def test_verify_window_2_reaches_two_steps() -> None:
    current = totp.step_at(NOW)
    assert verify(SECRET, otp.hotp(SECRET, current + 2, digits=6), NOW, window=2) == current + 2


def test_verify_at_time_zero_skips_the_step_before() -> None:
    assert verify(SECRET, otp.hotp(SECRET, 1, digits=6), 0) == 1
    assert verify(SECRET, otp.hotp(SECRET, 0, digits=6), 0) == 0


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "12 345", " 123456", "12345a", "١٢٣٤٥٦", "１２３４５６", None, 123456]
)
def test_verify_a_code_of_the_wrong_shape_is_simply_wrong(code: Any) -> None:
    assert verify(SECRET, code, NOW) is None


@pytest.mark.parametrize("window", [-1, 11, True, 1.0, "1"])
def test_verify_refuses_a_bad_window(window: Any) -> None:
    with pytest.raises(ValueError, match="window"):
        verify(SECRET, "123456", NOW, window=window)


def test_verify_compares_every_candidate_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    real = totp.hmac.compare_digest

    def recording(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(totp.hmac, "compare_digest", recording)
    current = totp.step_at(NOW)
    code = otp.hotp(SECRET, current, digits=6)
    assert verify(SECRET, code, NOW) == current
    # All three steps are compared even though the first matched: no early exit to time.
    assert len(calls) == 3
    assert {b for _, b in calls} == {code}


# -- the enrolment URI ---------------------------------------------------------------------------------------


def test_uri_is_the_standard_key_uri() -> None:
    assert app().uri == (
        f"otpauth://totp/Trader%20Login:totpuser?secret={SECRET_B32}"
        "&issuer=Trader%20Login&algorithm=SHA1&digits=6&period=30"
    )
    assert "=" not in SECRET_B32
    assert SECRET_B32.isupper()


@pytest.mark.parametrize(
    ("account", "issuer", "label"),
    [
        ("jane doe+1@example.com", "Trader Login", "Trader%20Login:jane%20doe%2B1%40example.com"),
        ("ünïcode/ß?&=#%", "Broker & Co. (Zürich)", None),
        ("alice", "", "alice"),
    ],
)
def test_uri_round_trip_percent_encodes_the_label_and_issuer(
    account: str, issuer: str, label: str | None
) -> None:
    device = app(account, issuer)
    uri = device.uri
    assert uri.isascii()
    assert " " not in uri
    if label is not None:
        assert uri.startswith(f"otpauth://totp/{label}?")
    twin = Authenticator.from_uri(uri)
    assert (twin.account, twin.issuer, twin.secret) == (account, issuer, SECRET)
    assert twin.code(NOW) == device.code(NOW)
    assert twin.uri == uri


@pytest.mark.parametrize(
    "uri",
    [
        # What other issuers and apps write, all of it read the same way.
        f"otpauth://totp/Trader%20Login:totpuser?secret={SECRET_B32}&issuer=Trader%20Login",
        f"otpauth://totp/Trader%20Login%3Atotpuser?secret={SECRET_B32.lower()}&issuer=Trader+Login",
        f"OTPAUTH://TOTP/Trader%20Login:%20totpuser?issuer=Trader%20Login&secret={SECRET_B32}====",
        f"otpauth://totp/Trader%20Login:totpuser?secret={SECRET_B32}&algorithm=sha1&image=https%3A%2F%2Fx",
        f"otpauth://totp/totpuser?secret={SECRET_B32}&issuer=Trader%20Login&digits=6&period=30\n",
        f"otpauth://totp/Trader%20Login:totpuser?secret={SECRET_B32}",
    ],
)
def test_from_uri_reads_the_usual_spellings(uri: str) -> None:
    device = Authenticator.from_uri(uri)
    assert (device.account, device.issuer, device.secret) == ("totpuser", "Trader Login", SECRET)


SHORT = b32(bytes(range(0xC0, 0xCF)))  # 15 bytes
BAD_URIS: dict[str, tuple[Any, str]] = {
    "not text": (b"otpauth://totp/x?secret=" + SECRET_B32.encode(), "is text"),
    "too long": (f"otpauth://totp/x?secret={SECRET_B32}&image=" + "x" * 1100, "at most 1024"),
    "a space": (f"otpauth://totp/a b?secret={SECRET_B32}", "without spaces"),
    "not ASCII": (f"otpauth://totp/ü?secret={SECRET_B32}", "printable ASCII"),
    "http": (f"https://totp/x?secret={SECRET_B32}", "not an otpauth URI"),
    "no scheme": (f"totp/x?secret={SECRET_B32}", "not an otpauth URI"),
    "hotp": (f"otpauth://hotp/x?secret={SECRET_B32}&counter=0", "HOTP"),
    "other type": (f"otpauth://motp/x?secret={SECRET_B32}", "not a TOTP URI"),
    "fragment": (f"otpauth://totp/x?secret={SECRET_B32}#x", "fragment"),
    "no label": (f"otpauth://totp/?secret={SECRET_B32}", "no label"),
    "no path": (f"otpauth://totp?secret={SECRET_B32}", "no label"),
    "empty account": (f"otpauth://totp/Trader%20Login:?secret={SECRET_B32}", "account"),
    "account with a control character": (f"otpauth://totp/a%0Ab?secret={SECRET_B32}", "account"),
    "account with a colon": (f"otpauth://totp/I:a:b?secret={SECRET_B32}", "account"),
    "account too long": (f"otpauth://totp/{'a' * 65}?secret={SECRET_B32}", "account"),
    "label not UTF-8": (
        f"otpauth://totp/%FF?secret={SECRET_B32}",
        "label is not valid percent-encoded UTF-8",
    ),
    "issuer not UTF-8": (f"otpauth://totp/x?secret={SECRET_B32}&issuer=%C3", "issuer is not valid"),
    "issuer with a colon": (f"otpauth://totp/x?secret={SECRET_B32}&issuer=a%3Ab", "issuer must"),
    "issuers differ": (f"otpauth://totp/A:x?secret={SECRET_B32}&issuer=B", "differ"),
    "no query": ("otpauth://totp/Trader%20Login:x", "no secret"),
    "no secret": ("otpauth://totp/x?issuer=Trader%20Login", "no secret"),
    "empty secret": ("otpauth://totp/x?secret=", "secret is empty"),
    "secret twice": (f"otpauth://totp/x?secret={SECRET_B32}&secret={SECRET_B32}", "secret appears twice"),
    "query without =": (f"otpauth://totp/x?{SECRET_B32}", "malformed"),
    "query without name": (f"otpauth://totp/x?={SECRET_B32}", "malformed"),
    "secret not base32": (f"otpauth://totp/x?secret={SECRET_B32[:-1]}1", "not valid base32"),
    "secret base64": (f"otpauth://totp/x?secret={base64.b64encode(SECRET).decode()}", "not valid base32"),
    "secret percent-escaped junk": (f"otpauth://totp/x?secret={SECRET_B32}%2F", "not valid base32"),
    "secret impossible length": (f"otpauth://totp/x?secret={SECRET_B32}A", "length is impossible"),
    "secret not canonical": (f"otpauth://totp/x?secret={SECRET_B32[:25]}B", "not canonical base32"),
    "padding inside": (f"otpauth://totp/x?secret={SECRET_B32[:8]}=={SECRET_B32[8:]}", "not valid base32"),
    "secret too short": (f"otpauth://totp/x?secret={SHORT}", "15 bytes; at least 16"),
    "secret too long": (f"otpauth://totp/x?secret={b32(SECRET * 4)}", "longer than 64 bytes"),
    "SHA256": (f"otpauth://totp/x?secret={SECRET_B32}&algorithm=SHA256", "unsupported algorithm"),
    "SHA512": (f"otpauth://totp/x?secret={SECRET_B32}&algorithm=SHA512", "unsupported algorithm"),
    "MD5": (f"otpauth://totp/x?secret={SECRET_B32}&algorithm=MD5", "unsupported algorithm"),
    "8 digits": (f"otpauth://totp/x?secret={SECRET_B32}&digits=8", "digits: only 6"),
    "digits 06": (f"otpauth://totp/x?secret={SECRET_B32}&digits=06", "digits: only 6"),
    "60 s": (f"otpauth://totp/x?secret={SECRET_B32}&period=60", "period: only 30"),
    "period empty": (f"otpauth://totp/x?secret={SECRET_B32}&period=", "period: only 30"),
}


@pytest.mark.parametrize("name", list(BAD_URIS))
def test_malformed_uri_is_refused_with_a_clear_message(name: str) -> None:
    uri, expected = BAD_URIS[name]
    with pytest.raises(TotpUriError) as caught:
        Authenticator.from_uri(uri)
    error = caught.value
    assert expected in str(error)
    assert isinstance(error, DeviceFileError)
    assert isinstance(error, ValueError)
    assert_no_secret(str(error), leaks())
    assert_no_encoded_blob(str(error))
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


# -- the QR code ---------------------------------------------------------------------------------------------


def reference_qr() -> Any:
    return segno.make_qr(app().uri, error="m", boost_error=False)


def test_qr_matrix_is_segnos_for_the_uri_at_level_m_with_a_quiet_zone() -> None:
    reference = reference_qr()
    assert reference.designator.endswith("-M")
    expected = [[bool(m) for m in row] for row in reference.matrix_iter(scale=1, border=4)]
    matrix = app().qr_matrix()
    assert matrix == expected
    modules = reference.symbol_size(scale=1, border=0)[0]
    assert len(matrix) == modules + 8
    assert all(len(row) == modules + 8 for row in matrix)
    assert not any(matrix[0])
    assert not any(row[0] for row in matrix)
    assert matrix[4][4]  # the finder pattern's dark corner


def test_qr_matrix_without_quiet_zone() -> None:
    reference = reference_qr()
    assert app().qr_matrix(border=0) == [[bool(m) for m in row] for row in reference.matrix_iter(border=0)]


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        position += 12 + length
    return chunks


@pytest.mark.parametrize("scale", [1, 3, 8])
def test_qr_png_is_a_valid_png_of_the_symbol_and_quiet_zone_at_scale(scale: int) -> None:
    data = app().qr_png(scale=scale)
    chunks = png_chunks(data)
    assert chunks[0][0] == b"IHDR"
    assert chunks[-1][0] == b"IEND"
    width, height = struct.unpack(">II", chunks[0][1][:8])
    modules = reference_qr().symbol_size(scale=1, border=0)[0]
    assert width == height == (modules + 2 * totp.QUIET_ZONE) * scale
    assert any(kind == b"IDAT" for kind, _ in chunks)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [({"scale": 0}, "scale"), ({"scale": 65}, "scale"), ({"border": -1}, "quiet zone")],
)
def test_qr_png_refuses_bad_sizes(options: dict[str, int], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        app().qr_png(**options)


# -- the model -----------------------------------------------------------------------------------------------


def test_create_draws_a_fresh_20_byte_secret() -> None:
    first, second = Authenticator.create("totpuser"), Authenticator.create("totpuser")
    assert len(first.secret) == 20
    assert first.secret != second.secret
    assert (first.issuer, first.account, first.kind) == ("Trader Login", "totpuser", "totp")
    assert first.ident == "Trader Login: totpuser"


@pytest.mark.parametrize(
    ("secret", "account", "issuer", "fragment"),
    [
        (SECRET[:15], "a", "I", "16 to 64 bytes, found 15"),
        (SECRET * 4, "a", "I", "16 to 64 bytes"),
        ("x" * 20, "a", "I", "bytes"),
        (SECRET, "", "I", "account"),
        (SECRET, "a:b", "I", "account"),
        (SECRET, "a\nb", "I", "account"),
        (SECRET, "a" * 65, "I", "account"),
        (SECRET, "a", "I:J", "issuer"),
        (SECRET, "a", None, "issuer"),
    ],
)
def test_constructor_refuses_bad_values(secret: Any, account: Any, issuer: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment) as caught:
        Authenticator(secret, account, issuer)
    assert_no_secret(str(caught.value), leaks())


def test_repr_and_str_show_neither_secret_nor_uri() -> None:
    device = app("jane", "Trader Login")
    for text in (repr(device), str(device), f"{device}", repr([device])):
        assert_no_secret(text, leaks())
        assert_no_encoded_blob(text)
        assert "otpauth" not in text
        assert "jane" in text
    assert device.secret_base32 == SECRET_B32


# -- the device file -----------------------------------------------------------------------------------------


def test_to_dict_from_dict_round_trip() -> None:
    device = app("jane doe", "Trader Login")
    data = device.to_dict()
    assert data == {
        "secret": base64.b64encode(SECRET).decode(),
        "issuer": "Trader Login",
        "account": "jane doe",
    }
    twin = Authenticator.from_dict(json.loads(json.dumps(data)))
    assert twin.to_dict() == data
    assert twin.code(NOW) == device.code(NOW)
    assert twin.uri == device.uri


BAD_DICTS: dict[str, tuple[Any, str]] = {
    "not an object": ([], "expected a JSON object"),
    "missing secret": ({"issuer": "I", "account": "a"}, "missing field(s) secret"),
    "extra field": ({**app().to_dict(), "uri": "x"}, "1 unexpected field"),
    "secret not base64": ({**app().to_dict(), "secret": "!!"}, "not valid base64"),
    "secret too short": (
        {**app().to_dict(), "secret": base64.b64encode(SECRET[:15]).decode()},
        "16 to 64 bytes",
    ),
    "account empty": ({**app().to_dict(), "account": ""}, "totp.account"),
    "account with a colon": ({**app().to_dict(), "account": "a:b"}, "totp.account"),
    "account a number": ({**app().to_dict(), "account": 7}, "totp.account: expected a string"),
    "issuer with a colon": ({**app().to_dict(), "issuer": "a:b"}, "totp.issuer"),
    "issuer too long": ({**app().to_dict(), "issuer": "I" * 65}, "totp.issuer"),
}


@pytest.mark.parametrize("name", list(BAD_DICTS))
def test_from_dict_refuses_bad_data_clearly(name: str) -> None:
    data, fragment = BAD_DICTS[name]
    with pytest.raises(DeviceFileError) as caught:
        Authenticator.from_dict(data)
    assert fragment in str(caught.value)
    assert_no_secret(str(caught.value), leaks())


@pytest.fixture
def totp_registered(monkeypatch: pytest.MonkeyPatch) -> vocabulary.DeviceKind:
    """The vocabulary's `totp` kind, or, until the lead registers it, one as it will be registered."""
    if "totp" in vocabulary.DEVICE_KINDS:
        return vocabulary.DEVICE_KINDS["totp"]
    kind = vocabulary.DeviceKind(
        "totp",
        "Authenticator app",
        3,
        (1_000_000, 1_000_000),
        (),
        "totp",
        model="trader_login.auth.devices.totp:Authenticator",
    )
    monkeypatch.setattr(vocabulary, "DEVICE_KINDS", {**vocabulary.DEVICE_KINDS, "totp": kind})
    return kind


def test_device_file_round_trip_by_kind(totp_registered: vocabulary.DeviceKind, tmp_path: Path) -> None:
    assert totp_registered.load_model() is Authenticator
    device = app("jane doe")
    path = tmp_path / "jane-totp.json"
    files.save(device, path)
    envelope = json.loads(path.read_text())
    assert (envelope["version"], envelope["kind"]) == (files.VERSION, "totp")
    loaded = files.load(path)
    assert isinstance(loaded, Authenticator)
    assert loaded.to_dict() == device.to_dict()
    assert loaded.code(NOW) == device.code(NOW)


def test_device_file_of_a_bad_totp_names_the_field(totp_registered: vocabulary.DeviceKind) -> None:
    envelope = json.loads(files.dumps(app()))
    envelope["device"]["account"] = "a:b"
    body = {key: envelope[key] for key in ("format", "version", "kind", "device")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    envelope["checksum"] = "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()
    with pytest.raises(DeviceFileError, match=r"totp\.account") as caught:
        files.loads(json.dumps(envelope))
    assert_no_secret(str(caught.value), leaks())


# -- fuzzing the URI reader ----------------------------------------------------------------------------------

URI = app().uri


def read_or_refuse(text: str) -> Authenticator | None:
    """Either a device or a TotpUriError with a clean message: nothing else escapes."""
    refused: TotpUriError | None = None
    try:
        return Authenticator.from_uri(text)
    except TotpUriError as error:
        refused = error
    assert_no_secret(str(refused), leaks())
    assert refused.__cause__ is None
    return None


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fuzz_a_changed_character_reads_or_is_refused_cleanly(data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(URI) - 1))
    character = data.draw(st.characters() | st.sampled_from("%:?&=#/+ 0aZ"))
    read_or_refuse(URI[:position] + character + URI[position + 1 :])


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_fuzz_a_cut_uri_reads_or_is_refused_cleanly(data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(URI)))
    device = read_or_refuse(URI[:cut])
    if device is not None:
        # The URI has no checksum: a cut at a whole-byte boundary of the base32 reads as a shorter
        # (still at least 16-byte) secret; anywhere else in the secret it is refused.
        assert SECRET.startswith(device.secret)
        assert len(device.secret) >= 16


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_fuzz_any_text_reads_or_is_refused_cleanly(text: str) -> None:
    read_or_refuse(text)
