"""Issue 19 in the login flow against the fake gateway: the restart without a second factor (the start's
challenge signed by the device key, accepted or refused with its reason), the session's grant made and
forgotten, logout forgetting the device, and the malformed replies a client must not go on with."""

from __future__ import annotations

import base64
import logging

import pytest

from tests.client.flow_support import (
    DSC,
    GRANT_ID,
    IBKEY,
    LOGIN_TOKEN,
    NOW,
    PASSWORD,
    RESTART_CHALLENGE,
    SESSION_TOKEN,
    FakeGateway,
    Recorder,
    choose_step,
    dsc_step,
    make_flow,
    refusal,
    session_object,
    session_step,
)
from trader_login.auth import restart, texts
from trader_login.auth.client.flow import FlowStateError, LoginFlow
from trader_login.auth.client.views import RestartGrant, Stage

CUTOFF = NOW + 3 * 86400
GRANT = {"id": GRANT_ID, "created_at": NOW, "cutoff_at": CUTOFF, "label": "desk-7", "device_kind": "dscplus"}
CODES = {
    "RESTART_EXPIRED": texts.RESTART_EXPIRED,
    "RESTART_REVOKED": texts.RESTART_REVOKED,
    "RESTART_FORGOTTEN": texts.RESTART_FORGOTTEN,
    "RESTART_PASSWORD_CHANGED": texts.RESTART_PASSWORD_CHANGED,
    "RESTART_DEVICE_CHANGED": texts.RESTART_DEVICE_CHANGED,
    "RESTART_REPLACED": texts.RESTART_REPLACED,
    "RESTART_WRONG_KEY": texts.RESTART_WRONG_KEY,
    "RESTART_UNKNOWN": texts.RESTART_UNKNOWN,
}


class DeviceKey:
    """A restart key as app.restart_keys hands it over: a real P-256 key and its grant's id; counts its
    signatures and remembers the last."""

    def __init__(self, grant_id: str = GRANT_ID) -> None:
        self.key = restart.new_device_key()
        self.public_bytes = restart.public_bytes(self.key)
        self._grant_id = grant_id
        self.signed: list[bytes] = []
        self.signatures: list[bytes] = []

    @property
    def grant_id(self) -> str:
        return self._grant_id

    def sign(self, payload: bytes) -> bytes:
        self.signed.append(payload)
        signature = restart.sign(self.key, payload)
        self.signatures.append(signature)
        return signature


def refused(code: str, ended_at: float | None = NOW - 60) -> dict:
    text = CODES[code]
    params = {"at": "2027-01-17 06:00 UTC"} if "at" in text.params else {}
    return {
        "status": "refused",
        "code": code,
        "message": text.render(**params),
        "message_id": text.id,
        "params": params,
        "ended_at": ended_at,
    }


def restarted_session(**changes: object) -> dict:
    return session_step(opened_by_restart=True, restart_grant=GRANT, **changes)


# --- accepted ---------------------------------------------------------------------------------------------


def test_restart_signs_the_gateway_challenge_and_opens_the_session_without_a_second_factor() -> None:
    gateway = FakeGateway(restarted_session())
    key = DeviceKey()
    view = make_flow(gateway).log_in("dscuser", PASSWORD, restart=key)
    assert view.stage is Stage.DONE
    assert view.restart is not None
    assert view.restart.used
    assert view.session is not None
    assert view.session.opened_by_restart
    assert view.session.restart_grant == RestartGrant(GRANT_ID, NOW, CUTOFF, "desk-7", "dscplus")
    assert gateway.names() == ["start_login", "prove"]  # no second factor
    assert gateway.restart_grant == GRANT_ID
    payload = restart.restart_payload(GRANT_ID, "dscuser", "live", RESTART_CHALLENGE)
    assert key.signed == [payload]
    assert gateway.restart_signature == key.signatures[0]
    assert restart.verify(key.public_bytes, payload, gateway.restart_signature)


def test_the_working_page_says_a_restart_is_under_way() -> None:
    recorder = Recorder()
    make_flow(FakeGateway(restarted_session()), recorder).log_in("dscuser", PASSWORD, restart=DeviceKey())
    assert recorder.views[0].stage is Stage.WORKING
    assert recorder.views[0].problem == texts.message(texts.RESTARTING)
    other = Recorder()
    make_flow(FakeGateway(session_step()), other).log_in("dscuser", PASSWORD)
    assert other.views[0].problem == texts.message(texts.LOGGING_IN)


def test_restart_signs_the_mode_the_login_asked_for() -> None:
    gateway = FakeGateway(restarted_session(mode="paper"))
    key = DeviceKey()
    make_flow(gateway).log_in("dscuser", PASSWORD, mode="paper", restart=key)
    assert key.signed == [restart.restart_payload(GRANT_ID, "dscuser", "paper", RESTART_CHALLENGE)]


