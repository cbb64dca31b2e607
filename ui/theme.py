"""The app's colours: one light and one dark palette of named roles, the style sheet filled from the palette
of the colour scheme in use, and the colours for code that paints (card images, an expiring code).

    theme.install(app)      # the sheet (and a matching QPalette) for the current scheme, again on each change
    theme.color("error")    # a QColor of the current scheme; theme.color("error", "dark") of a given one
    theme.scheme()          # "light" or "dark"

The scheme follows the system's (`QStyleHints.colorScheme`, live through `colorSchemeChanged`);
`TRADER_LOGIN_COLOR_SCHEME=light|dark` or `set_scheme()` force one (screenshots, tests, platforms such as
offscreen that report no scheme at all)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from trader_login import resources

if TYPE_CHECKING:
    # Not at run time before the first paint: PySide6 builds the whole Qt namespace on first use (~15 ms
    # of the window's start-up; docs/performance.md), and so does QStyleHints.colorScheme(), which returns
    # a Qt.ColorScheme. The scheme is taken from the platform's palette until `settle()` asks.
    from PySide6.QtCore import Qt

SCHEMES = ("light", "dark")
ENVIRONMENT = "TRADER_LOGIN_COLOR_SCHEME"
STYLE_SHEET = Path(resources.__file__).resolve().parent / "style.qss"

# Roles, not colours, in the style sheet (`@role`) and in painting code. Each scheme names every role.
PALETTES: dict[str, dict[str, str]] = {
    "light": {
        "window": "#ffffff",  # the windows' background
        "text": "#1b2733",  # body text, titles
        "muted": "#56616c",  # subtitles, captions
        "status": "#3d4b58",  # status lines, secondary buttons' text
        "placeholder": "#69747f",  # placeholder text in empty fields
        "disabled": "#9aa6b2",  # disabled text (WCAG exempts it; still legible)
        "field": "#ffffff",  # line edits, combo boxes, lists
        "surface": "#f3f6f9",  # read-only fields, the challenge box
        "surface-alt": "#f6f8fa",  # notices, help boxes, buttons
        "hover": "#eaeef2",
        "border": "#85919e",  # field and button borders (3:1 on the field, WCAG 1.4.11)
        "border-soft": "#d5dde5",
        "accent": "#1f5f99",  # primary buttons, focus, progress, selection
        "accent-hover": "#1a5185",
        "accent-disabled": "#8fb0cf",
        "on-accent": "#ffffff",  # text on the accent
        "on-accent-disabled": "#f3f6f9",
        "link": "#1f5f99",
        "strong": "#1b2733",  # checked segment
        "on-strong": "#ffffff",
        "warning": "#7a4f00",
        "warning-bg": "#fff4d6",
        "warning-border": "#f0d38a",
        "error": "#9b1c1c",  # error text on the window or in its box
        "error-bg": "#fdeeee",
        "error-border": "#f2c4c4",
        "info": "#1d3f63",
        "info-bg": "#eef4fb",
        "info-border": "#cddff2",
        "success": "#1b6632",
        "success-bg": "#e9f6ec",
        "success-border": "#b7dfc1",
        "paper": "#7a3b00",  # the paper-trading banner
        "paper-bg": "#fdf0e3",
        "paper-border": "#e8b98a",
        "progress": "#1f5f99",  # a progress bar's chunk (3:1 on its track, WCAG 1.4.11)
        "progress-track": "#dde3e9",
        "expiring": "#b3261e",  # a one-time code about to expire
        "chevron": "#3d4b58",
        "backdrop": "#d9dde2",  # the desktop behind windows in composed screenshots
        # The Security Code Card as painted (ui/emulators/card_image.py).
        "card-paper": "#fbfbf8",
        "card-edge": "#6b7280",
        "card-cell": "#ffffff",
        "card-cell-alt": "#eef2f7",
        "card-grid": "#c7ccd3",
        "card-code": "#111827",
        "card-text": "#374151",
        "card-accent": "#1f4e79",
        "online-card-accent": "#7a3b00",
    },
    "dark": {
        "window": "#1d2228",
        "text": "#e4e9ee",
        "muted": "#a3afbb",
        "status": "#c4cdd6",
        "placeholder": "#8e9aa6",
        "disabled": "#66717c",
        "field": "#14181d",
        "surface": "#272d35",
        "surface-alt": "#252b32",
        "hover": "#303740",
        "border": "#6a7682",
        "border-soft": "#3a424c",
        "accent": "#2f6db0",
        "accent-hover": "#285f9c",
        "accent-disabled": "#2c3d51",
        "on-accent": "#ffffff",
        "on-accent-disabled": "#8a97a4",
        "link": "#7fb5ee",
        "strong": "#d5dde5",
        "on-strong": "#14181d",
        "warning": "#f2c66d",
        "warning-bg": "#362c17",
        "warning-border": "#6b5524",
        "error": "#ff9e98",
        "error-bg": "#3a2023",
        "error-border": "#77383d",
        "info": "#a9cdf3",
        "info-bg": "#1c2b3b",
        "info-border": "#34506e",
        "success": "#8fd9a4",
        "success-bg": "#1b3324",
        "success-border": "#2f5a3c",
        "paper": "#f5b98a",
        "paper-bg": "#3a2a1c",
        "paper-border": "#7a5332",
        "progress": "#5b9be0",
        "progress-track": "#2f363f",
        "expiring": "#ff8a80",
        "chevron": "#c4cdd6",
        "backdrop": "#0e1115",
        "card-paper": "#232930",
        "card-edge": "#58636f",
        "card-cell": "#1d2228",
        "card-cell-alt": "#272e37",
        "card-grid": "#3d4650",
        "card-code": "#eef2f6",
        "card-text": "#c4cdd6",
        "card-accent": "#8cbcf0",
        "online-card-accent": "#f0b27a",
    },
}

_TOKEN = re.compile(r"@([a-z][a-z0-9-]*)")


class _Follower(QObject):
    """Lives on the application: re-applies the sheet when the system's scheme changes, and tells painters."""

    schemeChanged = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("traderLoginTheme")
        self.applied = ""
        # The platform theme gives a dark palette in dark mode (Windows, macOS, GNOME and KDE): read before
        # this theme sets its own, it says the scheme without the cost of asking for it (see settle()).
        window = app.palette().color(QPalette.ColorRole.Window)
        self.system: str | None = "dark" if window.lightness() < 128 else None
        self.settled = False
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def _system_changed(self, scheme: Qt.ColorScheme) -> None:
        self.system = _from_qt(scheme)
        self.settled = True
        self.apply()

    def settle(self) -> None:
        """The system's own word on its scheme, asked once the window is up; re-applies if it differs."""
        if self.settled:
            return
        self.settled = True
        app = self.parent()
        if isinstance(app, QGuiApplication):
            said = _from_qt(app.styleHints().colorScheme())
            if said is not None and said != self.system:
                self.system = said
                self.apply()

    def apply(self) -> None:
        app = self.parent()
        now = scheme()
        colours = palette(now)
        if app.palette() != colours:
            app.setPalette(colours)
        sheet = style_sheet(now)
        # Only when it differs: setting it re-polishes every widget alive, those Qt is about to delete among
        # them (each test and each second window installs the theme again).
        if app.styleSheet() != sheet:
            app.setStyleSheet(sheet)
        if now != self.applied:
            self.applied = now
            self.schemeChanged.emit(now)


