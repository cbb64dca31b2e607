"""The shapes of the gateway's HTTP replies, for its OpenAPI document (SPEC §6, docs/protocol.md).

The endpoints send the service's dicts as they are: these models describe them, they do not rebuild them,
so the wire format is the service's and no reply is serialised twice. The tests hold the two together:
tests/gateway/test_http_schema.py checks real replies of every kind of login against this document, and
runs schemathesis against a live gateway.

An optional field here is left out of a reply where it does not apply; it is never sent as null. What the
gateway keeps in one table is taken from it, never copied: R1's pattern (rules.py), the device kinds
(vocabulary.py), the message ids (texts.py), the restriction codes (sessions.py). Each kind's challenge
models are its gateway part's (`GatewayKind.challenge_models`, auth/gateway/kinds/): `Challenge` is their
union, so a new kind's challenges are in the document without an edit here. The other enums (mode, step,
status) are the service's literals, held to it by those tests.
"""

from __future__ import annotations

import functools
import operator
import re
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from trader_login.auth import restart, rules, texts, vocabulary
from trader_login.auth.gateway import kinds
from trader_login.auth.gateway.kinds import _wire
from trader_login.auth.gateway.kinds._part import GatewayKind
from trader_login.auth.gateway.sessions import RESTRICTION_TEXTS

# Tokens are `secrets.token_urlsafe(32)`; anything far from that shape is refused before a lookup.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")

Mode = Literal["live", "paper"]
DeviceKind = Literal[tuple(vocabulary.DEVICE_KINDS)]  # type: ignore[valid-type]
MessageId = Literal[tuple(texts.TEXTS)]  # type: ignore[valid-type]
MESSAGE_ID_DESCRIPTION = (
    "The message's id in the catalogue (trader_login/auth/texts.py): with `params`, it identifies the text; "
    "a client shows its own translation of it."
)
PARAMS_DESCRIPTION = "The values of the text's `{name}` fields, by name (never a secret)."
Params = dict[str, str | int | float]
RestrictionCode = Literal[tuple(RESTRICTION_TEXTS)]  # type: ignore[valid-type]


