"""A USB security key, as far as this machine can have one: the virtual key behind CTAPHID's framing (64-byte
reports, channels, keep-alives, cancel), found by the client's own USB discovery (`SecurityKeys` with its
default `hid_devices`) and spoken to by fido2's `CtapHidDevice`, the code a YubiKey on a desk meets. Only the
operating system's hidraw/IOKit/Windows HID read and write are stood in for (`list_descriptors`,
`open_connection`)."""

from __future__ import annotations

import queue
import struct
import threading
from collections.abc import Iterator

import pytest
from fido2 import hid
from fido2.hid.base import CtapHidConnection, HidDescriptor

from tests.client.passkey_support import (
    ORIGIN,
    RecordingPrompt,
    RelyingParty,
    idle,
    in_background,
    registered_key,
    touch_when_waiting,
    waiting,
)
from trader_login.auth.client import security_keys
from trader_login.auth.client.security_keys import SecurityKeyError, SecurityKeys, WindowsWebAuthn
from trader_login.auth.devices.passkey import VirtualSecurityKey

REPORT = 64
INIT, CBOR, CANCEL, ERROR, KEEPALIVE = 0x06, 0x10, 0x11, 0x3F, 0x3B
UPNEEDED = 2
BROADCAST = 0xFFFFFFFF
DESCRIPTOR = HidDescriptor("/dev/hidraw-virtual", 0x1050, 0x0407, REPORT, REPORT, "Virtual key", None)
STOP = threading.Event()


class UsbKey(CtapHidConnection):
    """The device side of CTAPHID (FIDO CTAP 2.1 §11.2) in front of a `VirtualSecurityKey`: reassembles the
    host's reports into messages, answers INIT with a channel, hands CBOR to the key on a thread of its own
    and, when the key starts waiting for its touch, sends a KEEPALIVE(UPNEEDED) report, as a real key does
    (the first as the wait begins, so the order is exact; then every 100 ms, as a real one: the host reads
    them, and between two reads looks whether it must send CTAPHID_CANCEL)."""

    def __init__(self, key: VirtualSecurityKey) -> None:
        self.key = key
        self.channel = 0x01020304
        self.replies: queue.Queue[bytes] = queue.Queue()
        self.message: tuple[int, int, int, bytearray] | None = None  # channel, command, length, data
        self.busy: threading.Thread | None = None
        self.closed = False
        self.cbor_calls = 0
        self.cancels = 0
        self.kept_alive = False
        key.add_listener(self._look)

    def _look(self) -> None:
        # On the key's thread, as its wait begins: before anyone can see it waiting and touch it.
        if self.key.waiting_for_touch and not self.kept_alive:
            self.kept_alive = True
            keepalive = struct.pack(">IBHB", self.channel, 0x80 | KEEPALIVE, 1, UPNEEDED)
            self.replies.put(keepalive.ljust(REPORT, b"\0"))

    def write_packet(self, data: bytes) -> None:
        assert len(data) == REPORT, "a HID report is exactly the report size"
        channel, kind = struct.unpack_from(">IB", data)
        if kind & 0x80:
            if kind == 0x80 | CANCEL:
                self.cancels += 1
                self.key.cancel()
                return
            (length,) = struct.unpack_from(">H", data, 5)
            self.message = (channel, kind & 0x7F, length, bytearray(data[7:]))
        else:
            assert self.message is not None, "a continuation without a message"
            self.message[3].extend(data[5:])
        channel, command, length, body = self.message
        if len(body) >= length:
            self.message = None
            self._handle(channel, command, bytes(body[:length]))

    def _handle(self, channel: int, command: int, body: bytes) -> None:
        if command == INIT:
            assert channel == BROADCAST
            assert len(body) == 8
            self._reply(BROADCAST, INIT, body + struct.pack(">IBBBBB", self.channel, 2, 1, 0, 0, 0x04))
        elif command == CBOR:
            assert channel == self.channel
            self.cbor_calls += 1
            self.kept_alive = False
            self.busy = threading.Thread(target=self._run, args=(body,), name="usb-key", daemon=True)
            self.busy.start()
        else:
            self._reply(channel, ERROR, bytes([0x01]))  # ERR_INVALID_CMD

    def _run(self, body: bytes) -> None:
        answer = self.key.call(CBOR, body)
        self._reply(self.channel, CBOR, answer)

    def _reply(self, channel: int, command: int, payload: bytes) -> None:
        first = struct.pack(">IBH", channel, 0x80 | command, len(payload)) + payload[: REPORT - 7]
        self.replies.put(first.ljust(REPORT, b"\0"))
        rest, sequence = payload[REPORT - 7 :], 0
        while rest:
            packet = struct.pack(">IB", channel, sequence) + rest[: REPORT - 5]
            self.replies.put(packet.ljust(REPORT, b"\0"))
            rest, sequence = rest[REPORT - 5 :], sequence + 1

    def read_packet(self) -> bytes:
        while True:
            try:
                return self.replies.get(timeout=0.1)
            except queue.Empty:
                if self.closed:
                    raise OSError("the key was unplugged") from None
                if self.key.waiting_for_touch:  # a real key repeats its keep-alive every 100 ms
                    keepalive = struct.pack(">IBHB", self.channel, 0x80 | KEEPALIVE, 1, UPNEEDED)
                    return keepalive.ljust(REPORT, b"\0")

    def close(self) -> None:
        self.closed = True
        self.key.remove_listener(self._look)