_forced: str | None = None


_installed: _Follower | None = None


def _from_qt(value: Qt.ColorScheme) -> str | None:
    name = getattr(value, "name", "")
    return {"Dark": "dark", "Light": "light"}.get(name)


def _follower() -> _Follower | None:
    import shiboken6

    follower = _installed
    if follower is None or not shiboken6.isValid(follower):
        return None
    return follower if follower.parent() is QApplication.instance() else None


def scheme() -> str:
    """ "light" or "dark": what `set_scheme` forced, else the environment's TRADER_LOGIN_COLOR_SCHEME, else
    the system's scheme, else light."""
    if _forced is not None:
        return _forced
    wanted = os.environ.get(ENVIRONMENT, "").strip().lower()
    if wanted in SCHEMES:
        return wanted
    follower = _follower()
    if follower is not None:
        return follower.system or "light"
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return _from_qt(app.styleHints().colorScheme()) or "light"
    return "light"


def set_scheme(value: str | None) -> None:
    """Forces "light" or "dark" (None: follow the system again) and re-applies the sheet where installed."""
    global _forced
    if value is not None and value not in SCHEMES:
        raise ValueError(f"no colour scheme {value!r}; one of {', '.join(SCHEMES)}")
    _forced = value
    follower = _follower()
    if follower is not None:
        follower.apply()