def test_a_login_without_a_key_asks_for_no_challenge_and_signs_nothing() -> None:
    gateway = FakeGateway(session_step())
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert view.stage is Stage.DONE
    assert view.restart is None
    assert (gateway.restart_grant, gateway.restart_signature) == (None, None)


# --- refused: the second factor follows, every page saying why ---------------------------------------------


@pytest.mark.parametrize("code", sorted(CODES))
def test_a_refused_restart_goes_on_to_the_second_factor_and_each_page_says_why(code: str) -> None:
    gateway = FakeGateway({**choose_step(DSC, IBKEY), "restart": refused(code)})
    gateway.queue("choose_device", dsc_step()).queue("respond", session_step())
    flow = make_flow(gateway)
    chosen = flow.log_in("dscuser", PASSWORD, restart=DeviceKey())
    assert chosen.stage is Stage.CHOOSE_DEVICE
    outcome = chosen.restart
    assert outcome is not None
    assert (outcome.status, outcome.code, outcome.ended_at) == ("refused", code, NOW - 60)
    assert not outcome.used
    assert outcome.problem is not None
    assert outcome.problem.id == CODES[code].id
    assert outcome.message == outcome.problem.english
    second = flow.choose_device(DSC["id"])
    assert (second.stage, second.restart) == (Stage.SECOND_FACTOR, outcome)
    done = flow.respond("12345678")
    assert (done.stage, done.restart) == (Stage.DONE, outcome)
    # A new login starts over: the credentials page knows nothing of the last one's restart.
    assert flow.log_out().restart is None


def test_a_refusal_straight_to_the_second_factor_page_keeps_its_reason() -> None:
    gateway = FakeGateway({**dsc_step(), "restart": refused("RESTART_WRONG_KEY", ended_at=None)})
    view = make_flow(gateway).log_in("dscuser", PASSWORD, restart=DeviceKey())
    assert view.stage is Stage.SECOND_FACTOR
    assert view.restart is not None
    assert (view.restart.code, view.restart.ended_at) == ("RESTART_WRONG_KEY", None)


def test_a_bad_password_on_a_restart_is_refused_as_any_bad_password() -> None:
    gateway = FakeGateway(restarted_session())
    key = DeviceKey()
    view = make_flow(gateway).log_in("dscuser", "not the password", restart=key)
    assert (view.stage, view.error_code) == (Stage.FAILED, "INVALID_CREDENTIALS")
    assert view.restart is None
    assert len(key.signed) == 1  # the signature went with the (wrong) proof: the gateway counts the password


# --- what is not sent, what is not gone on with ------------------------------------------------------------


@pytest.mark.parametrize(
    "challenge",
    [None, "", "not base64!", base64.b64encode(bytes(31)).decode(), base64.b64encode(bytes(33)).decode(), 42],
    ids=["missing", "empty", "not-base64", "31-bytes", "33-bytes", "a-number"],
)
def test_a_missing_or_malformed_restart_challenge_fails_the_login_and_nothing_is_signed(
    challenge: object,
) -> None:
    gateway = FakeGateway(restarted_session())
    gateway.restart_challenge = challenge
    key = DeviceKey()
    flow = make_flow(gateway)
    view = flow.log_in("dscuser", PASSWORD, restart=key)
    assert (view.stage, view.error_code) == (Stage.FAILED, "PROTOCOL")
    assert key.signed == []
    assert "prove" not in gateway.names()
    flow.abandon()  # the login the gateway started is freed
    assert gateway.calls[-1] == ("cancel", (LOGIN_TOKEN,))


@pytest.mark.parametrize("grant_id", ["", "RG-" + "0" * 30, "RG 1", "RG/../1", "RG-é"])
def test_a_key_without_a_grant_id_the_gateway_could_know_sends_nothing(grant_id: str) -> None:
    gateway = FakeGateway(restarted_session())
    flow = make_flow(gateway)
    with pytest.raises(ValueError, match="grant id"):
        flow.log_in("dscuser", PASSWORD, restart=DeviceKey(grant_id))
    assert gateway.calls == []
    assert flow.view.stage is Stage.CREDENTIALS


@pytest.mark.parametrize(
    "outcome",
    [
        "refused",
        {"status": "maybe", "code": "RESTART_EXPIRED", "message": "x"},
        {"status": "refused", "message": "no code"},
        {**refused("RESTART_EXPIRED"), "ended_at": "yesterday"},
    ],
    ids=["not-an-object", "unknown-status", "no-code", "ended-at-text"],
)
def test_a_malformed_restart_outcome_is_a_protocol_error(outcome: object) -> None:
    gateway = FakeGateway({**choose_step(DSC), "restart": outcome})
    view = make_flow(gateway).log_in("dscuser", PASSWORD, restart=DeviceKey())
    assert (view.stage, view.error_code) == (Stage.FAILED, "PROTOCOL")


