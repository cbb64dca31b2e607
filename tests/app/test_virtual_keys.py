"""The virtual keys of a shelf (`app.virtual_keys`): one instance per key file, every change saved at once;
the private keys sealed with the keychain (a test keyring) and opened again in the next run; a sealed file
whose keychain entry is gone loads locked, said clearly, and a login is not offered it; no system keychain:
the private keys stay in the 0600 file and the app says so once; no secret in a log or a repr."""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.keyring_support import MemoryKeyring
from tests.app.test_passkey_console import Login, until_waiting
from trader_login.app.keychain import SERVICE, Keychain
from trader_login.app.kinds import passkey as part
from trader_login.app.testing import SlsGateway
from trader_login.app.virtual_keys import (
    SEALING_ENTRY,
    KeychainSealer,
    KeyInUseError,
    VirtualKeyError,
    VirtualKeys,
)
from trader_login.auth.devices import files
from trader_login.auth.devices.passkey import SealError


def _private_keys(path: Path) -> list[str]:
    return [each["private_key"] for each in json.loads(path.read_text())["device"]["credentials"]]


@pytest.fixture
def enrolled(sls_gateway: SlsGateway, tmp_path: Path) -> Path:
    """A registered key's file (the desk's, in the clear), copied to a shelf of its own."""
    sls_gateway.add_user("trader7", devices=["passkey"])
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    path = shelf / "trader7-passkey.json"
    path.write_bytes(sls_gateway.shelf.path("trader7", "passkey").read_bytes())
    return path


def _keychain(backend: MemoryKeyring, tmp_path: Path) -> Keychain:
    return Keychain(backend=backend, fallback_path=tmp_path / "keychain-fallback.json")


@pytest.fixture(autouse=True)
def _closed(monkeypatch: pytest.MonkeyPatch) -> object:
    """Every store a test opens is closed at its end (its files' locks given back)."""
    made: list[VirtualKeys] = []
    init = VirtualKeys.__init__

    def tracked(self: VirtualKeys, *args: object, **options: object) -> None:
        init(self, *args, **options)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(VirtualKeys, "__init__", tracked)
    yield
    for each in made:
        each.close()


def _first_run(path: Path, keychain: Keychain) -> None:
    """A run of the app that loads (and seals) the key, then ends: the file is free again."""
    keys = VirtualKeys(path.parent, keychain=keychain)
    try:
        keys.key_at(path)
    finally:
        keys.close()


def test_one_instance_per_file_and_the_users_keys_in_order(enrolled: Path) -> None:
    keys = VirtualKeys(enrolled.parent)
    second, key2 = keys.new_key("trader7")
    assert second.name == "trader7-passkey-2.json"
    (enrolled.parent / "trader7-passkey-x.json").write_text("{}")  # not a key file's name: left alone
    assert keys.keys_of("trader7") == [keys.key_at(enrolled), key2]
    assert keys.key_at(str(enrolled)) is keys.key_at(enrolled)
    assert keys.keys_of("trader8") == []
    assert stat.S_IMODE(os.stat(second).st_mode) == 0o600


