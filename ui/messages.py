"""What the login flow and the gateway say, in the trader's language.

The Qt-free layers speak English (SPEC §2–3 quotes the broker's English). Here every text they can show a
trader is listed for the translators (QT_TRANSLATE_NOOP marks it for lupdate), and `translate()` turns
a message into its translation: a fixed text by lookup, a text with a value in it (a host, a number of
seconds, the character refused) by its pattern, the value carried over. A text not listed stays English.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Messages"


_FIXED = (
    QT_TRANSLATE_NOOP("Messages", "User names are lower case. Is Caps Lock on?"),
    QT_TRANSLATE_NOOP("Messages", "Enter your user name."),
    QT_TRANSLATE_NOOP("Messages", "Invalid user name password combination"),
    QT_TRANSLATE_NOOP("Messages", "Login failed"),
    QT_TRANSLATE_NOOP("Messages", "Caps Lock is on"),
    QT_TRANSLATE_NOOP("Messages", "Login cancelled."),
    QT_TRANSLATE_NOOP("Messages", "The other session stays logged in."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "This session was disconnected because the user name logged in elsewhere.",
    ),
    QT_TRANSLATE_NOOP("Messages", "Choose one of the devices listed."),
    QT_TRANSLATE_NOOP("Messages", "The challenge expired. Here is a new one."),
    QT_TRANSLATE_NOOP("Messages", "The code expired. Ask for a new code."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The notification expired. Send a new one, or use challenge/response.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The temporary passcode has expired. Please call Client Services."),
    QT_TRANSLATE_NOOP("Messages", "This login has expired or was already used. Please log in again."),
    QT_TRANSLATE_NOOP("Messages", "This notification has expired or was already answered."),
    QT_TRANSLATE_NOOP("Messages", "This session has ended. Please log in again."),
    QT_TRANSLATE_NOOP("Messages", "The gateway failed to handle this request. Please try again."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Logins for this user name are only allowed from the IP addresses set by the account's primary user.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "No security device is active for this user name. Please call Client Services: they can issue a "
        "temporary passcode.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "This security device can no longer be used for this user name. Please log in again, or call Client "
        "Services.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "This temporary passcode now only opens the Client Portal, where you can print an Online Security "
        "Code Card.",
    ),
    QT_TRANSLATE_NOOP("Messages", "No more codes can be sent for this login. Please log in again."),
    QT_TRANSLATE_NOOP("Messages", "This is a paper trading user name. Switch to Paper to log in."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "This is a live trading user name. Switch to Live to log in; paper trading has its own user name.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The DSC+ response is 8 digits."),
    QT_TRANSLATE_NOOP("Messages", "The IB Key response is 8 digits."),
    QT_TRANSLATE_NOOP("Messages", "The security code is 6 digits."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "Enter the two 3-character codes from your card, one after the other.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The temporary passcode is upper-case letters and digits."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway's certificate does not match the one this client trusts. Nothing was sent. If the "
        "gateway was set up again, trust its new certificate; otherwise someone may be intercepting the "
        "connection.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway could not prove it knows your password verifier. It may not be the real gateway: "
        "nothing more was sent to it.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway asked for password hardening outside this client's safe bounds. Nothing was sent.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The gateway's reply is not the SLS protocol. Nothing more was sent."),
    QT_TRANSLATE_NOOP("Messages", "The login stopped because of an internal error in this client."),
    # The gateway's device labels (device list, session window) and restrictions (session window).
    QT_TRANSLATE_NOOP("Messages", "IB Key"),
    QT_TRANSLATE_NOOP("Messages", "Digital Security Card+ (DSC+)"),
    QT_TRANSLATE_NOOP("Messages", "Security Code Card"),
    QT_TRANSLATE_NOOP("Messages", "Online Security Code Card"),
    QT_TRANSLATE_NOOP("Messages", "SMS"),
    QT_TRANSLATE_NOOP("Messages", "Temporary passcode"),
    QT_TRANSLATE_NOOP("Messages", "Read only: market data and portfolio; no trading, no withdrawals."),
    QT_TRANSLATE_NOOP(
        "Messages", "Temporary passcode: withdrawals and changes to your information are restricted."
    ),
    QT_TRANSLATE_NOOP("Messages", "Opted out of the Secure Login System: no Pink Sheet or OTCBB trading."),
    QT_TRANSLATE_NOOP(
        "Messages", "Penny stocks need an IP restriction when only the portal uses two-factor login."
    ),
    # What the busy line says while a step is in flight.
    QT_TRANSLATE_NOOP("Messages", "Logging in…"),
    QT_TRANSLATE_NOOP("Messages", "Logging out…"),
    QT_TRANSLATE_NOOP("Messages", "Contacting your device…"),
    QT_TRANSLATE_NOOP("Messages", "Checking the response…"),
    QT_TRANSLATE_NOOP("Messages", "Asking for a challenge…"),
    QT_TRANSLATE_NOOP("Messages", "Sending a new code…"),
    QT_TRANSLATE_NOOP("Messages", "Opening a read-only session…"),
    QT_TRANSLATE_NOOP("Messages", "Taking over the session…"),
    QT_TRANSLATE_NOOP("Messages", "Keeping the other session…"),
    QT_TRANSLATE_NOOP("Messages", "Starting the gateway…"),
)

# A text with values: its English pattern, and the translatable template with %1, %2 for the values.
_PATTERNS = (
    (
        re.compile(
            r"BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9\. Found (.+?)\."
            r"( It is a full-width character: switch the input method to half-width\.)?$"
        ),
        QT_TRANSLATE_NOOP(
            "Messages",
            "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1.",
        ),
    ),
    (
        re.compile(r"The gateway is not running or cannot be reached at (\S+)\.$"),
        QT_TRANSLATE_NOOP("Messages", "The gateway is not running or cannot be reached at %1."),
    ),
    (
        re.compile(r"The gateway did not answer within ([0-9.]+) seconds?\.$"),
        QT_TRANSLATE_NOOP("Messages", "The gateway did not answer within %1 s."),
    ),
    (
        re.compile(r"The gateway failed with an internal fault \(HTTP ([0-9]+)\)\. Please try again\.$"),
        QT_TRANSLATE_NOOP(
            "Messages", "The gateway failed with an internal fault (HTTP %1). Please try again."
        ),
    ),
    (
        re.compile(r"Too many login requests from this address\. Try again in ([0-9]+) seconds\.$"),
        QT_TRANSLATE_NOOP("Messages", "Too many login requests from this address. Try again in %1 s."),
    ),
    (
        re.compile(r"Please wait ([0-9]+) seconds before asking for a new code\.$"),
        QT_TRANSLATE_NOOP("Messages", "Please wait %1 s before asking for a new code."),
    ),
    (
        re.compile(r"Logged out here; the gateway could not be told: (.*)$"),
        QT_TRANSLATE_NOOP("Messages", "Logged out here; the gateway could not be told: %1"),
    ),
)
_FULL_WIDTH = QT_TRANSLATE_NOOP(
    "Messages", "It is a full-width character: switch the input method to half-width."
)


def translate(message: str) -> str:
    """`message` in the current language (English when no translation is installed or known)."""
    if not message:
        return message
    translated = QCoreApplication.translate(CONTEXT, message)
    if translated != message or message in _FIXED:
        return translated
    for pattern, template in _PATTERNS:
        found = pattern.match(message)
        if found is None:
            continue
        translated_template = QCoreApplication.translate(CONTEXT, template)
        if translated_template == template:
            return message  # no translation: the English as the flow or the gateway wrote it
        text = translated_template.replace("%1", found.group(1))
        if len(found.groups()) > 1 and found.group(2):
            text += " " + QCoreApplication.translate(CONTEXT, _FULL_WIDTH)
        return text
    return message
