"""The DSC+ page: the challenge to key into the card, and its 8-digit response."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds._base import KindPart

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class DscPlusPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Digital Security Card+ (DSC+)")
    # The catalogue's refusals of this kind's answer (issue 16: what to check; a new challenge shows).
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_dscplus": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not the response of your DSC+ (serial …%1) to this challenge. Check the "
            "device, then answer the new challenge.",
        ),
        "response_from_other_dscplus": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that response came from your other DSC+ (serial …%1); this challenge is for your "
            "DSC+ with serial …%2. Answer the new challenge with that one.",
        ),
    }

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
