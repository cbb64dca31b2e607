"""One gateway's costs and windows (`GatewayConfig`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trader_login.auth import vocabulary
from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.retention import RetentionPolicy


@dataclass(frozen=True)
class GatewayConfig:
    """Costs and windows. Tests lower `kdf_cost` and the rate limit; nothing else needs changing."""

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
