"""A fake gateway for the login-flow tests: the real SRP server side for the password (so M2 is genuine
unless a test spoils it), and scripted replies or refusals for every later step. It records each call,
and a test can hold any method on an Event to cancel while it is "in flight"."""

from __future__ import annotations

import base64
import threading
from collections import defaultdict, deque
from typing import Any

from trader_login.auth import srp, texts
from trader_login.auth.client.errors import GatewayRefusal
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.views import LoginView
from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams
from trader_login.auth.texts import Message

PASSWORD = "Pw-7Qx!leak"
LOGIN_TOKEN = "LoginTokenLEAK0123456789"
SESSION_TOKEN = "SessionTokenLEAK9876543210"
NOW = 1_800_000_000.0  # the fake gateway's Unix time
RESTART_CHALLENGE = bytes(range(32))
GRANT_ID = "RG-00112233AABBCCDD"
HOLD_TIMEOUT = 60.0  # a safety net for a loaded runner: a held call is released by the test at once

DSC = {"id": "DSC94324403", "kind": "dscplus", "label": "Digital Security Card+ (DSC+)", "level": 5}
IBKEY = {"id": "IBK-0001", "kind": "ibkey", "label": "IB Key", "level": 3}
SMS = {"id": "SMS-0001", "kind": "sms", "label": "SMS", "level": 2}
CARD = {"id": "CARD-0001", "kind": "card", "label": "Security Code Card", "level": 2}
TEMP = {"id": "TEMP", "kind": "temp_passcode", "label": "Temporary passcode", "level": 1}


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# --- step objects, as docs/protocol.md §3 shows them ----------------------------------------------------


def second_factor(device: dict[str, Any], challenge: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "step": "second_factor",
        "device": device,
        "challenge": challenge,
        "read_only_available": True,
        **extra,
    }


def dsc_step(digits: str = "595163") -> dict[str, Any]:
    return second_factor(DSC, {"kind": "dscplus", "challenge": digits, "expires_at": NOW + 180})


def ibkey_challenge_step(digits: str = "12345678") -> dict[str, Any]:
    return second_factor(IBKEY, {"kind": "ibkey_challenge", "challenge": digits, "expires_at": NOW + 180})


def push_step(**extra: Any) -> dict[str, Any]:
    challenge = {
        "kind": "ibkey_push",
        "message": "A notification was sent to your phone",
        "seconds": 180,
        **extra,
    }
    return second_factor(IBKEY, {**challenge, "expires_at": NOW + 180})


def card_step(first: int = 17, second: int = 42) -> dict[str, Any]:
    return second_factor(CARD, {"kind": "card", "indices": [first, second], "expires_at": NOW + 180})


def sms_step(channel: str = "sms", *, codes_left: int = 4, resend_after: float = NOW + 30) -> dict[str, Any]:
    message = (
        "A code was sent to +1 ••• ••• 0123"
        if channel == "sms"
        else "You will receive a call within a minute"
    )
    challenge = {
        "kind": "sms",
        "channel": channel,
        "masked_number": "+1 ••• ••• 0123",
        "message": message,
        "resend_after": resend_after,
        "codes_left": codes_left,
        "expires_at": NOW + 300,
    }
    return second_factor(SMS, challenge)


def temp_step() -> dict[str, Any]:
    return second_factor(TEMP, {"kind": "temp_passcode", "expires_at": NOW + 180})


def choose_step(*devices: dict[str, Any], preselected: str | None = None) -> dict[str, Any]:
    listed = list(devices) or [SMS, DSC, IBKEY]  # deliberately not in security order
    return {
        "step": "choose_device",
        "devices": listed,
        "preselected": preselected or listed[0]["id"],
        "read_only_available": True,
    }


def session_object(username: str = "dscuser", **changes: Any) -> dict[str, Any]:
    return {
        "status": "active",
        "message": "",
        "username": username,
        "mode": "live",
        "accounts": [{"id": "U1000001", "title": "Individual"}],
        "device": {"kind": "dscplus", "label": "Digital Security Card+ (DSC+)"},
        "withdrawal_limits": {"per_day": None, "per_5_business_days": None},
        "restrictions": [],
        "read_only": False,
        "created_at": NOW,
        "expires_at": NOW + 12 * 3600,
        **changes,
    }


def session_step(token: str = SESSION_TOKEN, **changes: Any) -> dict[str, Any]:
    return {"step": "session", "session_token": token, "session": session_object(**changes)}


def existing_step() -> dict[str, Any]:
    return {
        "step": "existing_session",
        "code": "EXISTING_SESSION",
        "message": (
            "This user name is already logged in elsewhere. Log in here and disconnect the other session?"
        ),
    }


def refusal(code: str, message: str | Message = "", status: int = 400, **details: Any) -> GatewayRefusal:
    """A refusal as the transport raises it: a catalogue `Message`, or English text of a gateway that
    sends no message id (kept as it is)."""
    if not isinstance(message, Message):
        message = texts.message(texts.GATEWAY_SAYS, text=message or code.replace("_", " ").capitalize())
    return GatewayRefusal(code, message, status, details)


# --- the fake -------------------------------------------------------------------------------------------


