"""Every way talking to a gateway can fail, as typed errors carrying the message to show the trader.

`code` is stable (the UI translates by it); `message` is English text fit to show. Neither ever holds a
password, token, code or key: messages are built from fixed text and the gateway's host name only.
"""

from __future__ import annotations

from typing import Any


class ClientError(Exception):
    """Base of every error the gateway client raises."""

    code = "CLIENT"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

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


class GatewayRefusal(ClientError):  # noqa: N818 - named for the trader's case; the flow's contract
    """The gateway refused the request with one of the protocol's error codes (docs/protocol.md)."""

    def __init__(self, code: str, message: str, status: int, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.details = details or {}

    @property
    def retry_after(self) -> float | None:
        """Seconds to wait, for RATE_LIMITED."""
        value = self.details.get("retry_after")
        return float(value) if isinstance(value, int | float) else None

    def __repr__(self) -> str:
        return f"GatewayRefusal(code={self.code!r}, status={self.status}, message={self.message!r})"
