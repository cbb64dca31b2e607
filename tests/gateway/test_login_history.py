"""Issue 19, Deliver 5: the login history a session shows - the user name's last successful login before it
(when, from where, with which device, whether a restart) and the failed attempts since, read from the
audit trail within its retention (auth/gateway/login_history.py)."""

from __future__ import annotations

from typing import Any

from tests.gateway.conftest import DAY, LOCAL, Sls, b64d, new_srp_client
from trader_login.auth import restart
from trader_login.auth.gateway.retention import Pruner, RetentionPolicy

HOME = "192.0.2.10"
CAFE = "198.51.100.7"
ELSEWHERE = "203.0.113.99"
EMPTY = {"last_login": None, "failures_since": 0, "failures": []}


def ibkey_login(sls: Sls, address: str = LOCAL) -> dict[str, Any]:
    """A whole IB Key login (the push approved with the page's number) from `address`."""
    token, out = sls.password("ibkeyuser", address=address)
    assert out["challenge"]["kind"] == "ibkey_push"
    app = sls.device("ibkeyuser", "ibkey")
    sls.decide(app)
    session = sls.service.push_status(token)
    assert session["step"] == "session", session
    return session


def dsc_login(sls: Sls, user: str = "dscuser", address: str = LOCAL) -> dict[str, Any]:
    token, out = sls.password(user, address=address)
    if out["step"] == "choose_device":
        out = sls.service.choose_device(token, sls.device_id(user, "dscplus"))
    session = sls.answer(user, token, out)
    assert session["step"] == "session", session
    return session


def test_the_first_login_ever_has_no_history(sls: Sls):
    session = ibkey_login(sls)
    assert session["session"]["history"] == EMPTY
    assert sls.service.session_status(session["session_token"])["history"] == EMPTY


def test_the_next_session_tells_the_last_login_and_the_failures_since_newest_first(sls: Sls):
    first = ibkey_login(sls, HOME)
    first_at = first["session"]["created_at"]
    sls.service.logout(first["session_token"])
    sls.clock.advance(60)
    sls.fail_password("ibkeyuser", address=CAFE)
    sls.clock.advance(60)
    token, _ = sls.password("ibkeyuser", address=ELSEWHERE)
    sls.service.switch_to_challenge(token)
    sls.refused("LOGIN_FAILED", sls.service.respond, token, "00000000", ELSEWHERE)
    sls.service.cancel(token)
    sls.clock.advance(60)
    second = ibkey_login(sls, LOCAL)
    expected = {
        "last_login": {
            "at": first_at,
            "address": HOME,
            "device_kind": "ibkey",
            "device_label": "IB Key",
            "restart": False,
        },
        "failures_since": 2,
        "failures": [
            {"at": first_at + 120, "address": ELSEWHERE, "reason": "wrong_response"},
            {"at": first_at + 60, "address": CAFE, "reason": "password"},
        ],
    }
    assert second["session"]["history"] == expected
    # The session's own description says the same, read again later (its own login left out).
    sls.clock.advance(600)
    assert sls.service.session_status(second["session_token"])["history"] == expected


def test_a_clock_standing_still_keeps_logins_apart(sls: Sls):
    """The testers' clock stands still: one instant holds the last login, a failure and this session."""
    first = ibkey_login(sls, HOME)
    sls.service.logout(first["session_token"])
    sls.fail_password("ibkeyuser", address=CAFE)
    second = ibkey_login(sls, LOCAL)
    history = second["session"]["history"]
    assert history["last_login"]["address"] == HOME
    assert history["failures_since"] == 1
    assert history["failures"] == [{"at": sls.clock(), "address": CAFE, "reason": "password"}]
    # The session after it sees the second as the last login, and no failures since.
    sls.service.logout(second["session_token"])
    third = ibkey_login(sls, ELSEWHERE)
    assert third["session"]["history"]["last_login"]["address"] == LOCAL
    assert third["session"]["history"]["failures_since"] == 0


