"""`make screenshots`: every page of the login window, the session window and the emulators window's tabs,
rendered from real logins against a demo-seeded gateway (fresh data directory), into docs/screenshots/.

    python -m trader_login.app.screenshots [--out DIR] [--lang CODE|all|CODE,CODE…] [--scale N]
                                           [--scheme light|dark|both]

English alone goes to DIR; with other languages, every language to DIR/<lang>/ and English to DIR too
("all": en, ja, zh_TW, zh_CN, ru; "pseudo": the layout tests' pseudo-language, built on the fly, by default
into build/screenshots/pseudo/). `--scale 2` renders at twice the pixels (QT_SCALE_FACTOR), by default into
docs/screenshots/hidpi/. Both colour schemes by default: light into DIR, dark into DIR/dark/ (the same
layout under it). Each screen is checked for clipped text (app.pseudo_locale.clipped_texts), for text below
4.5:1 on its background (`low_contrast`) and each picture for its pixel ratio; what fails is listed at the
end and the exit status is 1. The CJK fonts come
first: where none is installed, the command installs Debian's fonts-noto-cjk when it runs as root, and
otherwise says how to.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from trader_login.app import driving
from trader_login.app.harness import APP_KINDS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
LANGUAGES = ("en", "ja", "zh_TW", "zh_CN", "ru")
CJK = ("ja", "zh_TW", "zh_CN")
CJK_FAMILIES = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR")
CJK_PACKAGE = "fonts-noto-cjk"
CJK_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trader_login.app.screenshots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=None, help=f"default {DEFAULT_OUT} (hidpi/ under it)")
    parser.add_argument("--lang", default="en", help="a language code, several joined by commas, or all")
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR (2 shows high-DPI rendering)")
    parser.add_argument(
        "--scheme",
        choices=("light", "dark", "both"),
        default="both",
        help="dark goes to DIR/dark/",
    )
    options = parser.parse_args(argv)
    schemes = ("light", "dark") if options.scheme == "both" else (options.scheme,)
    codes = LANGUAGES if options.lang == "all" else tuple(options.lang.split(","))
    scale = float(options.scale)
    out = options.out or (DEFAULT_OUT if scale == 1 else DEFAULT_OUT / "hidpi")
    os.environ["QT_SCALE_FACTOR"] = options.scale  # before the QApplication exists

    from trader_login.app import gui, pseudo_locale
    from trader_login.app.i18n import CODES, PSEUDO, catalogue
    from trader_login.ui import theme

    unknown = [code for code in codes if code not in (*CODES, PSEUDO)]
    if unknown:
        parser.error(f"unknown language {', '.join(unknown)}; one of {', '.join(CODES)}, {PSEUDO} or all")
    screen = _offscreen_screen(scale)
    gui.ensure_display()
    theme.install(gui.application())
    if screen is not None:
        screen.unlink()  # read when the application started
    if any(code in CJK for code in codes):
        ensure_cjk_fonts()
    if PSEUDO in codes:
        pseudo_locale.build(
            catalogue(PSEUDO)
        )  # where trader_login.app.i18n looks for it (*.qm are not committed)

    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="trader-login-screens-") as scratch:
        from trader_login.app.testing import seed_demo

        template = seed_demo(Path(scratch) / "seed")  # once: each language copies it
        for scheme in schemes:
            theme.set_scheme(scheme)
            top = out if scheme == "light" else out / scheme
            for code in codes:
                folder = top if codes == ("en",) else top / code
                if code == PSEUDO and options.out is None:  # a test picture, not for the docs
                    folder = ROOT / "build" / "screenshots" / PSEUDO / ("" if scheme == "light" else scheme)
                print(f"{code}, {scheme} → {folder}")
                data = Path(scratch) / f"{code}-{scheme}"
                problems += [f"{code} {scheme}: {p}" for p in shoot(code, folder, template, data, scale)]
                if code == "en" and folder != top:  # English also where the README links it
                    for png in sorted(folder.glob("*.png")):
                        shutil.copy2(png, top / png.name)
        theme.set_scheme(None)
    print(f"screenshots written to {out}")
    if problems:
        print("clipped or blurry:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


OFFSCREEN_SCREEN = 800  # the offscreen platform's screen, in logical pixels at every --scale


def _offscreen_screen(scale: float) -> Path | None:
    """At `--scale` N on the offscreen platform, a screen of N times its 800×800 pixels (a config file for
    the platform, returned for deletion once the application has started): else its logical screen would
    shrink to 800/N, and a dialog that fits its screen (QMessageBox) would wrap or clip at 2× where it
    does not at 1×."""
    import json

    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if scale == 1 or platform != "offscreen":
        return None
    side = round(OFFSCREEN_SCREEN * scale)
    screen = {"name": "screenshots", "x": 0, "y": 0, "width": side, "height": side, "dpr": 1}
    handle, name = tempfile.mkstemp(prefix="trader-login-screen-", suffix=".json")
    with os.fdopen(handle, "w") as file:
        json.dump({"screens": [screen]}, file)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={name}"
    return Path(name)


def shoot(code: str, folder: Path, template: Path, data: Path, scale: float) -> list[str]:
    """One language: the login window's pages and the emulators tabs into `folder`; returns the problems."""
    from PySide6.QtGui import QImage

    from trader_login.app.i18n import PSEUDO
    from trader_login.app.testing import SlsGateway
    from trader_login.ui import theme

    folder.mkdir(parents=True, exist_ok=True)
    gateway = SlsGateway(data / "gateway", template=template)  # its clock moves on by hand: no 30 s waits
    lang = "en" if code == PSEUDO else code  # the pseudo-language is not one the command line offers
    # The harness's clocks and emulators, and the unattended bundle as trader-login composes it (the
    # policies, this computer's restart keys: in memory, never the machine's keychain).
    desktop = gateway.desktop_app(data / "app", "--lang", lang)
    theme.install()  # the scheme being shot (set_scheme), whatever the app's set-up applied
    if code == PSEUDO:
        desktop.languages.use(PSEUDO)
    desktop.window.set_demo_notice(desktop.demo_notice())  # as with the embedded gateway:
    desktop.window.set_gateway(None)  # its notice, and "Gateway: built-in demo" under the page
    shots = Screens(desktop, gateway, folder, scale)
    try:
        desktop.show()
        shots.take_all()
    finally:
        desktop.close()
        gateway.close()
    desktop.languages.use(code)  # again (closing the app removed its translators): the emulators window
    for path in _emulator_screenshots(folder, shots):
        image = QImage(str(path))
        print(f"  {path.name} ({image.width()}×{image.height()})")
        if scale != 1 and image.width() < 600 * scale:  # the window is 720 px wide, logically
            shots.problems.append(f"{path.name}: {image.width()} px wide, not rendered at {scale}×")
    desktop.languages.use("en")  # the next language starts from English, not from this one
    desktop.dispose()  # its Qt objects deleted now, while the QApplication lives (not at the exit)
    return shots.problems


