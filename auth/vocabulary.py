"""The protocol's vocabulary, shared by the client and the gateway (Qt-free): the kinds of second-factor
device and of challenge, each spelled one way; their security level (R13), withdrawal limits (R12),
response format and label; and the protocol's constants.

This module is the one place a device kind is registered. Every layer finds its part of a kind by the
kind's `module` name, in its own `kinds` package:

| layer | package | the part |
|---|---|---|
| gateway | `trader_login.auth.gateway.kinds` | issuing a challenge, checking the answer, enrolment |
| client | `trader_login.auth.client.kinds` | reading the challenge from the wire |
| login page | `trader_login.ui.pages.kinds` | what the second-factor page shows and accepts |
| emulators | `trader_login.ui.emulators.kinds` | the emulator tab that plays the device |
| harness | `trader_login.app.kinds` | the testers' answer and handle, and the console's prompt |

`parts(package, attribute)` imports each kind's module from a layer's package and returns its part, and
fails loudly (`KindRegistryError`) for a kind that is half-registered (a module or a part missing) or a
module that names a kind not listed here. Each layer calls it when it starts, and a test calls it for all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from trader_login.auth import rules, texts

# --- the protocol's constants (docs/protocol.md) ----------------------------------------------------------

CHALLENGE_TTL = 180.0  # every challenge and IB Key notification expires after this many seconds (SPEC §4)
PUSH_WAIT_MAX = 30  # the longest single long-poll round of GET /v1/login/push?wait=
SMS_CODE_TTL = 300.0  # a texted or spoken code is good for 5 minutes
SMS_RESEND_AFTER = 30.0  # a new code may be asked for 30 s after the last one
SMS_MAX_SENDS = 5  # codes per login, however asked for
TEMP_PASSCODE_OPTION_ID = "temp-passcode"  # the temporary passcode's fixed id in the M2FS list (no row)


class KindRegistryError(RuntimeError):
    """A device or challenge kind that is unknown, doubled or half-registered: a programming error, raised
    at start-up so it is never found by a trader."""


@dataclass(frozen=True)
class ResponseFormat:
    """What a typed answer looks like: `length` characters (None: any length the format allows) of
    `format`'s alphabet, after `normalise` (spaces out, letters raised where that is the rule)."""

    format: rules.FieldFormat
    normalise: Callable[[str], str]
    length: int | None
    message: texts.Text  # what a wrongly shaped answer is told

    def check(self, text: str) -> rules.FieldCheck:
        return self.format.check(self.normalise(text))


@dataclass(frozen=True)
class ChallengeKind:
    """One kind of second-factor page (the protocol's `challenge.kind`, the page's `challengeKind`)."""

    name: str
    device: str  # the DeviceKind it belongs to
    response: ResponseFormat | None  # None: nothing to type (the IB Key notification, a passkey)
    # Answered with a WebAuthn public-key credential the client's security key makes (`POST
    # /v1/login/passkey`), not typed: the passkey's assertion and its registration.
    credential: bool = False


@dataclass(frozen=True)
class DeviceKind:
    """One kind of second-factor device. `level` orders the M2FS list (R13, higher first); `limits` are
    R12's withdrawal limits in USD per day and per 5 business days (None: unlimited); `label` is the
    English name the gateway sends and the UI translates; `challenges` are the pages it can lead to, the
    first being the one choosing the device opens; `module` names its part in each layer's `kinds`
    package; `issued_by_desk` says whether `sls-gateway device add USER KIND` makes one."""

    name: str
    label: str
    level: int
    limits: tuple[int | None, int | None]
    challenges: tuple[ChallengeKind, ...]
    module: str
    issued_by_desk: bool = True
    model: str | None = None  # "module:Class" of its device-side model (device files), if it has one

    def load_model(self) -> type:
        """The class that models the device (`trader_login.auth.devices`), imported on first use."""
        if self.model is None:
            raise KindRegistryError(f"device kind {self.name!r} has no device model")
        module, _, name = self.model.partition(":")
        return getattr(importlib.import_module(module), name)


def _digits(length: int, format_: rules.FieldFormat, message: texts.Text) -> ResponseFormat:
    return ResponseFormat(format_, rules.normalise_device_response, length, message)


