"""Retention (issue 17, Deliver 4): what the pruner deletes and what it never does (a live login, an active
session, a lock in force, a failure R3 still counts), its batches, one pruner at a time per database, its
schedule, its event and `sls-gateway prune` - on SQLite and PostgreSQL.

The plateau under a steady load of failed starts is in test_retention_growth.py."""

from __future__ import annotations

import argparse
import contextlib
import io
import threading
from typing import Any

import pytest
from sqlalchemy import Delete, event, func, insert, select

from tests.gateway.conftest import DAY, LOCAL, Sls, Storage, dsc_response, gateway_config
from trader_login.app.harness import HarnessClock
from trader_login.auth.devices.ibkey import new_device_nonce
from trader_login.auth.gateway import audit, retention
from trader_login.auth.gateway.errors import unavailable
from trader_login.auth.gateway.events import Event, Events
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.retention import PRUNED, PRUNED_AT, Pruner, RetentionPolicy, prune_command
from trader_login.auth.gateway.store import (
    Store,
    audit_events,
    device_links,
    devices,
    failures,
    lockouts,
    logins,
    metadata,
    outbox,
    push_requests,
    rate_limits,
    sessions,
    settings,
    users,
)

SAFETY_NET = 60.0  # seconds; a wait for a thread's state that is never reached when things work
PRUNED_TABLES = ("logins", "push_requests", "rate_limits", "device_nonces", "outbox", "sessions")
PRUNED_TABLES += ("failures", "lockouts")  # and audit_events, kept 90 days by default
KEPT_TABLES = (users, devices, device_links)
# Every age 0: only what is no longer live is left to protect it.
NOTHING_KEPT = RetentionPolicy(logins=0, outbox=0, sessions=0, audit=0)


def counts(store: Store, *tables: Any) -> dict[str, int]:
    """Rows per table (every pruned table without `tables`)."""
    chosen = tables or [metadata.tables[name] for name in PRUNED_TABLES]
    with store.read() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in chosen
        }


def pruner(gateway: Gateway, policy: RetentionPolicy = NOTHING_KEPT, **kwargs: Any) -> Pruner:
    return Pruner(gateway.store, policy, gateway.clock, config=gateway.config, **kwargs)


def add_rows(store: Store, table: Any, rows: list[dict[str, Any]]) -> None:
    with store.write() as connection:
        connection.execute(insert(table), rows)


# --- what goes --------------------------------------------------------------------------------------------


def test_everything_past_its_age_is_pruned_and_counted_per_table(storage: Storage, clock: HarnessClock):
    """A login at each stage a failed or abandoned attempt leaves (password failed, IB Key notification
    pending, SMS texted), a rate-limit window, a device nonce, a logged-out and an expired session, R3's
    failures and a lock: past every age with the default policy, all of them go, and the counts say so.
    Users, devices and their links stay."""
    gateway = storage.gateway(clock=clock, config=gateway_config(rate_limit=RateLimit()))
    try:
        sls = Sls(gateway)
        sls.fail_password("nosuchuser")  # a decoy login, a failure of an unknown name
        sls.password("ibkeyuser")  # a notification pending
        sls.password("smsuser")  # a text in the outbox
        sls.fail_responses("dscuser", 10)  # ten failures and a lock
        sls.service.logout(sls.login("paperuser", mode="paper")["session_token"])
        assert sls.login("optoutuser")["step"] == "session"  # a session left to expire
        gateway.service.use_device_nonce("IBK-0123", new_device_nonce(), int(clock()), clock())
        before = counts(gateway.store)
        assert all(before.values()), before
        kept = counts(gateway.store, *KEPT_TABLES)

        clock.advance(30 * DAY + 13 * 3600)  # past the sessions' age, after the 12 h session expired
        deleted = pruner(gateway, RetentionPolicy()).prune()

        assert {name: deleted[name] for name in PRUNED_TABLES} == before
        assert counts(gateway.store) == dict.fromkeys(PRUNED_TABLES, 0)
        assert counts(gateway.store, *KEPT_TABLES) == kept
        assert sls.failures("dscuser") == 0
        assert sls.locked_until("dscuser") is None
        assert sls.login("dscuser")["step"] == "session"  # the user logs in as before
    finally:
        gateway.close()


