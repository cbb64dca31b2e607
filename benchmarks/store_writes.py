"""Write transactions per second through `Store.write()`: PostgreSQL (with the writer lock every write takes,
and without it for scale) against SQLite, from several processes at once, as JSON.

    .venv/bin/python benchmarks/store_writes.py [--processes 2] [--threads 4] [--seconds 5] [--db URL]
        [--fsync on|off]

Each transaction is what a wrong password costs the store in `prove`: the rate limit's count for the
address, the login's stage claimed (an UPDATE of one row), R3's failure recorded, old failures forgotten,
the lock read and the failures counted; a tenth of them lock a name (the upsert). P processes with T threads
each run them back to back for S seconds on one database; the figure is the total committed per second,
with the median and 99th-percentile time of one transaction (the writer lock's wait included).

PostgreSQL: the URL given with --db (its database is used as is: tables created, rows added), or else a
throw-away server started for the run (tests/postgres_server.py) with durable settings (fsync and
synchronous_commit on, as in production; the test server turns them off; --fsync off to leave the disk
out and see the lock's own ceiling). SQLite: a file in a temporary
directory, WAL and synchronous=NORMAL as the gateway runs it. "postgresql-no-lock" runs the same
transactions on PostgreSQL outside the writer lock (row locks only; not exact for R3 - for scale only).

SRP's arithmetic on the gateway is ~22 ms of one core per login (benchmarks/kdf_srp.py, docs/performance.md),
outside any transaction: the writer lock is not the bottleneck while its writes per second are well above
the logins per second the gateway's cores can compute. docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, update

from trader_login.auth.gateway.lockout import LockoutPolicy
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.store import Store, logins

USERS = 200
RATE = RateLimit(requests=10**9, window=10**9)  # counts every request, refuses none
LOCKOUT = LockoutPolicy()


def _seed_logins(store: Store, worker: int, count: int) -> list[bytes]:
    run = os.urandom(8)  # runs on one database never reuse a login's id
    ids = [run + worker.to_bytes(4, "big") + n.to_bytes(20, "big") for n in range(count)]
    with store.write() as connection:
        connection.execute(
            insert(logins),
            [
                {
                    "id": login_id,
                    "username": "bench",
                    "mode": "live",
                    "address": "192.0.2.1",
                    "client_public": b"A",
                    "server_private": b"b",
                    "server_public": b"B",
                    "stage": "srp",
                    "created_at": 0.0,
                    "expires_at": 1e12,
                }
                for login_id in ids
            ],
        )
    return ids


def _transaction(connection: Any, worker: int, login_id: bytes, rng: random.Random, now: float) -> None:
    address = f"198.51.100.{worker % 250}"
    RATE.check(connection, address, now)
    connection.execute(update(logins).where(logins.c.id == login_id).values(stage="checked"))
    username = f"bench{rng.randrange(USERS)}"
    LOCKOUT.record_failure(connection, username, now)
    if rng.random() < 0.1:
        LOCKOUT._lock(connection, username, now)


def _worker(url: str, mode: str, worker: int, threads: int, seconds: float, start, results) -> None:
    store = Store(url)
    ids = _seed_logins(store, worker, 64)
    done: list[float] = []
    lock = threading.Lock()

    def run(thread: int) -> None:
        rng = random.Random(worker * 1000 + thread)  # noqa: S311 - which row to touch, not a secret
        own: list[float] = []
        start.wait()
        end = time.monotonic() + seconds
        while (began := time.monotonic()) < end:
            login_id = ids[rng.randrange(len(ids))]
            if mode == "postgresql-no-lock":
                with store.engine.begin() as connection:
                    _transaction(connection, worker, login_id, rng, time.time())
            else:
                with store.write() as connection:
                    _transaction(connection, worker, login_id, rng, time.time())
            own.append(time.monotonic() - began)
        with lock:
            done.extend(own)

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    store.dispose()
    results.put(done)


def measure(url: str, mode: str, processes: int, threads: int, seconds: float) -> dict[str, Any]:
    Store(url).dispose()  # the schema, before the workers race to create it
    context = mp.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(url, mode, n, threads, seconds, start, results))
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    time.sleep(3)  # the workers' imports and connections, before the clock starts (not measured)
    start.set()
    times: list[float] = []
    for _ in workers:
        times.extend(results.get(timeout=seconds + 120))
    for process in workers:
        process.join()
    times.sort()
    return {
        "transactions_per_second": round(len(times) / seconds),
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 2),
        "transactions": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--db", metavar="URL", help="a PostgreSQL database to use (default: a throw-away one)"
    )
    parser.add_argument(
        "--fsync",
        choices=("on", "off"),
        default="on",
        help="the throw-away server's fsync and synchronous_commit (off: the commit's disk flush left out)",
    )
    args = parser.parse_args()

    from tests import postgres_server

    server = None
    pg_url = args.db
    if pg_url is None:
        postgres_server.SETTINGS = {
            **postgres_server.SETTINGS,
            "fsync": args.fsync,
            "synchronous_commit": args.fsync,
            "full_page_writes": args.fsync,
        }
        server = postgres_server.PostgresServer().start()
        pg_url = server.url(server.create_database("bench"))
    try:
        with tempfile.TemporaryDirectory() as folder:
            sqlite_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            runs = {
                "sqlite": measure(sqlite_url, "sqlite", args.processes, args.threads, args.seconds),
                "postgresql": measure(pg_url, "postgresql", args.processes, args.threads, args.seconds),
                "postgresql-no-lock": measure(
                    pg_url, "postgresql-no-lock", args.processes, args.threads, args.seconds
                ),
            }
    finally:
        if server is not None:
            server.stop()
    print(
        json.dumps(
            {
                "processes": args.processes,
                "threads_per_process": args.threads,
                "seconds": args.seconds,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "postgresql": "given with --db" if args.db else f"throw-away server, fsync {args.fsync}",
                "runs": runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
