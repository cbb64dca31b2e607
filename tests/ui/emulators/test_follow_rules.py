"""What a login needs from the emulators window, read from its view and the kinds' emulator parts
(ui.emulators.follow): rules without a window."""

from __future__ import annotations

import dataclasses

import pytest

from trader_login.auth import vocabulary
from trader_login.auth.client.views import Challenge, DeviceOption, LoginView, Stage
from trader_login.ui.emulators.follow import LoginNeed
from trader_login.ui.emulators.follow import need_of as need_of_parts
from trader_login.ui.emulators.kinds import emulator_parts


def need_of(view: LoginView) -> LoginNeed | None:
    return need_of_parts(view, emulator_parts())


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


def test_every_challenge_kind_of_the_vocabulary_brings_a_tab_forward() -> None:
    for kind in vocabulary.CHALLENGE_KINDS:
        need = need_of(LoginView(Stage.SECOND_FACTOR, username="u", challenge=Challenge(kind)))
        assert need is not None, kind
        assert need.tab is not None, kind


def test_the_device_the_login_uses_is_named_by_what_the_emulators_show() -> None:
    dsc = LoginView(Stage.SECOND_FACTOR, username="u", device=DSC, challenge=Challenge("dscplus", digits="1"))
    assert need_of(dsc).place == ("u", "dscplus", "DSC12345678", "dscplus")
    sms = LoginView(
        Stage.SECOND_FACTOR, username="u", challenge=Challenge("sms", masked_number="+1 ••• 0123")
    )
    assert need_of(sms).place == ("u", "sms", "+1 ••• 0123", "phone")  # the phone: its masked number


def test_a_fresh_challenge_is_a_new_need_in_the_same_place() -> None:
    """After a refused response the login shows a new challenge: the tabs must see a new need (to clear
    the old response), though user, device and tab stay."""
    first = Challenge("dscplus", digits="482915", expires_at=1000.0)
    again = Challenge("dscplus", digits="771203", expires_at=1030.0)
    old = need_of(LoginView(Stage.SECOND_FACTOR, username="u", device=DSC, challenge=first))
    new = need_of(LoginView(Stage.SECOND_FACTOR, username="u", device=DSC, challenge=again))
    assert old != new
    assert old.place == new.place
    assert new.challenge is again


def test_the_same_challenge_with_a_moved_countdown_is_the_same_need() -> None:
    """A "please wait" moves the resend countdown of the SMS challenge standing: nothing to clear."""
    sms = Challenge("sms", masked_number="+1 ••• 0123", expires_at=1000.0, resend_after=30.0)
    waited = dataclasses.replace(sms, resend_after=45.0)
    assert need_of(LoginView(Stage.SECOND_FACTOR, username="u", challenge=sms)) == need_of(
        LoginView(Stage.SECOND_FACTOR, username="u", challenge=waited)
    )


def test_the_device_list_selects_the_users_devices_without_a_tab() -> None:
    need = need_of(LoginView(Stage.CHOOSE_DEVICE, username="multiuser", devices=(DSC,)))
    assert need == LoginNeed("multiuser")
    assert need.tab is None


@pytest.mark.parametrize(
    "stage", [Stage.CREDENTIALS, Stage.DONE, Stage.FAILED, Stage.LOCKED, Stage.CANCELLED]
)
def test_a_login_that_waits_for_no_device_needs_nothing(stage: Stage) -> None:
    assert need_of(LoginView(stage, username="dscuser")) is None


def test_the_gateways_sequence_tells_challenges_apart_and_new_challenge_marks_the_renewal() -> None:
    first = Challenge("dscplus", digits="482915", sequence=1)
    same = dataclasses.replace(first, expires_at=99.0)  # the same challenge, read again
    fresh = Challenge("dscplus", digits="482915", sequence=2)  # the same digits by chance: still new
    view = LoginView(Stage.SECOND_FACTOR, username="u", challenge=first)
    assert need_of(view) == need_of(dataclasses.replace(view, challenge=same))
    renewed = need_of(dataclasses.replace(view, challenge=fresh, new_challenge=True))
    assert renewed != need_of(view)
    assert renewed.renewed
    assert not need_of(view).renewed
