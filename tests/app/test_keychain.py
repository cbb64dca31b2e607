"""The desktop keychain (SPEC §5): system keychain through keyring, the 0600 fallback file, its one-time
honest notice, and no secret in reprs, errors or logs."""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
from pathlib import Path

import keyring
import platformdirs
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import InitError, KeyringError, KeyringLocked, NoKeyringError, PasswordDeleteError

from tests.app.keyring_support import MemoryKeyring, installed_keyring
from tests.app.keyring_support import memory_keyring as memory_keyring  # the fixture
from trader_login.app.keychain import (
    SERVICE,
    USERNAME_KEY,
    Keychain,
    KeychainError,
    default_fallback_path,
    is_system_backend,
)

SECRET = "s3cret-value"
posix_only = pytest.mark.skipif(os.name == "nt", reason="owner-only mode bits are POSIX")


class RaisingKeyring(KeyringBackend):
    """A keychain that looks usable but fails on use, like a locked or vanished Secret Service."""

    priority = 5
    error: type[KeyringError] = KeyringLocked

    def get_password(self, service: str, username: str, *password: str) -> str | None:
        raise self.error("the keychain is locked")

    set_password = delete_password = get_password  # type: ignore[assignment]


class ForgetfulKeyring(MemoryKeyring):
    """Accepts writes and keeps nothing: check() must notice."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class StubbornKeyring(MemoryKeyring):
    """Refuses deletes of values it holds."""

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("refused")


@pytest.fixture
def fallback(tmp_path: Path) -> Path:
    return tmp_path / "config" / "trader-login" / "keychain-fallback.json"


def file_keychain(path: Path) -> Keychain:
    return Keychain(backend=fail.Keyring(), fallback_path=path)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_memory_backend_round_trip(fallback: Path) -> None:
    backend = MemoryKeyring()
    chain = Keychain(backend=backend, fallback_path=fallback)
    assert chain.is_system
    assert chain.get("device") is None
    chain.set("device", "abc")
    chain.remember_username("dscuser")
    assert backend.passwords == {(SERVICE, "device"): "abc", (SERVICE, USERNAME_KEY): "dscuser"}
    assert (chain.get("device"), chain.remembered_username()) == ("abc", "dscuser")
    chain.delete("device")
    chain.forget_username()
    assert backend.passwords == {}
    assert chain.remembered_username() is None
    assert chain.fallback_notice() is None
    assert not fallback.exists()


def test_default_backend_is_keyrings_own_and_the_fixture_restores_it(
    memory_keyring: MemoryKeyring,
    fallback: Path,
) -> None:
    chain = Keychain(fallback_path=fallback)
    chain.remember_username("ibkeyuser")
    assert memory_keyring.passwords == {(SERVICE, USERNAME_KEY): "ibkeyuser"}
    assert chain.is_system
    assert chain.backend_name == MemoryKeyring.name


def test_the_fixture_puts_the_previous_backend_back() -> None:
    before = keyring.core._keyring_backend
    with installed_keyring(MemoryKeyring()) as installed:
        assert keyring.get_keyring() is installed
    assert keyring.core._keyring_backend is before


def test_default_fallback_path_is_in_the_user_config_dir() -> None:
    path = default_fallback_path()
    assert path.name == "keychain-fallback.json"
    assert path.parent == Path(platformdirs.user_config_dir("trader-login", appauthor=False))


def test_keyrings_stand_ins_are_not_system_keychains(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not is_system_backend(fail.Keyring())
    assert not is_system_backend(null.Keyring())
    assert is_system_backend(MemoryKeyring())
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    assert not is_system_backend(chainer.ChainerBackend())
    # With one member the chainer's priority is -1, yet it works: the members decide.
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring()])
    assert chainer.ChainerBackend.priority < 0
    assert is_system_backend(chainer.ChainerBackend())


@posix_only
def test_fail_backend_falls_back_to_a_private_file(fallback: Path) -> None:
    chain = file_keychain(fallback)
    assert not chain.is_system
    assert chain.backend_name == "fail Keyring"
    chain.remember_username("carduser")
    assert mode(fallback) == 0o600
    assert mode(fallback.parent) == 0o700
    assert json.loads(fallback.read_text())["values"] == {USERNAME_KEY: "carduser"}
    assert file_keychain(fallback).remembered_username() == "carduser"
    assert [p.name for p in fallback.parent.iterdir()] == [fallback.name]  # no temp file left


@posix_only
def test_wider_permissions_are_repaired_on_next_write(fallback: Path) -> None:
    chain = file_keychain(fallback)
    chain.set("a", "1")
    fallback.chmod(0o644)
    chain.set("b", "2")
    assert mode(fallback) == 0o600
    fallback.chmod(0o644)
    assert chain.get("a") == "1"  # reading repairs too
    assert mode(fallback) == 0o600


def test_notice_is_shown_once_across_runs(fallback: Path) -> None:
    notice = file_keychain(fallback).fallback_notice()
    assert notice is not None
    assert str(fallback) in notice
    assert "only you can read" in notice
    assert "It is not encrypted." in notice
    assert "encrypted" not in notice.replace("not encrypted", "")
    assert file_keychain(fallback).fallback_notice() is None
    assert file_keychain(fallback).fallback_notice() is None


def test_notice_marker_does_not_disturb_values(fallback: Path) -> None:
    chain = file_keychain(fallback)
    chain.remember_username("smsuser")
    assert chain.fallback_notice() is not None
    assert file_keychain(fallback).remembered_username() == "smsuser"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"values": {"k": "s3cret-va', "not valid JSON at line 1"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b'["a", "list"]', "not a keychain fallback file"),
        (b'{"values": {"k": 1}}', "not a keychain fallback file"),
        (b"", "not valid JSON"),
    ],
)
def test_corrupt_file_gives_a_clear_error_and_stays_unchanged(
    fallback: Path, content: bytes, reason: str
) -> None:
    fallback.parent.mkdir(parents=True)
    fallback.write_bytes(content)
    fallback.chmod(0o600)
    before = fallback.stat()
    chain = file_keychain(fallback)
    calls = [
        lambda: chain.get("k"),
        lambda: chain.set("k", "new"),
        lambda: chain.delete("k"),
        lambda: chain.remember_username("x"),
        chain.fallback_notice,
    ]
    for call in calls:
        with pytest.raises(KeychainError) as error:
            call()
        text = str(error.value)
        assert str(fallback) in text
        assert reason in text
        assert "delete the file" in text
        assert SECRET not in text
    assert fallback.read_bytes() == content
    assert fallback.stat().st_mtime_ns == before.st_mtime_ns


@pytest.mark.parametrize("error", [KeyringLocked, InitError, NoKeyringError, KeyringError])
def test_backend_failing_on_use_falls_back(fallback: Path, error: type[KeyringError]) -> None:
    backend = RaisingKeyring()
    backend.error = error
    chain = Keychain(backend=backend, fallback_path=fallback)
    assert chain.is_system  # until it fails
    chain.set("k", "v")
    assert not chain.is_system
    assert chain.get("k") == "v"
    assert json.loads(fallback.read_text())["values"] == {"k": "v"}
    assert chain.fallback_notice() is not None


def test_get_failing_falls_back_to_the_file(fallback: Path) -> None:
    file_keychain(fallback).set("k", "from-file")
    assert Keychain(backend=RaisingKeyring(), fallback_path=fallback).get("k") == "from-file"


def test_check_round_trip_on_a_system_keychain(fallback: Path) -> None:
    backend = MemoryKeyring()
    status = Keychain(backend=backend, fallback_path=fallback).check()
    assert status.is_system
    assert status.backend_name == MemoryKeyring.name
    assert status.fallback_path is None
    assert "works" in status.message
    assert backend.passwords == {}
    assert not fallback.exists()


def test_check_round_trip_on_the_fallback_file(fallback: Path) -> None:
    status = file_keychain(fallback).check()
    assert not status.is_system
    assert status.fallback_path == fallback
    assert str(fallback) in status.message
    assert "not encrypted" in status.message
    assert json.loads(fallback.read_text())["values"] == {}


def test_check_fails_when_the_keychain_keeps_nothing(fallback: Path) -> None:
    with pytest.raises(KeychainError, match="did not return the value"):
        Keychain(backend=ForgetfulKeyring(), fallback_path=fallback).check()


def test_secrets_appear_in_no_repr_error_or_log(fallback: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    for backend in (MemoryKeyring(), fail.Keyring(), RaisingKeyring()):
        chain = Keychain(backend=backend, fallback_path=fallback)
        chain.set("k", SECRET)
        chain.remember_username(SECRET)
        assert chain.get("k") == SECRET
        texts += [repr(chain), str(chain.check()), str(chain.fallback_notice())]
    fallback.chmod(0o644)
    assert file_keychain(fallback).get("k") == SECRET  # logs the repair
    for bad in (b"\x00", json.dumps({"values": {"k": SECRET}}).encode()[:-3]):
        fallback.write_bytes(bad)
        with pytest.raises(KeychainError) as error:
            file_keychain(fallback).get("k")
        texts += [str(error.value), repr(error.value), repr(error.value.__cause__)]
    with pytest.raises(TypeError) as type_error:
        file_keychain(fallback).set("k", SECRET.encode())  # type: ignore[arg-type]
    texts.append(str(type_error.value))
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(record.args) for record in caplog.records]
    assert any("fallback" in text for text in texts)  # the logs did say something
    assert all(SECRET not in text for text in texts)


def test_delete_of_an_absent_key_is_fine(fallback: Path) -> None:
    Keychain(backend=MemoryKeyring(), fallback_path=fallback).delete("nothing")
    file_keychain(fallback).delete("nothing")
    file_keychain(fallback).forget_username()
    assert not fallback.exists()  # nothing to delete, nothing written


def test_a_refused_delete_is_an_error(fallback: Path) -> None:
    chain = Keychain(backend=StubbornKeyring(), fallback_path=fallback)
    chain.delete("absent")
    chain.set("k", SECRET)
    with pytest.raises(KeychainError, match="refused to delete 'k'"):
        chain.delete("k")


def test_delete_also_clears_a_stale_fallback_value(fallback: Path) -> None:
    file_keychain(fallback).remember_username("olduser")
    Keychain(backend=MemoryKeyring(), fallback_path=fallback).forget_username()
    assert file_keychain(fallback).remembered_username() is None


def test_bad_keys_and_values_are_refused(fallback: Path) -> None:
    chain = file_keychain(fallback)
    with pytest.raises(ValueError, match="non-empty"):
        chain.set("", "v")
    with pytest.raises(ValueError, match="empty user name"):
        chain.remember_username("")
    with pytest.raises(TypeError, match="str, not int"):
        chain.set("k", 5)  # type: ignore[arg-type]
    assert not fallback.exists()


def test_concurrent_writes_to_the_fallback_file_lose_nothing(fallback: Path) -> None:
    chain = file_keychain(fallback)
    threads = [threading.Thread(target=chain.set, args=(f"key{i}", str(i))) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert file_keychain(fallback).get("key7") == "7"
    assert len(json.loads(fallback.read_text())["values"]) == 16