def _kind(
    name: str,
    label: str,
    level: int,
    limits: tuple[int | None, int | None],
    challenges: dict[str, ResponseFormat | None],
    *,
    model: str | None = None,
    issued_by_desk: bool = True,
    credentials: tuple[str, ...] = (),
) -> DeviceKind:
    kinds = tuple(
        ChallengeKind(challenge, name, response, challenge in credentials)
        for challenge, response in challenges.items()
    )
    module = name.replace("-", "_")
    model = f"trader_login.auth.devices.{model}" if model else None
    return DeviceKind(name, label, level, limits, kinds, module, issued_by_desk, model)


_CARD = ResponseFormat(rules.CARD_RESPONSE, rules.normalise_card_response, 6, texts.CARD_RESPONSE_FORMAT)

# R13, highest first: passkey = Platinum = Gold = DSC+ > Digital Security Card > IB Key = TOTP app
# > SMS = Security Code Card.
# R12: USD per day and per 5 business days.
_DEVICE_KINDS = (
    _kind(
        "dscplus",
        "Digital Security Card+ (DSC+)",
        5,
        (None, None),
        {"dscplus": _digits(8, rules.DSCPLUS_RESPONSE, texts.DSCPLUS_RESPONSE_FORMAT)},
        model="dscplus:DscPlus",
    ),
    _kind(
        "ibkey",
        "IB Key",
        3,
        (1_000_000, 1_000_000),
        {
            "ibkey_push": None,
            "ibkey_challenge": _digits(8, rules.IBKEY_RESPONSE, texts.IBKEY_RESPONSE_FORMAT),
        },
        model="ibkey:IbKeyApp",
    ),
    _kind(
        "sms",
        "SMS",
        2,
        (200_000, 600_000),
        {"sms": _digits(6, rules.SMS_CODE, texts.SECURITY_CODE_FORMAT)},
        model="phone:Phone",
    ),
    _kind(
        "card",
        "Security Code Card",
        2,
        (200_000, 600_000),
        {"card": _CARD},
        model="card:SecurityCodeCard",
    ),
    _kind(
        "online-card",
        "Online Security Code Card",
        2,
        (200_000, 600_000),
        {"online-card": _CARD},
        model="card:SecurityCodeCard",
    ),
    _kind(
        "totp",
        "Authenticator app",
        3,  # SPEC §4: IB Key = TOTP app, a phone app; limits as IB Key's
        (1_000_000, 1_000_000),
        {"totp": _digits(6, rules.SMS_CODE, texts.AUTHENTICATOR_CODE_FORMAT)},
        model="totp:Authenticator",
    ),
    _kind(
        "passkey",
        "Security key",
        # SPEC §4, a product decision (docs/protocol.md): a FIDO2 security key is phishing-resistant, which
        # no other kind here is, so it ranks with the DSC+ at the top, and withdraws as the DSC+ does.
        5,
        (None, None),
        {
            # The key's assertion (WebAuthn): nothing to type, the trader touches the key.
            "passkey": None,
            # A key not registered yet: the enrolment code from the desk (`sls-gateway device add USER
            # passkey`), then the key's registration.
            "passkey_enrolment": ResponseFormat(
                rules.ENROLMENT_CODE, rules.normalise_enrolment_code, 12, texts.ENROLMENT_CODE_FORMAT
            ),
            "passkey_registration": None,
        },
        model="passkey:VirtualSecurityKey",
        credentials=("passkey", "passkey_registration"),
    ),
    _kind(
        "temp_passcode",
        "Temporary passcode",
        1,
        (0, 0),  # R9: a temporary-passcode session withdraws nothing
        {
            "temp_passcode": ResponseFormat(
                rules.TEMP_PASSCODE, rules.normalise_temp_passcode, None, texts.TEMP_PASSCODE_FORMAT
            )
        },
        issued_by_desk=False,  # `sls-gateway temp-passcode USER`, not `device add`
    ),
)

