"""The gateway's schema migrations: Alembic, with its version table `alembic_version`, run from code.

    state = migrations.current(engine)    # read only: the revision, at head or not (`sls-gateway db current`)
    done = migrations.upgrade(engine)     # to the newest revision (every Store on opening; `db upgrade`)

The revisions are the files in versions/ beside this module (0001: the schema of release 0.5.0 exactly;
0002: the audit trail's table and the pruning's indexes). Alembic's configuration is built here, its script
location this folder: no alembic.ini, and it works from the wheel and from the PyInstaller bundle (which
carries these files as data, as Alembic reads them from disk).

One process migrates at a time
------------------------------
`upgrade` first reads the version table without taking any lock and without importing Alembic (the usual
start: already at head, one query). Otherwise it takes the migration lock, reads the state again, and
migrates in one transaction holding that lock:

- PostgreSQL: a transaction-scoped advisory lock, `pg_advisory_xact_lock(MIGRATION_LOCK_KEY)`, a key other
  than the writer lock's (store.py), so a migration does not stop the writes of gateways already running
  more than its DDL's own table locks do; DDL is transactional there, so a failed migration changes nothing;
- SQLite: `BEGIN IMMEDIATE`, the database's write lock, with foreign keys off for the migration's duration
  (batch mode rebuilds a table by copying it; with foreign keys on, dropping the old copy would cascade),
  `PRAGMA foreign_key_check` before COMMIT.

A process that finds the lock taken says so (`on_wait`, and a log line), waits for it, then finds the head
and does nothing. After the lock, the cases are told apart explicitly:

- a version table with a revision this release knows: upgraded from there;
- a version table with a revision it does not know: `SchemaTooNewError`, nothing changed (a newer release
  migrated this database; this one must not run on it);
- no version table and none of the gateway's tables: a new database, built from schema.py's tables and
  stamped HEAD (without importing Alembic; the tests show it equal to what the revisions build);
- no version table and every table of release 0.5.0 (which made its schema with `create_all`): stamped
  0001, then upgraded;
- no version table and only some of those tables: `UnknownSchemaError`, nothing changed.

A new revision
--------------
Change the tables in schema.py, raise HEAD, and write versions/NNNN_what.py (`down_revision` the previous
head; SQLite alters tables in batch mode, `op.batch_alter_table`). Alembic can draft it from the
difference between schema.py and a database the revisions built (at the previous head):

    engine = open_engine("sqlite:////tmp/draft.sqlite3")
    upgrade(engine, build_new=False)          # the existing revisions, whatever schema.py says now
    with engine.begin() as connection:
        alembic.command.revision(alembic_config(connection), "what", autogenerate=True, rev_id="0003")

tests/gateway/test_migrations.py fails until the revisions build exactly schema.py's tables (on SQLite
and PostgreSQL) and HEAD names the newest revision.

Qt-free. The errors are `StoreError`s: their messages are fit to show and never carry the URL.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    URL,
    Column,
    Connection,
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from trader_login.auth.gateway.schema import metadata
from trader_login.auth.gateway.store import WRITER_LOCK_KEY, StoreError, engine_url, missing_driver

if TYPE_CHECKING:  # Alembic is imported only when a database needs it (the module's docstring)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)
# Alembic's own INFO lines (its plugins, "Context impl SQLiteImpl.", each revision's docstring) would join
# the gateway's log on every upgrade; the one line `upgrade` logs says what happened.
_alembic_log = logging.getLogger("alembic")
if _alembic_log.level == logging.NOTSET:
    _alembic_log.setLevel(logging.WARNING)

# The newest revision this release knows. A test checks it against the newest file in versions/: the start
# that finds the database at HEAD needs neither Alembic nor the files.
HEAD = "0004"
# The revision a database of release 0.5.0 (tables, no version table) is stamped with.
RELEASE_0_5_0 = "0001"
VERSION_TABLE = "alembic_version"
# The PostgreSQL advisory lock a migration takes ("SLS_MIGR" in ASCII); store.WRITER_LOCK_KEY is another.
MIGRATION_LOCK_KEY = 0x534C_535F_4D49_4752
# SQLite: how long a process waits for another's migration (its busy timeout while waiting), in ms.
SQLITE_WAIT_MS = 10 * 60 * 1000
# SQLite: how often an upgrade that met "database is locked" outside the lock's wait is tried.
SQLITE_BUSY_ATTEMPTS = 6
SCRIPT_LOCATION = Path(__file__).resolve().parent
_SELECT_VERSIONS = text("SELECT version_num FROM alembic_version")
# Alembic's version table, as Alembic itself creates it (the tests compare the two).
_VERSION = Table(
    VERSION_TABLE,
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)

# The tables release 0.5.0 made (revision 0001), by name.
RELEASE_0_5_0_TABLES = frozenset(
    {
        "settings",
        "users",
        "devices",
        "device_links",
        "accounts",
        "account_links",
        "temp_passcodes",
        "failures",
        "lockouts",
        "logins",
        "push_requests",
        "sessions",
        "outbox",
        "rate_limits",
        "device_nonces",
    }
)


class SchemaTooNewError(StoreError):
    """The database was migrated by a newer release: this one must not use it."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            f"the database schema is newer than this release (revision {revision}): "
            "install that release of Trader Login (sls-gateway) or a newer one"
        )


