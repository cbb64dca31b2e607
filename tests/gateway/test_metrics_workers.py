"""`/metrics` of `sls-gateway serve --workers 2` (issue 17): one scrape, whichever worker answers it, reports
the whole gateway - what every worker counted, every live worker's process metrics - on SQLite and on
PostgreSQL. prometheus-client's multiprocess mode: the supervisor prepares a directory before it forks
(metrics.prepare_workers), each worker writes its values there, a scrape merges them.

The children run `tests.gateway.worker_pid` (test_process_workers.py's `Supervised`), whose replies name
the worker that made them, so the test knows it sent attempts through both and scraped each. A plain
`serve` serves /metrics on its own HTTPS port; `--no-metrics` (one worker or several) serves none.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.gateway.conftest import Storage
from tests.gateway.process_support import Endpoint, Listening, Processes, listening, wrong_password
from tests.gateway.test_process_workers import Supervised, Workers, supervised, workers
from tests.gateway.worker_pid import HEADER
from trader_login.auth.gateway import metrics

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="--workers forks: POSIX only")
__all__ = ["supervised", "workers"]  # the fixtures, used here by name

P = "sls_gateway_"


def scrape(endpoint: Endpoint) -> tuple[int, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    """The worker that answered, and the samples of its scrape."""
    reply = endpoint.get("/metrics")
    assert reply.status_code == 200, reply.text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }
    return int(reply.headers[HEADER]), samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_one_scrape_reports_every_workers_counts(
    supervised: tuple[Supervised, Listening], workers: Workers
) -> None:
    first_endpoint, first = workers.answering()
    second_endpoint, second = workers.on_another(first)
    for _ in range(2):
        reply = wrong_password(first_endpoint, "dscuser")
        assert reply.status_code == 401, reply.text
        assert int(reply.headers[HEADER]) == first
    for _ in range(3):
        reply = wrong_password(second_endpoint, "carduser")
        assert reply.status_code == 401, reply.text
        assert int(reply.headers[HEADER]) == second
    for endpoint, pid in ((first_endpoint, first), (second_endpoint, second)):
        answered, samples = scrape(endpoint)
        assert answered == pid
        assert value(samples, P + "logins_started_total", mode="live") == 5
        assert value(samples, P + "logins_refused_total", reason="password") == 5
        assert value(samples, P + "workers") == 2
        proofs = value(
            samples, P + "http_request_duration_seconds_count", endpoint="/v1/login/proof", method="POST"
        )
        assert proofs == 5
        # Each live worker's own process metrics, told apart by pid.
        memory = {
            dict(labels)["pid"] for (name, labels) in samples if name == "process_resident_memory_bytes"
        }
        assert memory == {str(first), str(second)}


@pytest.mark.parametrize("count", ["1", "2"])
def test_serve_no_metrics_serves_no_metrics(live_storage: Storage, count: str) -> None:
    processes = Processes()
    try:
        where = listening(processes.serve(live_storage, "--workers", count, "--no-metrics"))
        endpoint = where.endpoint()
        try:
            for _ in range(int(count) * 2):  # new connections: whichever worker takes them
                reply = endpoint.get("/metrics", headers={"Connection": "close"})
                assert reply.status_code == 404, reply.text
            assert endpoint.get("/v1/ready").status_code == 200
        finally:
            endpoint.close()
    finally:
        processes.close()


def test_serve_serves_metrics_on_its_own_port(live_storage: Storage) -> None:
    processes = Processes()
    try:
        endpoint = listening(processes.serve(live_storage)).endpoint()
        try:
            assert wrong_password(endpoint, "dscuser").status_code == 401
            reply = endpoint.get("/metrics")
            assert reply.status_code == 200
            samples = {
                (sample.name, tuple(sorted(sample.labels.items()))): sample.value
                for family in text_string_to_metric_families(reply.text)
                for sample in family.samples
            }
            assert value(samples, P + "logins_refused_total", reason="password") == 1
            assert value(samples, P + "workers") == 1
        finally:
            endpoint.close()
    finally:
        processes.close()


def test_a_killed_supervisors_directory_is_removed_by_the_next_start(
    live_storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A temporary folder of the supervisors' own: in the machine's shared one, any other supervisor of this
    # user (another suite running at the same time) may sweep the killed one's directory first.
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    parent = tmp_path / metrics.parent_directory().name
    first = Supervised(live_storage, 2)
    try:
        listening(first)
        directory = parent / str(first.process.pid)
        assert directory.is_dir()
        assert list(directory.glob("*.db"))  # the workers' files
    finally:
        first.close()  # SIGKILL: the supervisor cannot clean up
    assert directory.is_dir()
    second = Supervised(live_storage, 2)
    try:
        listening(second)
        assert not directory.exists()
        own = parent / str(second.process.pid)
        assert own.is_dir()
        assert second.stop(signal.SIGTERM) == 0  # a stop signal: the supervisor removes its own
        assert not own.exists()
    finally:
        second.close()


def test_sweep_removes_only_directories_of_supervisors_no_longer_running(tmp_path: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    for name in (str(ended.pid), str(os.getpid()), str(os.getppid()), "notes"):
        (tmp_path / name).mkdir()
    assert metrics.sweep_stale(tmp_path) == [tmp_path / str(ended.pid)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [str(os.getpid()), str(os.getppid()), "notes"]
    )
