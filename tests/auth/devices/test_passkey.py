"""The virtual security key, driven as a USB key is: through fido2's real `Fido2Client` and checked by fido2's
`Fido2Server` (rp id "localhost", origin https://localhost)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fido2 import cbor
from fido2.client import (
    ClientError,
    DefaultClientDataCollector,
    Fido2Client,
    PinRequiredError,
    UserInteraction,
)
from fido2.ctap import CtapError
from fido2.ctap2 import Ctap2
from fido2.ctap2.pin import ClientPin, PinProtocolV1, PinProtocolV2
from fido2.hid import CAPABILITY, CTAPHID
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestedCredentialData,
    AuthenticatorData,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

import trader_login.auth.devices.files as files
from tests.auth.devices.support import assert_no_secret, secret_forms
from trader_login.auth.devices import DeviceFileError
from trader_login.auth.devices.passkey import (
    AAGUID,
    DEFAULT_PRESENCE_TIMEOUT,
    LOCKED,
    MAX_CREDENTIALS,
    MAX_PIN_BYTES,
    MIN_PIN_LENGTH,
    PIN_RETRIES,
    PinError,
    Sealer,
    SealError,
    VirtualSecurityKey,
    check_pin,
)

RP_ID = "localhost"
ORIGIN = "https://localhost"
RP = PublicKeyCredentialRpEntity(id=RP_ID, name="Trader Login")
ALICE = PublicKeyCredentialUserEntity(id=b"user-alice", name="alice", display_name="Alice A.")
BOB = PublicKeyCredentialUserEntity(id=b"user-bob", name="bob", display_name="Bob B.")
PIN = "4711"
WAIT = 30.0  # a safety net for a loaded runner, never a measurement
PREFERRED = UserVerificationRequirement.PREFERRED
DISCOURAGED = UserVerificationRequirement.DISCOURAGED
ERR = CtapError.ERR


class AesGcmSealer:
    """A keychain's sealer as the app makes it: AES-256-GCM, the label as associated data."""

    def __init__(self, key: bytes | None = None, name: str = "test-keychain") -> None:
        self.name = name
        self.key = key or AESGCM.generate_key(bit_length=256)
        self._aead = AESGCM(self.key)

    def seal(self, plain: bytes, label: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plain, label.encode())

    def open(self, sealed: bytes, label: str) -> bytes:
        try:
            return self._aead.decrypt(sealed[:12], sealed[12:], label.encode())
        except (InvalidTag, ValueError):
            raise SealError("the sealed blob does not open with this key") from None


class Interaction(UserInteraction):
    """What the trader answers when fido2's client asks: a PIN (or None), and counts of what was asked."""

    def __init__(self, pin: str | None = None) -> None:
        self.pin = pin
        self.pin_requests = 0
        self.touch_prompts = 0

    def prompt_up(self) -> None:
        self.touch_prompts += 1

    def request_pin(self, permissions: Any, rp_id: str | None) -> str | None:
        self.pin_requests += 1
        return self.pin


class TouchWhenAsked:
    """A finger on the key: touches each time the key starts waiting (on the ceremony's thread)."""

    def __init__(self, key: VirtualSecurityKey) -> None:
        self.key = key
        self.touches = 0
        key.add_listener(self)

    def __call__(self) -> None:
        if self.key.waiting_for_touch:
            self.touches += 1
            self.key.touch()


def hurried_clock() -> Callable[[], float]:
    """A key's clock that moves an hour at each reading: a wait for a touch times out at once."""
    now = [0.0]

    def clock() -> float:
        now[0] += 3600.0
        return now[0]

    return clock


def new_key(**options: Any) -> VirtualSecurityKey:
    key = VirtualSecurityKey.create(**options)
    key.auto_touch = True
    return key


def client_for(
    key: VirtualSecurityKey, interaction: UserInteraction | None = None, origin: str = ORIGIN
) -> Fido2Client:
    return Fido2Client(key, DefaultClientDataCollector(origin), user_interaction=interaction or Interaction())


def register(
    key: VirtualSecurityKey,
    user: PublicKeyCredentialUserEntity = ALICE,
    *,
    uv: UserVerificationRequirement = DISCOURAGED,
    exclude: list[AttestedCredentialData] | None = None,
    interaction: UserInteraction | None = None,
    server: Fido2Server | None = None,
    event: threading.Event | None = None,
) -> AuthenticatorData:
    server = server or Fido2Server(RP)
    options, state = server.register_begin(
        user, exclude, resident_key_requirement=ResidentKeyRequirement.PREFERRED, user_verification=uv
    )
    response = client_for(key, interaction).make_credential(options.public_key, event=event)
    return server.register_complete(state, response)


def authenticate(
    key: VirtualSecurityKey,
    credentials: list[AttestedCredentialData],
    *,
    allow: bool = True,
    uv: UserVerificationRequirement = DISCOURAGED,
    interaction: UserInteraction | None = None,
    event: threading.Event | None = None,
) -> tuple[AttestedCredentialData, Any]:
    server = Fido2Server(RP)
    options, state = server.authenticate_begin(credentials if allow else None, user_verification=uv)
    selection = client_for(key, interaction).get_assertion(options.public_key, event=event)
    response = selection.get_response(0)
    return server.authenticate_complete(state, credentials, response), response


