"""A throw-away PostgreSQL server for the tests: `initdb` in a temporary directory, `pg_ctl -w start` on
127.0.0.1 (a free port) and a unix socket in that directory, `pg_ctl -m fast stop` and the directory removed.

The server checks passwords (scram-sha-256, one generated password for its one superuser), so the tests go
through the password path an operator's server takes. PostgreSQL refuses to run as root: run as root (CI),
the server runs as the `postgres` system user (Debian's `postgresql` package creates it) through `runuser`,
in a directory that user owns; run as anyone else, it runs as that user.

`make postgres` (part of `make test`) installs the server where it is missing; the tests never skip for
want of one. Qt-free. For manual use, `python -m tests.postgres_server` starts one, prints its URL and
keeps it running until Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

# Debian's server (the current major version's package, the `postgres` system user, the binaries in
# /usr/lib/postgresql/<version>/bin), which `make postgres` installs where no server is found.
SERVER_PACKAGE = "postgresql"
BREW_FORMULA = "postgresql@17"  # macOS: Homebrew's, keg-only (found in its opt/ folder)
SERVER_USER = "postgres"  # the system user the server runs as when the tests run as root
SUPERUSER = "sls_test"  # the database role the tests connect as
START_TIMEOUT = 120  # seconds pg_ctl waits for the server to accept connections: a safety net
MISSING = (
    "No PostgreSQL server found (initdb, pg_ctl and postgres on PATH or in /usr/lib/postgresql/*/bin). "
    "The gateway's tests run against a real PostgreSQL server as well as SQLite and never skip it: "
    "run `make postgres` (or `make test`), which installs Debian's `postgresql` package where it is "
    "missing, or install a PostgreSQL server yourself."
)
# A throw-away server's settings: durability is not wanted (the data dies with the directory), speed is;
# the concurrency tests open many connections from several processes at once.
SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
}
_SAFE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# A test run killed outright (SIGKILL, a CI timeout) must not leave its server running: a watchdog process
# reads a pipe only the test process holds and, at its end (the test process gone, or stop() done), stops
# the server and removes its directory, if stop() has not already.
_WATCHDOG = """
import json, shutil, subprocess, sys
stop, root = json.loads(sys.argv[1]), sys.argv[2]
sys.stdin.buffer.read()
subprocess.run(stop, capture_output=True, check=False, timeout=120)
shutil.rmtree(root, ignore_errors=True)
"""


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server binaries here, or the server could not be started."""


# Where the server's programs live, off PATH: Debian and Ubuntu; Homebrew's versioned formulae (Apple
# silicon, Intel); the EDB installer on Windows. Each <version> folder; the newest wins.
VERSIONED_DIRS = (
    "/usr/lib/postgresql/*/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/usr/local/opt/postgresql@*/bin",
    "C:/Program Files/PostgreSQL/*/bin",
)
PROGRAMS = ("initdb", "pg_ctl", "postgres")


def _has_programs(folder: Path) -> bool:
    return all(shutil.which(name, path=str(folder)) for name in PROGRAMS)


def _version(folder: Path) -> tuple[int, ...]:
    digits = re.findall(r"[0-9]+", folder.parent.name)
    return tuple(int(part) for part in digits)


def find_bin_dir() -> Path:
    """The folder holding `initdb`, `pg_ctl` and `postgres`: $PGBIN, then PATH, else the newest of the
    versioned folders packages install off PATH (Debian's /usr/lib/postgresql/<version>/bin, ...)."""
    if os.environ.get("PGBIN") and _has_programs(Path(os.environ["PGBIN"])):
        return Path(os.environ["PGBIN"])
    found = shutil.which("initdb")
    if found is not None and _has_programs(Path(found).resolve().parent):
        return Path(found).resolve().parent
    versions = [
        (_version(Path(folder)), Path(folder))
        for pattern in VERSIONED_DIRS
        for folder in glob.glob(pattern)
        if _has_programs(Path(folder))
    ]
    if not versions:
        raise PostgresUnavailableError(MISSING)
    return max(versions)[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quoted(name: str) -> str:
    """A database name as an SQL identifier; only the plain names this module makes are accepted."""
    if not _SAFE_NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r}")
    return f'"{name}"'