def test_a_key_that_fails_to_sign_leaves_no_working_page_behind() -> None:
    class Broken(DeviceKey):
        def sign(self, payload: bytes) -> bytes:
            raise RuntimeError("keychain locked")

    gateway = FakeGateway(restarted_session())
    flow = make_flow(gateway)
    with pytest.raises(RuntimeError):
        flow.log_in("dscuser", PASSWORD, restart=Broken())
    assert (flow.view.stage, flow.view.error_code) == (Stage.FAILED, "INTERNAL")
    assert "prove" not in gateway.names()


def test_a_login_cancelled_while_the_key_signs_sends_nothing_more() -> None:
    gateway = FakeGateway(restarted_session())
    flow = make_flow(gateway)

    class Cancelling(DeviceKey):
        def sign(self, payload: bytes) -> bytes:
            flow.cancel()  # the trader clicks Cancel as the keychain answers
            return super().sign(payload)

    view = flow.log_in("dscuser", PASSWORD, restart=Cancelling())
    assert view.stage is Stage.CANCELLED
    assert "prove" not in gateway.names()


def test_nothing_shown_or_logged_holds_the_signature_the_challenge_or_a_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway = FakeGateway(restarted_session())
    key = DeviceKey()
    recorder = Recorder()
    flow = make_flow(gateway, recorder)
    flow.log_in("dscuser", PASSWORD, restart=key)
    flow.log_out(forget_device=True)
    signature = key.signatures[0]
    pem = restart.private_pem(key.key)
    secrets = [
        base64.b64encode(signature).decode(),
        signature.hex(),
        repr(signature),
        base64.b64encode(RESTART_CHALLENGE).decode(),
        RESTART_CHALLENGE.hex(),
        SESSION_TOKEN,
        LOGIN_TOKEN,
        PASSWORD,
        pem.splitlines()[1],
    ]
    shown = [repr(view) for view in recorder.views] + [repr(flow), caplog.text]
    shown += [str(view.restart) for view in recorder.views]
    for text in shown:
        for secret in secrets:
            assert secret not in text


# --- the session's grant ----------------------------------------------------------------------------------


def logged_in(**session: object) -> tuple[LoginFlow, FakeGateway]:
    gateway = FakeGateway(session_step(restart_cutoff_at=CUTOFF, **session))
    flow = make_flow(gateway)
    assert flow.log_in("dscuser", PASSWORD).stage is Stage.DONE
    return flow, gateway


def test_grant_restart_binds_the_key_and_shows_the_grant_with_its_cut_off() -> None:
    flow, gateway = logged_in()
    assert flow.view.session is not None
    assert flow.view.session.may_grant_restart
    assert flow.view.session.restart_grant is None
    gateway.queue("create_restart_grant", {"grant": GRANT})
    key = DeviceKey()
    view = flow.grant_restart(key.public_bytes, "desk-7")
    assert gateway.calls[-1] == ("create_restart_grant", (SESSION_TOKEN, key.public_bytes, "desk-7"))
    assert view.stage is Stage.DONE
    assert view.session is not None
    assert view.session.restart_grant == RestartGrant(GRANT_ID, NOW, CUTOFF, "desk-7", "dscplus")
    assert view.session.restart_cutoff_at == CUTOFF
    assert (view.problem, view.error_code) == (None, None)


@pytest.mark.parametrize(
    ("code", "status", "text"),
    [
        ("RESTART_NOT_ALLOWED", 403, texts.RESTART_NOT_ALLOWED),
        ("RESTART_DISABLED", 403, texts.RESTART_DISABLED),
        ("EXPIRED", 410, texts.SESSION_ENDED),
    ],
)
def test_a_refused_grant_leaves_the_session_as_it_was_with_the_reason(
    code: str, status: int, text: texts.Text
) -> None:
    flow, gateway = logged_in()
    before = flow.view.session
    gateway.queue("create_restart_grant", refusal(code, texts.message(text), status))
    view = flow.grant_restart(DeviceKey().public_bytes)
    assert (view.stage, view.error_code, view.session) == (Stage.DONE, code, before)
    assert view.problem is not None
    assert view.problem.id == text.id


