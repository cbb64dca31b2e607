"""Unattended logins, Qt-free (auth/client/unattended.py): the exit code of every outcome, the policies'
decisions, the attempt log behind --max-attempts and the flow it guards, the --json events."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import stat
from pathlib import Path

import pytest

from tests.client.flow_support import (
    LOGIN_TOKEN,
    PASSWORD,
    SESSION_TOKEN,
    FakeClock,
    FakeGateway,
    Recorder,
    dsc_step,
    existing_step,
    ibkey_challenge_step,
    push_step,
    refusal,
    session_step,
)
from trader_login.auth import texts
from trader_login.auth.client.unattended import (
    MAX_ATTEMPTS_CODE,
    AttemptGuard,
    AttemptLog,
    AttemptLogError,
    Autopilot,
    ExitCode,
    GuardedFlow,
    JsonEvents,
    Policies,
    begins_login,
    exit_code_of,
    gateway_identity,
    parse_max_attempts,
)
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.auth.kdf import TEST_LIMITS

GATEWAY = "sha256:" + "ab" * 32
DAY = 24 * 3600.0


class WallClock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def push_view(error_code: str | None = None, *, sequence: int = 1) -> LoginView:
    challenge = Challenge("ibkey_push", sequence=sequence, push_seconds=180, push_deadline=180.0)
    return LoginView(Stage.SECOND_FACTOR, error_code=error_code, username="ibkeyuser", challenge=challenge)


def guarded(
    gateway: FakeGateway,
    log: AttemptLog,
    max_attempts: int = 3,
    recorder: Recorder | None = None,
    *,
    stops: bool = True,
) -> GuardedFlow:
    guard = AttemptGuard(log, GATEWAY, max_attempts, stops=stops)
    return GuardedFlow(
        gateway,
        guard=guard,
        on_change=recorder,
        clock=FakeClock(),
        wall_clock=lambda: 1_800_000_000.0,
        kdf_limits=TEST_LIMITS,
    )


# --- exit codes --------------------------------------------------------------------------------------------


def test_every_outcome_has_its_documented_exit_code() -> None:
    kept = texts.message(texts.KEPT_OTHER_SESSION)
    cancelled = texts.message(texts.LOGIN_CANCELLED)
    cases = [
        (LoginView(Stage.DONE), ExitCode.SESSION, 0),
        (LoginView(Stage.FAILED, error_code="INVALID_CREDENTIALS"), ExitCode.REFUSED, 1),
        (LoginView(Stage.FAILED, error_code="WRONG_MODE"), ExitCode.REFUSED, 1),
        (LoginView(Stage.FAILED, error_code="USAGE"), ExitCode.USAGE, 2),
        (LoginView(Stage.LOCKED, error_code="LOCKED"), ExitCode.LOCKED, 3),
        (push_view("EXPIRED"), ExitCode.SECOND_FACTOR_TIMEOUT, 4),
        (LoginView(Stage.EXISTING_SESSION), ExitCode.EXISTING_SESSION, 5),
        (LoginView(Stage.CANCELLED, problem=kept), ExitCode.EXISTING_SESSION, 5),
        (LoginView(Stage.FAILED, error_code=MAX_ATTEMPTS_CODE), ExitCode.MAX_ATTEMPTS, 6),
        (LoginView(Stage.FAILED, error_code="UNREACHABLE"), ExitCode.UNREACHABLE, 7),
        (LoginView(Stage.FAILED, error_code="TIMEOUT"), ExitCode.UNREACHABLE, 7),
        (LoginView(Stage.FAILED, error_code="CERTIFICATE"), ExitCode.CERTIFICATE, 8),
        (LoginView(Stage.FAILED, error_code="SERVER_PROOF"), ExitCode.CERTIFICATE, 8),
        (LoginView(Stage.CANCELLED, problem=cancelled), ExitCode.CANCELLED, 130),
    ]
    for view, code, number in cases:
        assert exit_code_of(view) is code, view
        assert int(code) == number
    assert ExitCode.SECOND_FACTOR_TIMEOUT.outcome == "second_factor_timeout"
    # A push page that only says "Login failed" (a denial) is not a timeout.
    assert exit_code_of(push_view("LOGIN_FAILED")) is ExitCode.REFUSED


# --- policies ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0", "10", "x", "", "-1", "3.5"])
def test_max_attempts_outside_1_to_9_is_refused_with_one_line(text: str) -> None:
    with pytest.raises(ValueError, match="from 1 to 9") as info:
        parse_max_attempts(text)
    assert "\n" not in str(info.value)


def test_policies_refuse_unknown_values() -> None:
    assert parse_max_attempts("9") == 9
    with pytest.raises(ValueError, match="--existing-session"):
        Policies(existing_session="primary")
    with pytest.raises(ValueError, match="--on-second-factor-timeout"):
        Policies(on_second_factor_timeout="restart")
    with pytest.raises(ValueError, match="--max-attempts"):
        Policies(max_attempts=10)
    assert Policies() == Policies("ask", "ask", 5, 3)


@pytest.mark.parametrize(
    ("policy", "action", "code"),
    [
        ("ask", "ask", None),
        ("take-over", "take_over", None),
        ("keep-other", "keep_other", None),
        ("exit", "exit", ExitCode.EXISTING_SESSION),
    ],
)
def test_existing_session_policy(policy: str, action: str, code: ExitCode | None) -> None:
    decision = Autopilot(Policies(existing_session=policy)).decide(LoginView(Stage.EXISTING_SESSION))
    assert (decision.action, decision.exit_code) == (action, code)


def test_push_timeout_retry_resends_up_to_the_retries_then_exits_4() -> None:
    pilot = Autopilot(Policies(on_second_factor_timeout="retry", retries=2))
    assert pilot.decide(push_view()).action == "ask"  # a push still waiting
    assert pilot.decide(push_view("LOGIN_FAILED")).action == "ask"  # a denial is not a timeout
    assert pilot.decide(push_view("EXPIRED", sequence=1)).action == "resend_push"
    again = push_view("EXPIRED", sequence=2)
    assert pilot.decide(again).action == "resend_push"
    assert pilot.decide(again).action == "ask"  # the same view twice: one action only
    last = pilot.decide(push_view("EXPIRED", sequence=3))
    assert (last.action, last.exit_code) == ("exit", ExitCode.SECOND_FACTOR_TIMEOUT)
    assert "2 retries" in last.line
    pilot.decide(LoginView(Stage.CREDENTIALS))  # a new login counts afresh
    assert pilot.decide(push_view("EXPIRED", sequence=4)).action == "resend_push"


def test_push_timeout_exit_and_fall_back() -> None:
    exits = Autopilot(Policies(on_second_factor_timeout="exit")).decide(push_view("EXPIRED"))
    assert (exits.action, exits.exit_code) == ("exit", ExitCode.SECOND_FACTOR_TIMEOUT)
    falls = Autopilot(Policies(on_second_factor_timeout="fall-back")).decide(push_view("EXPIRED"))
    assert falls.action == "switch_to_challenge"  # IB Key has challenge/response
    key = LoginView(
        Stage.SECOND_FACTOR, error_code="SECURITY_KEY_TIMEOUT", challenge=Challenge("passkey", sequence=1)
    )
    no_way = Autopilot(Policies(on_second_factor_timeout="fall-back")).decide(key)
    assert (no_way.action, no_way.exit_code) == ("exit", ExitCode.SECOND_FACTOR_TIMEOUT)
    assert "no challenge/response" in no_way.line
    assert Autopilot(Policies(on_second_factor_timeout="retry")).decide(key).action == "retry_key"


# --- the attempt log ---------------------------------------------------------------------------------------


def test_the_attempt_log_counts_forgets_after_24_hours_and_clears(tmp_path: Path) -> None:
    clock = WallClock()
    log = AttemptLog(tmp_path / "data" / "attempt-log.json", clock=clock)
    assert log.failures(GATEWAY, "carduser") == 0
    assert log.record_failure(GATEWAY, "carduser") == 1
    clock.now += 3600
    assert log.record_failure(GATEWAY, "carduser") == 2
    assert log.failures("https://other:443", "carduser") == 0  # by gateway
    assert log.failures(GATEWAY, "dscuser") == 0  # and by user name
    if os.name == "posix":
        assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    clock.now += DAY - 1
    assert log.failures(GATEWAY, "carduser") == 1  # the first is a day old: forgotten
    log.clear(GATEWAY, "carduser")
    assert log.failures(GATEWAY, "carduser") == 0
    assert json.loads(log.path.read_text())["gateways"] == {}


def test_the_gateways_attempts_left_raise_the_count(tmp_path: Path) -> None:
    log = AttemptLog(tmp_path / "attempt-log.json", clock=WallClock())
    assert log.record_failure(GATEWAY, "carduser", attempts_left=2) == 8  # failures seen elsewhere too
    assert log.record_failure(GATEWAY, "carduser", attempts_left=1) == 9
    assert log.record_failure(GATEWAY, "carduser", attempts_left=5) == 10  # never lowered


def test_a_damaged_attempt_log_is_reported_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "attempt-log.json"
    path.write_text('{"version": 1, "gateways": {"x": {"carduser": ["yesterday"]}}}')
    before = path.read_bytes()
    log = AttemptLog(path)
    for attempt in (lambda: log.failures(GATEWAY, "carduser"), lambda: log.record_failure(GATEWAY, "u")):
        with pytest.raises(AttemptLogError) as info:
            attempt()
        assert str(path) in str(info.value)
        assert "\n" not in str(info.value)
    assert path.read_bytes() == before
    guard = AttemptGuard(log, GATEWAY, 5)
    stop = guard.check("carduser")
    assert stop is not None
    assert stop.id == texts.ATTEMPT_LOG_DAMAGED.id


def test_gateway_identity_is_the_fingerprint_else_the_url() -> None:
    assert gateway_identity("https://x:1", "AB:CD") == "sha256:abcd"
    assert gateway_identity("HTTPS://Host.Example/") == "https://host.example:443"
    assert gateway_identity("https://127.0.0.1:8443") == "https://127.0.0.1:8443"


# --- the guarded flow --------------------------------------------------------------------------------------


def test_max_attempts_sends_no_password_once_reached(tmp_path: Path) -> None:
    """The loop case: a tool starting the login again and again stops at N, before the gateway's lock."""
    log = AttemptLog(tmp_path / "attempt-log.json")
    for number in range(1, 4):
        gateway = FakeGateway()
        view = guarded(gateway, log).log_in("dscuser", "wrong-password")
        assert view.error_code == "INVALID_CREDENTIALS"
        assert log.failures(GATEWAY, "dscuser") == number
    gateway = FakeGateway()
    recorder = Recorder()
    view = guarded(gateway, log, recorder=recorder).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code, view.username) == (Stage.FAILED, MAX_ATTEMPTS_CODE, "dscuser")
    assert view.problem == texts.message(texts.MAX_ATTEMPTS_REACHED, attempts=3, limit=3)
    assert gateway.calls == []  # nothing was sent
    assert recorder.views[-1] is view  # shown as every page is (the window hears of it)
    assert exit_code_of(view) is ExitCode.MAX_ATTEMPTS


