"""SMS and voice codes on the gateway (R10): a 6-digit code texted (or, asked for, read out by a call) to
the trader's phone, good for 5 minutes; a new one at most every 30 s and 5 per login, however asked for;
a new code voids the last. Enrolled at the desk with `--phone`."""

from __future__ import annotations

import argparse
import math
import secrets
from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field
from sqlalchemy import func, insert, select

from trader_login.auth import texts, vocabulary
from trader_login.auth.devices.phone import Phone
from trader_login.auth.gateway.errors import refusal
from trader_login.auth.gateway.kinds._part import (
    Enrolment,
    EnrolmentError,
    GatewayKind,
    Issued,
    Step,
    Wrong,
    b64,
    same,
    unb64,
)
from trader_login.auth.gateway.kinds._wire import Challenge
from trader_login.auth.gateway.store import devices, outbox


class SmsChallenge(Challenge):
    kind: Literal["sms"]
    channel: Literal["sms", "voice"]
    masked_number: str
    message: str
    resend_after: float = Field(description="Unix seconds: a new code may be asked for from then on.")
    codes_left: int = Field(ge=0, description="How many more codes this login may ask for.")


class SmsKind(GatewayKind):
    challenge_models = (SmsChallenge,)
    wrong_keeps_challenge = True  # the code on the phone stays valid
    expired_keeps_challenge = True  # a code is not re-sent unasked
    expired_text = texts.CODE_EXPIRED
    resend_channels = ("sms", "voice")

    def issue(self, step: Step, challenge: str) -> Issued:
        return self.resend(step, "sms")

    def resend(self, step: Step, channel: str) -> Issued:
        """Sends a code unless the login has had its 5, or the last one went out under 30 s ago. The limit
        counts every code of the login, however it was asked for (resend, device chosen again)."""
        login, now = step.login, step.now
        if login.sms_sent >= vocabulary.SMS_MAX_SENDS:
            raise refusal("TOO_MANY_CODES", texts.TOO_MANY_CODES, 429)
        if login.sms_last_sent_at is not None:
            wait = math.ceil(login.sms_last_sent_at + vocabulary.SMS_RESEND_AFTER - now)
            if wait > 0:
                raise refusal("RATE_LIMITED", texts.CODE_WAIT, 429, {"retry_after": wait}, seconds=wait)
        number = step.connection.execute(
            select(devices.c.phone).where(devices.c.id == step.device_id)
        ).scalar_one()
        sends = login.sms_sent + 1
        issued = self._send(step, number, channel, sends)
        network = step.part.phone_network
        if network is not None:
            # This transaction holds the write lock: the newest message is the one just sent.
            message_id = step.connection.execute(select(func.max(outbox.c.id))).scalar()
            network.sent("text", message_id, login.username)
        step.set_login(sms_sent=sends, sms_last_sent_at=now)
        return issued

    def _send(self, step: Step, number: str, channel: str, sends: int) -> Issued:
        """Texts or calls a fresh code; the new code voids the previous one (the secret is replaced)."""
        vault, now = step.part.vault, step.now
        code = f"{secrets.randbelow(10**6):06d}"
        if channel == "voice":
            spaced = ", ".join(code)
            text = f"This is Trader Login. Your security code is {spaced}. Again: {spaced}."
        else:
            text = f"Trader Login security code: {code}. It expires in 5 minutes. Never share it."
        # The message carries the code, so it is sealed like any secret at rest (SPEC §5); the desk's
        # `outbox()` opens it.
        sealed = b64(vault.seal(text.encode("utf-8"), f"outbox:{number}"))
        step.connection.execute(insert(outbox).values(phone=number, channel=channel, text=sealed, at=now))
        masked = Phone(number).masked_number
        shown = (
            "You will receive a call within a minute"
            if channel == "voice"
            else f"A code was sent to {masked}"
        )
        public = {
            "kind": self.first_challenge,
            "channel": channel,
            "masked_number": masked,
            "message": shown,
            "resend_after": now + vocabulary.SMS_RESEND_AFTER,
            "codes_left": vocabulary.SMS_MAX_SENDS - sends,
        }
        secret = {"code_hash": b64(vault.code_hash("sms", code))}
        return Issued(public, secret, now + vocabulary.SMS_CODE_TTL)

    def wrong(self, step: Step, challenge: str) -> Wrong:
        """Not the last code sent: the page's masked number, and whether it was texted or read out."""
        standing = step.login.challenge or {}
        voice = standing.get("channel") == "voice"
        text = texts.WRONG_RESPONSE_VOICE if voice else texts.WRONG_RESPONSE_SMS
        return Wrong("LOGIN_FAILED", text, {"number": standing.get("masked_number", "")})

    def check(self, step: Step, challenge: str, response: str) -> bool:
        answer = self.answer(challenge, response)
        expected = unb64(step.challenge_secret()["code_hash"])
        return answer is not None and same(step.part.vault.code_hash("sms", answer), expected)

    def add_arguments(self, parser: Any) -> list[argparse.Action]:
        return [
            parser.add_argument("--phone", metavar="E164", help="the SMS phone number, e.g. +15555550123")
        ]

    def desk_options(self, args: argparse.Namespace, read_stdin: Callable[[], str]) -> dict[str, Any]:
        return {"phone": args.phone}

    def enrol(self, username: str, now: float, *, phone: str | None = None, **others: Any) -> Enrolment:
        self.no_options(**others)
        try:
            device = Phone(phone or "")
        except ValueError as error:
            raise EnrolmentError(str(error)) from None
        return Enrolment(device, {"id": f"SMS-{secrets.token_hex(4).upper()}", "phone": device.number})


GATEWAY_KIND = SmsKind("sms")
