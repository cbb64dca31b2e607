"""The testers' harness (trader_login.app.harness), Qt-free: one clock that moves every clock of a test,
each kind's answer found through its app part (app/kinds, the vocabulary's one registry, failing loudly),
one reader of a texted or spoken code."""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.kinds_support import kinds_package, real_modules
from trader_login.app import cli, harness, kinds
from trader_login.app.harness import HarnessClock, ToolkitError
from trader_login.app.kinds._base import AppKind
from trader_login.auth import vocabulary

WAIT_S = 30.0  # a long-poll round's safety net, never an expectation


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


def test_the_harness_clock_is_a_plain_unix_time_clock_for_the_gateways_tests() -> None:
    clock = HarnessClock(start=1_800_000_000)
    assert isinstance(clock(), (int, float))
    assert clock() == 1_800_000_000
    clock.advance(86_401)  # a 24-hour lockout ends
    assert clock() == 1_800_086_401
    assert "HarnessClock" in repr(clock)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Trader Login security code 864209. It expires in 5 minutes.", "864209"),
        ("Your Trader Login security code is 5, 3, 1, 9, 7, 5.", "531975"),
        ("This is Trader Login. Your security code is 5, 3, 1, 9, 7, 5. Again: 5, 3, 1, 9, 7, 5.", "531975"),
        ("Trader Login のセキュリティコード 864209", "864209"),  # digits only: any language
        ("Call +1 555 0100 for help", None),
        ("two codes 123456 and 654321", None),
    ],
)
def test_one_reader_for_a_texted_or_a_spoken_code(text: str, code: str | None) -> None:
    assert harness.code_in_message(text) == code


def test_every_challenge_kind_has_a_harness_answer_and_a_console_page() -> None:
    for name, challenge in vocabulary.CHALLENGE_KINDS.items():
        answer = harness.challenge_kind(name)
        assert (answer.name, answer.device) == (name, challenge.device)
        assert kinds.part_of_challenge(name).console[name] is not None
    assert harness.challenge_kinds_of("ibkey") == ("ibkey_push", "ibkey_challenge")
    on_device = [name for name in vocabulary.CHALLENGE_KINDS if harness.challenge_kind(name).on_device]
    assert on_device == ["ibkey_push", "passkey", "passkey_registration"]
    # The registration's ceremony starts with the page's button; the harness presses it, then touches.
    assert harness.challenge_kind("passkey_registration").press == "registerSecurityKeyButton"
    assert harness.challenge_kind("passkey").press is None


def test_every_device_kind_has_one_part_and_the_testers_handles_keep_their_names() -> None:
    assert list(harness.APP_KINDS) == list(vocabulary.DEVICE_KINDS)
    handles = {part.handle for part in harness.APP_KINDS.values()}
    assert handles == {
        "dscplus",
        "ibkey",
        "phone",
        "card",
        "online_card",
        "totp",
        "passkey",
        "temp_passcode",
    }
    user = harness.User(harness.DeviceShelf(gateway=None, phone=None), "dscuser")  # type: ignore[arg-type]
    assert handles <= set(dir(user))
    assert repr(user.dscplus) == "DscPlusHandle('dscuser')"
    with pytest.raises(AttributeError, match="yubikey"):
        _ = user.yubikey


def test_an_unknown_kind_fails_loudly() -> None:
    with pytest.raises(ToolkitError, match="cannot answer a 'webauthn' page"):
        harness.challenge_kind("webauthn")
    with pytest.raises(ToolkitError, match="device kind must be one of"):
        harness.device_kind("yubikey")


# --- a half-registered kind, in a package of its own (not the real one) ------------------------------------


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A kinds package of its own: each real part re-exported, but for the modules given (None: left
    out)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    return lambda modules: kinds_package(
        tmp_path,
        real_modules("trader_login.app.kinds", "APP_KIND", **modules),
        prefix="half_registered_kinds",
    )


def test_a_whole_package_loads(package) -> None:
    assert list(kinds.load(package({}))) == list(vocabulary.DEVICE_KINDS)


def test_a_kind_without_its_part_fails_loudly(package) -> None:
    name = package({"sms": "PHONE = None\n"})
    with pytest.raises(
        vocabulary.KindRegistryError, match=r"'sms' is half-registered: .*sms has no APP_KIND"
    ):
        kinds.load(name)


def test_a_kind_without_its_module_fails_loudly(package) -> None:
    name = package({"card": None})
    with pytest.raises(
        vocabulary.KindRegistryError, match=r"'card' is half-registered: .*card does not exist"
    ):
        kinds.load(name)


def test_a_part_without_an_answer_for_one_of_its_challenges_fails_loudly(package) -> None:
    source = textwrap.dedent("""
        from types import MappingProxyType
        from trader_login.app.kinds.ibkey import IbKeyKind

        class WithoutPush(IbKeyKind):
            answers = MappingProxyType({"ibkey_challenge": IbKeyKind.answers["ibkey_challenge"]})

        APP_KIND = WithoutPush()
    """)
    with pytest.raises(vocabulary.KindRegistryError, match=r"'ibkey' is half-registered: .*answers lacks"):
        kinds.load(package({"ibkey": source}))


