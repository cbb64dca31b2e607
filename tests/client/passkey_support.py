"""Helpers of the client's security-key tests: a relying party (fido2's own `Fido2Server`, no gateway), the
virtual key touched from another thread once it waits, a recording `KeyPrompt`, and a fake CTAP device for
the errors the virtual key does not make."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from fido2.ctap import CtapDevice, CtapError
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestedCredentialData,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialUserEntity,
)

from trader_login.auth.client.views import Challenge, read_challenge
from trader_login.auth.devices.passkey import VirtualSecurityKey

TIMEOUT = 60.0  # a safety net for a loaded runner: every wait ends as soon as the state is reached
ORIGIN = "https://localhost:4443"
WALL = 1_800_000_000.0
USER = PublicKeyCredentialUserEntity(id=b"user-handle-0001", name="passkeyuser", display_name="passkeyuser")


class RelyingParty:
    """fido2's server for rp id `localhost` accepting `https://localhost` on any port (the gateway's
    default), with the credentials it registered."""

    def __init__(self, rp_id: str = "localhost") -> None:
        self.server = Fido2Server(
            PublicKeyCredentialRpEntity(id=rp_id, name="Trader Login"),
            verify_origin=lambda origin: origin.startswith(f"https://{rp_id}"),
        )
        self.credentials: list[AttestedCredentialData] = []
        self.state: Any = None

    def registration(self, *, expires_in: float = 180.0) -> Challenge:
        options, self.state = self.server.register_begin(
            USER,
            self.credentials,
            user_verification="preferred",
            resident_key_requirement="preferred",
        )
        wire = {"kind": "passkey_registration", "public_key": dict(options)["publicKey"]}
        return read(wire, expires_in=expires_in)

    def assertion(self, *, expires_in: float = 180.0) -> Challenge:
        options, self.state = self.server.authenticate_begin(self.credentials, user_verification="preferred")
        wire = {"kind": "passkey", "public_key": dict(options)["publicKey"]}
        return read(wire, expires_in=expires_in)

    def register(self, credential: dict[str, Any]) -> AttestedCredentialData:
        data = self.server.register_complete(self.state, credential).credential_data
        assert data is not None
        self.credentials.append(data)
        return data

    def authenticate(self, credential: dict[str, Any]) -> AttestedCredentialData:
        return self.server.authenticate_complete(self.state, self.credentials, credential)


def read(wire: dict[str, Any], *, expires_in: float = 180.0, monotonic: float = 0.0) -> Challenge:
    data = {**wire, "expires_at": WALL + expires_in, "sequence": 1}
    return read_challenge(data, monotonic=lambda: monotonic, wall=lambda: WALL)


def waiting(key: VirtualSecurityKey, timeout: float = TIMEOUT) -> None:
    """Returns once `key` waits for a touch (its listener says so), or fails after `timeout`."""
    seen = threading.Event()

    def look() -> None:
        if key.waiting_for_touch:
            seen.set()

    key.add_listener(look)
    try:
        look()
        assert seen.wait(timeout=timeout), "the key never asked for a touch"
    finally:
        key.remove_listener(look)


def touch_when_waiting(key: VirtualSecurityKey) -> None:
    waiting(key)
    key.touch()


def idle(key: VirtualSecurityKey, timeout: float = TIMEOUT) -> None:
    """Returns once `key` no longer waits for a touch."""
    seen = threading.Event()

    def look() -> None:
        if not key.waiting_for_touch:
            seen.set()

    key.add_listener(look)
    try:
        look()
        assert seen.wait(timeout=timeout), "the key kept waiting for a touch"
    finally:
        key.remove_listener(look)


@contextlib.contextmanager
def in_background(*stops: threading.Event) -> Iterator[Callable[..., Future[Any]]]:
    """Runs calls on worker threads, all joined when the block ends; `stops` (the ceremonies' cancel events)
    are set first, so that a test failing mid-ceremony does not wait for the key's own timeout."""
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-ceremony") as pool:
        try:
            yield pool.submit
        finally:
            for stop in stops:
                stop.set()


def registered_key(party: RelyingParty, **options: Any) -> VirtualSecurityKey:
    """A virtual key with a credential registered at `party` (through the client's own ceremony)."""
    from trader_login.auth.client.security_keys import SecurityKeys

    key = VirtualSecurityKey.create(**options)
    key.auto_touch = True
    challenge = party.registration()
    keys = SecurityKeys(virtual=lambda _user: [key], hid=False)
    party.register(
        keys.ceremony(
            challenge.extra["public_key"], origin=ORIGIN, username="passkeyuser", cancel=threading.Event()
        )
    )
    key.auto_touch = False
    return key


class RecordingPrompt:
    """A KeyPrompt that answers `pins` in turn and records what it was asked."""

    def __init__(self, *pins: str | None) -> None:
        self.pins = list(pins)
        self.asked: list[int | None] = []
        self.touches = 0

    def touch_needed(self) -> None:
        self.touches += 1

    def pin(self, retries: int | None) -> str | None:
        self.asked.append(retries)
        return self.pins.pop(0) if self.pins else None


class BrokenKey(CtapDevice):
    """A CTAP2 key that answers getInfo and then fails every command with `error` (a CTAP status byte or an
    exception to raise)."""

    def __init__(self, error: int | BaseException) -> None:
        self.error = error
        self.closed = False

    @property
    def capabilities(self) -> int:
        return 0x04  # CBOR

    def call(self, cmd: int, data: bytes = b"", event: Any = None, on_keepalive: Any = None) -> bytes:
        from fido2 import cbor

        if cmd == 0x10 and data[:1] == b"\x04":  # authenticatorGetInfo
            info = {1: ["FIDO_2_0", "FIDO_2_1"], 3: b"\0" * 16, 4: {"rk": True, "up": True}}
            return b"\0" + cbor.encode(info)
        if isinstance(self.error, BaseException):
            raise self.error
        raise CtapError(self.error)

    def close(self) -> None:
        self.closed = True

    @classmethod
    def list_devices(cls) -> Iterator[CtapDevice]:
        return iter(())