def _emulator_screenshots(folder: Path, shots: Screens) -> list[Path]:
    """The emulators window's tabs (app.emulator_services.write_screenshots), each tab also checked for
    text below 4.5:1 before it is saved."""
    from trader_login.app.emulator_services import write_screenshots
    from trader_login.ui.emulators import screens

    capture = screens.capture

    def checked(window: Any, directory: Path, prepare: Any = None) -> list[Path]:
        def staged(tab: str) -> None:
            if prepare is not None:
                prepare(tab)
            screens.settle(timeout=0.3)
            shots.problems += [f"emulators-{tab}: contrast {p}" for p in low_contrast(window)]
            shots.problems += [f"emulators-{tab}: {p}" for p in hidden_tabs(window)]

        return capture(window, directory, staged)

    screens.capture = checked
    try:
        return write_screenshots(folder)
    finally:
        screens.capture = capture


MINIMUM_CONTRAST = 4.5  # WCAG AA for normal text; placeholders held to it too, disabled widgets exempt


def low_contrast(root: Any, minimum: float = MINIMUM_CONTRAST) -> list[str]:
    """Every enabled, visible text under `root` (itself included) drawn below `minimum`:1 on its background,
    measured on what is rendered: `root` is grabbed once, and in each text's box (a label's contents, a
    button's face without its border, a field's text area, a tab, a list row) the most common colour is the
    background and the pixel that stands out most is the text. A text with no pixel standing out is listed
    too (drawn in its background's colour). Returns "objectName 'text': 3.1:1 (#…… on #……)" lines."""
    from PySide6.QtCore import QRect

    image = root.grab().toImage()
    if image.width() != root.width():
        image = image.scaled(root.size())  # logical pixels, as widget geometry counts them
    found = []
    for widget, text, box in _text_boxes(root):
        area = QRect(widget.mapTo(root, box.topLeft()), box.size()).intersected(image.rect())
        if area.width() < 3 or area.height() < 3:
            continue
        cursor = _cursor_columns(widget)
        if cursor is not None:  # a focused field's text cursor is not its text
            cursor = (widget.mapTo(root, cursor.topLeft()).x(), widget.mapTo(root, cursor.topRight()).x())
        ratio, ink, background = _measure(image, area, cursor)
        name = widget.objectName() or type(widget).__name__
        if ratio < minimum:
            found.append(f"{name} {text[:40]!r}: {ratio:.2f}:1 ({ink} on {background})")
    return found


