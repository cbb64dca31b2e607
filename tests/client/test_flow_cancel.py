"""Cancelling the login flow from another thread while a step is in flight (SPEC §2: every wait can be
cancelled), dropping late replies by generation, and keeping secrets out of views, reprs and logs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest

from tests.client.flow_support import (
    LOGIN_TOKEN,
    PASSWORD,
    SESSION_TOKEN,
    FakeGateway,
    Recorder,
    dsc_step,
    existing_step,
    ibkey_challenge_step,
    make_flow,
    push_step,
    refusal,
    session_step,
)
from trader_login.auth.client import exchange
from trader_login.auth.client.flow import FlowStateError, LoginFlow
from trader_login.auth.client.views import LoginView, Stage

WAIT = 60.0  # a safety net for a loaded runner: every wait here ends on an event long before


class Worker:
    """Runs one blocking step on a thread, as the UI's worker does."""

    def __init__(self, step: Callable[[], LoginView]) -> None:
        self.result: list[LoginView] = []
        self.thread = threading.Thread(target=lambda: self.result.append(step()), daemon=True)
        self.thread.start()

    def join(self) -> LoginView:
        self.thread.join(WAIT)
        assert not self.thread.is_alive()
        return self.result[0]


def logged_in(step: dict[str, Any], recorder: Recorder | None = None) -> tuple[LoginFlow, FakeGateway]:
    gateway = FakeGateway(step)
    flow = make_flow(gateway, recorder)
    flow.log_in("dscuser", PASSWORD)
    return flow, gateway


def test_cancel_during_a_step_emits_cancelled_once_and_drops_the_late_reply() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(dsc_step(), recorder)
    release = gateway.hold("respond")
    gateway.queue("respond", session_step())
    worker = Worker(lambda: flow.respond("12345678"))
    assert gateway.entered["respond"].wait(WAIT)
    cancelled = flow.cancel()
    assert cancelled.stage is Stage.CANCELLED
    assert recorder.views[-1] is cancelled
    emitted = len(recorder.views)
    release.set()
    assert worker.join() is cancelled
    assert len(recorder.views) == emitted  # the late session was not reported
    assert flow.view is cancelled
    # ... but it was logged out, or it would block the next login (one session per user name).
    assert gateway.calls[-1] == ("logout", (SESSION_TOKEN,))
    flow.abandon()
    assert gateway.calls[-1] == ("cancel", (LOGIN_TOKEN,))
    flow.abandon()
    assert gateway.names().count("cancel") == 1


def test_cancel_during_start_releases_the_login_the_late_reply_created() -> None:
    recorder = Recorder()
    gateway = FakeGateway()
    flow = make_flow(gateway, recorder)
    release = gateway.hold("start_login")
    worker = Worker(lambda: flow.log_in("dscuser", PASSWORD))
    assert gateway.entered["start_login"].wait(WAIT)
    flow.cancel()
    release.set()
    assert worker.join().stage is Stage.CANCELLED
    assert recorder.stages == ["WORKING", "CANCELLED"]
    assert gateway.names() == ["start_login", "cancel"]  # no proof was sent


def test_cancel_during_the_kdf_sends_no_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release = threading.Event(), threading.Event()
    real = exchange.password_proof

    def slow_kdf(*args: Any) -> bytes:
        entered.set()
        assert release.wait(WAIT)
        return real(*args)

    monkeypatch.setattr(exchange, "password_proof", slow_kdf)
    recorder = Recorder()
    gateway = FakeGateway()
    flow = make_flow(gateway, recorder)
    worker = Worker(lambda: flow.log_in("dscuser", PASSWORD))
    assert entered.wait(WAIT)
    flow.cancel()
    release.set()
    assert worker.join().stage is Stage.CANCELLED
    assert recorder.stages == ["WORKING", "CANCELLED"]
    flow.abandon()
    assert gateway.names() == ["start_login", "cancel"]


def test_a_gateway_failing_m2_after_a_cancel_is_not_even_sent_the_abandon() -> None:
    gateway = FakeGateway()
    gateway.spoil_server_proof = True
    flow = make_flow(gateway)
    release = gateway.hold("prove")
    worker = Worker(lambda: flow.log_in("dscuser", PASSWORD))
    assert gateway.entered["prove"].wait(WAIT)
    flow.cancel()
    release.set()
    assert worker.join().stage is Stage.CANCELLED
    flow.abandon()
    assert gateway.names() == ["start_login", "prove"]


def test_cancel_during_the_push_long_poll() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(push_step(), recorder)
    release = gateway.hold("wait_for_push")
    gateway.queue("wait_for_push", session_step())
    worker = Worker(lambda: flow.wait_for_push(25))
    assert gateway.entered["wait_for_push"].wait(WAIT)
    flow.cancel()
    emitted = len(recorder.views)
    release.set()
    assert worker.join().stage is Stage.CANCELLED
    assert len(recorder.views) == emitted


