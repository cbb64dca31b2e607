"""The gateway's Prometheus metrics (issue 17), through its service layer on SQLite and PostgreSQL: each
counter moves when its thing happens (a login started, succeeded by device kind and mode, refused by
reason; a lockout; a rate-limited request; push outcomes; second-factor outcomes; desk actions; sessions
ended; the database's trouble), every audit event kind is counted or deliberately ignored, and no label
ever carries a user name, an address or a secret.

The HTTP side (the scrape, request latency by route template) is test_metrics_http.py; several worker
processes, test_metrics_workers.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from tests.gateway.conftest import (
    LOCAL,
    PASSWORD,
    PIN,
    START,
    Sls,
    Storage,
    dsc_response,
    gateway_config,
    new_srp_client,
)
from tests.postgres_server import free_port
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway import audit
from trader_login.auth.gateway import metrics as metrics_module
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.metrics import GatewayMetrics
from trader_login.auth.gateway.rate_limit import RateLimit

P = "sls_gateway_"


class Counted:
    """A gateway's metrics, read sample by sample (0 for a series not there yet)."""

    def __init__(self, gateway: Gateway) -> None:
        self.metrics = GatewayMetrics.of(gateway.service)

    def __call__(self, name: str, **labels: str) -> float:
        value = self.metrics.registry.get_sample_value(P + name, labels)
        return 0.0 if value is None else value

    def snapshot(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        """Every sample of the gateway's own counters, by name and labels."""
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in self.metrics.registry.collect()
            if family.name.startswith(P)
            for sample in family.samples
            if not sample.name.endswith("_created")
        }


@pytest.fixture
def counted(gateway: Gateway) -> Counted:
    return Counted(gateway)


def moved(before: dict, after: dict) -> dict:
    """The samples that changed between two snapshots, with their change."""
    return {key: after[key] - before.get(key, 0.0) for key in after if after[key] != before.get(key, 0.0)}


# --- logins ----------------------------------------------------------------------------------------------


def test_a_dscplus_login_counts_started_succeeded_and_the_accepted_answer(sls: Sls, counted: Counted) -> None:
    before = counted.snapshot()
    assert sls.login("dscuser")["step"] == "session"
    assert moved(before, counted.snapshot()) == {
        (P + "logins_started_total", (("mode", "live"),)): 1.0,
        (P + "logins_succeeded_total", (("device_kind", "dscplus"), ("mode", "live"))): 1.0,
        (P + "second_factor_outcomes_total", (("device_kind", "dscplus"), ("result", "accepted"))): 1.0,
    }


def test_a_paper_login_succeeds_with_no_second_factor(sls: Sls, counted: Counted) -> None:
    assert sls.login("paperuser", mode="paper")["step"] == "session"
    assert counted("logins_started_total", mode="paper") == 1
    assert counted("logins_succeeded_total", device_kind="none", mode="paper") == 1
    assert counted("logins_succeeded_total", device_kind="none", mode="live") == 0


def test_refusals_are_counted_by_reason(sls: Sls, counted: Counted) -> None:
    sls.fail_password("dscuser")
    sls.fail_password("nosuchuser")
    sls.refused_any(sls.password, "paperuser", mode="live")  # paper credentials in live mode
    assert counted("logins_refused_total", reason="password") == 1
    assert counted("logins_refused_total", reason="unknown_user") == 1
    assert counted("logins_refused_total", reason="wrong_mode") == 1
    assert counted("logins_started_total", mode="live") == 3
    assert counted("logins_succeeded_total", device_kind="none", mode="live") == 0


def test_r3_the_tenth_failure_counts_one_lockout_and_later_attempts_are_refused_locked(
    sls: Sls, counted: Counted
) -> None:
    sls.fail_password("dscuser", times=9)
    assert counted("lockouts_total") == 0
    sls.fail_password("dscuser")
    assert counted("lockouts_total") == 1
    sls.fail_password("dscuser")  # while locked: refused LOCKED, the lock extended, not a new lockout
    assert counted("lockouts_total") == 1
    assert counted("logins_refused_total", reason="locked") >= 1


def test_a_wrong_dscplus_response_counts_a_refused_second_factor(sls: Sls, counted: Counted) -> None:
    sls.fail_responses("dscuser", 2)
    assert counted("second_factor_outcomes_total", device_kind="dscplus", result="wrong_response") == 2
    assert counted("logins_refused_total", reason="wrong_response") == 2
    assert counted("second_factor_outcomes_total", device_kind="dscplus", result="accepted") == 0


def test_an_expired_challenge_counts_an_expired_second_factor(sls: Sls, counted: Counted) -> None:
    token, out = sls.password("dscuser")
    sls.clock.advance(181)
    challenge = out["challenge"]["challenge"]
    sls.refused(
        "EXPIRED",
        sls.service.respond,
        token,
        dsc_response(sls.device("dscuser", "dscplus"), challenge),
        LOCAL,
    )
    assert counted("second_factor_outcomes_total", device_kind="dscplus", result="expired") == 1
    assert counted("logins_refused_total", reason="wrong_response") == 0


