"""Every message the login flow or the gateway can give a trader, by id (Qt-free).

An error travels as its protocol code (`LOCKED`, `EXPIRED`, …: docs/protocol.md), a message id from this
catalogue and the id's parameters; the English text is rendered from them here (for logs, the console and
third-party clients), and the UI renders its own translation from the id and the parameters
(`trader_login.ui.messages`). Nothing reads English text back.

A `Text` is created only here, so every message the code can produce is in `TEXTS` by construction, and a
test holds every id to a finished translation in every language. Parameters are values fit to show (a
host, a number of seconds, a time, a character refused), never a secret.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Text:
    """One message: its stable `id`, and its English `template` with `{name}` fields for `params`."""

    id: str
    template: str
    params: tuple[str, ...] = field(default=())

    def render(self, **values: Any) -> str:
        """The English text. A value that is itself a Message (a nested "why") is rendered too."""
        return self.template.format(**{name: _english(values.get(name, "")) for name in self.params})


@dataclass(frozen=True)
class Message:
    """A message as it travels: the text's id and the values of its parameters."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> Text:
        return text(self.id)

    @property
    def english(self) -> str:
        return self.text.render(**self.params)

    def to_wire(self) -> dict[str, Any]:
        return {"message_id": self.id, "params": dict(self.params)}


def _english(value: Any) -> Any:
    return value.english if isinstance(value, Message) else value


_TEXTS: dict[str, Text] = {}


def _text(id_: str, template: str) -> Text:
    if id_ in _TEXTS:
        raise ValueError(f"text {id_!r} is defined twice")
    # Each parameter once, in order of first use (a template may use one twice).
    names = tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name))
    made = Text(id_, template, names)
    _TEXTS[id_] = made
    return made


def text(id_: str) -> Text:
    try:
        return _TEXTS[id_]
    except KeyError:
        raise KeyError(f"no text {id_!r} in trader_login.auth.texts") from None


def message(item: Text, **params: Any) -> Message:
    missing = set(item.params) - set(params)
    if missing:
        raise ValueError(f"text {item.id!r} needs {', '.join(sorted(missing))}")
    return Message(item.id, {name: params[name] for name in item.params})


# --- the user name and password (R1, R2, R3) -----------------------------------------------------------

USERNAME_EMPTY = _text("username_empty", "Enter your user name.")
USERNAME_UPPER_CASE = _text("username_upper_case", "User names are lower case. Is Caps Lock on?")
BAD_CHARACTER = _text(
    "bad_character",
    "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found {found}.",
)
BAD_CHARACTER_FULL_WIDTH = _text(
    "bad_character_full_width",
    "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found {found}. "
    "It is a full-width character: switch the input method to half-width.",
)
# A space (or another white space) says where it is: it cannot be seen on screen.
BAD_CHARACTER_SPACE_START = _text(
    "bad_character_space_start",
    "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. "
    "Found a space at the start.",
)
BAD_CHARACTER_SPACE_END = _text(
    "bad_character_space_end",
    "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. Found a space at the end.",
)
BAD_CHARACTER_SPACE_AFTER = _text(
    "bad_character_space_after",
    "BAD CHARACTER: user names contain only lower-case letters a-z and digits 0-9. "
    'Found a space after "{before}".',
)
INVALID_CREDENTIALS = _text("invalid_credentials", "Invalid user name password combination")
LOCKED = _text(
    "locked",
    "This user name is locked after too many failed login attempts. Try again after {until}, "
    "or call Client Services.",
)
WRONG_MODE_PAPER = _text(
    "wrong_mode_paper", 'This is a paper trading user name. Choose "Paper trading" to log in.'
)
WRONG_MODE_LIVE = _text(
    "wrong_mode_live",
    'This is a live trading user name. Choose "Live trading" to log in; paper trading has its own user name.',
)
IP_NOT_ALLOWED = _text(
    "ip_not_allowed",
    "Logins for this user name are only allowed from the IP addresses set by the account's primary user.",
)
RATE_LIMITED = _text(
    "rate_limited", "Too many login requests from this address. Try again in {seconds} seconds."
)
CAPS_LOCK = _text("caps_lock", "Caps Lock is on")

# --- the second factor (R4–R11) ------------------------------------------------------------------------

