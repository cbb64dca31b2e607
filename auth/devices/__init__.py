"""Qt-free models of the second-factor devices: DSC+, IB Key app, Security Code Card, phone, TOTP
authenticator app.

Each device keeps its secrets out of every repr, log record and exception message, and saves to a
versioned device file (`trader_login.auth.devices.files`).

The names below are imported on first use (PEP 562): importing one model, or the package, does not import
every model and cryptography with it (the window's first paint loads the kinds' app parts, which name
models without using them yet).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trader_login.auth.devices._schema import DeviceFileError
    from trader_login.auth.devices.card import SecurityCodeCard
    from trader_login.auth.devices.dscplus import DscPlus, DscState
    from trader_login.auth.devices.ibkey import (
        IbKeyApp,
        PushDecision,
        PushRequest,
        push_signing_payload,
        verify_push_decision,
    )
    from trader_login.auth.devices.phone import Phone, SmsMessage, VoiceCall
    from trader_login.auth.devices.totp import Authenticator, TotpUriError

# Each exported name and the module that defines it.
_EXPORTS = {
    "Authenticator": "totp",
    "DeviceFileError": "_schema",
    "DscPlus": "dscplus",
    "DscState": "dscplus",
    "IbKeyApp": "ibkey",
    "Phone": "phone",
    "PushDecision": "ibkey",
    "PushRequest": "ibkey",
    "SecurityCodeCard": "card",
    "SmsMessage": "phone",
    "TotpUriError": "totp",
    "VoiceCall": "phone",
    "push_signing_payload": "ibkey",
    "verify_push_decision": "ibkey",
}

__all__ = [
    "Authenticator",
    "DeviceFileError",
    "DscPlus",
    "DscState",
    "IbKeyApp",
    "Phone",
    "PushDecision",
    "PushRequest",
    "SecurityCodeCard",
    "SmsMessage",
    "TotpUriError",
    "VoiceCall",
    "push_signing_payload",
    "verify_push_decision",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
