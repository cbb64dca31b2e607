"""The security key through the real stack (issue 18 item 3): `LoginFlow.use_security_key` → fido2's client
→ the virtual key → `POST /v1/login/passkey` over HTTPS → the demo gateway (its relying party). Logins with a
registered key, touched from another thread; an enrolment code, the key's registration, a session, and a
second key; every ceremony that ends without an answer keeps the page, sends nothing and counts nothing; a
cancel mid-ceremony; a gateway whose relying party is not the host it is reached at."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.passkey_support import (
    RecordingPrompt,
    idle,
    in_background,
    touch_when_waiting,
    waiting,
)
from tests.gateway.http_support import Client, running_gateway, seed_template
from trader_login.auth import rules, texts
from trader_login.auth.client import security_keys
from trader_login.auth.client.flow import FlowStateError, LoginFlow
from trader_login.auth.client.security_keys import SecurityKeys
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import LoginView, Stage
from trader_login.auth.devices.passkey import VirtualSecurityKey
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS

USER = "passkeyuser"
TIMEOUT = 60.0  # a safety net for a loaded runner


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("passkey-client") / "seeded")


@pytest.fixture
def gateway(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


class RecordingClient(GatewayClient):
    """The real transport, recording which calls reached the gateway."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[str] = []

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        self.sent.append(path)
        return super().call(method, path, **kwargs)


@pytest.fixture
def transport(gateway: Client) -> Iterator[RecordingClient]:
    with RecordingClient(gateway.url, fingerprint=gateway.server.fingerprint) as client:
        yield client


class Views(list):
    def __call__(self, view: LoginView) -> None:
        self.append(view)


@pytest.fixture
def views() -> Views:
    return Views()


@pytest.fixture
def flow(gateway: Client, transport: RecordingClient, views: Views) -> LoginFlow:
    # The harness clock is the flow's too: the gateway's time and the challenge's deadline move together.
    return LoginFlow(
        transport,
        kdf_limits=TEST_LIMITS,
        on_change=views,
        clock=gateway.clock.monotonic,
        wall_clock=gateway.clock,
    )


def demo_key(gateway: Client) -> VirtualSecurityKey:
    key = gateway.device(USER, "passkey")
    assert isinstance(key, VirtualSecurityKey)
    key.auto_touch = False
    return key


def only(*keys: VirtualSecurityKey) -> SecurityKeys:
    seen: list[str] = []

    def virtual(username: str) -> list[VirtualSecurityKey]:
        seen.append(username)
        return list(keys)

    chosen = SecurityKeys(virtual=virtual, hid=False)
    chosen.asked_for = seen  # type: ignore[attr-defined]
    return chosen


def failures(gateway: Client) -> int:
    return gateway.gateway.desk.status(USER)["failures"]


def to_key_page(flow: LoginFlow, device_id: str | None = None) -> LoginView:
    view = flow.log_in(USER, DEMO_PASSWORD)
    if device_id is not None and (view.device is None or view.device.id != device_id):
        view = flow.choose_device(device_id)  # a pending enrolment beside the registered keys
    assert view.stage is Stage.SECOND_FACTOR, view
    return view


def use_key(
    flow: LoginFlow, keys: SecurityKeys, touch: VirtualSecurityKey | None, **kwargs: Any
) -> LoginView:
    """`use_security_key` on a worker; `touch` is touched once it waits (the trader, on another thread)."""
    cancel = kwargs.pop("cancel", None) or threading.Event()
    with in_background(cancel) as run:
        result = run(flow.use_security_key, keys, cancel=cancel, **kwargs)
        if touch is not None:
            touch_when_waiting(touch)
        return result.result(timeout=TIMEOUT)


# -- logging in ---------------------------------------------------------------------------------------------


