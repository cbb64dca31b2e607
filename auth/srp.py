"""SRP-6a login (SPEC §5): the password never leaves the desktop, and the gateway proves itself first.

RFC 5054 2048-bit group, g = 2, SHA-256, with I = user name and P = P' (the Argon2id-hardened password,
`auth.kdf`). The hashes and proofs are srptools', the exponentiations `auth.modexp`'s (below); this
module adds the protocol's order, the checks on the peer's values, and records that keep secrets out of
reprs.

    client                                   gateway
    A = g^a                  -- I, A -->     record(I) or a decoy; b, B = kv + g^b
    P' = Argon2id(...)       <-- s, kdf, B --
    M1                       -- M1 -->       check M1 (constant time)
    check M2 (constant time) <-- M2 --       M2 = H(A | M1 | K)

Both ephemeral exponents, the client's a and the gateway's b, are 256 bits long (the top bit set, 255 random)
(`new_private`; RFC 5054 §2.5.4 asks for at least 256), not srptools' 1024: exponentiations by them
cost about a quarter, and 256 bits already exceed the 2048-bit group's strength (about 112 bits).

The exponentiations are computed here, through `auth.modexp.powmod` (GMP where gmpy2 imports, CPython's
`pow` otherwise): v = g^x, A = g^a, B = k*v + g^b, and S = (B - k*g^x)^(a + u*x) on the client,
S = (A * v^u)^b on the gateway — the formulas of srptools' methods, so every value on the wire and every
proof is the same as srptools' for the same inputs (tests prove it against srptools itself). srptools
keeps what it does well: the hashes x, u, K, M1 and M2, and the padding. Routing srptools' own calls
instead would mean replacing `srptools.context.pow`, a module global: a patch at import time for every
user of srptools in the process, which is neither explicit nor local; computing the five values here is.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from srptools import SRPContext
from srptools.constants import PRIME_1024, PRIME_1024_GEN, PRIME_2048, PRIME_2048_GEN

from trader_login.auth import modexp
from trader_login.auth.kdf import DEFAULT_LIMITS, KdfLimits, KdfParams, harden_password

SALT_LENGTH = 16
# Bits of each side's ephemeral private exponent (RFC 5054 §2.5.4: at least 256).
EXPONENT_BITS = 256


class SrpError(Exception):
    """A login exchange that must stop. Messages name the failed step, never a value."""


@dataclass(frozen=True, slots=True)
class SrpGroup:
    """A prime, its generator and the hash: which arithmetic both sides use."""

    name: str
    prime_hex: str
    generator_hex: str
    hash_func: Callable[..., Any] = field(repr=False)

    @property
    def prime(self) -> int:
        return int(self.prime_hex, 16)

    @property
    def generator(self) -> int:
        return int(self.generator_hex, 16)

    @property
    def byte_length(self) -> int:
        return (self.prime.bit_length() + 7) // 8

    @property
    def multiplier(self) -> int:
        """k = H(N | PAD(g)) (SRP-6a), as srptools computes it."""
        return _multiplier(self)

    def context(self, username: str, password_key: str | None = None) -> SRPContext:
        return SRPContext(
            username,
            password_key,
            prime=self.prime_hex,
            generator=self.generator_hex,
            hash_func=self.hash_func,
        )

    def to_bytes(self, value: int) -> bytes:
        """A public value as sent on the wire: big-endian, padded to the prime's length."""
        return value.to_bytes(self.byte_length, "big")

    def public_value(self, data: bytes, who: str) -> int:
        """Parses a peer's public value, refusing 0 mod N (and anything not reduced mod N)."""
        if not isinstance(data, bytes | bytearray) or not 0 < len(data) <= self.byte_length:
            raise SrpError(f"the {who} public value has the wrong length")
        value = int.from_bytes(data, "big")
        if not 0 < value < self.prime:
            raise SrpError(f"the {who} public value is not valid (0 mod N or out of range)")
        return value


@cache
def _multiplier(group: SrpGroup) -> int:
    digest = group.hash_func(_minimal_bytes(group.prime) + group.to_bytes(group.generator)).digest()
    return int.from_bytes(digest, "big")


