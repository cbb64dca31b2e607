"""R3 and SPEC §7 under concurrency: many threads on one database (SQLite, PostgreSQL) lose no failure and
lock exactly once; two gateway processes on one data directory and database behave as one gateway."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.gateway.conftest import LOCAL, START, Sls, Storage, dsc_response, gateway_config
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.store import failures

THREADS = 8
ATTEMPTS = 25


def test_r3_lockout_is_exact_under_concurrent_wrong_passwords(sls: Sls):
    barrier = threading.Barrier(THREADS)
    codes: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def attacker() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(ATTEMPTS):
                client, started = sls.start("dscuser")
                proof = sls.proof(client, started, "not-the-password")
                try:
                    sls.service.prove(started["login_token"], proof, LOCAL)
                except GatewayError as error:
                    with lock:
                        codes.append(error.code)
                else:
                    raise AssertionError("a wrong password was accepted")
        except BaseException as error:  # every surprise is reported below
            with lock:
                unexpected.append(error)

    began = time.monotonic()
    threads = [threading.Thread(target=attacker, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60 - (time.monotonic() - began))
    assert not any(thread.is_alive() for thread in threads), "the attackers did not finish within 60 s"
    assert unexpected == []
    assert Counter(codes) == {"INVALID_CREDENTIALS": 9, "LOCKED": THREADS * ATTEMPTS - 9}
    with sls.gateway.store.read() as connection:
        recorded = connection.execute(
            select(func.count()).select_from(failures).where(failures.c.username == "dscuser")
        ).scalar_one()
    assert recorded == THREADS * ATTEMPTS  # no lost update: every attempt left its row
    assert sls.locked_until("dscuser") == START + 86400


def test_r3_lockout_is_exact_under_concurrent_wrong_responses(sls: Sls):
    # Each thread holds its own login at the DSC+ challenge and answers wrongly until refused for good. A
    # response reads its login before it writes, the path where unserialised transactions collide.
    logins = [sls.password("dscuser")[0] for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    codes: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def guesser(token: str) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(20):
                try:
                    sls.service.respond(token, "00000000", LOCAL)
                except GatewayError as error:
                    with lock:
                        codes.append(error.code)
                    if error.code != "LOGIN_FAILED":
                        return
        except BaseException as error:  # every surprise is reported below
            with lock:
                unexpected.append(error)

    threads = [threading.Thread(target=guesser, args=(token,), daemon=True) for token in logins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert unexpected == []
    # Nine wrong answers, then the tenth locks; every other login's next answer is an attempt while locked.
    assert Counter(codes) == {"LOGIN_FAILED": 9, "LOCKED": THREADS}
    assert sls.failures("dscuser") == 9 + THREADS


def _all_at_once(call, times: int = THREADS) -> tuple[list[Any], list[str], list[BaseException]]:
    """Runs `call` in `times` threads released together; returns results, error codes and surprises."""
    barrier = threading.Barrier(times)
    results: list[Any] = []
    codes: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            result = call()
        except GatewayError as error:
            with lock:
                codes.append(error.code)
        except BaseException as error:  # every surprise is reported
            with lock:
                unexpected.append(error)
        else:
            with lock:
                results.append(result)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results, codes, unexpected


def test_replay_of_one_srp_proof_sent_many_times_at_once_opens_one_login(sls: Sls):
    client, started = sls.start("dscuser")
    proof = sls.proof(client, started)
    results, codes, unexpected = _all_at_once(lambda: sls.service.prove(started["login_token"], proof, LOCAL))
    assert unexpected == []
    assert [r["step"] for r in results] == ["second_factor"]
    assert codes == ["EXPIRED"] * (THREADS - 1)


def test_replay_of_one_right_answer_sent_many_times_at_once_opens_one_session(sls: Sls):
    token, out = sls.password("dscuser")
    answer = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    results, codes, unexpected = _all_at_once(lambda: sls.service.respond(token, answer, LOCAL))
    assert unexpected == []
    assert [r["step"] for r in results] == ["session"]
    assert codes == ["EXPIRED"] * (THREADS - 1)
    assert sls.desk.status("dscuser")["sessions"] == 1


def test_replay_of_one_approved_push_polled_many_times_at_once_opens_one_session(sls: Sls):
    token, _ = sls.password("ibkeyuser")
    sls.decide(sls.device("ibkeyuser", "ibkey"), "approve")
    results, codes, unexpected = _all_at_once(lambda: sls.service.push_status(token))
    assert unexpected == []
    assert [r["step"] for r in results] == ["session"]
    assert codes == ["EXPIRED"] * (THREADS - 1)


# -- two processes -------------------------------------------------------------------------------------------


def _gateway_process(pipe: Any, data_dir: str, db_url: str | None, start: float) -> None:
    """The other gateway: its own process, its own Gateway on the same data directory, driven over a pipe.

    Requests are (target, method, args) with target "service", "desk" or "clock"; replies are
    ("ok", value) or ("error", (code, message, status, details)).
    """
    clock = HarnessClock(start)
    gateway = Gateway(Path(data_dir), db_url=db_url, config=gateway_config(), clock=clock)
    try:
        while True:
            request = pipe.recv()
            if request is None:
                return
            target, method, args = request
            try:
                if target == "clock":
                    clock.advance(*args)
                    value = clock()
                elif target == "sls":
                    value = getattr(Sls(gateway), method)(*args)
                else:
                    value = getattr(getattr(gateway, target), method)(*args)
            except GatewayError as error:
                pipe.send(("error", (error.code, error.message, error.status, error.details)))
            else:
                pipe.send(("ok", value))
    finally:
        gateway.close()


class _Remote:
    """Calls on the other process's gateway, as if local; its GatewayErrors are raised here."""

    def __init__(self, pipe: Any, target: str) -> None:
        self._pipe = pipe
        self._target = target

    def __getattr__(self, method: str):
        def call(*args: Any) -> Any:
            self._pipe.send((self._target, method, args))
            if not self._pipe.poll(30):
                raise TimeoutError(f"the other gateway process did not answer {method} within 30 s")
            kind, value = self._pipe.recv()
            if kind == "error":
                raise GatewayError(*value)
            return value

        return call


