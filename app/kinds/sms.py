"""SMS (R10): the code texted or read out by a voice call; handle `user.phone`, the console prompt with
its resend keys, the screenshots, and the phone on the terminal (`trader-login device sms`: the last code
texted or spoken)."""

from __future__ import annotations

import argparse
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from trader_login.app.kinds._base import (
    Answer,
    AppKind,
    Command,
    DeviceCommandError,
    DeviceContext,
    FollowingShot,
    TerminalDevice,
    TypedPrompt,
)
from trader_login.app.toolkit import ToolkitError, code_in_message

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import Challenge


class PhoneHandle:
    def __init__(self, shelf: Any, name: str) -> None:
        self._shelf, self._name = shelf, name

    def __repr__(self) -> str:
        return f"PhoneHandle({self._name!r})"

    @property
    def number(self) -> str:
        return self._shelf.device(self._name, "sms").number

    def last_code(self) -> str:
        """The code of the newest text or voice call to the user's phone, as the trader reads or hears it."""
        messages = self._shelf.messages(self.number)
        if not messages:
            raise ToolkitError(f"{self._name}'s phone has received nothing")
        code = code_in_message(messages[-1]["text"])
        if code is None:
            raise ToolkitError("the newest message carries no code")
        return code


def _resend(flow: LoginFlow, challenge: Challenge) -> list[Command]:
    wait = max(0, round(challenge.resend_after - flow.clock())) if challenge.resend_after else 0
    later = f" in {wait} s" if wait else ""
    return [
        Command(
            ("s", "v"),
            f"s = new code by SMS{later}, v = by voice call{later}",
            lambda key: flow.resend_code("sms" if key == "s" else "voice"),
        )
    ]


class PhoneDevice(TerminalDevice):
    """The phone on the terminal: the code of the newest text or call the gateway sent to the number in
    the phone's device file, read from the gateway's outbox as the emulators' phone reads it (the
    embedded gateway's data directory; a remote gateway's outbox is its operator's)."""

    summary = "SMS: the last code texted or spoken to the phone (embedded gateway)"
    examples = ("trader-login device sms --user smsuser",)

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        phone = context.device(("sms",)).model
        messages = context.outbox(phone.number)
        if not messages:
            raise DeviceCommandError(f"The phone {phone.masked_number} has received nothing.")
        newest = messages[-1]
        code = code_in_message(newest["text"])
        if code is None:
            raise DeviceCommandError(f"The newest message to {phone.masked_number} carries no code.")
        from trader_login.auth.vocabulary import SMS_CODE_TTL

        how = "spoken in a call" if newest["channel"] == "voice" else "texted"
        at = float(newest["at"])
        context.console.say(f"Code {how} to {phone.masked_number} at {context.moment(at)}:")
        context.console.say(code)
        if context.wall_clock() - at > SMS_CODE_TTL:
            context.console.say(
                f"(older than {SMS_CODE_TTL / 60:.0f} minutes: it has expired; ask the login for a new code)"
            )
        return 0


def _following_ready(child: Any) -> list[tuple[Any, str]]:
    from PySide6.QtWidgets import QListWidget

    inbox = child(QListWidget, "phoneInbox")
    return [(lambda: inbox.count() == 1, "the text on the phone")]


class SmsKind(AppKind):
    device = "sms"
    handle = "phone"
    answers = MappingProxyType({"sms": Answer("sms", "sms", lambda user, _challenge: user.phone.last_code())})
    console = MappingProxyType(
        {"sms": TypedPrompt("Security code", lambda challenge: challenge.message, _resend)}
    )
    console_keys = (("SMS page", "s / v = a new code by SMS / by voice call"),)
    following = FollowingShot("sms", "smsuser", "phoneTab", _following_ready)
    terminal_device = PhoneDevice()

    def make_handle(self, shelf: Any, user: str) -> PhoneHandle:
        return PhoneHandle(shelf, user)

    def desk_options(self, given: Any) -> dict[str, Any]:
        return {"phone": given["phone"]}

    def screenshots(self, shots: Any) -> None:
        from trader_login.app import driving

        sms = shots.window.second_factor.parts["sms"]  # the SMS page part's widgets
        shots.log_in("smsuser")
        sms.new_code_link.click()
        shots.save("09-sms")
        shots.gateway.advance(31)  # the resend delay (R10), on the gateway's clock and the window's
        driving.wait_until(sms.voice_button.isEnabled, "the resend delay")
        shots.act("the voice call", sms.voice_button.click)
        shots.save("10-sms-voice-callback")
        shots.cancel()


APP_KIND = SmsKind()
