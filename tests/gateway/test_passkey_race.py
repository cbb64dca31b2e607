"""The security key's signature counter across gateways (issue 18 item 1): two gateways on one database (each
its own engine and pool, as two processes have), two logins, and two assertions with the same counter — a
cloned key answering both at once: exactly one is accepted, the other refused as `passkey_counter` (counted,
recorded). The check and the store of the counter run in one write transaction under the store's writer lock,
and the store is a compare-and-set on the sealed secret besides (`Step.replace_device_secret`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from tests.gateway.conftest import LOCAL, START, Sls, Storage
from tests.gateway.http_support import error_of, password
from tests.gateway.process_support import Listening, Processes, desk_status, listening
from tests.gateway.test_passkey import (
    HandKey,
    counter_of,
    events,
    new_user,
    only_key_id,
    register,
    to_assertion,
)
from tests.gateway.test_passkey_http import ceremony
from trader_login.app.harness import HarnessClock
from trader_login.auth import texts
from trader_login.auth.devices import files
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.kinds import passkey as passkey_part
from trader_login.auth.gateway.store import devices

USER = "pkuser"
WAIT = 60.0  # a safety net for a loaded runner: the threads end long before


def test_two_gateways_accept_one_of_two_assertions_with_the_same_counter(storage: Storage):
    clock = HarnessClock(START)
    first, second = storage.gateway(clock=clock), storage.gateway(clock=clock)
    try:
        a, b = Sls(first), Sls(second)
        new_user(a)
        key = HandKey()
        register(a, key)
        device = only_key_id(a)
        token_a, options_a = to_assertion(a)
        token_b, options_b = to_assertion(b)
        # The clone: both answers carry counter 1.
        answers = [
            (a, token_a, key.assertion(options_a, counter=1)),
            (b, token_b, key.assertion(options_b, counter=1)),
        ]
        start = threading.Barrier(2, timeout=WAIT)
        outcomes: list[Any] = [None, None]

        def run(index: int, sls: Sls, token: str, credential: dict[str, Any]) -> None:
            start.wait()
            try:
                outcomes[index] = sls.service.second_factor.respond_credential(token, credential, None, LOCAL)
            except GatewayError as error:
                outcomes[index] = error

        threads = [threading.Thread(target=run, args=(i, *answer)) for i, answer in enumerate(answers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT)
        assert not any(thread.is_alive() for thread in threads)
        accepted = [o for o in outcomes if isinstance(o, dict)]
        refused = [o for o in outcomes if isinstance(o, GatewayError)]
        assert len(accepted) == 1, outcomes
        assert accepted[0]["step"] in ("session", "existing_session")
        (error,) = refused
        assert (error.code, error.message.id) == ("LOGIN_FAILED", texts.PASSKEY_COUNTER.id)
        assert a.failures(USER) == 1
        (recorded,) = events(a, audit.PASSKEY_COUNTER)
        assert recorded.detail == {"stored": 1, "received": 1}
        assert counter_of(a, device) == counter_of(b, device) == 1
    finally:
        first.close()
        second.close()


def test_the_compare_and_set_refuses_when_the_counter_changed_since_it_was_read(sls: Sls, monkeypatch):
    """Should anything store the key's counter between the check's read and its write (nothing can, under
    the writer lock), the assertion is refused as a counter that did not go up, not accepted twice."""
    new_user(sls)
    key = HandKey()
    register(sls, key)
    device = only_key_id(sls)
    token, options = to_assertion(sls)
    original = passkey_part._registered

    def read_then_changed(connection: Any, user_id: int) -> list[Any]:
        rows = original(connection, user_id)
        vault = sls.gateway.vault
        for row in rows:  # another request stores counter 1 meanwhile
            sealed = vault.seal_json({"counter": 1}, f"device:{row.id}")
            connection.execute(update(devices).where(devices.c.id == row.id).values(sealed=sealed))
        return rows

    monkeypatch.setattr(passkey_part, "_registered", read_then_changed)
    answer = sls.service.second_factor.respond_credential
    failed = sls.refused("LOGIN_FAILED", answer, token, key.assertion(options, counter=1), None, LOCAL)
    assert failed.message.id == texts.PASSKEY_COUNTER.id
    assert counter_of(sls, device) == 1
    assert sls.failures(USER) == 1


# -- two serve processes -----------------------------------------------------------------------------------


@pytest.fixture
def two(live_storage: Storage) -> Iterator[tuple[Listening, Listening]]:
    """Two `sls-gateway serve` children on one seeded data directory and database, on the real clock."""
    processes = Processes()
    try:
        yield listening(processes.serve(live_storage)), listening(processes.serve(live_storage))
    finally:
        processes.close()


def test_two_serve_processes_take_a_cloned_key_s_counter_once(live_storage: Storage, two):
    """The demo user's key file loaded twice is a clone: both copies answer with counter 1. Through one
    process the first opens a session; through the other, the second is refused as passkey_counter."""
    original = files.load(live_storage.data_dir / "devices" / "passkeyuser-passkey.json")
    clone = files.load(live_storage.data_dir / "devices" / "passkeyuser-passkey.json")
    outcomes = []
    for served, key in zip(two, (original, clone), strict=True):
        endpoint = served.endpoint()
        try:
            token, proved = password(endpoint, "passkeyuser")
            assert proved.status_code == 200, proved.text
            options = proved.json()["challenge"]["public_key"]
            credential = ceremony(key, options, f"https://localhost:{served.port}")
            outcomes.append(endpoint.post("/v1/login/passkey", {"credential": credential}, token=token))
        finally:
            endpoint.close()
    assert outcomes[0].status_code == 200, outcomes[0].text
    assert outcomes[0].json()["step"] == "session"
    assert outcomes[1].status_code == 401, outcomes[1].text
    assert error_of(outcomes[1])["message_id"] == texts.PASSKEY_COUNTER.id
    assert desk_status(live_storage, "passkeyuser")["failures"] == 1
