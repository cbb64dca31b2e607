"""`trader-login device …`: the devices on the terminal, run as the trader runs them (the command's main()
with its stdin and stdout), against a demo gateway's data directory (the embedded gateway's objects, a
second `Gateway` on its database, as from another terminal) and against exported device files."""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.gateway.conftest import gateway_config
from trader_login.app import cli, device_command
from trader_login.app.kinds.ibkey import push_number
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Stage
from trader_login.auth.devices import files
from trader_login.auth.devices.dscplus import MAX_WRONG_PINS, DscPlus, DscState
from trader_login.auth.devices.totp import PERIOD
from trader_login.auth.gateway.demo import DEMO_PASSWORD, DEMO_PIN
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.server import GatewayServer
from trader_login.auth.gateway.store import audit_events
from trader_login.auth.kdf import TEST_LIMITS

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30.0  # a long-poll round's safety net, never an expectation


class Demo:
    """A demo gateway served on loopback with the real clock, its data under `data_dir/gateway` as the
    embedded gateway keeps it (`--data-dir data_dir`)."""

    def __init__(self, data_dir: Path, **config: Any) -> None:
        self.data_dir = data_dir
        self.gateway = Gateway(data_dir / "gateway", config=gateway_config(**config), clock=time.time)
        self.gateway.seed_demo()
        self.server = GatewayServer(self.gateway)
        self.server.start()
        self.client = GatewayClient(self.server.url, fingerprint=self.server.fingerprint)

    @property
    def device_dir(self) -> Path:
        return self.gateway.device_dir

    def flow(self) -> LoginFlow:
        return LoginFlow(self.client, kdf_limits=TEST_LIMITS)

    def close(self) -> None:
        self.client.close()
        self.server.stop()
        self.gateway.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    served = Demo(tmp_path_factory.mktemp("device-command"))
    yield served
    served.close()


def device(*argv: str, stdin: str | io.TextIOBase = "", **kwargs: object) -> tuple[int, str, str]:
    """One run of `trader-login device …`: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    given = io.StringIO(stdin) if isinstance(stdin, str) else stdin
    status = device_command.main(list(argv), stdin=given, stdout=out, stderr=err, **kwargs)
    return status, out.getvalue(), err.getvalue()


class LateLine(io.TextIOBase):
    """A stdin whose line is typed later (`type`): `readline` waits for it, on the command's thread."""

    def __init__(self) -> None:
        import queue

        self._lines: queue.Queue[str] = queue.Queue()

    def type(self, line: str) -> None:
        self._lines.put(line)

    def readline(self, _size: int | None = -1) -> str:
        return self._lines.get(timeout=WAIT * 2)

    def isatty(self) -> bool:
        return False


def response_in(text: str) -> str:
    match = re.search(r"Response: (\S+)", text)
    assert match, text
    return match.group(1)


def shelf_copy(demo: Demo, tmp_path: Path) -> Path:
    """The demo's device files, copied: a test that changes one (a DSC+ lock) leaves the others alone."""
    copy = tmp_path / "devices"
    shutil.copytree(demo.device_dir, copy)
    return copy


# --- each kind, from the demo users' device files ----------------------------------------------------------


def test_dscplus_asks_the_pin_then_the_challenge_and_shows_the_response(demo: Demo) -> None:
    path = demo.device_dir / "dscuser-dscplus.json"
    before = path.read_bytes()
    status, out, err = device(
        "dscplus", "--data-dir", str(demo.data_dir), "--user", "dscuser", stdin=f"{DEMO_PIN}\n123 456\n"
    )
    assert (status, err) == (0, "")
    dsc = files.load(path)
    expected = DscPlus.from_dict(dsc.to_dict())
    assert response_in(out) == _walk(expected, "123456")
    assert out.index("PIN>") < out.index("CHALLNG>") < out.index("Response:")
    assert DEMO_PIN not in out
    assert path.read_bytes() == before  # a right PIN at no wrong count changes nothing on disk


def _walk(dsc: DscPlus, challenge: str) -> str:
    dsc.press_button()
    for key in DEMO_PIN:
        dsc.press_key(key)
    dsc.press_ok()
    for key in challenge:
        dsc.press_key(key)
    dsc.press_ok()
    return dsc.display


