"""What the login flow and the gateway say, in the trader's language.

The Qt-free layers give every message as a catalogue `Message` (`trader_login.auth.texts`): a text id and
its values. Here each text id has its translatable template (QT_TRANSLATE_NOOP marks it for lupdate), with
`%1`, `%2`… for the values in the order of the text's `params`; `render()` translates the template and puts
the values in (a value that is itself a `Message`, such as a nested "why", rendered the same way). Nothing
reads English text back. English is the catalogue's own text. A test holds every text id to a template here
and to a finished translation in every language.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from trader_login.auth.texts import Message

CONTEXT = "Messages"

# One template per text id (trader_login.auth.texts), %1, %2… in the order of the text's params.
TEMPLATES: Mapping[str, str] = {
    # the user name and password (R1, R2, R3)
    "username_empty": QT_TRANSLATE_NOOP("Messages", "Enter your user name."),
    "username_upper_case": QT_TRANSLATE_NOOP("Messages", "User names are lower case. Is Caps Lock on?"),
    "bad_character": QT_TRANSLATE_NOOP(
        "Messages", "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1."
    ),
    "bad_character_full_width": QT_TRANSLATE_NOOP(
        "Messages",
        "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found %1. "
        "It is a full-width character: switch the input method to half-width.",
    ),
    "bad_character_space_start": QT_TRANSLATE_NOOP(
        "Messages",
        "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the "
        "start.",
    ),
    "bad_character_space_end": QT_TRANSLATE_NOOP(
        "Messages",
        "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the "
        "end.",
    ),
    "bad_character_space_after": QT_TRANSLATE_NOOP(
        "Messages",
        "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space after "
        '"%1".',
    ),
    "invalid_credentials": QT_TRANSLATE_NOOP("Messages", "Invalid user name password combination"),
    "locked": QT_TRANSLATE_NOOP(
        "Messages",
        "This user name is locked after too many failed login attempts. Try again after %1, "
        "or call Client Services.",
    ),
    "wrong_mode_paper": QT_TRANSLATE_NOOP(
        "Messages", 'This is a paper trading user name. Choose "Paper trading" to log in.'
    ),
    "wrong_mode_live": QT_TRANSLATE_NOOP(
        "Messages",
        'This is a live trading user name. Choose "Live trading" to log in; '
        "paper trading has its own user name.",
    ),
    "ip_not_allowed": QT_TRANSLATE_NOOP(
        "Messages",
        "Logins for this user name are only allowed from the IP addresses set by the account's primary user.",
    ),
    "rate_limited": QT_TRANSLATE_NOOP(
        "Messages", "Too many login requests from this address. Try again in %1 s."
    ),
    "caps_lock": QT_TRANSLATE_NOOP("Messages", "Caps Lock is on"),
    # the second factor (R4–R11)
    "login_failed": QT_TRANSLATE_NOOP("Messages", "Login failed"),
    "no_device": QT_TRANSLATE_NOOP(
        "Messages",
        "No security device is active for this user name. Please call Client Services: they can issue a "
        "temporary passcode.",
    ),
    "device_gone": QT_TRANSLATE_NOOP(
        "Messages",
        "This security device can no longer be used for this user name. Please log in again, or call Client "
        "Services.",
    ),
    "choose_listed_device": QT_TRANSLATE_NOOP("Messages", "Choose one of the devices listed."),
    "response_to_previous_challenge": QT_TRANSLATE_NOOP(
        "Messages",
        "Login failed: that is the answer to the previous challenge, which a new one replaced. Answer the "
        "challenge shown now.",
    ),
    "challenge_expired": QT_TRANSLATE_NOOP("Messages", "The challenge expired. Here is a new one."),
    "code_expired": QT_TRANSLATE_NOOP("Messages", "The code expired. Ask for a new code."),
    "push_expired": QT_TRANSLATE_NOOP(
        "Messages", "The notification expired. Send a new one, or use challenge/response."
    ),
    "push_gone": QT_TRANSLATE_NOOP("Messages", "This notification has expired or was already answered."),
    "temp_passcode_expired": QT_TRANSLATE_NOOP(
        "Messages", "The temporary passcode has expired. Please call Client Services."
    ),
    "portal_only": QT_TRANSLATE_NOOP(
        "Messages",
        "This temporary passcode now only opens the Client Portal, where you can print an Online Security "
        "Code Card.",
    ),
    "too_many_codes": QT_TRANSLATE_NOOP(
        "Messages", "No more codes can be sent for this login. Please log in again."
    ),
    "code_wait": QT_TRANSLATE_NOOP("Messages", "Please wait %1 s before asking for a new code."),
    "dscplus_response_format": QT_TRANSLATE_NOOP("Messages", "The DSC+ response is 8 digits."),
    "ibkey_response_format": QT_TRANSLATE_NOOP("Messages", "The IB Key response is 8 digits."),
    "security_code_format": QT_TRANSLATE_NOOP("Messages", "The security code is 6 digits."),
    "card_response_format": QT_TRANSLATE_NOOP(
        "Messages", "Enter the two 3-character codes from your card, one after the other."
    ),
    "temp_passcode_format": QT_TRANSLATE_NOOP(
        "Messages", "The temporary passcode is upper-case letters and digits."
    ),
    # sessions (R6, R7)
    "existing_session": QT_TRANSLATE_NOOP(
        "Messages",
        "This user name is already logged in elsewhere. Log in here and disconnect the other session?",
    ),
    "kept_other_session": QT_TRANSLATE_NOOP("Messages", "The other session stays logged in."),
    "taken_over": QT_TRANSLATE_NOOP(
        "Messages", "This session was disconnected because the user name logged in elsewhere."
    ),
    "session_ended": QT_TRANSLATE_NOOP("Messages", "This session has ended. Please log in again."),
    "login_expired": QT_TRANSLATE_NOOP(
        "Messages", "This login has expired or was already used. Please log in again."
    ),
    "login_cancelled": QT_TRANSLATE_NOOP("Messages", "Login cancelled."),
    "logged_out_untold": QT_TRANSLATE_NOOP("Messages", "Logged out here; the gateway could not be told: %1"),
    # the connection to the gateway
    "unreachable": QT_TRANSLATE_NOOP("Messages", "The gateway is not running or cannot be reached at %1."),
    "timeout": QT_TRANSLATE_NOOP("Messages", "The gateway did not answer within %1 s."),
    "server_fault": QT_TRANSLATE_NOOP(
        "Messages", "The gateway failed with an internal fault (HTTP %1). Please try again."
    ),
    "internal": QT_TRANSLATE_NOOP("Messages", "The gateway failed to handle this request. Please try again."),
    "unavailable": QT_TRANSLATE_NOOP(
        "Messages", "The gateway's database is busy or unreachable. Try again in %1 s."
    ),
    "certificate": QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway's certificate does not match the one this client trusts. Nothing was sent. If the "
        "gateway was set up again, trust its new certificate; otherwise someone may be intercepting the "
        "connection.",
    ),
    "server_proof": QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway could not prove it knows your password verifier. It may not be the real gateway: "
        "nothing more was sent to it.",
    ),
    "kdf_bounds": QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway asked for password hardening outside this client's safe bounds. Nothing was sent.",
    ),
    "protocol": QT_TRANSLATE_NOOP(
        "Messages",
        "The gateway's reply is not the SLS protocol (%1). Check that %2 is an SLS gateway and that this "
        "client is up to date.",
    ),
    "bad_request": QT_TRANSLATE_NOOP("Messages", "The gateway refused the request as malformed: %1"),
    "client_fault": QT_TRANSLATE_NOOP(
        "Messages", "The login stopped because of an internal error in this client."
    ),
    "gateway_not_started": QT_TRANSLATE_NOOP("Messages", "The gateway could not be started: %1"),
    "unauthorized": QT_TRANSLATE_NOOP(
        "Messages", "This request needs the token from the last step as 'Authorization: Bearer'."
    ),
    "not_found": QT_TRANSLATE_NOOP("Messages", "There is no such endpoint."),
    "method_not_allowed": QT_TRANSLATE_NOOP("Messages", "This endpoint does not take that method."),
    "body_too_large": QT_TRANSLATE_NOOP("Messages", "The request body is over %1 bytes."),
    "bad_signature": QT_TRANSLATE_NOOP(
        "Messages", "The device request signature is missing, stale or wrong."
    ),
    "decision_signature": QT_TRANSLATE_NOOP("Messages", "The device signature does not verify."),
    "replayed": QT_TRANSLATE_NOOP(
        "Messages", "This signed device request was already used. Sign each request anew."
    ),
    "gateway_says": QT_TRANSLATE_NOOP("Messages", "%1"),  # a third-party gateway's own English, as it is
    "bad_reply": QT_TRANSLATE_NOOP(
        "Messages", "The gateway's reply is not the SLS protocol. Nothing more was sent."
    ),
    "connection_closed": QT_TRANSLATE_NOOP("Messages", "This connection to the gateway is closed."),
    # issue 19: attempts left (R3), the client's own stop, push number matching, the restart grant
    "attempts_left": QT_TRANSLATE_NOOP(
        "Messages", "Attempts left before this user name is locked for 24 hours: %1."
    ),
    # %1: the failures counted; %2: the --max-attempts limit.
    "max_attempts_reached": QT_TRANSLATE_NOOP(
        "Messages",
        "Stopped before another attempt: %1 failed attempts in a row for this user name from this computer "
        "(--max-attempts %2). Check the password and the device, then log in by hand.",
    ),
    "push_wrong_number": QT_TRANSLATE_NOOP(
        "Messages",
        "Login failed: the number picked on your phone was not the number shown here. A new notification "
        "was sent: pick the number this page shows.",
    ),
    "push_reported": QT_TRANSLATE_NOOP(
        "Messages",
        "Login failed: this login was reported on your phone as not yours. If it was you after all, log in "
        "again; if not, change your password and call Client Services.",
    ),
    "restart_expired": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: this computer's restart grant expired at %1 (the weekly "
        "cut-off). Log in with your second factor.",
    ),
    "restart_revoked": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: the restart grant was revoked at the desk at %1. Log in with "
        "your second factor.",
    ),
    "restart_forgotten": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: this computer was forgotten at a logout at %1. Log in with "
        "your second factor.",
    ),
    "restart_password_changed": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: the password was changed at %1. Log in with your second "
        "factor.",
    ),
    "restart_device_changed": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: the security devices of this user name changed at %1. Log "
        "in with your second factor.",
    ),
    "restart_replaced": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: another computer was allowed to restart at %1, and only one "
        "can be. Log in with your second factor.",
    ),
    "restart_wrong_key": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: this device key is not the one registered for this user "
        "name. Log in with your second factor.",
    ),
    "restart_unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "No restart without the second factor: the gateway has no restart grant for this computer. Log in "
        "with your second factor.",
    ),
    "restart_no_key": QT_TRANSLATE_NOOP(
        "Messages", "This computer holds no restart key for %1: log in with your second factor."
    ),
    "restart_not_allowed": QT_TRANSLATE_NOOP(
        "Messages",
        "The restart without the second factor can only be allowed after a full login with a security "
        "device, not in a read-only, paper, temporary-passcode or restarted session.",
    ),
    "restart_disabled": QT_TRANSLATE_NOOP(
        "Messages", "This gateway does not allow restarts without the second factor."
    ),
    "restart_key_not_kept": QT_TRANSLATE_NOOP(
        "Messages",
        "This computer's keychain failed, so its restart without the second factor could not be changed. Try "
        'again, or log out with "Forget this computer".',
    ),
    "restart_key_damaged": QT_TRANSLATE_NOOP(
        "Messages",
        "This computer's restart key for %1 is damaged or cannot be read from the keychain: log in with your "
        "second factor (allowing the restart again makes a new key).",
    ),
    # --max-attempts: the attempt log cannot be read or written (%2 is what went wrong, in English)
    "attempt_log_damaged": QT_TRANSLATE_NOOP(
        "Messages",
        "The attempt log %1 %2: the failed attempts cannot be counted, so nothing was sent. Delete the file "
        "to start afresh.",
    ),
    # the busy line while a step runs
    "starting": QT_TRANSLATE_NOOP("Messages", "Starting the gateway…"),
    "logging_in": QT_TRANSLATE_NOOP("Messages", "Logging in…"),
    "logging_out": QT_TRANSLATE_NOOP("Messages", "Logging out…"),
    "contacting_device": QT_TRANSLATE_NOOP("Messages", "Contacting your device…"),
    "checking_response": QT_TRANSLATE_NOOP("Messages", "Checking the response…"),
    "asking_challenge": QT_TRANSLATE_NOOP("Messages", "Asking for a challenge…"),
    "sending_code": QT_TRANSLATE_NOOP("Messages", "Sending a new code…"),
    "opening_read_only": QT_TRANSLATE_NOOP("Messages", "Opening a read-only session…"),
    "taking_over": QT_TRANSLATE_NOOP("Messages", "Taking over the session…"),
    "keeping_other": QT_TRANSLATE_NOOP("Messages", "Keeping the other session…"),
    "restarting": QT_TRANSLATE_NOOP("Messages", "Restarting without the second factor…"),
}

# The session's restrictions, by the protocol's restriction code (session window).
RESTRICTIONS: Mapping[str, str] = {
    "read_only": QT_TRANSLATE_NOOP(
        "Messages", "Read only: market data and portfolio; no trading, no withdrawals."
    ),
    "temp_passcode": QT_TRANSLATE_NOOP(
        "Messages", "Temporary passcode: withdrawals and changes to your information are restricted."
    ),
    "sls_opt_out": QT_TRANSLATE_NOOP(
        "Messages", "Opted out of the Secure Login System: no Pink Sheet or OTCBB trading."
    ),
    "no_penny_stocks": QT_TRANSLATE_NOOP(
        "Messages", "Penny stocks need an IP restriction when only the portal uses two-factor login."
    ),
}


def templates() -> Mapping[str, str]:
    """Every text id's template: the ones above, and those a device kind's page part brings for its own
    texts (`KindPart.message_templates`: a new kind adds its texts without editing this module). A text id
    with two templates is a programming error, raised loudly."""
    return _all_templates()


@functools.cache
def _all_templates() -> Mapping[str, str]:
    from trader_login.auth.vocabulary import KindRegistryError
    from trader_login.ui.pages import kinds

    merged = dict(TEMPLATES)
    for kind, part in kinds.load().items():
        for id_, template in part.message_templates.items():
            if id_ in merged:
                raise KindRegistryError(f"text {id_!r} has two templates (one of device kind {kind!r})")
            merged[id_] = template
    return MappingProxyType(merged)


def render(message: Message | None) -> str:
    """`message` in the current language ("" for None): its text's template translated, `%1`, `%2`… the
    values in the order of the text's params (values that are messages rendered the same way). Where the
    template has no translation (English, or a text newer than the catalogue) the catalogue's own English
    is used, so English reads exactly as the SPEC words it."""
    if message is None:
        return ""
    names = message.text.params
    values = {name: _value(message.params.get(name, "")) for name in names}
    template = templates().get(message.id)
    translated = QCoreApplication.translate(CONTEXT, template) if template is not None else None
    if translated is None or translated == template:
        return message.text.template.format(**values)
    return fill(translated, [values[name] for name in names])


def fill(template: str, values: list[str]) -> str:
    """`%1`…`%9` in `template` replaced by `values`, in one pass (a value that holds "%2" stays as it is)."""
    out: list[str] = []
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "%" and i + 1 < len(template) and template[i + 1].isdigit() and template[i + 1] != "0":
            index = int(template[i + 1]) - 1
            out.append(values[index] if index < len(values) else template[i : i + 2])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _value(value: Any) -> str:
    from trader_login.auth.texts import Message  # loaded by then: the message being rendered is one

    if isinstance(value, Message):
        return render(value)
    return str(value)


def restriction(code: str, english: str = "") -> str:
    """A session restriction in the current language, by its protocol code; `english` for one not known."""
    template = RESTRICTIONS.get(code)
    return QCoreApplication.translate(CONTEXT, template) if template is not None else english
