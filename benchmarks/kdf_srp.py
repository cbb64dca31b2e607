"""Cost of the password hardening and of one SRP exchange, printed as JSON.

    .venv/bin/python benchmarks/kdf_srp.py [--rounds N] [--srp-rounds N] [--srp-only]

Reports the median Argon2id time at the default parameters and at the client's upper limit, the SRP
arithmetic of one login on each side (KDF excluded), and a bare 2048-bit modular exponentiation for
scale. The client's KDF limits exist so that a hostile gateway cannot push the first figure past the
second; docs/performance.md records the results.

`srp_arithmetic` times one login's exponentiations on each side (gateway: B, then S and M2; client: A,
then v, S and M1) for each arithmetic of auth.modexp ("gmp", "python") and each size of the ephemeral
exponents: 256 bits (what the code draws since issue 17) and 1024 (srptools' default, used before).
"gmp_256" is today's login, "python_1024" the one before; `modexp_2048` is a bare 2048-bit modular
exponentiation with an exponent of each size. These are CPU time of the benchmark's thread (medians), so
other processes on a shared machine move them less than wall time. `--srp-only` skips the Argon2id figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trader_login.auth import modexp, srp
from trader_login.auth.kdf import DEFAULT_LIMITS, TEST_COST, TEST_LIMITS, KdfParams, harden_password


def median_ms(func, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def exponent(bits: int) -> int:
    return secrets.randbits(bits - 1) | 1 << (bits - 1)


def login_arithmetic(record: srp.SrpRecord, key: str, bits: int, rounds: int) -> dict[str, float]:
    """Median ms of one login's SRP arithmetic on each side, in the arithmetic chosen now."""
    gateway, client = [], []
    for _ in range(rounds):
        t0 = time.thread_time()
        srp_client = srp.SrpClient(record.username, limits=TEST_LIMITS, private=exponent(bits))
        t1 = time.thread_time()
        challenge = srp.server_challenge(record, private=exponent(bits))
        t2 = time.thread_time()
        m1 = srp_client.respond_with_key(key, record.salt, challenge.public)
        t3 = time.thread_time()
        proof = srp.server_verify(record, challenge, srp_client.public, m1)
        t4 = time.thread_time()
        srp_client.verify_server(proof.proof)
        gateway.append((t2 - t1) + (t4 - t3))
        client.append((t1 - t0) + (t3 - t2))
    return {
        "gateway_ms": round(statistics.median(gateway) * 1000, 3),
        "client_ms": round(statistics.median(client) * 1000, 3),
    }


def arithmetic_figures(record: srp.SrpRecord, key: str, rounds: int) -> dict[str, dict]:
    """Each arithmetic × each exponent size, interleaved round by round so drift hits all alike."""
    cases = [(name, bits) for name in modexp.available() for bits in (256, 1024)]
    logins: dict[str, list[dict[str, float]]] = {f"{n}_{b}": [] for n, b in cases}
    bare: dict[str, list[float]] = {f"{n}_{b}": [] for n, b in cases}
    prime = srp.GROUP_2048.prime
    for _ in range(rounds):
        for name, bits in cases:
            with modexp.using(name):
                logins[f"{name}_{bits}"].append(login_arithmetic(record, key, bits, 1))
                value = exponent(bits)
                start = time.thread_time()
                for _ in range(5):
                    modexp.powmod(2, value, prime)
                bare[f"{name}_{bits}"].append((time.thread_time() - start) / 5 * 1000)
    srp_arithmetic = {
        case: {
            side: round(statistics.median(sample[side] for sample in samples), 3)
            for side in ("gateway_ms", "client_ms")
        }
        for case, samples in logins.items()
    }
    if "gmp_256" in srp_arithmetic:
        now, before = srp_arithmetic["gmp_256"], srp_arithmetic["python_1024"]
        srp_arithmetic["speedup_gmp_256_over_python_1024"] = {
            side: round(before[side] / now[side], 1) for side in ("gateway_ms", "client_ms")
        }
    return {
        "srp_arithmetic": srp_arithmetic,
        "modexp_2048_ms": {case: round(statistics.median(samples), 4) for case, samples in bare.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--srp-rounds", type=int, default=41, help="rounds of the SRP arithmetic figures")
    parser.add_argument("--srp-only", action="store_true", help="skip the Argon2id figures")
    arguments = parser.parse_args()
    rounds = arguments.rounds

    default = KdfParams.new()
    worst = KdfParams.new(
        memory_kib=DEFAULT_LIMITS.max_memory_kib,
        iterations=DEFAULT_LIMITS.max_work_kib // DEFAULT_LIMITS.max_memory_kib,
        lanes=1,
    )
    record = srp.create_record("dscuser", "demo123", KdfParams.new(**TEST_COST), limits=TEST_LIMITS)
    key = harden_password("demo123", record.kdf, TEST_LIMITS)

    def client_side():
        client = srp.SrpClient("dscuser", limits=TEST_LIMITS)
        challenge = srp.server_challenge(record)
        m1 = client.respond_with_key(key, record.salt, challenge.public)
        return client, challenge, m1

    client, challenge, m1 = client_side()

    result = {
        "benchmark": "kdf_srp",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "arithmetic": modexp.describe(),
        "rounds": rounds,
    }
    if not arguments.srp_only:
        result |= {
            "argon2id_default_ms": median_ms(lambda: harden_password("demo123", default), rounds),
            "argon2id_default_params": {k: v for k, v in default.to_dict().items() if k != "salt"},
            "argon2id_client_limit_ms": median_ms(
                lambda: harden_password("demo123", worst), max(1, rounds // 2)
            ),
            "argon2id_client_limit_params": {k: v for k, v in worst.to_dict().items() if k != "salt"},
        }
    # In the process's arithmetic (GMP where gmpy2 imports) with the exponents the code draws.
    result |= {
        "srp_client_exchange_ms": median_ms(client_side, rounds),
        "srp_gateway_challenge_ms": median_ms(lambda: srp.server_challenge(record), rounds),
        "srp_gateway_verify_ms": median_ms(
            lambda: srp.server_verify(record, challenge, client.public, m1), rounds
        ),
        "srp_rounds": arguments.srp_rounds,
        **arithmetic_figures(record, key, arguments.srp_rounds),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