def test_a_registered_key_touched_logs_in(gateway: Client, flow: LoginFlow, views: Views) -> None:
    key = demo_key(gateway)
    page = to_key_page(flow)
    assert page.challenge is not None
    assert page.challenge.kind == "passkey"
    assert page.challenge.uses_security_key
    keys = only(key)
    views.clear()
    done = use_key(flow, keys, key)
    assert done.stage is Stage.DONE, done
    assert done.session is not None
    assert done.session.device_kind == "passkey"
    assert (done.session.withdrawal_per_day, done.session.withdrawal_per_5_business_days) == (None, None)
    assert keys.asked_for == [USER]  # type: ignore[attr-defined]
    busy = [(v.stage, v.problem) for v in views[:2]]
    assert busy == [
        (Stage.WORKING, texts.message(texts.WAITING_FOR_KEY)),
        (Stage.WORKING, texts.message(texts.CHECKING_RESPONSE)),
    ]
    assert views[-1] is done
    assert failures(gateway) == 0


def test_a_typed_answer_is_refused_on_a_key_page_and_the_key_on_a_typed_page(
    gateway: Client, flow: LoginFlow
) -> None:
    code = gateway.gateway.desk.add_device(USER, "passkey")
    view = flow.log_in(USER, DEMO_PASSWORD)
    assert view.stage is Stage.CHOOSE_DEVICE
    keys_option = next(d.id for d in view.devices if d.id != code.device_id)
    assert flow.choose_device(keys_option).challenge.kind == "passkey"  # type: ignore[union-attr]
    with pytest.raises(FlowStateError, match="use_security_key"):
        flow.respond("123456")
    page = flow.choose_device(code.device_id)
    assert page.challenge is not None
    assert page.challenge.kind == "passkey_enrolment"
    with pytest.raises(FlowStateError, match="passkey_enrolment"):
        flow.use_security_key(only(), cancel=threading.Event())


# -- a ceremony without an answer: the same page, nothing sent, nothing counted -----------------------------


def ended_on_the_same_page(
    page: LoginView, ended: LoginView, code: str, transport: RecordingClient, gateway: Client
) -> None:
    assert (ended.stage, ended.error_code) == (Stage.SECOND_FACTOR, code)
    assert ended.challenge is page.challenge  # the same challenge stands
    assert ended.new_challenge is False
    assert "/v1/login/passkey" not in transport.sent  # nothing sent
    assert failures(gateway) == 0  # nothing counted


