"""The security key over HTTP (issue 18 item 7): `POST /v1/login/passkey` answered by the virtual security
key (auth.devices.passkey) through fido2's real client (`Fido2Client` + `DefaultClientDataCollector` with
the gateway's origin) — the demo user's registered key, a key registered with an enrolment code, a second
key — and hypothesis over malformed CBOR (authenticatorData, attestationObject) and client data: never a
5xx, never counted, nothing changed, the challenge standing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fido2 import cbor
from fido2.client import DefaultClientDataCollector, Fido2Client, UserInteraction
from fido2.utils import websafe_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gateway.http_support import Client, error_of, password, respond, running_gateway, seed_template
from trader_login.auth import texts
from trader_login.auth.devices.passkey import VirtualSecurityKey
from trader_login.auth.gateway.api import PASSKEY_MAX_BODY

USER = "passkeyuser"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    base = tmp_path_factory.mktemp("passkey-http")
    with running_gateway(base / "gateway", seed_template(base / "seeded")) as running:
        yield running


def origin(client: Client) -> str:
    """The origin a client writes for this gateway: https://localhost:<port> (a loopback host as
    localhost, common.md)."""
    return f"https://localhost:{client.server.port}"


def ceremony(
    key: VirtualSecurityKey, options: dict[str, Any], at: str, *, create: bool = False, phished: bool = False
) -> dict:
    """fido2's client runs the ceremony with `key` (touched at once); returns the credential's JSON as a
    client sends it. userVerification "preferred" read as a browser does for a key without a PIN."""
    options = json.loads(json.dumps(options))
    if create:
        options["authenticatorSelection"]["userVerification"] = "discouraged"
    else:
        options["userVerification"] = "discouraged"
    key.auto_touch = True
    try:
        # phished: a client that does not check the rp id against its origin (ours does: a look-alike
        # page gets no assertion at all; the gateway's origin check is the second line).
        collector = DefaultClientDataCollector(at, verify=lambda rp_id, seen: True) if phished else None
        fido = Fido2Client(key, collector or DefaultClientDataCollector(at), UserInteraction())
        if create:
            return dict(fido.make_credential(options))
        return dict(fido.get_assertion(options).get_response(0))
    finally:
        key.auto_touch = False


def send(client: Client, token: str, credential: Any, label: str | None = None, **extra: Any) -> Any:
    body = {"credential": credential, **({"label": label} if label is not None else {}), **extra}
    return client.post("/v1/login/passkey", body, token=token)


def second_factor(client: Client, user: str, device_id: str | None = None) -> tuple[str, dict[str, Any]]:
    token, reply = password(client, user)
    assert reply.status_code == 200, reply.text
    step = reply.json()
    if step["step"] == "choose_device":
        chosen = device_id or next(d["id"] for d in step["devices"] if d["kind"] == "passkey")
        step = client.post("/v1/login/device", {"device_id": chosen}, token=token).json()
    return token, step


def failures(client: Client, user: str) -> int:
    return client.gateway.desk.status(user)["failures"]


def test_the_demo_user_logs_in_with_its_virtual_key(client: Client):
    key = client.device(USER, "passkey")
    assert isinstance(key, VirtualSecurityKey)
    token, step = second_factor(client, USER)
    assert step["challenge"]["kind"] == "passkey"
    assert step["device"]["name"] == "Virtual security key"
    options = step["challenge"]["public_key"]
    assert [c["id"] for c in options["allowCredentials"]] == [key.credentials[0].id]
    reply = send(client, token, ceremony(key, options, origin(client)))
    assert reply.status_code == 200, reply.text
    session = reply.json()
    assert session["step"] == "session"
    assert session["session"]["device"] == {"kind": "passkey", "label": "Security key"}
    client.post("/v1/session/logout", token=session["session_token"])
    # The same key again: its counter went up (a replay of the last assertion would not).
    token, step = second_factor(client, USER)
    replayed = send(client, token, ceremony(key, options, origin(client)))  # the old challenge
    assert error_of(replayed)["message_id"] == texts.WRONG_RESPONSE_PASSKEY.id
    fresh = error_of(replayed)["next"]["challenge"]["public_key"]
    session = send(client, token, ceremony(key, fresh, origin(client))).json()
    assert session["step"] == "session"
    client.post("/v1/session/logout", token=session["session_token"])
    client.gateway.desk.unlock(USER)


def test_an_enrolment_code_and_a_key_registered_through_fido2_then_a_second_key(client: Client):
    desk = client.gateway.desk
    desk.add_user("pkhttp", "demo123")
    code = desk.add_device("pkhttp", "passkey")
    token, step = second_factor(client, "pkhttp")
    assert step["challenge"]["kind"] == "passkey_enrolment"
    wrong = respond(client, token, "2222-3333-4444")
    assert wrong.status_code == 401
    assert error_of(wrong)["message_id"] == texts.WRONG_ENROLMENT_CODE.id
    step = respond(client, token, code.printed).json()
    assert step["challenge"]["kind"] == "passkey_registration"
    key = VirtualSecurityKey.create()
    session = send(
        client, token, ceremony(key, step["challenge"]["public_key"], origin(client), create=True), "blue"
    )
    assert session.status_code == 200, session.text
    assert session.json()["step"] == "session"
    (row,) = desk.list_devices("pkhttp")
    assert (row["status"], row["label"]) == ("active", "blue")
    # A second key: a new code, its registration excludes the first key (a key holding it is refused by
    # the key itself: CREDENTIAL_EXCLUDED), the second key registered; then either key logs in.
    second_code = desk.add_device("pkhttp", "passkey")
    token, step = second_factor(client, "pkhttp", second_code.device_id)
    step = respond(client, token, second_code.code).json()
    options = step["challenge"]["public_key"]
    assert [c["id"] for c in options["excludeCredentials"]] == [key.credentials[0].id]
    with pytest.raises(Exception, match=r"DEVICE_INELIGIBLE|CREDENTIAL_EXCLUDED|excluded"):
        ceremony(key, options, origin(client), create=True)
    other = VirtualSecurityKey.create()
    reply = send(client, token, ceremony(other, options, origin(client), create=True))
    assert reply.json()["step"] == "existing_session"
    client.post("/v1/login/existing-session", {"takeover": True}, token=token)
    for used in (key, other):
        token, step = second_factor(client, "pkhttp")
        options = step["challenge"]["public_key"]
        assert len(options["allowCredentials"]) == 2
        reply = send(client, token, ceremony(used, options, origin(client)))
        assert reply.json()["step"] == "existing_session", reply.text
        client.post("/v1/login/existing-session", {"takeover": True}, token=token)
    assert failures(client, "pkhttp") == 0


def test_a_key_answering_for_another_origin_is_refused_and_counted(client: Client):
    """A look-alike gateway's page: the client data names its origin; the gateway refuses it."""
    desk = client.gateway.desk
    desk.add_user("pkphish", "demo123")
    key = desk.add_device("pkphish", "passkey", virtual=True)
    token, step = second_factor(client, "pkphish")
    reply = send(
        client, token, ceremony(key, step["challenge"]["public_key"], "https://evil.example", phished=True)
    )
    assert reply.status_code == 401
    assert failures(client, "pkphish") == 1


