"""The gateway's rate limit on login requests per address (fixed windows), at the service level."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import START, Sls, Storage, gateway_config, new_srp_client
from trader_login.app.harness import HarnessClock
from trader_login.auth.gateway.rate_limit import RateLimit

ADDRESS = "192.0.2.10"
OTHER = "192.0.2.20"


@pytest.fixture
def limited(storage: Storage) -> Sls:
    gateway = storage.gateway(
        config=gateway_config(rate_limit=RateLimit(requests=5, window=60)), clock=HarnessClock(START)
    )
    yield Sls(gateway)
    gateway.close()


def _start(sls: Sls, address: str) -> dict:
    return sls.service.start_login("dscuser", "live", new_srp_client("dscuser").public, address)


def test_rate_limit_refuses_the_sixth_start_from_one_address(limited: Sls):
    for _ in range(5):
        assert _start(limited, ADDRESS)["login_token"]
    limited.clock.advance(15)
    error = limited.refused("RATE_LIMITED", _start, limited, ADDRESS)
    assert error.status == 429
    assert error.details["retry_after"] == 45
    assert "45 seconds" in error.message.english


def test_rate_limit_leaves_other_addresses_alone(limited: Sls):
    for _ in range(5):
        _start(limited, ADDRESS)
    limited.refused("RATE_LIMITED", _start, limited, ADDRESS)
    assert _start(limited, OTHER)["login_token"]


def test_rate_limit_lifts_after_the_window(limited: Sls):
    for _ in range(5):
        _start(limited, ADDRESS)
    limited.clock.advance(59)
    assert limited.refused("RATE_LIMITED", _start, limited, ADDRESS).details["retry_after"] == 1
    limited.clock.advance(1)
    for _ in range(5):
        assert _start(limited, ADDRESS)["login_token"]
    limited.refused("RATE_LIMITED", _start, limited, ADDRESS)


def test_rate_limit_refusals_are_not_lockout_failures(limited: Sls):
    for _ in range(5):
        _start(limited, ADDRESS)
    for _ in range(10):
        limited.refused("RATE_LIMITED", _start, limited, ADDRESS)
    assert limited.failures("dscuser") == 0
    assert limited.locked_until("dscuser") is None
