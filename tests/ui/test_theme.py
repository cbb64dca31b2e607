"""The theme (ui/theme.py, resources/style.qss): both palettes fill the whole sheet, the sheet follows the
system's colour scheme live, and an open drop-down list shows its current row readable (issue 16: the row
showed blank, its text in the colour of its background)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS
from trader_login.ui import theme

ROW_TEXT = "U1234567 — Individual (Paper)"


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[str | None], None]]:
    """`themed("dark")` installs the theme in that scheme; the sheet, palette and scheme come back after."""
    sheet, palette = qapp.styleSheet(), qapp.palette()

    def use(scheme: str | None) -> None:
        theme.install(qapp)
        theme.set_scheme(scheme)

    yield use
    theme.set_scheme(None)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def test_both_palettes_name_the_same_roles_and_fill_every_token_of_the_sheet() -> None:
    assert set(theme.PALETTES["light"]) == set(theme.PALETTES["dark"])
    for scheme in theme.SCHEMES:
        sheet = theme.style_sheet(scheme)
        assert not re.search(r"@[A-Za-z]", sheet), f"unfilled token in the {scheme} sheet"
        assert f"chevron-down-{scheme}.svg" in sheet
    assert theme.style_sheet("light") != theme.style_sheet("dark")


def test_an_unknown_role_or_scheme_is_refused() -> None:
    with pytest.raises(KeyError):
        theme.color("no-such-role")
    with pytest.raises(ValueError, match="no colour scheme"):
        theme.set_scheme("sepia")


def test_color_gives_the_role_of_the_scheme_in_use(themed) -> None:
    themed("dark")
    assert theme.scheme() == "dark"
    assert theme.color("window") == QColor(theme.PALETTES["dark"]["window"])
    assert theme.color("window", "light") == QColor("#ffffff")
    themed("light")
    assert theme.color("window") == QColor("#ffffff")


def test_the_chevron_icons_exist_and_differ_per_scheme() -> None:
    icons = theme.STYLE_SHEET.parent / "icons"
    light = (icons / "chevron-down-light.svg").read_text(encoding="utf-8")
    dark = (icons / "chevron-down-dark.svg").read_text(encoding="utf-8")
    assert theme.PALETTES["light"]["chevron"] in light
    assert theme.PALETTES["dark"]["chevron"] in dark
    for scheme in theme.SCHEMES:  # the arrow stands out from the field it is drawn on
        assert theme.contrast(theme.color("chevron", scheme), theme.color("field", scheme)) >= 3


def _window_colour(widget: QWidget) -> QColor:
    return widget.grab().toImage().pixelColor(2, 2)


def test_the_window_follows_the_system_scheme_live(themed, qtbot: QtBot, qapp: QApplication) -> None:
    themed(None)  # follow the system
    window = QWidget()
    window.setObjectName("loginWindow")
    QVBoxLayout(window).addWidget(QLabel("Log in"))
    qtbot.addWidget(window)
    window.show()
    changes: list[str] = []
    theme.notifier().schemeChanged.connect(changes.append)
    hints = qapp.styleHints()
    try:
        # The platform reports a change (offscreen cannot switch its own scheme; a desktop's would send this).
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        qtbot.waitUntil(lambda: _window_colour(window) == theme.color("window", "dark"), timeout=WAIT_MS)
        assert theme.scheme() == "dark"
        assert changes == ["dark"]
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        qtbot.waitUntil(lambda: _window_colour(window) == QColor("#ffffff"), timeout=WAIT_MS)
        assert changes == ["dark", "light"]
    finally:
        hints.colorSchemeChanged.emit(hints.colorScheme())  # back to what the platform says


def _ink(image: QImage, top: int, bottom: int, left: int, right: int) -> tuple[QColor, list[QColor]]:
    """The row's background (its most common colour) and the pixels that stand out from it (≥ 3:1)."""
    counts: dict[int, int] = {}
    for y in range(max(top, 0), min(bottom, image.height())):
        for x in range(max(left, 0), min(right, image.width())):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    background = QColor.fromRgb(max(counts, key=counts.__getitem__))
    ink = [
        QColor.fromRgb(rgb)
        for rgb, n in counts.items()
        for _ in range(n)
        if theme.contrast(QColor.fromRgb(rgb), background) >= 3
    ]
    return background, ink


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_an_open_drop_down_list_shows_its_current_row_readable(themed, qtbot: QtBot, scheme: str) -> None:
    themed(scheme)
    window = QWidget()
    window.setObjectName("sessionWindow")
    combo = QComboBox(window)
    combo.setObjectName("accountCombo")
    QVBoxLayout(window).addWidget(combo)
    combo.addItems([ROW_TEXT, ROW_TEXT, "U7654321"])  # the first two alike: the same ink, selected or not
    combo.setCurrentIndex(1)
    qtbot.addWidget(window)
    window.resize(360, 80)
    window.show()
    qtbot.waitExposed(window, timeout=WAIT_MS)
    combo.showPopup()
    view = combo.view()
    try:
        qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
        image = view.viewport().grab().toImage()
        image = image.scaled(view.viewport().size())  # logical pixels, as visualRect counts them
        rows = []
        for row in (0, 1):
            rect = view.visualRect(view.model().index(row, 0))
            rows.append(_ink(image, rect.top() + 1, rect.bottom(), rect.left() + 1, rect.right()))
    finally:
        combo.hidePopup()
    (plain_background, plain_ink), (current_background, current_ink) = rows
    assert current_background != plain_background, "the current row is not marked"
    # The current row's text is drawn: about as many pixels stand out as in the same text unselected
    # (the bug drew it in its background's colour: nothing stood out but the check mark).
    assert len(current_ink) >= 0.6 * len(plain_ink) > 0, (len(current_ink), len(plain_ink))
    best = max(theme.contrast(pixel, current_background) for pixel in current_ink)
    assert best >= 4.5, f"the current row's text has {best:.2f}:1 on its background"


