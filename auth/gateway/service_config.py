"""One gateway's costs and windows (`GatewayConfig`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trader_login.auth import vocabulary
from trader_login.auth.gateway.config import (
    DEFAULT_PASSKEY_RP_ID,
    check_passkey_origin,
    parse_origin,
    parse_rp_id,
)
from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.retention import RetentionPolicy
from trader_login.auth.restart import DEFAULT_CUTOFF, Cutoff


@dataclass(frozen=True)
class GatewayConfig:
    """Costs and windows. Tests lower `kdf_cost` and the rate limit; nothing else needs changing.

    The security key (passkey, issue 18): `passkey_rp_id` is the WebAuthn relying party id the gateway's
    passkeys belong to (a host name, never an IP address); `passkey_origin` the one origin its client data
    must name (`https://host[:port]`), or None: `https://<passkey_rp_id>` on any port (the embedded gateway
    picks its port when it starts). `passkey_attestation`: the attestation policy, called with fido2's
    `AttestationObject` and the client data's hash of every registration, raising to refuse it (the
    registration is then refused, 400 `passkey_registration_refused`, nothing counted); None accepts
    attestation "none" and any other format unverified, which is what the gateway asks for (it does not
    need to know the key's make: a registered key proves itself at every login with its own public key)."""

    kdf_cost: dict[str, int] = field(
        default_factory=lambda: {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 4}
    )
    login_ttl: float = 15 * 60.0
    session_ttl: float = 12 * 3600.0
    push_ttl: float = vocabulary.CHALLENGE_TTL
    rate_limit: RateLimit | None = field(default_factory=RateLimit)
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    name: str = "Trader Login gateway"
    passkey_rp_id: str = DEFAULT_PASSKEY_RP_ID
    passkey_origin: str | None = None
    passkey_attestation: Callable[[Any, bytes], None] | None = field(default=None, repr=False)
    # IB Key push number matching (issue 19): the page shows a two-digit number, the phone picks it.
    push_number_matching: bool = True
    # Restart grants (issue 19): the weekly cut-off new grants end at (text, as the config's
    # `restart_cutoff`, or a Cutoff), and the switch (off: no grant made, none honoured).
    restart_cutoff: Cutoff | str = DEFAULT_CUTOFF
    restart_grants: bool = True

    def __post_init__(self) -> None:
        # The relying party's id and origin as `sls-gateway` checks its settings: refused here, one line
        # (ValueError), rather than at the first security key's login.
        rp_id = parse_rp_id(self.passkey_rp_id)
        origin = None if self.passkey_origin is None else parse_origin(self.passkey_origin)
        check_passkey_origin(origin, rp_id)
        object.__setattr__(self, "passkey_rp_id", rp_id)
        object.__setattr__(self, "passkey_origin", origin)
        if not isinstance(self.restart_cutoff, Cutoff):
            object.__setattr__(self, "restart_cutoff", Cutoff.parse(self.restart_cutoff))