@pytest.fixture(autouse=True)
def _fresh_stop() -> Iterator[None]:
    STOP.clear()
    yield
    STOP.set()


class Plugged(list):  # type: ignore[type-arg]
    """The keys plugged in (append one to plug it), and the connections the client opened to them."""

    def __init__(self) -> None:
        super().__init__()
        self.connections: list[UsbKey] = []


@pytest.fixture
def plugged(monkeypatch: pytest.MonkeyPatch) -> Iterator[Plugged]:
    """Keys "plugged in": the client's discovery lists them through fido2's HID module."""
    keys = Plugged()
    connections = keys.connections

    def list_descriptors() -> list[HidDescriptor]:
        return [DESCRIPTOR for _ in keys]

    def open_connection(descriptor: HidDescriptor) -> UsbKey:
        connection = UsbKey(keys[len(connections) % len(keys)])
        connections.append(connection)
        return connection

    monkeypatch.setattr(hid, "list_descriptors", list_descriptors)
    monkeypatch.setattr(hid, "open_connection", open_connection)
    yield keys
    for connection in connections:
        if connection.busy is not None:
            connection.key.cancel()
            connection.busy.join(timeout=60)


def usb_only() -> SecurityKeys:
    # The client's own discovery (the default hid_devices), no virtual keys, not Windows' API.
    return SecurityKeys(windows=WindowsWebAuthn(platform="linux"))


def test_a_usb_key_found_by_the_clients_discovery_logs_in_over_ctaphid(plugged: Plugged) -> None:
    party = RelyingParty()
    key = registered_key(party)
    plugged.append(key)
    prompt = RecordingPrompt()
    with in_background(STOP) as run:
        answer = run(
            usb_only().ceremony,
            party.assertion().extra["public_key"],
            origin=ORIGIN,
            username="passkeyuser",
            cancel=STOP,
            prompt=prompt,
        )
        touch_when_waiting(key)
        credential = answer.result(timeout=60)
    assert party.authenticate(credential).credential_id == party.credentials[0].credential_id
    assert prompt.touches == 1  # fido2 saw the key's KEEPALIVE(UPNEEDED) over HID and said so


def test_a_usb_key_registers_over_ctaphid(plugged: Plugged) -> None:
    party = RelyingParty()
    key = VirtualSecurityKey.create()
    plugged.append(key)
    with in_background(STOP) as run:
        answer = run(
            usb_only().ceremony,
            party.registration().extra["public_key"],
            origin=ORIGIN,
            username="passkeyuser",
            cancel=STOP,
        )
        touch_when_waiting(key)
        credential = answer.result(timeout=60)
    party.register(credential)
    assert [each.rp_id for each in key.credentials] == ["localhost"]


def test_cancelling_reaches_the_usb_key_as_ctaphid_cancel(plugged: Plugged) -> None:
    party = RelyingParty()
    key = registered_key(party)
    plugged.append(key)
    cancel = threading.Event()
    with in_background(STOP) as run:
        answer = run(
            usb_only().ceremony,
            party.assertion().extra["public_key"],
            origin=ORIGIN,
            username="passkeyuser",
            cancel=cancel,
        )
        waiting(key)
        (usb,) = plugged.connections
        cancel.set()
        with pytest.raises(SecurityKeyError) as ended:
            answer.result(timeout=60)
        assert ended.value.code == security_keys.CANCELLED
        idle(key)  # the key's wait ended: CTAPHID_CANCEL reached it (the test's own cancel comes after)
    assert usb.cancels >= 1


def test_no_usb_key_plugged_in_is_told(plugged: Plugged) -> None:
    with pytest.raises(SecurityKeyError) as ended:
        usb_only().ceremony(
            RelyingParty().assertion().extra["public_key"], origin=ORIGIN, username="passkeyuser", cancel=STOP
        )
    assert ended.value.code == security_keys.NONE
