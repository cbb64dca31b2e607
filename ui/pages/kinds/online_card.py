"""The Online Security Code Card page: the printed card's page under its own name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds.card import CardPart

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class OnlineCardPart(CardPart):
    label = QT_TRANSLATE_NOOP("Messages", "Online Security Code Card")
    # The catalogue's refusals of this kind's answer (issue 16: what to check; a new challenge shows).
    message_templates = {  # noqa: RUF012 - a class-level table, read only
        "wrong_response_online_card": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: those are not the codes of your Online Security Code Card (serial …%1) at the two "
            "index values shown. Check the card you printed, then enter the codes at the new index values.",
        ),
        "response_from_online_card": QT_TRANSLATE_NOOP(
            "Messages",
            "Login failed: those codes came from your Online Security Code Card (serial …%1); this challenge "
            "is for your card with serial …%2. Enter that card's codes at the new index values.",
        ),
    }

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Online Security Code Card")


PAGE_KIND = OnlineCardPart
