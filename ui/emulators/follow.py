"""What a login in this app needs from the emulators window (SPEC §8, "it follows the login"): whose devices
to select, which of them the login uses, and which tab needs the trader — read from the login's view and
the device kinds' emulator parts (ui.emulators.kinds).

Qt-free; the window (ui.emulators.window) applies it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trader_login.auth import vocabulary
from trader_login.auth.client.views import LoginView, Stage

if TYPE_CHECKING:
    from trader_login.ui.emulators.kinds import EmulatorKind


@dataclass(frozen=True)
class LoginNeed:
    """`user` is logging in; `challenge_kind` is the second factor on screen (None while the trader picks a
    device); `ident` names the device the login uses as the emulators show it (serial, IB Key device id,
    masked phone number), when the login says; `tab` is the tab that needs the trader now, if any."""

    user: str
    challenge_kind: str | None = None
    ident: str | None = None
    tab: str | None = None


def need_of(view: LoginView, parts: Mapping[str, EmulatorKind]) -> LoginNeed | None:
    """What the login shown by `view` needs from the emulators, by the challenge's device kind's part in
    `parts`; None once it needs nothing (credentials, a session, a failure, a cancelled login)."""
    if not view.username:
        return None
    if view.stage is Stage.CHOOSE_DEVICE:
        return LoginNeed(view.username)
    if view.stage is not Stage.SECOND_FACTOR or view.challenge is None:
        return None
    challenge = view.challenge
    known = vocabulary.CHALLENGE_KINDS.get(challenge.kind)
    if known is None:
        return LoginNeed(view.username)  # a kind this app does not know (another gateway's): no tab forward
    part = parts[known.device]
    ident = part.login_device(challenge, view.device)
    return LoginNeed(view.username, challenge.kind, ident, part.follow_tab)
