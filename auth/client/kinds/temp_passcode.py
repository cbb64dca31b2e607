"""Temporary passcode (R9): given by Client Services; the challenge has no fields of its own."""

from __future__ import annotations

from trader_login.auth.client.kinds._base import ClientKind

CLIENT_KIND = ClientKind("temp_passcode")
