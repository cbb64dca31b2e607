"""SRP-6a per SPEC §5: RFC 5054 arithmetic, the 2048-bit SHA-256 round trip, and hostile peers."""

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from trader_login.auth import modexp, srp
from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams, harden_password
from trader_login.auth.srp import GROUP_2048, RFC5054_TEST_GROUP, SrpClient, SrpError

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "srp.json").read_text())["vectors"]


def cheap_kdf() -> KdfParams:
    return KdfParams.new(**TEST_COST)


@pytest.fixture
def record():
    return srp.create_record("dscuser", "demo123", cheap_kdf(), limits=TEST_LIMITS)


def login(record, password, *, username=None):
    """One exchange as client and gateway run it; returns (client, server proof) or raises SrpError."""
    client = SrpClient(username or record.username, limits=TEST_LIMITS)
    challenge = srp.server_challenge(record)
    m1 = client.respond(password, record.salt, record.kdf, challenge.public)
    server = srp.server_verify(record, challenge, client.public, m1)
    return client, server


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_rfc5054_appendix_b_arithmetic(vector):
    group = RFC5054_TEST_GROUP
    assert group.prime_hex.upper() == vector["N_hex"]
    assert group.generator == vector["g"]
    username, password = vector["I"], vector["P"]
    salt = bytes.fromhex(vector["s_hex"])
    a, b = int(vector["a_hex"], 16), int(vector["b_hex"], 16)

    context = group.context(username, password)
    assert context._mult == int(vector["expected_k_hex"], 16)  # k has no public accessor in srptools
    assert context.get_common_password_hash(salt) == int(vector["expected_x_hex"], 16)
    verifier = srp.compute_verifier(username, password, salt, group)
    assert verifier == bytes.fromhex(vector["expected_v_hex"].rjust(256, "0"))

    client = SrpClient(username, group=group, private=a)
    assert client.public.hex().upper() == vector["expected_A_hex"].rjust(256, "0")
    record = srp.SrpRecord(username, salt, cheap_kdf(), verifier)
    challenge = srp.server_challenge(record, group=group, private=b)
    assert challenge.public.hex().upper() == vector["expected_B_hex"].rjust(256, "0")
    a_int, b_int = int.from_bytes(client.public, "big"), int.from_bytes(challenge.public, "big")
    assert context.get_common_secret(b_int, a_int) == int(vector["expected_u_hex"], 16)

    # S is internal to both sides; K = H(S) is what they keep, so K proves S on each side.
    premaster = int(vector["expected_S_premaster_hex"], 16)
    expected_key = hashlib.sha1(premaster.to_bytes((premaster.bit_length() + 7) // 8, "big")).digest()
    m1 = client.respond_with_key(password, salt, challenge.public)
    server = srp.server_verify(record, challenge, client.public, m1, group=group)
    assert server.session_key == expected_key
    assert client.verify_server(server.proof) == expected_key


def test_round_trip_with_2048_bit_sha256_profile(record):
    client, server = login(record, "demo123")
    assert len(client.public) == 256 == GROUP_2048.byte_length
    assert client.verify_server(server.proof) == server.session_key
    assert len(server.session_key) == 32  # SHA-256


def test_round_trip_with_default_kdf_parameters():
    record = srp.create_record("dscuser", "demo123")
    assert record.kdf.memory_kib >= 19 * 1024
    client = SrpClient("dscuser")
    challenge = srp.server_challenge(record)
    m1 = client.respond("demo123", record.salt, record.kdf, challenge.public)
    server = srp.server_verify(record, challenge, client.public, m1)
    assert client.verify_server(server.proof) == server.session_key


def test_p_prime_is_the_argon2id_hardened_password(record):
    # The verifier must be made from P' = hex(Argon2id(password)), not from the password itself.
    key = harden_password("demo123", record.kdf, TEST_LIMITS)
    assert record.verifier == srp.compute_verifier("dscuser", key, record.salt)
    assert record.verifier != srp.compute_verifier("dscuser", "demo123", record.salt)


@pytest.mark.parametrize("password", ["demo124", "", "Demo123", "demo123 "])
def test_wrong_password_fails(record, password):
    with pytest.raises(SrpError, match="client proof does not match"):
        login(record, password)


def test_other_user_name_with_right_password_fails(record):
    with pytest.raises(SrpError):
        login(record, "demo123", username="carduser")


def test_each_attempt_uses_fresh_public_values(record):
    assert SrpClient("dscuser").public != SrpClient("dscuser").public
    assert srp.server_challenge(record).public != srp.server_challenge(record).public


def test_unicode_password_is_normalised_before_hardening():
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    record = srp.create_record("trader", composed, cheap_kdf(), limits=TEST_LIMITS)
    login(record, decomposed)


# --- hostile values -----------------------------------------------------------------------------------


def _invalid_public_values():
    n = GROUP_2048.prime
    return {
        "zero": bytes(256),
        "N": n.to_bytes(256, "big"),
        "2N": (2 * n).to_bytes(257, "big"),
        "empty": b"",
        "N+1 (not reduced mod N)": (n + 1).to_bytes(256, "big"),
    }


@pytest.mark.parametrize("label", list(_invalid_public_values()))
def test_client_public_zero_mod_n_is_rejected(record, label):
    bad_a = _invalid_public_values()[label]
    challenge = srp.server_challenge(record)
    with pytest.raises(SrpError, match="client public value"):
        srp.server_verify(record, challenge, bad_a, b"\x00" * 32)


@pytest.mark.parametrize("label", list(_invalid_public_values()))
def test_server_public_zero_mod_n_is_rejected(record, label):
    bad_b = _invalid_public_values()[label]
    client = SrpClient("dscuser", limits=TEST_LIMITS)
    with pytest.raises(SrpError, match="gateway public value"):
        client.respond("demo123", record.salt, record.kdf, bad_b)


def test_zero_scrambling_parameter_is_rejected(record, monkeypatch):
    monkeypatch.setattr(srp.SRPContext, "get_common_secret", lambda self, b, a: 0)
    with pytest.raises(SrpError, match="scrambling"):
        login(record, "demo123")


def test_fake_gateway_without_the_verifier_cannot_prove_itself(record):
    # A gateway that does not hold the verifier answers for a record it made up; the client must refuse
    # its M2 even though that gateway got an M1.
    fake = srp.create_record("dscuser", "anything", record.kdf, limits=TEST_LIMITS)
    client = SrpClient("dscuser", limits=TEST_LIMITS)
    challenge = srp.server_challenge(fake)
    client.respond("demo123", record.salt, record.kdf, challenge.public)
    forged_m2 = hashlib.sha256(b"guess").digest()
    with pytest.raises(SrpError, match="could not prove"):
        client.verify_server(forged_m2)


def test_server_proof_before_client_proof_is_refused():
    with pytest.raises(SrpError):
        SrpClient("dscuser").verify_server(b"\x00" * 32)


def test_tampered_proofs_are_refused(record):
    client = SrpClient("dscuser", limits=TEST_LIMITS)
    challenge = srp.server_challenge(record)
    m1 = client.respond("demo123", record.salt, record.kdf, challenge.public)
    flipped = bytes([m1[0] ^ 1]) + m1[1:]
    with pytest.raises(SrpError):
        srp.server_verify(record, challenge, client.public, flipped)
    server = srp.server_verify(record, challenge, client.public, m1)
    with pytest.raises(SrpError):
        client.verify_server(server.proof[:-1] + bytes([server.proof[-1] ^ 1]))
    assert client.verify_server(server.proof)


def test_proofs_are_compared_in_constant_time(record, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def recording(a, b):
        calls.append((bytes(a), bytes(b)))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    client, server = login(record, "demo123")
    client.verify_server(server.proof)
    compared = {pair[0] for pair in calls}
    assert server.proof in compared  # the client compared M2 with compare_digest
    assert len(calls) >= 2  # and the gateway compared M1 with it


# --- no user-name enumeration ----------------------------------------------------------------------


def test_decoy_record_is_stable_per_user_name_and_secret():
    cost = cheap_kdf()
    first = srp.decoy_record("nosuchuser", b"k" * 32, cost)
    assert first == srp.decoy_record("nosuchuser", b"k" * 32, cost)
    assert first.salt != srp.decoy_record("otheruser", b"k" * 32, cost).salt
    assert first.verifier != srp.decoy_record("nosuchuser", b"j" * 32, cost).verifier
    assert first.kdf.salt != cost.salt
    assert (first.kdf.memory_kib, first.kdf.iterations, first.kdf.lanes) == (
        cost.memory_kib,
        cost.iterations,
        cost.lanes,
    )
    assert (len(first.salt), len(first.kdf.salt), len(first.verifier)) == (16, 16, 256)


def test_decoy_record_costs_no_modular_exponentiation(monkeypatch):
    # An unknown name must not be slower than a known one, whose record is simply read.
    calls = []

    def counting_powmod(base, exponent, modulus):
        calls.append(exponent)
        return pow(base, exponent, modulus)

    monkeypatch.setattr(modexp, "powmod", counting_powmod)
    srp.decoy_record("nosuchuser", b"k" * 32, cheap_kdf())
    assert calls == []
    srp.SrpClient("dscuser")  # the wrapper is live: the client's g^a goes through it
    assert len(calls) == 1


def test_decoy_login_fails_exactly_like_a_wrong_password(record):
    decoy = srp.decoy_record("nosuchuser", b"k" * 32, cheap_kdf())
    with pytest.raises(SrpError) as unknown:
        login(decoy, "demo123")
    with pytest.raises(SrpError) as wrong:
        login(record, "wrong")
    assert str(unknown.value) == str(wrong.value)


# --- secrets stay out of text -----------------------------------------------------------------------


def test_reprs_hold_no_secrets(record):
    client, server = login(record, "demo123")
    challenge = srp.server_challenge(record)
    texts = [repr(record), repr(client), repr(challenge), repr(server), repr(record.kdf)]
    secrets_ = [record.salt, record.verifier, server.session_key, record.kdf.salt]
    for text in texts:
        assert "demo123" not in text
        for secret in secrets_:
            assert secret.hex() not in text
            assert secret.hex().upper() not in text
        assert str(challenge.private) not in text
        assert hex(challenge.private)[2:] not in text


def test_no_secret_reaches_logs_or_exception_text(record, caplog):
    caplog.set_level("DEBUG")
    hardened = harden_password("demo123", record.kdf, TEST_LIMITS)
    _, server = login(record, "demo123")
    with pytest.raises(SrpError) as failure:
        login(record, "hunter2")
    texts = [r.getMessage() for r in caplog.records] + [str(failure.value), repr(failure.value)]
    for text in texts:
        for secret in ("demo123", "hunter2", hardened, server.session_key.hex(), record.verifier.hex()):
            assert secret not in text
