"""The authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s) on the gateway."""

from __future__ import annotations

import secrets
from typing import Any

from trader_login.auth import texts, vocabulary
from trader_login.auth.devices import totp
from trader_login.auth.gateway.kinds._part import Enrolment, GatewayKind, Issued, Step, Wrong, b64, unb64


class TotpKind(GatewayKind):
    wrong_keeps_challenge = True

    def issue(self, step: Step, challenge: str) -> Issued:
        public = {"kind": challenge, "digits": totp.DIGITS, "period": totp.PERIOD}
        return Issued(public, {}, step.now + vocabulary.CHALLENGE_TTL)

    def check(self, step: Step, challenge: str, response: str) -> bool | Wrong:
        answer = self.answer(challenge, response)
        if answer is None:
            return False
        device = step.device()
        secret = step.device_secret()
        accepted = totp.verify(unb64(secret["secret"]), answer, step.now)
        if accepted is None:
            return False
        if accepted <= secret.get("last_step", -1):
            return Wrong("CODE_USED", texts.CODE_USED)
        if not step.replace_device_secret(device, {**secret, "last_step": accepted}):
            return Wrong("CODE_USED", texts.CODE_USED)
        return True

    def enrol(self, username: str, now: float, **others: Any) -> Enrolment:
        self.no_options(**others)
        app = totp.Authenticator.create(username)
        sealed = {"secret": b64(app.secret), "last_step": -1}
        return Enrolment(app, {"id": f"TOTP-{secrets.token_hex(4).upper()}", "sealed": sealed})


GATEWAY_KIND = TotpKind("totp")
