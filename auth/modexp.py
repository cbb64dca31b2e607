"""Modular exponentiation for SRP (SPEC §5): GMP through gmpy2 where it imports, CPython's `pow` otherwise.

Every exponentiation of a login (the verifier, A, B and the premaster secret on both sides) goes through
`powmod`, so the two arithmetics give the same integers by construction: both compute base^exponent mod
modulus exactly, and `powmod` always returns a plain non-negative `int` below the modulus.

    backend()              -> "gmp" or "python": the arithmetic in use (benchmarks, the gateway's start line)
    describe()             -> e.g. "gmp (GMP 6.3.0 via gmpy2 2.3.2)" or "python (CPython 3.11.7 pow)"
    use("python" | "gmp")  -> choose the arithmetic for the whole process (tests, benchmarks)
    using("python")        -> the same as a context manager that restores the previous choice

Setting TRADER_LOGIN_PURE_PYTHON=1 in the environment before start chooses CPython's `pow` even where gmpy2 is
installed (to compare the two, or to rule GMP out). The choice is process-wide and meant to be made at start;
`using` is for single-threaded tests and benchmarks.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Iterator
from contextlib import contextmanager

try:
    import gmpy2
except ImportError:  # the fallback: no wheel for this platform, or a trimmed install
    gmpy2 = None

PURE_PYTHON_ENV = "TRADER_LOGIN_PURE_PYTHON"
GMP = "gmp"
PYTHON = "python"


def _gmp_powmod(base: int, exponent: int, modulus: int) -> int:
    return int(gmpy2.powmod(base, exponent, modulus))


def _python_powmod(base: int, exponent: int, modulus: int) -> int:
    return pow(base, exponent, modulus)


_IMPLEMENTATIONS: dict[str, Callable[[int, int, int], int]] = {PYTHON: _python_powmod}
if gmpy2 is not None:
    _IMPLEMENTATIONS[GMP] = _gmp_powmod


def available() -> tuple[str, ...]:
    """The arithmetics this process can use, fastest first."""
    return tuple(name for name in (GMP, PYTHON) if name in _IMPLEMENTATIONS)


def _initial() -> str:
    forced = os.environ.get(PURE_PYTHON_ENV, "").strip().lower()
    if forced in ("1", "true", "yes", "on"):
        return PYTHON
    return available()[0]


_current = _initial()
_powmod = _IMPLEMENTATIONS[_current]


def powmod(base: int, exponent: int, modulus: int) -> int:
    """base^exponent mod modulus as an `int` in [0, modulus), with the arithmetic chosen for this process.

    The exponent must be non-negative and the modulus positive (SRP's always are).
    """
    return _powmod(base, exponent, modulus)


def backend() -> str:
    """The arithmetic in use: "gmp" (gmpy2) or "python" (CPython's pow)."""
    return _current


def describe() -> str:
    """The arithmetic in use with its versions, for a start line or an audit record (no secrets)."""
    if _current == GMP:
        return f"gmp ({gmpy2.mp_version()} via gmpy2 {gmpy2.version()})"
    return f"python ({platform.python_implementation()} {platform.python_version()} pow)"


def use(name: str) -> None:
    """Chooses the arithmetic for the whole process; "gmp" where gmpy2 is missing is refused."""
    global _current, _powmod
    if name not in (GMP, PYTHON):
        raise ValueError(f"unknown arithmetic {name!r}: use 'gmp' or 'python'")
    if name not in _IMPLEMENTATIONS:
        raise ValueError("the 'gmp' arithmetic needs gmpy2, which is not importable here")
    _current, _powmod = name, _IMPLEMENTATIONS[name]


@contextmanager
def using(name: str) -> Iterator[None]:
    """`use(name)` for the block, then the previous choice again."""
    previous = _current
    use(name)
    try:
        yield
    finally:
        use(previous)
