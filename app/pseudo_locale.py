"""The pseudo-language of the layout tests: every English text of the app, accented and made about 40 %
longer ("Log In" → "[Ŀöğ Ĩñ ~~]"), so that a label or button too narrow for a longer translation shows up
as clipped in English-speaking CI. Placeholders (%1, %n, {name}) and mnemonics (&) survive; plural
messages get both English forms. Built from the code by pyside6-lupdate, compiled by pyside6-lrelease,
never committed:

    python -m trader_login.app.pseudo_locale build/pseudo/trader_login_pseudo.qm

`trader_login.app.i18n.Languages.use("pseudo")` loads it from resources/translations/ (the .qm files
there are ignored by git; `python -m trader_login.app.screenshots --lang pseudo` puts it there); the tests
install the compiled file with their own QTranslator. `clipped_texts(window)` lists what a longer text
clips: the pseudo-localisation test runs it on every page, the screenshots command on every screen of every
language.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app", "ui")
DEFAULT_QM = ROOT / "build" / "pseudo" / "trader_login_pseudo.qm"
GROWTH = 0.4  # how much longer each text gets
PAD = "~"

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "àƀçđéƒğĥîĵķĺɱñöþɋŕšţûṽŵẋýžÀƁÇĐÉƑĞĤĨĴĶĿṀÑÖÞɊŔŠŢÛṼŴẊÝŽ",
        strict=True,
    )
)
# Kept as they are: Qt's %1 … %99 and %n (also %L1), Python's {name}, a mnemonic's & with its letter
# (&& is a literal ampersand), and an XML-looking tag should a text carry rich text.
_KEEP = re.compile(r"%L?[0-9]{1,2}|%n|\{[A-Za-z_][A-Za-z0-9_]*\}|&&|&.|<[^>]*>")


def pseudo(text: str) -> str:
    """`text` accented, bracketed and padded to about 1.4 times its length (at least one pad character);
    placeholders and mnemonics untouched. Long texts get their padding in short words so that a
    word-wrapped label can still wrap it."""
    if not text.strip():
        return text
    out: list[str] = []
    position = 0
    for match in _KEEP.finditer(text):
        out.append(_accent(text[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_accent(text[position:]))
    extra = max(1, math.ceil(len(text) * GROWTH) - 2)  # the brackets count towards the growth
    words = [PAD * min(5, extra - i) for i in range(0, extra, 5)]
    return "[" + "".join(out) + " " + " ".join(words) + "]"


def _accent(part: str) -> str:
    return "".join(_ACCENTED.get(ch, ch) for ch in part)


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name  # the virtual environment's own, first
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it comes with PySide6: pip install PySide6)")
    return found


def source_files(root: Path = ROOT) -> list[Path]:
    return sorted(path for folder in SOURCES for path in (root / folder).rglob("*.py"))


def pseudo_ts(source_ts: Path, target_ts: Path) -> int:
    """Writes `target_ts`: every message of `source_ts` (lupdate's output) translated into the
    pseudo-language. Returns how many messages it has."""
    tree = ET.parse(source_ts)  # noqa: S314 - lupdate's output, from our own sources
    root = tree.getroot()
    root.set("language", "en_US")  # English plural rules: two forms
    count = 0
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        if message.get("numerus") == "yes":
            translation.text = None
            singular = source.replace("(s)", "")
            plural = re.sub(r"(\w+)\(s\)", r"\1s", source)
            for form in (singular, plural):
                ET.SubElement(translation, "numerusform").text = pseudo(form)
        else:
            translation.text = pseudo(source)
        count += 1
    target_ts.parent.mkdir(parents=True, exist_ok=True)
    tree.write(target_ts, encoding="utf-8", xml_declaration=True)
    return count


def build(qm: Path = DEFAULT_QM, *, ts: Path | None = None) -> Path:
    """The pseudo catalogue of the current code, compiled to `qm`; its .ts source is kept at `ts` if given
    (never beside the translators' .ts files by default). Returns `qm`."""
    qm = Path(qm).resolve()
    qm.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trader-login-pseudo-") as scratch:
        english = Path(scratch) / "trader_login_source.ts"
        lupdate = [_tool("pyside6-lupdate"), *map(str, source_files())]
        lupdate += ["-no-obsolete", "-locations", "none", "-silent", "-ts", str(english)]
        subprocess.run(lupdate, check=True, capture_output=True, cwd=ROOT)  # noqa: S603 - fixed tool, our files
        source = Path(ts) if ts is not None else Path(scratch) / "trader_login_pseudo.ts"
        pseudo_ts(english, source)
        lrelease = [_tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(qm)]
        subprocess.run(lrelease, check=True, capture_output=True)  # noqa: S603 - fixed tool, our files
    return qm


# --- what a longer text does to the layout ---------------------------------------------------------------


def clipped_texts(root: Any) -> list[str]:
    """Every visible widget under `root` (a QWidget, itself included) whose text does not fit its geometry,
    as "objectName 'text': needs … px, has …". Clipped means: a one-line label narrower than its text's
    advance (or shorter than its lines); a word-wrapped label shorter than its height for its width, or
    narrower than its longest word; a button or group box smaller than its size hint; a tab narrower than
    its text; a line edit's placeholder or a combo box's current text wider than the space for it; a list
    whose rows need a horizontal scroll bar."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QTabBar,
        QWidget,
    )

    found: list[str] = []
    for widget in (root, *root.findChildren(QWidget)):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel):
            found += _label(widget)
        elif isinstance(widget, QAbstractButton):
            need = widget.sizeHint().width()
            if widget.text() and need > widget.width():
                found.append(f"{_name(widget, widget.text())}: needs {need} px, has {widget.width()}")
        elif isinstance(widget, QGroupBox):
            need = widget.minimumSizeHint().width()
            if widget.title() and need > widget.width():
                found.append(f"{_name(widget, widget.title())}: needs {need} px, has {widget.width()}")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                need, has = widget.tabSizeHint(index).width(), widget.tabRect(index).width()
                if need > has:
                    found.append(f"tab {widget.tabText(index)!r}: needs {need} px, has {has}")
        elif isinstance(widget, QLineEdit):
            found += _placeholder(widget)
        elif isinstance(widget, QListWidget):
            if widget.count() and widget.horizontalScrollBar().maximum() > 0:
                rows = [widget.item(i).text() for i in range(widget.count())]
                found.append(f"{_name(widget, max(rows, key=len))}: rows wider than the list")
        elif isinstance(widget, QComboBox) and widget.currentText():
            found += _combo(widget)
    return found


_TAG = re.compile(r"<[^>]*>")


def _shown(text: str) -> str:
    """A label's or button's text as drawn: tags out, mnemonic ampersands out (&& is one &)."""
    text = _TAG.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name(widget: Any, text: str) -> str:
    name = widget.objectName()
    if not name:
        parent = widget.parentWidget()
        name = f"{type(widget).__name__} in {parent.objectName() if parent is not None else None!r}"
    return f"{name} {_shown(text)[:60]!r}"


def _label(label: Any) -> list[str]:
    text = _shown(label.text())
    if not text.strip():
        return []
    width, height = label.width(), label.height()
    if label.wordWrap():
        need = label.heightForWidth(width)
        if need > height:
            return [f"{_name(label, text)}: wrapped needs {need} px high, has {height}"]
        longest = label.minimumSizeHint().width()  # the longest word, which cannot wrap
        if longest > width:
            return [f"{_name(label, text)}: a word needs {longest} px, has {width}"]
        return []
    metrics = label.fontMetrics()
    lines = text.split("\n")
    contents = label.contentsRect()
    need = max(metrics.horizontalAdvance(line) for line in lines)
    has = contents.width() - 2 * max(label.margin(), 0)
    if need > has:
        return [f"{_name(label, text)}: needs {need} px, has {has}"]
    tall = metrics.lineSpacing() * (len(lines) - 1) + metrics.height()
    if tall > contents.height():
        return [f"{_name(label, text)}: needs {tall} px high, has {contents.height()}"]
    return []


def _placeholder(edit: Any) -> list[str]:
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame

    text = edit.placeholderText()
    if not text or edit.text():
        return []
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    has = contents.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px either side
    need = edit.fontMetrics().horizontalAdvance(text)
    return [f"{_name(edit, text)}: placeholder needs {need} px, has {has}"] if need > has else []


def _combo(combo: Any) -> list[str]:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = QStyle.SubControl.SC_ComboBoxEditField
    has = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, field, combo).width()
    need = combo.fontMetrics().horizontalAdvance(combo.currentText())
    return [f"{_name(combo, combo.currentText())}: needs {need} px, has {has}"] if need > has else []


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m trader_login.app.pseudo_locale", description=__doc__.splitlines()[0]
    )
    parser.add_argument("qm", nargs="?", type=Path, default=DEFAULT_QM, help=f"default {DEFAULT_QM}")
    parser.add_argument("--ts", type=Path, help="also keep the pseudo .ts source here")
    options = parser.parse_args(argv)
    print(build(options.qm, ts=options.ts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
