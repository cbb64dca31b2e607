"""The authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s) on the gateway (issue 15, item 4): the
challenge, the window of one step on each side of the gateway's clock, each step used once — also by
another gateway on the same database, and by another `serve` process —, R3's count (a wrong or reused code
counts, a wrongly shaped one does not), IB Key's limits and level (R12, R13), and the desk's enrolment:
`sls-gateway device add USER totp` prints the otpauth:// URI, writes its QR code (PNG) and the emulator's
device file. The shared secret never reaches a log or a repr."""

from __future__ import annotations

import argparse
import base64
import io
import logging
import os
import stat
import struct
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.gateway.conftest import LOCAL, START, Sls, Storage, gateway_config
from tests.gateway.http_support import cheap_config, error_of, password, respond
from tests.gateway.process_support import Endpoint, Processes, desk_status, listening
from tests.gateway.test_service_at_rest import _database_bytes, _forms
from trader_login.app.harness import HarnessClock
from trader_login.auth import texts, vocabulary
from trader_login.auth.devices import files
from trader_login.auth.devices.totp import Authenticator
from trader_login.auth.gateway import kinds
from trader_login.auth.gateway.cli import main
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.kinds import totp as totp_part
from trader_login.auth.gateway.store import devices

USER = "totpuser"
PERIOD = 30  # RFC 6238's default, every app's: written out so a changed constant fails here
CHALLENGE_TTL = 180
IBKEY_LIMITS = {"per_day": 1_000_000, "per_5_business_days": 1_000_000}  # R12: IB Key's, a phone app's
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_clock_starts_on_a_step():
    """The tests below count steps from START: it is the first second of one."""
    assert START % PERIOD == 0


# -- helpers -----------------------------------------------------------------------------------------------


def app_of(sls: Sls, user: str = USER) -> Authenticator:
    """The user's authenticator app, as the demo seed wrote its device file."""
    app = sls.device(user, "totp")
    assert isinstance(app, Authenticator)
    return app


def to_challenge(sls: Sls, user: str = USER) -> tuple[str, dict[str, Any]]:
    token, out = sls.password(user)
    if out["step"] == "choose_device":
        (device_id,) = [d["id"] for d in out["devices"] if d["kind"] == "totp"]
        out = sls.service.choose_device(token, device_id)
    assert out["step"] == "second_factor", out
    return token, out


def code_at(app: Authenticator, sls: Sls, steps: int) -> str:
    """The code the app shows `steps` periods from the gateway's now."""
    return app.code(sls.clock() + steps * PERIOD)


def last_step(gateway: Gateway, device_id: str) -> int:
    """The last step the gateway accepted for the device (kept in its sealed secret)."""
    with gateway.store.read() as connection:
        row = connection.execute(select(devices).where(devices.c.id == device_id)).one()
    return gateway.vault.open_json(row.sealed, f"device:{row.id}")["last_step"]


# -- the challenge and the window --------------------------------------------------------------------------


def test_the_challenge_says_the_code_s_shape_and_nothing_secret(sls: Sls):
    _, out = to_challenge(sls)
    assert out["device"]["kind"] == "totp"
    assert out["device"]["label"] == vocabulary.DEVICE_KINDS["totp"].label == "Authenticator app"
    assert out["challenge"] == {
        "kind": "totp",
        "digits": 6,
        "period": PERIOD,
        "expires_at": sls.clock() + CHALLENGE_TTL,
        "sequence": 1,
    }
    assert out["read_only_available"] is True


