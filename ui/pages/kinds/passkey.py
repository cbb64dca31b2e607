"""The security key (passkey) page part (issue 18). Placeholder while the kind is being built."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from trader_login.ui.pages.kinds._base import KindPart


class PasskeyPart(KindPart):
    label = QT_TRANSLATE_NOOP("Messages", "Security key")


PAGE_KIND = PasskeyPart
