"""The SMS page: the code texted (or read out by a call) to the phone, its heading naming the channel in
use, and "Didn't receive a security code?" with the buttons that send a new code by SMS or call with one
(`smsChannelButton`, `voiceChannelButton`), enabled once the resend wait is over (R10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from trader_login.ui.pages.kinds._base import BELOW, KindPart
from trader_login.ui.widgets import LinkButton, arg, wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class SmsPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "SMS")
    # The catalogue's refusals of this kind's answer (issue 16: what to check; a new challenge shows).
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_sms": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not the code last texted to %1. Check the newest message (a new code "
            "voids the earlier ones), then type its code.",
        ),
        "wrong_response_voice": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not the code read out in the last call to %1. Type the code of the latest "
            "call, or ask for a new code.",
        ),
    }

    def build(self) -> None:
        page = self.page
        self.new_code_link = self.add(LinkButton("requestNewCodeLink", page), BELOW)
        self.channel_row = self.add(QWidget(page), BELOW, left=False)
        self.sms_button = QPushButton(self.channel_row)
        self.sms_button.setObjectName("smsChannelButton")
        self.voice_button = QPushButton(self.channel_row)
        self.voice_button.setObjectName("voiceChannelButton")
        channels = QHBoxLayout(self.channel_row)
        channels.setContentsMargins(0, 0, 0, 0)
        channels.addWidget(self.sms_button)
        channels.addWidget(self.voice_button)
        channels.addStretch(1)
        self.code_status = self.add(wrapped(page, role="status"), BELOW, left=False)
        self.code_status.setObjectName("codeStatusLabel")
        self.new_code_link.clicked.connect(
            lambda: self.channel_row.setVisible(not self.channel_row.isVisible())
        )
        self.sms_button.clicked.connect(lambda: page.resendCode.emit("sms"))
        self.voice_button.clicked.connect(lambda: page.resendCode.emit("voice"))

    def reset(self) -> None:
        super().reset()
        self.code_status.clear()

    def show(self, challenge: Challenge, fresh: bool) -> None:
        self.new_code_link.show()
        self.code_status.show()  # `tick` hides it while it has nothing to say
        if fresh:
            self.channel_row.hide()  # a new code came: the choice folds away again

    def ticks(self, challenge: Challenge) -> bool:
        """While the wait for a new code counts down (then the buttons are enabled and stay so)."""
        return challenge.can_resend_code and (challenge.resend_after or 0) > self.page.clock()

    def tick(self, challenge: Challenge, now: float) -> None:
        wait = (challenge.resend_after or 0) - now
        can = challenge.can_resend_code and wait <= 0 and not self.page.busy
        self.sms_button.setEnabled(can)
        self.voice_button.setEnabled(can)
        if not challenge.can_resend_code:
            text = QCoreApplication.translate("SecondFactorPage", "No more codes can be sent for this login.")
        elif wait > 0:
            seconds = int(wait + 0.999)
            text = QCoreApplication.translate(
                "SecondFactorPage", "A new code can be sent in %n second(s).", "", seconds
            )
        else:
            text = ""
        self.code_status.setText(text)
        self.code_status.setVisible(bool(text))

    def retranslate(self) -> None:
        self.new_code_link.setText(
            QCoreApplication.translate("SecondFactorPage", "Didn't receive a security code?")
        )
        self.sms_button.setText(QCoreApplication.translate("SecondFactorPage", "Send a new code by SMS"))
        self.voice_button.setText(QCoreApplication.translate("SecondFactorPage", "Call me with a new code"))

    def title(self, challenge: Challenge) -> str:
        if challenge.channel == "voice":
            return QCoreApplication.translate("SecondFactorPage", "Security code by voice call")
        return QCoreApplication.translate("SecondFactorPage", "Security code by SMS")

    def instructions(self, challenge: Challenge) -> str:
        number = challenge.masked_number or ""
        if challenge.channel == "voice":
            return arg(
                QCoreApplication.translate(
                    "SecondFactorPage",
                    "You will receive a call within a minute at %1. The call reads out your security code.",
                ),
                number,
            )
        return arg(
            QCoreApplication.translate("SecondFactorPage", "A code was sent to %1. Enter it below."), number
        )

    def response_label(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "&Code")  # a texted or spoken code

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "6-digit code")


PAGE_KIND = SmsPart
