"""The SLS login protocol as plain method calls (SPEC §2-6): what the HTTP layer exposes, with no HTTP in it.

`SlsService` is composed of objects over one gateway part (its store, vault, configuration and clock):
`rows` (the login row, part.py), `sessions` (the end of a login and the session, sessions.py),
`second_factor` (second_factor.py), `password` (the password steps: user name and A, then M1, here) and
`devices` (the IB Key phone's endpoints, device_endpoints.py); it delegates the protocol's methods to them.
Refusals that must be remembered (a failure counted, a lock extended) are committed before they are
raised: see `LoginRows.commit_then`.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from trader_login.auth import restart, rules, srp, texts
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.device_endpoints import DeviceEndpoints
from trader_login.auth.gateway.errors import (
    GatewayError,
    bad_request,
    expired_login,
    invalid_credentials,
    locked,
    refusal,
)
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.part import Clock, GatewayPart, LoginRows
from trader_login.auth.gateway.restart_grants import RestartGrants
from trader_login.auth.gateway.second_factor import SecondFactorSteps
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.sessions import SessionSteps
from trader_login.auth.gateway.store import Store, logins, users
from trader_login.auth.gateway.vault import Vault, new_token, token_id
from trader_login.auth.kdf import KdfParams

__all__ = ["PasswordSteps", "SlsService", "b64decode_field"]

_USER_BY_NAME = select(users).where(users.c.username == bindparam("username"))
_USER_BY_ID = select(users).where(users.c.id == bindparam("user_id"))
_NEW_LOGIN = insert(logins)
# The stage moves once: a replayed proof finds it gone.
_CLAIM_PROOF = (
    update(logins)
    .where(logins.c.id == bindparam("login_id"), logins.c.stage == "srp")
    .values(stage="checked")
)


class PasswordSteps:
    """The password steps (SRP-6a): the user name and A, then M1; then the second factor or a session."""

    def __init__(
        self,
        part: GatewayPart,
        rows: LoginRows,
        sessions: SessionSteps,
        second_factor: SecondFactorSteps,
    ) -> None:
        self.part = part
        self.rows = rows
        self.sessions = sessions
        self.second_factor = second_factor

    def __repr__(self) -> str:
        return f"PasswordSteps({self.part!r})"

    def _record(self, user: Row | None, username: str) -> srp.SrpRecord:
        if user is None:
            return srp.decoy_record(
                username, self.part.vault.decoy_secret, KdfParams(b"\0" * 16, **self.part.config.kdf_cost)
            )
        return srp.SrpRecord(user.username, user.srp_salt, KdfParams.from_dict(user.kdf), user.verifier)

    # -- step 1: user name and A ----------------------------------------------------------------------

    def start_login(
        self,
        username: str,
        mode: str,
        client_public: bytes,
        address: str,
        restart_grant: str | None = None,
    ) -> dict[str, Any]:
        """Returns the login token, the SRP salt, the KDF parameters and B. Unknown names get a decoy.
        `restart_grant`: a restart login's grant id; the reply then carries a fresh `restart_challenge`
        for its device key, whatever the grant and the name (nothing is enumerated)."""
        verdict = rules.check_username(username)
        if not verdict.ok:
            raise _username_refusal(verdict)
        if mode not in ("live", "paper"):
            raise bad_request("mode must be 'live' or 'paper'")
        if restart_grant is not None and (
            not isinstance(restart_grant, str) or not restart.GRANT_ID_PATTERN.match(restart_grant)
        ):
            raise bad_request("restart_grant must be 1 to 32 letters, digits or hyphens")
        restart_challenge = RestartGrants.new_challenge() if restart_grant is not None else None
        try:
            srp.GROUP_2048.public_value(client_public, "client")
        except srp.SrpError as error:
            raise bad_request(str(error)) from None
        now = self.part.clock()
        # Counting the request is a write; without a rate limit, looking the user up is only a read.
        # Without the writer lock (store.py): on PostgreSQL the rate limit counts with one atomic upsert
        # (rate_limit.py: ON CONFLICT DO UPDATE ... RETURNING; a concurrent count of the same address waits
        # for this one's row lock and counts on top of it), and the user lookup is a read; a refusal rolls
        # the count back as before. Nothing here is a read-then-write.
        store = self.part.store
        with (
            store.write(lock=False) if self.part.config.rate_limit is not None else store.read() as connection
        ):
            self.rows.rate_limit(connection, address, now)
            user = connection.execute(_USER_BY_NAME, {"username": username}).first()
        record = self._record(user, username)
        challenge = srp.server_challenge(record)
        token = new_token()
        login_id = token_id(token)
        # Without the writer lock (store.py): two INSERTs and nothing read - the login's key is a new random
        # token's id, and the audit row's id is the database's own sequence - so no other transaction can
        # change what this one does, nor it theirs.
        with self.part.store.write(lock=False) as connection:
            connection.execute(
                _NEW_LOGIN,
                {
                    "id": login_id,
                    "username": username,
                    "user_id": user.id if user is not None else None,
                    "mode": mode,
                    "address": address,
                    "client_public": client_public,
                    "server_private": self.part.vault.seal(
                        challenge.private.to_bytes(256, "big"), f"login:{login_id.hex()}"
                    ),
                    "server_public": challenge.public,
                    "stage": "srp",
                    "created_at": now,
                    "expires_at": now + self.part.config.login_ttl,
                    "restart_grant_id": restart_grant,
                    "restart_challenge": restart_challenge,
                },
            )
            self.part.events.emit(
                connection, audit.LOGIN_STARTED, username=username, address=address, detail={"mode": mode}
            )
        started = {
            "login_token": token,
            "salt": _b64(record.salt),
            "kdf": record.kdf.to_dict(),
            "server_public": _b64(challenge.public),
            "expires_at": now + self.part.config.login_ttl,
        }
        if restart_challenge is not None:
            started["restart_challenge"] = _b64(restart_challenge)
        return started

    # -- step 2: M1 --------------------------------------------------------------------------------------

    def prove(
        self, token: str, client_proof: bytes, address: str, restart_signature: bytes | None = None
    ) -> dict[str, Any]:
        """Checks M1. Success returns M2 and the next step; failure counts towards the lockout (R3).
        `restart_signature`: a restart login's signature over its challenge (ignored on another login)."""
        with self.part.store.read() as connection:
            login = self.rows.login(connection, token, "srp")
            user = (
                connection.execute(_USER_BY_ID, {"user_id": login.user_id}).first()
                if login.user_id is not None
                else None
            )
        record = self._record(user, login.username)
        private = int.from_bytes(
            self.part.vault.open_sealed(login.server_private, f"login:{login.id.hex()}"), "big"
        )
        challenge = srp.ServerChallenge(private, login.server_public)
        try:
            proof = srp.server_verify(record, challenge, login.client_public, client_proof)
        except srp.SrpError:
            proof = None
        now = self.part.clock()
        events = self.part.events

        def refused(connection: Connection, reason: str) -> None:
            """A refusal after the right password: told, not counted (R3)."""
            self.rows.set_login(connection, login, stage="failed")
            events.emit(
                connection,
                audit.LOGIN_FAILED,
                username=login.username,
                address=address,
                reason=reason,
                detail={"counted": False},
            )

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            self.rows.rate_limit(connection, address, now)
            claimed = connection.execute(_CLAIM_PROOF, {"login_id": login.id}).rowcount
            if not claimed:
                return expired_login()
            lockout = self.part.config.lockout
            was_locked = lockout.locked_until(connection, login.username, now) is not None
            if was_locked or proof is None or user is None:
                reason = "locked" if was_locked else "unknown_user" if user is None else "password"
                failure = lockout.failed(connection, events, login.username, now, reason, address=address)
                self.rows.set_login(connection, login, stage="failed")
                if failure.until is not None:
                    return locked(failure.until)
                return invalid_credentials(failure.attempts_left)  # the same for every name (issue 19)
            server_proof = {"server_proof": _b64(proof.proof)}
            # The user as the read transaction above saw it, not read again under the writer lock: the
            # password was checked against that row's verifier, and a desk change of the user (mode, IP
            # restriction, opt-out) committed since is the same race as one committed just after this
            # transaction (users are never deleted). One statement fewer under the lock.
            user_row = user
            if user_row.mode != login.mode:
                refused(connection, "wrong_mode")
                wrong_mode = texts.WRONG_MODE_PAPER if user_row.mode == "paper" else texts.WRONG_MODE_LIVE
                return refusal("WRONG_MODE", wrong_mode, 403, server_proof)
            if user_row.ip_allow and address not in user_row.ip_allow:
                refused(connection, "ip_restricted")
                return refusal("IP_NOT_ALLOWED", texts.IP_NOT_ALLOWED, 403, server_proof)
            step = self._after_password(connection, login, user_row, now, restart_signature)
            return step if isinstance(step, GatewayError) else {**server_proof, **step}

        return self.rows.commit_then(work)

    def _after_password(
        self,
        connection: Connection,
        login: Row,
        user: Row,
        now: float,
        restart_signature: bytes | None = None,
    ) -> dict[str, Any] | GatewayError:
        if user.mode == "paper":
            return self.sessions.finish(connection, login, user, None, [], now)
        if user.opt_out == "full":
            return self.sessions.finish(connection, login, user, None, ["sls_opt_out"], now)
        if user.opt_out == "portal":
            restrictions = [] if user.ip_allow else ["no_penny_stocks"]
            return self.sessions.finish(connection, login, user, None, restrictions, now)
        if login.restart_grant_id is None:  # the login's own row says: no statement more on the hot path
            return self._second_factor(connection, login, user, now)
        grants = self.sessions.restart
        verdict = grants.check(connection, login, restart_signature, now)
        if verdict.accepted:
            assert verdict.grant is not None
            grants.used(connection, login, verdict.grant, now)
            return self.sessions.finish(
                connection,
                login,
                user,
                verdict.grant.device_kind,
                [],
                now,
                restart_grant=verdict.grant.id,
                ends_by=verdict.grant.cutoff_at,  # no second factor past the cut-off (review S3)
            )
        # Refused after the right password: not counted; the login goes on as a full one, saying why.
        grants.refused(connection, login, verdict)
        step = self._second_factor(connection, login, user, now)
        if isinstance(step, GatewayError):
            step.details["restart"] = verdict.refusal()
            return step
        return {**step, "restart": verdict.refusal()}

    def _second_factor(
        self, connection: Connection, login: Row, user: Row, now: float
    ) -> dict[str, Any] | GatewayError:
        options = self.second_factor.factor_options(connection, user, now)
        if not options:
            self.rows.set_login(connection, login, stage="failed")
            self.part.events.emit(
                connection,
                audit.LOGIN_FAILED,
                username=login.username,
                address=login.address,
                reason="no_device",
                detail={"counted": False},
            )
            return refusal("NO_DEVICE", texts.NO_DEVICE, 403)
        if len(options) == 1:
            return self.second_factor.enter_factor(connection, login, user, options[0], now)
        self.rows.set_login(connection, login, stage="choose_device")
        preselected = user.last_device_id if any(o["id"] == user.last_device_id for o in options) else None
        return {
            "step": "choose_device",
            "devices": options,
            "preselected": preselected or options[0]["id"],
            "read_only_available": True,
        }


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _username_refusal(verdict: rules.UsernameCheck) -> GatewayError:
    """R1's verdict as a refusal (the client checks first; this is for clients that do not)."""
    assert verdict.problem is not None
    return GatewayError(verdict.status.value, verdict.problem, 400)


