"""The authenticator app (TOTP, RFC 6238): its harness answer and handle `user.totp`, its console prompt."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from trader_login.app.kinds._base import Answer, AppKind, TypedPrompt


class TotpHandle:
    def __init__(self, shelf: Any, name: str) -> None:
        self._shelf, self._name = shelf, name

    def __repr__(self) -> str:
        return f"TotpHandle({self._name!r})"

    def _app(self) -> Any:
        return self._shelf.device(self._name, "totp")

    @property
    def uri(self) -> str:
        """The otpauth:// URI the desk printed at enrolment (it holds the secret)."""
        return self._app().uri

    def code(self, at: float | None = None) -> str:
        """The code the app shows at the gateway's time (the harness's clock), or at `at`."""
        return self._app().code(self._shelf.now() if at is None else at)


class TotpKind(AppKind):
    device = "totp"
    handle = "totp"
    answers = MappingProxyType({"totp": Answer("totp", "totp", lambda user, _challenge: user.totp.code())})
    console = MappingProxyType(
        {
            "totp": TypedPrompt(
                "Authenticator code",
                lambda _challenge: "Enter the 6-digit code your authenticator app shows for Trader Login.",
            )
        }
    )

    def make_handle(self, shelf: Any, user: str) -> TotpHandle:
        return TotpHandle(shelf, user)


APP_KIND = TotpKind()