def test_dscplus_locks_after_five_wrong_pins_and_the_file_keeps_the_lock(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    where = ("--device-dir", str(shelf), "--user", "dscuser")
    for wrong in range(1, MAX_WRONG_PINS):
        status, out, err = device("dscplus", *where, "123456", stdin="9876\n")
        assert status == 1
        assert f"{wrong} wrong in a row" in err
        assert f"after {MAX_WRONG_PINS - wrong} more" in err
        assert "Response" not in out
        assert files.load(shelf / "dscuser-dscplus.json").wrong_pin_count == wrong
    status, _out, err = device("dscplus", *where, "123456", stdin="9876\n")
    assert status == 1
    assert "locked" in err
    locked = files.load(shelf / "dscuser-dscplus.json")
    assert locked.locked
    locked.press_button()  # the same model the emulators' DSC+ tab loads: it shows the lock
    assert locked.state is DscState.LOCKED
    # The right PIN no longer helps, and the PIN is not even asked.
    status, out, err = device("dscplus", *where, "123456", stdin=f"{DEMO_PIN}\n")
    assert status == 1
    assert "locked" in err
    assert "PIN>" not in out


def test_a_right_pin_resets_the_wrong_pin_count_in_the_file(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    where = ("--device-dir", str(shelf), "--user", "dscuser")
    assert device("dscplus", *where, "123456", stdin="0000\n")[0] == 1
    assert files.load(shelf / "dscuser-dscplus.json").wrong_pin_count == 1
    assert device("dscplus", *where, "123456", stdin=f"{DEMO_PIN}\n")[0] == 0
    assert files.load(shelf / "dscuser-dscplus.json").wrong_pin_count == 0


def test_dscplus_switched_off_while_the_challenge_is_typed(demo: Demo, tmp_path: Path) -> None:
    """The device's own auto-off (30 s without a key) on the command's clock: said, nothing shown."""
    now = [1000.0]

    class SlowConsole(io.StringIO):
        def readline(self, *args: object) -> str:
            line = super().readline(*args)
            if line.strip() != DEMO_PIN:
                now[0] += 31  # the trader took 31 s to type the challenge
            return line

    out, err = io.StringIO(), io.StringIO()
    status = device_command.main(
        ["dscplus", "--file", str(shelf_copy(demo, tmp_path) / "dscuser-dscplus.json")],
        stdin=SlowConsole(f"{DEMO_PIN}\n123456\n"),
        stdout=out,
        stderr=err,
        clock=lambda: now[0],
    )
    assert status == 1
    assert "switched itself off" in err.getvalue()
    assert "Response" not in out.getvalue()


@pytest.mark.parametrize(
    ("pin", "challenge"),
    [("12a4", "123456"), ("123", "123456"), (DEMO_PIN, "12345"), (DEMO_PIN, "12345x")],
)
def test_dscplus_bad_input_is_refused_and_counts_nothing(
    demo: Demo, tmp_path: Path, pin: str, challenge: str
) -> None:
    shelf = shelf_copy(demo, tmp_path)
    before = (shelf / "dscuser-dscplus.json").read_bytes()
    status, out, err = device(
        "dscplus", "--device-dir", str(shelf), "--user", "dscuser", stdin=f"{pin}\n{challenge}\n"
    )
    assert status == 2
    assert "4 digits" in err or "6 digits" in err
    assert "Response" not in out
    assert (shelf / "dscuser-dscplus.json").read_bytes() == before
    assert pin not in out + err


def test_the_challenge_on_the_command_line_is_checked_before_the_pin(demo: Demo) -> None:
    status, out, err = device(
        "dscplus", "--data-dir", str(demo.data_dir), "--user", "dscuser", "12345", stdin=""
    )
    assert status == 2
    assert "6 digits" in err
    assert "PIN>" not in out


def test_ibkey_challenge_to_response_from_an_exported_file(demo: Demo, tmp_path: Path) -> None:
    """`sls-gateway device add … --export FILE` writes what the desk issued: a file of its own."""
    exported = tmp_path / "phone.json"
    files.save(demo.gateway.desk.add_device("ibkeyuser", "ibkey", replacement=True), exported)
    app = files.load(exported)
    status, out, err = device("ibkey", "--file", str(exported), "challenge", "1234", "5678")
    assert (status, err) == (0, "")
    assert response_in(out) == app.respond("12345678")
    status, out, err = device("ibkey", "--file", str(exported), "challenge", stdin="8765 4321\n")
    assert status == 0
    assert response_in(out) == app.respond("87654321")
    status, out, err = device("ibkey", "--file", str(exported), "challenge", "1234567")
    assert status == 2
    assert "8 digits" in err
    assert "Response" not in out


def test_card_and_online_card_show_the_codes_at_the_index_values(demo: Demo) -> None:
    for user, kind in (("carduser", "card"), ("onlineuser", "online-card")):
        card = files.load(demo.device_dir / f"{user}-{kind}.json")
        status, out, err = device(kind, "--data-dir", str(demo.data_dir), "--user", user, "12 · 87")
        assert (status, err) == (0, "")
        assert f"Index 12: {card.code(12)}" in out
        assert f"Index 87: {card.code(87)}" in out
        assert response_in(out) == card.response(12, 87)
        status, out, _err = device(kind, "--data-dir", str(demo.data_dir), "--user", user, stdin="100\n")
        assert status == 0
        assert f"Index 100: {card.code(100)}" in out
        assert "Response" not in out


@pytest.mark.parametrize("indices", [["0"], ["101"], ["12", "x"], ["-3"]])
def test_a_card_index_out_of_range_is_refused(demo: Demo, indices: list[str]) -> None:
    status, out, err = device("card", "--data-dir", str(demo.data_dir), "--user", "carduser", "--", *indices)
    assert status == 2
    assert "1 to 100" in err or "not on the card" in err
    assert out == ""


def test_totp_shows_the_current_code_and_the_seconds_left(demo: Demo) -> None:
    app = files.load(demo.device_dir / "totpuser-totp.json")
    at = 1_800_000_017.0
    status, out, _err = device(
        "totp", "--data-dir", str(demo.data_dir), "--user", "totpuser", wall_clock=lambda: at
    )
    assert status == 0
    assert out.strip() == f"Code: {app.code(at)} (new code in {PERIOD - 17} s)"


def test_a_kind_without_a_terminal_device_says_so() -> None:
    status, out, err = device("temp_passcode")
    assert status == 2
    assert out == ""
    assert "not a device" in err
    assert "Client Services" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["card", "--user", "nobody", "1"], "No user 'nobody' has device files"),
        (["card", "--user", "dscuser", "1"], "dscuser has no card"),
        (["card", "--user", "Bad User", "1"], "--user 'Bad User'"),
        (["dscplus", "--file", "/nonexistent/x.json"], "No such file"),
    ],
)
def test_an_unknown_user_or_file_is_a_clear_message(demo: Demo, argv: list[str], said: str) -> None:
    status, out, err = device(*argv, "--data-dir", str(demo.data_dir), stdin=f"{DEMO_PIN}\n123456\n")
    assert status == 2
    assert said in err
    assert out == ""


