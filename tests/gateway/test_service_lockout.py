"""R2 (wrong credentials, no user-name enumeration) and R3 (lockout) at the service level, on a fake clock."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import DAY, LOCAL, PASSWORD, Sls, b64d, dsc_response
from trader_login.auth import rules, srp

# -- R2 ------------------------------------------------------------------------------------------------------


def test_r2_wrong_password_is_invalid_credentials_with_the_exact_message(sls: Sls):
    error = sls.refused("INVALID_CREDENTIALS", sls.password, "dscuser", "demo124")
    assert (
        error.message.english == "Invalid user name password combination" == rules.INVALID_CREDENTIALS_MESSAGE
    )
    assert error.status == 401
    assert error.details == {}


def test_r2_unknown_user_name_fails_exactly_like_a_wrong_password(sls: Sls):
    wrong = sls.refused("INVALID_CREDENTIALS", sls.password, "dscuser", "demo124")
    unknown = sls.refused("INVALID_CREDENTIALS", sls.password, "nosuchuser", PASSWORD)
    assert (unknown.code, unknown.message, unknown.status, unknown.details) == (
        wrong.code,
        wrong.message,
        wrong.status,
        wrong.details,
    )
    assert unknown.to_dict() == wrong.to_dict()


def test_r2_unknown_user_name_gets_a_stable_decoy_like_a_real_record(sls: Sls):
    _, real = sls.start("dscuser")
    _, first = sls.start("nosuchuser")
    _, second = sls.start("nosuchuser")
    _, other = sls.start("nosuchuser2")
    # The same salt and KDF parameters on every probe, as a real user has; another name, other values.
    assert (first["salt"], first["kdf"]) == (second["salt"], second["kdf"])
    assert first["salt"] != other["salt"]
    assert first["kdf"]["salt"] != other["kdf"]["salt"]
    assert set(first) == set(real)
    assert {k: v for k, v in first["kdf"].items() if k != "salt"} == {
        k: v for k, v in real["kdf"].items() if k != "salt"
    }
    assert len(b64d(first["server_public"])) == len(b64d(real["server_public"])) == 256


def test_r2_unknown_user_name_does_the_same_srp_work(sls: Sls, monkeypatch: pytest.MonkeyPatch):
    checked = []
    real_verify = srp.server_verify

    def spy(record, *args, **kwargs):
        checked.append(record.username)
        return real_verify(record, *args, **kwargs)

    monkeypatch.setattr(srp, "server_verify", spy)
    sls.refused("INVALID_CREDENTIALS", sls.password, "nosuchuser", PASSWORD)
    sls.refused("INVALID_CREDENTIALS", sls.password, "dscuser", "wrong")
    assert checked == ["nosuchuser", "dscuser"]


def test_r2_r3_unknown_user_name_locks_after_ten_failures_like_a_real_one(sls: Sls):
    assert sls.fail_password("nosuchuser", 9) == ["INVALID_CREDENTIALS"] * 9
    assert sls.fail_password("nosuchuser", 1) == ["LOCKED"]
    assert sls.locked_until("nosuchuser") == sls.clock() + DAY
    assert sls.desk.status("nosuchuser")["exists"] is False


# -- R3 ------------------------------------------------------------------------------------------------------


def test_r3_nine_failures_do_not_lock(sls: Sls):
    assert sls.fail_password("dscuser", 9) == ["INVALID_CREDENTIALS"] * 9
    assert sls.locked_until("dscuser") is None
    assert sls.login("dscuser")["step"] == "session"


def test_r3_tenth_consecutive_failure_locks_even_against_the_correct_password(sls: Sls):
    assert sls.fail_password("dscuser", 10) == ["INVALID_CREDENTIALS"] * 9 + ["LOCKED"]
    tenth = sls.clock()
    error = sls.refused("LOCKED", sls.password, "dscuser", PASSWORD)
    assert error.status == 423
    assert error.details["locked_until"] == tenth + DAY
    assert "locked" in error.message.english.lower()


def test_r3_the_wire_s_english_says_until_when_the_one_way_in_utc(sls: Sls):
    """The refusal's English `message` (for clients without the catalogue) writes the moment as
    `moments.show` does, in English and UTC, whatever this machine's language and zone."""
    assert sls.clock() == 1_800_000_000.0  # START: Fri 15 Jan 2027, 08:00 UTC
    sls.fail_password("dscuser", 10)
    error = sls.refused("LOCKED", sls.password, "dscuser", PASSWORD)
    assert error.message.params == {"until": "Sat 16 Jan 2027, 08:00 UTC"}
    assert "Try again after Sat 16 Jan 2027, 08:00 UTC, or call Client Services." in error.message.english


def test_r3_attempts_while_locked_extend_the_lock(sls: Sls):
    sls.fail_password("dscuser", 10)
    sls.clock.advance(20 * 3600)
    sls.refused("LOCKED", sls.password, "dscuser", PASSWORD)  # an attempt while locked is a failure
    last = sls.clock()
    assert sls.locked_until("dscuser") == last + DAY
    sls.clock.advance(DAY - 1)
    assert sls.locked_until("dscuser") == last + DAY  # 24 h after the first lock: still locked
    sls.clock.advance(1)
    assert sls.locked_until("dscuser") is None
    assert sls.login("dscuser")["step"] == "session"


