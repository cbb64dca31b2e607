"""The emulators window's services (ui.emulators.services), built over a gateway: the full set over the
embedded gateway's own objects, or the device files and the phone link alone for a remote gateway.

    services = embedded_services(embedded.gateway, embedded.url, embedded.fingerprint)
    services = remote_services(url, ca_cert=path, device_dir=folder)
    window = EmulatorsWindow(services)
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from trader_login.auth import texts
from trader_login.auth.client.device_link import PhoneLink
from trader_login.auth.devices import files
from trader_login.auth.gateway.admin import ClientServices
from trader_login.auth.gateway.demo import DEMO_USERS
from trader_login.auth.gateway.errors import GatewayError
from trader_login.ui.emulators.services import (
    DeskDevice,
    DeskError,
    DeviceEntry,
    DeviceFolder,
    EmulatorServices,
    PhoneMessage,
    UserStatus,
    device_file_name,
    parse_file_name,
)
from trader_login.ui.messages import render

# The demo seed issues a temporary passcode to these users (SPEC §7); the desk shows it again.
DEMO_TEMP_PASSCODE_USERS = ("tempuser",)


class GatewayLike(Protocol):
    """What the adapters use of `trader_login.auth.gateway.gateway.Gateway`."""

    desk: ClientServices

    @property
    def device_dir(self) -> Path: ...


def _refusal(error: GatewayError) -> DeskError:
    return DeskError(_shown(error))


def _shown(error: GatewayError) -> str:
    """The refusal in the trader's language when it is a catalogue text; the desk's own words (English,
    for the person at the desk: admin.DeskMessage) as they are."""
    message = error.message
    if message.id in texts.TEXTS:
        return render(message)
    return message.english


class GatewayDesk:
    """The Client Services desk over the gateway's Python API; refusals become DeskError."""

    def __init__(self, gateway: GatewayLike) -> None:
        self._gateway = gateway
        self._issued_here: set[str] = set()

    def __repr__(self) -> str:
        return "GatewayDesk()"

    @property
    def _desk(self) -> ClientServices:
        return self._gateway.desk

    def users(self) -> list[str]:
        """The demo users that exist, then any other user with a device file, alphabetically."""
        on_shelf = set()
        if self._gateway.device_dir.is_dir():
            for path in self._gateway.device_dir.iterdir():
                named = parse_file_name(path.name)
                if named is not None:
                    on_shelf.add(named[0])
        demo = [user for user in DEMO_USERS if self._desk.has_user(user)]
        others = sorted(user for user in on_shelf - set(demo) if self._desk.has_user(user))
        return demo + others

    def devices(self, user: str) -> list[DeskDevice]:
        try:
            rows = self._desk.list_devices(user)
        except GatewayError as error:
            raise _refusal(error) from None
        return [DeskDevice(row["id"], row["kind"], row["status"], row.get("expires_at")) for row in rows]

    def status(self, user: str) -> UserStatus:
        found = self._desk.status(user)
        if not found["exists"]:
            raise DeskError(f"no user name {user!r}")
        passcode = found["temp_passcode"]
        return UserStatus(
            failures=int(found["failures"]),
            locked_until=found["locked_until"],
            temp_passcode=passcode is not None and passcode["ended_at"] is None,
        )

    def issue_temp_passcode(self, user: str) -> str:
        try:
            code = self._desk.issue_temp_passcode(user)
        except GatewayError as error:
            raise _refusal(error) from None
        self._issued_here.add(user)
        return code

    def demo_temp_passcode(self, user: str) -> str | None:
        """The seed's passcode while it is the one in use (not after the desk issued another)."""
        if user not in DEMO_TEMP_PASSCODE_USERS or user in self._issued_here:
            return None
        if not self.status(user).temp_passcode:
            return None
        return self._desk.demo_temp_passcode(user)

    def unlock(self, user: str) -> None:
        if not self._desk.has_user(user):
            raise DeskError(f"no user name {user!r}")
        self._desk.unlock(user)

    def reactivate_device(self, user: str, device_id: str) -> None:
        try:
            self._desk.reactivate_device(user, device_id)
        except GatewayError as error:
            raise _refusal(error) from None

    def issue_online_card(self, user: str) -> DeviceEntry:
        """A new Online Security Code Card, saved on the shelf as `<user>-online-card.json`."""
        try:
            card = self._desk.issue_online_card(user)
        except GatewayError as error:
            raise _refusal(error) from None
        path = self._gateway.device_dir / device_file_name(user, card.kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        files.save(card, path)
        return DeviceEntry(user, card.kind, card.ident, path, card)

    def activate_online_card(self, user: str, device_id: str) -> None:
        try:
            self._desk.activate_online_card(user, device_id)
        except GatewayError as error:
            raise _refusal(error) from None


class GatewayOutbox:
    """The texts and calls the gateway sent, as the phone receives them."""

    def __init__(self, gateway: GatewayLike) -> None:
        self._gateway = gateway

    def __repr__(self) -> str:
        return "GatewayOutbox()"

    def messages(self, phone_number: str) -> list[PhoneMessage]:
        return [_message(row) for row in self._gateway.desk.outbox(phone_number)]


def _message(row: dict[str, Any]) -> PhoneMessage:
    from trader_login.app.harness import code_in_message  # the one reader of a texted or spoken code

    text = row["text"]
    code = (code_in_message(text) or "") if row["channel"] == "voice" else ""
    return PhoneMessage(row["channel"], text, float(row["at"]), code)


_OWN_KEYS: weakref.WeakSet[Any] = weakref.WeakSet()  # the VirtualKeys embedded_services made itself


def embedded_services(
    gateway: GatewayLike, url: str, fingerprint: str, virtual_keys: Any = None
) -> EmulatorServices:
    """Everything, over the in-process gateway: its device files, desk and outbox, the phone link to its
    HTTPS endpoint (the phone talks to the gateway as a real one would, signed requests and all), and the
    virtual security keys the login uses (`virtual_keys`, app.virtual_keys.VirtualKeys: the Security key
    tab touches the very instance the login's ceremony waits on)."""
    if virtual_keys is None:
        from trader_login.app.virtual_keys import VirtualKeys

        virtual_keys = VirtualKeys(gateway.device_dir)
        _OWN_KEYS.add(virtual_keys)  # made here: closed by close_services (its key files let go)
    return EmulatorServices(
        shelf=DeviceFolder(gateway.device_dir),
        desk=GatewayDesk(gateway),
        outbox=GatewayOutbox(gateway),
        phone_link=PhoneLink(url, fingerprint=fingerprint),
        remote=False,
        security_key=virtual_keys.key_at,
    )


def services_for_embedded(embedded: Any, virtual_keys: Any = None) -> EmulatorServices:
    """For `trader_login.app.embedded.EmbeddedGateway` once running; needs its `gateway` accessor."""
    return embedded_services(embedded.gateway, embedded.url, embedded.fingerprint, virtual_keys)


def remote_services(
    url: str,
    *,
    fingerprint: str | None = None,
    ca_cert: str | os.PathLike[str] | None = None,
    device_dir: Path | None = None,
    security_key: Callable[[Path], Any] | None = None,
) -> EmulatorServices:
    """A gateway elsewhere: device files opened by hand (or from `device_dir`), and the IB Key phone's
    signed requests; no desk and no outbox, which only the gateway's operator has. `security_key(path)`:
    the login's own instance of a virtual key file (`--security-key FILE`)."""
    return EmulatorServices(
        shelf=DeviceFolder(device_dir),
        phone_link=PhoneLink(url, fingerprint=fingerprint, ca_cert=ca_cert),
        remote=True,
        security_key=security_key,
    )


def close_services(services: EmulatorServices) -> None:
    """Closes the phone link's connections (after the window is closed)."""
    close = getattr(services.phone_link, "close", None)
    if close is not None:
        close()
    keys = getattr(services.security_key, "__self__", None)
    if keys is not None and keys in _OWN_KEYS:
        _OWN_KEYS.discard(keys)
        keys.close()


# -- screenshots for the docs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ScreenshotDemo:
    """The demo gateway as the emulator parts stage their tabs on it (ui.emulators.kinds.ScreenshotDemo)."""

    log_in: Callable[[str], Any]
    advance: Callable[[float], None]
    settle: Callable[[Callable[[], bool], float], bool]


def write_screenshots(directory: Path) -> list[Path]:
    """A throw-away demo gateway of the testers' harness (its clock moved by hand), a few logins to fill
    the tabs, and one PNG per tab in `directory`."""
    import tempfile  # only this command needs these

    from PySide6.QtWidgets import QApplication

    from trader_login.app.testing import SlsGateway
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.transport import GatewayClient
    from trader_login.auth.gateway.demo import DEMO_PASSWORD
    from trader_login.auth.kdf import TEST_LIMITS
    from trader_login.ui.emulators import EmulatorsWindow
    from trader_login.ui.emulators.screens import capture, settle

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed, same pixels everywhere
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as data_dir:
        gateway = SlsGateway(Path(data_dir) / "gateway")  # seeded here, with the cheap test KDF
        services = gateway.emulator_services()
        client = GatewayClient(gateway.url, fingerprint=gateway.fingerprint)
        window = EmulatorsWindow(services, poll_ms=200)
        window.show()
        settle(lambda: bool(window.entries), 30)

        def log_in(user: str) -> LoginFlow:
            flow = LoginFlow(client, kdf_limits=TEST_LIMITS)
            flow.log_in(user, DEMO_PASSWORD)
            return flow

        demo = _ScreenshotDemo(log_in, gateway.advance, settle)
        tabs = [part.tab for part in window.parts.values() if part.tab is not None]
        stages = {tab.name: tab.screenshot for tab in tabs}

        def prepare(tab: str) -> None:
            stage = stages.get(tab)  # each device tab is staged by its kind's emulator part
            if stage is not None:
                stage(window.tab(tab), demo)
            elif tab == "desk":
                window.desk_tab.select_user("tempuser")
                settle(lambda: window.desk_tab.demo_label.text() != "", 30)

        try:
            return capture(window, directory, prepare)
        finally:
            window.close()
            close_services(services)
            client.close()
            gateway.close()
            del app


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m trader_login.app.emulator_services")
    parser.add_argument("--screenshots", type=Path, required=True, help="folder for emulators-<tab>.png")
    arguments = parser.parse_args(argv)
    for path in write_screenshots(arguments.screenshots):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
