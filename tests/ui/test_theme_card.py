"""The Security Code Card as the emulators show it (ui/emulators/card_image.py): its index numbers and codes
are legible at the card view's smallest size (issue 16: the index numbers were about 7 px tall), and the card
reads in both colour schemes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.ui import theme
from trader_login.ui.emulators import card_image
from trader_login.ui.emulators.card_image import CARD_SIZE, CardView, render_card

CODES = ["AB7"] * 100  # a known code in every cell; index 1's cell is measured


@pytest.fixture
def card() -> SecurityCodeCard:
    return SecurityCodeCard("SCC00001234", "card", CODES)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    sheet, palette = qapp.styleSheet(), qapp.palette()
    theme.install(qapp)
    theme.set_scheme("dark")
    yield
    theme.set_scheme(None)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def _ink_box(image: QImage, area: QRect, ink: QColor) -> QRect:
    """The bounding box of the pixels in `area` close to `ink` (its text drawn antialiased)."""
    box = QRect()
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            pixel = image.pixelColor(x, y)
            near = max(
                abs(pixel.red() - ink.red()), abs(pixel.green() - ink.green()), abs(pixel.blue() - ink.blue())
            )
            if near < 90:
                box = box.united(QRect(x, y, 1, 1))
    return box


def _first_cell(scale: float, offset_x: float = 0, offset_y: float = 0) -> QRect:
    margin, header, footer = card_image._MARGIN, card_image._HEADER, card_image._FOOTER
    cell_w = (CARD_SIZE.width() - 2 * margin) / 10
    cell_h = (CARD_SIZE.height() - header - footer) / 10
    return QRect(
        round(offset_x + margin * scale) + 2,
        round(offset_y + header * scale) + 2,
        int(cell_w * scale) - 4,
        int(cell_h * scale) - 4,
    )


def test_the_card_view_never_draws_the_card_below_legible_sizes(qapp: QApplication) -> None:
    assert card_image.INDEX_PX * card_image.MIN_SCALE >= 11
    assert card_image.CODE_PX * card_image.MIN_SCALE >= 12
    assert card_image.SMALL_PX * card_image.MIN_SCALE >= 12
    view = CardView()
    try:
        minimum = view.minimumSize()
        drawn = min((minimum.width() - 8) / CARD_SIZE.width(), (minimum.height() - 8) / CARD_SIZE.height())
        assert drawn >= card_image.MIN_SCALE - 0.005
    finally:
        view.deleteLater()


def test_index_numbers_and_codes_are_drawn_tall_enough_at_the_smallest_view(
    qtbot: QtBot, card: SecurityCodeCard
) -> None:
    view = CardView()
    qtbot.addWidget(view)
    view.set_card(card)
    view.resize(view.minimumSize())
    view.show()
    qtbot.waitExposed(view, timeout=WAIT_MS)
    image = view.grab().toImage()
    image = image.scaled(view.size())  # logical pixels
    target_w, target_h = view.width() - 8, view.height() - 8
    scale = min(target_w / CARD_SIZE.width(), target_h / CARD_SIZE.height())
    offset_x = 4 + (target_w - CARD_SIZE.width() * scale) / 2
    offset_y = 4 + (target_h - CARD_SIZE.height() * scale) / 2
    cell = _first_cell(scale, offset_x, offset_y)
    top_half = QRect(cell.left(), cell.top(), cell.width() // 3, cell.height() // 2)
    index = _ink_box(image, top_half, theme.color("card-accent"))
    code = _ink_box(image, cell.adjusted(0, cell.height() // 2 - 4, 0, 0), theme.color("card-code"))
    # A digit is about 0.73 of the font's pixel size: "1" at 11.5 px is 8 px tall, at the old 6.6 px only 5.
    assert index.height() >= 8, f"the index number is {index.height()} px tall"
    assert code.height() >= 9, f"the code is {code.height()} px tall"
    assert code.width() >= 3 * 6


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_the_card_reads_in_both_schemes(scheme: str, card: SecurityCodeCard) -> None:
    for code_bg in ("card-cell", "card-cell-alt"):
        assert theme.contrast(theme.color("card-code", scheme), theme.color(code_bg, scheme)) >= 7
        for accent in ("card-accent", "online-card-accent"):
            assert theme.contrast(theme.color(accent, scheme), theme.color(code_bg, scheme)) >= 4.5
    assert theme.contrast(theme.color("card-text", scheme), theme.color("card-paper", scheme)) >= 4.5
    image = render_card(card, 600, scheme)
    paper = image.pixelColor(300, 30)
    assert paper == theme.color("card-paper", scheme)


def test_the_card_view_follows_the_dark_scheme_and_files_stay_on_paper(
    dark: None, qtbot: QtBot, card: SecurityCodeCard, tmp_path
) -> None:
    view = CardView()
    qtbot.addWidget(view)
    view.set_card(card)
    view.resize(620, 430)
    view.show()
    qtbot.waitExposed(view, timeout=WAIT_MS)
    image = view.grab().toImage().scaled(view.size())
    assert image.pixelColor(view.width() // 2, 30) == theme.color("card-paper", "dark")
    card_image.save_card_png(card, tmp_path / "card.png", 600)
    saved = QImage(str(tmp_path / "card.png"))
    assert saved.pixelColor(300, 30) == theme.color("card-paper", "light")  # printed on paper
