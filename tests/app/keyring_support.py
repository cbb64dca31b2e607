"""An in-memory keyring backend and the `memory_keyring` fixture that installs it: tests never reach the real
keychain (it would prompt or hang). Use it with `from tests.app.keyring_support import memory_keyring`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring backend holding passwords in a dict, by (service, user name)."""

    priority = 1  # recommended (>= 1) and usable, so the keychain treats it as a system keychain

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")  # what the real backends raise


@contextmanager
def installed_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Makes `backend` keyring's current backend for the block, then puts the previous one back."""
    # Read directly: keyring.get_keyring() would first detect the real backend, which can reach D-Bus.
    previous = keyring.core._keyring_backend
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = previous


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A fresh MemoryKeyring installed as keyring's backend for the test."""
    backend = MemoryKeyring()
    with installed_keyring(backend):
        yield backend