def test_r3_unlocked_24_hours_after_the_last_failure(sls: Sls):
    assert sls.fail_responses("dscuser", 10)[-1] == "LOCKED"
    sls.clock.advance(DAY - 1)
    assert sls.locked_until("dscuser") is not None
    sls.clock.advance(1)
    assert sls.locked_until("dscuser") is None
    result = sls.login("dscuser")
    assert result["step"] == "session"
    assert sls.failures("dscuser") == 0


def test_r3_a_success_resets_the_count(sls: Sls):
    sls.fail_password("dscuser", 9)
    assert sls.failures("dscuser") == 9
    sls.service.logout(sls.login("dscuser")["session_token"])
    assert sls.failures("dscuser") == 0
    assert sls.fail_responses("dscuser", 9) == ["LOGIN_FAILED"] * 9
    assert sls.locked_until("dscuser") is None


def test_r3_failures_spread_over_more_than_24_hours_do_not_lock(sls: Sls):
    sls.fail_password("dscuser", 9)
    sls.clock.advance(DAY)  # the nine are now 24 h old: outside the window
    assert sls.fail_password("dscuser", 1) == ["INVALID_CREDENTIALS"]
    assert sls.locked_until("dscuser") is None
    assert sls.failures("dscuser") == 1


def test_r3_ten_failures_within_24_hours_lock(sls: Sls):
    sls.fail_password("dscuser", 5)
    sls.clock.advance(12 * 3600)
    sls.fail_responses("dscuser", 4)
    sls.clock.advance(12 * 3600 - 1)  # the first five are 24 h - 1 s old: still inside
    assert sls.fail_password("dscuser", 1) == ["LOCKED"]


def test_r3_wrong_second_factor_responses_count(sls: Sls):
    token, _ = sls.password("dscuser")
    for _ in range(9):
        error = sls.refused("LOGIN_FAILED", sls.service.respond, token, "00000000", LOCAL)
        assert error.details["next"]["challenge"]["kind"] == "dscplus"
    assert sls.failures("dscuser") == 9
    sls.refused("LOCKED", sls.service.respond, token, "00000000", LOCAL)
    sls.refused("LOCKED", sls.password, "dscuser", PASSWORD)


@pytest.mark.parametrize(
    ("user", "wrong"),
    [
        ("dscuser", "12345678"),
        ("carduser", "AAAAAA"),
        ("onlineuser", "AAAAAA"),
        ("smsuser", "000000"),
        ("tempuser", "WRONGPASS"),
    ],
)
def test_r3_wrong_response_of_every_kind_counts(sls: Sls, user, wrong):
    token, _ = sls.password(user)
    sls.refused("LOGIN_FAILED", sls.service.respond, token, wrong, LOCAL)
    assert sls.failures(user) == 1


def test_r3_wrong_ibkey_challenge_response_counts(sls: Sls):
    token, _ = sls.password("ibkeyuser")
    sls.service.switch_to_challenge(token)
    sls.refused("LOGIN_FAILED", sls.service.respond, token, "12345678", LOCAL)
    assert sls.failures("ibkeyuser") == 1


def test_r3_a_push_that_times_out_does_not_count(sls: Sls):
    sls.fail_responses("ibkeyuser", 9)
    token, out = sls.password("ibkeyuser")
    assert out["challenge"]["kind"] == "ibkey_push"
    sls.clock.advance(181)
    sls.refused("EXPIRED", sls.service.push_status, token)
    assert sls.failures("ibkeyuser") == 9
    assert sls.locked_until("ibkeyuser") is None


def test_r3_a_denied_push_counts(sls: Sls):
    sls.fail_responses("ibkeyuser", 8)
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    sls.decide(app, "deny")
    sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert sls.failures("ibkeyuser") == 9
    sls.decide(app, "deny")  # the fresh notification
    sls.refused("LOCKED", sls.service.push_status, token)
    assert sls.locked_until("ibkeyuser") is not None


def test_r3_read_only_entry_does_not_reset_the_count(sls: Sls):
    sls.fail_responses("dscuser", 9)
    token, _ = sls.password("dscuser")
    assert sls.service.read_only(token)["session"]["read_only"] is True
    assert sls.failures("dscuser") == 9
    assert sls.fail_password("dscuser", 1) == ["LOCKED"]


def test_r3_desk_unlock_unlocks(sls: Sls):
    sls.fail_responses("dscuser", 10)
    assert sls.locked_until("dscuser") is not None
    sls.desk.unlock("dscuser")
    assert sls.locked_until("dscuser") is None
    assert sls.failures("dscuser") == 0
    assert sls.login("dscuser")["step"] == "session"


def test_r3_a_lock_reached_during_a_login_stops_its_second_factor(sls: Sls):
    token, out = sls.password("dscuser")
    sls.fail_responses("dscuser", 10)  # elsewhere, meanwhile
    response = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    sls.refused("LOCKED", sls.service.respond, token, response, LOCAL)
    assert sls.desk.status("dscuser")["sessions"] == 0


def test_r3_a_lock_reached_during_a_login_stops_an_approved_push(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    sls.fail_responses("ibkeyuser", 10)  # elsewhere, meanwhile
    sls.decide(app, "approve")
    sls.refused("LOCKED", sls.service.push_status, token)
    assert sls.desk.status("ibkeyuser")["sessions"] == 0
    assert sls.locked_until("ibkeyuser") is not None  # an approval is no success while locked


def test_r3_a_lock_reached_during_a_login_stops_read_only_entry(sls: Sls):
    token, _ = sls.password("dscuser")
    sls.fail_responses("dscuser", 10)
    sls.refused("LOCKED", sls.service.read_only, token)
    assert sls.desk.status("dscuser")["sessions"] == 0
