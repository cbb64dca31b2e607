"""Issue 17, Deliver 3: the audit trail. Every failed attempt with its reason and source address, every lock
and unlock, takeovers, every desk action (what, on whom, by whom), device changes: recorded in the step's own
transaction (a step that rolls back leaves no trace), as rows of `audit_events` and as JSON lines; the
desk reads a user's recent events (`recent`, `sls-gateway audit USER`). On SQLite and PostgreSQL.

test_audit_secrets.py drives every kind and holds each to the secrets in play."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.gateway.conftest import DAY, LOCAL, PIN, START, Sls, card_response, dsc_response
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.admin import REPLACEMENT_AUTO_ACTIVATION
from trader_login.auth.gateway.audit import JsonLines, as_line, recent
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.events import Event, Events
from trader_login.auth.gateway.gateway import AUDIT_LOG_NAME, Gateway
from trader_login.auth.gateway.kinds.temp_passcode import TEMP_PASSCODE_FULL, TEMP_PASSCODE_PORTAL
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.store import audit_events

ELSEWHERE = "192.0.2.7"  # TEST-NET-1: an address no demo user is restricted to
DESK = "desk-operator"
LINE_KEYS = ["at", "kind", "username", "address", "reason", "device_kind", "device", "actor", "detail"]


class Trail:
    """The gateway's audit trail as a test reads it: the table's rows and the file's lines, in order."""

    def __init__(self, gateway: Gateway, path: Path) -> None:
        self.gateway = gateway
        # The gateway's own trail (Gateway installs it): its lines in the data directory's audit.jsonl.
        self.path = gateway.data_dir / AUDIT_LOG_NAME
        self.trail = gateway.audit
        # What the test does, not the seed before it: rows after the last one now, lines after this offset.
        with gateway.store.read() as connection:
            self.first_id = connection.execute(select(func.max(audit_events.c.id))).scalar() or 0
        self.offset = self.path.stat().st_size if self.path.exists() else 0
        gateway.desk.actor = DESK

    def rows(self, kind: str | None = None) -> list[dict[str, Any]]:
        query = select(audit_events).where(audit_events.c.id > self.first_id).order_by(audit_events.c.id)
        if kind is not None:
            query = query.where(audit_events.c.kind == kind)
        with self.gateway.store.read() as connection:
            return [dict(row._mapping) for row in connection.execute(query).all()]

    def lines(self, kind: str | None = None) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with open(self.path, "rb") as file:
            file.seek(self.offset)
            records = [json.loads(line) for line in file.read().decode("utf-8").splitlines()]
        return [r for r in records if kind is None or r["kind"] == kind]

    def kinds(self) -> list[str]:
        """The kinds recorded, in order; the table and the lines must agree."""
        in_table = [row["kind"] for row in self.rows()]
        assert in_table == [line["kind"] for line in self.lines()]
        return in_table

    def one(self, kind: str) -> dict[str, Any]:
        """The one row of `kind`, checked against its line."""
        (row,) = self.rows(kind)
        (line,) = self.lines(kind)
        assert line["at"] == audit.iso_time(row["at"])
        for name in LINE_KEYS[2:-1]:
            assert line[name] == row[name], name
        assert line["detail"] == (row["detail"] or {})
        return row

    def close(self) -> None:
        self.trail.close()


@pytest.fixture
def trail(gateway: Gateway, tmp_path: Path) -> Trail:
    (tmp_path / "audit").mkdir()
    trail = Trail(gateway, tmp_path / "audit" / "audit.jsonl")
    yield trail
    trail.close()


def fields(row: dict[str, Any], *names: str) -> tuple[Any, ...]:
    return tuple(row[name] for name in names)


