"""Security Code Card: the gateway names two positions on the card; their codes are typed back."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth.client.kinds._base import ClientKind, ReadContext

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class CardKind(ClientKind):
    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        from trader_login.auth.client.errors import ProtocolError
        from trader_login.auth.client.views import wire_field

        indices = wire_field(data, "indices", list)
        if len(indices) != 2 or not all(type(i) is int and 1 <= i <= 100 for i in indices):
            raise ProtocolError(detail="card indices must be two numbers")
        return dataclasses.replace(base, indices=(indices[0], indices[1]))


CLIENT_KIND = CardKind("card")