def in_thread(work: Callable[[], Any]) -> Callable[[], Any]:
    """Runs `work` on a thread (as the app's worker runs a ceremony); the returned function joins it and gives
    its result, or raises what it raised."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()

    def join() -> Any:
        thread.join(timeout=WAIT)
        assert not thread.is_alive(), "the ceremony did not end"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    return join


def waiting_event(key: VirtualSecurityKey) -> threading.Event:
    """Set once the key waits for a touch."""
    started = threading.Event()

    def listener() -> None:
        if key.waiting_for_touch:
            started.set()

    key.add_listener(listener)
    return started


def ctap_status(key: VirtualSecurityKey, command: int, params: Any = None) -> int:
    payload = bytes([command]) + (cbor.encode(params) if params is not None else b"")
    return key.call(CTAPHID.CBOR, payload)[0]


# -- registration and login through fido2's client --------------------------------------------------------


def test_register_then_authenticate_through_fido2s_client_and_server() -> None:
    key = new_key()
    registered = register(key)
    assert registered.flags & AuthenticatorData.FLAG.UP
    assert not registered.flags & AuthenticatorData.FLAG.UV
    assert registered.counter == 0
    credential = registered.credential_data
    assert credential is not None
    assert credential.aaguid == AAGUID
    assert credential.public_key[3] == -7  # ES256
    [info] = key.credentials
    assert info.id == base64.urlsafe_b64encode(credential.credential_id).decode().rstrip("=")
    assert (info.rp_id, info.user_name, info.display_name) == ("localhost", "alice", "Alice A.")
    assert info.discoverable

    found, response = authenticate(key, [credential])
    assert found.credential_id == credential.credential_id
    data = response.response.authenticator_data
    assert data.rp_id_hash == hashlib.sha256(b"localhost").digest()
    assert data.flags & AuthenticatorData.FLAG.UP
    assert data.counter > 0


def test_attestation_is_none() -> None:
    key = new_key()
    server = Fido2Server(RP)
    options, _ = server.register_begin(ALICE, user_verification=DISCOURAGED)
    response = client_for(key).make_credential(options.public_key)
    assert response.response.attestation_object.fmt == "none"
    assert response.response.attestation_object.att_stmt == {}


def test_sign_count_increases_with_every_assertion() -> None:
    key = new_key()
    credential = register(key).credential_data
    counters = [authenticate(key, [credential])[1].response.authenticator_data.counter for _ in range(3)]
    assert counters == sorted(set(counters))
    assert key.credentials[0].sign_count == counters[-1]


def test_discoverable_login_without_an_allow_list_gives_the_user_handle() -> None:
    key = new_key()
    credential = register(key).credential_data
    found, response = authenticate(key, [credential], allow=False)
    assert found.credential_id == credential.credential_id
    assert response.response.user_handle == ALICE.id


def test_two_credentials_are_both_offered_most_recent_first() -> None:
    key = new_key()
    alice = register(key, ALICE).credential_data
    bob = register(key, BOB).credential_data
    server = Fido2Server(RP)
    options, state = server.authenticate_begin(None, user_verification=DISCOURAGED)
    selection = client_for(key).get_assertion(options.public_key)
    assertions = selection.get_assertions()
    assert [each.credential["id"] for each in assertions] == [bob.credential_id, alice.credential_id]
    assert assertions[0].number_of_credentials == 2
    for index in range(2):
        server.authenticate_complete(state, [alice, bob], selection.get_response(index))


def test_credentials_made_at_one_time_are_offered_last_made_first() -> None:
    key = new_key(wall_clock=lambda: 1_700_000_000.0)
    alice = register(key, ALICE).credential_data
    bob = register(key, BOB).credential_data
    assertions = Ctap2(key).get_assertions(RP_ID, b"\1" * 32)
    assert [each.credential["id"] for each in assertions] == [bob.credential_id, alice.credential_id]


def test_a_credential_removed_while_the_key_waits_is_not_used() -> None:
    key = new_key()
    register(key)
    key.auto_touch = False
    started = waiting_event(key)
    join = in_thread(lambda: ctap_status(key, 0x02, {1: RP_ID, 2: b"\0" * 32}))
    assert started.wait(timeout=WAIT)
    key.remove_credential(key.credentials[0].id)
    key.touch()
    assert join() == ERR.NO_CREDENTIALS


def test_registering_the_same_user_again_replaces_its_discoverable_credential() -> None:
    key = new_key()
    register(key)
    second = register(key).credential_data
    assert [info.id for info in key.credentials] == [
        base64.urlsafe_b64encode(second.credential_id).decode().rstrip("=")
    ]


def test_exclude_list_refuses_a_key_already_registered_after_a_touch() -> None:
    key = new_key()
    credential = register(key).credential_data
    key.auto_touch = False
    finger = TouchWhenAsked(key)
    with pytest.raises(ClientError) as raised:
        register(key, exclude=[credential])
    assert raised.value.code == ClientError.ERR.DEVICE_INELIGIBLE
    assert raised.value.cause.code == ERR.CREDENTIAL_EXCLUDED
    assert finger.touches == 1  # the user touched before being told
    assert len(key.credentials) == 1


def test_exclude_list_of_another_key_registers() -> None:
    other = new_key()
    foreign = register(other).credential_data
    key = new_key()
    register(key, BOB, exclude=[foreign])
    assert len(key.credentials) == 1


def test_wrong_rp_id_finds_no_credentials_after_a_touch() -> None:
    key = new_key()
    credential = register(key).credential_data
    key.auto_touch = False
    finger = TouchWhenAsked(key)
    server = Fido2Server(PublicKeyCredentialRpEntity(id="example.com", name="Look-alike"))
    options, _ = server.authenticate_begin([credential], user_verification=DISCOURAGED)
    with pytest.raises(ClientError) as raised:
        client_for(key, origin="https://example.com").get_assertion(options.public_key)
    assert raised.value.code == ClientError.ERR.DEVICE_INELIGIBLE
    assert raised.value.cause.code == ERR.NO_CREDENTIALS
    assert finger.touches == 1  # CTAP 2.1: presence first, so a site cannot probe for credentials silently
    assert key.credentials[0].sign_count == 0


def test_unknown_credential_finds_none_without_a_touch_when_presence_is_not_asked() -> None:
    key = new_key()
    key.auto_touch = False
    request = {1: RP_ID, 2: b"\0" * 32, 3: [{"type": "public-key", "id": b"\1" * 32}], 5: {"up": False}}
    assert ctap_status(key, 0x02, request) == ERR.NO_CREDENTIALS


def test_only_es256_is_made() -> None:
    key = new_key()
    request = {
        1: b"\0" * 32,
        2: {"id": RP_ID},
        3: {"id": b"u"},
        4: [{"type": "public-key", "alg": -257}, {"type": "public-key", "alg": -8}],
    }
    assert ctap_status(key, 0x01, request) == ERR.UNSUPPORTED_ALGORITHM
    request[4] = [{"type": "public-key", "alg": -257}, {"type": "public-key", "alg": -7}]
    assert ctap_status(key, 0x01, request) == 0
    assert len(key.credentials) == 1


def test_get_info_says_what_the_key_is() -> None:
    key = new_key()
    info = Ctap2(key).get_info()
    assert info.versions == ["FIDO_2_0", "FIDO_2_1"]
    assert info.aaguid == AAGUID
    assert info.options == {"rk": True, "up": True, "plat": False, "clientPin": False, "pinUvAuthToken": True}
    assert info.pin_uv_protocols == [2, 1]
    assert info.algorithms == [{"alg": -7, "type": "public-key"}]
    key.set_pin(PIN)
    assert Ctap2(key).get_info().options["clientPin"] is True


def test_get_next_assertion_only_right_after_its_get_assertion() -> None:
    key = new_key()
    assert ctap_status(key, 0x08) == ERR.NOT_ALLOWED
    register(key, ALICE)
    register(key, BOB)
    ctap = Ctap2(key)
    first = ctap.get_assertion(RP_ID, b"\1" * 32)
    assert first.number_of_credentials == 2
    second = ctap.get_next_assertion()
    assert second.credential["id"] != first.credential["id"]
    with pytest.raises(CtapError) as raised:
        ctap.get_next_assertion()
    assert raised.value.code == ERR.NOT_ALLOWED
    ctap.get_assertion(RP_ID, b"\1" * 32)
    ctap.get_info()
    with pytest.raises(CtapError):
        ctap.get_next_assertion()  # another command came between


# -- user presence -----------------------------------------------------------------------------------------


def test_touch_from_another_thread_releases_the_ceremony() -> None:
    key = VirtualSecurityKey.create()
    interaction = Interaction()
    started = waiting_event(key)
    join = in_thread(lambda: register(key, interaction=interaction))
    assert started.wait(timeout=WAIT)
    assert key.waiting_for_touch
    key.touch()
    assert join().credential_data is not None
    assert not key.waiting_for_touch
    assert interaction.touch_prompts == 1  # on_keepalive(UPNEEDED) once, which fido2 turns into prompt_up


def test_cancel_via_the_event_ends_the_wait() -> None:
    key = VirtualSecurityKey.create()
    started = waiting_event(key)
    cancel = threading.Event()
    join = in_thread(lambda: register(key, event=cancel))
    assert started.wait(timeout=WAIT)
    cancel.set()
    with pytest.raises(ClientError) as raised:
        join()
    assert raised.value.code == ClientError.ERR.TIMEOUT
    assert raised.value.cause.code == ERR.KEEPALIVE_CANCEL
    assert key.credentials == ()
    assert not key.waiting_for_touch


def test_ctaphid_cancel_ends_the_wait() -> None:
    key = VirtualSecurityKey.create()
    started = waiting_event(key)
    join = in_thread(lambda: ctap_status(key, 0x0B))
    assert started.wait(timeout=WAIT)
    assert key.call(CTAPHID.CANCEL) == b""
    assert join() == ERR.KEEPALIVE_CANCEL


def test_unplugging_ends_the_wait() -> None:
    key = VirtualSecurityKey.create()
    started = waiting_event(key)
    join = in_thread(lambda: ctap_status(key, 0x0B))
    assert started.wait(timeout=WAIT)
    key.power_cycle()
    assert join() == ERR.KEEPALIVE_CANCEL


def test_presence_timeout_is_the_keys_own() -> None:
    key = VirtualSecurityKey.create(clock=hurried_clock())
    with pytest.raises(ClientError) as raised:
        register(key)
    assert raised.value.cause.code == ERR.USER_ACTION_TIMEOUT
    assert key.credentials == ()


def test_the_presence_timeout_runs_on_the_keys_clock() -> None:
    now = [1000.0]
    key = VirtualSecurityKey.create(clock=lambda: now[0], presence_timeout=4 * WAIT)
    started = waiting_event(key)
    join = in_thread(lambda: ctap_status(key, 0x0B))
    assert started.wait(timeout=WAIT)
    try:
        now[0] += 4 * WAIT  # the key's clock passes its presence timeout; no real time does
        assert join() == ERR.USER_ACTION_TIMEOUT
    finally:
        key.cancel()  # a key that missed its clock is released (the test has failed)
    assert not key.waiting_for_touch


def test_an_unmoved_clock_still_lets_a_touch_and_a_cancel_through() -> None:
    key = VirtualSecurityKey.create(clock=lambda: 0.0)
    assert key.presence_timeout == DEFAULT_PRESENCE_TIMEOUT
    for release, status in ((key.touch, 0), (key.cancel, ERR.KEEPALIVE_CANCEL)):
        started = waiting_event(key)
        join = in_thread(lambda: ctap_status(key, 0x0B))
        assert started.wait(timeout=WAIT)
        release()
        assert join() == status


@pytest.mark.parametrize(
    ("pin", "acceptable"),
    [
        ("1234", True),
        ("123", False),
        ("é" * MIN_PIN_LENGTH, True),
        ("x" * MAX_PIN_BYTES, True),
        ("x" * (MAX_PIN_BYTES + 1), False),
        ("é" * 32, False),  # 32 code points, 64 bytes
        ("12\n34", False),
        ("12\ud80034", False),
        ("", False),
    ],
)
def test_check_pin_is_the_rule_set_pin_applies(pin: str, acceptable: bool) -> None:
    problem = check_pin(pin)
    assert (problem is None) is acceptable
    key = VirtualSecurityKey.create()
    if acceptable:
        key.set_pin(pin)
        assert key.has_pin
    else:
        assert problem is not None
        assert not pin or pin not in problem
        with pytest.raises(ValueError, match="PIN is 4 to 63 bytes"):
            key.set_pin(pin)
        assert not key.has_pin


def test_a_touch_while_nothing_waits_is_not_remembered() -> None:
    key = VirtualSecurityKey.create(clock=hurried_clock())
    key.touch()
    assert ctap_status(key, 0x0B) == ERR.USER_ACTION_TIMEOUT


def test_a_second_command_while_one_waits_is_busy() -> None:
    key = VirtualSecurityKey.create()
    started = waiting_event(key)
    join = in_thread(lambda: ctap_status(key, 0x0B))
    assert started.wait(timeout=WAIT)
    assert ctap_status(key, 0x04) == ERR.CHANNEL_BUSY
    key.touch()
    assert join() == 0


def test_selection_waits_for_a_touch() -> None:
    key = VirtualSecurityKey.create()
    started = waiting_event(key)
    join = in_thread(lambda: client_for(key).selection(threading.Event()))
    assert started.wait(timeout=WAIT)
    key.touch()
    join()


def test_listeners_hear_waiting_start_and_end_and_can_be_removed() -> None:
    key = new_key()
    key.auto_touch = False
    seen: list[bool] = []

    def listener() -> None:
        seen.append(key.waiting_for_touch)
        if key.waiting_for_touch:
            key.touch()

    key.add_listener(listener)
    assert ctap_status(key, 0x0B) == 0
    assert seen == [True, False]
    key.remove_listener(listener)
    key.auto_touch = True
    assert ctap_status(key, 0x0B) == 0
    assert seen == [True, False]


def test_on_changed_follows_each_change_the_file_must_keep() -> None:
    key = new_key()
    changes: list[str] = []
    key.on_changed = lambda: changes.append("changed")
    credential = register(key).credential_data
    assert len(changes) == 1
    authenticate(key, [credential])
    assert len(changes) >= 2  # the counters
    before = len(changes)
    Ctap2(key).get_info()
    assert len(changes) == before
    key.set_pin(PIN)
    key.remove_credential(key.credentials[0].id)
    assert len(changes) == before + 2


def test_listeners_are_called_on_the_ceremonys_thread() -> None:
    key = new_key()
    threads: set[str] = set()
    key.add_listener(lambda: threads.add(threading.current_thread().name))
    join = in_thread(lambda: register(key))
    join()
    assert threads
    assert threading.current_thread().name not in threads
    threads.clear()
    key.set_pin(PIN)
    assert threads == {threading.current_thread().name}


def test_a_full_key_refuses_a_new_credential() -> None:
    key = new_key()
    request = {1: b"\0" * 32, 2: {"id": RP_ID}, 3: {"id": b"u"}, 4: [{"type": "public-key", "alg": -7}]}
    for index in range(MAX_CREDENTIALS):
        assert ctap_status(key, 0x01, {**request, 3: {"id": b"user-%d" % index}, 7: {"rk": True}}) == 0
    assert Ctap2(key).get_info().remaining_disc_creds == 0
    assert ctap_status(key, 0x01, request) == ERR.KEY_STORE_FULL
    assert ctap_status(key, 0x01, {**request, 3: {"id": b"user-0"}, 7: {"rk": True}}) == 0  # replaces one
    assert len(key.credentials) == MAX_CREDENTIALS


def test_the_wall_clock_dates_credentials() -> None:
    key = new_key(wall_clock=lambda: 1_700_000_000.5)
    register(key)
    assert key.credentials[0].created == 1_700_000_000.5


# -- the PIN -----------------------------------------------------------------------------------------------


def test_pin_set_makes_fido2_ask_for_it_and_verifies_the_user() -> None:
    key = new_key()
    key.set_pin(PIN)
    interaction = Interaction(PIN)
    registered = register(key, uv=PREFERRED, interaction=interaction)
    assert interaction.pin_requests == 1
    assert registered.flags & AuthenticatorData.FLAG.UV
    _, response = authenticate(key, [registered.credential_data], uv=PREFERRED, interaction=interaction)
    assert interaction.pin_requests == 2
    assert response.response.authenticator_data.flags & AuthenticatorData.FLAG.UV


def test_pin_set_with_an_exclude_list_uses_the_token_for_fido2s_pre_flight() -> None:
    other = new_key()
    foreign = register(other).credential_data
    key = new_key()
    key.set_pin(PIN)
    mine = register(key, uv=PREFERRED, interaction=Interaction(PIN), exclude=[foreign]).credential_data
    with pytest.raises(ClientError) as raised:
        register(key, uv=PREFERRED, interaction=Interaction(PIN), exclude=[foreign, mine])
    assert raised.value.cause.code == ERR.CREDENTIAL_EXCLUDED
    assert len(key.credentials) == 1


def test_discoverable_login_with_the_pin_names_the_user() -> None:
    key = new_key()
    key.set_pin(PIN)
    register(key, ALICE, uv=PREFERRED, interaction=Interaction(PIN))
    register(key, BOB, uv=PREFERRED, interaction=Interaction(PIN))
    options, _ = Fido2Server(RP).authenticate_begin(None, user_verification=PREFERRED)
    selection = client_for(key, Interaction(PIN)).get_assertion(options.public_key)
    users = [assertion.user for assertion in selection.get_assertions()]
    assert users == [
        {"id": BOB.id, "name": "bob", "displayName": "Bob B."},
        {"id": ALICE.id, "name": "alice", "displayName": "Alice A."},
    ]
    options, _ = Fido2Server(RP).authenticate_begin(None, user_verification=DISCOURAGED)
    key.clear_pin()
    users = [each.user for each in client_for(key).get_assertion(options.public_key).get_assertions()]
    assert users == [{"id": BOB.id}, {"id": ALICE.id}]  # no names without user verification


def test_pin_set_and_none_given_refuses_before_the_key_signs() -> None:
    key = new_key()
    key.set_pin(PIN)
    with pytest.raises(PinRequiredError):
        register(key, uv=PREFERRED, interaction=Interaction(None))
    assert key.credentials == ()


def test_pin_set_make_credential_without_a_token_needs_one() -> None:
    key = new_key()
    key.set_pin(PIN)
    request = {1: b"\0" * 32, 2: {"id": RP_ID}, 3: {"id": b"u"}, 4: [{"type": "public-key", "alg": -7}]}
    assert ctap_status(key, 0x01, request) == ERR.PUAT_REQUIRED


def test_without_a_pin_fido2_refuses_preferred_user_verification() -> None:
    # fido2 treats "preferred" as "required" for a key that supports a PIN; the client must send "discouraged"
    # to a key without one (see the vkey notes). The key itself is never asked.
    key = new_key()
    with pytest.raises(ClientError) as raised:
        register(key, uv=PREFERRED)
    assert raised.value.code == ClientError.ERR.CONFIGURATION_UNSUPPORTED


def test_wrong_pin_counts_down_then_needs_a_power_cycle_then_blocks() -> None:
    key = new_key()
    key.set_pin(PIN)
    changes: list[int] = []
    key.on_changed = lambda: changes.append(key.pin_retries)
    with pytest.raises(ClientError) as raised:
        register(key, uv=PREFERRED, interaction=Interaction("0000"))
    assert raised.value.cause.code == ERR.PIN_INVALID
    assert key.pin_retries == PIN_RETRIES - 1
    assert changes == [PIN_RETRIES - 1]  # the app saves the retries left
    pin = ClientPin(Ctap2(key))
    codes = []
    for _ in range(3):
        with pytest.raises(CtapError) as wrong:
            pin.get_pin_token("0000")
        codes.append(wrong.value.code)
    assert codes == [ERR.PIN_INVALID, ERR.PIN_AUTH_BLOCKED, ERR.PIN_AUTH_BLOCKED]
    assert pin.get_pin_retries() == (PIN_RETRIES - 3, True)
    key.power_cycle()
    assert pin.get_pin_token(PIN)  # the right PIN restores the retries
    assert key.pin_retries == PIN_RETRIES
    for count in range(PIN_RETRIES):
        if count and count % 3 == 0:
            key.power_cycle()
        with pytest.raises(CtapError):
            pin.get_pin_token("0000")
    assert key.pin_retries == 0
    key.power_cycle()
    with pytest.raises(CtapError) as blocked:
        pin.get_pin_token(PIN)
    assert blocked.value.code == ERR.PIN_BLOCKED


@pytest.mark.parametrize("protocol", [PinProtocolV1, PinProtocolV2])
def test_pin_set_and_changed_over_ctap(protocol: type) -> None:
    key = new_key()
    pin = ClientPin(Ctap2(key), protocol())
    pin.set_pin("1234")
    assert key.has_pin
    with pytest.raises(CtapError) as again:
        pin.set_pin("5678")
    assert again.value.code == ERR.NOT_ALLOWED
    pin.change_pin("1234", "98765")
    with pytest.raises(CtapError) as old:
        pin.get_pin_token("1234")
    assert old.value.code == ERR.PIN_INVALID
    token = pin.get_pin_token("98765", ClientPin.PERMISSION.MAKE_CREDENTIAL, RP_ID)
    assert len(token) == 32


@pytest.mark.parametrize("protocol", [PinProtocolV1, PinProtocolV2])
def test_a_pin_under_4_characters_is_refused_by_the_key(protocol: type) -> None:
    key = new_key()
    ctap = Ctap2(key)
    chosen = protocol()
    agreement, shared = chosen.encapsulate(
        ctap.client_pin(chosen.VERSION, ClientPin.CMD.GET_KEY_AGREEMENT)[1]
    )
    new_pin_enc = chosen.encrypt(shared, b"123".ljust(64, b"\0"))  # fido2's own client refuses to send it
    with pytest.raises(CtapError) as short:
        ctap.client_pin(
            chosen.VERSION,
            ClientPin.CMD.SET_PIN,
            key_agreement=agreement,
            new_pin_enc=new_pin_enc,
            pin_uv_param=chosen.authenticate(shared, new_pin_enc),
        )
    assert short.value.code == ERR.PIN_POLICY_VIOLATION
    assert not key.has_pin


def test_a_token_is_bound_to_its_permissions_and_rp_id() -> None:
    key = new_key()
    key.set_pin(PIN)
    ctap = Ctap2(key)
    protocol = PinProtocolV2()
    pin = ClientPin(ctap, protocol)
    request = {1: b"\0" * 32, 2: {"id": RP_ID}, 3: {"id": b"u"}, 4: [{"type": "public-key", "alg": -7}]}

    def make(token: bytes, rp_id: str = RP_ID) -> int:
        request[2] = {"id": rp_id}
        return ctap_status(key, 0x01, {**request, 8: protocol.authenticate(token, b"\0" * 32), 9: 2})

    token = pin.get_pin_token(PIN, ClientPin.PERMISSION.GET_ASSERTION, RP_ID)
    assert make(token) == ERR.PIN_AUTH_INVALID  # a ga token does not make credentials
    token = pin.get_pin_token(PIN, ClientPin.PERMISSION.MAKE_CREDENTIAL, "example.com")
    assert make(token) == ERR.PIN_AUTH_INVALID  # nor does a token for another rp
    token = pin.get_pin_token(PIN, ClientPin.PERMISSION.MAKE_CREDENTIAL, RP_ID)
    assert make(b"\0" * 32) == ERR.PIN_AUTH_INVALID
    assert make(token) == 0
    assert make(token) == ERR.PIN_AUTH_INVALID  # spent by the touch
    with pytest.raises(CtapError) as unsupported:
        pin.get_pin_token(PIN, ClientPin.PERMISSION.CREDENTIAL_MGMT)
    assert unsupported.value.code == ERR.UNAUTHORIZED_PERMISSION


def test_an_empty_pin_auth_param_asks_for_a_touch_then_tells_whether_a_pin_is_set() -> None:
    key = new_key()
    request = {
        1: b"\0" * 32,
        2: {"id": RP_ID},
        3: {"id": b"u"},
        4: [{"type": "public-key", "alg": -7}],
        8: b"",
    }
    assert ctap_status(key, 0x01, request) == ERR.PIN_NOT_SET
    key.set_pin(PIN)
    assert ctap_status(key, 0x01, request) == ERR.PIN_INVALID
    assert key.credentials == ()


# -- reset -------------------------------------------------------------------------------------------------


def test_reset_needs_a_touch_and_deletes_credentials_and_pin() -> None:
    key = VirtualSecurityKey.create(clock=hurried_clock())
    key.auto_touch = True
    register(key)
    key.set_pin(PIN)
    key.auto_touch = False
    assert ctap_status(key, 0x07) == ERR.USER_ACTION_TIMEOUT
    assert len(key.credentials) == 1
    TouchWhenAsked(key)
    Ctap2(key).reset()
    assert key.credentials == ()
    assert not key.has_pin


def test_reset_and_remove_from_the_python_api() -> None:
    key = new_key()
    register(key, ALICE)
    register(key, BOB)
    key.remove_credential(key.credentials[0].id)
    assert [info.user_name for info in key.credentials] == ["bob"]
    with pytest.raises(KeyError):
        key.remove_credential(base64.urlsafe_b64encode(b"\0" * 32).decode().rstrip("="))
    key.set_pin(PIN)
    key.reset()
    assert key.credentials == ()
    assert not key.has_pin


def test_change_pin_from_the_python_api_counts_wrong_pins() -> None:
    key = new_key()
    with pytest.raises(PinError, match="no PIN"):
        key.change_pin(PIN, "1234")
    key.set_pin(PIN)
    saved: list[int] = []
    key.on_changed = lambda: saved.append(key.pin_retries)
    with pytest.raises(PinError) as wrong:
        key.change_pin("0000", "1234")
    assert wrong.value.retries == PIN_RETRIES - 1
    assert "0000" not in str(wrong.value)
    assert "1234" not in str(wrong.value)
    key.change_pin(PIN, "1234")
    assert saved == [PIN_RETRIES - 1, PIN_RETRIES]
    assert ClientPin(Ctap2(key)).get_pin_token("1234")
    for _ in range(PIN_RETRIES):
        with pytest.raises(PinError):
            key.change_pin("0000", "5678")
    with pytest.raises(PinError, match="blocked") as blocked:
        key.change_pin("1234", "5678")
    assert blocked.value.retries == 0


def test_set_pin_checks_its_length() -> None:
    key = new_key()
    for bad in ("", "123", "1" * 64, "12\n34"):
        with pytest.raises(ValueError, match="PIN") as raised:
            key.set_pin(bad)
        assert bad not in str(raised.value) or not bad
    assert not key.has_pin
    key.clear_pin()
    key.set_pin("1234")
    key.clear_pin()
    assert not key.has_pin


# -- the transport ---------------------------------------------------------------------------------------


def test_ctaphid_ping_wink_and_no_u2f() -> None:
    key = new_key()
    assert key.capabilities == CAPABILITY.CBOR | CAPABILITY.WINK
    assert not key.capabilities & CAPABILITY.NMSG
    assert key.call(CTAPHID.PING, b"echo") == b"echo"
    assert key.call(CTAPHID.WINK) == b""
    with pytest.raises(CtapError) as raised:
        key.call(CTAPHID.MSG, b"\0\1\0\0")
    assert raised.value.code == ERR.INVALID_COMMAND
    assert list(VirtualSecurityKey.list_devices()) == []
    assert key.call(CTAPHID.CBOR, b"") == bytes([ERR.INVALID_LENGTH])
    assert key.call(CTAPHID.CBOR, b"\x04" + b"\0" * 2000) == bytes([ERR.INVALID_LENGTH])
    assert key.call(CTAPHID.CBOR, b"\x40") == bytes([ERR.INVALID_COMMAND])


# -- the device file ---------------------------------------------------------------------------------------


def scalars(key: VirtualSecurityKey) -> list[bytes]:
    """The private keys, read the one way a test can: an unsealed key's file."""
    return [base64.b64decode(item["private_key"]) for item in key.to_dict()["credentials"]]