def test_a_part_for_an_unlisted_kind_or_the_wrong_kind_fails_loudly(package) -> None:
    extra = "from trader_login.app.kinds.sms import APP_KIND as APP_KIND\n"
    with pytest.raises(vocabulary.KindRegistryError, match=r"not registered .*: watch"):
        kinds.load(package({"watch": extra}))
    with pytest.raises(vocabulary.KindRegistryError, match="part of 'sms', not of 'card'"):
        kinds.load(package({"card": extra}))


# --- the console's options come from the parts -------------------------------------------------------------


class _WatchKind(AppKind):
    device = "watch"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--watch-seed-file", metavar="FILE")


def test_the_command_line_asks_each_part_for_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kinds, "load", lambda: {**harness.APP_KINDS, "watch": _WatchKind()})
    args = cli.build_parser().parse_args(["--console", "--watch-seed-file", "seed"])
    assert args.watch_seed_file == "seed"


def test_a_half_registered_kind_stops_the_command_line_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def half_registered() -> None:
        raise vocabulary.KindRegistryError("device kind 'sms' is half-registered")

    monkeypatch.setattr(kinds, "load", half_registered)
    with pytest.raises(vocabulary.KindRegistryError, match="half-registered"):
        cli.main(["--console"])


def test_a_card_challenge_is_read_as_the_window_and_the_protocol_show_it() -> None:
    assert harness.indices_of("12 · 87") == (12, 87)
    assert harness.challenge_text(indices=[12, 87]) == "12 · 87"
    assert harness.challenge_text("493027") == "493027"
    with pytest.raises(ToolkitError):
        harness.indices_of("12")


def test_the_shelf_tells_the_gateways_time_for_time_based_codes() -> None:
    clock = HarnessClock(start=1_800_000_000)
    shelf = harness.DeviceShelf(gateway=SimpleNamespace(clock=clock), phone=None)  # type: ignore[arg-type]
    clock.advance(30)
    assert shelf.now() == 1_800_000_030


