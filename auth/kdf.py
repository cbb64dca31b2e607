"""Password hardening before SRP (SPEC §5): P' = lowercase hex of Argon2id(password, KDF salt, parameters).

The gateway chooses the parameters per user and sends them before the client proves anything, so the
client bounds them: a hostile gateway must not make it allocate gigabytes or spin for minutes, nor get
a proof computed with a trivially cheap KDF that would make offline guessing cheap.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

ALGORITHM = "argon2id"
KEY_LENGTH = 32

# About 0.1 s on one core of a 2020s laptop; tuned in docs/performance.md.
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_ITERATIONS = 3
DEFAULT_LANES = 4
SALT_LENGTH = 16


class KdfParamsError(ValueError):
    """The parameters are outside what this client accepts; the message says which bound."""


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id parameters: memory in KiB, passes over it, parallel lanes, and the per-user salt."""

    salt: bytes = field(repr=False)
    memory_kib: int = DEFAULT_MEMORY_KIB
    iterations: int = DEFAULT_ITERATIONS
    lanes: int = DEFAULT_LANES

    @classmethod
    def new(
        cls,
        memory_kib: int = DEFAULT_MEMORY_KIB,
        iterations: int = DEFAULT_ITERATIONS,
        lanes: int = DEFAULT_LANES,
    ) -> KdfParams:
        """Fresh parameters with a random salt, as the gateway makes them for a new password."""
        return cls(secrets.token_bytes(SALT_LENGTH), memory_kib, iterations, lanes)

    def to_dict(self) -> dict[str, Any]:
        """The wire and storage form (docs/protocol.md)."""
        return {
            "algorithm": ALGORITHM,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_dict(cls, data: Any) -> KdfParams:
        """Parses the wire form; anything malformed raises KdfParamsError, never another error."""
        if not isinstance(data, dict):
            raise KdfParamsError("KDF parameters must be a JSON object")
        if data.get("algorithm") != ALGORITHM:
            raise KdfParamsError(f"KDF algorithm must be {ALGORITHM!r}")
        expected = {"algorithm", "salt", "memory_kib", "iterations", "lanes"}
        if set(data) != expected:
            raise KdfParamsError(f"KDF parameters must have exactly the fields {sorted(expected)}")
        numbers = {}
        for name in ("memory_kib", "iterations", "lanes"):
            value = data[name]
            # bool is an int to Python; true/false are not numbers in the protocol.
            if type(value) is not int:
                raise KdfParamsError(f"KDF parameter {name!r} must be an integer")
            numbers[name] = value
        salt_text = data["salt"]
        if not isinstance(salt_text, str):
            raise KdfParamsError("KDF salt must be a base64 string")
        try:
            salt = base64.b64decode(salt_text, validate=True)
        except (binascii.Error, ValueError):
            raise KdfParamsError("KDF salt is not valid base64") from None
        return cls(salt, **numbers)


@dataclass(frozen=True, slots=True)
class KdfLimits:
    """What a client accepts from a gateway. `work` is memory x passes, which bounds the time."""

    min_memory_kib: int = 19 * 1024  # OWASP's floor for Argon2id
    max_memory_kib: int = 256 * 1024
    min_iterations: int = 2
    max_iterations: int = 8
    max_lanes: int = 8
    max_work_kib: int = 512 * 1024  # e.g. 256 MiB x 2 passes or 64 MiB x 8: about a second
    min_salt_length: int = 16
    max_salt_length: int = 64

    def check(self, params: KdfParams) -> None:
        """Raises KdfParamsError naming the first bound broken."""
        if not self.min_salt_length <= len(params.salt) <= self.max_salt_length:
            raise KdfParamsError(
                f"KDF salt must be {self.min_salt_length} to {self.max_salt_length} bytes, "
                f"not {len(params.salt)}"
            )
        if not 1 <= params.lanes <= self.max_lanes:
            raise KdfParamsError(f"KDF lanes must be 1 to {self.max_lanes}, not {params.lanes}")
        # Argon2 needs at least 8 KiB per lane.
        low = max(self.min_memory_kib, 8 * params.lanes)
        if not low <= params.memory_kib <= self.max_memory_kib:
            raise KdfParamsError(
                f"KDF memory must be {low} to {self.max_memory_kib} KiB, not {params.memory_kib}"
            )
        if not self.min_iterations <= params.iterations <= self.max_iterations:
            raise KdfParamsError(
                f"KDF iterations must be {self.min_iterations} to {self.max_iterations}, "
                f"not {params.iterations}"
            )
        if params.memory_kib * params.iterations > self.max_work_kib:
            raise KdfParamsError(
                f"KDF work (memory x iterations) must be at most {self.max_work_kib} KiB, "
                f"not {params.memory_kib * params.iterations}"
            )


DEFAULT_LIMITS = KdfLimits()
# For tests and benchmarks that need many logins quickly: any cost down to Argon2's own minimum.
TEST_LIMITS = KdfLimits(min_memory_kib=8, min_iterations=1)
# The cheapest parameters TEST_LIMITS accept, for tests that create many users.
TEST_COST = {"memory_kib": 8, "iterations": 1, "lanes": 1}


def harden_password(password: str, params: KdfParams, limits: KdfLimits = DEFAULT_LIMITS) -> str:
    """P' = lowercase hex of Argon2id(NFC(password) as UTF-8). Slow by design: never on the GUI thread.

    NFC first, so that "é" typed as one code point (Windows) or as e + combining accent (some macOS
    input paths) is the same password everywhere.
    """
    limits.check(params)
    try:
        secret = unicodedata.normalize("NFC", password).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the password contains characters that cannot be encoded as UTF-8") from None
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret).hex()
