"""What every part of one gateway shares: its store, vault, configuration and clock (`GatewayPart`), and
the login row every step of the protocol reads and moves (`LoginRows`).

A login is a row in `logins`, addressed by a bearer token the client holds; each step moves its `stage`
with a conditional UPDATE, so a replayed or concurrent request finds the stage gone and is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth import vocabulary
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import GatewayError, expired_login
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import Store, logins, push_requests, users
from trader_login.auth.gateway.vault import Vault, token_id

T = TypeVar("T")


class Clock(Protocol):
    """The gateway's wall clock: `time.time`, or a test's clock it moves by hand."""

    def __call__(self) -> float: ...


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
        self,
        store: Store,
        vault: Vault,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
        *,
        events: Events | None = None,
    ) -> None:
        """`events`: the gateway's event hub (events.py), shared by its service and desk; a part made
        alone gets one of its own, with no recorder or sink."""
        self.store = store
        self.vault = vault
        self.config = config or GatewayConfig()
        self.clock = clock
        self.events = events if events is not None else Events(clock)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(store={self.store.url!r})"


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


class LoginRows:
    """The login row and what every step does with it, over one gateway part (its store, clock, config)."""

    def __init__(self, part: GatewayPart) -> None:
        self.part = part

    def __repr__(self) -> str:
        return f"LoginRows({self.part!r})"

    # What completes a committed step's outcome (SessionSteps.complete: a new session's accounts, read
    # after the commit); the identity until the sessions' part sets it.
    complete: Callable[[Any], Any] = staticmethod(lambda outcome: outcome)

    def commit_then(self, work: Callable[[Connection], T | GatewayError]) -> T:
        """Runs `work` in one write transaction. If it returns a GatewayError, that is raised after the
        commit, so what it recorded (a failure, a lock) stays recorded; else its outcome is completed
        (`complete`) after the commit."""
        with self.part.store.write() as connection:
            outcome = work(connection)
        if isinstance(outcome, GatewayError):
            raise outcome
        return self.complete(outcome)

    def rate_limit(self, connection: Connection, address: str, now: float) -> None:
        """Counts a login request from `address`; RATE_LIMITED beyond the configured rate."""
        limit = self.part.config.rate_limit
        if limit is not None:
            limit.check(connection, address, now, events=self.part.events)

    def login(self, connection: Connection, token: str, *stages: str) -> Row:
        """The login of `token`, locked for this transaction; EXPIRED if it is gone, expired or (with
        `stages`) at another stage."""
        row = connection.execute(_LOGIN, {"login_id": token_id(token)}).first()
        if row is None or row.expires_at <= self.part.clock() or (stages and row.stage not in stages):
            raise expired_login()
        return row

    def set_login(self, connection: Connection, row: Row, **values: Any) -> None:
        connection.execute(_SET_LOGIN, {**values, "login_id": row.id})

    def user(self, connection: Connection, user_id: int) -> Row:
        return connection.execute(_USER, {"user_id": user_id}).one()

    def cancel_push(self, connection: Connection, login: Row) -> None:
        """The login's pending IB Key notification, if any, is withdrawn from the phone (and told)."""
        if connection.execute(_CANCEL_PUSH, {"login": login.id}).rowcount:
            self.part.events.emit(
                connection,
                audit.PUSH_CANCELLED,
                username=login.username,
                address=login.address,
                device_kind="ibkey",
                device=login.device_id,
            )

    @staticmethod
    def option(device_id: str, kind: str) -> dict[str, Any]:
        """One entry of the M2FS device list: the device and its kind's label and level (vocabulary)."""
        device_kind = vocabulary.device_kind(kind)
        return {"id": device_id, "kind": kind, "label": device_kind.label, "level": device_kind.level}