def test_a_success_clears_and_attempts_left_raise(tmp_path: Path) -> None:
    log = AttemptLog(tmp_path / "attempt-log.json")
    gateway = FakeGateway()
    gateway.refusal_details = {"attempts_left": 3}
    assert guarded(gateway, log, max_attempts=9).log_in("dscuser", "wrong").attempts_left == 3
    assert log.failures(GATEWAY, "dscuser") == 7
    flow = guarded(FakeGateway(session_step()), log, max_attempts=9)
    assert flow.log_in("dscuser", PASSWORD).stage is Stage.DONE
    assert log.failures(GATEWAY, "dscuser") == 0


def test_a_wrong_response_counts_and_the_next_response_is_not_sent(tmp_path: Path) -> None:
    log = AttemptLog(tmp_path / "attempt-log.json")
    log.record_failure(GATEWAY, "dscuser")
    gateway = FakeGateway(dsc_step())
    wrong = texts.message(texts.LOGIN_FAILED)
    gateway.queue("respond", refusal("LOGIN_FAILED", wrong, 401, next=dsc_step("111111")))
    flow = guarded(gateway, log, max_attempts=2)
    assert flow.log_in("dscuser", PASSWORD).stage is Stage.SECOND_FACTOR
    assert flow.respond("12345678").error_code == "LOGIN_FAILED"
    view = flow.respond("87654321")
    assert view.error_code == MAX_ATTEMPTS_CODE
    assert gateway.names().count("respond") == 1
    assert gateway.names()[-1] == "cancel"  # the gateway's login let go


