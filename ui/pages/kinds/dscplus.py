"""The DSC+ page: the challenge to key into the card, and its 8-digit response."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds._base import KindPart

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class DscPlusPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Digital Security Card+ (DSC+)")

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Digital Security Card+")

    def instructions(self, challenge: Challenge) -> str:
        return QCoreApplication.translate(
            "SecondFactorPage",
            "Press the button on your DSC+ until PIN> shows, enter your PIN and press OK. "
            "At CHALLNG> enter this challenge, press OK and type the response:",
        )

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "8-digit response")


PAGE_KIND = DscPlusPart
