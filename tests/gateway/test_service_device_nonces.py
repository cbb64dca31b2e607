"""SPEC §6: a signed device request is single use. The gateway keeps each accepted nonce until the request's
time stamp has left the 300 s window (plus a grace for hosts' clocks), refuses it again with REPLAYED, and
prunes expired ones as it inserts; two gateways on one database accept a nonce exactly once."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.gateway.conftest import Storage
from trader_login.auth.devices.ibkey import DEVICE_REQUEST_MAX_SKEW, new_device_nonce
from trader_login.auth.gateway.device_endpoints import NONCE_GRACE
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.store import device_nonces

DEVICE = "IBK-0123456789abcdef"
AT = 1_800_000_000
SAFETY_NET = 60.0  # seconds; for a loaded runner, never reached when things work


def stored_nonces(gateway: Gateway) -> int:
    with gateway.store.read() as connection:
        return connection.execute(select(func.count()).select_from(device_nonces)).scalar_one()


def test_a_nonce_is_accepted_once(gateway: Gateway):
    nonce = new_device_nonce()
    gateway.service.use_device_nonce(DEVICE, nonce, AT, AT)
    with pytest.raises(GatewayError) as refused:
        gateway.service.use_device_nonce(DEVICE, nonce, AT, AT + 1)
    assert (refused.value.code, refused.value.status) == ("REPLAYED", 401)
    gateway.service.use_device_nonce("IBK-another", nonce, AT, AT + 1)  # each device's nonces are its own
    gateway.service.use_device_nonce(DEVICE, new_device_nonce(), AT, AT + 1)


def test_a_nonce_is_kept_while_its_request_could_still_be_fresh_then_pruned(gateway: Gateway):
    nonce = new_device_nonce()
    gateway.service.use_device_nonce(DEVICE, nonce, AT, AT)
    last_fresh = AT + DEVICE_REQUEST_MAX_SKEW  # the request's time stamp is still inside the window
    gateway.service.use_device_nonce(DEVICE, new_device_nonce(), last_fresh, last_fresh + NONCE_GRACE)
    with pytest.raises(GatewayError, match="REPLAYED"):
        gateway.service.use_device_nonce(DEVICE, nonce, AT, last_fresh + NONCE_GRACE)
    assert stored_nonces(gateway) == 2
    # Past the window and the grace, the next insert prunes it (a replay would be refused as stale).
    later = last_fresh + NONCE_GRACE + 1
    gateway.service.use_device_nonce(DEVICE, new_device_nonce(), int(later), later)
    assert stored_nonces(gateway) == 2  # the first one gone, the second and the newest kept


def test_one_nonce_sent_at_once_to_two_gateways_on_one_database_is_accepted_once(
    gateway: Gateway, storage: Storage
):
    other = storage.gateway()
    try:
        for _ in range(5):  # a few rounds, each with a new nonce, to give a race its chances
            outcomes = race([gateway, other] * 4, new_device_nonce())
            assert Counter(outcomes) == {"accepted": 1, "REPLAYED": 7}
    finally:
        other.close()


def race(gateways: list[Gateway], nonce: str) -> list[str]:
    barrier = threading.Barrier(len(gateways))
    outcomes: list[str] = []
    lock = threading.Lock()

    def use(gateway: Gateway) -> None:
        try:
            barrier.wait(timeout=SAFETY_NET)
            now = time.time()
            gateway.service.use_device_nonce(DEVICE, nonce, int(now), now)
            outcome = "accepted"
        except GatewayError as error:
            outcome = error.code
        except BaseException as error:  # reported in the assertion
            outcome = repr(error)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=use, args=(gateway,), daemon=True) for gateway in gateways]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SAFETY_NET)
    assert not any(thread.is_alive() for thread in threads), "the requests did not finish"
    return outcomes
