"""The five languages (issue 8): every .ts complete and current with the code, placeholders kept, Russian
plural forms, Qt's own translations present, and a switch at run time that changes the visible texts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.ui.login_support import Trader
from trader_login.app import i18n
from trader_login.auth import texts as auth_texts
from trader_login.ui import messages

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ja", "zh_TW", "zh_CN", "ru")
PLACEHOLDER = re.compile(r"%\d|%n|\{[a-z_]+\}")
# Texts that read the same in every language: names, codes, numbers.
SAME_EVERYWHERE = re.compile(r"^(Trader Login|IB Key|SMS|DSC\+|OK|[0-9 ·:+•-]*|)$")


def ts_file(code: str) -> Path:
    return i18n.TRANSLATIONS / f"{i18n.APP_CATALOGUE}_{code}.ts"


def messages_of(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter("message"))


def sources_in_code(tmp_path: Path) -> set[tuple[str, str]]:
    """What lupdate finds in the code today, as (context, source) pairs."""
    sources = sorted(str(p) for folder in ("app", "ui") for p in (ROOT / folder).rglob("*.py"))
    out = tmp_path / "current.ts"
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or "pyside6-lupdate"
    subprocess.run(  # noqa: S603 - Qt's own tool on our own sources
        [lupdate, *sources, "-no-obsolete", "-locations", "none", "-ts", str(out)],
        check=True,
        capture_output=True,
    )
    return pairs(out)


def pairs(path: Path) -> set[tuple[str, str]]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
    }


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    return sources_in_code(tmp_path_factory.mktemp("lupdate"))


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_ts_is_complete_and_current(code: str, current: set[tuple[str, str]]) -> None:
    path = ts_file(code)
    unfinished = [m.findtext("source") for m in messages_of(path) if m.find("translation").get("type")]
    assert unfinished == [], f"{path.name}: unfinished or obsolete: {unfinished[:5]}"
    missing = current - pairs(path)
    assert not missing, f"{path.name} lacks texts the code shows (run make lupdate): {sorted(missing)[:5]}"
    stale = pairs(path) - current
    assert not stale, f"{path.name} has texts the code no longer has: {sorted(stale)[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_survive_translation(code: str) -> None:
    for message in messages_of(ts_file(code)):
        wanted = sorted(PLACEHOLDER.findall(message.findtext("source")))
        translation = message.find("translation")
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == wanted, (message.findtext("source"), form)


def test_russian_has_its_three_plural_forms() -> None:
    numerus = [m for m in messages_of(ts_file("ru")) if m.get("numerus") == "yes"]
    assert numerus, "no plural message to check"
    for message in numerus:
        forms = [f.text or "" for f in message.find("translation").iter("numerusform")]
        assert len(forms) == 3, message.findtext("source")
        assert all("%n" in form and form.strip() for form in forms)


@pytest.mark.parametrize("code", [*LANGUAGES, "en"])
def test_every_count_text_keeps_its_plural_forms(code: str) -> None:
    """A text with %n is a plural message (numerus) in every catalogue, English's included. PySide6 6.11's
    lupdate does not see the count of `QCoreApplication.translate(context, text, "", n)` and rewrites such
    an entry as a plain one; `make lupdate` runs this test afterwards, so the damage is never committed."""
    path = ts_file(code)
    counted = {m.findtext("source") for m in messages_of(path) if "%n" in (m.findtext("source") or "")}
    if code == "en":  # the English catalogue holds the plural texts only (lupdate -pluralonly)
        counted |= {source for _context, source in pairs(ts_file("ja")) if "%n" in source}
        present = {m.findtext("source") for m in messages_of(path) if m.get("numerus") == "yes"}
        assert counted <= present, f"{path.name} lacks plural forms for: {sorted(counted - present)[:5]}"
        return
    plain = sorted(
        m.findtext("source")
        for m in messages_of(path)
        if m.findtext("source") in counted and m.get("numerus") != "yes"
    )
    assert not plain, (
        f"{path.name}: texts with %n that lost their plural forms (git diff; restore them): {plain[:5]}"
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_qts_own_translation_exists_for_the_standard_buttons(code: str) -> None:
    translator = QTranslator()
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    assert translator.load(QLocale(code), "qtbase", "_", directory)
    assert translator.translate("QPlatformTheme", "Cancel") not in ("", "Cancel")


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_catalogue_is_built(code: str) -> None:
    assert i18n.catalogue(code).exists(), "make translations"


def visible_texts(window: QWidget) -> dict[str, str]:
    texts = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        text = widget.text().replace("&", "").strip()
        if not SAME_EVERYWHERE.match(text):
            texts[widget.objectName() or f"{type(widget).__name__}:{text}"] = text
    return texts


@pytest.mark.parametrize("code", LANGUAGES)
def test_switching_language_at_run_time_changes_every_visible_text(trader: Trader, code: str) -> None:
    window = trader.window
    trader.find("forgotLink").click()  # the help text too
    english = visible_texts(window)
    combo = trader.find("languageCombo")
    combo.setCurrentIndex(combo.findData(code))
    combo.activated.emit(combo.currentIndex())
    # Qt posts LanguageChange to every widget; they retranslate when the event loop delivers it.
    trader.qtbot.waitUntil(lambda: trader.find("loginButton").text() != "Log In", timeout=WAIT_MS)
    translated = visible_texts(window)
    unchanged = {name: text for name, text in translated.items() if english.get(name) == text}
    unchanged = {name: text for name, text in unchanged.items() if name not in ("demoNotice",)}
    assert not unchanged, f"still English in {code}: {unchanged}"
    assert trader.desktop.settings.value("language") == code
    combo.setCurrentIndex(combo.findData("en"))
    combo.activated.emit(combo.currentIndex())
    trader.qtbot.waitUntil(lambda: trader.find("loginButton").text() == "Log In", timeout=WAIT_MS)


def test_the_flows_messages_are_translated(trader: Trader) -> None:
    trader.desktop.set_language("ru")
    try:
        view = trader.log_in("dscuser", "wrong")
        assert view.error_code == "INVALID_CREDENTIALS"
        assert trader.message() not in ("", "Invalid user name password combination")
        assert trader.message() == messages.render(auth_texts.message(auth_texts.INVALID_CREDENTIALS))
        trader.find("usernameEdit").setText("dsc.user")
        trader.find("loginButton").click()
        assert trader.message().startswith("BAD CHARACTER")
        assert '"."' in trader.message()
        assert "lower-case letters" not in trader.message()
    finally:
        trader.desktop.set_language("en")


def test_switching_language_retranslates_the_session_and_emulators_windows(trader: Trader) -> None:
    trader.log_in("dscuser")
    trader.answer("dscuser")
    session = trader.session_window()
    trader.desktop.open_emulators()
    emulators = trader.desktop.emulators
    tabs = emulators.findChild(QWidget, "emulatorTabs")

    def texts() -> list[str]:
        captions = [label.text() for label in session.findChildren(QLabel) if label.buddy() is not None]
        titles = [tabs.tabText(i) for i in range(tabs.count())]
        return [*captions, trader.find("logoutButton").text(), *titles]

    english = texts()
    trader.desktop.set_language("zh_CN")
    try:
        trader.qtbot.waitUntil(lambda: trader.find("logoutButton").text() != "Log Out", timeout=WAIT_MS)
        changed = [(a, b) for a, b in zip(english, texts(), strict=True) if not SAME_EVERYWHERE.match(a)]
        assert all(a != b for a, b in changed), [a for a, b in changed if a == b]
    finally:
        trader.desktop.set_language("en")


# --- issue 15: every catalogue text has a template, and every template a finished translation ----------

# Where lupdate puts the message templates (QT_TRANSLATE_NOOP("Messages", …) in ui/messages.py).
_UNDONE = ("unfinished", "vanished", "obsolete")


def test_every_catalogue_text_has_a_template_with_its_params() -> None:
    missing = sorted(set(auth_texts.TEXTS) - set(messages.templates()))
    assert not missing, f"texts without a template in ui/messages.py: {missing}"
    unknown = sorted(set(messages.templates()) - set(auth_texts.TEXTS))
    assert not unknown, f"templates for no text of auth/texts.py: {unknown}"
    for id_, template in messages.templates().items():
        wanted = {f"%{n}" for n in range(1, len(auth_texts.TEXTS[id_].params) + 1)}
        assert set(re.findall(r"%\d", template)) == wanted, (id_, template, auth_texts.TEXTS[id_].params)


def finished_translations(code: str) -> dict[str, str]:
    """The Messages context's finished translations of `code`'s .ts, by source."""
    found: dict[str, str] = {}
    for context in ET.parse(ts_file(code)).getroot().iter("context"):
        if context.findtext("name") != messages.CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in _UNDONE:
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            if all(form.strip() for form in forms):
                found[message.findtext("source") or ""] = forms[0]
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_template_has_a_finished_translation(code: str) -> None:
    """Fails until the translations pass has translated the templates issue 15 added (expected)."""
    done = finished_translations(code)
    untranslated = sorted(id_ for id_, template in messages.templates().items() if template not in done)
    assert not untranslated, f"{ts_file(code).name}: no finished translation for {untranslated}"
    for id_, template in messages.templates().items():
        assert sorted(re.findall(r"%\d", done[template])) == sorted(re.findall(r"%\d", template)), (code, id_)


@pytest.mark.parametrize("code", LANGUAGES)
def test_render_uses_the_translation_and_puts_the_values_in(qapp: QCoreApplication, code: str) -> None:
    translator = QTranslator()
    assert translator.load(str(i18n.catalogue(code)))
    app = qapp
    app.installTranslator(translator)
    try:
        why = auth_texts.message(auth_texts.UNREACHABLE, host="gw.example:4443")
        shown = messages.render(auth_texts.message(auth_texts.LOGGED_OUT_UNTOLD, why=why))
        assert "gw.example:4443" in shown
        assert "Logged out here" not in shown
        assert "is not running" not in shown
        said = messages.render(auth_texts.message(auth_texts.GATEWAY_SAYS, text="Their own words %2."))
        assert said == "Their own words %2."
    finally:
        app.removeTranslator(translator)


def test_no_ui_module_reads_messages_back_with_regular_expressions() -> None:
    """Messages reach the UI as ids and values: nothing under ui/ matches a regular expression against a
    message, a view or an error (a grep: a regex call whose arguments name one of them)."""
    reading = re.compile(
        r"\.(match|fullmatch|search|sub|subn|findall|finditer|split)\([^)\n]*"
        r"\b(message|messages|problem|view|error|text)\b"
    )
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not re.search(r"^\s*(import re\b|from re import)", source, re.MULTILINE):
            continue
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in reading.finditer(source)]
    assert not offenders, f"regular expressions reading messages: {offenders}"
    assert not re.search(r"^\s*import re\b", (ROOT / "ui" / "messages.py").read_text(encoding="utf-8"), re.M)


def test_values_are_put_in_once_in_the_templates_order() -> None:
    assert messages.fill("a %2 b %1 c %3", ["x%2", "y"]) == "a y b x%2 c %3"
