"""The authenticator app on the gateway (TOTP, RFC 6238: HMAC-SHA-1, 6 digits, a 30 s period), the code
every authenticator app (Google Authenticator, 1Password, …) shows once it has scanned the enrolment QR code.

Logging in: the challenge carries nothing secret (`{"kind": "totp", "digits": 6, "period": 30}`); the
trader types the code the app shows. The gateway accepts the code of the current time step of its own
wall clock and of one step on each side (a phone's clock a little off, a code typed as it changed), and
each step once: the last step used is kept in the device's sealed secret and a code of that step or an
earlier one is refused as used, by every gateway process on the database (the check and the update run
in the store's write transaction, under its writer lock, and the update is a compare-and-set besides).
A wrong code is "Login failed", a used one `LOGIN_FAILED` told with `code_used`; both are counted (R3)
and the same challenge stands (the app's next code is as good). A code of the wrong shape (not 6 digits)
is refused uncounted: it is no attempt at a code (the client refuses it before sending).

Enrolment at the desk: `sls-gateway device add USER totp [--qr FILE]` prints the `otpauth://totp/…` URI
and writes its QR code as PNG (segno, `auth.devices.totp`); both hold the shared secret, the second
factor itself. The device id is `TOTP-` and 8 random hex digits (the app's `ident`, "Trader Login:
USER", is what the emulators' picker shows; it does not fit a device id: the user name may be 64
characters and a re-enrolment would repeat it).
"""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TextIO

from sqlalchemy import Row

from trader_login.auth import texts, vocabulary
from trader_login.auth.devices import totp
from trader_login.auth.devices.files import write_private
from trader_login.auth.gateway.errors import GatewayError, refusal
from trader_login.auth.gateway.kinds._part import (
    Enrolment,
    EnrolmentError,
    GatewayKind,
    Issued,
    Step,
    Wrong,
    b64,
    unb64,
)
from trader_login.auth.gateway.kinds._wire import Challenge

WINDOW = 1  # time steps accepted on each side of the gateway's current one
NEVER_USED = -1  # the last used step of a device not used yet
QR_SUFFIX = "-totp.png"  # the QR code's file name by default: USER-totp.png in the current directory

# A used code is a wrong response (counted, the same challenge stands), told precisely: the protocol's
# LOGIN_FAILED with the catalogue's `code_used` text. Not a code of its own: every client of protocol
# version 1 keeps the page on LOGIN_FAILED and its `next`, and shows the message id it is given.
_USED = Wrong("LOGIN_FAILED", texts.CODE_USED)


class _Sealed(dict):
    """The device's secrets on their way to the desk's vault: a dict whose repr shows no value, so an
    `Enrolment` in a log or a traceback does not carry the shared secret."""

    def __repr__(self) -> str:
        return f"<sealed: {', '.join(self)}>"


# The document's model of the challenge `issue` sends. The Literals are the app's RFC 6238 parameters
# (auth.devices.totp.DIGITS, PERIOD), which a client checks (it refuses any other).
class TotpChallenge(Challenge):
    kind: Literal["totp"]
    digits: Literal[6]
    period: Literal[30]


class TotpKind(GatewayKind):
    wrong_keeps_challenge = True  # the app's codes stay good: nothing new to issue
    wrong_text = texts.WRONG_RESPONSE_TOTP
    challenge_models = (TotpChallenge,)

    # -- logging in --------------------------------------------------------------------------------------

    def issue(self, step: Step, challenge: str) -> Issued:
        public = {"kind": challenge, "digits": totp.DIGITS, "period": totp.PERIOD}
        return Issued(public, {}, step.now + vocabulary.CHALLENGE_TTL)

    def check(self, step: Step, challenge: str, response: str) -> bool | Wrong | GatewayError:
        answer = self.answer(challenge, response)
        if answer is None:
            # Not 6 digits: no attempt at a code, so not counted (R3); the challenge stands.
            return refusal("BAD_REQUEST", texts.AUTHENTICATOR_CODE_FORMAT, 400)
        device = step.device()
        sealed = self._secrets(step, device)
        accepted = totp.verify(unb64(sealed["secret"]), answer, step.now, window=WINDOW)
        if accepted is None:
            return False
        if accepted <= sealed.get("last_step", NEVER_USED):
            return _USED
        # Under the writer lock no other request can come between the read and this write; the
        # compare-and-set is the proof of it (False: another request used a code of this device first).
        if not step.replace_device_secret(device, {**sealed, "last_step": accepted}):
            return _USED
        return True

    @staticmethod
    def _secrets(step: Step, device: Row) -> dict[str, Any]:
        """The device's sealed secrets as read with `device` (the row the compare-and-set compares)."""
        return step.part.vault.open_json(device.sealed, f"device:{device.id}")

    # -- enrolment at the desk ---------------------------------------------------------------------------

    def add_arguments(self, parser: Any) -> list[argparse.Action]:
        parser.description = (
            "The printed otpauth:// URI and the QR code hold the shared secret: they ARE the trader's "
            "second factor. Give them to the trader only, to scan or type into an authenticator app, "
            "then delete the PNG."
        )
        return [
            parser.add_argument(
                "--qr",
                type=Path,
                metavar="FILE",
                help=(
                    f"write the enrolment QR code (PNG) to FILE; by default USER{QR_SUFFIX} in the current "
                    "directory. It is the second factor, like the printed URI"
                ),
            )
        ]

    def desk_options(self, args: argparse.Namespace, read_stdin: Callable[[], str]) -> dict[str, Any]:
        """Nothing for `enrol`; the QR code's path is checked now, before the device is stored."""
        path = qr_path(args)
        if path is None:
            return {}
        if not path.parent.is_dir():
            raise EnrolmentError(f"cannot write the QR code to {path}: no such directory")
        if path.is_dir():
            raise EnrolmentError(f"cannot write the QR code to {path}: it is a directory")
        return {}

    def enrol(self, username: str, now: float, **others: Any) -> Enrolment:
        self.no_options(**others)
        app = totp.Authenticator.create(username)
        sealed = _Sealed(secret=b64(app.secret), last_step=NEVER_USED)
        return Enrolment(app, {"id": f"TOTP-{secrets.token_hex(4).upper()}", "sealed": sealed})

    def enrolled(self, enrolment: Enrolment, args: argparse.Namespace, out: TextIO) -> None:
        app: totp.Authenticator = enrolment.device
        path = qr_path(args)
        if path is None:
            raise EnrolmentError("no file to write the QR code to (--qr FILE)")
        try:
            write_private(path, app.qr_png())
        except OSError as error:
            raise EnrolmentError(f"cannot write the QR code to {path}: {error.strerror or error}") from None
        print(f"QR code: {path}", file=out)
        print("enrolment URI (the second factor itself: for the trader only):", file=out)
        print(app.uri, file=out)


def qr_path(args: argparse.Namespace) -> Path | None:
    """Where `device add USER totp` writes the QR code: `--qr FILE`, or USER-totp.png here (None: the
    arguments name neither a file nor a user)."""
    if getattr(args, "qr", None) is not None:
        return args.qr
    name = getattr(args, "name", None)
    return Path(f"{name}{QR_SUFFIX}") if name else None


GATEWAY_KIND = TotpKind("totp")
