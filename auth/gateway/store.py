"""The gateway's storage: every piece of state in one SQLAlchemy database, so that two gateway processes on
one database, or two hosts, behave as one.

One writer at a time
--------------------
Writes go through `Store.write()`: one transaction that serialises against every other writer of the
database, in any process on any host, before its first read:

- on SQLite, `BEGIN IMMEDIATE` takes the database-wide write lock;
- on PostgreSQL, the transaction's first statement takes a transaction-scoped advisory lock,
  `SELECT pg_advisory_xact_lock(WRITER_LOCK_KEY)`, held until COMMIT or ROLLBACK (a crashed process's
  transaction ends with its connection, and the lock with it). Isolation is READ COMMITTED: each statement
  after the lock sees everything the previous writers committed.

Why a single writer lock rather than row locks or SERIALIZABLE: every rule of the gateway is a
read-then-write - R3's count of failures then the lock (and its upsert), the rate limit's window, the single
use of a login's stage, a challenge, a code, a push approval, the takeover of a session, each Client Services
action - and with one writer at a time each is exact by construction, on any number of processes and hosts,
with no per-rule locking to get wrong and no serialisation failures to retry (a rule whose rows do not exist
yet, such as the first failure of an unknown user name, has nothing to lock with `FOR UPDATE`). The lock is
cheap because write transactions are short: the expensive work (Argon2id, SRP's modular exponentiations)
runs outside them, and a transaction is a handful of indexed statements (benchmarks/store_writes.py;
docs/performance.md). The `SELECT ... FOR UPDATE`s in the service stay: they document which rows a step
depends on and keep it correct should a step ever run without the writer lock. Reads (`Store.read()`) take no
lock: on SQLite in WAL mode and on PostgreSQL they never wait for a writer.

Every PostgreSQL transaction sets a safety net (`SET LOCAL`, by `set_config(..., true)`): lock and
statement timeouts of `TIMEOUT_SECONDS`, and an idle-in-transaction timeout that ends a transaction whose
process hangs while holding the writer lock.

`write(lock=False)` is a write transaction that does not take the writer lock on PostgreSQL, for work that
is exact on its own because it is one atomic statement whatever runs beside it: an INSERT of a new random
key, one conditional UPDATE (`... WHERE stage = 'srp'`, `... WHERE status = 'active'`), an upsert. It does
not wait for the writers, nor they for it. On SQLite it is `write()`: every SQLite write takes the
database's one write lock.

Round trips
-----------
On PostgreSQL everything a transaction does before the caller's first statement is one round trip: the
connection is in autocommit mode for the transaction (the driver sends no BEGIN of its own) and one
simple-protocol query sends `BEGIN ISOLATION LEVEL READ COMMITTED`, the `SET LOCAL`s and, for a writer, the
advisory lock; the COMMIT is the one other. (Separately, BEGIN, the timeouts, the lock and the pool's
liveness ping were four; docs/performance.md.) A connection the server closed meanwhile fails at that
first query, before the caller's code, and is retried like any dropped connection: no ping per checkout.

When the database fails
-----------------------
A failure of the database never becomes a 500. A dropped or refused connection while a transaction begins
or takes the lock - before the caller's code has run - is retried a few times with a short backoff (a
disconnection makes the pool replace every connection opened before it). Anything else the database raises
(unreachable, a lock or statement timeout, a serialisation failure or deadlock, an unexpected integrity
error from a race) ends the transaction and raises `GatewayError` UNAVAILABLE (503, `retry_after`), which
every layer (HTTP, the desk's command line) already answers. The driver's text is not carried along: it
may quote the statement's values (tokens, proofs); the engine hides parameters from SQLAlchemy's messages
too, and the one log line names the kind of failure and its SQLSTATE only.

SQLite
------
SQLite runs in WAL mode: a process killed mid-write loses at most its own uncommitted transaction. Its
connections stay open in a small pool and are reused from transaction to transaction: opening one per
transaction re-read the schema, re-ran the PRAGMAs and, as the last connection to close, checkpointed the
WAL every time (benchmarks/gateway.py; docs/performance.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator

from sqlalchemy import (
    URL,
    Connection,
    Engine,
    create_engine,
    event,
    make_url,
    select,
    update,
)
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    InternalError,
    OperationalError,
    PendingRollbackError,
    SQLAlchemyError,
)
from sqlalchemy.exc import (
    TimeoutError as PoolTimeoutError,
)
from sqlalchemy.pool import QueuePool

from trader_login.auth.gateway.errors import unavailable

# The tables live in schema.py (with their revisions in migrations/); every name is re-exported here.
from trader_login.auth.gateway.schema import (  # noqa: F401 - re-exported
    account_links,
    accounts,
    audit_events,
    device_links,
    device_nonces,
    devices,
    failures,
    lockouts,
    logins,
    metadata,
    outbox,
    push_requests,
    rate_limits,
    restart_grants,
    sessions,
    settings,
    temp_passcodes,
    users,
)

log = logging.getLogger(__name__)

# Connections kept open per process; more are opened when more transactions run at once, and closed after.
SQLITE_POOL_SIZE = 8
POSTGRES_POOL_SIZE = 8
POSTGRES_POOL_OVERFLOW = 24

# The PostgreSQL advisory lock every write transaction takes: one fixed 64-bit key ("SLS_WRIT" in ASCII).
WRITER_LOCK_KEY = 0x534C_535F_5752_4954
# Safety nets per PostgreSQL transaction, and the wait for a pooled connection.
TIMEOUT_SECONDS = 30
IDLE_IN_TRANSACTION_SECONDS = 60
CONNECT_TIMEOUT_SECONDS = 10
# A transaction that cannot begin (connection dropped or refused) is tried this often, waiting
# BEGIN_BACKOFF, then twice that, ... in between.
BEGIN_ATTEMPTS = 4
BEGIN_BACKOFF = 0.05
# What an UNAVAILABLE refusal tells the client to wait, in seconds.
RETRY_AFTER = 5

# The database's trouble, as opposed to the gateway's bugs (a ProgrammingError or DataError stays a 500).
_UNAVAILABLE_ERRORS = (
    OperationalError,
    InterfaceError,
    IntegrityError,
    InternalError,
    DisconnectionError,
    PendingRollbackError,
    PoolTimeoutError,
)
# admin_shutdown, crash_shutdown, cannot_connect_now: the server went away or is starting; class 08 too.
_RETRYABLE_SQLSTATES = ("57P01", "57P02", "57P03")


def _respell_temp_passcode(connection: Connection) -> None:
    """Release 0.4.0 spells the temporary passcode's device kind `temp_passcode` (the vocabulary's one
    spelling; it was `temp-passcode`). Sessions, and logins waiting on the takeover question, stored by an
    earlier release are respelled when a gateway starts, so they keep working. (A data migration older
    than the schema's revisions; it stays here, where it has always run.)"""
    connection.execute(
        update(sessions).where(sessions.c.device_kind == "temp-passcode").values(device_kind="temp_passcode")
    )
    parked = connection.execute(
        select(logins.c.id, logins.c.pending).where(logins.c.stage == "existing_session")
    ).all()
    for login_id, pending in parked:
        if isinstance(pending, dict) and pending.get("device_kind") == "temp-passcode":
            respelled = {**pending, "device_kind": "temp_passcode"}
            connection.execute(update(logins).where(logins.c.id == login_id).values(pending=respelled))


_AFTER_COMMIT = "trader_login.after_commit"


def after_commit(connection: Connection, action) -> None:
    """Runs `action()` once the write transaction of `connection` has committed; never if it rolls back
    (events.py publishes an event's sinks this way). An action's own failure is logged, not raised: the
    transaction it followed has committed."""
    connection.info.setdefault(_AFTER_COMMIT, []).append(action)


class StoreError(Exception):
    """The database cannot be used as configured (e.g. its driver is missing). The message is fit to show:
    it never repeats the URL, which may hold a password."""


class Store:
    """The engine plus the transaction discipline. `write()` for anything that changes state."""

    def __init__(self, url: str | URL, *, timeout: float = TIMEOUT_SECONDS) -> None:
        """`url`: any SQLAlchemy URL; a URL object keeps a password out of every string. `timeout`: the
        PostgreSQL lock and statement timeouts, in seconds."""
        parsed = engine_url(url)
        self._pg_begin_read = _pg_begin(timeout, lock=False)
        self._pg_begin_write = _pg_begin(timeout, lock=True)
        # What reprs and logs show: never the password.
        self.url = shown_url(parsed)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.is_postgresql = parsed.get_backend_name() == "postgresql"
        # This process's writers queue here for their turn at SQLite's write lock. BEGIN IMMEDIATE still
        # serialises them against every other process; without the queue, writers of one process would
        # also meet at BEGIN IMMEDIATE and poll in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms and
        # more between tries, long after the lock is free. (PostgreSQL's lock queue wakes the next
        # waiter at once: no queue of our own there.)
        self._writers: contextlib.AbstractContextManager = (
            threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        )
        self._pid = os.getpid()
        # Told of the database's trouble, for the metrics: `listener(what, during)`, what being "retry" (a
        # transaction that could not begin is tried again) or "unavailable" (answered UNAVAILABLE).
        self.trouble_listeners: list = []
        try:
            self.engine: Engine = _create_engine(parsed)
        except ImportError:
            raise missing_driver(parsed) from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_on_connect)
        self._create_schema()

    def _create_schema(self) -> None:
        """The schema at this release's newest revision: a new database is built, an older one upgraded
        in place (one process at a time), one newer than this release refused (migrations/__init__.py)."""
        from trader_login.auth.gateway import migrations  # it imports this module

        try:
            self.schema_upgrade = migrations.upgrade(self.engine)
            with self.write() as connection:
                _respell_temp_passcode(connection)
        except BaseException:
            self.engine.dispose()
            raise

    def _after_fork(self) -> None:
        """A forked child must not use its parent's open connections (SQLite forbids carrying one across
        a fork) nor its writer lock: it starts with its own, leaving the parent's untouched."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            if self.is_sqlite:
                self._writers = threading.Lock()
            self.engine.dispose(close=False)

    @contextlib.contextmanager
    def write(self, *, lock: bool = True) -> Iterator[Connection]:
        """One serialised read-write transaction; commits on success, rolls back on any exception.

        `lock=False`: on PostgreSQL the transaction does not take the writer lock, so it is not serialised
        against the writers: only for work exact on its own (one atomic statement: an INSERT of a new
        random key, one conditional UPDATE, an upsert; the module's docstring). On SQLite it changes
        nothing.

        Database trouble raises `GatewayError` UNAVAILABLE (503, `retry_after`); nothing else about it
        leaves this method."""
        self._after_fork()
        committed: list = []
        with self._writers, self._transaction(write=True, lock=lock, committed=committed) as connection:
            yield connection
        # After the commit and out of this process's writers' queue: a slow sink (a stalled stdout reader
        # of the audit lines) must not hold every other writer.
        _after(committed)

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot; never blocks writers (on SQLite in WAL mode, nor on PostgreSQL)."""
        self._after_fork()
        committed: list = []
        with self._transaction(write=False, committed=committed) as connection:
            yield connection
        _after(committed)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- the transaction and its failures --------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, write: bool, committed: list, lock: bool = False) -> Iterator[Connection]:
        """`committed` receives the actions to run once the transaction has committed (`after_commit`):
        the caller runs them (`_after`) when it has let go of everything it holds."""
        connection = self._begin(write, lock)
        failure: SQLAlchemyError | None = None
        try:
            try:
                yield connection
            except BaseException:
                _quietly(lambda: self._end(connection, commit=False))
                raise
            self._end(connection, commit=True)
            committed.extend(connection.info.get(_AFTER_COMMIT, ()))
        except _UNAVAILABLE_ERRORS as error:
            failure = error
        finally:
            # connection.info outlives the checkout (it belongs to the pooled DBAPI connection): emptied
            # here, whatever happened, so no action leaks into the next transaction.
            connection.info.pop(_AFTER_COMMIT, None)
            _quietly(connection.close)
        if failure is not None:
            # `from None`: the driver's text (it may quote values of the statement) stays out of every
            # traceback; the log line names the kind of failure only.
            raise self._unavailable(failure, "write" if write else "read") from None

    def _begin(self, write: bool, lock: bool) -> Connection:
        """A connection inside a fresh transaction (for writers with `lock`: holding the writer lock).
        Trouble here is retried a few times: nothing of the caller's has run yet."""
        for attempt in range(BEGIN_ATTEMPTS):
            connection: Connection | None = None
            try:
                connection = self.engine.connect()
                if self.is_sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
                elif self.is_postgresql:
                    # Autocommit for this checkout only (the pool puts the engine's level back on return):
                    # psycopg then sends no BEGIN of its own, and ours travels with the SET LOCALs and the
                    # lock in one round trip. COMMIT and ROLLBACK (connection.commit(), the pool's reset)
                    # still end it: psycopg sends them whenever the server says a transaction is open.
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                    connection.exec_driver_sql(self._pg_begin_write if lock else self._pg_begin_read)
                else:
                    connection.begin()
                return connection
            except _UNAVAILABLE_ERRORS as error:
                if connection is not None:
                    _quietly(connection.invalidate if _dropped(error) else connection.close)
                if attempt + 1 == BEGIN_ATTEMPTS or not self._worth_retrying(error):
                    failure = error
                    break
                log.info("database connection lost at the start of a transaction; retrying")
                self._tell("retry", "start of a write" if write else "start of a read")
                time.sleep(BEGIN_BACKOFF * 2**attempt)
        raise self._unavailable(failure, "start of a write" if write else "start of a read") from None

    def _end(self, connection: Connection, commit: bool) -> None:
        if self.is_sqlite:
            connection.exec_driver_sql("COMMIT" if commit else "ROLLBACK")
        elif commit:
            connection.commit()
        else:
            connection.rollback()

    def _worth_retrying(self, error: SQLAlchemyError) -> bool:
        """A dropped or refused connection: a new one may work. Not a lock or statement timeout (the
        wait already lasted its limit), nor a wait for a pooled connection, nor anything on SQLite (its
        busy timeout has already waited)."""
        if self.is_sqlite or not isinstance(error, DBAPIError):
            return False
        state = _sqlstate(error)
        return _dropped(error) or (
            isinstance(error, OperationalError)
            and (state is None or state.startswith("08") or state in _RETRYABLE_SQLSTATES)
        )

    def _tell(self, what: str, during: str) -> None:
        for listener in self.trouble_listeners:
            _quietly(lambda listener=listener: listener(what, during))

    def _unavailable(self, error: SQLAlchemyError, during: str) -> Exception:
        self._tell("unavailable", during)
        log.warning(
            "database unavailable during a %s (%s, SQLSTATE %s): answered UNAVAILABLE",
            during,
            type(getattr(error, "orig", None) or error).__name__,
            _sqlstate(error) or "-",
        )
        return unavailable(RETRY_AFTER)


