"""The Online Security Code Card page: the printed card's page under its own name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from trader_login.ui.pages.kinds.card import CardPart

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge


class OnlineCardPart(CardPart):
    label = QT_TRANSLATE_NOOP("Messages", "Online Security Code Card")

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Online Security Code Card")


PAGE_KIND = OnlineCardPart
