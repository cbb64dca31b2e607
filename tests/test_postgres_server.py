"""The tests' throw-away PostgreSQL server (tests/postgres_server.py): it checks passwords, keeps its
password out of its repr and of the URL a child process gets, copies template databases, and where no
server is installed it says to run the bootstrap rather than letting a test skip."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests import postgres_server
from tests.postgres_server import PostgresServer, PostgresUnavailableError


def test_no_server_installed_is_an_error_that_names_the_bootstrap(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PGBIN", raising=False)
    monkeypatch.setattr(postgres_server, "VERSIONED_DIRS", (str(tmp_path / "nowhere" / "*" / "bin"),))
    with pytest.raises(PostgresUnavailableError) as info:
        postgres_server.find_bin_dir()
    assert "make postgres" in str(info.value)
    assert "never skip" in str(info.value)


def test_the_server_checks_passwords_and_keeps_its_own_out_of_sight(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    assert postgres_server.password not in repr(postgres_server)
    bare = postgres_server.url("postgres", password=False)
    assert postgres_server.password not in bare
    assert postgres_server.environment() == {"PGPASSWORD": postgres_server.password}
    with psycopg.connect(postgres_server.url("postgres"), connect_timeout=30) as connection:
        assert connection.execute("SELECT current_user").fetchone() == ("sls_test",)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(bare, password="not-the-password", connect_timeout=30).close()
    with pytest.raises(psycopg.OperationalError, match="password"):  # none given: none supplied
        psycopg.connect(bare, connect_timeout=30).close()


def test_copies_of_a_template_are_fresh_and_separate(postgres_server: PostgresServer):
    template = postgres_server.create_database()
    with postgres_server.connect(template) as connection:
        connection.execute("CREATE TABLE marks (name text)")
        connection.execute("INSERT INTO marks VALUES ('seeded')")
    first, second = postgres_server.copy_of(template), postgres_server.copy_of(template)
    assert first != second
    with postgres_server.connect(first) as connection:
        connection.execute("INSERT INTO marks VALUES ('first only')")
    with postgres_server.connect(second) as connection:
        assert connection.execute("SELECT name FROM marks").fetchall() == [("seeded",)]
    for name in (first, second, template):
        postgres_server.drop_database(name)


def test_the_server_lives_in_a_temporary_directory_with_its_socket(postgres_server: PostgresServer):
    root = postgres_server.root
    assert root is not None
    assert root.name.startswith("sls-postgres-")
    assert (postgres_server.data / "postmaster.pid").exists()
    assert Path(root / f".s.PGSQL.{postgres_server.port}").is_socket()