class UnknownSchemaError(StoreError):
    """The database has some of the gateway's tables but no version: not a schema this release knows."""


@dataclass(frozen=True)
class SchemaState:
    """What `current` found. `revision`: the version table's, or None (no version table: a new database,
    or `release_0_5_0` when it holds release 0.5.0's tables)."""

    revision: str | None
    head: str
    release_0_5_0: bool = False
    empty: bool = False

    @property
    def at_head(self) -> bool:
        return self.revision == self.head

    def describe(self) -> str:
        """One line for `sls-gateway db current`."""
        if self.at_head:
            return f"{self.revision} (head)"
        if self.release_0_5_0:
            return (
                f"none: a database of release 0.5.0, not yet versioned (its schema is {RELEASE_0_5_0}); "
                f"`sls-gateway db upgrade` takes it to {self.head} (head)"
            )
        if self.empty:
            return f"none: no tables yet; `sls-gateway db upgrade` builds {self.head} (head)"
        return f"{self.revision} (not at head: `sls-gateway db upgrade` takes it to {self.head})"


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade` did: the revision before (None: no version table) and after, the revisions it ran,
    and whether it stamped a database of release 0.5.0 first."""

    before: str | None
    after: str
    applied: tuple[str, ...] = ()
    stamped: bool = False
    created: bool = False  # a new database, built at HEAD

    @property
    def changed(self) -> bool:
        return bool(self.applied) or self.stamped or self.created


# -- an engine of its own (`sls-gateway db`) -----------------------------------------------------------------


def open_engine(url: str | URL) -> Engine:
    """An engine for `current` and `upgrade` outside a Store (`sls-gateway db ...`): no pool, the parameters
    of statements hidden from errors, SQLite in autocommit mode as the Store has it (the migration issues
    its own BEGIN IMMEDIATE) with a busy timeout; `postgresql://` means psycopg 3, as for the Store."""
    parsed = engine_url(url)
    options: dict = {"poolclass": NullPool, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": 30, "isolation_level": None}
    elif parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        options["connect_args"] = {"connect_timeout": 10}
    try:
        return create_engine(parsed, **options)
    except ImportError:
        raise missing_driver(parsed) from None


# -- reading ------------------------------------------------------------------------------------------------


def current(engine: Engine) -> SchemaState:
    """The database's revision and whether it is at head; changes nothing (takes no lock either)."""
    with engine.connect() as connection:
        try:
            return _state(connection, _known_revisions)
        finally:
            connection.rollback()


def _read_version(connection: Connection) -> list[str] | None:
    """The version table's revisions, or None when there is no version table."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return [row[0] for row in connection.execute(_SELECT_VERSIONS)]


def _state(connection: Connection, known: Callable[[], set[str]]) -> SchemaState:
    """`known()`: the revisions in versions/ (Alembic's script directory; asked only when needed)."""
    versions = _read_version(connection)
    if versions == [HEAD]:
        return SchemaState(HEAD, HEAD)
    if versions:
        revisions = known()
        unknown = [revision for revision in versions if revision not in revisions]
        if unknown:
            raise SchemaTooNewError(unknown[0])
        if len(versions) > 1:  # never made by these revisions (one line of history)
            raise UnknownSchemaError(f"the database's schema has several revisions ({', '.join(versions)})")
        return SchemaState(versions[0], HEAD)
    tables = set(inspect(connection).get_table_names())
    ours = tables & RELEASE_0_5_0_TABLES
    if ours == RELEASE_0_5_0_TABLES:
        return SchemaState(None, HEAD, release_0_5_0=True)
    if not ours:
        return SchemaState(None, HEAD, empty=True)
    missing = ", ".join(sorted(RELEASE_0_5_0_TABLES - ours))
    raise UnknownSchemaError(
        f"the database has some of the gateway's tables but not all (missing: {missing}) and no schema "
        "version: not a database this release knows; nothing changed"
    )


# -- upgrading ----------------------------------------------------------------------------------------------


def upgrade(
    engine: Engine,
    *,
    on_wait: Callable[[], None] | None = None,
    on_locked: Callable[[], None] | None = None,
    build_new: bool = True,
) -> Upgrade:
    """Takes the database to HEAD, one process at a time (the module's docstring). `on_wait()` is called
    when another process holds the migration lock, before waiting for it; `on_locked()` once this one
    holds it, before it reads the state (tests use both to make two processes meet). `build_new=False`:
    a new database is built by running every revision from 0001 instead of from schema.py's tables (the
    tests compare the two)."""
    for attempt in range(SQLITE_BUSY_ATTEMPTS):
        try:
            return _upgrade(engine, on_wait, on_locked, build_new)
        except OperationalError as error:
            # SQLite answers "database is locked" at once, without waiting, to a connection that switches
            # a new file to WAL (the Store's connect hook) while another process does the same: tried again
            # (the transaction, if any, was rolled back). Two gateways' first start on one new file.
            if engine.dialect.name != "sqlite" or "locked" not in str(error.orig):
                raise
            if attempt + 1 == SQLITE_BUSY_ATTEMPTS:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _upgrade(
    engine: Engine,
    on_wait: Callable[[], None] | None,
    on_locked: Callable[[], None] | None,
    build_new: bool,
) -> Upgrade:
    with engine.connect() as connection:
        try:
            versions = _read_version(connection)
        finally:
            connection.rollback()
    if versions == [HEAD]:
        return Upgrade(HEAD, HEAD)
    with _migration_lock(engine, on_wait) as connection:
        if on_locked is not None:
            on_locked()
        return _upgrade_locked(connection, build_new)


@contextlib.contextmanager
def _migration_lock(engine: Engine, on_wait: Callable[[], None] | None) -> Iterator[Connection]:
    """A connection in a transaction holding the migration lock; commits on success, else rolls back."""
    connection = engine.connect()
    sqlite = engine.dialect.name == "sqlite"
    try:
        if sqlite:
            _sqlite_lock(connection, on_wait)
        else:
            connection.begin()
            if engine.dialect.name == "postgresql":
                _postgresql_lock(connection, on_wait)
        try:
            yield connection
            if sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if problems:
                    raise StoreError(f"the migration broke {len(problems)} foreign keys; nothing changed")
                connection.exec_driver_sql("COMMIT")
            else:
                connection.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                if sqlite:
                    connection.exec_driver_sql("ROLLBACK")
                else:
                    connection.rollback()
            raise
    finally:
        if sqlite:
            # Its PRAGMAs changed: not handed back to the store's pool.
            connection.invalidate()
        connection.close()


def _sqlite_lock(connection: Connection, on_wait: Callable[[], None] | None) -> None:
    # Foreign keys can only be switched outside a transaction.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except OperationalError as error:
        if "locked" not in str(error.orig) and "busy" not in str(error.orig):
            raise
        connection.rollback()
    _waiting(on_wait)
    connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError:
        # Not "locked" for upgrade()'s retries: this wait has lasted its limit.
        raise StoreError(
            f"the database stayed locked for {SQLITE_WAIT_MS // 60000} minutes while waiting for another "
            "process's schema upgrade; nothing changed"
        ) from None


def _postgresql_lock(connection: Connection, on_wait: Callable[[], None] | None) -> None:
    key = {"key": MIGRATION_LOCK_KEY}
    if not connection.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), key).scalar():
        _waiting(on_wait)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)
    # Then the writer lock every write of every release takes (store.py): gateways still running the
    # previous release (a rolling upgrade) wait for the upgrade on that one lock, instead of each holding a
    # table a revision's DDL needs while waiting for another that the DDL holds (a deadlock). Their writes
    # stall for the upgrade's length.
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})