def test_a_push_wait_is_not_started_once_reached(tmp_path: Path) -> None:
    log = AttemptLog(tmp_path / "attempt-log.json")
    gateway = FakeGateway(push_step(sequence=1))
    flow = guarded(gateway, log, max_attempts=1)
    assert flow.log_in("dscuser", PASSWORD).stage is Stage.SECOND_FACTOR
    log.record_failure(GATEWAY, "dscuser")  # another run's denial, meanwhile
    assert flow.wait_for_push(0).error_code == MAX_ATTEMPTS_CODE
    assert "wait_for_push" not in gateway.names()


# --- JSON events -------------------------------------------------------------------------------------------


def test_json_events_are_one_object_per_line_without_a_secret(tmp_path: Path) -> None:
    stream = io.StringIO()
    events = JsonEvents(stream, clock=lambda: 1_800_000_000.0)
    gateway = FakeGateway(ibkey_challenge_step())
    wrong = texts.message(texts.LOGIN_FAILED)
    gateway.queue(
        "respond",
        refusal("LOGIN_FAILED", wrong, 401, next=ibkey_challenge_step("87654321"), attempts_left=2),
        existing_step(),
    )
    gateway.queue("answer_existing_session", session_step())
    flow = guarded(gateway, AttemptLog(tmp_path / "attempt-log.json"), 9, recorder=events.view)
    events.started("0.7.0", "dscuser", "live", False)
    flow.log_in("dscuser", PASSWORD)
    flow.respond("12345678")
    flow.respond("99999999")
    flow.answer_existing_session(True)
    events.exit(exit_code_of(flow.view))
    text = stream.getvalue()
    for secret in (PASSWORD, LOGIN_TOKEN, SESSION_TOKEN, "12345678", "99999999"):
        assert secret not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert all(line["at"] == "2027-01-15T08:00:00.000Z" for line in lines)
    assert lines[0] == {**lines[0], "event": "started", "user": "dscuser", "mode": "live", "restart": False}
    kinds = [line["event"] for line in lines]
    assert kinds[-2:] == ["session", "exit"]
    assert lines[-1] == {**lines[-1], "code": 0, "outcome": "session"}
    refused = next(line for line in lines if line["event"] == "message" and line["code"] == "LOGIN_FAILED")
    assert (refused["message_id"], refused["attempts_left"]) == ("login_failed", 2)
    assert refused["text"] == wrong.english
    states = [line["stage"] for line in lines if line["event"] == "state"]
    assert "second_factor" in states
    assert "existing_session" in states
    assert states[-1] == "done"
    session = lines[-2]
    assert session["user"] == "dscuser"
    assert session["accounts"] == ["U1000001"]
    assert set(session) >= {"device_kind", "read_only", "expires_at", "restart_grant", "last_login"}