def hidden_tabs(root: Any) -> list[str]:
    """Tab bars under `root` too narrow for their tabs: "tabs do not fit …: 'DSC+' out of sight" lines
    (Qt scrolls them; the trader sees a cut tab and two arrows)."""
    from PySide6.QtWidgets import QTabBar

    found = []
    for bar in root.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        hidden = [bar.tabText(i) for i in range(bar.count()) if not bar.rect().contains(bar.tabRect(i))]
        if hidden:
            names = ", ".join(repr(text) for text in hidden)
            found.append(f"tabs do not fit in {bar.width()} px: {names} out of sight")
    return found


def _text_boxes(root: Any) -> list[tuple[Any, str, Any]]:
    """(widget, text, box in the widget's coordinates) of every enabled visible text under `root`."""
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSpinBox,
        QCheckBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QPushButton,
        QRadioButton,
        QStyle,
        QStyleOptionButton,
        QTabBar,
        QToolButton,
        QWidget,
    )

    boxes = []
    for widget in (root, *root.findChildren(QWidget)):
        if not widget.isVisible() or not widget.isEnabled() or widget.visibleRegion().isEmpty():
            continue
        if isinstance(widget, QLabel):
            pixmap = widget.pixmap()
            if widget.text().strip() and (pixmap is None or pixmap.isNull()):
                boxes.append((widget, widget.text(), widget.contentsRect()))
        elif isinstance(widget, (QCheckBox, QRadioButton)) and widget.text():
            option = QStyleOptionButton()
            widget.initStyleOption(option)
            element = (
                QStyle.SubElement.SE_CheckBoxContents
                if isinstance(widget, QCheckBox)
                else QStyle.SubElement.SE_RadioButtonContents
            )
            boxes.append((widget, widget.text(), widget.style().subElementRect(element, option, widget)))
        elif isinstance(widget, (QPushButton, QToolButton)) and widget.text():
            boxes.append((widget, widget.text(), widget.rect().adjusted(3, 3, -3, -3)))
        elif isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            text = widget.text() or widget.placeholderText()
            if text:
                boxes.append((widget, text, widget.rect().adjusted(4, 4, -4, -4)))
        elif isinstance(widget, QAbstractSpinBox):
            boxes.append((widget, widget.text(), widget.rect().adjusted(4, 4, -20, -4)))
        elif isinstance(widget, QComboBox) and widget.currentText():
            boxes.append((widget, widget.currentText(), widget.rect().adjusted(4, 4, -26, -4)))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):  # a tab scrolled out of sight: `hidden_tabs`, not contrast
                shown = widget.rect().contains(widget.tabRect(index))
                if shown and widget.isTabEnabled(index) and widget.tabText(index):
                    boxes.append(
                        (widget, widget.tabText(index), widget.tabRect(index).adjusted(4, 4, -4, -4))
                    )
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, viewport = widget.model(), widget.viewport()
            for row in range(min(model.rowCount(widget.rootIndex()), 50)):
                index = model.index(row, 0, widget.rootIndex())
                text = str(index.data() or "")
                rect = widget.visualRect(index)
                if text.strip() and rect.intersects(viewport.rect()):
                    box = rect.intersected(viewport.rect()).adjusted(2, 1, -2, -1)
                    boxes.append((viewport, text, box))
    return boxes