# Kinds the seeds know but no emulator plays: they only rank (R13) and limit (R12).
OTHER_LEVELS: Mapping[str, int] = MappingProxyType(
    {"platinum": 5, "gold": 5, "digital-security-card": 4, "none": 0}
)
OTHER_LIMITS: Mapping[str, tuple[int | None, int | None]] = MappingProxyType(
    {
        "none": (50_000, 100_000),
        "digital-security-card": (1_000_000, 1_500_000),
        "platinum": (None, None),
        "gold": (None, None),
    }
)


def _index(kinds: tuple[DeviceKind, ...]) -> tuple[dict[str, DeviceKind], dict[str, ChallengeKind]]:
    devices: dict[str, DeviceKind] = {}
    challenges: dict[str, ChallengeKind] = {}
    modules: set[str] = set()
    for kind in kinds:
        if kind.name in devices or kind.name in OTHER_LEVELS or kind.module in modules:
            raise KindRegistryError(f"device kind {kind.name!r} is registered twice")
        devices[kind.name] = kind
        modules.add(kind.module)
        for challenge in kind.challenges:
            if challenge.name in challenges:
                raise KindRegistryError(f"challenge kind {challenge.name!r} is registered twice")
            challenges[challenge.name] = challenge
    return devices, challenges


_devices, _challenges = _index(_DEVICE_KINDS)
DEVICE_KINDS: Mapping[str, DeviceKind] = MappingProxyType(_devices)
CHALLENGE_KINDS: Mapping[str, ChallengeKind] = MappingProxyType(_challenges)


def device_kind(name: str) -> DeviceKind:
    """The kind called `name`; an unknown one is a loud error naming the known ones."""
    try:
        return DEVICE_KINDS[name]
    except KeyError:
        raise KindRegistryError(
            f"unknown device kind {name!r}: the kinds are {', '.join(DEVICE_KINDS)}"
        ) from None


def challenge_kind(name: str) -> ChallengeKind:
    try:
        return CHALLENGE_KINDS[name]
    except KeyError:
        raise KindRegistryError(
            f"unknown challenge kind {name!r}: the kinds are {', '.join(CHALLENGE_KINDS)}"
        ) from None


def security_level(kind: str | None) -> int:
    """R13's order: higher is stronger."""
    name = kind or "none"
    if name in DEVICE_KINDS:
        return DEVICE_KINDS[name].level
    if name in OTHER_LEVELS:
        return OTHER_LEVELS[name]
    raise KindRegistryError(f"unknown device kind {name!r}")


def withdrawal_limits(kind: str | None) -> tuple[int | None, int | None]:
    """R12's limits for a session opened with `kind` (None: no second factor)."""
    name = kind or "none"
    if name in DEVICE_KINDS:
        return DEVICE_KINDS[name].limits
    if name in OTHER_LIMITS:
        return OTHER_LIMITS[name]
    raise KindRegistryError(f"unknown device kind {name!r}")


def parts(package: str, attribute: str) -> dict[str, Any]:
    """Each device kind's part in a layer: `attribute` of the module `<package>.<kind.module>`, by kind
    name. A kind whose module or part is missing is half-registered: `KindRegistryError`, naming it. A
    module in the package for a kind not listed here is refused the same way (`unlisted_modules`)."""
    found: dict[str, Any] = {}
    for kind in DEVICE_KINDS.values():
        name = f"{package}.{kind.module}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            raise KindRegistryError(
                f"device kind {kind.name!r} is half-registered: {name} does not exist"
            ) from None
        part = getattr(module, attribute, None)
        if part is None:
            raise KindRegistryError(
                f"device kind {kind.name!r} is half-registered: {name} has no {attribute}"
            )
        found[kind.name] = part
    unlisted = unlisted_modules(package)
    if unlisted:
        raise KindRegistryError(
            f"{package} has parts for kinds not registered in trader_login.auth.vocabulary: "
            + ", ".join(unlisted)
        )
    return found


def unlisted_modules(package: str) -> list[str]:
    """Modules of a layer's `kinds` package that no registered kind names (the package's own helpers
    start with an underscore)."""
    import pkgutil

    listed = {kind.module for kind in DEVICE_KINDS.values()}
    path = importlib.import_module(package).__path__
    return sorted(
        info.name
        for info in pkgutil.iter_modules(path)
        if not info.name.startswith("_") and info.name not in listed
    )
