"""The temporary passcode on the gateway (R9): a static code Client Services tells the trader by telephone
while the permanent device is away (`sls-gateway temp-passcode USER`, not `device add`). It opens the
platform and the portal for 2 days, then only the portal (to print an Online Security Code Card) up to
day 12; its sessions are restricted. It is not a `devices` row: its option id is `TEMP_PASSCODE_ID`."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth import texts, vocabulary
from trader_login.auth.gateway.errors import GatewayError, refusal
from trader_login.auth.gateway.kinds._part import GatewayKind, Issued, Step, same
from trader_login.auth.gateway.kinds._wire import Challenge
from trader_login.auth.gateway.store import temp_passcodes

TEMP_PASSCODE_FULL = 2 * 86400.0  # R9: platform and portal
TEMP_PASSCODE_PORTAL = 12 * 86400.0  # R9: then portal only, to print an Online Security Code Card
TEMP_PASSCODE_ID = vocabulary.TEMP_PASSCODE_OPTION_ID  # the M2FS option's id (the kind is `temp_passcode`)

_OPEN = (
    select(temp_passcodes)
    .where(temp_passcodes.c.user_id == bindparam("user_id"), temp_passcodes.c.ended_at.is_(None))
    .order_by(temp_passcodes.c.issued_at.desc())
)


class TempPasscodeChallenge(Challenge):
    kind: Literal["temp_passcode"]


class TempPasscodeKind(GatewayKind):
    challenge_models = (TempPasscodeChallenge,)
    listed_device = False
    wrong_keeps_challenge = True  # the passcode the trader was told stays the same
    wrong_text = texts.WRONG_RESPONSE_TEMP_PASSCODE
    temporary = True

    def issue(self, step: Step, challenge: str) -> Issued:
        return Issued({"kind": challenge}, {}, step.now + vocabulary.CHALLENGE_TTL)

    def check(self, step: Step, challenge: str, response: str) -> bool | GatewayError:
        row = active_temp_passcode(step.connection, step.user.id, step.now)
        if row is None:
            return refusal("EXPIRED", texts.TEMP_PASSCODE_EXPIRED, 410)
        answer = self.answer(challenge, response)
        if answer is None or not same(step.part.vault.code_hash("temp", answer), row.code_hash):
            return False
        if step.now - row.issued_at > TEMP_PASSCODE_FULL:
            return refusal("PORTAL_ONLY", texts.PORTAL_ONLY, 403)
        return True

    def succeeded(self, step: Step) -> list[str]:
        return ["temp_passcode"]  # R9: withdrawals and changes to the trader's information restricted

    def other_options(self, connection: Connection, user: Row, now: float) -> list[str]:
        return [TEMP_PASSCODE_ID] if active_temp_passcode(connection, user.id, now) is not None else []

    def has_temporary(self, connection: Connection, user_id: int, now: float) -> bool:
        return connection.execute(_OPEN, {"user_id": user_id}).first() is not None

    def end_temporary(self, connection: Connection, user_id: int, now: float) -> None:
        end_temp_passcodes(connection, user_id, now)


def active_temp_passcode(connection: Connection, user_id: int, now: float) -> Row | None:
    """The user's passcode that still opens something (the portal at least), or None."""
    row = connection.execute(_OPEN, {"user_id": user_id}).first()
    if row is None or now - row.issued_at > TEMP_PASSCODE_PORTAL:
        return None
    return row


def end_temp_passcodes(connection: Connection, user_id: int, now: float) -> None:
    """The user's passcode stops working: an online card was activated (R8) or the device reactivated."""
    connection.execute(
        update(temp_passcodes)
        .where(temp_passcodes.c.user_id == user_id, temp_passcodes.c.ended_at.is_(None))
        .values(ended_at=now)
    )


GATEWAY_KIND = TempPasscodeKind("temp_passcode")
