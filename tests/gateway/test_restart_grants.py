"""Issue 19, Deliver 1: the restart without a second factor until the weekly cut-off, at the gateway's service
layer, on SQLite and PostgreSQL, with the gateway's movable clock (START: Friday 15 January 2027, 08:00
UTC; the default cut-off Sunday 01:00 US/Eastern is Sunday 17 January, 06:00 UTC)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from tests.gateway.conftest import DAY, LOCAL, START, Sls, card_response, gateway_config
from tests.gateway.restart_support import (
    FIRST_CUTOFF,
    events,
    finish_with_dsc,
    full_login,
    grant_row,
    grant_rows,
    granted,
    make_grant,
    restart_login,
    session_row,
)
from trader_login.app.harness import HarnessClock
from trader_login.auth import restart, texts
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.retention import Pruner
from trader_login.auth.gateway.store import restart_grants


def _utc(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


def assert_refused(out: dict, code: str, ended_at: float | None) -> None:
    """The reply went on to the second factor and says why the restart was refused."""
    assert out["step"] in ("second_factor", "choose_device"), out
    refusal = out["restart"]
    assert refusal["status"] == "refused"
    assert refusal["code"] == code
    assert refusal["ended_at"] == ended_at
    assert refusal["message_id"] == code.lower()
    assert refusal["message"]


# --- the grant ------------------------------------------------------------------------------------------


def test_a_full_login_may_grant_until_the_next_weekly_cutoff(sls: Sls):
    session = full_login(sls)
    described = session["session"]
    assert described["restart_grant"] is None
    assert described["opened_by_restart"] is False
    assert described["restart_cutoff_at"] == FIRST_CUTOFF
    key, grant = make_grant(sls, session["session_token"], label="trading box")
    assert grant == {
        "id": grant["id"],
        "created_at": START,
        "cutoff_at": FIRST_CUTOFF,
        "label": "trading box",
        "device_kind": "dscplus",
    }
    assert restart.GRANT_ID_PATTERN.match(grant["id"])
    assert grant["id"].startswith("RG-")
    status = sls.service.session_status(session["session_token"])
    assert status["restart_grant"] == grant
    row = grant_row(sls, grant["id"])
    assert (row.username, row.mode, row.status, row.address) == ("dscuser", "live", "active", LOCAL)
    assert row.public_key == restart.public_bytes(key)
    (told,) = events(sls, audit.RESTART_GRANTED)
    assert told.detail == {
        "grant": grant["id"],
        "mode": "live",
        "cutoff_at": FIRST_CUTOFF,
        "label": "trading box",
    }


def test_a_grant_made_friday_restarts_saturday_without_the_second_factor(sls: Sls):
    key, grant = granted(sls)
    sls.clock.advance(DAY)  # Saturday 16 January, 08:00 UTC
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "session"
    described = out["session"]
    assert described["opened_by_restart"] is True
    assert described["device"]["kind"] == "dscplus"  # the grant's device kind
    assert described["restart_grant"] == grant
    assert described["restart_cutoff_at"] is None  # a restarted session may not grant
    assert session_row(sls, out["session_token"]).restart_grant_id == grant["id"]
    assert grant_row(sls, grant["id"]).last_used_at == sls.clock()
    (used,) = events(sls, audit.RESTART_USED)
    assert (used.username, used.device_kind, used.detail) == (
        "dscuser",
        "dscplus",
        {"grant": grant["id"], "mode": "live"},
    )
    succeeded = events(sls, audit.LOGIN_SUCCEEDED)
    assert succeeded[-1].detail["restart"] is True
    assert succeeded[0].detail["restart"] is False  # the full login's
    assert sls.service.session_status(out["session_token"])["opened_by_restart"] is True


def test_the_restart_is_refused_from_the_cutoff_on_and_says_when_it_expired(sls: Sls):
    key, grant = granted(sls)
    sls.clock.advance(FIRST_CUTOFF - 1 - sls.clock())  # a second before: still good
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "session"
    sls.service.logout(out["session_token"])
    sls.clock.advance(1)  # at the cut-off exactly
    token, out = restart_login(sls, "dscuser", key, grant["id"])
    assert_refused(out, "RESTART_EXPIRED", FIRST_CUTOFF)
    assert out["restart"]["params"] == {"at": "Sun 17 Jan 2027, 06:00 UTC"}
    assert "expired at Sun 17 Jan 2027, 06:00 UTC" in out["restart"]["message"]
    assert sls.failures("dscuser") == 0  # the password was right: not counted
    done = finish_with_dsc(sls, token, out)  # the login goes on as a full one
    assert done["step"] == "session"
    assert done["session"]["opened_by_restart"] is False
    assert done["session"]["restart_grant"] is None  # the expired grant is no one's any more
    assert done["session"]["restart_cutoff_at"] == FIRST_CUTOFF + 7 * DAY
    (refused,) = events(sls, audit.RESTART_REFUSED)
    assert (refused.reason, refused.detail) == ("expired", {"grant": grant["id"], "mode": "live"})
    sls.clock.advance(3600)
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    assert_refused(out, "RESTART_EXPIRED", FIRST_CUTOFF)


def test_the_cutoff_across_the_dst_weekend_in_new_york(sls: Sls):
    """14 March 2027: clocks spring forward. A grant made Friday 12 March ends Sunday 01:00 EST (06:00 UTC);
    the next one, made that Sunday, ends 21 March 01:00 EDT (05:00 UTC)."""
    sls.clock.advance(_utc(2027, 3, 12, 15, 0) - sls.clock())
    session = full_login(sls)
    key, grant = make_grant(sls, session["session_token"])
    assert grant["cutoff_at"] == _utc(2027, 3, 14, 6, 0)
    sls.service.logout(session["session_token"])
    sls.clock.advance(_utc(2027, 3, 14, 5, 59, 59) - sls.clock())
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "session"
    sls.service.logout(out["session_token"])
    sls.clock.advance(1)
    token, out = restart_login(sls, "dscuser", key, grant["id"])
    assert_refused(out, "RESTART_EXPIRED", _utc(2027, 3, 14, 6, 0))
    session = finish_with_dsc(sls, token, out)
    assert session["session"]["restart_cutoff_at"] == _utc(2027, 3, 21, 5, 0)
    _, grant = make_grant(sls, session["session_token"], key)
    assert grant["cutoff_at"] == _utc(2027, 3, 21, 5, 0)
    local = datetime.fromtimestamp(grant["cutoff_at"], ZoneInfo("America/New_York"))
    assert (local.weekday(), local.hour, local.minute, local.tzname()) == (6, 1, 0, "EDT")


def test_a_cutoff_configured_in_another_zone(storage, clock: HarnessClock):
    gateway = storage.gateway(clock=clock, config=gateway_config(restart_cutoff="Sat 23:00 Asia/Tokyo"))
    try:
        sls = Sls(gateway)
        key, grant = granted(sls)
        # Saturday 16 January 23:00 JST is 14:00 UTC.
        assert grant["cutoff_at"] == _utc(2027, 1, 16, 14, 0)
        clock.advance(grant["cutoff_at"] - 1 - clock())
        _, out = restart_login(sls, "dscuser", key, grant["id"])
        assert out["step"] == "session"
        sls.service.logout(out["session_token"])
        clock.advance(1)
        _, out = restart_login(sls, "dscuser", key, grant["id"])
        assert_refused(out, "RESTART_EXPIRED", _utc(2027, 1, 16, 14, 0))
        assert out["restart"]["params"] == {"at": "Sat 16 Jan 2027, 14:00 UTC"}
    finally:
        gateway.close()


def test_a_config_change_applies_to_new_grants_only(storage, clock: HarnessClock):
    gateway = storage.gateway(clock=clock)
    sls = Sls(gateway)
    key, grant = granted(sls)
    gateway.close()
    gateway = storage.gateway(clock=clock, config=gateway_config(restart_cutoff="Fri 18:00 UTC"))
    try:
        sls = Sls(gateway)
        clock.advance(_utc(2027, 1, 16, 12, 0) - clock())  # past Friday 18:00: the old grant holds
        _, out = restart_login(sls, "dscuser", key, grant["id"])
        assert out["step"] == "session"
        assert out["session"]["restart_grant"]["cutoff_at"] == FIRST_CUTOFF
    finally:
        gateway.close()


# --- every end, refused with its own code ---------------------------------------------------------------


def _forget_at_logout(sls: Sls, grant: dict) -> None:
    session = full_login(sls)
    sls.service.logout(session["session_token"], forget_device=True)


def _forget_by_delete(sls: Sls, grant: dict) -> None:
    session = full_login(sls)
    assert sls.service.forget_restart(session["session_token"]) == {"ended": True}
    assert sls.service.forget_restart(session["session_token"]) == {"ended": False}
    assert sls.service.session_status(session["session_token"])["restart_grant"] is None
    sls.service.logout(session["session_token"])


def _password_changed(sls: Sls, grant: dict) -> None:
    sls.desk.set_password("dscuser", "demo123")  # even the same password: a password was set


def _device_added(sls: Sls, grant: dict) -> None:
    sls.desk.add_device("dscuser", "card")


def _revoked(sls: Sls, grant: dict) -> None:
    assert sls.desk.revoke_restart_grants("dscuser", grant["id"]) == [grant["id"]]


def _replaced(sls: Sls, grant: dict) -> None:
    session = full_login(sls)
    make_grant(sls, session["session_token"], label="another computer")
    sls.service.logout(session["session_token"])


ENDS = {
    "forgotten at logout": (_forget_at_logout, "RESTART_FORGOTTEN", "forgotten", audit.RESTART_ENDED),
    "forgotten by DELETE": (_forget_by_delete, "RESTART_FORGOTTEN", "forgotten", audit.RESTART_ENDED),
    "password changed": (_password_changed, "RESTART_PASSWORD_CHANGED", "password", audit.RESTART_ENDED),
    "device added": (_device_added, "RESTART_DEVICE_CHANGED", "device", audit.RESTART_ENDED),
    "revoked at the desk": (_revoked, "RESTART_REVOKED", "revoked", audit.DESK_RESTART_GRANT_REVOKED),
    "replaced": (_replaced, "RESTART_REPLACED", "replaced", audit.RESTART_ENDED),
}


@pytest.mark.parametrize("end", ENDS.values(), ids=ENDS.keys())
def test_each_end_refuses_the_restart_with_its_own_code(sls: Sls, end):
    action, code, reason, kind = end
    key, grant = granted(sls)
    sls.clock.advance(3600)
    ended_at = sls.clock()
    action(sls, grant)
    row = grant_row(sls, grant["id"])
    assert (row.status, row.end_reason, row.ended_at) == ("ended", reason, ended_at)
    told = [e for e in events(sls, kind) if e.detail["grant"] == grant["id"]]
    assert len(told) == 1
    sls.clock.advance(60)
    _token, out = restart_login(sls, "dscuser", key, grant["id"])
    assert_refused(out, code, ended_at)
    assert out["restart"]["params"] == {"at": "Fri 15 Jan 2027, 09:00 UTC"}
    assert sls.failures("dscuser") == 0
    (refused,) = events(sls, audit.RESTART_REFUSED)
    assert refused.reason == reason


@pytest.mark.parametrize("change", ["remove", "lost", "reactivate", "share"])
def test_every_device_change_at_the_desk_ends_the_user_s_grants(sls: Sls, change: str):
    _key, grant = granted(sls, "multiuser") if change == "share" else granted(sls)
    dsc = sls.device_id("dscuser", "dscplus")
    if change == "remove":
        sls.desk.remove_device("dscuser", dsc)
    elif change == "lost":
        sls.desk.report_lost("dscuser", dsc)
    elif change == "reactivate":
        sls.desk.reactivate_device("dscuser", dsc)
    else:
        # multiuser gains a device shared with it (R14: same identity): its devices changed.
        sls.desk.add_user("multitwin", "demo123", identity={"name": "multiuser"})
        twin = sls.desk.add_device("multitwin", "dscplus", pin="1234")
        sls.desk.share_device("multitwin", "multiuser", twin.serial)
    row = grant_row(sls, grant["id"])
    assert (row.status, row.end_reason) == ("ended", "device")
    (ended,) = events(sls, audit.RESTART_ENDED)
    assert (ended.reason, ended.actor) == ("device", sls.desk.actor)


def _ended_for_device(sls: Sls, grant: dict) -> None:
    row = grant_row(sls, grant["id"])
    assert (row.status, row.end_reason) == ("ended", "device")
    told = [e for e in events(sls, audit.RESTART_ENDED) if e.detail["grant"] == grant["id"]]
    assert [e.reason for e in told] == ["device"]


def test_a_temporary_passcode_issued_ends_the_user_s_grants(sls: Sls):
    """Review S9: the desk issuing a temporary passcode means "the trader lost the device"."""
    _key, grant = granted(sls)
    sls.desk.issue_temp_passcode("dscuser")
    _ended_for_device(sls, grant)


def test_an_online_card_activated_in_the_portal_or_by_its_first_login_ends_the_user_s_grants(sls: Sls):
    """Review S9: an Online Security Code Card's activation (the portal's, or its first login's) changes
    the second factor: the user's grants end (reason device)."""
    sls.desk.issue_temp_passcode("dscuser")
    portal = sls.desk.issue_online_card("dscuser")
    first = sls.desk.issue_online_card("dscuser")
    _key, grant = granted(sls)
    sls.desk.activate_online_card("dscuser", portal.serial)
    _ended_for_device(sls, grant)
    _key, grant = granted(sls)
    token, _ = sls.password("dscuser")
    step = sls.service.choose_device(token, first.serial)
    assert sls.service.respond(token, card_response(first, step["challenge"]), LOCAL)["step"] == "session"
    _ended_for_device(sls, grant)


