"""The child of tests/app/test_close_path.py: the desktop app's real close path, once. Logs dscuser in
through the embedded gateway, opens the emulators, lets a second client (the console, in the same data
directory) take the session over, goes back to the login, closes the window and lets `app.exec()` end,
then closes and disposes as `gui.run` does. Prints "closed" last; a crash at exit shows in the status."""

from __future__ import annotations

import faulthandler
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from trader_login.app import driving, gui, self_test
from trader_login.app.driving import NullKeychain
from trader_login.app.harness import DeviceShelf, LinkPhone
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD

WAIT = 120.0


def main(data_dir: Path) -> int:
    faulthandler.enable()
    gui.ensure_display()
    app = gui.application()
    desktop = gui.DesktopApp(gui.build_args(["--lang", "en"]), data_dir=data_dir, keychain=NullKeychain())
    desktop.show()
    self_test.log_in_dscuser(desktop)  # in and out once
    window = desktop.window
    embedded = desktop.embedded
    assert embedded is not None
    dscuser = DeviceShelf(embedded.gateway, LinkPhone(embedded.url, embedded.fingerprint)).user("dscuser")
    driving.send_credentials(window, "dscuser", timeout=WAIT)
    driving.answer_page(window, dscuser, WAIT)
    session = driving.session_window_of(window)
    assert session is not None
    desktop.open_emulators()
    client = GatewayClient(embedded.url, fingerprint=embedded.fingerprint)
    flow = LoginFlow(client)
    view = flow.log_in("dscuser", DEMO_PASSWORD)
    view = flow.respond(dscuser.answer(view.challenge.kind, view.challenge.digits))
    if view.stage is Stage.EXISTING_SESSION:
        flow.answer_existing_session(True)
    flow.log_out()
    client.close()
    status = session.findChild(QLabel, "sessionStatusLabel")
    driving.wait_until(status.isVisible, "the takeover shown", WAIT, window)
    session.close()  # an ended session: back to the login at once
    driving.wait_until(
        lambda: window.session_window is None and window.isVisible(), "the login", WAIT, window
    )
    QTimer.singleShot(0, window.close)  # the emulators window closes with it, and the app ends
    try:
        code = app.exec()
    finally:
        desktop.close()
        desktop.dispose()
    print("closed", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
