"""The Digital Security Card+ on the gateway: a 6-digit challenge, an 8-digit OCRA response made with the
device's secret and the trader's PIN (R6); enrolled at the desk with `--pin` or `--pin-stdin`."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import Field

from trader_login.auth import otp, rules, texts, vocabulary
from trader_login.auth.devices.dscplus import CHALLENGE_LENGTH, DscPlus
from trader_login.auth.gateway.kinds._part import (
    Enrolment,
    EnrolmentError,
    GatewayKind,
    Issued,
    Step,
    challenge_digits,
    unb64,
)
from trader_login.auth.gateway.kinds._wire import Challenge


class DscPlusChallenge(Challenge):
    kind: Literal["dscplus"]
    challenge: str = Field(pattern=r"^[0-9]{6}$", description="6 digits to type into the DSC+.")


class DscPlusKind(GatewayKind):
    challenge_models = (DscPlusChallenge,)
    wrong_text = texts.WRONG_RESPONSE_DSCPLUS
    other_device_text = texts.RESPONSE_FROM_OTHER_DSCPLUS

    def issue(self, step: Step, challenge: str) -> Issued:
        code = f"{secrets.randbelow(10**6):06d}"
        return Issued(
            {"kind": challenge, "challenge": code}, {"challenge": code}, step.now + vocabulary.CHALLENGE_TTL
        )

    def check(self, step: Step, challenge: str, response: str) -> bool:
        return self._made(step, step.challenge_secret()["challenge"], response)

    def answers(self, step: Step, question: Mapping[str, Any], response: str) -> bool:
        # A DSC+ takes a 6-digit challenge only (R6): an IB Key app's 8 digits cannot have been typed in.
        digits = challenge_digits(question, CHALLENGE_LENGTH)
        return digits is not None and self._made(step, digits, response)

    def _made(self, step: Step, digits: str, response: str) -> bool:
        """Whether `step`'s DSC+ (its secret and PIN) answers the challenge `digits` with `response`."""
        answer = self.answer(self.first_challenge, response)
        if answer is None:
            return False
        device = step.device_secret()
        return otp.verify_ocra(
            otp.DSCPLUS_SUITE, unb64(device["secret"]), digits, answer, pin_hash=unb64(device["pin_hash"])
        )

    def add_arguments(self, parser: Any) -> list[argparse.Action]:
        pin = parser.add_mutually_exclusive_group()
        return [
            pin.add_argument("--pin-stdin", action="store_true", help="read the DSC+ PIN from stdin"),
            pin.add_argument("--pin", help="the DSC+ PIN (4 digits)"),
        ]

    def desk_options(self, args: argparse.Namespace, read_stdin: Callable[[], str]) -> dict[str, Any]:
        return {"pin": read_stdin() if args.pin_stdin else args.pin}

    def enrol(self, username: str, now: float, *, pin: str | None = None, **others: Any) -> Enrolment:
        self.no_options(**others)
        check = rules.check_dscplus_pin(pin or "")
        if not check.ok:
            raise EnrolmentError(check.message)
        device = DscPlus.create(pin=pin or "")
        data = device.to_dict()
        sealed = {"secret": data["secret"], "pin_hash": data["pin_hash"]}
        return Enrolment(device, {"id": device.serial, "sealed": sealed})


GATEWAY_KIND = DscPlusKind("dscplus")
