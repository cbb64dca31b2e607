"""Issue 19, Deliver 3: attempts left, before it is too late. From the 7th failure in a row (R3's window) a
counted refusal carries `attempts_left` (3, 2, 1) and a `warning` (the catalogue's attempts_left) beside its
own unchanged message, for every user name, known or not; the 10th failure locks as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.conftest import DAY, LOCAL, Sls
from tests.gateway.http_support import Client, error_of, password, running_gateway
from trader_login.auth import texts
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.lockout import LockoutPolicy


def warning(attempts: int) -> dict[str, Any]:
    return {
        "message": f"Attempts left before this user name is locked for 24 hours: {attempts}.",
        "message_id": "attempts_left",
        "params": {"attempts": attempts},
    }


def wrong_password(sls: Sls, user: str, address: str = LOCAL) -> GatewayError:
    with pytest.raises(GatewayError) as info:
        sls.password(user, "wrong-password", address=address)
    return info.value


def test_r3_the_7th_8th_and_9th_failures_say_3_2_1_and_the_10th_locks(sls: Sls):
    for failure in range(1, 7):
        error = wrong_password(sls, "dscuser")
        assert error.code == "INVALID_CREDENTIALS"
        assert "attempts_left" not in error.details, failure
        assert "warning" not in error.to_dict()["error"]
    for attempts in (3, 2, 1):
        error = wrong_password(sls, "dscuser")
        assert error.status == 401
        body = error.to_dict()["error"]
        assert body == {
            "code": "INVALID_CREDENTIALS",
            "message": texts.INVALID_CREDENTIALS.render(),  # R2's exact text, unchanged
            "message_id": "invalid_credentials",
            "params": {},
            "attempts_left": attempts,
            "warning": warning(attempts),
        }
        assert body["warning"]["message"] == texts.ATTEMPTS_LEFT.render(attempts=attempts)
    locked = wrong_password(sls, "dscuser")
    assert (locked.code, locked.status) == ("LOCKED", 423)
    assert "attempts_left" not in locked.details
    assert "warning" not in locked.details
    # Locked is locked: the right password changes nothing, and says no attempts left either.
    again = sls.refused("LOCKED", sls.password, "dscuser")
    assert "attempts_left" not in again.details


def test_r2_an_unknown_user_name_gets_the_same_warnings_byte_for_byte(sls: Sls):
    for _ in range(10):
        known = wrong_password(sls, "dscuser")
        unknown = wrong_password(sls, "nosuchuser")
        assert json.dumps(known.to_dict(), sort_keys=True) == json.dumps(unknown.to_dict(), sort_keys=True)
        assert known.status == unknown.status
    assert known.code == "LOCKED"  # the locks' ends are the same moment (the clock stands still)


def test_r3_password_failures_and_wrong_responses_count_together(sls: Sls):
    for _ in range(4):
        assert "attempts_left" not in wrong_password(sls, "dscuser").details
    token, _ = sls.password("dscuser")
    told = []
    for _ in range(5):
        with pytest.raises(GatewayError) as info:
            sls.service.respond(token, "00000000", LOCAL)
        told.append((info.value.code, info.value.details.get("attempts_left")))
        if info.value.code == "LOGIN_FAILED":
            assert info.value.details["next"]["step"] == "second_factor"  # the page goes on
            assert info.value.message.id == texts.WRONG_RESPONSE_DSCPLUS.id  # its own message, unchanged
    # Failures 5 and 6 say nothing; 7, 8, 9 say 3, 2, 1; the 10th locks.
    assert told == [("LOGIN_FAILED", left) for left in (None, None, 3, 2, 1)]
    sls.refused("LOCKED", sls.service.respond, token, "00000000", LOCAL)


def test_r3_a_success_resets_the_count_and_the_warnings(sls: Sls):
    for _ in range(8):
        wrong_password(sls, "dscuser")
    assert sls.login("dscuser")["step"] == "session"
    assert sls.failures("dscuser") == 0
    for _ in range(6):
        assert "attempts_left" not in wrong_password(sls, "dscuser").details
    assert wrong_password(sls, "dscuser").details["attempts_left"] == 3


def test_r3_failures_older_than_the_window_are_not_in_the_count(sls: Sls):
    for _ in range(6):
        wrong_password(sls, "dscuser")
    sls.clock.advance(DAY + 1)
    assert "attempts_left" not in wrong_password(sls, "dscuser").details


def test_r5_a_denied_push_warns_on_the_login_page(sls: Sls):
    for _ in range(6):
        wrong_password(sls, "ibkeyuser")
    token, _ = sls.password("ibkeyuser")
    sls.decide(sls.device("ibkeyuser", "ibkey"), "deny")
    error = sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert error.details["attempts_left"] == 3
    assert error.details["warning"] == warning(3)
    assert error.details["next"]["challenge"]["kind"] == "ibkey_push"  # a fresh notification
    assert error.message.id == texts.LOGIN_FAILED.id


def test_r3_a_push_timing_out_is_not_counted_and_says_nothing(sls: Sls):
    for _ in range(7):
        wrong_password(sls, "ibkeyuser")
    token, _ = sls.password("ibkeyuser")
    sls.clock.advance(181)
    error = sls.refused("EXPIRED", sls.service.push_status, token)
    assert "attempts_left" not in error.details
    assert "warning" not in error.details
    assert sls.failures("ibkeyuser") == 7


def test_the_warning_threshold_is_the_policy_s():
    policy = LockoutPolicy()
    assert (policy.warn_after, policy.max_failures) == (7, 10)
    assert [policy.left(n) for n in range(12)] == [None] * 7 + [3, 2, 1] + [None] * 2


# --- over HTTP -------------------------------------------------------------------------------------------


@pytest.fixture
def client(template: Path, tmp_path: Path):
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


def test_r3_attempts_left_reach_the_client_over_http(client: Client):
    for _ in range(6):
        assert "attempts_left" not in error_of(password(client, "nosuchuser", "nope")[1])
    reply = password(client, "nosuchuser", "nope")[1]
    assert reply.status_code == 401
    assert reply.json()["error"] == {
        "code": "INVALID_CREDENTIALS",
        "message": "Invalid user name password combination",
        "message_id": "invalid_credentials",
        "params": {},
        "attempts_left": 3,
        "warning": warning(3),
    }


def test_the_error_detail_documents_attempts_left_and_the_warning(client: Client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    detail = schemas["ErrorDetail"]["properties"]
    assert detail["attempts_left"]["type"] == "integer"
    assert "7" in detail["attempts_left"]["description"]
    assert detail["warning"]["$ref"].endswith("/AttemptsWarning")
    assert set(schemas["AttemptsWarning"]["properties"]) == {"message", "message_id", "params"}
    assert "attempts_left" not in schemas["ErrorDetail"].get("required", [])