@pytest.mark.parametrize("steps", [0, -1, 1], ids=["current", "one-before", "one-after"])
def test_the_current_step_and_one_on_each_side_are_accepted(sls: Sls, steps: int):
    sls.clock.advance(PERIOD / 2)  # mid-period: the steps around are whole periods away
    app = app_of(sls)
    token, _ = to_challenge(sls)
    result = sls.service.respond(token, code_at(app, sls, steps), LOCAL)
    assert result["step"] == "session"
    assert result["session"]["device"] == {"kind": "totp", "label": "Authenticator app"}
    assert sls.failures(USER) == 0
    accepted = int(sls.clock() // PERIOD) + steps
    assert last_step(sls.gateway, sls.device_id(USER, "totp")) == accepted


def test_a_code_typed_with_a_space_as_the_app_shows_it_is_accepted(sls: Sls):
    app = app_of(sls)
    token, _ = to_challenge(sls)
    code = code_at(app, sls, 0)
    assert sls.service.respond(token, f" {code[:3]} {code[3:]} ", LOCAL)["step"] == "session"


@pytest.mark.parametrize("steps", [-2, 2, -10, 10])
def test_a_code_two_or_more_steps_away_is_login_failed_counted_and_the_challenge_stays(sls: Sls, steps: int):
    app = app_of(sls)
    token, out = to_challenge(sls)
    far = code_at(app, sls, steps)
    # (A six-digit code repeats by chance one time in a million: not this one, or the test proves nothing.)
    assert far not in {code_at(app, sls, s) for s in (-1, 0, 1)}
    sls.clock.advance(1)
    error = sls.refused("LOGIN_FAILED", sls.service.respond, token, far, LOCAL)
    assert error.status == 401
    assert error.message.id == texts.WRONG_RESPONSE_TOTP.id
    assert sls.failures(USER) == 1
    # Nothing new to issue: the same challenge stands, and the app's code of now opens the login.
    assert error.details["next"] == {
        "step": "second_factor",
        "device": out["device"],
        "challenge": out["challenge"],
        "read_only_available": True,
    }
    assert sls.service.respond(token, code_at(app, sls, 0), LOCAL)["step"] == "session"
    assert sls.failures(USER) == 0  # a completed login resets the count


def test_a_wrong_code_counts_towards_the_lock_like_any_wrong_response(sls: Sls):
    app = app_of(sls)
    token, _ = to_challenge(sls)
    wrong = next(c for c in ("000000", "111111", "222222") if c != code_at(app, sls, 0))
    codes = [sls.refused_any(sls.service.respond, token, wrong, LOCAL) for _ in range(10)]
    assert codes == ["LOGIN_FAILED"] * 9 + ["LOCKED"]


@pytest.mark.parametrize("typed", ["12345", "1234567", "12a456", "١٢٣٤٥٦", "", "------"])
def test_a_code_of_the_wrong_shape_is_refused_uncounted_and_the_challenge_stays(sls: Sls, typed: str):
    """Not 6 digits is no attempt at a code (the client refuses it before sending): R3 does not count it."""
    app = app_of(sls)
    token, _ = to_challenge(sls)
    error = sls.refused("BAD_REQUEST", sls.service.respond, token, typed, LOCAL)
    assert error.status == 400
    assert error.message.id == texts.AUTHENTICATOR_CODE_FORMAT.id
    assert sls.failures(USER) == 0
    assert sls.service.respond(token, code_at(app, sls, 0), LOCAL)["step"] == "session"


def test_an_expired_challenge_is_not_counted_and_the_app_s_code_then_opens_the_login(sls: Sls):
    app = app_of(sls)
    token, _ = to_challenge(sls)
    sls.clock.advance(CHALLENGE_TTL)
    error = sls.refused("EXPIRED", sls.service.respond, token, code_at(app, sls, 0), LOCAL)
    assert error.details["next"]["challenge"]["expires_at"] == sls.clock() + CHALLENGE_TTL
    assert sls.failures(USER) == 0
    assert sls.service.respond(token, code_at(app, sls, 0), LOCAL)["step"] == "session"


# -- single use --------------------------------------------------------------------------------------------


def log_out(sls: Sls, result: dict[str, Any]) -> None:
    sls.service.logout(result["session_token"])


def used(sls: Sls, token: str, code: str) -> bool:
    """Whether `code` is refused as a code already used: LOGIN_FAILED (401, counted, `next`) told with the
    catalogue's `code_used`."""
    error = sls.refused("LOGIN_FAILED", sls.service.respond, token, code, LOCAL)
    return error.status == 401 and error.message.id == texts.CODE_USED.id and "next" in error.details


def test_a_code_used_once_is_refused_in_the_next_login_counted_with_its_own_text(sls: Sls):
    app = app_of(sls)
    code = code_at(app, sls, 0)
    token, _ = to_challenge(sls)
    log_out(sls, sls.service.respond(token, code, LOCAL))
    sls.clock.advance(5)  # the same period: the app still shows that code
    assert code_at(app, sls, 0) == code
    token, out = to_challenge(sls)
    # A wrong response (LOGIN_FAILED: every client keeps the page), told precisely (the catalogue's text).
    error = sls.refused("LOGIN_FAILED", sls.service.respond, token, code, LOCAL)
    assert error.status == 401
    assert error.message.id == texts.CODE_USED.id
    assert sls.failures(USER) == 1
    assert error.details["next"]["challenge"] == out["challenge"]  # the same challenge stands
    # The app's next code (one step ahead: within the window) opens the login.
    assert sls.service.respond(token, code_at(app, sls, 1), LOCAL)["step"] == "session"


def test_a_step_at_or_before_the_last_used_one_is_refused_as_used(sls: Sls):
    sls.clock.advance(PERIOD / 2)
    app = app_of(sls)
    token, _ = to_challenge(sls)
    log_out(sls, sls.service.respond(token, code_at(app, sls, 1), LOCAL))  # the next step's code, early
    token, _ = to_challenge(sls)
    for steps in (0, -1):  # the current step and the one before: both at or before the step used
        assert used(sls, token, code_at(app, sls, steps))
    assert sls.failures(USER) == 2
    sls.clock.advance(PERIOD)  # a period on, the step used is now's: still refused; the next one is not
    assert used(sls, token, code_at(app, sls, 0))
    assert sls.service.respond(token, code_at(app, sls, 1), LOCAL)["step"] == "session"


def test_a_code_used_through_one_gateway_is_refused_by_another_on_the_same_database(storage: Storage):
    """Two gateways on one database, each with its own engine and connections (on PostgreSQL: two
    connection pools, as two processes have). This proves the cross-process case because the check reads
    the last used step and writes the new one in one write transaction, and every write transaction of
    every process takes the store's writer lock (PostgreSQL's advisory lock, SQLite's BEGIN IMMEDIATE);
    the update is a compare-and-set on the sealed secret besides. test_two_serve_processes_... does it
    with two real processes."""
    clock = HarnessClock(START)
    first, second = storage.gateway(clock=clock), storage.gateway(clock=clock)
    try:
        a, b = Sls(first), Sls(second)
        app = app_of(a)
        code = code_at(app, a, 0)
        token, _ = to_challenge(a)
        log_out(a, a.service.respond(token, code, LOCAL))
        token, _ = to_challenge(b)
        assert used(b, token, code)
        assert a.failures(USER) == b.failures(USER) == 1
        assert b.service.respond(token, code_at(app, b, 1), LOCAL)["step"] == "session"
        device_id = a.device_id(USER, "totp")
        assert last_step(first, device_id) == last_step(second, device_id) == START // PERIOD + 1
    finally:
        first.close()
        second.close()


def test_the_compare_and_set_refuses_a_code_when_the_secret_changed_since_it_was_read(sls: Sls, monkeypatch):
    """Should anything write the device's secret between the check's read and its write (nothing can,
    under the writer lock), the code is refused as used rather than accepted twice."""
    app = app_of(sls)
    token, _ = to_challenge(sls)
    original = totp_part.TotpKind._secrets

    def read_then_changed(step, device):
        read = original(step, device)
        assert step.replace_device_secret(device, {**read, "last_step": read["last_step"]})  # resealed
        return read

    monkeypatch.setattr(totp_part.TotpKind, "_secrets", staticmethod(read_then_changed))
    assert used(sls, token, code_at(app, sls, 0))
    assert sls.failures(USER) == 1


# -- two serve processes -----------------------------------------------------------------------------------


@pytest.fixture
def two(live_storage: Storage) -> Iterator[tuple[Endpoint, Endpoint]]:
    """Two `sls-gateway serve` children on one seeded data directory and database, on the real clock."""
    processes = Processes()
    endpoints: list[Endpoint] = []
    try:
        served = [processes.serve(live_storage), processes.serve(live_storage)]
        endpoints = [listening(s).endpoint() for s in served]
        yield endpoints[0], endpoints[1]
    finally:
        for endpoint in endpoints:
            endpoint.close()
        processes.close()


def test_two_serve_processes_accept_a_code_once_between_them(live_storage: Storage, two):
    a, b = two
    app = files.load(live_storage.data_dir / "devices" / f"{USER}-totp.json")
    code = app.code(time.time())
    token, proved = password(a, USER)
    assert proved.json()["challenge"]["kind"] == "totp", proved.text
    opened = respond(a, token, code)
    assert opened.status_code == 200, opened.text
    assert opened.json()["step"] == "session"
    # The same code through the other process, in a second login: used (whatever step the clock is in now,
    # the code's step is at or before the one used).
    token, proved = password(b, USER)
    assert proved.status_code == 200, proved.text
    reused = respond(b, token, code)
    assert reused.status_code == 401, reused.text
    assert error_of(reused)["code"] == "LOGIN_FAILED"
    assert error_of(reused)["message_id"] == texts.CODE_USED.id
    assert desk_status(live_storage, USER)["failures"] == 1


# -- R12, R13 ----------------------------------------------------------------------------------------------


def test_r12_a_totp_session_has_ib_key_s_withdrawal_limits(sls: Sls):
    assert vocabulary.DEVICE_KINDS["totp"].limits == vocabulary.DEVICE_KINDS["ibkey"].limits
    result = sls.login(USER)  # the testers' harness answers with user.totp.code()
    assert result["step"] == "session"
    session = result["session"]
    assert session["device"] == {"kind": "totp", "label": "Authenticator app"}
    assert session["withdrawal_limits"] == IBKEY_LIMITS
    assert session["restrictions"] == []
    assert session["read_only"] is False


def test_r13_the_authenticator_app_ranks_with_ib_key_below_dsc_plus_above_sms(sls: Sls):
    app = sls.desk.add_device("multiuser", "totp")  # multiuser: IB Key, DSC+, SMS
    assert isinstance(app, Authenticator)
    token, out = sls.password("multiuser")
    assert out["step"] == "choose_device"
    listed = [(d["kind"], d["level"]) for d in out["devices"]]
    assert listed[0] == ("dscplus", 5)
    assert set(listed[1:3]) == {("ibkey", 3), ("totp", 3)}
    assert listed[3] == ("sms", 2)
    (totp_id,) = [d["id"] for d in out["devices"] if d["kind"] == "totp"]
    chosen = sls.service.choose_device(token, totp_id)
    result = sls.service.respond(token, app.code(sls.clock()), LOCAL)
    assert chosen["challenge"]["kind"] == "totp"
    assert result["session"]["withdrawal_limits"] == IBKEY_LIMITS
    # The device used last is the one preselected next time (M2FS).
    sls.service.logout(result["session_token"])
    assert sls.password("multiuser")[1]["preselected"] == totp_id


# -- enrolment at the desk ---------------------------------------------------------------------------------


@pytest.fixture
def alice(tmp_path: Path) -> Path:
    """A data directory with a live user `alice` (cheap KDF: added through the desk)."""
    data_dir = tmp_path / "gateway"
    gateway = Gateway(data_dir, config=cheap_config(), clock=HarnessClock())
    gateway.desk.add_user("alice", "pw")
    gateway.close()
    return data_dir


def run(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main([*argv, "--data-dir", str(data_dir)])
    finally:
        sys.stdout, sys.stderr = saved
    return status, out.getvalue(), err.getvalue()


def uri_in(out: str) -> str:
    (uri,) = [line.strip() for line in out.splitlines() if line.strip().startswith("otpauth://")]
    return uri


def stored_secret(data_dir: Path, user: str) -> tuple[str, bytes]:
    """The id and the secret the gateway checks codes with: the user's totp row, unsealed."""
    gateway = Gateway(data_dir, config=cheap_config(), clock=HarnessClock())
    try:
        (device_id,) = [d["id"] for d in gateway.desk.list_devices(user) if d["kind"] == "totp"]
        with gateway.store.read() as connection:
            row = connection.execute(select(devices).where(devices.c.id == device_id)).one()
        sealed = gateway.vault.open_json(row.sealed, f"device:{row.id}")
        return device_id, base64.b64decode(sealed["secret"])
    finally:
        gateway.close()


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG, after checking its signature and its header chunk's CRC."""
    assert data.startswith(PNG_SIGNATURE)
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    header = data[16:29]
    (crc,) = struct.unpack(">I", data[29:33])
    assert zlib.crc32(kind + header) == crc
    assert data.endswith(b"IEND\xaeB`\x82")
    return struct.unpack(">II", header[:8])


def test_device_add_totp_prints_the_uri_writes_the_qr_code_and_the_device_file(
    alice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    exported = tmp_path / "alice-app.json"
    status, out, err = run(alice, "device", "add", "alice", "totp", "--export", str(exported))
    assert status == 0, err
    device_id, secret = stored_secret(alice, "alice")
    assert f"added totp {device_id} for alice" in out
    assert device_id.startswith("TOTP-")
    # The printed URI is read back by the apps' rules to the very secret the gateway checks.
    uri = uri_in(out)
    app = Authenticator.from_uri(uri)
    assert app.secret == secret
    assert (app.issuer, app.account) == ("Trader Login", "alice")
    assert uri.startswith("otpauth://totp/Trader%20Login:alice?secret=")
    assert uri.endswith("&algorithm=SHA1&digits=6&period=30")
    # The QR code, by default USER-totp.png here: a valid PNG of exactly that URI, for its owner only.
    png = tmp_path / "alice-totp.png"
    assert f"QR code: {png.name}" in out
    data = png.read_bytes()
    width, height = png_size(data)
    assert width == height > 0
    assert data == app.qr_png()  # the same symbol segno draws for the URI
    if os.name == "posix":
        assert stat.S_IMODE(png.stat().st_mode) == 0o600
    # --export: the emulator's device file, loadable, the same app.
    device = files.load(exported)
    assert isinstance(device, Authenticator)
    assert device.secret == secret
    assert device.uri == uri


def test_device_add_totp_writes_the_qr_code_where_asked_and_its_codes_log_in(alice: Path, tmp_path: Path):
    qr = tmp_path / "codes" / "qr.png"
    qr.parent.mkdir()
    status, out, err = run(alice, "device", "add", "alice", "totp", "--qr", str(qr))
    assert status == 0, err
    assert f"QR code: {qr}" in out
    png_size(qr.read_bytes())
    app = Authenticator.from_uri(uri_in(out))
    # The gateway accepts the app's code: a whole login of alice with the enrolled app.
    gateway = Gateway(alice, config=gateway_config(), clock=HarnessClock())
    try:
        sls = Sls(gateway)
        token, out = sls.password("alice", "pw")
        assert out["challenge"]["kind"] == "totp"
        assert sls.service.respond(token, app.code(sls.clock()), LOCAL)["step"] == "session"
    finally:
        gateway.close()


def devices_of(data_dir: Path) -> str:
    status, out, err = run(data_dir, "device", "list", "alice")
    assert status == 0, err
    return out


@pytest.mark.parametrize(
    ("where", "message"),
    [("no/such/dir/qr.png", "no such directory"), (".", "it is a directory")],
)
def test_a_qr_code_path_that_cannot_be_written_is_refused_before_anything_is_added(
    alice: Path, tmp_path: Path, where: str, message: str
):
    before = devices_of(alice)
    status, out, err = run(alice, "device", "add", "alice", "totp", "--qr", str(tmp_path / where))
    assert status == 2
    assert message in err
    assert "otpauth" not in out + err
    assert devices_of(alice) == before


def test_a_qr_code_that_fails_to_be_written_takes_the_device_back_out(
    alice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(totp_part, "write_private", full_disk)
    before = devices_of(alice)
    status, out, err = run(alice, "device", "add", "alice", "totp", "--qr", str(tmp_path / "qr.png"))
    assert status == 2
    assert "No space left on device" in err
    assert "the device was not added" in err
    assert "otpauth" not in out + err  # the URI of a device that does not exist is not printed
    assert devices_of(alice) == before


def test_qr_is_an_option_of_totp_only(alice: Path, tmp_path: Path):
    status, _, err = run(alice, "device", "add", "alice", "card", "--qr", str(tmp_path / "qr.png"))
    assert status == 2
    assert "--qr is only for totp devices" in err


def test_device_add_help_says_where_the_qr_code_goes_and_that_it_is_the_second_factor(alice: Path):
    status, out, _ = run(alice, "device", "add", "--help")
    assert status == 0
    text = " ".join(out.split())
    assert "--qr FILE" in text
    assert "USER-totp.png in the current directory" in text
    assert "second factor" in text
    assert "otpauth:// URI" in text


# -- secrets stay out of logs and reprs --------------------------------------------------------------------


def test_the_secret_and_the_uri_are_in_no_log_and_no_repr(
    alice: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)
    status, out, err = run(alice, "device", "add", "alice", "totp")
    assert status == 0, err
    app = Authenticator.from_uri(uri_in(out))
    gateway = Gateway(alice, config=gateway_config(), clock=HarnessClock())
    try:
        sls = Sls(gateway)
        token, _ = sls.password("alice", "pw")
        wrong = next(c for c in ("000000", "111111") if c != app.code(sls.clock()))
        sls.refused("LOGIN_FAILED", sls.service.respond, token, wrong, LOCAL)
        sls.service.respond(token, app.code(sls.clock()), LOCAL)
        enrolment = kinds.load()["totp"].enrol("bob", START)
        shown = [
            repr(enrolment),
            str(enrolment),
            repr(enrolment.row),
            repr(enrolment.device),
            repr(kinds.load()["totp"]),
            repr(gateway),
            repr(gateway.desk),
            repr(gateway.service),
        ]
    finally:
        gateway.close()
    secrets_of = [
        app.uri,
        app.secret_base32,
        base64.b64encode(app.secret).decode(),
        enrolment.device.secret_base32,
        base64.b64encode(enrolment.device.secret).decode(),
        "otpauth",
    ]
    for secret in secrets_of:
        assert secret not in caplog.text
        for text in shown:
            assert secret not in text, text
    assert enrolment.row["sealed"]["secret"]  # still there for the desk to seal


def test_spec5_the_database_holds_the_secret_sealed_only(sls: Sls, storage: Storage):
    """SPEC §5: the app's secret is in the database in no encoding (raw, hex, base64, base32), after the
    enrolment of the seed and a login that stored its last used step; the device file holds it (the
    emulator needs it), readable by its owner only."""
    app = app_of(sls)
    token, _ = to_challenge(sls)
    assert sls.service.respond(token, code_at(app, sls, 0), LOCAL)["step"] == "session"
    database = _database_bytes(storage)
    forms = _forms(app.secret) | {app.secret_base32.encode(), app.secret_base32.lower().encode()}
    assert not [form for form in forms if form in database]
    assert b"otpauth" not in database
    path = sls.gateway.device_dir / f"{USER}-totp.json"
    assert base64.b64encode(app.secret) in path.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_part_s_desk_options_take_a_namespace_without_a_user(tmp_path: Path):
    """The part's hooks as test_gateway_kinds calls them: no user name, no --qr: nothing to check."""
    part = kinds.load()["totp"]
    parser = argparse.ArgumentParser()
    part.add_arguments(parser)
    assert part.desk_options(parser.parse_args([]), lambda: "") == {}
    assert totp_part.qr_path(argparse.Namespace(qr=None, name="bob")) == Path("bob-totp.png")
