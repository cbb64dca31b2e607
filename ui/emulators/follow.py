"""What a login in this app needs from the emulators window (SPEC §8, "it follows the login"): whose devices
to select, which of them the login uses, and which tab needs the trader — read from the login's view and
the device kinds' emulator parts (ui.emulators.kinds).

Qt-free; the window (ui.emulators.window) applies it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trader_login.auth import vocabulary
from trader_login.auth.client.views import Challenge, LoginView, Stage

if TYPE_CHECKING:
    from trader_login.ui.emulators.kinds import EmulatorKind


@dataclass(frozen=True)
class LoginNeed:
    """`user` is logging in; `challenge_kind` is the second factor on screen (None while the trader picks a
    device); `ident` names the device the login uses as the emulators show it (serial, IB Key device id,
    masked phone number), when the login says; `tab` is the tab that needs the trader now, if any.

    `challenge` is the challenge on screen (the tabs show it: the DSC+'s digits, the card's index values);
    `challenge_id` tells one challenge from the next, so a fresh challenge after a refused response is a
    new need even where its kind, user and device stay. `renewed`: this challenge replaced the one the
    trader was answering (a refused response, an expired challenge issued again)."""

    user: str
    challenge_kind: str | None = None
    ident: str | None = None
    tab: str | None = None
    challenge: Challenge | None = field(default=None, compare=False, repr=False)
    challenge_id: tuple[object, ...] | None = None
    renewed: bool = field(default=False, compare=False)

    @property
    def place(self) -> tuple[str, str | None, str | None, str | None]:
        """Whose device and which tab: what a fresh challenge of the same login leaves as it was."""
        return (self.user, self.challenge_kind, self.ident, self.tab)


def challenge_id(challenge: Challenge) -> tuple[object, ...]:
    """What tells a challenge from the next one of the same login: the gateway's sequence number where it
    sends one, else what the trader is shown of it and when it expires (a countdown's `resend_after`, moved
    by a "please wait", is the same challenge)."""
    if challenge.sequence is not None:
        return (challenge.kind, challenge.sequence)
    return (
        challenge.kind,
        challenge.digits,
        challenge.indices,
        challenge.expires_at,
        challenge.channel,
        challenge.masked_number,
    )


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
    return LoginNeed(
        view.username,
        challenge.kind,
        ident,
        part.follow_tab,
        challenge,
        challenge_id(challenge),
        view.new_challenge,
    )
