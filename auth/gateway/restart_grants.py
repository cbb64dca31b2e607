"""Restart grants (issue 19): a computer's device key, bound after a full login to the user name, its mode
and the gateway's weekly cut-off, lets that computer open a session again with the password and a
signature over a fresh challenge instead of the second factor, until the cut-off.

`RestartGrants` is the grant store and its checks, over one gateway part: made (`make`, ending the user's
other active grant of that mode: "replaced"), ended (`end`: forgotten, password, device, revoked), found
(`active`) and checked at a restart login (`check`: accepted, or refused with the reason the trader is
told). Grants are rows: they survive a gateway's restart and every gateway on the database sees them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from trader_login.auth import moments, restart, texts
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.part import GatewayPart
from trader_login.auth.gateway.store import restart_grants
from trader_login.auth.texts import Text

__all__ = [
    "CHALLENGE_SIZE",
    "REFUSAL_CODES",
    "RestartCheck",
    "RestartGrants",
    "may_grant",
]

CHALLENGE_SIZE = restart.CHALLENGE_SIZE
"""Random bytes a restart login's device key signs (`restart.restart_payload`)."""

# Why a restart was refused: audit reason -> wire code, text. An ended grant's reason is its end_reason.
REFUSAL_CODES: dict[str, tuple[str, Text]] = {
    "expired": ("RESTART_EXPIRED", texts.RESTART_EXPIRED),
    "revoked": ("RESTART_REVOKED", texts.RESTART_REVOKED),
    "forgotten": ("RESTART_FORGOTTEN", texts.RESTART_FORGOTTEN),
    "password": ("RESTART_PASSWORD_CHANGED", texts.RESTART_PASSWORD_CHANGED),
    "device": ("RESTART_DEVICE_CHANGED", texts.RESTART_DEVICE_CHANGED),
    "replaced": ("RESTART_REPLACED", texts.RESTART_REPLACED),
    "wrong_key": ("RESTART_WRONG_KEY", texts.RESTART_WRONG_KEY),
    "unknown": ("RESTART_UNKNOWN", texts.RESTART_UNKNOWN),
    "disabled": ("RESTART_DISABLED", texts.RESTART_DISABLED),  # the gateway's switch is off (review S8)
}
# A grant's end_reason as the refusal's reason ("cutoff" is "expired").
_END_AS_REFUSAL = {"cutoff": "expired"}

_GRANT = select(restart_grants).where(restart_grants.c.id == bindparam("grant_id"))
_ACTIVE_OF = (
    select(restart_grants)
    .where(
        restart_grants.c.username == bindparam("username"),
        restart_grants.c.mode == bindparam("mode"),
        restart_grants.c.status == "active",
        restart_grants.c.cutoff_at > bindparam("now"),
    )
    .order_by(restart_grants.c.created_at.desc())
    .limit(1)
)
_USED = (
    update(restart_grants)
    .where(restart_grants.c.id == bindparam("grant_id"))
    .values(last_used_at=bindparam("now"))
)
# Conditional: of two endings of one grant (a logout's forget beside the desk's revoke), one ends it.
_END = (
    update(restart_grants)
    .where(restart_grants.c.id == bindparam("grant_id"), restart_grants.c.status == "active")
    .values(status="ended", ended_at=bindparam("now"), end_reason=bindparam("reason"))
)
_NEW = insert(restart_grants)


def may_grant(session: Any) -> bool:
    """Whether a session (its row, or the values inserted as one) may make a restart grant: only a FULL
    login may - a second factor answered, not read only, not a temporary passcode, not itself opened by a
    restart. Paper and opted-out sessions have no second factor (device_kind None)."""
    return (
        session.device_kind is not None
        and session.device_kind != "temp_passcode"
        and not session.read_only
        and "temp_passcode" not in (session.restrictions or [])
        and getattr(session, "restart_grant_id", None) is None
    )


def grant_wire(row: Any) -> dict[str, Any]:
    """A grant as the wire carries it (never its key)."""
    return {
        "id": row.id,
        "created_at": row.created_at,
        "cutoff_at": row.cutoff_at,
        "label": row.label,
        "device_kind": row.device_kind,
    }


