"""The Security Code Card and Online Security Code Card: 100 numbered 3-character codes (R7, R8).

The login asks for the codes at two index values and the trader types both, one after the other, no space.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from trader_login.auth.devices import _schema

CELL_COUNT = 100
CODE_LENGTH = 3
# Printed cards are read by eye, so the look-alike pairs 0/O and 1/I are left out of the alphabet.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KINDS = ("card", "online-card")

CardKind = Literal["card", "online-card"]

_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_SERIAL = re.compile(r"[A-Za-z0-9-]{1,32}")


def _check_index(index: int) -> None:
    if not isinstance(index, int) or isinstance(index, bool):
        raise TypeError("a card index is a whole number")
    if not 1 <= index <= CELL_COUNT:
        raise IndexError(f"card index {index} is outside 1..{CELL_COUNT}")


class SecurityCodeCard:
    """A card of 100 codes; `kind` is "card" (the mailed card) or "online-card" (printed from the portal)."""

    def __init__(self, serial: str, kind: CardKind, codes: Sequence[str]) -> None:
        if not isinstance(serial, str) or not _SERIAL.fullmatch(serial):
            raise ValueError("a card serial is 1 to 32 letters, digits or dashes")
        if kind not in KINDS:
            raise ValueError("a card kind is 'card' or 'online-card'")
        codes = tuple(codes)
        if len(codes) != CELL_COUNT:
            raise ValueError(f"a card has exactly {CELL_COUNT} codes")
        if not all(isinstance(code, str) and _CODE.fullmatch(code) for code in codes):
            raise ValueError(f"card codes are {CODE_LENGTH} characters from the card alphabet")
        self._serial = serial
        self._kind: CardKind = kind
        self._codes = codes

    @classmethod
    def create(cls, kind: CardKind = "card", serial: str | None = None) -> SecurityCodeCard:
        """A new card with every code drawn from the CSPRNG."""
        if serial is None:
            prefix = "SCC" if kind == "card" else "OSC"
            serial = f"{prefix}{secrets.randbelow(10**8):08d}"
        codes = ["".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(CELL_COUNT)]
        return cls(serial, kind, codes)

    @property
    def serial(self) -> str:
        return self._serial

    @property
    def kind(self) -> CardKind:
        """Its device kind (trader_login.auth.vocabulary): "card" or "online-card"."""
        return self._kind

    @property
    def ident(self) -> str:
        """What a device picker shows: the serial."""
        return self._serial

    def code(self, index: int) -> str:
        """The code printed at `index` (1..100)."""
        _check_index(index)
        return self._codes[index - 1]

    def response(self, first: int, second: int) -> str:
        """What the trader types for a challenge of two index values: both codes, no space."""
        return self.code(first) + self.code(second)

    def codes(self) -> dict[int, str]:
        """Every code by index, 1..100 in order."""
        return dict(enumerate(self._codes, start=1))

    def rows(self, per_row: int = 10) -> list[list[tuple[int, str]]]:
        """The grid as a card viewer draws it: rows of (index, code), `per_row` cells each, in index order."""
        if not isinstance(per_row, int) or not 1 <= per_row <= CELL_COUNT:
            raise ValueError(f"per_row must be between 1 and {CELL_COUNT}")
        cells = list(self.codes().items())
        return [cells[start : start + per_row] for start in range(0, CELL_COUNT, per_row)]

    # -- device file ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"serial": self._serial, "kind": self._kind, "codes": list(self._codes)}

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None
    ) -> SecurityCodeCard:
        """Rebuild a card from `to_dict` output; raises DeviceFileError for anything malformed. (A card
        has no clock: `clock` is taken, as by every device model, and not used.)"""
        where = "card"
        fields = _schema.exact_keys(data, ("serial", "kind", "codes"), where)
        serial = _schema.get_str(fields, "serial", where, max_len=32)
        if not _SERIAL.fullmatch(serial):
            raise _schema.DeviceFileError(f"{where}.serial: must be 1 to 32 letters, digits or dashes")
        kind = _schema.get_str(fields, "kind", where, max_len=16)
        if kind not in KINDS:
            raise _schema.DeviceFileError(f"{where}.kind: must be 'card' or 'online-card'")
        codes = _schema.get_list(fields, "codes", where, max_len=CELL_COUNT)
        if len(codes) != CELL_COUNT:
            raise _schema.DeviceFileError(f"{where}.codes: must hold exactly {CELL_COUNT} codes")
        for position, code in enumerate(codes, start=1):
            if not isinstance(code, str) or not _CODE.fullmatch(code):
                raise _schema.DeviceFileError(
                    f"{where}.codes: code {position} is not {CODE_LENGTH} characters from A-Z and 2-9 "
                    "without I and O"
                )
        return cls(serial, kind, codes)  # type: ignore[arg-type]  # kind checked against KINDS above

    def __repr__(self) -> str:
        return f"SecurityCodeCard(kind={self._kind!r}, serial={self._serial!r})"

    __str__ = __repr__
