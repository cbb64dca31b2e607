"""A Security Code Card drawn as the trader holds it: title, serial, and the 10 × 10 grid of index values
1..100 with their 3-character codes. One painting routine serves the screen, PNG files and the printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QSizePolicy, QWidget

from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.ui import theme

CARD_SIZE = QSize(1000, 680)  # the card's own coordinates; every target is scaled from these
_COLUMNS = 10
_HEADER = 118
_FOOTER = 44
_MARGIN = 22
# Pixel sizes in card coordinates. The card view never shows the card below MIN_SCALE, where the index
# numbers are 11.5 px, the codes 13 px and the small print 12 px tall on screen (issue 16: about 7 px).
MIN_SCALE = 0.55
TITLE_PX = 32
SMALL_PX = 22
INDEX_PX = 21
CODE_PX = 24


def card_title(card: SecurityCodeCard) -> str:
    if card.kind == "online-card":
        return QCoreApplication.translate("Emulators", "Online Security Code Card")
    return QCoreApplication.translate("Emulators", "Security Code Card")


def paint_card(painter: QPainter, card: SecurityCodeCard, target: QRectF, scheme: str | None = None) -> None:
    """Draws `card` into `target`, keeping the card's proportions and centring it, in the colours of
    `scheme` ("light", "dark"; default: the app's scheme in use)."""
    scale = min(target.width() / CARD_SIZE.width(), target.height() / CARD_SIZE.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(
        target.x() + (target.width() - CARD_SIZE.width() * scale) / 2,
        target.y() + (target.height() - CARD_SIZE.height() * scale) / 2,
    )
    painter.scale(scale, scale)
    _paint(painter, card, scheme or theme.scheme())
    painter.restore()


def _font(pixels: int, *, bold: bool = False, fixed: bool = False) -> QFont:
    if fixed:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
    else:
        font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _fitted(font: QFont, text: str, width: float) -> QFont:
    """`font`, smaller where `text` would not fit `width` (a long translation), down to 70 %."""
    fitted = QFont(font)
    for pixels in range(font.pixelSize(), round(font.pixelSize() * 0.7) - 1, -1):
        fitted.setPixelSize(pixels)
        if QFontMetricsF(fitted).horizontalAdvance(text) <= width:
            break
    return fitted


def _paint(painter: QPainter, card: SecurityCodeCard, scheme: str) -> None:
    def colour(role: str) -> QColor:
        return theme.color(role, scheme)

    width, height = CARD_SIZE.width(), CARD_SIZE.height()
    accent = colour("online-card-accent" if card.kind == "online-card" else "card-accent")
    outline = QRectF(1.5, 1.5, width - 3, height - 3)
    painter.setPen(QPen(colour("card-edge"), 3))
    painter.setBrush(colour("card-paper"))
    painter.drawRoundedRect(outline, 24, 24)

    header = QRectF(_MARGIN, _MARGIN - 6, width - 2 * _MARGIN, _HEADER - _MARGIN)
    painter.setPen(accent)
    painter.setFont(_font(TITLE_PX, bold=True))
    title = card_title(card)
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, title)
    small = _font(SMALL_PX)
    painter.setPen(colour("card-text"))
    serial = QCoreApplication.translate("Emulators", "Serial {serial}").format(serial=card.serial)
    title_width = QFontMetricsF(_font(TITLE_PX, bold=True)).horizontalAdvance(title)
    painter.setFont(_fitted(small, serial, header.width() - title_width - 24))
    painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, serial)
    hint = QCoreApplication.translate("Emulators", "Enter the codes at the two index values the login shows.")
    painter.setFont(_fitted(small, hint, header.width()))
    painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, hint)

    grid = QRectF(_MARGIN, _HEADER, width - 2 * _MARGIN, height - _HEADER - _FOOTER)
    rows = card.rows(_COLUMNS)
    cell_w, cell_h = grid.width() / _COLUMNS, grid.height() / len(rows)
    index_font, code_font = _font(INDEX_PX), _font(CODE_PX, bold=True, fixed=True)
    # Each cell: the index value at its top left, the code under it to the right (apart even for "100").
    for r, row in enumerate(rows):
        for c, (index, code) in enumerate(row):
            cell = QRectF(grid.x() + c * cell_w, grid.y() + r * cell_h, cell_w, cell_h)
            painter.setPen(QPen(colour("card-grid"), 1))
            painter.setBrush(colour("card-cell-alt") if (r + c) % 2 else colour("card-cell"))
            painter.drawRect(cell)
            painter.setPen(accent)
            painter.setFont(index_font)
            painter.drawText(
                cell.adjusted(4, 1, -4, -1),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                str(index),
            )
            painter.setPen(colour("card-code"))
            painter.setFont(code_font)
            painter.drawText(
                cell.adjusted(16, 1, 0, -1),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                code,
            )
    painter.setPen(QPen(accent, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(grid)

    footer = QRectF(_MARGIN, height - _FOOTER, width - 2 * _MARGIN, _FOOTER - 6)
    note = QCoreApplication.translate(
        "Emulators", "Keep this card safe. Client Services never asks for its codes."
    )
    painter.setFont(_fitted(small, note, footer.width()))
    painter.setPen(colour("card-text"))
    painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)


def render_card(card: SecurityCodeCard, width: int = CARD_SIZE.width(), scheme: str = "light") -> QImage:
    """The card as an image `width` pixels wide, for saving and for tests; on paper
    (light) unless `scheme` says otherwise."""
    height = round(width * CARD_SIZE.height() / CARD_SIZE.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(theme.color("window", scheme))  # the corners outside the rounded card
    painter = QPainter(image)
    try:
        paint_card(painter, card, QRectF(0, 0, width, height), scheme)
    finally:
        painter.end()
    return image


def save_card_png(card: SecurityCodeCard, path: str | Path, width: int = 2 * CARD_SIZE.width()) -> None:
    """Writes the card as a PNG (twice the screen size by default, sharp when printed later), on paper."""
    if not render_card(card, width).save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def print_card(card: SecurityCodeCard, printer: QPrinter) -> None:
    """Prints the card on one page, as large as the page allows, on paper (light) whatever the scheme."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        paint_card(painter, card, QRectF(0, 0, page.width(), page.height()), "light")
    finally:
        painter.end()


class CardView(QWidget):
    """Shows one card, scaled to the space it is given; empty until a card is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardView")
        self._card: SecurityCodeCard | None = None
        # At its smallest the card is drawn at MIN_SCALE (4 px margins), its small print 12 px tall.
        self.setMinimumSize(
            round(CARD_SIZE.width() * MIN_SCALE) + 8, round(CARD_SIZE.height() * MIN_SCALE) + 8
        )
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
