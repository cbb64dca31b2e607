"""The security key (passkey) on the gateway (issue 18 items 1, 2, 5, 7): the WebAuthn relying party on fido2.

Enrolment (a one-time code from the desk, counted when wrong, then the key's registration), logins with any
of the user's registered keys, and each WebAuthn check failing when broken — wrong rp id, origin, challenge,
type, a replayed assertion, the counter going backwards or standing still, user presence missing, an unknown
credential, a bad signature — each counted (R3); a malformed credential refused uncounted with the challenge
standing. On SQLite and PostgreSQL. The assertions here are built by hand (`HandKey`: fido2's
AuthenticatorData / CollectedClientData and an ES256 key from cryptography), so that every field can be
broken.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fido2.cose import ES256, RS256, EdDSA
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData
from sqlalchemy import select

from tests.gateway.conftest import LOCAL, Sls
from trader_login.auth import texts, vocabulary
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.kinds.passkey import EnrolmentCode, credential_id
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import audit_events, devices, users

USER = "pkuser"
ORIGIN = "https://localhost:8443"  # the embedded gateway's origin as a client writes it: any port goes
UP = AuthenticatorData.FLAG.UP
UV = AuthenticatorData.FLAG.UV
AT = AuthenticatorData.FLAG.AT


@dataclass
class HandKey:
    """A WebAuthn authenticator built by hand (no CTAP): the JSON a browser sends, any field breakable."""

    rp_id: str = "localhost"
    origin: str = ORIGIN
    counter: int = 0
    private: Any = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()), repr=False)
    credential_id: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @property
    def ident(self) -> str:
        return websafe_encode(self.credential_id)

    def register(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        flags: int = UP | AT,
        challenge: bytes | None = None,
        cose: Any = None,
    ) -> dict[str, Any]:
        """A registration response (attestation "none") to PublicKeyCredentialCreationOptions' JSON; `cose`
        another public key (a CoseKey) than the ES256 one the hand key signs with."""
        client_data = CollectedClientData.create(
            type="webauthn.create",
            challenge=websafe_decode(options["challenge"]) if challenge is None else challenge,
            origin=origin or self.origin,
        )
        cose = cose if cose is not None else ES256.from_cryptography_key(self.private.public_key())
        attested = AttestedCredentialData.create(b"\0" * 16, self.credential_id, cose)
        auth_data = AuthenticatorData.create(
            hashlib.sha256((rp_id or self.rp_id).encode()).digest(), flags, self.counter, attested
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "id": self.ident,
            "rawId": self.ident,
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(attestation),
            },
        }

    def assertion(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        flags: int = UP,
        counter: int | None = None,
        challenge: bytes | None = None,
        type_: str = "webauthn.get",
        signer: Any = None,
        user_handle: bytes | None = None,
    ) -> dict[str, Any]:
        """An assertion to PublicKeyCredentialRequestOptions' JSON; the counter goes up by one unless
        given."""
        if counter is None:
            self.counter += 1
            counter = self.counter
        client_data = CollectedClientData.create(
            type=type_,
            challenge=websafe_decode(options["challenge"]) if challenge is None else challenge,
            origin=origin or self.origin,
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256((rp_id or self.rp_id).encode()).digest(), flags, counter
        )
        signature = (signer or self.private).sign(auth_data + client_data.hash, ec.ECDSA(hashes.SHA256()))
        return {
            "id": self.ident,
            "rawId": self.ident,
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(auth_data),
                "signature": websafe_encode(signature),
                "userHandle": None if user_handle is None else websafe_encode(user_handle),
            },
        }


# -- helpers -----------------------------------------------------------------------------------------------


def answer(sls: Sls, token: str, credential: Any, label: str | None = None) -> dict[str, Any]:
    return sls.service.second_factor.respond_credential(token, credential, label, LOCAL)


def new_user(sls: Sls, name: str = USER) -> None:
    sls.desk.add_user(name, "demo123")


def enrol(sls: Sls, user: str = USER, **options: Any) -> EnrolmentCode:
    code = sls.desk.add_device(user, "passkey", **options)
    assert isinstance(code, EnrolmentCode)
    return code


def to_option(sls: Sls, user: str, device_id: str | None = None) -> tuple[str, dict[str, Any]]:
    """The password, then the security key's option (or `device_id`'s) chosen if the list is offered."""
    token, out = sls.password(user)
    if out["step"] == "choose_device":
        chosen = device_id or next(d["id"] for d in out["devices"] if d["kind"] == "passkey")
        out = sls.service.choose_device(token, chosen)
    assert out["step"] == "second_factor", out
    return token, out


def register(sls: Sls, key: HandKey, user: str = USER, label: str | None = None) -> dict[str, Any]:
    """A new enrolment code from the desk, typed at a login, and `key` registered with it: the session."""
    code = enrol(sls, user)
    token, out = to_option(sls, user, code.device_id)
    assert out["challenge"]["kind"] == "passkey_enrolment"
    out = sls.service.respond(token, code.printed, LOCAL)
    assert out["challenge"]["kind"] == "passkey_registration"
    done = answer(sls, token, key.register(out["challenge"]["public_key"]), label)
    assert done["step"] in ("session", "existing_session"), done
    return done


def to_assertion(sls: Sls, user: str = USER) -> tuple[str, dict[str, Any]]:
    token, out = to_option(sls, user)
    assert out["challenge"]["kind"] == "passkey", out
    return token, out["challenge"]["public_key"]


def refused(sls: Sls, code: str, token: str, credential: Any) -> GatewayError:
    return sls.refused(code, answer, sls, token, credential)


def events(sls: Sls, kind: str) -> list[Any]:
    with sls.gateway.store.read() as connection:
        return connection.execute(
            select(audit_events).where(audit_events.c.kind == kind).order_by(audit_events.c.id)
        ).all()


def key_row(sls: Sls, device_id: str) -> Any:
    with sls.gateway.store.read() as connection:
        return connection.execute(select(devices).where(devices.c.id == device_id)).one()


def counter_of(sls: Sls, device_id: str) -> int:
    row = key_row(sls, device_id)
    return sls.gateway.vault.open_json(row.sealed, f"device:{device_id}")["counter"]


def only_key_id(sls: Sls, user: str = USER) -> str:
    (found,) = [d["id"] for d in sls.desk.list_devices(user) if d["status"] == "active"]
    return found


# -- enrolment ---------------------------------------------------------------------------------------------


def test_an_enrolment_code_then_the_registration_open_a_session_with_the_key(sls: Sls):
    new_user(sls)
    code = enrol(sls, label="desk name")
    assert len(code.code) == 12
    assert set(code.code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert code.printed == f"{code.code[:4]}-{code.code[4:8]}-{code.code[8:]}"
    assert code.code not in repr(code)
    assert code.valid_until == sls.clock() + 72 * 3600
    (pending,) = sls.desk.list_devices(USER)
    assert (pending["status"], pending["label"], pending["expires_at"]) == (
        "pending",
        "desk name",
        code.valid_until,
    )
    token, out = sls.password(USER)
    assert out["step"] == "second_factor"  # the one option: entered at once
    assert out["device"] == {
        "id": code.device_id,
        "kind": "passkey",
        "label": "Security key",
        "level": 5,
        "name": "desk name",
    }
    assert out["challenge"]["kind"] == "passkey_enrolment"
    assert out["challenge"]["expires_at"] == sls.clock() + 180
    # A wrong code: counted, told, a fresh enrolment challenge.
    wrong = sls.refused("LOGIN_FAILED", sls.service.respond, token, "2222-2222-2222", LOCAL)
    assert wrong.message.id == texts.WRONG_ENROLMENT_CODE.id
    assert wrong.details["next"]["challenge"]["kind"] == "passkey_enrolment"
    assert sls.failures(USER) == 1
    # A wrongly shaped one: no attempt at a code, not counted.
    shape = sls.refused("BAD_REQUEST", sls.service.respond, token, "ABC", LOCAL)
    assert shape.message.id == texts.ENROLMENT_CODE_FORMAT.id
    assert sls.failures(USER) == 1
    # The right one, typed as a trader might (lower case, spaces): the registration challenge, 200.
    typed = f" {code.code[:6].lower()} {code.code[6:]} "
    out = sls.service.respond(token, typed, LOCAL)
    assert out["step"] == "second_factor"
    assert out["device"]["id"] == code.device_id
    options = out["challenge"]["public_key"]
    assert out["challenge"]["kind"] == "passkey_registration"
    assert options["rp"] == {"id": "localhost", "name": sls.gateway.config.name}
    assert options["user"]["name"] == options["user"]["displayName"] == USER
    handle = websafe_decode(options["user"]["id"])
    assert len(handle) == 16
    assert USER.encode() not in handle
    assert len(websafe_decode(options["challenge"])) == 32
    assert options["timeout"] == 180000
    assert options["excludeCredentials"] == []
    assert options["attestation"] == "none"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert {"type": "public-key", "alg": -7} in options["pubKeyCredParams"]
    key = HandKey(counter=3)
    done = answer(sls, token, key.register(options), "blue YubiKey")
    assert done["step"] == "session"
    assert done["session"]["device"] == {"kind": "passkey", "label": "Security key"}
    assert done["session"]["withdrawal_limits"] == {"per_day": None, "per_5_business_days": None}  # R12
    assert sls.failures(USER) == 0
    row = key_row(sls, code.device_id)
    assert (row.status, row.label, row.expires_at, row.activated_at) == (
        "active",
        "blue YubiKey",
        None,
        sls.clock(),
    )
    assert credential_id(row.public_key) == key.credential_id
    assert counter_of(sls, code.device_id) == 3
    (registered,) = events(sls, audit.PASSKEY_REGISTERED)
    assert (registered.username, registered.device, registered.detail) == (
        USER,
        code.device_id,
        {"label": "blue YubiKey"},
    )
    # The code is spent: the next login asks for the key itself.
    token, options = to_assertion(sls)
    assert options["allowCredentials"] == [{"type": "public-key", "id": key.ident}]
    assert answer(sls, token, key.assertion(options))["step"] == "existing_session"


def test_the_desk_s_name_stays_when_the_trader_gives_none_and_the_code_is_hashed_at_rest(sls: Sls):
    new_user(sls)
    code = enrol(sls, label="spare key")
    row = key_row(sls, code.device_id)
    opened = sls.gateway.vault.open_json(row.sealed, f"device:{code.device_id}")
    assert set(opened) == {"code_hash", "salt"}
    assert code.code not in repr(opened)
    assert code.code.encode() not in row.sealed
    token, out = to_option(sls, USER)
    out = sls.service.respond(token, code.code, LOCAL)
    answer(sls, token, HandKey().register(out["challenge"]["public_key"]), "   ")
    assert key_row(sls, code.device_id).label == "spare key"


def test_an_expired_enrolment_code_is_not_offered(sls: Sls):
    new_user(sls)
    code = enrol(sls, valid_for=600)
    sls.clock.advance(600)
    assert sls.refused_any(sls.password, USER) == "NO_DEVICE"
    # Expiring under a login that showed it: the device is gone.
    code = enrol(sls, valid_for=60)
    token, _ = to_option(sls, USER)
    sls.clock.advance(60)
    sls.refused("NO_DEVICE", sls.service.respond, token, code.code, LOCAL)
    assert sls.failures(USER) == 0


def test_an_expired_challenge_is_not_counted_and_a_fresh_one_follows(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    token, options = to_assertion(sls)
    sls.clock.advance(180)
    expired = refused(sls, "EXPIRED", token, key.assertion(options))
    fresh = expired.details["next"]["challenge"]
    assert fresh["kind"] == "passkey"
    assert fresh["public_key"]["challenge"] != options["challenge"]
    assert sls.failures(USER) == 0
    assert answer(sls, token, key.assertion(fresh["public_key"]))["step"] == "existing_session"


def test_a_registration_the_gateway_refuses_is_not_counted_and_the_challenge_stands(sls: Sls):
    new_user(sls)
    code = enrol(sls)
    token, _ = to_option(sls, USER)
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    key = HandKey()
    for broken, detail in (
        (key.register(options, origin="https://evil.example"), "Invalid origin in CollectedClientData."),
        (key.register(options, rp_id="evil.example"), "Wrong RP ID hash in response."),
        (key.register(options, challenge=b"x" * 32), "Wrong challenge in response."),
        (key.register(options, flags=AT), "User Present flag not set."),
    ):
        refusal = refused(sls, "REGISTRATION_REFUSED", token, broken)
        assert refusal.status == 400
        assert refusal.message.id == texts.PASSKEY_REGISTRATION_REFUSED.id
        assert refusal.message.params == {"detail": detail}
    assert sls.failures(USER) == 0
    assert key_row(sls, code.device_id).status == "pending"
    assert answer(sls, token, key.register(options))["step"] == "session"  # the same challenge stood


@pytest.mark.parametrize(
    "cose",
    [
        lambda: RS256.from_cryptography_key(rsa.generate_private_key(65537, 2048).public_key()),
        lambda: EdDSA.from_cryptography_key(ed25519.Ed25519PrivateKey.generate().public_key()),
    ],
    ids=["RS256", "EdDSA"],
)
def test_a_key_with_an_algorithm_not_offered_is_refused_uncounted_and_the_challenge_stands(sls: Sls, cose):
    """WebAuthn §7.1: the credential's public key must use an algorithm of pubKeyCredParams (ES256)."""
    new_user(sls)
    code = enrol(sls)
    token, _ = to_option(sls, USER)
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    assert options["pubKeyCredParams"] == [{"type": "public-key", "alg": -7}]
    key = HandKey()
    refusal = refused(sls, "REGISTRATION_REFUSED", token, key.register(options, cose=cose()))
    assert refusal.status == 400
    assert refusal.message.params == {"detail": "the key's algorithm is not one the gateway offered"}
    assert sls.failures(USER) == 0
    assert key_row(sls, code.device_id).status == "pending"
    assert answer(sls, token, key.register(options))["step"] == "session"  # the same challenge stood


