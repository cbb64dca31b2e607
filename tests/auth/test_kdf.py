"""Argon2id hardening and the bounds a client puts on a gateway's KDF parameters (SPEC §5)."""

import contextlib
import dataclasses

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given
from hypothesis import strategies as st

from trader_login.auth import kdf
from trader_login.auth.kdf import DEFAULT_LIMITS, TEST_LIMITS, KdfParams, KdfParamsError, harden_password
from trader_login.auth.srp import SrpClient

GIB_KIB = 1024 * 1024


def test_hardened_password_is_lowercase_hex_of_argon2id():
    params = KdfParams(b"s" * 16, memory_kib=64, iterations=1, lanes=1)
    expected = Argon2id(salt=b"s" * 16, length=32, iterations=1, lanes=1, memory_cost=64).derive(b"demo123")
    assert harden_password("demo123", params, TEST_LIMITS) == expected.hex()


def test_salt_and_each_parameter_change_the_result():
    base = KdfParams(b"s" * 16, memory_kib=64, iterations=1, lanes=1)
    variants = [
        base,
        dataclasses.replace(base, salt=b"t" * 16),
        dataclasses.replace(base, memory_kib=72),
        dataclasses.replace(base, iterations=2),
        dataclasses.replace(base, lanes=2),
    ]
    assert len({harden_password("demo123", p, TEST_LIMITS) for p in variants}) == len(variants)


def test_default_parameters_are_within_default_limits():
    DEFAULT_LIMITS.check(KdfParams.new())


@pytest.mark.parametrize(
    ("change", "bound"),
    [
        ({"memory_kib": 4 * GIB_KIB}, "memory"),
        ({"memory_kib": 1024}, "memory"),  # too cheap: a fake gateway would get an easy-to-guess M1
        ({"iterations": 1000}, "iterations"),
        ({"iterations": 1}, "iterations"),
        ({"lanes": 64}, "lanes"),
        ({"lanes": 0}, "lanes"),
        ({"memory_kib": 256 * 1024, "iterations": 8}, "work"),
        ({"salt": b"short"}, "salt"),
        ({"salt": b"x" * 65}, "salt"),
    ],
)
def test_hostile_parameters_are_refused_before_any_work(change, bound, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("Argon2id ran with parameters the limits should have refused")

    monkeypatch.setattr(kdf, "Argon2id", must_not_run)
    params = dataclasses.replace(KdfParams.new(), **change)
    with pytest.raises(KdfParamsError, match=bound):
        harden_password("demo123", params)
    # The SRP client goes through the same gate, so a hostile gateway cannot make it spin.
    with pytest.raises(KdfParamsError, match=bound):
        SrpClient("dscuser").respond("demo123", b"s" * 16, params, b"\x02" * 256)


def test_test_limits_accept_argon2_minimum_cost():
    TEST_LIMITS.check(KdfParams.new(**kdf.TEST_COST))


def test_wire_form_round_trips():
    params = KdfParams.new()
    assert KdfParams.from_dict(params.to_dict()) == params


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "argon2id",
        {},
        {
            "algorithm": "scrypt",
            "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
            "memory_kib": 8,
            "iterations": 1,
            "lanes": 1,
        },
        {"algorithm": "argon2id", "salt": "!!", "memory_kib": 8, "iterations": 1, "lanes": 1},
        {"algorithm": "argon2id", "salt": 5, "memory_kib": 8, "iterations": 1, "lanes": 1},
        {"algorithm": "argon2id", "salt": "AAAA", "memory_kib": "8", "iterations": 1, "lanes": 1},
        {"algorithm": "argon2id", "salt": "AAAA", "memory_kib": 8.0, "iterations": 1, "lanes": 1},
        {"algorithm": "argon2id", "salt": "AAAA", "memory_kib": True, "iterations": 1, "lanes": 1},
        {"algorithm": "argon2id", "salt": "AAAA", "memory_kib": 8, "iterations": 1},
        {"algorithm": "argon2id", "salt": "AAAA", "memory_kib": 8, "iterations": 1, "lanes": 1, "x": 1},
    ],
)
def test_malformed_wire_form_is_a_clear_error(data):
    with pytest.raises(KdfParamsError):
        KdfParams.from_dict(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)


@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "algorithm": st.sampled_from(["argon2id", "argon2i"]),
                "salt": st.text(),
                "memory_kib": json_values,
                "iterations": json_values,
                "lanes": json_values,
            }
        ),
    )
)
def test_any_wire_form_parses_or_raises_kdf_params_error(data):
    try:
        params = KdfParams.from_dict(data)
    except KdfParamsError:
        return
    with contextlib.suppress(KdfParamsError):
        DEFAULT_LIMITS.check(params)


def test_unencodable_password_is_a_value_error_without_the_password():
    params = KdfParams.new(**kdf.TEST_COST)
    with pytest.raises(ValueError, match="cannot be encoded") as caught:
        harden_password("hunter\ud800zz", params, TEST_LIMITS)
    assert "hunter" not in str(caught.value)


def test_params_repr_hides_the_salt():
    params = KdfParams.new()
    assert params.salt.hex() not in repr(params)
