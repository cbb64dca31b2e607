"""The gateway's device kinds as plug-ins (issue 15): every kind the vocabulary registers has its part in
`trader_login.auth.gateway.kinds`, and a half-registered kind — a module or a part missing, a module for
a kind nobody registered — stops the login service and the desk from being built, loudly and by name.

The broken registries are packages written into tmp_path and put on sys.path; the real package is never
touched. Qt-free."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

from tests.gateway.conftest import LOCAL, START, Sls, gateway_config
from tests.kinds_support import kinds_package, real_modules
from trader_login.app.harness import HarnessClock
from trader_login.auth import rules, texts, vocabulary
from trader_login.auth.gateway import kinds
from trader_login.auth.gateway.admin import AdminError, ClientServices, desk_kinds
from trader_login.auth.gateway.cli import main
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.kinds._part import EnrolmentError, GatewayKind
from trader_login.auth.gateway.service import SlsService

GATEWAY_DIR = Path(kinds.__file__).resolve().parent.parent
REAL = kinds.PACKAGE  # the real parts, which the fake packages re-export


def fake_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **instead: str | None) -> str:
    """A kinds package in tmp_path whose modules re-export the real parts, but for the modules given
    `instead` (None: left out), and a helper module that is no kind; `kinds.PACKAGE` points at it for the
    test."""
    modules = real_modules(REAL, "GATEWAY_KIND", _shared='"""A helper module: not a kind."""\n', **instead)
    name = kinds_package(tmp_path, modules, prefix="fake_gateway_kinds")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(kinds, "PACKAGE", name)
    return name


@pytest.fixture
def gateway(tmp_path: Path):
    """A gateway on SQLite (no seed): its store and vault, to build more services on."""
    gateway = Gateway(tmp_path / "gateway", config=gateway_config(), clock=HarnessClock(START))
    yield gateway
    gateway.close()


def build(gateway: Gateway, what: type) -> object:
    return what(gateway.store, gateway.vault, gateway.config, gateway.clock)


@pytest.mark.parametrize("what", [SlsService, ClientServices])
def test_a_kind_without_its_module_stops_the_service_and_the_desk(gateway, tmp_path, monkeypatch, what):
    fake_kinds(tmp_path, monkeypatch, sms=None)
    with pytest.raises(
        vocabulary.KindRegistryError, match=r"'sms' is half-registered: .*\.sms does not exist"
    ):
        build(gateway, what)


@pytest.mark.parametrize("what", [SlsService, ClientServices])
def test_a_kind_module_without_its_part_stops_the_service_and_the_desk(gateway, tmp_path, monkeypatch, what):
    fake_kinds(tmp_path, monkeypatch, online_card="PART_WITH_ANOTHER_NAME = None\n")
    with pytest.raises(
        vocabulary.KindRegistryError, match=r"'online-card' is half-registered: .* no GATEWAY_KIND"
    ):
        build(gateway, what)


@pytest.mark.parametrize("what", [SlsService, ClientServices])
def test_a_module_for_an_unregistered_kind_stops_the_service_and_the_desk(
    gateway, tmp_path, monkeypatch, what
):
    fake_kinds(tmp_path, monkeypatch, watch="GATEWAY_KIND = None\n")
    with pytest.raises(vocabulary.KindRegistryError, match=r"not registered .*: watch"):
        build(gateway, what)


def test_a_module_holding_another_kinds_part_is_refused(gateway, tmp_path, monkeypatch):
    other = next(kind.module for kind in vocabulary.DEVICE_KINDS.values() if kind.module != "card")
    fake_kinds(tmp_path, monkeypatch, card=f"from {REAL}.{other} import GATEWAY_KIND as GATEWAY_KIND\n")
    with pytest.raises(
        vocabulary.KindRegistryError, match=r"'card': GATEWAY_KIND must be the GatewayKind of 'card'"
    ):
        build(gateway, SlsService)


def test_a_complete_package_builds_and_its_helpers_are_not_kinds(gateway, tmp_path, monkeypatch):
    fake_kinds(tmp_path, monkeypatch)
    service = build(gateway, SlsService)
    assert set(service.second_factor.parts) == set(vocabulary.DEVICE_KINDS)


def test_every_registered_kind_has_its_gateway_part():
    parts = kinds.load()
    assert set(parts) == set(vocabulary.DEVICE_KINDS)
    for name, part in parts.items():
        assert isinstance(part, GatewayKind)
        assert part.name == name
        assert part.kind is vocabulary.DEVICE_KINDS[name]
        for current, target in part.switches.items():
            assert vocabulary.challenge_kind(current).device == name
            assert vocabulary.challenge_kind(target).device == name
    assert vocabulary.unlisted_modules(kinds.PACKAGE) == []


@pytest.mark.parametrize("kind", desk_kinds())
def test_every_desk_kind_enrols_a_device_with_a_row_and_a_model(kind):
    part = kinds.load()[kind]
    parser = argparse.ArgumentParser()
    actions = part.add_arguments(parser)
    argv = {"dscplus": ["--pin", "1234"], "sms": ["--phone", "+15555550123"]}.get(kind, [])
    assert {a.option_strings[-1] for a in actions} >= set(argv[::2])
    options = part.desk_options(parser.parse_args(argv), lambda: "")
    enrolment = part.enrol("alice", START, **options)
    assert enrolment.device is not None
    assert enrolment.device_id == enrolment.row["id"]
    assert enrolment.device.kind == kind


@pytest.mark.parametrize(
    ("kind", "options"), [("card", {"pin": "1234"}), ("dscplus", {"pin": "12"}), ("sms", {})]
)
def test_a_kind_refuses_options_it_cannot_enrol_with(kind, options):
    with pytest.raises(EnrolmentError):
        kinds.load()[kind].enrol("alice", START, **options)


def test_the_shared_gateway_code_names_no_device_kind():
    """Adding a kind must not touch the second-factor steps, the desk's enrolment or `device add`: no
    device kind is spelled in second_factor.py, and none in admin.py and cli.py outside the desk's own
    commands for the temporary stand-ins (`online-card`, `temp-passcode`: R8, R9) and `status`'s
    `temp_passcode` field."""
    stand_ins = {"online-card", "temp_passcode"}
    allowed = {"admin.py": stand_ins, "cli.py": stand_ins, "second_factor.py": set()}
    for file, exceptions in allowed.items():
        tree = ast.parse((GATEWAY_DIR / file).read_text(encoding="utf-8"))
        named = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in vocabulary.DEVICE_KINDS
        }
        assert named <= exceptions, f"{file} names the device kinds {sorted(named - exceptions)}"


# -- a new kind, added the way TOTP will be: the vocabulary and a module of its own -----------------------

WATCH_PART = '''
"""A test's new device kind: a watch answering the challenge's digits reversed, each answer once."""

from typing import Any

from trader_login.auth import texts
from trader_login.auth.gateway.kinds._part import EnrolmentError, Enrolment, GatewayKind, Issued, Wrong, same


class Watch:
    kind = "watch"

    def __init__(self, serial: str) -> None:
        self.serial = serial

    def respond(self, challenge: str) -> str:
        return challenge[::-1]


class WatchKind(GatewayKind):
    def issue(self, step, challenge):
        code = "12345678"  # a test's watch: the same every time, so that an answer can be reused
        return Issued({"kind": challenge, "challenge": code}, {"challenge": code}, step.now + 180)

    def check(self, step, challenge, response):
        answer = self.answer(challenge, response)
        if answer is None or not same(answer, step.challenge_secret()["challenge"][::-1]):
            return False
        device = step.device()
        used = same(answer, step.device_secret()["last"])
        if used or not step.replace_device_secret(device, {"last": answer}):
            return Wrong("CODE_USED", texts.CODE_USED)
        return True

    def add_arguments(self, parser):
        return [
            parser.add_argument("--strap", help="the strap's colour"),
            parser.add_argument("--receipt", help="write a receipt here"),
        ]

    def enrolled(self, enrolment, args, out):
        print(f"strap: {args.strap}", file=out)
        if args.receipt:
            with open(args.receipt, "w") as receipt:
                receipt.write(enrolment.device_id)

    def desk_options(self, args, read_stdin):
        return {"strap": args.strap}

    def enrol(self, username, now, *, strap=None, **others: Any):
        self.no_options(**others)
        if strap not in ("red", "blue", "green"):
            raise EnrolmentError("a watch's strap is red, blue or green")
        serial = f"W-{username}-{strap}"
        return Enrolment(Watch(serial), {"id": serial, "sealed": {"last": ""}})


GATEWAY_KIND = WatchKind("watch")
'''


@pytest.fixture
def watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`watch` registered in the vocabulary (for this test) and its part in a kinds package of its own."""
    answer = vocabulary.ResponseFormat(
        rules.IBKEY_RESPONSE,
        rules.normalise_device_response,
        8,
        texts.LOGIN_FAILED,
    )
    challenge = vocabulary.ChallengeKind("watch", "watch", answer)
    kind = vocabulary.DeviceKind("watch", "Watch", 3, (1_000, 2_000), (challenge,), "watch")
    monkeypatch.setitem(vocabulary._devices, "watch", kind)
    monkeypatch.setitem(vocabulary._challenges, "watch", challenge)
    fake_kinds(tmp_path, monkeypatch, watch=WATCH_PART)