def base64_field(description: str, max_bytes: int | None = None, **kwargs: Any) -> Any:
    """A string of standard base64 (RFC 4648 §4, padded): `format: byte` in the document."""
    if max_bytes is not None:
        kwargs["max_length"] = 4 * ((max_bytes + 2) // 3)
    return Field(description=description, json_schema_extra={"format": "byte"}, **kwargs)


def absent(description: str, **schema: Any) -> Any:
    """An optional field: left out of the reply where it does not apply (not null), so the document
    shows neither a null type nor a default. `schema`: more keywords for the document."""

    def edit(field_schema: dict[str, Any]) -> None:
        field_schema.pop("default", None)
        field_schema.update(schema)

    return Field(default=None, description=description, json_schema_extra=edit)


# The base of every reply's model (extra fields forbidden), shared with the kinds' challenge models.
_Reply = _wire.Reply


# --- step 1 -------------------------------------------------------------------------------------------------


class KdfParameters(_Reply):
    algorithm: Literal["argon2id"]
    salt: str = base64_field("The Argon2id salt.")
    memory_kib: int = Field(description="Memory in KiB.")
    iterations: int = Field(description="Passes.")
    lanes: int = Field(description="Lanes (parallelism).")


class LoginStarted(_Reply):
    login_token: str = Field(
        pattern=f"^{TOKEN.pattern}$", description="The bearer token of every later step of this login."
    )
    salt: str = base64_field("The SRP salt s, bytes as they go into x = H(s | H(I | ':' | P')).")
    kdf: KdfParameters
    server_public: str = base64_field("SRP B as PAD(B): big-endian, 256 bytes.")
    expires_at: float = Field(description="Unix seconds: the login must be finished by then (15 minutes).")
    restart_challenge: str | SkipJsonSchema[None] = absent(
        "A restart login (`restart_grant` given): 32 fresh random bytes the device key signs "
        "(`restart_signature` of the proof), for any grant id and user name, known or not.",
        format="byte",
    )


# --- devices and challenges ---------------------------------------------------------------------------------


class DeviceOption(_Reply):
    id: str = Field(description="The device's id; `temp-passcode` for a temporary passcode.")
    kind: DeviceKind
    label: str = Field(description="The device kind's name in English (the vocabulary's label).")
    level: int = Field(description="R13's security level: higher is more secure.")
    name: str | SkipJsonSchema[None] = absent(
        "The device's own name, where it has one (a security key's, given at the desk or at "
        "registration): at most 64 characters."
    )


def challenge_union(parts: Mapping[str, GatewayKind]) -> Any:
    """The `challenge` of a second-factor step: one of the parts' `challenge_models`, told apart by their
    `kind`, in the vocabulary's order of the kinds; a model two parts share (the cards') is listed once.
    Each challenge kind of each part must be the `kind` of exactly one model the part lists. Refused
    (`vocabulary.KindRegistryError`, when the document is built, i.e. when the gateway's app is): a
    challenge kind without a model (a half-registered kind), a model that is no `kinds._wire.Challenge`
    with a Literal `kind`, a model listed by a part that issues none of its kinds, a `kind` no part
    listing the model issues, a `kind` two models claim."""
    models: dict[type[BaseModel], list[str]] = {}
    for name, part in parts.items():
        for model in part.challenge_models:
            models.setdefault(model, []).append(name)
    claimed: dict[str, str] = {}
    for model, owners in models.items():
        where = f"device kind {owners[0]!r}: challenge model {getattr(model, '__name__', model)!r}"
        if not (
            isinstance(model, type) and issubclass(model, _wire.Challenge) and "kind" in model.model_fields
        ):
            raise vocabulary.KindRegistryError(f"{where} is not a kinds._wire.Challenge with a kind")
        annotation = model.model_fields["kind"].annotation
        if typing.get_origin(annotation) is not Literal:
            raise vocabulary.KindRegistryError(f"{where}: its kind is not a Literal of challenge kinds")
        issued = {owner: {c.name for c in parts[owner].kind.challenges} for owner in owners}
        allowed = set().union(*issued.values())
        for owner, names in issued.items():
            if names.isdisjoint(typing.get_args(annotation)):
                raise vocabulary.KindRegistryError(
                    f"device kind {owner!r} lists challenge model {model.__name__!r}: none of its kinds is "
                    f"one of {owner!r}'s challenge kinds"
                )
        for challenge in typing.get_args(annotation):
            if challenge not in allowed:
                raise vocabulary.KindRegistryError(
                    f"{where}: {challenge!r} is not one of its challenge kinds"
                )
            if challenge in claimed:
                raise vocabulary.KindRegistryError(
                    f"{where}: {challenge!r} is {claimed[challenge]}'s already"
                )
            claimed[challenge] = model.__name__
    missing = [
        f"{challenge.name!r} of {name!r}"
        for name, part in parts.items()
        for challenge in part.kind.challenges
        if challenge.name not in claimed
    ]
    if missing:
        raise vocabulary.KindRegistryError(
            "challenge kinds without a model in their gateway part's challenge_models: " + ", ".join(missing)
        )
    return Annotated[functools.reduce(operator.or_, models), Field(discriminator="kind")]


Challenge = challenge_union(kinds.load())


# --- the session --------------------------------------------------------------------------------------------


class Account(_Reply):
    id: str
    title: str


class SessionDevice(_Reply):
    kind: DeviceKind
    label: str


class WithdrawalLimits(_Reply):
    per_day: int | None = Field(description="USD; null = unlimited.")
    per_5_business_days: int | None = Field(description="USD; null = unlimited.")


class Restriction(_Reply):
    code: RestrictionCode
    text: str


class RestartGrant(_Reply):
    id: str = Field(
        pattern=restart.GRANT_ID_PATTERN.pattern, description="The grant's id (RG- and 16 hex digits)."
    )
    created_at: float = Field(description="Unix seconds: when a full login's session made it.")
    cutoff_at: float = Field(
        description="Unix seconds: the weekly cut-off it ends at (the gateway's restart_cutoff when made)."
    )
    label: str | None = Field(description="The computer's name, as its client gave it; null if none.")
    device_kind: DeviceKind | None = Field(
        description="The second factor of the login that made it (a restart's session carries it)."
    )


RestartCode = Literal[
    "RESTART_EXPIRED",
    "RESTART_REVOKED",
    "RESTART_FORGOTTEN",
    "RESTART_PASSWORD_CHANGED",
    "RESTART_DEVICE_CHANGED",
    "RESTART_REPLACED",
    "RESTART_WRONG_KEY",
    "RESTART_UNKNOWN",
    "RESTART_DISABLED",
]


class RestartRefusal(_Reply):
    status: Literal["refused"]
    code: RestartCode
    message: str = Field(description="Why, in English (the text of `message_id` with `params`).")
    message_id: MessageId = Field(description=MESSAGE_ID_DESCRIPTION)
    params: Params = Field(description=PARAMS_DESCRIPTION)
    ended_at: float | None = Field(
        description="Unix seconds the grant ended (its cut-off when expired); null for a wrong key or an "
        "unknown grant."
    )


def _restart_refused() -> Any:
    return absent(
        "A restart login whose grant was refused (after the right password; not counted): why. The login "
        "goes on as a full one."
    )


class RestartGranted(_Reply):
    grant: RestartGrant


class RestartForgotten(_Reply):
    ended: bool = Field(description="Whether an active grant ended.")


class LastLogin(_Reply):
    at: float = Field(description="Unix seconds.")
    address: str | None = Field(description="The address the login came from, as the gateway saw it.")
    device_kind: DeviceKind | None = Field(description="Its second factor; null if none (read only, paper).")
    device_label: str | None = Field(description="The device kind's name in English; null if none.")
    restart: bool = Field(description="Opened by a restart without the second factor.")


class FailedAttempt(_Reply):
    at: float = Field(description="Unix seconds.")
    address: str | None
    reason: str = Field(
        description="login.failed's reason word (password, unknown_user, locked, wrong_response, "
        "push_denied, push_wrong_number, push_reported, ...; docs/protocol.md)."
    )


class LoginHistory(_Reply):
    last_login: LastLogin | None = Field(
        description="The last successful login before this session; null: none within the retention."
    )
    failures_since: int = Field(ge=0, description="Failed attempts after it (all of them, not only listed).")
    failures: list[FailedAttempt] = Field(max_length=5, description="The newest 5 of them, newest first.")


class Session(_Reply):
    status: Literal["active", "taken_over", "logged_out", "expired"]
    message: str = Field(description="Why the session ended (taken over), in English, or empty.")
    message_id: MessageId | None = Field(description=MESSAGE_ID_DESCRIPTION + " Null: no message.")
    params: Params = Field(description=PARAMS_DESCRIPTION)
    username: str = Field(pattern=rules.USERNAME_PATTERN)
    mode: Mode
    accounts: list[Account]
    device: SessionDevice | None = Field(description="The second factor the login used; null if none.")
    withdrawal_limits: WithdrawalLimits
    restrictions: list[Restriction]
    read_only: bool
    created_at: float
    expires_at: float = Field(description="Unix seconds: 12 hours after the login.")
    restart_grant: RestartGrant | None = Field(
        description="The user name's active, unexpired restart grant for this mode (whichever computer "
        "holds it); null if none."
    )
    opened_by_restart: bool = Field(description="The session was opened by a restart (no second factor).")
    restart_cutoff_at: float | None = Field(
        description="Unix seconds: the cut-off a grant made now would get; null when this session may not "
        "make one (not a full login's, or the gateway's restart_grants is off)."
    )
    history: LoginHistory = Field(
        description="The login history (issue 19): the user name's last successful login before this "
        "session and the failed attempts since, as far back as the gateway's audit retention."
    )


# --- steps --------------------------------------------------------------------------------------------------


class ChooseDeviceStep(_Reply):
    step: Literal["choose_device"]
    devices: list[DeviceOption] = Field(min_length=1, description="Highest security level first (R13).")
    preselected: str = Field(description="The `id` of the device used last, else of the first one.")
    read_only_available: bool
    restart: RestartRefusal | SkipJsonSchema[None] = _restart_refused()


class SecondFactorStep(_Reply):
    step: Literal["second_factor"]
    device: DeviceOption
    challenge: Challenge
    read_only_available: bool | SkipJsonSchema[None] = absent(
        "Whether 'Enter read only' may be offered; on a step that issues a challenge."
    )
    restart: RestartRefusal | SkipJsonSchema[None] = _restart_refused()


class SessionStep(_Reply):
    step: Literal["session"]
    session_token: str = Field(pattern=f"^{TOKEN.pattern}$", description="The session's bearer token.")
    session: Session


class ExistingSessionStep(_Reply):
    step: Literal["existing_session"]
    code: Literal["EXISTING_SESSION"]
    message: str = Field(description="The question to ask the trader, in English.")
    message_id: MessageId = Field(description=MESSAGE_ID_DESCRIPTION)
    params: Params = Field(description=PARAMS_DESCRIPTION)


class CancelledStep(_Reply):
    step: Literal["cancelled"]


class PushPending(SecondFactorStep):
    status: Literal["pending"] = Field(description="The phone has not answered yet: poll again.")


class _Proved(_Reply):
    server_proof: str = base64_field("SRP M2: check it before reading the rest of the reply.")


class ProvedChooseDevice(ChooseDeviceStep, _Proved):
    pass


class ProvedSecondFactor(SecondFactorStep, _Proved):
    pass


class ProvedSession(SessionStep, _Proved):
    pass


class ProvedExistingSession(ExistingSessionStep, _Proved):
    pass


def _steps(*models: type[BaseModel]) -> Any:
    """One of `models`, told apart by their `step`."""
    return Annotated[functools.reduce(operator.or_, models), Field(discriminator="step")]


ProofReply = _steps(ProvedChooseDevice, ProvedSecondFactor, ProvedSession, ProvedExistingSession)
Finished = _steps(SessionStep, ExistingSessionStep)
# A typed answer or a security key's: the session, the takeover question, or (a right enrolment code) the
# key's registration challenge.
Answered = _steps(SessionStep, ExistingSessionStep, SecondFactorStep)
PushReply = _steps(PushPending, SessionStep, ExistingSessionStep)
TakeoverReply = _steps(SessionStep, CancelledStep)


# --- the gateway and the phone ------------------------------------------------------------------------------


class Health(_Reply):
    status: Literal["ok"]
    name: str


class Ready(_Reply):
    status: Literal["ready"] = Field(description="The database answered: logins can be served.")
    name: str


class Push(_Reply):
    transaction_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    username: str = Field(pattern=rules.USERNAME_PATTERN)
    nonce: str = base64_field("32 random bytes, signed with the decision.")
    created_at: int = Field(description="Unix seconds, whole.")
    summary: str
    expires_at: float
    numbers: list[int] | SkipJsonSchema[None] = absent(
        "Number matching: the three two-digit numbers to offer, the login page's among them at a random "
        "place; left out when the gateway does not match numbers.",
        minItems=3,
        maxItems=3,
    )


class Pushes(_Reply):
    pushes: list[Push]


class PushDecided(_Reply):
    transaction_id: str
    status: Literal["approved", "denied"]
    reason: Literal["wrong_number", "reported"] | SkipJsonSchema[None] = absent(
        "A denial that was not a plain deny: wrong_number (approved with a number other than the login "
        "page's), reported (\"This wasn't me\": it also ends the login, no fresh notification). Both are "
        "counted (R3) as a denial is."
    )


# --- refusals -----------------------------------------------------------------------------------------------


class AttemptsWarning(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: str = Field(description="The English rendering of `message_id` with `params`.")
    message_id: MessageId = Field(description=MESSAGE_ID_DESCRIPTION)
    params: Params = Field(description=PARAMS_DESCRIPTION)


class ErrorDetail(BaseModel):
    # allow: a code may carry fields of its own; the ones a client acts on are listed.
    model_config = ConfigDict(extra="allow")
    code: str = Field(description="Stable machine code, e.g. INVALID_CREDENTIALS, LOCKED, BAD_REQUEST.")
    message: str = Field(
        description="The English rendering of `message_id` with `params`, for clients that do not know "
        "the catalogue."
    )
    message_id: MessageId = Field(description=MESSAGE_ID_DESCRIPTION)
    params: Params = Field(description=PARAMS_DESCRIPTION)
    next: SecondFactorStep | SkipJsonSchema[None] = absent(
        "LOGIN_FAILED and EXPIRED during the second factor: the step to show next (a fresh challenge)."
    )
    locked_until: float | SkipJsonSchema[None] = absent("LOCKED: Unix seconds when the lock ends.")
    retry_after: int | SkipJsonSchema[None] = absent(
        "RATE_LIMITED and UNAVAILABLE: whole seconds to wait before trying again.", minimum=0
    )
    server_proof: str | SkipJsonSchema[None] = absent(
        "WRONG_MODE and IP_NOT_ALLOWED: SRP M2; these follow a correct password.", format="byte"
    )
    restart: RestartRefusal | SkipJsonSchema[None] = absent(
        "NO_DEVICE after a restart login's grant was refused: why it was."
    )
    attempts_left: int | SkipJsonSchema[None] = absent(
        "A counted refusal (INVALID_CREDENTIALS, LOGIN_FAILED) once 7 failures in a row stand against the "
        "user name, known or not, and it is not locked: the attempts left before the 24-hour lock (3, 2, "
        "1). Tools should stop retrying.",
        minimum=1,
    )
    warning: AttemptsWarning | SkipJsonSchema[None] = absent(
        "With `attempts_left`: the warning to show under the refusal's message (message_id attempts_left)."
    )


class ErrorReply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    error: ErrorDetail
    status: Literal["unavailable"] | SkipJsonSchema[None] = absent(
        "GET /v1/ready only: the gateway is not ready (its database does not answer, or it is stopping)."
    )


REFUSALS: dict[int, str] = {
    400: "BAD_REQUEST: malformed JSON, a wrong type, an unknown or missing field, bad base64, a step out "
    "of order, a security key's credential that is not WebAuthn's JSON; on start also EMPTY, UPPER_CASE, "
    "BAD_CHARACTER (R1), checked after the body's shape. REGISTRATION_REFUSED: a security key's "
    "registration the gateway refuses (passkey_registration_refused; not counted).",
    401: "UNAUTHORIZED: no or a malformed bearer token. INVALID_CREDENTIALS: wrong user name or password. "
    "LOGIN_FAILED: a wrong second-factor answer or a denied notification (its text says a wrong number "
    "or a report; after a report the login is over: no `next`). Both carry `attempts_left` and "
    "`warning` from the 7th failure in a row. "
    "BAD_SIGNATURE: a device request whose signature is missing, stale or wrong; REPLAYED: one whose "
    "nonce was used before.",
    403: "WRONG_MODE, IP_NOT_ALLOWED, NO_DEVICE, PORTAL_ONLY; BAD_SIGNATURE for a push decision. "
    "RESTART_NOT_ALLOWED: a restart grant asked by a session that is not a full login's (read only, "
    "paper, opted out, temporary passcode, itself a restart); RESTART_DISABLED: the gateway's "
    "restart_grants is off.",
    404: "NOT_FOUND: no such endpoint (a path parameter that does not fit the path).",
    410: "EXPIRED: the login, challenge, notification, code, passcode or session is past its time or used.",
    413: "BODY_TOO_LARGE: a body over 64 KiB.",
    423: "LOCKED: ten consecutive failures within 24 h (R3); `locked_until`.",
    429: "RATE_LIMITED (`retry_after`, and a Retry-After header) or TOO_MANY_CODES.",
    500: "INTERNAL: a fault in the gateway; the reply gives no detail.",
    503: "UNAVAILABLE: the database cannot be reached or is busy; try again after `retry_after` seconds.",
}

# Every endpoint may answer these: a body that is not JSON (400), too large (413), a gateway fault (500).
_ALWAYS = (400, 413, 500)


def replies(model: Any, *statuses: int, description: str = "Success.") -> dict[int | str, dict[str, Any]]:
    """The `responses` of one endpoint: `model` for 200, the error reply for each refusal status."""
    table: dict[int | str, dict[str, Any]] = {200: {"model": model, "description": description}}
    for status in sorted({*_ALWAYS, *statuses}):
        table[status] = {"model": ErrorReply, "description": REFUSALS[status]}
    return table


def tidied(build: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    """Wraps FastAPI's `app.openapi` (built once, then cached) to say two things as this gateway means them:

    - no 422: FastAPI lists one on every operation with parameters, but validation errors are answered
      400 `BAD_REQUEST` here (http_guard), which each operation lists;
    - an optional header is a string or absent: FastAPI writes `str | None` as "string or null", and a
      header cannot be null.
    """
    cache: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not cache:
            document = build()
            for item in document.get("paths", {}).values():
                for operation in item.values():
                    operation.get("responses", {}).pop("422", None)
                    for parameter in operation.get("parameters", []):
                        if parameter.get("in") == "header":
                            _drop_null(parameter["schema"])
            schemas = document.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            cache["document"] = document
        return cache["document"]

    return openapi


def _drop_null(schema: dict[str, Any]) -> None:
    choices = schema.get("anyOf")
    if choices is None:
        return
    kept = [choice for choice in choices if choice != {"type": "null"}]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update(kept[0])
    else:
        schema["anyOf"] = kept
