"""Online Security Code Card: read like the printed card."""

from __future__ import annotations

from trader_login.auth.client.kinds.card import CardKind

CLIENT_KIND = CardKind("online-card")
