"""A closed gateway client stays closed: a worker that calls after the app closed the client (a long poll's
next round, a late cancel) gets a ClientError and opens no connection, and nothing of the client is left
for the garbage collector to close with a ResourceWarning (which `filterwarnings = error` would turn into
the failure of whichever test runs then).
"""

from __future__ import annotations

import gc
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.client.transport_support import FakeServer, answer_json, make_certificate
from trader_login.auth.client.device_link import PhoneLink
from trader_login.auth.client.errors import ClientError
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.devices.ibkey import IbKeyApp
from trader_login.auth.gateway.tls import Certificate


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("close"))


def collected_resource_warnings(drop: Any) -> list[str]:
    """Drops the last reference `drop()` holds and runs the cycle collector, as a later test would."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        drop()
        gc.collect()
    return [str(warning.message) for warning in caught if warning.category is ResourceWarning]


def test_a_closed_client_refuses_calls_without_connecting(certificate: Certificate) -> None:
    with FakeServer(answer_json(200, {"status": "ok"}), certificate) as server:
        client = GatewayClient(server.url, fingerprint=certificate.fingerprint)
        assert client.health() == {"status": "ok"}
        client.close()
        with pytest.raises(ClientError) as raised:
            client.health()
        assert raised.value.message == "This connection to the gateway is closed."
        assert server.connections == 1
        assert collected_resource_warnings(lambda: None) == []


def test_the_phone_link_closes_the_same_way(certificate: Certificate) -> None:
    with FakeServer(answer_json(200, {"pushes": []}), certificate) as server:
        link = PhoneLink(server.url, fingerprint=certificate.fingerprint)
        phone = IbKeyApp.create("IBK-0123456789abcdef")
        assert link.pending_pushes(phone) == []
        link.close()
        with pytest.raises(ClientError):
            link.pending_pushes(phone)
        assert server.connections == 1


def test_a_client_never_used_needs_no_close(tmp_path: Path) -> None:
    certificate = make_certificate(tmp_path)
    client = GatewayClient("https://127.0.0.1:1", fingerprint=certificate.fingerprint)
    assert collected_resource_warnings(lambda: client.__dict__.clear()) == []
