"""Issue 14: the data directory is 0700 and the SQLite database with its -wal/-shm 0600 from their creation;
a looser existing one is tightened on start, with one notice line. POSIX modes only: Windows has none (its
user profile is private by ACL), so these tests do not run there."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from tests.gateway.conftest import gateway_config
from trader_login.auth.gateway.gateway import DATABASE_NAME, Gateway

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes do not exist on Windows")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def database_files(data_dir: Path) -> list[Path]:
    return [data_dir / (DATABASE_NAME + suffix) for suffix in ("", "-wal", "-shm")]


def notices(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "tightened permissions" in r.getMessage()]


def test_a_new_data_directory_is_0700_and_its_database_files_0600(tmp_path: Path, caplog) -> None:
    data_dir = tmp_path / "new" / "gateway"
    old_umask = os.umask(0o022)  # the usual umask, which alone would make 0755 and 0644
    try:
        gateway = Gateway(data_dir, config=gateway_config())
    finally:
        os.umask(old_umask)
    try:
        gateway.desk.add_user("alice", "pw")  # a write: SQLite has its -wal and -shm open now
        assert mode(data_dir) == 0o700
        for path in database_files(data_dir):
            assert path.exists(), path
            assert mode(path) == 0o600, path
        assert mode(data_dir / "gateway-key.json") == 0o600
        assert mode(data_dir / "key.pem") == 0o600
    finally:
        gateway.close()
    assert notices(caplog) == []  # nothing was loose: nothing to tell


def test_a_loose_data_directory_and_database_are_tightened_with_one_notice(tmp_path: Path, caplog) -> None:
    data_dir = tmp_path / "gateway"
    Gateway(data_dir, config=gateway_config()).close()
    data_dir.chmod(0o755)
    for path in database_files(data_dir):
        path.touch()  # an empty -wal or -shm is what SQLite finds after a clean close elsewhere
        path.chmod(0o644)
    caplog.set_level(logging.WARNING)
    gateway = Gateway(data_dir, config=gateway_config())
    try:
        assert mode(data_dir) == 0o700
        assert [mode(path) for path in database_files(data_dir)] == [0o600] * 3
        (notice,) = notices(caplog)
        assert "\n" not in notice
        assert f"{data_dir} (0755 -> 0700)" in notice
        for path in database_files(data_dir):
            assert f"{path} (0644 -> 0600)" in notice
        assert gateway.desk.status("nobody")["exists"] is False  # the database still works
    finally:
        gateway.close()
    caplog.clear()
    Gateway(data_dir, config=gateway_config()).close()
    assert notices(caplog) == []  # once tight, no more notices


def test_a_sqlite_database_named_by_url_is_made_0600_too(tmp_path: Path) -> None:
    database = tmp_path / "elsewhere.sqlite3"
    gateway = Gateway(tmp_path / "gateway", db_url=f"sqlite:///{database}", config=gateway_config())
    try:
        gateway.desk.add_user("alice", "pw")
        assert mode(database) == 0o600
        assert mode(Path(f"{database}-wal")) == 0o600
    finally:
        gateway.close()
