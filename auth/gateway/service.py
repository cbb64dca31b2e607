"""The SLS login protocol as plain method calls (SPEC §2-6): what the HTTP layer exposes, with no HTTP in it.

This module holds the password steps (user name and A, then M1); `SlsService` gathers the rest from its
mixins. Refusals that must be remembered (a failure counted, a lock extended) are committed before they
are raised: see `ServiceBase._commit_then`.
"""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from trader_login.auth import rules, srp
from trader_login.auth.gateway import factors
from trader_login.auth.gateway.device_endpoints import DeviceEndpoints
from trader_login.auth.gateway.flow import GatewayConfig, ServiceBase, bad_request, expired_login
from trader_login.auth.gateway.policy import (
    GatewayError,
    invalid_credentials,
    locked,
)
from trader_login.auth.gateway.second_factor import (
    ONLINE_CARD_VALIDITY,
    TEMP_PASSCODE_FULL,
    TEMP_PASSCODE_ID,
    TEMP_PASSCODE_PORTAL,
    SecondFactorSteps,
)
from trader_login.auth.gateway.sessions import (
    EXISTING_SESSION_MESSAGE,
    RESTRICTION_TEXTS,
    TAKEN_OVER_MESSAGE,
    SessionSteps,
)
from trader_login.auth.gateway.store import (
    logins,
    users,
)
from trader_login.auth.gateway.vault import new_token, token_id
from trader_login.auth.kdf import KdfParams

_USER_BY_NAME = select(users).where(users.c.username == bindparam("username"))
_USER_BY_ID = select(users).where(users.c.id == bindparam("user_id"))
_NEW_LOGIN = insert(logins)
# The stage moves once: a replayed proof finds it gone.
_CLAIM_PROOF = (
    update(logins)
    .where(logins.c.id == bindparam("login_id"), logins.c.stage == "srp")
    .values(stage="checked")
)

__all__ = [
    "EXISTING_SESSION_MESSAGE",
    "ONLINE_CARD_VALIDITY",
    "RESTRICTION_TEXTS",
    "TAKEN_OVER_MESSAGE",
    "TEMP_PASSCODE_FULL",
    "TEMP_PASSCODE_ID",
    "TEMP_PASSCODE_PORTAL",
    "GatewayConfig",
    "ServiceBase",
    "SlsService",
    "b64decode_field",
    "bad_request",
    "expired_login",
]


