"""The authenticator app's page (TOTP): a 6-digit field that sends itself at the 6th digit, and the seconds
left in the code's 30 s period, counted on the page's clock from the challenge's period anchor."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds._base import BELOW, KindPart
from trader_login.ui.widgets import wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class TotpPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Authenticator app")

    def build(self) -> None:
        self.seconds_label = self.add(wrapped(self.page, role="status"), BELOW, left=False)
        self.seconds_label.setObjectName("totpSecondsLabel")

    def auto_submit_at(self, challenge: Challenge) -> int | None:
        response = self.response_format(challenge)
        return response.length if response is not None else None

    def ticks(self, challenge: Challenge) -> bool:
        return True

    def tick(self, challenge: Challenge, now: float) -> None:
        period = float(challenge.extra.get("period") or 30)
        start = float(challenge.extra.get("period_start") or now)
        left = max(1, math.ceil(period - ((now - start) % period)))
        self.seconds_label.setText(
            QCoreApplication.translate("SecondFactorPage", "New code in %n second(s)", "", left)
        )

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Authenticator app")

    def instructions(self, challenge: Challenge) -> str:
        return QCoreApplication.translate(
            "SecondFactorPage",
            "Open your authenticator app and enter the 6-digit code shown for Trader Login.",
        )

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "6-digit code")


PAGE_KIND = TotpPart