def test_file_round_trip_unsealed_keeps_everything_and_still_signs(tmp_path: Any) -> None:
    key = new_key()
    key.set_pin(PIN)
    credential = register(key, interaction=Interaction(PIN), uv=PREFERRED).credential_data
    path = tmp_path / "alice-passkey.json"
    files.save(key, path)
    loaded = files.load(path)
    assert isinstance(loaded, VirtualSecurityKey)
    assert loaded.to_dict() == key.to_dict()
    assert loaded.ident == key.ident
    assert loaded.to_dict()["sealed_by"] is None
    loaded.auto_touch = True
    _, response = authenticate(loaded, [credential], uv=PREFERRED, interaction=Interaction(PIN))
    assert response.response.authenticator_data.counter > key.credentials[0].sign_count


def test_file_round_trip_sealed_keeps_no_private_key_in_the_clear() -> None:
    sealer = AesGcmSealer()
    key = new_key(sealer=sealer)
    credential = register(key).credential_data
    secret = key._credentials[0].private_key.private_numbers().private_value.to_bytes(32, "big")
    text = files.dumps(key)
    assert_no_secret(text, secret_forms(secret))
    assert json.loads(text)["device"]["sealed_by"] == "test-keychain"
    loaded = VirtualSecurityKey.from_dict(json.loads(text)["device"], sealer=sealer)
    assert not loaded.locked
    assert loaded.to_dict() == key.to_dict()
    loaded.auto_touch = True
    authenticate(loaded, [credential])


