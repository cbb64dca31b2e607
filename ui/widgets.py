"""Small widgets the pages share: link-style buttons, headings, the message line.

PySide6 builds the whole `Qt` namespace (every enum in it) the first time it is touched: about 14 ms,
a tenth of the app's start-up. The widgets on the first screen therefore leave the settings that need it
(a link's hand cursor, selectable text) to `finish_setup`, which the window runs after its first paint.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


class LinkButton(QPushButton):
    """A button that reads like a link ("Click here if…"): keyboard-focusable and clickable in tests,
    unlike a QLabel's rich-text link."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("role", "link")
        self.setFlat(True)
        self.setProperty("deferred", True)
        # Never narrower than its text (a longer translation widens the window instead of clipping).
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)


def heading(parent: QWidget | None = None, *, level: int = 1) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", f"heading{level}")
    label.setWordWrap(True)
    return label


def wrapped(parent: QWidget | None = None, *, role: str = "") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setProperty("deferred", True)  # selectable text, set by finish_setup
    if role:
        label.setProperty("role", role)
    return label


def finish_setup(root: QWidget) -> None:
    """What the first screen's widgets leave for after the first paint (see the module's note): link
    buttons get the hand cursor, wrapped labels selectable text. Pages built later call it at once."""
    from PySide6.QtCore import Qt

    for widget in (root, *root.findChildren(QWidget)):
        if not widget.property("deferred"):
            continue
        widget.setProperty("deferred", False)
        if isinstance(widget, LinkButton):
            widget.setCursor(Qt.CursorShape.PointingHandCursor)
        elif isinstance(widget, QLabel):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def grow_to_fit(window: QWidget, base_height: int = 0) -> None:
    """Makes a top-level window tall enough for its word-wrapped text at its current width (a new message,
    a long translation), and, when the text is gone, gives back what it grew by, down to `base_height`.
    A height the trader chose by hand is left alone."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    # A stacked widget under-reports its pages' height-for-width; the size hint covers what it misses.
    needed = layout.sizeHint().height()
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(width))
    grown = window.property("grownTo")
    target = needed
    if needed <= window.height():
        if grown != window.height():
            return  # not a height this function set: the trader's
        target = max(needed, base_height)
    if target != window.height():
        window.resize(width, target)
        window.setProperty("grownTo", target)


def set_tab_order(*widgets: QWidget) -> None:
    """Tab visits `widgets` in this order: reading order, where the order they were created in differs."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def set_role(widget: QWidget, role: str) -> None:
    """Changes a widget's style role (the stylesheet keys on it) and repaints it."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def arg(text: str, *values: object) -> str:
    """Qt's `%1`, `%2` … placeholders (what translators see in the .ts files) filled in, in one pass so that
    a value containing "%2" is never replaced again."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit() and text[i + 1] != "0":
            index = int(text[i + 1]) - 1
            if index < len(values):
                out.append(str(values[index]))
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)
