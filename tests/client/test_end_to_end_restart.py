"""Issue 19 through the real stack: LoginFlow → GatewayClient pinned by fingerprint → HTTPS on loopback →
the gateway with the demo seed and its movable clock. The restart without the second factor (granted after
a full login, used, refused for each reason the client can cause), the attempts left before the lock, the
push's number and the login history the session shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gateway.http_support import Client, dsc_response, running_gateway, seed_template
from trader_login.auth import restart, texts
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import LoginView, Stage
from trader_login.auth.gateway.demo import DEMO_PASSWORD
from trader_login.auth.kdf import TEST_LIMITS

USER = "dscuser"


class DeviceKey:
    """This computer's restart key as app.restart_keys hands it over (a real P-256 key)."""

    def __init__(self) -> None:
        self.key = restart.new_device_key()
        self.public_bytes = restart.public_bytes(self.key)
        self.grant_id = ""

    def sign(self, payload: bytes) -> bytes:
        return restart.sign(self.key, payload)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("end-to-end-restart") / "seeded")


@pytest.fixture
def gateway(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as running:
        yield running


@pytest.fixture
def transport(gateway: Client) -> Iterator[GatewayClient]:
    with GatewayClient(gateway.url, fingerprint=gateway.server.fingerprint) as client:
        yield client


def new_flow(transport: GatewayClient, gateway: Client) -> LoginFlow:
    return LoginFlow(
        transport, kdf_limits=TEST_LIMITS, clock=gateway.clock.monotonic, wall_clock=gateway.clock
    )


def second_factor(gateway: Client, flow: LoginFlow) -> LoginView:
    view = flow.view
    if view.stage is Stage.CHOOSE_DEVICE:
        view = flow.choose_device(next(d.id for d in view.devices if d.kind == "dscplus"))
    assert view.stage is Stage.SECOND_FACTOR, view
    assert view.challenge is not None
    assert view.challenge.digits is not None
    return flow.respond(dsc_response(gateway.device(USER, "dscplus"), view.challenge.digits))


def granted(gateway: Client, transport: GatewayClient) -> DeviceKey:
    """A full login that makes this computer's restart grant, then logs out."""
    flow = new_flow(transport, gateway)
    flow.log_in(USER, DEMO_PASSWORD)
    done = second_factor(gateway, flow)
    assert done.stage is Stage.DONE, done
    assert done.session is not None
    assert done.session.may_grant_restart
    key = DeviceKey()
    view = flow.grant_restart(key.public_bytes, "desk-7")
    assert view.stage is Stage.DONE
    assert view.error_code is None, view
    assert view.session is not None
    grant = view.session.restart_grant
    assert grant is not None
    assert (grant.label, grant.device_kind) == ("desk-7", "dscplus")
    assert grant.cutoff_at == done.session.restart_cutoff_at
    assert gateway.clock() < grant.cutoff_at <= gateway.clock() + 7 * 86400
    key.grant_id = grant.id
    assert flow.log_out().stage is Stage.CREDENTIALS
    return key


def test_a_restart_opens_the_session_with_the_password_alone_until_the_cut_off(
    gateway: Client, transport: GatewayClient
) -> None:
    key = granted(gateway, transport)
    flow = new_flow(transport, gateway)
    view = flow.log_in(USER, DEMO_PASSWORD, restart=key)
    assert view.stage is Stage.DONE, view
    assert view.restart is not None
    assert view.restart.used
    assert view.session is not None
    assert view.session.opened_by_restart
    assert view.session.device_kind == "dscplus"  # the grant's
    assert view.session.restart_grant is not None
    assert view.session.restart_grant.id == key.grant_id
    assert view.session.restart_cutoff_at is None  # a restarted session may not grant
    # Only a full login may grant.
    refused = flow.grant_restart(DeviceKey().public_bytes)
    assert (refused.stage, refused.error_code) == (Stage.DONE, "RESTART_NOT_ALLOWED")
    assert refused.problem is not None
    assert refused.problem.id == texts.RESTART_NOT_ALLOWED.id
    flow.log_out()
    # Past the cut-off: the password is right, the second factor follows, and the page says why.
    assert view.session.restart_grant is not None
    gateway.clock.advance(view.session.restart_grant.cutoff_at - gateway.clock() + 1)
    expired = new_flow(transport, gateway)
    page = expired.log_in(USER, DEMO_PASSWORD, restart=key)
    assert page.stage in (Stage.CHOOSE_DEVICE, Stage.SECOND_FACTOR), page
    assert page.restart is not None
    assert (page.restart.status, page.restart.code) == ("refused", "RESTART_EXPIRED")
    assert page.restart.ended_at == view.session.restart_grant.cutoff_at
    assert page.restart.problem is not None
    assert page.restart.problem.id == texts.RESTART_EXPIRED.id
    done = second_factor(gateway, expired)
    assert done.stage is Stage.DONE
    assert done.restart == page.restart
    assert done.session is not None
    assert not done.session.opened_by_restart


def test_a_key_other_than_the_registered_one_is_refused_and_the_second_factor_follows(
    gateway: Client, transport: GatewayClient
) -> None:
    key = granted(gateway, transport)
    impostor = DeviceKey()
    impostor.grant_id = key.grant_id
    flow = new_flow(transport, gateway)
    page = flow.log_in(USER, DEMO_PASSWORD, restart=impostor)
    assert page.restart is not None
    assert page.restart.code == "RESTART_WRONG_KEY"
    assert second_factor(gateway, flow).stage is Stage.DONE


def test_a_grant_the_gateway_never_made_is_unknown(gateway: Client, transport: GatewayClient) -> None:
    key = DeviceKey()
    key.grant_id = restart.new_grant_id()
    page = new_flow(transport, gateway).log_in(USER, DEMO_PASSWORD, restart=key)
    assert page.restart is not None
    assert page.restart.code == "RESTART_UNKNOWN"


@pytest.mark.parametrize("how", ["forget_restart", "log_out"])
def test_a_forgotten_device_restarts_no_more(gateway: Client, transport: GatewayClient, how: str) -> None:
    key = granted(gateway, transport)
    flow = new_flow(transport, gateway)
    assert flow.log_in(USER, DEMO_PASSWORD, restart=key).stage is Stage.DONE
    if how == "forget_restart":
        view = flow.forget_restart()
        assert view.session is not None
        assert view.session.restart_grant is None
        flow.log_out()
    else:
        flow.log_out(forget_device=True)
    page = new_flow(transport, gateway).log_in(USER, DEMO_PASSWORD, restart=key)
    assert page.restart is not None
    assert page.restart.code == "RESTART_FORGOTTEN"


@pytest.mark.parametrize("ended_by", ["revoked", "password", "replaced", "device"])
def test_a_grant_ended_elsewhere_says_why_and_when(
    gateway: Client, transport: GatewayClient, ended_by: str
) -> None:
    key = granted(gateway, transport)
    gateway.clock.advance(3600)
    password = DEMO_PASSWORD
    if ended_by == "revoked":
        assert gateway.gateway.desk.revoke_restart_grants(USER) == [key.grant_id]
    elif ended_by == "password":
        password = "New-password-19"
        gateway.gateway.desk.set_password(USER, password)
    elif ended_by == "device":
        gateway.gateway.desk.add_device(USER, "card")  # the user name's security devices changed
    else:
        granted(gateway, transport)  # another computer: only one may restart
    ended_at = gateway.clock()
    flow = new_flow(transport, gateway)
    page = flow.log_in(USER, password, restart=key)
    expected = {
        "revoked": ("RESTART_REVOKED", texts.RESTART_REVOKED),
        "password": ("RESTART_PASSWORD_CHANGED", texts.RESTART_PASSWORD_CHANGED),
        "replaced": ("RESTART_REPLACED", texts.RESTART_REPLACED),
        "device": ("RESTART_DEVICE_CHANGED", texts.RESTART_DEVICE_CHANGED),
    }[ended_by]
    assert page.restart is not None, page
    assert page.restart.code == expected[0]
    assert page.restart.problem is not None
    assert page.restart.problem.id == expected[1].id
    assert page.restart.ended_at == pytest.approx(ended_at, abs=1)
    assert second_factor(gateway, flow).stage is Stage.DONE


def test_r3_a_bad_password_on_a_restart_is_counted(gateway: Client, transport: GatewayClient) -> None:
    key = granted(gateway, transport)
    views = [new_flow(transport, gateway).log_in(USER, "Not-the-password1", restart=key) for _ in range(7)]
    assert [view.error_code for view in views] == ["INVALID_CREDENTIALS"] * 7
    assert all(view.restart is None for view in views)
    assert [view.attempts_left for view in views] == [None] * 6 + [3]


@pytest.mark.parametrize("user", [USER, "nosuchuser"])
def test_r3_attempts_left_from_the_seventh_failure_on_for_any_user_name(
    gateway: Client, transport: GatewayClient, user: str
) -> None:
    views = [new_flow(transport, gateway).log_in(user, "Not-the-password1") for _ in range(10)]
    assert [view.attempts_left for view in views[:9]] == [None] * 6 + [3, 2, 1]
    for view in views[6:9]:
        assert view.error_code == "INVALID_CREDENTIALS"
        assert view.message == "Invalid user name password combination"
        assert view.warning is not None
        assert view.warning.id == texts.ATTEMPTS_LEFT.id
        assert view.warning.params == {"attempts": view.attempts_left}
    assert views[9].stage is Stage.LOCKED
    assert views[9].attempts_left is None


def test_the_push_page_shows_the_number_the_phone_offers(gateway: Client, transport: GatewayClient) -> None:
    view = new_flow(transport, gateway).log_in("ibkeyuser", DEMO_PASSWORD)
    assert view.challenge is not None
    assert view.challenge.kind == "ibkey_push"
    number = view.challenge.push_number
    assert number is not None
    app = gateway.device("ibkeyuser", "ibkey")
    push = gateway.pending_push(app)
    assert number in push.numbers
    assert number == gateway.push_number(push.transaction_id)


def test_the_session_shows_the_last_login_and_the_failures_since(
    gateway: Client, transport: GatewayClient
) -> None:
    first = new_flow(transport, gateway)
    first.log_in(USER, DEMO_PASSWORD)
    opened = second_factor(gateway, first)
    assert opened.session is not None
    first.log_out()
    gateway.clock.advance(60)
    new_flow(transport, gateway).log_in(USER, "Not-the-password1")
    gateway.clock.advance(60)
    second = new_flow(transport, gateway)
    second.log_in(USER, DEMO_PASSWORD)
    done = second_factor(gateway, second)
    assert done.session is not None
    history = done.session.history
    assert history.last_login is not None
    assert history.last_login.at == pytest.approx(opened.session.created_at, abs=1)
    assert history.last_login.device_kind == "dscplus"
    assert not history.last_login.restart
    assert history.failures_since == 1
    assert len(history.failures) == 1
    assert history.failures[0].at == pytest.approx(gateway.clock() - 60, abs=1)
