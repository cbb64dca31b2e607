"""The temporary passcode Client Services issues (R9): `user.temp_passcode` is the passcode itself."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from trader_login.app.kinds._base import Answer, AppKind, TypedPrompt
from trader_login.auth import vocabulary


class TempPasscodeKind(AppKind):
    device = "temp_passcode"
    handle = "temp_passcode"
    answers = MappingProxyType(
        {
            "temp_passcode": Answer(
                "temp_passcode", "temp_passcode", lambda user, _challenge: user.temp_passcode
            )
        }
    )
    no_terminal_device = (
        "a temporary passcode is not a device: Client Services gives it to you (in the demo: the "
        "emulators' Client Services tab, or sls-gateway temp-passcode USER; tempuser's is set at the seed)"
    )
    console = MappingProxyType(
        {
            "temp_passcode": TypedPrompt(
                "Temporary passcode",
                lambda _challenge: "Enter the temporary passcode Client Services gave you.",
            )
        }
    )

    def make_handle(self, shelf: Any, user: str) -> str:
        """The temporary passcode Client Services last issued to this user (the demo seed's for tempuser)."""
        return shelf.temp_passcode(user)

    def issue(self, desk: Any, user: str, given: Any) -> Any:
        raise NotImplementedError("a temporary passcode is issued (issue_temp_passcode), not added")

    def list_ids(self, desk: Any, user: str) -> list[str]:
        return [vocabulary.TEMP_PASSCODE_OPTION_ID]

    def screenshots(self, shots: Any) -> None:
        window = shots.window
        shots.log_in("tempuser")
        window.second_factor.response_edit.setText("")
        window.second_factor.response_edit.textEdited.emit("ab12cd")
        shots.save("11-temporary-passcode")
        shots.cancel()


APP_KIND = TempPasscodeKind()
