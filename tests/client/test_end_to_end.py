"""Every demo user logs in through the real stack: LoginFlow → GatewayClient pinned by fingerprint →
HTTPS on loopback → the gateway with the demo seed, each second factor answered by its emulator (the demo
seed's device files, the phone's signed requests, the gateway's outbox, the Client Services desk)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gateway.http_support import (
    Client,
    card_response,
    dsc_response,
    running_gateway,
    seed_template,
    watch_push_polls,
)
from trader_login.auth import texts
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import LoginView, Stage
from trader_login.auth.devices.phone import Phone
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS
from trader_login.auth.vocabulary import PUSH_WAIT_MAX

WAIT = 60.0  # a safety net for a loaded runner, never a measurement


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("end-to-end") / "seeded")


@pytest.fixture
def gateway(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


@pytest.fixture
def transport(gateway: Client) -> Iterator[GatewayClient]:
    with GatewayClient(gateway.url, fingerprint=gateway.server.fingerprint) as client:
        yield client


@pytest.fixture
def flow(transport: GatewayClient) -> LoginFlow:
    return LoginFlow(transport, kdf_limits=TEST_LIMITS)


def answer(gateway: Client, flow: LoginFlow, user: str) -> LoginView:
    """What the trader does on the second-factor page the flow shows, with the user's emulator."""
    view = flow.view
    assert view.stage is Stage.SECOND_FACTOR, view
    challenge = view.challenge
    assert challenge is not None
    if challenge.kind == "dscplus":
        assert challenge.digits is not None
        assert len(challenge.digits) == 6
        return flow.respond(dsc_response(gateway.device(user, "dscplus"), challenge.digits))
    if challenge.kind == "ibkey_push":
        app = gateway.device(user, "ibkey")
        assert gateway.phone_decide(app, gateway.pending_push(app)).status_code == 200
        return flow.wait_for_push(max_wait=PUSH_WAIT_MAX)
    if challenge.kind in ("card", "online-card"):
        card = gateway.device(user, challenge.kind)
        codes = card_response(card, {"indices": list(challenge.indices or ())})
        return flow.respond(f"{codes[:3].lower()} {codes[3:].lower()}")  # R4: the flow normalises
    if challenge.kind == "sms":
        phone: Phone = gateway.device(user, "sms")
        return flow.respond(gateway.latest_code(phone.number))
    if challenge.kind == "temp_passcode":
        return flow.respond(gateway.gateway.desk.demo_temp_passcode(user).lower())
    raise AssertionError(f"no answer for {challenge.kind}")


def session_of(view: LoginView) -> dict:
    assert view.stage is Stage.DONE, view
    assert view.session is not None
    assert view.session.status == "active"
    return {
        "device": view.session.device_kind,
        "limits": (view.session.withdrawal_per_day, view.session.withdrawal_per_5_business_days),
        "restrictions": [r.code for r in view.session.restrictions],
        "accounts": len(view.session.accounts),
        "read_only": view.session.read_only,
        "mode": view.session.mode,
    }


@pytest.mark.parametrize(
    ("user", "kind", "device", "limits", "restrictions"),
    [
        ("ibkeyuser", "ibkey_push", "ibkey", (1_000_000, 1_000_000), []),
        ("dscuser", "dscplus", "dscplus", (None, None), []),
        ("carduser", "card", "card", (200_000, 600_000), []),
        ("smsuser", "sms", "sms", (200_000, 600_000), []),
        ("tempuser", "temp_passcode", "temp_passcode", (0, 0), ["temp_passcode"]),
        ("onlineuser", "online-card", "online-card", (200_000, 600_000), []),
        ("linkeduser", "dscplus", "dscplus", (None, None), []),
    ],
)
def test_each_demo_user_logs_in_with_its_device(
    gateway: Client,
    flow: LoginFlow,
    user: str,
    kind: str,
    device: str,
    limits: tuple,
    restrictions: list[str],
) -> None:
    view = flow.log_in(user, DEMO_PASSWORD)
    assert view.stage is Stage.SECOND_FACTOR, view
    assert view.challenge is not None
    assert view.challenge.kind == kind
    assert view.read_only_available
    session = session_of(answer(gateway, flow, user))
    assert (session["device"], session["limits"], session["restrictions"]) == (device, limits, restrictions)
    if user == "linkeduser":
        assert session["accounts"] >= 3
    assert flow.log_out().stage is Stage.CREDENTIALS


