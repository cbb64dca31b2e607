"""The Client Services desk (SPEC §7) as a Python API: users, devices, temporary passcodes, unlocking.

The `sls-gateway` admin commands, the demo seed and the tests all go through this class. Device creation
returns the emulator's side of the device (the object `auth.devices.files.save` writes with `--export`):
what the device needs, and nothing of the gateway's own secrets.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from trader_login.auth import rules, srp, vocabulary
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.auth.devices.phone import Phone
from trader_login.auth.gateway import audit, kinds
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.kinds._part import Enrolment, EnrolmentError, GatewayKind
from trader_login.auth.gateway.part import Clock, GatewayPart
from trader_login.auth.gateway.restart_grants import RestartGrants
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import (
    Store,
    account_links,
    accounts,
    device_links,
    devices,
    outbox,
    sessions,
    temp_passcodes,
    users,
)
from trader_login.auth.gateway.vault import Vault, VaultError
from trader_login.auth.kdf import TEST_LIMITS, KdfLimits, KdfParams
from trader_login.auth.texts import Message, Text

REPLACEMENT_AUTO_ACTIVATION = 21 * 86400.0  # R11: three weeks after shipment
_PASSCODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMP_PASSCODE_LENGTH = 8


def desk_kinds() -> list[str]:
    """The device kinds `device add` enrols (the vocabulary's `issued_by_desk`)."""
    return [kind.name for kind in vocabulary.DEVICE_KINDS.values() if kind.issued_by_desk]


@dataclass(frozen=True)
class DeskMessage(Message):
    """A desk refusal's text. It is for the person at the desk, in English, so it is not in the trader's
    catalogue (`trader_login.auth.texts`): `english` is the text itself, and `text` a template of its own
    (a client that does not know the id shows the English, as for any unknown message id)."""

    @property
    def text(self) -> Text:
        return Text(self.id, "{detail}", ("detail",))

    @property
    def english(self) -> str:
        return str(self.params["detail"])


class AdminError(GatewayError):
    """A desk operation that cannot be done; the message says why, for the person at the desk."""

    def __init__(self, detail: str, code: str = "ADMIN") -> None:
        super().__init__(code, DeskMessage("desk", {"detail": detail}), 400)


class ClientServices(GatewayPart):
    """The desk's operations on one gateway."""

    def __init__(
        self,
        store: Store,
        vault: Vault,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
        *,
        parts: dict[str, GatewayKind] | None = None,
        events: Events | None = None,
        actor: str | None = None,
    ) -> None:
        """`actor`: who works the desk, as the audit trail names them; by default the operating-system
        user running it."""
        super().__init__(store, vault, config, clock, events=events)
        # Each kind's part, gathered once: a half-registered kind fails here, when the desk is built.
        self.parts = parts if parts is not None else kinds.load()
        self.actor = actor or audit.desk_actor()
        self.restart = RestartGrants(self)

    def _told(self, connection: Connection, kind: str, username: str, **fields: Any) -> None:
        """A desk action into the audit trail, in its transaction: what (`kind`), on whom, by whom."""
        self.events.emit(connection, kind, username=username, actor=self.actor, **fields)

    def _devices_changed(self, connection: Connection, username: str) -> None:
        """The user name's security devices changed: its restart grants end (reason device, issue 19)."""
        self.restart.end(connection, username, "device", self.clock(), actor=self.actor)

    def _part(self, kind: str) -> GatewayKind:
        part = self.parts.get(kind)
        if part is None:
            raise AdminError(f"unknown device kind {kind!r}")
        return part

    # -- users -------------------------------------------------------------------------------------------

    def add_user(
        self, username: str, password: str, *, mode: str = "live", identity: dict[str, str] | None = None
    ) -> None:
        verdict = rules.check_username(username)
        if not verdict.ok:
            raise AdminError(verdict.message, verdict.status.value)
        if mode not in ("live", "paper"):
            raise AdminError("mode must be 'live' or 'paper'")
        if not password:
            raise AdminError("the password must not be empty")
        kdf = KdfParams.new(**self.config.kdf_cost)
        # The desk sets whatever cost the gateway is configured for, including the cheap test cost.
        limits: KdfLimits = TEST_LIMITS
        record = srp.create_record(username, password, kdf, limits=limits)
        with self.store.write() as connection:
            if self._find_user(connection, username) is not None:
                raise AdminError(f"user name {username!r} already exists", "EXISTS")
            connection.execute(
                insert(users).values(
                    username=username,
                    mode=mode,
                    srp_salt=record.salt,
                    kdf=record.kdf.to_dict(),
                    verifier=record.verifier,
                    identity=identity or {"name": username},
                    opt_out="none",
                    ip_allow=[],
                    created_at=self.clock(),
                )
            )
            self._told(connection, audit.DESK_USER_ADDED, username, detail={"mode": mode})

    def set_password(self, username: str, password: str) -> None:
        """A new password for the user name (a new SRP verifier and salt); its restart grants end (reason
        password). Told as desk.password_set, never the password."""
        if not isinstance(password, str) or not password:
            raise AdminError("the password must not be empty")
        now = self.clock()
        with self.store.read() as connection:
            self._user(connection, username)  # an unknown user refused before the KDF's work
        kdf = KdfParams.new(**self.config.kdf_cost)
        record = srp.create_record(username, password, kdf, limits=TEST_LIMITS)
        with self.store.write() as connection:
            user = self._user(connection, username)
            connection.execute(
                update(users)
                .where(users.c.id == user.id)
                .values(srp_salt=record.salt, kdf=record.kdf.to_dict(), verifier=record.verifier)
            )
            self._told(connection, audit.DESK_PASSWORD_SET, username)
            self.restart.end(connection, username, "password", now, actor=self.actor)

    # -- restart grants (issue 19) -----------------------------------------------------------------------

    def restart_grants(self, username: str | None = None) -> list[dict[str, Any]]:
        """The restart grants kept (newest first), of one user name or of all: id, username, mode, label,
        device_kind, address, status (active, expired, ended), created_at, cutoff_at, last_used_at,
        ended_at, end_reason."""
        with self.store.read() as connection:
            if username is not None:
                self._user(connection, username)
            return self.restart.listed(connection, self.clock(), username)

    def revoke_restart_grants(self, username: str, grant_id: str | None = None) -> list[str]:
        """Ends the user name's active restart grants (or the one `grant_id`; AdminError if it is not an
        active grant of theirs); returns the ids revoked. Told as desk.restart_grant_revoked."""
        with self.store.write() as connection:
            self._user(connection, username)
            revoked = self.restart.end(
                connection, username, "revoked", self.clock(), grant_id=grant_id, actor=self.actor
            )
            if grant_id is not None and not revoked:
                raise AdminError(f"{username!r} has no active restart grant {grant_id!r}", "NO_GRANT")
        return revoked

    def has_user(self, username: str) -> bool:
        with self.store.read() as connection:
            return self._find_user(connection, username) is not None

    def _find_user(self, connection: Connection, username: str):
        return connection.execute(select(users).where(users.c.username == username)).first()

    def _user(self, connection: Connection, username: str):
        row = self._find_user(connection, username)
        if row is None:
            raise AdminError(f"no user name {username!r}", "NO_USER")
        return row

    # -- devices -----------------------------------------------------------------------------------------

    def add_device(self, username: str, kind: str, *, replacement: bool = False, **options: Any) -> Any:
        """Enrols a device and returns the emulator's copy of it (`enrol`). A security key (`passkey`):
        `label=` its name, and either `valid_for=` seconds (default 72 h) — a pending key, and the returned
        `EnrolmentCode` (`.code`, `.printed`, `.valid_until`, `.device_id`) the trader registers it with at
        the next login — or `virtual=True`: a virtual security key (auth.devices.passkey), registered now."""
        return self.enrol(username, kind, replacement=replacement, **options).device

    def enrol(self, username: str, kind: str, *, replacement: bool = False, **options: Any) -> Enrolment:
        """Enrols a device of `kind` with the kind's `options` (`pin=` for a DSC+, `phone=` for SMS…) and
        returns it: the emulator's copy and the row stored. `replacement=True` ships it inactive; it
        activates itself three weeks later (R11) or when Client Services reactivates it."""
        choices = desk_kinds()
        if kind not in choices:
            raise AdminError(f"device kind must be one of {', '.join(choices)}")
        now = self.clock()
        part = self._part(kind)
        if part.enrol_with_desk:
            options["desk"] = self  # the part makes the device against this gateway (its relying party)
        try:
            with self.store.read() as connection:
                self._user(connection, username)  # an unknown user refused before any work
            enrolment = part.enrol(username, now, **options)
        except EnrolmentError as error:
            raise AdminError(str(error)) from None
        values: dict[str, Any] = {
            "kind": kind,
            "created_at": now,
            "status": "active",
            "activated_at": now,
            **enrolment.row,
        }
        if replacement and values["status"] != "active":
            raise AdminError(f"a {part.kind.label} that is not active yet is not shipped as a replacement")
        if replacement:
            values.update(
                status="pending", activated_at=None, auto_activate_at=now + REPLACEMENT_AUTO_ACTIVATION
            )
        values["sealed"] = (
            self.vault.seal_json(values["sealed"], f"device:{values['id']}")
            if values.get("sealed") is not None
            else None
        )
        with self.store.write() as connection:
            user = self._user(connection, username)
            connection.execute(insert(devices).values(**values))
            connection.execute(
                insert(device_links).values(device_id=values["id"], user_id=user.id, status="approved")
            )
            self._told(
                connection,
                audit.DESK_DEVICE_ADDED,
                username,
                device_kind=kind,
                device=values["id"],
                detail={"replacement": replacement},
            )
            self._devices_changed(connection, username)
        return enrolment

    def list_devices(self, username: str) -> list[dict[str, Any]]:
        with self.store.read() as connection:
            user = self._user(connection, username)
            rows = connection.execute(
                select(devices, device_links.c.status.label("link"))
                .join(device_links, device_links.c.device_id == devices.c.id)
                .where(device_links.c.user_id == user.id)
                .order_by(devices.c.created_at)
            ).all()
        return [
            {
                "id": r.id,
                "kind": r.kind,
                "status": r.status,
                "link": r.link,
                "phone": Phone(r.phone).masked_number if r.phone else None,
                "activated_at": r.activated_at,
                "auto_activate_at": r.auto_activate_at,
                "expires_at": r.expires_at,
                "label": r.label,
            }
            for r in rows
        ]

    def name_device(self, username: str, device_id: str, label: str | None) -> None:
        """Names one of the user's devices (a security key: "blue YubiKey"); None or blank: no name."""
        if label is not None:
            if not isinstance(label, str) or not rules.check_device_label(label).ok:
                raise AdminError(rules.DEVICE_LABEL_RULE)
            label = rules.device_label(label)
        with self.store.write() as connection:
            _, row = self._device(connection, username, device_id)
            connection.execute(update(devices).where(devices.c.id == device_id).values(label=label))
            self._told(
                connection,
                audit.DESK_DEVICE_NAMED,
                username,
                device_kind=row.kind,
                device=device_id,
                detail={"label": label or ""},
            )

    def _device(self, connection: Connection, username: str, device_id: str):
        user = self._user(connection, username)
        row = connection.execute(
            select(devices)
            .join(device_links, device_links.c.device_id == devices.c.id)
            .where(devices.c.id == device_id, device_links.c.user_id == user.id)
        ).first()
        if row is None:
            raise AdminError(f"{username!r} has no device {device_id!r}", "NO_DEVICE")
        return user, row

    def remove_device(self, username: str, device_id: str) -> None:
        with self.store.write() as connection:
            user, row = self._device(connection, username, device_id)
            connection.execute(
                delete(device_links).where(
                    device_links.c.device_id == device_id, device_links.c.user_id == user.id
                )
            )
            self._told(
                connection, audit.DESK_DEVICE_REMOVED, username, device_kind=row.kind, device=device_id
            )
            self._devices_changed(connection, username)

    def report_lost(self, username: str, device_id: str) -> None:
        """The trader called: the device is lost. It stops working at once (R19)."""
        with self.store.write() as connection:
            _, row = self._device(connection, username, device_id)
            connection.execute(update(devices).where(devices.c.id == device_id).values(status="lost"))
            self._told(connection, audit.DESK_DEVICE_LOST, username, device_kind=row.kind, device=device_id)
            self._devices_changed(connection, username)

    def reactivate_device(self, username: str, device_id: str) -> None:
        """R11: the permanent device works again, which ends any temporary passcode and online card."""
        now = self.clock()
        with self.store.write() as connection:
            user, row = self._device(connection, username, device_id)
            part = self._part(row.kind)
            if part.temporary:
                raise AdminError(
                    f"a {part.kind.label} is a temporary device: the desk does not reactivate it"
                )
            connection.execute(
                update(devices).where(devices.c.id == device_id).values(status="active", activated_at=now)
            )
            for other in self.parts.values():
                other.end_temporary(connection, user.id, now)
            self._told(
                connection, audit.DESK_DEVICE_REACTIVATED, username, device_kind=row.kind, device=device_id
            )
            self._devices_changed(connection, username)

    def share_device(
        self, from_user: str, to_user: str, device_id: str, *, compliance_review: bool = False
    ) -> str:
        """R14: share a device with another user name; returns "approved" or "pending" (review)."""
        now = self.clock()
        with self.store.write() as connection:
            owner, device = self._device(connection, from_user, device_id)
            other = self._user(connection, to_user)
            if owner.identity != other.identity:
                raise AdminError("devices are shared only between user names with identical identity data")
            for user in (owner, other):
                if self._has_temporary(connection, user.id, now):
                    raise AdminError(f"{user.username!r} uses a temporary device; nothing can be shared now")
            best = max(
                (vocabulary.security_level(r.kind) for r in self._active_devices(connection, owner.id)),
                default=0,
            )
            if vocabulary.security_level(device.kind) < best or device.status != "active":
                raise AdminError(
                    "Less secure device: only the most secure active device can be shared", "LESS_SECURE"
                )
            status = "pending" if compliance_review else "approved"
            exists = connection.execute(
                select(device_links).where(
                    device_links.c.device_id == device_id, device_links.c.user_id == other.id
                )
            ).first()
            if exists is None:
                connection.execute(
                    insert(device_links).values(device_id=device_id, user_id=other.id, status=status)
                )
            self._told(
                connection,
                audit.DESK_DEVICE_SHARED,
                from_user,
                device_kind=device.kind,
                device=device_id,
                detail={"to": to_user, "status": status},
            )
            self._devices_changed(connection, to_user)  # the other user name gains a device
            return status

    def approve_share(self, username: str, device_id: str) -> None:
        """Compliance approved a pending share."""
        with self.store.write() as connection:
            user = self._user(connection, username)
            approved = connection.execute(
                update(device_links)
                .where(device_links.c.device_id == device_id, device_links.c.user_id == user.id)
                .values(status="approved")
            ).rowcount
            if approved:
                self._told(connection, audit.DESK_SHARE_APPROVED, username, device=device_id)
                self._devices_changed(connection, username)

    def _active_devices(self, connection: Connection, user_id: int):
        return connection.execute(
            select(devices)
            .join(device_links, device_links.c.device_id == devices.c.id)
            .where(device_links.c.user_id == user_id, devices.c.status == "active")
        ).all()

    def _has_temporary(self, connection: Connection, user_id: int, now: float) -> bool:
        """R14: a temporary passcode or an active online card (any kind's stand-in) blocks sharing."""
        return any(part.has_temporary(connection, user_id, now) for part in self.parts.values())

    # -- temporary passcodes and online cards ------------------------------------------------------------

    def issue_temp_passcode(self, username: str, *, code: str | None = None) -> str:
        """R9: a static upper-case passcode, told to the trader by telephone; never two in a row."""
        code = code or "".join(secrets.choice(_PASSCODE_ALPHABET) for _ in range(TEMP_PASSCODE_LENGTH))
        with self.store.write() as connection:
            user = self._user(connection, username)
            if user.mode != "live":
                raise AdminError("paper users have no second factor")
            open_one = connection.execute(
                select(temp_passcodes.c.id).where(
                    temp_passcodes.c.user_id == user.id, temp_passcodes.c.ended_at.is_(None)
                )
            ).first()
            if open_one is not None:
                raise AdminError(
                    "A temporary passcode cannot be issued twice in a row: the trader prints an Online "
                    "Security Code Card with the current one, or the permanent device is reactivated.",
                    "TWICE_IN_A_ROW",
                )
            connection.execute(
                insert(temp_passcodes).values(
                    user_id=user.id, code_hash=self.vault.code_hash("temp", code), issued_at=self.clock()
                )
            )
            self._told(connection, audit.DESK_TEMP_PASSCODE_ISSUED, username, device_kind="temp_passcode")
            self._devices_changed(connection, username)  # "the trader lost the device" (review S9)
        return code

    def demo_temp_passcode(self, username: str) -> str:
        """The demo seed's passcode for `username`, derived from the key file so the Client Services panel
        can show it again; the database holds only its hash, as for any passcode."""
        digest = self.vault.mac("demo-temp-passcode", username.encode("utf-8"))
        return "".join(_PASSCODE_ALPHABET[b % len(_PASSCODE_ALPHABET)] for b in digest[:TEMP_PASSCODE_LENGTH])

    def issue_online_card(self, username: str) -> SecurityCodeCard:
        """R8: a printable card, activated by entering the codes at two index values, then valid 21 days."""
        return self.add_device(username, "online-card")  # the desk command `sls-gateway online-card`

    def activate_online_card(self, username: str, device_id: str) -> None:
        """R8: the card's activation in the portal (the trader entered two of its codes); 21 days from now.
        A login with a pending card activates it the same way (`SlsService.respond`). The kind's part
        activates it (`activate_pending`): a kind without one refuses."""
        now = self.clock()
        with self.store.write() as connection:
            user, row = self._device(connection, username, device_id)
            part = self._part(row.kind)
            if row.status != "pending" or not part.activate_pending(connection, user.id, row, now):
                raise AdminError("only a pending Online Security Code Card can be activated")
            self.events.emit(
                connection,
                audit.DEVICE_ACTIVATED,
                username=username,
                device_kind=row.kind,
                device=device_id,
                reason="portal",
            )
            self._devices_changed(connection, username)  # review S9

    # -- locks, restrictions, accounts -------------------------------------------------------------------

    def unlock(self, username: str) -> None:
        """R3: Client Services can unlock a user name (and clear its failure count)."""
        now = self.clock()
        lockout = self.config.lockout
        with self.store.write() as connection:
            was_locked = lockout.locked_until(connection, username, now) is not None
            failures = lockout.failure_count(connection, username, now)
            lockout.reset(connection, username)
            self._told(
                connection,
                audit.DESK_UNLOCKED,
                username,
                detail={"was_locked": was_locked, "failures": failures},
            )

    def status(self, username: str) -> dict[str, Any]:
        now = self.clock()
        lockout = self.config.lockout
        with self.store.read() as connection:
            user = self._find_user(connection, username)
            passcode = (
                connection.execute(
                    select(temp_passcodes)
                    .where(temp_passcodes.c.user_id == user.id)
                    .order_by(temp_passcodes.c.issued_at.desc())
                ).first()
                if user is not None
                else None
            )
            grants = [g for g in self.restart.listed(connection, now, username) if g["status"] == "active"]
            active_sessions = connection.execute(
                select(sessions.c.created_at, sessions.c.read_only).where(
                    sessions.c.username == username,
                    sessions.c.status == "active",
                    sessions.c.expires_at > now,
                )
            ).all()
            return {
                "username": username,
                "exists": user is not None,
                "mode": user.mode if user is not None else None,
                "failures": lockout.failure_count(connection, username, now),
                "locked_until": lockout.locked_until(connection, username, now),
                "opt_out": user.opt_out if user is not None else None,
                "ip_allow": user.ip_allow if user is not None else [],
                "temp_passcode": None
                if passcode is None
                else {"issued_at": passcode.issued_at, "ended_at": passcode.ended_at},
                "sessions": len(active_sessions),
                # Restart grants in force (issue 19): id, mode, label, cutoff_at, ... (`restart_grants`).
                "restart_grants": grants,
            }

    def ip_allow(self, username: str, addresses: list[str]) -> None:
        """R15: platform logins only from these addresses (empty list: from anywhere)."""
        try:
            normalised = [str(ipaddress.ip_address(a)) for a in addresses]
        except ValueError as error:
            raise AdminError(str(error)) from None
        with self.store.write() as connection:
            user = self._user(connection, username)
            connection.execute(update(users).where(users.c.id == user.id).values(ip_allow=normalised))
            self._told(
                connection, audit.DESK_IP_ALLOW_SET, username, detail={"addresses": ",".join(normalised)}
            )

    def opt_out(self, username: str, *, portal_only: bool = False) -> None:
        """R15: password-only platform login (full), or two-factor for the portal only (partial)."""
        self._set_opt_out(username, "portal" if portal_only else "full")

    def opt_in(self, username: str) -> None:
        self._set_opt_out(username, "none")

    def _set_opt_out(self, username: str, value: str) -> None:
        with self.store.write() as connection:
            user = self._user(connection, username)
            connection.execute(update(users).where(users.c.id == user.id).values(opt_out=value))
            if value == "none":
                self._told(connection, audit.DESK_OPTED_IN, username)
            else:
                self._told(connection, audit.DESK_OPTED_OUT, username, detail={"scope": value})

    def link_accounts(self, username: str, linked: list[tuple[str, str]]) -> None:
        """R17: the accounts this user name reaches, as (account number, title), in display order; a
        later call appends its accounts after those linked before."""
        with self.store.write() as connection:
            user = self._user(connection, username)
            last = connection.execute(
                select(func.max(account_links.c.position)).where(account_links.c.user_id == user.id)
            ).scalar()
            start = 0 if last is None else last + 1
            for position, (account_id, title) in enumerate(linked, start=start):
                if (
                    connection.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
                    is None
                ):
                    connection.execute(insert(accounts).values(id=account_id, title=title))
                connection.execute(
                    delete(account_links).where(
                        account_links.c.account_id == account_id, account_links.c.user_id == user.id
                    )
                )
                connection.execute(
                    insert(account_links).values(account_id=account_id, user_id=user.id, position=position)
                )
            accounts_linked = ",".join(account_id for account_id, _ in linked)
            self._told(connection, audit.DESK_ACCOUNTS_LINKED, username, detail={"accounts": accounts_linked})

    def outbox(self, phone: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """The SMS and voice messages the gateway sent, newest last."""
        query = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if phone is not None:
            query = query.where(outbox.c.phone == phone)
        with self.store.read() as connection:
            rows = connection.execute(query).all()
        if self.phone_network is not None:
            rows = [r for r in rows if self.phone_network.delivered("text", r.id)]
        return [
            {"phone": r.phone, "channel": r.channel, "text": self._open_message(r), "at": r.at}
            for r in reversed(rows)
        ]

    def _open_message(self, row) -> str:
        try:
            return self.vault.open_sealed(base64.b64decode(row.text), f"outbox:{row.phone}").decode("utf-8")
        except (ValueError, VaultError):
            return row.text  # written before messages were sealed: already in the clear
