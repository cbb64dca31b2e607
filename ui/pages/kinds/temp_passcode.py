"""The temporary passcode page: letters and digits from Client Services, raised to upper case (R4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds._base import KindPart, ascii_upper

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class TempPasscodePart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Temporary passcode")
    # The catalogue's refusals of this kind's answer (issue 16: what to check; a new challenge shows).
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_temp_passcode": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: that is not your temporary passcode. Type it exactly as Client Services gave it "
            "to you.",
        ),
    }

    def filter_text(self, text: str) -> str:
        return ascii_upper(text)

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Temporary passcode")

    def instructions(self, challenge: Challenge) -> str:
        return QCoreApplication.translate(
            "SecondFactorPage", "Enter the temporary passcode Client Services gave you."
        )

    def response_label(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "&Passcode")

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Letters and digits")


PAGE_KIND = TempPasscodePart