def test_a_push_state_event_carries_the_number_and_seconds() -> None:
    stream = io.StringIO()
    events = JsonEvents(stream)
    view = push_view()
    view = dataclasses.replace(
        view,
        challenge=dataclasses.replace(view.challenge, extra={"number": 42}),  # type: ignore[arg-type]
    )
    events.view(view)
    events.view(view)  # a repeat: no new line
    (line,) = [json.loads(each) for each in stream.getvalue().splitlines()]
    assert line == {**line, "event": "state", "stage": "second_factor", "number": 42, "seconds": 180}
    assert line["challenge_kind"] == "ibkey_push"


# --- review of issue 19 -------------------------------------------------------------------------------------


def test_a_login_by_hand_is_never_stopped_by_the_attempt_log(tmp_path: Path) -> None:
    """S2: the log is kept for a login by hand (stops=False) but sends the password all the same; the
    success clears it."""
    log = AttemptLog(tmp_path / "attempt-log.json")
    for _ in range(5):
        view = guarded(FakeGateway(), log, max_attempts=5, stops=False).log_in("dscuser", "wrong-password")
        assert view.error_code == "INVALID_CREDENTIALS"
    assert log.failures(GATEWAY, "dscuser") == 5
    gateway = FakeGateway(session_step())
    view = guarded(gateway, log, max_attempts=5, stops=False).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.DONE
    assert gateway.calls  # the password was sent
    assert log.failures(GATEWAY, "dscuser") == 0
    stopped = guarded(FakeGateway(), log, max_attempts=1)  # an unattended run with the same log …
    stopped.log_in("dscuser", "wrong-password")
    assert stopped.log_in("dscuser", PASSWORD).error_code == MAX_ATTEMPTS_CODE  # … stops


