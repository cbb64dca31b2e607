"""The docs' pictures of the emulators window following each kind of login are made by a command that keeps
working: it waits for the follow (tab forward, marked) and fails loudly when it does not come."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from trader_login.app.following_screenshots import write_screenshots
from trader_login.app.harness import APP_KINDS


def test_one_picture_per_kind_of_login(qapp, tmp_path: Path) -> None:
    written = write_screenshots(tmp_path)
    shots = [part.following for part in APP_KINDS.values() if part.following is not None]
    assert [path.name for path in written] == [f"{shot.name}.png" for shot in shots]
    for path in written:
        image = QImage(str(path))
        assert image.width() > 1000, path.name  # both windows, side by side
        assert image.height() > 500, path.name
