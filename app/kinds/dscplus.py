"""The DSC+ (R6): its harness answer and handle `user.dscplus`, its console prompt, its screenshots, and
the device on the terminal (`trader-login device dscplus`: PIN, then the challenge, then the response)."""

from __future__ import annotations

import argparse
from types import MappingProxyType
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
from trader_login.app.toolkit import digits_of, dsc_response


class DscPlusHandle:
    def __init__(self, shelf: Any, name: str) -> None:
        self._shelf, self._name = shelf, name

    def __repr__(self) -> str:
        return f"DscPlusHandle({self._name!r})"

    def respond(self, challenge: str) -> str:
        """The 8-digit response the DSC+ shows for a 6-digit challenge (R6: button, PIN, OK, challenge,
        OK)."""
        device = self._shelf.device(self._name, "dscplus")
        return dsc_response(device, digits_of(challenge), self._shelf.pin(self._name))


def _following_ready(child: Any) -> list[tuple[Any, str]]:
    from PySide6.QtWidgets import QLabel, QPushButton

    child(QPushButton, "dscPressButton").click()  # the trader's first step: PIN>
    display = child(QLabel, "dscDisplay")
    return [(lambda: display.text() == "PIN>", "the DSC+ to ask for the PIN")]


class DscPlusDevice(TerminalDevice):
    """The DSC+ on the terminal, driven key by key through the one model (`auth.devices.dscplus.DscPlus`,
    as the emulators' DSC+ tab drives it): the button, the PIN and OK, the challenge and OK, the LCD's
    response. A wrong PIN counts as on the device, and the count and the lock (5 wrong PINs in a row) are
    saved to the device file as they change (`on_persistent_change`), as the tab saves them."""

    summary = "DSC+: your PIN, then the 6-digit challenge; shows the 8-digit response"
    examples = (
        "trader-login device dscplus --user dscuser            # PIN (not shown), then the challenge",
        "trader-login device dscplus --user dscuser 123456     # the challenge given, PIN asked",
        "trader-login device dscplus --file my-dscplus.json",
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "challenge", nargs="?", metavar="CHALLENGE", help="the 6-digit challenge (asked after the PIN)"
        )

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        from trader_login.auth.devices import dscplus

        given = _challenge(args.challenge) if args.challenge is not None else None  # before any key
        held = context.device(("dscplus",))
        device: dscplus.DscPlus = held.model
        if device.locked:
            raise DeviceCommandError(LOCKED)
        context.check_writable(held, "the DSC+ keeps its wrong-PIN count there")
        console = context.console
        device.press_button()  # on: PIN>
        pin = console.secret(f"DSC+ {device.serial} {dscplus.PIN_PROMPT} ")
        try:
            dscplus.validate_pin(pin)
        except ValueError:  # the device takes 4 digits and OK: nothing else reaches it, nothing counted
            raise DeviceCommandError("The DSC+ PIN is 4 digits: nothing was entered.", 2) from None
        device.on_persistent_change = lambda _device: context.save(held)  # the count, as it changes
        for key in pin:
            device.press_key(key)
        device.press_ok()
        if device.state is dscplus.DscState.LOCKED:
            raise DeviceCommandError(f"Wrong PIN. {LOCKED}")
        if device.state is dscplus.DscState.PIN_ERROR:
            left = dscplus.MAX_WRONG_PINS - device.wrong_pin_count
            raise DeviceCommandError(
                f"Wrong PIN ({dscplus.PIN_ERROR_TEXT}): {device.wrong_pin_count} wrong in a row; the DSC+ "
                f"locks itself after {left} more."
            )
        challenge = given if given is not None else _challenge(console.ask(f"{dscplus.CHALLENGE_PROMPT} "))
        for key in challenge:
            device.press_key(key)
        device.press_ok()
        if device.state is not dscplus.DscState.RESPONSE:
            raise DeviceCommandError(
                f"The DSC+ switched itself off ({dscplus.AUTO_OFF_SECONDS:.0f} s without a key), as the "
                "device does: run the command again."
            )
        console.say(f"Response: {device.display}")
        return 0


LOCKED = (
    "The DSC+ is locked: 5 wrong PINs in a row. A locked DSC+ stays locked (its file keeps the lock); "
    "Client Services replaces it."
)


def _challenge(text: str) -> str:
    from trader_login.auth.devices.dscplus import normalise_challenge

    try:
        return normalise_challenge(text)
    except ValueError as error:
        raise DeviceCommandError(f"Not a DSC+ challenge: {error}; nothing was entered.", 2) from None


class DscPlusKind(AppKind):
    device = "dscplus"
    handle = "dscplus"
    answers = MappingProxyType(
        {"dscplus": Answer("dscplus", "dscplus", lambda user, challenge: user.dscplus.respond(challenge))}
    )
    console = MappingProxyType(
        {
            "dscplus": TypedPrompt(
                "Response",
                lambda challenge: (
                    f"DSC+ challenge: {challenge.digits}  (press the button until PIN> shows, "
                    "enter your PIN, OK; at CHALLNG> enter the challenge, OK)"
                ),
            )
        }
    )
    following = FollowingShot("dscplus", "dscuser", "dscplusTab", _following_ready)
    terminal_device = DscPlusDevice()

    def make_handle(self, shelf: Any, user: str) -> DscPlusHandle:
        return DscPlusHandle(shelf, user)

    def desk_options(self, given: Any) -> dict[str, Any]:
        return {"pin": given["pin"]}

    def screenshots(self, shots: Any) -> None:
        window = shots.window
        shots.log_in("dscuser")
        window.second_factor.response_edit.setText("12345678")
        shots.act("Login failed", window.second_factor.submit_button.click)
        shots.save("06-dscplus-login-failed")
        shots.cancel()


APP_KIND = DscPlusKind()