def test_each_age_of_the_policy_is_the_cut_off_of_its_tables(gateway: Gateway, clock: HarnessClock):
    """Rows just inside each age stay, rows just past it go (ages apart, so a cut-off read from the wrong
    age fails)."""
    policy = RetentionPolicy(logins=100, outbox=350, sessions=300, audit=400)
    now = clock()
    window = gateway.config.lockout.window
    add_rows(
        gateway.store,
        outbox,
        [{"phone": "+1555", "channel": "sms", "text": "x", "at": now - a} for a in (349, 351)],
    )
    add_rows(
        gateway.store,
        failures,
        [{"username": "nobody", "at": now - window + 1}, {"username": "nobody", "at": now - window}],
    )
    add_rows(
        gateway.store,
        lockouts,
        [{"username": "a", "locked_until": now + 1}, {"username": "b", "locked_until": now}],
    )
    add_rows(
        gateway.store,
        rate_limits,
        [
            {"address": "10.0.0.1", "window_start": now - 99 - 60, "count": 1},
            {"address": "10.0.0.2", "window_start": now - 100 - 60, "count": 1},
        ],
    )
    ended = {
        "user_id": 1,
        "username": "dscuser",
        "mode": "live",
        "restrictions": [],
        "created_at": now - 1000,
    }
    add_rows(
        gateway.store,
        sessions,
        [
            {
                **ended,
                "id": b"logged-out-kept",
                "status": "logged_out",
                "ended_at": now - 299,
                "expires_at": now + 9,
            },
            {
                **ended,
                "id": b"logged-out-gone",
                "status": "logged_out",
                "ended_at": now - 300,
                "expires_at": now + 9,
            },
            {
                **ended,
                "id": b"taken-over-gone",
                "status": "taken_over",
                "ended_at": now - 301,
                "expires_at": now + 9,
            },
            {**ended, "id": b"expired-kept", "status": "active", "ended_at": None, "expires_at": now - 299},
            {**ended, "id": b"expired-gone", "status": "active", "ended_at": None, "expires_at": now - 300},
        ],
    )
    add_rows(
        gateway.store,
        audit_events,
        [{"at": now - 399, "kind": "login.failed"}, {"at": now - 400, "kind": "x"}],
    )
    deleted = Pruner(
        gateway.store, policy, clock, config=gateway_config(rate_limit=RateLimit(window=60))
    ).prune()
    assert deleted | {"logins": 0, "push_requests": 0, "device_nonces": 0} == deleted
    assert {
        k: deleted[k] for k in ("outbox", "failures", "lockouts", "rate_limits", "sessions", "audit_events")
    } == {
        "audit_events": 1,
        "outbox": 1,
        "failures": 1,
        "lockouts": 1,
        "rate_limits": 1,
        "sessions": 3,
    }
    with gateway.store.read() as connection:
        assert connection.execute(select(sessions.c.id).order_by(sessions.c.id)).scalars().all() == [
            b"expired-kept",
            b"logged-out-kept",
        ]
        assert connection.execute(select(lockouts.c.username)).scalars().all() == ["a"]
        assert connection.execute(select(rate_limits.c.address)).scalars().all() == ["10.0.0.1"]
        older = select(audit_events.c.kind).where(audit_events.c.at < now)  # not the seed's, nor the prune's
        assert connection.execute(older).scalars().all() == ["login.failed"]


def test_a_logins_notifications_go_with_it(gateway: Gateway, clock: HarnessClock):
    sls = Sls(gateway)
    for _ in range(3):
        sls.password("ibkeyuser")
    assert counts(gateway.store, logins, push_requests) == {"logins": 3, "push_requests": 3}
    clock.advance(gateway.config.login_ttl + retention.HOUR)
    deleted = pruner(gateway, RetentionPolicy()).prune()
    assert (deleted["logins"], deleted["push_requests"]) == (3, 3)
    assert counts(gateway.store, logins, push_requests) == {"logins": 0, "push_requests": 0}


# --- what stays -------------------------------------------------------------------------------------------


