"""The second factor on the gateway (SPEC §4): the devices a user may choose, a challenge issued, the answer
checked, the IB Key notification, a new code, read-only entry.

What differs between kinds of device is asked of the kind's part (`kinds/`, `GatewayKind`), found by the
device kind (`vocabulary.challenge_kind(name).device` for a challenge): no kind is named here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth import texts, vocabulary
from trader_login.auth.gateway import audit, kinds
from trader_login.auth.gateway.errors import (
    GatewayError,
    bad_request,
    expired_login,
    locked,
    refusal,
    warned,
)
from trader_login.auth.gateway.kinds._part import Credential, GatewayKind, Issued, Next, Step, Wrong
from trader_login.auth.gateway.part import GatewayPart, LoginRows
from trader_login.auth.gateway.sessions import SessionSteps
from trader_login.auth.gateway.store import device_links, devices, push_requests

_log = logging.getLogger(__name__)

# Built once: every login runs these (part.py says why).
_USER_DEVICES = (
    select(devices)
    .join(device_links, device_links.c.device_id == devices.c.id)
    .where(device_links.c.user_id == bindparam("user_id"), device_links.c.status == "approved")
)
_AUTO_ACTIVATE = (
    update(devices)
    .where(devices.c.id == bindparam("device_id"))
    .values(status="active", activated_at=bindparam("now"))
)
_PUSH = select(push_requests).where(push_requests.c.transaction_id == bindparam("transaction_id"))
_USE_PUSH = (
    update(push_requests)
    .where(push_requests.c.transaction_id == bindparam("push"), push_requests.c.status == "approved")
    .values(status="used")
)
_EXPIRE_PUSH = (
    update(push_requests).where(push_requests.c.transaction_id == bindparam("push")).values(status="expired")
)
_PUSH_CHALLENGE = "ibkey_push"  # the protocol's one notification (GET /v1/login/push)
# A denied notification's status (set by DeviceEndpoints.decide_push) and what the login page is told of it.
_DENIALS = {
    "denied": texts.LOGIN_FAILED,
    "wrong_number": texts.PUSH_WRONG_NUMBER,
    "reported": texts.PUSH_REPORTED,
}
PREVIOUS = "previous"  # in a challenge's sealed secret: the one it replaced after a wrong answer
# second_factor.refused's reason for a kind's uncounted refusal of an answer, by the refusal's code.
_REFUSED_REASONS = {
    "BAD_REQUEST": "format",
    "EXPIRED": "temp_passcode_expired",
    "PORTAL_ONLY": "portal_only",
    "REGISTRATION_REFUSED": "registration_refused",
}


class SecondFactorSteps:
    """The second-factor steps of one gateway's logins, over its part, its login rows and its sessions."""

    def __init__(
        self,
        part: GatewayPart,
        rows: LoginRows,
        sessions: SessionSteps,
        *,
        parts: Mapping[str, GatewayKind] | None = None,
    ) -> None:
        self.part = part
        self.rows = rows
        self.sessions = sessions
        # Each kind's part, gathered once: a half-registered kind fails here, when the service is built.
        self.parts = dict(parts) if parts is not None else kinds.load()

    def __repr__(self) -> str:
        return f"SecondFactorSteps({self.part!r})"

    def kind_of(self, challenge: str) -> GatewayKind:
        """The part of the device kind a challenge kind belongs to."""
        return self.parts[vocabulary.challenge_kind(challenge).device]

    def _step(
        self,
        connection: Connection,
        login: Row,
        user: Row,
        device_id: str,
        now: float,
        *,
        device: Row | None = None,
    ) -> Step:
        """`device`: the device's row, read in this write transaction already (`Step.device()`)."""
        return Step(self.part, self.rows, connection, login, user, device_id, now, _device=device)

    # -- the devices offered (M2FS) ----------------------------------------------------------------------

    def factor_options(self, connection: Connection, user: Row, now: float) -> list[dict[str, Any]]:
        """The user's usable second factors, highest security level first (R13)."""
        options = self._usable_devices(connection, user, now)[0]
        for part in self.parts.values():
            options += [
                self.rows.option(ident, part.name) for ident in part.other_options(connection, user, now)
            ]
        # R13: highest level first; within a level, a phishing-resistant kind first (the security key).
        options.sort(
            key=lambda o: (
                -vocabulary.security_level(o["kind"]),
                not self.parts[o["kind"]].phishing_resistant,
            )
        )
        return options

    def _usable_devices(
        self, connection: Connection, user: Row, now: float
    ) -> tuple[list[dict[str, Any]], dict[str, Row | None]]:
        """The options of the user's usable `devices` rows (R11's auto-activation applied, and told; each
        kind's part groups its rows into options, `offered`), and every usable row by id as read (None
        for one auto-activated here: its row's status is stale)."""
        usable: dict[str, list[Row]] = {}
        rows: dict[str, Row | None] = {}
        for device in connection.execute(_USER_DEVICES, {"user_id": user.id}).all():
            part = self.parts.get(device.kind)
            if part is None:  # a row of a kind this gateway does not know: not offered, and said so
                _log.warning("device %s of user %s has the unknown kind %r", device.id, user.id, device.kind)
                continue
            status = device.status
            if status == "pending" and device.auto_activate_at is not None and device.auto_activate_at <= now:
                # R11: a replacement device activates itself three weeks after shipment.
                connection.execute(_AUTO_ACTIVATE, {"device_id": device.id, "now": now})
                status = "active"
                self.part.events.emit(
                    connection,
                    audit.DEVICE_ACTIVATED,
                    username=user.username,
                    device_kind=device.kind,
                    device=device.id,
                    reason="replacement_due",
                )
            if part.usable(device, status, now):
                usable.setdefault(device.kind, []).append(device)
                rows[device.id] = device if status == device.status else None
        options = [
            option for kind, found in usable.items() for option in self.parts[kind].offered(user, found)
        ]
        return options, rows

    def enter_factor(
        self, connection: Connection, login: Row, user: Row, option: dict[str, Any], now: float
    ) -> dict[str, Any]:
        """The chosen device's first challenge (its part's `opening_challenge`: by default its kind's first
        in the vocabulary)."""
        part = self.parts[option["kind"]]
        challenge = part.opening_challenge(self._step(connection, login, user, option["id"], now))
        return self._issue(connection, login, user, option, challenge, now)

    def _issue(
        self,
        connection: Connection,
        login: Row,
        user: Row,
        option: dict[str, Any],
        challenge: str,
        now: float,
        *,
        previous: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        step = self._step(connection, login, user, option["id"], now)
        issued = self.parts[option["kind"]].issue(step, challenge)
        return self._store_challenge(connection, login, option, issued, previous=previous)

    def _store_challenge(
        self,
        connection: Connection,
        login: Row,
        option: dict[str, Any],
        issued: Issued,
        *,
        previous: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Stores the issued challenge as the login's. `previous`: the secret of the challenge it replaces
        after a wrong answer, kept sealed beside it (one deep) so that an answer to the old one is told."""
        secret = issued.secret
        if previous is not None:
            secret = {**secret, PREVIOUS: {k: v for k, v in previous.items() if k != PREVIOUS}}
        # The challenge's number within the login: the page and the emulators tell a new one by it.
        sequence = int((login.challenge or {}).get("sequence", 0)) + 1
        public = {**issued.public, "expires_at": issued.expires_at, "sequence": sequence}
        self.rows.set_login(
            connection,
            login,
            stage="second_factor",
            device_id=option["id"],
            challenge=public,
            challenge_secret=self.part.vault.seal_json(secret, f"challenge:{login.id.hex()}"),
            challenge_expires_at=issued.expires_at,
        )
        return {"step": "second_factor", "device": option, "challenge": public, "read_only_available": True}

    def _standing(self, login: Row, option: dict[str, Any]) -> dict[str, Any]:
        """The login's challenge as it stands (not re-issued)."""
        return {
            "step": "second_factor",
            "device": option,
            "challenge": login.challenge,
            "read_only_available": True,
        }

    # -- the endpoints -----------------------------------------------------------------------------------

    def choose_device(self, token: str, device_id: str) -> dict[str, Any]:
        """M2FS: the device the trader picked (or another one, from the second-factor page)."""
        now = self.part.clock()
        with self.part.store.write() as connection:
            login = self.rows.login(connection, token, "choose_device", "second_factor")
            user = self.rows.user(connection, login.user_id)
            options = {o["id"]: o for o in self.factor_options(connection, user, now)}
            if device_id not in options:
                raise bad_request("That device cannot be used for this login.")
            self.rows.cancel_push(
                connection, login
            )  # the phone stops showing a notification nobody waits for
            return self.enter_factor(connection, login, user, options[device_id], now)

    def switch_to_challenge(self, token: str) -> dict[str, Any]:
        """R5: "Click here if you do not receive the notification": the kind's other challenge instead
        (IB Key: challenge/response)."""
        now = self.part.clock()
        with self.part.store.write() as connection:
            login = self.rows.login(connection, token, "second_factor")
            current = (login.challenge or {}).get("kind")
            part = self.kind_of(current) if current in vocabulary.CHALLENGE_KINDS else None
            target = part.switches.get(current) if part is not None else None
            if part is None or target is None:
                raise bad_request("This login's challenge has no other kind to switch to.")
            self.rows.cancel_push(connection, login)
            user = self.rows.user(connection, login.user_id)
            option = self.rows.option(login.device_id, part.name)
            return self._issue(connection, login, user, option, target, now)

    def resend_code(self, token: str, channel: str, address: str) -> dict[str, Any]:
        """R10: "Didn't receive a security code?": a new code by `channel`; it voids the last one."""
        channels = sorted({c for part in self.parts.values() for c in part.resend_channels})
        if channel not in channels:
            raise bad_request(f"channel must be one of: {', '.join(channels)}")
        now = self.part.clock()
        with self.part.store.write() as connection:
            self.rows.rate_limit(connection, address, now)
            login = self.rows.login(connection, token, "second_factor")
            current = (login.challenge or {}).get("kind")
            part = self.kind_of(current) if current in vocabulary.CHALLENGE_KINDS else None
            if part is None or channel not in part.resend_channels:
                raise bad_request("This login's challenge cannot send a new code by that channel.")
            user = self.rows.user(connection, login.user_id)
            issued = part.resend(self._step(connection, login, user, login.device_id, now), channel)
            return self._store_challenge(
                connection, login, self.rows.option(login.device_id, part.name), issued
            )

    def respond(self, token: str, response: str, address: str) -> dict[str, Any]:
        """Checks a typed response. Wrong: LOGIN_FAILED told by the kind (`_wrong`), counted (R3), and what
        the kind does next (R4)."""
        if not isinstance(response, str) or len(response) > 200:
            raise bad_request("response must be a string of at most 200 characters")
        return self._answer(token, response, address)

    def respond_credential(
        self, token: str, credential: Mapping[str, Any], label: str | None, address: str
    ) -> dict[str, Any]:
        """Checks a WebAuthn credential (POST /v1/login/passkey) for a `credential` challenge kind (the
        security key's assertion or registration), as `respond` checks a typed answer: the same rate
        limit, lock, device state, expiry, counting and audit. `label`: the key's name (registration), as
        given: the part checks it (`rules.check_device_label`)."""
        if not isinstance(credential, Mapping):
            raise bad_request("credential must be a WebAuthn PublicKeyCredential in its JSON form")
        return self._answer(token, Credential(credential, label), address)

    def _answer(self, token: str, response: str | Credential, address: str) -> dict[str, Any]:
        """The one path of an answer, typed (`respond`) or a credential (`respond_credential`)."""
        now = self.part.clock()
        credential = isinstance(response, Credential)

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            self.rows.rate_limit(connection, address, now)
            login = self.rows.login(connection, token, "second_factor")
            challenge = vocabulary.challenge_kind(login.challenge["kind"])
            if challenge.credential != credential:
                return bad_request(
                    "This login waits for a security key's credential (POST /v1/login/passkey)."
                    if challenge.credential
                    else "This login's challenge is not answered with a security key's credential."
                )
            if not credential and challenge.response is None:
                return bad_request("This login waits for the phone; there is nothing to type.")
            part = self.parts[challenge.device]
            user = self.rows.user(connection, login.user_id)
            refused, lock_row = self._lock_state(connection, login, now, address=address)
            device: Row | None = None
            if refused is None and part.listed_device:
                refused, device = self._device_state(connection, login, user, now, address=address)
            if refused is not None:
                return refused
            option = self.rows.option(login.device_id, part.name)
            where = {"address": address, "device_kind": part.name, "device": login.device_id}
            told = {"username": login.username, **where}
            if now >= login.challenge_expires_at:
                self.part.events.emit(connection, audit.SECOND_FACTOR_REFUSED, reason="expired", **told)
                # Not the trader's fault, so not a failure.
                following = (
                    {"step": "second_factor", "device": option, "challenge": login.challenge}
                    if part.expired_keeps_challenge
                    else self._issue(connection, login, user, option, challenge.name, now)
                )
                return refusal("EXPIRED", part.expired_text, 410, {"next": following})
            step = self._step(connection, login, user, login.device_id, now, device=device)
            right = part.check(step, challenge.name, response)
            if isinstance(right, GatewayError):
                reason = _REFUSED_REASONS.get(right.code, right.code.lower())
                self.part.events.emit(connection, audit.SECOND_FACTOR_REFUSED, reason=reason, **told)
                return right
            if isinstance(right, Next):
                # Right, and the device has a step more (an enrolment code, then the key's registration).
                return self._issue(connection, login, user, option, right.challenge, now)
            if right is not True:
                if isinstance(right, Wrong):
                    wrong = right  # told precisely by the kind already (a code used)
                else:
                    wrong = (
                        part.wrong(step, challenge.name)
                        if credential  # a key's credential answers no other device's challenge
                        else self._wrong(step, part, challenge.name, response)
                    )
                reason = wrong.reason or ("code_used" if wrong.text == texts.CODE_USED else "wrong_response")
                failure = self.part.config.lockout.failed(
                    connection, self.part.events, login.username, now, reason, **where
                )
                if failure.until is not None:
                    self.rows.set_login(connection, login, stage="failed")
                    return locked(failure.until)
                following = (
                    self._standing(login, option)
                    if part.wrong_keeps_challenge
                    # R4: a new challenge of the kind just answered (IB Key challenge/response stays so).
                    else self._issue(
                        connection, login, user, option, challenge.name, now, previous=step.challenge_secret()
                    )
                )
                details = {"next": following, **warned(failure.attempts_left)}
                return refusal(wrong.code, wrong.text, 401, details, **wrong.params)
            # The device that answered: the login's, or (an option standing for several, the security
            # keys) the row the part found (`step.device_id`).
            self.part.events.emit(
                connection, audit.SECOND_FACTOR_ACCEPTED, **{**told, "device": step.device_id}
            )
            restrictions = part.succeeded(step)
            return self.sessions.finish(
                connection,
                login,
                user,
                part.name,
                restrictions,
                now,
                lock_row=lock_row,
                device_id=step.device_id,
            )

        return self.rows.commit_then(work)

    def _wrong(self, step: Step, part: GatewayKind, challenge: str, response: str) -> Wrong:
        """How a wrong answer is told: as the answer to the challenge this one replaced, when it is; by
        the device that made it, when it is another usable device of the same user (after the password
        step: nothing to enumerate); else by the challenged device's part (what to check)."""
        question = step.challenge_secret()
        previous = question.get(PREVIOUS)
        if isinstance(previous, Mapping) and part.answers(step, previous, response):
            # The emulator or the device still showed the challenge this one replaced.
            return Wrong("LOGIN_FAILED", texts.RESPONSE_TO_PREVIOUS_CHALLENGE)
        for option in self.factor_options(step.connection, step.user, step.now):
            other = self.parts[option["kind"]]
            if option["id"] == step.device_id or not other.listed_device:
                continue
            used = self._step(step.connection, step.login, step.user, option["id"], step.now)
            if other.answers(used, question, response):
                told = other.from_other_device(used, step)
                if told is not None:
                    return told
        return part.wrong(step, challenge)

    def refuse_if_locked(
        self, connection: Connection, login: Row, now: float, *, address: str | None = None
    ) -> GatewayError | None:
        """R3: a name locked while this login was under way (failures elsewhere) ends it; the attempt is one
        more failure, as any attempt while locked is. `address`: the request's (by default the login's)."""
        return self._lock_state(connection, login, now, address=address)[0]

    def _lock_state(
        self, connection: Connection, login: Row, now: float, *, address: str | None = None
    ) -> tuple[GatewayError | None, bool]:
        """`refuse_if_locked`'s refusal, and whether the name has a `lockouts` row at all (expired or
        not): without one, a success in this transaction has no lock to delete (`finish`'s `lock_row`)."""
        lockout = self.part.config.lockout
        end = lockout.lock_end(connection, login.username)
        if end is None or end <= now:
            return None, end is not None
        until = lockout.fail(
            connection,
            self.part.events,
            login.username,
            now,
            "locked",
            address=address or login.address,
            device_kind=self._device_kind(login),
            device=login.device_id,
        )
        self.rows.cancel_push(connection, login)
        self.rows.set_login(connection, login, stage="failed")
        return locked(until), True

    def refuse_if_device_gone(
        self, connection: Connection, login: Row, user: Row, now: float, *, address: str | None = None
    ) -> GatewayError | None:
        """A device reported lost, removed, or past its validity (online card) stops working at once, even
        for a login that showed its challenge before."""
        return self._device_state(connection, login, user, now, address=address)[0]

    def _device_state(
        self, connection: Connection, login: Row, user: Row, now: float, *, address: str | None = None
    ) -> tuple[GatewayError | None, Row | None]:
        """`refuse_if_device_gone`'s refusal, else None and the device's row as read here (None when it was
        auto-activated just now), for `Step.device()`. The login's device is a `devices` row (a listed
        kind's): only those rows are looked at, not the other options (a temporary passcode)."""
        rows = self._usable_devices(connection, user, now)[1]
        if login.device_id in rows:
            return None, rows[login.device_id]
        self.rows.cancel_push(connection, login)
        self.rows.set_login(connection, login, stage="failed")
        self.part.events.emit(
            connection,
            audit.LOGIN_FAILED,
            username=login.username,
            address=address or login.address,
            reason="device_gone",
            device_kind=self._device_kind(login),
            device=login.device_id,
            detail={"counted": False},
        )
        return refusal("NO_DEVICE", texts.DEVICE_GONE, 403), None

    def _device_kind(self, login: Row) -> str | None:
        """The device kind of the login's standing challenge, if it has one."""
        current = (login.challenge or {}).get("kind")
        return vocabulary.challenge_kind(current).device if current in vocabulary.CHALLENGE_KINDS else None

    def push_status(self, token: str) -> dict[str, Any]:
        """One look at the IB Key notification: approved finishes the login by itself (R5)."""
        now = self.part.clock()

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            login = self.rows.login(connection, token, "second_factor")
            if login.challenge["kind"] != _PUSH_CHALLENGE:
                return bad_request("This login is not waiting for an IB Key notification.")
            part = self.kind_of(_PUSH_CHALLENGE)
            secret = self.part.vault.open_json(login.challenge_secret, f"challenge:{login.id.hex()}")
            push = connection.execute(_PUSH, {"transaction_id": secret["transaction_id"]}).one()
            option = self.rows.option(login.device_id, part.name)
            if push.status == "approved":
                user = self.rows.user(connection, login.user_id)
                refused = self.refuse_if_locked(connection, login, now) or self.refuse_if_device_gone(
                    connection, login, user, now
                )
                if refused is not None:
                    return refused
                if not connection.execute(_USE_PUSH, {"push": push.transaction_id}).rowcount:
                    return expired_login()
                self.part.events.emit(
                    connection,
                    audit.SECOND_FACTOR_ACCEPTED,
                    username=login.username,
                    address=login.address,
                    device_kind=part.name,
                    device=login.device_id,
                )
                return self.sessions.finish(connection, login, user, part.name, [], now)
            if push.status in _DENIALS:
                # Counted when the phone denied it (DeviceEndpoints.decide_push): not a second time here.
                lockout = self.part.config.lockout
                until = lockout.locked_until(connection, login.username, now)
                if until is not None:
                    self.rows.set_login(connection, login, stage="failed")
                    return locked(until)
                warning = warned(lockout.attempts_left(connection, login.username, now))
                if push.status == "reported":
                    # "This wasn't me" ends the login (review S11): no fresh notification to the phone
                    # the trader just said is not theirs; a real trader logs in again.
                    self.rows.set_login(connection, login, stage="failed")
                    return refusal("LOGIN_FAILED", _DENIALS[push.status], 401, warning)
                user = self.rows.user(connection, login.user_id)
                fresh = self.enter_factor(connection, login, user, option, now)
                details = {"next": fresh, **warning}
                return refusal("LOGIN_FAILED", _DENIALS[push.status], 401, details)
            if push.status == "expired" or (push.status == "pending" and now >= push.expires_at):
                # R3: a notification that times out is not a failed attempt. Once expired it stays so: a
                # later look must not report it pending again.
                connection.execute(_EXPIRE_PUSH, {"push": push.transaction_id})
                if push.status == "pending":
                    self.part.events.emit(
                        connection,
                        audit.PUSH_EXPIRED,
                        username=push.username,
                        device_kind=part.name,
                        device=push.device_id,
                    )
                following = {"step": "second_factor", "device": option, "challenge": login.challenge}
                return refusal("EXPIRED", texts.PUSH_EXPIRED, 410, {"next": following})
            return {
                "step": "second_factor",
                "device": option,
                "challenge": login.challenge,
                "status": "pending",
            }

        return self.rows.commit_then(work)

    def read_only(self, token: str) -> dict[str, Any]:
        """ "Enter read only": a session without the second factor. It does not reset the failure count,
        or it would let a password holder keep guessing second-factor responses forever."""
        now = self.part.clock()

        def work(connection: Connection) -> dict[str, Any] | GatewayError:
            login = self.rows.login(connection, token, "choose_device", "second_factor")
            refused = self.refuse_if_locked(connection, login, now)
            if refused is not None:
                return refused
            user = self.rows.user(connection, login.user_id)
            self.rows.cancel_push(connection, login)
            return self.sessions.finish(connection, login, user, None, ["read_only"], now, read_only=True)

        return self.rows.commit_then(work)
