"""The testers' harness (trader_login.app.harness), Qt-free: one clock that moves every clock of a test,
one table of kinds that fails loudly, one reader of a texted or spoken code."""

from __future__ import annotations

import pytest

from trader_login.app import harness
from trader_login.app.harness import ChallengeKind, DeviceKind, HarnessClock, ToolkitError


def test_one_clock_moves_the_gateways_and_the_windows_clocks_together() -> None:
    clock = HarnessClock(start=1_800_000_000.0)
    wall, monotonic = clock(), clock.monotonic()
    clock.advance(30)
    assert (clock() - wall, clock.monotonic() - monotonic) == (30, 30)
    clock.monotonic.advance(5)  # whoever holds the window's clock moves the gateway's too
    assert (clock() - wall, clock.monotonic() - monotonic) == (35, 35)


def test_the_clocks_stand_still_until_moved() -> None:
    clock = HarnessClock()
    assert [clock(), clock.monotonic()] == [clock(), clock.monotonic()]
    with pytest.raises(ToolkitError):
        clock.advance(-1)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Trader Login security code 864209. It expires in 5 minutes.", "864209"),
        ("Your Trader Login security code is 5, 3, 1, 9, 7, 5.", "531975"),
        ("Call +1 555 0100 for help", None),
        ("two codes 123456 and 654321", None),
    ],
)
def test_one_reader_for_a_texted_or_a_spoken_code(text: str, code: str | None) -> None:
    assert harness.code_in_message(text) == code


def test_every_page_kind_of_the_window_has_an_answer_and_a_device() -> None:
    kinds = {"ibkey_push", "ibkey_challenge", "dscplus", "card", "online-card", "sms", "temp_passcode"}
    assert set(harness.CHALLENGE_KINDS) == kinds
    for kind in harness.CHALLENGE_KINDS.values():
        assert kind.device in harness.DEVICE_KINDS
    assert harness.challenge_kinds_of("ibkey") == ("ibkey_push", "ibkey_challenge")
    assert [k.name for k in harness.CHALLENGE_KINDS.values() if k.on_device] == ["ibkey_push"]


def test_the_table_fails_loudly_on_a_missing_or_doubled_kind() -> None:
    with pytest.raises(ToolkitError, match="cannot answer a 'passkey' page"):
        harness.challenge_kind("passkey")
    with pytest.raises(ToolkitError, match="device kind must be one of"):
        harness.device_kind("yubikey")
    with pytest.raises(ValueError, match="registered already"):
        harness.register_device_kind(DeviceKind("dscplus"))
    with pytest.raises(ValueError, match="registered already"):
        harness.register_challenge_kind(ChallengeKind("sms", "sms", lambda _u, _c: ""))
    with pytest.raises(ValueError, match="unknown device"):
        harness.register_challenge_kind(ChallengeKind("passkey", "yubikey", lambda _u, _c: ""))
    assert "passkey" not in harness.CHALLENGE_KINDS


def test_a_card_challenge_is_read_as_the_window_and_the_protocol_show_it() -> None:
    assert harness.indices_of("12 · 87") == (12, 87)
    assert harness.challenge_text(indices=[12, 87]) == "12 · 87"
    assert harness.challenge_text("493027") == "493027"
    with pytest.raises(ToolkitError):
        harness.indices_of("12")