# --- refusals of the key --------------------------------------------------------------------------------


def test_another_key_is_refused_wrong_key_and_not_counted(sls: Sls):
    _, grant = granted(sls)
    token, out = restart_login(sls, "dscuser", restart.new_device_key(), grant["id"])
    assert_refused(out, "RESTART_WRONG_KEY", None)
    assert out["restart"]["params"] == {}
    assert sls.failures("dscuser") == 0
    assert finish_with_dsc(sls, token, out)["step"] == "session"
    assert grant_row(sls, grant["id"]).status == "active"  # a wrong key ends nothing


def test_a_missing_or_garbled_signature_is_refused_wrong_key(sls: Sls):
    key, grant = granted(sls)
    _, out = restart_login(sls, "dscuser", key, grant["id"], sign=False)
    assert_refused(out, "RESTART_WRONG_KEY", None)
    _, out = restart_login(sls, "dscuser", key, grant["id"], signature=b"\x30\x06garbage")
    assert_refused(out, "RESTART_WRONG_KEY", None)
    # A signature over another challenge (a replayed one) is refused too.
    other = restart.sign(key, restart.restart_payload(grant["id"], "dscuser", "live", b"\0" * 32))
    _, out = restart_login(sls, "dscuser", key, grant["id"], signature=other)
    assert_refused(out, "RESTART_WRONG_KEY", None)
    assert sls.failures("dscuser") == 0