def sealed_key_with_a_pin() -> tuple[AesGcmSealer, VirtualSecurityKey]:
    sealer = AesGcmSealer()
    key = new_key(sealer=sealer)
    register(key)
    key.set_pin(PIN)
    with pytest.raises(PinError):
        key.change_pin("0000", "9999")  # one wrong PIN: 7 retries left
    assert key.pin_retries == PIN_RETRIES - 1
    return sealer, key


def test_a_sealed_file_keeps_the_pin_hash_and_retries_sealed() -> None:
    sealer, key = sealed_key_with_a_pin()
    text = files.dumps(key)
    assert_no_secret(text, secret_forms(hashlib.sha256(PIN.encode()).digest()[:16]))
    device = json.loads(text)["device"]
    assert (device["pin_hash"], device["pin_retries"]) == (None, None)
    assert device["pin_sealed"]
    loaded = VirtualSecurityKey.from_dict(device, sealer=sealer)
    assert loaded.has_pin
    assert loaded.pin_retries == PIN_RETRIES - 1
    assert loaded.to_dict() == key.to_dict()
    loaded.change_pin(PIN, "2468")  # the PIN came back sealed
    assert loaded.to_dict()["pin_sealed"] != device["pin_sealed"]  # resealed on change
    # Locked (no sealer), the PIN state is written back as read and opens once the sealer is given.
    locked = VirtualSecurityKey.from_dict(device)
    assert locked.locked
    assert locked.to_dict() == key.to_dict()
    with pytest.raises(ValueError, match="locked"):
        locked.set_pin("1357")
    locked.use_sealer(sealer)
    assert locked.has_pin
    assert locked.pin_retries == PIN_RETRIES - 1


