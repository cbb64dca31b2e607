"""Issue 19's trust signals in the login flow against the fake gateway: the attempts left before the lock
(R3) on every counted refusal, push number matching's number, the session's login history, and the
caller's own stop (--max-attempts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.client.flow_support import (
    IBKEY,
    LOGIN_TOKEN,
    NOW,
    PASSWORD,
    FakeGateway,
    Recorder,
    dsc_step,
    make_flow,
    push_step,
    refusal,
    second_factor,
    session_object,
    session_step,
)
from trader_login.auth import texts
from trader_login.auth.client import views
from trader_login.auth.client.errors import ProtocolError
from trader_login.auth.client.flow import FlowStateError
from trader_login.auth.client.views import Challenge, FailedLogin, LastLogin, Stage
from trader_login.auth.rules import LOGIN_FAILED_MESSAGE


def warning(attempts: int) -> dict:
    return {
        "message": texts.ATTEMPTS_LEFT.render(attempts=attempts),
        "message_id": "attempts_left",
        "params": {"attempts": attempts},
    }


# --- attempts left ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("left", [3, 2, 1])
def test_r3_a_wrong_password_says_how_many_attempts_are_left(left: int) -> None:
    gateway = FakeGateway()
    gateway.refusal_details = {"attempts_left": left, "warning": warning(left)}
    view = make_flow(gateway).log_in("dscuser", "wrong password")
    assert (view.stage, view.error_code) == (Stage.FAILED, "INVALID_CREDENTIALS")
    assert view.message == "Invalid user name password combination"  # the main message is unchanged
    assert view.attempts_left == left
    assert view.warning is not None
    assert (view.warning.id, view.warning.params) == ("attempts_left", {"attempts": left})


def test_r3_a_refusal_before_the_seventh_failure_has_no_warning() -> None:
    view = make_flow(FakeGateway()).log_in("dscuser", "wrong password")
    assert view.stage is Stage.FAILED
    assert (view.attempts_left, view.warning) == (None, None)


def test_r3_a_number_without_its_warning_gets_the_catalogue_text() -> None:
    gateway = FakeGateway()
    gateway.refusal_details = {"attempts_left": 2}
    view = make_flow(gateway).log_in("dscuser", "wrong password")
    assert view.warning == texts.message(texts.ATTEMPTS_LEFT, attempts=2)


def test_r3_a_wrong_response_keeps_the_page_and_says_the_attempts_left_until_the_next_step() -> None:
    gateway = FakeGateway(dsc_step("111111"))
    recorder = Recorder()
    flow = make_flow(gateway, recorder)
    flow.log_in("dscuser", PASSWORD)
    failed = refusal(
        "LOGIN_FAILED",
        LOGIN_FAILED_MESSAGE,
        401,
        next=dsc_step("222222"),
        attempts_left=1,
        warning=warning(1),
    )
    gateway.queue("respond", failed, refusal("LOGIN_FAILED", LOGIN_FAILED_MESSAGE, 401, next=dsc_step("333")))
    view = flow.respond("12345678")
    assert (view.stage, view.error_code, view.attempts_left) == (Stage.SECOND_FACTOR, "LOGIN_FAILED", 1)
    assert view.new_challenge
    assert view.warning is not None
    shown = len(recorder.views)
    again = flow.respond("12345678")  # what the next answer shows, page by page
    assert [(v.stage, v.attempts_left, v.warning) for v in recorder.views[shown:]] == [
        (Stage.WORKING, None, None),
        (Stage.SECOND_FACTOR, None, None),
    ]
    assert again.error_code == "LOGIN_FAILED"


def test_r3_a_denied_push_says_the_attempts_left_with_the_new_push() -> None:
    gateway = FakeGateway(push_step(number=42))
    flow = make_flow(gateway)
    flow.log_in("dscuser", PASSWORD)
    wrong = texts.message(texts.PUSH_WRONG_NUMBER)
    gateway.queue(
        "wait_for_push",
        refusal("LOGIN_FAILED", wrong, 401, next=push_step(number=17, sequence=2), attempts_left=3),
    )
    view = flow.wait_for_push()
    assert (view.stage, view.problem, view.attempts_left) == (Stage.SECOND_FACTOR, wrong, 3)
    assert view.challenge is not None
    assert view.challenge.push_number == 17
    assert view.new_challenge


@pytest.mark.parametrize(
    "details",
    [
        {"attempts_left": "3"},
        {"attempts_left": True},
        {"attempts_left": 10},
        {"attempts_left": -1},
        {"attempts_left": 2.5},
        {"attempts_left": 3, "warning": "3 left"},
        {"warning": ["attempts_left"]},
    ],
)
def test_r3_a_malformed_attempts_left_is_a_protocol_error(details: dict) -> None:
    gateway = FakeGateway()
    gateway.refusal_details = details
    view = make_flow(gateway).log_in("dscuser", "wrong password")
    assert (view.stage, view.error_code) == (Stage.FAILED, "PROTOCOL")
    assert view.attempts_left is None


# --- push number matching ---------------------------------------------------------------------------------


def test_a_numbered_push_shows_its_number() -> None:
    view = make_flow(FakeGateway(push_step(number=42))).log_in("dscuser", PASSWORD)
    assert view.challenge is not None
    assert view.challenge.is_push
    assert view.challenge.push_number == 42
    assert view.challenge.extra["number"] == 42


def test_a_push_without_a_number_has_none_and_other_challenges_have_none() -> None:
    view = make_flow(FakeGateway(push_step())).log_in("dscuser", PASSWORD)
    assert view.challenge is not None
    assert view.challenge.push_number is None
    assert "number" not in view.challenge.extra
    dsc = make_flow(FakeGateway(dsc_step())).log_in("dscuser", PASSWORD)
    assert dsc.challenge is not None
    assert dsc.challenge.push_number is None


def test_the_same_push_with_another_number_is_a_new_challenge() -> None:
    a = make_flow(FakeGateway(push_step(number=42))).log_in("dscuser", PASSWORD).challenge
    b = make_flow(FakeGateway(push_step(number=43))).log_in("dscuser", PASSWORD).challenge
    assert a is not None
    assert b is not None
    assert not a.same_as(b)


def read_push(number: object) -> Challenge:
    challenge = push_step(number=number)["challenge"]
    return views.read_challenge(challenge, monotonic=lambda: 5000.0, wall=lambda: NOW)


@given(number=st.integers(min_value=10, max_value=99))
def test_every_two_digit_number_is_read(number: int) -> None:
    assert read_push(number).push_number == number


@given(
    number=st.one_of(
        st.integers().filter(lambda n: not 10 <= n <= 99),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=3),
        st.lists(st.integers(10, 99), max_size=3),
    )
)
def test_a_number_that_is_not_two_digits_is_a_protocol_error(number: object) -> None:
    with pytest.raises(ProtocolError):
        read_push(number)


@pytest.mark.parametrize("number", [9, 100, "42", 42.0, True])
def test_the_flow_fails_a_login_whose_push_number_is_not_two_digits(number: object) -> None:
    view = make_flow(FakeGateway(push_step(number=number))).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "PROTOCOL")


# --- login history ----------------------------------------------------------------------------------------

HISTORY = {
    "last_login": {
        "at": NOW - 86400,
        "address": "203.0.113.7",
        "device_kind": "ibkey",
        "device_label": "IB Key",
        "restart": True,
    },
    "failures_since": 7,
    "failures": [
        {"at": NOW - 60 * i, "address": "198.51.100.9", "reason": "wrong_password"} for i in range(1, 7)
    ],
}


def test_the_session_shows_the_last_login_and_the_failures_since() -> None:
    session = make_flow(FakeGateway(session_step(history=HISTORY))).log_in("dscuser", PASSWORD).session
    assert session is not None
    history = session.history
    assert history.last_login == LastLogin(NOW - 86400, "203.0.113.7", "ibkey", "IB Key", True)
    assert history.failures_since == 7
    assert len(history.failures) == 5  # the newest five
    assert history.failures[0] == FailedLogin(NOW - 60, "198.51.100.9", "wrong_password")
    assert history.failures[0].at == NOW - 60


def test_a_first_login_has_no_last_login() -> None:
    history = {"last_login": None, "failures_since": 0, "failures": []}
    session = make_flow(FakeGateway(session_step(history=history))).log_in("dscuser", PASSWORD).session
    assert session is not None
    assert (session.history.last_login, session.history.failures_since) == (None, 0)


@pytest.mark.parametrize(
    "history",
    [
        "none",
        {**HISTORY, "failures_since": -1},
        {**HISTORY, "failures_since": "7"},
        {**HISTORY, "failures": None},
        {**HISTORY, "failures": [{"at": NOW, "address": None}]},
        {**HISTORY, "last_login": {"address": "203.0.113.7"}},
        {**HISTORY, "last_login": {**HISTORY["last_login"], "restart": "no"}},
    ],
    ids=["text", "negative", "text-count", "no-list", "no-reason", "no-time", "restart-text"],
)
def test_a_malformed_history_is_a_protocol_error(history: object) -> None:
    view = make_flow(FakeGateway(session_step(history=history))).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "PROTOCOL")


# --- the caller's stop ------------------------------------------------------------------------------------


def test_stop_ends_the_login_with_the_callers_message_and_drops_a_late_answer() -> None:
    gateway = FakeGateway(second_factor(IBKEY, {"kind": "ibkey_push", "seconds": 180}))
    flow = make_flow(gateway)
    flow.log_in("dscuser", PASSWORD)
    problem = texts.message(texts.MAX_ATTEMPTS_REACHED, attempts=5, limit=5)
    view = flow.stop(problem, "MAX_ATTEMPTS")
    assert (view.stage, view.problem, view.error_code, view.username) == (
        Stage.FAILED,
        problem,
        "MAX_ATTEMPTS",
        "dscuser",
    )
    flow.abandon()
    assert gateway.calls[-1] == ("cancel", (LOGIN_TOKEN,))


def test_stop_before_any_login_sends_nothing_and_is_refused_with_a_session_open() -> None:
    gateway = FakeGateway(session_step())
    flow = make_flow(gateway)
    problem = texts.message(texts.MAX_ATTEMPTS_REACHED, attempts=5, limit=5)
    assert flow.stop(problem, "MAX_ATTEMPTS").stage is Stage.FAILED
    assert gateway.calls == []
    assert flow.log_in("dscuser", PASSWORD).stage is Stage.DONE  # a new attempt may follow
    with pytest.raises(FlowStateError):
        flow.stop(problem, "MAX_ATTEMPTS")


# --- whatever the gateway sends, a protocol error or a reading -------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
GRANT_LIKE = st.fixed_dictionaries(
    {"id": st.sampled_from(["RG-00112233AABBCCDD", "RG 1"]) | JSON, "created_at": JSON, "cutoff_at": JSON},
    optional={"label": JSON, "device_kind": JSON},
)
HISTORY_LIKE = st.fixed_dictionaries(
    {
        "last_login": st.none() | st.fixed_dictionaries({"at": JSON}, optional={"restart": JSON}) | JSON,
        "failures_since": st.integers() | JSON,
        "failures": st.lists(st.fixed_dictionaries({"at": JSON, "reason": JSON}) | JSON, max_size=3),
    }
)


@given(
    grant=GRANT_LIKE | JSON,
    history=HISTORY_LIKE | JSON,
    cutoff=JSON,
    opened=JSON,
)
def test_the_sessions_new_fields_read_or_raise_a_protocol_error(
    grant: object, history: object, cutoff: object, opened: object
) -> None:
    data = session_object(
        restart_grant=grant, history=history, restart_cutoff_at=cutoff, opened_by_restart=opened
    )
    try:
        session = views.read_session(data)
    except ProtocolError:
        return
    assert session.restart_grant is None or isinstance(session.restart_grant.cutoff_at, float)
    assert session.history.failures_since >= 0


@given(outcome=JSON | st.fixed_dictionaries({"status": st.just("refused"), "code": JSON, "ended_at": JSON}))
def test_a_restart_outcome_reads_or_raises_a_protocol_error(outcome: object) -> None:
    try:
        read = views.read_restart(outcome)
    except ProtocolError:
        return
    assert read.status in ("used", "refused")


@given(details=st.dictionaries(st.sampled_from(["attempts_left", "warning", "other"]), JSON, max_size=3))
def test_attempts_left_reads_or_raises_a_protocol_error(details: dict) -> None:
    try:
        left, _warning = views.read_attempts_left(details)
    except ProtocolError:
        return
    assert left is None or 0 <= left <= 9
