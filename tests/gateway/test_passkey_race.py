"""The security key's signature counter across gateways (issue 18 item 1): two gateways on one database (each
its own engine and pool, as two processes have), two logins, and two assertions with the same counter — a
cloned key answering both at once: exactly one is accepted, the other refused as `passkey_counter` (counted,
recorded). The check and the store of the counter run in one write transaction under the store's writer lock,
and the store is a compare-and-set on the sealed secret besides (`Step.replace_device_secret`)."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import update

from tests.gateway.conftest import LOCAL, START, Sls, Storage
from tests.gateway.test_passkey import (
    HandKey,
    counter_of,
    events,
    new_user,
    only_key_id,
    register,
    to_assertion,
)
from trader_login.app.harness import HarnessClock
from trader_login.auth import texts
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