def test_nothing_live_is_pruned_whatever_the_ages(gateway: Gateway, clock: HarnessClock):
    """Every age 0: an active session, a login waiting for its second factor, a login whose notification
    expired (the login is still live and reads it), a lock in force and the failures R3 counts all stay,
    up to the moment each ends - and each still works after the prune."""
    sls = Sls(gateway)
    session = sls.login("paperuser", mode="paper")["session_token"]
    sls.fail_responses("carduser", 10)  # a lock until now + 24 h, ten failures
    sls.fail_password("nosuchuser")  # one failure of an unknown name, at the same moment
    locked_at = clock()
    push_token, _ = sls.password("ibkeyuser")
    clock.advance(gateway.config.push_ttl + 1)  # the notification has expired, its login has not
    dsc_token, step = sls.password("dscuser")  # mid-way: its challenge is shown
    clock.advance(10)
    pruner(gateway).prune()

    assert sls.service.session_status(session)["status"] == "active"
    answer = dsc_response(sls.device("dscuser", "dscplus"), step["challenge"]["challenge"])
    assert sls.service.respond(dsc_token, answer, LOCAL)["step"] == "session"
    refused = sls.refused("EXPIRED", sls.service.push_status, push_token)
    assert refused.status == 410  # the notification's expiry told, as without the prune
    assert sls.failures("nosuchuser") == 1
    assert sls.locked_until("carduser") == locked_at + gateway.config.lockout.duration

    # A second before the window and the lock end, both still count; at that moment both are gone.
    clock.advance(locked_at + DAY - 1 - clock())
    pruner(gateway).prune()
    assert sls.failures("nosuchuser") == 1
    assert sls.locked_until("carduser") == locked_at + DAY
    clock.advance(1)
    deleted = pruner(gateway).prune()
    assert (deleted["failures"], deleted["lockouts"]) == (11, 1)
    assert sls.failures("carduser") == 0
    assert sls.locked_until("carduser") is None


# --- how ----------------------------------------------------------------------------------------------------


def test_a_prune_deletes_in_short_transactions_of_at_most_a_batch(gateway: Gateway, clock: HarnessClock):
    """23 expired failures with batches of 5: five write transactions delete them (5, 5, 5, 5, 3), each
    releasing the writer lock for the logins waiting."""
    add_rows(gateway.store, failures, [{"username": f"n{i}", "at": clock() - DAY - i} for i in range(23)])
    deleted_rows: list[int] = []
    per_transaction: list[int] = []
    original = gateway.store.write

    @contextlib.contextmanager
    def counted_write():
        with original() as connection:
            start = len(deleted_rows)
            yield connection
            per_transaction.append(sum(deleted_rows[start:]))

    def count_deletes(_connection, statement, *_args) -> None:
        if isinstance(statement, Delete) and statement.table is failures:
            deleted_rows.append(_args[-1].rowcount)

    event.listen(gateway.store.engine, "after_execute", count_deletes)
    gateway.store.write = counted_write  # type: ignore[method-assign]
    try:
        deleted = pruner(gateway, batch=5).prune()
    finally:
        del gateway.store.write
        event.remove(gateway.store.engine, "after_execute", count_deletes)
    assert deleted["failures"] == 23
    assert [n for n in per_transaction if n] == [5, 5, 5, 5, 3]


