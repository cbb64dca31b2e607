"""IB Key: a notification approved on the phone (`ibkey_push`, waited for by long poll), or, when it does
not arrive, challenge/response (`ibkey_challenge`, R5). With push number matching the push carries the
two-digit number the trader picks on the phone (`Challenge.push_number`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth.client.kinds._base import ClientKind, ReadContext, digits_field

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge

PUSH = "ibkey_push"


class IbKeyKind(ClientKind):
    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        from trader_login.auth.client.errors import ProtocolError
        from trader_login.auth.client.views import NUMBER, PUSH_NUMBERS, wire_field

        if base.kind != PUSH:
            return dataclasses.replace(base, digits=digits_field(data, "challenge"))
        seconds = float(wire_field(data, "seconds", NUMBER))
        # An expired notification's step repeats the old challenge: its deadline has passed, not restarted.
        now = context.monotonic()
        deadline = now if context.expired else now + seconds
        number = wire_field(data, "number", int, optional=True)
        if number is not None and number not in PUSH_NUMBERS:
            raise ProtocolError(detail="field 'number' is not two digits")
        extra = {**base.extra, "number": number} if number is not None else base.extra
        return dataclasses.replace(base, push_seconds=seconds, push_deadline=deadline, extra=extra)

    def is_push(self, challenge: Challenge) -> bool:
        return challenge.kind == PUSH

    def can_switch_to_challenge(self, challenge: Challenge) -> bool:
        """R5: "Click here if you do not receive the notification"."""
        return challenge.kind == PUSH


CLIENT_KIND = IbKeyKind("ibkey")
