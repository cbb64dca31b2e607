"""Device files: an emulated device as a versioned, checksummed JSON document, written atomically, mode 0600.

The checksum detects corruption and hand edits. It is not a signature: anyone who can write the file can
recompute it. The file holds the device's secrets, hence the owner-only mode.

Layout (keys sorted, 2-space indent, ASCII only)::

    {"checksum": "sha256:<hex>", "device": {...}, "format": "trader-login-device", "kind": "dscplus",
     "version": 2}

`kind` is the device kind as `trader_login.auth.vocabulary` spells it ("dscplus", "ibkey", "sms", "card",
"online-card", ...): any kind registered there with a `model`; `device` is the model's `to_dict()`, with
binary values in standard base64. The checksum is SHA-256 over the canonical JSON of the other four
fields: `json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=True)`, encoded as ASCII.

Version 1 (the previous release) is still read: its `kind` was "phone" for the SMS phone and "card" for
both cards (the card's own data says which). It is never written.

A device model (see `DeviceModel`) is found by kind, `vocabulary.DEVICE_KINDS[kind].load_model()`, so a
new kind with a model needs no edit here.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from trader_login.auth import vocabulary
from trader_login.auth.devices._schema import DeviceFileError, exact_keys

__all__ = [
    "FORMAT",
    "MAX_FILE_SIZE",
    "VERSION",
    "Device",
    "DeviceFileError",
    "DeviceModel",
    "dumps",
    "load",
    "loads",
    "model_for",
    "parse_shelf_name",
    "save",
    "shelf_file_name",
    "shelf_kinds",
]

FORMAT = "trader-login-device"
VERSION = 2
MAX_FILE_SIZE = 1024 * 1024

# Version 1 spelled one kind differently; the card kinds were both "card" (the model tells them apart).
_VERSION_1_KINDS = {"phone": "sms"}


@runtime_checkable
class DeviceModel(Protocol):
    """What every device model (`DeviceKind.model`) offers, and all a device file needs of it.

    - `kind`: its device kind, as the vocabulary spells it (a class attribute, or a property where one
      class models two kinds, as the cards do);
    - `ident`: what a device picker shows (a serial, a device id, a masked number, an account): no secret;
    - `to_dict()`: a JSON-ready dict of everything that outlives a restart;
    - the classmethod `from_dict(data, *, clock=None)`: the device back, or `DeviceFileError` naming the
      field; `clock` is the monotonic clock for a device that keeps one (the DSC+'s auto-off), taken and
      ignored by the others.
    """

    @property
    def kind(self) -> str: ...

    @property
    def ident(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None
    ) -> DeviceModel: ...


Device = DeviceModel  # the name the previous release exported
_CHECKSUM = re.compile(r"sha256:[0-9a-f]{64}")


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def model_for(kind: str) -> type:
    """The model class of a registered device kind; DeviceFileError for a kind without one."""
    entry = vocabulary.DEVICE_KINDS.get(kind) if isinstance(kind, str) else None
    if entry is None or entry.model is None:
        known = ", ".join(name for name, each in vocabulary.DEVICE_KINDS.items() if each.model is not None)
        # The kind found is not quoted: it comes from the file and could be anything.
        raise DeviceFileError(f"device file: unknown device kind (expected one of {known})")
    return entry.load_model()


# A shelf is a folder of device files named `<user>-<kind>.json` (the demo seed's `devices/`, what the
# emulators and `trader-login device --user` read). A user name is R1's alphabet; a kind may hold a dash.
_SHELF_NAME = re.compile(r"([a-z0-9]{1,64})-([a-z0-9_-]{1,32})\.json")


def shelf_kinds() -> tuple[str, ...]:
    """The device kinds that have device files (a device model), in the vocabulary's order."""
    return tuple(kind.name for kind in vocabulary.DEVICE_KINDS.values() if kind.model is not None)


def shelf_file_name(user: str, kind: str) -> str:
    """The shelf's name for `user`'s device of `kind`: `<user>-<kind>.json`."""
    return f"{user}-{vocabulary.device_kind(kind).name}.json"


def parse_shelf_name(name: str) -> tuple[str, str] | None:
    """`(user, kind)` of a shelf file name, or None for any other file (another kind's, or none)."""
    match = _SHELF_NAME.fullmatch(name)
    if match is None or match.group(2) not in shelf_kinds():
        return None
    user, kind = match.groups()
    return user, kind


def _kind_of(device: object) -> str:
    kind = getattr(device, "kind", None)
    entry = vocabulary.DEVICE_KINDS.get(kind) if isinstance(kind, str) else None
    if entry is None or entry.model is None or not isinstance(device, entry.load_model()):
        raise TypeError(
            "not a device: expected a device model of a kind registered in trader_login.auth.vocabulary"
        )
    return kind


def dumps(device: DeviceModel) -> str:
    """The device file text for `device`."""
    body = {"format": FORMAT, "version": VERSION, "kind": _kind_of(device), "device": device.to_dict()}
    envelope = {**body, "checksum": _checksum(body)}
    return json.dumps(envelope, sort_keys=True, indent=2, ensure_ascii=True, allow_nan=False) + "\n"


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise DeviceFileError("not a device file: a number is out of range")
    return value


def _reject_constant(_name: str) -> None:
    raise DeviceFileError("not valid JSON: NaN and Infinity are not allowed")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # Two values for one field would let a reader and the checksum see different files.
        raise DeviceFileError("not valid JSON: a field appears twice in one object")
    return result


def _parse(text: str | bytes) -> Any:
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_SIZE:
            raise DeviceFileError(f"a device file is at most {MAX_FILE_SIZE} bytes")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise DeviceFileError("not a device file: the text is not UTF-8") from None
    if not isinstance(text, str):
        raise TypeError("device file text must be str or bytes")
    if len(text) > MAX_FILE_SIZE or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_SIZE:
        raise DeviceFileError(f"a device file is at most {MAX_FILE_SIZE} bytes")
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as error:
        raise DeviceFileError(
            f"not valid JSON (truncated or damaged?): {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except DeviceFileError as error:
        # Raised by one of the hooks above; a fresh exception keeps the scanner's frames off it.
        raise DeviceFileError(str(error)) from None
    except (ValueError, RecursionError):
        raise DeviceFileError("not valid JSON: a value is out of range or nested too deeply") from None


def loads(text: str | bytes, *, clock: Callable[[], float] | None = None) -> DeviceModel:
    """Read a device file's text; raises DeviceFileError, with a message saying what is wrong, if it is bad.

    `clock` goes to the model's `from_dict` (for a DSC+, its monotonic clock; `time.monotonic` when None).
    """
    data = _parse(text)
    if not isinstance(data, dict):
        raise DeviceFileError("not a device file: expected a JSON object")
    if data.get("format") != FORMAT:
        raise DeviceFileError(f"not a device file: 'format' must be {FORMAT!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DeviceFileError("device file: 'version' must be a positive integer")
    if version > VERSION:
        raise DeviceFileError(
            f"device file version {version} is newer than this program reads (up to {VERSION}); update it"
        )
    exact_keys(data, ("format", "version", "kind", "device", "checksum"), "device file")
    kind = data["kind"]
    if version == 1 and isinstance(kind, str):
        kind = _VERSION_1_KINDS.get(kind, kind)
    model = model_for(kind)
    checksum = data["checksum"]
    if not isinstance(checksum, str) or not _CHECKSUM.fullmatch(checksum):
        raise DeviceFileError("device file: 'checksum' must be 'sha256:' and 64 lower-case hex digits")
    body = {key: data[key] for key in ("format", "version", "kind", "device")}
    if not hmac.compare_digest(checksum, _checksum(body)):
        raise DeviceFileError("device file: checksum mismatch, the file is damaged or was edited")
    try:
        device = model.from_dict(data["device"], clock=clock)
    except DeviceFileError:
        raise
    except (ValueError, TypeError):
        # A constructor's own check; the fields were validated, so this is a value out of range.
        raise DeviceFileError(f"{kind}: the device data is not valid") from None
    if device.kind != kind and not (version == 1 and model_for(device.kind) is model):
        # One model may serve two kinds (the cards): the file's kind and the device's own must agree.
        # Version 1 filed both cards as "card", so there the device's own kind is the one.
        raise DeviceFileError(
            f"device file: the file says {kind!r} but holds a device of kind {device.kind!r}"
        )
    return device


def save(device: DeviceModel, path: str | os.PathLike[str]) -> None:
    """Write the device file atomically: the old file stays whole until the new one is complete on disk."""
    # Serialise before touching the disk, so a device that cannot be written changes nothing.
    write_private(Path(path), dumps(device).encode("ascii"))


def write_private(path: Path, data: bytes) -> None:
    """Writes `data` to `path` whole or not at all, readable by its owner only: a file holding a secret (a
    device file, an enrolment QR code)."""
    # mkstemp creates the file with mode 0600, so the secrets are never readable by others, not even briefly.
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _sync_directory(path.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows opening a directory (not on Windows)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def load(path: str | os.PathLike[str], *, clock: Callable[[], float] | None = None) -> DeviceModel:
    """Read a device file. A bad file raises DeviceFileError naming the file; a missing one raises OSError."""
    path = Path(path)
    with path.open("rb") as file:
        data = file.read(MAX_FILE_SIZE + 1)
    try:
        return loads(data, clock=clock)
    except DeviceFileError as error:
        raise DeviceFileError(f"{path}: {error}") from None