# --- IB Key notifications -----------------------------------------------------------------------------------


def test_r5_push_approved_and_denied(sls: Sls, counted: Counted) -> None:
    app = sls.device("ibkeyuser", "ibkey")
    token, _ = sls.password("ibkeyuser")
    sls.decide(app, "deny")
    sls.refused("LOGIN_FAILED", sls.service.push_status, token)
    assert counted("push_outcomes_total", outcome="denied") == 1
    assert counted("logins_refused_total", reason="push_denied") == 1
    assert counted("second_factor_outcomes_total", device_kind="ibkey", result="push_denied") == 1
    sls.decide(app, "approve")
    assert sls.service.push_status(token)["step"] == "session"
    assert counted("push_outcomes_total", outcome="approved") == 1
    assert counted("logins_succeeded_total", device_kind="ibkey", mode="live") == 1


def test_r5_push_expired_and_cancelled(sls: Sls, counted: Counted) -> None:
    token, _ = sls.password("ibkeyuser")
    sls.clock.advance(181)
    sls.refused("EXPIRED", sls.service.push_status, token)
    assert counted("push_outcomes_total", outcome="expired") == 1
    token, _ = sls.password("ibkeyuser")
    sls.service.switch_to_challenge(token)  # "I did not receive the notification": withdrawn
    assert counted("push_outcomes_total", outcome="cancelled") == 1
    assert counted("push_outcomes_total", outcome="approved") == 0


# --- rate limit, sessions, the desk ----------------------------------------------------------------------


@pytest.fixture
def limited(storage: Storage) -> Iterator[Sls]:
    gateway = storage.gateway(
        config=gateway_config(rate_limit=RateLimit(requests=2, window=60)), clock=HarnessClock(START)
    )
    yield Sls(gateway)
    gateway.close()


def test_a_rate_limited_request_is_counted(limited: Sls) -> None:
    counted = Counted(limited.gateway)

    def start() -> Any:
        return limited.service.start_login("dscuser", "live", new_srp_client("dscuser").public, "192.0.2.10")

    start()
    start()
    assert counted("rate_limited_requests_total") == 0
    limited.refused("RATE_LIMITED", start)
    assert counted("rate_limited_requests_total") == 1
    assert counted("logins_started_total", mode="live") == 2


def test_sessions_ended_by_takeover_and_logout(sls: Sls, counted: Counted) -> None:
    first = sls.login("dscuser")
    token, out = sls.password("dscuser")
    out = sls.answer("dscuser", token, out)
    assert out["step"] == "existing_session"
    finished = sls.service.answer_existing_session(token, True)
    assert counted("sessions_ended_total", how="taken_over") == 1
    sls.service.logout(finished["session_token"])
    assert counted("sessions_ended_total", how="logged_out") == 1
    assert first["session_token"] != finished["session_token"]


def test_desk_actions_are_counted_by_action(sls: Sls, counted: Counted) -> None:
    sls.fail_password("dscuser", times=10)
    sls.desk.unlock("dscuser")
    sls.desk.issue_temp_passcode("carduser")
    assert counted("desk_actions_total", action="unlocked") == 1
    assert counted("desk_actions_total", action="temp_passcode_issued") == 1
    assert counted("desk_actions_total", action="user_added") == 0


# --- the database's trouble ---------------------------------------------------------------------------------


def test_database_errors_and_retries_are_counted(
    gateway: Gateway, storage: Storage, counted: Counted
) -> None:
    store = gateway.store
    own = store.engine
    if storage.is_postgresql:  # refused connections: retried, then UNAVAILABLE
        url = storage.server.url(storage.database).replace(f":{storage.server.port}/", f":{free_port()}/")
    else:  # a file that cannot be opened: UNAVAILABLE at once (SQLite's busy timeout already waited)
        url = f"sqlite:///{gateway.data_dir / 'no-such-directory' / 'x.sqlite3'}"
    store.engine = create_engine(url, poolclass=NullPool)
    try:
        with pytest.raises(GatewayError) as refused, store.read():
            pass
        assert refused.value.code == "UNAVAILABLE"
    finally:
        store.engine.dispose()
        store.engine = own
    assert counted("database_errors_total", phase="begin_read") == 1
    retries = counted("database_retries_total", phase="begin_read")
    assert retries == (3 if storage.is_postgresql else 0)
    with store.read():  # back: nothing more counted
        pass
    assert counted("database_errors_total", phase="begin_read") == 1


# --- every kind, every label ------------------------------------------------------------------------------


def test_every_audit_kind_is_counted_or_ignored_on_purpose(gateway: Gateway, counted: Counted) -> None:
    fields = {
        "reason": "password",
        "device_kind": "dscplus",
        "detail": {"mode": "live", "logins": 3},
    }
    not_counted = []
    for kind in audit.KINDS:
        before = counted.snapshot()
        gateway.events.emit(None, kind, username="dscuser", address=LOCAL, **fields)
        if not moved(before, counted.snapshot()):
            not_counted.append(kind)
    assert sorted(not_counted) == sorted(metrics_module.IGNORED)