# -- failed attempts and R3's lock --------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_name_are_recorded_with_reason_and_address(sls: Sls, trail: Trail):
    sls.fail_password("dscuser", address=ELSEWHERE)
    sls.fail_password("ghosttrader", address=LOCAL)
    first, second = trail.rows(audit.LOGIN_FAILED)
    assert fields(first, "username", "address", "reason", "device_kind") == (
        "dscuser",
        ELSEWHERE,
        "password",
        None,
    )
    assert first["detail"] == {"counted": True}
    assert first["at"] == START
    # Internal only: the trail may say the name is unknown (the client is told "Invalid user name ...").
    assert fields(second, "username", "address", "reason") == ("ghosttrader", LOCAL, "unknown_user")
    assert trail.kinds() == [audit.LOGIN_FAILED, audit.LOGIN_FAILED]  # login.started is metrics only


def test_r3_the_lock_is_recorded_once_then_attempts_say_locked_and_the_desk_unlock_names_its_actor(
    sls: Sls, trail: Trail
):
    sls.fail_responses("dscuser", 10)
    lock = trail.one(audit.ACCOUNT_LOCKED)
    assert fields(lock, "username", "address") == ("dscuser", LOCAL)
    assert lock["detail"] == {"until": START + DAY, "failures": 10}
    failed = trail.rows(audit.LOGIN_FAILED)
    assert [row["reason"] for row in failed] == ["wrong_response"] * 10
    assert {row["device_kind"] for row in failed} == {"dscplus"}
    assert {row["device"] for row in failed} == {sls.device_id("dscuser", "dscplus")}
    # The lock's event comes with the failure that began it, in the same transaction, after it.
    kinds = trail.kinds()
    assert kinds.index(audit.ACCOUNT_LOCKED) == len(kinds) - 1
    sls.clock.advance(60)
    sls.fail_password("dscuser", address=ELSEWHERE)
    assert trail.rows(audit.LOGIN_FAILED)[-1]["reason"] == "locked"
    assert len(trail.rows(audit.ACCOUNT_LOCKED)) == 1  # extending the lock is not a new lock
    sls.desk.unlock("dscuser")
    unlocked = trail.one(audit.DESK_UNLOCKED)
    assert fields(unlocked, "username", "actor") == ("dscuser", DESK)
    assert unlocked["detail"] == {"was_locked": True, "failures": 11}
    sls.login("dscuser")
    assert trail.one(audit.LOGIN_SUCCEEDED)["username"] == "dscuser"


def test_refusals_after_the_right_password_are_recorded_uncounted(sls: Sls, trail: Trail):
    sls.refused("WRONG_MODE", sls.password, "paperuser", mode="live")
    sls.refused("IP_NOT_ALLOWED", sls.password, "optoutuser", address=ELSEWHERE)
    sls.desk.report_lost("dscuser", sls.device_id("dscuser", "dscplus"))
    sls.refused("NO_DEVICE", sls.password, "dscuser")
    refused = [fields(row, "username", "reason", "address") for row in trail.rows(audit.LOGIN_FAILED)]
    assert refused == [
        ("paperuser", "wrong_mode", LOCAL),
        ("optoutuser", "ip_restricted", ELSEWHERE),
        ("dscuser", "no_device", LOCAL),
    ]
    assert {str(row["detail"]) for row in trail.rows(audit.LOGIN_FAILED)} == {str({"counted": False})}
    assert sls.failures("paperuser") == sls.failures("optoutuser") == 0


def test_a_device_lost_during_a_login_is_recorded_as_device_gone(sls: Sls, trail: Trail):
    token, out = sls.password("dscuser")
    answer = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    device = sls.device_id("dscuser", "dscplus")
    sls.desk.report_lost("dscuser", device)
    sls.refused("NO_DEVICE", sls.service.respond, token, answer, ELSEWHERE)
    gone = trail.one(audit.LOGIN_FAILED)
    assert fields(gone, "reason", "address", "device_kind", "device") == (
        "device_gone",
        ELSEWHERE,
        "dscplus",
        device,
    )
    lost = trail.one(audit.DESK_DEVICE_LOST)
    assert fields(lost, "username", "device", "device_kind", "actor") == ("dscuser", device, "dscplus", DESK)


