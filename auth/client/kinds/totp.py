"""The authenticator app (TOTP, RFC 6238): a 6-digit code from the trader's app, a new one every 30 s.

The challenge says only the code's shape, `{"kind": "totp", "digits": 6, "period": 30}`; any other
digits or period is not the protocol (every authenticator app shows 6 digits every 30 s). `extra` holds
`digits`, `period` and `period_start`: when the current period began on the flow's monotonic clock
(`monotonic() - wall() % period`: periods start on whole multiples of `period` Unix seconds), from which
the page counts down the seconds the app's code has left.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth.client.kinds._base import ClientKind, ReadContext
from trader_login.auth.devices import totp

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge

DIGITS = totp.DIGITS
PERIOD = totp.PERIOD


class TotpKind(ClientKind):
    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        from trader_login.auth.client.errors import ProtocolError
        from trader_login.auth.client.views import wire_field

        digits = wire_field(data, "digits", int)
        period = wire_field(data, "period", int)
        if digits != DIGITS or period != PERIOD:
            raise ProtocolError(
                detail=f"an authenticator code of {digits} digits every {period} s "
                f"(the protocol's is {DIGITS} digits every {PERIOD} s)"
            )
        wall, monotonic = context.wall(), context.monotonic()
        start = monotonic - wall % period
        return dataclasses.replace(base, extra={"digits": digits, "period": period, "period_start": start})


CLIENT_KIND = TotpKind("totp")