def _cursor_columns(widget: Any) -> Any:
    """The text cursor's columns (its rectangle's middle, 3 px) of a line edit or a spin box's edit."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

    edit = widget.lineEdit() if isinstance(widget, QAbstractSpinBox) else widget
    if not isinstance(edit, QLineEdit):
        return None
    rect = edit.cursorRect()
    cursor = QRect(rect.center().x() - 1, rect.top(), 3, rect.height())
    return cursor.translated(edit.mapTo(widget, cursor.topLeft()) - cursor.topLeft())


def _measure(image: Any, area: Any, skip: tuple[int, int] | None = None) -> tuple[float, str, str]:
    """(contrast, text colour, background colour) in `area` of `image`, as described in `low_contrast`;
    the columns `skip` (first, last) left out."""
    from PySide6.QtGui import QColor

    from trader_login.ui.theme import contrast

    counts: dict[int, int] = {}
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            if skip is not None and skip[0] <= x <= skip[1]:
                continue
            rgb = image.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    background = QColor.fromRgb(max(counts, key=counts.__getitem__))
    ink = max((QColor.fromRgb(rgb) for rgb in counts), key=lambda c: contrast(c, background))
    return contrast(ink, background), ink.name(), background.name()


def ensure_cjk_fonts() -> None:
    """Japanese and Chinese need a CJK font; without one every character is a box. Installs Debian's
    fonts-noto-cjk where it can (root on Debian or Ubuntu), and says how to otherwise."""
    from PySide6.QtGui import QFontDatabase

    if any(family in QFontDatabase.families() for family in CJK_FAMILIES):
        return
    geteuid = getattr(os, "geteuid", None)
    apt = shutil.which("apt-get")
    if geteuid is not None and geteuid() == 0 and apt and Path("/etc/debian_version").exists():
        print(f"no CJK font found: installing {CJK_PACKAGE} (apt-get)")
        command = [apt, "install", "-y", "--no-install-recommends", CJK_PACKAGE]
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(command, env=environment, check=False).returncode != 0:  # noqa: S603 - fixed command
            subprocess.run([apt, "update"], env=environment, check=False)  # noqa: S603 - fixed command
            subprocess.run(command, env=environment, check=False)  # noqa: S603 - fixed command
        for folder in CJK_FONT_DIRS:  # this process's font list predates the install
            for font in sorted(folder.glob("NotoSansCJK*")) if folder.is_dir() else ():
                QFontDatabase.addApplicationFont(str(font))
        if any(family in QFontDatabase.families() for family in CJK_FAMILIES):
            return
    print(
        "No CJK font is installed: Japanese and Chinese screenshots would show boxes.\n"
        f"  Debian/Ubuntu: sudo apt-get install {CJK_PACKAGE}   Fedora: sudo dnf install "
        "google-noto-sans-cjk-fonts   macOS and Windows have CJK fonts already.",
        file=sys.stderr,
    )


def _paint() -> None:
    """What the last step changed is painted: an event loop run once through (PySide6 6.12's
    processEvents() drops a reference to None at each call; a long run would abort at its exit)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


