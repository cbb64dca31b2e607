"""The security key (passkey) in the harness and the console (issue 18). Placeholder while the kind is
being built."""

from __future__ import annotations

from types import MappingProxyType

from trader_login.app.kinds._base import Answer, AppKind, TypedPrompt


def _not_yet(_user: object, _challenge: object) -> str:
    raise NotImplementedError("the security key's answer is being built (issue 18)")


class PasskeyKind(AppKind):
    device = "passkey"
    handle = "passkey"
    answers = MappingProxyType(
        {
            name: Answer(name, "passkey", _not_yet)
            for name in ("passkey", "passkey_enrolment", "passkey_registration")
        }
    )
    console = MappingProxyType(
        {
            name: TypedPrompt("Security key", lambda _challenge: "Touch your security key.")
            for name in ("passkey", "passkey_enrolment", "passkey_registration")
        }
    )
    no_terminal_device = "the virtual security key is being built (issue 18)"


APP_KIND = PasskeyKind()
