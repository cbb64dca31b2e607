"""Second factors on the gateway side: issuing each kind of challenge and checking the answer (SPEC §4).

Every challenge is drawn from the CSPRNG, expires, and is used once; answers are compared in constant
time. What the client may see goes to `Issued.public`; what checking needs goes sealed into the login row.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert

from trader_login.auth import otp, rules
from trader_login.auth.devices.phone import Phone
from trader_login.auth.gateway.store import outbox
from trader_login.auth.gateway.vault import Vault

CHALLENGE_TTL = 180.0
SMS_CODE_TTL = 300.0
SMS_RESEND_AFTER = 30.0
SMS_MAX_SENDS = 5


@dataclass(frozen=True)
class Issued:
    public: dict[str, Any]  # sent to the client as the challenge
    secret: dict[str, Any]  # sealed in the login row; what `check` needs
    expires_at: float


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


def device_secrets(vault: Vault, device) -> dict[str, Any]:
    return vault.open_json(device.sealed, f"device:{device.id}") if device.sealed else {}


# --- issuing ---------------------------------------------------------------------------------------------


def issue_dscplus(now: float) -> Issued:
    challenge = f"{secrets.randbelow(10**6):06d}"
    return Issued({"kind": "dscplus", "challenge": challenge}, {"challenge": challenge}, now + CHALLENGE_TTL)


def issue_ibkey_challenge(now: float) -> Issued:
    challenge = f"{secrets.randbelow(10**8):08d}"
    return Issued(
        {"kind": "ibkey_challenge", "challenge": challenge}, {"challenge": challenge}, now + CHALLENGE_TTL
    )


def issue_card(kind: str, now: float) -> Issued:
    first = secrets.randbelow(100) + 1
    second = secrets.randbelow(99) + 1
    second += second >= first  # two different cells
    return Issued(
        {"kind": kind, "indices": [first, second]}, {"indices": [first, second]}, now + CHALLENGE_TTL
    )


def issue_temp_passcode(now: float) -> Issued:
    return Issued({"kind": "temp_passcode"}, {}, now + CHALLENGE_TTL)


def send_code(
    connection: Connection, vault: Vault, phone_number: str, channel: str, sends: int, now: float
) -> Issued:
    """Texts or calls a fresh 6-digit code; the new code voids the previous one (the secret is replaced)."""
    code = f"{secrets.randbelow(10**6):06d}"
    if channel == "voice":
        spaced = ", ".join(code)
        text = f"This is Trader Login. Your security code is {spaced}. Again: {spaced}."
    else:
        text = f"Trader Login security code: {code}. It expires in 5 minutes. Never share it."
    # The message carries the code, so it is sealed like any secret at rest (SPEC §5); `outbox()` opens it.
    sealed = b64(vault.seal(text.encode("utf-8"), f"outbox:{phone_number}"))
    connection.execute(insert(outbox).values(phone=phone_number, channel=channel, text=sealed, at=now))
    masked = Phone(phone_number).masked_number
    shown = (
        "You will receive a call within a minute" if channel == "voice" else f"A code was sent to {masked}"
    )
    public = {
        "kind": "sms",
        "channel": channel,
        "masked_number": masked,
        "message": shown,
        "resend_after": now + SMS_RESEND_AFTER,
        "codes_left": SMS_MAX_SENDS - sends,
    }
    return Issued(public, {"code_hash": b64(vault.code_hash("sms", code))}, now + SMS_CODE_TTL)


# --- checking -----------------------------------------------------------------------------------------


def check(
    kind: str, secret: dict[str, Any], device_secret: dict[str, Any], response: str, vault: Vault
) -> bool:
    """Whether `response` answers the challenge. Shape errors are simply wrong answers."""
    if kind == "dscplus":
        answer = rules.normalise_device_response(response)
        return rules.DSCPLUS_RESPONSE.check(answer).ok and otp.verify_ocra(
            otp.DSCPLUS_SUITE,
            unb64(device_secret["secret"]),
            secret["challenge"],
            answer,
            pin_hash=unb64(device_secret["pin_hash"]),
        )
    if kind == "ibkey_challenge":
        answer = rules.normalise_device_response(response)
        return rules.IBKEY_RESPONSE.check(answer).ok and otp.verify_ocra(
            otp.IBKEY_SUITE, unb64(device_secret["secret"]), secret["challenge"], answer
        )
    if kind in ("card", "online-card"):
        answer = rules.normalise_card_response(response)
        codes = device_secret["codes"]
        first, second = secret["indices"]
        expected = codes[first - 1] + codes[second - 1]
        return answer.isascii() and hmac.compare_digest(answer, expected)
    if kind == "sms":
        answer = rules.normalise_device_response(response)
        return rules.SMS_CODE.check(answer).ok and hmac.compare_digest(
            vault.code_hash("sms", answer), unb64(secret["code_hash"])
        )
    raise ValueError(f"no check for challenge kind {kind!r}")
