"""What the emulators window asks of every device tab (one tab per emulator part, ui.emulators.kinds): its
device picker and message line, and the hooks for showing, hiding, closing and following the login. The
defaults do nothing, so a tab overrides only what it has (a poll, a mark, a login to expect).

Following the login, every tab forgets its result (a response, "Approved…", a copied code) when a new login
or a new challenge arrives, and a tab with a `login_challenge` line shows the challenge it is to answer."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from trader_login.auth import vocabulary
from trader_login.ui.emulators.common import DevicePicker, LoginChallengeLine, MessageLine
from trader_login.ui.emulators.services import DeviceEntry

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge
    from trader_login.ui.emulators.follow import LoginNeed


class DeviceTab(QWidget):
    """A tab that plays one or more device kinds. Subclasses set `picker` and `message` in `__init__`."""

    waitingChanged = Signal()  # what `waiting()` says changed (the window re-marks the tab)

    picker: DevicePicker
    message: MessageLine
    login_challenge: LoginChallengeLine | None = None  # set by a tab that repeats the login's challenge
    zone: tzinfo | None = None  # the time zone its times are shown in (None: this machine's)
    _followed: LoginNeed | None = None
    _answering: LoginNeed | None = None  # the need whose challenge this tab's line shows

    def set_entries(self, entries: Sequence[DeviceEntry]) -> None:
        """The shelf's devices; the picker keeps those of this tab's kinds."""
        self.picker.set_entries(entries)

    def load_device_file(self, path: str) -> bool:
        """What "Open device file…" does once a file is chosen; False (and a message) if it is refused."""
        return self.picker.load_file(path) is not None

    def waiting(self) -> str:
        """What waits on this device, for the tab's mark ("" when nothing does)."""
        return ""

    def follow(self, need: LoginNeed | None) -> None:
        """The login in this app needs `need` now (None: nothing), before its device is selected. A new
        login or a new challenge clears the tab's result; the challenge line shows this tab's challenge."""
        previous, self._followed = self._followed, need
        if need is None:
            self._answering = None
            self.show_login_challenge()
            return
        new_login = previous is None or previous.user != need.user
        if new_login or previous.challenge_id != need.challenge_id:
            self.clear_result()
        mine = need.challenge is not None and self.plays(need.challenge_kind)
        if not mine:
            self._answering = None
        elif self._answering is None or self._answering.challenge_id != need.challenge_id:
            renewed = need.renewed or (
                not new_login
                and previous.challenge_kind == need.challenge_kind
                and previous.challenge_id not in (None, need.challenge_id)
            )
            self._answering = dataclasses.replace(need, renewed=renewed)
        self.show_login_challenge()

    def plays(self, challenge_kind: str | None) -> bool:
        """This tab answers challenges of `challenge_kind` (its device kinds')."""
        known = vocabulary.CHALLENGE_KINDS.get(challenge_kind or "")
        return known is not None and known.device in self.picker.kinds

    def clear_result(self) -> None:
        """A new login or a new challenge: forget what answered the last one (the message line's result;
        a tab adds its own: the response shown, a decision's outcome)."""
        self.message.clear_info()

    def show_login_challenge(self) -> None:
        """Shows (or hides) the login's challenge on the tab's `login_challenge` line, in the current
        language (called again on a language change)."""
        if self.login_challenge is None:
            return
        need = self._answering
        if need is None or need.challenge is None:
            self.login_challenge.show_text(None)
            return
        self.login_challenge.show_text(
            self.login_challenge_text(need.challenge, renewed=need.renewed), renewed=need.renewed
        )

    def login_challenge_text(self, challenge: Challenge, *, renewed: bool) -> str | None:
        """The login's `challenge` as this tab tells the trader to answer it (None: nothing to show)."""
        return None

    def poll_now(self) -> None:
        """The login in this app just asked something of this device: look at once, if the tab looks."""

    def start(self) -> None:
        """The window is shown."""

    def stop(self) -> None:
        """The window is hidden: timers and polls stop."""

    def shutdown(self) -> None:
        """The window closed and dropped every reply on its way: forget what waited for one."""
        self.stop()
