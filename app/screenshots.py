"""`make screenshots`: every page of the login window and the session window, rendered from a real login
against the embedded demo gateway (fresh data directory), into docs/screenshots/.

    python -m app.screenshots [--out DIR] [--lang CODE] [--scale N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from app import gui
from app.driving import NullKeychain

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR (2 shows high-DPI rendering)")
    options = parser.parse_args(argv)
    os.environ["QT_SCALE_FACTOR"] = options.scale
    gui.ensure_display()
    gui.application()
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trader-login-screens-") as data:
        args = gui.build_args(["--lang", options.lang])
        desktop = gui.DesktopApp(args, data_dir=Path(data), keychain=NullKeychain())
        try:
            desktop.show()
            shots = Screens(desktop, options.out)
            shots.take_all()
        finally:
            desktop.close()
    from app.emulator_services import write_screenshots

    for path in write_screenshots(options.out):  # the emulators window's tabs, in the app's style
        print(f"  {path.name}")
    print(f"screenshots written to {options.out}")
    return 0


class Screens:
    def __init__(self, desktop: gui.DesktopApp, out: Path) -> None:
        from app.driving import Driver

        self.desktop = desktop
        self.window = desktop.window
        self.driver = Driver(desktop)
        self.out = out

    def save(self, name: str, widget: object = None) -> None:
        target = widget or self.window
        self.driver.wait_for("painting", lambda: True)
        target.grab().save(str(self.out / f"{name}.png"))  # type: ignore[union-attr]
        print(f"  {name}.png")

    def take_all(self) -> None:
        from auth.client.views import Stage

        d, w = self.driver, self.window
        credentials = w.credentials
        d.wait_for("the gateway", lambda: self.desktop.controller.is_ready)
        self.save("01-credentials")

        credentials.username_edit.setText("Trader.Joe")
        d.act("the R1 message", credentials.login_button.click)
        credentials.password_edit.setFocus()
        credentials._caps_lock = True  # as if a capital letter had been typed without Shift
        credentials._show_caps_lock()
        credentials.forgot_link.click()
        self.save("02-credentials-messages")
        credentials.forgot_link.click()
        credentials.username_edit.clear()

        d.log_in("multiuser")
        self.save("03-device-choice")
        rows = w.devices.device_list
        ibkey = next(i for i in range(rows.count()) if "IB Key" in rows.item(i).text())
        rows.setCurrentRow(ibkey)
        d.act("the push page", w.devices.continue_button.click)
        self.save("04-ibkey-push")
        d.act("the IB Key challenge", w.second_factor.no_notification_link.click)
        self.save("05-ibkey-challenge")
        d.act("the cancel", w.cancel_button.click)

        d.log_in("dscuser")
        w.second_factor.response_edit.setText("12345678")
        d.act("Login failed", w.second_factor.submit_button.click)
        self.save("06-dscplus-login-failed")
        d.act("the cancel", w.cancel_button.click)

        for user, name in (("carduser", "07-security-code-card"), ("onlineuser", "08-online-card")):
            d.log_in(user)
            self.save(name)
            d.act("the cancel", w.cancel_button.click)

        d.log_in("smsuser")
        w.second_factor.new_code_link.click()
        self.save("09-sms")
        d.wait_for("the resend delay (30 s)", w.second_factor.voice_button.isEnabled, timeout=45)
        d.act("the voice call", w.second_factor.voice_button.click)
        self.save("10-sms-voice-callback")
        d.act("the cancel", w.cancel_button.click)
        import time

        d.controller.clock = time.monotonic
        w.second_factor.clock = time.monotonic

        d.log_in("tempuser")
        w.second_factor.response_edit.setText("")
        w.second_factor.response_edit.textEdited.emit("ab12cd")
        self.save("11-temporary-passcode")
        d.act("the cancel", w.cancel_button.click)

        d.log_in("linkeduser")
        d.answer("linkeduser")
        session = w.session_window
        if d.stage is not Stage.DONE or session is None:
            raise RuntimeError(f"linkeduser did not log in: {d.controller.view}")
        self.save("12-session", session)
        other = self._other_login("linkeduser")
        d.wait_for("the takeover notice", lambda: session.status_label.isVisible(), timeout=15)
        self.save("13-session-taken-over", session)
        d.act("the log-out", session.logout_button.click)
        d.log_in("linkeduser")
        d.answer("linkeduser")
        self.save("14-existing-session")
        d.act("keeping the other", w.existing_session.keep_button.click)
        other.log_out()
        self.save("15-credentials-after-cancel")

    def _other_login(self, user: str) -> object:
        """A second login of `user` elsewhere (the console's flow, no window) that takes the session over."""
        from auth.client.flow import LoginFlow
        from auth.client.transport import GatewayClient
        from auth.client.views import Stage
        from auth.gateway.demo_users import DEMO_PASSWORD

        embedded = self.desktop.embedded
        assert embedded is not None
        flow = LoginFlow(GatewayClient(embedded.url, fingerprint=embedded.fingerprint))
        view = flow.log_in(user, DEMO_PASSWORD)
        assert view.challenge is not None
        assert view.challenge.digits
        view = flow.respond(self.driver.dsc_response(user, view.challenge.digits))
        if view.stage is Stage.EXISTING_SESSION:
            view = flow.answer_existing_session(takeover=True)
        return flow


if __name__ == "__main__":
    sys.exit(main())