def _pg_begin(seconds: float, *, lock: bool) -> str:
    """The start of a PostgreSQL transaction in one simple-protocol query (no parameters: the values are
    this module's numbers): BEGIN, the SET LOCALs of its safety nets, and for a writer the writer lock,
    taken once the timeouts apply."""
    milliseconds = max(1, round(seconds * 1000))
    idle = IDLE_IN_TRANSACTION_SECONDS * 1000
    begin = (
        "BEGIN ISOLATION LEVEL READ COMMITTED; "
        f"SELECT set_config('lock_timeout', '{milliseconds}', true), "
        f"set_config('statement_timeout', '{milliseconds}', true), "
        f"set_config('idle_in_transaction_session_timeout', '{idle}', true)"
    )
    return begin + (f"; SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})" if lock else "")


# Query parameters libpq (and so psycopg) takes as secrets: a URL may carry its password there too.
_QUERY_SECRETS = frozenset({"password", "sslpassword"})


def shown_url(url: URL) -> str:
    """A database URL fit for a message, a repr or the audit trail: its password, in the user part or in
    the query (`?password=`), as ***."""
    hidden = {name: "***" if name.lower() in _QUERY_SECRETS else value for name, value in url.query.items()}
    return url.set(query=hidden).render_as_string(hide_password=True)


