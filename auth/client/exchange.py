"""The stateless halves of the login's steps: the password exchange (SRP-6a over the Argon2id-hardened
password, docs/protocol.md §1) and the preparation of a typed second-factor response (R4).

`trader_login.auth.client.flow` keeps the state and decides when each runs.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from trader_login.auth import restart, rules, texts, vocabulary
from trader_login.auth.client import views
from trader_login.auth.client.errors import ProtocolError, english
from trader_login.auth.kdf import KdfParams, KdfParamsError
from trader_login.auth.srp import SrpClient, SrpError
from trader_login.auth.texts import Message


class UntrustedGatewayError(Exception):
    """The gateway sent what this client refuses to go on with (KDF parameters out of bounds, malformed
    SRP values). `code` and `problem` (a catalogue message) say which."""

    def __init__(self, code: str, problem: Message) -> None:
        self.code = code
        self.problem = problem
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return english(self.problem)


def login_token(started: Mapping[str, Any]) -> str:
    return views.wire_field(started, "login_token", str)


def restart_challenge(started: Mapping[str, Any]) -> bytes:
    """The start reply's `restart_challenge` (a restart login): 32 bytes, base64. ProtocolError for a
    missing or malformed one: nothing is signed over what is not the gateway's fresh challenge."""
    challenge = b64_field(started, "restart_challenge")
    if len(challenge) != restart.CHALLENGE_SIZE:
        raise ProtocolError(detail="a restart challenge that is not 32 bytes")
    return challenge


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
        raise UntrustedGatewayError("KDF_PARAMS", texts.message(texts.KDF_BOUNDS)) from None
    except (SrpError, ProtocolError):
        raise UntrustedGatewayError("PROTOCOL", texts.message(texts.BAD_REPLY)) from None


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
        raise ProtocolError(detail=f"field {name!r} is not base64") from None


def prepare_response(kind: str, text: str) -> tuple[str, Message | None]:
    """The response as sent for a challenge of `kind` (R4, the vocabulary's normaliser: spaces removed;
    card codes and temporary passcodes upper-cased), and the message for one whose format cannot be right
    (None when it may be, or when the kind has no typed answer)."""
    known = vocabulary.CHALLENGE_KINDS.get(kind)
    form = known.response if known is not None else None
    if form is None:
        return rules.strip_spaces(text), None
    response = form.normalise(text)
    return response, (None if form.format.check(response).ok else texts.message(form.message))
