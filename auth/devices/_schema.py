"""Strict readers for the `device` part of a device file, shared by every device's `from_dict`.

Error messages name the field and what was expected, never the value found: the value may be a secret.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Iterable, Mapping
from typing import Any


class DeviceFileError(ValueError):
    """A device file (or the dict inside it) is malformed, truncated, too large, too new or was edited."""


def require_mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DeviceFileError(f"{where}: expected a JSON object")
    return value


def exact_keys(data: Any, keys: Iterable[str], where: str) -> Mapping[str, Any]:
    """Check that `data` is an object with exactly `keys`: a missing or unknown field is an error."""
    mapping = require_mapping(data, where)
    expected = set(keys)
    missing = sorted(expected - set(mapping))
    if missing:
        raise DeviceFileError(f"{where}: missing field(s) {', '.join(missing)}")
    extra = set(mapping) - expected
    if extra:
        # Unknown names are counted, not quoted: they come from the file and could be anything.
        raise DeviceFileError(f"{where}: {len(extra)} unexpected field(s)")
    return mapping


def get_str(data: Mapping[str, Any], key: str, where: str, *, max_len: int = 256) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise DeviceFileError(f"{where}.{key}: expected a string")
    if len(value) > max_len:
        raise DeviceFileError(f"{where}.{key}: longer than {max_len} characters")
    return value


def get_int(data: Mapping[str, Any], key: str, where: str, *, low: int, high: int) -> int:
    value = data[key]
    # bool is an int subclass in Python, but `true` is not a count in a JSON file.
    if not isinstance(value, int) or isinstance(value, bool):
        raise DeviceFileError(f"{where}.{key}: expected an integer")
    if not low <= value <= high:
        raise DeviceFileError(f"{where}.{key}: must be between {low} and {high}")
    return value


def get_bool(data: Mapping[str, Any], key: str, where: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        raise DeviceFileError(f"{where}.{key}: expected true or false")
    return value


def get_float(data: Mapping[str, Any], key: str, where: str) -> float:
    value = data[key]
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise DeviceFileError(f"{where}.{key}: expected a finite number")
    return float(value)


def get_list(data: Mapping[str, Any], key: str, where: str, *, max_len: int) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise DeviceFileError(f"{where}.{key}: expected a list")
    if len(value) > max_len:
        raise DeviceFileError(f"{where}.{key}: more than {max_len} entries")
    return value


def get_bytes(data: Mapping[str, Any], key: str, where: str, *, size: int) -> bytes:
    """Decode a standard base64 field that must hold exactly `size` bytes."""
    raw = _base64_field(data, key, where)
    if len(raw) != size:
        raise DeviceFileError(f"{where}.{key}: must be {size} bytes, found {len(raw)}")
    return raw


def get_bytes_between(data: Mapping[str, Any], key: str, where: str, *, low: int, high: int) -> bytes:
    """Decode a standard base64 field that must hold `low` to `high` bytes."""
    raw = _base64_field(data, key, where)
    if not low <= len(raw) <= high:
        raise DeviceFileError(f"{where}.{key}: must be {low} to {high} bytes, found {len(raw)}")
    return raw


def _base64_field(data: Mapping[str, Any], key: str, where: str) -> bytes:
    value = data[key]
    if not isinstance(value, str):
        raise DeviceFileError(f"{where}.{key}: expected a base64 string")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise DeviceFileError(f"{where}.{key}: not valid base64") from None
    # b64decode tolerates some non-canonical padding bits; re-encoding pins one spelling per value.
    if b64(raw) != value:
        raise DeviceFileError(f"{where}.{key}: not canonical base64")
    return raw


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