def test_the_attestation_policy_hook_refuses_a_registration(storage, clock):
    seen: list[tuple[str, bytes]] = []

    def policy(attestation: Any, client_data_hash: bytes) -> None:
        seen.append((attestation.fmt, client_data_hash))
        if attestation.fmt == "none":
            raise ValueError("only attested keys")

    from tests.gateway.conftest import gateway_config

    gateway = storage.gateway(clock=clock, config=gateway_config(passkey_attestation=policy))
    try:
        sls = Sls(gateway)
        new_user(sls)
        code = enrol(sls)
        token, _ = to_option(sls, USER)
        options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
        credential = HandKey().register(options)
        refusal = refused(sls, "REGISTRATION_REFUSED", token, credential)
        assert refusal.message.params == {"detail": "the gateway's attestation policy refused this key"}
        client_data = websafe_decode(credential["response"]["clientDataJSON"])
        assert seen == [("none", hashlib.sha256(client_data).digest())]
        assert sls.failures(USER) == 0
        assert [e.reason for e in events(sls, audit.SECOND_FACTOR_REFUSED)] == ["registration_refused"]
    finally:
        gateway.close()


def test_a_credential_id_registered_already_is_refused(sls: Sls):
    new_user(sls)
    new_user(sls, "pkother")
    key = HandKey()
    register(sls, key)
    code = enrol(sls, "pkother")
    token, _ = to_option(sls, "pkother")
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    refusal = refused(sls, "REGISTRATION_REFUSED", token, key.register(options))
    assert refusal.message.params == {"detail": "this key is registered already"}


