"""TRANSITIONAL (issue 15, gw-core): being split into errors.py, lockout.py, rate_limit.py, part.py and the
vocabulary. Removed once nothing imports it; import from the new modules.
"""

from __future__ import annotations

import time

from trader_login.auth.gateway.errors import GatewayError, invalid_credentials, locked, unavailable
from trader_login.auth.gateway.lockout import DAY, LockoutPolicy
from trader_login.auth.gateway.part import Clock
from trader_login.auth.gateway.rate_limit import RateLimit

__all__ = [
    "DAY",
    "DEVICE_LABELS",
    "SECURITY_LEVEL",
    "WITHDRAWAL_LIMITS",
    "Clock",
    "FakeClock",
    "GatewayError",
    "LockoutPolicy",
    "RateLimit",
    "invalid_credentials",
    "locked",
    "unavailable",
    "withdrawal_limits",
]


class FakeClock:
    """A wall clock the tests move by hand (`advance`), so no test waits 24 hours."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- R12, R13: devices ------------------------------------------------------------------------------

# R13, highest first: Platinum = Gold = DSC+ > Digital Security Card > IB Key > SMS = Security Code Card.
SECURITY_LEVEL = {
    "platinum": 5,
    "gold": 5,
    "dscplus": 5,
    "digital-security-card": 4,
    "ibkey": 3,
    "sms": 2,
    "card": 2,
    "online-card": 2,
    "temp-passcode": 1,
    "none": 0,
}

# R12, USD per day and per 5 business days; None = unlimited.
WITHDRAWAL_LIMITS: dict[str, tuple[int | None, int | None]] = {
    "none": (50_000, 100_000),
    "sms": (200_000, 600_000),
    "ibkey": (1_000_000, 1_000_000),
    "card": (200_000, 600_000),
    "online-card": (200_000, 600_000),
    "digital-security-card": (1_000_000, 1_500_000),
    "dscplus": (None, None),
    "platinum": (None, None),
    "gold": (None, None),
}

DEVICE_LABELS = {
    "ibkey": "IB Key",
    "dscplus": "Digital Security Card+ (DSC+)",
    "card": "Security Code Card",
    "online-card": "Online Security Code Card",
    "sms": "SMS",
    "temp-passcode": "Temporary passcode",
}


def withdrawal_limits(device_kind: str | None, restrictions: list[str]) -> dict[str, int | None]:
    """What the session may withdraw; nothing at all in a read-only or temporary-passcode session (R9)."""
    if "read_only" in restrictions or "temp_passcode" in restrictions:
        return {"per_day": 0, "per_5_business_days": 0}
    per_day, per_week = WITHDRAWAL_LIMITS.get(device_kind or "none", WITHDRAWAL_LIMITS["none"])
    return {"per_day": per_day, "per_5_business_days": per_week}