def test_the_private_keys_are_sealed_with_the_keychain_and_open_in_the_next_run(
    sls_gateway: SlsGateway, enrolled: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clear = _private_keys(enrolled)
    backend = MemoryKeyring()
    keys = VirtualKeys(enrolled.parent, keychain=_keychain(backend, tmp_path))
    key = keys.key_at(enrolled)
    sealed_by = json.loads(enrolled.read_text())["device"]["sealed_by"]
    assert key.sealer_name == sealed_by
    assert sealed_by.startswith("keychain-")
    assert set(backend.passwords) == {(SERVICE, SEALING_ENTRY + sealed_by)}
    sealed = _private_keys(enrolled)
    assert sealed != clear  # the file alone signs nothing
    assert len(base64.b64decode(sealed[0])) == 12 + 32 + 16  # nonce, the sealed scalar, the tag
    # The next run: loaded sealed, opened with the keychain's entry; a whole login signs with it.
    keys.close()  # the first run ends
    again = VirtualKeys(enrolled.parent, keychain=_keychain(backend, tmp_path))
    reloaded = again.key_at(enrolled)
    assert not reloaded.locked
    assert again.problem(reloaded) is None
    login = Login(sls_gateway, "trader7", passkey_shelf=again)
    login.password()
    until_waiting([reloaded])  # a touch before the key waits would be nothing
    reloaded.touch()
    assert login.finished() == 0, login.terminal.text()
    assert files.load(enrolled).sealer_name == sealed_by  # the counter saved, still sealed
    aes_key = backend.passwords[SERVICE, SEALING_ENTRY + sealed_by]
    for secret in [*clear, *sealed, aes_key]:
        assert secret not in caplog.text
        assert secret not in repr(keys) + repr(key) + repr(reloaded) + login.terminal.text()


def test_a_sealed_key_whose_keychain_entry_is_gone_is_said_and_not_offered(
    sls_gateway: SlsGateway, enrolled: Path, tmp_path: Path
) -> None:
    backend = MemoryKeyring()
    _first_run(enrolled, _keychain(backend, tmp_path))
    backend.passwords.clear()  # the keychain lost the entry (another machine, a wiped keychain)
    said: list[str] = []
    keys = VirtualKeys(enrolled.parent, keychain=_keychain(backend, tmp_path), notice=said.append)
    key = keys.key_at(enrolled)
    assert key.locked
    assert len(key.credentials) == 1  # listed, unusable
    assert said == [keys.problem(key)]
    assert "the keychain no longer has this virtual security key's sealing key" in said[0]
    assert str(enrolled) in said[0]
    before = enrolled.read_bytes()
    login = Login(sls_gateway, "trader7", passkey_shelf=keys)
    login.password()
    assert login.terminal.next_prompt().startswith("Enter = try again")
    login.terminal.type("\x04")
    login.finished()
    assert enrolled.read_bytes() == before  # nothing changed
    assert sls_gateway.status("trader7")["failures"] == 0


def test_a_tampered_sealed_key_is_said_not_raised(enrolled: Path, tmp_path: Path) -> None:
    backend = MemoryKeyring()
    _first_run(enrolled, _keychain(backend, tmp_path))
    other = KeychainSealer.new(_keychain(backend, tmp_path))
    entry = SEALING_ENTRY + files.load(enrolled).sealer_name
    backend.passwords[SERVICE, entry] = backend.passwords[SERVICE, SEALING_ENTRY + other.name]
    keys = VirtualKeys(enrolled.parent, keychain=_keychain(backend, tmp_path))
    key = keys.key_at(enrolled)
    assert key.locked
    problem = keys.problem(key)
    assert problem is not None
    assert "does not open" in problem  # the private key's or (sealed too since) the PIN's seal
    assert problem.endswith("the key cannot sign.")
    with pytest.raises(SealError):
        other.open(b"\0" * 40, "label")


def test_without_a_system_keychain_the_keys_stay_in_the_clear_and_that_is_said_once(
    enrolled: Path, tmp_path: Path
) -> None:
    clear = _private_keys(enrolled)
    said: list[str] = []
    keychain = Keychain(backend=None, fallback_path=tmp_path / "fallback.json")
    keychain._chosen, keychain._use_file = True, True  # no system keychain on this machine
    keys = VirtualKeys(enrolled.parent, keychain=keychain, notice=said.append)
    key = keys.key_at(enrolled)
    second_path, _second = keys.new_key("trader7")
    keys.key_at(second_path)
    assert key.sealer_name is None
    assert _private_keys(enrolled) == clear
    assert len(said) == 1
    assert "not sealed" in said[0]


def test_a_file_that_is_not_a_virtual_key_is_one_line(tmp_path: Path) -> None:
    keys = VirtualKeys(tmp_path)
    with pytest.raises(VirtualKeyError, match="No such file"):
        keys.key_at(tmp_path / "none.json")
    (tmp_path / "x.json").write_text("{")
    with pytest.raises(VirtualKeyError, match="not valid JSON"):
        keys.key_at(tmp_path / "x.json")
    with pytest.raises(VirtualKeyError, match="exists already"):
        keys.create(tmp_path / "x.json")


def test_the_sealers_repr_holds_no_key(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    sealer = KeychainSealer.new(_keychain(backend, tmp_path))
    stored = backend.passwords[SERVICE, SEALING_ENTRY + sealer.name]
    assert repr(sealer) == f"KeychainSealer({sealer.name!r})"
    assert stored not in repr(sealer)
    assert sealer.open(sealer.seal(b"x" * 32, "a"), "a") == b"x" * 32
    with pytest.raises(SealError):
        sealer.open(sealer.seal(b"x" * 32, "a"), "b")  # bound to its place


def test_the_part_leaves_a_locked_key_out_of_the_login(enrolled: Path, tmp_path: Path) -> None:
    backend = MemoryKeyring()
    _first_run(enrolled, _keychain(backend, tmp_path))
    backend.passwords.clear()
    keys = VirtualKeys(enrolled.parent, keychain=_keychain(backend, tmp_path))
    from argparse import Namespace

    assert part.virtual_keys(keys, Namespace())("trader7") == []


def test_the_window_says_a_given_key_cannot_sign_before_the_login(
    login_window_factory: object, enrolled: Path, tmp_path: Path
) -> None:
    from trader_login.app import driving

    backend = MemoryKeyring()
    _first_run(enrolled, _keychain(backend, tmp_path))
    backend.passwords.clear()  # the keychain lost the key's sealing key
    desktop = login_window_factory.open_desktop(  # type: ignore[attr-defined]
        "--security-key", str(enrolled), keychain=_keychain(backend, tmp_path), virtual_keys=None
    )
    driving.wait_until(
        lambda: (
            "no longer has this virtual security key's sealing key" in driving.message_shown(desktop.window)
        ),
        "the notice",
    )
    assert desktop.virtual_keys.problem(desktop.virtual_keys.key_at(enrolled)) is not None


# --- one process at a time on a key file (review C1) -------------------------------------------------------

_CHILD = """
import sys
from trader_login.app.virtual_keys import KeyInUseError, VirtualKeys
keys = VirtualKeys(None)
try:
    keys.key_at(sys.argv[1])
except KeyInUseError as error:
    print(error)
    sys.exit(3)
finally:
    keys.close()
"""


def _child(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this Python, a fixed script
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=60, check=False
    )


def test_a_key_file_held_by_one_process_is_refused_to_another_with_one_line(enrolled: Path) -> None:
    keys = VirtualKeys(enrolled.parent)
    key = keys.key_at(enrolled)
    refused = _child(enrolled)
    assert refused.returncode == 3, refused.stderr
    assert refused.stdout == (
        f"{enrolled.resolve()}: this virtual security key is in use by another Trader Login process "
        f"(pid {os.getpid()}?)\n"
    )
    key.set_pin("2468")  # the holder's change is saved; nothing in the other process undid it
    assert files.load(enrolled).has_pin
    keys.close()  # let go: the next process takes it
    taken = _child(enrolled)
    assert (taken.returncode, taken.stdout) == (0, ""), taken.stderr
    assert not enrolled.with_name(enrolled.name + ".lock").exists()


def test_a_second_store_in_one_process_is_refused_and_says_so(enrolled: Path) -> None:
    said: list[str] = []
    first = VirtualKeys(enrolled.parent)
    first.key_at(enrolled)
    second = VirtualKeys(enrolled.parent, notice=said.append)
    with pytest.raises(KeyInUseError, match="in use by another Trader Login process"):
        second.key_at(enrolled)
    assert second.keys_of("trader7") == []  # left out of a login, and said where the key is loaded
    assert len(said) == 2
    assert all("in use by another Trader Login process" in each for each in said)
    first.close()
    assert second.keys_of("trader7") == [second.key_at(enrolled)]


def test_two_spellings_of_one_file_are_one_key(enrolled: Path, tmp_path: Path) -> None:
    keys = VirtualKeys(enrolled.parent)
    other = tmp_path / "elsewhere"
    other.mkdir()
    roundabout = other / ".." / "shelf" / enrolled.name
    assert keys.key_at(roundabout) is keys.key_at(enrolled)
    link = tmp_path / "link.json"
    link.symlink_to(enrolled)
    assert keys.key_at(link) is keys.key_at(enrolled)


def test_the_terminal_device_is_refused_a_key_in_use_and_changes_nothing(enrolled: Path) -> None:
    from tests.app.test_device_command import device

    keys = VirtualKeys(enrolled.parent)
    keys.key_at(enrolled)
    before = enrolled.read_bytes()
    status, _out, err = device("passkey", "--file", str(enrolled), "pin", stdin="1357\n1357\n")
    assert status == 1
    assert err.count("\n") == 1, err
    assert "this virtual security key is in use by another Trader Login process" in err
    assert enrolled.read_bytes() == before
    keys.close()
    status, _out, err = device("passkey", "--file", str(enrolled), "pin", stdin="1357\n1357\n")
    assert (status, err) == (0, ""), err
    assert files.load(enrolled).has_pin
