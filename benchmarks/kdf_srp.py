"""Cost of the password hardening and of one SRP exchange, printed as JSON.

    .venv/bin/python benchmarks/kdf_srp.py [--rounds N]

Reports the median Argon2id time at the default parameters and at the client's upper limit, the SRP
arithmetic of one login on each side (KDF excluded), and a bare 2048-bit modular exponentiation for
scale. The client's KDF limits exist so that a hostile gateway cannot push the first figure past the
second; docs/performance.md records the results.
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

from trader_login.auth import srp
from trader_login.auth.kdf import DEFAULT_LIMITS, TEST_COST, TEST_LIMITS, KdfParams, harden_password


def median_ms(func, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds

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

    exponent = secrets.randbits(1024)
    result = {
        "benchmark": "kdf_srp",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "rounds": rounds,
        "argon2id_default_ms": median_ms(lambda: harden_password("demo123", default), rounds),
        "argon2id_default_params": {k: v for k, v in default.to_dict().items() if k != "salt"},
        "argon2id_client_limit_ms": median_ms(lambda: harden_password("demo123", worst), max(1, rounds // 2)),
        "argon2id_client_limit_params": {k: v for k, v in worst.to_dict().items() if k != "salt"},
        "srp_client_exchange_ms": median_ms(client_side, rounds),
        "srp_gateway_challenge_ms": median_ms(lambda: srp.server_challenge(record), rounds),
        "srp_gateway_verify_ms": median_ms(
            lambda: srp.server_verify(record, challenge, client.public, m1), rounds
        ),
        "modexp_2048_ms": median_ms(lambda: pow(2, exponent, srp.GROUP_2048.prime), rounds * 5),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
