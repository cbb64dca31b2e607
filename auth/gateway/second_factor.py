"""The second factor on the gateway (SPEC §4): choosing a device, issuing challenges, checking answers,
the IB Key notification, SMS and voice codes, temporary passcodes, read-only entry."""

from __future__ import annotations

import hmac
import math
import secrets
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update

from trader_login.auth import rules
from trader_login.auth.gateway import factors
from trader_login.auth.gateway.flow import ServiceBase, bad_request, device_kind_of, expired_login
from trader_login.auth.gateway.policy import (
    SECURITY_LEVEL,
    GatewayError,
    locked,
)
from trader_login.auth.gateway.store import (
    device_links,
    devices,
    outbox,
    push_requests,
    temp_passcodes,
)

TEMP_PASSCODE_FULL = 2 * 86400.0  # R9: platform and portal
TEMP_PASSCODE_PORTAL = 12 * 86400.0  # R9: then portal only, to print an Online Security Code Card
ONLINE_CARD_VALIDITY = 21 * 86400.0  # R8
TEMP_PASSCODE_ID = "temp-passcode"

# Built once: every login runs these (flow.py says why).
_USER_DEVICES = (
    select(devices)
    .join(device_links, device_links.c.device_id == devices.c.id)
    .where(device_links.c.user_id == bindparam("user_id"), device_links.c.status == "approved")
)
_TEMP_PASSCODE = (
    select(temp_passcodes)
    .where(temp_passcodes.c.user_id == bindparam("user_id"), temp_passcodes.c.ended_at.is_(None))
    .order_by(temp_passcodes.c.issued_at.desc())
)
_DEVICE = select(devices).where(devices.c.id == bindparam("device_id"))


class SecondFactorSteps(ServiceBase):
    """Needs `_finish` from SessionSteps; SlsService brings the two together."""

    # -- second factor --------------------------------------------------------------------------------

    def _factor_options(self, connection: Connection, user: Row, now: float) -> list[dict[str, Any]]:
        """The user's usable second factors, highest security level first (R13)."""
        rows = connection.execute(_USER_DEVICES, {"user_id": user.id}).all()
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

    def _active_temp_passcode(self, connection: Connection, user_id: int, now: float) -> Row | None:
        row = connection.execute(_TEMP_PASSCODE, {"user_id": user_id}).first()
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
        if self.phone_network is not None:
            self.phone_network.sent("push", transaction_id, login.username)
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
        if self.phone_network is not None:
            # This transaction holds the write lock: the newest message is the one just sent.
            message_id = connection.execute(select(func.max(outbox.c.id))).scalar()
            self.phone_network.sent("text", message_id, login.username)
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
                option = self._option(login.device_id, device_kind_of(kind))
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
                device = connection.execute(_DEVICE, {"device_id": login.device_id}).one()
                secret = self.vault.open_json(login.challenge_secret, f"challenge:{login.id.hex()}")
                right = factors.check(
                    kind, secret, factors.device_secrets(self.vault, device), response, self.vault
                )
            if not right:
                until = lockout.record_failure(connection, login.username, now)
                if until is not None:
                    self._set_login(connection, login, stage="failed")
                    return locked(until)
                option = self._option(login.device_id, device_kind_of(kind))
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
            device_kind = device_kind_of(kind)
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
        option = self._option(login.device_id, device_kind_of(kind))
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
                # Counted when the phone denied it (DeviceEndpoints.decide_push): not a second time here.
                until = self.config.lockout.locked_until(connection, login.username, now)
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
