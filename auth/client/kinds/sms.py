"""SMS: a code texted (or read out by a voice call) to the phone; a new one may be asked for (R10)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth import vocabulary
from trader_login.auth.client.kinds._base import ClientKind, ReadContext

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class SmsKind(ClientKind):
    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        from trader_login.auth.client.views import NUMBER, wire_field

        resend_at = float(wire_field(data, "resend_after", NUMBER))
        # The protocol's delay bounds the wait: a gateway clock ahead of ours must not make it longer.
        wait = min(max(resend_at - context.wall(), 0.0), vocabulary.SMS_RESEND_AFTER)
        return dataclasses.replace(
            base,
            channel=wire_field(data, "channel", str),
            masked_number=wire_field(data, "masked_number", str),
            resend_after=context.monotonic() + wait,
            codes_left=wire_field(data, "codes_left", int),
        )

    def sends_codes(self, challenge: Challenge) -> bool:
        return True

    def can_resend_code(self, challenge: Challenge) -> bool:
        """R10: "Didn't receive a security code?" (SMS or voice), while codes are left."""
        return challenge.codes_left is None or challenge.codes_left > 0


CLIENT_KIND = SmsKind("sms")
