"""The gateway's refusals: a stable protocol code (SPEC §6, docs/protocol.md), the message for the trader as
a catalogue id with its parameters (`trader_login.auth.texts`), an HTTP status and extra fields.

On the wire: `{"error": {"code", "message", "message_id", "params", ...details}}` — `message` is the English
rendering, for clients that do not know the catalogue; the desktop client shows its own translation of
`message_id` with `params`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from trader_login.auth import moments, texts
from trader_login.auth.texts import Message, Text


@dataclass
class GatewayError(Exception):
    """A refusal. `message` comes from the catalogue, so every text the gateway can give is translatable."""

    code: str
    message: Message
    status: int = 400
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.message.english}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message.english,
                **self.message.to_wire(),
                **self.details,
            }
        }


def refusal(
    code: str, item: Text, status: int = 400, details: dict[str, Any] | None = None, **params: Any
) -> GatewayError:
    """`GatewayError(code, item with params, status, details)`: the one way a refusal is made."""
    return GatewayError(code, texts.message(item, **params), status, details or {})


def warned(attempts_left: int | None) -> dict[str, Any]:
    """What a counted refusal carries besides its own message once few attempts are left (issue 19,
    LockoutPolicy.warn_after): `attempts_left` and `warning` (the catalogue's `attempts_left`); {} else."""
    if attempts_left is None:
        return {}
    warning = texts.message(texts.ATTEMPTS_LEFT, attempts=attempts_left)
    return {"attempts_left": attempts_left, "warning": {"message": warning.english, **warning.to_wire()}}


def invalid_credentials(attempts_left: int | None = None) -> GatewayError:
    return refusal("INVALID_CREDENTIALS", texts.INVALID_CREDENTIALS, 401, warned(attempts_left))


def unavailable(retry_after: int) -> GatewayError:
    """The database is unreachable or too busy (store.py raises it): nothing was decided, try again."""
    return refusal("UNAVAILABLE", texts.UNAVAILABLE, 503, {"retry_after": retry_after}, seconds=retry_after)


def locked(until: float) -> GatewayError:
    # The wire's `message` is English for clients without the catalogue: the one way to show a moment, in
    # English and UTC (the trader's client shows `locked_until` in the trader's language and zone).
    stamp = moments.show(until, language="en", zone=UTC)
    return refusal("LOCKED", texts.LOCKED, 423, {"locked_until": until}, until=stamp)


def expired_login() -> GatewayError:
    return refusal("EXPIRED", texts.LOGIN_EXPIRED, 410)


def bad_request(detail: str) -> GatewayError:
    """A request the protocol does not allow. `detail` is English for the client's developer (fixed text,
    never a value from the request)."""
    return refusal("BAD_REQUEST", texts.BAD_REQUEST, 400, detail=detail)