# -- malformed bodies ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def standing(client: Client) -> dict[str, Any]:
    """A login of `pkfuzz` standing at its key's challenge, and a good assertion to break."""
    desk = client.gateway.desk
    desk.add_user("pkfuzz", "demo123")
    key = desk.add_device("pkfuzz", "passkey", virtual=True)
    token, step = second_factor(client, "pkfuzz")
    good = ceremony(key, step["challenge"]["public_key"], origin(client))
    return {"token": token, "good": good, "key": key, "challenge": step["challenge"]}


def _refused_uncounted(client: Client, standing: dict[str, Any], credential: Any) -> None:
    """An answer that cannot parse: 400 BAD_REQUEST, not counted (a counted one fails here: nothing
    unlocks it), the challenge standing."""
    reply = send(client, standing["token"], credential)
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] == "BAD_REQUEST"
    assert failures(client, "pkfuzz") == 0


def _refused_uncounted_or_told(client: Client, standing: dict[str, Any], credential: Any) -> None:
    """An answer BUILT TO PARSE (bytes that happen to be 37 bytes of authenticator data without
    extensions, JSON client data that is an object) may make an assertion its checks refuse: 401, counted,
    a fresh challenge (the login is unlocked for the next example); or be refused as malformed: 400,
    uncounted. Never anything else. Only for inputs that parse: the others go to `_refused_uncounted`."""
    reply = send(client, standing["token"], credential)
    assert reply.status_code in (400, 401), reply.text
    if reply.status_code == 400:
        assert error_of(reply)["code"] == "BAD_REQUEST"
        assert failures(client, "pkfuzz") == 0
        return
    assert error_of(reply)["message_id"] == texts.WRONG_RESPONSE_PASSKEY.id
    assert failures(client, "pkfuzz") == 1
    client.gateway.desk.unlock("pkfuzz")
    fresh = error_of(reply)["next"]["challenge"]["public_key"]
    standing["good"] = ceremony(standing["key"], fresh, origin(client))


