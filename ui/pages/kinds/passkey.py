"""The security key's pages (passkey, WebAuthn/FIDO2; issue 18):

- `passkey` — "Touch your security key", the seconds left to the challenge's end, nothing typed. As a
  banking site's prompt does, the page starts the ceremony (the client's `LoginFlow.use_security_key`, on
  the controller's worker, as a `tasks.Ceremony`) as soon as it shows a new challenge; the window's Cancel
  sets the ceremony's event and cancels the login. A ceremony that ends without an answer (no key, no
  touch in time, a key not registered…) leaves its message under the page and "Try again"
  (`securityKeyRetryButton`), which starts a new one on the same challenge.
- `passkey_enrolment` — the enrolment code Client Services gave, typed into the page's field (letters
  raised; hyphens and spaces may stay, the flow's format check drops them).
- `passkey_registration` — the key's name (`securityKeyNameEdit`, optional) and "Register a security key"
  (`registerSecurityKeyButton`), which starts the registration ceremony with that name; the countdown; the
  button again after a ceremony that ended without an answer.

When the key asks for its PIN (the client's `KeyPrompt.pin(retries)`, on the worker), the page shows
`securityKeyPinEdit` and `securityKeyPinButton` ("Continue"); the worker waits for them (`Ceremony.ask`).
When the ceremony no longer needs it (the client's `KeyPrompt.withdraw()`: another key answered, the
deadline passed), the question ends (`Ceremony.withdraw`) and the PIN row goes.
The PIN goes to the worker and out of the field at once; it is never logged or kept.

The countdown ("%n second(s) left", `securityKeySecondsLabel`) is on the page's clock (the flow's
monotonic one), to the challenge's `extra["deadline"]` the client part read; without it, no countdown."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trader_login.auth import rules
from trader_login.auth.devices.passkey import MAX_PIN_BYTES
from trader_login.ui.pages.kinds._base import ABOVE, BELOW, KindPart, ascii_upper, keep_numbers_joined
from trader_login.ui.tasks import Ceremony
from trader_login.ui.widgets import wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge

ASSERTION = "passkey"
ENROLMENT = "passkey_enrolment"
REGISTRATION = "passkey_registration"
CEREMONIES = (ASSERTION, REGISTRATION)
PIN_QUESTION = "pin"
TOUCH_NEWS = "touch"


class KeyPrompt:
    """The client's `KeyPrompt` over a ceremony: called on the worker, answered on the GUI thread."""

    def __init__(self, ceremony: Ceremony) -> None:
        self._ceremony = ceremony

    def __repr__(self) -> str:
        return "KeyPrompt()"

    def touch_needed(self) -> None:
        self._ceremony.tell(TOUCH_NEWS)

    def pin(self, retries: int | None = None) -> str | None:
        answer = self._ceremony.ask((PIN_QUESTION, retries))
        return answer if isinstance(answer, str) and answer else None

    def withdraw(self) -> None:
        """The client's ceremony no longer needs the PIN asked (another key answered, its deadline): `pin`
        returns None at once and the PIN field goes (any thread; nothing remembered when none is asked)."""
        self._ceremony.withdraw()


def _use_key(label: str | None) -> Any:
    def work(flow: Any, ceremony: Ceremony, keys: Any) -> Any:
        return flow.use_security_key(keys, cancel=ceremony.cancelled, prompt=KeyPrompt(ceremony), label=label)

    return work


class PasskeyPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Security key")
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_passkey": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: the gateway refused your security key's answer. Touch your key again; if this "
            "repeats, use another key you registered or call Client Services.",
        ),
        "passkey_counter": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: your security key's signature counter did not go up, as happens when a key has "
            "been copied. Use another key you registered, and call Client Services.",
        ),
        "wrong_enrolment_code": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not the enrolment code Client Services gave you. Check it and type it "
            "again.",
        ),
        "enrolment_code_format": QT_TRANSLATE_NOOP(
            "Messages",
            "The enrolment code is 12 letters and digits, as Client Services gave it; the hyphens may be "
            "left out.",
        ),
        "security_key_none": QT_TRANSLATE_NOOP(
            "Messages", "No security key found. Plug in your security key and try again."
        ),
        "security_key_timeout": QT_TRANSLATE_NOOP(
            "Messages", "Your security key was not touched in time. Try again when you are ready."
        ),
        "security_key_not_registered": QT_TRANSLATE_NOOP(
            "Messages",
            "This security key is not registered for this user name. Use a key you registered, or ask "
            "Client Services for an enrolment code to register this one.",
        ),
        "security_key_excluded": QT_TRANSLATE_NOOP(
            "Messages",
            "This security key is already registered for this user name. Log in with it, or register "
            "another key.",
        ),
        "security_key_pin_wrong": QT_TRANSLATE_NOOP(
            "Messages", "Wrong PIN for your security key: %1 tries left before the key locks it."
        ),
        "security_key_pin_blocked": QT_TRANSLATE_NOOP(
            "Messages",
            "Your security key's PIN is blocked. Use another key, or reset this one (that deletes its "
            "passkeys).",
        ),
        "security_key_pin_auth_blocked": QT_TRANSLATE_NOOP(
            "Messages",
            "Three wrong PINs in a row: unplug your security key, plug it in again, and try again.",
        ),
        "security_key_locked": QT_TRANSLATE_NOOP(
            "Messages",
            "This virtual security key's passkeys are sealed with a keychain entry this computer no longer "
            "has, so it cannot sign. Use another key.",
        ),
        "security_key_failed": QT_TRANSLATE_NOOP(
            "Messages",
            "Your security key reported an error (%1). Unplug it, plug it in again, and try again.",
        ),
        "security_key_rp_mismatch": QT_TRANSLATE_NOOP(
            "Messages",
            "The gateway asked for a passkey of %1, which is not the gateway this window is connected to. "
            "Nothing was signed.",
        ),
        "passkey_registration_refused": QT_TRANSLATE_NOOP(
            "Messages",
            "The gateway refused to register this security key: %1. Try again, or use another key.",
        ),
        "waiting_for_key": QT_TRANSLATE_NOOP("Messages", "Waiting for your security key…"),
        "registering_key": QT_TRANSLATE_NOOP("Messages", "Registering your security key…"),
    }

    def build(self) -> None:
        page = self.page
        self.ceremony: Ceremony | None = None  # the one running, started by this part
        self._offer_retry = False  # a ceremony ended without an answer: "Try again" shows
        self._started: Challenge | None = None  # the challenge the last ceremony was started for

        self.seconds_label = self.add(wrapped(page, role="status"), ABOVE, left=False)
        self.seconds_label.setObjectName("securityKeySecondsLabel")

        # Registration: the key's name, then the button that starts the ceremony.
        self.name_row = QWidget(page)
        self.name_label = QLabel(self.name_row)
        self.name_edit = QLineEdit(self.name_row)
        self.name_edit.setObjectName("securityKeyNameEdit")
        self.name_edit.setMaxLength(rules.DEVICE_LABEL_MAX)
        self.name_label.setBuddy(self.name_edit)
        row = QHBoxLayout(self.name_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name_label)
        row.addWidget(self.name_edit, 1)
        self.add(self.name_row, ABOVE, left=False)
        # A name the rule refuses (a control character, pasted): said here, nothing started.
        self.name_error = self.add(wrapped(page, role="error"), ABOVE, left=False)
        self.name_error.setObjectName("securityKeyNameErrorLabel")
        self._name_bad = False
        self.register_button = self.add(QPushButton(page), ABOVE)
        self.register_button.setObjectName("registerSecurityKeyButton")
        self.register_button.setProperty("role", "primary")

        # The key's PIN, when the key asks for it (the worker waits).
        self.pin_row = QWidget(page)
        self.pin_label = QLabel(self.pin_row)
        self.pin_label.setWordWrap(True)
        self.pin_edit = QLineEdit(self.pin_row)
        self.pin_edit.setObjectName("securityKeyPinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(MAX_PIN_BYTES)  # the key's own rule (CTAP: at most 63 bytes)
        self.pin_label.setBuddy(self.pin_edit)
        self.pin_button = QPushButton(self.pin_row)
        self.pin_button.setObjectName("securityKeyPinButton")
        pin_line = QHBoxLayout()
        pin_line.addWidget(self.pin_edit, 1)
        pin_line.addWidget(self.pin_button)
        pin_layout = QVBoxLayout(self.pin_row)
        pin_layout.setContentsMargins(0, 0, 0, 0)
        pin_layout.addWidget(self.pin_label)
        pin_layout.addLayout(pin_line)
        self.add(self.pin_row, ABOVE, left=False)
        self._pin_retries: int | None = None

        self.retry_button = self.add(QPushButton(page), BELOW)
        self.retry_button.setObjectName("securityKeyRetryButton")

        self.register_button.clicked.connect(self._register)
        self.name_edit.returnPressed.connect(self._register)
        self.name_edit.textEdited.connect(lambda _text: self._name_refused(False))
        self.retry_button.clicked.connect(self._retry)
        self.pin_button.clicked.connect(self._send_pin)
        self.pin_edit.returnPressed.connect(self._send_pin)

    # --- what shows ------------------------------------------------------------------------------------

    def show(self, challenge: Challenge, fresh: bool) -> None:
        kind = challenge.kind
        if fresh:
            self._offer_retry = False
            self._name_bad = False
            self.name_edit.clear()
            if kind == ASSERTION and self.ceremony is None:
                view = self.page.view
                if view is not None and view.problem is None:
                    # A banking site's prompt: the key is asked at once. After the window's render (which
                    # would take the request's busy state back), as a request of its own.
                    QTimer.singleShot(0, self.page, lambda: self._start_for(challenge, None))
                else:
                    self._offer_retry = True  # a refusal brought this challenge: the trader starts again
        if kind in CEREMONIES and not fresh and self.ceremony is None and self._started is not None:
            self._offer_retry = True  # the reply to a ceremony that ended without an answer
        self._update(challenge)

    def _update(self, challenge: Challenge | None = None) -> None:
        challenge = challenge if challenge is not None else self.page.challenge
        if challenge is None or self.page.part_for(challenge.kind) is not self:
            return
        kind = challenge.kind
        running = self.ceremony is not None
        self.seconds_label.setVisible(kind in CEREMONIES and _seconds_left(challenge, self.page.clock()) > 0)
        self.name_row.setVisible(kind == REGISTRATION)
        self.register_button.setVisible(kind == REGISTRATION)
        self.name_error.setVisible(kind == REGISTRATION and self._name_bad)
        self.pin_row.setVisible(running and self.ceremony.question is not None)  # type: ignore[union-attr]
        self.retry_button.setVisible(kind == ASSERTION and self._offer_retry and not running)
        self._enable()

    def _enable(self) -> None:
        idle = not self.page.busy and self.ceremony is None
        self.register_button.setEnabled(idle)
        self.retry_button.setEnabled(idle)
        self.name_edit.setReadOnly(not idle)

    def reset(self) -> None:
        super().reset()
        ceremony, self.ceremony = self.ceremony, None
        if ceremony is not None:
            ceremony.cancel()
        self._offer_retry = False
        self._started = None
        self._name_bad = False
        self.name_edit.clear()
        self.pin_edit.clear()
        self.seconds_label.clear()

    def set_busy(self, busy: bool) -> None:
        self._enable()  # the PIN row stays usable: the ceremony (the request in flight) waits for it

    # --- the ceremony ----------------------------------------------------------------------------------

    def _register(self) -> None:
        challenge = self.page.challenge
        if challenge is None or challenge.kind != REGISTRATION or not self.register_button.isEnabled():
            return
        name = self.name_edit.text()
        if not rules.check_device_label(name).ok:
            self._name_refused(True)
            return
        self._name_refused(False)
        self._start_for(challenge, rules.device_label(name))

    def _name_refused(self, refused: bool) -> None:
        """Says (or stops saying) the name rule under the key's name: `rules.check_device_label`'s rule."""
        if refused:
            self.name_error.setText(  # the rule's message, in the trader's language
                QCoreApplication.translate(
                    "SecondFactorPage",
                    "A key's name is at most {count} characters, with no control characters.",
                ).format(count=rules.DEVICE_LABEL_MAX)
            )
        self._name_bad = refused
        self._update()

    def _retry(self) -> None:
        challenge = self.page.challenge
        if challenge is None or challenge.kind != ASSERTION or not self.retry_button.isEnabled():
            return
        self._start_for(challenge, None)

    def _start_for(self, challenge: Challenge, label: str | None) -> None:
        page = self.page
        if page.challenge is not challenge or self.ceremony is not None or page.busy:
            return  # moved on meanwhile (cancelled, another page), or a request is in flight
        ceremony = Ceremony(_use_key(label), page)
        ceremony.asked.connect(lambda question: self._asked(ceremony, question))
        ceremony.told.connect(lambda news: self._told(ceremony, news))
        ceremony.withdrawn.connect(lambda: self._withdrawn(ceremony))
        ceremony.ended.connect(lambda: self._ended(ceremony))
        self.ceremony = ceremony
        self._started = challenge
        self._offer_retry = False
        self._update(challenge)
        page.ceremonyRequested.emit(ceremony)
        if not ceremony.running and self.ceremony is ceremony:
            # Nobody ran it (a page without a window): nothing is in flight.
            self.ceremony = None
            ceremony.deleteLater()
            self._update(challenge)

    def _asked(self, ceremony: Ceremony, question: object) -> None:
        if ceremony is not self.ceremony:
            ceremony.answer(None)
            return
        if isinstance(question, tuple) and question and question[0] == PIN_QUESTION:
            self._pin_retries = question[1] if len(question) > 1 else None
            self._retranslate_pin()
            self.pin_edit.clear()
            self._update()
            self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            ceremony.answer(None)  # a question this page does not know

    def _told(self, ceremony: Ceremony, news: object) -> None:
        if ceremony is self.ceremony and news == TOUCH_NEWS:
            self._update()  # the key waits for its touch: the PIN (if asked) was taken

    def _withdrawn(self, ceremony: Ceremony) -> None:
        if ceremony is self.ceremony:
            self.pin_edit.clear()
            self._update()  # the PIN row goes: nothing asks for it any more

    def _send_pin(self) -> None:
        ceremony = self.ceremony
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        if ceremony is None or not pin:
            return
        ceremony.answer(pin)
        self._update()

    def _ended(self, ceremony: Ceremony) -> None:
        if ceremony is not self.ceremony:
            ceremony.deleteLater()
            return
        self.ceremony = None
        ceremony.deleteLater()
        self.pin_edit.clear()
        challenge = self.page.challenge
        if challenge is not None and challenge.kind in CEREMONIES and self.page.isVisible():
            # Still on the page: the ceremony ended without an answer (its message shows), or the gateway
            # refused the answer and gave a new challenge. Either way the trader starts the next one.
            self._offer_retry = True
        self._update()

    # --- time ------------------------------------------------------------------------------------------

    def ticks(self, challenge: Challenge) -> bool:
        return challenge.kind in CEREMONIES and _seconds_left(challenge, self.page.clock()) > 0

    def tick(self, challenge: Challenge, now: float) -> None:
        left = _seconds_left(challenge, now)
        shown = challenge.kind in CEREMONIES and left > 0
        self.seconds_label.setVisible(shown)
        if shown:
            self.seconds_label.setText(
                QCoreApplication.translate("SecondFactorPage", "%n second(s) left", "", left)
            )

    # --- the response (the enrolment code) -------------------------------------------------------------

    def filter_text(self, text: str) -> str:
        """The enrolment code as typed or pasted ("abcd-efgh-jkmn"): letters raised; the hyphens and spaces
        of its printed groups stay (the format check leaves them out of the 12)."""
        return "".join(ch for ch in ascii_upper(text) if ch.isascii() and (ch.isalnum() or ch in "- "))

    def challenge_text(self, challenge: Challenge) -> str | None:
        return None

    # --- texts -----------------------------------------------------------------------------------------

    def title(self, challenge: Challenge) -> str:
        if challenge.kind == ASSERTION:
            return QCoreApplication.translate("SecondFactorPage", "Security key")
        return QCoreApplication.translate("SecondFactorPage", "Register a security key")

    def instructions(self, challenge: Challenge) -> str:
        if challenge.kind == ENROLMENT:
            return QCoreApplication.translate(
                "SecondFactorPage",
                "Enter the enrolment code Client Services gave you. Then you register your key.",
            )
        if challenge.kind == REGISTRATION:
            return QCoreApplication.translate(
                "SecondFactorPage",
                "Plug in the security key you want to register, name it if you like, then press Register "
                "and touch the key.",
            )
        return "\n".join(
            (
                QCoreApplication.translate("SecondFactorPage", "Touch your security key."),
                QCoreApplication.translate(
                    "SecondFactorPage", "If your key has a PIN, you will be asked for it."
                ),
            )
        )

    def response_label(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "&Enrolment code")

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "12 letters and digits")

    def retranslate(self) -> None:
        self.name_label.setText(QCoreApplication.translate("SecondFactorPage", "Key &name (optional):"))
        self.name_edit.setPlaceholderText(QCoreApplication.translate("SecondFactorPage", "e.g. blue YubiKey"))
        self.register_button.setText(
            QCoreApplication.translate("SecondFactorPage", "Register a security key")
        )
        self.retry_button.setText(QCoreApplication.translate("SecondFactorPage", "Try again"))
        self.pin_button.setText(QCoreApplication.translate("SecondFactorPage", "Continue"))
        self.seconds_label.setAccessibleName(
            QCoreApplication.translate("SecondFactorPage", "Time left to use your security key")
        )
        self._retranslate_pin()

    def _retranslate_pin(self) -> None:
        text = QCoreApplication.translate("SecondFactorPage", "Your security key asks for its &PIN:")
        retries = self._pin_retries
        if retries is not None:
            text = "\n".join(
                (text, QCoreApplication.translate("SecondFactorPage", "%n try(s) left", "", retries))
            )
        self.pin_label.setText(keep_numbers_joined(text))


def _seconds_left(challenge: Challenge, now: float) -> int:
    """Whole seconds to the challenge's deadline (the flow's monotonic clock), 0 once it passed or when the
    challenge does not say."""
    deadline = challenge.extra.get("deadline")
    if deadline is None:
        return 0
    return max(0, math.ceil(float(deadline) - now))


PAGE_KIND = PasskeyPart