# -- the trail follows the transaction -----------------------------------------------------------------------


def test_an_event_whose_transaction_rolls_back_leaves_no_trace_and_a_committed_one_stays(
    gateway: Gateway, trail: Trail
):
    def failing_step() -> None:
        with gateway.store.write() as connection:
            gateway.events.emit(connection, audit.DESK_UNLOCKED, username="dscuser", actor=DESK)
            raise RuntimeError("the step failed after emitting")

    with pytest.raises(RuntimeError):
        failing_step()
    assert trail.rows() == []
    assert trail.lines() == []
    with gateway.store.write() as connection:
        gateway.events.emit(connection, audit.DESK_UNLOCKED, username="dscuser", actor=DESK)
        # Recorded in the transaction (the recorder ran), published only once it commits.
        assert connection.execute(select(audit_events.c.kind)).scalars().all() == [audit.DESK_UNLOCKED]
        assert trail.lines() == []
    assert trail.kinds() == [audit.DESK_UNLOCKED]


def test_a_desk_action_refused_leaves_no_event(sls: Sls, trail: Trail):
    sls.refused("ADMIN", sls.desk.ip_allow, "dscuser", ["not-an-address"])
    sls.refused("NO_USER", sls.desk.opt_out, "ghosttrader")
    sls.refused("TWICE_IN_A_ROW", sls.desk.issue_temp_passcode, "tempuser")
    assert trail.rows() == []
    assert trail.lines() == []


def test_metrics_only_kinds_reach_the_sinks_but_not_the_trail(sls: Sls, trail: Trail, gateway: Gateway):
    seen: list[Event] = []
    gateway.events.add_sink(seen.extend)
    sls.login("dscuser")
    assert [event.kind for event in seen] == [
        audit.LOGIN_STARTED,
        audit.SECOND_FACTOR_ACCEPTED,
        audit.LOGIN_SUCCEEDED,
    ]
    assert seen[0].detail == {"mode": "live"}
    assert trail.kinds() == [audit.LOGIN_SUCCEEDED]
    assert set(audit.KINDS) >= audit.METRICS_ONLY


def test_a_rate_limited_request_is_told_at_once_to_the_lines_not_the_table(gateway: Gateway, trail: Trail):
    """Its transaction rolls back (a refused request is not counted), so it cannot be in the table; the
    JSON lines and the metrics get it at once."""
    limit = RateLimit(requests=1, window=60.0)
    with gateway.store.write() as connection:
        limit.check(connection, ELSEWHERE, START, events=gateway.events)

    def refused_request() -> None:
        with gateway.store.write() as connection:
            limit.check(connection, ELSEWHERE, START + 10, events=gateway.events)

    with pytest.raises(GatewayError, match="RATE_LIMITED"):
        refused_request()
    (line,) = trail.lines(audit.RATE_LIMITED)
    assert (line["address"], line["detail"]) == (ELSEWHERE, {"retry_after": 50})
    assert trail.rows() == []


def test_a_flood_of_rate_limited_requests_writes_one_line_per_address_and_window(tmp_path: Path):
    """Every refusal reaches the metrics; the log gets the first of each address's window (per process)."""
    seen: list[Event] = []
    events = Events(lambda: START)
    events.add_sink(seen.extend)
    lines = JsonLines(tmp_path / "audit.jsonl")
    events.add_sink(lines)

    def refused(address: str, at: float, retry: int) -> None:
        events.emit(None, audit.RATE_LIMITED, at=at, address=address, detail={"retry_after": retry})

    try:
        for second in range(30):
            refused(ELSEWHERE, START + second, 30 - second)
            refused(LOCAL, START + second, 30 - second)
        refused(ELSEWHERE, START + 30, 60)  # the next window
    finally:
        lines.close()
    written = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [(r["address"], r["at"]) for r in written] == [
        (ELSEWHERE, audit.iso_time(START)),
        (LOCAL, audit.iso_time(START)),
        (ELSEWHERE, audit.iso_time(START + 30)),
    ]
    assert len(seen) == 61


