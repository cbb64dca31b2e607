"""The gateway's storage: every piece of state in one SQLAlchemy database, so that two gateway processes on
one database behave as one.

Writes go through `Store.write()`: one transaction that serialises against every other writer. On SQLite
that is `BEGIN IMMEDIATE` (the database-wide write lock, taken before the first read, so a read-then-write
such as "count failures, then lock" cannot interleave); elsewhere the service locks the rows it reads
with `SELECT ... FOR UPDATE`. SQLite runs in WAL mode: a process killed mid-write loses at most its own
uncommitted transaction.

SQLite connections stay open in a small pool and are reused from transaction to transaction: opening one
per transaction re-read the schema, re-ran the PRAGMAs and, as the last connection to close, checkpointed
the WAL every time (benchmarks/gateway.py; docs/performance.md).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

# Connections kept open per process; more are opened when more transactions run at once, and closed after.
SQLITE_POOL_SIZE = 8

metadata = MetaData()

settings = Table(
    "settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("mode", String(8), nullable=False),  # "live" or "paper"
    Column("srp_salt", LargeBinary, nullable=False),
    Column("kdf", JSON, nullable=False),  # KdfParams.to_dict()
    Column("verifier", LargeBinary, nullable=False),
    Column("identity", JSON, nullable=False),  # name and the like; R14 compares it
    Column("opt_out", String(8), nullable=False, default="none"),  # "none", "full", "portal" (R15)
    Column("ip_allow", JSON, nullable=False, default=list),  # R15 IP restriction; empty = any
    Column("last_device_id", String(64), nullable=True),  # M2FS preselection
    Column("created_at", Float, nullable=False),
)

# Devices exist once and may serve several user names (R14), hence the link table.
devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),  # serial or device id
    Column("kind", String(16), nullable=False),  # ibkey, dscplus, card, online-card, sms
    Column("status", String(16), nullable=False),  # active, pending, lost, removed
    Column("sealed", LargeBinary, nullable=True),  # AES-GCM: secrets and card grids (vault.py)
    Column("public_key", LargeBinary, nullable=True),  # IB Key: X9.62 point, not secret
    Column("phone", String(20), nullable=True),  # SMS / voice
    Column("created_at", Float, nullable=False),
    Column("activated_at", Float, nullable=True),
    Column("auto_activate_at", Float, nullable=True),  # R11: a replacement 3 weeks after shipment
    Column("expires_at", Float, nullable=True),  # online card: 21 days after activation
)

device_links = Table(
    "device_links",
    metadata,
    Column("device_id", String(64), ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),  # approved, pending (compliance review)
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(16), primary_key=True),  # account number, e.g. U1234567
    Column("title", String(128), nullable=False),
)

account_links = Table(
    "account_links",
    metadata,
    Column("account_id", String(16), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

temp_passcodes = Table(
    "temp_passcodes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("code_hash", LargeBinary, nullable=False),
    Column("issued_at", Float, nullable=False),
    Column("ended_at", Float, nullable=True),  # R11: reactivation ends it
)

# R3: failures are kept by user name, not user, so an unknown name locks exactly like a real one.
failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_failures_username_at", "username", "at"),
)

lockouts = Table(
    "lockouts",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("locked_until", Float, nullable=False),
)

# One login attempt from password to session. The id is a hash of the bearer token the client holds.
logins = Table(
    "logins",
    metadata,
    Column("id", LargeBinary, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("user_id", Integer, nullable=True),  # None for a decoy
    Column("mode", String(8), nullable=False),
    Column("address", String(64), nullable=False),
    Column("client_public", LargeBinary, nullable=False),
    Column("server_private", LargeBinary, nullable=False),  # sealed: b must not sit in the clear
    Column("server_public", LargeBinary, nullable=False),
    Column("stage", String(24), nullable=False),  # srp, choose_device, second_factor, existing_session, done
    Column("device_id", String(64), nullable=True),
    Column("challenge", JSON, nullable=True),  # what the client sees of the current challenge
    Column("challenge_secret", LargeBinary, nullable=True),  # sealed: the expected answer's inputs
    Column("challenge_expires_at", Float, nullable=True),
    Column("sms_sent", Integer, nullable=False, default=0),
    Column("sms_last_sent_at", Float, nullable=True),
    Column("pending", JSON, nullable=True),  # the session waiting on the takeover question
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
)

push_requests = Table(
    "push_requests",
    metadata,
    Column("transaction_id", String(64), primary_key=True),
    Column("login_id", LargeBinary, ForeignKey("logins.id", ondelete="CASCADE"), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("username", String(64), nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("summary", String(200), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("status", String(16), nullable=False),  # pending, approved, denied, used, cancelled
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", LargeBinary, primary_key=True),  # hash of the session token
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("mode", String(8), nullable=False),
    Column("device_kind", String(16), nullable=True),
    Column("read_only", Boolean, nullable=False, default=False),
    Column("restrictions", JSON, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("status", String(16), nullable=False),  # active, taken_over, logged_out
    Column("ended_at", Float, nullable=True),
    Index("ix_sessions_username_status", "username", "status"),
)

# The emulated phone network: what was texted or read out, for the phone emulator and `outbox`.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("phone", String(20), nullable=False),
    Column("channel", String(8), nullable=False),  # sms, voice
    Column("text", Text, nullable=False),  # base64 of the vault-sealed text: it carries a live code
    Column("at", Float, nullable=False),
)

rate_limits = Table(
    "rate_limits",
    metadata,
    Column("address", String(64), primary_key=True),
    Column("window_start", Float, nullable=False),
    Column("count", Integer, nullable=False),
)

# Signed device requests (SPEC §6): each nonce is accepted once per device, and remembered until its time
# stamp has left the 300 s window (then pruned: a replay of it is refused as stale anyway).
device_nonces = Table(
    "device_nonces",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("nonce", String(32), primary_key=True),
    Column("expires_at", Float, nullable=False),
    Index("ix_device_nonces_expires_at", "expires_at"),
)


class Store:
    """The engine plus the transaction discipline. `write()` for anything that changes state."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # This process's writers queue here for their turn at SQLite's write lock. BEGIN IMMEDIATE still
        # serialises them against every other process; without the queue, writers of one process would
        # also meet at BEGIN IMMEDIATE and poll in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms and
        # more between tries, long after the lock is free.
        self._writers: contextlib.AbstractContextManager = (
            threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        )
        self._pid = os.getpid()
        if self.is_sqlite:
            # Each transaction has a connection of its own for its duration, so BEGIN IMMEDIATE and the
            # busy timeout apply per writer, across threads and processes alike. A connection goes back
            # rolled back (the pool's reset), so no transaction outlives its `write()` or `read()`, even
            # when COMMIT itself fails.
            self.engine: Engine = create_engine(
                url,
                poolclass=QueuePool,
                pool_size=SQLITE_POOL_SIZE,
                max_overflow=-1,  # never make a transaction wait for a connection
                pool_reset_on_return="rollback",
                connect_args={"timeout": 30, "check_same_thread": False, "isolation_level": None},
            )
            event.listen(self.engine, "connect", _sqlite_on_connect)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        self._create_schema()

    def _create_schema(self) -> None:
        # Two gateways starting together on a new database race to create the tables; the loser's
        # "already exists" means the schema is there.
        for attempt in range(3):
            try:
                metadata.create_all(self.engine)
                return
            except OperationalError:
                if attempt == 2:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _after_fork(self) -> None:
        """A forked child must not use its parent's open connections (SQLite forbids carrying one across
        a fork) nor its writer lock: it starts with its own, leaving the parent's untouched."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            if self.is_sqlite:
                self._writers = threading.Lock()
            self.engine.dispose(close=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One serialised read-write transaction; commits on success, rolls back on any exception."""
        self._after_fork()
        with self._writers, self.engine.connect() as connection:
            if self.is_sqlite:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.exec_driver_sql("ROLLBACK")
                    raise
                connection.exec_driver_sql("COMMIT")
            else:
                with connection.begin():
                    yield connection

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot; never blocks writers on SQLite in WAL mode."""
        self._after_fork()
        with self.engine.connect() as connection:
            if self.is_sqlite:
                connection.exec_driver_sql("BEGIN")
                try:
                    yield connection
                finally:
                    connection.exec_driver_sql("ROLLBACK")
            else:
                with connection.begin():
                    yield connection

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable against a killed process; fsyncs at checkpoints
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
