"""The authenticator app (TOTP) on the client: reading its challenge from the wire (6 digits every 30 s,
nothing else; the period's start on the flow's monotonic clock) and, through the real stack, a wrongly
shaped code refused before sending (nothing counted), a wrong and a reused code told apart, the right
code opening a session with IB Key's limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gateway.http_support import Client, running_gateway, seed_template
from trader_login.auth import texts
from trader_login.auth.client import kinds
from trader_login.auth.client.errors import ProtocolError
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Stage, read_challenge
from trader_login.auth.devices.totp import Authenticator
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS

USER = "totpuser"
WIRE = {"kind": "totp", "digits": 6, "period": 30, "expires_at": 1_800_000_180.0}


def read(data: dict[str, Any], *, wall: float = 1_800_000_007.5, monotonic: float = 100.0):
    return read_challenge(data, monotonic=lambda: monotonic, wall=lambda: wall)


# -- reading the challenge ---------------------------------------------------------------------------------


def test_the_challenge_is_read_with_its_period_anchored_on_the_monotonic_clock() -> None:
    challenge = read(WIRE)
    assert challenge.kind == "totp"
    assert challenge.expires_at == 1_800_000_180.0
    # 7.5 s into the gateway-independent period (Unix time 1_800_000_000 is a multiple of 30): the period
    # began 7.5 s ago on the monotonic clock.
    assert dict(challenge.extra) == {"digits": 6, "period": 30, "period_start": 92.5}
    assert (challenge.is_push, challenge.sends_codes, challenge.can_resend_code) == (False, False, False)
    assert challenge.can_switch_to_challenge is False
    assert (
        challenge.digits is None
    )  # a DSC+ challenge's field: the trader types the app's code, not one shown


@pytest.mark.parametrize(("wall", "start"), [(1_800_000_000.0, 100.0), (1_800_000_029.999, 70.001)])
def test_the_period_start_at_the_edges_of_a_period(wall: float, start: float) -> None:
    assert read(WIRE, wall=wall).extra["period_start"] == pytest.approx(start)


def test_the_client_part_is_found_by_kind() -> None:
    assert kinds.for_challenge("totp") is kinds.load()["totp"]


@pytest.mark.parametrize(
    "changes",
    [
        {"digits": 8},
        {"period": 60},
        {"digits": 6.0},
        {"digits": "6"},
        {"period": True},
        {"digits": None},
        {"period": None},
        {"digits": -6},
    ],
    ids=repr,
)
def test_a_challenge_other_than_6_digits_every_30_s_is_not_the_protocol(changes: dict[str, Any]) -> None:
    data = {**WIRE, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    with pytest.raises(ProtocolError) as info:
        read(data)
    assert info.value.problem == texts.message(texts.BAD_REPLY)
    assert info.value.code == "PROTOCOL"


# -- through the real stack: LoginFlow → HTTPS → the demo gateway ------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("totp-client") / "seeded")


@pytest.fixture
def gateway(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


@pytest.fixture
def flow(gateway: Client) -> Iterator[LoginFlow]:
    with GatewayClient(gateway.url, fingerprint=gateway.server.fingerprint) as transport:
        yield LoginFlow(transport, kdf_limits=TEST_LIMITS)


def app_of(gateway: Client) -> Authenticator:
    app = gateway.device(USER, "totp")
    assert isinstance(app, Authenticator)
    return app


def failures(gateway: Client) -> int:
    return gateway.gateway.desk.status(USER)["failures"]


@pytest.mark.parametrize("typed", ["12345", "1234567", "12345a", "１２３４５６"])
def test_a_wrongly_shaped_code_is_refused_before_sending_and_counts_nothing(
    gateway: Client, flow: LoginFlow, typed: str
) -> None:
    view = flow.log_in(USER, DEMO_PASSWORD)
    assert view.stage is Stage.SECOND_FACTOR
    before = view.challenge
    refused = flow.respond(typed)
    assert (refused.stage, refused.error_code) == (Stage.SECOND_FACTOR, "RESPONSE_FORMAT")
    assert refused.problem == texts.message(texts.AUTHENTICATOR_CODE_FORMAT)
    assert refused.challenge == before
    assert failures(gateway) == 0
    assert flow.respond(app_of(gateway).code(gateway.clock())).stage is Stage.DONE


def test_a_wrong_code_then_a_used_one_then_the_next_one(gateway: Client, flow: LoginFlow) -> None:
    app = app_of(gateway)
    code = app.code(gateway.clock())
    assert flow.log_in(USER, DEMO_PASSWORD).stage is Stage.SECOND_FACTOR
    done = flow.respond(f"{code[:3]} {code[3:]}")  # as the app shows it
    assert done.stage is Stage.DONE
    assert done.session is not None
    assert done.session.device_kind == "totp"
    assert (done.session.withdrawal_per_day, done.session.withdrawal_per_5_business_days) == (
        1_000_000,
        1_000_000,
    )
    assert flow.log_out().stage is Stage.CREDENTIALS

    view = flow.log_in(USER, DEMO_PASSWORD)
    challenge = view.challenge
    wrong = next(c for c in ("000000", "111111") if c != code)
    failed = flow.respond(wrong)
    assert (failed.stage, failed.error_code, failed.problem) == (
        Stage.SECOND_FACTOR,
        "LOGIN_FAILED",
        texts.message(texts.WRONG_RESPONSE_TOTP),
    )
    assert failed.new_challenge is False  # the same challenge stands: the app's codes stay good
    used = flow.respond(code)
    # A wrong response to the protocol (LOGIN_FAILED: the page stays), told with the catalogue's text.
    assert (used.stage, used.error_code, used.problem) == (
        Stage.SECOND_FACTOR,
        "LOGIN_FAILED",
        texts.message(texts.CODE_USED),
    )
    assert used.challenge is not None
    assert challenge is not None
    assert used.challenge.kind == "totp"
    assert used.challenge.extra["period"] == 30
    assert failures(gateway) == 2
    # The app's next code (one step ahead of the gateway's clock: within its window) opens the session.
    assert flow.respond(app.code(gateway.clock() + 30)).stage is Stage.DONE
