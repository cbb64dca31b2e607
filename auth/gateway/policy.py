"""TRANSITIONAL (issue 15): policy.py was split into lockout.py, rate_limit.py, errors.py, part.py and the
vocabulary. Deleted as soon as the last importers outside the gateway switch (gw-core's notes list them).
"""

from __future__ import annotations

from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.rate_limit import RateLimit

__all__ = ["LockoutPolicy", "RateLimit"]