def test_an_unsealed_file_keeps_todays_pin_fields() -> None:
    key = new_key()
    key.set_pin(PIN)
    device = key.to_dict()
    assert "pin_sealed" not in device
    assert device["pin_retries"] == PIN_RETRIES
    assert device["pin_hash"] is not None
    assert VirtualSecurityKey.from_dict(device).has_pin


def _edited(device: dict[str, Any], **changes: Any) -> dict[str, Any]:
    edited = json.loads(json.dumps(device))
    for name, value in changes.items():
        if value is _DROP:
            del edited[name]
        else:
            edited[name] = value
    return edited


_DROP = object()


def test_a_sealed_pin_state_edited_in_the_file_is_refused_as_tampered() -> None:
    sealer, key = sealed_key_with_a_pin()
    device = key.to_dict()
    blob = base64.b64decode(device["pin_sealed"])
    flipped = base64.b64encode(blob[:-1] + bytes([blob[-1] ^ 1])).decode()
    other = new_key(sealer=sealer)
    register(other)
    other.set_pin(PIN)
    forged = {
        "retries set back": _edited(device, pin_retries=PIN_RETRIES),
        "clear fields beside": _edited(device, pin_hash=device["credentials"][0]["id"]),
        "PIN removed": _edited(device, pin_sealed=_DROP),
        "PIN removed, retries clear": _edited(device, pin_sealed=_DROP, pin_retries=PIN_RETRIES),
        "blob flipped": _edited(device, pin_sealed=flipped),
        "another key's PIN": _edited(device, pin_sealed=other.to_dict()["pin_sealed"]),
    }
    before = json.dumps(device)
    for what, data in forged.items():
        with pytest.raises(DeviceFileError) as raised:
            VirtualSecurityKey.from_dict(data, sealer=sealer)
        assert "pin" in str(raised.value), what
        assert_no_secret(str(raised.value), secret_forms(blob))
    assert json.dumps(device) == before  # nothing changed
    assert VirtualSecurityKey.from_dict(device, sealer=sealer).pin_retries == PIN_RETRIES - 1


