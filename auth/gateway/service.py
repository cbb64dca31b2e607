"""The SLS login protocol as plain method calls (SPEC §2-6): what the HTTP layer exposes, with no HTTP in it.

A login is a row in `logins`, addressed by a bearer token the client holds; each step moves its `stage`
with a conditional UPDATE, so a replayed or concurrent request finds the stage gone and is refused.
Refusals that must be remembered (a failure counted, a lock extended) are committed before they are
raised: see `_commit_then`.
"""

from __future__ import annotations

import base64
import hmac
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Row, insert, select, update

from auth import rules, srp
from auth.devices.ibkey import PushDecision, PushRequest, verify_push_decision
from auth.gateway import factors
from auth.gateway.policy import (
    DEVICE_LABELS,
    SECURITY_LEVEL,
    Clock,
    GatewayError,
    LockoutPolicy,
    RateLimit,
    invalid_credentials,
    locked,
    withdrawal_limits,
)
from auth.gateway.store import (
    Store,
    account_links,
    accounts,
    device_links,
    devices,
    logins,
    push_requests,
    sessions,
    temp_passcodes,
    users,
)
from auth.gateway.vault import Vault, new_token, token_id
from auth.kdf import KdfParams

T = TypeVar("T")

EXISTING_SESSION_MESSAGE = (
    "This user name is already logged in elsewhere. Log in here and disconnect the other session?"
)
TAKEN_OVER_MESSAGE = "This session was disconnected because the user name logged in elsewhere."
TEMP_PASSCODE_FULL = 2 * 86400.0  # R9: platform and portal
TEMP_PASSCODE_PORTAL = 12 * 86400.0  # R9: then portal only, to print an Online Security Code Card
ONLINE_CARD_VALIDITY = 21 * 86400.0  # R8
TEMP_PASSCODE_ID = "temp-passcode"

RESTRICTION_TEXTS = {
    "read_only": "Read only: market data and portfolio; no trading, no withdrawals.",
    "temp_passcode": "Temporary passcode: withdrawals and changes to your information are restricted.",
    "sls_opt_out": "Opted out of the Secure Login System: no Pink Sheet or OTCBB trading.",
    "no_penny_stocks": "Penny stocks need an IP restriction when only the portal uses two-factor login.",
}


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