def test_a_file_that_is_not_a_device_file_or_of_another_kind(demo: Demo, tmp_path: Path) -> None:
    junk = tmp_path / "notes.json"
    junk.write_text('{"hello": 1}\n')
    status, out, err = device("dscplus", "--file", str(junk), stdin=f"{DEMO_PIN}\n123456\n")
    assert status == 2
    assert "not a device file" in err
    assert out == ""
    edited = tmp_path / "edited.json"
    data = json.loads((demo.device_dir / "dscuser-dscplus.json").read_text())
    data["device"]["wrong_pin_count"] = 0 if data["device"]["wrong_pin_count"] else 1
    edited.write_text(json.dumps(data))
    status, out, err = device("dscplus", "--file", str(edited), stdin=f"{DEMO_PIN}\n123456\n")
    assert status == 2
    assert "checksum mismatch" in err
    assert "Response" not in out
    card = demo.device_dir / "carduser-card.json"
    status, out, err = device("dscplus", "--file", str(card), stdin=f"{DEMO_PIN}\n123456\n")
    assert status == 2
    assert "holds a device of kind card, not dscplus" in err


def test_list_shows_the_shelf(demo: Demo) -> None:
    status, out, _err = device("list", "--data-dir", str(demo.data_dir))
    assert status == 0
    dsc = files.load(demo.device_dir / "dscuser-dscplus.json")
    assert re.search(rf"dscuser\s+dscplus\s+{dsc.serial}", out)
    status, out, _err = device("list", "--data-dir", str(demo.data_dir), "--user", "multiuser")
    assert status == 0
    assert {"dscplus", "ibkey", "sms"} <= set(out.split())
    assert "dscuser" not in out


