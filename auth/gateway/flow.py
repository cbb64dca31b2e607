"""TRANSITIONAL (issue 15, gw-core): removed once second_factor.py no longer needs ServiceBase.

What every step of the gateway's login protocol shares: configuration, the login row, errors.

`SlsService` (service.py) is assembled from mixins over `ServiceBase`: the password steps, the second
factor (second_factor.py), sessions (sessions.py) and the phone's endpoints (device_endpoints.py). A login
is a row in `logins`, addressed by a bearer token the client holds; each step moves its `stage` with a
conditional UPDATE, so a replayed or concurrent request finds the stage gone and is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth.gateway.errors import GatewayError, bad_request, expired_login
from trader_login.auth.gateway.part import GatewayPart, PhoneNetwork
from trader_login.auth.gateway.policy import DEVICE_LABELS, SECURITY_LEVEL
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import logins, push_requests, users
from trader_login.auth.gateway.vault import token_id

__all__ = ["GatewayConfig", "GatewayPart", "PhoneNetwork", "bad_request", "expired_login"]

T = TypeVar("T")

_LOGIN = select(logins).where(logins.c.id == bindparam("login_id")).with_for_update()
_SET_LOGIN = update(logins).where(logins.c.id == bindparam("login_id"))
_USER = select(users).where(users.c.id == bindparam("user_id")).with_for_update()
_CANCEL_PUSH = (
    update(push_requests)
    .where(push_requests.c.login_id == bindparam("login"), push_requests.c.status == "pending")
    .values(status="cancelled")
)


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
