"""The security key (passkey) on the gateway: a WebAuthn relying party on Yubico's fido2 (issue 18).

The relying party: one `fido2.server.Fido2Server` per gateway part (`relying_party(part)`), rp = {id:
`GatewayConfig.passkey_rp_id` (default `localhost`), name: the gateway's name}. Client data must name
`passkey_origin` exactly, or (unset) `https://<rp id>` on any port. Attestation "none" is asked for and
accepted; `GatewayConfig.passkey_attestation` is the policy hook for more (called with fido2's
`AttestationObject` and the client data's hash; raising refuses the registration). User verification is
"preferred" (a key with a PIN asks it), user presence is required (fido2 refuses an authenticator data
without the UP flag).

A key is one `devices` row (id `PK-` + 8 upper hex):
- **pending** (`sls-gateway device add USER passkey`): `expires_at` the enrolment code's end, `sealed`
  {"code_hash", "salt"} (the code itself is printed once, never stored, logged or audited), `label` the
  desk's name for it. Its first challenge is `passkey_enrolment` {kind}: the trader types the code; a
  wrong one is counted (R3, `wrong_enrolment_code`), a wrongly shaped one refused uncounted; a right one
  answers 200 with the `passkey_registration` challenge (the code is spent only when the registration
  succeeds). The registration (fido2 `register_begin`/`register_complete`, `excludeCredentials` the
  user's registered keys) makes the row **active**: `public_key` = the bytes of fido2's
  `AttestedCredentialData` (aaguid, credential id, COSE key), `sealed` {"counter", "user" (the user handle
  it was registered for: an assertion naming another is refused)}, `label` the name the trader gave (else
  the desk's), `activated_at`; `passkey.registered` in the audit trail; the login then ends as any right
  answer does. A credential id another row has already is refused; so is a registration
  fido2 or the policy refuses: 400 `REGISTRATION_REFUSED` (`passkey_registration_refused` {detail}),
  uncounted, the challenge standing.
- **active**: all the user's active keys are ONE M2FS option (`offered`; its id the key used last, else
  the first registered) whose challenge `passkey` lists them all in `allowCredentials`; the row of the key
  that answered is the session's device. Every refused assertion (wrong origin, challenge, rp id hash, no
  user presence, unknown credential, bad signature) is 401 `LOGIN_FAILED` `wrong_response_passkey`,
  counted, with a fresh challenge; a signature counter that does not go up (unless both are 0: a key
  without a counter) is `passkey_counter`, counted and recorded (`passkey.counter` {stored, received}).
  The counter is kept in the row's sealed secrets and stored by `Step.replace_device_secret`, a
  compare-and-set: of two assertions with the same counter, by any gateway processes, one succeeds.

A credential that is not WebAuthn's JSON (a missing field, bad base64url, bad CBOR, bad client data JSON)
is 400 `BAD_REQUEST`, uncounted, the challenge standing. Challenges expire after `CHALLENGE_TTL` (180 s;
the options' `timeout` says 180000 ms); each is single use (a fresh one after every refused answer).

At the desk, `--virtual` enrols a virtual security key (auth.devices.passkey) already registered: the
desk runs fido2's real client against this gateway's own relying party, in process.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import secrets
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TextIO

from fido2.cose import ES256
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestationConveyancePreference,
    AttestedCredentialData,
    AuthenticationResponse,
    PublicKeyCredentialParameters,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialType,
    PublicKeyCredentialUserEntity,
    RegistrationResponse,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth import moments, rules, texts, vocabulary
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.config import check_passkey_origin, parse_duration, parse_origin, parse_rp_id
from trader_login.auth.gateway.errors import GatewayError, bad_request, refusal
from trader_login.auth.gateway.kinds._part import (
    Credential,
    Enrolment,
    EnrolmentError,
    GatewayKind,
    Issued,
    Next,
    Step,
    Wrong,
    b64,
    same,
    unb64,
)
from trader_login.auth.gateway.kinds._wire import Challenge, Reply
from trader_login.auth.gateway.part import GatewayPart, LoginRows
from trader_login.auth.gateway.store import device_links, devices

TIMEOUT_MS = int(vocabulary.CHALLENGE_TTL * 1000)  # the options' timeout: the challenge's life
DEFAULT_VALID_FOR = 72 * 3600.0  # an enrolment code's life by default (`device add --valid-for`)
CODE_LENGTH = 12
# The COSE algorithms a key may register with: the creation options' pubKeyCredParams, in this order (ES256,
# every FIDO2 key's); a registration whose public key has another is refused.
ALGORITHMS: tuple[int, ...] = (ES256.ALGORITHM,)
_ID_PREFIX = "PK-"
_PUBLIC_KEY = "public-key"  # a PublicKeyCredential's one type
_ORIGIN_HOST = re.compile(r"https://(?P<host>[^/:?#@]+)(:(?P<port>[0-9]{1,5}))?")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# The binary fields of a credential's WebAuthn JSON (base64url): fido2's decoder skips characters outside
# the alphabet, so they are checked here first (a bad one is a malformed body: 400, uncounted).
_ASSERTION_BINARY = ("rawId", "clientDataJSON", "authenticatorData", "signature", "userHandle")
_REGISTRATION_BINARY = ("rawId", "clientDataJSON", "attestationObject")

_KEYS = (
    select(devices)
    .join(device_links, device_links.c.device_id == devices.c.id)
    .where(
        device_links.c.user_id == bindparam("user_id"),
        device_links.c.status == "approved",
        devices.c.kind == "passkey",
        devices.c.status == "active",
        devices.c.public_key.is_not(None),
    )
    .order_by(devices.c.activated_at, devices.c.id)
)
_ALL_KEYS = select(devices.c.id, devices.c.public_key).where(
    devices.c.kind == "passkey", devices.c.public_key.is_not(None)
)
_REGISTER = (
    update(devices)
    .where(devices.c.id == bindparam("device_id"), devices.c.status == "pending")
    .values(
        status="active",
        public_key=bindparam("public_key"),
        sealed=bindparam("sealed"),
        label=bindparam("label"),
        activated_at=bindparam("now"),
        expires_at=None,
    )
)


# -- the wire's challenges (docs/protocol.md) ---------------------------------------------------------------


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # an optional field is left out, never null (api_schema.absent)


# WebAuthn's options in their JSON form (WebAuthn Level 3, §5.4, §5.5; base64url for binary), as fido2
# writes them: the fields this gateway sends, no more (the document forbids others).
_B64URL = "base64url (RFC 4648 §5), no padding"


class _RpEntity(Reply):
    id: str = Field(description="The relying party id: the gateway's passkey_rp_id.")
    name: str


class _UserEntity(Reply):
    id: str = Field(description=f"The user handle, {_B64URL}: 16 bytes, no personal data.")
    name: str
    displayName: str  # noqa: N815 - WebAuthn's name


class _CredentialParameters(Reply):
    type: Literal["public-key"]
    alg: int = Field(description="A COSE algorithm (-7: ES256).")


class _CredentialDescriptor(Reply):
    type: Literal["public-key"]
    id: str = Field(description=f"A credential id, {_B64URL}.")
    transports: list[str] | SkipJsonSchema[None] = Field(default=None, json_schema_extra=_no_default)


class _AuthenticatorSelection(Reply):
    residentKey: Literal["preferred"]  # noqa: N815 - WebAuthn's name
    userVerification: Literal["preferred"]  # noqa: N815
    requireResidentKey: bool  # noqa: N815


class CreationOptions(Reply):
    rp: _RpEntity
    user: _UserEntity
    challenge: str = Field(description=f"32 random bytes, {_B64URL}: the challenge, single use.")
    pubKeyCredParams: list[_CredentialParameters]  # noqa: N815
    timeout: int = Field(description="Milliseconds: 180000, the challenge's life.")
    excludeCredentials: list[_CredentialDescriptor] = Field(  # noqa: N815
        description="The user's registered keys: a key holding one of them answers CREDENTIAL_EXCLUDED."
    )
    authenticatorSelection: _AuthenticatorSelection  # noqa: N815
    attestation: Literal["none"]


class RequestOptions(Reply):
    challenge: str = Field(description=f"32 random bytes, {_B64URL}: the challenge, single use.")
    timeout: int = Field(description="Milliseconds: 180000, the challenge's life.")
    rpId: str = Field(description="The relying party id: the gateway's passkey_rp_id.")  # noqa: N815
    allowCredentials: list[_CredentialDescriptor] = Field(  # noqa: N815
        description="Every registered key of the user: any of them answers."
    )
    userVerification: Literal["preferred"]  # noqa: N815


class PasskeyAssertion(Challenge):
    kind: Literal["passkey"]
    public_key: RequestOptions = Field(
        description="WebAuthn PublicKeyCredentialRequestOptions in their JSON form: the client's key signs "
        "the challenge (navigator.credentials.get)."
    )


class PasskeyEnrolment(Challenge):
    kind: Literal["passkey_enrolment"]


class PasskeyRegistration(Challenge):
    kind: Literal["passkey_registration"]
    public_key: CreationOptions = Field(
        description="WebAuthn PublicKeyCredentialCreationOptions in their JSON form: the client's key makes "
        "a credential (navigator.credentials.create)."
    )


# -- what the desk hands over ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentCode:
    """A pending key's one-time enrolment code, as the desk prints it once (ABCD-EFGH-JKMN): what
    `ClientServices.add_device(user, "passkey")` returns. The code is not in the repr."""

    kind: ClassVar[str] = "passkey"  # the kind of the device it enrols (no device file: nothing to hand over)

    device_id: str
    code: str = field(repr=False)
    valid_until: float
    label: str | None = None

    @property
    def printed(self) -> str:
        """The code in groups of four, as the trader reads it."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class _Sealed(dict):
    """The device's secrets on their way to the desk's vault: a repr that shows no value."""

    def __repr__(self) -> str:
        return f"<sealed: {', '.join(self)}>"