def test_the_code_is_spent_only_by_a_registration(sls: Sls):
    """A right code whose registration never comes leaves the key pending: the next login asks for the
    code again; after the registration, it is never asked again."""
    new_user(sls)
    code = enrol(sls)
    token, _ = to_option(sls, USER)
    sls.service.respond(token, code.code, LOCAL)
    sls.service.cancel(token)
    token, out = to_option(sls, USER)
    assert out["challenge"]["kind"] == "passkey_enrolment"
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    answer(sls, token, HandKey().register(options))
    token, out = to_option(sls, USER)
    assert out["challenge"]["kind"] == "passkey"
    sls.refused("BAD_REQUEST", sls.service.respond, token, code.code, LOCAL)  # nothing to type now


# -- logging in: every WebAuthn check, counted -----------------------------------------------------------


def _breakers(key: HandKey, other: HandKey) -> dict[str, Any]:
    """Each WebAuthn check broken once: a function of the standing options to a refused assertion."""
    return {
        "wrong rp id": lambda o: key.assertion(o, rp_id="evil.example"),
        "wrong origin": lambda o: key.assertion(o, origin="https://evil.example"),
        "wrong origin host on any port": lambda o: key.assertion(o, origin="https://localhost.evil:8443"),
        "http origin": lambda o: key.assertion(o, origin="http://localhost:8443"),
        "wrong challenge": lambda o: key.assertion(o, challenge=secrets.token_bytes(32)),
        "registration's type": lambda o: key.assertion(o, type_="webauthn.create"),
        "no user presence": lambda o: key.assertion(o, flags=UV),
        "unknown credential": lambda o: other.assertion(o),
        "bad signature": lambda o: key.assertion(o, signer=other.private),
        "another user's handle": lambda o: key.assertion(o, user_handle=b"\1" * 16),
    }


