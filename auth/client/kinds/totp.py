"""The authenticator app (TOTP): a 6-digit code from the trader's app, changing every 30 s."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth.client.kinds._base import ClientKind, ReadContext

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class TotpKind(ClientKind):
    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        from trader_login.auth.client.views import wire_field

        digits = wire_field(data, "digits", int)
        period = wire_field(data, "period", int)
        start = context.monotonic() - (context.wall() % period)
        return dataclasses.replace(base, extra={"digits": digits, "period": period, "period_start": start})


CLIENT_KIND = TotpKind("totp")
