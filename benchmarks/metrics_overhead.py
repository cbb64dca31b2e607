"""What the gateway's metrics cost (issue 17): per request (the `RequestTimer` middleware: a histogram and a
counter) and per event (the event hub's sink), in this process, and end to end: GET /v1/health over HTTPS
with keep-alive against one gateway with /metrics and one without, interleaved rounds. Prints JSON.

    .venv/bin/python -m benchmarks.metrics_overhead [--requests 2000] [--rounds 5]

Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from trader_login.auth.gateway import audit
from trader_login.auth.gateway.events import Event
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.metrics import GatewayMetrics
from trader_login.auth.gateway.server import GatewayServer


def per_call(action: Any, count: int) -> float:
    """Microseconds per call of `action()`, the best of three runs of `count` calls."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(count):
            action()
        best = min(best, time.perf_counter() - began)
    return best / count * 1e6


def in_process(count: int) -> dict[str, float]:
    metrics = GatewayMetrics()
    failed = [Event(audit.LOGIN_FAILED, 0.0, username="x", reason="password")]
    return {
        "request_us": round(
            per_call(lambda: metrics.observe_request("/v1/login/proof", "POST", 401, 0.004), count), 2
        ),
        "event_us": round(per_call(lambda: metrics.count(failed), count), 2),
        "scrape_ms": round(per_call(metrics.exposition, 50) / 1000, 2),
    }


def serve(data_dir: Path, metrics: bool) -> tuple[Gateway, GatewayServer]:
    gateway = Gateway(data_dir)
    running = GatewayServer(gateway, metrics=metrics)
    running.start()
    return gateway, running


def round_trip_us(running: GatewayServer, count: int) -> float:
    http = requests.Session()
    http.verify = str(running.cert_path)
    http.trust_env = False
    url = running.url + "/v1/health"
    try:
        http.get(url, timeout=30)
        began = time.perf_counter()
        for _ in range(count):
            http.get(url, timeout=30)
        return (time.perf_counter() - began) / count * 1e6
    finally:
        http.close()


def end_to_end(requests_per_round: int, rounds: int) -> dict[str, Any]:
    base = Path(tempfile.mkdtemp(prefix="metrics-overhead-"))
    try:
        served = {flag: serve(base / str(flag), flag) for flag in (True, False)}
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(rounds):
            for flag in (True, False):
                times[flag].append(round_trip_us(served[flag][1], requests_per_round))
        for gateway, running in served.values():
            running.stop()
            gateway.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    with_metrics, without = statistics.median(times[True]), statistics.median(times[False])
    return {
        "health_round_trip_us_with_metrics": round(with_metrics, 1),
        "health_round_trip_us_without": round(without, 1),
        "difference_us": round(with_metrics - without, 1),
        "rounds": rounds,
        "requests_per_round": requests_per_round,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args(argv)
    result = {"in_process": in_process(20000), "end_to_end": end_to_end(arguments.requests, arguments.rounds)}
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