def test_a_new_kind_plugs_in_without_a_change_to_the_shared_gateway(watch, tmp_path, capsys):
    gateway = Gateway(tmp_path / "watching", config=gateway_config(), clock=HarnessClock(START))
    try:
        gateway.desk.add_user("wearer", "demo123")
        assert "watch" in desk_kinds()
        with pytest.raises(AdminError, match="strap is red, blue or green"):
            gateway.desk.add_device("wearer", "watch", strap="plaid")
        watch_device = gateway.desk.add_device("wearer", "watch", strap="red")
        sls = Sls(gateway)
        token, out = sls.password("wearer")
        assert out["device"] == {"id": "W-wearer-red", "kind": "watch", "label": "Watch", "level": 3}
        assert out["challenge"]["kind"] == "watch"
        wrong = sls.refused("LOGIN_FAILED", gateway.service.respond, token, "00000000", LOCAL)
        assert wrong.details["next"]["challenge"]["kind"] == "watch"  # a fresh one: the base's default
        answer = watch_device.respond(out["challenge"]["challenge"])
        result = gateway.service.respond(token, answer, LOCAL)
        assert result["session"]["device"]["kind"] == "watch"
        gateway.service.logout(result["session_token"])
        token, _ = sls.password("wearer")
        reused = sls.refused("CODE_USED", gateway.service.respond, token, answer, LOCAL)
        assert reused.status == 401
        assert sls.failures("wearer") == 1  # the reused answer counts (R3); the login reset the count
    finally:
        gateway.close()
    data_dir = str(tmp_path / "watching")
    assert main(["device", "add", "wearer", "watch", "--strap", "blue", "--data-dir", data_dir]) == 0
    assert "added watch W-wearer-blue for wearer\nstrap: blue\n" in capsys.readouterr().out
    bad = [
        "device",
        "add",
        "wearer",
        "watch",
        "--strap",
        "green",
        "--receipt",
        str(tmp_path / "no" / "r.txt"),
    ]
    assert main([*bad, "--data-dir", data_dir]) == 2  # the kind's own file could not be written
    assert "the device was not added" in capsys.readouterr().err
    assert main(["device", "list", "wearer", "--data-dir", data_dir]) == 0
    listed = capsys.readouterr().out
    assert "W-wearer-blue" in listed
    assert "W-wearer-green" not in listed  # unlinked again (its row stays, as after `device remove`)
    assert main(["device", "add", "wearer", "card", "--strap", "blue", "--data-dir", data_dir]) == 2
    assert "--strap is only for watch devices" in capsys.readouterr().err
