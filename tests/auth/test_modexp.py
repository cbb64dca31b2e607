"""SRP's modular exponentiation (auth/modexp.py): GMP where gmpy2 imports, CPython's pow otherwise, the same
integers from both, a switch to force the fallback and a way to ask which one is in use."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trader_login.auth import modexp

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = modexp.available()


def run_python(code: str, **env: str) -> dict:
    """Runs `code` in a fresh interpreter (repository on the path) and returns the JSON it prints."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    environment.pop(modexp.PURE_PYTHON_ENV, None)
    environment.update(env)
    done = subprocess.run(  # noqa: S603 - this interpreter on code of this file
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_gmp_is_used_where_gmpy2_imports():
    # gmpy2 is declared for the gateway; where it imports, nothing else should be chosen by default.
    pytest.importorskip("gmpy2")
    found = run_python(
        "import json; from trader_login.auth import modexp; print(json.dumps(modexp.backend()))"
    )
    assert found == "gmp"
    assert modexp.available() == ("gmp", "python")


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_environment_forces_pure_python(value):
    found = run_python(
        "import json; from trader_login.auth import modexp; print(json.dumps(modexp.backend()))",
        TRADER_LOGIN_PURE_PYTHON=value,
    )
    assert found == "python"


def test_environment_zero_does_not_force_pure_python():
    pytest.importorskip("gmpy2")
    found = run_python(
        "import json; from trader_login.auth import modexp; print(json.dumps(modexp.backend()))",
        TRADER_LOGIN_PURE_PYTHON="0",
    )
    assert found == "gmp"


def test_without_gmpy2_the_fallback_is_used():
    # gmpy2 made unimportable before anything imports it: a platform without its wheel.
    found = run_python(
        """
import json, sys
sys.modules["gmpy2"] = None
from trader_login.auth import modexp
try:
    modexp.use("gmp")
    refused = None
except ValueError as error:
    refused = str(error)
print(json.dumps({"backend": modexp.backend(), "available": modexp.available(),
                  "describe": modexp.describe(), "refused": refused,
                  "value": modexp.powmod(3, 2**200 + 7, 2**521 - 1)}))
"""
    )
    assert found["backend"] == "python"
    assert found["available"] == ["python"]
    assert found["describe"].startswith("python (")
    assert found["refused"] == "the 'gmp' arithmetic needs gmpy2, which is not importable here"
    assert found["value"] == pow(3, 2**200 + 7, 2**521 - 1)


@pytest.mark.parametrize("name", BACKENDS)
@given(
    base=st.integers(min_value=-(2**2100), max_value=2**2100),
    exponent=st.integers(min_value=0, max_value=2**1100),
    modulus=st.integers(min_value=1, max_value=2**2100),
)
def test_powmod_is_pow_in_each_arithmetic(name, base, exponent, modulus):
    with modexp.using(name):
        result = modexp.powmod(base, exponent, modulus)
    assert type(result) is int  # never a gmpy2.mpz: callers call to_bytes on it
    assert result == pow(base, exponent, modulus)
    assert 0 <= result < modulus


@pytest.mark.parametrize("name", BACKENDS)
def test_powmod_edge_values(name):
    with modexp.using(name):
        assert modexp.powmod(0, 0, 7) == 1
        assert modexp.powmod(5, 0, 1) == 0
        assert modexp.powmod(7, 5, 7) == 0
        assert modexp.powmod(-1, 3, 2**2048 - 1) == 2**2048 - 2


def test_use_switches_and_using_restores():
    before = modexp.backend()
    with modexp.using("python"):
        assert modexp.backend() == "python"
        assert modexp.describe().startswith("python (")
    assert modexp.backend() == before
    with pytest.raises(RuntimeError), modexp.using("python"):
        raise RuntimeError
    assert modexp.backend() == before


def test_the_switch_reaches_the_arithmetic(monkeypatch):
    # Not only the name changes: with "python" chosen, gmpy2 is never called.
    gmpy2 = pytest.importorskip("gmpy2")
    calls = []
    real = gmpy2.powmod

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(gmpy2, "powmod", counting)
    with modexp.using("python"):
        modexp.powmod(2, 10, 1000)
    assert calls == []
    with modexp.using("gmp"):
        modexp.powmod(2, 10, 1000)
    assert len(calls) == 1


def test_describe_names_gmp_and_its_versions():
    gmpy2 = pytest.importorskip("gmpy2")
    with modexp.using("gmp"):
        assert modexp.describe() == f"gmp ({gmpy2.mp_version()} via gmpy2 {gmpy2.version()})"


@pytest.mark.parametrize("name", ["", "GMP", "pow", "gmpy2"])
def test_unknown_arithmetic_is_refused(name):
    before = modexp.backend()
    with pytest.raises(ValueError, match="unknown arithmetic"):
        modexp.use(name)
    assert modexp.backend() == before
