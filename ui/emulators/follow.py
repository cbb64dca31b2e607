"""What a login in this app needs from the emulators window (SPEC §8, "it follows the login"): whose devices
to select, which of them the login uses, and which tab needs the trader — read from the login's view.

Qt-free; the window (ui.emulators.window) applies it."""

from __future__ import annotations

from dataclasses import dataclass

from trader_login.auth.client.views import LoginView, Stage

# The tab that needs the trader for each challenge kind of the protocol (auth.client.views.Challenge).
TAB_FOR_CHALLENGE: dict[str, str] = {
    "ibkey_push": "ibkey",  # the notification, on the IB Key phone
    "ibkey_challenge": "ibkey",  # "Authenticate" on the IB Key phone
    "dscplus": "dscplus",
    "card": "cards",
    "online-card": "cards",
    "sms": "phone",  # a text or, after "Voice", a call
    "temp_passcode": "desk",  # Client Services shows the passcode it issued
}


@dataclass(frozen=True)
class LoginNeed:
    """`user` is logging in; `challenge_kind` is the second factor on screen (None while the trader picks a
    device); `ident` names the device the login uses as the emulators show it (serial, IB Key device id,
    masked phone number), when the login says."""

    user: str
    challenge_kind: str | None = None
    ident: str | None = None

    @property
    def tab(self) -> str | None:
        """The tab that needs the trader now, if any."""
        if self.challenge_kind is None:
            return None
        return TAB_FOR_CHALLENGE[self.challenge_kind]


def need_of(view: LoginView) -> LoginNeed | None:
    """What the login shown by `view` needs from the emulators; None once it needs nothing (credentials,
    a session, a failure, a cancelled login)."""
    if not view.username:
        return None
    if view.stage is Stage.CHOOSE_DEVICE:
        return LoginNeed(view.username)
    if view.stage is not Stage.SECOND_FACTOR or view.challenge is None:
        return None
    challenge = view.challenge
    if challenge.kind not in TAB_FOR_CHALLENGE:
        return LoginNeed(view.username)  # a kind with no emulator tab: the user's devices, no tab forward
    ident = challenge.masked_number if challenge.kind == "sms" else None
    if ident is None and view.device is not None:
        ident = view.device.id
    return LoginNeed(view.username, challenge.kind, ident)