def test_two_pruners_on_one_database_one_prunes_the_other_skips(storage: Storage, clock: HarnessClock):
    """Two gateways' pruners (two stores, as two processes have) look at once: one claims the prune
    (`pruned_at`, under the writer lock) and deletes everything, the other skips; neither prunes again
    until `every` has passed, then the first to look does."""
    first = storage.gateway(clock=clock)
    second = storage.gateway(clock=clock)
    try:
        add_rows(first.store, failures, [{"username": f"n{i}", "at": clock() - DAY - 1} for i in range(40)])
        add_rows(
            first.store, outbox, [{"phone": "+1", "channel": "sms", "text": "x", "at": clock() - 7200}] * 7
        )
        policy = RetentionPolicy(every=300)
        pruners = [Pruner(g.store, policy, clock, config=g.config, batch=8) for g in (first, second)]
        barrier = threading.Barrier(2)
        outcomes: list[Any] = [None, None]

        def look(index: int) -> None:
            barrier.wait(timeout=SAFETY_NET)
            outcomes[index] = pruners[index].prune_if_due()

        threads = [threading.Thread(target=look, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SAFETY_NET)
        done = [o for o in outcomes if o is not None]
        assert len(done) == 1, outcomes
        assert (done[0]["failures"], done[0]["outbox"]) == (40, 7)
        assert counts(first.store, failures, outbox) == {"failures": 0, "outbox": 0}

        add_rows(first.store, failures, [{"username": "late", "at": clock() - DAY - 1}])
        clock.advance(299)
        assert [p.due() for p in pruners] == [False, False]
        assert [p.prune_if_due() for p in pruners] == [None, None]
        clock.advance(1)
        assert [p.due() for p in pruners] == [True, True]
        again = pruners[1].prune_if_due()
        assert again is not None
        assert again["failures"] == 1
        assert pruners[0].prune_if_due() is None
    finally:
        first.close()
        second.close()


def test_due_follows_the_last_prune_of_any_process_and_never_with_every_zero(
    gateway: Gateway, clock: HarnessClock
):
    scheduled = pruner(gateway, RetentionPolicy(every=60))
    assert scheduled.due()  # never pruned
    pruner(gateway, RetentionPolicy(every=0)).prune()  # `sls-gateway prune` from cron
    with gateway.store.read() as connection:
        assert (
            connection.execute(select(settings.c.value).where(settings.c.name == PRUNED_AT)).scalar()
            == clock()
        )
    assert not scheduled.due()
    assert scheduled.due(clock() + 60)
    assert scheduled.due(clock() - 60)  # the last prune's time lies ahead: a clock was wrong then
    assert not scheduled.due(clock() - 59)  # (a host a little ahead is no reason to prune twice)
    never = pruner(gateway, RetentionPolicy(every=0))
    assert not never.due(clock() + 10 * DAY)
    assert never.prune_if_due(clock() + 10 * DAY) is None


def test_the_schedule_prunes_at_start_in_a_thread_that_stops_at_once(gateway: Gateway, clock: HarnessClock):
    """`start()` prunes at once (due: never pruned), then waits `every` (an hour here) on an event:
    `stop()` ends the wait, and the thread, at once."""
    add_rows(gateway.store, failures, [{"username": "old", "at": clock() - DAY - 1}])
    events = Events(clock)
    pruned = threading.Event()
    seen: list[Event] = []
    events.add_sink(lambda batch: (seen.extend(batch), pruned.set()))
    scheduled = Pruner(gateway.store, RetentionPolicy(every=3600), clock, events, config=gateway.config)
    scheduled.start()
    thread = scheduled._thread
    try:
        assert pruned.wait(SAFETY_NET)
        assert scheduled.running
    finally:
        scheduled.stop()
    assert thread is not None
    assert not thread.is_alive()
    assert not scheduled.running
    assert counts(gateway.store, failures) == {"failures": 0}
    (event,) = seen
    assert event.kind == PRUNED
    assert event.at == clock()
    assert event.detail["failures"] == 1
    assert set(event.detail) >= set(PRUNED_TABLES)


def test_every_zero_starts_no_thread(gateway: Gateway):
    scheduled = pruner(gateway, RetentionPolicy(every=0))
    scheduled.start()
    assert not scheduled.running
    assert scheduled._thread is None
    scheduled.stop()


def test_the_thread_survives_an_unavailable_database(gateway: Gateway, clock: HarnessClock, caplog):
    """A prune that meets the database unavailable is logged and tried again at the next turn; the
    thread goes on (and stops at once when asked)."""
    looks = threading.Semaphore(0)
    scheduled = pruner(gateway, RetentionPolicy(every=3600))

    def database_away(*_args: Any) -> None:
        looks.release()
        raise unavailable(5)

    scheduled._prune_if_due = database_away  # type: ignore[method-assign]
    scheduled.start()
    try:
        assert looks.acquire(timeout=SAFETY_NET)
        assert scheduled.running
    finally:
        scheduled.stop()
    assert "pruning failed" in caplog.text


# --- the command and the event ------------------------------------------------------------------------------


def test_prune_command_prunes_now_and_prints_the_rows_per_table(gateway: Gateway, clock: HarnessClock):
    sls = Sls(gateway)
    sls.fail_password("nosuchuser", 2)
    clock.advance(gateway.config.lockout.window + 1)
    out = io.StringIO()
    assert prune_command(gateway, argparse.Namespace(), out) == 0
    lines = dict(line.split() for line in out.getvalue().splitlines())
    assert (lines["logins"], lines["failures"]) == ("2", "2")
    assert int(lines["total"]) == sum(int(v) for k, v in lines.items() if k != "total")
    assert set(lines) >= {*PRUNED_TABLES, "total"}
    assert counts(gateway.store, logins, failures) == {"logins": 0, "failures": 0}
    assert not Pruner.for_gateway(gateway).due()  # the schedule waits `every` from this prune


def test_prune_command_uses_the_gateways_retention(storage: Storage, clock: HarnessClock):
    """`keep_outbox` of the operator's settings reaches the command through the gateway's config."""
    gateway = storage.gateway(
        clock=clock, config=gateway_config(retention=RetentionPolicy(outbox=retention.DAY))
    )
    try:
        add_rows(
            gateway.store, outbox, [{"phone": "+1", "channel": "sms", "text": "x", "at": clock() - 7200}]
        )
        out = io.StringIO()
        prune_command(gateway, argparse.Namespace(), out)
        assert "outbox" in out.getvalue()
        assert counts(gateway.store, outbox) == {"outbox": 1}
    finally:
        gateway.close()


def test_prune_events_reach_the_hubs_sinks_once_committed(gateway: Gateway, clock: HarnessClock):
    add_rows(
        gateway.store, outbox, [{"phone": "+1", "channel": "sms", "text": "x", "at": clock() - 7200}] * 3
    )
    seen: list[Event] = []
    gateway.events.add_sink(seen.extend)
    deleted = Pruner.for_gateway(gateway).prune()
    (event,) = seen
    assert (event.kind, dict(event.detail)) == (PRUNED, deleted)
    assert deleted["outbox"] == 3


def test_prune_events_are_an_audit_kind_kept_in_the_trails_table(gateway: Gateway, clock: HarnessClock):
    """The audit trail records a prune (its table and lines): what was deleted, when, per table."""
    assert PRUNED == audit.RETENTION_PRUNED
    assert PRUNED in audit.KINDS
    # The gateway's own trail records it (Gateway installs one).
    add_rows(gateway.store, failures, [{"username": "old", "at": clock() - DAY - 1}] * 2)
    deleted = Pruner.for_gateway(gateway).prune()
    with gateway.store.read() as connection:
        (row,) = connection.execute(select(audit_events).where(audit_events.c.kind == PRUNED)).all()
    assert row.at == clock()
    assert row.detail == deleted
    assert deleted["failures"] == 2
    # A prune that finds nothing is not recorded: every five minutes it would only be noise.
    clock.advance(60)
    assert sum(Pruner.for_gateway(gateway).prune().values()) == 0
    with gateway.store.read() as connection:
        assert len(connection.execute(select(audit_events).where(audit_events.c.kind == PRUNED)).all()) == 1


@pytest.mark.parametrize("field", ["every", "logins", "outbox", "sessions", "audit"])
@pytest.mark.parametrize("value", [-1, float("nan"), float("inf")])
def test_a_policy_with_a_negative_or_unbounded_age_is_refused(field: str, value: float):
    with pytest.raises(ValueError, match=f"retention: {field} "):
        RetentionPolicy(**{field: value})


def test_a_batch_below_one_is_refused(gateway: Gateway):
    with pytest.raises(ValueError, match="batch"):
        pruner(gateway, batch=0)


def test_a_text_is_kept_while_its_code_is_good_whatever_the_outbox_age(gateway: Gateway, clock: HarnessClock):
    """A texted or spoken code is good for SMS_CODE_TTL (5 minutes): an outbox age below that (even 0)
    never deletes a message the phone has still to show."""
    now = clock()
    add_rows(
        gateway.store,
        outbox,
        [{"phone": "+1555", "channel": "sms", "text": "x", "at": now - a} for a in (299, 301)],
    )
    deleted = pruner(gateway, RetentionPolicy(logins=100, outbox=0, sessions=300, audit=400)).prune()
    assert deleted["outbox"] == 1
    with gateway.store.read() as connection:
        assert connection.execute(select(outbox.c.at)).scalars().all() == [now - 299]