def test_switching_to_challenge_response_supersedes_a_poll_in_flight() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(push_step(), recorder)
    release = gateway.hold("wait_for_push")
    gateway.queue(
        "wait_for_push", refusal("BAD_REQUEST", "This login is not waiting for a notification.", 400)
    )
    poll = Worker(lambda: flow.wait_for_push(25))
    assert gateway.entered["wait_for_push"].wait(WAIT)
    gateway.queue("switch_to_challenge", ibkey_challenge_step("87654321"))
    switched = flow.switch_to_challenge()
    assert switched.challenge is not None
    assert switched.challenge.kind == "ibkey_challenge"
    emitted = len(recorder.views)
    release.set()
    poll.join()
    assert flow.view is switched
    assert len(recorder.views) == emitted


def test_a_step_queued_before_a_cancel_does_nothing_after_it() -> None:
    flow, gateway = logged_in(dsc_step())
    cancelled = flow.cancel()
    calls = list(gateway.calls)
    assert flow.respond("12345678") is cancelled
    assert flow.enter_read_only() is cancelled
    assert gateway.calls == calls


def test_cancel_outside_a_login_in_progress_changes_nothing() -> None:
    recorder = Recorder()
    flow = make_flow(FakeGateway(), recorder)
    assert flow.cancel().stage is Stage.CREDENTIALS
    assert recorder.views == []


def test_a_new_log_in_frees_a_login_left_on_the_gateway() -> None:
    flow, gateway = logged_in(dsc_step())
    flow.reset()
    assert flow.view.stage is Stage.CREDENTIALS
    flow.log_in("dscuser", PASSWORD)
    assert gateway.names() == ["start_login", "prove", "cancel", "start_login", "prove"]


def test_existing_session_can_be_cancelled_and_abandoned() -> None:
    flow, gateway = logged_in(existing_step())
    flow.cancel()
    flow.abandon()
    assert gateway.calls[-1] == ("cancel", (LOGIN_TOKEN,))


def test_abandon_does_nothing_while_the_login_is_in_use_and_never_raises() -> None:
    flow, gateway = logged_in(dsc_step())
    flow.abandon()
    assert "cancel" not in gateway.names()

    def broken(token: str) -> dict[str, Any]:
        raise OSError("down")

    gateway.cancel = broken  # type: ignore[method-assign]
    flow.cancel()
    flow.abandon()


def test_reset_is_refused_with_a_session_open() -> None:
    flow, _ = logged_in(session_step())
    with pytest.raises(FlowStateError):
        flow.reset()


def test_on_change_sees_every_returned_view_in_order() -> None:
    recorder = Recorder()
    flow, gateway = logged_in(dsc_step(), recorder)
    gateway.queue(
        "respond", refusal("LOGIN_FAILED", "Login failed", 401, next=dsc_step("222222")), session_step()
    )
    returned = [flow.respond("12345678"), flow.respond("87654321")]
    assert recorder.stages == ["WORKING", "SECOND_FACTOR", "WORKING", "SECOND_FACTOR", "WORKING", "DONE"]
    assert [recorder.views[3], recorder.views[5]] == returned


# --- secrets ---------------------------------------------------------------------------------------------

RESPONSE = "97318642"


def test_no_secret_in_views_reprs_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    recorder = Recorder()
    flow, gateway = logged_in(dsc_step(), recorder)
    gateway.queue("respond", refusal("LOGIN_FAILED", "Login failed", 401, next=dsc_step()), existing_step())
    gateway.queue("answer_existing_session", session_step())
    flow.respond(RESPONSE)
    flow.respond(RESPONSE)
    flow.answer_existing_session(True)
    assert flow.view.stage is Stage.DONE
    errors = []
    for step in (lambda: flow.respond(RESPONSE), lambda: flow.log_in("dscuser", PASSWORD)):
        with pytest.raises(FlowStateError) as info:
            step()
        errors.append(info.value)
    flow.log_out()
    texts = [repr(view) for view in recorder.views] + [str(view) for view in recorder.views]
    texts += [repr(flow), caplog.text, *(str(e) for e in errors), *(repr(e) for e in errors)]
    texts += [repr(record.args) for record in caplog.records]
    assert caplog.records, "the flow logs its transitions"
    for secret in (PASSWORD, LOGIN_TOKEN, SESSION_TOKEN, RESPONSE):
        assert all(secret not in text for text in texts), secret
    # The password is not kept anywhere on the flow after log_in returned.
    assert PASSWORD not in repr(vars(flow))
