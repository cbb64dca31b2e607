"""The second-factor page, one for every device kind of SPEC §4: the IB Key notification with its
countdown, the challenge/response devices (IB Key, DSC+, the two cards), SMS with the voice callback, and
the temporary passcode. Which parts show follows the view's challenge."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trader_login.auth.client.views import Challenge, LoginView
from trader_login.ui.formatting import duration
from trader_login.ui.widgets import LinkButton, arg, heading, set_tab_order, wrapped

_RESPONSE_LENGTH = {"ibkey_challenge": 8, "dscplus": 8, "card": 6, "online-card": 6, "sms": 6}


def ascii_upper(text: str) -> str:
    """R4: temporary passcodes are upper case; only a-z are raised (ß must not become SS)."""
    return "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in text)


class SecondFactorPage(QWidget):
    responded = Signal(str)
    switchToChallenge = Signal()
    resendPush = Signal()
    resendCode = Signal(str)  # "sms" or "voice"

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("secondFactorPage")
        self.clock = clock
        self._challenge: Challenge | None = None
        self._busy = False

        self.title = heading(self)
        self.instructions = wrapped(self)
        self.instructions.setObjectName("instructionsLabel")
        self.challenge_label = QLabel(self)
        self.challenge_label.setObjectName("challengeLabel")
        self.challenge_label.setProperty("role", "challenge")
        self.challenge_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.challenge_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.push_status = wrapped(self, role="status")
        self.push_status.setObjectName("pushStatusLabel")
        self.no_notification_link = LinkButton("noNotificationLink", self)
        self.push_resend_button = QPushButton(self)
        self.push_resend_button.setObjectName("pushResendButton")

        self.response_label = QLabel(self)
        self.response_edit = QLineEdit(self)
        self.response_edit.setObjectName("responseEdit")
        self.response_edit.setMaxLength(32)
        self.response_label.setBuddy(self.response_edit)
        self.submit_button = QPushButton(self)
        self.submit_button.setObjectName("responseSubmitButton")
        self.submit_button.setProperty("role", "primary")
        self.submit_button.setDefault(True)
        response_row = QHBoxLayout()
        response_row.addWidget(self.response_edit, 1)
        response_row.addWidget(self.submit_button)

        self.new_code_link = LinkButton("requestNewCodeLink", self)
        self.sms_button = QPushButton(self)
        self.sms_button.setObjectName("smsChannelButton")
        self.voice_button = QPushButton(self)
        self.voice_button.setObjectName("voiceChannelButton")
        self.channel_row = QWidget(self)
        channels = QHBoxLayout(self.channel_row)
        channels.setContentsMargins(0, 0, 0, 0)
        channels.addWidget(self.sms_button)
        channels.addWidget(self.voice_button)
        channels.addStretch(1)
        self.channel_row.hide()
        self.code_status = wrapped(self, role="status")
        self.code_status.setObjectName("codeStatusLabel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for widget in (self.title, self.instructions, self.challenge_label, self.push_status):
            layout.addWidget(widget)
        layout.addWidget(self.push_resend_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.no_notification_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.response_label)
        layout.addLayout(response_row)
        layout.addWidget(self.new_code_link, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.channel_row)
        layout.addWidget(self.code_status)
        layout.addStretch(1)
        set_tab_order(
            self.push_resend_button,
            self.no_notification_link,
            self.response_edit,
            self.submit_button,
            self.new_code_link,
            self.sms_button,
            self.voice_button,
        )

        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._tick)

        self.submit_button.clicked.connect(self._submit)
        self.response_edit.returnPressed.connect(self._submit)
        self.response_edit.textEdited.connect(self._upper_case_passcode)
        self.no_notification_link.clicked.connect(self.switchToChallenge)
        self.push_resend_button.clicked.connect(self.resendPush)
        self.new_code_link.clicked.connect(
            lambda: self.channel_row.setVisible(not self.channel_row.isVisible())
        )
        self.sms_button.clicked.connect(lambda: self.resendCode.emit("sms"))
        self.voice_button.clicked.connect(lambda: self.resendCode.emit("voice"))
        self.retranslate()

    # --- rendering ---------------------------------------------------------------------------------------

    def show_view(self, view: LoginView) -> None:
        challenge = view.challenge
        if challenge is None:
            return
        fresh = challenge != self._challenge
        self._challenge = challenge
        kind = challenge.kind
        self.setProperty("challengeKind", kind)  # for testers: the protocol's kind of this page
        push = challenge.is_push
        if fresh and not push:
            self.response_edit.clear()
            self.response_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.push_status.setVisible(push)
        self.no_notification_link.setVisible(push)
        for widget in (self.response_label, self.response_edit, self.submit_button):
            widget.setVisible(not push)
        is_sms = kind == "sms"
        self.new_code_link.setVisible(is_sms)
        self.code_status.setVisible(is_sms)
        if not is_sms:
            self.channel_row.hide()
        elif fresh:
            self.channel_row.hide()  # a new code came: the choice folds away again
        self.challenge_label.setVisible(challenge.digits is not None or challenge.indices is not None)
        if challenge.digits is not None:
            self.challenge_label.setText(challenge.digits)
        elif challenge.indices is not None:
            first, second = challenge.indices
            self.challenge_label.setText(arg(self.tr("%1 · %2"), str(first), str(second)))
        self.response_edit.setMaxLength(max(_RESPONSE_LENGTH.get(kind, 32) + 8, 16))
        self._retranslate_kind()
        self._tick()
        if push or is_sms:
            self._ticker.start()
        else:
            self._ticker.stop()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.response_edit.setReadOnly(busy)
        self.submit_button.setEnabled(not busy)
        self.no_notification_link.setEnabled(not busy)
        self._tick()

    def hideEvent(self, event: QEvent) -> None:
        self._ticker.stop()
        super().hideEvent(event)

    def _tick(self) -> None:
        challenge = self._challenge
        if challenge is None:
            return
        now = self.clock()
        if challenge.is_push and challenge.push_deadline is not None:
            left = challenge.push_deadline - now
            waiting = left > 0
            self.push_status.setText(
                arg(self.tr("Waiting for your approval on the phone… %1 left"), duration(left))
                if waiting
                else self.tr("The notification expired without an answer.")
            )
            self.push_resend_button.setVisible(not waiting)
            self.push_resend_button.setEnabled(not self._busy)
        else:
            self.push_resend_button.hide()
        if challenge.kind == "sms":
            wait = (challenge.resend_after or 0) - now
            can = challenge.can_resend_code and wait <= 0 and not self._busy
            self.sms_button.setEnabled(can)
            self.voice_button.setEnabled(can)
            if not challenge.can_resend_code:
                self.code_status.setText(self.tr("No more codes can be sent for this login."))
            elif wait > 0:
                seconds = int(wait + 0.999)
                self.code_status.setText(self.tr("A new code can be sent in %n second(s).", "", seconds))
            else:
                self.code_status.setText("")
            self.code_status.setVisible(bool(self.code_status.text()))

    # --- behaviour ---------------------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.submit_button.isEnabled() and self.submit_button.isVisible():
            self.responded.emit(self.response_edit.text())

    def _upper_case_passcode(self, text: str) -> None:
        if self._challenge is None or self._challenge.kind != "temp_passcode":
            return
        raised = ascii_upper(text)
        if raised != text:
            position = self.response_edit.cursorPosition()
            self.response_edit.setText(raised)
            self.response_edit.setCursorPosition(position)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.no_notification_link.setText(self.tr("Click here if you do not receive the notification"))
        self.push_resend_button.setText(self.tr("Send a new notification"))
        self.submit_button.setText(self.tr("Log In"))
        self.new_code_link.setText(self.tr("Didn't receive a security code?"))
        self.sms_button.setText(self.tr("SMS"))
        self.voice_button.setText(self.tr("Voice"))
        self._retranslate_kind()
        self._tick()

    def _retranslate_kind(self) -> None:
        challenge = self._challenge
        if challenge is None:
            return
        kind = challenge.kind
        titles = {
            "ibkey_push": self.tr("IB Key"),
            "ibkey_challenge": self.tr("IB Key"),
            "dscplus": self.tr("Digital Security Card+"),
            "card": self.tr("Security Code Card"),
            "online-card": self.tr("Online Security Code Card"),
            "sms": self.tr("Security code by SMS"),
            "temp_passcode": self.tr("Temporary passcode"),
        }
        self.title.setText(titles.get(kind, self.tr("Second factor")))
        self.instructions.setText(self._instructions(challenge))
        self.response_label.setText(self.tr("&Passcode") if kind == "temp_passcode" else self.tr("&Response"))
        placeholders = {
            "ibkey_challenge": self.tr("8-digit response"),
            "dscplus": self.tr("8-digit response"),
            "card": self.tr("6 characters, no space"),
            "online-card": self.tr("6 characters, no space"),
            "sms": self.tr("6-digit code"),
            "temp_passcode": self.tr("Letters and digits"),
        }
        self.response_edit.setPlaceholderText(placeholders.get(kind, ""))

    def _instructions(self, challenge: Challenge) -> str:
        kind = challenge.kind
        if kind == "ibkey_push":
            return self.tr("A notification was sent to your phone. Open it and approve the login in IB Key.")
        if kind == "ibkey_challenge":
            return self.tr(
                "In IB Key on your phone, tap Authenticate, enter this challenge and type the response:"
            )
        if kind == "dscplus":
            return self.tr(
                "Press the button on your DSC+ until PIN> shows, enter your PIN and press OK. "
                "At CHALLNG> enter this challenge, press OK and type the response:"
            )
        if kind in ("card", "online-card"):
            return self.tr(
                "Find these two index values on your card and enter their codes one after the other, "
                "without a space:"
            )
        if kind == "sms":
            if challenge.channel == "voice":
                return arg(
                    self.tr(
                        "You will receive a call within a minute at %1. "
                        "The call reads out your security code."
                    ),
                    challenge.masked_number or "",
                )
            return self.tr("A code was sent to %1. Enter it below.").replace(
                "%1", challenge.masked_number or ""
            )
        if kind == "temp_passcode":
            return self.tr("Enter the temporary passcode Client Services gave you.")
        return challenge.message
