"""Screenshots of the emulators window following each kind of login (issue 13): the login window at its
second-factor page beside the emulators window, which has brought the user's device forward and marked
its tab. One PNG per kind that has one (its app part's `following`): docs/screenshots/following/<name>.png
(dscplus, ibkey-push, sms, card), and the same in the dark colour scheme in DIR/dark/.

    python -m trader_login.app.following_screenshots [--out DIR] [--scheme light|dark|both]

A throw-away demo gateway (app.testing.SlsGateway) and the real composition root (app.gui.DesktopApp);
the logins are typed into the login window's widgets, found by object name, as a tester would.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trader_login.app.kinds._base import FollowingShot

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots" / "following"
WAIT_S = 30.0

GAP = 16  # pixels between the two windows in a picture


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m trader_login.app.following_screenshots", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    parser.add_argument(
        "--scheme", choices=("light", "dark", "both"), default="both", help="dark goes to DIR/dark/"
    )
    options = parser.parse_args(argv)
    from trader_login.ui import theme

    for scheme in ("light", "dark") if options.scheme == "both" else (options.scheme,):
        theme.set_scheme(scheme)
        for path in write_screenshots(options.out if scheme == "light" else options.out / scheme):
            print(path)
    theme.set_scheme(None)
    return 0


def write_screenshots(out: Path) -> list[Path]:
    from trader_login.app import gui
    from trader_login.app.harness import APP_KINDS
    from trader_login.app.testing import SlsGateway
    from trader_login.ui import theme

    gui.ensure_display()
    theme.install(gui.application())
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        gateway = SlsGateway(Path(tmp) / "gateway")
        try:
            for part in APP_KINDS.values():
                if part.following is None:
                    continue
                path = out / f"{part.following.name}.png"
                shoot(gateway, Path(tmp) / f"app-{part.following.name}", part.following, path)
                written.append(path)
        finally:
            gateway.close()
    return written


def shoot(gateway: Any, data_dir: Path, shot: FollowingShot, path: Path) -> None:
    """Opens the app and its emulators window, logs `shot.user` in as far as the second factor, waits for
    the emulators to follow (`shot.tab`, then what `shot.ready` says), and saves both windows side by side."""
    from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

    from trader_login.app import driving
    from trader_login.auth import vocabulary
    from trader_login.ui import theme

    user, tab = shot.user, shot.tab

    # The harness's one wiring: the gateway's certificate pinned, its clocks, the emulators over it.
    desktop = gateway.desktop_app(data_dir)
    theme.install()  # the scheme being shot, whatever the app's set-up applied
    window = desktop.window
    try:
        desktop.show()
        wait(lambda: desktop.controller.is_ready, "the gateway connection")
        desktop.open_emulators()
        emulators = desktop.emulators
        wait(lambda: emulators.property("loading") is False, "the emulators window to load")
        emulators.show_tab("desk")  # so that following shows: the tab that needs the trader comes forward

        def child(kind: type, name: str, parent: QWidget = window) -> Any:
            found = parent.findChild(kind, name)
            if found is None:
                raise RuntimeError(f"no {name}")
            return found

        page = driving.send_credentials(window, user)
        if page not in vocabulary.CHALLENGE_KINDS:
            raise RuntimeError(f"{user}'s login shows {page}, not a second-factor page")
        tabs = child(QTabWidget, "emulatorTabs", emulators)
        wait(lambda: tabs.currentWidget().objectName() == tab, f"the emulators to bring {tab} forward")
        wait(lambda: child(QWidget, tab, emulators).property("waiting") is True, f"{tab}'s mark")
        for condition, what in shot.ready(lambda kind, name: child(kind, name, emulators)):
            wait(condition, what)
        settle_paint()
        side_by_side(window, emulators, path)
        driving.act(window, child(QPushButton, "cancelButton").click, "the login to be cancelled")
    finally:
        desktop.close()
        desktop.dispose()  # its Qt objects deleted now, while the QApplication lives (not at the exit)


def side_by_side(left: Any, right: Any, path: Path) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter, QPixmap

    from trader_login.ui import theme

    first, second = left.grab(), right.grab()
    ratio = max(first.devicePixelRatio(), second.devicePixelRatio())
    width = int((first.width() + second.width()) / ratio) + 3 * GAP
    height = int(max(first.height(), second.height()) / ratio) + 2 * GAP
    canvas = QPixmap(int(width * ratio), int(height * ratio))
    canvas.setDevicePixelRatio(ratio)
    canvas.fill(theme.color("backdrop"))  # a desktop behind the two windows
    painter = QPainter(canvas)
    painter.drawPixmap(QPoint(GAP, GAP), first)
    painter.drawPixmap(QPoint(2 * GAP + int(first.width() / first.devicePixelRatio()), GAP), second)
    painter.end()
    if not canvas.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def wait(condition: Callable[[], bool], what: str) -> None:
    from trader_login.ui.emulators.screens import settle

    if not settle(condition, WAIT_S):
        raise RuntimeError(f"gave up waiting for {what}")


def settle_paint() -> None:
    from trader_login.ui.emulators.screens import settle

    settle(timeout=0.3)  # let layouts and the tab bar repaint before the grab


if __name__ == "__main__":
    raise SystemExit(main())
