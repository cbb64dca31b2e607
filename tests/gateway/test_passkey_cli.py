"""The security key at the desk (issue 18 item 2): `sls-gateway device add USER passkey` prints a one-time
enrolment code and its end; `--virtual` makes a virtual key already registered (`--export FILE` writes its
device file, which logs in); `device list` shows each key's name and a pending key's code's end; `device name`
names a key; `device remove` removes one. Bad combinations are one line, exit 2, nothing changed."""

from __future__ import annotations

import logging
import re
from datetime import UTC
from pathlib import Path

import pytest

from tests.gateway.conftest import LOCAL, Sls
from tests.gateway.http_support import cheap_config
from tests.gateway.test_cli import ok, refused
from tests.gateway.test_passkey_http import ceremony
from trader_login.app.harness import HarnessClock
from trader_login.auth import moments, rules
from trader_login.auth.devices import files
from trader_login.auth.devices.passkey import VirtualSecurityKey
from trader_login.auth.gateway import cli, kinds
from trader_login.auth.gateway.gateway import Gateway

CODE_LINE = re.compile(r"enrolment code: ([A-Z0-9]{4})-([A-Z0-9]{4})-([A-Z0-9]{4}) \(valid until (.+)\)\n")


@pytest.fixture
def alice(tmp_path: Path) -> Path:
    """A data directory with a live user `alice` (cheap KDF: added through the desk, not the CLI)."""
    place = tmp_path / "gateway"
    gateway = desk(place)
    gateway.desk.add_user("alice", "pw")
    gateway.close()
    return place


START = 1_900_000_000.0  # the tests' moment (2030): nothing here reads the machine's clock


def desk(place: Path, clock: HarnessClock | None = None) -> Gateway:
    return Gateway(place, config=cheap_config(), clock=clock or HarnessClock(START))


def devices(place: Path) -> list[dict]:
    gateway = desk(place)
    try:
        return gateway.desk.list_devices("alice")
    finally:
        gateway.close()


def test_device_add_passkey_prints_a_one_time_code_and_lists_the_pending_key(alice: Path) -> None:
    clock = HarnessClock(START)
    out = ok(
        alice,
        "device",
        "add",
        "alice",
        "passkey",
        "--label",
        "blue YubiKey",
        "--valid-for",
        "2h",
        zone=UTC,
        clock=clock,
    )
    added, code_line = out.splitlines(keepends=True)
    (row,) = devices(alice)
    assert added == f"added passkey {row['id']} for alice\n"
    assert re.fullmatch(r"PK-[0-9A-F]{8}", row["id"])
    match = CODE_LINE.fullmatch(code_line)
    assert match, code_line
    code = "".join(match.groups()[:3])
    assert set(code) <= set(rules.ENROLMENT_CODE_ALPHABET)
    assert (row["status"], row["label"]) == ("pending", "blue YubiKey")
    assert row["expires_at"] == clock() + 7200
    assert match[4] == moments.show(row["expires_at"], language=None, zone=UTC)
    listed = ok(alice, "device", "list", "alice", zone=UTC, clock=clock)
    assert "NAME" in listed.splitlines()[0]
    assert re.search(
        rf"{row['id']}\s+passkey\s+pending\s+approved\s+blue YubiKey\s+enrolment code valid until "
        rf"{re.escape(match[4])}\n",
        listed,
    ), listed
    assert code not in listed
    # The code works once, at a login: typed, then the key registered (tests/gateway/test_passkey.py).
    clock.advance(7199)  # the code's last second
    gateway = desk(alice, clock)
    try:
        sls = Sls(gateway)
        token, step = sls.password("alice", "pw")
        assert step["challenge"]["kind"] == "passkey_enrolment"
        assert sls.service.respond(token, code, LOCAL)["challenge"]["kind"] == "passkey_registration"
    finally:
        gateway.close()


def test_the_default_code_is_good_for_72_hours(alice: Path) -> None:
    clock = HarnessClock(START)
    ok(alice, "device", "add", "alice", "passkey", clock=clock)
    (row,) = devices(alice)
    assert row["expires_at"] == clock() + 72 * 3600


