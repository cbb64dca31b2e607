"""The security key (passkey) in the client (issue 18). Placeholder while the kind is being built."""

from __future__ import annotations

from trader_login.auth.client.kinds._base import ClientKind

CLIENT_KIND = ClientKind("passkey")
