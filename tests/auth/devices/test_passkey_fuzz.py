"""Hypothesis over the virtual key's CTAP input: any bytes and any CBOR for each command give a CTAP error
status or a well-formed answer, never a Python exception, and change nothing unless the command is valid."""

from __future__ import annotations

from typing import Any

import pytest
from fido2 import cbor
from fido2.ctap import CtapError
from fido2.ctap2.pin import ClientPin, PinProtocolV2
from fido2.hid import CTAPHID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.auth.devices.test_passkey import PIN, RP_ID, hurried_clock, new_key
from trader_login.auth.devices.passkey import LOCKED, VirtualSecurityKey

COMMANDS = [0x01, 0x02, 0x04, 0x06, 0x07, 0x08, 0x0B]
KNOWN = {int(code) for code in CtapError.ERR} | {int(LOCKED)}
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.one_of(
    st.integers(min_value=-4, max_value=12), st.sampled_from(["id", "type", "alg", "name", "up", "rk"])
)
SCALARS = st.one_of(
    st.integers(min_value=-(2**64), max_value=2**64 - 1),
    st.booleans(),
    st.binary(max_size=40),
    st.text(max_size=12),
    st.sampled_from(["public-key", RP_ID, "displayName", b"\0" * 32]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def valid_requests() -> dict[int, dict[int, Any]]:
    """One well-formed request of each command with parameters, for mutation."""
    descriptor = {"type": "public-key", "id": b"\1" * 32}
    return {
        0x01: {
            1: b"\0" * 32,
            2: {"id": RP_ID, "name": "Trader Login"},
            3: {"id": b"user", "name": "alice", "displayName": "Alice"},
            4: [{"type": "public-key", "alg": -7}],
            5: [descriptor],
            7: {"rk": True},
        },
        0x02: {1: RP_ID, 2: b"\0" * 32, 3: [descriptor], 5: {"up": True}},
        0x06: {1: 2, 2: 1},
    }


def key_with_a_credential() -> VirtualSecurityKey:
    key = new_key(clock=hurried_clock())
    request = valid_requests()[0x01]
    status = key.call(CTAPHID.CBOR, b"\x01" + cbor.encode(request))
    assert status[:1] == b"\0"
    key.set_pin(PIN)
    return key


def snapshot(key: VirtualSecurityKey) -> Any:
    return key.to_dict()


def check_answer(key: VirtualSecurityKey, command: int, payload: bytes) -> int:
    before = snapshot(key)
    response = key.call(CTAPHID.CBOR, bytes([command]) + payload)
    assert response, "a status byte at least"
    status = response[0]
    assert status in KNOWN
    assert status != CtapError.ERR.OTHER, "the key failed on this input (a bug, not a refusal)"
    if status == 0:
        if len(response) > 1:
            assert isinstance(cbor.decode(response[1:]), dict)
    else:
        assert len(response) == 1
        assert snapshot(key) == before, "a refused command changed the key"
    return status


@FUZZ
@given(command=st.sampled_from(COMMANDS), payload=st.binary(max_size=200))
def test_any_bytes_give_a_status_never_an_exception(command: int, payload: bytes) -> None:
    key = key_with_a_credential()
    status = check_answer(key, command, payload)
    if status == 0 and command not in (0x04, 0x0B):
        # Valid by chance (a GetAssertion finding our credential): a real use, not a random change.
        assert command in (0x02, 0x07)


@FUZZ
@given(command=st.sampled_from(COMMANDS), params=st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_cbor_map_gives_a_status_never_an_exception(command: int, params: dict[Any, Any]) -> None:
    key = key_with_a_credential()
    credentials = key.credentials
    status = check_answer(key, command, cbor.encode(params))
    if status != 0 or command in (0x04, 0x0B):
        assert key.credentials == credentials


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a request: each key and list item, nested, and a key that is not there."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found.extend(paths(item, (*prefix, key)))
        found.append((*prefix, "icon" if any(isinstance(key, str) for key in value) else 8))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((*prefix, index))
            found.extend(paths(item, (*prefix, index)))
    return found


PLACES = [(command, path) for command, request in valid_requests().items() for path in paths(request)]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), value=VALUES, remove=st.booleans())
def test_a_valid_request_with_one_field_changed_gives_a_status(
    place: tuple[int, tuple[Any, ...]], value: Any, remove: bool
) -> None:
    command, path = place
    key = key_with_a_credential()
    request = valid_requests()[command]
    parent = request
    for step in path[:-1]:
        parent = parent[step]
    if remove and isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    check_answer(key, command, cbor.encode(request))


@FUZZ
@given(data=st.data(), value=VALUES)
def test_client_pin_with_a_real_key_agreement_and_one_field_changed(data: st.DataObject, value: Any) -> None:
    key = key_with_a_credential()
    protocol = PinProtocolV2()
    agreement_response = cbor.decode(key.call(CTAPHID.CBOR, b"\x06" + cbor.encode({1: 2, 2: 2}))[1:])
    agreement, shared = protocol.encapsulate(agreement_response[1])
    pin_hash_enc = protocol.encrypt(shared, b"\0" * 16)
    sub_command = data.draw(st.sampled_from([3, 4, 5, 9]))
    request = {1: 2, 2: sub_command, 3: agreement, 6: pin_hash_enc, 9: 1, 10: RP_ID}
    request[data.draw(st.sampled_from([1, 2, 3, 4, 5, 6, 9, 10]))] = value
    retries = key.pin_retries
    response = key.call(CTAPHID.CBOR, b"\x06" + cbor.encode(request))
    status = response[0]
    assert status in KNOWN
    assert status != CtapError.ERR.OTHER
    assert status != 0 or len(response) > 1
    # Only a PIN hash checked (and wrong: the key's PIN is not zeros) may count an attempt.
    assert key.pin_retries in (retries, retries - 1)
    if status not in (CtapError.ERR.PIN_INVALID, CtapError.ERR.PIN_AUTH_BLOCKED, CtapError.ERR.PIN_BLOCKED):
        assert key.pin_retries == retries


ERR = CtapError.ERR


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"\x01" + b"\x81" * 40 + b"\x00", ERR.INVALID_CBOR),  # nested too deeply
        (b"\x01\xbf\x01\x02\xff", ERR.INVALID_CBOR),  # indefinite length
        (b"\x01\xa1\x01", ERR.INVALID_CBOR),  # truncated
        (b"\x01\xa1\x01\x5a\xff\xff\xff\xff", ERR.INVALID_CBOR),  # a length past the end
        (b"\x01\xa2\x01\x01\x01\x01", ERR.INVALID_CBOR),  # a key twice
        (b"\x01\xa1\x01\xfb" + b"\0" * 8, ERR.CBOR_UNEXPECTED_TYPE),  # a float
        (b"\x01\x80", ERR.CBOR_UNEXPECTED_TYPE),  # not a map
        (b"\x01\xa1\x01\xc1\x00", ERR.CBOR_UNEXPECTED_TYPE),  # a tag
        (b"\x01", ERR.MISSING_PARAMETER),
        (b"\x06" + cbor.encode({1: 2, 2: 0x07}), ERR.INVALID_SUBCOMMAND),  # no built-in UV
        (b"\x06" + cbor.encode({1: 3, 2: 0x02}), ERR.INVALID_PARAMETER),  # no PIN protocol 3
        (b"\x04\xa0", ERR.INVALID_LENGTH),  # GetInfo takes nothing
    ],
)
def test_malformed_cbor_gets_its_ctap_error(payload: bytes, status: int) -> None:
    key = new_key()
    assert key.call(CTAPHID.CBOR, payload) == bytes([status])
    assert key.credentials == ()


def test_client_pin_token_subcommand_as_fido2_sends_it_still_works_after_fuzzing() -> None:
    from fido2.ctap2 import Ctap2

    key = key_with_a_credential()
    for payload in (b"\xff", b"\xa1\x01\xfb" + b"\0" * 8, cbor.encode({1: 3, 2: 5})):
        key.call(CTAPHID.CBOR, b"\x06" + payload)
    assert ClientPin(Ctap2(key)).get_pin_token(PIN)
