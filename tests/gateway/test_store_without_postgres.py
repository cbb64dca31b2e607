"""The embedded gateway runs where SQLAlchemy's PostgreSQL dialect is absent: the desktop bundle leaves it
out (packaging/trader-login.spec), so nothing on the SQLite path may import it. Shown in a child process
whose importer refuses `sqlalchemy.dialects.postgresql`, through a whole wrong-password count to the lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys

    class NoPostgres:
        def find_spec(self, name, path=None, target=None):
            if name == "psycopg" or name.startswith(("sqlalchemy.dialects.postgresql", "psycopg.")):
                raise ImportError(f"{name} is left out, as in the desktop bundle")
            return None

    sys.meta_path.insert(0, NoPostgres())

    from trader_login.auth.gateway.lockout import LockoutPolicy
    from trader_login.auth.gateway.rate_limit import RateLimit
    from trader_login.auth.gateway.store import Store

    store = Store("sqlite:///" + sys.argv[1])
    lockout, limit = LockoutPolicy(), RateLimit(requests=3)
    locked = []
    for attempt in range(10):
        with store.write() as connection:
            locked.append(lockout.record_failure(connection, "carduser", 1_800_000_000.0 + attempt))
    admitted = 0
    for _ in range(5):
        try:
            with store.write() as connection:
                limit.check(connection, "127.0.0.1", 1_800_000_000.0)
            admitted += 1
        except Exception as error:
            assert getattr(error, "code", None) == "RATE_LIMITED", error
    store.dispose()
    assert locked[:9] == [None] * 9 and locked[9] is not None, locked
    assert admitted == 3, admitted
    assert "sqlalchemy.dialects.postgresql" not in sys.modules
    print("ok")
    """
)


def test_sqlite_lockout_and_rate_limit_never_import_the_postgresql_dialect(tmp_path: Path) -> None:
    child = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", CHILD, str(tmp_path / "gateway.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "ok"