def test_no_secret_is_printed_or_logged(demo: Demo, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shelf = shelf_copy(demo, tmp_path)
    raw = json.loads((shelf / "dscuser-dscplus.json").read_text())["device"]
    seen = ""
    for pin in ("9876", DEMO_PIN):
        _status, out, err = device(
            "dscplus", "--device-dir", str(shelf), "--user", "dscuser", stdin=f"{pin}\n123456\n"
        )
        seen += out + err
    _status, out, err = device(
        "ibkey", "--device-dir", str(shelf), "--user", "ibkeyuser", "challenge", "12345678"
    )
    seen += out + err
    ibkey = json.loads((shelf / "ibkeyuser-ibkey.json").read_text())["device"]
    for secret in ("9876", DEMO_PIN, raw["secret"], raw["pin_hash"], ibkey["secret"], ibkey["private_key"]):
        assert secret not in seen
        assert secret not in caplog.text
    assert base64.b64decode(raw["secret"]).hex() not in seen + caplog.text


# --- the gateway's phone side: IB Key notifications and the SMS outbox -------------------------------------


def _push_login(demo: Demo) -> LoginFlow:
    flow = demo.flow()
    view = flow.log_in("ibkeyuser", DEMO_PASSWORD)
    assert view.stage is Stage.SECOND_FACTOR
    assert view.challenge is not None
    assert view.challenge.kind == "ibkey_push"
    return flow


def _numbers(demo: Demo) -> tuple[int, tuple[int, ...]]:
    """The waiting notification's right number (the login page's) and the three the phone shows."""
    app = files.load(demo.device_dir / "ibkeyuser-ibkey.json")
    (push,) = demo.gateway.service.pending_pushes(app.device_id)
    number = push_number(demo.gateway, push["transaction_id"])
    assert number is not None
    assert number in push["numbers"]
    return number, tuple(push["numbers"])


def _not_shown(numbers: tuple[int, ...]) -> int:
    return next(n for n in range(10, 100) if n not in numbers)


def test_ibkey_lists_the_waiting_notification_and_approves_it_with_the_number_picked(demo: Demo) -> None:
    flow = _push_login(demo)
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    status, out, _err = device("ibkey", *where)
    assert status == 0
    assert re.search(r"1\. .*\(user ibkeyuser, sent ", out)
    right, numbers = _numbers(demo)
    assert f"; the phone shows {numbers[0]}  {numbers[1]}  {numbers[2]}" in out
    status, out, err = device("ibkey", *where, "approve", stdin="\n")  # Enter: nothing sent
    assert status == 1
    assert "The phone shows three numbers:   " + "   ".join(map(str, numbers)) in out
    assert "Pick the number the login's page shows" in out
    assert "[y/N]" not in out
    assert "nothing was sent" in out
    status, _out, err = device("ibkey", *where, "approve", stdin="")  # the input ends: nothing sent
    assert status == 1
    assert "the input ended: nothing was entered" in err
    assert device("ibkey", *where)[1].count("user ibkeyuser") == 1  # still waiting
    # A number the phone does not show, or no number at all, asks again; then the right one approves.
    status, out, err = device("ibkey", *where, "approve", stdin=f"{_not_shown(numbers)}\nabc\n{right}\n")
    assert (status, err) == (0, "")
    assert out.count("is not one of the numbers on the phone") == 2
    assert "Approved" in out
    view = flow.wait_for_push(max_wait=WAIT)
    assert view.stage is Stage.DONE, view.message
    flow.log_out()
    status, out, _err = device("ibkey", *where)
    assert "No notification is waiting" in out


def test_ibkey_denies_a_notification_after_yes_and_the_login_is_refused(demo: Demo) -> None:
    flow = _push_login(demo)
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    status, out, err = device("ibkey", *where, "deny", "1", stdin="yes\n")
    assert (status, err) == (0, "")
    assert "Denied" in out
    view = flow.wait_for_push(max_wait=WAIT)
    assert view.stage is not Stage.DONE
    assert view.error_code  # "Login failed": the denial was counted
    flow.cancel()
    flow.abandon()
    demo.gateway.desk.unlock("ibkeyuser")  # the failure counted (R3): the next test starts afresh


def test_ibkey_approve_with_the_number_given_approves_without_a_question(demo: Demo) -> None:
    flow = _push_login(demo)
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    right, numbers = _numbers(demo)
    status, out, err = device("ibkey", *where, "approve", "--number", str(_not_shown(numbers)))
    assert status == 2
    assert f"The phone shows {numbers[0]}, {numbers[1]} or {numbers[2]}" in err
    assert "nothing was sent" in err
    status, out, err = device("ibkey", *where, "approve", "--number", str(right))
    assert (status, err) == (0, "")
    assert "Pick the number" not in out
    assert "Approved" in out
    assert flow.wait_for_push(max_wait=WAIT).stage is Stage.DONE
    flow.log_out()


def test_ibkey_a_wrong_number_is_a_counted_denial_and_a_fresh_notification_follows(demo: Demo) -> None:
    flow = _push_login(demo)
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    right, numbers = _numbers(demo)
    wrong = next(n for n in numbers if n != right)
    try:
        status, out, err = device("ibkey", *where, "approve", "--number", str(wrong))
        assert (status, err) == (1, "")
        assert f"Denied: {wrong} is not the number the login's page shows" in out
        assert "counts as a failed attempt" in out
        view = flow.wait_for_push(max_wait=WAIT)
        assert view.stage is Stage.SECOND_FACTOR
        assert view.error_code == "LOGIN_FAILED"
        assert view.problem is not None
        assert view.problem.id == "push_wrong_number"
        assert demo.gateway.desk.status("ibkeyuser")["failures"] == 1  # counted (R3)
        assert _numbers(demo)[1]  # a fresh notification, with its own numbers
    finally:
        flow.cancel()
        flow.abandon()
        demo.gateway.desk.unlock("ibkeyuser")


def test_ibkey_report_is_a_counted_denial_recorded_as_fraud(demo: Demo) -> None:
    flow = _push_login(demo)
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    try:
        status, out, _err = device("ibkey", *where, "report", stdin="n\n")
        assert status == 1
        assert "Report this login as not yours?" in out
        assert "Not reported: nothing was sent." in out
        status, out, err = device("ibkey", *where, "report", stdin="y\n")
        assert (status, err) == (0, "")
        assert "Reported" in out
        view = flow.wait_for_push(max_wait=WAIT)
        assert view.problem is not None
        assert view.problem.id == "push_reported"
        assert view.stage is Stage.FAILED  # the report ends the login (review S11)
        assert demo.gateway.desk.status("ibkeyuser")["failures"] == 1
        query = select(audit_events).where(audit_events.c.kind == "push.fraud_reported")
        with demo.gateway.store.read() as connection:
            rows = connection.execute(query).all()
        assert [(row.username, row.address) for row in rows] == [("ibkeyuser", "127.0.0.1")]
    finally:
        flow.cancel()
        flow.abandon()
        demo.gateway.desk.unlock("ibkeyuser")


@pytest.mark.parametrize("number", ["5", "100", "x", "07", "４２"])
def test_a_bad_number_is_a_usage_error(demo: Demo, number: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, _err = device(
        "ibkey", "--data-dir", str(demo.data_dir), "--user", "ibkeyuser", "approve", "--number", number
    )
    assert status == 2
    assert "--number" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["deny", "report", "pushes", "challenge"])
def test_number_goes_with_approve_only(demo: Demo, action: str) -> None:
    status, _out, err = device(
        "ibkey", "--data-dir", str(demo.data_dir), "--user", "ibkeyuser", action, "--number", "42"
    )
    assert status == 2
    assert "--number goes with approve" in err


def test_without_number_matching_approve_asks_yes_or_no_as_before(tmp_path: Path) -> None:
    plain = Demo(tmp_path, push_number_matching=False)
    try:
        flow = _push_login(plain)
        where = ("--data-dir", str(plain.data_dir), "--user", "ibkeyuser")
        status, out, err = device("ibkey", *where, "approve", "--number", "42")
        assert status == 2
        assert "has no numbers to pick" in err
        status, out, err = device("ibkey", *where, "approve", stdin="n\n")  # not confirmed: nothing sent
        assert status == 1
        assert "Approve this login? [y/N]" in out
        status, out, err = device("ibkey", *where, "approve", stdin="y\n")
        assert (status, err) == (0, "")
        assert "Approved" in out
        assert flow.wait_for_push(max_wait=WAIT).stage is Stage.DONE
        flow.log_out()
    finally:
        plain.close()


def test_ibkey_with_no_notification_or_a_wrong_number_sends_nothing(demo: Demo) -> None:
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    status, out, err = device("ibkey", *where, "approve", stdin="y\n")
    assert status == 1
    assert "No notification is waiting" in err
    assert "[y/N]" not in out
    flow = _push_login(demo)
    try:
        status, out, err = device("ibkey", *where, "approve", "2", stdin="y\n")
        assert status == 2
        assert "the numbers are 1 to 1" in err
        assert "[y/N]" not in out
    finally:
        flow.cancel()
        flow.abandon()


def test_sms_shows_the_last_texted_or_spoken_code(demo: Demo) -> None:
    flow = demo.flow()
    view = flow.log_in("smsuser", DEMO_PASSWORD)
    assert view.challenge is not None
    assert view.challenge.kind == "sms"
    where = ("--data-dir", str(demo.data_dir), "--user", "smsuser")
    status, out, err = device("sms", *where)
    assert (status, err) == (0, "")
    assert "texted to +1 ••• ••• " in out
    code = out.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9]{6}", code)
    view = flow.respond(code)
    assert view.stage is Stage.DONE, view.message
    flow.log_out()