def test_a_counted_refusal_without_attempts_left_lowers_the_log(tmp_path: Path) -> None:
    """S2: the gateway warns from 7 failures on; a counted refusal without the warning means it holds fewer
    (the desk unlocked, or they aged out): this computer's count comes down to 6, the newest kept."""
    clock = WallClock()
    log = AttemptLog(tmp_path / "attempt-log.json", clock=clock)
    for _ in range(8):
        log.record_failure(GATEWAY, "dscuser")
        clock.now += 1
    view = guarded(FakeGateway(), log, max_attempts=9).log_in("dscuser", "wrong-password")
    assert view.error_code == "INVALID_CREDENTIALS"
    assert view.attempts_left is None
    assert log.failures(GATEWAY, "dscuser") == 6
    data = json.loads(log.path.read_text())
    assert min(data["gateways"][GATEWAY]["dscuser"]) == clock.now - 5  # the oldest went
    warned = FakeGateway()
    warned.refusal_details = {"attempts_left": 2}
    guarded(warned, log, max_attempts=9).log_in("dscuser", "wrong-password")
    assert log.failures(GATEWAY, "dscuser") == 8  # the gateway's word raises it again


def test_a_locked_refusal_does_not_lower_the_log(tmp_path: Path) -> None:
    log = AttemptLog(tmp_path / "attempt-log.json")
    guard = AttemptGuard(log, GATEWAY, 9)
    for _ in range(9):
        log.record_failure(GATEWAY, "dscuser")
    guard.observe(LoginView(Stage.LOCKED, error_code="LOCKED", username="dscuser"))
    assert log.failures(GATEWAY, "dscuser") == 10


def test_a_restart_login_begins_a_new_login_for_the_retries() -> None:
    """C2: `Restarting…` begins a login as `Logging in…` does: the retry budget starts afresh."""
    pilot = Autopilot(Policies(on_second_factor_timeout="retry", retries=1))
    assert pilot.decide(push_view("EXPIRED", sequence=1)).action == "resend_push"
    restarting = LoginView(Stage.WORKING, problem=texts.message(texts.RESTARTING))
    assert begins_login(restarting)
    assert begins_login(LoginView(Stage.WORKING, problem=texts.message(texts.LOGGING_IN)))
    assert not begins_login(LoginView(Stage.WORKING, problem=texts.message(texts.STARTING)))
    pilot.decide(restarting)
    assert pilot.decide(push_view("EXPIRED", sequence=2)).action == "resend_push"


def _record_failures(path: str, barrier: object, count: int) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    log = AttemptLog(path)
    for _ in range(count):
        log.record_failure(GATEWAY, "dscuser")