def new_code() -> str:
    return "".join(secrets.choice(rules.ENROLMENT_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _code_hash(salt: bytes, code: str) -> bytes:
    """The enrolment code at rest (inside the row's sealed secrets, so twice protected): salted SHA-256."""
    return hashlib.sha256(b"passkey-enrolment\0" + salt + code.encode("ascii")).digest()


def check_label(label: Any) -> str | None:
    """A key's name as kept (`rules.device_label`: stripped, blank is none), or EnrolmentError unless
    `rules.check_device_label` takes it (at most DEVICE_LABEL_MAX characters, no control characters)."""
    if label is None:
        return None
    if not isinstance(label, str) or not rules.check_device_label(label).ok:
        raise EnrolmentError(rules.DEVICE_LABEL_RULE)
    return rules.device_label(label)


# -- the relying party -------------------------------------------------------------------------------------

_SERVERS: weakref.WeakKeyDictionary[GatewayPart, Fido2Server] = weakref.WeakKeyDictionary()


def origin_check(rp_id: str, origin: str | None) -> Callable[[str], bool]:
    """fido2's `verify_origin`: `origin` exactly, or (None) https://<rp_id> on any port."""
    if origin is not None:
        return lambda given: isinstance(given, str) and given == origin

    def any_port(given: str) -> bool:
        match = _ORIGIN_HOST.fullmatch(given) if isinstance(given, str) else None
        if match is None or match["host"] != rp_id:
            return False
        return match["port"] is None or 1 <= int(match["port"]) <= 65535

    return any_port


def relying_party(part: GatewayPart) -> Fido2Server:
    """The gateway part's relying party, made once (ValueError, one line, for a bad rp id or origin)."""
    server = _SERVERS.get(part)
    if server is None:
        config = part.config
        rp_id = parse_rp_id(config.passkey_rp_id)
        origin = parse_origin(config.passkey_origin) if config.passkey_origin is not None else None
        check_passkey_origin(origin, rp_id)
        server = Fido2Server(
            PublicKeyCredentialRpEntity(name=config.name, id=rp_id),
            attestation=AttestationConveyancePreference.NONE,
            verify_origin=origin_check(rp_id, origin),
            verify_attestation=config.passkey_attestation,
        )
        server.timeout = TIMEOUT_MS
        server.allowed_algorithms = [
            PublicKeyCredentialParameters(type=PublicKeyCredentialType.PUBLIC_KEY, alg=alg)
            for alg in ALGORITHMS
        ]
        _SERVERS[part] = server
    return server


def client_origin(part: GatewayPart) -> str:
    """An origin this gateway's relying party accepts: the configured one, else https://<rp id>."""
    config = part.config
    return config.passkey_origin or f"https://{config.passkey_rp_id}"


def user_entity(part: GatewayPart, username: str) -> PublicKeyCredentialUserEntity:
    """The WebAuthn user: a handle the vault derives from the user name (16 bytes, no personal data: the
    name cannot be read back from it), the user name as name and display name."""
    handle = part.vault.mac("passkey-user-handle", username.encode("utf-8"))[:16]
    return PublicKeyCredentialUserEntity(id=handle, name=username, display_name=username)


def credential_id(public_key: bytes) -> bytes:
    """The credential id inside a stored AttestedCredentialData (aaguid 16, length 2, id)."""
    length = int.from_bytes(public_key[16:18], "big")
    return bytes(public_key[18 : 18 + length])


def _registered(connection: Connection, user_id: int) -> list[Row]:
    return list(connection.execute(_KEYS, {"user_id": user_id}).all())


# -- the part ------------------------------------------------------------------------------------------------


class PasskeyKind(GatewayKind):
    wrong_text = texts.WRONG_RESPONSE_PASSKEY
    enrol_with_desk = True
    phishing_resistant = True  # R13: first among level 5 (with the DSC+)
    challenge_models = (PasskeyAssertion, PasskeyEnrolment, PasskeyRegistration)

    # -- the options and the opening challenge -----------------------------------------------------------

    def usable(self, device: Row, status: str, now: float) -> bool:
        if status == "active":
            return device.public_key is not None
        return status == "pending" and device.expires_at is not None and device.expires_at > now

    def offered(self, user: Row, usable: list[Row]) -> list[dict[str, Any]]:
        """One option for every registered key (any of them answers), one per pending enrolment."""
        active = sorted(
            (d for d in usable if d.status == "active"), key=lambda d: (d.activated_at or 0, d.id)
        )
        options = []
        if active:
            chosen = next((d for d in active if d.id == user.last_device_id), active[0])
            option = LoginRows.option(chosen.id, self.name)
            if len(active) == 1 and active[0].label:
                option["name"] = active[0].label
            options.append(option)
        for pending in (d for d in usable if d.status == "pending"):
            option = LoginRows.option(pending.id, self.name)
            if pending.label:
                option["name"] = pending.label
            options.append(option)
        return options

    def opening_challenge(self, step: Step) -> str:
        return "passkey_enrolment" if step.device().status == "pending" else "passkey"

    # -- issuing -------------------------------------------------------------------------------------

    def issue(self, step: Step, challenge: str) -> Issued:
        expires = step.now + vocabulary.CHALLENGE_TTL
        if challenge == "passkey_enrolment":
            return Issued({"kind": challenge}, {}, expires)
        server = relying_party(step.part)
        keys = [AttestedCredentialData(row.public_key) for row in _registered(step.connection, step.user.id)]
        if challenge == "passkey_registration":
            options, state = server.register_begin(
                user_entity(step.part, step.user.username),
                credentials=keys,
                resident_key_requirement=ResidentKeyRequirement.PREFERRED,
                user_verification=UserVerificationRequirement.PREFERRED,
            )
        else:
            options, state = server.authenticate_begin(
                keys, user_verification=UserVerificationRequirement.PREFERRED
            )
        # Through JSON: fido2's options hold str enums; the wire, the login row and the reply hold plain JSON.
        public = {"kind": challenge, "public_key": json.loads(json.dumps(dict(options.public_key)))}
        sealed: dict[str, Any] = {
            "state": {"challenge": state["challenge"], "user_verification": "preferred"}
        }
        if challenge == "passkey_registration":  # what the key may answer with: checked at registration
            sealed["algorithms"] = [param["alg"] for param in public["public_key"]["pubKeyCredParams"]]
        return Issued(public, sealed, expires)

    # -- checking --------------------------------------------------------------------------------------

    def check(self, step: Step, challenge: str, response: Any) -> bool | Wrong | Next | GatewayError:
        if challenge == "passkey_enrolment":
            return self._check_code(step, challenge, response)
        if not isinstance(response, Credential):  # the shared code sends none other; be sure
            return bad_request("This challenge is answered with a security key's credential.")
        label = response.label
        if label is not None and (not isinstance(label, str) or not rules.check_device_label(label).ok):
            return bad_request(
                f"label is at most {rules.DEVICE_LABEL_MAX} characters, with no control characters"
            )
        response = Credential(response.data, rules.device_label(label))
        if challenge == "passkey_registration":
            return self._register(step, response)
        return self._assert(step, response)

    def _check_code(self, step: Step, challenge: str, response: Any) -> Wrong | Next | GatewayError:
        answer = self.answer(challenge, response) if isinstance(response, str) else None
        if answer is None:
            # Not 12 characters of the code's alphabet: no attempt at a code, not counted (R3).
            return refusal("BAD_REQUEST", texts.ENROLMENT_CODE_FORMAT, 400)
        sealed = step.device_secret()
        expected = unb64(sealed["code_hash"])
        if not same(_code_hash(unb64(sealed["salt"]), answer), expected):
            return Wrong("LOGIN_FAILED", texts.WRONG_ENROLMENT_CODE)
        return Next("passkey_registration")

    def _register(self, step: Step, answer: Credential) -> bool | GatewayError:
        if answer.data.get("type", _PUBLIC_KEY) != _PUBLIC_KEY:
            return bad_request("credential's type must be public-key")
        if (name := _not_base64url(answer.data, _REGISTRATION_BINARY)) is not None:
            return bad_request(f"credential's {name} is not base64url")
        try:
            registration = RegistrationResponse.from_dict(answer.data)
            attestation = registration.response.attestation_object
            client_data = registration.response.client_data
        except Exception:  # whatever fido2's parsers raise for bytes they cannot read
            return bad_request("credential is not a WebAuthn registration in its JSON form")
        server = relying_party(step.part)
        secret = step.challenge_secret()
        try:
            auth_data = server.register_complete(secret["state"], registration)
        except Exception as error:  # fido2's checks raise ValueError; odd data others
            return _registration_refused(str(error) if isinstance(error, ValueError) else "unreadable data")
        if auth_data.credential_data is None:
            return _registration_refused("no credential in the authenticator data")
        algorithm = auth_data.credential_data.public_key.get(3)  # COSE key parameter 3: alg
        if algorithm not in secret.get("algorithms", ALGORITHMS):
            # WebAuthn §7.1 step 22: the key's algorithm must be one of pubKeyCredParams.
            return _registration_refused("the key's algorithm is not one the gateway offered")
        policy = step.part.config.passkey_attestation
        if policy is not None:
            # fido2 calls its verify_attestation only when the server asks for attestation; asked for
            # "none", the gateway applies its policy itself, to every registration.
            try:
                policy(attestation, client_data.hash)
            except Exception:  # the operator's policy refuses by raising anything
                return _registration_refused("the gateway's attestation policy refused this key")
        stored = bytes(auth_data.credential_data)
        new_id = auth_data.credential_data.credential_id
        for row in step.connection.execute(_ALL_KEYS):
            if credential_id(row.public_key) == new_id:
                return _registration_refused("this key is registered already")
        device = step.device()
        label = answer.label or device.label
        handle = user_entity(step.part, step.user.username).id
        sealed = step.part.vault.seal_json(
            {"counter": auth_data.counter, "user": b64(handle)}, f"device:{device.id}"
        )
        changed = step.connection.execute(
            _REGISTER,
            {"device_id": device.id, "public_key": stored, "sealed": sealed, "label": label, "now": step.now},
        ).rowcount
        if not changed:  # registered by another request meanwhile: this enrolment is spent
            return refusal("EXPIRED", texts.CHALLENGE_EXPIRED, 410)
        step.part.events.emit(
            step.connection,
            audit.PASSKEY_REGISTERED,
            username=step.user.username,
            address=step.login.address,
            device_kind=self.name,
            device=device.id,
            detail={"label": label or ""},
        )
        return True

    def _assert(self, step: Step, answer: Credential) -> bool | Wrong | GatewayError:
        if answer.data.get("type", _PUBLIC_KEY) != _PUBLIC_KEY:  # fido2 would take null for it
            return bad_request("credential's type must be public-key")
        if (name := _not_base64url(answer.data, _ASSERTION_BINARY)) is not None:
            return bad_request(f"credential's {name} is not base64url")
        try:
            assertion = AuthenticationResponse.from_dict(answer.data)
            auth_data = assertion.response.authenticator_data
            assertion.response.client_data.hash  # noqa: B018 - parsed, or malformed
        except Exception:  # whatever fido2's parsers raise for bytes they cannot read
            return bad_request("credential is not a WebAuthn assertion in its JSON form")
        rows = _registered(step.connection, step.user.id)
        server = relying_party(step.part)
        try:
            server.authenticate_complete(
                step.challenge_secret()["state"],
                [AttestedCredentialData(row.public_key) for row in rows],
                assertion,
            )
        except Exception:  # refused: wrong origin, challenge, rp id, no UP, unknown, signature
            return self.wrong(step, "passkey")
        row = next(r for r in rows if credential_id(r.public_key) == assertion.raw_id)
        sealed = step.part.vault.open_json(row.sealed, f"device:{row.id}") if row.sealed else {}
        handle = assertion.response.user_handle
        if handle is not None and "user" in sealed and not same(handle, unb64(sealed["user"])):
            # WebAuthn §7.2: a user handle, when the key gives one, is the one the key was registered for.
            return self.wrong(step, "passkey")
        stored, received = int(sealed.get("counter", 0)), auth_data.counter
        if (received > stored or received == stored == 0) and step.replace_device_secret(
            row, {**sealed, "counter": received}
        ):
            step.device_id = row.id  # the session's device: the key that answered
            return True
        # Not increased (a cloned key?), or another request stored this counter first (compare-and-set).
        step.part.events.emit(
            step.connection,
            audit.PASSKEY_COUNTER,
            username=step.user.username,
            address=step.login.address,
            device_kind=self.name,
            device=row.id,
            detail={"stored": stored, "received": received},
        )
        return Wrong("LOGIN_FAILED", texts.PASSKEY_COUNTER, reason="passkey_counter")

    # -- enrolment at the desk ---------------------------------------------------------------------------

    def add_arguments(self, parser: Any) -> list[argparse.Action]:
        parser.description = (
            "Without --virtual: a pending key and a one-time enrolment code, printed once; the trader types "
            "it at the next login and registers the key there. --virtual: a virtual security key already "
            "registered (save it with --export FILE)."
        )
        return [
            parser.add_argument(
                "--label",
                metavar="NAME",
                help=f"the key's name (at most {rules.DEVICE_LABEL_MAX} characters)",
            ),
            parser.add_argument(
                "--valid-for",
                metavar="DURATION",
                type=_duration,
                help="how long the enrolment code stays good: 90m, 72h, 7d (default: 72h)",
            ),
            parser.add_argument(
                "--virtual",
                action="store_true",
                default=False,
                help="a virtual security key, registered now (for testing; --export writes its file)",
            ),
        ]

    def desk_options(self, args: argparse.Namespace, read_stdin: Callable[[], str]) -> dict[str, Any]:
        options: dict[str, Any] = {"label": check_label(getattr(args, "label", None))}
        if getattr(args, "virtual", False):
            if getattr(args, "valid_for", None) is not None:
                raise EnrolmentError("--valid-for is for an enrolment code, not a --virtual key")
            options["virtual"] = True
        else:
            if getattr(args, "export", None) is not None:
                raise EnrolmentError("--export writes a --virtual key's file; a pending key has none")
            if getattr(args, "replacement", False):
                raise EnrolmentError("a security key is not shipped as a replacement (--replacement)")
            if getattr(args, "valid_for", None) is not None:
                options["valid_for"] = args.valid_for
        return options

    def enrol(
        self,
        username: str,
        now: float,
        *,
        desk: GatewayPart | None = None,
        label: str | None = None,
        valid_for: float | None = None,
        virtual: bool = False,
        **others: Any,
    ) -> Enrolment:
        self.no_options(**others)
        label = check_label(label)
        device_id = f"{_ID_PREFIX}{secrets.token_hex(4).upper()}"
        if virtual:
            if valid_for is not None:
                raise EnrolmentError("a virtual key is registered at once: it takes no valid_for")
            if desk is None:
                raise EnrolmentError("a virtual key is registered with the gateway's desk")
            return self._virtual(desk, username, now, device_id, label)
        valid_for = DEFAULT_VALID_FOR if valid_for is None else valid_for
        if not isinstance(valid_for, int | float) or not 60 <= valid_for <= 365 * 86400:
            raise EnrolmentError("an enrolment code is valid for 1 minute to 365 days")
        code = new_code()
        salt = secrets.token_bytes(16)
        sealed = _Sealed(code_hash=b64(_code_hash(salt, code)), salt=b64(salt))
        row = {
            "id": device_id,
            "status": "pending",
            "activated_at": None,
            "expires_at": now + valid_for,
            "label": label,
            "sealed": sealed,
        }
        return Enrolment(EnrolmentCode(device_id, code, now + valid_for, label), row)

    def _virtual(
        self, desk: GatewayPart, username: str, now: float, device_id: str, label: str | None
    ) -> Enrolment:
        """A virtual key registered through fido2's real client against this gateway's relying party."""
        from fido2.client import DefaultClientDataCollector, Fido2Client, UserInteraction

        from trader_login.auth.devices.passkey import VirtualSecurityKey

        key = VirtualSecurityKey.create()
        key.auto_touch = True
        server = relying_party(desk)
        user = user_entity(desk, username)
        options, state = server.register_begin(
            user,
            resident_key_requirement=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.DISCOURAGED,
        )
        client = Fido2Client(key, DefaultClientDataCollector(client_origin(desk)), UserInteraction())
        try:
            response = client.make_credential(options.public_key)
            auth_data = server.register_complete(state, response)
        except Exception as error:  # the virtual key or fido2 refused: say so, store nothing
            raise EnrolmentError(f"the virtual key could not be registered: {type(error).__name__}") from None
        finally:
            key.auto_touch = False
        assert auth_data.credential_data is not None  # register_complete checked it
        row = {
            "id": device_id,
            "status": "active",
            "activated_at": now,
            "public_key": bytes(auth_data.credential_data),
            "label": label,
            "sealed": _Sealed(counter=auth_data.counter, user=b64(user.id)),
        }
        return Enrolment(key, row)

    def log_levels(self) -> dict[str, int]:
        # fido2's relying party says INFO for every key registered or answering (credential ids), its
        # client for the desk's virtual keys (`--demo`'s): the audit trail records what matters
        # (passkey.registered, login.succeeded), once.
        return {"fido2": logging.WARNING}

    def desk_note(self, row: Mapping[str, Any], show: Callable[[float], str]) -> str | None:
        """A pending key is one still to register: its enrolment code's end."""
        if row["status"] == "pending" and row["expires_at"]:
            return f"enrolment code valid until {show(row['expires_at'])}"
        return None

    def enrolled(self, enrolment: Enrolment, args: argparse.Namespace, out: TextIO) -> None:
        code = enrolment.device
        if not isinstance(code, EnrolmentCode):
            print("a virtual security key, registered", file=out)
            return
        until = moments.show(
            code.valid_until,
            language=getattr(args, "moment_language", None),
            zone=getattr(args, "moment_zone", None),
        )
        print(f"enrolment code: {code.printed} (valid until {until})", file=out)


def _not_base64url(data: Any, names: tuple[str, ...]) -> str | None:
    """The first of a credential's binary fields (at the top or in its `response`) that is present and not
    base64url (RFC 4648 §5, no padding), else None."""
    response = data.get("response")
    for name in names:
        holder = data if name == "rawId" else response
        if not isinstance(holder, dict) or name not in holder:
            continue
        value = holder[name]
        if name == "userHandle" and value is None:
            continue  # no user handle (JSON's null): WebAuthn's "not given"
        if not isinstance(value, str) or not _BASE64URL.fullmatch(value) or len(value) % 4 == 1:
            return name
    return None


def _registration_refused(detail: str) -> GatewayError:
    return refusal("REGISTRATION_REFUSED", texts.PASSKEY_REGISTRATION_REFUSED, 400, detail=detail)


def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


GATEWAY_KIND = PasskeyKind("passkey")