LOGIN_FAILED = _text("login_failed", "Login failed")
NO_DEVICE = _text(
    "no_device",
    "No security device is active for this user name. Please call Client Services: they can issue a "
    "temporary passcode.",
)
DEVICE_GONE = _text(
    "device_gone",
    "This security device can no longer be used for this user name. Please log in again, or call "
    "Client Services.",
)
CHOOSE_LISTED_DEVICE = _text("choose_listed_device", "Choose one of the devices listed.")
CHALLENGE_EXPIRED = _text("challenge_expired", "The challenge expired. Here is a new one.")
CODE_EXPIRED = _text("code_expired", "The code expired. Ask for a new code.")
PUSH_EXPIRED = _text("push_expired", "The notification expired. Send a new one, or use challenge/response.")
PUSH_GONE = _text("push_gone", "This notification has expired or was already answered.")
TEMP_PASSCODE_EXPIRED = _text(
    "temp_passcode_expired", "The temporary passcode has expired. Please call Client Services."
)
PORTAL_ONLY = _text(
    "portal_only",
    "This temporary passcode now only opens the Client Portal, where you can print an Online Security "
    "Code Card.",
)
TOO_MANY_CODES = _text("too_many_codes", "No more codes can be sent for this login. Please log in again.")
CODE_WAIT = _text("code_wait", "Please wait {seconds} seconds before asking for a new code.")
CODE_USED = _text(
    "code_used", "This code was used already. Wait for the next code in your authenticator app."
)

# A wrong typed response (LOGIN_FAILED, counted, R3): what happened and what to do, by the device kind
# (each kind's gateway part picks its text). `serial`, `used`: the last four characters of a device's
# serial or id; `number`: the phone number as masked on the page. Never the response or a code.
WRONG_RESPONSE_DSCPLUS = _text(
    "wrong_response_dscplus",
    "Login failed: that is not the response of your DSC+ (serial …{serial}) to this challenge. Check the "
    "device, then answer the new challenge.",
)
WRONG_RESPONSE_IBKEY = _text(
    "wrong_response_ibkey",
    "Login failed: that is not the response of your IB Key app to this challenge. Type the new challenge "
    "into the app's Authenticate screen, then enter the response it shows.",
)
WRONG_RESPONSE_CARD = _text(
    "wrong_response_card",
    "Login failed: those are not the codes of your Security Code Card (serial …{serial}) at the two index "
    "values shown. Check the card, then enter the codes at the new index values.",
)
WRONG_RESPONSE_ONLINE_CARD = _text(
    "wrong_response_online_card",
    "Login failed: those are not the codes of your Online Security Code Card (serial …{serial}) at the two "
    "index values shown. Check the card you printed, then enter the codes at the new index values.",
)
WRONG_RESPONSE_SMS = _text(
    "wrong_response_sms",
    "Login failed: that is not the code last texted to {number}. Check the newest message (a new code "
    "voids the earlier ones), then type its code.",
)
WRONG_RESPONSE_VOICE = _text(
    "wrong_response_voice",
    "Login failed: that is not the code read out in the last call to {number}. Type the code of the latest "
    "call, or ask for a new code.",
)
WRONG_RESPONSE_TOTP = _text(
    "wrong_response_totp",
    "Login failed: that is not a current code of your authenticator app. Type the code the app shows now; "
    "if this repeats, set the phone's clock to automatic.",
)
WRONG_RESPONSE_TEMP_PASSCODE = _text(
    "wrong_response_temp_passcode",
    "Login failed: that is not your temporary passcode. Type it exactly as Client Services gave it to you.",
)
WRONG_RESPONSE_PASSKEY = _text(
    "wrong_response_passkey",
    "Login failed: the gateway refused your security key's answer. Touch your key again; if this repeats, "
    "use another key you registered or call Client Services.",
)
PASSKEY_COUNTER = _text(
    "passkey_counter",
    "Login failed: your security key's signature counter did not go up, as happens when a key has been "
    "copied. Use another key you registered, and call Client Services.",
)
WRONG_ENROLMENT_CODE = _text(
    "wrong_enrolment_code",
    "Login failed: that is not the enrolment code Client Services gave you. Check it and type it again.",
)

