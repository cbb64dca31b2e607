"""The emulators' part of a device kind (`EMULATOR_KIND` in `ui.emulators.kinds.<kind.module>`): which tab
plays the kind, how the device picker names its devices, and what following a login of that kind brings
forward. The window, the picker and `follow.need_of` ask these parts; they know no kind themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from trader_login.auth.client.views import Challenge, DeviceOption
    from trader_login.ui.emulators.device_tab import DeviceTab
    from trader_login.ui.emulators.services import EmulatorServices
    from trader_login.ui.tasks import TaskRunner


@dataclass(frozen=True)
class TabContext:
    """What a tab's factory is given: the device kinds it plays (its picker's, in the vocabulary's order)
    and what the window was built from."""

    kinds: tuple[str, ...]
    services: EmulatorServices
    tasks: TaskRunner
    clock: Callable[[], float]  # the DSC+'s monotonic clock (a test moves it by hand)
    wall_clock: Callable[[], float]  # Unix time, for devices that show the time's codes (a test injects it)
    poll_ms: int
    parent: QWidget


class ScreenshotDemo(Protocol):
    """The demo gateway a tab's screenshot is staged on (`app.emulator_services.write_screenshots`)."""

    def log_in(self, user: str) -> Any:
        """Logs the demo `user` in as far as the second factor; the login flow (blocks: run it on a thread
        when something must answer meanwhile)."""
        ...

    def advance(self, seconds: float) -> None:
        """Moves the gateway's clock."""
        ...

    def settle(self, until: Callable[[], bool], timeout: float) -> bool:
        """Runs the event loop until `until()` holds (or `timeout` seconds pass)."""
        ...


@dataclass(frozen=True, eq=False)
class EmulatorTab:
    """One tab of the window. `name` is its stable name: `show_tab(name)`, the object name `<name>Tab`,
    the window's attribute `<name>_tab` and the screenshot `emulators-<name>.png`. Kinds sharing a tab
    (card, online card) share this object; the window builds it once, for all of them."""

    name: str
    title: Callable[[], str]  # translated, called again on a language change
    build: Callable[[TabContext], DeviceTab]
    screenshot: Callable[[Any, ScreenshotDemo], None] | None = None  # stages the tab for the docs


def _device_id(_challenge: Challenge, device: DeviceOption | None) -> str | None:
    return device.id if device is not None else None


@dataclass(frozen=True)
class EmulatorKind:
    """A device kind's emulator part.

    `kind` is the vocabulary's device kind (checked against the module it is found in). `name` is its
    translated name in the device picker ("dscuser — DSC+ DSC12345678", the model's `ident` after it).
    `tab` plays it — None, said explicitly, for a kind with no device of its own to emulate. `forward` is
    the tab brought forward and marked while the login waits on one of its challenges, when that is not
    its own tab (None and no tab: none). `login_device(challenge, device)` is the ident of the device the
    login uses, as the picker shows it (the model's `ident`), when the login says."""

    kind: str
    name: Callable[[], str]
    tab: EmulatorTab | None
    forward: str | None = None
    login_device: Callable[[Challenge, DeviceOption | None], str | None] = _device_id

    @property
    def follow_tab(self) -> str | None:
        """The tab that needs the trader while a login waits on this kind."""
        if self.forward is not None:
            return self.forward
        return self.tab.name if self.tab is not None else None
