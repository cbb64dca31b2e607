"""The Security Code Card (R7): handle `user.card`, the console prompt, the screenshot. The Online Security
Code Card (`online_card.py`) is the same card, printed from the Client Portal."""

from __future__ import annotations

from typing import Any

from trader_login.app.kinds._base import Answer, AppKind, FollowingShot, TypedPrompt
from trader_login.app.toolkit import indices_of
from trader_login.auth import vocabulary


class CardHandle:
    def __init__(self, shelf: Any, name: str, kind: str) -> None:
        self._shelf, self._name, self._kind = shelf, name, kind

    def __repr__(self) -> str:
        return f"CardHandle({self._name!r}, {self._kind!r})"

    def response(self, challenge_text: str) -> str:
        """The codes at the two index values the login shows (e.g. the `challengeLabel` text "12 · 87"),
        one after the other without a space (R7)."""
        return self._shelf.device(self._name, self._kind).response(*indices_of(challenge_text))


class CardKind(AppKind):
    """A card of `device`, held as `user.<handle>`; `user` and `picture` name its screenshot."""

    def __init__(
        self, device: str, handle: str, user: str, picture: str, following: FollowingShot | None = None
    ) -> None:
        self.device, self.handle, self.following = device, handle, following
        self._user, self._picture = user, picture
        label = vocabulary.device_kind(device).label
        self.answers = {
            device: Answer(device, device, lambda user, challenge: getattr(user, handle).response(challenge))
        }
        self.console = {device: TypedPrompt("Codes", lambda challenge: _instructions(label, challenge))}

    def make_handle(self, shelf: Any, user: str) -> CardHandle:
        return CardHandle(shelf, user, self.device)

    def screenshots(self, shots: Any) -> None:
        shots.log_in(self._user)
        shots.save(self._picture)
        shots.cancel()


def _instructions(label: str, challenge: Any) -> str:
    first, second = challenge.indices or (0, 0)
    return f"{label}: enter the codes at index {first} and index {second}, one after the other"


APP_KIND = CardKind(
    "card", "card", "carduser", "07-security-code-card", FollowingShot("card", "carduser", "cardsTab")
)