def test_device_add_passkey_virtual_exports_a_registered_key_that_logs_in(
    alice: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "alice-passkey.json"
    out = ok(
        alice,
        "device",
        "add",
        "alice",
        "passkey",
        "--virtual",
        "--label",
        "test key",
        "--export",
        str(exported),
    )
    (row,) = devices(alice)
    assert out == (
        f"added passkey {row['id']} for alice\ndevice file: {exported}\na virtual security key, registered\n"
    )
    assert (row["status"], row["label"]) == ("active", "test key")
    key = files.load(exported)
    assert isinstance(key, VirtualSecurityKey)
    (credential,) = key.credentials
    assert (credential.rp_id, credential.user_name) == ("localhost", "alice")
    gateway = desk(alice)
    try:
        sls = Sls(gateway)
        token, step = sls.password("alice", "pw")
        options = step["challenge"]["public_key"]
        assert [c["id"] for c in options["allowCredentials"]] == [credential.id]
        answer = ceremony(key, options, "https://localhost:8443")
        assert sls.service.second_factor.respond_credential(token, answer, None, LOCAL)["step"] == "session"
    finally:
        gateway.close()


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--export", "x.json"], "--export writes a --virtual key's file"),
        (["--virtual", "--valid-for", "1h"], "--valid-for is for an enrolment code"),
        (["--replacement"], "is not shipped as a replacement"),
        (["--valid-for", "30s"], "valid for 1 minute to 365 days"),
        (["--valid-for", "soon"], "a duration is a number of seconds"),
        (["--label", "x" * 65], "A key's name is at most 64 characters, with no control characters."),
    ],
)
def test_bad_passkey_options_are_one_line_and_change_nothing(alice: Path, argv: list[str], says: str) -> None:
    err = refused(alice, "device", "add", "alice", "passkey", *argv)
    assert says in err
    assert devices(alice) == []


def test_passkey_options_with_another_kind_are_refused(alice: Path) -> None:
    assert "--virtual is only for passkey devices" in refused(
        alice, "device", "add", "alice", "card", "--virtual"
    )
    assert devices(alice) == []


def test_device_name_and_remove(alice: Path) -> None:
    ok(alice, "device", "add", "alice", "passkey")
    (row,) = devices(alice)
    out = ok(alice, "device", "name", "alice", row["id"], "red key")
    assert out == f"{row['id']} of alice is named 'red key'\n"
    assert devices(alice)[0]["label"] == "red key"
    assert ok(alice, "device", "name", "alice", row["id"], "") == f"{row['id']} of alice has no name\n"
    assert devices(alice)[0]["label"] is None
    assert "has no device 'PK-0'" in refused(alice, "device", "name", "alice", "PK-0", "x")
    assert "A key's name is at most 64 characters, with no control characters." in refused(
        alice, "device", "name", "alice", row["id"], "x" * 65
    )
    assert ok(alice, "device", "remove", "alice", row["id"]) == f"removed {row['id']} from alice\n"
    assert devices(alice) == []


def test_the_passkey_part_says_a_pending_key_s_note_at_the_desk() -> None:
    """D3: `device list`'s note for a key still to register is the part's (`GatewayKind.desk_note`)."""
    part = kinds.load()["passkey"]
    pending = {"status": "pending", "expires_at": START + 60, "activated_at": None, "auto_activate_at": None}
    assert part.desk_note(pending, lambda moment: f"<{moment:.0f}>") == (
        f"enrolment code valid until <{START + 60:.0f}>"
    )
    active = {"status": "active", "expires_at": None, "activated_at": START, "auto_activate_at": None}
    assert part.desk_note(active, str) is None  # the desk's own: active since
    assert kinds.load()["card"].desk_note(pending, str) is None


def test_serving_quiets_fido2_through_the_passkey_part() -> None:
    """fido2 logs credential ids at INFO: a serving gateway keeps its warnings only, as the part asks."""
    assert kinds.load()["passkey"].log_levels() == {"fido2": logging.WARNING}
    fido2_logger = logging.getLogger("fido2")
    saved = fido2_logger.level
    fido2_logger.setLevel(logging.NOTSET)
    try:
        cli.quiet_libraries()
        assert fido2_logger.level == logging.WARNING
    finally:
        fido2_logger.setLevel(saved)
