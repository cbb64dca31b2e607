"""The IB Key phone's side of the push (SPEC §4, §6): pending notifications and signed decisions."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from trader_login.auth import texts
from trader_login.auth.devices.ibkey import (
    DECISIONS,
    DEVICE_REQUEST_MAX_SKEW,
    PushDecision,
    PushRequest,
    is_push_number,
    verify_push_decision,
)
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import GatewayError, bad_request, refusal
from trader_login.auth.gateway.part import GatewayPart
from trader_login.auth.gateway.store import (
    device_nonces,
    devices,
    logins,
    push_requests,
)

# A nonce is kept this long after its time stamp has left the window, so that gateways on several hosts
# whose clocks differ by up to this much still all refuse its replay.
NONCE_GRACE = 60.0

_PRUNE_NONCES = delete(device_nonces).where(device_nonces.c.expires_at < bindparam("now"))
_SEEN_NONCE = select(device_nonces.c.nonce).where(
    device_nonces.c.device_id == bindparam("device_id"), device_nonces.c.nonce == bindparam("nonce")
)
_ADD_NONCE = insert(device_nonces)
_LOGIN_ADDRESS = select(logins.c.address).where(logins.c.id == bindparam("login_id"))
# A push's status after the phone's answer (second_factor.py tells the login page by it), the reply's
# `reason` for a denial that is not a plain one, and login.failed's reason (counted, R3).
_DENIALS = {
    "denied": (None, "push_denied"),
    "wrong_number": ("wrong_number", "push_wrong_number"),
    "reported": ("reported", "push_reported"),
}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def replayed() -> GatewayError:
    return refusal("REPLAYED", texts.REPLAYED, 401)


class DeviceEndpoints:
    """The IB Key phone's endpoints, over one gateway part (its store, clock, phone network)."""

    def __init__(self, part: GatewayPart) -> None:
        self.part = part

    def __repr__(self) -> str:
        return f"DeviceEndpoints({self.part!r})"

    # -- the IB Key phone's side --------------------------------------------------------------------------

    def device_public_key(self, device_id: str) -> bytes | None:
        with self.part.store.read() as connection:
            row = connection.execute(
                select(devices.c.public_key).where(devices.c.id == device_id, devices.c.kind == "ibkey")
            ).first()
        return None if row is None else row.public_key

    def use_device_nonce(self, device_id: str, nonce: str, at: int, now: float) -> None:
        """Accepts the nonce of a device request whose signature verified, once: raises REPLAYED if this
        device used it before. `at` is the request's signed time stamp, `now` the real clock: the nonce is
        remembered until `at` has left the 300 s window (plus NONCE_GRACE), and expired ones are pruned
        here, with one indexed delete. Under the store's one-writer discipline the look and the insert
        cannot interleave with another process's; the primary key is the backstop."""
        with self.part.store.write() as connection:
            connection.execute(_PRUNE_NONCES, {"now": now - NONCE_GRACE})
            if connection.execute(_SEEN_NONCE, {"device_id": device_id, "nonce": nonce}).first():
                raise replayed()
            connection.execute(
                _ADD_NONCE,
                {"device_id": device_id, "nonce": nonce, "expires_at": at + DEVICE_REQUEST_MAX_SKEW},
            )

    def pending_pushes(self, device_id: str) -> list[dict[str, Any]]:
        """What the phone shows: the notifications waiting for this device."""
        now = self.part.clock()
        with self.part.store.read() as connection:
            rows = connection.execute(
                select(push_requests).where(
                    push_requests.c.device_id == device_id,
                    push_requests.c.status == "pending",
                    push_requests.c.expires_at > now,
                )
            ).all()
        if self.part.phone_network is not None:
            rows = [r for r in rows if self.part.phone_network.delivered("push", r.transaction_id)]
        return [
            {
                "transaction_id": r.transaction_id,
                "username": r.username,
                "nonce": _b64(r.nonce),
                "created_at": int(r.created_at),
                "summary": r.summary,
                "expires_at": r.expires_at,
                # Number matching: the three the phone offers (the page shows one); none when off.
                **({"numbers": list(r.choices)} if r.choices else {}),
            }
            for r in rows
        ]

    def decide_push(
        self,
        device_id: str,
        transaction_id: str,
        decision: str,
        signature: bytes,
        number: int | None = None,
    ) -> dict[str, Any]:
        """Approve, deny or report ("This wasn't me"), signed by the device key over the login transaction
        and the decision (and, approving a push with numbers, the number picked: required there). A wrong
        number and a report are denials, counted (R3) as a plain one is; a report is also recorded as a
        fraud report (`push.fraud_reported`, with the login's address)."""
        if decision not in DECISIONS:
            raise bad_request("decision must be 'approve', 'deny' or 'report'")
        if number is not None and not is_push_number(number):
            raise bad_request("number must be a whole number from 10 to 99")
        if number is not None and decision != "approve":
            raise bad_request("a number is sent with 'approve' only")
        now = self.part.clock()
        with self.part.store.write() as connection:
            push = connection.execute(
                select(push_requests).where(
                    push_requests.c.transaction_id == transaction_id, push_requests.c.device_id == device_id
                )
            ).first()
            if push is None or push.status != "pending" or now >= push.expires_at:
                raise refusal("EXPIRED", texts.PUSH_GONE, 410)
            numbers = tuple(push.choices or ())
            if decision == "approve" and numbers and number is None:
                raise bad_request("this notification is approved with the number picked on the phone")
            if number is not None and not numbers:
                raise bad_request("this notification has no numbers to pick from")
            public_key = connection.execute(
                select(devices.c.public_key).where(devices.c.id == device_id)
            ).scalar()
            request = PushRequest(
                push.transaction_id, push.username, push.nonce, int(push.created_at), push.summary, numbers
            )
            answer = PushDecision(device_id, transaction_id, decision, signature, number)  # type: ignore[arg-type]
            if public_key is None or not verify_push_decision(public_key, request, answer):
                raise refusal("BAD_SIGNATURE", texts.DECISION_SIGNATURE, 403)
            if decision == "approve":
                status = "approved" if number is None or number == push.number else "wrong_number"
            else:
                status = "denied" if decision == "deny" else "reported"
            connection.execute(
                update(push_requests)
                .where(push_requests.c.transaction_id == transaction_id, push_requests.c.status == "pending")
                .values(status=status)
            )
            told = {"username": push.username, "device_kind": "ibkey", "device": device_id}
            events = self.part.events
            if status == "approved":
                events.emit(connection, audit.PUSH_APPROVED, **told)
                return {"transaction_id": transaction_id, "status": "approved"}
            reason, failed = _DENIALS[status]
            # R3, SPEC §4: a denial is a failed attempt, counted here, once, when the phone sends it,
            # whether or not the login side ever looks (push_status only reports it). Otherwise a
            # password holder could push the trader's phone again and again (MFA fatigue).
            address = connection.execute(_LOGIN_ADDRESS, {"login_id": push.login_id}).scalar()
            if status == "reported":
                events.emit(connection, audit.PUSH_FRAUD_REPORTED, address=address, **told)
            else:
                events.emit(connection, audit.PUSH_DENIED, reason=reason, **told)
            self.part.config.lockout.fail(
                connection,
                events,
                push.username,
                now,
                failed,
                address=address,
                device_kind="ibkey",
                device=device_id,
            )
        return {
            "transaction_id": transaction_id,
            "status": "denied",
            **({} if reason is None else {"reason": reason}),
        }
