"""DSC+: the gateway's challenge digits, typed into the card; its response typed back."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth.client.kinds._base import ClientKind, ReadContext, digits_field

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class DigitsKind(ClientKind):
    """A challenge of digits (`challenge`) to answer with the device's response."""

    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        return dataclasses.replace(base, digits=digits_field(data, "challenge"))


CLIENT_KIND = DigitsKind("dscplus")