# -- sessions and the second factor ------------------------------------------------------------------------


def test_r16_a_takeover_is_recorded_with_the_new_login_s_address_and_a_logout_too(sls: Sls, trail: Trail):
    first = sls.login("dscuser")
    token, out = sls.password("dscuser", address=ELSEWHERE)
    out = sls.answer("dscuser", token, out)
    assert out["step"] == "existing_session"
    assert len(trail.rows(audit.LOGIN_SUCCEEDED)) == 1  # not until the question is answered
    second = sls.service.answer_existing_session(token, True)
    taken = trail.one(audit.SESSION_TAKEN_OVER)
    assert fields(taken, "username", "address") == ("dscuser", ELSEWHERE)
    assert taken["detail"] == {"sessions": 1}
    opened, again = trail.rows(audit.LOGIN_SUCCEEDED)
    assert opened["detail"] == {
        "mode": "live",
        "read_only": False,
        "takeover": False,
        "restrictions": "",
        "restart": False,  # opened by a restart grant (issue 19)
    }
    assert (again["address"], again["device_kind"], again["detail"]["takeover"]) == (
        ELSEWHERE,
        "dscplus",
        True,
    )
    sls.service.logout(first["session_token"])  # already ended by the takeover: nothing to log out
    assert trail.rows(audit.SESSION_LOGGED_OUT) == []
    sls.service.logout(second["session_token"])
    assert trail.one(audit.SESSION_LOGGED_OUT)["username"] == "dscuser"
    sls.service.logout(second["session_token"])  # twice: one event
    assert len(trail.rows(audit.SESSION_LOGGED_OUT)) == 1


def test_second_factor_refusals_are_recorded_by_kind_and_reason(sls: Sls, trail: Trail):
    token, out = sls.password("carduser")
    card = sls.device("carduser", "card")
    sls.clock.advance(181)  # the challenge expired: not the trader's fault, not counted
    error = sls.refused("EXPIRED", sls.service.respond, token, card_response(card, out["challenge"]), LOCAL)
    expired = trail.one(audit.SECOND_FACTOR_REFUSED)
    assert fields(expired, "username", "reason", "device_kind") == ("carduser", "expired", "card")
    sls.refused("LOGIN_FAILED", sls.service.respond, token, "AAA AAA", LOCAL)
    assert fields(trail.one(audit.LOGIN_FAILED), "reason", "device_kind") == ("wrong_response", "card")
    assert error.details["next"]["step"] == "second_factor"


def test_r9_a_temporary_passcode_past_its_days_is_refused_uncounted_and_recorded(sls: Sls, trail: Trail):
    code = sls.desk.demo_temp_passcode("tempuser")
    sls.clock.advance(TEMP_PASSCODE_FULL + 1)
    token, _ = sls.password("tempuser")
    sls.refused("PORTAL_ONLY", sls.service.respond, token, code, ELSEWHERE)
    sls.clock.advance(TEMP_PASSCODE_PORTAL - TEMP_PASSCODE_FULL - 61)
    token, _ = sls.password("tempuser")
    sls.clock.advance(120)
    sls.refused("EXPIRED", sls.service.respond, token, code, LOCAL)
    refused = [
        fields(row, "reason", "address", "device_kind") for row in trail.rows(audit.SECOND_FACTOR_REFUSED)
    ]
    assert refused == [
        ("portal_only", ELSEWHERE, "temp_passcode"),
        ("temp_passcode_expired", LOCAL, "temp_passcode"),
    ]
    assert trail.rows(audit.LOGIN_FAILED) == []
    assert sls.failures("tempuser") == 0