class FakeGateway:
    """Same method names as GatewayClient. `after_password` is the proof's step (or a refusal to raise);
    `script[name]` queues replies (dicts) or errors (raised) for every other method."""

    def __init__(self, after_password: dict[str, Any] | Exception | None = None, *, password: str = PASSWORD):
        kdf = KdfParams.new(**TEST_COST)
        self.record = srp.create_record("dscuser", password, kdf, limits=TEST_LIMITS)
        self.after_password = dsc_step() if after_password is None else after_password
        self.script: dict[str, deque[Any]] = defaultdict(deque)
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.holds: dict[str, threading.Event] = {}
        self.entered: dict[str, threading.Event] = defaultdict(threading.Event)
        self.start_reply: dict[str, Any] | None = None  # replaces the real `start` reply
        self.spoil_server_proof = False
        # A restart login: the start's challenge (base64; None: left out) and what the flow sent.
        self.restart_challenge: Any = b64(RESTART_CHALLENGE)
        self.restart_grant: str | None = None
        self.restart_signature: bytes | None = None
        self.forget_device: bool | None = None
        self.refusal_details: dict[str, Any] = {}  # the wrong password's refusal's (attempts_left, warning)
        self._challenge: srp.ServerChallenge | None = None
        self._client_public = b""

    def queue(self, method: str, *replies: Any) -> FakeGateway:
        self.script[method].extend(replies)
        return self

    def hold(self, method: str) -> threading.Event:
        """The next calls of `method` wait until the returned Event is set."""
        release = threading.Event()
        self.holds[method] = release
        return release

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def _enter(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))
        self.entered[name].set()
        release = self.holds.get(name)
        if release is not None:
            assert release.wait(HOLD_TIMEOUT), f"{name} was held and never released"

    def _scripted(self, name: str, *args: Any) -> dict[str, Any]:
        self._enter(name, *args)
        assert self.script[name], f"no scripted reply for {name}"
        reply = self.script[name].popleft()
        if isinstance(reply, Exception):
            raise reply
        return reply

    # -- the password, for real ---------------------------------------------------------------------------

    def start_login(
        self, username: str, mode: str, client_public: bytes, restart_grant: str | None = None
    ) -> dict[str, Any]:
        self._enter("start_login", username, mode)
        self.restart_grant = restart_grant
        if self.script["start_login"]:
            reply = self.script["start_login"].popleft()
            if isinstance(reply, Exception):
                raise reply
            return reply
        self._client_public = client_public
        self._challenge = srp.server_challenge(self.record)
        if self.start_reply is not None:
            return self.start_reply
        started = {
            "login_token": LOGIN_TOKEN,
            "salt": b64(self.record.salt),
            "server_public": b64(self._challenge.public),
            "kdf": self.record.kdf.to_dict(),
            "expires_at": NOW + 900,
        }
        if restart_grant is not None and self.restart_challenge is not None:
            started["restart_challenge"] = self.restart_challenge
        return started

    def prove(
        self, token: str, client_proof: bytes, restart_signature: bytes | None = None
    ) -> dict[str, Any]:
        self._enter("prove", token)
        self.restart_signature = restart_signature
        assert self._challenge is not None
        try:
            proof = srp.server_verify(self.record, self._challenge, self._client_public, client_proof).proof
        except srp.SrpError:
            raise refusal(
                "INVALID_CREDENTIALS", "Invalid user name password combination", 401, **self.refusal_details
            ) from None
        if self.spoil_server_proof:
            proof = bytes(len(proof))
        outcome = self.after_password
        if isinstance(outcome, GatewayRefusal) and outcome.code in ("WRONG_MODE", "IP_NOT_ALLOWED"):
            outcome.details.setdefault("server_proof", b64(proof))
        if isinstance(outcome, Exception):
            raise outcome
        return {"server_proof": b64(proof), **outcome}

    # -- everything else, scripted ------------------------------------------------------------------------

    def choose_device(self, token: str, device_id: str) -> dict[str, Any]:
        return self._scripted("choose_device", token, device_id)

    def wait_for_push(self, token: str, wait: float = 25) -> dict[str, Any]:
        return self._scripted("wait_for_push", token, wait)

    def switch_to_challenge(self, token: str) -> dict[str, Any]:
        return self._scripted("switch_to_challenge", token)

    def resend_code(self, token: str, channel: str) -> dict[str, Any]:
        return self._scripted("resend_code", token, channel)

    def respond(self, token: str, response: str) -> dict[str, Any]:
        return self._scripted("respond", token, response)

    def read_only(self, token: str) -> dict[str, Any]:
        return self._scripted("read_only", token)

    def answer_existing_session(self, token: str, takeover: bool) -> dict[str, Any]:
        return self._scripted("answer_existing_session", token, takeover)

    def cancel(self, token: str) -> dict[str, Any]:
        self._enter("cancel", token)
        return {"step": "cancelled"}

    def session_status(self, session_token: str) -> dict[str, Any]:
        return self._scripted("session_status", session_token)

    def logout(self, session_token: str, forget_device: bool = False) -> dict[str, Any]:
        self._enter("logout", session_token)
        self.forget_device = forget_device
        return session_object(status="logged_out")

    def create_restart_grant(
        self, session_token: str, public_key: bytes, label: str | None = None
    ) -> dict[str, Any]:
        return self._scripted("create_restart_grant", session_token, public_key, label)

    def forget_restart_grant(self, session_token: str) -> dict[str, Any]:
        return self._scripted("forget_restart_grant", session_token)


class Recorder:
    """An on_change that keeps every view it is given."""

    def __init__(self) -> None:
        self.views: list[LoginView] = []

    def __call__(self, view: LoginView) -> None:
        self.views.append(view)

    @property
    def stages(self) -> list[str]:
        return [view.stage.name for view in self.views]


class FakeClock:
    def __init__(self, now: float = 5000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_flow(
    gateway: FakeGateway, recorder: Recorder | None = None, clock: FakeClock | None = None
) -> LoginFlow:
    """A flow on the fake, with a fixed monotonic clock and the gateway's wall time."""
    return LoginFlow(
        gateway,
        on_change=recorder,
        clock=clock or FakeClock(),
        wall_clock=lambda: NOW,
        kdf_limits=TEST_LIMITS,
    )
