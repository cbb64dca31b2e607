"""Schema migrations (auth/gateway/migrations): a database of release 0.5.0 upgrades in place and its rows
keep working; the revisions build exactly the tables schema.py declares (so a change to the tables without
a revision fails here); two processes starting at once migrate once; a database newer than the release is
refused with nothing changed. On SQLite and PostgreSQL in turn.

The 0.5.0 databases are tests/gateway/data/ (made by make_old_database.py from that release's source): a
data directory with its SQLite file, keys and device files, and a PostgreSQL dump of the same rows.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, inspect, select, text

from tests.gateway.conftest import DATABASES, Sls, Storage
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway import migrations
from trader_login.auth.gateway.gateway import DATABASE_NAME
from trader_login.auth.gateway.migrations import HEAD, SchemaTooNewError, UnknownSchemaError, Upgrade
from trader_login.auth.gateway.schema import metadata

DATA = Path(__file__).resolve().parent / "data"
OLD = DATA / "gateway-0.5.0"
OLD_DUMP = DATA / "gateway-0.5.0-postgresql.sql"
FACTS = json.loads((DATA / "gateway-0.5.0.json").read_text(encoding="utf-8"))
# How long one side waits for the other at the meeting points: a safety net only.
MEETING = 60.0


# -- places ------------------------------------------------------------------------------------------------


def _place(start: str, kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """A data directory and database: release 0.5.0's (`old`: a copy of its SQLite file, or on
    PostgreSQL its dump restored into a new database of the test's own) or nothing yet (`new`)."""
    target = tmp_path / "gateway"
    if start == "old":
        shutil.copytree(OLD, target)
    else:
        target.mkdir()
    if kind == "sqlite":
        yield Storage("sqlite", target)
        return
    server = request.getfixturevalue("postgres_server")
    if start == "old":
        (target / DATABASE_NAME).unlink()  # the keys and device files serve the PostgreSQL rows too
    name = server.create_database()
    if start == "old":
        with server.connect(name) as connection:
            connection.execute(OLD_DUMP.read_text(encoding="utf-8"))
    yield Storage("postgresql", target, server.url(name), server, name)
    server.drop_database(name)


@pytest.fixture(params=DATABASES)
def old_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """Release 0.5.0's data directory and database, on each database in turn."""
    yield from _place("old", request.param, request, tmp_path)


@pytest.fixture(params=DATABASES)
def new_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """A data directory with nothing in it yet and an empty database, on each database in turn."""
    yield from _place("new", request.param, request, tmp_path)


@pytest.fixture(params=[(start, kind) for start in ("new", "old") for kind in DATABASES], ids="-".join)
def any_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    """A new place or release 0.5.0's, on each database."""
    start, kind = request.param
    yield from _place(start, kind, request, tmp_path)


@pytest.fixture
def engines() -> Iterator[Any]:
    """`engines(url)`: an engine of the migrations' own (no Store), disposed after the test."""
    made: list[Engine] = []

    def engine(url: str) -> Engine:
        made.append(migrations.open_engine(url))
        return made[-1]

    yield engine
    for engine_ in made:
        engine_.dispose()


def schema_of(engine: Engine) -> dict[str, Any]:
    """Every table as the database describes it: columns (type, nullability), primary key, foreign keys
    (with ON DELETE), unique constraints and indexes; on SQLite also the CREATE statements themselves."""
    found = inspect(engine)
    tables: dict[str, Any] = {}
    for table in sorted(found.get_table_names()):
        tables[table] = {
            "columns": [
                (column["name"], str(column["type"]), column["nullable"])
                for column in found.get_columns(table)
            ],
            "primary key": (
                found.get_pk_constraint(table)["constrained_columns"],
                found.get_pk_constraint(table).get("name") if table == "alembic_version" else None,
            ),
            "foreign keys": sorted(
                (
                    tuple(key["constrained_columns"]),
                    key["referred_table"],
                    tuple(key["referred_columns"]),
                    (key.get("options") or {}).get("ondelete"),
                )
                for key in found.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(unique["column_names"]) for unique in found.get_unique_constraints(table)),
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), bool(index["unique"]))
                for index in found.get_indexes(table)
            ),
        }
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            ).all()
        tables["sqlite_master"] = [(kind, name, " ".join(sql.split())) for kind, name, sql in rows]
    return tables


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
            if inspect(connection).has_table(table.name)
        }