class Screens:
    """Takes the pictures of one language, driving the window through the testers' harness."""

    def __init__(self, desktop: Any, gateway: Any, out: Path, scale: float = 1) -> None:
        self.desktop = desktop
        self.gateway = gateway
        self.window = desktop.window
        self.out = out
        self.scale = scale
        self.problems: list[str] = []

    def save(self, name: str, widget: Any = None) -> None:
        from trader_login.app.pseudo_locale import clipped_texts

        target = widget or self.window
        _paint()
        self.problems += [f"{name}: {problem}" for problem in clipped_texts(target)]
        self.problems += [f"{name}: contrast {problem}" for problem in low_contrast(target)]
        pixmap = target.grab()  # in device pixels: at --scale 2, twice the widget's size, ratio 2
        ratio = pixmap.devicePixelRatio()
        if abs(ratio - self.scale) > 0.01 or pixmap.width() < round(target.width() * self.scale):
            self.problems.append(f"{name}: grabbed at ratio {ratio} ({pixmap.width()} px), not {self.scale}")
        if not pixmap.save(str(self.out / f"{name}.png")):
            raise OSError(f"could not write {self.out / name}.png")
        print(f"  {name}.png ({pixmap.width()}×{pixmap.height()})")

    def log_in(self, user: str) -> str:
        return driving.send_credentials(self.window, user)

    def act(self, what: str, action: Any) -> None:
        driving.act(self.window, action, what)

    def cancel(self) -> None:
        """Cancels the login shown and waits for the credentials page."""
        self.act("the cancel", self.window.cancel_button.click)

    def take_all(self) -> None:
        w = self.window
        credentials = w.credentials
        driving.wait_until(lambda: self.desktop.controller.is_ready, "the gateway")
        self.save("01-credentials")

        credentials.username_edit.setText("Trader.Joe")
        self.act("the R1 message", credentials.login_button.click)
        credentials.password_edit.setFocus()
        credentials._caps_lock = True  # as if a capital letter had been typed without Shift
        credentials._show_caps_lock()
        credentials.forgot_link.click()
        self.save("02-credentials-messages")
        credentials.forgot_link.click()
        credentials.username_edit.clear()

        self.log_in("multiuser")
        self.save("03-device-choice")
        self.cancel()
        for part in APP_KINDS.values():  # each kind's pages (04 to 11), as its app part takes them
            part.screenshots(self)

        self._attempts_left()
        self._restart_grant()

        linkeduser = self.gateway.user("linkeduser")
        self._history(linkeduser)  # 12-session shows the last login and the failures since
        self.log_in("linkeduser")
        driving.answer_page(w, linkeduser)
        session = driving.session_window_of(w)
        if session is None:
            raise RuntimeError(f"linkeduser did not log in: {driving.message_shown(w)}")
        self.save("12-session", session)
        # Later (a login elsewhere at the very moment of this one would read as this session's own).
        self.gateway.advance(12 * 60)
        other, other_client = self._other_login(linkeduser)
        driving.wait_until(lambda: session.status_label.isVisible(), "the takeover notice")
        self.save("13-session-taken-over", session)
        self.act("the log-out", session.logout_button.click)
        self.log_in("linkeduser")
        driving.answer_page(w, linkeduser)
        self.save("14-existing-session")
        self.act("keeping the other", w.existing_session.keep_button.click)
        other.log_out()
        other_client.close()
        self.save("15-credentials-after-cancel")

        # A paper trading session (its banner); the last picture: the app's close logs it out.
        paperuser = self.gateway.user("paperuser")
        if driving.send_credentials(w, "paperuser", paper=True) not in ("credentials", "session"):
            driving.answer_page(w, paperuser)
        session = driving.session_window_of(w)
        if session is None:
            raise RuntimeError(f"paperuser did not log in: {driving.message_shown(w)}")
        self.save("17-session-paper", session)

    def _history(self, user: Any) -> None:
        """The login history 12-session shows: `user`'s last login yesterday (on another computer), then
        two wrong passwords this morning (neither counts towards anything later: the login resets them)."""
        flow, client = self._other_login(user)
        flow.log_out()
        client.close()
        self.gateway.advance(20 * 3600)
        self._wrong_passwords(user.name, 2)
        self.gateway.advance(35 * 60)

    def _wrong_passwords(self, name: str, count: int) -> None:
        """`count` logins of `name` with a wrong password, from another computer (not this one's attempt
        log)."""
        from trader_login.auth.client.flow import LoginFlow
        from trader_login.auth.client.transport import GatewayClient
        from trader_login.auth.kdf import TEST_LIMITS

        client = GatewayClient(self.gateway.url, fingerprint=self.gateway.fingerprint)
        try:
            for _ in range(count):
                view = LoginFlow(client, kdf_limits=TEST_LIMITS).log_in(name, "not-the-password")
                if view.error_code != "INVALID_CREDENTIALS":
                    raise RuntimeError(f"a wrong password for {name} was answered {view}")
        finally:
            client.close()

    def _attempts_left(self) -> None:
        """22-attempts-left: the 7th failure in a row of a throw-away user name (six from elsewhere, the
        7th in the window); the desk resets its count afterwards."""
        name = "joetrader"  # any user name, known or not: nothing is enumerated
        self._wrong_passwords(name, 6)
        if driving.send_credentials(self.window, name, "not-the-password") != "credentials":
            raise RuntimeError(f"the 7th wrong password showed {driving.message_shown(self.window)!r}")
        label = self.window.attempts_left_label
        driving.wait_until(label.isVisible, "the attempts left", window=self.window)
        self.save("22-attempts-left")
        self.gateway.unlock(name)
        self.window.credentials.username_edit.clear()

    def _restart_grant(self) -> None:
        """21: this computer's restart grant in the session window; 24: the logout confirmation that can
        forget it; then a second run with --restart on this computer: 25, its credentials page
        (restartNoticeLabel), 26, the session it opens without the second factor; 23: the same after
        the desk revoked the grant, on the second-factor page that says why."""
        w = self.window
        user = self.gateway.user("carduser")  # no failure in the pictures before (06 is dscuser's)
        self.log_in(user.name)
        driving.answer_page(w, user)
        session = driving.session_window_of(w)
        if session is None:
            raise RuntimeError(f"{user.name} did not log in: {driving.message_shown(w)}")
        panel = session.restart_panel
        driving.wait_until(lambda: panel.check.isVisible() and panel.check.isEnabled(), "autoRestartCheck")
        panel.check.click()
        driving.wait_until(
            lambda: not panel.pending and panel.grant_label.isVisible(), "the restart grant", window=w
        )
        if panel.error_label.isVisible():
            raise RuntimeError(f"no restart grant: {panel.error_label.text()}")
        self.save("21-session-restart-grant", session)
        self._log_out_keeping_grant(session, "24-logout-forget")

        unattended = self.desktop.unattended
        unattended.restart = True  # as a second run with --restart on this computer
        w.credentials.set_restart(True)
        try:
            w.credentials.username_edit.setText(user.name)
            self.save("25-credentials-restart")
            if self.log_in(user.name) != "session":
                raise RuntimeError(f"the restart showed {driving.page_kind(w)}: {driving.message_shown(w)}")
            session = driving.session_window_of(w)
            driving.wait_until(lambda: session.restart_panel.grant_label.isVisible(), "the restart's grant")
            self.save("26-session-restarted", session)
            self._log_out_keeping_grant(session)

            self.gateway.gateway.desk.revoke_restart_grants(user.name)  # sls-gateway restart-grant revoke
            self.log_in(user.name)
            if driving.page_kind(w) in ("credentials", "session"):
                raise RuntimeError(f"the refused restart showed {driving.page_kind(w)}")
            self.save("23-restart-refused")
            self.cancel()
        finally:
            unattended.restart = False
            w.credentials.set_restart(False)
        w.credentials.username_edit.clear()

    def _log_out_keeping_grant(self, session: Any, picture: str | None = None) -> None:
        """Log Out of a session whose restart grant this computer holds: the confirmation (saved over the
        session window as `picture`), answered Log Out with forgetDeviceCheck left unticked."""
        from PySide6.QtWidgets import QPushButton

        w = self.window
        session.logout_button.click()
        dialog = session.confirm_dialog
        if dialog is None:
            raise RuntimeError("Log Out with a restart grant asked nothing")
        driving.wait_until(dialog.isVisible, "the logout confirmation")
        if picture is not None:
            self.save_over(picture, dialog, session)
        before = driving.reply_count(w)
        dialog.findChild(QPushButton, "confirmLogoutButton").click()
        driving.wait_until(
            lambda: driving.reply_count(w) > before and driving.page_kind(w) == "credentials",
            "the logout",
            window=w,
        )

    def save_over(self, name: str, dialog: Any, window: Any) -> None:
        """A dialog as the trader sees it, over its window (each is grabbed on its own: a top-level
        dialog is not in its parent's grab): checked as `save` checks a widget."""
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap

        from trader_login.app.pseudo_locale import clipped_texts

        _paint()
        self.problems += [f"{name}: {problem}" for problem in clipped_texts(dialog)]
        self.problems += [f"{name}: contrast {problem}" for problem in low_contrast(dialog)]
        behind = window.grab()
        margin = 16  # the dialog's edge shows: its frame is the window system's, not in any grab
        width = max(window.width(), dialog.width() + 2 * margin)
        height = max(window.height(), dialog.height() + 2 * margin)
        picture = QPixmap(round(width * behind.devicePixelRatio()), round(height * behind.devicePixelRatio()))
        picture.setDevicePixelRatio(behind.devicePixelRatio())
        background = window.palette().color(window.backgroundRole())
        picture.fill(background)
        painter = QPainter(picture)
        try:
            painter.drawPixmap(QPoint((width - window.width()) // 2, 0), behind)
            painter.fillRect(0, 0, width, height, QColor(0, 0, 0, 70))  # the window behind, dimmed
            x, y = (width - dialog.width()) // 2, (height - dialog.height()) // 2
            painter.drawPixmap(QPoint(x, y), dialog.grab())
            painter.setPen(dialog.palette().color(QPalette.ColorRole.Mid))
            painter.drawRect(x - 1, y - 1, dialog.width() + 1, dialog.height() + 1)
        finally:
            painter.end()
        if not picture.save(str(self.out / f"{name}.png")):
            raise OSError(f"could not write {self.out / name}.png")
        print(f"  {name}.png ({picture.width()}×{picture.height()})")

    def _other_login(self, user: Any) -> tuple[Any, Any]:
        """A second login of `user` elsewhere (the console's flow, no window) that takes the session over,
        its challenge answered by the harness. Returns the flow and its client (the caller closes it)."""
        from trader_login.app.toolkit import challenge_text
        from trader_login.auth.client.flow import LoginFlow
        from trader_login.auth.client.transport import GatewayClient
        from trader_login.auth.client.views import Stage
        from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
        from trader_login.auth.kdf import TEST_LIMITS

        client = GatewayClient(self.gateway.url, fingerprint=self.gateway.fingerprint)
        flow = LoginFlow(client, kdf_limits=TEST_LIMITS)
        view = flow.log_in(user.name, DEMO_PASSWORD)
        challenge = view.challenge
        if challenge is None:
            raise RuntimeError(f"{user.name}'s second login shows no challenge: {view}")
        view = flow.respond(user.answer(challenge.kind, challenge_text(challenge.digits, challenge.indices)))
        if view.stage is Stage.EXISTING_SESSION:
            view = flow.answer_existing_session(takeover=True)
        return flow, client


if __name__ == "__main__":
    sys.exit(main())
