"""What every step of the gateway's login protocol shares: configuration, the login row, errors.

`SlsService` (service.py) is assembled from mixins over `ServiceBase`: the password steps, the second
factor (second_factor.py), sessions (sessions.py) and the phone's endpoints (device_endpoints.py). A login
is a row in `logins`, addressed by a bearer token the client holds; each step moves its `stage` with a
conditional UPDATE, so a replayed or concurrent request finds the stage gone and is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth.gateway import factors
from trader_login.auth.gateway.policy import (
    DEVICE_LABELS,
    SECURITY_LEVEL,
    Clock,
    GatewayError,
    LockoutPolicy,
    RateLimit,
)
from trader_login.auth.gateway.store import (
    Store,
    logins,
    push_requests,
    users,
)
from trader_login.auth.gateway.vault import Vault, token_id

T = TypeVar("T")

# The statements of every login step are built once, here and in the step modules: building a statement
# and its cache key costs SQLAlchemy more than SQLite takes to run it (docs/performance.md).
_LOGIN = select(logins).where(logins.c.id == bindparam("login_id")).with_for_update()
# SET takes the columns given at execution: `execute(_SET_LOGIN, {"login_id": ..., "stage": ...})`.
_SET_LOGIN = update(logins).where(logins.c.id == bindparam("login_id"))
_USER = select(users).where(users.c.id == bindparam("user_id")).with_for_update()
_CANCEL_PUSH = (
    update(push_requests)
    .where(push_requests.c.login_id == bindparam("login"), push_requests.c.status == "pending")
    .values(status="cancelled")
)


@dataclass(frozen=True)
class GatewayConfig:
    """Costs and windows. Tests lower `kdf_cost` and the rate limit; nothing else needs changing."""

    kdf_cost: dict[str, int] = field(
        default_factory=lambda: {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 4}
    )
    login_ttl: float = 15 * 60.0
    session_ttl: float = 12 * 3600.0
    push_ttl: float = factors.CHALLENGE_TTL
    rate_limit: RateLimit | None = field(default_factory=RateLimit)
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    name: str = "Trader Login gateway"


def expired_login() -> GatewayError:
    return GatewayError("EXPIRED", "This login has expired or was already used. Please log in again.", 410)


def bad_request(message: str) -> GatewayError:
    return GatewayError("BAD_REQUEST", message, 400)


class PhoneNetwork(Protocol):
    """What stands between the gateway and the emulated phones: told of each notification ("push", by
    transaction id) and text or call ("text", by outbox id) sent, asked whether the phone has it yet."""

    def sent(self, kind: str, key: Any, username: str) -> None: ...
    def delivered(self, kind: str, key: Any) -> bool: ...


class GatewayPart:
    """Something that works on one gateway's store, vault, configuration and clock: the login service and
    the Client Services desk."""

    # None: every notification and text reaches the phone at once. Only the testers' fault injection
    # (trader_login.app.faults) sets one; nothing in the gateway's own command line can.
    phone_network: PhoneNetwork | None = None

    def __init__(
        self, store: Store, vault: Vault, config: GatewayConfig | None = None, clock: Clock = time.time
    ) -> None:
        self.store = store
        self.vault = vault
        self.config = config or GatewayConfig()
        self.clock = clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(store={self.store.url!r})"


class ServiceBase(GatewayPart):
    # -- helpers -----------------------------------------------------------------------------------------

    def _commit_then(self, work: Callable[[Connection], T | GatewayError]) -> T:
        """Runs `work` in one write transaction. If it returns a GatewayError, that is raised after the
        commit, so what it recorded (a failure, a lock) stays recorded."""
        with self.store.write() as connection:
            outcome = work(connection)
        if isinstance(outcome, GatewayError):
            raise outcome
        return outcome

    def _rate_limit(self, connection: Connection, address: str, now: float) -> None:
        if self.config.rate_limit is not None:
            self.config.rate_limit.check(connection, address, now)

    def _login(self, connection: Connection, token: str, *stages: str) -> Row:
        row = connection.execute(_LOGIN, {"login_id": token_id(token)}).first()
        if row is None or row.expires_at <= self.clock() or (stages and row.stage not in stages):
            raise expired_login()
        return row

    def _set_login(self, connection: Connection, row: Row, **values: Any) -> None:
        connection.execute(_SET_LOGIN, {**values, "login_id": row.id})

    def _user(self, connection: Connection, user_id: int) -> Row:
        return connection.execute(_USER, {"user_id": user_id}).one()

    @staticmethod
    def _option(device_id: str, kind: str) -> dict[str, Any]:
        return {"id": device_id, "kind": kind, "label": DEVICE_LABELS[kind], "level": SECURITY_LEVEL[kind]}

    def _cancel_push(self, connection: Connection, login: Row) -> None:
        connection.execute(_CANCEL_PUSH, {"login": login.id})


def device_kind_of(challenge_kind: str) -> str:
    return {"ibkey_challenge": "ibkey", "ibkey_push": "ibkey", "temp_passcode": "temp-passcode"}.get(
        challenge_kind, challenge_kind
    )
