"""Issue 14: `sls-gateway serve --workers N`, N processes serving one socket as one gateway, on SQLite and on
PostgreSQL. A login begun on one worker is finished on another; SIGTERM and SIGINT stop every worker; a
worker that dies is reported and the whole stops, never silently restarted.

The children run `tests.gateway.worker_pid`: `sls-gateway` whose replies name the answering process in an
`X-Worker-Pid` header (the tests' own middleware). Each `Endpoint` is one requests session, which keeps
its one connection to whichever worker accepted it; new endpoints are opened until another worker answers.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Iterator

import pytest

from tests.gateway.conftest import Storage, dsc_response
from tests.gateway.http_support import error_of, password, respond
from tests.gateway.process_support import Endpoint, Listening, listening
from tests.gateway.test_cli import Child
from tests.gateway.worker_pid import HEADER
from trader_login.auth.devices import files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="--workers forks: POSIX only")
# How many fresh connections may go to workers already seen before the test gives up: a safety net, the
# kernel spreads new connections over idle workers long before.
ATTEMPTS = 200
STOP_TIMEOUT = 60.0  # a safety net for a loaded runner: the supervisor stops in well under a second


class Supervised(Child):
    """`python -m tests.gateway.worker_pid serve --workers N ...` in a process group of its own (for Ctrl+C's
    SIGINT to all of it), read as `process_support.listening` reads a `Served`."""

    def __init__(self, storage: Storage, workers: int) -> None:
        super().__init__(
            storage.data_dir,
            "tests.gateway.worker_pid",
            "serve",
            "--workers",
            str(workers),
            *storage.serve_args(),
            env=storage.environment(),
            new_session=True,
        )


@pytest.fixture
def supervised(live_storage: Storage) -> Iterator[tuple[Supervised, Listening]]:
    served = Supervised(live_storage, 2)
    try:
        yield served, listening(served)
    finally:
        served.close()


class Workers:
    """Endpoints on the workers, by pid: `on_another(pid)` opens connections until a worker other than
    `pid` answers one."""

    def __init__(self, where: Listening) -> None:
        self.where = where
        self.opened: list[Endpoint] = []

    def answering(self) -> tuple[Endpoint, int]:
        endpoint = self.where.endpoint()
        self.opened.append(endpoint)
        probe = endpoint.get("/v1/session")  # no token: a quick 401, from the worker holding the connection
        assert probe.status_code == 401, probe.text
        return endpoint, int(probe.headers[HEADER])

    def on_another(self, pid: int) -> tuple[Endpoint, int]:
        for _ in range(ATTEMPTS):
            endpoint, answered = self.answering()
            if answered != pid:
                return endpoint, answered
            endpoint.close()
        raise AssertionError(f"only worker {pid} answered {ATTEMPTS} new connections")

    def pids(self, count: int) -> set[int]:
        seen: set[int] = set()
        for _ in range(ATTEMPTS):
            endpoint, answered = self.answering()
            endpoint.close()
            seen.add(answered)
            if len(seen) == count:
                return seen
        raise AssertionError(f"only workers {seen} answered {ATTEMPTS} new connections")

    def close(self) -> None:
        for endpoint in self.opened:
            endpoint.close()


@pytest.fixture
def workers(supervised: tuple[Supervised, Listening]) -> Iterator[Workers]:
    found = Workers(supervised[1])
    yield found
    found.close()


def gone(pid: int) -> bool:
    """Whether `pid` has exited (a zombie counts: it no longer serves), waiting for it up to the safety
    net: a process's files (our pipe) close a moment before it is a zombie. A pidfd reports the exit
    itself; where there is none (not Linux), /proc or kill(0) answer at once."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    except (AttributeError, OSError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    try:
        return bool(select.select([pidfd], [], [], STOP_TIMEOUT)[0])
    finally:
        os.close(pidfd)


def test_a_login_begun_on_one_worker_is_finished_on_another(
    live_storage: Storage, supervised: tuple[Supervised, Listening], workers: Workers
) -> None:
    here, first = workers.answering()
    token, proved = password(here, "dscuser")
    assert proved.status_code == 200, proved.text
    assert int(proved.headers[HEADER]) == first
    there, second = workers.on_another(first)
    challenge = proved.json()["challenge"]["challenge"]
    device = files.load(live_storage.data_dir / "devices" / "dscuser-dscplus.json")
    opened = respond(there, token, dsc_response(device, challenge))
    assert opened.status_code == 200, opened.text
    assert int(opened.headers[HEADER]) == second != first
    assert opened.json()["step"] == "session"
    # The challenge was used once, for every worker.
    assert error_of(respond(here, token, dsc_response(device, challenge)))["code"] == "EXPIRED"
    seen = here.get("/v1/session", token=opened.json()["session_token"])
    assert seen.status_code == 200, seen.text
    assert int(seen.headers[HEADER]) == first


@pytest.mark.parametrize(
    ("stop", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)],
    ids=["SIGTERM", "SIGINT", "Ctrl+C"],
)
def test_a_stop_signal_stops_every_worker(
    supervised: tuple[Supervised, Listening], workers: Workers, stop: signal.Signals, group: bool
) -> None:
    """SIGTERM or SIGINT to the supervisor; Ctrl+C in a terminal sends SIGINT to the whole process group,
    so each worker gets SIGINT and then the supervisor's SIGTERM (which once deadlocked a worker whose
    handler called Event.set)."""
    served, _ = supervised
    pids = workers.pids(2)
    workers.close()
    if group:
        os.killpg(served.process.pid, stop)
    else:
        served.process.send_signal(stop)
    assert served.process.wait(timeout=STOP_TIMEOUT) == 0, served.stderr.read_text()
    assert [pid for pid in pids if not gone(pid)] == []
    assert "unexpectedly" not in served.stderr.read_text()


def test_a_worker_that_dies_stops_the_whole_and_says_so(
    supervised: tuple[Supervised, Listening], workers: Workers
) -> None:
    served, _ = supervised
    dead, survivor = sorted(workers.pids(2))
    workers.close()
    os.kill(dead, signal.SIGKILL)
    assert served.process.wait(timeout=STOP_TIMEOUT) == 1
    assert f"worker {dead} exited unexpectedly" in served.stderr.read_text()
    assert gone(survivor)  # stopped, not left serving alone, and nothing was restarted


def test_no_worker_outlives_a_killed_supervisor(
    supervised: tuple[Supervised, Listening], workers: Workers
) -> None:
    served, _ = supervised
    pids = workers.pids(2)
    workers.close()
    served.process.kill()
    served.process.wait(timeout=STOP_TIMEOUT)
    # The workers hold the pipe to our reader: it ends once the last of them has exited.
    served.reader.join(STOP_TIMEOUT)
    assert not served.reader.is_alive()
    assert [pid for pid in pids if not gone(pid)] == []
