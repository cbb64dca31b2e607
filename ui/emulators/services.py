"""What the emulators window needs from the outside world, as small interfaces the composition root fills in:
the device files on the shelf, the Client Services desk, the phone's outbox and the IB Key phone's link.

Qt-free. With the embedded gateway `app.emulator_services` implements all four over the Gateway object;
against a remote gateway only the shelf and the phone link exist, and the tabs that need the rest say so.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from trader_login.auth.devices import files
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest

log = logging.getLogger(__name__)


def file_kinds() -> tuple[str, ...]:
    """The device kinds that have device files (a device model), in the vocabulary's order."""
    return files.shelf_kinds()


def device_file_name(user: str, kind: str) -> str:
    """The shelf's name for `user`'s device of `kind`: `<user>-<kind>.json` (`files.shelf_file_name`)."""
    return files.shelf_file_name(user, kind)


def parse_file_name(name: str) -> tuple[str, str] | None:
    """`(user, kind)` of a shelf file name, or None for any other file (`files.parse_shelf_name`). A user's
    second device of a kind is `<user>-<kind>-<n>.json` (a second security key: `alice-passkey-2.json`)."""
    named = files.parse_shelf_name(name)
    if named is None:
        numbered = _NUMBERED.fullmatch(name)
        if numbered is not None:
            named = files.parse_shelf_name(f"{numbered.group(1)}.json")
    return named


_NUMBERED = re.compile(r"(.+)-([0-9]{1,3})\.json")


def _number(name: str) -> int:
    """A numbered device file's number (`alice-passkey-2.json`: 2); 1 for the user's first."""
    numbered = _NUMBERED.fullmatch(name)
    if numbered is None or files.parse_shelf_name(name) is not None:
        return 1
    return int(numbered.group(2))


class DeskError(Exception):
    """A desk operation the gateway refused or could not do; `message` is fit to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DeviceEntry:
    """One emulated device on the shelf: whose it is, what it is, where its file lives."""

    user: str
    kind: str  # the vocabulary's device kind
    ident: str  # serial, device id or masked phone number: what the picker shows
    path: Path | None
    device: files.Device = field(repr=False, compare=False)


def entry_for(path: Path, user: str = "", *, clock: Callable[[], float] | None = None) -> DeviceEntry:
    """Loads one device file as a shelf entry; raises DeviceFileError (a clear message) or OSError."""
    device = files.load(path, clock=clock)
    return DeviceEntry(user, device.kind, device.ident, Path(path), device)


class DeviceShelf(Protocol):
    def entries(self) -> list[DeviceEntry]:
        """Every device the emulators know, in a stable order. Runs on a worker: it reads files."""
        ...


class DeviceFolder:
    """The device files of a folder named `<user>-<kind>.json`, as the demo seed and `--export` write
    them. A damaged file is left out (and logged by name), never fatal."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = Path(directory) if directory is not None else None

    def __repr__(self) -> str:
        return f"DeviceFolder({str(self.directory)!r})"

    def entries(self) -> list[DeviceEntry]:
        if self.directory is None or not self.directory.is_dir():
            return []
        found = []
        named_paths = []
        for path in self.directory.iterdir():
            named = parse_file_name(path.name)
            if named is not None:
                named_paths.append((path, named))
        # By user and kind, a user's first device of a kind before the numbered ones (`-2`, `-3`, …).
        named_paths.sort(key=lambda item: (*item[1], _number(item[0].name), item[0].name))
        for path, named in named_paths:
            user, kind = named
            try:
                entry = entry_for(path, user)
            except (files.DeviceFileError, OSError) as error:
                log.warning("Device file left out: %s", error)
                continue
            if entry.kind != kind:
                log.warning("Device file left out: %s does not hold a %s", path.name, kind)
                continue
            found.append(entry)
        return found


@dataclass(frozen=True)
class DeskDevice:
    id: str
    kind: str
    status: str  # active, pending, lost, removed, expired
    expires_at: float | None = None  # unix seconds: an online card's end of validity, when the desk says


@dataclass(frozen=True)
class UserStatus:
    failures: int
    locked_until: float | None  # unix seconds
    temp_passcode: bool  # a temporary passcode is in use


class ClientServicesDesk(Protocol):
    """The Client Services desk. Every call may block (database, network): the tabs call it on a worker.
    Refusals raise DeskError with the desk's message."""

    def users(self) -> list[str]: ...
    def devices(self, user: str) -> list[DeskDevice]: ...
    def status(self, user: str) -> UserStatus: ...
    def issue_temp_passcode(self, user: str) -> str: ...
    def demo_temp_passcode(self, user: str) -> str | None: ...
    def unlock(self, user: str) -> None: ...
    def reactivate_device(self, user: str, device_id: str) -> None: ...
    def issue_online_card(self, user: str) -> DeviceEntry: ...
    def activate_online_card(self, user: str, device_id: str) -> None: ...


@dataclass(frozen=True)
class PhoneMessage:
    """A text or a call to the trader's phone. `code` is the code a call reads out ("" for a text)."""

    channel: str  # "sms" or "voice"
    text: str = field(repr=False)
    at: float
    code: str = field(default="", repr=False)


class Outbox(Protocol):
    def messages(self, phone_number: str) -> list[PhoneMessage]:
        """What the gateway sent to this number, oldest first. Runs on a worker."""
        ...


class PhoneLink(Protocol):
    """The IB Key phone's signed requests (auth.client.device_link.PhoneLink). Runs on a worker."""

    def pending_pushes(self, app: IbKeyApp) -> list[PushRequest]:
        """The notifications waiting, oldest first, each with its three `numbers` when the gateway matches
        numbers."""
        ...

    def decide(self, app: IbKeyApp, request: PushRequest, decision: str, number: int | None = None) -> str:
        """Sends "approve" (with the picked `number` when the push has numbers), "deny" or "report" (This
        wasn't me); returns the gateway's status, "approved" or "denied"."""
        ...


@dataclass
class EmulatorServices:
    """Everything the emulators window is built from. `remote` hides what only the embedded gateway has."""

    shelf: DeviceShelf
    desk: ClientServicesDesk | None = None
    outbox: Outbox | None = None
    phone_link: PhoneLink | None = None
    remote: bool = False
    # The live virtual security key of a device file: the SAME instance the login's ceremony uses (so a
    # Touch in the emulators answers it), loaded on first use and saved back by its owner after a change.
    # May block (a file, the keychain): the tab calls it on a worker. None: the shelf entry's own model.
    security_key: Callable[[Path], Any] | None = None
