"""What a failed start costs the database, and what a prune gives back, as JSON (docs/operations.md, sizing).

    .venv/bin/python benchmarks/retention_growth.py [--starts 2000] [--db URL | --no-postgresql]

A failed start is what the issue measured at about 1 KB: `start_login` (a new address each time, so a
rate-limit row each) then a wrong proof - half of them for unknown user names, half wrong passwords for a
real one (locked after ten, still counted) - through the service with the audit trail's table recording
(as `sls-gateway serve` runs it). Per database:

- `bytes_per_failed_start`: the growth of the tables and their indexes over N failed starts, divided by N
  (SQLite: pages in use, page_count - freelist_count, times the page size; PostgreSQL:
  pg_total_relation_size of every table, after VACUUM so that only live rows count);
- `rows_per_failed_start` and `bytes_per_failed_start_by_table` (rows and indexes) per table;
- the prune once every age has passed: rows deleted, its time, its write transactions and the longest;
  meanwhile another thread runs write transactions back to back, as logins would: how many got in during
  the prune and the longest any waited for the writer lock;
- `refill_growth_bytes`: the growth when the same N failed starts come again after the prune (SQLite: freed
  pages reused, about 0; PostgreSQL: reused after VACUUM, which autovacuum runs).

PostgreSQL: the URL given with --db (tables created, rows added), or a throw-away server
(tests/postgres_server.py); --no-postgresql for SQLite alone. The clock is a test clock moved by hand: the
ages pass at once.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text

from trader_login.app.harness import HarnessClock
from trader_login.auth import srp
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.retention import DAY, Pruner
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import Store, metadata
from trader_login.auth.kdf import TEST_COST

START = 1_800_000_000.0
KNOWN = "dscuser"


def failed_starts(gateway: Gateway, count: int, run: str) -> None:
    # One valid A for every start: the gateway stores it, checks it, computes with it; its size is real.
    client_public = pow(srp.GROUP_2048.generator, secrets.randbits(256), srp.GROUP_2048.prime).to_bytes(
        256, "big"
    )
    for n in range(count):
        name = KNOWN if n % 2 else f"nobody{run}x{n}"
        address = f"10.{run}.{n // 250 % 250}.{n % 250}"
        started = gateway.service.start_login(name, "live", client_public, address)
        with contextlib.suppress(GatewayError):  # INVALID_CREDENTIALS or LOCKED: counted either way
            gateway.service.prove(started["login_token"], secrets.token_bytes(32), address)


def size(store: Store) -> int:
    with store.read() as connection:
        if store.is_sqlite:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            free = connection.exec_driver_sql("PRAGMA freelist_count").scalar_one()
            page_size = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
            return (pages - free) * page_size
    return sum(by_table(store).values())


def by_table(store: Store) -> dict[str, int]:
    """Bytes per table, indexes included (SQLite: the dbstat table; PostgreSQL: pg_total_relation_size)."""
    with store.read() as connection:
        if store.is_sqlite:
            found = connection.exec_driver_sql(
                "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat AS d "
                "JOIN sqlite_master AS m ON m.name = d.name GROUP BY m.tbl_name"
            ).all()
            return {name: int(total) for name, total in found if name in metadata.tables}
        return {
            name: connection.execute(text(f"SELECT pg_total_relation_size('{name}')")).scalar_one()
            for name in metadata.tables
        }


def vacuum(store: Store) -> None:
    if store.is_postgresql:
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM")


def other_writer(write: Any, pruning: threading.Event, waits: list[float]) -> None:
    """A login's write transactions, back to back while the prune runs: how long each waits for the lock."""
    while pruning.is_set():
        began = time.perf_counter()
        with write() as connection:
            waits.append(time.perf_counter() - began)
            connection.execute(select(func.count()).select_from(metadata.tables["lockouts"]))


def rows(store: Store) -> dict[str, int]:
    with store.read() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


def measure(url: str | None, data_dir: Path, kind: str, count: int) -> dict[str, Any]:
    clock = HarnessClock(START)
    config = GatewayConfig(kdf_cost=dict(TEST_COST), rate_limit=RateLimit(requests=10**9))
    gateway = Gateway(data_dir, db_url=url, config=config, clock=clock, audit_log="off")
    try:
        gateway.seed_demo()  # the gateway's audit trail records in its table (its lines off)
        store = gateway.store
        vacuum(store)
        before_rows, before, before_tables = rows(store), size(store), by_table(store)
        failed_starts(gateway, count, "1")
        vacuum(store)
        after_rows, after, after_tables = rows(store), size(store), by_table(store)

        clock.advance(90 * DAY + 1)  # past every default age
        batches: list[float] = []
        original = store.write

        @contextlib.contextmanager
        def timed_write():
            began = time.perf_counter()
            with original() as connection:
                yield connection
            batches.append(time.perf_counter() - began)

        store.write = timed_write  # type: ignore[method-assign]
        waits: list[float] = []
        pruning = threading.Event()
        writer = threading.Thread(target=other_writer, args=(original, pruning, waits))
        pruning.set()
        writer.start()
        began = time.perf_counter()
        pruned = Pruner.for_gateway(gateway).prune()
        prune_seconds = time.perf_counter() - began
        pruning.clear()
        writer.join()
        del store.write
        vacuum(store)
        after_prune = size(store)
        failed_starts(gateway, count, "2")
        vacuum(store)
        refilled = size(store)
        grown = {name: after_rows[name] - before_rows[name] for name in after_rows}
        return {
            "db": kind,
            "failed_starts": count,
            "bytes_per_failed_start": round((after - before) / count),
            "rows_per_failed_start": {n: round(g / count, 3) for n, g in grown.items() if g},
            "bytes_per_failed_start_by_table": {
                name: round((after_tables[name] - before_tables.get(name, 0)) / count)
                for name in after_tables
                if after_tables[name] != before_tables.get(name, 0)
            },
            "size_before_bytes": before,
            "size_after_bytes": after,
            "prune": {
                "rows": pruned,
                "seconds": round(prune_seconds, 3),
                "transactions": len(batches),
                "longest_transaction_ms": round(max(batches) * 1000, 1),
                "other_writer_transactions": len(waits),
                "other_writer_longest_wait_ms": round(max(waits, default=0) * 1000, 1),
                "rows_per_second": round(sum(pruned.values()) / prune_seconds),
            },
            "size_after_prune_bytes": after_prune,
            "refill_growth_bytes": refilled - after,
        }
    finally:
        gateway.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=2000, help="failed starts per run (default 2000)")
    parser.add_argument(
        "--db", metavar="URL", help="a PostgreSQL database to use (default: a throw-away one)"
    )
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    args = parser.parse_args()
    results = []
    server = None
    try:
        with tempfile.TemporaryDirectory() as folder:
            results.append(measure(None, Path(folder) / "sqlite", "sqlite", args.starts))
            if not args.no_postgresql:
                url = args.db
                if url is None:
                    from tests import postgres_server

                    server = postgres_server.PostgresServer().start()
                    url = server.url(server.create_database("retention"))
                results.append(measure(url, Path(folder) / "postgresql", "postgresql", args.starts))
    finally:
        if server is not None:
            server.stop()
    print(json.dumps({"python": platform.python_version(), "runs": results}, indent=2))


if __name__ == "__main__":
    main()