@pytest.mark.parametrize(
    "broken",
    [
        "wrong rp id",
        "wrong origin",
        "wrong origin host on any port",
        "http origin",
        "wrong challenge",
        "registration's type",
        "no user presence",
        "unknown credential",
        "bad signature",
        "another user's handle",
    ],
)
def test_each_webauthn_check_refuses_and_counts(sls: Sls, broken: str):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    device = only_key_id(sls)
    token, options = to_assertion(sls)
    failed = refused(sls, "LOGIN_FAILED", token, _breakers(key, HandKey())[broken](options))
    assert failed.status == 401
    assert failed.message.id == texts.WRONG_RESPONSE_PASSKEY.id
    fresh = failed.details["next"]["challenge"]
    assert fresh["kind"] == "passkey"
    assert fresh["public_key"]["challenge"] != options["challenge"]
    assert sls.failures(USER) == 1
    assert counter_of(sls, device) == 0  # nothing stored for a refused assertion
    (failure,) = events(sls, audit.LOGIN_FAILED)
    assert (failure.reason, failure.device_kind, failure.device) == ("wrong_response", "passkey", device)
    # The old challenge is gone: the same right assertion to it is refused too.
    refused(sls, "LOGIN_FAILED", token, key.assertion(options))
    again = refused(sls, "LOGIN_FAILED", token, key.assertion(fresh["public_key"]))  # replaced meanwhile
    last = again.details["next"]["challenge"]["public_key"]
    assert answer(sls, token, key.assertion(last))["step"] == "existing_session"


