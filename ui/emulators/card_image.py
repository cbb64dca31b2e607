"""A Security Code Card drawn as the trader holds it: title, serial, and the 10 × 10 grid of index values
1..100 with their 3-character codes. One painting routine serves the screen, PNG files and the printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QSizePolicy, QWidget

from trader_login.auth.devices.card import SecurityCodeCard

CARD_SIZE = QSize(1000, 680)  # the card's own coordinates; every target is scaled from these
_COLUMNS = 10
_HEADER = 112
_FOOTER = 44
_MARGIN = 28
_ACCENT = {"card": QColor("#1f4e79"), "online-card": QColor("#7a3b00")}


def card_title(card: SecurityCodeCard) -> str:
    if card.kind == "online-card":
        return QCoreApplication.translate("Emulators", "Online Security Code Card")
    return QCoreApplication.translate("Emulators", "Security Code Card")


def paint_card(painter: QPainter, card: SecurityCodeCard, target: QRectF) -> None:
    """Draws `card` into `target`, keeping the card's proportions and centring it."""
    scale = min(target.width() / CARD_SIZE.width(), target.height() / CARD_SIZE.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(
        target.x() + (target.width() - CARD_SIZE.width() * scale) / 2,
        target.y() + (target.height() - CARD_SIZE.height() * scale) / 2,
    )
    painter.scale(scale, scale)
    _paint(painter, card)
    painter.restore()


def _fonts() -> tuple[QFont, QFont, QFont, QFont]:
    title = QFont()
    title.setPixelSize(30)
    title.setBold(True)
    small = QFont()
    small.setPixelSize(15)
    code = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    code.setStyleHint(QFont.StyleHint.Monospace)
    code.setPixelSize(24)
    code.setBold(True)
    index = QFont()
    index.setPixelSize(12)
    return title, small, code, index


def _paint(painter: QPainter, card: SecurityCodeCard) -> None:
    width, height = CARD_SIZE.width(), CARD_SIZE.height()
    accent = _ACCENT.get(card.kind, _ACCENT["card"])
    title_font, small_font, code_font, index_font = _fonts()
    outline = QRectF(1.5, 1.5, width - 3, height - 3)
    painter.setPen(QPen(QColor("#6b7280"), 3))
    painter.setBrush(QColor("#fbfbf8"))
    painter.drawRoundedRect(outline, 24, 24)

    header = QRectF(_MARGIN, _MARGIN, width - 2 * _MARGIN, _HEADER - _MARGIN - 12)
    painter.setPen(accent)
    painter.setFont(title_font)
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, card_title(card))
    painter.setFont(small_font)
    painter.setPen(QColor("#374151"))
    serial = QCoreApplication.translate("Emulators", "Serial {serial}").format(serial=card.serial)
    painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, serial)
    painter.drawText(
        header,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
        QCoreApplication.translate("Emulators", "Enter the codes at the two index values the login shows."),
    )

    grid = QRectF(_MARGIN, _HEADER, width - 2 * _MARGIN, height - _HEADER - _FOOTER)
    rows = card.rows(_COLUMNS)
    cell_w, cell_h = grid.width() / _COLUMNS, grid.height() / len(rows)
    for r, row in enumerate(rows):
        for c, (index, code) in enumerate(row):
            cell = QRectF(grid.x() + c * cell_w, grid.y() + r * cell_h, cell_w, cell_h)
            painter.setPen(QPen(QColor("#c7ccd3"), 1))
            painter.setBrush(QColor("#eef2f7") if (r + c) % 2 else QColor("#ffffff"))
            painter.drawRect(cell)
            painter.setPen(accent)
            painter.setFont(index_font)
            painter.drawText(
                cell.adjusted(6, 3, -6, -3),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                str(index),
            )
            painter.setPen(QColor("#111827"))
            painter.setFont(code_font)
            painter.drawText(cell.adjusted(0, 8, 0, 0), Qt.AlignmentFlag.AlignCenter, code)
    painter.setPen(QPen(accent, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(grid)

    footer = QRectF(_MARGIN, height - _FOOTER, width - 2 * _MARGIN, _FOOTER - 8)
    painter.setFont(small_font)
    painter.setPen(QColor("#4b5563"))
    painter.drawText(
        footer,
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        QCoreApplication.translate(
            "Emulators", "Keep this card safe. Client Services never asks for its codes."
        ),
    )


def render_card(card: SecurityCodeCard, width: int = CARD_SIZE.width()) -> QImage:
    """The card as an image `width` pixels wide (white corners), for saving and for tests."""
    height = round(width * CARD_SIZE.height() / CARD_SIZE.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_card(painter, card, QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image


def save_card_png(card: SecurityCodeCard, path: str | Path, width: int = 2 * CARD_SIZE.width()) -> None:
    """Writes the card as a PNG (twice the screen size by default, sharp when printed later)."""
    if not render_card(card, width).save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def print_card(card: SecurityCodeCard, printer: QPrinter) -> None:
    """Prints the card on one page, as large as the page allows."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        paint_card(painter, card, QRectF(0, 0, page.width(), page.height()))
    finally:
        painter.end()


class CardView(QWidget):
    """Shows one card, scaled to the space it is given; empty until a card is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardView")
        self._card: SecurityCodeCard | None = None
        self.setMinimumSize(500, 340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()

    @property
    def card(self) -> SecurityCodeCard | None:
        return self._card

    def set_card(self, card: SecurityCodeCard | None) -> None:
        self._card = card
        self.retranslate()
        self.update()

    def retranslate(self) -> None:
        """Its accessible name: what a screen reader says for the drawing."""
        card = self._card
        if card is None:
            self.setAccessibleName(QCoreApplication.translate("Emulators", "No card chosen"))
        else:
            self.setAccessibleName(card_title(card) + " " + card.serial)

    def sizeHint(self) -> QSize:
        return QSize(620, 422)

    def heightForWidth(self, width: int) -> int:
        return round(width * CARD_SIZE.height() / CARD_SIZE.width())

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._card is None:
            return
        painter = QPainter(self)
        try:
            paint_card(painter, self._card, QRectF(self.rect()).adjusted(4, 4, -4, -4))
        finally:
            painter.end()
