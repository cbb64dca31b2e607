"""The phone's link against a real gateway on loopback: pinned like the desktop client, each request signed
with the device key, refusals and transport failures as the client's typed errors (R5)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.client.transport_support import FakeServer, answer_json, make_certificate
from tests.gateway.http_support import Client, log_in_to_second_factor, running_gateway, seed_template
from trader_login.auth.client.device_link import PhoneLink, PushAnswer
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
    assert len(push.numbers) == 3  # number matching is on by default
    number = gateway.push_number(push.transaction_id)
    assert number in push.numbers
    assert link.decide(phone, push, "approve", number=number) == "approved"
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
        link.decide(phone, push, "approve", number=push.numbers[0])
    assert refused.value.code == "EXPIRED"


def test_a_wrong_number_is_a_denial_and_the_login_hears_why(
    gateway: Client, link: PhoneLink, phone: IbKeyApp
) -> None:
    login = log_in_to_second_factor(gateway, "ibkeyuser")
    (push,) = link.pending_pushes(phone)
    right = gateway.push_number(push.transaction_id)
    wrong = next(number for number in push.numbers if number != right)
    assert link.answer(phone, push, "approve", number=wrong) == PushAnswer("denied", "wrong_number")
    refused = gateway.get("/v1/login/push?wait=0", token=login.token)
    assert refused.status_code == 401
    assert refused.json()["error"]["message_id"] == "push_wrong_number"


def test_this_wasnt_me_is_a_reported_denial(gateway: Client, link: PhoneLink, phone: IbKeyApp) -> None:
    login = log_in_to_second_factor(gateway, "ibkeyuser")
    (push,) = link.pending_pushes(phone)
    assert link.answer(phone, push, "report") == PushAnswer("denied", "reported")
    refused = gateway.get("/v1/login/push?wait=0", token=login.token)
    assert refused.json()["error"]["message_id"] == "push_reported"
    assert "next" not in refused.json()["error"]  # the report ends the login (review S11)
    assert link.pending_pushes(phone) == []


def test_an_approval_without_the_picked_number_is_not_sent(
    gateway: Client, link: PhoneLink, phone: IbKeyApp
) -> None:
    log_in_to_second_factor(gateway, "ibkeyuser")
    (push,) = link.pending_pushes(phone)
    with pytest.raises(ValueError, match="pick the number"):
        link.decide(phone, push, "approve")
    with pytest.raises(ValueError, match="decision"):
        link.decide(phone, push, "maybe")
    assert link.pending_pushes(phone) == [push]  # still waiting: nothing was sent


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
        link.decide(impostor, push, "approve", number=gateway.push_number(push.transaction_id))
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


@pytest.mark.parametrize(
    "numbers",
    ["17 42 88", [17, 42], [17, 42, 42], [17, 42, 100], [17, 42, True], [17, 42, 88.0], [9, 42, 88]],
)
def test_a_notification_whose_numbers_are_not_three_two_digit_numbers_is_a_protocol_error(
    numbers: object, phone: IbKeyApp, tmp_path: Path
) -> None:
    push = PushRequest.new("TX-1", "ibkeyuser")
    item = {
        "transaction_id": push.transaction_id,
        "username": push.username,
        "nonce": base64.b64encode(push.nonce).decode(),
        "created_at": push.created_at,
        "summary": "Trader Login from 127.0.0.1",
        "numbers": numbers,
    }
    certificate = make_certificate(tmp_path)
    with (
        FakeServer(answer_json(200, {"pushes": [item]}), certificate) as server,
        PhoneLink(server.url, fingerprint=certificate.fingerprint) as link,
        pytest.raises(ProtocolError),
    ):
        link.pending_pushes(phone)


def test_the_repr_holds_no_secret(link: PhoneLink, gateway: Client) -> None:
    assert repr(link) == f"PhoneLink(url={gateway.url!r}, pinning='fingerprint')"