def test_a_sealed_file_without_its_sealer_loads_locked_until_given_it() -> None:
    sealer = AesGcmSealer()
    key = new_key(sealer=sealer)
    credential = register(key).credential_data
    locked = files.loads(files.dumps(key))
    assert isinstance(locked, VirtualSecurityKey)
    assert locked.locked
    assert [info.id for info in locked.credentials] == [info.id for info in key.credentials]
    assert locked.to_dict() == key.to_dict()  # saving a locked key keeps the sealed blobs
    locked.auto_touch = True
    with pytest.raises(ClientError) as raised:
        authenticate(locked, [credential])
    assert raised.value.cause.code == LOCKED
    with pytest.raises(SealError):
        locked.use_sealer(AesGcmSealer(name="test-keychain"))
    assert locked.locked
    locked.use_sealer(sealer)
    assert not locked.locked
    authenticate(locked, [credential])


def test_a_tampered_sealed_blob_or_a_lost_sealing_key_is_a_clear_error() -> None:
    sealer = AesGcmSealer()
    key = new_key(sealer=sealer)
    register(key)
    data = key.to_dict()
    blob = bytearray(base64.b64decode(data["credentials"][0]["private_key"]))
    blob[-1] ^= 1
    data["credentials"][0]["private_key"] = base64.b64encode(bytes(blob)).decode()
    for bad, given in ((data, sealer), (key.to_dict(), AesGcmSealer(name="test-keychain"))):
        with pytest.raises(DeviceFileError) as raised:
            VirtualSecurityKey.from_dict(bad, sealer=given)
        message = str(raised.value)
        assert "passkey.credentials[0].private_key" in message
        assert "the keychain no longer has this key's sealing key" in message
        assert_no_secret(message, [*secret_forms(sealer.key), *secret_forms(bytes(blob))])
    with pytest.raises(DeviceFileError, match="sealed_by"):
        VirtualSecurityKey.from_dict(key.to_dict(), sealer=AesGcmSealer(name="another-keychain"))


