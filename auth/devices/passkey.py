"""The virtual security key: a software CTAP2 authenticator behind fido2's `CtapDevice` (issue 18).

Placeholder while the kind is being built: the model's file shape only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class VirtualSecurityKey:
    kind = "passkey"

    def __init__(self, credentials: list[dict[str, Any]] | None = None) -> None:
        self._credentials = list(credentials or [])

    @property
    def ident(self) -> str:
        return "Virtual security key"

    def to_dict(self) -> dict[str, Any]:
        return {"credentials": list(self._credentials)}

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None
    ) -> VirtualSecurityKey:
        return cls(list(data.get("credentials", [])))