def test_r5_push_outcomes_are_recorded(sls: Sls, trail: Trail):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser", address=ELSEWHERE)
    sls.decide(app, "deny")
    denied = trail.one(audit.PUSH_DENIED)
    assert fields(denied, "username", "device", "device_kind") == ("ibkeyuser", app.device_id, "ibkey")
    failed = trail.one(audit.LOGIN_FAILED)
    assert fields(failed, "reason", "address", "device") == ("push_denied", ELSEWHERE, app.device_id)
    sls.refused("LOGIN_FAILED", sls.service.push_status, token)  # a fresh notification
    sls.clock.advance(181)
    sls.refused("EXPIRED", sls.service.push_status, token)
    sls.refused("EXPIRED", sls.service.push_status, token)  # a second look: one event
    assert trail.one(audit.PUSH_EXPIRED)["device"] == app.device_id
    sls.login("ibkeyuser")
    assert trail.one(audit.PUSH_APPROVED)["username"] == "ibkeyuser"
    assert trail.rows(audit.LOGIN_SUCCEEDED)[-1]["device_kind"] == "ibkey"


# -- device changes -----------------------------------------------------------------------------------------


def test_r11_r8_devices_activated_without_the_desk_are_recorded(sls: Sls, trail: Trail):
    replacement = sls.desk.add_device("carduser", "dscplus", pin=PIN, replacement=True)
    added = trail.one(audit.DESK_DEVICE_ADDED)
    assert fields(added, "username", "device", "device_kind", "actor") == (
        "carduser",
        replacement.serial,
        "dscplus",
        DESK,
    )
    assert added["detail"] == {"replacement": True}
    sls.clock.advance(REPLACEMENT_AUTO_ACTIVATION)
    sls.password("carduser")
    auto = trail.one(audit.DEVICE_ACTIVATED)
    assert fields(auto, "username", "device", "reason", "actor") == (
        "carduser",
        replacement.serial,
        "replacement_due",
        None,
    )
    sls.password("carduser")  # active now: not activated again
    assert len(trail.rows(audit.DEVICE_ACTIVATED)) == 1


def test_r8_an_online_card_activated_by_its_first_login_or_in_the_portal(sls: Sls, trail: Trail):
    sls.desk.issue_temp_passcode("dscuser")
    card = sls.desk.issue_online_card("dscuser")
    token, _ = sls.password("dscuser")
    step = sls.service.choose_device(token, card.serial)
    assert sls.service.respond(token, card_response(card, step["challenge"]), LOCAL)["step"] == "session"
    (first,) = trail.rows(audit.DEVICE_ACTIVATED)
    assert fields(first, "username", "device", "device_kind", "reason") == (
        "dscuser",
        card.serial,
        "online-card",
        "first_use",
    )
    other = sls.desk.issue_online_card("carduser")
    sls.desk.activate_online_card("carduser", other.serial)
    portal = trail.rows(audit.DEVICE_ACTIVATED)[-1]
    assert fields(portal, "username", "device", "reason") == ("carduser", other.serial, "portal")


def test_every_desk_action_names_what_on_whom_and_by_whom(sls: Sls, trail: Trail):
    desk = sls.desk
    desk.add_user("newtrader", "pw for the audit", mode="paper")
    desk.ip_allow("dscuser", ["10.0.0.1", "10.0.0.2"])
    desk.opt_out("dscuser", portal_only=True)
    desk.opt_in("dscuser")
    desk.link_accounts("dscuser", [("U7654321", "Savings")])
    device = sls.device_id("dscuser", "dscplus")
    desk.report_lost("dscuser", device)
    desk.issue_temp_passcode("dscuser")
    desk.reactivate_device("dscuser", device)
    desk.remove_device("dscuser", device)
    told = [fields(row, "kind", "username", "actor") for row in trail.rows()]
    assert told == [
        (audit.DESK_USER_ADDED, "newtrader", DESK),
        (audit.DESK_IP_ALLOW_SET, "dscuser", DESK),
        (audit.DESK_OPTED_OUT, "dscuser", DESK),
        (audit.DESK_OPTED_IN, "dscuser", DESK),
        (audit.DESK_ACCOUNTS_LINKED, "dscuser", DESK),
        (audit.DESK_DEVICE_LOST, "dscuser", DESK),
        (audit.DESK_TEMP_PASSCODE_ISSUED, "dscuser", DESK),
        (audit.DESK_DEVICE_REACTIVATED, "dscuser", DESK),
        (audit.DESK_DEVICE_REMOVED, "dscuser", DESK),
    ]
    details = {row["kind"]: row["detail"] for row in trail.rows()}
    assert details[audit.DESK_USER_ADDED] == {"mode": "paper"}
    assert details[audit.DESK_IP_ALLOW_SET] == {"addresses": "10.0.0.1,10.0.0.2"}
    assert details[audit.DESK_OPTED_OUT] == {"scope": "portal"}
    assert details[audit.DESK_ACCOUNTS_LINKED] == {"accounts": "U7654321"}
    assert trail.one(audit.DESK_DEVICE_REMOVED)["device"] == device