def test_an_unknown_grant_and_another_user_s_grant_are_refused_unknown(sls: Sls):
    key, grant = granted(sls)
    _, out = restart_login(sls, "dscuser", key, "RG-0000000000000000")
    assert_refused(out, "RESTART_UNKNOWN", None)
    # carduser signs with dscuser's key and grant: no such grant for carduser.
    _, out = restart_login(sls, "carduser", key, grant["id"])
    assert_refused(out, "RESTART_UNKNOWN", None)
    assert grant_row(sls, grant["id"]).status == "active"


def test_a_restart_challenge_is_given_for_any_grant_and_any_name(sls: Sls):
    """Nothing is enumerated: the start's reply looks the same for a known grant, an unknown one, an
    unknown user name."""
    from tests.gateway.conftest import new_srp_client

    _, grant = granted(sls)
    replies = [
        sls.service.start_login(name, "live", new_srp_client(name).public, LOCAL, restart_grant=grant_id)
        for name, grant_id in (("dscuser", grant["id"]), ("dscuser", "RG-NOPE"), ("nosuchuser", grant["id"]))
    ]
    for reply in replies:
        assert set(reply) == {
            "login_token",
            "salt",
            "kdf",
            "server_public",
            "expires_at",
            "restart_challenge",
        }
    assert len({reply["restart_challenge"] for reply in replies}) == 3
    plain = sls.service.start_login("dscuser", "live", new_srp_client("dscuser").public, LOCAL)
    assert "restart_challenge" not in plain


