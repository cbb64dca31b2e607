"""Issue 15 on the client side: every error carries a catalogue message that survives the wire (the
gateway's `message_id` and `params`, or its English as it is), and each kind's client part is found by
kind, a half-registered kind failing loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.client.flow_support import PASSWORD, FakeGateway, make_flow, refusal
from tests.client.transport_support import FakeServer, answer_json, make_certificate
from tests.kinds_support import forget_modules, kinds_package
from trader_login.auth import texts, vocabulary
from trader_login.auth.client import kinds
from trader_login.auth.client.errors import GatewayRefusal, english
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Challenge, Stage, read_challenge
from trader_login.auth.gateway.errors import locked
from trader_login.auth.gateway.errors import refusal as gateway_refusal
from trader_login.auth.gateway.tls import Certificate
from trader_login.auth.texts import Message


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("pinned"))


def refused_by(certificate: Certificate, status: int, body: dict) -> GatewayRefusal:
    with (
        FakeServer(answer_json(status, body), certificate) as server,
        GatewayClient(server.url, fingerprint=certificate.fingerprint) as client,
        pytest.raises(GatewayRefusal) as raised,
    ):
        client.health()
    return raised.value


# --- messages over the wire ------------------------------------------------------------------------------


def test_a_gateway_refusal_round_trips_its_message_id_and_params(certificate: Certificate) -> None:
    sent = gateway_refusal("RATE_LIMITED", texts.RATE_LIMITED, 429, {"retry_after": 12}, seconds=12)
    error = refused_by(certificate, 429, sent.to_dict())
    assert error.problem == sent.message == Message("rate_limited", {"seconds": 12})
    assert (error.code, error.status, error.retry_after) == ("RATE_LIMITED", 429, 12)
    assert error.message == sent.message.english  # English, for logs and the console
    assert set(error.details) == {"retry_after"}


def test_a_lockout_keeps_its_details_beside_its_message(certificate: Certificate) -> None:
    sent = locked(1795257327.0)
    error = refused_by(certificate, 423, sent.to_dict())
    assert error.problem == sent.message
    assert error.details == {"locked_until": 1795257327.0}


@pytest.mark.parametrize(
    "wire",
    [
        {},  # a third-party gateway: no id at all
        {"message_id": "no_such_text", "params": {}},  # a newer gateway's id
        {"message_id": "rate_limited", "params": {}},  # an id whose params are missing
        {"message_id": ["rate_limited"], "params": "x"},  # not the protocol's types
    ],
)
def test_an_unknown_message_id_keeps_the_gateways_english_as_it_is(
    certificate: Certificate, wire: dict
) -> None:
    body = {"error": {"code": "SOMETHING", "message": "The other gateway says no.", **wire}}
    error = refused_by(certificate, 400, body)
    assert error.problem == texts.message(texts.GATEWAY_SAYS, text="The other gateway says no.")
    assert error.message == "The other gateway says no."


def test_the_flow_shows_the_refusals_message_unchanged() -> None:
    problem = texts.message(texts.WRONG_MODE_PAPER)
    view = make_flow(FakeGateway(refusal("WRONG_MODE", problem, 403))).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code, view.problem) == (Stage.FAILED, "WRONG_MODE", problem)


def test_every_problem_the_flow_builds_itself_comes_from_the_catalogue() -> None:
    flow = make_flow(FakeGateway())
    view = flow.log_in("Dscuser", PASSWORD)
    assert view.problem == texts.message(texts.USERNAME_UPPER_CASE)
    assert view.problem.id in texts.TEXTS
    view = flow.log_in("ｕser", PASSWORD)
    assert view.problem == texts.message(texts.BAD_CHARACTER_FULL_WIDTH, found='"ｕ"')


def test_a_nested_message_renders_in_english_too() -> None:
    why = texts.message(texts.UNREACHABLE, host="gw:4443")
    outer = texts.message(texts.LOGGED_OUT_UNTOLD, why=why)
    assert english(outer) == (
        "Logged out here; the gateway could not be told: The gateway is not running or cannot be reached "
        "at gw:4443."
    )


# --- client parts, found by kind -------------------------------------------------------------------------


def test_every_device_kind_has_its_client_part() -> None:
    parts = kinds.load()
    assert set(parts) == set(vocabulary.DEVICE_KINDS)
    for name, part in parts.items():
        assert part.device == name


PREFIXES = ("half_kinds", "extra_kinds")


@pytest.fixture
def on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for prefix in PREFIXES:
        forget_modules(prefix)


PART = "from trader_login.auth.client.kinds._base import ClientKind\nCLIENT_KIND = ClientKind({kind!r})\n"


def test_a_half_registered_client_kind_fails_loudly(on_path: Path) -> None:
    every = {kind.module: PART.format(kind=kind.name) for kind in vocabulary.DEVICE_KINDS.values()}
    missing = dict(every, sms=None)  # the module is missing
    package = kinds_package(on_path, missing, prefix="half_kinds")
    with pytest.raises(vocabulary.KindRegistryError, match="'sms' is half-registered"):
        kinds.load(package)
    no_part = dict(every, card="CLIENT = None\n")  # the module is there, its part is not
    package = kinds_package(on_path, no_part, prefix="half_kinds")
    with pytest.raises(vocabulary.KindRegistryError, match=r"'card' is half-registered.*CLIENT_KIND"):
        kinds.load(package)
    not_a_part = dict(every, dscplus="CLIENT_KIND = object()\n")
    package = kinds_package(on_path, not_a_part, prefix="half_kinds")
    with pytest.raises(vocabulary.KindRegistryError, match="not a ClientKind"):
        kinds.load(package)


def test_a_client_part_for_an_unlisted_kind_fails_loudly(on_path: Path) -> None:
    every = {kind.module: PART.format(kind=kind.name) for kind in vocabulary.DEVICE_KINDS.values()}
    modules = dict(every, smoke_signals=PART.format(kind="smoke"))
    package = kinds_package(on_path, modules, prefix="extra_kinds")
    with pytest.raises(vocabulary.KindRegistryError, match="smoke_signals"):
        kinds.load(package)


def test_read_challenge_asks_the_kinds_part_and_refuses_an_unknown_kind() -> None:
    clocks = {"monotonic": lambda: 100.0, "wall": lambda: 1000.0}
    push = read_challenge({"kind": "ibkey_push", "seconds": 30}, **clocks)
    assert (push.is_push, push.can_switch_to_challenge, push.push_deadline) == (True, True, 130.0)
    sms = read_challenge(
        {"kind": "sms", "channel": "sms", "masked_number": "•• 12", "resend_after": 1010, "codes_left": 0},
        **clocks,
    )
    assert (sms.is_push, sms.sends_codes, sms.can_resend_code, sms.resend_after) == (
        False,
        True,
        False,
        110.0,
    )
    passcode = read_challenge({"kind": "temp_passcode"}, **clocks)
    assert (passcode.is_push, passcode.sends_codes) == (False, False)
    from trader_login.auth.client.errors import ProtocolError

    with pytest.raises(ProtocolError):
        read_challenge({"kind": "temp-passcode"}, **clocks)  # the old spelling is no kind now


def test_only_credential_challenges_are_answered_by_a_security_key() -> None:
    clocks = {"monotonic": lambda: 100.0, "wall": lambda: 1000.0}
    enrolment = read_challenge({"kind": "passkey_enrolment"}, **clocks)
    assert (enrolment.uses_security_key, enrolment.is_push, dict(enrolment.extra)) == (False, False, {})
    for name, kind in vocabulary.CHALLENGE_KINDS.items():
        assert kinds.for_challenge(name).uses_security_key(Challenge(name)) is kind.credential
    assert {n for n, k in vocabulary.CHALLENGE_KINDS.items() if k.credential} == {
        "passkey",
        "passkey_registration",
    }


def test_a_challenges_extra_fields_are_read_only() -> None:
    challenge = Challenge("temp_passcode", extra={"period": 30})
    assert challenge.extra["period"] == 30
    with pytest.raises(TypeError):
        challenge.extra["period"] = 60  # type: ignore[index]
    assert challenge == Challenge("temp_passcode", extra={"period": 30})
    hash(challenge)  # still usable as a key