def test_a_combo_in_the_sheet_before_the_fix_would_fail_the_readability_check(
    qapp: QApplication, qtbot: QtBot
) -> None:
    """The check above can fail: with the sheet of issue 15 (no rule for the popup) the current row's ink
    is gone. Guards the guard."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    old = (
        "QComboBox { min-height: 26px; padding: 2px 6px; border: 1px solid #b9c4cf; border-radius: 4px;"
        " background: #ffffff; }"
    )
    qapp.setStyleSheet(old)
    try:
        window = QWidget()
        combo = QComboBox(window)
        QVBoxLayout(window).addWidget(combo)
        combo.addItems([ROW_TEXT, ROW_TEXT])
        combo.setCurrentIndex(1)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window, timeout=WAIT_MS)
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
        image = view.viewport().grab().toImage().scaled(view.viewport().size())
        rect = view.visualRect(view.model().index(1, 0))
        top_left = rect.topLeft() + QPoint(1, 1)
        _background, ink = _ink(image, top_left.y(), rect.bottom(), top_left.x(), rect.right())
        plain = view.visualRect(view.model().index(0, 0))
        _, plain_ink = _ink(image, plain.top() + 1, plain.bottom(), plain.left() + 1, plain.right())
        combo.hidePopup()
        assert len(ink) < 0.6 * len(plain_ink)
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)


def test_the_login_window_switches_live_with_the_system(
    themed, login_window, qtbot: QtBot, qapp: QApplication
) -> None:
    """The real window, already open, repaints in the other palette when the system's scheme changes."""
    themed(None)
    title = login_window.findChild(QLabel, "titleLabel") or next(
        label for label in login_window.findChildren(QLabel) if label.property("role") == "title"
    )
    hints = qapp.styleHints()

    def looks(scheme: str) -> bool:
        image = login_window.grab().toImage().scaled(login_window.size())
        return image.pixelColor(3, 3) == theme.color(
            "window", scheme
        ) and title.palette().windowText().color() == (theme.color("text", scheme))

    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        qtbot.waitUntil(lambda: looks("dark"), timeout=WAIT_MS)
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        qtbot.waitUntil(lambda: looks("light"), timeout=WAIT_MS)
    finally:
        hints.colorSchemeChanged.emit(hints.colorScheme())