@dataclass(frozen=True)
class RestartCheck:
    """A restart login's verdict: `grant` (accepted) or `reason` (refused: a key of REFUSAL_CODES) with the
    moment the grant ended (`ended_at`; None for wrong_key and unknown)."""

    grant: Row | None = None
    reason: str | None = None
    ended_at: float | None = None

    @property
    def accepted(self) -> bool:
        return self.grant is not None and self.reason is None

    def refusal(self) -> dict[str, Any]:
        """The `restart` object of the reply that goes on to the second factor."""
        assert self.reason is not None
        code, text = REFUSAL_CODES[self.reason]
        params = {}
        if "at" in text.params:
            at = self.ended_at if self.ended_at is not None else 0.0
            params["at"] = moments.show(at, language="en", zone=UTC)
        message = texts.message(text, **params)
        return {
            "status": "refused",
            "code": code,
            "message": message.english,
            **message.to_wire(),
            "ended_at": self.ended_at,
        }


class RestartGrants:
    """The grants of one gateway (its store, configuration, clock and event hub)."""

    def __init__(self, part: GatewayPart) -> None:
        self.part = part

    def __repr__(self) -> str:
        return f"RestartGrants({self.part!r})"

    @staticmethod
    def new_challenge() -> bytes:
        return secrets.token_bytes(CHALLENGE_SIZE)

    # -- reading ------------------------------------------------------------------------------------------

    def active(self, connection: Connection, username: str, mode: str, now: float) -> Row | None:
        """The user name's active, unexpired grant of `mode` (whichever computer holds it), or None."""
        return connection.execute(_ACTIVE_OF, {"username": username, "mode": mode, "now": now}).first()

    def cutoff_for(self, session: Any, now: float) -> float | None:
        """The cut-off a grant made now by `session` would get; None when it may not grant or the switch
        is off."""
        config = self.part.config
        if not config.restart_grants or not may_grant(session):
            return None
        return config.restart_cutoff.next_after(now)

    # -- a restart login ----------------------------------------------------------------------------------

    def check(
        self,
        connection: Connection,
        login: Row,
        signature: bytes | None,
        now: float,
    ) -> RestartCheck:
        """After the right password: the login's grant must exist for its user name and mode, be active and
        before its cut-off, and the signature over the login's challenge verify with its key."""
        if not self.part.config.restart_grants:
            return RestartCheck(reason="disabled")
        grant = connection.execute(_GRANT, {"grant_id": login.restart_grant_id}).first()
        if grant is None or grant.username != login.username or grant.mode != login.mode:
            return RestartCheck(reason="unknown")
        if grant.status != "active":
            reason = grant.end_reason or "revoked"
            return RestartCheck(grant, _END_AS_REFUSAL.get(reason, reason), grant.ended_at)
        if grant.cutoff_at <= now:
            return RestartCheck(grant, "expired", grant.cutoff_at)
        payload = restart.restart_payload(
            grant.id, login.username, login.mode, login.restart_challenge or b""
        )
        if (
            signature is None
            or not login.restart_challenge
            or not restart.verify(grant.public_key, payload, signature)
        ):
            return RestartCheck(grant, "wrong_key", None)
        return RestartCheck(grant)

    def used(self, connection: Connection, login: Row, grant: Row, now: float) -> None:
        connection.execute(_USED, {"grant_id": grant.id, "now": now})
        self.part.events.emit(
            connection,
            audit.RESTART_USED,
            username=login.username,
            address=login.address,
            device_kind=grant.device_kind,
            detail={"grant": grant.id, "mode": login.mode},
        )

    def refused(self, connection: Connection, login: Row, verdict: RestartCheck) -> None:
        self.part.events.emit(
            connection,
            audit.RESTART_REFUSED,
            username=login.username,
            address=login.address,
            reason=verdict.reason,
            detail={"grant": login.restart_grant_id, "mode": login.mode},
        )

    # -- making and ending --------------------------------------------------------------------------------

    def make(
        self,
        connection: Connection,
        session: Row,
        public_key: bytes,
        label: str | None,
        address: str | None,
        now: float,
    ) -> dict[str, Any]:
        """A new grant for the session's user name and mode (call under the writer lock: one active grant
        per user name and mode); the other active one, if any, ends ("replaced")."""
        for other in self._active_rows(connection, session.username, session.mode):
            self._end_one(connection, other, "replaced", now)
        values = {
            "id": restart.new_grant_id(),
            "user_id": session.user_id,
            "username": session.username,
            "mode": session.mode,
            "public_key": bytes(public_key),
            "label": label,
            "device_kind": session.device_kind,
            "address": address,
            "created_at": now,
            "cutoff_at": self.part.config.restart_cutoff.next_after(now),
            "last_used_at": None,
            "status": "active",
            "ended_at": None,
            "end_reason": None,
        }
        connection.execute(_NEW, values)
        self.part.events.emit(
            connection,
            audit.RESTART_GRANTED,
            username=session.username,
            address=address,
            device_kind=session.device_kind,
            detail={
                "grant": values["id"],
                "mode": session.mode,
                "cutoff_at": values["cutoff_at"],
                "label": label or "",
            },
        )
        return grant_wire(SimpleNamespace(**values))

    def end(
        self,
        connection: Connection,
        username: str,
        reason: str,
        now: float,
        *,
        mode: str | None = None,
        grant_id: str | None = None,
        actor: str | None = None,
    ) -> list[str]:
        """Ends the user name's active grants (of `mode`, or the one `grant_id`, else all) for `reason`;
        returns the ids ended. Each is told: `restart.ended`, or `desk.restart_grant_revoked` (reason
        "revoked", with the desk's `actor`)."""
        ended = []
        for row in self._active_rows(connection, username, mode):
            if grant_id is not None and row.id != grant_id:
                continue
            if self._end_one(connection, row, reason, now, actor=actor):
                ended.append(row.id)
        return ended

    def _active_rows(self, connection: Connection, username: str, mode: str | None) -> list[Row]:
        query = select(restart_grants).where(
            restart_grants.c.username == username, restart_grants.c.status == "active"
        )
        if mode is not None:
            query = query.where(restart_grants.c.mode == mode)
        return list(connection.execute(query.order_by(restart_grants.c.created_at)))

    def _end_one(
        self, connection: Connection, row: Row, reason: str, now: float, *, actor: str | None = None
    ) -> bool:
        if not connection.execute(_END, {"grant_id": row.id, "now": now, "reason": reason}).rowcount:
            return False  # ended meanwhile by another
        kind = audit.DESK_RESTART_GRANT_REVOKED if reason == "revoked" else audit.RESTART_ENDED
        self.part.events.emit(
            connection,
            kind,
            username=row.username,
            reason=None if kind == audit.DESK_RESTART_GRANT_REVOKED else reason,
            device_kind=row.device_kind,
            actor=actor,
            detail={"grant": row.id, "mode": row.mode, "expired": row.cutoff_at <= now},
        )
        return True

    # -- the desk -----------------------------------------------------------------------------------------

    def listed(self, connection: Connection, now: float, username: str | None = None) -> list[dict[str, Any]]:
        """Every grant kept (newest first), of one user name or all, for the desk's list. `status`:
        active, expired (active, its cut-off passed: ended at the cut-off, reason cutoff) or ended."""
        query = select(restart_grants)
        if username is not None:
            query = query.where(restart_grants.c.username == username)
        rows = connection.execute(
            query.order_by(restart_grants.c.created_at.desc(), restart_grants.c.id)
        ).all()
        listed = []
        for r in rows:
            expired = r.status == "active" and r.cutoff_at <= now
            listed.append(
                {
                    "id": r.id,
                    "username": r.username,
                    "mode": r.mode,
                    "label": r.label,
                    "device_kind": r.device_kind,
                    "address": r.address,
                    "status": "expired" if expired else r.status,
                    "created_at": r.created_at,
                    "cutoff_at": r.cutoff_at,
                    "last_used_at": r.last_used_at,
                    "ended_at": r.cutoff_at if expired else r.ended_at,
                    "end_reason": "cutoff" if expired else r.end_reason,
                }
            )
        return listed
