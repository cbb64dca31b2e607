"""The Online Security Code Card on the gateway (R8): a card printed from the Client Portal with a
temporary passcode, answered like a Security Code Card. Entering the codes at two index values activates
it for 21 days and ends the temporary passcode; until then it is pending but offered."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, select, update

from trader_login.auth import texts
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.kinds._part import Enrolment, Step
from trader_login.auth.gateway.kinds.card import CardKind
from trader_login.auth.gateway.kinds.temp_passcode import end_temp_passcodes
from trader_login.auth.gateway.restart_grants import RestartGrants
from trader_login.auth.gateway.store import device_links, devices

ONLINE_CARD_VALIDITY = 21 * 86400.0  # R8: from activation


class OnlineCardKind(CardKind):
    temporary = True
    wrong_text = texts.WRONG_RESPONSE_ONLINE_CARD
    other_device_text = texts.RESPONSE_FROM_ONLINE_CARD

    def usable(self, device: Row, status: str, now: float) -> bool:
        if device.expires_at is not None and device.expires_at <= now:
            return False
        # Pending until its first use: entering the codes at two index values activates it (R8).
        return status in ("active", "pending")

    def succeeded(self, step: Step) -> list[str]:
        device = step.device()
        if device.status == "pending" and self.activate_pending(
            step.connection, step.user.id, device, step.now
        ):
            step.part.events.emit(
                step.connection,
                audit.DEVICE_ACTIVATED,
                username=step.user.username,
                address=step.login.address,
                device_kind=self.name,
                device=device.id,
                reason="first_use",
            )
            # The second factor changed (it replaces the temporary passcode): grants end (review S9).
            RestartGrants(step.part).end(step.connection, step.user.username, "device", step.now)
        return []

    def activate_pending(self, connection: Connection, user_id: int, device: Row, now: float) -> bool:
        """R8: active for 21 days from now; it replaces the temporary passcode it was printed with."""
        activated = connection.execute(
            update(devices)
            .where(devices.c.id == device.id, devices.c.status == "pending")
            .values(status="active", activated_at=now, expires_at=now + ONLINE_CARD_VALIDITY)
        ).rowcount
        if activated:
            end_temp_passcodes(connection, user_id, now)
        return bool(activated)

    def has_temporary(self, connection: Connection, user_id: int, now: float) -> bool:
        active = select(devices.c.id).where(
            devices.c.id.in_(_linked(user_id)), devices.c.kind == self.name, devices.c.status == "active"
        )
        return connection.execute(active).first() is not None

    def end_temporary(self, connection: Connection, user_id: int, now: float) -> None:
        """R11: the permanent device is back; the user's online cards stop working."""
        connection.execute(
            update(devices)
            .where(devices.c.id.in_(_linked(user_id)), devices.c.kind == self.name)
            .values(status="removed")
        )

    def enrol(self, username: str, now: float, **options: Any) -> Enrolment:
        enrolment = super().enrol(username, now, **options)
        # R8: printed now, valid 21 days from activation by entering two of its codes.
        return Enrolment(enrolment.device, {**enrolment.row, "status": "pending", "activated_at": None})


def _linked(user_id: int):
    return select(device_links.c.device_id).where(device_links.c.user_id == user_id)


GATEWAY_KIND = OnlineCardKind("online-card")
