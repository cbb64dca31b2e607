"""This computer's restart keys (issue 19): one ECDSA P-256 device key per (gateway, user name, mode), its
private half (PKCS8 PEM) and the gateway's grant id kept in the keychain (app/keychain.py: the system
keychain, or its 0600 fallback file where there is none, said once by the keychain's notice).

Blocking (keychain): call from a worker, never on the GUI thread.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from trader_login.auth import restart
from trader_login.auth.restart import GRANT_ID_PATTERN

KEY_PREFIX = "restart-key/"
_MODES = ("live", "paper")


class RestartKeyError(Exception):
    """A stored restart key that cannot be used (damaged entry). Names the entry, never the key."""


@dataclass(frozen=True)
class RestartKey:
    """A restart key: `grant_id` ("" until the gateway granted it), `public_bytes` (X9.62, 65 bytes) and
    `sign(payload)` (DER ECDSA-SHA256). The private key is never shown (repr, str)."""

    grant_id: str
    private: Any = field(repr=False)

    @property
    def public_bytes(self) -> bytes:
        return restart.public_bytes(self.private)

    def sign(self, payload: bytes) -> bytes:
        return restart.sign(self.private, payload)


class RestartKeys:
    """The restart keys of one gateway (`gateway_id`: its certificate fingerprint or URL,
    `auth.client.unattended.gateway_identity`) in `keychain` (`app.keychain.Keychain` or anything with
    get/set/delete)."""

    def __init__(self, keychain: Any, gateway_id: str) -> None:
        if not gateway_id:
            raise ValueError("a gateway identity is needed")
        self.keychain = keychain
        self.gateway_id = gateway_id

    def __repr__(self) -> str:
        return f"RestartKeys(gateway_id={self.gateway_id!r})"

    def entry(self, username: str, mode: str) -> str:
        """The keychain entry's name: readable (the user name and mode) and short (the gateway hashed)."""
        if mode not in _MODES:
            raise ValueError("mode must be 'live' or 'paper'")
        gateway = hashlib.sha256(self.gateway_id.encode("utf-8")).hexdigest()[:16]
        return f"{KEY_PREFIX}{gateway}/{mode}/{username}"

    def key_for(self, username: str, mode: str) -> RestartKey | None:
        """The key this computer holds for the user name and mode, granted or not; None when there is none.
        A damaged entry raises RestartKeyError (forget() removes it)."""
        stored = self.keychain.get(self.entry(username, mode))
        if stored is None:
            return None
        where = f"The restart key of {username} ({mode}) in the keychain"
        again = "log in with the second factor to make a new one."
        try:
            data = json.loads(stored)
            private = restart.load_private(data["key"])
            grant_id = data.get("grant") or ""
        except Exception:
            raise RestartKeyError(f"{where} is damaged; {again}") from None
        if not isinstance(grant_id, str) or (grant_id and not GRANT_ID_PATTERN.match(grant_id)):
            raise RestartKeyError(f"{where} has a bad grant id; {again}")
        return RestartKey(grant_id, private)

    def create(self, username: str, mode: str) -> RestartKey:
        """A new key, not stored yet (`remember` stores it once the gateway granted it)."""
        self.entry(username, mode)  # checks the mode
        return RestartKey("", restart.new_device_key())

    def remember(self, username: str, mode: str, key: RestartKey, grant_id: str) -> None:
        if not GRANT_ID_PATTERN.match(grant_id or ""):
            raise ValueError("not a grant id")
        value = json.dumps({"version": 1, "grant": grant_id, "key": restart.private_pem(key.private)})
        self.keychain.set(self.entry(username, mode), value)

    def forget(self, username: str, mode: str) -> None:
        self.keychain.delete(self.entry(username, mode))

    def fallback_notice(self) -> str | None:
        """The keychain's once-only notice that keys go to its 0600 file (None: said already, or a system
        keychain)."""
        notice = getattr(self.keychain, "fallback_notice", None)
        return notice() if callable(notice) else None
