"""The authenticator app's page (TOTP, RFC 6238): a 6-digit field that sends itself at the 6th digit, and
the seconds left in the code's 30 s period under it, counted on the page's clock from the period's start
the client part read (`challenge.extra`: "period", "period_start" on the monotonic clock)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from trader_login.ui.pages.kinds._base import BELOW, KindPart
from trader_login.ui.widgets import wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge

PERIOD = 30  # RFC 6238's default, and the vocabulary's; used only if a challenge does not say

# Digits as an input method may give them (full-width, from a Japanese or Chinese IME) → ASCII.
_DIGITS = {ord(c): c for c in "0123456789"} | {0xFF10 + i: str(i) for i in range(10)}


class TotpPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Authenticator app")
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_totp": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not a current code of your authenticator app. Type the code the app shows "
            "now; if this repeats, set the phone's clock to automatic.",
        ),
        "code_used": QT_TRANSLATE_NOOP(
            "Messages", "This code was used already. Wait for the next code in your authenticator app."
        ),
        "authenticator_code_format": QT_TRANSLATE_NOOP(
            "Messages", "The authenticator code is 6 digits, as your authenticator app shows it."
        ),
    }

    def build(self) -> None:
        self.seconds_label = self.add(wrapped(self.page, role="status"), BELOW, left=False)
        self.seconds_label.setObjectName("totpSecondsLabel")

    def show(self, challenge: Challenge, fresh: bool) -> None:
        super().show(challenge, fresh)
        if self.page.busy:
            # The reply to a code sent (refused: wrong, or already used): the next code goes into an
            # empty field, which auto-sends again at its 6th digit.
            edit = self.page.response_edit
            edit.clear()
            edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the response ----------------------------------------------------------------------------------

    def filter_text(self, text: str) -> str:
        """Digits only, as typed or pasted: the space the apps show between "123 456" and anything else
        ("Your code: 123456" pasted) drop out, full-width digits become ASCII."""
        return "".join(_DIGITS.get(ord(ch), "") for ch in text)

    def auto_submit_at(self, challenge: Challenge) -> int | None:
        response = self.response_format(challenge)
        return response.length if response is not None else None

    # --- time ------------------------------------------------------------------------------------------

    def ticks(self, challenge: Challenge) -> bool:
        return True

    def tick(self, challenge: Challenge, now: float) -> None:
        left = seconds_left(challenge, now)
        # A gateway that does not say where the period began: no count rather than a wrong one.
        self.seconds_label.setVisible(left is not None)
        if left is not None:
            self.seconds_label.setText(
                QCoreApplication.translate("SecondFactorPage", "New code in %n second(s)", "", left)
            )

    # --- texts -----------------------------------------------------------------------------------------

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Authenticator app")

    def instructions(self, challenge: Challenge) -> str:
        return QCoreApplication.translate(
            "SecondFactorPage",
            "Open your authenticator app and enter the 6-digit code shown for Trader Login.",
        )

    def response_label(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "&Code")

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "6-digit code")


def seconds_left(challenge: Challenge, now: float) -> int | None:
    """Whole seconds until the app shows its next code, as the apps count: the period's length at its
    start, 1 in its last second; `now` is on the clock `period_start` was read on (the page's). None when
    the challenge does not say where the period began."""
    start = challenge.extra.get("period_start")
    if start is None:
        return None
    period = float(challenge.extra.get("period") or PERIOD)
    elapsed = (now - float(start)) % period
    return max(1, math.ceil(period - elapsed))


PAGE_KIND = TotpPart
