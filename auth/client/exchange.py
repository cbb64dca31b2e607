"""The stateless halves of the login's steps: the password exchange (SRP-6a over the Argon2id-hardened
password, docs/protocol.md §1) and the preparation of a typed second-factor response (R4).

`trader_login.auth.client.flow` keeps the state and decides when each runs.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from typing import Any

from trader_login.auth import rules
from trader_login.auth.client import outcomes, views
from trader_login.auth.client.errors import ProtocolError
from trader_login.auth.kdf import KdfParams, KdfParamsError
from trader_login.auth.srp import SrpClient, SrpError

# R4: how each challenge's response is normalised, and the format a right one has.
_RESPONSE_FORMATS: dict[str, tuple[Callable[[str], str], rules.FieldFormat]] = {
    "ibkey_challenge": (rules.normalise_device_response, rules.IBKEY_RESPONSE),
    "dscplus": (rules.normalise_device_response, rules.DSCPLUS_RESPONSE),
    "sms": (rules.normalise_device_response, rules.SMS_CODE),
    "card": (rules.normalise_card_response, rules.CARD_RESPONSE),
    "online-card": (rules.normalise_card_response, rules.CARD_RESPONSE),
    "temp_passcode": (rules.normalise_temp_passcode, rules.TEMP_PASSCODE),
}


class UntrustedGatewayError(Exception):
    """The gateway sent what this client refuses to go on with (KDF parameters out of bounds, malformed
    SRP values). `code` and `message` are fixed texts."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def login_token(started: Mapping[str, Any]) -> str:
    return views.wire_field(started, "login_token", str)


def password_proof(srp_client: SrpClient, started: Mapping[str, Any], password: str) -> bytes:
    """M1 for the `start` reply: the KDF (bounded by the client's limits) and SRP. Slow: the KDF runs
    here. Raises UntrustedGatewayError for anything this client will not compute with."""
    try:
        return srp_client.respond(
            password,
            b64_field(started, "salt"),
            KdfParams.from_dict(started.get("kdf")),
            b64_field(started, "server_public"),
        )
    except KdfParamsError:
        raise UntrustedGatewayError("KDF_PARAMS", outcomes.KDF_PARAMS_MESSAGE) from None
    except (SrpError, ProtocolError):
        raise UntrustedGatewayError("PROTOCOL", outcomes.BAD_REPLY_MESSAGE) from None


def server_proven(srp_client: SrpClient, data: Mapping[str, Any]) -> bool:
    """Whether `data["server_proof"]` is M2: the gateway knows the verifier. Checked before anything else
    is sent."""
    try:
        srp_client.verify_server(b64_field(data, "server_proof"))
    except (SrpError, ProtocolError):
        return False
    return True


def b64_field(data: Mapping[str, Any], name: str) -> bytes:
    text = views.wire_field(data, name, str)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolError(outcomes.BAD_REPLY_MESSAGE) from None


def prepare_response(kind: str, text: str) -> tuple[str, rules.FieldCheck | None]:
    """The response as sent for a challenge of `kind` (R4: spaces removed; card codes and temporary
    passcodes upper-cased), and the verdict on its format (None where no format is known)."""
    normalise, form = _RESPONSE_FORMATS.get(kind, (rules.strip_spaces, None))
    response = normalise(text)
    return response, (form.check(response) if form is not None else None)
