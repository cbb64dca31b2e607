"""The base of a device kind's part of the second-factor page (`PAGE_KIND` in each module of this package).

The page (`trader_login.ui.pages.second_factor.SecondFactorPage`) owns what every kind shares: the title,
the instructions, the challenge line, the response field with its label and Log In button, one ticker,
and the window's Enter read only and Cancel below it. Everything a kind does differently is asked of its
part; the page has no table or `if` keyed by kind.

`PAGE_KIND` is a `KindPart` subclass. The page makes one instance of every kind's part when it is built
(so a half-registered kind fails then, loudly) and keeps it for its life; an instance may hold widgets of
its own. For the challenge on screen the page asks its part, in this order:

- `challenge_text(challenge)`: the challenge line (digits to key in, card indices), None to hide it;
- `takes_response(challenge)`: whether the response field and Log In show (False: IB Key's notification);
- `max_length(challenge)`: the field's limit, from the vocabulary's `ResponseFormat.length` (room is left
  for the spaces a trader types; `ResponseFormat.normalise` removes them when the answer is checked);
- `filter_text(text)`: what the field keeps of what the trader typed (the temporary passcode raised);
- `auto_submit_at(challenge)`: N to send the answer by itself when the trader has typed or pasted the Nth
  character (the field's `textEdited`, never a `setText` from code, so a tester's `setText` and click
  still send once), None to wait for Enter or Log In;
- `show(challenge, fresh)`: show or hide its own widgets (`fresh`: a new challenge, not a re-render);
- `ticks(challenge)`: whether the page's ticker should run (4 times a second) while it is on screen, and
  then `tick(challenge, now)` on each beat, `now` on the flow's monotonic clock (`page.clock`); asked again
  after each beat, so a countdown that has ended stops the ticker;
- texts, in the current language: `title`, `instructions`, `response_label`, `placeholder`,
  `new_challenge_text` (the marker over a challenge that replaced a refused answer's); and
  `retranslate()` for its own widgets' fixed texts;
- `set_busy(busy)`: a request is in flight, so nothing that sends may be clicked;
- `leave()`: another kind's challenge is shown now: hide its widgets (the default hides all it added);
- `reset()`: the page is shown again for a new login: forget what the last login left (texts, choices,
  countdowns; the default is `leave()`).

Its own widgets a part adds in `build()`, with `self.add(widget, slot)`: `ABOVE` the response field (the
IB Key notification's status and links) or `BELOW` it (SMS's resend links). They start hidden; Tab visits
them in reading order with the response field. Requests go through the page's signals (`responded`,
`switchToChallenge`, `resendPush`, `resendCode`), which the window connects to the controller.

Texts are translated in the context "SecondFactorPage" (the page's, where the existing translations are),
written out literally at each call so that lupdate finds them: `QCoreApplication.translate(
"SecondFactorPage", "…")`. A part's `label` is the vocabulary's English device label, marked with
`QT_TRANSLATE_NOOP("Messages", …)` (the context the device list's translations have always had); the
loader checks it equals the vocabulary's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from trader_login.auth import vocabulary

if TYPE_CHECKING:
    from trader_login.auth.client.views import Challenge
    from trader_login.ui.pages.second_factor import SecondFactorPage

ABOVE = "above"  # between the challenge line and the response field
BELOW = "below"  # under the response field and Log In
SLOTS = (ABOVE, BELOW)
LABEL_CONTEXT = "Messages"  # the device labels' translation context


class KindPart:
    """One device kind's share of the second-factor page (see the module's note). The defaults suit a
    challenge/response device: a field of the vocabulary's length, Enter or Log In to send, no ticking."""

    label: ClassVar[str] = ""  # the vocabulary's English label, QT_TRANSLATE_NOOP("Messages", …)
    # The kind's own catalogue texts (trader_login.auth.texts), by text id: their translatable templates,
    # QT_TRANSLATE_NOOP("Messages", …) with %1, %2… as in ui/messages.py, which renders them.
    message_templates: ClassVar[Mapping[str, str]] = {}

    def __init__(self, page: SecondFactorPage, kind: vocabulary.DeviceKind | None) -> None:
        self.page = page
        self.kind = kind  # None: the fallback part for a challenge kind this client does not know
        self.widgets: list[QWidget] = []
        self.build()

    # --- the part's own widgets ------------------------------------------------------------------------

    def build(self) -> None:
        """Makes the part's own widgets, if any, and adds them with `add`."""

    def add(self, widget: QWidget, slot: str = BELOW, *, left: bool = True) -> QWidget:
        """Puts `widget` in the page's `slot` (hidden until `show`); `left`: as wide as it needs, on the left
        (a button or link), else the row's full width (a label)."""
        self.page.add_to_slot(widget, slot, left=left)
        widget.hide()
        self.widgets.append(widget)
        return widget

    def show(self, challenge: Challenge, fresh: bool) -> None:
        for widget in self.widgets:
            widget.show()

    def leave(self) -> None:
        for widget in self.widgets:
            widget.hide()

    def reset(self) -> None:
        """A new login: nothing of the last one's may show (its status texts, a choice left open, a bar)."""
        self.leave()

    def set_busy(self, busy: bool) -> None:
        """Disables what would send a request (the page's field and Log In are the page's)."""

    def retranslate(self) -> None:
        """Sets the fixed texts of the part's own widgets in the current language."""

    # --- the response ----------------------------------------------------------------------------------

    def response_format(self, challenge: Challenge) -> vocabulary.ResponseFormat | None:
        known = vocabulary.CHALLENGE_KINDS.get(challenge.kind)
        return known.response if known is not None else None

    def takes_response(self, challenge: Challenge) -> bool:
        return self.kind is None or self.response_format(challenge) is not None

    def max_length(self, challenge: Challenge) -> int:
        response = self.response_format(challenge)
        length = response.length if response is not None and response.length is not None else 32
        return max(length + 8, 16)  # room for the spaces a trader may type between groups

    def filter_text(self, text: str) -> str:
        return text

    def auto_submit_at(self, challenge: Challenge) -> int | None:
        return None

    def challenge_text(self, challenge: Challenge) -> str | None:
        return challenge.digits

    # --- time ------------------------------------------------------------------------------------------

    def ticks(self, challenge: Challenge) -> bool:
        return False

    def tick(self, challenge: Challenge, now: float) -> None:
        """One beat of the page's ticker while `ticks` is true (and once on each render)."""

    # --- texts -----------------------------------------------------------------------------------------

    def title(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "Second factor")

    def instructions(self, challenge: Challenge) -> str:
        return challenge.message  # a kind this client does not know: the gateway's own words

    def response_label(self, challenge: Challenge) -> str:
        return QCoreApplication.translate("SecondFactorPage", "&Response")

    def new_challenge_text(self, challenge: Challenge) -> str:
        """The marker over a challenge that replaced a refused answer's (`newChallengeLabel`)."""
        return QCoreApplication.translate("SecondFactorPage", "New challenge")

    def placeholder(self, challenge: Challenge) -> str:
        return ""

    @classmethod
    def device_label(cls) -> str:
        """The device kind's name in the current language (the device list, the session window)."""
        return QCoreApplication.translate(LABEL_CONTEXT, cls.label)


NON_BREAKING_HYPHEN = "\u2011"


def keep_numbers_joined(text: str) -> str:
    """`text` for a word-wrapped label: a hyphen after a number, before the word it goes with ("6-digit",
    "6-значный") or the rest of a date, becomes a non-breaking one (U+2011), so a line never ends in "6-"
    (other hyphens still break: "Client-Services"). Translators may write U+2011 themselves; this keeps the
    label right when they do not."""
    joined = list(text)
    for at in range(1, len(text) - 1):
        if text[at] == "-" and text[at - 1].isdigit() and text[at + 1].isalnum():
            joined[at] = NON_BREAKING_HYPHEN
    return "".join(joined)


def ascii_upper(text: str) -> str:
    """R4: temporary passcodes are upper case; only a-z are raised (ß must not become SS)."""
    return "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in text)