_AT, _ED = 0x40, 0x80  # authenticator data flags: attested credential data, extensions (WebAuthn §6.1)


def authenticator_data_parses(data: bytes) -> bool | None:
    """False for authenticator data known not to parse: under 37 bytes (rp id hash, flags, counter), or
    with no attested credential data nor extensions declared and not exactly 37 bytes. None: it might."""
    if len(data) < 37:
        return False
    if not data[32] & (_AT | _ED):
        return len(data) == 37
    return None


def client_data_parses(data: bytes) -> bool:
    """Client data is JSON (UTF-8) and an object, or it does not parse."""
    try:
        return isinstance(json.loads(data.decode("utf-8")), dict)
    except ValueError:
        return False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | st.binary(min_size=37, max_size=37))
def test_hypothesis_malformed_authenticator_data_is_400_uncounted(client, standing, data: bytes):
    good = standing["good"]
    broken = {**good, "response": {**good["response"], "authenticatorData": websafe_encode(data)}}
    if authenticator_data_parses(data) is False:
        _refused_uncounted(client, standing, broken)
    else:
        _refused_uncounted_or_told(client, standing, broken)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=300)
    | st.text(max_size=100).map(str.encode)
    | st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3).map(
        lambda d: json.dumps(d).encode()
    )
)
def test_hypothesis_malformed_client_data_is_400_uncounted(client, standing, data: bytes):
    good = standing["good"]
    broken = {**good, "response": {**good["response"], "clientDataJSON": websafe_encode(data)}}
    if client_data_parses(data):
        _refused_uncounted_or_told(client, standing, broken)
    else:
        _refused_uncounted(client, standing, broken)