# The response is right, but for another device of the same user (only the user's own devices are tried,
# after the password step): say which one answered and which one this challenge is for.
RESPONSE_FROM_OTHER_DSCPLUS = _text(
    "response_from_other_dscplus",
    "Login failed: that response came from your other DSC+ (serial …{used}); this challenge is for your "
    "DSC+ with serial …{serial}. Answer the new challenge with that one.",
)
RESPONSE_FROM_OTHER_IBKEY = _text(
    "response_from_other_ibkey",
    "Login failed: that response came from your IB Key app on another phone (…{used}); this challenge is "
    "for your IB Key app …{serial}. Answer the new challenge with that one.",
)
RESPONSE_FROM_CARD = _text(
    "response_from_card",
    "Login failed: those codes came from your Security Code Card (serial …{used}); this challenge is for "
    "your card with serial …{serial}. Enter that card's codes at the new index values.",
)
RESPONSE_FROM_ONLINE_CARD = _text(
    "response_from_online_card",
    "Login failed: those codes came from your Online Security Code Card (serial …{used}); this challenge is "
    "for your card with serial …{serial}. Enter that card's codes at the new index values.",
)
# The right device's answer to the challenge the one shown replaced (a device or emulator still showing
# the old challenge).
RESPONSE_TO_PREVIOUS_CHALLENGE = _text(
    "response_to_previous_challenge",
    "Login failed: that is the answer to the previous challenge, which a new one replaced. Answer the "
    "challenge shown now.",
)

# The typed answer's shape, checked before it is sent: each kind's `ResponseFormat.message` (vocabulary).
DSCPLUS_RESPONSE_FORMAT = _text("dscplus_response_format", "The DSC+ response is 8 digits.")
IBKEY_RESPONSE_FORMAT = _text("ibkey_response_format", "The IB Key response is 8 digits.")
SECURITY_CODE_FORMAT = _text("security_code_format", "The security code is 6 digits.")
CARD_RESPONSE_FORMAT = _text(
    "card_response_format", "Enter the two 3-character codes from your card, one after the other."
)
AUTHENTICATOR_CODE_FORMAT = _text(
    "authenticator_code_format", "The authenticator code is 6 digits, as your authenticator app shows it."
)
TEMP_PASSCODE_FORMAT = _text(
    "temp_passcode_format", "The temporary passcode is upper-case letters and digits."
)
ENROLMENT_CODE_FORMAT = _text(
    "enrolment_code_format",
    "The enrolment code is 12 letters and digits, as Client Services gave it; the hyphens may be left out.",
)

# --- the security key (passkey): what the client's ceremony with the key ends in, before anything is sent
# (nothing counted), and what the gateway says of a registration it refuses ----------------------------

SECURITY_KEY_NONE = _text(
    "security_key_none", "No security key found. Plug in your security key and try again."
)
SECURITY_KEY_TIMEOUT = _text(
    "security_key_timeout", "Your security key was not touched in time. Try again when you are ready."
)
SECURITY_KEY_NOT_REGISTERED = _text(
    "security_key_not_registered",
    "This security key is not registered for this user name. Use a key you registered, or ask Client "
    "Services for an enrolment code to register this one.",
)
SECURITY_KEY_EXCLUDED = _text(
    "security_key_excluded",
    "This security key is already registered for this user name. Log in with it, or register another key.",
)
SECURITY_KEY_PIN_WRONG = _text(
    "security_key_pin_wrong", "Wrong PIN for your security key: {retries} tries left before the key locks it."
)
SECURITY_KEY_PIN_BLOCKED = _text(
    "security_key_pin_blocked",
    "Your security key's PIN is blocked. Use another key, or reset this one (that deletes its passkeys).",
)
SECURITY_KEY_PIN_AUTH_BLOCKED = _text(
    "security_key_pin_auth_blocked",
    "Three wrong PINs in a row: unplug your security key, plug it in again, and try again.",
)
SECURITY_KEY_LOCKED = _text(
    "security_key_locked",
    "This virtual security key's passkeys are sealed with a keychain entry this computer no longer has, so "
    "it cannot sign. Use another key.",
)
SECURITY_KEY_FAILED = _text(
    "security_key_failed",
    "Your security key reported an error ({error}). Unplug it, plug it in again, and try again.",
)
SECURITY_KEY_RP_MISMATCH = _text(
    "security_key_rp_mismatch",
    "The gateway asked for a passkey of {rp_id}, which is not the gateway this window is connected to. "
    "Nothing was signed.",
)
PASSKEY_REGISTRATION_REFUSED = _text(
    "passkey_registration_refused",
    "The gateway refused to register this security key: {detail}. Try again, or use another key.",
)

# --- sessions (R6, R7) ----------------------------------------------------------------------------------

