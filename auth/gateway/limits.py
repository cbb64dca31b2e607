"""The TLS connection limits of a served gateway: the time a client gets to send, and the bound on open
connections (issue 14). Their one home: the server applies them (server.py), `sls-gateway serve` takes them
from its configuration (config.py), and both leave the checking to ConnectionLimits. Free of uvicorn and
FastAPI, so that a desk command reading a config file does not load the server.
"""

from __future__ import annotations

from dataclasses import dataclass

# What one client may hold of the server while it is slow to send (issue 14; docs/protocol.md). A request
# being served - a push long poll of up to 30 s - is never cut: these limits time the client, not the
# gateway.
IDLE_TIMEOUT = 15.0  # connected, no request begun: after the TLS handshake, and between keep-alive requests
HEADER_TIMEOUT = 10.0  # the TLS handshake; and from a request's first byte to the end of its headers
BODY_TIMEOUT = 10.0  # from the end of the headers to the end of the body (at most 64 KiB)
MAX_CONNECTIONS = 256  # open TLS connections per server process; more are closed as soon as they open
# The bounds of what an operator may set: beyond them a value is a typo, not a policy.
TIMEOUT_CEILING = 86400.0  # seconds: a day
CONNECTIONS_CEILING = 65536  # per server process; each connection holds a file descriptor


@dataclass(frozen=True)
class ConnectionLimits:
    """The time limits a client gets to send, and the bound on open connections. Seconds; the defaults
    are the product's (a trader's client sends a request in milliseconds); tests pass small ones.
    Nonsense is refused with a ValueError whose message is fit for an operator (config.py shows it)."""

    idle: float = IDLE_TIMEOUT
    header: float = HEADER_TIMEOUT
    body: float = BODY_TIMEOUT
    max_connections: int = MAX_CONNECTIONS

    def __post_init__(self) -> None:
        for name in ("idle", "header", "body"):
            value = getattr(self, name)
            if (
                not isinstance(value, (int, float))
                or isinstance(value, bool)
                or not 0 < value <= TIMEOUT_CEILING
            ):
                raise ValueError(
                    f"the {name} timeout must be a number of seconds above 0 and at most {TIMEOUT_CEILING:g}"
                )
        count = self.max_connections
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= CONNECTIONS_CEILING:
            raise ValueError(f"max_connections must be a whole number from 1 to {CONNECTIONS_CEILING}")