class SlsService(SecondFactorSteps, SessionSteps, DeviceEndpoints):
    """One gateway's login protocol over its store, vault, configuration and clock."""

    def _record(self, user: Row | None, username: str) -> srp.SrpRecord:
        if user is None:
            return srp.decoy_record(
                username, self.vault.decoy_secret, KdfParams(b"\0" * 16, **self.config.kdf_cost)
            )
        return srp.SrpRecord(user.username, user.srp_salt, KdfParams.from_dict(user.kdf), user.verifier)

    # -- step 1: user name and A ----------------------------------------------------------------------

    def start_login(self, username: str, mode: str, client_public: bytes, address: str) -> dict[str, Any]:
        """Returns the login token, the SRP salt, the KDF parameters and B. Unknown names get a decoy."""
        verdict = rules.check_username(username)
        if not verdict.ok:
            raise GatewayError(verdict.status.value, verdict.message, 400)
        if mode not in ("live", "paper"):
            raise bad_request("mode must be 'live' or 'paper'")
        try:
            srp.GROUP_2048.public_value(client_public, "client")
        except srp.SrpError as error:
            raise bad_request(str(error)) from None
        now = self.clock()
        # Counting the request is a write; without a rate limit, looking the user up is only a read.
        with self.store.write() if self.config.rate_limit is not None else self.store.read() as connection:
            self._rate_limit(connection, address, now)
            user = connection.execute(_USER_BY_NAME, {"username": username}).first()
        record = self._record(user, username)
        challenge = srp.server_challenge(record)
        token = new_token()
        login_id = token_id(token)
        with self.store.write() as connection:
            connection.execute(
                _NEW_LOGIN,
                {
                    "id": login_id,
                    "username": username,
                    "user_id": user.id if user is not None else None,
                    "mode": mode,
                    "address": address,
                    "client_public": client_public,
                    "server_private": self.vault.seal(
                        challenge.private.to_bytes(256, "big"), f"login:{login_id.hex()}"
                    ),
                    "server_public": challenge.public,
                    "stage": "srp",
                    "created_at": now,
                    "expires_at": now + self.config.login_ttl,
                },
            )
        return {
            "login_token": token,
            "salt": factors.b64(record.salt),
            "kdf": record.kdf.to_dict(),
            "server_public": factors.b64(challenge.public),
            "expires_at": now + self.config.login_ttl,
        }

    # -- step 2: M1 --------------------------------------------------------------------------------------

    def prove(self, token: str, client_proof: bytes, address: str) -> dict[str, Any]:
        """Checks M1. Success returns M2 and the next step; failure counts towards the lockout (R3)."""
        with self.store.read() as connection:
            login = self._login(connection, token, "srp")
            user = (
                connection.execute(_USER_BY_ID, {"user_id": login.user_id}).first()
                if login.user_id is not None
                else None
            )
        record = self._record(user, login.username)
        private = int.from_bytes(
            self.vault.open_sealed(login.server_private, f"login:{login.id.hex()}"), "big"
        )
        challenge = srp.ServerChallenge(private, login.server_public)
        try:
            proof = srp.server_verify(record, challenge, login.client_public, client_proof)
        except srp.SrpError:
            proof = None
        now = self.clock()

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            self._rate_limit(connection, address, now)
            claimed = connection.execute(_CLAIM_PROOF, {"login_id": login.id}).rowcount
            if not claimed:
                return expired_login()
            lockout = self.config.lockout
            if lockout.locked_until(connection, login.username, now) is not None or proof is None:
                until = lockout.record_failure(connection, login.username, now)
                self._set_login(connection, login, stage="failed")
                return locked(until) if until is not None else invalid_credentials()
            server_proof = {"server_proof": factors.b64(proof.proof)}
            user_row = self._user(connection, login.user_id)
            if user_row.mode != login.mode:
                self._set_login(connection, login, stage="failed")
                return GatewayError("WRONG_MODE", _wrong_mode_message(user_row.mode), 403, server_proof)
            if user_row.ip_allow and address not in user_row.ip_allow:
                self._set_login(connection, login, stage="failed")
                return GatewayError(
                    "IP_NOT_ALLOWED",
                    "Logins for this user name are only allowed from the IP addresses set by the "
                    "account's primary user.",
                    403,
                    server_proof,
                )
            step = self._after_password(connection, login, user_row, now)
            return step if isinstance(step, GatewayError) else {**server_proof, **step}

        return self._commit_then(work)

    def _after_password(
        self, connection: Connection, login: Row, user: Row, now: float
    ) -> dict[str, Any] | GatewayError:
        if user.mode == "paper":
            return self._finish(connection, login, user, None, [], now)
        if user.opt_out == "full":
            return self._finish(connection, login, user, None, ["sls_opt_out"], now)
        if user.opt_out == "portal":
            restrictions = [] if user.ip_allow else ["no_penny_stocks"]
            return self._finish(connection, login, user, None, restrictions, now)
        options = self._factor_options(connection, user, now)
        if not options:
            self._set_login(connection, login, stage="failed")
            return GatewayError(
                "NO_DEVICE",
                "No security device is active for this user name. Please call Client Services: they can "
                "issue a temporary passcode.",
                403,
            )
        if len(options) == 1:
            return self._enter_factor(connection, login, user, options[0], now)
        self._set_login(connection, login, stage="choose_device")
        preselected = user.last_device_id if any(o["id"] == user.last_device_id for o in options) else None
        return {
            "step": "choose_device",
            "devices": options,
            "preselected": preselected or options[0]["id"],
            "read_only_available": True,
        }


def _wrong_mode_message(user_mode: str) -> str:
    if user_mode == "paper":
        return "This is a paper trading user name. Switch to Paper to log in."
    return "This is a live trading user name. Switch to Live to log in; paper trading has its own user name."


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
