"""R3 and SPEC §4: a denied IB Key push is a failed attempt, counted once, when the phone denies it, whether
or not the login side ever looks; a push that expires unanswered is not. Ten denials lock the name exactly
like ten wrong passwords (the review's MFA-fatigue hole)."""

from __future__ import annotations

from tests.gateway.conftest import DAY, Sls


def deny_new_push(sls: Sls, user: str = "ibkeyuser") -> str:
    """The right password, then the trader denies the notification on the phone; the login side never
    looks. Returns the login token."""
    token, out = sls.password(user)
    assert out["challenge"]["kind"] == "ibkey_push"
    app = sls.device(user, "ibkey")
    assert sls.decide(app, "deny")["status"] == "denied"
    return token


def test_a_denial_counts_when_the_phone_sends_it_without_any_poll(sls: Sls):
    deny_new_push(sls)
    assert sls.failures("ibkeyuser") == 1


def test_the_login_sides_look_at_a_denial_does_not_count_it_again(sls: Sls):
    token = deny_new_push(sls)
    error = sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert error.details["next"]["challenge"]["kind"] == "ibkey_push"
    assert sls.failures("ibkeyuser") == 1
    # The fresh notification is pending: further looks neither count nor fail.
    assert sls.service.push_status(token)["status"] == "pending"
    assert sls.failures("ibkeyuser") == 1


def test_a_push_that_expires_unanswered_does_not_count(sls: Sls):
    token, _ = sls.password("ibkeyuser")
    sls.clock.advance(180)
    sls.refused("EXPIRED", sls.service.push_status, token)
    sls.password("ibkeyuser")  # another push, never answered nor looked at
    sls.clock.advance(180)
    assert sls.failures("ibkeyuser") == 0


def test_ten_denials_in_new_logins_lock_the_name_like_ten_wrong_passwords(sls: Sls):
    tokens = [deny_new_push(sls) for _ in range(10)]
    tenth = sls.clock()
    assert sls.locked_until("ibkeyuser") == tenth + DAY
    # The login the tenth denial ended gets R3's reply; the correct password now does too.
    error = sls.refused("LOCKED", sls.service.push_status, tokens[-1])
    assert error.details["locked_until"] == tenth + DAY
    assert error.status == 423
    assert sls.refused_any(sls.password, "ibkeyuser") == "LOCKED"


def test_ten_denials_in_one_login_get_login_failed_nine_times_then_locked(sls: Sls):
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    replies = []
    for _ in range(10):
        sls.decide(app, "deny")
        replies.append(sls.refused_any(sls.service.push_status, token))
    assert replies == ["LOGIN_FAILED"] * 9 + ["LOCKED"]
    assert sls.failures("ibkeyuser") == 10
    assert sls.push_requests(app.device_id) == []  # no fresh notification after the lock


def test_nine_denials_do_not_lock_and_an_approval_resets_the_count(sls: Sls):
    for _ in range(9):
        deny_new_push(sls)
    assert sls.failures("ibkeyuser") == 9
    assert sls.locked_until("ibkeyuser") is None
    assert sls.login("ibkeyuser")["step"] == "session"
    assert sls.failures("ibkeyuser") == 0


def test_denials_and_wrong_passwords_add_up(sls: Sls):
    assert sls.fail_password("ibkeyuser", 5) == ["INVALID_CREDENTIALS"] * 5
    for _ in range(4):
        deny_new_push(sls)
    assert sls.locked_until("ibkeyuser") is None
    token = deny_new_push(sls)
    assert sls.refused_any(sls.service.push_status, token) == "LOCKED"
    assert sls.locked_until("ibkeyuser") == sls.clock() + DAY


def test_a_denial_while_locked_is_one_more_failed_attempt(sls: Sls):
    token, _ = sls.password("ibkeyuser")  # the notification is on the phone
    sls.fail_password("ibkeyuser", 10)  # meanwhile, the name is locked
    sls.clock.advance(60)
    sls.decide(sls.device("ibkeyuser", "ibkey"), "deny")
    assert sls.locked_until("ibkeyuser") == sls.clock() + DAY  # pushed on, like any attempt while locked
    assert sls.refused_any(sls.service.push_status, token) == "LOCKED"
    assert sls.failures("ibkeyuser") == 11