def test_r5_ibkeyuser_push_approved_while_the_flow_long_polls(
    gateway: Client, flow: LoginFlow, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow.log_in("ibkeyuser", DEMO_PASSWORD)
    app = gateway.device("ibkeyuser", "ibkey")
    polling = watch_push_polls(monkeypatch, gateway.gateway.service)

    def phone() -> None:
        if polling.wait(WAIT):  # the gateway holds the flow's long poll now
            gateway.phone_decide(app, gateway.pending_push(app))

    approver = threading.Thread(target=phone)
    approver.start()
    began = time.monotonic()
    view = flow.wait_for_push(max_wait=PUSH_WAIT_MAX)
    approver.join(WAIT)
    # The approval ended the poll, not the wait running out: the bound is the wait itself, whole seconds
    # away from the approval, never a guess at the machine's speed.
    assert time.monotonic() - began < PUSH_WAIT_MAX
    assert session_of(view)["device"] == "ibkey"


def test_r5_ibkeyuser_challenge_response_instead_of_the_push(gateway: Client, flow: LoginFlow) -> None:
    flow.log_in("ibkeyuser", DEMO_PASSWORD)
    assert flow.wait_for_push(max_wait=0).stage is Stage.SECOND_FACTOR  # pending
    view = flow.switch_to_challenge()
    assert view.challenge is not None
    assert view.challenge.kind == "ibkey_challenge"
    app = gateway.device("ibkeyuser", "ibkey")
    assert gateway.phone_pushes(app).json() == {"pushes": []}
    digits = view.challenge.digits
    assert digits is not None
    response = app.respond(digits)
    assert session_of(flow.respond(f"{response[:4]} {response[4:]}"))["device"] == "ibkey"


def test_r5_a_denied_push_fails_and_a_new_one_is_sent(gateway: Client, flow: LoginFlow) -> None:
    flow.log_in("ibkeyuser", DEMO_PASSWORD)
    app = gateway.device("ibkeyuser", "ibkey")
    first = gateway.pending_push(app)
    gateway.phone_decide(app, first, "deny")
    view = flow.wait_for_push(max_wait=5)
    assert (view.stage, view.problem) == (Stage.SECOND_FACTOR, texts.message(texts.LOGIN_FAILED))
    assert view.new_challenge is True  # a new notification went to the phone
    assert gateway.pending_push(app).transaction_id != first.transaction_id
    assert session_of(answer(gateway, flow, "ibkeyuser"))["device"] == "ibkey"


def test_m2fs_multiuser_picks_a_device_from_the_list(gateway: Client, flow: LoginFlow) -> None:
    view = flow.log_in("multiuser", DEMO_PASSWORD)
    assert view.stage is Stage.CHOOSE_DEVICE
    assert [d.kind for d in view.devices] == ["dscplus", "ibkey", "sms"]
    assert view.preselected in [d.id for d in view.devices]
    dsc = next(d for d in view.devices if d.kind == "dscplus")
    flow.choose_device(dsc.id)
    assert session_of(answer(gateway, flow, "multiuser"))["device"] == "dscplus"


def test_r10_smsuser_asks_for_a_voice_call(gateway: Client, flow: LoginFlow) -> None:
    flow.log_in("smsuser", DEMO_PASSWORD)
    too_soon = flow.resend_code("voice")
    assert (too_soon.stage, too_soon.error_code) == (Stage.SECOND_FACTOR, "RATE_LIMITED")
    gateway.clock.advance(31)
    view = flow.resend_code("voice")
    assert view.challenge is not None
    assert view.challenge.channel == "voice"
    assert gateway.gateway.desk.outbox()[-1]["channel"] == "voice"
    assert session_of(answer(gateway, flow, "smsuser"))["device"] == "sms"


def test_r4_a_wrong_response_gives_a_fresh_challenge_then_the_right_one_logs_in(
    gateway: Client, flow: LoginFlow
) -> None:
    first_view = flow.log_in("dscuser", DEMO_PASSWORD)
    first = first_view.challenge
    assert first is not None
    assert first.sequence == 1
    assert first_view.new_challenge is False
    assert first_view.device is not None
    view = flow.respond("00000000")
    # The gateway's message id and params, round-tripped to the view (not its English).
    serial = first_view.device.id[-4:]
    assert (view.stage, view.error_code) == (Stage.SECOND_FACTOR, "LOGIN_FAILED")
    assert view.problem == texts.message(texts.WRONG_RESPONSE_DSCPLUS, serial=serial)
    assert view.challenge is not None
    assert view.challenge.digits != first.digits
    assert (view.challenge.sequence, view.new_challenge) == (2, True)
    assert session_of(answer(gateway, flow, "dscuser"))["device"] == "dscplus"


@pytest.mark.parametrize("user", ["optoutuser", "paperuser"])
def test_password_only_users(flow: LoginFlow, user: str) -> None:
    mode = "paper" if user == "paperuser" else "live"
    session = session_of(flow.log_in(user, DEMO_PASSWORD, mode=mode))
    assert session["mode"] == mode
    assert session["device"] is None
    if user == "optoutuser":
        assert session["restrictions"] == ["sls_opt_out"]


def test_a_paper_user_in_live_mode_is_refused_clearly(flow: LoginFlow) -> None:
    view = flow.log_in("paperuser", DEMO_PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "WRONG_MODE")
    assert view.problem == texts.message(texts.WRONG_MODE_PAPER)


def test_r2_a_wrong_password(flow: LoginFlow) -> None:
    view = flow.log_in("dscuser", "not-the-password")
    assert (view.stage, view.problem) == (Stage.FAILED, texts.message(texts.INVALID_CREDENTIALS))
    assert view.message == "Invalid user name password combination"


def test_read_only_entry(flow: LoginFlow) -> None:
    flow.log_in("dscuser", DEMO_PASSWORD)
    session = session_of(flow.enter_read_only())
    assert session["read_only"]
    assert session["limits"] == (0, 0)
    assert "read_only" in session["restrictions"]


def test_r16_existing_session_taken_over_then_declined(
    gateway: Client, flow: LoginFlow, transport: GatewayClient
) -> None:
    flow.log_in("dscuser", DEMO_PASSWORD)
    session_of(answer(gateway, flow, "dscuser"))
    second = LoginFlow(transport, kdf_limits=TEST_LIMITS)
    second.log_in("dscuser", DEMO_PASSWORD)
    view = answer(gateway, second, "dscuser")
    assert view.stage is Stage.EXISTING_SESSION
    assert session_of(second.answer_existing_session(True))["device"] == "dscplus"
    taken = flow.check_session()
    assert taken.session is not None
    assert taken.session.status == "taken_over"

    third = LoginFlow(transport, kdf_limits=TEST_LIMITS)
    third.log_in("dscuser", DEMO_PASSWORD)
    assert answer(gateway, third, "dscuser").stage is Stage.EXISTING_SESSION
    assert third.answer_existing_session(False).stage is Stage.CANCELLED
    assert second.check_session().session.status == "active"  # type: ignore[union-attr]


def test_cancel_then_abandon_withdraws_the_notification(gateway: Client, flow: LoginFlow) -> None:
    flow.log_in("ibkeyuser", DEMO_PASSWORD)
    app = gateway.device("ibkeyuser", "ibkey")
    assert len(gateway.phone_pushes(app).json()["pushes"]) == 1
    assert flow.cancel().stage is Stage.CANCELLED
    flow.abandon()
    assert gateway.phone_pushes(app).json() == {"pushes": []}


def test_a_gateway_with_another_certificate_is_refused(gateway: Client) -> None:
    with GatewayClient(gateway.url, fingerprint="00" * 32) as wrong:
        view = LoginFlow(wrong, kdf_limits=TEST_LIMITS).log_in("dscuser", DEMO_PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "CERTIFICATE")