def revisions_to(engine: Engine, target: str) -> None:
    """Runs the revisions from an empty database up to `target`, Alembic's own way (no shortcut)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(migrations.alembic_config(connection), target)


def version_of(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]


# -- the head and the revisions ------------------------------------------------------------------------------


def test_head_is_the_newest_revision_file() -> None:
    """The start that finds a database at HEAD reads no revision file: HEAD must be the newest of them."""
    assert migrations.script_head() == HEAD


def test_the_revisions_build_exactly_the_tables_schema_py_declares(new_storage: Storage, engines) -> None:
    """`alembic check` as a test: a database built by running every revision from 0001 has the tables,
    columns, types, keys and indexes of schema.py's metadata (Alembic's comparison finds no difference),
    and is the same database the gateway builds for a new one (create_all stamped HEAD)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    by_revisions = engines(new_storage.sqlalchemy_url())
    done = migrations.upgrade(by_revisions, build_new=False)
    assert done == Upgrade(None, HEAD, ("0001", "0002", "0003", "0004"))
    with by_revisions.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    other = new_storage.data_dir.parent / "other"
    other.mkdir()
    if new_storage.server is None:
        built_url = f"sqlite:///{other / DATABASE_NAME}"
    else:
        name = new_storage.server.create_database()
        built_url = new_storage.server.url(name)
    built = engines(built_url)
    assert migrations.upgrade(built) == Upgrade(None, HEAD, created=True)
    assert schema_of(built) == schema_of(by_revisions)
    assert version_of(built) == version_of(by_revisions) == [HEAD]
    if new_storage.server is not None:
        built.dispose()
        new_storage.server.drop_database(name)


def test_revision_0001_is_release_0_5_0s_schema(old_storage: Storage, tmp_path: Path, engines) -> None:
    """Revision 0001 builds exactly the tables release 0.5.0 made with create_all (the kept database)."""
    old = engines(old_storage.sqlalchemy_url())
    if old_storage.server is None:
        fresh_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        name = old_storage.server.create_database()
        fresh_url = old_storage.server.url(name)
    fresh = engines(fresh_url)
    revisions_to(fresh, "0001")
    expected = schema_of(old)
    got = schema_of(fresh)
    del got["alembic_version"]
    if "sqlite_master" in got:
        got["sqlite_master"] = [row for row in got["sqlite_master"] if row[1] != "alembic_version"]
    assert got == expected
    if old_storage.server is not None:
        fresh.dispose()
        old_storage.server.drop_database(name)


# -- release 0.5.0's database --------------------------------------------------------------------------------


