"""The security key (passkey) on the gateway: a WebAuthn relying party on fido2 (issue 18).

Placeholder while the kind is being built: the wire's challenge models (docs/protocol.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from trader_login.auth.gateway.kinds._part import GatewayKind
from trader_login.auth.gateway.kinds._wire import Challenge


class PasskeyAssertion(Challenge):
    kind: Literal["passkey"]
    origin: str = Field(description="The origin the client puts in its client data (WebAuthn).")
    public_key: dict[str, Any] = Field(
        description="WebAuthn PublicKeyCredentialRequestOptions in their JSON form (base64url binary)."
    )


class PasskeyEnrolment(Challenge):
    kind: Literal["passkey_enrolment"]


class PasskeyRegistration(Challenge):
    kind: Literal["passkey_registration"]
    origin: str = Field(description="The origin the client puts in its client data (WebAuthn).")
    public_key: dict[str, Any] = Field(
        description="WebAuthn PublicKeyCredentialCreationOptions in their JSON form (base64url binary)."
    )


class PasskeyKind(GatewayKind):
    challenge_models = (PasskeyAssertion, PasskeyEnrolment, PasskeyRegistration)


GATEWAY_KIND = PasskeyKind("passkey")