def test_an_event_rolled_back_is_not_counted(gateway: Gateway, counted: Counted) -> None:
    def failing_step() -> None:
        with gateway.store.write() as connection:
            gateway.events.emit(connection, audit.ACCOUNT_LOCKED, username="dscuser")
            raise RuntimeError("the step failed after its event")

    with pytest.raises(RuntimeError):
        failing_step()
    assert counted("lockouts_total") == 0
    with gateway.store.write() as connection:
        gateway.events.emit(connection, audit.ACCOUNT_LOCKED, username="dscuser")
    assert counted("lockouts_total") == 1


def test_two_gateways_in_one_process_count_apart(storage: Storage, sls: Sls, counted: Counted) -> None:
    other = storage.gateway(clock=HarnessClock(START))
    try:
        sls.fail_password("dscuser")
        assert counted("logins_refused_total", reason="password") == 1
        assert Counted(other)("logins_refused_total", reason="password") == 0
        assert GatewayMetrics.of(other.service) is not counted.metrics
        assert GatewayMetrics.of(sls.gateway.desk) is counted.metrics  # the desk shares its gateway's hub
    finally:
        other.close()


def test_metrics_inherited_across_a_fork_are_replaced_in_the_child(
    gateway: Gateway, counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A supervisor that made the gateway's metrics before forking: each worker counts in its own (made in
    # the workers' directory when the supervisor prepared one), and the inherited copy stops counting.
    inherited = counted.metrics
    monkeypatch.setattr(metrics_module, "os", SimpleNamespace(getpid=lambda: -1))
    child = GatewayMetrics.of(gateway.service)
    assert child is not inherited
    assert GatewayMetrics.of(gateway.desk) is child
    gateway.events.emit(None, audit.ACCOUNT_LOCKED, username="dscuser")
    assert child.registry.get_sample_value(P + "lockouts_total") == 1
    assert counted("lockouts_total") == 0


def closed_sets() -> dict[str, set[str]]:
    """Every label's allowed values (beyond "other"), by label name, for the gateway's own metrics."""
    return {
        "mode": set(metrics_module.MODES),
        "device_kind": set(metrics_module.DEVICE_KINDS),
        "reason": set(metrics_module.REFUSAL_REASONS),
        "outcome": set(metrics_module.PUSH_OUTCOMES),
        "result": set(metrics_module.SECOND_FACTOR_RESULTS),
        "action": set(metrics_module.DESK_ACTIONS),
        "how": set(metrics_module.SESSION_ENDINGS.values()),
        "table": set(metrics_module.PRUNED_TABLES),
        "phase": set(metrics_module.DATABASE_PHASES.values()),
        "method": set(metrics_module.HTTP_METHODS),
        "event": set(metrics_module.RESTART_EVENTS.values()),  # restart grants (issue 19)
        "restart_reason": set(metrics_module.RESTART_REASONS),
    }


def assert_labels_closed_and_clean(text: str, secrets: list[str], extra: dict[str, set[str]] = {}) -> None:  # noqa: B006
    """Every label value of the scrape `text` is of its label's closed set, and none contains a secret."""
    allowed = {**closed_sets(), **extra}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            for label, value in sample.labels.items():
                for secret in secrets:
                    assert secret not in value, (sample.name, label)
                if not sample.name.startswith(P):
                    continue  # prometheus-client's process, platform and GC metrics: fixed by the library
                if label == "le":
                    float(value)
                elif label == "status":
                    assert re.fullmatch("[1-5][0-9][0-9]", value), (sample.name, value)
                elif label == "pid":
                    assert value.isdigit(), (sample.name, value)
                else:
                    assert label in allowed, (sample.name, label)
                    assert value in allowed[label] | {metrics_module.OTHER}, (sample.name, label, value)


LOGGED_IN = ("dscuser", "carduser", "smsuser", "onlineuser", "tempuser", "linkeduser")


def test_no_label_carries_a_user_name_an_address_or_a_secret(
    sls: Sls, counted: Counted, storage: Storage
) -> None:
    # A busy gateway: logins of every kind, refusals, a lock, a push, the desk.
    tokens = []
    for user in LOGGED_IN:
        tokens.append(sls.login(user).get("session_token", ""))
    token, _ = sls.password("ibkeyuser")
    sls.decide(sls.device("ibkeyuser", "ibkey"), "approve")
    tokens.append(sls.service.push_status(token)["session_token"])
    sls.fail_password("multiuser", times=10)
    sls.desk.unlock("multiuser")
    passcode = sls.desk.issue_temp_passcode("carduser")
    sls.fail_responses("dscuser", 1)
    users = [
        "dscuser",
        "carduser",
        "smsuser",
        "onlineuser",
        "tempuser",
        "linkeduser",
        "ibkeyuser",
        "multiuser",
    ]
    devices = [device["id"] for user in users for device in sls.desk.list_devices(user)]
    secrets = [PASSWORD, PIN, passcode, LOCAL, *users, *devices, *(t for t in tokens if t)]
    if storage.server is not None:
        secrets.append(storage.server.password)
    text, _ = counted.metrics.exposition()
    assert_labels_closed_and_clean(text.decode(), secrets)