class PostgresServer:
    """One running throw-away server. `url(dbname)` for SQLAlchemy (password included), `url(dbname,
    password=False)` plus `environment()` (PGPASSWORD) for a child process; `create_database()` makes a
    fresh database, from a template if given (`CREATE DATABASE ... TEMPLATE`: a file copy, quick)."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        self.bin_dir = bin_dir or find_bin_dir()
        self.as_root = getattr(os, "geteuid", lambda: -1)() == 0
        self.password = secrets.token_urlsafe(24)
        self.host = "127.0.0.1"
        self.port = 0
        self.root: Path | None = None
        self._counter = 0
        self._lock = threading.Lock()
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._copies: _Copier | None = None
        self._watchdog_pipe: int | None = None

    # -- paths -----------------------------------------------------------------------------------------

    @property
    def data(self) -> Path:
        assert self.root is not None, "the server is not started"
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.root is not None, "the server is not started"
        return self.root

    @property
    def log(self) -> Path:
        assert self.root is not None, "the server is not started"
        return self.root / "server.log"

    # -- life cycle ------------------------------------------------------------------------------------

    def _argv(self, *command: str) -> list[str]:
        """One of the server's programs with its arguments, run as the server's user."""
        argv = [shutil.which(command[0], path=str(self.bin_dir)) or command[0], *command[1:]]
        return ["runuser", "-u", SERVER_USER, "--", *argv] if self.as_root else argv

    def _run(self, *command: str, timeout: float = START_TIMEOUT) -> None:
        """One of the server's programs, as the server's user; fails with its output."""
        argv = self._argv(*command)
        done = subprocess.run(  # noqa: S603 - our own argv, no shell
            argv, capture_output=True, text=True, timeout=timeout, cwd=self.root, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
            raise PostgresUnavailableError(
                f"{command[0]} failed ({done.returncode}): {done.stdout}{done.stderr}\n{log}".strip()
            )

    def start(self) -> PostgresServer:
        # In the system's temporary folder (sticky, world-traversable), not pytest's 0700 one: the server's
        # user must reach it.
        self.root = Path(tempfile.mkdtemp(prefix="sls-postgres-"))
        try:
            self._initdb()
            self._start_listening()
            self._start_watchdog()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_watchdog(self) -> None:
        stop = self._argv("pg_ctl", "--pgdata", str(self.data), "--mode", "immediate", "--wait", "stop")
        read_end, self._watchdog_pipe = os.pipe()  # neither end is inherited by other children
        try:
            self._watchdog = subprocess.Popen(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", _WATCHDOG, json.dumps(stop), str(self.root)],
                stdin=read_end,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl+C in the terminal stops the tests, not the watchdog
            )
        finally:
            os.close(read_end)

    def _initdb(self) -> None:
        password_file = self.root / "password"
        password_file.write_text(self.password + "\n")
        password_file.chmod(0o600)
        if self.as_root:
            try:
                shutil.chown(self.root, SERVER_USER)
                shutil.chown(password_file, SERVER_USER)
            except LookupError:
                raise PostgresUnavailableError(
                    f"running as root, the test server runs as the system user {SERVER_USER!r}, which does "
                    "not exist: run `make postgres`, which installs Debian's postgresql package (it creates "
                    "that user)"
                ) from None
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--pwfile",
            str(password_file),
            "--auth",
            "scram-sha-256",
            "--encoding",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        password_file.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# the throw-away test server (tests/postgres_server.py)\n")
            for key, value in SETTINGS.items():
                conf.write(f"{key} = '{value}'\n")
            # Forward slashes: the file's quoted strings take backslash escapes. No socket on Windows.
            sockets = "" if os.name == "nt" else self.socket_dir.as_posix()
            conf.write(f"unix_socket_directories = '{sockets}'\n")
            conf.write(f"listen_addresses = '{self.host}'\n")

    def _start_listening(self) -> None:
        """`pg_ctl -w start` on a free port; another port if one was taken meanwhile."""
        for attempt in range(5):
            self.port = free_port()
            try:
                self._run(
                    "pg_ctl",
                    "--pgdata",
                    str(self.data),
                    "--log",
                    str(self.log),
                    "--wait",
                    "--timeout",
                    str(START_TIMEOUT),
                    "-o",
                    f"-p {self.port}",
                    "start",
                    timeout=START_TIMEOUT + 30,
                )
                return
            except PostgresUnavailableError:
                if attempt == 4 or "Address already in use" not in self.log.read_text(errors="replace"):
                    raise

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if self._copies is not None:
                self._copies.close()
                self._copies = None
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "--pgdata", str(self.data), "--mode", "fast", "--wait", "stop")
        finally:
            self._remove()
            if self._watchdog_pipe is not None:
                os.close(self._watchdog_pipe)  # the watchdog finds nothing left to do, and ends
                self._watchdog_pipe = None
            if self._watchdog is not None:
                self._watchdog.wait(timeout=START_TIMEOUT)
                self._watchdog = None

    def _remove(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- clients ---------------------------------------------------------------------------------------

    def url(self, dbname: str = "postgres", *, password: bool = True) -> str:
        """A SQLAlchemy/libpq URL for `dbname` over TCP; without the password for a process given
        `environment()` (the password on no command line)."""
        secret = f":{quote(self.password, safe='')}" if password else ""
        return f"postgresql://{SUPERUSER}{secret}@{self.host}:{self.port}/{dbname}"

    def environment(self) -> dict[str, str]:
        """libpq's variables for a child process: the password through PGPASSWORD."""
        return {"PGPASSWORD": self.password}

    def __repr__(self) -> str:  # never the password
        return f"PostgresServer({self.host}:{self.port}, root={str(self.root)!r})"

    def connect(self, dbname: str = "postgres"):
        """A psycopg connection to `dbname` as the superuser, in autocommit mode; close it (`with`)."""
        import psycopg  # the `postgres` extra; imported here so that a missing one names itself

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=SUPERUSER,
            password=self.password,
            dbname=dbname,
            autocommit=True,
            connect_timeout=30,
        )

    def execute(self, sql: str) -> None:
        """One administrative statement on the `postgres` database (CREATE/DROP DATABASE and the like)."""
        with self.connect() as connection:
            connection.execute(sql)

    def new_name(self, prefix: str = "test") -> str:
        with self._lock:
            self._counter += 1
            return f"{prefix}_{os.getpid()}_{self._counter}"

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new, empty database (or a copy of `template`, which must have no open connections);
        returns its name."""
        name = name or self.new_name()
        source = f" TEMPLATE {_quoted(template)}" if template else " TEMPLATE template0"
        self.execute(f"CREATE DATABASE {_quoted(name)}{source}")
        return name

    def drop_database(self, name: str) -> None:
        """Drops `name`, ending any connection still open to it."""
        self.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")

    def copy_of(self, template: str) -> str:
        """A fresh copy of `template` (no connection to it may be open from now on), as
        `create_database(template=...)` makes, but made ahead: the copy for the next call is made on the
        copier thread meanwhile (while a test runs), so the caller rarely waits for one."""
        return self._copier().take(template)

    def drop_later(self, name: str) -> None:
        """`drop_database(name)` on the copier thread: the caller goes on at once."""
        self._copier().jobs.put(("drop", name))

    def _copier(self) -> _Copier:
        with self._lock:
            if self._copies is None:
                self._copies = _Copier(self)
            return self._copies

    def table_files(self, dbname: str) -> list[Path]:
        """The files holding `dbname`'s own tables, their TOAST tables and indexes, after a CHECKPOINT has
        written every change into them: that database as someone who reads the server's disk sees it
        (old row versions included, until a vacuum reuses their space)."""
        self.execute("CHECKPOINT")
        with self.connect(dbname) as connection:
            rows = connection.execute(
                "SELECT pg_relation_filepath(oid) FROM pg_class"
                " WHERE relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace)"
                " AND pg_relation_filepath(oid) IS NOT NULL"
            ).fetchall()
        files = []
        for (relative,) in rows:
            first = self.data / relative
            files += [first, *sorted(first.parent.glob(first.name + ".[0-9]*"))]  # 1 GB segments
        return [path for path in files if path.exists()]

    @contextlib.contextmanager
    def database(self, *, template: str | None = None) -> Iterator[str]:
        """A fresh database for a `with` block: yields its URL, drops it after."""
        name = self.create_database(template=template)
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)


class _Copier:
    """The server's copier thread: makes copies of template databases ahead of `copy_of` (one per
    template at a time) and drops the used ones (`drop_later`), one job at a time, in order. Its errors
    reach the caller of the next `copy_of` (or `close`)."""

    def __init__(self, server: PostgresServer) -> None:
        self.server = server
        self.jobs: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self.ready: dict[str, queue.Queue[str | BaseException]] = {}
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._work, name="postgres-copier", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            kind, name = job
            try:
                if kind == "copy":
                    self.ready[name].put(self.server.create_database(template=name))
                else:
                    self.server.drop_database(name)
            except BaseException as error:  # handed to the test that waits, or to close()
                if kind == "copy":
                    self.ready[name].put(error)
                else:
                    self.errors.append(error)

    def take(self, template: str) -> str:
        if template not in self.ready:
            self.ready[template] = queue.Queue()
            self.jobs.put(("copy", template))
        try:
            made = self.ready[template].get(timeout=START_TIMEOUT)
        except queue.Empty:
            raise PostgresUnavailableError(f"no copy of {template} within {START_TIMEOUT} s") from None
        self.jobs.put(("copy", template))  # the next one, made while this one is used
        if isinstance(made, BaseException):
            raise made
        return made

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join(timeout=START_TIMEOUT)
        if self.errors:
            raise self.errors[0]


def ensure_installed() -> Path:
    """`make postgres`: the server's folder; where no server is found, installs Debian's `postgresql`
    package (apt-get) as root on Debian or Ubuntu, as `make screenshots` installs its fonts, or Homebrew's
    formula on macOS.
    Raises PostgresUnavailableError, saying how to install one, where it cannot."""
    with contextlib.suppress(PostgresUnavailableError):
        return find_bin_dir()
    apt = shutil.which("apt-get")
    if getattr(os, "geteuid", lambda: -1)() == 0 and apt and Path("/etc/debian_version").exists():
        print(f"no PostgreSQL server found: installing {SERVER_PACKAGE} (apt-get)", flush=True)
        command = [apt, "install", "-y", "--no-install-recommends", SERVER_PACKAGE]
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(command, env=environment, check=False).returncode != 0:  # noqa: S603 - fixed command
            subprocess.run([apt, "update"], env=environment, check=False)  # noqa: S603 - fixed command
            subprocess.run(command, env=environment, check=False)  # noqa: S603 - fixed command
        return find_bin_dir()
    brew = shutil.which("brew")
    if brew and sys.platform == "darwin":
        print(f"no PostgreSQL server found: installing {BREW_FORMULA} (brew)", flush=True)
        subprocess.run([brew, "install", BREW_FORMULA], check=False)  # noqa: S603 - fixed command
        return find_bin_dir()
    raise PostgresUnavailableError(
        f"{MISSING}\n  Debian/Ubuntu: sudo apt-get install {SERVER_PACKAGE}   Fedora: sudo dnf install "
        f"postgresql-server   macOS: brew install {BREW_FORMULA}"
    )


def main(argv: list[str] | None = None) -> int:
    """`--install`: make sure a server is installed (`make postgres`). Otherwise: start a server, print
    its URL and password variable, and keep it until Ctrl+C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m tests.postgres_server", description=main.__doc__)
    parser.add_argument("--install", action="store_true", help="install a server where none is found")
    arguments = parser.parse_args(argv)
    if arguments.install:
        try:
            print(f"PostgreSQL server for the tests: {ensure_installed()}")
        except PostgresUnavailableError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        server = PostgresServer().start()
    except PostgresUnavailableError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        server.create_database("sls")
        print(f"url: {server.url('sls', password=False)}")
        print(f"PGPASSWORD={server.password}")
        print(f"socket: {server.socket_dir}")
        print("running; Ctrl+C stops it and removes its directory", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