def test_any_port_of_https_localhost_is_the_default_origin_and_a_set_origin_is_exact(storage, clock):
    from tests.gateway.conftest import gateway_config

    for origin, accepted, refused_origins in (
        (
            None,
            ["https://localhost", "https://localhost:1", "https://localhost:65535"],
            ["https://localhost:0"],
        ),
        (
            "https://localhost:8443",
            ["https://localhost:8443"],
            ["https://localhost", "https://localhost:8444"],
        ),
    ):
        gateway = storage.gateway(clock=clock, config=gateway_config(passkey_origin=origin))
        try:
            sls = Sls(gateway)
            name = f"pk{len(accepted)}{'s' if origin else 'd'}"
            new_user(sls, name)
            key = HandKey(origin=accepted[0])
            register(sls, key, name)
            for bad in refused_origins:
                token, options = to_assertion(sls, name)
                refused(sls, "LOGIN_FAILED", token, key.assertion(options, origin=bad))
                sls.service.cancel(token)
            for good in accepted:
                token, options = to_assertion(sls, name)
                assert answer(sls, token, key.assertion(options, origin=good))["step"] == "existing_session"
                sls.service.cancel(token)
        finally:
            gateway.close()


def test_a_relying_party_id_of_its_own(storage, clock):
    """A gateway configured for sls.example.com: its challenges name it, its keys sign for it, and a key's
    answer for localhost (another gateway's) is refused."""
    from tests.gateway.conftest import gateway_config

    config = gateway_config(passkey_rp_id="example.com", passkey_origin="https://sls.example.com")
    gateway = storage.gateway(clock=clock, config=config)
    try:
        sls = Sls(gateway)
        new_user(sls)
        key = HandKey(rp_id="example.com", origin="https://sls.example.com")
        register(sls, key)
        token, options = to_assertion(sls)
        assert options["rpId"] == "example.com"
        refused(sls, "LOGIN_FAILED", token, key.assertion(options, rp_id="localhost", origin=ORIGIN))
        token, options = to_assertion(sls)
        assert answer(sls, token, key.assertion(options))["step"] == "existing_session"
    finally:
        gateway.close()


@pytest.mark.parametrize(("stored", "received"), [(5, 4), (5, 5), (5, 0)])
def test_a_counter_that_does_not_go_up_is_refused_counted_and_recorded(sls: Sls, stored: int, received: int):
    new_user(sls)
    key = HandKey(counter=stored)
    register(sls, key)
    device = only_key_id(sls)
    token, options = to_assertion(sls)
    failed = refused(sls, "LOGIN_FAILED", token, key.assertion(options, counter=received))
    assert failed.message.id == texts.PASSKEY_COUNTER.id
    assert sls.failures(USER) == 1
    assert counter_of(sls, device) == stored
    (recorded,) = events(sls, audit.PASSKEY_COUNTER)
    assert (recorded.username, recorded.device, recorded.detail) == (
        USER,
        device,
        {"stored": stored, "received": received},
    )
    (failure,) = events(sls, audit.LOGIN_FAILED)
    assert failure.reason == "passkey_counter"
    fresh = failed.details["next"]["challenge"]["public_key"]
    assert answer(sls, token, key.assertion(fresh, counter=stored + 1))["step"] == "existing_session"
    assert counter_of(sls, device) == stored + 1