def test_r14_sharing_a_device_and_its_approval_are_recorded(sls: Sls, trail: Trail):
    desk = sls.desk
    for name in ("alice", "alicejr"):
        desk.add_user(name, "pw", identity={"name": "Alice"})
    card = desk.add_device("alice", "card")
    assert desk.share_device("alice", "alicejr", card.serial, compliance_review=True) == "pending"
    shared = trail.one(audit.DESK_DEVICE_SHARED)
    assert fields(shared, "username", "device", "device_kind", "actor") == (
        "alice",
        card.serial,
        "card",
        DESK,
    )
    assert shared["detail"] == {"to": "alicejr", "status": "pending"}
    desk.approve_share("alicejr", card.serial)
    assert fields(trail.one(audit.DESK_SHARE_APPROVED), "username", "device") == ("alicejr", card.serial)


def test_the_desk_s_actor_is_the_operating_system_user_unless_given(gateway: Gateway, monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "os-user")
    from trader_login.auth.gateway.admin import ClientServices

    assert ClientServices(gateway.store, gateway.vault, gateway.config, gateway.clock).actor == "os-user"
    given = ClientServices(gateway.store, gateway.vault, gateway.config, gateway.clock, actor="someone")
    assert given.actor == "someone"

    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(audit.getpass, "getuser", no_user)
    assert audit.desk_actor() == f"uid:{os.getuid()}"


# -- the JSON lines -----------------------------------------------------------------------------------------


def test_a_line_has_every_key_in_a_fixed_order_and_iso_time_in_utc(sls: Sls, trail: Trail):
    sls.fail_password("dscuser", address=ELSEWHERE)
    raw = trail.path.read_text("utf-8")
    assert raw.endswith("\n")
    assert raw.count("\n") == 1
    line = json.loads(raw, object_pairs_hook=lambda pairs: pairs)
    assert [key for key, _ in line] == LINE_KEYS
    record = json.loads(raw)
    assert record["at"] == "2027-01-15T08:00:00.000000Z"
    assert datetime.strptime(record["at"], "%Y-%m-%dT%H:%M:%S.%f%z") == datetime.fromtimestamp(START, UTC)
    assert (record["actor"], record["device"], record["detail"]) == (None, None, {"counted": True})


