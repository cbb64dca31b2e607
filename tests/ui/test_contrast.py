"""Contrast of text on its background, at least 4.5:1 (WCAG AA for normal text) in the light and the dark
scheme (issue 16), on every page the screenshots show: the login window's credentials page with its messages
(error, Caps Lock, help), the device choice, each second-factor kind's pages, the existing-session page, the
session window (logged in, taken over) and every tab of the emulators window.

Measured on what is rendered (app.screenshots.low_contrast): each window is grabbed, and for every enabled,
visible label, button, field (its text or, when empty, its placeholder: held to 4.5 too), combo box, tab and
list row, the most common colour of its text box is the background and the pixel standing out most is the
text. Disabled widgets are exempt (WCAG 1.4.3); their text is still drawn in a legible grey."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS
from trader_login.app import screenshots
from trader_login.app.screenshots import low_contrast
from trader_login.ui import theme


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_every_text_of_every_page_has_4_5_to_1_on_its_background(
    scheme: str, scheme_of: None, trader_login_demo_seed: Path, tmp_path: Path
) -> None:
    theme.set_scheme(scheme)
    problems = screenshots.shoot("en", tmp_path / "shots", trader_login_demo_seed, tmp_path / "data", 1)
    shots = sorted(path.name for path in (tmp_path / "shots").glob("*.png"))
    # Every page was reached (the pictures are what the screens were measured on).
    assert {
        "01-credentials.png",
        "02-credentials-messages.png",
        "12-session.png",
        "14-existing-session.png",
    } <= set(shots)
    assert len([name for name in shots if name.startswith("emulators-")]) >= 6
    assert len(shots) >= 20
    low = [problem for problem in problems if ": contrast " in problem]
    assert not low, f"text below 4.5:1 in the {scheme} scheme:\n  " + "\n  ".join(low)


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_the_palettes_own_text_pairs_reach_4_5_to_1(scheme: str) -> None:
    """The pairs the sheet draws text in, from the palette itself (a guard for a colour edited alone)."""
    pairs = [
        ("text", "window"),
        ("muted", "window"),
        ("status", "window"),
        ("placeholder", "field"),
        ("text", "field"),
        ("text", "surface"),
        ("status", "surface-alt"),
        ("on-accent", "accent"),
        ("on-accent", "accent-hover"),
        ("on-strong", "strong"),
        ("link", "window"),
        ("warning", "warning-bg"),
        ("error", "error-bg"),
        ("error", "window"),
        ("info", "info-bg"),
        ("success", "success-bg"),
        ("paper", "paper-bg"),
        ("expiring", "window"),
        ("text", "surface-alt"),
        ("text", "hover"),
    ]
    low = [
        f"{fg} on {bg}: {theme.contrast(theme.color(fg, scheme), theme.color(bg, scheme)):.2f}"
        for fg, bg in pairs
        if theme.contrast(theme.color(fg, scheme), theme.color(bg, scheme)) < 4.5
    ]
    assert not low, low
    # Non-text contrast (WCAG 1.4.11, 3:1): field borders, the combo's arrow, progress, focus.
    for fg, bg in [
        ("border", "field"),
        ("chevron", "field"),
        ("progress", "progress-track"),
        ("accent", "field"),
    ]:
        ratio = theme.contrast(theme.color(fg, scheme), theme.color(bg, scheme))
        assert ratio >= 3, f"{fg} on {bg}: {ratio:.2f}"


def test_the_measure_finds_a_text_too_faint_for_its_background(
    scheme_of: None, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guards the guard: a caption in a grey too light for the window's white is found, with its colours,
    and so is a placeholder too faint for its field; the same widgets in the palette's colours pass."""
    window = QWidget()
    window.setObjectName("loginWindow")
    caption = QLabel("Secure Login System")
    caption.setObjectName("subtitleLabel")
    caption.setProperty("role", "caption")
    field = QLineEdit()
    field.setObjectName("usernameEdit")
    field.setPlaceholderText("user name")
    layout = QVBoxLayout(window)
    layout.addWidget(caption)
    layout.addWidget(field)
    qtbot.addWidget(window)
    window.resize(300, 120)
    theme.set_scheme("light")
    window.show()
    qtbot.waitExposed(window, timeout=WAIT_MS)
    assert low_contrast(window) == []

    faint = {**theme.PALETTES["light"], "muted": "#aab4be", "placeholder": "#c0c8d0"}
    monkeypatch.setitem(theme.PALETTES, "light", faint)
    theme.install()  # the sheet and palette again, with the faint colours
    QApplication.processEvents()
    found = low_contrast(window)
    assert any(line.startswith("subtitleLabel 'Secure Login System'") for line in found), found
    assert any(line.startswith("usernameEdit 'user name'") for line in found), found
    monkeypatch.undo()
    theme.install()
