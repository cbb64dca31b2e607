"""SRP's arithmetic (issue 17): 256-bit ephemeral exponents on both sides, every exponentiation through
auth.modexp, and GMP and CPython's pow giving byte-identical values — to each other and to srptools' own
formulas (what the gateway computed before), so clients and stored verifiers keep working."""

import json
import secrets
from pathlib import Path

import pytest
import srptools.context
from hypothesis import given, settings
from hypothesis import strategies as st

from trader_login.auth import modexp, srp
from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams
from trader_login.auth.srp import GROUP_2048, RFC5054_TEST_GROUP, SrpClient

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "srp.json").read_text())["vectors"]
BACKENDS = modexp.available()
needs_both = pytest.mark.skipif(len(BACKENDS) < 2, reason="gmpy2 is not importable: only one arithmetic")

N_2048 = GROUP_2048.prime
EDGE_EXPONENTS = [1, 2, 3, 2**255, 2**256 - 1, 2**256, 2**1023, 2**1024 - 1, N_2048 - 1, N_2048, N_2048 + 1]


def transcript(group, username, password_key, salt, a, b):
    """Every value of one exchange with fixed exponents, as bytes, in the arithmetic chosen now."""
    verifier = srp.compute_verifier(username, password_key, salt, group)
    record = srp.SrpRecord(username, salt, KdfParams.new(**TEST_COST), verifier)
    client = SrpClient(username, group=group, private=a)
    challenge = srp.server_challenge(record, group=group, private=b)
    m1 = client.respond_with_key(password_key, salt, challenge.public)
    server = srp.server_verify(record, challenge, client.public, m1, group=group)
    return {
        "v": verifier,
        "A": client.public,
        "B": challenge.public,
        "M1": m1,
        "M2": server.proof,
        "K_server": server.session_key,
        "K_client": client.verify_server(server.proof),
    }


def srptools_transcript(group, username, password_key, salt, a, b):
    """The same exchange computed by srptools' own methods, as auth/srp.py did before this change."""
    context = group.context(username, password_key)
    x = context.get_common_password_hash(salt)
    v = context.get_common_password_verifier(x)
    a_public = context.get_client_public(client_private=a)
    b_public = context.get_server_public(password_verifier=v, server_private=b)
    u = context.get_common_secret(b_public, a_public)
    s_client = context.get_client_premaster_secret(
        password_hash=x, server_public=b_public, client_private=a, common_secret=u
    )
    s_server = context.get_server_premaster_secret(
        password_verifier=v, server_private=b, client_public=a_public, common_secret=u
    )
    key = context.get_common_session_key(s_client)
    m1 = context.get_common_session_key_proof(
        session_key=key, salt=salt, server_public=b_public, client_public=a_public
    )
    m2 = context.get_common_session_key_proof_hash(
        session_key=key, session_key_proof=m1, client_public=a_public
    )
    return {
        "v": group.to_bytes(v),
        "A": group.to_bytes(a_public),
        "B": group.to_bytes(b_public),
        "M1": m1,
        "M2": m2,
        "K_server": context.get_common_session_key(s_server),
        "K_client": key,
    }


