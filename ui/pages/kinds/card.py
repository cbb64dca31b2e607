"""The Security Code Card page: the two index values to look up, and their codes typed as one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds._base import KindPart
from trader_login.ui.widgets import arg

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class CardPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Security Code Card")
    # The catalogue's refusals of this kind's answer (issue 16: what to check; a new challenge shows).
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_card": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: those are not the codes of your Security Code Card (serial …%1) at the two index "
            "values shown. Check the card, then enter the codes at the new index values.",
        ),
        "response_from_card": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: those codes came from your Security Code Card (serial …%1); this challenge is for "
            "your card with serial …%2. Enter that card's codes at the new index values.",
        ),
    }

    def challenge_text(self, challenge: Challenge) -> str | None:
        if challenge.indices is None:
            return None
        first, second = challenge.indices
        return arg(QCoreApplication.translate("SecondFactorPage", "%1 · %2"), str(first), str(second))

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Security Code Card")

    def instructions(self, challenge: Challenge) -> str:
        return QCoreApplication.translate(
            "SecondFactorPage",
            "Find these two index values on your card and enter their codes one after the other, "
            "without a space:",
        )

    def new_challenge_text(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "New index values")

    def placeholder(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "6 characters, no space")


PAGE_KIND = CardPart
