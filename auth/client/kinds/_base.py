"""The base of a client part: reading a challenge from the wire and what its page offers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


@dataclass(frozen=True)
class ReadContext:
    """What reading a challenge may need: the flow's monotonic clock (countdowns), the wall clock (only
    to read the gateway's Unix times), and whether the step repeats an expired challenge."""

    monotonic: Callable[[], float]
    wall: Callable[[], float]
    expired: bool = False


@dataclass(frozen=True)
class ClientKind:
    """One device kind's client part. `device` is its `DeviceKind.name`. Subclasses read their challenge
    kinds' own fields in `read` (the common ones, kind, message and expiry, are read already into
    `base`) and answer what the page offers."""

    device: str

    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        """The challenge of `data` (a wire object of one of this device's challenge kinds). Raises
        `ProtocolError` for fields that are not the protocol."""
        return base

    def is_push(self, challenge: Challenge) -> bool:
        """Nothing to type: the page waits for an approval elsewhere."""
        return False

    def can_switch_to_challenge(self, challenge: Challenge) -> bool:
        return False

    def sends_codes(self, challenge: Challenge) -> bool:
        """The gateway sends the code (R10: "Didn't receive a security code?" is offered)."""
        return False

    def can_resend_code(self, challenge: Challenge) -> bool:
        return False

    def uses_security_key(self, challenge: Challenge) -> bool:
        """Answered by a security key's WebAuthn credential (`LoginFlow.use_security_key`), not typed: the
        vocabulary's `ChallengeKind.credential`. Such a challenge's `extra` holds `"public_key"` (fido2's
        PublicKeyCredentialRequestOptions or PublicKeyCredentialCreationOptions), `"rp_id"` and
        `"deadline"` (the ceremony's end on the flow's monotonic clock)."""
        from trader_login.auth import vocabulary

        known = vocabulary.CHALLENGE_KINDS.get(challenge.kind)
        return known is not None and known.credential


def digits_field(data: Mapping[str, Any], name: str) -> str:
    """A challenge's digits (`name`), ASCII digits only."""
    from trader_login.auth.client.errors import ProtocolError
    from trader_login.auth.client.views import wire_field

    digits = wire_field(data, name, str)
    if not digits.isascii() or not digits.isdigit():
        raise ProtocolError(detail="the challenge is not digits")
    return digits
