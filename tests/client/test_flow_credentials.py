"""The login flow's first page (SPEC §2.1, R1-R3, §5) against a fake gateway that runs the real SRP server
side: what is sent, in which order, and the page each answer makes."""

from __future__ import annotations

import pytest

from tests.client.flow_support import (
    DSC,
    IBKEY,
    LOGIN_TOKEN,
    NOW,
    PASSWORD,
    SESSION_TOKEN,
    SMS,
    FakeGateway,
    Recorder,
    choose_step,
    existing_step,
    make_flow,
    refusal,
    session_step,
)
from trader_login.auth import texts
from trader_login.auth.client.errors import (
    CertificateMismatch,
    ClientError,
    GatewayFault,
    GatewayTimeout,
    GatewayUnreachable,
    ProtocolError,
)
from trader_login.auth.client.flow import FlowStateError
from trader_login.auth.client.views import Stage
from trader_login.auth.rules import INVALID_CREDENTIALS_MESSAGE, USERNAME_UPPER_CASE_MESSAGE


@pytest.mark.parametrize(
    ("username", "code", "start"),
    [
        ("DSCuser", "UPPER_CASE", USERNAME_UPPER_CASE_MESSAGE),
        ("dsc user", "BAD_CHARACTER", "BAD CHARACTER"),
        ("dsc!user", "BAD_CHARACTER", "BAD CHARACTER"),
        ("ｄｓｃ", "BAD_CHARACTER", "BAD CHARACTER"),
        ("", "EMPTY", "Enter your user name."),
    ],
)
def test_r1_a_refused_user_name_sends_nothing(username: str, code: str, start: str) -> None:
    gateway, recorder = FakeGateway(), Recorder()
    view = make_flow(gateway, recorder).log_in(username, PASSWORD)
    assert view.stage is Stage.CREDENTIALS
    assert view.error_code == code
    assert view.message.startswith(start)
    assert view.username == username
    assert gateway.calls == []
    assert recorder.views == [view]


def test_r2_a_wrong_password_fails_with_the_brokers_message_and_nothing_more_is_sent() -> None:
    gateway, recorder = FakeGateway(), Recorder()
    flow = make_flow(gateway, recorder)
    view = flow.log_in("dscuser", "wrong-password")
    assert view.stage is Stage.FAILED
    assert view.message == INVALID_CREDENTIALS_MESSAGE
    assert view.error_code == "INVALID_CREDENTIALS"
    assert recorder.stages == ["WORKING", "FAILED"]
    assert gateway.names() == ["start_login", "prove"]
    flow.abandon()  # the gateway ended that login itself: nothing to cancel
    assert gateway.names() == ["start_login", "prove"]


def test_the_trader_can_try_again_after_a_failure() -> None:
    gateway = FakeGateway()
    flow = make_flow(gateway)
    assert flow.log_in("dscuser", "wrong").stage is Stage.FAILED
    view = flow.log_in("dscuser", PASSWORD)
    assert view.stage is Stage.SECOND_FACTOR
    assert flow.reset().stage is Stage.CREDENTIALS
    assert flow.view.username == "dscuser"


def test_a_gateway_that_cannot_prove_m2_gets_nothing_more() -> None:
    gateway = FakeGateway()
    gateway.spoil_server_proof = True
    flow = make_flow(gateway)
    view = flow.log_in("dscuser", PASSWORD)
    assert view.stage is Stage.FAILED
    assert view.error_code == "SERVER_PROOF"
    assert view.message.startswith("The gateway could not prove it knows your password verifier")
    assert view.challenge is None  # the step that came with the bad M2 was not read
    flow.abandon()
    assert gateway.names() == ["start_login", "prove"]


@pytest.mark.parametrize("code", ["WRONG_MODE", "IP_NOT_ALLOWED"])
def test_refusals_after_a_right_password_are_checked_for_m2_too(code: str) -> None:
    message = 'This is a live trading user name. Choose "Live trading" to log in'
    gateway = FakeGateway(refusal(code, message, 403))
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code, view.message) == (Stage.FAILED, code, message)

    spoiled = FakeGateway(refusal(code, message, 403, server_proof="AAAA"))
    view = make_flow(spoiled).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "SERVER_PROOF")


def test_kdf_parameters_out_of_bounds_stop_before_the_proof() -> None:
    gateway = FakeGateway()
    flow = make_flow(gateway)
    flow.kdf_limits = type(flow.kdf_limits)()  # the product's limits refuse the fake's cheap KDF
    view = flow.log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "KDF_PARAMS")
    flow.abandon()
    assert gateway.names() == ["start_login"]


@pytest.mark.parametrize("spoil", ["salt", "server_public", "login_token", "kdf"])
def test_a_malformed_start_reply_fails_cleanly(spoil: str) -> None:
    gateway = FakeGateway()
    reply = {
        "login_token": LOGIN_TOKEN,
        "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
        "server_public": "AQ==",
        "kdf": {},
    }
    reply[spoil] = "***" if spoil != "login_token" else 7
    gateway.start_reply = reply
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.FAILED
    assert view.error_code in ("PROTOCOL", "KDF_PARAMS")
    assert gateway.names() == ["start_login"]