def test_at_most_five_failures_are_listed_and_all_are_counted(sls: Sls):
    sls.service.logout(dsc_login(sls)["session_token"])
    for _ in range(3):
        sls.clock.advance(1)
        sls.fail_password("dscuser", address=CAFE)
    sls.clock.advance(1)
    sls.fail_responses("dscuser", 4)
    sls.clock.advance(1)
    history = dsc_login(sls)["session"]["history"]
    assert history["failures_since"] == 7
    assert [f["reason"] for f in history["failures"]] == ["wrong_response"] * 4 + ["password"]
    ats = [f["at"] for f in history["failures"]]
    assert ats == sorted(ats, reverse=True)


def test_a_session_without_a_second_factor_is_a_last_login_without_a_device(sls: Sls):
    token, _ = sls.password("dscuser", address=HOME)
    read_only = sls.service.read_only(token)
    sls.service.logout(read_only["session_token"])
    sls.clock.advance(5)
    last = dsc_login(sls)["session"]["history"]["last_login"]
    assert last == {
        "at": read_only["session"]["created_at"],
        "address": HOME,
        "device_kind": None,
        "device_label": None,
        "restart": False,
    }


def test_other_names_failures_never_show(sls: Sls):
    """Failures are kept by the name typed: an unknown name's, or another user's, are in no one's history
    but their own name's."""
    sls.fail_password("nosuchuser", 3, address=CAFE)
    sls.fail_password("ibkeyuser2", address=CAFE)  # no such user either: a name beside ibkeyuser's
    sls.fail_password("dscuser", address=CAFE)
    assert ibkey_login(sls)["session"]["history"] == EMPTY


def test_pruned_audit_events_are_gone_from_the_history(sls: Sls):
    sls.service.logout(ibkey_login(sls, HOME)["session_token"])
    sls.fail_password("ibkeyuser", address=CAFE)
    sls.clock.advance(DAY + 60)  # past R3's window: the failure no longer counts towards a lock
    keep_a_day = RetentionPolicy(logins=0, outbox=0, sessions=0, audit=DAY)
    Pruner(sls.gateway.store, keep_a_day, sls.clock, config=sls.gateway.config).prune()
    assert ibkey_login(sls)["session"]["history"] == EMPTY


def test_a_restart_login_is_marked_as_one(sls: Sls):
    full = ibkey_login(sls, HOME)
    key = restart.new_device_key()
    grant = sls.service.grant_restart(full["session_token"], restart.public_bytes(key), "desk-pc", HOME)
    grant_id = grant["grant"]["id"]
    sls.service.logout(full["session_token"])
    sls.clock.advance(60)
    client = new_srp_client("ibkeyuser")
    started = sls.service.start_login("ibkeyuser", "live", client.public, HOME, restart_grant=grant_id)
    challenge = b64d(started["restart_challenge"])
    signature = restart.sign(key, restart.restart_payload(grant_id, "ibkeyuser", "live", challenge))
    restarted = sls.service.prove(
        started["login_token"], sls.proof(client, started), HOME, restart_signature=signature
    )
    assert restarted["step"] == "session", restarted
    sls.service.logout(restarted["session_token"])
    sls.clock.advance(60)
    last = ibkey_login(sls)["session"]["history"]["last_login"]
    assert last["restart"] is True
    assert last["at"] == restarted["session"]["created_at"]
    assert (last["address"], last["device_kind"]) == (HOME, "ibkey")


def test_a_session_whose_own_login_was_pruned_still_describes_itself(sls: Sls):
    """The audit trail kept for no time at all: the session's own login.succeeded is gone too."""
    sls.service.logout(ibkey_login(sls, HOME)["session_token"])
    sls.clock.advance(60)
    sls.fail_password("ibkeyuser", address=CAFE)
    sls.clock.advance(60)
    session = ibkey_login(sls)
    sls.clock.advance(60)
    keep_nothing = RetentionPolicy(logins=0, outbox=0, sessions=0, audit=0)
    Pruner(sls.gateway.store, keep_nothing, sls.clock, config=sls.gateway.config).prune()
    assert sls.service.session_status(session["session_token"])["history"] == EMPTY