def test_no_key_is_told_and_nothing_is_sent(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    page = to_key_page(flow)
    ended = flow.use_security_key(only(), cancel=threading.Event())
    ended_on_the_same_page(page, ended, security_keys.NONE, transport, gateway)
    assert ended.problem == texts.message(texts.SECURITY_KEY_NONE)


def test_a_key_not_touched_before_the_challenge_expires_is_told(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    key = demo_key(gateway)
    page = to_key_page(flow)
    cancel = threading.Event()
    with in_background(cancel) as run:
        result = run(flow.use_security_key, only(key), cancel=cancel)
        waiting(key)
        gateway.clock.advance(180)  # the challenge's life passes, the key untouched
        ended = result.result(timeout=TIMEOUT)
    ended_on_the_same_page(page, ended, security_keys.TIMEOUT, transport, gateway)
    assert ended.problem == texts.message(texts.SECURITY_KEY_TIMEOUT)
    idle(key)


def test_a_key_that_times_out_by_itself_is_told(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    key = demo_key(gateway)
    key.presence_timeout = 0.01  # the key's own wait for a touch (a device behaviour)
    page = to_key_page(flow)
    ended = flow.use_security_key(only(key), cancel=threading.Event())
    ended_on_the_same_page(page, ended, security_keys.TIMEOUT, transport, gateway)


def test_a_key_not_registered_is_told(gateway: Client, flow: LoginFlow, transport: RecordingClient) -> None:
    stranger = VirtualSecurityKey.create()
    page = to_key_page(flow)
    ended = use_key(flow, only(stranger), stranger)
    ended_on_the_same_page(page, ended, security_keys.NOT_REGISTERED, transport, gateway)
    assert ended.problem == texts.message(texts.SECURITY_KEY_NOT_REGISTERED)
    # The page stands: the right key still answers the same challenge.
    key = demo_key(gateway)
    assert use_key(flow, only(key), key).stage is Stage.DONE


def test_cancel_mid_ceremony_ends_the_login_and_counts_nothing(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    key = demo_key(gateway)
    key.presence_timeout = 600  # longer than the test: only the cancel ends the key's wait
    to_key_page(flow)
    cancel = threading.Event()
    with in_background(cancel) as run:
        result = run(flow.use_security_key, only(key), cancel=cancel)
        waiting(key)
        cancelled = flow.cancel()  # the window's Cancel, on another thread
        assert cancelled.stage is Stage.CANCELLED
        assert cancel.is_set()  # the flow's cancel sets the ceremony's event
        late = result.result(timeout=TIMEOUT)  # the worker returns: the key was cancelled
    assert late.stage is Stage.CANCELLED
    assert flow.view.stage is Stage.CANCELLED
    idle(key)
    assert "/v1/login/passkey" not in transport.sent
    assert failures(gateway) == 0


def test_the_callers_cancel_alone_ends_only_the_ceremony(gateway: Client, flow: LoginFlow) -> None:
    key = demo_key(gateway)
    page = to_key_page(flow)
    cancel = threading.Event()
    with in_background(cancel) as run:
        result = run(flow.use_security_key, only(key), cancel=cancel)
        waiting(key)
        cancel.set()
        ended = result.result(timeout=TIMEOUT)
    assert (ended.stage, ended.error_code, ended.problem) == (
        Stage.SECOND_FACTOR,
        security_keys.CANCELLED,
        None,
    )
    assert ended.challenge is page.challenge
    assert use_key(flow, only(key), key).stage is Stage.DONE  # "Try again"


def test_a_gateway_whose_relying_party_is_another_host_gets_nothing_signed(
    template: Path, tmp_path: Path
) -> None:
    # The gateway asks for passkeys of broker.example while it is reached at 127.0.0.1 (localhost): a
    # look-alike. The client refuses before any key is asked.
    with (
        running_gateway(tmp_path / "gateway", template, passkey_rp_id="broker.example") as gateway,
        RecordingClient(gateway.url, fingerprint=gateway.server.fingerprint) as transport,
    ):
        flow = LoginFlow(transport, kdf_limits=TEST_LIMITS)
        key = demo_key(gateway)
        touched: list[bool] = []
        key.add_listener(lambda: touched.append(key.waiting_for_touch))
        page = to_key_page(flow)
        assert page.challenge is not None
        assert page.challenge.extra["rp_id"] == "broker.example"
        ended = flow.use_security_key(only(key), cancel=threading.Event())
        ended_on_the_same_page(page, ended, security_keys.RP_MISMATCH, transport, gateway)
        assert ended.problem == texts.message(texts.SECURITY_KEY_RP_MISMATCH, rp_id="broker.example")
        assert touched == []


def test_an_expired_challenge_is_renewed_before_the_key_is_asked(gateway: Client, flow: LoginFlow) -> None:
    key = demo_key(gateway)
    page = to_key_page(flow)
    gateway.clock.advance(181)
    done = use_key(flow, only(key), key)
    assert done.stage is Stage.DONE
    assert page.challenge is not None
    assert "/v1/login/device" in flow._transport.sent  # type: ignore[attr-defined]  # chosen again


def test_an_answer_the_gateway_refuses_is_counted_and_a_fresh_challenge_shown(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    key = demo_key(gateway)
    page = to_key_page(flow)
    send = transport.respond_credential

    def spoiled(token: str, credential: Any, label: Any = None) -> dict[str, Any]:
        response = dict(credential["response"], signature=credential["response"]["signature"][::-1])
        return send(token, dict(credential, response=response), label)

    transport.respond_credential = spoiled  # type: ignore[method-assign]
    refused = use_key(flow, only(key), key)
    assert (refused.stage, refused.error_code, refused.problem) == (
        Stage.SECOND_FACTOR,
        "LOGIN_FAILED",
        texts.message(texts.WRONG_RESPONSE_PASSKEY),
    )
    assert refused.new_challenge is True
    assert refused.challenge is not None
    assert page.challenge is not None
    assert not refused.challenge.same_as(page.challenge)
    assert failures(gateway) == 1  # an assertion the gateway refused: R3 counts it
    del transport.respond_credential
    assert use_key(flow, only(key), key).stage is Stage.DONE


def test_a_registration_the_gateway_refuses_keeps_the_page(template: Path, tmp_path: Path) -> None:
    def no_key_is_good_enough(attestation: Any, client_data_hash: bytes) -> None:
        raise ValueError("this desk takes attested keys only")

    with (
        running_gateway(tmp_path / "gateway", template, passkey_attestation=no_key_is_good_enough) as gateway,
        RecordingClient(gateway.url, fingerprint=gateway.server.fingerprint) as transport,
    ):
        flow = LoginFlow(transport, kdf_limits=TEST_LIMITS)
        code = gateway.gateway.desk.add_device(USER, "passkey")
        to_key_page(flow, code.device_id)
        page = flow.respond(code.code)
        new = VirtualSecurityKey.create()
        refused = use_key(flow, only(new), new, label="blue")
        assert (refused.stage, refused.error_code) == (Stage.SECOND_FACTOR, "REGISTRATION_REFUSED")
        assert refused.problem is not None
        assert refused.problem.id == texts.PASSKEY_REGISTRATION_REFUSED.id
        assert refused.challenge is page.challenge  # the challenge stands: not counted, the code was right
        assert failures(gateway) == 0


# -- the PIN ------------------------------------------------------------------------------------------------


def test_a_key_with_a_pin_asks_it_through_the_prompt(gateway: Client, flow: LoginFlow) -> None:
    key = demo_key(gateway)
    key.set_pin("2468")
    to_key_page(flow)
    prompt = RecordingPrompt("2468")
    assert use_key(flow, only(key), key, prompt=prompt).stage is Stage.DONE
    assert prompt.asked == [8]
    assert prompt.touches >= 1


def test_a_wrong_pin_keeps_the_page(gateway: Client, flow: LoginFlow, transport: RecordingClient) -> None:
    key = demo_key(gateway)
    key.set_pin("2468")
    page = to_key_page(flow)
    ended = flow.use_security_key(only(key), cancel=threading.Event(), prompt=RecordingPrompt("1111"))
    ended_on_the_same_page(page, ended, security_keys.PIN_WRONG, transport, gateway)
    assert ended.problem == texts.message(texts.SECURITY_KEY_PIN_WRONG, retries=7)


# -- several keys -------------------------------------------------------------------------------------------


def second_key(gateway: Client) -> VirtualSecurityKey:
    key = gateway.gateway.desk.add_device(USER, "passkey", virtual=True, label="spare")
    assert isinstance(key, VirtualSecurityKey)
    key.auto_touch = False
    return key


def test_of_two_keys_plugged_the_one_touched_answers(gateway: Client, flow: LoginFlow) -> None:
    first, second = demo_key(gateway), second_key(gateway)
    to_key_page(flow)
    before = second.credentials[0].sign_count
    cancel = threading.Event()
    with in_background(cancel) as run:
        result = run(flow.use_security_key, only(first, second), cancel=cancel)
        waiting(first)
        touch_when_waiting(second)
        done = result.result(timeout=TIMEOUT)
    assert done.stage is Stage.DONE
    idle(first)
    assert second.credentials[0].sign_count > before


# -- enrolment and registration -----------------------------------------------------------------------------


def test_enrolment_code_then_registration_then_a_session_then_the_new_key_logs_in(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    code = gateway.gateway.desk.add_device(USER, "passkey")
    to_key_page(flow, code.device_id)
    registration = flow.respond(code.printed.lower())  # typed as read, hyphens and all
    assert registration.stage is Stage.SECOND_FACTOR, registration
    assert registration.challenge is not None
    assert registration.challenge.kind == "passkey_registration"
    assert registration.challenge.uses_security_key
    new = VirtualSecurityKey.create()
    done = use_key(flow, only(new), new, label="  blue YubiKey  ")
    assert done.stage is Stage.DONE, done
    assert len(new.credentials) == 1
    listed = {row["id"]: row for row in gateway.gateway.desk.list_devices(USER)}
    assert listed[code.device_id]["label"] == "blue YubiKey"
    assert listed[code.device_id]["status"] == "active"
    assert failures(gateway) == 0
    assert flow.log_out().stage is Stage.CREDENTIALS
    # Both keys log in now: the demo key and the one just registered.
    to_key_page(flow)
    assert use_key(flow, only(new), new).stage is Stage.DONE
    assert flow.log_out().stage is Stage.CREDENTIALS
    to_key_page(flow)
    old = demo_key(gateway)
    assert use_key(flow, only(old), old).stage is Stage.DONE


def test_an_enrolment_code_of_the_wrong_shape_is_not_sent_and_a_wrong_one_is_counted(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    code = gateway.gateway.desk.add_device(USER, "passkey")
    to_key_page(flow, code.device_id)
    sent = len(transport.sent)
    shaped = flow.respond("ABCD-EFGH-JKM")  # 11 characters
    assert (shaped.stage, shaped.error_code, shaped.problem) == (
        Stage.SECOND_FACTOR,
        "RESPONSE_FORMAT",
        texts.message(texts.ENROLMENT_CODE_FORMAT),
    )
    assert len(transport.sent) == sent
    wrong = next(c for c in ("2222-2222-2222", "3333-3333-3333") if c.replace("-", "") != code.code)
    refused = flow.respond(wrong)
    assert (refused.stage, refused.error_code, refused.problem) == (
        Stage.SECOND_FACTOR,
        "LOGIN_FAILED",
        texts.message(texts.WRONG_ENROLMENT_CODE),
    )
    assert failures(gateway) == 1
    assert flow.respond(code.printed).challenge.kind == "passkey_registration"  # type: ignore[union-attr]


def test_a_key_already_registered_is_told_at_registration(
    gateway: Client, flow: LoginFlow, transport: RecordingClient
) -> None:
    code = gateway.gateway.desk.add_device(USER, "passkey")
    to_key_page(flow, code.device_id)
    page = flow.respond(code.code)
    key = demo_key(gateway)
    ended = use_key(flow, only(key), key)
    ended_on_the_same_page(page, ended, security_keys.EXCLUDED, transport, gateway)
    assert ended.problem == texts.message(texts.SECURITY_KEY_EXCLUDED)
    # Another key registers on the same page.
    new = VirtualSecurityKey.create()
    assert use_key(flow, only(new), new).stage is Stage.DONE


def test_a_name_over_64_characters_is_refused_before_anything(gateway: Client, flow: LoginFlow) -> None:
    code = gateway.gateway.desk.add_device(USER, "passkey")
    to_key_page(flow, code.device_id)
    flow.respond(code.code)
    with pytest.raises(ValueError, match="64"):
        flow.use_security_key(only(), cancel=threading.Event(), label="k" * 65)


@pytest.mark.parametrize("label", ["blue\nYubiKey", "blue\x1b[31m", "blue\x7f", "blue\x85key", "\tblue"])
def test_a_name_with_a_control_character_is_refused_before_anything(
    gateway: Client, flow: LoginFlow, transport: RecordingClient, label: str
) -> None:
    code = gateway.gateway.desk.add_device(USER, "passkey")
    to_key_page(flow, code.device_id)
    page = flow.respond(code.code)
    new = VirtualSecurityKey.create()
    new.auto_touch = True  # were it used, it would answer at once
    sent = len(transport.sent)
    with pytest.raises(ValueError, match="control characters") as refused:
        flow.use_security_key(only(new), cancel=threading.Event(), label=label)
    assert label not in str(refused.value)
    assert new.credentials == ()  # the key was never used
    assert len(transport.sent) == sent  # nothing sent
    assert flow.view == page  # the same page stands
    new.auto_touch = False
    assert use_key(flow, only(new), new, label=f" {(rules.DEVICE_LABEL_MAX - 2) * 'k'} ").stage is Stage.DONE