def test_a_database_of_release_0_5_0_upgrades_in_place_and_its_rows_keep_working(
    old_storage: Storage, engines
) -> None:
    """The kept database: found unversioned with 0.5.0's tables, stamped 0001 and upgraded to HEAD when a
    gateway opens it; every row is still there, the session still valid, the lock still on, the failure
    still counted, the outbox entry still readable, and a demo user logs in with the device files of
    then."""
    engine = engines(old_storage.sqlalchemy_url())
    before = migrations.current(engine)
    assert (before.revision, before.release_0_5_0, before.at_head) == (None, True, False)
    assert not inspect(engine).has_table("alembic_version")
    counts = row_counts(engine)
    assert counts["users"] > 0
    # carduser: eleven wrong passwords (the tenth locked it); dscuser: one
    assert (counts["sessions"], counts["lockouts"], counts["failures"]) == (1, 1, 11 + 1)
    clock = HarnessClock(FACTS["clock"] + 60)
    gateway = old_storage.gateway(clock=clock)
    try:
        assert gateway.store.schema_upgrade == Upgrade(None, HEAD, ("0002", "0003", "0004"), stamped=True)
        assert version_of(engine) == [HEAD]
        assert migrations.current(engine).at_head
        assert row_counts(engine) == {**counts, "audit_events": 0, "restart_grants": 0}
        sls = Sls(gateway)
        session = gateway.service.session_status(FACTS["session_token"])
        assert (session["username"], session["status"]) == (FACTS["session_user"], "active")
        assert sls.locked_until(FACTS["locked_user"]) is not None
        assert sls.refused("LOCKED", sls.password, FACTS["locked_user"])
        assert sls.failures(FACTS["failed_user"]) == 1
        (message,) = sls.messages(FACTS["sms_phone"])
        assert message["text"]  # the vault still opens what 0.5.0 sealed
        out = sls.login(FACTS["failed_user"])
        assert out["step"] == "session"
        assert gateway.service.session_status(out["session_token"])["status"] == "active"
        assert sls.failures(FACTS["failed_user"]) == 0
        gateway.desk.add_user("afterupgrade", "secret123")  # the id sequence is past the copied rows
        assert gateway.desk.has_user("afterupgrade")
    finally:
        gateway.close()
    again = old_storage.gateway(clock=clock)
    try:
        assert again.store.schema_upgrade == Upgrade(HEAD, HEAD)
    finally:
        again.close()