class _OtherGateway:
    """The attributes `Sls` needs, pointing at the other process."""

    def __init__(self, pipe: Any, local: Gateway) -> None:
        self.service = _Remote(pipe, "service")
        self.desk = _Remote(pipe, "desk")
        self.clock = _Remote(pipe, "clock")
        self.device_dir = local.device_dir  # the same directory: the device files are the same files


@pytest.fixture
def other(gateway: Gateway, storage: Storage):
    """`Sls` driving a second gateway process (spawned) on the test's data directory and database."""
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    process = context.Process(
        target=_gateway_process, args=(there, str(storage.data_dir), storage.db_url, START), daemon=True
    )
    process.start()
    there.close()
    try:
        yield Sls(_OtherGateway(here, gateway)), _Remote(here, "sls")
    finally:
        here.send(None)
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
        here.close()


def test_spec7_two_processes_count_failures_together(sls: Sls, other):
    far, _ = other
    assert sls.fail_password("dscuser", 5) == ["INVALID_CREDENTIALS"] * 5
    assert far.fail_password("dscuser", 4) == ["INVALID_CREDENTIALS"] * 4
    assert far.failures("dscuser") == 9 == sls.failures("dscuser")
    assert sls.fail_password("dscuser", 1) == ["LOCKED"]
    far.refused("LOCKED", far.password, "dscuser")  # the lock holds in the other process too
    assert sls.locked_until("dscuser") == far.locked_until("dscuser")


def test_spec7_two_processes_lock_exactly_once_when_failing_at_the_same_time(sls: Sls, other):
    _, far_driver = other
    result: dict[str, list[str]] = {}
    # The other process fails 12 times while this one fails 12 times.
    worker = threading.Thread(
        target=lambda: result.setdefault("far", far_driver.fail_password("dscuser", 12))
    )
    worker.start()
    near = sls.fail_password("dscuser", 12)
    worker.join(timeout=60)
    assert not worker.is_alive()
    both = Counter(near + result["far"])
    assert both == {"INVALID_CREDENTIALS": 9, "LOCKED": 15}
    assert sls.failures("dscuser") == 24


def test_spec7_a_challenge_issued_by_one_process_is_answered_through_the_other(sls: Sls, other):
    far, _ = other
    token, out = sls.password("dscuser")
    response = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    result = far.service.respond(token, response, LOCAL)
    assert result["step"] == "session"
    # Used once: neither process takes it again.
    sls.refused("EXPIRED", sls.service.respond, token, response, LOCAL)
    far.refused("EXPIRED", far.service.respond, token, response, LOCAL)


def test_spec7_a_session_opened_by_one_process_is_seen_and_taken_over_through_the_other(sls: Sls, other):
    far, _ = other
    first = far.login("dscuser")
    assert sls.service.session_status(first["session_token"])["status"] == "active"
    token, out = sls.password("dscuser")
    response = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    assert sls.service.respond(token, response, LOCAL)["step"] == "existing_session"
    assert sls.service.answer_existing_session(token, True)["step"] == "session"
    assert far.service.session_status(first["session_token"])["status"] == "taken_over"


def test_spec7_an_ibkey_push_sent_by_one_process_is_approved_through_the_other(sls: Sls, other):
    far, _ = other
    token, _ = far.password("ibkeyuser")
    app = sls.device("ibkeyuser", "ibkey")
    sls.decide(app, "approve")
    assert far.service.push_status(token)["step"] == "session"
