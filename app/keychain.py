"""The desktop keychain (SPEC §5): the remembered user name and emulator secrets in the system keychain, or,
where there is none, in a file only the user can read. Every call blocks: run it on a worker, never on the GUI
thread (the first call also chooses the keyring backend, which can reach D-Bus on Linux).

Fallback file policy: it is JSON, mode 0600 in a 0700 directory, replaced atomically on every write. A damaged
or unreadable file is never overwritten: every call that needs it raises `KeychainError` naming the file, and
the user deletes it to start afresh (only the remembered user name and emulator secrets are lost).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import stat
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import keyring
import platformdirs
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "trader-login"
USERNAME_KEY = "remembered-username"
FALLBACK_FILE_NAME = "keychain-fallback.json"
FALLBACK_NOTICE = (
    "No usable system keychain was found, so the remembered user name, the emulators' device secrets and"
    " this computer's restart keys are kept in a file only you can read: {path}. It is not encrypted."
)
_VALUES = "values"
_NOTICE_SHOWN = "fallback_notice_shown"
_PRIVATE_FILE, _PRIVATE_DIR = 0o600, 0o700
_POSIX = os.name != "nt"  # Windows has no owner-only mode bits; the profile folder's ACL does that job

log = logging.getLogger(__name__)


class KeychainError(Exception):
    """The keychain cannot be used. The text names the file or the backend, never a stored value."""


class Backend(Protocol):
    """What the keychain needs of a keyring backend."""

    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


@dataclass(frozen=True)
class KeychainStatus:
    """The outcome of `Keychain.check()`, for `--self-test`."""

    backend_name: str
    is_system: bool
    fallback_path: Path | None
    message: str


def default_fallback_path() -> Path:
    """`keychain-fallback.json` in the user's config directory for the app."""
    return Path(platformdirs.user_config_dir(SERVICE, appauthor=False)) / FALLBACK_FILE_NAME


def is_system_backend(backend: object) -> bool:
    """Whether a keyring backend really stores values: not keyring's fail or null stand-ins, not an empty
    chainer, and a positive priority."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        # Its priority is -1 with exactly one backend to chain, though usable then: ask its members instead.
        return any(is_system_backend(member) for member in backend.backends)
    try:
        return float(backend.priority) > 0  # type: ignore[attr-defined]
    except Exception:  # a backend's priority raises when it does not fit the platform
        return False


def display_name(backend: object) -> str:
    """A backend's display name ("SecretService Keyring", "macOS Keyring", …); "none" for None."""
    if backend is None:
        return "none"
    name = getattr(backend, "name", None)
    return name if isinstance(name, str) else type(backend).__name__


class _FallbackFile:
    """The JSON file behind the keychain when there is no system keychain; one lock per file object guards
    every read-modify-write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()

    def load(self) -> dict[str, Any]:
        """The file's content, {} if it does not exist; repairs permissions wider than 0600."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._error(f"cannot be read ({exc.strerror})") from None
        with os.fdopen(fd, "rb") as file:
            self._repair_mode(file.fileno())
            raw = file.read()
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise self._error("is damaged (not UTF-8 text)") from None
        except json.JSONDecodeError as exc:
            raise self._error(
                f"is damaged (not valid JSON at line {exc.lineno}, column {exc.colno})"
            ) from None
        values = data.get(_VALUES, {}) if isinstance(data, dict) else None
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            raise self._error("is damaged (not a keychain fallback file)")
        return data

    def update(self, change: Callable[[dict[str, Any]], None]) -> None:
        """Applies `change` to the content and writes it back, unless nothing changed."""
        with self.lock:
            data = self.load()
            data.setdefault(_VALUES, {})
            before = json.dumps(data, sort_keys=True)
            change(data)
            if json.dumps(data, sort_keys=True) != before:
                self._save(data)

    def _save(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, indent=2, sort_keys=True).encode("utf-8")
        try:
            self._make_dir()
            fd, temp = tempfile.mkstemp(prefix=".keychain-", suffix=".tmp", dir=self.path.parent)
            try:
                if _POSIX:
                    os.fchmod(fd, _PRIVATE_FILE)  # mkstemp's 0600 already, stated before any content
                with os.fdopen(fd, "wb") as file:
                    file.write(payload)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temp, self.path)  # a new inode: a file once left 0644 comes back 0600
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
            self._sync_dir()
        except OSError as exc:
            raise self._error(f"cannot be written ({exc.strerror})") from None

    def _make_dir(self) -> None:
        parent = self.path.parent
        if not parent.is_dir():
            parent.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
            if _POSIX:
                os.chmod(parent, _PRIVATE_DIR)  # mkdir's mode passes through the umask

    def _sync_dir(self) -> None:
        if _POSIX:  # makes the rename itself durable
            fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def _repair_mode(self, fd: int) -> None:
        if not _POSIX or not stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            return
        try:
            os.fchmod(fd, _PRIVATE_FILE)
        except OSError as exc:
            raise self._error(f"is readable by others and cannot be made private ({exc.strerror})") from None
        log.warning(
            "The keychain fallback file %s was readable by others; it is now private (0600)", self.path
        )

    def _error(self, what: str) -> KeychainError:
        return KeychainError(
            f"The keychain fallback file {self.path} {what}. Nothing was changed; delete the file to start"
            " afresh (the remembered user name and the emulators' device secrets will be forgotten)."
        )


