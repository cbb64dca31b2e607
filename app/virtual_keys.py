"""The virtual security keys of one shelf (issue 18), each loaded ONCE and shared: the login (window and
console) signs with it, the emulators' Security key tab touches it and lists its credentials, the testers'
`user.passkey` touches it. A change the key makes (a registration, a counter, a PIN) is saved back to its
device file at once (`files.save`: whole or not at all, 0600).

    keys = VirtualKeys(device_dir, keychain=Keychain())
    keys.keys_of("passkeyuser")      # <user>-passkey.json, <user>-passkey-2.json, …: what a login offers
    keys.key_at(path)                # the one instance of that file (the emulators' tab)
    path, key = keys.new_key("alice")   # a fresh, empty key file: the next free name

Sealing. With a system keychain, a key's private keys are sealed in its file (AES-256-GCM) under a key of
their own, kept in the keychain as the entry `passkey-sealing-key:<name>` (`KeychainSealer`): the file
alone signs nothing. Without one (no keychain, or the keychain's plain fallback file), the private keys
stay in the 0600 device file and the app says so once (`notice`). A file sealed by a keychain entry that is
gone loads locked: its credentials can be listed, it signs nothing, and `problem(key)` says why.

One process at a time. A key instance holds an exclusive advisory lock (`KeyFileLock`: flock on POSIX,
msvcrt.locking on Windows) on `<file>.lock` beside its file for as long as it is held (until `close()` or
the process's end): every change saves the whole key, so a second process on the same file would undo the
first one's changes. A second process (or a second VirtualKeys) is refused with one line (`IN_USE`).
Files are known by their resolved path (`../x/alice-passkey.json` and the shelf's path are one key).

Qt-free and light: the device model and the cryptography are imported when a key is first loaded.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import re
import secrets
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trader_login.auth.devices.passkey import VirtualSecurityKey

log = logging.getLogger(__name__)

KIND = "passkey"
SEALING_ENTRY = "passkey-sealing-key:"  # + the sealer's name: the keychain entry holding its AES key
SEALER_PREFIX = "keychain-"  # a KeychainSealer's name: this and 16 hex digits
_SEALER_NAME = re.compile(r"keychain-[0-9a-f]{16}")
_SECOND_KEY = re.compile(r"-passkey-([0-9]{1,3})\.json")
MAX_KEYS_PER_USER = 99
PLAIN_NOTICE = (
    "No usable system keychain was found, so the virtual security keys' private keys are kept in their "
    "device files, readable by you alone ({where}), not sealed."
)
LOCKED_MESSAGE = (
    "{path}: the keychain no longer has this virtual security key's sealing key, so the key cannot sign; "
    "its credentials are listed but unusable (register a new key: trader-login device passkey … new)."
)


IN_USE = "{path}: this virtual security key is in use by another Trader Login process (pid {pid}?)"


class VirtualKeyError(Exception):
    """A virtual key that cannot be loaded or saved; the text names the file, never a secret."""


class KeyInUseError(VirtualKeyError):
    """The key file is held by another process (or another VirtualKeys of this one): `IN_USE`."""


class KeyFileLock:
    """An exclusive advisory lock on `<file>.lock` beside a key file, taken without waiting (`acquire`:
    KeyInUseError naming the holder's pid, as it wrote it, when another holds it) and given back by
    `release` (or the process's end). The lock file holds the holder's pid and is removed on release."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._file: Any = None
        self._key_path = path

    def __repr__(self) -> str:
        return f"KeyFileLock({str(self.path)!r}, held={self._file is not None})"

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        if self._file is not None:
            return
        while True:
            handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lock is held
            try:
                if not _try_lock(handle):
                    raise KeyInUseError(IN_USE.format(path=self._key_path, pid=_holder(self.path)))
                try:
                    same = os.path.samestat(os.fstat(handle.fileno()), os.stat(self.path))
                except FileNotFoundError:
                    same = False  # its holder released it and removed it meanwhile: again
                if same:
                    break
                _unlock(handle)
            except BaseException:
                handle.close()
                raise
            handle.close()
        handle.seek(0)
        handle.truncate()
        handle.write(b" " + str(os.getpid()).encode("ascii"))  # byte 0 is the one Windows locks
        handle.flush()
        self._file = handle

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is None:
            return
        try:
            # Removed while still held: no one locks a file about to go. (Windows keeps an open file: it
            # is reused next time.)
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            _unlock(handle)
        finally:
            handle.close()


def _try_lock(handle: Any) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: Any) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _holder(lock_path: Path) -> str:
    """The pid the lock's holder wrote, or "…" when it cannot be read."""
    try:
        with open(lock_path, "rb") as handle:
            handle.seek(1)
            text = handle.read(20).decode("ascii", "replace").strip()
    except OSError:
        return "…"
    return text if text.isdigit() else "…"


# --- sealing with the keychain ------------------------------------------------------------------------------


class KeychainSealer:
    """A `Sealer` (auth.devices.passkey): AES-256-GCM under 32 random bytes kept in the keychain as the
    entry `passkey-sealing-key:<name>`, `label` as the associated data. Made by `new` (a fresh entry) or
    `existing` (the entry a sealed file names). Its repr and errors never hold the AES key."""

    def __init__(self, name: str, aes_key: bytes) -> None:
        self.name = name
        self._aes_key = aes_key

    def __repr__(self) -> str:
        return f"KeychainSealer({self.name!r})"

    @classmethod
    def new(cls, keychain: Any) -> KeychainSealer:
        """A fresh AES key, stored in the keychain before it seals anything (blocking: a worker's call)."""
        name = SEALER_PREFIX + secrets.token_hex(8)
        aes_key = secrets.token_bytes(32)
        keychain.set(SEALING_ENTRY + name, base64.b64encode(aes_key).decode("ascii"))
        return cls(name, aes_key)

    @classmethod
    def existing(cls, keychain: Any, name: str) -> KeychainSealer | None:
        """The sealer a file names, or None when the keychain no longer has its entry (or never had it)."""
        if not isinstance(name, str) or not _SEALER_NAME.fullmatch(name):
            return None
        stored = keychain.get(SEALING_ENTRY + name)
        if stored is None:
            return None
        try:
            aes_key = base64.b64decode(stored, validate=True)
        except ValueError:
            return None
        return cls(name, aes_key) if len(aes_key) == 32 else None

    def seal(self, plain: bytes, label: str) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        return nonce + AESGCM(self._aes_key).encrypt(nonce, plain, label.encode("utf-8"))

    def open(self, sealed: bytes, label: str) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from trader_login.auth.devices.passkey import SealError

        if len(sealed) < 12 + 16:
            raise SealError("the sealed private key is too short: the file is damaged")
        try:
            return AESGCM(self._aes_key).decrypt(sealed[:12], sealed[12:], label.encode("utf-8"))
        except InvalidTag:
            raise SealError(
                "the sealed private key does not open with the keychain's sealing key: the file is damaged "
                "or was sealed by another keychain entry"
            ) from None


def _system_keychain(keychain: Any) -> bool:
    """Whether `keychain` is a real system keychain (app.keychain.Keychain over a system backend)."""
    try:
        return bool(getattr(keychain, "is_system", False))
    except Exception:  # a keychain that cannot even say: treated as none
        return False


# --- the shelf's keys ---------------------------------------------------------------------------------------


def key_file_name(user: str, number: int = 1) -> str:
    """`<user>-passkey.json` for a user's first key, `<user>-passkey-<n>.json` for the n-th."""
    return f"{user}-{KIND}.json" if number == 1 else f"{user}-{KIND}-{number}.json"


class VirtualKeys:
    """The virtual keys of a shelf (`device_dir`, the folder of `<user>-<kind>.json` files; None: only
    files named by path), each loaded once. Thread-safe: the login's worker, the emulators' GUI thread and
    a test's thread all use it. `keychain` (app.keychain.Keychain, or None) seals the private keys where it
    is a system keychain; `notice(text)` is told, once, when it is not and a key holds private keys."""

    def __init__(
        self,
        device_dir: Path | None,
        *,
        keychain: Any = None,
        notice: Callable[[str], None] | None = None,
        wall_clock: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.device_dir = Path(device_dir) if device_dir is not None else None
        self._keychain = keychain
        self._notice = notice
        self._wall_clock = wall_clock
        self._clock = clock
        self._lock = threading.RLock()
        self._keys: dict[Path, VirtualSecurityKey] = {}
        self._locks: dict[Path, KeyFileLock] = {}
        # A store let go without close() (the process goes on) lets its files go too.
        weakref.finalize(self, _release_all, self._locks)
        self._problems: dict[Path, str] = {}
        self._noticed = False
        self._sealing_checked = False
        self._sealer: KeychainSealer | None = None  # this shelf's sealer for keys not sealed yet

    def __repr__(self) -> str:
        where = str(self.device_dir) if self.device_dir is not None else None
        return f"VirtualKeys({where!r}, loaded={len(self._keys)})"

    # which files

    def paths_of(self, user: str) -> list[Path]:
        """The user's key files on the shelf, first key first: `<user>-passkey.json`, then
        `<user>-passkey-2.json`, … (whichever exist)."""
        if self.device_dir is None or not self.device_dir.is_dir():
            return []
        numbered = []
        for path in self.device_dir.iterdir():
            if path.name == key_file_name(user):
                numbered.append((1, path))
            elif path.name.startswith(f"{user}-") and (
                found := _SECOND_KEY.fullmatch(path.name[len(user) :])
            ):
                numbered.append((int(found.group(1)), path))
        return [path for _number, path in sorted(numbered)]

    def keys_of(self, user: str) -> list[VirtualSecurityKey]:
        """The user's virtual keys (the ones a login of `user` may use); a file that cannot be loaded is
        left out and logged by name."""
        found = []
        for path in self.paths_of(user):
            try:
                found.append(self.key_at(path))
            except VirtualKeyError as error:
                log.warning("Virtual security key left out: %s", error)
        return found

    def key_at(self, path: str | Path) -> VirtualSecurityKey:
        """The one instance of the key in the device file `path`, loaded on first use; VirtualKeyError
        (one line naming the file) for a file that is not a virtual security key's."""
        where = _where(path)
        with self._lock:
            key = self._keys.get(where)
            if key is None:
                hold = self._hold(where)
                try:
                    key = self._load(where)
                    self._adopt(where, key)
                except BaseException:
                    hold.release()
                    self._locks.pop(where, None)
                    raise
            return key

    def new_key(self, user: str) -> tuple[Path, VirtualSecurityKey]:
        """A fresh key with no credentials, saved as the user's next free key file on the shelf."""
        if self.device_dir is None:
            raise VirtualKeyError("no device folder to put a new virtual security key in")
        with self._lock:
            for number in range(1, MAX_KEYS_PER_USER + 1):
                path = _where(self.device_dir / key_file_name(user, number))
                if not path.exists() and path not in self._keys:
                    break
            else:
                raise VirtualKeyError(f"{user} has {MAX_KEYS_PER_USER} virtual security keys already")
            self.device_dir.mkdir(parents=True, exist_ok=True)
            key = self.create(path)
            return path, key

    def create(self, path: str | Path) -> VirtualSecurityKey:
        """A fresh key saved as `path` (which must not exist yet), then shared as any other."""
        from trader_login.auth.devices.passkey import VirtualSecurityKey

        where = _where(path)
        with self._lock:
            if where.exists() or where in self._keys:
                raise VirtualKeyError(f"{where} exists already: nothing was written")
            key = VirtualSecurityKey.create(**self._clocks())
            self._take(where, key)
            return key

    def adopt(self, path: str | Path, key: VirtualSecurityKey) -> VirtualSecurityKey:
        """Takes `key` (a model made elsewhere, the desk's) as the one instance of `path` and saves it
        there; the instance already loaded for `path`, if any, stays the shared one and is returned."""
        where = _where(path)
        with self._lock:
            if where in self._keys:
                return self._keys[where]
            self._take(where, key)
            return key

    def _take(self, where: Path, key: VirtualSecurityKey) -> None:
        """Holds `where`'s lock and saves `key` there as its one instance; nothing held if that fails.
        Called with `_lock` held."""
        hold = self._hold(where)
        try:
            self._adopt(where, key, save=True)
        except BaseException:
            hold.release()
            self._locks.pop(where, None)
            raise

    def problem(self, key: VirtualSecurityKey) -> str | None:
        """Why the key cannot sign (a sealed file whose keychain entry is gone), or None."""
        with self._lock:
            for path, held in self._keys.items():
                if held is key:
                    return self._problems.get(path)
        return None

    def close(self) -> None:
        """Stops saving the keys' changes (the keys themselves stay usable) and lets their files go: another
        process may use them now."""
        with self._lock:
            for key in self._keys.values():
                key.on_changed = None
            self._keys.clear()
            for hold in self._locks.values():
                hold.release()
            self._locks.clear()

    def _hold(self, where: Path) -> KeyFileLock:
        """The file's lock, taken for as long as this store holds its key; KeyInUseError (said through
        `notice` too, where the app shows what it loads) when another process holds it."""
        hold = self._locks.get(where)
        if hold is None:
            hold = KeyFileLock(where)
            try:
                hold.acquire()
            except KeyInUseError as error:
                log.warning("%s", error)
                if self._notice is not None:
                    self._notice(str(error))
                raise
            except OSError as error:  # no lock file can be made (a read-only folder): said, not held
                raise VirtualKeyError(
                    f"{where}: cannot lock the key file ({error.strerror or type(error).__name__})"
                ) from None
            self._locks[where] = hold
        return hold

    def _clocks(self) -> dict[str, Any]:
        """The clocks a key of this store measures on (the harness's; absent: the key's own real ones)."""
        options: dict[str, Any] = {}
        if self._clock is not None:
            options["clock"] = self._clock
        if self._wall_clock is not None:
            options["wall_clock"] = self._wall_clock
        return options

    # loading and saving

    def _load(self, path: Path) -> VirtualSecurityKey:
        from trader_login.auth.devices import files

        try:
            key = files.load(path, clock=self._clock)
        except FileNotFoundError:
            raise VirtualKeyError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise VirtualKeyError(f"{path} is a folder, not a device file") from None
        except OSError as error:
            raise VirtualKeyError(f"Cannot read {path}: {error.strerror or type(error).__name__}") from None
        except files.DeviceFileError as error:  # names the file and the field, never a value
            raise VirtualKeyError(str(error)) from None
        if key.kind != KIND:
            raise VirtualKeyError(f"{path} holds a device of kind {key.kind}, not a virtual security key")
        if key.sealer_name is not None and not key.locked:
            # Sealed, but no credential to open yet: the sealer again if the keychain has it, else a key
            # in the clear (this shelf's sealer, if any, seals it when adopted).
            sealer = self._existing_sealer(key)
            if sealer is not None:
                key.use_sealer(sealer)
            else:
                data = key.to_dict()
                data["sealed_by"] = None
                key = type(key).from_dict(data, clock=self._clock)
        if key.locked:
            from trader_login.auth.devices.passkey import SealError

            sealer = self._existing_sealer(key)
            problem = LOCKED_MESSAGE.format(path=path) if sealer is None else None
            if sealer is not None:
                try:
                    key.use_sealer(sealer)
                except SealError as error:  # its text names no value
                    problem = f"{path}: {error}; the key cannot sign."
            if problem is not None:
                self._problems[path] = problem
                log.warning("Virtual security key locked: %s", problem)
                if self._notice is not None:
                    self._notice(problem)
        return key

    def _existing_sealer(self, key: VirtualSecurityKey) -> KeychainSealer | None:
        name = key.sealer_name
        if self._keychain is None or name is None:
            return None
        try:
            return KeychainSealer.existing(self._keychain, name)
        except Exception as error:  # the keychain failed: said by type, never a value
            log.warning("The keychain could not be read (%s)", type(error).__name__)
            return None

    def _sealer_for_new_secrets(self) -> KeychainSealer | None:
        """This shelf's sealer for keys not sealed yet: one keychain entry, made on first need; None
        without a system keychain (then the notice, once)."""
        if self._sealing_checked:
            return self._sealer
        self._sealing_checked = True
        if self._keychain is not None and _system_keychain(self._keychain):
            try:
                self._sealer = KeychainSealer.new(self._keychain)
            except Exception as error:
                log.warning("The keychain could not store a sealing key (%s)", type(error).__name__)
        return self._sealer

    def _adopt(self, path: Path, key: VirtualSecurityKey, *, save: bool = False) -> None:
        if not key.locked and key.sealer_name is None:
            sealer = self._sealer_for_new_secrets()
            if sealer is not None:
                self._keys[path] = key  # use_sealer's change is saved by the hook below
                key.use_sealer(sealer)
                save = True
        self._keys[path] = key

        def changed(path: Path = path, key: VirtualSecurityKey = key) -> None:
            self._changed(path, key)

        key.on_changed = changed  # after every change the file keeps (registration, counter, PIN)
        if save:
            self._save(path, key)
        self._say_unsealed(key)

    def _changed(self, path: Path, key: VirtualSecurityKey) -> None:
        # Called on the thread that changed the key (a ceremony's worker, the tab's PIN, a test's touch).
        with self._lock:
            if self._keys.get(path) is not key:
                return
            self._save(path, key)
            self._say_unsealed(key)

    def _save(self, path: Path, key: VirtualSecurityKey) -> None:
        from trader_login.auth.devices import files

        try:
            files.save(key, path)
        except OSError as error:
            # The key goes on working in memory; the file keeps its last good state.
            log.error("The virtual security key could not be saved to %s: %s", path, error.strerror or error)
        except ValueError:  # a sealed key without its sealer: its file keeps the last good state
            log.error("The virtual security key could not be sealed to save it to %s", path)

    def _say_unsealed(self, key: VirtualSecurityKey) -> None:
        """Once per shelf, when a key holding private keys is not sealed (no system keychain)."""
        if self._noticed or self._notice is None or key.sealer_name is not None:
            return
        if not key.credentials:
            return  # nothing private in the file yet
        self._noticed = True
        where = str(self.device_dir) if self.device_dir is not None else "the key's device file"
        self._notice(PLAIN_NOTICE.format(where=where))


def _release_all(locks: dict[Path, KeyFileLock]) -> None:
    for hold in list(locks.values()):
        hold.release()
    locks.clear()


def check_key_file(path: str) -> Path:
    """`path` if it is a virtual security key's device file (loaded to check it, then let go); else
    VirtualKeyError with one line naming the file, never a value from it."""
    where = Path(path).expanduser()
    VirtualKeys(None)._load(_where(where))
    return _where(where)


def _where(path: str | Path) -> Path:
    """A key file's one name: its resolved path (symbolic links and `..` followed), so that two spellings
    of a file are one key."""
    return Path(path).expanduser().resolve()