def test_a_malformed_grant_id_is_a_bad_request(sls: Sls):
    from tests.gateway.conftest import new_srp_client

    for bad in ("", "RG_1", "x" * 33, "RG-1 ", "RG-ü"):
        sls.refused(
            "BAD_REQUEST",
            sls.service.start_login,
            "dscuser",
            "live",
            new_srp_client("dscuser").public,
            LOCAL,
            restart_grant=bad,
        )


def test_a_signature_on_a_login_without_a_restart_challenge_is_ignored(sls: Sls):
    key, _grant = granted(sls)
    client, started = sls.start("dscuser")
    signature = restart.sign(key, b"anything")
    out = sls.service.prove(
        started["login_token"], sls.proof(client, started), LOCAL, restart_signature=signature
    )
    assert out["step"] == "second_factor"
    assert "restart" not in out
    assert events(sls, audit.RESTART_REFUSED) == []


# --- R3 ---------------------------------------------------------------------------------------------------


def test_r3_a_bad_password_on_a_restart_is_counted_and_a_locked_name_stays_locked(sls: Sls):
    key, grant = granted(sls)
    for expected in range(1, 10):
        sls.refused("INVALID_CREDENTIALS", restart_login, sls, "dscuser", key, grant["id"], password="wrong")
        assert sls.failures("dscuser") == expected
    sls.refused("LOCKED", restart_login, sls, "dscuser", key, grant["id"], password="wrong")
    assert sls.locked_until("dscuser") is not None
    # The right password and the right key: still locked (and counted: the lock extends).
    sls.refused("LOCKED", restart_login, sls, "dscuser", key, grant["id"])
    assert events(sls, audit.RESTART_USED) == []
    assert grant_row(sls, grant["id"]).last_used_at is None