class SlsService:
    def __init__(
        self, store: Store, vault: Vault, config: GatewayConfig | None = None, clock: Clock = time.time
    ) -> None:
        self.store = store
        self.vault = vault
        self.config = config or GatewayConfig()
        self.clock = clock

    def __repr__(self) -> str:
        return f"SlsService(store={self.store.url!r})"

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
        row = connection.execute(
            select(logins).where(logins.c.id == token_id(token)).with_for_update()
        ).first()
        if row is None or row.expires_at <= self.clock() or (stages and row.stage not in stages):
            raise expired_login()
        return row

    def _set_login(self, connection: Connection, row: Row, **values: Any) -> None:
        connection.execute(update(logins).where(logins.c.id == row.id).values(**values))

    def _user(self, connection: Connection, user_id: int) -> Row:
        return connection.execute(select(users).where(users.c.id == user_id).with_for_update()).one()

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
        with self.store.write() as connection:
            self._rate_limit(connection, address, now)
            user = connection.execute(select(users).where(users.c.username == username)).first()
        record = self._record(user, username)
        challenge = srp.server_challenge(record)
        token = new_token()
        login_id = token_id(token)
        with self.store.write() as connection:
            connection.execute(
                insert(logins).values(
                    id=login_id,
                    username=username,
                    user_id=user.id if user is not None else None,
                    mode=mode,
                    address=address,
                    client_public=client_public,
                    server_private=self.vault.seal(
                        challenge.private.to_bytes(256, "big"), f"login:{login_id.hex()}"
                    ),
                    server_public=challenge.public,
                    stage="srp",
                    created_at=now,
                    expires_at=now + self.config.login_ttl,
                )
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
                connection.execute(select(users).where(users.c.id == login.user_id)).first()
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
            # The stage moves once: a replayed proof finds it gone.
            claimed = connection.execute(
                update(logins).where(logins.c.id == login.id, logins.c.stage == "srp").values(stage="checked")
            ).rowcount
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

    # -- second factor --------------------------------------------------------------------------------

    def _factor_options(self, connection: Connection, user: Row, now: float) -> list[dict[str, Any]]:
        """The user's usable second factors, highest security level first (R13)."""
        rows = connection.execute(
            select(devices)
            .join(device_links, device_links.c.device_id == devices.c.id)
            .where(device_links.c.user_id == user.id, device_links.c.status == "approved")
        ).all()
        options = []
        for device in rows:
            if (
                device.status == "pending"
                and device.auto_activate_at is not None
                and device.auto_activate_at <= now
            ):
                # R11: a replacement device activates itself three weeks after shipment.
                connection.execute(
                    update(devices).where(devices.c.id == device.id).values(status="active", activated_at=now)
                )
            elif device.status == "pending" and device.kind == "online-card":
                pass  # activated by its first use: entering the codes at two index values (R8)
            elif device.status != "active":
                continue
            if device.kind == "online-card" and device.expires_at is not None and device.expires_at <= now:
                continue
            options.append(self._option(device.id, device.kind))
        if self._active_temp_passcode(connection, user.id, now) is not None:
            options.append(self._option(TEMP_PASSCODE_ID, "temp-passcode"))
        options.sort(key=lambda o: -SECURITY_LEVEL[o["kind"]])
        return options

    @staticmethod
    def _option(device_id: str, kind: str) -> dict[str, Any]:
        return {"id": device_id, "kind": kind, "label": DEVICE_LABELS[kind], "level": SECURITY_LEVEL[kind]}

    def _active_temp_passcode(self, connection: Connection, user_id: int, now: float) -> Row | None:
        row = connection.execute(
            select(temp_passcodes)
            .where(temp_passcodes.c.user_id == user_id, temp_passcodes.c.ended_at.is_(None))
            .order_by(temp_passcodes.c.issued_at.desc())
        ).first()
        if row is None or now - row.issued_at > TEMP_PASSCODE_PORTAL:
            return None
        return row

    def _enter_factor(
        self, connection: Connection, login: Row, user: Row, option: dict[str, Any], now: float
    ) -> dict[str, Any]:
        kind = option["kind"]
        if kind == "ibkey":
            issued = self._send_push(connection, login, option["id"], now)
        elif kind == "dscplus":
            issued = factors.issue_dscplus(now)
        elif kind in ("card", "online-card"):
            issued = factors.issue_card(kind, now)
        elif kind == "sms":
            issued = self._send_code(connection, login, option["id"], "sms", now)
        else:
            issued = factors.issue_temp_passcode(now)
        return self._store_challenge(connection, login, option, issued)

    def _store_challenge(
        self, connection: Connection, login: Row, option: dict[str, Any], issued: factors.Issued
    ) -> dict[str, Any]:
        public = {**issued.public, "expires_at": issued.expires_at}
        self._set_login(
            connection,
            login,
            stage="second_factor",
            device_id=option["id"],
            challenge=public,
            challenge_secret=self.vault.seal_json(issued.secret, f"challenge:{login.id.hex()}"),
            challenge_expires_at=issued.expires_at,
        )
        return {"step": "second_factor", "device": option, "challenge": public, "read_only_available": True}

    def _send_push(self, connection: Connection, login: Row, device_id: str, now: float) -> factors.Issued:
        transaction_id = secrets.token_hex(16)
        connection.execute(
            update(push_requests)
            .where(push_requests.c.login_id == login.id, push_requests.c.status == "pending")
            .values(status="cancelled")
        )
        connection.execute(
            insert(push_requests).values(
                transaction_id=transaction_id,
                login_id=login.id,
                device_id=device_id,
                username=login.username,
                nonce=secrets.token_bytes(32),
                summary=f"{self.config.name}: login from {login.address}",
                created_at=float(int(now)),
                expires_at=now + self.config.push_ttl,
                status="pending",
            )
        )
        public = {
            "kind": "ibkey_push",
            "message": "A notification was sent to your phone",
            "seconds": self.config.push_ttl,
        }
        return factors.Issued(public, {"transaction_id": transaction_id}, now + self.config.push_ttl)

    def choose_device(self, token: str, device_id: str) -> dict[str, Any]:
        """M2FS: the device the trader picked (or another one, from the second-factor page)."""
        now = self.clock()
        with self.store.write() as connection:
            login = self._login(connection, token, "choose_device", "second_factor")
            user = self._user(connection, login.user_id)
            options = {o["id"]: o for o in self._factor_options(connection, user, now)}
            if device_id not in options:
                raise bad_request("That device cannot be used for this login.")
            self._cancel_push(connection, login)  # the phone stops showing a notification nobody waits for
            return self._enter_factor(connection, login, user, options[device_id], now)

    def switch_to_challenge(self, token: str) -> dict[str, Any]:
        """R5: "Click here if you do not receive the notification": IB Key challenge/response instead."""
        now = self.clock()
        with self.store.write() as connection:
            login = self._login(connection, token, "second_factor")
            if (login.challenge or {}).get("kind") != "ibkey_push":
                raise bad_request("Only an IB Key notification can be switched to challenge/response.")
            connection.execute(
                update(push_requests)
                .where(push_requests.c.login_id == login.id, push_requests.c.status == "pending")
                .values(status="cancelled")
            )
            option = self._option(login.device_id, "ibkey")
            return self._store_challenge(connection, login, option, factors.issue_ibkey_challenge(now))

    def resend_code(self, token: str, channel: str, address: str) -> dict[str, Any]:
        """R10: "Didn't receive a security code?": a new code by SMS or a call; it voids the last one."""
        if channel not in ("sms", "voice"):
            raise bad_request("channel must be 'sms' or 'voice'")
        now = self.clock()
        with self.store.write() as connection:
            self._rate_limit(connection, address, now)
            login = self._login(connection, token, "second_factor")
            if (login.challenge or {}).get("kind") != "sms":
                raise bad_request("Only an SMS login can send a new code.")
            issued = self._send_code(connection, login, login.device_id, channel, now)
            return self._store_challenge(connection, login, self._option(login.device_id, "sms"), issued)

    def _send_code(
        self, connection: Connection, login: Row, device_id: str, channel: str, now: float
    ) -> factors.Issued:
        """Sends a code unless the login has had its 5, or the last one went out under 30 s ago. The limit
        counts every code of the login, however it was asked for (resend, device chosen again)."""
        if login.sms_sent >= factors.SMS_MAX_SENDS:
            raise GatewayError(
                "TOO_MANY_CODES", "No more codes can be sent for this login. Please log in again.", 429
            )
        if login.sms_last_sent_at is not None:
            wait = math.ceil(login.sms_last_sent_at + factors.SMS_RESEND_AFTER - now)
            if wait > 0:
                raise GatewayError(
                    "RATE_LIMITED",
                    f"Please wait {wait} seconds before asking for a new code.",
                    429,
                    {"retry_after": wait},
                )
        phone = connection.execute(select(devices.c.phone).where(devices.c.id == device_id)).scalar_one()
        sends = login.sms_sent + 1
        issued = factors.send_code(connection, self.vault, phone, channel, sends, now)
        self._set_login(connection, login, sms_sent=sends, sms_last_sent_at=now)
        return issued

    def respond(self, token: str, response: str, address: str) -> dict[str, Any]:
        """Checks a typed response. Wrong: "Login failed", counted (R3), and a fresh challenge (R4)."""
        if not isinstance(response, str) or len(response) > 200:
            raise bad_request("response must be a string of at most 200 characters")
        now = self.clock()

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            self._rate_limit(connection, address, now)
            login = self._login(connection, token, "second_factor")
            kind = login.challenge["kind"]
            if kind == "ibkey_push":
                return bad_request("This login waits for the phone; there is nothing to type.")
            user = self._user(connection, login.user_id)
            lockout = self.config.lockout
            refused = self._refuse_if_locked(connection, login, now)
            if refused is None and kind != "temp_passcode":
                refused = self._refuse_if_device_gone(connection, login, user, now)
            if refused is not None:
                return refused
            if now >= login.challenge_expires_at:
                # Not the trader's fault, so not a failure. A code on a phone is not re-sent unasked.
                option = self._option(login.device_id, _device_kind(kind))
                if kind == "sms":
                    same = {"step": "second_factor", "device": option, "challenge": login.challenge}
                    return GatewayError(
                        "EXPIRED", "The code expired. Ask for a new code.", 410, {"next": same}
                    )
                fresh = self._fresh_challenge(connection, login, user, kind, now)
                return GatewayError(
                    "EXPIRED", "The challenge expired. Here is a new one.", 410, {"next": fresh}
                )
            if kind == "temp_passcode":
                outcome = self._check_temp_passcode(connection, user, response, now)
                if isinstance(outcome, GatewayError):
                    return outcome
                right = outcome
            else:
                device = connection.execute(select(devices).where(devices.c.id == login.device_id)).one()
                secret = self.vault.open_json(login.challenge_secret, f"challenge:{login.id.hex()}")
                right = factors.check(
                    kind, secret, factors.device_secrets(self.vault, device), response, self.vault
                )
            if not right:
                until = lockout.record_failure(connection, login.username, now)
                if until is not None:
                    self._set_login(connection, login, stage="failed")
                    return locked(until)
                option = self._option(login.device_id, _device_kind(kind))
                fresh = (
                    {
                        "step": "second_factor",
                        "device": option,
                        "challenge": login.challenge,
                        "read_only_available": True,
                    }
                    if kind in ("sms", "temp_passcode")  # the code on the phone stays valid
                    else self._fresh_challenge(connection, login, user, kind, now)
                )
                return GatewayError("LOGIN_FAILED", rules.LOGIN_FAILED_MESSAGE, 401, {"next": fresh})
            device_kind = _device_kind(kind)
            restrictions = ["temp_passcode"] if device_kind == "temp-passcode" else []
            if device_kind == "online-card":
                self._activate_online_card(connection, user, login.device_id, now)
            return self._finish(connection, login, user, device_kind, restrictions, now)

        return self._commit_then(work)

    def _fresh_challenge(
        self, connection: Connection, login: Row, user: Row, kind: str, now: float
    ) -> dict[str, Any]:
        """A new challenge of the kind just answered (R4): IB Key challenge/response stays challenge/response
        rather than falling back to a push."""
        if kind == "ibkey_challenge":
            option = self._option(login.device_id, "ibkey")
            return self._store_challenge(connection, login, option, factors.issue_ibkey_challenge(now))
        option = self._option(login.device_id, _device_kind(kind))
        return self._enter_factor(connection, login, user, option, now)

    def _refuse_if_locked(self, connection: Connection, login: Row, now: float) -> GatewayError | None:
        """R3: a name locked while this login was under way (failures elsewhere) ends it; the attempt is one
        more failure, as any attempt while locked is."""
        lockout = self.config.lockout
        if lockout.locked_until(connection, login.username, now) is None:
            return None
        until = lockout.record_failure(connection, login.username, now)
        self._cancel_push(connection, login)
        self._set_login(connection, login, stage="failed")
        return locked(until)

    def _refuse_if_device_gone(
        self, connection: Connection, login: Row, user: Row, now: float
    ) -> GatewayError | None:
        """A device reported lost, removed, or past its validity (online card) stops working at once, even
        for a login that showed its challenge before."""
        if any(o["id"] == login.device_id for o in self._factor_options(connection, user, now)):
            return None
        self._cancel_push(connection, login)
        self._set_login(connection, login, stage="failed")
        return GatewayError(
            "NO_DEVICE",
            "This security device can no longer be used for this user name. Please log in again, or call "
            "Client Services.",
            403,
        )

    def _check_temp_passcode(
        self, connection: Connection, user: Row, response: str, now: float
    ) -> bool | GatewayError:
        row = self._active_temp_passcode(connection, user.id, now)
        if row is None:
            return GatewayError(
                "EXPIRED", "The temporary passcode has expired. Please call Client Services.", 410
            )
        answer = rules.normalise_temp_passcode(response)
        if not hmac.compare_digest(self.vault.code_hash("temp", answer), row.code_hash):
            return False
        if now - row.issued_at > TEMP_PASSCODE_FULL:
            return GatewayError(
                "PORTAL_ONLY",
                "This temporary passcode now only opens the Client Portal, where you can print an Online "
                "Security Code Card.",
                403,
            )
        return True

    def _activate_online_card(self, connection: Connection, user: Row, device_id: str, now: float) -> None:
        """R8: entering the codes at two index values activates the card for 21 days; it replaces the
        temporary passcode it was printed with."""
        activated = connection.execute(
            update(devices)
            .where(devices.c.id == device_id, devices.c.status == "pending")
            .values(status="active", activated_at=now, expires_at=now + ONLINE_CARD_VALIDITY)
        ).rowcount
        if activated:
            connection.execute(
                update(temp_passcodes)
                .where(temp_passcodes.c.user_id == user.id, temp_passcodes.c.ended_at.is_(None))
                .values(ended_at=now)
            )

    def push_status(self, token: str) -> dict[str, Any]:
        """One look at the IB Key push: approved finishes the login by itself (R5); pending says so."""
        now = self.clock()

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            login = self._login(connection, token, "second_factor")
            if login.challenge["kind"] != "ibkey_push":
                return bad_request("This login is not waiting for an IB Key notification.")
            secret = self.vault.open_json(login.challenge_secret, f"challenge:{login.id.hex()}")
            push = connection.execute(
                select(push_requests).where(push_requests.c.transaction_id == secret["transaction_id"])
            ).one()
            option = self._option(login.device_id, "ibkey")
            if push.status == "approved":
                refused = self._refuse_if_locked(connection, login, now) or self._refuse_if_device_gone(
                    connection, login, self._user(connection, login.user_id), now
                )
                if refused is not None:
                    return refused
                used = connection.execute(
                    update(push_requests)
                    .where(
                        push_requests.c.transaction_id == push.transaction_id,
                        push_requests.c.status == "approved",
                    )
                    .values(status="used")
                ).rowcount
                if not used:
                    return expired_login()
                user = self._user(connection, login.user_id)
                return self._finish(connection, login, user, "ibkey", [], now)
            if push.status == "denied":
                until = self.config.lockout.record_failure(connection, login.username, now)
                if until is not None:
                    self._set_login(connection, login, stage="failed")
                    return locked(until)
                user = self._user(connection, login.user_id)
                fresh = self._enter_factor(connection, login, user, option, now)
                return GatewayError("LOGIN_FAILED", rules.LOGIN_FAILED_MESSAGE, 401, {"next": fresh})
            if push.status == "expired" or (push.status == "pending" and now >= push.expires_at):
                # R3: a push that times out is not a failed attempt. Once expired it stays so: a later
                # look must not report it pending again.
                connection.execute(
                    update(push_requests)
                    .where(push_requests.c.transaction_id == push.transaction_id)
                    .values(status="expired")
                )
                return GatewayError(
                    "EXPIRED",
                    "The notification expired. Send a new one, or use challenge/response.",
                    410,
                    {"next": {"step": "second_factor", "device": option, "challenge": login.challenge}},
                )
            return {
                "step": "second_factor",
                "device": option,
                "challenge": login.challenge,
                "status": "pending",
            }

        return self._commit_then(work)

    def read_only(self, token: str) -> dict[str, Any]:
        """ "Enter read only": a session without the second factor. It does not reset the failure count,
        or it would let a password holder keep guessing second-factor responses forever."""
        now = self.clock()

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            login = self._login(connection, token, "choose_device", "second_factor")
            refused = self._refuse_if_locked(connection, login, now)
            if refused is not None:
                return refused
            user = self._user(connection, login.user_id)
            self._cancel_push(connection, login)
            return self._finish(connection, login, user, None, ["read_only"], now, read_only=True)

        return self._commit_then(work)

    # -- the end of a login: one session per user name (R16) -----------------------------------------

    def _finish(
        self,
        connection: Connection,
        login: Row,
        user: Row,
        device_kind: str | None,
        restrictions: list[str],
        now: float,
        *,
        read_only: bool = False,
    ) -> dict[str, Any]:
        if not read_only:
            self.config.lockout.record_success(connection, user.username)
            if device_kind not in (None, "temp-passcode"):
                connection.execute(
                    update(users).where(users.c.id == user.id).values(last_device_id=login.device_id)
                )
        pending = {"device_kind": device_kind, "restrictions": restrictions, "read_only": read_only}
        others = connection.execute(
            select(sessions.c.id).where(
                sessions.c.username == user.username,
                sessions.c.status == "active",
                sessions.c.expires_at > now,
            )
        ).first()
        if others is not None:
            self._set_login(connection, login, stage="existing_session", pending=pending)
            return {
                "step": "existing_session",
                "code": "EXISTING_SESSION",
                "message": EXISTING_SESSION_MESSAGE,
            }
        return self._open_session(connection, login, user, pending, now)

    def _open_session(
        self, connection: Connection, login: Row, user: Row, pending: dict[str, Any], now: float
    ) -> dict[str, Any]:
        token = new_token()
        connection.execute(
            insert(sessions).values(
                id=token_id(token),
                user_id=user.id,
                username=user.username,
                mode=user.mode,
                device_kind=pending["device_kind"],
                read_only=pending["read_only"],
                restrictions=pending["restrictions"],
                created_at=now,
                expires_at=now + self.config.session_ttl,
                status="active",
            )
        )
        self._set_login(connection, login, stage="done", challenge=None, challenge_secret=None)
        return {"step": "session", "session_token": token, "session": self._describe(connection, token, now)}

    def answer_existing_session(self, token: str, takeover: bool) -> dict[str, Any]:
        """Yes ends the other session (it is told so); no ends this login."""
        now = self.clock()
        with self.store.write() as connection:
            login = self._login(connection, token, "existing_session")
            if not takeover:
                self._set_login(connection, login, stage="cancelled")
                return {"step": "cancelled"}
            connection.execute(
                update(sessions)
                .where(sessions.c.username == login.username, sessions.c.status == "active")
                .values(status="taken_over", ended_at=now)
            )
            user = self._user(connection, login.user_id)
            return self._open_session(connection, login, user, login.pending, now)

    def cancel(self, token: str) -> dict[str, Any]:
        with self.store.write() as connection:
            row = connection.execute(select(logins).where(logins.c.id == token_id(token))).first()
            if row is not None and row.stage not in ("done", "failed"):
                self._cancel_push(connection, row)
                self._set_login(connection, row, stage="cancelled")
        return {"step": "cancelled"}

    def _cancel_push(self, connection: Connection, login: Row) -> None:
        connection.execute(
            update(push_requests)
            .where(push_requests.c.login_id == login.id, push_requests.c.status == "pending")
            .values(status="cancelled")
        )

    # -- sessions --------------------------------------------------------------------------------------

    def session_status(self, token: str) -> dict[str, Any]:
        with self.store.read() as connection:
            return self._describe(connection, token, self.clock())

    def logout(self, token: str) -> dict[str, Any]:
        now = self.clock()
        with self.store.write() as connection:
            connection.execute(
                update(sessions)
                .where(sessions.c.id == token_id(token), sessions.c.status == "active")
                .values(status="logged_out", ended_at=now)
            )
            return self._describe(connection, token, now)

    def _describe(self, connection: Connection, token: str, now: float) -> dict[str, Any]:
        row = connection.execute(select(sessions).where(sessions.c.id == token_id(token))).first()
        if row is None:
            raise GatewayError("EXPIRED", "This session has ended. Please log in again.", 410)
        status = row.status
        if status == "active" and row.expires_at <= now:
            status = "expired"
        linked = connection.execute(
            select(accounts.c.id, accounts.c.title)
            .join(account_links, account_links.c.account_id == accounts.c.id)
            .where(account_links.c.user_id == row.user_id)
            .order_by(account_links.c.position, accounts.c.id)
        ).all()
        device = (
            None
            if row.device_kind is None
            else {"kind": row.device_kind, "label": DEVICE_LABELS[row.device_kind]}
        )
        return {
            "status": status,
            "message": TAKEN_OVER_MESSAGE if status == "taken_over" else "",
            "username": row.username,
            "mode": row.mode,
            "accounts": [{"id": a.id, "title": a.title} for a in linked],
            "device": device,
            "withdrawal_limits": withdrawal_limits(row.device_kind, row.restrictions),
            "restrictions": [{"code": c, "text": RESTRICTION_TEXTS[c]} for c in row.restrictions],
            "read_only": row.read_only,
            "created_at": row.created_at,
            "expires_at": row.expires_at,
        }

    # -- the IB Key phone's side --------------------------------------------------------------------------

    def device_public_key(self, device_id: str) -> bytes | None:
        with self.store.read() as connection:
            row = connection.execute(
                select(devices.c.public_key).where(devices.c.id == device_id, devices.c.kind == "ibkey")
            ).first()
        return None if row is None else row.public_key

    def pending_pushes(self, device_id: str) -> list[dict[str, Any]]:
        """What the phone shows: the notifications waiting for this device."""
        now = self.clock()
        with self.store.read() as connection:
            rows = connection.execute(
                select(push_requests).where(
                    push_requests.c.device_id == device_id,
                    push_requests.c.status == "pending",
                    push_requests.c.expires_at > now,
                )
            ).all()
        return [
            {
                "transaction_id": r.transaction_id,
                "username": r.username,
                "nonce": factors.b64(r.nonce),
                "created_at": int(r.created_at),
                "summary": r.summary,
                "expires_at": r.expires_at,
            }
            for r in rows
        ]

    def decide_push(
        self, device_id: str, transaction_id: str, decision: str, signature: bytes
    ) -> dict[str, Any]:
        """Approve or deny, signed by the device key over the login transaction and the decision."""
        if decision not in ("approve", "deny"):
            raise bad_request("decision must be 'approve' or 'deny'")
        now = self.clock()
        with self.store.write() as connection:
            push = connection.execute(
                select(push_requests).where(
                    push_requests.c.transaction_id == transaction_id, push_requests.c.device_id == device_id
                )
            ).first()
            if push is None or push.status != "pending" or now >= push.expires_at:
                raise GatewayError("EXPIRED", "This notification has expired or was already answered.", 410)
            public_key = connection.execute(
                select(devices.c.public_key).where(devices.c.id == device_id)
            ).scalar()
            request = PushRequest(
                push.transaction_id, push.username, push.nonce, int(push.created_at), push.summary
            )
            answer = PushDecision(device_id, transaction_id, decision, signature)  # type: ignore[arg-type]
            if public_key is None or not verify_push_decision(public_key, request, answer):
                raise GatewayError("BAD_SIGNATURE", "The device signature does not verify.", 403)
            status = "approved" if decision == "approve" else "denied"
            connection.execute(
                update(push_requests)
                .where(push_requests.c.transaction_id == transaction_id, push_requests.c.status == "pending")
                .values(status=status)
            )
        return {"transaction_id": transaction_id, "status": status}


def _device_kind(challenge_kind: str) -> str:
    return {"ibkey_challenge": "ibkey", "ibkey_push": "ibkey", "temp_passcode": "temp-passcode"}.get(
        challenge_kind, challenge_kind
    )


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
