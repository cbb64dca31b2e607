"""The harness's Qt-free basics, shared by `app.harness` and every kind's part (`app.kinds`): its error,
its patience, and how a trader reads a device (a texted or spoken code, a DSC+, a card's index values).

The parts import this module, never `app.harness` (which loads the parts when it is imported).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

WAIT_SECONDS = 30.0  # a safety net for a loaded machine, never an expectation


class ToolkitError(AssertionError):
    """A step the toolkit could not take (no notification arrived, no such user, a login that failed),
    with what the window or the gateway said. An AssertionError, so pytest shows it as a test failure."""


# A code as a text carries it ("123456") or as a call reads it out ("1, 2, 3, 4, 5, 6"): digits only, so
# the message may be in any language.
_CODE = re.compile(r"(?<![0-9])(?:[0-9]{6}|[0-9](?:[ ,]+[0-9]){5})(?![0-9])")


def code_in_message(text: str) -> str | None:
    """The security code of a text ("…code 123456…") or a voice call ("…code is 1, 2, 3, 4, 5, 6. Again:
    1, 2, …"), as the trader reads or hears it; None when the message carries none or two different ones."""
    codes = {digits_of(found) for found in _CODE.findall(text)}
    return codes.pop() if len(codes) == 1 else None


def dsc_response(dsc: Any, challenge: str, pin: str | None = None) -> str:
    """What a trader does on the DSC+ (R6): the button, the PIN, OK, the challenge, OK; the LCD's answer."""
    if pin is None:
        from trader_login.auth.gateway.demo_users import DEMO_PIN

        pin = DEMO_PIN
    dsc.press_button()
    if dsc.display != "PIN>":
        raise ToolkitError(f"the DSC+ shows {dsc.display!r}, not PIN>")
    for key in pin:
        dsc.press_key(key)
    dsc.press_ok()
    if dsc.display != "CHALLNG>":
        raise ToolkitError(f"the DSC+ refused the PIN: it shows {dsc.display!r}")
    for key in challenge:
        dsc.press_key(key)
    dsc.press_ok()
    return dsc.display


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def indices_of(text: str) -> tuple[int, int]:
    """The two card index values of a `challengeLabel` text ("12 · 87") or of "12 87"."""
    found = [int(n) for n in re.findall(r"[0-9]+", text)]
    if len(found) != 2:
        raise ToolkitError(f"expected two index values in {text!r}")
    return found[0], found[1]


def challenge_text(digits: str | None = None, indices: Iterable[int] | None = None) -> str:
    """A challenge as the window shows it, from the protocol's fields (a flow's or a gateway's step)."""
    if digits:
        return digits
    if indices is not None:
        return " · ".join(str(index) for index in indices)
    return ""