EXISTING_SESSION = _text(
    "existing_session",
    "This user name is already logged in elsewhere. Log in here and disconnect the other session?",
)
KEPT_OTHER_SESSION = _text("kept_other_session", "The other session stays logged in.")
TAKEN_OVER = _text("taken_over", "This session was disconnected because the user name logged in elsewhere.")
SESSION_ENDED = _text("session_ended", "This session has ended. Please log in again.")
LOGIN_EXPIRED = _text("login_expired", "This login has expired or was already used. Please log in again.")
LOGIN_CANCELLED = _text("login_cancelled", "Login cancelled.")
LOGGED_OUT_UNTOLD = _text("logged_out_untold", "Logged out here; the gateway could not be told: {why}")

# --- the connection to the gateway ----------------------------------------------------------------------

UNREACHABLE = _text("unreachable", "The gateway is not running or cannot be reached at {host}.")
TIMEOUT = _text("timeout", "The gateway did not answer within {seconds} s.")
SERVER_FAULT = _text(
    "server_fault", "The gateway failed with an internal fault (HTTP {status}). Please try again."
)
INTERNAL = _text("internal", "The gateway failed to handle this request. Please try again.")
UNAVAILABLE = _text(
    "unavailable", "The gateway's database is busy or unreachable. Try again in {seconds} seconds."
)
CERTIFICATE = _text(
    "certificate",
    "The gateway's certificate does not match the one this client trusts. Nothing was sent. If the "
    "gateway was set up again, trust its new certificate; otherwise someone may be intercepting the "
    "connection.",
)
SERVER_PROOF = _text(
    "server_proof",
    "The gateway could not prove it knows your password verifier. It may not be the real gateway: "
    "nothing more was sent to it.",
)
KDF_BOUNDS = _text(
    "kdf_bounds",
    "The gateway asked for password hardening outside this client's safe bounds. Nothing was sent.",
)
PROTOCOL = _text(
    "protocol",
    "The gateway's reply is not the SLS protocol ({why}). Check that {host} is an SLS gateway and that "
    "this client is up to date.",
)
BAD_REQUEST = _text("bad_request", "The gateway refused the request as malformed: {detail}")
CLIENT_FAULT = _text("client_fault", "The login stopped because of an internal error in this client.")
GATEWAY_NOT_STARTED = _text("gateway_not_started", "The gateway could not be started: {why}")
# The gateway's refusals of requests no login page makes (docs/protocol.md): for a client's developer.
UNAUTHORIZED = _text(
    "unauthorized", "This request needs the token from the last step as 'Authorization: Bearer'."
)
NOT_FOUND = _text("not_found", "There is no such endpoint.")
METHOD_NOT_ALLOWED = _text("method_not_allowed", "This endpoint does not take that method.")
BODY_TOO_LARGE = _text("body_too_large", "The request body is over {limit} bytes.")
BAD_SIGNATURE = _text("bad_signature", "The device request signature is missing, stale or wrong.")
DECISION_SIGNATURE = _text("decision_signature", "The device signature does not verify.")
REPLAYED = _text("replayed", "This signed device request was already used. Sign each request anew.")
# A refusal without a message id this client knows (a third-party gateway): its English text, as it is.
GATEWAY_SAYS = _text("gateway_says", "{text}")
BAD_REPLY = _text("bad_reply", "The gateway's reply is not the SLS protocol. Nothing more was sent.")
CONNECTION_CLOSED = _text("connection_closed", "This connection to the gateway is closed.")

# --- what the page says while a step runs (the busy line) ----------------------------------------------

STARTING = _text("starting", "Starting the gateway…")
LOGGING_IN = _text("logging_in", "Logging in…")
LOGGING_OUT = _text("logging_out", "Logging out…")
CONTACTING_DEVICE = _text("contacting_device", "Contacting your device…")
CHECKING_RESPONSE = _text("checking_response", "Checking the response…")
WAITING_FOR_KEY = _text("waiting_for_key", "Waiting for your security key…")
REGISTERING_KEY = _text("registering_key", "Registering your security key…")
ASKING_CHALLENGE = _text("asking_challenge", "Asking for a challenge…")
SENDING_CODE = _text("sending_code", "Sending a new code…")
OPENING_READ_ONLY = _text("opening_read_only", "Opening a read-only session…")
TAKING_OVER = _text("taking_over", "Taking over the session…")
KEEPING_OTHER = _text("keeping_other", "Keeping the other session…")