def has_password(url: URL) -> bool:
    """The URL carries a password, in the user part or in the query."""
    return url.password is not None or any(name.lower() in _QUERY_SECRETS for name in url.query)


def missing_driver(url: URL) -> StoreError:
    """The refusal when the database's driver cannot be imported (the URL is not repeated)."""
    if url.get_backend_name() == "postgresql":
        return StoreError(
            "the PostgreSQL driver is not installed: install `trader-login[postgres]` "
            "(pip install 'trader-login[postgres]')"
        )
    return StoreError(f"the driver for {url.drivername!r} databases is not installed")


def engine_url(url: str | URL) -> URL:
    """The URL as SQLAlchemy gets it: `postgresql://` and `postgres://` mean psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _create_engine(url: URL) -> Engine:
    # hide_parameters: a statement's values (tokens, proofs, sealed secrets) never appear in the text of
    # an exception SQLAlchemy raises, whoever prints it.
    if url.get_backend_name() == "sqlite":
        # Each transaction has a connection of its own for its duration, so BEGIN IMMEDIATE and the busy
        # timeout apply per writer, across threads and processes alike. A connection goes back rolled back
        # (the pool's reset), so no transaction outlives its `write()` or `read()`, even when COMMIT
        # itself fails.
        return create_engine(
            url,
            poolclass=QueuePool,
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=-1,  # never make a transaction wait for a connection
            pool_reset_on_return="rollback",
            hide_parameters=True,
            connect_args={"timeout": 30, "check_same_thread": False, "isolation_level": None},
        )
    options: dict = {"pool_pre_ping": True, "hide_parameters": True}
    if url.get_backend_name() == "postgresql":
        options.update(
            # A dead connection fails at the transaction's first query, which is retried (Store._begin):
            # a ping per checkout would be one more round trip for every transaction.
            pool_pre_ping=False,
            isolation_level="READ COMMITTED",  # whatever the server's default: the writer lock does the rest
            pool_size=POSTGRES_POOL_SIZE,
            max_overflow=POSTGRES_POOL_OVERFLOW,
            pool_timeout=TIMEOUT_SECONDS,
        )
        if "connect_timeout" not in url.query:
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return create_engine(url, **options)


def _dropped(error: SQLAlchemyError) -> bool:
    return isinstance(error, DBAPIError) and (
        error.connection_invalidated or isinstance(error, InterfaceError)
    )


def _sqlstate(error: SQLAlchemyError) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)


def _after(committed: list) -> None:
    """The actions of a committed transaction, in order; one's failure is logged, not raised (the
    transaction has committed), and does not stop the next."""
    for action in committed:
        try:
            action()
        except Exception:
            log.exception("an action after a commit failed")


def _quietly(action) -> None:
    """Clean-up after a failure: a second failure (the connection is gone) must not hide the first."""
    with contextlib.suppress(Exception):
        action()


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable against a killed process; fsyncs at checkpoints
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
