"""The demo users' names and shared secrets (SPEC §7), importable without the gateway stack: the login
window's "Demo gateway" notice shows them before the embedded gateway has started."""

from __future__ import annotations

DEMO_PASSWORD = "demo123"  # noqa: S105 - published in the README and the login window's demo notice
DEMO_PIN = "1234"
DEMO_PHONE = "+15555550123"
DEMO_USERS = (
    "ibkeyuser",
    "dscuser",
    "carduser",
    "smsuser",
    "multiuser",
    "tempuser",
    "onlineuser",
    "optoutuser",
    "paperuser",
    "linkeduser",
    "totpuser",
    "passkeyuser",
)
