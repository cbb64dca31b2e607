"""The fault machinery of `sls_gateway.faults` (trader_login.app.faults) without a window: endpoint names,
what each fault does to a request, that a held reply holds nothing else up, the phone network's bookkeeping,
and the scope (a closed gateway's faults are gone; the next gateway starts clean). What each fault looks
like to the trader is in tests/ui/test_faults.py."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trader_login.app.testing import SlsGateway
from trader_login.auth.client.errors import GatewayFault, GatewayRefusal, GatewayUnreachable
from trader_login.auth.client.transport import GatewayClient

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
WAIT = 30.0  # a safety net for a loaded runner, never a measurement


@pytest.fixture
def client(sls_gateway: SlsGateway) -> Iterator[GatewayClient]:
    with GatewayClient(sls_gateway.url, fingerprint=sls_gateway.fingerprint, read_timeout=WAIT) as client:
        yield client


def wait_for(condition, what: str) -> None:
    """Polls a state from the test's thread (the gateway runs on its own)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


# --- naming endpoints ---------------------------------------------------------------------------------------


def test_endpoints_are_named_as_the_protocol_document_writes_them(sls_gateway: SlsGateway) -> None:
    documented = set(re.findall(r"^### (?:GET|POST|DELETE) (/v1/[^\s?,]*)", PROTOCOL.read_text(), re.M))
    documented |= {"/v1/session/logout"}  # "### GET /v1/session, POST /v1/session/logout"
    assert documented <= set(sls_gateway.faults.endpoints)
    assert "/v1/devices/{device_id}/pushes" in sls_gateway.faults.endpoints


@pytest.mark.parametrize(
    "endpoint", ["/v1/login/begin", "POST /v1/login/start", "/v1/login/push?wait=25", None]
)
def test_an_unknown_endpoint_is_refused_with_the_list_of_known_ones(
    sls_gateway: SlsGateway, endpoint: str | None
) -> None:
    with pytest.raises(ValueError, match="is not an endpoint of the gateway") as refused:
        sls_gateway.faults.fail(endpoint)  # type: ignore[arg-type]
    assert "/v1/login/start, /v1/login/proof" in str(refused.value)
    assert sls_gateway.faults.armed == ()


