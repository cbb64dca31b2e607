"""Qt-free models of the second-factor devices: DSC+, IB Key app, Security Code Card, phone, TOTP
authenticator app.

Each device keeps its secrets out of every repr, log record and exception message, and saves to a
versioned device file (`trader_login.auth.devices.files`).
"""

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
