"""SPEC §7 over HTTPS: two `sls-gateway serve` processes on one data directory and one database (SQLite's
file, or a PostgreSQL database) behave as one gateway. Failures through either add up to one R3 lock; a
login started on one is finished on the other; a session opened through one is seen, and taken over,
through the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.conftest import Storage, dsc_response
from tests.gateway.http_support import PASSWORD, b64, b64d, error_of, password, respond
from tests.gateway.process_support import (
    Endpoint,
    Processes,
    desk_status,
    listening,
    wrong_password,
)
from trader_login.auth import srp, texts
from trader_login.auth.devices import files
from trader_login.auth.gateway.tls import fingerprint_sha256
from trader_login.auth.kdf import TEST_LIMITS, KdfParams


@pytest.fixture
def storage(live_storage: Storage) -> Storage:
    return live_storage


@pytest.fixture
def data_dir(storage: Storage) -> Path:
    return storage.data_dir


@pytest.fixture
def two(storage: Storage, data_dir: Path) -> Iterator[tuple[Endpoint, Endpoint]]:
    """Gateways A and B: two `serve` children on `data_dir`, started together (they race to make the
    certificate), each with its own port and a session pinned to the shared cert.pem. The directory is
    seeded already (cheap KDF), so A's `--demo` changes nothing."""
    processes = Processes()
    endpoints: list[Endpoint] = []
    try:
        served = [processes.serve(storage, "--demo"), processes.serve(storage)]
        first, second = (listening(s) for s in served)
        assert first.port != second.port
        # One certificate for the directory, whichever process made it.
        assert (
            first.fingerprint
            == second.fingerprint
            == fingerprint_sha256((data_dir / "cert.pem").read_bytes())
        )
        endpoints = [first.endpoint(), second.endpoint()]
        yield endpoints[0], endpoints[1]
    finally:
        for endpoint in endpoints:
            endpoint.close()
        processes.close()


def dsc_answer(data_dir: Path, reply: Any) -> str:
    """The DSC+ emulator's answer (demo device file) to the challenge in a 200 or a LOGIN_FAILED reply."""
    body = reply.json()
    step = body["error"]["next"] if "error" in body else body
    assert step["challenge"]["kind"] == "dscplus", body
    return dsc_response(
        files.load(data_dir / "devices" / "dscuser-dscplus.json"), step["challenge"]["challenge"]
    )


def test_failures_through_two_processes_add_up_to_one_lock(storage: Storage, two: tuple[Endpoint, Endpoint]):
    a, b = two
    # Nine wrong passwords, alternating A, B, A, ...: each counted once, none locks.
    codes = [error_of(wrong_password((a, b)[i % 2], "carduser"))["code"] for i in range(9)]
    assert codes == ["INVALID_CREDENTIALS"] * 9
    assert desk_status(storage, "carduser")["failures"] == 9
    # The tenth, through B, locks; A then refuses even the right password, and counts that attempt too (R3).
    tenth = wrong_password(b, "carduser")
    assert tenth.status_code == 423
    assert error_of(tenth)["code"] == "LOCKED"
    _, refused = password(a, "carduser", PASSWORD)
    assert refused.status_code == 423
    assert error_of(refused)["code"] == "LOCKED"
    assert error_of(refused)["locked_until"] >= error_of(tenth)["locked_until"]
    status = desk_status(storage, "carduser")
    assert status["failures"] == 11
    assert status["locked_until"] == error_of(refused)["locked_until"]


def test_a_login_started_on_one_process_finishes_on_the_other(
    storage: Storage, data_dir: Path, two: tuple[Endpoint, Endpoint]
):
    a, b = two
    # Start (SRP A, B) on A; the proof on B: B checks M1 against the server secret A stored.
    client = srp.SrpClient("dscuser", limits=TEST_LIMITS)
    started = a.post(
        "/v1/login/start", {"username": "dscuser", "mode": "live", "client_public": b64(client.public)}
    )
    assert started.status_code == 200, started.text
    body = started.json()
    token = body["login_token"]
    proof = client.respond(
        PASSWORD, b64d(body["salt"]), KdfParams.from_dict(body["kdf"]), b64d(body["server_public"])
    )
    proved = b.post("/v1/login/proof", {"client_proof": b64(proof)}, token=token)
    assert proved.status_code == 200, proved.text
    client.verify_server(b64d(proved.json()["server_proof"]))  # M2 from B: it knows the verifier
    # The token works on both: a wrong DSC+ answer on A is counted there and draws a fresh challenge ...
    wrong = respond(a, token, "00000000")
    assert error_of(wrong)["code"] == "LOGIN_FAILED"
    assert desk_status(storage, "dscuser")["failures"] == 1
    # ... which B checks: the right answer there opens the session, and the success resets the count.
    answer = dsc_answer(data_dir, wrong)
    opened = respond(b, token, answer)
    assert opened.status_code == 200, opened.text
    assert opened.json()["step"] == "session"
    assert desk_status(storage, "dscuser")["failures"] == 0
    # The challenge was used once, for both processes.
    for endpoint in (a, b):
        assert error_of(respond(endpoint, token, answer))["code"] == "EXPIRED"
    session_token = opened.json()["session_token"]
    for endpoint in (a, b):
        seen = endpoint.get("/v1/session", token=session_token)
        assert seen.status_code == 200, seen.text
        assert seen.json()["status"] == "active"


def test_a_session_opened_on_one_process_is_taken_over_through_the_other(
    storage: Storage, data_dir: Path, two: tuple[Endpoint, Endpoint]
):
    a, b = two
    token, proved = password(a, "dscuser")
    assert proved.status_code == 200, proved.text
    first = respond(a, token, dsc_answer(data_dir, proved))
    assert first.status_code == 200, first.text
    first_token = first.json()["session_token"]
    seen = b.get("/v1/session", token=first_token)
    assert seen.status_code == 200, seen.text
    assert seen.json()["status"] == "active"
    assert seen.json()["username"] == "dscuser"

    # A second login through B finds the session A opened (R16) and takes it over.
    token, proved = password(b, "dscuser")
    assert proved.status_code == 200, proved.text
    asked = respond(b, token, dsc_answer(data_dir, proved))
    assert asked.status_code == 200, asked.text
    assert asked.json()["step"] == "existing_session"
    taken = b.post("/v1/login/existing-session", {"takeover": True}, token=token)
    assert taken.status_code == 200, taken.text
    assert taken.json()["step"] == "session"
    second_token = taken.json()["session_token"]

    for endpoint in (a, b):
        old = endpoint.get("/v1/session", token=first_token)
        assert old.status_code == 200, old.text
        assert old.json()["status"] == "taken_over"
        assert old.json()["message"] == texts.TAKEN_OVER.render()
        new = endpoint.get("/v1/session", token=second_token)
        assert new.json()["status"] == "active"
    assert desk_status(storage, "dscuser")["sessions"] == 1