def test_a_restart_clears_the_failures_as_any_success_does(sls: Sls):
    key, grant = granted(sls)
    sls.fail_password("dscuser", 3)
    assert sls.failures("dscuser") == 3
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "session"
    assert sls.failures("dscuser") == 0


# --- one session per user name (R16) ----------------------------------------------------------------------


def test_a_restart_meets_the_existing_session_and_takes_it_over(sls: Sls):
    session = full_login(sls)
    key, grant = make_grant(sls, session["session_token"])
    token, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "existing_session"
    taken = sls.service.answer_existing_session(token, True)
    assert taken["step"] == "session"
    assert taken["session"]["opened_by_restart"] is True
    assert taken["session"]["device"]["kind"] == "dscplus"
    assert session_row(sls, taken["session_token"]).restart_grant_id == grant["id"]
    assert sls.service.session_status(session["session_token"])["status"] == "taken_over"


def test_a_session_opened_by_restart_ends_at_the_grant_s_cutoff(sls: Sls):
    """Review S3: a restart a minute before the cut-off opens a session that ends AT the cut-off, not a
    session TTL later (no second factor past the cut-off); a restart long before keeps the usual TTL."""
    key, grant = granted(sls)
    _, early = restart_login(sls, "dscuser", key, grant["id"])
    assert early["session"]["expires_at"] == sls.clock() + sls.gateway.config.session_ttl < grant["cutoff_at"]
    sls.service.logout(early["session_token"])
    sls.clock.advance(grant["cutoff_at"] - sls.clock() - 60)
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "session"
    assert out["session"]["expires_at"] == grant["cutoff_at"]
    assert session_row(sls, out["session_token"]).expires_at == grant["cutoff_at"]
    assert sls.service.session_status(out["session_token"])["status"] == "active"
    sls.clock.advance(60)  # the cut-off
    assert sls.service.session_status(out["session_token"])["status"] == "expired"