def test_a_blob_moved_to_another_credential_does_not_open() -> None:
    sealer = AesGcmSealer()
    key = new_key(sealer=sealer)
    register(key, ALICE)
    register(key, BOB)
    data = key.to_dict()
    first, second = data["credentials"]
    first["private_key"], second["private_key"] = second["private_key"], first["private_key"]
    with pytest.raises(DeviceFileError):
        VirtualSecurityKey.from_dict(data, sealer=sealer)


def test_an_empty_key_filed_sealed_is_not_locked_and_seals_anew() -> None:
    key = new_key(sealer=AesGcmSealer())
    loaded = VirtualSecurityKey.from_dict(key.to_dict())
    assert not loaded.locked
    assert loaded.sealer_name is None
    loaded.auto_touch = True
    register(loaded)
    sealer = AesGcmSealer()
    loaded.use_sealer(sealer)
    assert VirtualSecurityKey.from_dict(loaded.to_dict(), sealer=sealer).credentials == loaded.credentials


def test_a_locked_key_refuses_to_register_and_lists_what_it_holds() -> None:
    key = new_key(sealer=AesGcmSealer())
    register(key)
    locked = VirtualSecurityKey.from_dict(key.to_dict())
    locked.auto_touch = True
    with pytest.raises(ClientError) as raised:
        register(locked, BOB)
    assert raised.value.cause.code == LOCKED
    assert len(locked.credentials) == 1
    locked.reset()
    assert not locked.locked


