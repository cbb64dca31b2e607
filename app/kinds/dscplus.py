"""The DSC+ (R6): its harness answer and handle `user.dscplus`, its console prompt, its screenshots."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from trader_login.app.kinds._base import Answer, AppKind, FollowingShot, TypedPrompt
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