def test_r3_locked_shows_the_unlock_time() -> None:
    until = NOW + 86400
    gateway = FakeGateway(refusal("LOCKED", "This user name is locked…", 423, locked_until=until))
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.LOCKED
    assert view.locked_until == until
    assert view.error_code == "LOCKED"
    assert view.message == "This user name is locked…"


def test_rate_limited_start_stays_on_the_credentials_page_with_the_wait() -> None:
    gateway = FakeGateway().queue(
        "start_login", refusal("RATE_LIMITED", "Too many login requests.", 429, retry_after=12)
    )
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.CREDENTIALS
    assert view.retry_after == 12
    # A gateway without message ids: its English as it is (the real one sends texts.RATE_LIMITED).
    assert view.problem == texts.message(texts.GATEWAY_SAYS, text="Too many login requests.")


@pytest.mark.parametrize(
    "error",
    [
        GatewayUnreachable(texts.message(texts.UNREACHABLE, host="127.0.0.1:1")),
        GatewayTimeout(texts.message(texts.TIMEOUT, seconds="15")),
        CertificateMismatch(texts.message(texts.CERTIFICATE)),
        GatewayFault(texts.message(texts.SERVER_FAULT, status=500)),
        ProtocolError(texts.message(texts.PROTOCOL, why="HTTP 302", host="127.0.0.1:1")),
    ],
    ids=lambda e: type(e).__name__,
)
@pytest.mark.parametrize("during", ["start_login", "prove"])
def test_each_transport_error_fails_with_its_message_and_code(error: ClientError, during: str) -> None:
    gateway = FakeGateway(error if during == "prove" else None)
    if during == "start_login":
        gateway.queue("start_login", error)
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert (view.stage, view.problem, view.error_code) == (Stage.FAILED, error.problem, error.code)
    assert view.message == error.message


@pytest.mark.parametrize(
    ("code", "status"),
    [("INVALID_CREDENTIALS", 401), ("NO_DEVICE", 403), ("EXPIRED", 410), ("BAD_REQUEST", 400)],
)
def test_refusals_that_end_the_login_fail_with_the_gateways_message(code: str, status: int) -> None:
    gateway = FakeGateway(refusal(code, f"{code} text", status))
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert (view.stage, view.message, view.error_code) == (Stage.FAILED, f"{code} text", code)


def test_paper_or_opt_out_users_get_their_session_straight_after_the_password() -> None:
    gateway = FakeGateway(session_step(mode="paper", device=None, username="paperuser"))
    flow = make_flow(gateway)
    view = flow.log_in("dscuser", PASSWORD, mode="paper")
    assert view.stage is Stage.DONE
    assert view.mode == "paper"
    assert view.session is not None
    assert view.session.username == "paperuser"
    assert view.session.device_kind is None
    assert SESSION_TOKEN not in repr(view)
    assert gateway.calls[0] == ("start_login", ("dscuser", "paper"))


def test_m2fs_lists_devices_highest_security_first_with_the_last_used_preselected() -> None:
    gateway = FakeGateway(choose_step(SMS, DSC, IBKEY, preselected=IBKEY["id"]))
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.CHOOSE_DEVICE
    assert [d.kind for d in view.devices] == ["dscplus", "ibkey", "sms"]
    assert view.preselected == IBKEY["id"]
    assert view.read_only_available


def test_existing_session_straight_after_the_password() -> None:
    view = make_flow(FakeGateway(existing_step())).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.EXISTING_SESSION
    assert view.message.startswith("This user name is already logged in elsewhere.")


def test_a_step_of_unknown_shape_fails_as_a_protocol_error() -> None:
    view = make_flow(FakeGateway({"step": "dance"})).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code, view.message) == (
        Stage.FAILED,
        "PROTOCOL",
        texts.BAD_REPLY.template,
    )
    assert view.problem == texts.message(texts.BAD_REPLY)


def test_steps_out_of_order_are_a_caller_bug() -> None:
    flow = make_flow(FakeGateway())
    with pytest.raises(FlowStateError, match="respond is not possible at stage CREDENTIALS"):
        flow.respond("12345678")
    with pytest.raises(ValueError, match="mode"):
        flow.log_in("dscuser", PASSWORD, mode="demo")


def test_a_bug_in_the_transport_surfaces_but_leaves_working() -> None:
    gateway = FakeGateway().queue("start_login", RuntimeError("boom"))
    flow = make_flow(gateway)
    with pytest.raises(RuntimeError):
        flow.log_in("dscuser", PASSWORD)
    assert (flow.view.stage, flow.view.error_code) == (Stage.FAILED, "INTERNAL")