def test_the_file_is_created_private_appended_and_shared_by_several_writers(tmp_path: Path):
    path = tmp_path / "audit.jsonl"
    path.write_text('{"kept": true}\n')
    path.chmod(0o640)  # an existing file keeps the operator's mode
    first, second = JsonLines(path), JsonLines(path)
    try:
        for n in range(3):
            for writer in (first, second):
                writer([Event(audit.DESK_UNLOCKED, START + n, username=f"user{n}", actor=repr(writer))])
    finally:
        first.close()
        second.close()
    lines = path.read_text().splitlines()
    assert lines[0] == '{"kept": true}'
    assert [json.loads(line)["username"] for line in lines[1:]] == [
        "user0",
        "user0",
        "user1",
        "user1",
        "user2",
        "user2",
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    fresh = tmp_path / "new.jsonl"
    JsonLines(fresh).close()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_a_rotated_or_deleted_file_is_created_again_by_the_next_line(tmp_path: Path):
    """logrotate's default (rename, no copytruncate) and a file deleted by hand: the next line starts a new
    file at the path, private; nothing more goes to the old one."""
    path = tmp_path / "audit.jsonl"
    lines = JsonLines(path)
    try:
        lines([Event(audit.DESK_OPTED_IN, START, username="before", actor=DESK)])
        path.rename(tmp_path / "audit.jsonl.1")
        lines([Event(audit.DESK_OPTED_IN, START + 1, username="after rotation", actor=DESK)])
        lines([Event(audit.DESK_OPTED_IN, START + 2, username="same file", actor=DESK)])
        path.unlink()
        lines([Event(audit.DESK_OPTED_IN, START + 3, username="after deletion", actor=DESK)])
    finally:
        lines.close()
    rotated = [json.loads(line)["username"] for line in (tmp_path / "audit.jsonl.1").read_text().splitlines()]
    assert rotated == ["before"]
    assert [json.loads(line)["username"] for line in path.read_text().splitlines()] == ["after deletion"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_standard_output_and_off(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    event = Event(audit.DESK_OPTED_IN, START, username="dscuser", actor=DESK)
    to_stdout = JsonLines("-")
    to_stdout([event, Event(audit.LOGIN_STARTED, START, username="dscuser")])  # metrics only: no line
    assert capsys.readouterr().out == as_line(event) + "\n"
    off = JsonLines("off")
    off([event])
    off.close()
    assert capsys.readouterr().out == ""
    assert list(tmp_path.iterdir()) == []  # "off" and "-" are no file names


def test_a_closed_trail_writes_no_more_lines_and_the_table_still_records(sls: Sls, trail: Trail):
    trail.close()
    sls.fail_password("dscuser")
    assert trail.lines() == []
    assert [row["kind"] for row in trail.rows()] == [audit.LOGIN_FAILED]


# -- at the desk --------------------------------------------------------------------------------------------


def test_recent_is_newest_first_limited_and_since(sls: Sls, trail: Trail):
    for n in range(4):
        sls.fail_password("dscuser", address=f"10.0.0.{n}")
        sls.clock.advance(10)
    sls.fail_password("carduser")
    events = recent(sls.gateway.store, "dscuser")
    assert [e.address for e in events] == ["10.0.0.3", "10.0.0.2", "10.0.0.1", "10.0.0.0"]
    assert all(e.username == "dscuser" and e.kind == audit.LOGIN_FAILED for e in events)
    assert events[0].detail == {"counted": True}
    assert [e.address for e in recent(sls.gateway.store, "dscuser", limit=2)] == ["10.0.0.3", "10.0.0.2"]
    assert [e.at for e in recent(sls.gateway.store, "dscuser", since=START + 20)] == [START + 30, START + 20]
    assert recent(sls.gateway.store, "ghosttrader") == []


def desk_args(name: str, **more: Any) -> argparse.Namespace:
    values = {"name": name, "limit": None, "json": False, "moment_language": "en", "moment_zone": UTC, **more}
    return argparse.Namespace(**values)


def test_the_audit_command_prints_a_user_s_events_newest_first(sls: Sls, trail: Trail):
    sls.fail_password("dscuser", address=ELSEWHERE)
    sls.clock.advance(65)
    sls.desk.unlock("dscuser")
    out = io.StringIO()
    assert audit.audit_command(sls.gateway, desk_args("dscuser"), out) == 0
    assert out.getvalue().splitlines() == [
        "Fri 15 Jan 2027, 08:01:05 UTC  desk.unlocked"
        "              actor=desk-operator was_locked=no failures=1",
        "Fri 15 Jan 2027, 08:00:00 UTC  login.failed"
        "               reason=password address=192.0.2.7 counted=yes",
    ]
    out = io.StringIO()
    assert audit.audit_command(sls.gateway, desk_args("dscuser", json=True, limit=1), out) == 0
    (line,) = out.getvalue().splitlines()
    assert line == trail.path.read_text().splitlines()[-1]  # the same line the file has
    out = io.StringIO()
    assert audit.audit_command(sls.gateway, desk_args("dscuser", since=60.0), out) == 0
    assert [line.split()[6] for line in out.getvalue().splitlines()] == [audit.DESK_UNLOCKED]
    out = io.StringIO()
    assert audit.audit_command(sls.gateway, desk_args("ghosttrader"), out) == 0
    assert out.getvalue() == "no audit events for 'ghosttrader'\n"


def test_the_audit_command_shows_a_lock_s_end_as_the_desk_shows_moments(sls: Sls, trail: Trail):
    sls.fail_password("ghosttrader", 10)
    out = io.StringIO()
    assert audit.audit_command(sls.gateway, desk_args("ghosttrader", limit=1), out) == 0
    assert out.getvalue() == (
        "Fri 15 Jan 2027, 08:00:00 UTC  account.locked             address=127.0.0.1 "
        'until="Sat 16 Jan 2027, 08:00 UTC" failures=10\n'
    )


def test_the_audit_command_s_arguments():
    parser = argparse.ArgumentParser(prog="audit", exit_on_error=False)
    audit.add_arguments(parser)
    args = parser.parse_args(["dscuser"])
    assert (args.name, args.limit, args.since, args.json) == ("dscuser", audit.DEFAULT_LIMIT, None, False)
    args = parser.parse_args(["dscuser", "--limit", "5", "--since", "12h", "--json"])
    assert (args.limit, args.since, args.json) == (5, 12 * 3600.0, True)
    for bad in (["dscuser", "--limit", "0"], ["dscuser", "--limit", "x"], ["dscuser", "--since", "soon"]):
        with pytest.raises(argparse.ArgumentError):
            parser.parse_args(bad)


# -- the configuration at start ------------------------------------------------------------------------------


def test_the_configuration_at_start_masks_the_database_password(tmp_path: Path):
    from trader_login.auth.gateway.config import Settings

    settings = Settings(
        db="postgresql+psycopg://sls:hunter2-db-password@db.example:5432/sls",
        db_password="another-db-secret",
        workers=2,
        audit_log="-",
        keep_audit=30 * DAY,
    )
    detail = audit.config_event(settings, url="https://127.0.0.1:8443")
    assert detail["database"] == "postgresql"
    assert detail["database_url"] == "postgresql+psycopg://sls:***@db.example:5432/sls"
    assert (detail["workers"], detail["audit_log"], detail["keep_audit"], detail["metrics"]) == (
        2,
        "-",
        30 * DAY,
        True,
    )
    assert detail["arithmetic"] in ("gmp", "python")
    assert detail["arithmetic_detail"].startswith(detail["arithmetic"] + " (")
    assert detail["version"]
    assert detail["url"] == "https://127.0.0.1:8443"
    text = json.dumps(detail)
    assert "hunter2" not in text
    assert "another-db-secret" not in text
    assert all(isinstance(value, (str, int, float, bool)) or value is None for value in detail.values())
    embedded = audit.config_event(Settings())
    assert (embedded["database"], embedded["audit_log"]) == ("sqlite", "audit.jsonl")


def test_a_gateway_started_event_goes_to_the_lines(tmp_path: Path):
    events = Events(lambda: START)
    lines = JsonLines(tmp_path / "audit.jsonl")
    events.add_sink(lines)
    try:
        from trader_login.auth.gateway.config import Settings

        events.emit(None, audit.GATEWAY_STARTED, detail=audit.config_event(Settings(workers=3)))
    finally:
        lines.close()
    (record,) = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert record["kind"] == audit.GATEWAY_STARTED
    assert record["detail"]["workers"] == 3