class Keychain:
    """Values by key under the service "trader-login", in the system keychain if there is one, else in the
    fallback file. Blocking: call from a worker thread only."""

    def __init__(
        self, backend: Backend | None = None, fallback_path: str | os.PathLike[str] | None = None
    ) -> None:
        self._backend: Backend | None = backend
        self._chosen = False
        self._use_file = False
        self._lock = threading.RLock()
        self._file = _FallbackFile(Path(fallback_path) if fallback_path else default_fallback_path())

    def __repr__(self) -> str:
        backend = display_name(self._backend) if self._chosen else "not chosen yet"
        system = (not self._use_file) if self._chosen else "unknown"
        return f"Keychain(backend={backend!r}, system={system}, fallback_path={str(self._file.path)!r})"

    @property
    def is_system(self) -> bool:
        """Whether values go to a real system keychain (not the fallback file)."""
        return self._system_backend() is not None

    @property
    def backend_name(self) -> str:
        """The keyring backend found, usable or not."""
        self._system_backend()
        return display_name(self._backend)

    @property
    def fallback_path(self) -> Path:
        """Where values go when there is no usable system keychain (whether or not it is in use)."""
        return self._file.path

    def get(self, key: str) -> str | None:
        _check_key(key)
        if system := self._system_backend():
            try:
                return system.get_password(SERVICE, key)
            except KeyringError as exc:
                self._fall_back(exc)
        with self._file.lock:
            return self._file.load().get(_VALUES, {}).get(key)

    def set(self, key: str, value: str) -> None:
        _check_key(key)
        if not isinstance(value, str):
            raise TypeError(f"keychain values are str, not {type(value).__name__}")
        if system := self._system_backend():
            try:
                system.set_password(SERVICE, key, value)
            except KeyringError as exc:
                self._fall_back(exc)
            else:
                return
        self._file.update(lambda data: data[_VALUES].__setitem__(key, value))

    def delete(self, key: str) -> None:
        """Removes the key; no error if it is absent. Also clears it from an existing fallback file, so a
        value stored before a system keychain appeared does not linger there."""
        _check_key(key)
        if system := self._system_backend():
            try:
                self._delete_from(system, key)
            except KeyringError as exc:
                self._fall_back(exc)
        self._file.update(lambda data: data[_VALUES].pop(key, None))

    def remembered_username(self) -> str | None:
        return self.get(USERNAME_KEY)

    def remember_username(self, name: str) -> None:
        if not name:
            raise ValueError("an empty user name is not remembered")
        self.set(USERNAME_KEY, name)

    def forget_username(self) -> None:
        self.delete(USERNAME_KEY)

    def fallback_notice(self) -> str | None:
        """The notice that values are kept in a plain file, once per fallback file ever (recorded in the
        file); None when a system keychain is in use or the notice was already given."""
        if self.is_system:
            return None
        already_shown = False

        def mark_shown(data: dict[str, Any]) -> None:
            nonlocal already_shown
            already_shown = bool(data.get(_NOTICE_SHOWN))
            data[_NOTICE_SHOWN] = True

        self._file.update(mark_shown)
        return None if already_shown else FALLBACK_NOTICE.format(path=self._file.path)

    def check(self) -> KeychainStatus:
        """Writes, reads back and deletes a probe value; raises KeychainError when any step fails."""
        key, probe = "self-test-probe", secrets.token_hex(16)
        self.set(key, probe)
        read_back = self.get(key)
        self.delete(key)
        where = "the system keychain" if self.is_system else f"the fallback file {self._file.path}"
        if read_back != probe:
            raise KeychainError(f"The keychain check failed: {where} did not return the value just stored.")
        if self.get(key) is not None:
            raise KeychainError(f"The keychain check failed: {where} kept a value that was deleted.")
        if self.is_system:
            message = f"The system keychain ({self.backend_name}) works."
        else:
            message = f"No usable system keychain; values are kept in {self._file.path}, not encrypted."
        fallback = None if self.is_system else self._file.path
        return KeychainStatus(self.backend_name, self.is_system, fallback, message)

    def _system_backend(self) -> Backend | None:
        with self._lock:
            if not self._chosen:
                if self._backend is None:
                    try:
                        self._backend = keyring.get_keyring()
                    except Exception as exc:  # a broken keyring config must not stop the app
                        log.warning("No keyring backend could be loaded (%s)", type(exc).__name__)
                self._use_file = self._backend is None or not is_system_backend(self._backend)
                self._chosen = True
                log.debug(
                    "Keychain backend %r, system keychain: %s",
                    display_name(self._backend),
                    not self._use_file,
                )
            return None if self._use_file else self._backend

    def _fall_back(self, exc: KeyringError) -> None:
        # Only the exception's type is logged: a third-party backend's message could hold anything.
        with self._lock:
            self._use_file = True
        log.warning(
            "The system keychain (%s) failed (%s); using the fallback file %s",
            self.backend_name,
            type(exc).__name__,
            self._file.path,
        )

    @staticmethod
    def _delete_from(system: Backend, key: str) -> None:
        try:
            system.delete_password(SERVICE, key)
        except PasswordDeleteError:
            # keyring raises this both for "no such entry" and for a refused delete: tell them apart.
            if system.get_password(SERVICE, key) is not None:
                raise KeychainError(f"The system keychain refused to delete {key!r}.") from None


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError("a keychain key is a non-empty str")  # keyring warns on empty names