def test_sms_against_a_remote_gateway_says_what_is_not_reachable(demo: Demo) -> None:
    status, out, err = device(
        "sms",
        "--gateway",
        demo.server.url,
        "--fingerprint",
        demo.server.fingerprint,
        "--file",
        str(demo.device_dir / "smsuser-sms.json"),
    )
    assert status == 1
    assert out == ""
    assert "not reachable from here" in err
    assert "sls-gateway outbox" in err


def test_ibkey_over_https_with_a_named_gateway(demo: Demo) -> None:
    flow = _push_login(demo)
    where = ("--gateway", demo.server.url, "--fingerprint", demo.server.fingerprint)
    status, _out, err = device("ibkey", *where, "--user", "ibkeyuser")
    assert status == 2
    assert "--device-dir" in err
    where += ("--device-dir", str(demo.device_dir), "--user", "ibkeyuser")
    status, out, err = device("ibkey", *where, "approve", stdin=f"{_numbers(demo)[0]}\n")
    assert (status, err) == (0, "")
    assert "The phone shows three numbers" in out  # read over HTTPS
    assert "Approved" in out
    assert flow.wait_for_push(max_wait=WAIT).stage is Stage.DONE
    flow.log_out()


def test_no_embedded_gateway_in_the_data_directory(tmp_path: Path, demo: Demo) -> None:
    status, _out, err = device(
        "ibkey", "--data-dir", str(tmp_path), "--file", str(demo.device_dir / "ibkeyuser-ibkey.json")
    )
    assert status == 1
    assert "No embedded gateway in" in err
    assert not (tmp_path / "gateway").exists()  # nothing created