def b64decode_field(text: Any, name: str, max_bytes: int) -> bytes:
    """Decodes a base64 request field, refusing anything but a short, well-formed string."""
    if not isinstance(text, str) or len(text) > 4 * ((max_bytes + 2) // 3):
        raise bad_request(f"{name} must be base64 of at most {max_bytes} bytes")
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        raise bad_request(f"{name} is not valid base64") from None
    if len(raw) > max_bytes:  # the length check above lets up to two bytes more through
        raise bad_request(f"{name} must be base64 of at most {max_bytes} bytes")
    return raw


class SlsService(GatewayPart):
    """One gateway's login protocol over its store, vault, configuration and clock, composed of its steps."""

    def __init__(
        self,
        store: Store,
        vault: Vault,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
        *,
        events: Events | None = None,
    ) -> None:
        super().__init__(store, vault, config, clock, events=events)
        self.rows = LoginRows(self)
        self.sessions = SessionSteps(self, self.rows)
        self.second_factor = SecondFactorSteps(part=self, rows=self.rows, sessions=self.sessions)
        self.password = PasswordSteps(self, self.rows, self.sessions, self.second_factor)
        self.devices = DeviceEndpoints(self)

    # -- the login (SPEC §2-5) -------------------------------------------------------------------------

    def start_login(
        self, username: str, mode: str, client_public: bytes, address: str, restart_grant: str | None = None
    ) -> dict[str, Any]:
        return self.password.start_login(username, mode, client_public, address, restart_grant)

    def prove(
        self, token: str, client_proof: bytes, address: str, restart_signature: bytes | None = None
    ) -> dict[str, Any]:
        return self.password.prove(token, client_proof, address, restart_signature)

    def choose_device(self, token: str, device_id: str) -> dict[str, Any]:
        return self.second_factor.choose_device(token, device_id)

    def switch_to_challenge(self, token: str) -> dict[str, Any]:
        return self.second_factor.switch_to_challenge(token)

    def resend_code(self, token: str, channel: str, address: str) -> dict[str, Any]:
        return self.second_factor.resend_code(token, channel, address)

    def respond(self, token: str, response: str, address: str) -> dict[str, Any]:
        return self.second_factor.respond(token, response, address)

    def respond_credential(
        self, token: str, credential: Mapping[str, Any], label: str | None, address: str
    ) -> dict[str, Any]:
        return self.second_factor.respond_credential(token, credential, label, address)

    def push_status(self, token: str) -> dict[str, Any]:
        return self.second_factor.push_status(token)

    def read_only(self, token: str) -> dict[str, Any]:
        return self.second_factor.read_only(token)

    def answer_existing_session(self, token: str, takeover: bool) -> dict[str, Any]:
        return self.sessions.answer_existing_session(token, takeover)

    def cancel(self, token: str) -> dict[str, Any]:
        return self.sessions.cancel(token)

    # -- the session (SPEC §2.3) -----------------------------------------------------------------------

    def session_status(self, token: str) -> dict[str, Any]:
        return self.sessions.session_status(token)

    def logout(self, token: str, forget_device: bool = False) -> dict[str, Any]:
        return self.sessions.logout(token, forget_device=forget_device)

    # -- restart grants (issue 19; restart_grants.py) -------------------------------------------------

    def grant_restart(
        self, token: str, public_key: bytes, label: str | None, address: str | None = None
    ) -> dict[str, Any]:
        return self.sessions.grant_restart(token, public_key, label, address)

    def forget_restart(self, token: str) -> dict[str, Any]:
        return self.sessions.forget_restart(token)

    # -- the IB Key phone's side (SPEC §4) -------------------------------------------------------------

    def device_public_key(self, device_id: str) -> bytes | None:
        return self.devices.device_public_key(device_id)

    def use_device_nonce(self, device_id: str, nonce: str, at: int, now: float) -> None:
        self.devices.use_device_nonce(device_id, nonce, at, now)

    def pending_pushes(self, device_id: str) -> list[dict[str, Any]]:
        return self.devices.pending_pushes(device_id)

    def decide_push(
        self, device_id: str, transaction_id: str, decision: str, signature: bytes, number: int | None = None
    ) -> dict[str, Any]:
        return self.devices.decide_push(device_id, transaction_id, decision, signature, number)