def test_a_key_without_a_counter_answers_with_zero_every_time(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    for _ in range(2):
        token, options = to_assertion(sls)
        assert answer(sls, token, key.assertion(options, counter=0))["step"] == "existing_session"
        sls.service.cancel(token)
    token, options = to_assertion(sls)  # once it counted, 0 is going backwards
    answer(sls, token, key.assertion(options, counter=7))
    token, options = to_assertion(sls)
    assert refused(sls, "LOGIN_FAILED", token, key.assertion(options, counter=0)).message.id == (
        texts.PASSKEY_COUNTER.id
    )


def test_a_replayed_assertion_is_refused(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    token, options = to_assertion(sls)
    used = key.assertion(options)
    assert answer(sls, token, used)["step"] == "existing_session"
    sls.refused("EXPIRED", answer, sls, token, used)  # the login moved on
    token, _ = to_assertion(sls)  # a new login, a new challenge: the old assertion does not answer it
    refused(sls, "LOGIN_FAILED", token, used)
    assert sls.failures(USER) == 1


def test_ten_refused_assertions_lock_the_user_name(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    token, options = to_assertion(sls)
    codes = []
    for _ in range(10):
        try:
            answer(sls, token, key.assertion(options, origin="https://evil.example"))
        except GatewayError as error:
            codes.append(error.code)
            if error.code == "LOGIN_FAILED":
                options = error.details["next"]["challenge"]["public_key"]
    assert codes == ["LOGIN_FAILED"] * 9 + ["LOCKED"]
    assert sls.locked_until(USER) is not None


# -- malformed answers: 400, uncounted, nothing changed ----------------------------------------------------


def _malformed(key: HandKey, options: dict[str, Any]) -> dict[str, Any]:
    good = key.assertion(options, counter=1)
    response = good["response"]
    return {
        "not an object": ["public-key"],
        "no response": {k: v for k, v in good.items() if k != "response"},
        "no signature": {**good, "response": {k: v for k, v in response.items() if k != "signature"}},
        "bad base64url": {**good, "response": {**response, "authenticatorData": "***"}},
        "short authenticator data": {**good, "response": {**response, "authenticatorData": "AAAA"}},
        "client data not JSON": {
            **good,
            "response": {**response, "clientDataJSON": websafe_encode(b"{oops")},
        },
        "client data without challenge": {
            **good,
            "response": {
                **response,
                "clientDataJSON": websafe_encode(b'{"type":"webauthn.get","origin":"x"}'),
            },
        },
        "id not rawId": {**good, "id": websafe_encode(b"other")},
        "rawId a number": {**good, "rawId": 7},
        "type null": {**good, "type": None},
        "type another": {**good, "type": "password"},
    }


def test_a_malformed_credential_is_400_uncounted_and_the_challenge_stands(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    device = only_key_id(sls)
    token, options = to_assertion(sls)
    for name, credential in _malformed(key, options).items():
        if not isinstance(credential, dict):
            sls.refused("BAD_REQUEST", answer, sls, token, credential)
            continue
        refusal = refused(sls, "BAD_REQUEST", token, credential)
        assert refusal.status == 400, name
    assert sls.failures(USER) == 0
    assert counter_of(sls, device) == 0
    assert {e.reason for e in events(sls, audit.SECOND_FACTOR_REFUSED)} == {"format"}
    assert events(sls, audit.LOGIN_FAILED) == []
    assert answer(sls, token, key.assertion(options, counter=1))["step"] == "existing_session"


def test_a_credential_for_a_typed_challenge_and_text_for_a_credential_challenge_are_400(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    token, options = to_assertion(sls)
    sls.refused("BAD_REQUEST", sls.service.respond, token, "12345678", LOCAL)
    code = enrol(sls)
    token, out = to_option(sls, USER, code.device_id)
    assert out["challenge"]["kind"] == "passkey_enrolment"
    sls.refused("BAD_REQUEST", answer, sls, token, key.assertion(options))
    token, _ = sls.password("totpuser")
    sls.refused("BAD_REQUEST", answer, sls, token, key.assertion(options))
    assert sls.failures(USER) == 0
    assert sls.failures("totpuser") == 0


# -- several keys, the desk ----------------------------------------------------------------------------------


def test_two_keys_are_one_option_either_answers_and_the_session_s_device_is_the_one_that_did(sls: Sls):
    new_user(sls)
    first, second = HandKey(), HandKey()
    register(sls, first, label="blue")
    code = enrol(sls)
    token, out = sls.password(USER)
    assert out["step"] == "choose_device"
    registered = [d for d in out["devices"] if "name" in d or d["id"] != code.device_id]
    assert [d["id"] for d in out["devices"]] == [only_key_id(sls), code.device_id]
    assert registered[0]["name"] == "blue"
    out = sls.service.choose_device(token, code.device_id)
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    assert options["excludeCredentials"] == [{"type": "public-key", "id": first.ident}]
    answer(sls, token, second.register(options), "red")
    ids = {d["label"]: d["id"] for d in sls.desk.list_devices(USER)}
    token, out = sls.password(USER)
    assert out["step"] == "second_factor"  # both keys: ONE option, entered at once
    assert out["device"]["id"] == ids["red"]  # the one used last
    assert "name" not in out["device"]
    options = out["challenge"]["public_key"]
    assert {c["id"] for c in options["allowCredentials"]} == {first.ident, second.ident}
    answer(sls, token, first.assertion(options))
    accepted = events(sls, audit.SECOND_FACTOR_ACCEPTED)
    with sls.gateway.store.read() as connection:
        last = connection.execute(select(users.c.last_device_id).where(users.c.username == USER)).scalar()
    assert last == ids["blue"]
    assert accepted == []  # metrics only: kept out of the trail
    token, out = sls.password(USER)
    assert out["device"]["id"] == ids["blue"]
    assert answer(sls, token, second.assertion(out["challenge"]["public_key"]))["step"] == "existing_session"
    assert counter_of(sls, ids["red"]) == 1
    assert counter_of(sls, ids["blue"]) == 1


def test_the_desk_lists_names_and_removes_keys(sls: Sls):
    new_user(sls)
    first, second = HandKey(), HandKey()
    register(sls, first)
    register(sls, second)
    code = enrol(sls, label="spare")
    listed = sls.desk.list_devices(USER)
    assert sorted((d["status"], d["label"] or "") for d in listed) == [
        ("active", ""),
        ("active", ""),
        ("pending", "spare"),
    ]
    by_key = {
        credential_id(key_row(sls, d["id"]).public_key): d["id"] for d in listed if d["status"] == "active"
    }
    one, two = by_key[first.credential_id], by_key[second.credential_id]
    sls.desk.name_device(USER, one, "blue YubiKey")
    (named,) = events(sls, audit.DESK_DEVICE_NAMED)
    assert (named.device, named.detail, named.actor is not None) == (one, {"label": "blue YubiKey"}, True)
    assert {d["id"]: d["label"] for d in sls.desk.list_devices(USER)}[one] == "blue YubiKey"
    sls.desk.name_device(USER, one, "")
    assert {d["id"]: d["label"] for d in sls.desk.list_devices(USER)}[one] is None
    sls.refused("ADMIN", sls.desk.name_device, USER, one, "x" * 65)
    sls.refused("ADMIN", sls.desk.name_device, USER, one, "red\x9bkey")  # C1: rules.check_device_label
    sls.refused("NO_DEVICE", sls.desk.name_device, USER, "PK-00000000", "x")
    sls.desk.remove_device(USER, one)
    token, out = sls.password(USER)
    key_option = next(d for d in out["devices"] if d["id"] != code.device_id)
    options = sls.service.choose_device(token, key_option["id"])["challenge"]["public_key"]
    assert [c["id"] for c in options["allowCredentials"]] == [second.ident]
    refused(sls, "LOGIN_FAILED", token, first.assertion(options))  # a removed key: unknown
    sls.desk.remove_device(USER, two)
    token, out = sls.password(USER)
    assert out["device"]["id"] == code.device_id  # only the pending enrolment is left


def test_a_key_removed_while_its_challenge_stands_is_gone(sls: Sls):
    new_user(sls)
    key = HandKey()
    register(sls, key)
    token, options = to_assertion(sls)
    sls.desk.remove_device(USER, only_key_id(sls))
    sls.refused("NO_DEVICE", answer, sls, token, key.assertion(options))
    assert sls.failures(USER) == 0


def test_r13_the_key_comes_first_with_the_dscplus_at_the_top_and_r12_its_limits(sls: Sls):
    assert vocabulary.security_level("passkey") == vocabulary.security_level("dscplus") == 5
    assert vocabulary.withdrawal_limits("passkey") == (None, None) == vocabulary.withdrawal_limits("dscplus")
    new_user(sls)
    sls.desk.add_device(USER, "sms", phone="+15555550177")
    sls.desk.add_device(USER, "dscplus", pin="1234")
    register(sls, HandKey())
    _, out = sls.password(USER)
    assert [d["kind"] for d in out["devices"]] == ["passkey", "dscplus", "sms"]


def test_the_replacement_option_is_refused_for_a_pending_key(sls: Sls):
    new_user(sls)
    sls.refused("ADMIN", sls.desk.add_device, USER, "passkey", replacement=True)
    sls.refused("ADMIN", sls.desk.add_device, USER, "passkey", valid_for=1)
    sls.refused("ADMIN", sls.desk.add_device, USER, "passkey", label="\x07")
    sls.refused("ADMIN", sls.desk.add_device, USER, "passkey", label="red\x85key")
    sls.refused("NO_USER", sls.desk.add_device, "nobody", "passkey")
    assert sls.desk.list_devices(USER) == []


def test_the_label_of_a_registration_is_at_most_64_characters(sls: Sls):
    new_user(sls)
    code = enrol(sls)
    token, _ = to_option(sls, USER)
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    sls.refused("BAD_REQUEST", answer, sls, token, HandKey().register(options), "x" * 65)
    sls.refused("BAD_REQUEST", answer, sls, token, HandKey().register(options), "red\nkey")
    for control in ("\x7f", "\x85", "\x9b"):  # DEL and C1 (NEL, CSI) too: rules.check_device_label
        sls.refused("BAD_REQUEST", answer, sls, token, HandKey().register(options), f"red{control}key")
    assert sls.failures(USER) == 0
    assert answer(sls, token, HandKey().register(options), "x" * 64)["step"] == "session"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"passkey_rp_id": "127.0.0.1"}, "is an IP address"),
        ({"passkey_rp_id": "Local Host"}, "is not a host name"),
        ({"passkey_origin": "http://localhost"}, "is not an origin https://HOST[:PORT]"),
        ({"passkey_origin": "https://example.com"}, "is not on the relying party id localhost"),
    ],
)
def test_a_gateway_config_with_a_bad_relying_party_is_refused_when_made(changes: dict[str, str], says: str):
    with pytest.raises(ValueError, match=re.escape(says)):
        GatewayConfig(**changes)
    config = GatewayConfig(passkey_rp_id="example.com", passkey_origin="https://SLS.example.com:443/")
    assert (config.passkey_rp_id, config.passkey_origin) == ("example.com", "https://sls.example.com:443")


def test_the_user_handle_the_key_gives_is_the_one_it_was_registered_for(sls: Sls):
    new_user(sls)
    code = enrol(sls)
    token, _ = to_option(sls, USER)
    options = sls.service.respond(token, code.code, LOCAL)["challenge"]["public_key"]
    handle = websafe_decode(options["user"]["id"])
    key = HandKey()
    answer(sls, token, key.register(options))
    token, options = to_assertion(sls)
    assert answer(sls, token, key.assertion(options, user_handle=handle))["step"] == "existing_session"


def test_a_virtual_key_from_the_desk_is_registered_with_this_gateway_s_relying_party(storage, clock):
    from tests.gateway.conftest import gateway_config
    from tests.gateway.test_passkey_http import ceremony

    config = gateway_config(passkey_rp_id="example.com", passkey_origin="https://sls.example.com")
    gateway = storage.gateway(clock=clock, config=config)
    try:
        sls = Sls(gateway)
        new_user(sls)
        key = sls.desk.add_device(USER, "passkey", virtual=True, label="test key")
        (credential,) = key.credentials
        assert (credential.rp_id, credential.user_name) == ("example.com", USER)
        assert not key.auto_touch  # touched for the registration only
        (row,) = sls.desk.list_devices(USER)
        assert (row["status"], row["label"], row["expires_at"]) == ("active", "test key", None)
        token, options = to_assertion(sls)
        answered = ceremony(key, options, "https://sls.example.com")
        assert answer(sls, token, answered)["step"] == "session"
    finally:
        gateway.close()
