"""The security key (passkey, WebAuthn/FIDO2) in the client: reading its three challenges.

- `passkey`: `public_key` holds WebAuthn's PublicKeyCredentialRequestOptions in their JSON form (challenge,
  timeout, rpId, allowCredentials, userVerification); the key's assertion answers it
  (`LoginFlow.use_security_key`).
- `passkey_enrolment`: nothing of its own; the trader types the enrolment code (`LoginFlow.respond`, the
  vocabulary's format check applies).
- `passkey_registration`: `public_key` holds PublicKeyCredentialCreationOptions (rp, user, challenge,
  pubKeyCredParams, timeout, excludeCredentials, authenticatorSelection, attestation); the key's new
  credential answers it.

`public_key` may also come wrapped as `{"publicKey": {...}}` (what `dict()` of fido2's
CredentialRequestOptions gives). It is read with fido2's `from_dict`, after a shape check of our own
(fido2's reader is lenient: a number where a string belongs, bad base64, would pass it). `extra` holds:

- `"public_key"`: fido2's `PublicKeyCredentialRequestOptions` / `PublicKeyCredentialCreationOptions`;
- `"rp_id"`: the relying party id the gateway asks for (checked against the gateway's origin before a
  key is asked: `auth.client.security_keys`);
- `"deadline"`: when the ceremony must be over, on the flow's monotonic clock: the options' `timeout`
  (the challenge's life, 180 s) from now, or the challenge's `expires_at` (gateway Unix time, read against
  our wall clock) when that comes first and is still ahead — a wall clock set differently from the
  gateway's must not kill a fresh challenge; a challenge the gateway repeats as expired is over at once.
  The page counts down to it (`securityKeySecondsLabel`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trader_login.auth import vocabulary
from trader_login.auth.client.kinds._base import ClientKind, ReadContext

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge

ASSERTION = "passkey"
ENROLMENT = "passkey_enrolment"
REGISTRATION = "passkey_registration"

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_USER_VERIFICATION = ("required", "preferred", "discouraged")
_MAX_TIMEOUT_MS = 10 * 60 * 1000  # longer than any challenge lives; more is not the protocol


class PasskeyKind(ClientKind):
    def read(self, data: Mapping[str, Any], base: Challenge, context: ReadContext) -> Challenge:
        if base.kind == ENROLMENT:
            return base
        from trader_login.auth.client.errors import ProtocolError

        public_key = data.get("public_key")
        if isinstance(public_key, Mapping) and set(public_key) == {"publicKey"}:
            public_key = public_key["publicKey"]
        if not isinstance(public_key, Mapping):
            raise ProtocolError(detail="field 'public_key' is missing or wrong")
        if base.kind == ASSERTION:
            options, rp_id = _request_options(public_key)
        else:
            options, rp_id = _creation_options(public_key)
        now = context.monotonic()
        lives = options.timeout / 1000 if options.timeout else float(vocabulary.CHALLENGE_TTL)
        if context.expired:
            lives = 0.0  # the step repeats a challenge that expired: over, not restarted
        elif base.expires_at is not None and 0 < base.expires_at - context.wall() < lives:
            # A challenge standing for a while already. One "expired" by our wall clock is a clock set
            # differently from the gateway's, not a challenge sent dead: the timeout bounds it then.
            lives = base.expires_at - context.wall()
        deadline = now + lives
        return dataclasses.replace(base, extra={"public_key": options, "rp_id": rp_id, "deadline": deadline})


def _request_options(data: Mapping[str, Any]) -> tuple[Any, str]:
    from fido2.webauthn import PublicKeyCredentialRequestOptions

    _challenge(data)
    rp_id = _text(data, "rpId")
    _timeout(data)
    _descriptors(data, "allowCredentials")
    _user_verification(data.get("userVerification"))
    return _fido2(PublicKeyCredentialRequestOptions, data), rp_id


def _creation_options(data: Mapping[str, Any]) -> tuple[Any, str]:
    from fido2.webauthn import PublicKeyCredentialCreationOptions

    rp = _object(data, "rp")
    rp_id = _text(rp, "id")
    _text(rp, "name")
    user = _object(data, "user")
    if not _base64url(user.get("id")):
        raise _bad("user.id")
    _text(user, "name")
    _text(user, "displayName", empty=True)
    _challenge(data)
    params = data.get("pubKeyCredParams")
    if (
        not isinstance(params, list)
        or not params
        or not all(
            isinstance(item, Mapping) and item.get("type") == "public-key" and _integer(item.get("alg"))
            for item in params
        )
    ):
        raise _bad("pubKeyCredParams")
    _timeout(data)
    _descriptors(data, "excludeCredentials")
    selection = data.get("authenticatorSelection")
    if selection is not None:
        if not isinstance(selection, Mapping):
            raise _bad("authenticatorSelection")
        _user_verification(selection.get("userVerification"))
        if selection.get("residentKey") not in (None, "required", "preferred", "discouraged"):
            raise _bad("authenticatorSelection.residentKey")
    if data.get("attestation") not in (None, "none", "indirect", "direct", "enterprise"):
        raise _bad("attestation")
    return _fido2(PublicKeyCredentialCreationOptions, data), rp_id


def _fido2(cls: type, data: Mapping[str, Any]) -> Any:
    try:
        return cls.from_dict(dict(data))  # type: ignore[attr-defined]
    except Exception:  # fido2's reader raises TypeError, ValueError, KeyError…: all mean "not the protocol"
        raise _bad("public_key") from None


def _bad(name: str) -> Exception:
    from trader_login.auth.client.errors import ProtocolError

    return ProtocolError(detail=f"field {name!r} of the passkey challenge is missing or wrong")


def _object(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    if not isinstance(value, Mapping):
        raise _bad(name)
    return value


def _text(data: Mapping[str, Any], name: str, *, empty: bool = False) -> str:
    value = data.get(name)
    if not isinstance(value, str) or (not value and not empty):
        raise _bad(name)
    return value


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _base64url(value: Any, *, least: int = 1) -> bool:
    """A base64url string (no padding) of at least `least` bytes."""
    if not isinstance(value, str) or not _BASE64URL.fullmatch(value) or len(value) % 4 == 1:
        return False
    return len(value) * 3 // 4 >= least


def _challenge(data: Mapping[str, Any]) -> None:
    if not _base64url(data.get("challenge"), least=16):  # WebAuthn: at least 16 random bytes
        raise _bad("challenge")


def _timeout(data: Mapping[str, Any]) -> None:
    timeout = data.get("timeout")
    if timeout is not None and not (_integer(timeout) and 0 < timeout <= _MAX_TIMEOUT_MS):
        raise _bad("timeout")


def _descriptors(data: Mapping[str, Any], name: str) -> None:
    listed = data.get(name)
    if listed is None:
        return
    if not isinstance(listed, list) or not all(
        isinstance(item, Mapping) and item.get("type") == "public-key" and _base64url(item.get("id"))
        for item in listed
    ):
        raise _bad(name)


def _user_verification(value: Any) -> None:
    if value is not None and value not in _USER_VERIFICATION:
        raise _bad("userVerification")


CLIENT_KIND = PasskeyKind("passkey")
