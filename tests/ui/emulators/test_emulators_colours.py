"""No emulators file hard-codes a colour (issue 16): the style sheet's palettes (ui.theme) colour them, by
object name and dynamic property, in the light and the dark scheme alike. The QR code's black on white and
the painted card (card_image.py, the theme's) are not widgets' colours."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.ui.emulators.conftest import child
from trader_login.ui import emulators
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.emulators.common import MessageLine

FOLDER = Path(emulators.__file__).resolve().parent
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|setStyleSheet\(|setPalette\(")
PAINTED = {"card_image.py"}  # the theme engineer's: paints the card from theme.color(...)


def test_no_emulators_file_sets_a_colour() -> None:
    found = [
        f"{path.relative_to(FOLDER)}:{number}: {line.strip()}"
        for path in sorted(FOLDER.rglob("*.py"))
        if path.name not in PAINTED
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line)
    ]
    assert found == []


def test_an_error_is_marked_by_a_property_the_style_sheet_colours(window: EmulatorsWindow) -> None:
    line = child(window, QLabel, "cardMessageLabel")
    assert isinstance(line, MessageLine)
    line.error("Cannot read card.json")
    assert line.property("error") is True
    assert line.styleSheet() == ""
    line.info("Saved card.png.")
    assert line.property("error") is False
    line.error("Cannot read card.json")
    line.clear_info()  # a result goes with a new challenge; an error stays
    assert line.text() == "Cannot read card.json"
