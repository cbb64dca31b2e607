"""A Security Code Card as the Client Services desk prints it (`sls-gateway online-card`): text, PNG, PDF.

No Qt and no imaging library: the PNG is drawn with a built-in 5x7 pixel font and encoded with zlib,
the PDF is written by hand with the grid as text in Courier (one of the 14 fonts every reader has).
"""

from __future__ import annotations

import struct
import zlib

from trader_login.auth import vocabulary
from trader_login.auth.devices.card import SecurityCodeCard

PER_ROW = 10
FOOTERS = {
    "card": "ENTER THE CODES AT THE TWO INDEX VALUES THE LOGIN SHOWS, NO SPACE.",
    "online-card": "VALID 21 DAYS FROM ACTIVATION. ENTER THE CODES AT THE TWO INDEX VALUES, NO SPACE.",
}

# 5x7 glyphs, one byte per row, bit 4 the leftmost pixel.
_FONT_HEX = {
    "0": "0E11131519110E", "1": "040C040404040E", "2": "0E11010204081F", "3": "1F02040201110E",
    "4": "02060A121F0202", "5": "1F101E0101110E", "6": "0608101E11110E", "7": "1F010204080808",
    "8": "0E11110E11110E", "9": "0E11110F01020C", "A": "0E1111111F1111", "B": "1E11111E11111E",
    "C": "0E11101010110E", "D": "1C12111111121C", "E": "1F10101E10101F", "F": "1F10101E101010",
    "G": "0E11101711110F", "H": "1111111F111111", "I": "0E04040404040E", "J": "0702020202120C",
    "K": "11121418141211", "L": "1010101010101F", "M": "111B1515111111", "N": "11111915131111",
    "O": "0E11111111110E", "P": "1E11111E101010", "Q": "0E11111115120D", "R": "1E11111E141211",
    "S": "0F10100E01011E", "T": "1F040404040404", "U": "1111111111110E", "V": "11111111110A04",
    "W": "1111111515150A", "X": "11110A040A1111", "Y": "1111110A040404", "Z": "1F01020408101F",
    "-": "0000001F000000", ":": "000C0C000C0C00", ".": "00000000000C0C", "/": "00010204081000",
    "(": "02040808080402", ")": "08040202020408", ",": "00000000040408", " ": "00000000000000",
}  # fmt: skip
_FONT = {char: bytes.fromhex(rows) for char, rows in _FONT_HEX.items()}


def _title(card: SecurityCodeCard) -> str:
    """The kind's label (vocabulary), in the capitals the printed card uses."""
    return vocabulary.device_kind(card.kind).label.upper()


def _cells(card: SecurityCodeCard) -> list[list[str]]:
    return [[f"{index:>3} {code}" for index, code in row] for row in card.rows(PER_ROW)]


def card_text(card: SecurityCodeCard) -> str:
    """The card as plain text: title, serial, ten rows of ten "index code" cells."""
    lines = [f"{_title(card)}  {card.serial}", ""]
    lines += ["  ".join(row) for row in _cells(card)]
    lines += ["", FOOTERS[card.kind]]
    return "\n".join(lines) + "\n"


# --- PNG ------------------------------------------------------------------------------------------------


class _Canvas:
    """An 8-bit greyscale picture, white to start with."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(b"\xff" * (width * height))

    def fill(self, x: int, y: int, width: int, height: int, grey: int = 0) -> None:
        for row in range(max(0, y), min(self.height, y + height)):
            start = row * self.width
            self.pixels[start + max(0, x) : start + min(self.width, x + width)] = bytes(
                [grey] * (min(self.width, x + width) - max(0, x))
            )

    def text(self, x: int, y: int, text: str, scale: int = 2, grey: int = 0) -> None:
        for position, char in enumerate(text.upper()):
            glyph = _FONT.get(char, _FONT[" "])
            left = x + position * 6 * scale
            for row, bits in enumerate(glyph):
                for column in range(5):
                    if bits & (0x10 >> column):
                        self.fill(left + column * scale, y + row * scale, scale, scale, grey)

    def png(self) -> bytes:
        rows = b"".join(
            b"\x00" + bytes(self.pixels[r * self.width : (r + 1) * self.width]) for r in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 0, 0, 0, 0)  # 8-bit greyscale
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows, 9))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def card_png(card: SecurityCodeCard, scale: int = 2) -> bytes:
    """The card as a PNG: title and serial above a ruled grid of the 100 cells."""
    char = 6 * scale  # glyph advance
    line = 8 * scale
    margin = 8 * scale
    cell_width = 8 * char  # "100 ABC" and a space each side
    cell_height = 2 * line
    grid_top = margin + 3 * line
    width = 2 * margin + PER_ROW * cell_width
    height = grid_top + PER_ROW * cell_height + 3 * line
    canvas = _Canvas(width, height)
    canvas.text(margin, margin, _title(card), scale)
    canvas.text(width - margin - len(card.serial) * char, margin, card.serial, scale)
    for row, cells in enumerate(_cells(card)):
        top = grid_top + row * cell_height
        if row % 2:
            canvas.fill(margin, top, PER_ROW * cell_width, cell_height, 235)  # banded rows guide the eye
        for column, cell in enumerate(cells):
            left = margin + column * cell_width
            canvas.text(left + char // 2, top + (cell_height - 7 * scale) // 2, cell[:3], scale, 110)
            canvas.text(left + char // 2 + 4 * char, top + (cell_height - 7 * scale) // 2, cell[4:], scale)
    for row in range(PER_ROW + 1):
        canvas.fill(margin, grid_top + row * cell_height, PER_ROW * cell_width + 1, 1)
    for column in range(PER_ROW + 1):
        canvas.fill(margin + column * cell_width, grid_top, 1, PER_ROW * cell_height + 1)
    footer = FOOTERS[card.kind]
    footer_scale = max(1, scale // 2)
    canvas.text(margin, grid_top + PER_ROW * cell_height + line, footer, footer_scale)
    return canvas.png()


# --- PDF ------------------------------------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped.encode('ascii', 'replace').decode('ascii')})"


def card_pdf(card: SecurityCodeCard) -> bytes:
    """The card as a one-page A4 PDF: the grid as Courier text inside ruled boxes."""
    page_width, page_height = 595, 842
    left, top = 50, 780
    cell_width, cell_height = 49.5, 22
    ops = [
        "BT /F2 16 Tf",
        f"{left} {top} Td {_pdf_string(_title(card))} Tj",
        "/F1 11 Tf",
        f"0 -20 Td {_pdf_string('Serial ' + card.serial)} Tj ET",
    ]
    grid_top = top - 40
    for row, cells in enumerate(_cells(card)):
        baseline = grid_top - row * cell_height - 15
        for column, cell in enumerate(cells):
            x = left + column * cell_width + 3
            ops.append(f"BT /F1 9 Tf {x:.1f} {baseline} Td {_pdf_string(cell.strip())} Tj ET")
    grid_height = PER_ROW * cell_height
    ops.append("0.5 w")
    for row in range(PER_ROW + 1):
        y = grid_top - row * cell_height
        ops.append(f"{left} {y} m {left + PER_ROW * cell_width:.1f} {y} l S")
    for column in range(PER_ROW + 1):
        x = left + column * cell_width
        ops.append(f"{x:.1f} {grid_top} m {x:.1f} {grid_top - grid_height} l S")
    ops.append(f"BT /F1 8 Tf {left} {grid_top - grid_height - 20} Td {_pdf_string(FOOTERS[card.kind])} Tj ET")
    content = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_width} {page_height}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # the binary comment marks the file as binary
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
