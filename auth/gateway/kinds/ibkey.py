"""IB Key on the gateway (R5): a notification to the phone, which the trader approves there (its signed
decision comes through `device_endpoints.py`, the login sees it with `GET /v1/login/push`), or, on "Click
here if you do not receive the notification", an 8-digit challenge answered with the app's OCRA response.

Number matching (issue 19; `GatewayConfig.push_number_matching`, on by default): each notification gets a
two-digit `number` from the CSPRNG, which the push page shows, and `choices`, that number and two other
distinct ones in CSPRNG order, which the phone offers; the phone approves with the one the trader picks."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import insert

from trader_login.auth import otp, texts, vocabulary
from trader_login.auth.devices.ibkey import (
    CHALLENGE_LENGTH,
    MAX_NUMBER,
    MIN_NUMBER,
    NUMBER_CHOICES,
    IbKeyApp,
)
from trader_login.auth.gateway.kinds._part import (
    Enrolment,
    GatewayKind,
    Issued,
    Step,
    challenge_digits,
    unb64,
)
from trader_login.auth.gateway.kinds._wire import Challenge
from trader_login.auth.gateway.store import push_requests

PUSH = "ibkey_push"
CHALLENGE = "ibkey_challenge"


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # an optional field is left out, never null (api_schema.absent)


class IbKeyPush(Challenge):
    kind: Literal["ibkey_push"]
    message: str
    seconds: float = Field(description="How long the phone shows the notification.")
    number: Annotated[int, Field(ge=MIN_NUMBER, le=MAX_NUMBER)] | SkipJsonSchema[None] = Field(
        default=None,
        description="Number matching: the two-digit number to show the trader, who picks it on the phone "
        "among three. Left out when the gateway does not match numbers.",
        json_schema_extra=_no_default,
    )


def push_numbers() -> tuple[int, list[int]]:
    """A number-matching push's number (two digits, from the CSPRNG) and the phone's choices: it and two
    other distinct two-digit numbers, in CSPRNG order (the right one at a random place)."""
    span = MAX_NUMBER - MIN_NUMBER + 1
    number = MIN_NUMBER + secrets.randbelow(span)
    choices = [number]
    while len(choices) < NUMBER_CHOICES:
        other = MIN_NUMBER + secrets.randbelow(span)
        if other not in choices:
            choices.append(other)
    # Fisher-Yates with the CSPRNG's draws (secrets.randbelow), the right one at any place alike.
    for last in range(len(choices) - 1, 0, -1):
        other = secrets.randbelow(last + 1)
        choices[last], choices[other] = choices[other], choices[last]
    return number, choices


class IbKeyChallenge(Challenge):
    kind: Literal["ibkey_challenge"]
    challenge: str = Field(pattern=r"^[0-9]{8}$", description="8 digits to type into the IB Key app.")


class IbKeyKind(GatewayKind):
    switches = MappingProxyType({PUSH: CHALLENGE})
    challenge_models = (IbKeyPush, IbKeyChallenge)
    wrong_text = texts.WRONG_RESPONSE_IBKEY
    other_device_text = texts.RESPONSE_FROM_OTHER_IBKEY

    def issue(self, step: Step, challenge: str) -> Issued:
        if challenge == PUSH:
            return self._send_push(step)
        code = f"{secrets.randbelow(10**8):08d}"
        return Issued(
            {"kind": challenge, "challenge": code}, {"challenge": code}, step.now + vocabulary.CHALLENGE_TTL
        )

    def _send_push(self, step: Step) -> Issued:
        """A new notification to the phone; one the login sent before is withdrawn."""
        config = step.part.config
        transaction_id = secrets.token_hex(16)
        number, choices = push_numbers() if config.push_number_matching else (None, None)
        step.rows.cancel_push(step.connection, step.login)
        step.connection.execute(
            insert(push_requests).values(
                transaction_id=transaction_id,
                login_id=step.login.id,
                device_id=step.device_id,
                username=step.login.username,
                nonce=secrets.token_bytes(32),
                summary=f"{config.name}: login from {step.login.address}",
                created_at=float(int(step.now)),
                expires_at=step.now + config.push_ttl,
                status="pending",
                number=number,
                choices=choices,
            )
        )
        if step.part.phone_network is not None:
            step.part.phone_network.sent("push", transaction_id, step.login.username)
        public = {
            "kind": PUSH,
            "message": "A notification was sent to your phone",
            "seconds": config.push_ttl,
            **({} if number is None else {"number": number}),
        }
        return Issued(public, {"transaction_id": transaction_id}, step.now + config.push_ttl)

    def check(self, step: Step, challenge: str, response: str) -> bool:
        return self._made(step, step.challenge_secret()["challenge"], response)

    def answers(self, step: Step, question: Mapping[str, Any], response: str) -> bool:
        # The app takes an 8-digit challenge only: a DSC+'s 6 digits cannot have been typed in.
        digits = challenge_digits(question, CHALLENGE_LENGTH)
        return digits is not None and self._made(step, digits, response)

    def _made(self, step: Step, digits: str, response: str) -> bool:
        """Whether `step`'s IB Key app answers the challenge `digits` with `response`."""
        answer = self.answer(CHALLENGE, response)
        if answer is None:
            return False
        secret = unb64(step.device_secret()["secret"])
        return otp.verify_ocra(otp.IBKEY_SUITE, secret, digits, answer)

    def enrol(self, username: str, now: float, **options: Any) -> Enrolment:
        self.no_options(**options)
        device = IbKeyApp.create()
        row = {
            "id": device.device_id,
            "public_key": device.public_key_bytes(),
            "sealed": {"secret": device.to_dict()["secret"]},
        }
        return Enrolment(device, row)


GATEWAY_KIND = IbKeyKind("ibkey")