def test_db_current_changes_nothing_and_db_upgrade_says_from_and_to(
    old_storage: Storage, engines, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gateway.test_cli import run

    engine = engines(old_storage.sqlalchemy_url())
    schema = schema_of(engine)
    args = old_storage.serve_args()[2:]  # --db URL on PostgreSQL (its password in PGPASSWORD)
    for key, value in old_storage.environment().items():
        monkeypatch.setenv(key, value)
    status, out, err = run(old_storage.data_dir, "db", "current", *args)
    assert status == 0, err
    assert "revision: none: a database of release 0.5.0, not yet versioned" in out
    assert "at head: no" in out
    assert schema_of(engine) == schema  # nothing changed, no version table made
    status, out, err = run(old_storage.data_dir, "db", "upgrade", *args)
    assert status == 0, err
    assert f"upgraded: none (release 0.5.0's tables, stamped 0001) -> {HEAD} (ran 0002, 0003, 0004)" in out
    status, out, err = run(old_storage.data_dir, "db", "current", *args)
    assert status == 0, err
    assert f"revision: {HEAD} (head)" in out
    assert "at head: yes" in out
    status, out, err = run(old_storage.data_dir, "db", "upgrade", *args)
    assert status == 0, err
    assert f"upgraded: {HEAD} -> {HEAD} (already at head: nothing to do)" in out
    if old_storage.server is not None:
        assert old_storage.server.password not in out + err


def test_a_desk_command_on_a_0_5_0_database_upgrades_it_first(
    old_storage: Storage, engines, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command that opens the gateway upgrades its database first, then works on the rows."""
    from tests.gateway.test_cli import run

    for key, value in old_storage.environment().items():
        monkeypatch.setenv(key, value)
    # (Not `status`: its failure count and lock are measured against the real clock, the rows' time is
    # the fixture's fake one.)
    status, out, err = run(old_storage.data_dir, "device", "list", "multiuser", *old_storage.serve_args()[2:])
    assert status == 0, err
    assert [line.split()[1:3] for line in out.splitlines()[1:]] == [
        ["ibkey", "active"],
        ["dscplus", "active"],
        ["sms", "active"],
    ]
    assert version_of(engines(old_storage.sqlalchemy_url())) == [HEAD]


def test_db_current_refuses_a_data_directory_without_a_database(tmp_path: Path) -> None:
    from tests.gateway.test_cli import run

    status, _out, err = run(tmp_path / "nothing", "db", "current")
    assert status == 2
    assert "no database at" in err
    assert not (tmp_path / "nothing" / DATABASE_NAME).exists()


# -- one process migrates ------------------------------------------------------------------------------------


def test_two_gateways_opening_together_migrate_once(
    any_storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two stores (two engines, as two processes have) open one database at once: the first to take the
    migration lock holds it until the second is seen waiting for it; the second then finds the head. Exactly
    one of them changed the database; both end at HEAD."""
    storage = any_storage
    start = "old" if (storage.data_dir / "devices").exists() else "new"
    waiting = threading.Event()
    lockers: list[str] = []
    lock = threading.Lock()

    def on_locked() -> None:
        with lock:
            lockers.append(threading.current_thread().name)
            first = len(lockers) == 1
        if first:
            assert waiting.wait(MEETING), "the second store never waited for the migration lock"

    monkeypatch.setattr(
        migrations, "upgrade", functools.partial(migrations.upgrade, on_wait=waiting.set, on_locked=on_locked)
    )
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def open_store(name: str) -> None:
        from trader_login.auth.gateway.store import Store

        barrier.wait(MEETING)
        try:
            store = Store(storage.sqlalchemy_url())
        except BaseException as error:  # reported below
            results[name] = error
            return
        results[name] = store.schema_upgrade
        store.dispose()

    threads = [threading.Thread(target=open_store, args=(name,), name=name) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(MEETING * 2)
    for name in ("a", "b"):
        assert not isinstance(results.get(name), BaseException), results
    first, second = (results[name] for name in lockers)
    assert len(lockers) == 2
    if start == "new":
        assert first == Upgrade(None, HEAD, created=True)
    else:
        assert first == Upgrade(None, HEAD, ("0002", "0003", "0004"), stamped=True)
    assert second == Upgrade(HEAD, HEAD)
    assert not second.changed
    engine = create_engine(storage.sqlalchemy_url())
    try:
        assert version_of(engine) == [HEAD]
    finally:
        engine.dispose()


# -- refusals ------------------------------------------------------------------------------------------------


def test_a_database_newer_than_the_release_is_refused_with_nothing_changed(
    new_storage: Storage, engines, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gateway.test_cli import run

    engine = engines(new_storage.sqlalchemy_url())
    migrations.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    schema = schema_of(engine)
    message = (
        "the database schema is newer than this release (revision 0099): "
        "install that release of Trader Login (sls-gateway) or a newer one"
    )
    with pytest.raises(SchemaTooNewError) as refused:
        new_storage.gateway()
    assert str(refused.value) == message
    with pytest.raises(SchemaTooNewError):
        migrations.current(engine)
    for key, value in new_storage.environment().items():
        monkeypatch.setenv(key, value)
    for command in ("current", "upgrade"):
        status, _out, err = run(new_storage.data_dir, "db", command, *new_storage.serve_args()[2:])
        assert status == 2
        assert err.strip().endswith(message)
    status, _out, err = run(new_storage.data_dir, "status", "dscuser", *new_storage.serve_args()[2:])
    assert status == 2
    assert err.strip().endswith(message)
    assert schema_of(engine) == schema
    assert version_of(engine) == ["0099"]


def test_a_database_with_some_of_the_tables_and_no_version_is_refused(new_storage: Storage, engines) -> None:
    engine = engines(new_storage.sqlalchemy_url())
    with engine.begin() as connection:
        metadata.tables["users"].create(connection)
    schema = schema_of(engine)
    with pytest.raises(UnknownSchemaError, match="some of the gateway's tables but not all"):
        migrations.upgrade(engine)
    assert schema_of(engine) == schema


def test_a_failed_revision_changes_nothing(old_storage: Storage, engines, monkeypatch) -> None:
    """The upgrade runs in one transaction: a revision that fails half-way leaves release 0.5.0's
    database as it was (no version table, no new table, no index)."""
    engine = engines(old_storage.sqlalchemy_url())
    schema = schema_of(engine)
    from alembic.operations import Operations

    created = Operations.create_index

    def create_index(self, name, *args, **kwargs):
        if name == "ix_outbox_at":
            raise RuntimeError("the disk is full")
        return created(self, name, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_index", create_index)
    with pytest.raises(RuntimeError, match="the disk is full"):
        migrations.upgrade(engine)
    assert schema_of(engine) == schema