def _minimal_bytes(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def new_private() -> int:
    """A fresh ephemeral private exponent: EXPONENT_BITS bits exactly (top bit set), from `secrets`."""
    return secrets.randbits(EXPONENT_BITS - 1) | 1 << (EXPONENT_BITS - 1)


def _private_or_new(private: int | None) -> int:
    if private is None:
        return new_private()
    if isinstance(private, bool) or not isinstance(private, int) or private <= 0:
        raise ValueError("a fixed private exponent must be a positive integer")
    return private


GROUP_2048 = SrpGroup("rfc5054-2048-sha256", PRIME_2048, PRIME_2048_GEN, hashlib.sha256)
# Only for proving the arithmetic against RFC 5054 Appendix B; never offered on the wire.
RFC5054_TEST_GROUP = SrpGroup("rfc5054-1024-sha1", PRIME_1024, PRIME_1024_GEN, hashlib.sha1)


@dataclass(frozen=True, slots=True)
class SrpRecord:
    """What the gateway keeps for a user: no password, only the verifier and how to reach it."""

    username: str
    salt: bytes = field(repr=False)
    kdf: KdfParams
    verifier: bytes = field(repr=False)


def compute_verifier(username: str, password_key: str, salt: bytes, group: SrpGroup = GROUP_2048) -> bytes:
    """v = g^x mod N with x = H(s | H(I | ":" | P')), padded to the prime's length."""
    x = group.context(username, password_key).get_common_password_hash(salt)
    return group.to_bytes(modexp.powmod(group.generator, x, group.prime))


def create_record(
    username: str,
    password: str,
    kdf: KdfParams | None = None,
    *,
    limits: KdfLimits = DEFAULT_LIMITS,
    group: SrpGroup = GROUP_2048,
) -> SrpRecord:
    """A new user's record from user name and password (enrolment, password change, demo seed)."""
    kdf = kdf or KdfParams.new()
    salt = secrets.token_bytes(SALT_LENGTH)
    verifier = compute_verifier(username, harden_password(password, kdf, limits), salt, group)
    return SrpRecord(username, salt, kdf, verifier)


def decoy_record(
    username: str, gateway_secret: bytes, cost: KdfParams, group: SrpGroup = GROUP_2048
) -> SrpRecord:
    """A record for a user name that does not exist, the same on every attempt (SPEC §5, no enumeration).

    Salt, KDF salt and verifier come from an HMAC of the gateway secret, so repeated probes see stable
    values exactly as for a real user, and the login fails exactly like a wrong password. `cost` gives
    the KDF parameters real users get; its salt is replaced. The verifier is an HMAC-derived number mod N,
    not g^x: nobody ever sees a verifier, and skipping the exponentiation keeps an unknown name exactly as
    fast as a known one (a real record is read, not computed).
    """

    def derive(label: bytes, length: int = 32) -> bytes:
        blocks = (
            hmac.new(
                gateway_secret, label + bytes([i]) + b"\0" + username.encode("utf-8"), hashlib.sha256
            ).digest()
            for i in range((length + 31) // 32)
        )
        return b"".join(blocks)[:length]

    kdf = KdfParams(derive(b"kdf-salt")[:SALT_LENGTH], cost.memory_kib, cost.iterations, cost.lanes)
    # 32 extra bytes make the reduction mod N as good as uniform.
    verifier = int.from_bytes(derive(b"verifier", group.byte_length + 32), "big") % group.prime
    return SrpRecord(username, derive(b"srp-salt")[:SALT_LENGTH], kdf, group.to_bytes(verifier))


class SrpClient:
    """The client's half of one login attempt. Run `respond` off the GUI thread: it runs the KDF."""

    def __init__(
        self,
        username: str,
        *,
        group: SrpGroup = GROUP_2048,
        limits: KdfLimits = DEFAULT_LIMITS,
        private: int | None = None,  # fixed only for test vectors and benchmarks
    ) -> None:
        self.username = username
        self._group = group
        self._limits = limits
        self._private = _private_or_new(private)
        self.public = group.to_bytes(modexp.powmod(group.generator, self._private, group.prime))
        self._expected_server_proof: bytes | None = None
        self._session_key: bytes | None = None

    def __repr__(self) -> str:
        return f"SrpClient(username={self.username!r}, group={self._group.name!r})"

    def respond(self, password: str, salt: bytes, kdf: KdfParams, server_public: bytes) -> bytes:
        """Hardens the password with the gateway's (bounded) KDF parameters and returns M1."""
        return self.respond_with_key(harden_password(password, kdf, self._limits), salt, server_public)

    def respond_with_key(self, password_key: str, salt: bytes, server_public: bytes) -> bytes:
        """M1 from an already hardened password P'."""
        group = self._group
        if not isinstance(salt, bytes) or not 1 <= len(salt) <= 64:
            raise SrpError("the gateway salt has the wrong length")
        b_public = group.public_value(server_public, "gateway")
        a_public = int.from_bytes(self.public, "big")
        context = group.context(self.username, password_key)
        u = _scrambler(context, a_public, b_public)
        x = context.get_common_password_hash(salt)
        prime = group.prime
        # S = (B - k*g^x)^(a + u*x) mod N; the base is reduced first so it is never negative.
        base = (b_public - group.multiplier * modexp.powmod(group.generator, x, prime)) % prime
        premaster = modexp.powmod(base, self._private + u * x, prime)
        key = context.get_common_session_key(premaster)
        proof = context.get_common_session_key_proof(
            session_key=key, salt=salt, server_public=b_public, client_public=a_public
        )
        self._expected_server_proof = context.get_common_session_key_proof_hash(
            session_key=key, session_key_proof=proof, client_public=a_public
        )
        self._session_key = key
        return proof

    def verify_server(self, server_proof: bytes) -> bytes:
        """Checks M2; returns the session key K. A gateway without the verifier cannot pass this."""
        if self._expected_server_proof is None:
            raise SrpError("the gateway proof arrived before the client proof was made")
        if not isinstance(server_proof, bytes) or not hmac.compare_digest(
            server_proof, self._expected_server_proof
        ):
            raise SrpError("the gateway could not prove it knows this user's verifier")
        return self._session_key


@dataclass(frozen=True, slots=True)
class ServerChallenge:
    """The gateway's b (kept server side between the two requests) and B (sent)."""

    private: int = field(repr=False)
    public: bytes


def server_challenge(
    record: SrpRecord, *, group: SrpGroup = GROUP_2048, private: int | None = None
) -> ServerChallenge:
    """b and B = k*v + g^b mod N for one attempt. `private` is fixed only for test vectors and benchmarks."""
    b_private = _private_or_new(private)
    verifier = int.from_bytes(record.verifier, "big")
    prime = group.prime
    b_public = (group.multiplier * verifier + modexp.powmod(group.generator, b_private, prime)) % prime
    return ServerChallenge(b_private, group.to_bytes(b_public))


@dataclass(frozen=True, slots=True)
class ServerProof:
    proof: bytes  # M2, sent to the client
    session_key: bytes = field(repr=False)


def server_verify(
    record: SrpRecord,
    challenge: ServerChallenge,
    client_public: bytes,
    client_proof: bytes,
    *,
    group: SrpGroup = GROUP_2048,
) -> ServerProof:
    """Checks the client's A and M1 against the record; returns M2 and K, or raises SrpError."""
    a_public = group.public_value(client_public, "client")
    b_public = int.from_bytes(challenge.public, "big")
    context = group.context(record.username)
    u = _scrambler(context, a_public, b_public)
    prime = group.prime
    # S = (A * v^u)^b mod N
    scrambled = modexp.powmod(int.from_bytes(record.verifier, "big"), u, prime)
    premaster = modexp.powmod(a_public * scrambled % prime, challenge.private, prime)
    key = context.get_common_session_key(premaster)
    expected = context.get_common_session_key_proof(
        session_key=key, salt=record.salt, server_public=b_public, client_public=a_public
    )
    if not isinstance(client_proof, bytes) or not hmac.compare_digest(client_proof, expected):
        raise SrpError("the client proof does not match")
    server_proof = context.get_common_session_key_proof_hash(
        session_key=key, session_key_proof=expected, client_public=a_public
    )
    return ServerProof(server_proof, key)


def _scrambler(context: SRPContext, client_public: int, server_public: int) -> int:
    """u = H(PAD(A) | PAD(B)); SRP-6a requires u != 0, or the password drops out of S."""
    u = context.get_common_secret(server_public, client_public)
    if u == 0:
        raise SrpError("the public values give a zero scrambling parameter")
    return u
