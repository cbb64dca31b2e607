"""Device files: round trips, the envelope, atomic 0600 writes, and bad files that change nothing."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trader_login.auth.devices.files as files
from tests.auth.devices.support import (
    DSC_PIN,
    FakeClock,
    all_secret_forms,
    assert_no_encoded_blob,
    assert_no_secret,
    card_secret_forms,
    make_card,
    make_dscplus,
    make_ibkey,
    make_phone,
    secret_forms,
)
from trader_login.auth import vocabulary
from trader_login.auth.devices import (
    Authenticator,
    DeviceFileError,
    DscPlus,
    IbKeyApp,
    Phone,
    SecurityCodeCard,
    SmsMessage,
    VoiceCall,
)
from trader_login.auth.devices.passkey import VirtualSecurityKey

CARD = make_card()
SAMPLES: dict[str, Any] = {  # by device kind, as the vocabulary spells it
    "dscplus": make_dscplus(),
    "ibkey": make_ibkey(),
    "card": CARD,
    "online-card": SecurityCodeCard.create("online-card", serial="OSC00000042"),
    "sms": make_phone(),
}
TOTP_SECRET = bytes(range(0xE0, 0xF4))
if "totp" in vocabulary.DEVICE_KINDS:  # registered by the lead once the TOTP parts exist
    SAMPLES["totp"] = Authenticator(TOTP_SECRET, "totpuser")
PASSKEY_SCALAR = bytes(range(0x21, 0x41))  # a P-256 private key: below the curve's order
PASSKEY_PIN_HASH = hashlib.sha256(b"4711").digest()[:16]
SAMPLES["passkey"] = VirtualSecurityKey.from_dict(
    {
        "key_id": "4F2A9C0153B7E8D6",
        "pin_hash": base64.b64encode(PASSKEY_PIN_HASH).decode(),
        "pin_retries": 7,
        "sealed_by": None,
        "credentials": [
            {
                "id": base64.b64encode(bytes(range(32))).decode(),
                "rp_id": "localhost",
                "user_id": base64.b64encode(b"user-handle-1").decode(),
                "user_name": "passkeyuser",
                "display_name": "Passkey User",
                "created": 1764900000.0,
                "sign_count": 41,
                "discoverable": True,
                "private_key": base64.b64encode(PASSKEY_SCALAR).decode(),
            }
        ],
    }
)
OLD_FILES = Path(__file__).parent / "data"  # written by the previous release (version 1)
TEXTS = {kind: files.dumps(device) for kind, device in SAMPLES.items()}
SECRETS = [
    *all_secret_forms(CARD),
    *card_secret_forms(SAMPLES["online-card"]),
    *secret_forms(TOTP_SECRET),
    *secret_forms(PASSKEY_SCALAR),
    *secret_forms(PASSKEY_PIN_HASH),
]


def checksum(envelope: dict[str, Any]) -> str:
    """Computed here independently of the module, from the documented recipe."""
    body = {key: envelope[key] for key in ("format", "version", "kind", "device")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def rewrite(kind: str, edit: Any, *, reseal: bool = True) -> str:
    """A sample file with `edit` applied to its parsed JSON, resealed with a fresh checksum if `reseal`."""
    envelope = json.loads(TEXTS[kind])
    edit(envelope)
    if (
        reseal
        and isinstance(envelope, dict)
        and {"format", "version", "kind", "device", "checksum"} <= set(envelope)
    ):
        envelope["checksum"] = checksum(envelope)
    return json.dumps(envelope, indent=2)


def assert_clean_error(error: DeviceFileError) -> None:
    message = str(error)
    assert message
    assert_no_secret(message, SECRETS)
    assert_no_encoded_blob(message)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


# -- round trips -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_device_file_round_trip_keeps_everything(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.json"
    files.save(SAMPLES[kind], path)
    loaded = files.load(path)
    assert type(loaded) is type(SAMPLES[kind])
    assert loaded.to_dict() == SAMPLES[kind].to_dict()
    assert files.loads(path.read_text()).to_dict() == SAMPLES[kind].to_dict()


def test_device_file_round_trip_dscplus_behaves_the_same(clock: FakeClock) -> None:
    device = make_dscplus(clock)
    twin = files.loads(files.dumps(device), clock=clock)
    assert isinstance(twin, DscPlus)
    for each in (device, twin):
        each.press_button()
        for digit in DSC_PIN + "123456":
            each.press_key(digit)
            if each.display == "PIN> ****":
                each.press_ok()
        each.press_ok()
    assert twin.display == device.display
    assert len(twin.display) == 8


def test_r6_dscplus_lock_survives_save_and_load(clock: FakeClock, tmp_path: Path) -> None:
    device = make_dscplus(clock)
    path = tmp_path / "dsc.json"
    device.on_persistent_change = lambda changed: files.save(changed, path)
    for _ in range(3):
        device.press_button()
        for digit in "0000":
            device.press_key(digit)
        device.press_ok()
    reloaded = files.load(path, clock=clock)
    assert isinstance(reloaded, DscPlus)
    assert reloaded.wrong_pin_count == 3
    assert not reloaded.locked
    for _ in range(2):
        device.press_button()
        for digit in "0000":
            device.press_key(digit)
        device.press_ok()
    reloaded = files.load(path, clock=clock)
    assert reloaded.locked
    assert json.loads(path.read_text())["device"]["locked"] is True
    reloaded.press_button()
    assert reloaded.display == "LOCKED"


def test_device_file_round_trip_ibkey_keeps_its_keys() -> None:
    app = SAMPLES["ibkey"]
    twin = files.loads(TEXTS["ibkey"])
    assert isinstance(twin, IbKeyApp)
    assert twin.public_key_bytes() == app.public_key_bytes()
    assert twin.respond("12345678") == app.respond("12345678")


def test_device_file_round_trip_card_keeps_kind_and_codes() -> None:
    online = SecurityCodeCard.create("online-card")
    twin = files.loads(files.dumps(online))
    assert isinstance(twin, SecurityCodeCard)
    assert twin.kind == "online-card"
    assert twin.codes() == online.codes()


def test_device_file_round_trip_phone_keeps_its_inbox() -> None:
    phone = SAMPLES["sms"]
    twin = files.loads(TEXTS["sms"])
    assert isinstance(twin, Phone)
    assert twin.messages == phone.messages
    assert [type(message) for message in twin.messages] == [SmsMessage, VoiceCall]
    assert twin.latest_code() == phone.latest_code()


# -- files of the previous release (version 1) ---------------------------------------------------------------

V1_KINDS = {
    "dscplus": "dscplus",
    "ibkey": "ibkey",
    "phone": "sms",
    "card": "card",
    "online-card": "online-card",
}


@pytest.mark.parametrize("name", list(V1_KINDS))
def test_version_1_device_file_still_loads_as_its_kind(name: str) -> None:
    text = (OLD_FILES / f"v1-{name}.json").read_text()
    envelope = json.loads(text)
    assert envelope["version"] == 1
    device = files.loads(text)
    assert device.kind == V1_KINDS[name]
    assert device.to_dict() == envelope["device"]
    # Saved again, it is a version 2 file under the vocabulary's kind, and the same device.
    again = json.loads(files.dumps(device))
    assert (again["version"], again["kind"], again["device"]) == (2, V1_KINDS[name], envelope["device"])


def test_version_1_files_spelled_the_phone_phone_and_both_cards_card() -> None:
    kinds = {name: json.loads((OLD_FILES / f"v1-{name}.json").read_text())["kind"] for name in V1_KINDS}
    assert kinds == {
        "dscplus": "dscplus",
        "ibkey": "ibkey",
        "phone": "phone",
        "card": "card",
        "online-card": "card",
    }


def test_version_1_phone_loads_with_its_inbox() -> None:
    phone = files.load(OLD_FILES / "v1-phone.json")
    assert isinstance(phone, Phone)
    assert phone.to_dict() == SAMPLES["sms"].to_dict()
    assert phone.latest_code() == SAMPLES["sms"].latest_code()


def test_version_1_dscplus_gets_the_clock(clock: FakeClock) -> None:
    device = files.load(OLD_FILES / "v1-dscplus.json", clock=clock)
    assert isinstance(device, DscPlus)
    device.press_button()
    clock.advance(30)
    assert device.display == ""  # switched itself off by the given clock


def test_version_1_file_edited_is_still_refused() -> None:
    envelope = json.loads((OLD_FILES / "v1-card.json").read_text())
    envelope["device"]["codes"][0] = "ZZZ"
    with pytest.raises(DeviceFileError, match="checksum mismatch"):
        files.loads(json.dumps(envelope))


def test_version_1_name_sms_was_never_written_but_reads() -> None:
    # A version 1 file under the vocabulary's spelling (hand-made): the kind is the kind.
    envelope = json.loads((OLD_FILES / "v1-phone.json").read_text())
    envelope["kind"] = "sms"
    envelope["checksum"] = checksum(envelope)
    assert isinstance(files.loads(json.dumps(envelope)), Phone)


# -- found by kind -------------------------------------------------------------------------------------------


def test_every_kind_with_a_model_round_trips_through_its_model() -> None:
    with_model = {name for name, kind in vocabulary.DEVICE_KINDS.items() if kind.model is not None}
    assert with_model <= set(SAMPLES)
    for name in with_model:
        device = SAMPLES[name]
        assert device.kind == name
        assert isinstance(device, vocabulary.DEVICE_KINDS[name].load_model())
        assert isinstance(device, files.DeviceModel)
        assert files.model_for(name) is type(device)
        assert files.loads(files.dumps(device)).to_dict() == device.to_dict()


class Token:
    """A device model of a kind files.py has never heard of."""

    kind = "token"

    def __init__(self, serial: str) -> None:
        self.ident = serial

    def to_dict(self) -> dict[str, Any]:
        return {"serial": self.ident}

    @classmethod
    def from_dict(cls, data: Any, *, clock: Any = None) -> Token:
        return cls(data["serial"])


def test_a_new_kind_with_a_model_needs_no_edit_of_files(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = vocabulary.DeviceKind("token", "Token", 3, (None, None), (), "token", model=f"{__name__}:Token")
    monkeypatch.setattr(vocabulary, "DEVICE_KINDS", {**vocabulary.DEVICE_KINDS, "token": kind})
    text = files.dumps(Token("T-1"))
    assert json.loads(text)["kind"] == "token"
    loaded = files.loads(text)
    assert isinstance(loaded, Token)
    assert loaded.ident == "T-1"


def test_each_model_names_what_a_picker_shows() -> None:
    assert SAMPLES["dscplus"].ident == "DSC00000042"
    assert SAMPLES["ibkey"].ident == "IBK-test-0001"
    assert SAMPLES["card"].ident == "SCC00000042"
    assert SAMPLES["online-card"].ident == "OSC00000042"
    assert SAMPLES["sms"].ident == "+1 ••• ••• 1234"
    assert SAMPLES["passkey"].ident == "Virtual security key 4F2A"


# -- the envelope -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_device_file_envelope_is_versioned_and_checksummed(kind: str) -> None:
    envelope = json.loads(TEXTS[kind])
    assert set(envelope) == {"format", "version", "kind", "device", "checksum"}
    assert envelope["format"] == "trader-login-device"
    assert envelope["version"] == 2
    assert envelope["kind"] == kind
    assert kind in vocabulary.DEVICE_KINDS
    assert envelope["checksum"] == checksum(envelope)
    assert TEXTS[kind].isascii()


def test_device_file_binary_values_are_base64() -> None:
    device = json.loads(TEXTS["dscplus"])["device"]
    assert len(base64.b64decode(device["secret"], validate=True)) == 32
    assert len(base64.b64decode(device["pin_hash"], validate=True)) == 20
    device = json.loads(TEXTS["ibkey"])["device"]
    assert len(base64.b64decode(device["private_key"], validate=True)) == 32


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_device_file_is_written_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    path.write_text("old")
    path.chmod(0o644)
    files.save(SAMPLES["card"], path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["card.json"]


# -- bad files ----------------------------------------------------------------------------------------------


def _non_canonical(text: str) -> str:
    """The same bytes in base64 with the unused low bits of the last character set."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = text.rstrip("=")[-1]
    spelled = alphabet[alphabet.index(last) ^ 1]
    variant = text.replace(last + "=", spelled + "=")
    assert base64.b64decode(variant, validate=True) == base64.b64decode(text)
    return variant


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def edit(envelope: Any) -> None:
        target = envelope
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return edit