def test_two_processes_lose_none_of_each_others_failures(tmp_path: Path) -> None:
    """C4: the read-modify-write is locked across processes (an OS lock beside the log)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    path = str(tmp_path / "attempt-log.json")
    workers = [context.Process(target=_record_failures, args=(path, barrier, 40)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert AttemptLog(path).failures(GATEWAY, "dscuser") == 80
    assert oct(os.stat(tmp_path / "attempt-log.json.lock").st_mode & 0o777) == "0o600"


def test_a_restart_key_that_cannot_be_read_is_said_and_the_event_written_once() -> None:
    """S1/D1: one rule for the console and the window: the store's error becomes (None, why) and the --json
    `restart refused RESTART_NO_KEY` event."""
    from trader_login.auth.client.unattended import Unattended, restart_key

    class Broken:
        def key_for(self, username: str, mode: str) -> None:
            raise ValueError("damaged entry for dscuser")

    key, notice = restart_key(Broken(), "dscuser", "live")  # type: ignore[arg-type]
    assert key is None
    assert notice == texts.message(texts.RESTART_KEY_DAMAGED, username="dscuser")
    stream = io.StringIO()
    unattended = Unattended(restart=True, restart_keys=lambda identity: Broken(), events=JsonEvents(stream))  # type: ignore[arg-type,return-value]
    unattended.flow(FakeGateway(), GATEWAY)
    assert unattended.restart_key("dscuser", "live") == (None, notice)
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(event["event"], event["status"], event["code"]) for event in events] == [
        ("restart", "refused", "RESTART_NO_KEY")
    ]
    assert "damaged entry" not in stream.getvalue()  # the store's own words are not the trader's


class BlockedStream(io.StringIO):
    """A pipe whose reader stopped: `write` waits until `release` (a safety net of 60 s, never expected)."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.released = threading.Event()
        self.entered = threading.Event()

    def write(self, text: str) -> int:
        self.entered.set()
        self.released.wait(60)
        return super().write(text)


def test_threaded_json_events_never_hold_the_caller_and_lose_nothing_at_exit() -> None:
    """S4: with a reader that stopped, emitting returns at once (a bounded queue: old `state` lines go
    first); once it reads again, close() writes the rest, the exit event last, and joins the writer."""
    stream = BlockedStream()
    events = JsonEvents(stream, threaded=True)
    events.emit("message", code="FIRST")
    assert stream.entered.wait(60)  # the writer is stuck in write(), the caller is not
    for number in range(JsonEvents.QUEUE_LINES + 200):
        events.emit("state", stage="working", n=number)
    events.emit("message", code="LAST")
    events.exit(ExitCode.SESSION)
    assert events.dropped == 202  # only state lines: the messages and the exit stay
    stream.released.set()
    events.close()
    assert events._writer is not None
    assert not events._writer.is_alive()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["code"] == "FIRST"
    assert [line["event"] for line in lines[-2:]] == ["message", "exit"]
    assert lines[-2]["code"] == "LAST"
    states = [line["n"] for line in lines if line["event"] == "state"]
    assert states == list(range(202, JsonEvents.QUEUE_LINES + 200))  # the newest kept, in order
    events.emit("message", code="AFTER")  # after close(): nothing more
    assert "AFTER" not in stream.getvalue()


class LoggingOut:
    """A flow standing in a session, and a key store: what each held when the other was called."""

    def __init__(self, *, keychain_fails: bool = False) -> None:
        from types import SimpleNamespace

        self.view = SimpleNamespace(session=SimpleNamespace(username="dscuser", mode="live"))
        self.keychain_fails = keychain_fails
        self.calls: list[str] = []

    def log_out(self, forget_device: bool = False) -> str:
        self.calls.append(f"log_out(forget_device={forget_device})")
        return "credentials"

    def forget(self, username: str, mode: str) -> None:
        self.calls.append(f"forget({username}, {mode})")
        if self.keychain_fails:
            raise OSError("the keychain is locked")


def test_forget_this_computer_deletes_the_key_before_the_logout_shows_its_view() -> None:
    """Once the logout's view is shown (the login window back), the key is gone: a race the stress run
    found when the key went after the logout."""
    from trader_login.auth.client.unattended import log_out

    both = LoggingOut()
    assert log_out(both, both, forget_device=True) == "credentials"  # type: ignore[arg-type]
    assert both.calls == ["forget(dscuser, live)", "log_out(forget_device=True)"]

    kept = LoggingOut()
    log_out(kept, kept)  # type: ignore[arg-type]
    assert kept.calls == ["log_out(forget_device=False)"]


def test_a_keychain_that_fails_to_forget_still_logs_out_and_says_so() -> None:
    from trader_login.auth.client.unattended import log_out

    both = LoggingOut(keychain_fails=True)
    with pytest.raises(OSError, match="locked"):
        log_out(both, both, forget_device=True)  # type: ignore[arg-type]
    assert both.calls == ["forget(dscuser, live)", "log_out(forget_device=True)"]