def color(role: str, scheme_name: str | None = None) -> QColor:
    """The colour of `role` in the scheme in use (or in `scheme_name`). An unknown role raises KeyError."""
    return QColor(PALETTES[scheme_name or scheme()][role])


def style_sheet(scheme_name: str | None = None) -> str:
    """The app's style sheet with the colours of `scheme_name` (default: the one in use) and absolute
    resource paths (style sheets resolve url() against the working directory)."""
    colours = PALETTES[scheme_name or scheme()]
    template = STYLE_SHEET.read_text(encoding="utf-8")
    template = template.replace("@RESOURCES@", STYLE_SHEET.parent.as_posix())
    template = template.replace("@scheme@", scheme_name or scheme())

    def fill(match: re.Match[str]) -> str:
        role = match.group(1)
        if role not in colours:
            raise KeyError(f"style.qss uses @{role}, which the palette does not define")
        return colours[role]

    return _TOKEN.sub(fill, template)


def palette(scheme_name: str | None = None) -> QPalette:
    """A QPalette of the scheme, for what the style sheet leaves alone (tabs, scroll areas, dialogs)."""
    c = PALETTES[scheme_name or scheme()]
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Base: c["field"],
        QPalette.ColorRole.AlternateBase: c["surface"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.Button: c["surface-alt"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.BrightText: c["on-accent"],
        QPalette.ColorRole.Highlight: c["accent"],
        QPalette.ColorRole.HighlightedText: c["on-accent"],
        QPalette.ColorRole.ToolTipBase: c["surface"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["placeholder"],
        QPalette.ColorRole.Link: c["link"],
        QPalette.ColorRole.LinkVisited: c["link"],
        QPalette.ColorRole.Light: c["hover"],
        QPalette.ColorRole.Midlight: c["border-soft"],
        QPalette.ColorRole.Mid: c["border"],
        QPalette.ColorRole.Dark: c["border"],
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["disabled"]))
    return p


def install(app: QApplication | None = None) -> None:
    """Applies the sheet and palette of the current scheme to `app` (default: the running one), and again
    whenever the system's scheme changes. Calling it again is harmless (nothing re-applied when unchanged)."""
    app = app or QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("theme.install needs a QApplication")
    global _installed
    follower = _follower()
    if follower is None:
        follower = _installed = _Follower(app)
    follower.apply()


def settle() -> None:
    """Asks the system for its scheme (QStyleHints.colorScheme) and re-applies if the palette's guess was
    wrong: once, after the first paint (app.gui), where the question costs the window nothing."""
    follower = _follower()
    if follower is not None:
        follower.settle()


def notifier() -> _Follower | None:
    """The installed theme's QObject: its `schemeChanged(str)` signal follows each change (None before
    `install`). Painting code that caches colours connects to it; widgets repaint on their own."""
    return _follower()


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
