"""The Security Code Card (R7): handle `user.card`, the console prompt, the screenshot, and the card on the
terminal (`trader-login device card INDEX [INDEX]`: the codes at those index values). The Online Security
Code Card (`online_card.py`) is the same card, printed from the Client Portal."""

from __future__ import annotations

import argparse
import re
from typing import Any

from trader_login.app.kinds._base import (
    Answer,
    AppKind,
    DeviceCommandError,
    DeviceContext,
    FollowingShot,
    TerminalDevice,
    TypedPrompt,
)
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


class CardDevice(TerminalDevice):
    """The card of `device` on the terminal: the codes at the index values the login shows ("12 · 87"
    pasted as it is, or "12 87"); for two, the response to type, both codes one after the other."""

    def __init__(self, device: str, user: str) -> None:
        self.device = device
        label = vocabulary.device_kind(device).label
        self.summary = f"{label}: the codes at the index values the login shows"
        self.examples = (
            f"trader-login device {device} --user {user} 12 87    # the codes at index 12 and 87",
            f"trader-login device {device} --user {user}          # the index values asked",
        )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "indices", nargs="*", metavar="INDEX", help="index values, 1 to 100 (asked when not given)"
        )

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        from trader_login.auth.devices.card import CELL_COUNT

        given = " ".join(args.indices)
        indices = _indices(given, CELL_COUNT) if given.strip() else None  # checked before the file is read
        card = context.device((self.device,)).model
        if indices is None:
            indices = _indices(context.console.ask("Index values (e.g. 12 87): "), CELL_COUNT)
        codes = [card.code(index) for index in indices]
        for index, code in zip(indices, codes, strict=True):
            context.console.say(f"Index {index}: {code}")
        if len(codes) == 2:
            context.console.say(f"Response: {''.join(codes)}")
        return 0


def _indices(text: str, count: int) -> list[int]:
    """The index values in `text`: numbers apart by spaces, commas or the login's "·"."""
    words = [word for word in re.split(r"[\s,·]+", text) if word]
    if not words or not all(word.isascii() and word.isdigit() for word in words):
        raise DeviceCommandError(f"Index values are numbers from 1 to {count}, as the login shows them.", 2)
    indices = [int(word) for word in words]
    for index in indices:
        if not 1 <= index <= count:
            raise DeviceCommandError(
                f"Index {index} is not on the card: its index values are 1 to {count}.", 2
            )
    return indices


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
        self.terminal_device = CardDevice(device, user)

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