def test_the_parts_load_light_for_the_console_and_the_bundle() -> None:
    """The console and the window load every part at start, and the desktop bundle leaves the testers'
    modules and pytest out: a part imports no Qt, gateway, pytest or testers' module until it is used."""
    probe = (
        "import sys; from trader_login.app import kinds; kinds.load(); "
        "heavy = ('PySide6', 'pytest', 'trader_login.auth.gateway', 'trader_login.app.testing', "
        "'trader_login.app.pytest_plugin', 'trader_login.app.screenshots', "
        "'trader_login.app.pseudo_locale'); "
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"


def test_the_window_parses_its_options_without_the_kinds_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window uses no app part: its command line loads none (they would cost its first frame), while
    the console, a kind's own option and --help load and check them all."""
    loaded: list[bool] = []

    def load() -> dict[str, AppKind]:
        loaded.append(True)
        return {**harness.APP_KINDS, "watch": _WatchKind()}

    monkeypatch.setattr(kinds, "load", load)
    _, args = cli.parse(["--user", "dscuser", "--lang", "ja"])
    assert (args.user, args.lang, loaded) == ("dscuser", "ja", [])
    _, args = cli.parse(["--watch-seed-file", "seed"])  # a kind's option: the whole command line
    assert (args.watch_seed_file, loaded) == ("seed", [True])
    cli.parse(["--console"])
    assert loaded == [True, True]


# --- user.ibkey and push number matching (issue 19) ---------------------------------------------------------


@pytest.fixture
def push_login(sls_gateway: Any) -> Iterator[Callable[[], Any]]:
    """`push_login()`: ibkeyuser logs in (the client's flow) as far as the IB Key notification."""
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.transport import GatewayClient
    from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
    from trader_login.auth.kdf import TEST_LIMITS

    client = GatewayClient(sls_gateway.url, fingerprint=sls_gateway.fingerprint)
    flows: list[Any] = []

    def push_login() -> Any:
        flow = LoginFlow(client, kdf_limits=TEST_LIMITS)
        flows.append(flow)
        view = flow.log_in("ibkeyuser", DEMO_PASSWORD)
        assert view.challenge is not None
        assert view.challenge.kind == "ibkey_push"
        return flow

    yield push_login
    for flow in flows:
        flow.abandon()
    client.close()


def _pushed_number(flow: Any) -> int:
    number = flow.view.challenge.push_number
    assert isinstance(number, int)
    return number


def _fraud_reports(sls_gateway: Any) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from trader_login.auth.gateway.store import audit_events

    query = select(audit_events).where(audit_events.c.kind == "push.fraud_reported")
    with sls_gateway.gateway.store.read() as connection:
        return [(row.username, row.address) for row in connection.execute(query)]


def test_ibkey_approve_picks_the_number_the_login_page_shows(sls_gateway: Any, push_login: Any) -> None:
    from trader_login.auth.client.views import Stage

    ibkey = sls_gateway.user("ibkeyuser").ibkey
    assert ibkey.numbers == ()  # nothing waiting yet
    flow = push_login()
    numbers = ibkey.numbers
    assert len(numbers) == 3
    assert _pushed_number(flow) in numbers
    assert ibkey.approve() == "approved"
    assert flow.wait_for_push(max_wait=WAIT_S).stage is Stage.DONE
    assert ibkey.numbers == ()


def test_ibkey_approve_with_a_wrong_number_is_a_counted_denial(sls_gateway: Any, push_login: Any) -> None:
    from trader_login.auth.client.views import Stage

    ibkey = sls_gateway.user("ibkeyuser").ibkey
    flow = push_login()
    first = ibkey.numbers
    wrong = next(n for n in first if n != _pushed_number(flow))
    assert ibkey.approve(number=wrong) == "denied"
    view = flow.wait_for_push(max_wait=WAIT_S)
    assert view.stage is Stage.SECOND_FACTOR
    assert view.problem is not None
    assert view.problem.id == "push_wrong_number"
    assert sls_gateway.status("ibkeyuser")["failures"] == 1  # counted (R3)
    assert len(ibkey.numbers) == 3  # a fresh notification on the phone
    assert ibkey.approve(number=_pushed_number(flow)) == "approved"  # the new page's number
    assert flow.wait_for_push(max_wait=WAIT_S).stage is Stage.DONE


@pytest.mark.parametrize("number", ["not shown", True, "42"])
def test_ibkey_approve_with_a_number_the_phone_does_not_show_sends_nothing(
    sls_gateway: Any, push_login: Any, number: Any
) -> None:
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    push_login()
    shown = ibkey.numbers
    if number == "not shown":
        number = next(n for n in range(10, 100) if n not in shown)
    with pytest.raises(ToolkitError, match="the phone shows"):
        ibkey.approve(number=number)
    assert ibkey.numbers == shown  # still waiting, the same notification
    assert sls_gateway.status("ibkeyuser")["failures"] == 0


def test_ibkey_report_is_a_counted_denial_recorded_as_a_fraud_report(
    sls_gateway: Any, push_login: Any
) -> None:
    from trader_login.auth.client.views import Stage

    ibkey = sls_gateway.user("ibkeyuser").ibkey
    flow = push_login()
    assert ibkey.report() == "denied"
    view = flow.wait_for_push(max_wait=WAIT_S)
    assert view.problem is not None
    assert view.problem.id == "push_reported"
    # The report ends the login (review S11): the FAILED page, no fresh notification on the phone.
    assert (view.stage, view.error_code, view.challenge) == (Stage.FAILED, "LOGIN_FAILED", None)
    assert ibkey.numbers == ()
    assert sls_gateway.status("ibkeyuser")["failures"] == 1
    assert _fraud_reports(sls_gateway) == [("ibkeyuser", "127.0.0.1")]


def test_ibkey_deny_is_a_plain_denial(sls_gateway: Any, push_login: Any) -> None:
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    flow = push_login()
    assert ibkey.deny() == "denied"
    view = flow.wait_for_push(max_wait=WAIT_S)
    assert view.problem is not None
    assert view.problem.id == "login_failed"
    assert sls_gateway.status("ibkeyuser")["failures"] == 1
    assert _fraud_reports(sls_gateway) == []


def test_ibkey_without_a_notification_fails_the_test_with_what_happened(sls_gateway: Any) -> None:
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    with pytest.raises(ToolkitError, match="no IB Key notification reached the phone in 0 s"):
        ibkey.approve(timeout=0)
    with pytest.raises(ToolkitError, match="no IB Key notification"):
        ibkey.report(timeout=0)


@pytest.mark.trader_login_gateway(push_number_matching=False)
def test_ibkey_without_number_matching_approves_with_one_tap(sls_gateway: Any, push_login: Any) -> None:
    from trader_login.auth.client.views import Stage

    assert sls_gateway.push_number_matching is False
    ibkey = sls_gateway.user("ibkeyuser").ibkey
    flow = push_login()
    assert flow.view.challenge.push_number is None  # the page shows no number
    assert ibkey.numbers == ()
    with pytest.raises(ToolkitError, match="no numbers to pick"):
        ibkey.approve(number=42)
    assert ibkey.approve() == "approved"
    assert flow.wait_for_push(max_wait=WAIT_S).stage is Stage.DONE


def test_the_gateway_options_are_checked(tmp_path: Path) -> None:
    from trader_login.app.testing import SlsGateway

    with pytest.raises(ToolkitError, match="push_number_matching is True or False"):
        SlsGateway(tmp_path / "gateway", push_number_matching="off")  # type: ignore[arg-type]
    assert not (tmp_path / "gateway").exists()