def _delete(path: tuple[Any, ...]) -> Any:
    def edit(envelope: Any) -> None:
        target = envelope
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return edit


BAD_FILES: dict[str, tuple[str, str]] = {
    "empty": ("", "not valid JSON"),
    "not json": ("hello", "not valid JSON"),
    "truncated": (TEXTS["ibkey"][: len(TEXTS["ibkey"]) // 2], "truncated"),
    "a list": ("[]", "expected a JSON object"),
    "no format": (rewrite("card", _delete(("format",)), reseal=False), "format"),
    "other format": (rewrite("card", _set(("format",), "other")), "format"),
    "newer version": (rewrite("card", _set(("version",), 3)), "newer"),
    "version as text": (rewrite("card", _set(("version",), "1")), "version"),
    "version zero": (rewrite("card", _set(("version",), 0)), "positive integer"),
    "unknown kind": (rewrite("card", _set(("kind",), "yubikey")), "unknown device kind"),
    "kind without a model": (rewrite("card", _set(("kind",), "temp_passcode")), "unknown device kind"),
    "version 1 name in version 2": (rewrite("sms", _set(("kind",), "phone")), "unknown device kind"),
    "kind as number": (rewrite("card", _set(("kind",), 7)), "unknown device kind"),
    "card filed as online card": (
        rewrite("card", _set(("kind",), "online-card")),
        "holds a device of kind 'card'",
    ),
    "online card filed as card": (
        rewrite("online-card", _set(("kind",), "card")),
        "holds a device of kind 'online-card'",
    ),
    "no checksum": (rewrite("card", _delete(("checksum",)), reseal=False), "missing field(s) checksum"),
    "extra field": (rewrite("card", _set(("comment",), "hi")), "unexpected field"),
    "bad checksum form": (rewrite("card", _set(("checksum",), "md5:00"), reseal=False), "checksum"),
    "tampered": (rewrite("dscplus", _set(("device", "wrong_pin_count"), 3), reseal=False), "checksum"),
    "tampered secret": (
        rewrite("dscplus", _set(("device", "secret"), base64.b64encode(bytes(32)).decode()), reseal=False),
        "checksum mismatch",
    ),
    "kind swapped": (rewrite("card", _set(("kind",), "sms")), "phone: missing field(s) messages, number"),
    "missing device field": (rewrite("dscplus", _delete(("device", "pin_hash"))), "pin_hash"),
    "extra device field": (rewrite("dscplus", _set(("device", "pin"), DSC_PIN)), "unexpected field"),
    "bad base64": (rewrite("dscplus", _set(("device", "secret"), "!!!!")), "base64"),
    "non-canonical base64": (
        rewrite("dscplus", lambda e: e["device"].update(secret=_non_canonical(e["device"]["secret"]))),
        "canonical",
    ),
    "secret too short": (
        rewrite("dscplus", _set(("device", "secret"), base64.b64encode(bytes(31)).decode())),
        "32 bytes",
    ),
    "pin hash too long": (
        rewrite("dscplus", _set(("device", "pin_hash"), base64.b64encode(bytes(32)).decode())),
        "20 bytes",
    ),
    "count as bool": (rewrite("dscplus", _set(("device", "wrong_pin_count"), True)), "integer"),
    "count too high": (rewrite("dscplus", _set(("device", "wrong_pin_count"), 6)), "between"),
    "lock without count": (rewrite("dscplus", _set(("device", "locked"), True)), "locked"),
    "serial as number": (rewrite("dscplus", _set(("device", "serial"), 42)), "serial"),
    "ibkey key too short": (
        rewrite("ibkey", _set(("device", "private_key"), base64.b64encode(bytes(16)).decode())),
        "32 bytes",
    ),
    "ibkey key zero": (
        rewrite("ibkey", _set(("device", "private_key"), base64.b64encode(bytes(32)).decode())),
        "P-256",
    ),
    "ibkey key above order": (
        rewrite("ibkey", _set(("device", "private_key"), base64.b64encode(b"\xff" * 32).decode())),
        "P-256",
    ),
    "99 cells": (rewrite("card", lambda e: e["device"]["codes"].pop()), "100"),
    "101 cells": (rewrite("card", lambda e: e["device"]["codes"].append("ABC")), "100"),
    "cell with O": (rewrite("card", _set(("device", "codes", 5), "AOB")), "code 6"),
    "cell lower case": (rewrite("card", _set(("device", "codes", 0), "abc")), "code 1"),
    "cell too long": (rewrite("card", _set(("device", "codes", 0), "ABCD")), "code 1"),
    "card kind": (rewrite("card", _set(("device", "kind"), "gold")), "kind"),
    "phone number": (rewrite("sms", _set(("device", "number"), "5551234")), "number"),
    "message type": (rewrite("sms", _set(("device", "messages", 0, "type"), "mms")), "type"),
    "message time": (rewrite("sms", _set(("device", "messages", 0, "at"), "noon")), "finite number"),
    "voice code": (rewrite("sms", _set(("device", "messages", 1, "code"), "12ab")), "messages[1]"),
    "empty sender": (rewrite("sms", _set(("device", "messages", 0, "sender"), "")), "messages[0]"),
    "messages not a list": (rewrite("sms", _set(("device", "messages"), {})), "list"),
    "device not an object": (rewrite("sms", _set(("device",), [])), "object"),
    "NaN": (TEXTS["sms"].replace('"at": 1700000000.5', '"at": NaN'), "NaN"),
    "huge float": (TEXTS["sms"].replace('"at": 1700000000.5', '"at": 1e999'), "out of range"),
    "duplicate key": (
        TEXTS["card"].replace('"kind": "card",', '"kind": "card",\n  "kind": "card",'),
        "twice",
    ),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "JSON"),
    "oversized": (TEXTS["card"] + " " * (1024 * 1024), "at most"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_device_file_raises_a_clear_device_file_error(name: str) -> None:
    text, expected = BAD_FILES[name]
    with pytest.raises(DeviceFileError) as caught:
        files.loads(text)
    assert expected in str(caught.value)
    assert_clean_error(caught.value)


def test_bad_device_file_checksum_is_checked_before_the_fields() -> None:
    text = rewrite("dscplus", _set(("device", "secret"), "!!!!"), reseal=False)
    with pytest.raises(DeviceFileError, match="checksum mismatch"):
        files.loads(text)


@pytest.mark.parametrize("data", [b"\xff\xfe{}", b"\x00" * 10])
def test_bad_device_file_bytes_raise_device_file_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(DeviceFileError) as caught:
        files.load(path)
    assert str(path) in str(caught.value)
    assert_clean_error(caught.value)


def test_oversized_device_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (1024 * 1024 + 1))
    with pytest.raises(DeviceFileError, match="at most 1048576 bytes"):
        files.load(path)


def test_missing_device_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        files.load(tmp_path / "nowhere.json")


def test_failed_load_changes_nothing(tmp_path: Path, clock: FakeClock) -> None:
    device = make_dscplus(clock)
    path = tmp_path / "dsc.json"
    files.save(device, path)
    bad = path.read_text().replace('"wrong_pin_count": 0', '"wrong_pin_count": 5')
    path.write_text(bad)
    before = (device.to_dict(), device.display, path.read_bytes())
    with pytest.raises(DeviceFileError, match="checksum"):
        files.load(path)
    assert (device.to_dict(), device.display, path.read_bytes()) == before


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_save_leaves_the_old_file_whole(
    failing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "card.json"
    files.save(SAMPLES["card"], path)
    old = path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, failing, broken)
    with pytest.raises(OSError, match="disk full"):
        files.save(SecurityCodeCard.create(), path)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["card.json"]


def test_save_writes_a_hidden_temp_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.replace is only atomic within one file system, so the temp file must sit next to the target.
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def recording_replace(source: str, target: Path) -> None:
        renames.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", recording_replace)
    files.save(SAMPLES["card"], tmp_path / "card.json")
    [(source, target)] = renames
    assert source.parent == target.parent == tmp_path
    assert source.name.startswith(".card.json.")


def test_save_of_something_else_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    files.save(SAMPLES["card"], path)
    old = path.read_bytes()
    with pytest.raises(TypeError, match="not a device"):
        files.save("card", path)  # type: ignore[arg-type]
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["card.json"]


# -- mutation fuzzing ---------------------------------------------------------------------------------------


def check_mutant(kind: str, text: str, *, same: bool = True) -> Any:
    """A damaged file raises DeviceFileError or loads as a device; with `same`, only as the very same device.

    Without a valid checksum (`same`), anything that loads must be a harmless change such as whitespace.
    Returns the loaded device, or None.
    """
    try:
        loaded = files.loads(text)
    except DeviceFileError as error:
        assert_clean_error(error)
        return None
    if same:
        assert loaded.to_dict() == SAMPLES[kind].to_dict()
    return loaded


def json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = []
    if isinstance(value, dict):
        for key, item in value.items():
            paths.append((*prefix, key))
            paths.extend(json_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths.append((*prefix, index))
            paths.extend(json_paths(item, (*prefix, index)))
    return paths


PATHS = {kind: json_paths(json.loads(text)) for kind, text in TEXTS.items()}
OTHER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.just([]),
    st.just({}),
    st.just(["ABC"]),
    st.just({"type": "sms"}),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(kind=st.sampled_from(list(TEXTS)), data=st.data())
def test_fuzz_truncated_device_file_only_raises_device_file_error(kind: str, data: st.DataObject) -> None:
    text = TEXTS[kind]
    cut = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    check_mutant(kind, text[:cut])


@FUZZ
@given(kind=st.sampled_from(list(TEXTS)), data=st.data())
def test_fuzz_flipped_character_only_raises_device_file_error(kind: str, data: st.DataObject) -> None:
    text = TEXTS[kind]
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    character = data.draw(st.characters(codec="utf-8") | st.sampled_from('{}[]":,0 \\e-.'))
    check_mutant(kind, text[:position] + character + text[position + 1 :])


@FUZZ
@given(kind=st.sampled_from(list(TEXTS)), data=st.data(), reseal=st.booleans())
def test_fuzz_deleted_key_only_raises_device_file_error(kind: str, data: st.DataObject, reseal: bool) -> None:
    path = data.draw(st.sampled_from(PATHS[kind]))
    loaded = check_mutant(kind, rewrite(kind, _delete(path), reseal=reseal), same=not reseal)
    if isinstance(path[-1], str):
        assert loaded is None, "every field is required"


@FUZZ
@given(kind=st.sampled_from(list(TEXTS)), data=st.data(), value=OTHER_VALUES, reseal=st.booleans())
def test_fuzz_changed_type_only_raises_device_file_error(
    kind: str, data: st.DataObject, value: Any, reseal: bool
) -> None:
    path = data.draw(st.sampled_from(PATHS[kind]))
    check_mutant(kind, rewrite(kind, _set(path, copy.deepcopy(value)), reseal=reseal), same=not reseal)
