"""The app's languages: English, Japanese, Traditional and Simplified Chinese, Russian. Installs Qt's own
`qtbase` translation (standard buttons, dialogs) and the app's (`resources/translations/*.qm`) on the
application, and swaps them at run time: Qt then sends every widget a LanguageChange event and the
windows retranslate themselves. The state lives in one `Languages` object the composition root owns.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from trader_login import resources

log = logging.getLogger(__name__)

CODES = ("en", "ja", "zh_TW", "zh_CN", "ru")
TRANSLATIONS = Path(resources.__file__).resolve().parent / "translations"
APP_CATALOGUE = "trader_login"
# The pseudo-language of the layout tests: every text 40 % longer (not offered to traders).
PSEUDO = "pseudo"


def catalogue(code: str) -> Path:
    return TRANSLATIONS / f"{APP_CATALOGUE}_{code}.qm"


class Languages:
    """The translators installed on the application, one language at a time."""

    def __init__(self, app: QCoreApplication | None = None) -> None:
        self._app = app or QCoreApplication.instance()
        self._installed: list[QTranslator] = []
        self.current = "en"

    def clear(self) -> None:
        """Removes this object's translators (the app is closing)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        self.current = "en"

    def use(self, code: str) -> bool:
        """Switches to `code` ("en" removes every translator). False, and English, if its catalogue is
        missing (a checkout whose translations were not built: `make translations`)."""
        self.clear()
        QLocale.setDefault(QLocale("en_US" if code in ("en", PSEUDO) else code))
        app_translator = QTranslator(self._app)
        if not app_translator.load(str(catalogue(code))):
            # English needs its catalogue only for plural forms ("1 second", "30 seconds").
            log.warning("no translation for %s at %s; showing English", code, catalogue(code))
            if code != "en":
                self.use("en")
            return code == "en"
        qt_translator = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if code not in ("en", PSEUDO) and not qt_translator.load(QLocale(code), "qtbase", "_", qt_dir):
            log.warning("Qt's own translation for %s is missing; standard buttons stay English", code)
        for translator in (qt_translator, app_translator):
            if not translator.isEmpty():
                self._app.installTranslator(translator)
                self._installed.append(translator)
        self.current = code
        return True
