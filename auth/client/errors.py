"""Every way talking to a gateway can fail, as typed errors carrying the message to show the trader.

`code` is stable (the protocol's code, or the client's own for a transport failure); `problem` is the
catalogue message (`trader_login.auth.texts`) the UI renders in the trader's language; `message` is its
English rendering, for logs and the console. None of them ever holds a password, token, code or key:
messages are built from catalogue texts, the gateway's host name and the gateway's own refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trader_login.auth import texts
from trader_login.auth.texts import Message


def english(message: Message | None) -> str:
    """The English rendering of `message` (nested messages rendered too, `Text.render`); "" for None."""
    return message.english if message is not None else ""


class ClientError(Exception):
    """Base of every error the gateway client raises. `detail` is English for the developer (logs), never
    shown as the trader's message."""

    code = "CLIENT"

    def __init__(self, problem: Message, *, detail: str = "") -> None:
        if not isinstance(problem, Message):
            raise TypeError("a ClientError carries a catalogue Message (trader_login.auth.texts)")
        self.problem = problem
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """English, for logs and the console; the UI renders `problem`."""
        return english(self.problem)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class GatewayUnreachable(ClientError):  # noqa: N818 - named for the trader's case; the flow's contract
    """Nothing answers at the address: the gateway is not running, or the address is wrong."""

    code = "UNREACHABLE"


class GatewayTimeout(ClientError):  # noqa: N818 - named for the trader's case; the flow's contract
    """The gateway accepted the connection but did not answer within the read timeout."""

    code = "TIMEOUT"


class CertificateMismatch(ClientError):  # noqa: N818 - named for the trader's case; the flow's contract
    """The gateway presented a certificate other than the pinned or trusted one."""

    code = "CERTIFICATE"


class GatewayFault(ClientError):  # noqa: N818 - named for the trader's case; the flow's contract
    """The gateway answered with a 5xx: a fault on its side."""

    code = "SERVER_ERROR"


class ProtocolError(ClientError):
    """The reply is not the protocol (not JSON, missing fields, wrong types): not a gateway, or a bug."""

    code = "PROTOCOL"

    def __init__(self, problem: Message | None = None, *, detail: str = "") -> None:
        super().__init__(problem or texts.message(texts.BAD_REPLY), detail=detail)


class GatewayRefusal(ClientError):  # noqa: N818 - named for the trader's case; the flow's contract
    """The gateway refused the request with one of the protocol's error codes (docs/protocol.md)."""

    def __init__(
        self, code: str, problem: Message, status: int, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(problem)
        self.code = code
        self.status = status
        self.details = details or {}

    @classmethod
    def from_wire(cls, error: Mapping[str, Any], status: int) -> GatewayRefusal:
        """The wire's `{"code", "message", "message_id", "params", ...details}`; `code` and `message` are
        checked by the caller."""
        details = {k: v for k, v in error.items() if k not in ("code", "message", "message_id", "params")}
        return cls(error["code"], wire_message(error, error["message"]), status, details)

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait, for RATE_LIMITED."""
        value = self.details.get("retry_after")
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    def __repr__(self) -> str:
        return f"GatewayRefusal(code={self.code!r}, status={self.status}, message={self.message!r})"


def wire_message(data: Mapping[str, Any], english_text: str) -> Message:
    """The catalogue message of a wire object's `message_id` and `params`, when this client knows the id
    and the params fit it; otherwise the gateway's English text as it is (a third-party gateway)."""
    id_ = data.get("message_id")
    known = texts.TEXTS.get(id_) if isinstance(id_, str) else None
    params = data.get("params")
    if params is None:
        params = {}
    if (
        known is not None
        and known is not texts.GATEWAY_SAYS
        and isinstance(params, Mapping)
        and set(known.params) <= set(params)
    ):
        return Message(known.id, {name: _plain(params[name]) for name in known.params})
    return texts.message(texts.GATEWAY_SAYS, text=english_text)


def _plain(value: Any) -> Any:
    # A value to show: text or a number; anything else (a list, an object) shown as its JSON-ish text.
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return str(value)
