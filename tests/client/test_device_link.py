"""The phone's link against a real gateway on loopback: pinned like the desktop client, each request signed
with the device key, refusals and transport failures as the client's typed errors (R5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gateway.http_support import Client, log_in_to_second_factor, running_gateway, seed_template
from trader_login.auth.client.device_link import PhoneLink
from trader_login.auth.client.errors import (
    CertificateMismatch,
    GatewayRefusal,
    GatewayUnreachable,
    ProtocolError,
)
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("device-link") / "seeded")


@pytest.fixture
def gateway(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


@pytest.fixture
def link(gateway: Client) -> Iterator[PhoneLink]:
    with PhoneLink(gateway.url, fingerprint=gateway.server.fingerprint) as phone_link:
        yield phone_link


@pytest.fixture
def phone(gateway: Client) -> IbKeyApp:
    return gateway.device("ibkeyuser", "ibkey")


def test_no_login_no_notification(link: PhoneLink, phone: IbKeyApp) -> None:
    assert link.pending_pushes(phone) == []


def test_r5_a_login_shows_on_the_phone_and_its_approval_finishes_the_login(
    gateway: Client, link: PhoneLink, phone: IbKeyApp
) -> None:
    login = log_in_to_second_factor(gateway, "ibkeyuser")
    (push,) = link.pending_pushes(phone)
    assert isinstance(push, PushRequest)
    assert push.username == "ibkeyuser"
    assert push.summary
    assert link.decide(phone, push, "approve") == "approved"
    assert gateway.get("/v1/login/push?wait=0", token=login.token).json()["step"] == "session"
    assert link.pending_pushes(phone) == []


def test_r5_a_denied_notification_is_gone_and_cannot_be_answered_again(
    gateway: Client, link: PhoneLink, phone: IbKeyApp
) -> None:
    log_in_to_second_factor(gateway, "ibkeyuser")
    (push,) = link.pending_pushes(phone)
    assert link.decide(phone, push, "deny") == "denied"
    assert link.pending_pushes(phone) == []
    with pytest.raises(GatewayRefusal) as refused:
        link.decide(phone, push, "approve")
    assert refused.value.code == "EXPIRED"


def test_a_phone_the_gateway_does_not_know_is_refused(link: PhoneLink) -> None:
    with pytest.raises(GatewayRefusal) as refused:
        link.pending_pushes(IbKeyApp.create())
    assert refused.value.code == "BAD_SIGNATURE"


def test_another_phone_cannot_answer_this_phones_notification(
    gateway: Client, link: PhoneLink, phone: IbKeyApp
) -> None:
    log_in_to_second_factor(gateway, "ibkeyuser")
    (push,) = link.pending_pushes(phone)
    impostor = IbKeyApp.from_dict({**IbKeyApp.create().to_dict(), "device_id": phone.device_id})
    with pytest.raises(GatewayRefusal) as refused:
        link.decide(impostor, push, "approve")
    assert refused.value.code == "BAD_SIGNATURE"
    assert link.pending_pushes(phone) == [push]


def test_a_ca_file_pins_as_well(gateway: Client, phone: IbKeyApp) -> None:
    with PhoneLink(gateway.url, ca_cert=gateway.server.cert_path) as link:
        assert link.pending_pushes(phone) == []


def test_a_wrong_fingerprint_sends_nothing(gateway: Client, phone: IbKeyApp) -> None:
    with (
        PhoneLink(gateway.url, fingerprint="00" * 32) as link,
        pytest.raises(CertificateMismatch),
    ):
        link.pending_pushes(phone)


def test_a_stopped_gateway_is_unreachable(template: Path, tmp_path: Path, phone: IbKeyApp) -> None:
    with running_gateway(tmp_path / "other", template) as running:
        url, fingerprint = running.url, running.server.fingerprint
    with (
        PhoneLink(url, fingerprint=fingerprint, connect_timeout=2) as link,
        pytest.raises(GatewayUnreachable),
    ):
        link.pending_pushes(phone)


def test_a_transaction_id_that_is_not_a_path_segment_is_not_sent(link: PhoneLink, phone: IbKeyApp) -> None:
    forged = PushRequest.new("../../login", "ibkeyuser")
    with pytest.raises(ProtocolError):
        link.decide(phone, forged, "approve")


def test_the_repr_holds_no_secret(link: PhoneLink, gateway: Client) -> None:
    assert repr(link) == f"PhoneLink(url={gateway.url!r}, pinning='fingerprint')"
