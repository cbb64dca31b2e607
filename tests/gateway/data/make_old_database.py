"""Makes the databases of release 0.5.0 that tests/gateway/test_migrations.py upgrades: a gateway's data
directory as release 0.5.0 left it, and the same rows in a PostgreSQL dump.

    .venv/bin/python tests/gateway/data/make_old_database.py [--release 98f36bf]

writes, beside this script (the files are committed; they are throw-away test data):

    gateway-0.5.0/                  a data directory: gateway.sqlite3 (the schema of release 0.5.0, made by
                                    its `metadata.create_all`, no alembic_version table), the vault key, the
                                    TLS key and certificate, and the demo users' device files (devices/)
    gateway-0.5.0.json              what the tests need to know about the rows: the fake clock's time, the
                                    session's token (a token of this throw-away database only), the user
                                    names with a failure, a lock, a session, the phone with an outbox entry
    gateway-0.5.0-postgresql.sql    `pg_dump --inserts` of a PostgreSQL database made by release 0.5.0's
                                    Store (its create_all) holding exactly the SQLite file's rows; the data
                                    directory above holds its keys too

The rows: the demo seed (users, devices, links, accounts, a temporary passcode, an online card), on a fake
clock at START: a password-only session (optoutuser), one failed password (dscuser), a lockout (carduser,
ten failed passwords), an SMS login in progress with its outbox entry (smsuser), rate-limit rows.

`--release COMMIT` (default 98f36bf, the commit of release 0.5.0) runs the seeding with that commit's
source, taken with `git archive` into a temporary folder and imported as `trader_login` ahead of the
editable install: the files stay those of release 0.5.0 however the schema moves on. `--release HEAD-TREE`
uses the checkout as it is (only right while its tables are release 0.5.0's). A PostgreSQL server is
started and stopped for the dump (tests/postgres_server.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
NAME = "gateway-0.5.0"
RELEASE_COMMIT = "98f36bf"
START = 1_800_000_000.0
PASSWORD = "demo123"
FOLDERS = ("trader_login", "app", "auth", "ui", "resources")


def seed(data_dir: Path, facts: Path) -> None:
    """The rows, made through the gateway's own service and desk (whatever `trader_login` imports)."""
    import secrets

    from trader_login.auth import srp
    from trader_login.auth.gateway.demo import DEMO_PHONE
    from trader_login.auth.gateway.errors import GatewayError
    from trader_login.auth.gateway.gateway import Gateway
    from trader_login.auth.gateway.service_config import GatewayConfig
    from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams

    now = [START]
    gateway = Gateway(data_dir, config=GatewayConfig(kdf_cost=dict(TEST_COST)), clock=lambda: now[0])
    try:
        gateway.seed_demo()
        service = gateway.service

        def password(user: str, typed: str, address: str) -> dict:
            client = srp.SrpClient(user, limits=TEST_LIMITS, private=secrets.randbits(256) | 1 << 255)
            started = service.start_login(user, "live", client.public, address)
            proof = client.respond(
                typed,
                _b64(started["salt"]),
                KdfParams.from_dict(started["kdf"]),
                _b64(started["server_public"]),
            )
            return service.prove(started["login_token"], proof, address)

        now[0] += 60
        session = password("optoutuser", PASSWORD, "127.0.0.1")
        assert "session_token" in session, sorted(session)
        now[0] += 60
        for attempt in range(11):
            with contextlib.suppress(GatewayError):  # wrong, then locked
                password("carduser", "wrong", f"10.0.0.{attempt + 1}")
        now[0] += 60
        with contextlib.suppress(GatewayError):
            password("dscuser", "wrong", "10.0.1.1")
        now[0] += 60
        sms = password("smsuser", PASSWORD, "10.0.2.1")
        assert sms.get("step") == "second_factor", sms.get("step")
        status = {user: gateway.desk.status(user) for user in ("carduser", "dscuser")}
        assert status["carduser"]["locked_until"] is not None, status
        assert status["dscuser"]["failures"] == 1, status
        assert gateway.desk.outbox(DEMO_PHONE), "the SMS login left no outbox entry"
    finally:
        gateway.close()
    facts.write_text(
        json.dumps(
            {
                "release": "0.5.0",
                "commit": RELEASE_COMMIT,
                "clock": now[0],
                "session_user": "optoutuser",
                "session_token": session["session_token"],
                "failed_user": "dscuser",
                "locked_user": "carduser",
                "sms_user": "smsuser",
                "sms_phone": DEMO_PHONE,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


def _b64(text: str) -> bytes:
    import base64

    return base64.b64decode(text)


def copy_to_postgresql(sqlite_file: Path, url: str) -> None:
    """A PostgreSQL database made by the release's Store (create_all) with the SQLite file's rows, in the
    order of the foreign keys, its sequences moved past the copied ids."""
    from sqlalchemy import create_engine, func, select, text

    from trader_login.auth.gateway import store as store_module

    store = store_module.Store(url)
    source = create_engine(f"sqlite:///{sqlite_file}")
    try:
        with source.connect() as reading, store.engine.begin() as writing:
            for table in store_module.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in reading.execute(select(table))]
                if rows:
                    writing.execute(table.insert(), rows)
                for column in table.primary_key.columns:
                    serial = column.autoincrement is True or (
                        column.autoincrement == "auto" and len(table.primary_key.columns) == 1
                    )
                    if serial and column.type.python_type is int:
                        top = writing.execute(select(func.max(column))).scalar()
                        writing.execute(
                            text("SELECT setval(pg_get_serial_sequence(:table, :column), :value, :called)"),
                            {
                                "table": table.name,
                                "column": column.name,
                                "value": top or 1,
                                "called": bool(top),
                            },
                        )
    finally:
        source.dispose()
        store.dispose()


def child(args: argparse.Namespace) -> None:
    data_dir = Path(args.out) / NAME
    import trader_login

    print(f"{args.child}: trader_login from {Path(trader_login.__file__).parent}", file=sys.stderr)
    if args.child == "seed":
        seed(data_dir, Path(args.out) / f"{NAME}.json")
    else:
        copy_to_postgresql(data_dir / "gateway.sqlite3", os.environ["OLD_DATABASE_URL"])


def source_tree(release: str, into: Path) -> Path:
    """Release `release`'s package as `into/trader_login` (the wheel's layout), from `git archive`."""
    archive = subprocess.run(  # noqa: S603 - git and tar on our own checkout
        ["git", "-C", str(ROOT), "archive", "--format=tar", release, *FOLDERS],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout
    extracted = into / "extracted"
    extracted.mkdir()
    subprocess.run(["tar", "-x", "-C", str(extracted)], input=archive, check=True)  # noqa: S603, S607
    package = into / "trader_login"
    shutil.move(extracted / "trader_login", package)
    for folder in FOLDERS[1:]:
        shutil.move(extracted / folder, package / folder)
    return into


def run_child(step: str, out: Path, python_path: Path | None, env: dict[str, str]) -> None:
    environment = {**os.environ, **env}
    if python_path is not None:
        environment["PYTHONPATH"] = str(python_path)
    # -I would drop PYTHONPATH; -P keeps the script's folder off sys.path (tests/gateway/data has no
    # trader_login, but nothing of the checkout's should shadow the release's).
    command = [sys.executable, __file__, "--child", step, "--out", str(out)]
    subprocess.run(command, check=True, env=environment, cwd=python_path or ROOT)  # noqa: S603 - ourselves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", default=RELEASE_COMMIT, help="the commit whose code makes the files")
    parser.add_argument("--out", default=str(HERE), help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("seed", "postgresql"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sys.path.insert(0, str(ROOT))
    from tests.postgres_server import PostgresServer

    out = Path(args.out)
    shutil.rmtree(out / NAME, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        python_path = None if args.release == "HEAD-TREE" else source_tree(args.release, Path(scratch))
        run_child("seed", out, python_path, {})
        with PostgresServer() as server:
            name = server.create_database("release_0_5_0")
            run_child("postgresql", out, python_path, {"OLD_DATABASE_URL": server.url(name)})
            dump = subprocess.run(  # noqa: S603 - the test server's pg_dump
                [
                    str(server.bin_dir / "pg_dump"),
                    "--inserts",
                    "--no-owner",
                    "--no-privileges",
                    "--no-comments",
                    "--dbname",
                    server.url(name),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
    # psql's meta-commands (\restrict, \unrestrict of recent pg_dump releases) are not SQL: the tests
    # restore the dump through a driver.
    lines = [line for line in dump.splitlines() if not line.startswith("\\")]
    (out / f"{NAME}-postgresql.sql").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The WAL's contents are in the database file once the last connection closed; no -wal/-shm files.
    for leftover in (out / NAME).glob("gateway.sqlite3-*"):
        leftover.unlink()
    print(f"wrote {out / NAME}, {out / (NAME + '.json')}, {out / (NAME + '-postgresql.sql')}")


if __name__ == "__main__":
    main()
