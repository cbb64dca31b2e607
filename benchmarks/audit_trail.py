"""What the audit trail costs a login's write transaction, as JSON: the same transactions with no trail, with
the table's recorder only, and with the table and the JSON lines (a file), interleaved round by round.

    .venv/bin/python benchmarks/audit_trail.py [--db URL] [--rounds 5] [--transactions 400]

Each transaction is a wrong password as `prove` records it (R3's failure counted through
`LockoutPolicy.fail`, which emits login.failed) and, in a tenth of them, a lock (account.locked too): one
or two events, so one or two inserts into `audit_events` and lines in the file. SQLite: a file in a
temporary directory (WAL, synchronous=NORMAL, as the gateway runs it); PostgreSQL: the URL given with --db
(its database is used as is: the schema is upgraded, rows added). The figure per setting is the median
time of one transaction over all rounds, and the trail's added time against the bare one.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trader_login.auth.gateway.audit import AuditTrail
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.store import Store

LOCKOUT = LockoutPolicy()
SETTINGS = ("none", "table", "table+lines")


def _transactions(store: Store, events: Events, count: int, run: str) -> list[float]:
    times = []
    for n in range(count):
        name = f"bench-{run}-{n % 40}"
        started = time.perf_counter()
        with store.write() as connection:
            LOCKOUT.fail(connection, events, name, 1_800_000_000.0 + n, "password", address="192.0.2.1")
        times.append(time.perf_counter() - started)
    return times


def _setting(store: Store, setting: str, folder: Path) -> tuple[Events, AuditTrail | None]:
    events = Events(time.time)
    if setting == "none":
        return events, None
    destination = folder / "audit.jsonl" if setting == "table+lines" else "off"
    return events, AuditTrail(events, store, destination)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL (default: a SQLite file in a temporary directory)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--transactions", type=int, default=400)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        store = Store(args.db or f"sqlite:///{folder / 'bench.sqlite3'}")
        try:
            times: dict[str, list[float]] = {setting: [] for setting in SETTINGS}
            for round_ in range(args.rounds):
                for setting in SETTINGS:
                    events, trail = _setting(store, setting, folder)
                    try:
                        times[setting] += _transactions(
                            store, events, args.transactions, f"{round_}{setting}"
                        )
                    finally:
                        if trail is not None:
                            trail.close()
        finally:
            store.dispose()
    medians = {setting: statistics.median(values) * 1e6 for setting, values in times.items()}
    return {
        "benchmark": "audit_trail",
        "database": "postgresql" if args.db else "sqlite",
        "python": platform.python_version(),
        "transactions": args.rounds * args.transactions,
        "median_us": {setting: round(value, 1) for setting, value in medians.items()},
        "added_us": {
            setting: round(medians[setting] - medians["none"], 1) for setting in SETTINGS if setting != "none"
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
