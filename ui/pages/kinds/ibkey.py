"""The IB Key pages: the notification to approve on the phone, with its countdown (in words and as a bar
that drains with the time left, `pushProgress`) and the way out to challenge/response (R5); and that
challenge/response, an 8-digit answer from the app.

The bar is determinate and set by the page's ticker from the flow's clock: it moves as time passes, needs
no animation of its own (an indeterminate bar would repaint all the time, also in offscreen tests) and
stops, hidden, when the wait ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from trader_login.ui.formatting import duration
from trader_login.ui.pages.kinds._base import ABOVE, KindPart
from trader_login.ui.widgets import LinkButton, arg, wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge

STEPS = 1000  # the bar's range: smooth at the ticker's 4 beats a second for waits of any length


class IbKeyPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "IB Key")
    # The catalogue's refusals of this kind's answer (issue 16: what to check; a new challenge shows).
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_ibkey": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not the response of your IB Key app to this challenge. Type the new "
            "challenge into the app's Authenticate screen, then enter the response it shows.",
        ),
        "response_from_other_ibkey": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that response came from your IB Key app on another phone (…%1); this challenge is "
            "for your IB Key app …%2. Answer the new challenge with that one.",
        ),
    }

    def build(self) -> None:
        page = self.page
        # Push number matching (issue 19): the two digits the trader picks among the phone's three.
        self.push_number_caption = self.add(wrapped(page), ABOVE, left=False)
        self.push_number_caption.setObjectName("pushNumberCaption")
        self.push_number_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.push_number = self.add(QLabel(page), ABOVE, left=False)
        self.push_number.setObjectName("pushNumberLabel")
        self.push_number.setProperty("role", "challenge")
        self.push_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.push_number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.push_status = self.add(wrapped(page, role="status"), ABOVE, left=False)
        self.push_status.setObjectName("pushStatusLabel")
        # One line: wrapped, a translation broke the time left apart ("осталось 3 мин 0 / с"); the window
        # is as wide as the line needs (a few pixels more in Russian) instead.
        self.push_status.setWordWrap(False)
        self.push_progress = self.add(QProgressBar(page), ABOVE, left=False)
        self.push_progress.setObjectName("pushProgress")
        self.push_progress.setRange(0, STEPS)
        self.push_progress.setTextVisible(False)
        self.push_progress.setFixedHeight(6)
        self.push_resend_button = self.add(QPushButton(page), ABOVE)
        self.push_resend_button.setObjectName("pushResendButton")
        self.no_notification_link = self.add(LinkButton("noNotificationLink", page), ABOVE)
        self.no_notification_link.clicked.connect(page.switchToChallenge)
        self.push_resend_button.clicked.connect(page.resendPush)

    def show(self, challenge: Challenge, fresh: bool) -> None:
        push = challenge.is_push
        number = challenge.push_number if push else None
        self.push_number.setText(f"{number:02d}" if number is not None else "")
        self.push_number.setVisible(number is not None)
        self.push_number_caption.setVisible(number is not None)
        self._name_number()
        self.push_status.setVisible(push)
        self.no_notification_link.setVisible(push)
        if not push:
            self.push_resend_button.hide()  # else `tick` decides: only once the notification expired
            self.push_progress.hide()

    def reset(self) -> None:
        super().reset()
        self.push_number.clear()
        self.push_status.clear()
        self.push_progress.setValue(STEPS)

    def set_busy(self, busy: bool) -> None:
        self.no_notification_link.setEnabled(not busy)

    def ticks(self, challenge: Challenge) -> bool:
        """While the notification waits for its answer (then the bar and the countdown stand still)."""
        deadline = challenge.push_deadline
        return challenge.is_push and deadline is not None and deadline > self.page.clock()

    def tick(self, challenge: Challenge, now: float) -> None:
        if not challenge.is_push or challenge.push_deadline is None:
            self.push_resend_button.hide()
            self.push_progress.hide()
            return
        left = challenge.push_deadline - now
        waiting = left > 0
        self.push_progress.setVisible(waiting)
        if waiting:
            whole = challenge.push_seconds or left
            share = min(1.0, left / whole) if whole > 0 else 0.0
            self.push_progress.setValue(round(share * STEPS))
        self.push_status.setText(
            arg(
                QCoreApplication.translate(
                    "SecondFactorPage", "Waiting for your approval on the phone… %1 left"
                ),
                duration(left),
            )
            if waiting
            else QCoreApplication.translate("SecondFactorPage", "The notification expired without an answer.")
        )
        self.push_resend_button.setVisible(not waiting)
        self.push_resend_button.setEnabled(not self.page.busy)

    def _name_number(self) -> None:
        number = self.push_number.text()
        self.push_number.setAccessibleName(
            arg(QCoreApplication.translate("SecondFactorPage", "Number to pick on your phone: %1"), number)
            if number
            else ""
        )

    def retranslate(self) -> None:
        self.push_number_caption.setText(
            QCoreApplication.translate("SecondFactorPage", "Pick this number on your phone")
        )
        self._name_number()
        self.push_progress.setAccessibleName(
            QCoreApplication.translate("SecondFactorPage", "Time left to approve the login")
        )
        self.no_notification_link.setText(
            QCoreApplication.translate(
                "SecondFactorPage", "Click here if you do not receive the notification"
            )
        )
        self.push_resend_button.setText(
            QCoreApplication.translate("SecondFactorPage", "Send a new notification")
        )

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "IB Key")

    def instructions(self, challenge: Challenge) -> str:
        if challenge.is_push and challenge.push_number is not None:
            return QCoreApplication.translate(
                "SecondFactorPage",
                "A notification was sent to your phone. Open it in IB Key, pick the number shown here and "
                "approve the login.",
            )
        if challenge.is_push:
            return QCoreApplication.translate(
                "SecondFactorPage",
                "A notification was sent to your phone. Open it and approve the login in IB Key.",
            )
        return QCoreApplication.translate(
            "SecondFactorPage",
            "In IB Key on your phone, tap Authenticate, enter this challenge and type the response:",
        )

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "8-digit response")


PAGE_KIND = IbKeyPart