@pytest.mark.parametrize(
    ("arm", "message"),
    [
        (lambda f: f.fail("/v1/health", status=404), "5xx"),
        (lambda f: f.fail("/v1/health", status=True), "5xx"),
        (lambda f: f.fail("/v1/health", times=0), "1 or more"),
        (lambda f: f.drop_connection("/v1/health", times=1.5), "1 or more"),
        (lambda f: f.add_latency(-1), "0 or more"),
        (lambda f: f.add_latency(float("inf")), "0 or more"),
        (lambda f: f.delay_text("30"), "0 or more"),
        (lambda f: f.drop_push(user="nobody"), "no user 'nobody'"),
        (lambda f: f.drop_text(user="nobody"), "no user 'nobody'"),
    ],
)
def test_bad_arguments_are_refused_and_arm_nothing(sls_gateway: SlsGateway, arm, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        arm(sls_gateway.faults)
    assert sls_gateway.faults.armed == ()


# --- requests -----------------------------------------------------------------------------------------------


def test_fail_answers_the_next_n_requests_of_its_endpoint_only(
    sls_gateway: SlsGateway, client: GatewayClient
) -> None:
    fault = sls_gateway.faults.fail("/v1/health", times=2, status=500)
    with pytest.raises(GatewayFault, match=r"HTTP 500"):
        client.health()
    with pytest.raises(GatewayFault):
        client.health()
    assert client.health()["status"] == "ok"
    assert (fault.fired, fault.left) == (2, 0)
    assert sls_gateway.faults.armed == ()  # spent


def test_a_fault_leaves_other_endpoints_alone(sls_gateway: SlsGateway, client: GatewayClient) -> None:
    fault = sls_gateway.faults.fail("/v1/login/start")
    assert client.health()["status"] == "ok"
    assert fault.fired == 0


def test_a_dropped_connection_is_unreachable_to_the_client_and_the_next_request_works(
    sls_gateway: SlsGateway, client: GatewayClient
) -> None:
    client.health()  # a keep-alive connection in the pool: the drop must break that one
    fault = sls_gateway.faults.drop_connection("/v1/health")
    host_port = sls_gateway.url.removeprefix("https://")
    with pytest.raises(GatewayUnreachable, match=re.escape(f"cannot be reached at {host_port}.")):
        client.health()
    assert client.health()["status"] == "ok"
    assert fault.fired == 1


def test_faults_on_one_endpoint_take_turns_in_the_order_armed(
    sls_gateway: SlsGateway, client: GatewayClient
) -> None:
    first = sls_gateway.faults.drop_connection("/v1/health")
    second = sls_gateway.faults.fail("/v1/health", status=502)
    with pytest.raises(GatewayUnreachable):
        client.health()
    with pytest.raises(GatewayFault, match="HTTP 502"):
        client.health()
    assert (first.fired, second.fired) == (1, 1)


def test_a_held_reply_holds_up_no_other_request(sls_gateway: SlsGateway, client: GatewayClient) -> None:
    held = sls_gateway.faults.hold("/v1/health")
    replies: list[dict] = []
    waiting = threading.Thread(target=lambda: replies.append(client.health()))
    waiting.start()
    try:
        wait_for(lambda: held.waiting == 1, "the health reply held")
        # The gateway's event loop is free: another endpoint answers at once, the held one still waits.
        with (
            GatewayClient(sls_gateway.url, fingerprint=sls_gateway.fingerprint) as other,
            pytest.raises(GatewayRefusal),
        ):
            other.session_status("not-a-token-but-long-enough")
        assert replies == []
        assert held.waiting == 1
    finally:
        held.release()
        waiting.join(WAIT)
    assert replies == [{"status": "ok", "name": "Trader Login gateway"}]
    assert held.delayed == 1
    assert client.health()["status"] == "ok"  # released: later replies are not held
    assert held.delayed == 1


def test_latency_of_every_endpoint_delays_each_reply_and_still_answers(
    sls_gateway: SlsGateway, client: GatewayClient
) -> None:
    latency = sls_gateway.faults.add_latency(0.05)
    assert client.health()["status"] == "ok"
    with pytest.raises(GatewayRefusal):
        client.session_status("not-a-token-but-long-enough")
    assert latency.delayed == 2
    latency.release()
    assert sls_gateway.faults.armed == ()


def test_an_injected_failure_is_late_too_when_latency_is_armed(
    sls_gateway: SlsGateway, client: GatewayClient
) -> None:
    latency = sls_gateway.faults.add_latency(0.01, endpoint="/v1/health")
    sls_gateway.faults.fail("/v1/health")
    with pytest.raises(GatewayFault):
        client.health()
    assert latency.delayed == 1


# --- the phone network --------------------------------------------------------------------------------------


def test_a_message_fault_takes_the_next_message_of_its_user_only(sls_gateway: SlsGateway) -> None:
    faults = sls_gateway.faults
    faults.drop_push(user=sls_gateway.user("multiuser"))  # a handle or a name
    faults.sent("push", "t1", "ibkeyuser")
    faults.sent("push", "t2", "multiuser")
    faults.sent("push", "t3", "multiuser")
    assert [faults.delivered("push", key) for key in ("t1", "t2", "t3")] == [True, False, True]
    assert faults.armed == ()


def test_a_late_text_arrives_when_the_gateway_clock_reaches_its_delay(sls_gateway: SlsGateway) -> None:
    faults = sls_gateway.faults
    fault = faults.delay_text(30, times=2)
    faults.sent("text", 1, "smsuser")
    faults.sent("push", "t1", "smsuser")  # a notification is not a text
    sls_gateway.advance(10)
    faults.sent("text", 2, "smsuser")
    assert (faults.delivered("text", 1), faults.delivered("text", 2), faults.delivered("push", "t1")) == (
        False,
        False,
        True,
    )
    sls_gateway.advance(20)
    assert (faults.delivered("text", 1), faults.delivered("text", 2)) == (True, False)
    sls_gateway.advance(10)
    assert faults.delivered("text", 2)
    assert (fault.fired, fault.left) == (2, 0)


def test_a_dropped_text_never_arrives(sls_gateway: SlsGateway) -> None:
    sls_gateway.faults.drop_text()
    sls_gateway.faults.sent("text", 7, "smsuser")
    sls_gateway.advance(10 * 86400)
    assert not sls_gateway.faults.delivered("text", 7)


# --- scope --------------------------------------------------------------------------------------------------


def test_clear_disarms_everything_and_lets_held_replies_go(
    sls_gateway: SlsGateway, client: GatewayClient
) -> None:
    faults = sls_gateway.faults
    held = faults.hold()
    faults.fail("/v1/login/start")
    faults.drop_push()
    replies: list[dict] = []
    waiting = threading.Thread(target=lambda: replies.append(client.health()))
    waiting.start()
    wait_for(lambda: held.waiting == 1, "the health reply held")
    faults.clear()
    waiting.join(WAIT)
    assert [reply["status"] for reply in replies] == ["ok"]
    assert faults.armed == ()


def test_closing_ends_the_faults_and_a_new_gateway_starts_clean(
    trader_login_demo_seed: Path, tmp_path: Path
) -> None:
    first = SlsGateway(tmp_path / "first", template=trader_login_demo_seed)
    client = GatewayClient(first.url, fingerprint=first.fingerprint, read_timeout=WAIT)
    errors: list[BaseException] = []
    try:
        held = first.faults.hold("/v1/health")
        first.faults.drop_text()
        first.faults.sent("text", 1, "smsuser")

        def ask() -> None:
            try:
                client.health()
            except Exception as error:  # the reply or the server's end: either way the wait is over
                errors.append(error)

        waiting = threading.Thread(target=ask)
        waiting.start()
        wait_for(lambda: held.waiting == 1, "the health reply held")
    finally:
        first.close()  # releases the held reply, so the server stops without waiting it out
    waiting.join(WAIT)
    client.close()
    assert not waiting.is_alive()
    assert first.faults.armed == ()
    assert first.faults.delivered("text", 1)
    assert first._gateway.service.phone_network is None
    assert first._gateway.desk.phone_network is None

    second = SlsGateway(tmp_path / "second", template=trader_login_demo_seed)
    try:
        assert second.faults.armed == ()
        assert second.faults is not first.faults
        with GatewayClient(second.url, fingerprint=second.fingerprint) as fresh:
            assert fresh.health()["status"] == "ok"
    finally:
        second.close()


def test_the_gateway_command_line_serves_without_any_fault_machinery() -> None:
    # The hooks are off by default: a server built as `sls-gateway serve` builds it has no middleware,
    # and the gateway's parts no phone network.
    import inspect

    from trader_login.auth.gateway import cli
    from trader_login.auth.gateway.part import GatewayPart

    assert "middleware" not in inspect.getsource(cli)
    assert GatewayPart.phone_network is None