def test_a_restart_through_the_takeover_ends_at_the_grant_s_cutoff_too(sls: Sls):
    session = full_login(sls)
    key, grant = make_grant(sls, session["session_token"])
    sls.clock.advance(grant["cutoff_at"] - sls.clock() - 60)
    other = full_login(sls)  # the session the restart meets (the first one expired meanwhile)
    token, out = restart_login(sls, "dscuser", key, grant["id"])
    assert out["step"] == "existing_session"
    taken = sls.service.answer_existing_session(token, True)
    assert taken["step"] == "session"
    assert taken["session"]["expires_at"] == grant["cutoff_at"]
    assert sls.service.session_status(other["session_token"])["status"] == "taken_over"
    sls.clock.advance(60)
    assert sls.service.session_status(taken["session_token"])["status"] == "expired"


# --- who may grant ----------------------------------------------------------------------------------------


def test_a_restarted_session_cannot_grant(sls: Sls):
    key, grant = granted(sls)
    _, out = restart_login(sls, "dscuser", key, grant["id"])
    sls.refused("RESTART_NOT_ALLOWED", make_grant, sls, out["session_token"])
    assert [r.id for r in grant_rows(sls)] == [grant["id"]]


def test_read_only_paper_opted_out_and_temporary_passcode_sessions_cannot_grant(sls: Sls):
    token, _ = sls.password("dscuser")
    read_only = sls.service.read_only(token)
    assert read_only["session"]["restart_cutoff_at"] is None
    sls.refused("RESTART_NOT_ALLOWED", make_grant, sls, read_only["session_token"])
    paper = sls.login("paperuser", mode="paper")
    assert paper["session"]["restart_cutoff_at"] is None
    sls.refused("RESTART_NOT_ALLOWED", make_grant, sls, paper["session_token"])
    opted_out = sls.login("optoutuser")
    sls.refused("RESTART_NOT_ALLOWED", make_grant, sls, opted_out["session_token"])
    token, _ = sls.password("tempuser")
    temp = sls.service.respond(token, sls.desk.demo_temp_passcode("tempuser"), LOCAL)
    assert temp["step"] == "session"
    assert temp["session"]["restart_cutoff_at"] is None
    sls.refused("RESTART_NOT_ALLOWED", make_grant, sls, temp["session_token"])
    assert grant_rows(sls) == []


def test_an_ended_session_cannot_grant_nor_forget(sls: Sls):
    session = full_login(sls)
    sls.service.logout(session["session_token"])
    sls.refused("EXPIRED", make_grant, sls, session["session_token"])
    sls.refused("EXPIRED", sls.service.forget_restart, session["session_token"])
    status = sls.service.session_status(session["session_token"])
    assert status["restart_cutoff_at"] is None
    sls.refused("EXPIRED", make_grant, sls, "x" * 43)


def test_an_ended_session_s_logout_does_not_forget_the_grant(sls: Sls):
    """Review S6: logout(forget_device=True) with the token of a session that already ended (logged out,
    taken over, expired) ends no grant - not even one another computer made meanwhile. The logout of an
    active session does."""
    stale = full_login(sls)["session_token"]
    sls.service.logout(stale)
    key, grant = granted(sls)  # another computer: a full login, its grant, its logout
    assert sls.service.logout(stale, forget_device=True)["status"] == "logged_out"
    taken = full_login(sls)["session_token"]
    token, _ = restart_login(sls, "dscuser", key, grant["id"])
    restarted = sls.service.answer_existing_session(token, True)["session_token"]
    assert sls.service.logout(taken, forget_device=True)["status"] == "taken_over"
    sls.clock.advance(sls.gateway.config.session_ttl)  # the restarted session expires (before the cut-off)
    sls.service.logout(restarted, forget_device=True)
    assert grant_row(sls, grant["id"]).status == "active"
    assert events(sls, audit.RESTART_ENDED) == []
    # An active session's logout forgets it.
    active = full_login(sls)["session_token"]
    sls.service.logout(active, forget_device=True)
    assert (grant_row(sls, grant["id"]).status, grant_row(sls, grant["id"]).end_reason) == (
        "ended",
        "forgotten",
    )


