"""Issue 17, Deliver 4: under a steady load of failed starts, with pruning on its schedule, the database stops
growing. The movable clock makes the hours pass: each round is ten minutes of traffic - unknown user names
and wrong passwords from addresses never seen before, an abandoned SMS login and IB Key notification, a
session opened and logged out - then the schedule's look. After the first ages have passed (the warm-up),
no table holds more rows than it did at the end of the warm-up, and on SQLite the pages in use stop
growing too (freed pages are reused). On SQLite and PostgreSQL.

Without the pruning (every 0), the same load grows every table round after round: the test fails."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.gateway.conftest import Sls, Storage, gateway_config
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.retention import MINUTE, Pruner, RetentionPolicy
from trader_login.auth.gateway.store import Store, metadata

HOUR = 60 * MINUTE
ROUND = 10 * MINUTE
# Short ages, the same rules: R3's window an hour, ended logins and sessions kept half an hour and an hour,
# audit events two hours. The last of them (the audit's, 12 rounds) has passed after WARM_UP rounds.
POLICY = RetentionPolicy(
    every=5 * MINUTE, logins=30 * MINUTE, outbox=30 * MINUTE, sessions=HOUR, audit=2 * HOUR
)
LOCKOUT = LockoutPolicy(window=HOUR, duration=HOUR)
WARM_UP = 14
ROUNDS = 24
UNKNOWN_PER_ROUND = 6
WRONG_PASSWORD_USERS = ("dscuser", "carduser", "linkeduser")
TABLES = (
    "logins",
    "push_requests",
    "rate_limits",
    "outbox",
    "sessions",
    "failures",
    "lockouts",
    "audit_events",
)


def test_the_database_stops_growing_under_a_steady_load_of_failed_starts(
    storage: Storage, clock: HarnessClock
):
    gateway = storage.gateway(
        clock=clock,
        config=gateway_config(
            rate_limit=RateLimit(requests=1000, window=60), lockout=LOCKOUT, retention=POLICY
        ),
    )
    try:
        pruner = Pruner.for_gateway(gateway)
        history = [load_round(Sls(gateway), pruner, number) for number in range(ROUNDS)]
    finally:
        gateway.close()
    rows = [{table: found[table] for table in TABLES} for found in history]
    assert all(rows[WARM_UP - 1].values()), rows[WARM_UP - 1]  # the load reached every table
    for number in range(WARM_UP, ROUNDS):
        grown = {t: (n, rows[WARM_UP - 1][t]) for t, n in rows[number].items() if n > rows[WARM_UP - 1][t]}
        assert not grown, f"round {number} holds more rows than round {WARM_UP - 1}: {grown}\n{history}"
    if storage.kind == "sqlite":
        # Pages freed by a prune are reused: the high-water mark of the warm-up is never passed. (A page
        # more or less from round to round, as the B-trees split and merge.)
        most = max(found["pages in use"] for found in history[:WARM_UP])
        later = [found["pages in use"] for found in history[WARM_UP:]]
        assert max(later) <= most, (most, later)


def load_round(sls: Sls, pruner: Pruner, number: int) -> dict[str, int]:
    """Ten minutes of failed and abandoned logins, then the schedule's look; the rows (and SQLite's pages
    in use) after it."""
    for index in range(UNKNOWN_PER_ROUND):
        address = f"10.{number}.{index}.1"  # a new address each time: a rate-limit row each
        sls.fail_password(f"nobody{number}x{index}", address=address)
    for index, user in enumerate(WRONG_PASSWORD_USERS):
        sls.fail_password(user, 2, address=f"10.{number}.100.{index}")  # soon locked, still counted
    sls.password("smsuser", address=f"10.{number}.200.1")  # a text sent, the login abandoned
    sls.password("ibkeyuser", address=f"10.{number}.200.2")  # a notification sent, abandoned
    session = sls.login("paperuser", mode="paper")["session_token"]
    sls.service.logout(session)
    sls.clock.advance(ROUND)
    assert pruner.prune_if_due() is not None
    return sizes(sls.gateway.store)


def sizes(store: Store) -> dict[str, int]:
    with store.read() as connection:
        found = {
            name: connection.execute(select(func.count()).select_from(metadata.tables[name])).scalar_one()
            for name in TABLES
        }
        if store.is_sqlite:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            free = connection.exec_driver_sql("PRAGMA freelist_count").scalar_one()
            found["pages in use"] = pages - free
    return found