@pytest.mark.parametrize("field", ["rawId", "clientDataJSON", "authenticatorData", "signature", "userHandle"])
@pytest.mark.parametrize("bad", ["a!b", "abc=", "AAAAA", "a b", "ä", 5, [], {}])
def test_a_binary_field_not_base64url_is_400_uncounted(client, standing, field: str, bad: Any):
    """fido2's decoder would skip the characters outside the alphabet; the gateway does not."""
    good = json.loads(json.dumps(standing["good"]))
    (good if field == "rawId" else good["response"])[field] = bad
    _refused_uncounted(client, standing, good)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=16,
)
# Not userHandle (optional, unsigned: an assertion without it or with another is still the key's); `id`
# and `type` are only replaced, not dropped (`id` repeats rawId, `type` has one value: fido2 takes an
# assertion without them).
FIELDS = [
    ("id",),
    ("rawId",),
    ("type",),
    ("response",),
    ("response", "clientDataJSON"),
    ("response", "authenticatorData"),
    ("response", "signature"),
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(FIELDS), value=JSON_VALUES, drop=st.booleans())
def test_hypothesis_any_json_in_any_field_is_400_or_a_refusal_never_a_5xx(
    client, standing, where, value, drop
):
    """Any field of a good assertion replaced by any JSON value, or left out."""
    broken = json.loads(json.dumps(standing["good"]))
    holder = broken
    for name in where[:-1]:
        holder = holder[name]
    if drop and where not in (("id",), ("type",)):
        holder.pop(where[-1], None)
    else:
        holder[where[-1]] = value
    binary = where[-1] in ("rawId", "clientDataJSON", "authenticatorData", "signature")
    if binary and not drop and not (isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]*", value)):
        _refused_uncounted(client, standing, broken)  # bad base64url: it cannot parse
    elif where == ("response",) and not (not drop and isinstance(value, dict)):
        _refused_uncounted(client, standing, broken)  # no response object
    else:
        _refused_uncounted_or_told(client, standing, broken)


@pytest.fixture(scope="module")
def registration(client: Client) -> tuple[str, dict[str, Any]]:
    """A login of `pkreg` standing at its key's registration, and a good registration to break."""
    desk = client.gateway.desk
    desk.add_user("pkreg", "demo123")
    code = desk.add_device("pkreg", "passkey")
    token, _ = second_factor(client, "pkreg")
    step = respond(client, token, code.code).json()
    good = ceremony(VirtualSecurityKey.create(), step["challenge"]["public_key"], origin(client), create=True)
    return token, good


CBOR_VALUES = st.recursive(  # what fido2's CBOR encodes (no null)
    st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.binary(max_size=40) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=CBOR_VALUES | st.binary(max_size=200))
def test_hypothesis_malformed_attestation_objects_never_500_never_counted(client, registration, value: Any):
    """The registration's attestationObject as any CBOR value, or any bytes: 400, the key still pending."""
    token, good = registration
    blob = value if isinstance(value, bytes) else cbor.encode(value)
    broken = {**good, "response": {**good["response"], "attestationObject": websafe_encode(blob)}}
    reply = send(client, token, broken)
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] in ("BAD_REQUEST", "REGISTRATION_REFUSED")
    assert failures(client, "pkreg") == 0
    assert [d["status"] for d in client.gateway.desk.list_devices("pkreg")] == ["pending"]


def test_the_registration_stood_through_the_malformed_ones(client: Client, registration):
    token, good = registration
    assert send(client, token, good).json()["step"] == "session"


@pytest.mark.parametrize(
    "body",
    [
        {"credential": "not an object"},
        {"credential": []},
        {"credential": {}},
        {},
        {"credential": {"id": "x"}, "label": 5},
        {"credential": {"id": "x"}, "label": "x" * 65},
        {"credential": {"id": "x"}, "extra": True},
    ],
)
def test_a_body_that_is_not_a_credential_is_400_uncounted(
    client: Client, standing: dict[str, Any], body: Any
):
    reply = client.post("/v1/login/passkey", body, token=standing["token"])
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] == "BAD_REQUEST"
    assert failures(client, "pkfuzz") == 0


def test_a_body_over_16_kib_is_400_and_the_challenge_stands(client: Client, standing: dict[str, Any]):
    good = standing["good"]
    padded = {**good, "clientExtensionResults": {"pad": "x" * PASSKEY_MAX_BODY}}
    reply = send(client, standing["token"], padded)
    assert reply.status_code == 400
    assert "16 KiB" in error_of(reply)["params"]["detail"]
    assert failures(client, "pkfuzz") == 0
    reply = send(client, standing["token"], standing["good"])  # the challenge stood through it all
    assert reply.status_code == 200, reply.text
    assert reply.json()["step"] == "session"