def test_the_switch_off_refuses_grants_and_restarts(storage, clock: HarnessClock):
    gateway = storage.gateway(clock=clock)
    key, grant = granted(Sls(gateway))
    gateway.close()
    gateway = storage.gateway(clock=clock, config=gateway_config(restart_grants=False))
    try:
        sls = Sls(gateway)
        session = full_login(sls)
        assert session["session"]["restart_cutoff_at"] is None
        sls.refused("RESTART_DISABLED", make_grant, sls, session["session_token"])
        sls.service.logout(session["session_token"])
        token, out = restart_login(sls, "dscuser", key, grant["id"])
        # Review S8: the refusal says the switch is off, not that the grant is unknown.
        assert_refused(out, "RESTART_DISABLED", None)
        assert out["restart"]["message"] == texts.RESTART_DISABLED.render()
        assert sls.failures("dscuser") == 0
        (refused,) = events(sls, audit.RESTART_REFUSED)
        assert refused.reason == "disabled"
        assert finish_with_dsc(sls, token, out)["step"] == "session"
    finally:
        gateway.close()


def test_a_malformed_key_or_label_is_refused_and_changes_nothing(sls: Sls):
    session = full_login(sls)
    token = session["session_token"]
    good = restart.public_bytes(restart.new_device_key())
    for key in (b"", b"\x04" + b"\0" * 64, good[:-1], good + b"\0", b"\x02" + good[1:33]):
        sls.refused("BAD_REQUEST", sls.service.grant_restart, token, key, None, LOCAL)
    for label in ("x" * 65, "two\nlines", "bell\x07"):
        sls.refused("BAD_REQUEST", sls.service.grant_restart, token, good, label, LOCAL)
    assert grant_rows(sls) == []
    assert events(sls, audit.RESTART_GRANTED) == []
    # A blank label is no label; surrounding spaces go.
    assert sls.service.grant_restart(token, good, "   ", LOCAL)["grant"]["label"] is None
    assert sls.service.grant_restart(token, good, " box 7 ", LOCAL)["grant"]["label"] == "box 7"


def test_one_active_grant_per_user_name_and_mode_whichever_computer(sls: Sls):
    session = full_login(sls)
    _, first = make_grant(sls, session["session_token"], label="first")
    _, second = make_grant(sls, session["session_token"], label="second")
    assert {r.id: (r.status, r.end_reason) for r in grant_rows(sls)} == {
        first["id"]: ("ended", "replaced"),
        second["id"]: ("active", None),
    }
    # Another computer's session sees the grant it does not hold.
    assert sls.service.session_status(session["session_token"])["restart_grant"]["label"] == "second"


def test_the_database_refuses_a_second_active_grant_of_one_name_and_mode(sls: Sls):
    """Review R1: "one active grant per user name and mode" is the database's rule (a partial unique
    index), not only the writer lock's: a second ACTIVE row is refused; ended rows and the other mode are
    not limited."""
    session = full_login(sls)
    _, first = make_grant(sls, session["session_token"])
    row = grant_row(sls, first["id"])._asdict()

    def insert_copy(**changes: Any) -> None:
        with sls.gateway.store.engine.begin() as connection:
            connection.execute(
                insert(restart_grants).values({**row, "id": restart.new_grant_id(), **changes})
            )

    with pytest.raises(IntegrityError):
        insert_copy()
    insert_copy(status="ended", ended_at=sls.clock(), end_reason="replaced")
    insert_copy(status="ended", ended_at=sls.clock(), end_reason="forgotten")
    insert_copy(mode="paper")
    assert [(r.mode, r.status) for r in grant_rows(sls) if r.status == "active"] == [
        ("live", "active"),
        ("paper", "active"),
    ]