def test_a_sealed_key_given_another_sealer_seals_again() -> None:
    first, second = AesGcmSealer(name="first"), AesGcmSealer(name="second")
    key = new_key(sealer=first)
    register(key)
    key.use_sealer(second)
    assert key.sealer_name == "second"
    assert VirtualSecurityKey.from_dict(key.to_dict(), sealer=second).credentials == key.credentials


def test_an_unsealed_key_given_a_sealer_seals_its_file() -> None:
    key = new_key()
    register(key)
    secret = scalars(key)[0]
    sealer = AesGcmSealer()
    key.use_sealer(sealer)
    text = files.dumps(key)
    assert_no_secret(text, secret_forms(secret))
    assert (
        VirtualSecurityKey.from_dict(json.loads(text)["device"], sealer=sealer).credentials == key.credentials
    )


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("key_id", "4f2a", "passkey.key_id"),
        ("pin_hash", "AAAA", "passkey.pin_hash"),
        ("pin_retries", 9, "passkey.pin_retries"),
        ("sealed_by", "", "passkey.sealed_by"),
        ("credentials", {}, "passkey.credentials"),
    ],
)
def test_a_bad_field_is_named_never_its_value(field: str, value: Any, named: str) -> None:
    key = new_key()
    register(key)
    data = key.to_dict()
    data[field] = value
    with pytest.raises(DeviceFileError) as raised:
        VirtualSecurityKey.from_dict(data)
    assert named in str(raised.value)


def test_a_bad_private_key_is_named_never_shown() -> None:
    key = new_key()
    register(key)
    data = key.to_dict()
    order = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"
    data["credentials"][0]["private_key"] = base64.b64encode(bytes.fromhex(order)).decode()
    with pytest.raises(DeviceFileError) as raised:
        VirtualSecurityKey.from_dict(data)
    assert "passkey.credentials[0].private_key" in str(raised.value)
    assert_no_secret(str(raised.value), secret_forms(bytes.fromhex(order)))


def test_no_secret_in_repr_str_or_listings() -> None:
    key = new_key()
    key.set_pin(PIN)
    register(key, interaction=Interaction(PIN), uv=PREFERRED)
    secrets = [*secret_forms(scalars(key)[0]), *secret_forms(key._pin_hash), PIN]
    token = key._token
    if token is not None:
        secrets += secret_forms(token.value)
    texts = [repr(key), str(key), repr(key.credentials), repr(key._credentials), repr(token)]
    for text in texts:
        assert_no_secret(text, secrets)
    assert "Virtual security key" in repr(key)


def test_ident_is_the_key_id_not_a_secret() -> None:
    key = VirtualSecurityKey(key_id=bytes.fromhex("4f2a000000000001"))
    assert key.ident == "Virtual security key 4F2A"
    assert key.key_id == "4F2A000000000001"
    assert isinstance(key, Sealer) is False