def _waiting(on_wait: Callable[[], None] | None) -> None:
    log.info("another process is upgrading the database schema; waiting for it")
    if on_wait is not None:
        on_wait()


def _upgrade_locked(connection: Connection, build_new: bool) -> Upgrade:
    state = _state(connection, _known_revisions)
    if state.at_head:
        return Upgrade(HEAD, HEAD)
    if state.empty and build_new:
        return _build_at_head(connection)
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = alembic_config(connection)
    stamped = False
    if state.release_0_5_0:
        MigrationContext.configure(connection).stamp(_script(config), RELEASE_0_5_0)
        log.info("database schema: release 0.5.0's tables without a version; stamped %s", RELEASE_0_5_0)
        stamped = True
    applied: list[str] = config.attributes["applied"]
    command.upgrade(config, "head")
    after = _read_version(connection) or [""]
    log.info(
        "database schema upgraded from %s to %s (ran %s)",
        state.revision or "release 0.5.0's",
        after[0],
        ", ".join(applied) or "no revision",
    )
    return Upgrade(state.revision, after[0], tuple(applied), stamped=stamped)


def _build_at_head(connection: Connection) -> Upgrade:
    """A new database: the tables of schema.py, stamped HEAD, as Alembic's documentation builds one ("create
    the tables, then stamp head"). The tests show this schema equal to what the revisions build from an
    empty database. Alembic is not imported: a trader's first start of the embedded gateway does without
    it (and without the PostgreSQL dialect it imports). Logged at DEBUG: `serve`'s first lines stay its URL
    and fingerprint."""
    metadata.create_all(connection)
    _VERSION.create(connection)
    connection.execute(_VERSION.insert().values(version_num=HEAD))
    log.debug("database schema: a new database, built at %s", HEAD)
    return Upgrade(None, HEAD, created=True)


# -- Alembic's configuration ------------------------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's `Config`, built here: the script location is this folder, no alembic.ini. With
    `connection`, env.py runs the revisions on it, inside its transaction (`alembic.command.upgrade(config,
    "head")`); the revisions it ran are appended to `config.attributes["applied"]`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
        config.attributes["applied"] = []
    return config


def _script(config: Config | None = None) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config or alembic_config())


def _known_revisions() -> set[str]:
    return {revision.revision for revision in _script().walk_revisions()}


def script_head() -> str:
    """The newest revision in versions/ (a test checks HEAD against it)."""
    head = _script().get_current_head()
    assert head is not None
    return head