def test_two_gateways_granting_at_once_leave_one_active_grant(storage, clock: HarnessClock):
    """Review R1: two grants for one user name made at once on two gateways (real threads, a barrier):
    exactly one stays active, the other is replaced."""
    one = storage.gateway(clock=clock)
    two = storage.gateway(clock=clock)
    try:
        token = full_login(Sls(one))["session_token"]
        keys = [restart.new_device_key() for _ in range(2)]
        barrier = threading.Barrier(2)
        made: list[Any] = [None, None]

        def grant(index: int, gateway: Any) -> None:
            barrier.wait(timeout=10)
            try:
                made[index] = gateway.service.grant_restart(
                    token, restart.public_bytes(keys[index]), None, LOCAL
                )
            except Exception as error:  # reported below, in the test's thread
                made[index] = error

        threads = [threading.Thread(target=grant, args=(i, g), daemon=True) for i, g in enumerate((one, two))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
        assert all(isinstance(m, dict) for m in made), made
        rows = grant_rows(Sls(one))
        assert sorted((r.status, r.end_reason) for r in rows) == [("active", None), ("ended", "replaced")]
        assert {r.id for r in rows} == {m["grant"]["id"] for m in made}
    finally:
        two.close()
        one.close()


# --- grants are rows ----------------------------------------------------------------------------------------


def test_a_grant_survives_a_gateway_restart(storage, clock: HarnessClock):
    gateway = storage.gateway(clock=clock)
    key, grant = granted(Sls(gateway))
    gateway.close()
    gateway = storage.gateway(clock=clock)
    try:
        _, out = restart_login(Sls(gateway), "dscuser", key, grant["id"])
        assert out["step"] == "session"
        assert out["session"]["opened_by_restart"] is True
    finally:
        gateway.close()


def test_two_gateways_on_one_database_agree(storage, clock: HarnessClock):
    one = storage.gateway(clock=clock)
    two = storage.gateway(clock=clock)
    try:
        key, grant = granted(Sls(one))
        _, out = restart_login(Sls(two), "dscuser", key, grant["id"])
        assert out["step"] == "session"
        # A grant made on the second replaces the first's, and the first gateway knows it.
        Sls(two).service.logout(out["session_token"])
        clock.advance(60)
        replaced_at = clock()
        session = full_login(Sls(two))
        _, newer = make_grant(Sls(two), session["session_token"])
        Sls(two).service.logout(session["session_token"])
        _, out = restart_login(Sls(one), "dscuser", key, grant["id"])
        assert_refused(out, "RESTART_REPLACED", replaced_at)
        listed = Sls(one).desk.restart_grants("dscuser")  # newest first
        assert [(g["id"], g["status"]) for g in listed] == [(newer["id"], "active"), (grant["id"], "ended")]
    finally:
        one.close()
        two.close()


def test_retention_prunes_grants_30_days_after_their_cutoff_or_end(sls: Sls):
    _key, grant = granted(sls)
    _forget_by_delete(sls, grant)  # ended now
    session = full_login(sls)
    _, kept = make_grant(sls, session["session_token"])
    pruner = Pruner.for_gateway(sls.gateway)
    ended_at = grant_row(sls, grant["id"]).ended_at
    sls.clock.advance(ended_at + 30 * DAY - 1 - sls.clock())
    assert pruner.prune()["restart_grants"] == 0
    sls.clock.advance(1)
    assert pruner.prune()["restart_grants"] == 1
    assert grant_row(sls, grant["id"]) is None
    sls.clock.advance(kept["cutoff_at"] + 30 * DAY - sls.clock())
    assert pruner.prune()["restart_grants"] == 1
    assert grant_rows(sls) == []