# --- issue 19: automation and trust ---------------------------------------------------------------------
# Attempts left (R3): beside a counted refusal once 7 failures in a row stand against the user name (any
# user name, known or not). Plural-free on purpose: the number comes last.
ATTEMPTS_LEFT = _text(
    "attempts_left",
    "Attempts left before this user name is locked for 24 hours: {attempts}.",
)
# The client's own stop (--max-attempts): nothing was sent.
MAX_ATTEMPTS_REACHED = _text(
    "max_attempts_reached",
    "Stopped before another attempt: {attempts} failed attempts in a row for this user name from this "
    "computer (--max-attempts {limit}). Check the password and the device, then log in by hand.",
)
# Push number matching: what the login page hears of the phone's answer (counted, R3).
PUSH_WRONG_NUMBER = _text(
    "push_wrong_number",
    "Login failed: the number picked on your phone was not the number shown here. A new notification was "
    "sent: pick the number this page shows.",
)
PUSH_REPORTED = _text(
    "push_reported",
    "Login failed: this login was reported on your phone as not yours. If it was you after all, log in "
    "again; if not, change your password and call Client Services.",
)
# The restart without a second factor: why a restart login was refused. The password was right, nothing is
# counted, and the login goes on to the second factor. `at` is a moment as the gateway writes it (English,
# UTC; the wire's `ended_at` lets a client show it in the trader's zone).
RESTART_EXPIRED = _text(
    "restart_expired",
    "No restart without the second factor: this computer's restart grant expired at {at} (the weekly "
    "cut-off). Log in with your second factor.",
)
RESTART_REVOKED = _text(
    "restart_revoked",
    "No restart without the second factor: the restart grant was revoked at the desk at {at}. Log in with "
    "your second factor.",
)
RESTART_FORGOTTEN = _text(
    "restart_forgotten",
    "No restart without the second factor: this computer was forgotten at a logout at {at}. Log in with "
    "your second factor.",
)
RESTART_PASSWORD_CHANGED = _text(
    "restart_password_changed",
    "No restart without the second factor: the password was changed at {at}. Log in with your second factor.",
)
RESTART_DEVICE_CHANGED = _text(
    "restart_device_changed",
    "No restart without the second factor: the security devices of this user name changed at {at}. Log in "
    "with your second factor.",
)
RESTART_REPLACED = _text(
    "restart_replaced",
    "No restart without the second factor: another computer was allowed to restart at {at}, and only one "
    "can be. Log in with your second factor.",
)
RESTART_WRONG_KEY = _text(
    "restart_wrong_key",
    "No restart without the second factor: this device key is not the one registered for this user name. "
    "Log in with your second factor.",
)
RESTART_UNKNOWN = _text(
    "restart_unknown",
    "No restart without the second factor: the gateway has no restart grant for this computer. Log in with "
    "your second factor.",
)
RESTART_NO_KEY = _text(
    "restart_no_key",
    "This computer holds no restart key for {username}: log in with your second factor.",
)
# Making a grant (the session's "Restart without the second factor until …")
RESTART_NOT_ALLOWED = _text(
    "restart_not_allowed",
    "The restart without the second factor can only be allowed after a full login with a security device, "
    "not in a read-only, paper, temporary-passcode or restarted session.",
)
RESTART_DISABLED = _text(
    "restart_disabled", "This gateway does not allow restarts without the second factor."
)
RESTARTING = _text("restarting", "Restarting without the second factor…")

# --- issue 19, unattended ---
# --max-attempts keeps this computer's failures in a small file; a damaged one stops the login (nothing sent).
ATTEMPT_LOG_DAMAGED = _text(
    "attempt_log_damaged",
    "The attempt log {path} {what}: the failed attempts cannot be counted, so nothing was sent. Delete the "
    "file to start afresh.",
)

# --- issue 19, ui ---
# The session window's autoRestartCheck: this computer's keychain failed while the grant was made or
# forgotten (the box shows the true state again).
RESTART_KEY_NOT_KEPT = _text(
    "restart_key_not_kept",
    "This computer's keychain failed, so its restart without the second factor could not be changed. Try "
    'again, or log out with "Forget this computer".',
)

# --- issue 19, fix-app ---
# --restart, and this computer's restart key cannot be used (a damaged keychain entry, or the keychain
# failed): the full login follows, as with no key.
RESTART_KEY_DAMAGED = _text(
    "restart_key_damaged",
    "This computer's restart key for {username} is damaged or cannot be read from the keychain: log in with "
    "your second factor (allowing the restart again makes a new key).",
)

TEXTS: Mapping[str, Text] = MappingProxyType(_TEXTS)