# --- the RFC 5054 vector in each arithmetic -----------------------------------------------------------


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_rfc5054_appendix_b_in_each_arithmetic(vector, name):
    group = RFC5054_TEST_GROUP
    assert group.multiplier == int(vector["expected_k_hex"], 16)
    salt = bytes.fromhex(vector["s_hex"])
    a, b = int(vector["a_hex"], 16), int(vector["b_hex"], 16)
    with modexp.using(name):
        values = transcript(group, vector["I"], vector["P"], salt, a, b)
    width = group.byte_length * 2
    assert values["v"].hex().upper() == vector["expected_v_hex"].rjust(width, "0")
    assert values["A"].hex().upper() == vector["expected_A_hex"].rjust(width, "0")
    assert values["B"].hex().upper() == vector["expected_B_hex"].rjust(width, "0")
    premaster = int(vector["expected_S_premaster_hex"], 16)
    expected_key = group.hash_func(premaster.to_bytes((premaster.bit_length() + 7) // 8, "big")).digest()
    assert values["K_client"] == values["K_server"] == expected_key
    assert values == srptools_transcript(group, vector["I"], vector["P"], salt, a, b)


def test_multiplier_is_srptools_k():
    for group in (GROUP_2048, RFC5054_TEST_GROUP):
        assert group.multiplier == group.context("anyone")._mult  # k has no public accessor in srptools


# --- random cases: GMP = pure Python = srptools ---------------------------------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
exponents = st.one_of(
    st.sampled_from(EDGE_EXPONENTS),
    st.integers(min_value=1, max_value=2**256 - 1),
    st.integers(min_value=2**255, max_value=2**1024),
)


@needs_both
@settings(max_examples=40)
@given(
    group=st.sampled_from([GROUP_2048, RFC5054_TEST_GROUP]),
    username=texts,
    password_key=texts,
    salt=st.binary(min_size=1, max_size=64),
    a=exponents,
    b=exponents,
)
def test_gmp_and_pure_python_give_identical_bytes(group, username, password_key, salt, a, b):
    with modexp.using("gmp"):
        gmp = transcript(group, username, password_key, salt, a, b)
    with modexp.using("python"):
        python = transcript(group, username, password_key, salt, a, b)
    assert gmp == python
    assert gmp == srptools_transcript(group, username, password_key, salt, a, b)
    assert gmp["K_client"] == gmp["K_server"]


@pytest.mark.parametrize("name", BACKENDS)
def test_fresh_exchanges_match_srptools(name):
    # The exponents the code draws itself (256 bits), with real records, in each arithmetic.
    with modexp.using(name):
        for username, password_key in [("dscuser", "ab" * 32), ("a", ""), ("trader9", "\u00e9\u4e2d")]:
            salt = srp.new_private().to_bytes(32, "big")[:16]
            a, b = srp.new_private(), srp.new_private()
            values = transcript(GROUP_2048, username, password_key, salt, a, b)
            assert values == srptools_transcript(GROUP_2048, username, password_key, salt, a, b)


# --- a full exchange with either arithmetic on either side ------------------------------------------------


@pytest.mark.parametrize("enrolled", BACKENDS)
@pytest.mark.parametrize("client_side", BACKENDS)
@pytest.mark.parametrize("gateway_side", BACKENDS)
def test_full_exchange_with_mixed_arithmetic(enrolled, client_side, gateway_side):
    with modexp.using(enrolled):
        record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
    with modexp.using(client_side):
        client = SrpClient("dscuser", limits=TEST_LIMITS)
    with modexp.using(gateway_side):
        challenge = srp.server_challenge(record)
    with modexp.using(client_side):
        m1 = client.respond("demo123", record.salt, record.kdf, challenge.public)
    with modexp.using(gateway_side):
        server = srp.server_verify(record, challenge, client.public, m1)
    with modexp.using(client_side):
        assert client.verify_server(server.proof) == server.session_key


@needs_both
def test_wrong_password_fails_with_mixed_arithmetic():
    with modexp.using("python"):
        record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
        client = SrpClient("dscuser", limits=TEST_LIMITS)
    with modexp.using("gmp"):
        challenge = srp.server_challenge(record)
    with modexp.using("python"):
        m1 = client.respond("demo124", record.salt, record.kdf, challenge.public)
    with modexp.using("gmp"), pytest.raises(srp.SrpError, match="client proof does not match"):
        srp.server_verify(record, challenge, client.public, m1)


# --- 256-bit ephemeral exponents ----------------------------------------------------------------------


def test_new_private_is_exactly_256_bits_random_and_never_zero():
    drawn = [srp.new_private() for _ in range(200)]
    assert {value.bit_length() for value in drawn} == {srp.EXPONENT_BITS} == {256}
    assert len(set(drawn)) == len(drawn)
    low_bits = [value & ((1 << 255) - 1) for value in drawn]
    # Every one of the 255 bits below the top one varies across the draws (a stuck bit would not).
    varying = 0
    for value in low_bits:
        varying |= value ^ low_bits[0]
    assert varying == (1 << 255) - 1


def test_gateway_exponent_is_256_bits(monkeypatch):
    # srptools' generate_server_private draws 1024 bits: the gateway must not use it.
    record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
    exponents = []
    real = modexp.powmod

    def recording(base, exponent, modulus):
        exponents.append(exponent)
        return real(base, exponent, modulus)

    monkeypatch.setattr(modexp, "powmod", recording)
    for _ in range(20):
        exponents.clear()
        challenge = srp.server_challenge(record)
        assert challenge.private.bit_length() == 256
        assert exponents == [challenge.private]  # B = k*v + g^b: one exponentiation, by b


def test_client_exponent_is_256_bits(monkeypatch):
    exponents = []
    real = modexp.powmod

    def recording(base, exponent, modulus):
        exponents.append((base, exponent))
        return real(base, exponent, modulus)

    monkeypatch.setattr(modexp, "powmod", recording)
    for _ in range(20):
        exponents.clear()
        client = SrpClient("dscuser", limits=TEST_LIMITS)
        [(base, a)] = exponents  # A = g^a
        assert base == GROUP_2048.generator
        assert a.bit_length() == 256
        assert client.public == GROUP_2048.to_bytes(pow(base, a, GROUP_2048.prime))


def test_every_exponentiation_of_a_login_goes_through_modexp(monkeypatch):
    # srptools' own exponentiations are never reached: its module-global pow fails if called.
    def refuse(*args):
        raise AssertionError("srptools' pow was called")

    monkeypatch.setattr(srptools.context, "pow", refuse, raising=False)
    calls = []
    real = modexp.powmod

    def counting(base, exponent, modulus):
        calls.append(exponent.bit_length())
        return real(base, exponent, modulus)

    monkeypatch.setattr(modexp, "powmod", counting)
    record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
    assert len(calls) == 1  # v = g^x
    client = SrpClient("dscuser", limits=TEST_LIMITS)
    challenge = srp.server_challenge(record)
    assert len(calls) == 3  # A = g^a, g^b
    m1 = client.respond("demo123", record.salt, record.kdf, challenge.public)
    assert len(calls) == 5  # g^x, (B - k*g^x)^(a + u*x)
    server = srp.server_verify(record, challenge, client.public, m1)
    assert len(calls) == 7  # v^u, (A * v^u)^b
    assert client.verify_server(server.proof) == server.session_key
    # Exponents: x, u (SHA-256) and a, b at most 256 bits; a + u*x at most 513.
    assert max(calls) <= 513
    assert calls[1] == calls[2] == calls[6] == 256


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "7"])
def test_a_fixed_private_exponent_must_be_a_positive_integer(bad):
    record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
    with pytest.raises(ValueError, match="positive integer") as client_error:
        SrpClient("dscuser", private=bad)
    with pytest.raises(ValueError, match="positive integer") as server_error:
        srp.server_challenge(record, private=bad)
    for error in (client_error, server_error):
        assert str(error.value) == "a fixed private exponent must be a positive integer"


def test_a_login_begun_with_a_1024_bit_exponent_still_completes():
    # A login in flight across the upgrade keeps its sealed 1024-bit b: verifying accepts any size.
    record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
    challenge = srp.server_challenge(record, private=secrets.randbits(1023) | 1 << 1023)
    client = SrpClient("dscuser", limits=TEST_LIMITS)
    m1 = client.respond("demo123", record.salt, record.kdf, challenge.public)
    server = srp.server_verify(record, challenge, client.public, m1)
    assert client.verify_server(server.proof) == server.session_key
