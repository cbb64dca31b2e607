"""What a login needs from the emulators window, read from its view (ui.emulators.follow): Qt-free rules."""

from __future__ import annotations

import pytest

from trader_login.auth.client.views import Challenge, DeviceOption, LoginView, Stage
from trader_login.ui.emulators.follow import TAB_FOR_CHALLENGE, LoginNeed, need_of

DSC = DeviceOption("DSC12345678", "dscplus", "DSC+", 5)


@pytest.mark.parametrize(
    ("kind", "tab"),
    [
        ("ibkey_push", "ibkey"),
        ("ibkey_challenge", "ibkey"),
        ("dscplus", "dscplus"),
        ("card", "cards"),
        ("online-card", "cards"),
        ("sms", "phone"),
        ("temp_passcode", "desk"),
    ],
)
def test_each_challenge_kind_brings_its_tab_forward(kind: str, tab: str) -> None:
    view = LoginView(Stage.SECOND_FACTOR, username="someone", challenge=Challenge(kind))
    need = need_of(view)
    assert need is not None
    assert need.user == "someone"
    assert need.tab == tab


def test_every_kind_the_client_reads_has_a_tab() -> None:
    kinds = {"ibkey_push", "ibkey_challenge", "dscplus", "card", "online-card", "sms", "temp_passcode"}
    assert set(TAB_FOR_CHALLENGE) == kinds


def test_the_device_the_login_uses_is_named_by_what_the_emulators_show() -> None:
    dsc = LoginView(Stage.SECOND_FACTOR, username="u", device=DSC, challenge=Challenge("dscplus", digits="1"))
    assert need_of(dsc) == LoginNeed("u", "dscplus", "DSC12345678")
    sms = LoginView(
        Stage.SECOND_FACTOR, username="u", challenge=Challenge("sms", masked_number="+1 ••• 0123")
    )
    assert need_of(sms) == LoginNeed("u", "sms", "+1 ••• 0123")  # the phone is known by its masked number


def test_the_device_list_selects_the_users_devices_without_a_tab() -> None:
    need = need_of(LoginView(Stage.CHOOSE_DEVICE, username="multiuser", devices=(DSC,)))
    assert need == LoginNeed("multiuser")
    assert need.tab is None


@pytest.mark.parametrize(
    "stage", [Stage.CREDENTIALS, Stage.DONE, Stage.FAILED, Stage.LOCKED, Stage.CANCELLED]
)
def test_a_login_that_waits_for_no_device_needs_nothing(stage: Stage) -> None:
    assert need_of(LoginView(stage, username="dscuser")) is None
