"""The end of a login and the session after it: one session per user name (R16), takeover, status."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from trader_login.auth import restart, rules, texts, vocabulary
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import bad_request, refusal
from trader_login.auth.gateway.login_history import history
from trader_login.auth.gateway.part import GatewayPart, LoginRows
from trader_login.auth.gateway.restart_grants import RestartGrants, grant_wire, may_grant
from trader_login.auth.gateway.store import (
    account_links,
    accounts,
    logins,
    sessions,
    users,
)
from trader_login.auth.gateway.vault import new_token, token_id

T = TypeVar("T")

RESTRICTION_TEXTS = {
    "read_only": "Read only: market data and portfolio; no trading, no withdrawals.",
    "temp_passcode": "Temporary passcode: withdrawals and changes to your information are restricted.",
    "sls_opt_out": "Opted out of the Secure Login System: no Pink Sheet or OTCBB trading.",
    "no_penny_stocks": "Penny stocks need an IP restriction when only the portal uses two-factor login.",
}

# Built once: every login runs these (part.py says why).
_REMEMBER_DEVICE = (
    update(users).where(users.c.id == bindparam("user_id")).values(last_device_id=bindparam("device_id"))
)
_ACTIVE_SESSION_OF = select(sessions.c.id).where(
    sessions.c.username == bindparam("username"),
    sessions.c.status == "active",
    sessions.c.expires_at > bindparam("now"),
)
_NEW_SESSION = insert(sessions)
_SESSION = select(sessions).where(sessions.c.id == bindparam("session_id"))
_ACCOUNTS_OF = (
    select(accounts.c.id, accounts.c.title)
    .join(account_links, account_links.c.account_id == accounts.c.id)
    .where(account_links.c.user_id == bindparam("user_id"))
    .order_by(account_links.c.position, accounts.c.id)
)
_LOG_OUT = (
    update(sessions)
    .where(sessions.c.id == bindparam("session_id"), sessions.c.status == "active")
    .values(status="logged_out", ended_at=bindparam("now"))
)


def withdrawal_limits(device_kind: str | None, restrictions: list[str]) -> dict[str, int | None]:
    """What the session may withdraw (R12, by the device kind it was opened with); nothing at all in a
    read-only or temporary-passcode session (R9)."""
    if "read_only" in restrictions or "temp_passcode" in restrictions:
        return {"per_day": 0, "per_5_business_days": 0}
    per_day, per_week = vocabulary.withdrawal_limits(device_kind)
    return {"per_day": per_day, "per_5_business_days": per_week}


class SessionSteps:
    """The end of a login (one session per user name, R16, and the takeover) and the session endpoints."""

    def __init__(self, part: GatewayPart, rows: LoginRows) -> None:
        self.part = part
        self.rows = rows
        rows.complete = self.complete  # the steps that commit through `rows` complete a new session
        self.restart = RestartGrants(part)  # restart grants (issue 19)

    def __repr__(self) -> str:
        return f"SessionSteps({self.part!r})"

    # -- the end of a login: one session per user name (R16) -----------------------------------------

    def finish(
        self,
        connection: Connection,
        login: Row,
        user: Row,
        device_kind: str | None,
        restrictions: list[str],
        now: float,
        *,
        read_only: bool = False,
        lock_row: bool = True,
        device_id: str | None = None,
        restart_grant: str | None = None,
        ends_by: float | None = None,
    ) -> dict[str, Any]:
        """`lock_row=False`: this transaction read that the name has no `lockouts` row
        (LockoutPolicy.record_success). `device_id`: the `devices` row that answered, when not the login's
        own (`login.device_id`): one of the user's security keys, any of which answers one option.
        `restart_grant`: the grant a restart login was accepted with (no device answered: none is
        remembered; the session carries the grant's device kind). `ends_by`: the latest end of the session
        (a restart's grant cut-off: a session opened without the second factor ends there, review S3); kept
        in `pending`, so a session opened later by the existing-session takeover ends there too."""
        device_id = device_id or login.device_id
        if not read_only:
            self.part.config.lockout.record_success(connection, user.username, lock_row=lock_row)
            # The device to preselect next time (R13): one the desk issued, which the trader holds; not
            # a stand-in such as a temporary passcode. Written only when it changes: `user` was read in
            # this write transaction, and last_device_id is written under the writer lock only.
            if (
                device_kind is not None
                and restart_grant is None
                and vocabulary.device_kind(device_kind).issued_by_desk
                and user.last_device_id != device_id
            ):
                connection.execute(_REMEMBER_DEVICE, {"user_id": user.id, "device_id": device_id})
        pending = {"device_kind": device_kind, "restrictions": restrictions, "read_only": read_only}
        if restart_grant is not None:
            pending["restart_grant"] = restart_grant
        if ends_by is not None:
            pending["ends_by"] = ends_by
        others = connection.execute(_ACTIVE_SESSION_OF, {"username": user.username, "now": now}).first()
        if others is not None:
            self.rows.set_login(connection, login, stage="existing_session", pending=pending)
            return {
                "step": "existing_session",
                "code": "EXISTING_SESSION",
                "message": texts.EXISTING_SESSION.render(),
                **texts.message(texts.EXISTING_SESSION).to_wire(),
            }
        return self._open_session(connection, login, user, pending, now)

    def _open_session(
        self,
        connection: Connection,
        login: Row,
        user: Row,
        pending: dict[str, Any],
        now: float,
        *,
        takeover: bool = False,
    ) -> dict[str, Any]:
        token = new_token()
        values = {
            "id": token_id(token),
            "user_id": user.id,
            "username": user.username,
            "mode": user.mode,
            "device_kind": pending["device_kind"],
            "read_only": bool(pending["read_only"]),
            "restrictions": list(pending["restrictions"]),
            "created_at": now,
            "expires_at": _expires_at(now + self.part.config.session_ttl, pending.get("ends_by")),
            "status": "active",
            "restart_grant_id": pending.get("restart_grant"),
        }
        connection.execute(_NEW_SESSION, values)
        self.rows.set_login(connection, login, stage="done", challenge=None, challenge_secret=None)
        self.part.events.emit(
            connection,
            audit.LOGIN_SUCCEEDED,
            at=now,  # the session's creation time: its login history leaves this event out by it
            username=user.username,
            address=login.address,
            device_kind=pending["device_kind"],
            detail={
                "mode": user.mode,
                "read_only": bool(pending["read_only"]),
                "takeover": takeover,
                "restrictions": ",".join(pending["restrictions"]),
                "restart": values["restart_grant_id"] is not None,
            },
        )
        # Described from the values just inserted, not read back; the accounts are read after the commit,
        # outside the writer lock (`complete`): the caller completes the outcome.
        described = _description(SimpleNamespace(**values), _AccountsOf(user.id), now)
        # The grant too (restart_grant, issue 19): read after the commit, with the accounts.
        described["restart_cutoff_at"] = self.restart.cutoff_for(SimpleNamespace(**values), now)
        return {"step": "session", "session_token": token, "session": described}

    def complete(self, outcome: T) -> T:
        """An outcome of a committed step, with the accounts of a session it opened read (one read
        transaction, no writer lock). Every step that may open a session returns through here: until
        then the description holds an `_AccountsOf`, which no answer can carry.

        Should the database fail between the commit and this read, the step answers UNAVAILABLE with its
        session open, as when the answer is lost on its way: the trader's next login meets it
        (EXISTING_SESSION)."""
        if isinstance(outcome, dict) and outcome.get("step") == "session":
            described = outcome["session"]
            pending = described["accounts"]
            if isinstance(pending, _AccountsOf):
                with self.part.store.read() as connection:
                    described["accounts"] = _accounts(connection, pending.user_id)
                    # The login history (issue 19): read here, after the commit, not under the writer lock.
                    described["history"] = history(connection, described["username"], described["created_at"])
                    described["restart_grant"] = self._grant(
                        connection, described["username"], described["mode"], self.part.clock()
                    )
        return outcome

    def answer_existing_session(self, token: str, takeover: bool) -> dict[str, Any]:
        """Yes ends the other session (it is told so); no ends this login."""
        now = self.part.clock()
        with self.part.store.write() as connection:
            login = self.rows.login(connection, token, "existing_session")
            if not takeover:
                self.rows.set_login(connection, login, stage="cancelled")
                return {"step": "cancelled"}
            ended = connection.execute(
                update(sessions)
                .where(sessions.c.username == login.username, sessions.c.status == "active")
                .values(status="taken_over", ended_at=now)
            ).rowcount
            self.part.events.emit(
                connection,
                audit.SESSION_TAKEN_OVER,
                username=login.username,
                address=login.address,
                detail={"sessions": ended},
            )
            user = self.rows.user(connection, login.user_id)
            opened = self._open_session(connection, login, user, login.pending, now, takeover=True)
        return self.complete(opened)

    def cancel(self, token: str) -> dict[str, Any]:
        with self.part.store.write() as connection:
            row = connection.execute(select(logins).where(logins.c.id == token_id(token))).first()
            if row is not None and row.stage not in ("done", "failed"):
                self.rows.cancel_push(connection, row)
                self.rows.set_login(connection, row, stage="cancelled")
        return {"step": "cancelled"}

    # -- sessions --------------------------------------------------------------------------------------

    def session_status(self, token: str) -> dict[str, Any]:
        with self.part.store.read() as connection:
            return self._describe(connection, token, self.part.clock())

    def logout(self, token: str, forget_device: bool = False) -> dict[str, Any]:
        """`forget_device`: also end the user's active restart grant of the session's mode ("forgotten") -
        only when this logout ends an active, unexpired session; with an ended session's token the
        forget is ignored (the logout answers as for any ended session)."""
        now = self.part.clock()
        # Without the writer lock (store.py): the one write is a conditional UPDATE (`status = 'active'`).
        # Every other change of a session's status (a takeover, answer_existing_session) is an UPDATE with
        # the same condition, so on PostgreSQL the second of two such UPDATEs of one row waits for the
        # first's row lock and, under READ COMMITTED, re-checks `status` on the committed row: exactly one
        # of a logout and a takeover ends the session, and only that one tells it. Logging out only ever
        # ends a session, so R16 (one session per user name) cannot be broken by it. A restart grant
        # forgotten ends by a conditional UPDATE too (`status = 'active'`).
        with self.part.store.write(lock=False) as connection:
            ended = connection.execute(_LOG_OUT, {"session_id": token_id(token), "now": now}).rowcount
            session = connection.execute(_SESSION, {"session_id": token_id(token)}).first()
            if session is None:
                raise refusal("EXPIRED", texts.SESSION_ENDED, 410)
            # Only the logout of an active, unexpired session forgets the grant (as DELETE requires one):
            # the token of a session ended long ago (taken over, logged out, expired) ends nothing (S6).
            if forget_device and ended and session.expires_at > now:
                self.restart.end(connection, session.username, "forgotten", now, mode=session.mode)
            if ended:
                self.part.events.emit(connection, audit.SESSION_LOGGED_OUT, username=session.username)
        # The description is read after the commit: on SQLite, whose every write holds the writer lock,
        # its reads (accounts, restart grant) keep no login waiting (tests/gateway/test_hotpath_counts.py).
        with self.part.store.read() as connection:
            return self._describe(connection, token, now)

    def _describe(self, connection: Connection, token: str, now: float) -> dict[str, Any]:
        row = connection.execute(_SESSION, {"session_id": token_id(token)}).first()
        if row is None:
            raise refusal("EXPIRED", texts.SESSION_ENDED, 410)
        described = _description(row, _accounts(connection, row.user_id), now)
        described["history"] = history(connection, row.username, row.created_at)  # issue 19
        described["restart_grant"] = self._grant(connection, row.username, row.mode, now)
        described["restart_cutoff_at"] = (
            self.restart.cutoff_for(row, now) if described["status"] == "active" else None
        )
        return described

    # -- restart grants (issue 19) ---------------------------------------------------------------------

    def _grant(self, connection: Connection, username: str, mode: str, now: float) -> dict[str, Any] | None:
        grant = self.restart.active(connection, username, mode, now)
        return grant_wire(grant) if grant is not None else None

    def _active_session(self, connection: Connection, token: str, now: float) -> Row:
        row = connection.execute(_SESSION, {"session_id": token_id(token)}).first()
        if row is None or row.status != "active" or row.expires_at <= now:
            raise refusal("EXPIRED", texts.SESSION_ENDED, 410)
        return row

    def grant_restart(
        self, token: str, public_key: bytes, label: str | None, address: str | None = None
    ) -> dict[str, Any]:
        """This computer's restart grant: its device key's public half bound to the session's user name
        and mode until the gateway's next weekly cut-off. Only a full login's session may (`may_grant`)."""
        try:
            restart.check_public(public_key)
        except ValueError as error:
            raise bad_request(str(error)) from None
        if label is not None:
            if not isinstance(label, str) or not rules.check_device_label(label).ok:
                raise bad_request("label: at most 64 characters, with no control characters")
            label = rules.device_label(label)
        now = self.part.clock()
        # Under the writer lock: one active grant per user name and mode, whichever gateway makes it.
        with self.part.store.write() as connection:
            session = self._active_session(connection, token, now)
            if not self.part.config.restart_grants:
                raise refusal("RESTART_DISABLED", texts.RESTART_DISABLED, 403)
            if not may_grant(session):
                raise refusal("RESTART_NOT_ALLOWED", texts.RESTART_NOT_ALLOWED, 403)
            grant = self.restart.make(connection, session, public_key, label, address, now)
        return {"grant": grant}

    def forget_restart(self, token: str) -> dict[str, Any]:
        """Ends the user's active restart grant of the session's mode ("forgotten"), whichever computer
        holds it; `ended` says whether there was one."""
        now = self.part.clock()
        with self.part.store.write() as connection:
            session = self._active_session(connection, token, now)
            ended = self.restart.end(connection, session.username, "forgotten", now, mode=session.mode)
        return {"ended": bool(ended)}


@dataclass(frozen=True)
class _AccountsOf:
    """A session description's accounts, to be read after the commit (`SessionSteps.complete`)."""

    user_id: int


def _expires_at(usual: float, ends_by: float | None) -> float:
    """A session's end: the usual TTL, capped by `ends_by` (a restart grant's cut-off) when given."""
    return usual if ends_by is None else min(usual, float(ends_by))


def _accounts(connection: Connection, user_id: int) -> list[dict[str, Any]]:
    return [{"id": a.id, "title": a.title} for a in connection.execute(_ACCOUNTS_OF, {"user_id": user_id})]


def _description(row: Any, accounts: Any, now: float) -> dict[str, Any]:
    """A session as the trader sees it, from its `sessions` row (or the values inserted as one)."""
    status = row.status
    if status == "active" and row.expires_at <= now:
        status = "expired"
    device = (
        None
        if row.device_kind is None
        else {"kind": row.device_kind, "label": vocabulary.device_kind(row.device_kind).label}
    )
    return {
        "status": status,
        **_status_message(status),
        "username": row.username,
        "mode": row.mode,
        "accounts": accounts,
        "device": device,
        "withdrawal_limits": withdrawal_limits(row.device_kind, row.restrictions),
        "restrictions": [{"code": c, "text": RESTRICTION_TEXTS[c]} for c in row.restrictions],
        "read_only": row.read_only,
        "created_at": row.created_at,
        "expires_at": row.expires_at,
        # Restart grants (issue 19): the grant is read by the caller (`_describe`, `complete`).
        "restart_grant": None,
        "opened_by_restart": getattr(row, "restart_grant_id", None) is not None,
        "restart_cutoff_at": None,
        "history": None,  # the login history (issue 19, login_history.py): read by the caller too
    }


def _status_message(status: str) -> dict[str, Any]:
    """The session's message for the trader: a taken-over session says why it ended."""
    if status != "taken_over":
        return {"message": "", "message_id": None, "params": {}}
    return {"message": texts.TAKEN_OVER.render(), **texts.message(texts.TAKEN_OVER).to_wire()}