# --- the command line -------------------------------------------------------------------------------------


def test_trader_login_help_names_the_device_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    shown = capsys.readouterr().out
    assert "trader-login device KIND" in shown
    assert "trader-login device --help" in shown


def test_trader_login_device_dispatches_to_the_command(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    card = files.load(demo.device_dir / "carduser-card.json")
    assert cli.main(["device", "card", "--data-dir", str(demo.data_dir), "--user", "carduser", "3", "4"]) == 0
    assert f"Response: {card.response(3, 4)}" in capsys.readouterr().out


def test_the_command_runs_without_qt_or_a_display(demo: Demo, tmp_path: Path) -> None:
    """As on a server without PySide6's display libraries: Qt made unimportable, no DISPLAY."""
    script = f"""
import io, sys
sys.path.insert(0, {str(ROOT)!r})
from tests.without_qt import QtBlocker
sys.meta_path.insert(0, QtBlocker())
from trader_login.app import cli
sys.stdin = io.StringIO("{DEMO_PIN}\\n123456\\n")
codes = [
    cli.main(["device", "dscplus", "--device-dir", {str(shelf_copy(demo, tmp_path))!r}, "--user", "dscuser"]),
    cli.main(["device", "card", "--data-dir", {str(demo.data_dir)!r}, "--user", "carduser", "1", "2"]),
    cli.main(["device", "ibkey", "--data-dir", {str(demo.data_dir)!r}, "--user", "ibkeyuser"]),
    cli.main(["device", "sms", "--data-dir", {str(demo.data_dir)!r}, "--user", "multiuser"]),
]
assert not [name for name in sys.modules if name.startswith(("PySide6", "shiboken6"))]
print("codes", codes)
"""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    codes = re.search(r"codes \[(.*)\]", done.stdout)
    assert codes, done.stdout + done.stderr
    # multiuser's phone: 0 with a code received, 1 with none yet (the tests' order decides)
    assert codes.group(1) in ("0, 0, 0, 0", "0, 0, 0, 1"), done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "Response: " in done.stdout


def test_an_expired_sms_code_is_shown_as_expired(demo: Demo) -> None:
    flow = demo.flow()
    flow.log_in("multiuser", DEMO_PASSWORD)
    flow.choose_device(next(d.id for d in flow.view.devices if d.kind == "sms"))
    flow.cancel()
    flow.abandon()
    where = ("--data-dir", str(demo.data_dir), "--user", "multiuser")
    status, out, _err = device("sms", *where)
    assert status == 0
    assert "expired" not in out
    status, out, _err = device("sms", *where, wall_clock=lambda: time.time() + 301)
    assert status == 0
    assert "it has expired" in out


def test_every_kind_has_a_terminal_device_or_says_why_not() -> None:
    from trader_login.app import kinds
    from trader_login.app.kinds._base import AppKind, TerminalDevice

    for name, part in kinds.load().items():
        if part.terminal_device is None:
            assert part.no_terminal_device != AppKind.no_terminal_device, name  # its own reason
        else:
            assert isinstance(part.terminal_device, TerminalDevice), name
            assert part.terminal_device.summary, name
            assert part.terminal_device.examples, name
    parser = device_command.build_parser()
    shown = parser.format_help()
    for name in kinds.load():
        assert name in shown


def test_ibkey_waits_for_the_notification_to_arrive(demo: Demo) -> None:
    """`approve --wait`: run before the login; the notification is approved once it arrives."""
    import threading

    ran: list[tuple[int, str, str]] = []
    where = ("--data-dir", str(demo.data_dir), "--user", "ibkeyuser")
    typed = LateLine()  # the number is typed once the notification (and the login page) show it
    phone = threading.Thread(
        target=lambda: ran.append(device("ibkey", *where, "approve", "--wait", "60", stdin=typed))
    )
    phone.start()
    flow = _push_login(demo)
    typed.type(f"{_numbers(demo)[0]}\n")
    phone.join(WAIT * 2)
    assert not phone.is_alive()
    status, out, err = ran[0]
    assert (status, err) == (0, "")
    assert "Approved" in out
    assert flow.wait_for_push(max_wait=WAIT).stage is Stage.DONE
    flow.log_out()


@pytest.mark.parametrize("wait", ["-1", "x", "601"])
def test_a_bad_wait_is_a_usage_error(demo: Demo, wait: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, _err = device(
        "ibkey", "--data-dir", str(demo.data_dir), "--user", "ibkeyuser", "--wait", wait
    )
    assert status == 2
    assert "--wait" in capsys.readouterr().err


def test_the_parts_load_without_the_device_models_or_cryptography() -> None:
    """The window's first paint loads every kind's app part (`cli.build_parser`); the terminal devices and
    the TOTP page import the device models when they run, not then."""
    script = (
        "import sys; from trader_login.app import cli; cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('cryptography', 'trader_login.auth.devices.', "
        "'trader_login.auth.otp', 'trader_login.auth.gateway', 'requests'))))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_ctrl_c_or_the_end_of_input_at_a_prompt_enters_nothing(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    before = (shelf / "dscuser-dscplus.json").read_bytes()

    class CtrlC(io.StringIO):
        def readline(self, *args: object) -> str:
            raise KeyboardInterrupt

    out, err = io.StringIO(), io.StringIO()
    argv = ["dscplus", "--device-dir", str(shelf), "--user", "dscuser"]
    assert device_command.main(argv, stdin=CtrlC(), stdout=out, stderr=err) == device_command.EXIT_CANCELLED
    assert "cancelled" in err.getvalue()
    status, out_text, err_text = device(*argv, stdin=f"{DEMO_PIN}\n")  # the input ends at CHALLNG>
    assert status == 1
    assert "the input ended" in err_text
    assert "Response" not in out_text
    assert (shelf / "dscuser-dscplus.json").read_bytes() == before


def test_a_reader_that_went_away_ends_the_command_quietly(demo: Demo) -> None:
    """`trader-login device list | head -1`: the pipe closes under the command; no traceback."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader has already gone: every write meets a closed pipe
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [
                sys.executable,
                "-c",
                "import sys; from trader_login.app import cli; sys.exit(cli.main(sys.argv[1:]))",
                "device",
                "list",
                "--data-dir",
                str(demo.data_dir),
            ],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1


# --- the virtual security key ------------------------------------------------------------------------------


def _passkey(shelf: Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    return device("passkey", "--device-dir", str(shelf), "--user", "passkeyuser", *argv, stdin=stdin)


def _private_keys(path: Path) -> list[str]:
    return [each["private_key"] for each in json.loads(path.read_text())["device"]["credentials"]]


def test_passkey_lists_the_keys_credentials_and_never_a_private_key(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    path = shelf / "passkeyuser-passkey.json"
    key = files.load(path)
    (credential,) = key.credentials
    status, out, err = _passkey(shelf)
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == f"{key.ident}: no PIN"
    assert f"  {credential.id}  localhost  passkeyuser  created " in out
    assert f"counter {credential.sign_count}" in out
    for secret in _private_keys(path):
        assert secret not in out


def test_passkey_pin_is_set_then_changed_never_echoed_and_a_wrong_one_refused(
    demo: Demo, tmp_path: Path
) -> None:
    shelf = shelf_copy(demo, tmp_path)
    path = shelf / "passkeyuser-passkey.json"
    status, out, err = _passkey(shelf, "pin", stdin="1357\n1357\n")
    assert (status, err) == (0, ""), err
    assert "PIN set" in out
    assert files.load(path).has_pin
    status, out, err = _passkey(shelf, "pin", stdin="0000\n2468\n2468\n")  # a wrong current PIN
    assert status == 1
    assert "Wrong PIN (7 tries left before the key blocks): nothing was changed." in err
    assert files.load(path).pin_retries == 7
    status, out, err = _passkey(shelf, "pin", stdin="1357\n2468\n2468\n")
    assert (status, err) == (0, ""), err
    assert files.load(path).pin_retries == 8
    status, out, err = _passkey(shelf, "pin", stdin="2468\n12\n12\n")  # too short: nothing changed
    assert status == 2
    assert "A security key PIN is 4 to 63 bytes of printable characters" in err
    before = path.read_bytes()
    long_pin = "\u00e9" * 32  # 32 characters, 64 bytes: the key's rule counts bytes
    status, out, err = _passkey(shelf, "pin", stdin=f"2468\n{long_pin}\n{long_pin}\n")
    assert status == 2, err
    assert "A security key PIN is 4 to 63 bytes of printable characters" in err
    assert path.read_bytes() == before  # not sent to the key: no try spent, nothing saved
    for pin in ("1357", "2468"):
        assert pin not in out + err
    assert _passkey(shelf)[1].splitlines()[0].endswith(": a PIN is set")


def test_passkey_removes_a_credential_after_a_confirmation(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    path = shelf / "passkeyuser-passkey.json"
    (credential,) = files.load(path).credentials
    before = path.read_bytes()
    # "--": a credential id (base64url) may begin with "-"
    status, out, _err = _passkey(shelf, "remove", "--", credential.id[:8], stdin="n\n")
    assert status == 1
    assert "Not removed" in out
    assert path.read_bytes() == before
    status, _out, err = _passkey(shelf, "remove", "nosuchid")
    assert status == 2
    assert "No single credential 'nosuchid'" in err
    status, out, _err = _passkey(shelf, "remove", "--", credential.id, stdin="y\n")
    assert status == 0
    assert "Removed." in out
    assert files.load(path).credentials == ()


def test_passkey_new_makes_a_fresh_key_file(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    status, out, err = _passkey(shelf, "new")
    assert (status, err) == (0, ""), err
    second = shelf / "passkeyuser-passkey-2.json"
    assert f", in {second}" in out
    assert files.load(second).credentials == ()
    elsewhere = tmp_path / "mine.json"
    status, out, err = device("passkey", "--file", str(elsewhere), "new")
    assert (status, err) == (0, ""), err
    assert files.load(elsewhere).kind == "passkey"
    status, _out, err = device("passkey", "--file", str(elsewhere), "new")
    assert status == 2
    assert "exists already: nothing was written" in err


def test_passkey_refuses_another_kinds_file_and_a_stray_value(demo: Demo, tmp_path: Path) -> None:
    shelf = shelf_copy(demo, tmp_path)
    status, _out, err = device("passkey", "--file", str(shelf / "dscuser-dscplus.json"))
    assert status == 2
    assert "holds a device of kind dscplus, not passkey" in err
    status, _out, err = _passkey(shelf, "list", "extra")
    assert status == 2
    assert "list takes no value" in err
