"""Who may read the gateway's data: the data directory 0700, the SQLite database and its -wal/-shm 0600.

The database holds the SRP verifiers, which an offline dictionary attack starts from, so other local users
must not read it. The database file is created 0600 before SQLite opens it (SQLite gives -wal and -shm the
main file's mode); an existing looser directory or file is tightened on start, with one notice line.
Windows has no POSIX modes (a user's profile is private by its ACL): nothing is checked or changed there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("trader_login.auth.gateway")

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
POSIX_MODES = os.name != "nt"


def private_directory(path: Path) -> list[str]:
    """Creates `path` 0700 (its missing parents as the umask says) or tightens an existing one; returns
    what was tightened, for `notice_tightened`."""
    path = Path(path)
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    return _tighten(path, DIRECTORY_MODE)


def private_database_file(path: Path) -> list[str]:
    """Creates the SQLite file `path` empty and 0600 if missing (SQLite then makes a valid database of
    it, and its -wal/-shm with the same mode), or tightens it and an existing -wal/-shm."""
    path = Path(path)
    if POSIX_MODES:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    tightened = []
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            tightened += _tighten(candidate, FILE_MODE)
    return tightened


def notice_tightened(tightened: list[str]) -> None:
    """One notice line for everything tightened on this start (nothing when nothing was)."""
    if tightened:
        log.warning(
            "notice: tightened permissions so that only the gateway's user can read its data: %s",
            ", ".join(tightened),
        )


def warn_if_others_can_read(path: Path, what: str) -> None:
    """A notice when every local user may read `path`. Not tightened: a shared secrets file belongs to
    the operator's secrets tooling, which may mean a group to read it (0640)."""
    if not POSIX_MODES:
        return
    current = stat.S_IMODE(Path(path).stat().st_mode)
    if current & 0o007:
        log.warning(
            "notice: %s %s is readable by every local user (mode %04o): chmod 600 it (640 for a group)",
            what,
            path,
            current,
        )


def _tighten(path: Path, mode: int) -> list[str]:
    if not POSIX_MODES:
        return []
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode == 0:
        return []
    os.chmod(path, current & mode)
    return [f"{path} ({current:04o} -> {current & mode:04o})"]