@pytest.mark.parametrize(
    "reply",
    [{}, {"grant": None}, {"grant": {**GRANT, "id": "RG/1"}}, {"grant": {**GRANT, "cutoff_at": "Sunday"}}],
    ids=["no-grant", "null-grant", "bad-id", "bad-cutoff"],
)
def test_a_malformed_grant_reply_is_a_protocol_error_on_the_session_page(reply: dict) -> None:
    flow, gateway = logged_in()
    gateway.queue("create_restart_grant", reply)
    view = flow.grant_restart(DeviceKey().public_bytes)
    assert (view.stage, view.error_code) == (Stage.DONE, "PROTOCOL")
    assert view.session is not None
    assert view.session.restart_grant is None


def test_forget_restart_ends_the_grant_shown_in_the_session() -> None:
    flow, gateway = logged_in(restart_grant=GRANT)
    assert flow.view.session is not None
    assert flow.view.session.restart_grant is not None
    gateway.queue("forget_restart_grant", {"ended": True})
    view = flow.forget_restart()
    assert gateway.calls[-1] == ("forget_restart_grant", (SESSION_TOKEN,))
    assert view.session is not None
    assert view.session.restart_grant is None


def test_a_forget_reply_without_its_answer_is_a_protocol_error() -> None:
    flow, gateway = logged_in(restart_grant=GRANT)
    gateway.queue("forget_restart_grant", {"ended": "yes"})
    view = flow.forget_restart()
    assert view.error_code == "PROTOCOL"
    assert view.session is not None
    assert view.session.restart_grant is not None


@pytest.mark.parametrize(
    ("public_key", "label"),
    [
        (b"\x04" + bytes(63), None),
        (b"", None),
        (None, "desk-7"),
        (b"\x04" + bytes(64), "x" * 65),
        (b"\x04" + bytes(64), "desk\n7"),
        (b"\x04" + bytes(64), 7),
    ],
    ids=["short-key", "empty-key", "no-key", "long-label", "control-character", "label-number"],
)
def test_a_grant_with_a_malformed_key_or_label_sends_nothing(public_key: object, label: object) -> None:
    flow, gateway = logged_in()
    sent = len(gateway.calls)
    with pytest.raises(ValueError, match=r"65 bytes|64 characters"):
        flow.grant_restart(public_key, label)  # type: ignore[arg-type]
    assert len(gateway.calls) == sent
    assert flow.view.stage is Stage.DONE


def test_a_blank_label_is_none() -> None:
    flow, gateway = logged_in()
    gateway.queue("create_restart_grant", {"grant": GRANT})
    key = DeviceKey()
    flow.grant_restart(key.public_bytes, "   ")
    assert gateway.calls[-1] == ("create_restart_grant", (SESSION_TOKEN, key.public_bytes, None))


def test_grant_and_forget_need_a_session() -> None:
    gateway = FakeGateway(dsc_step())
    flow = make_flow(gateway)
    flow.log_in("dscuser", PASSWORD)
    with pytest.raises(FlowStateError):
        flow.grant_restart(DeviceKey().public_bytes)
    with pytest.raises(FlowStateError):
        flow.forget_restart()


@pytest.mark.parametrize("forget", [True, False])
def test_log_out_forgets_the_device_only_when_asked(forget: bool) -> None:
    flow, gateway = logged_in(restart_grant=GRANT)
    assert flow.log_out(forget_device=forget).stage is Stage.CREDENTIALS
    assert gateway.forget_device is forget


# --- the session's new fields ----------------------------------------------------------------------------


def test_a_session_without_issue_19s_fields_reads_as_none_of_them() -> None:
    gateway = FakeGateway(session_step())
    session = make_flow(gateway).log_in("dscuser", PASSWORD).session
    assert session is not None
    assert (session.restart_grant, session.opened_by_restart, session.restart_cutoff_at) == (
        None,
        False,
        None,
    )
    assert not session.may_grant_restart
    assert (session.history.last_login, session.history.failures_since, session.history.failures) == (
        None,
        0,
        (),
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"restart_grant": "RG-1"},
        {"restart_grant": {**GRANT, "id": 7}},
        {"opened_by_restart": "yes"},
        {"restart_cutoff_at": "Sunday"},
        {"restart_cutoff_at": True},
    ],
)
def test_a_malformed_session_field_is_a_protocol_error(changes: dict) -> None:
    gateway = FakeGateway(session_step(**changes))
    view = make_flow(gateway).log_in("dscuser", PASSWORD)
    assert (view.stage, view.error_code) == (Stage.FAILED, "PROTOCOL")


def test_check_session_reads_the_grant_another_computer_made() -> None:
    flow, gateway = logged_in()
    gateway.queue("session_status", session_object(restart_grant={**GRANT, "label": "server-2"}))
    view = flow.check_session()
    assert view.session is not None
    assert view.session.restart_grant is not None
    assert view.session.restart_grant.label == "server-2"
