"""The login as a Qt-free state machine (SPEC §2): credentials → second factor → existing session →
done / failed / locked / cancelled. The UI calls its methods and renders the `LoginView` each returns and
reports through `on_change`; the console login drives the same object. What each answer of the gateway
makes of the page is decided in `auth.client.outcomes` (with the error rule); this module keeps the state.

It owns no threads. Blocking steps (network, KDF) are called by the UI on a worker; `cancel()` and
`reset()` may be called from any thread at any time: they end the attempt at once, and the late result of
a step started before is dropped by a generation counter, without a call to `on_change`.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol

from trader_login.auth import rules, texts, vocabulary
from trader_login.auth.client import exchange, kinds, outcomes, security_keys, views
from trader_login.auth.client.errors import ClientError, GatewayRefusal, ProtocolError
from trader_login.auth.client.outcomes import Outcome
from trader_login.auth.client.security_keys import KeyPrompt, SecurityKeyError, SecurityKeys
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.auth.kdf import DEFAULT_LIMITS, KdfLimits
from trader_login.auth.restart import GRANT_ID_PATTERN, PUBLIC_KEY_SIZE, restart_payload
from trader_login.auth.srp import SrpClient
from trader_login.auth.texts import Message, Text

log = logging.getLogger(__name__)

_BEFORE_START = frozenset({Stage.CREDENTIALS, Stage.FAILED, Stage.LOCKED, Stage.CANCELLED})
_IN_PROGRESS = frozenset({Stage.WORKING, Stage.CHOOSE_DEVICE, Stage.SECOND_FACTOR, Stage.EXISTING_SESSION})
_PICKING = frozenset({Stage.CHOOSE_DEVICE, Stage.SECOND_FACTOR})


class GatewayTransport(Protocol):
    """What the flow needs of `trader_login.auth.client.transport.GatewayClient` (tests pass a fake)."""

    def start_login(
        self, username: str, mode: str, client_public: bytes, restart_grant: str | None = None
    ) -> dict[str, Any]: ...
    def prove(
        self, token: str, client_proof: bytes, restart_signature: bytes | None = None
    ) -> dict[str, Any]: ...
    def choose_device(self, token: str, device_id: str) -> dict[str, Any]: ...
    def wait_for_push(self, token: str, wait: float = 25) -> dict[str, Any]: ...
    def switch_to_challenge(self, token: str) -> dict[str, Any]: ...
    def resend_code(self, token: str, channel: str) -> dict[str, Any]: ...
    def respond(self, token: str, response: str) -> dict[str, Any]: ...
    def respond_credential(
        self, token: str, credential: Mapping[str, Any], label: str | None = None
    ) -> dict[str, Any]: ...
    def read_only(self, token: str) -> dict[str, Any]: ...
    def answer_existing_session(self, token: str, takeover: bool) -> dict[str, Any]: ...
    def cancel(self, token: str) -> dict[str, Any]: ...
    def session_status(self, session_token: str) -> dict[str, Any]: ...
    def logout(self, session_token: str, forget_device: bool = False) -> dict[str, Any]: ...
    def create_restart_grant(
        self, session_token: str, public_key: bytes, label: str | None = None
    ) -> dict[str, Any]: ...
    def forget_restart_grant(self, session_token: str) -> dict[str, Any]: ...


class RestartKey(Protocol):
    """This computer's device key for a restart without the second factor (`app.restart_keys` keeps it in
    the keychain): the id of the gateway's grant bound to it, and a signature (DER ECDSA-SHA256) over a
    payload. `sign` may be slow or touch the keychain: the flow calls it on the login's worker."""

    @property
    def grant_id(self) -> str: ...
    def sign(self, payload: bytes) -> bytes: ...


class FlowStateError(RuntimeError):
    """A step called on a page that does not offer it: a bug in the caller. Names the step and stage only."""


class _StaleError(Exception):
    """The attempt was cancelled or superseded while a step was in flight."""


def _step(method: Callable[..., LoginView]) -> Callable[..., LoginView]:
    """A public step. One that was superseded, or queued before a cancel and run after it, returns the
    current view and emits nothing."""

    @functools.wraps(method)
    def run(self: LoginFlow, *args: Any, **kwargs: Any) -> LoginView:
        try:
            return method(self, *args, **kwargs)
        except _StaleError:
            return self._view

    return run


class LoginFlow:
    """One trader's login, step by step.

    Blocking: log_in, choose_device, resend_push, respond, use_security_key, wait_for_push,
    switch_to_challenge, resend_code, enter_read_only, answer_existing_session, check_session,
    grant_restart, forget_restart, log_out, abandon. Non-blocking, from any thread: cancel, reset, stop,
    view. Each step returns the new view and passes it to `on_change`,
    which runs on the thread that made the change (a worker for blocking steps), in order, under the
    flow's lock: it should only hand the view over (emit a Qt signal, print) and may call cancel/reset.
    Blocking steps show WORKING first (with the page's fields kept), except `wait_for_push`: the push
    page is itself the waiting page.
    """

    def __init__(
        self,
        transport: GatewayTransport,
        *,
        on_change: Callable[[LoginView], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        kdf_limits: KdfLimits = DEFAULT_LIMITS,
    ) -> None:
        self.kinds = kinds.load()  # every kind's client part; a half-registered kind fails here, loudly
        self._transport = transport
        self._on_change = on_change
        self.clock = clock  # deadlines and countdowns
        self.wall_clock = wall_clock  # only to read the gateway's Unix times
        self.kdf_limits = kdf_limits
        self._lock = threading.RLock()
        self._generation = 0
        self._view = LoginView(Stage.CREDENTIALS)
        self._login_token: str | None = None
        self._session_token: str | None = None
        self._ceremony: threading.Event | None = None  # the security-key ceremony's cancel, while it runs

    def __repr__(self) -> str:
        return f"LoginFlow(stage={self._view.stage.name}, username={self._view.username!r})"

    @property
    def view(self) -> LoginView:
        return self._view

    # --- non-blocking ------------------------------------------------------------------------------------

    def cancel(self) -> LoginView:
        """Ends the login in progress now: CANCELLED is emitted at once and any late reply is dropped. The
        login token is kept for `abandon()`. Outside a login in progress it does nothing."""
        with self._lock:
            if self._view.stage not in _IN_PROGRESS:
                return self._view
            self._generation += 1
            self._stop_ceremony()
            return self._show(
                outcomes.page(Stage.CANCELLED, self._view, problem=texts.message(texts.LOGIN_CANCELLED))
            )

    def reset(self) -> LoginView:
        """Back to CREDENTIALS (user name and mode kept), dropping any step in flight. A login still open on
        the gateway is left for `abandon()` (or the next `log_in`)."""
        with self._lock:
            if self._view.stage is Stage.DONE:
                raise FlowStateError("reset is not possible with a session open: log out first")
            self._generation += 1
            self._stop_ceremony()
            return self._show(outcomes.page(Stage.CREDENTIALS, self._view))

    def stop(self, problem: Message, code: str) -> LoginView:
        """Ends the attempt with FAILED, `problem` and `code`: a caller's own stop (--max-attempts: nothing
        more may be sent). Like `cancel`, any step in flight is dropped and the login token kept for
        `abandon()`. Not with a session open (FlowStateError): log out first."""
        if not isinstance(problem, Message):
            raise TypeError("stop's problem is a catalogue Message (trader_login.auth.texts)")
        with self._lock:
            if self._view.stage is Stage.DONE:
                raise FlowStateError("stop is not possible with a session open: log out first")
            self._generation += 1
            self._stop_ceremony()
            return self._show(outcomes.page(Stage.FAILED, self._view, problem=problem, error_code=code))

    # --- credentials -------------------------------------------------------------------------------------

    @_step
    def log_in(
        self, username: str, password: str, *, mode: str = "live", restart: RestartKey | None = None
    ) -> LoginView:
        """User name and password: SRP-6a over Argon2id, the gateway's M2 checked before anything else is
        sent. R1 is checked first: a refused name sends nothing. The password is not kept.

        `restart`: a restart without the second factor. The start asks for a restart challenge for the
        key's grant; the key signs it (`auth.restart.restart_payload`, on this worker) and the signature
        goes with the password's proof. Accepted: DONE at once, `view.restart.used`. Refused (the password
        was right, nothing counted): the login goes on to the second factor, every page after it keeping
        `view.restart` with the reason. A reply without a well-formed challenge fails the login as a
        protocol error, nothing signed. A grant id that is not one raises ValueError, nothing sent."""
        if mode not in ("live", "paper"):
            raise ValueError("mode must be 'live' or 'paper'")
        if restart is not None:
            grant_id = restart.grant_id
            if not isinstance(grant_id, str) or not GRANT_ID_PATTERN.fullmatch(grant_id):
                raise ValueError("the restart key has no grant id the gateway could know")
        verdict = rules.check_username(username)
        with self._lock:
            self._require("log_in", _BEFORE_START)
            credentials = LoginView(Stage.CREDENTIALS, username=username, mode=mode)
            if not verdict.ok:
                return self._show(
                    outcomes.page(
                        Stage.CREDENTIALS,
                        credentials,
                        problem=verdict.problem,
                        error_code=verdict.status.value,
                    )
                )
            self._view = credentials
            leftover, self._login_token = self._login_token, None
            generation = self._begin(texts.LOGGING_IN if restart is None else texts.RESTARTING)
        if leftover is not None:
            self._release_login(leftover)  # a login left earlier (cancelled, reset): free it now
        return self._log_in(generation, credentials, password, restart)

    def _log_in(
        self, generation: int, credentials: LoginView, password: str, restart: RestartKey | None
    ) -> LoginView:
        srp_client = SrpClient(credentials.username, limits=self.kdf_limits)
        asked = {} if restart is None else {"restart_grant": restart.grant_id}
        started = self._request(
            generation, credentials, self._transport.start_login, credentials.username, credentials.mode,
            srp_client.public, **asked,
        )  # fmt: skip
        if isinstance(started, LoginView):
            return started
        try:
            token = exchange.login_token(started)
        except ProtocolError as error:
            return self._conclude(generation, outcomes.failed(credentials, error.code, error.problem))
        with self._lock:
            current = generation == self._generation
            if current:
                self._login_token = token
        if not current:
            self._release_login(token)  # nobody will use it; this worker can afford the call
            raise _StaleError
        challenge = None
        if restart is not None:
            try:
                challenge = exchange.restart_challenge(started)
            except ProtocolError as error:
                # Nothing is signed; the login stays for `abandon()` (or the next log_in) to free.
                failure = outcomes.failed(credentials, error.code, error.problem, login_over=False)
                return self._conclude(generation, failure)
        try:
            proof = exchange.password_proof(srp_client, started, password)
        except exchange.UntrustedGatewayError as error:
            return self._untrusted(generation, credentials, token, error.code, error.problem)
        if generation != self._generation:
            raise _StaleError  # cancelled during the KDF: nothing more is signed or sent
        signed = {}
        if restart is not None and challenge is not None:
            signed["restart_signature"] = self._sign_restart(generation, credentials, restart, challenge)
            if generation != self._generation:
                raise _StaleError  # cancelled while the key signed
        try:
            reply = self._transport.prove(token, proof, **signed)
        except GatewayRefusal as error:
            # WRONG_MODE and IP_NOT_ALLOWED follow a right password: the gateway proves itself there too.
            if "server_proof" in error.details and not exchange.server_proven(srp_client, error.details):
                return self._untrusted(
                    generation, credentials, token, "SERVER_PROOF", texts.message(texts.SERVER_PROOF)
                )
            return self._conclude(generation, self._after_refusal(error, credentials))
        except ClientError as error:
            return self._conclude(generation, self._after_refusal(error, credentials))
        except Exception:
            self._give_up(generation)
            raise
        if not exchange.server_proven(srp_client, reply):
            return self._untrusted(
                generation, credentials, token, "SERVER_PROOF", texts.message(texts.SERVER_PROOF)
            )
        return self._conclude_step(generation, reply, credentials)

    # --- second factor -----------------------------------------------------------------------------------

    @_step
    def choose_device(self, device_id: str) -> LoginView:
        """M2FS: the device picked from the list, or another one (or the same again) on a second-factor
        page. A device not listed is refused here."""
        with self._lock:
            self._require("choose_device", _PICKING)
            listed = self._view.devices or ((self._view.device,) if self._view.device else ())
            if all(device.id != device_id for device in listed):
                return self._show(
                    self._changed(
                        problem=texts.message(texts.CHOOSE_LISTED_DEVICE), error_code="UNKNOWN_DEVICE"
                    )
                )
        return self._call(
            texts.CONTACTING_DEVICE, lambda token: self._transport.choose_device(token, device_id)
        )

    @_step
    def resend_push(self) -> LoginView:
        """After an expired or denied IB Key notification: a new one to the same phone."""
        with self._lock:
            self._require_challenge("resend_push", push=True)
            device = self._view.device
        if device is None:
            raise FlowStateError("resend_push needs the page's device")
        return self.choose_device(device.id)

    @_step
    def respond(self, text: str) -> LoginView:
        """The typed response, normalised for the device (R4: spaces removed; card codes and temporary
        passcodes upper-cased). One that cannot be right is refused here, unsent: sending it would count
        towards the lockout (R3)."""
        with self._lock:
            challenge = self._require_challenge("respond", push=False)
            if challenge.uses_security_key:
                raise FlowStateError(f"a {challenge.kind} challenge is answered by use_security_key")
            response, problem = exchange.prepare_response(challenge.kind, text)
            if problem is not None:
                return self._show(self._changed(problem=problem, error_code="RESPONSE_FORMAT"))
        return self._call(texts.CHECKING_RESPONSE, lambda token: self._transport.respond(token, response))

    @_step
    def use_security_key(
        self,
        keys: SecurityKeys,
        *,
        cancel: threading.Event,
        prompt: KeyPrompt | None = None,
        label: str | None = None,
    ) -> LoginView:
        """The security key's answer to the standing `passkey` (an assertion) or `passkey_registration`
        challenge (a new credential, named `label`: `rules.check_device_label`'s rule, else ValueError
        before anything; blank for none): the
        WebAuthn ceremony on `keys` (`SecurityKeys.ceremony`: every key of the user name at once, the origin
        this flow's gateway's, the challenge's deadline on the flow's clock), then `POST /v1/login/passkey`.

        Shows WORKING (`waiting_for_key`, or `registering_key`) while the ceremony runs and
        `checking_response` while an assertion is sent; returns the next page as `respond` does. A
        ceremony that ends without an answer (no key, not touched in time, not registered, already
        registered, PIN trouble, rp id mismatch, a key's error) returns the SAME page, same challenge, with
        its message and a `SECURITY_KEY_…` error code: nothing was sent, nothing counted. `cancel` set by
        the caller ends the ceremony the same way, with no message (`SECURITY_KEY_CANCELLED`); the flow's
        `cancel()` (or `reset()`) sets it and ends the login as on any page. A challenge whose deadline
        has passed is renewed first (the device chosen again): the page that gives (for a registration, the
        enrolment code again) is returned unless it is a security-key challenge again.
        """
        if label is not None:
            checked = rules.check_device_label(label)
            if not checked.ok:
                raise ValueError(checked.message)  # before the ceremony: nothing touched, nothing sent
            label = rules.device_label(label)
        with self._lock:
            challenge = self._require_key_challenge("use_security_key")
            device = self._view.device
            expired = self.clock() >= challenge.extra["deadline"]
        if expired:
            if device is None:
                raise FlowStateError("use_security_key needs the page's device")
            renewed = self.choose_device(device.id)
            challenge = renewed.challenge
            if renewed.stage is not Stage.SECOND_FACTOR or not (challenge and challenge.uses_security_key):
                return renewed
        origin = getattr(self._transport, "origin", None)
        if not isinstance(origin, str):
            raise FlowStateError("use_security_key needs a transport that knows its gateway's origin")
        with self._lock:
            challenge = self._require_key_challenge("use_security_key")
            context, token = self._view, self._login_token
            options = challenge.extra["public_key"]
            registering = security_keys.is_registration(options)
            generation = self._begin(texts.REGISTERING_KEY if registering else texts.WAITING_FOR_KEY)
            self._ceremony = cancel
        try:
            credential = keys.ceremony(
                options,
                origin=origin,
                username=context.username,
                cancel=cancel,
                prompt=prompt,
                deadline=challenge.extra["deadline"],
                clock=self.clock,
            )
        except SecurityKeyError as ended:
            log.debug("security key: %s", ended.code)
            return self._conclude(
                generation, Outcome(self._changed(context, problem=ended.problem, error_code=ended.code))
            )
        except Exception:
            self._give_up(generation)
            raise
        finally:
            with self._lock:
                if self._ceremony is cancel:
                    self._ceremony = None
        with self._lock:
            if generation != self._generation:
                raise _StaleError  # cancelled as the key answered: nothing is sent
            if not registering:
                self._show(self._changed(stage=Stage.WORKING, problem=texts.message(texts.CHECKING_RESPONSE)))
        try:
            reply = self._transport.respond_credential(
                _known(token), credential, label if registering else None
            )
        except ClientError as error:
            outcome = outcomes.after_credential_refusal(
                error, context, monotonic=self.clock, wall=self.wall_clock
            )
            return self._conclude(generation, outcome)
        except Exception:
            self._give_up(generation)
            raise
        return self._conclude_step(generation, reply, context)

    @_step
    def wait_for_push(self, max_wait: float = 25) -> LoginView:
        """One long-poll round for the IB Key notification. Pending: the same view, nothing emitted.
        Approved: DONE or EXISTING_SESSION. Denied: "Login failed" and a new notification. Expired: the
        gateway's message; `resend_push()` or `switch_to_challenge()` go on from there."""
        wait = min(max(float(max_wait), 0.0), vocabulary.PUSH_WAIT_MAX)
        with self._lock:
            self._require_challenge("wait_for_push", push=True)
            # Any step started meanwhile (switching to challenge/response, cancel) supersedes this poll.
            self._generation += 1
            generation, token, context = self._generation, self._login_token, self._view
        reply = self._request(generation, context, self._transport.wait_for_push, _known(token), wait=wait)
        if isinstance(reply, LoginView):
            return reply
        if reply.get("status") == "pending":
            return self._view
        return self._conclude_step(generation, reply, context)

    @_step
    def switch_to_challenge(self) -> LoginView:
        """R5: "Click here if you do not receive the notification": IB Key challenge/response instead."""
        with self._lock:
            self._require_challenge("switch_to_challenge", push=True)
        return self._call(texts.ASKING_CHALLENGE, self._transport.switch_to_challenge)

    @_step
    def resend_code(self, channel: str) -> LoginView:
        """R10: "Didn't receive a security code?": a new code by "sms" or a "voice" call."""
        if channel not in ("sms", "voice"):
            raise ValueError("channel must be 'sms' or 'voice'")
        with self._lock:
            if not self._require_challenge("resend_code", push=False).sends_codes:
                raise FlowStateError("resend_code is offered only where the gateway sends the code")
        return self._call(texts.SENDING_CODE, lambda token: self._transport.resend_code(token, channel))

    @_step
    def enter_read_only(self) -> LoginView:
        """ "Enter read only": a session without the second factor (market data and portfolio only)."""
        with self._lock:
            self._require("enter_read_only", _PICKING)
            if not self._view.read_only_available:
                raise FlowStateError("read-only entry is not offered on this page")
        return self._call(texts.OPENING_READ_ONLY, self._transport.read_only)

    # --- existing session and the session ----------------------------------------------------------------

    @_step
    def answer_existing_session(self, takeover: bool) -> LoginView:
        """Yes: this login takes over and the other session ends. No: CANCELLED, the other one stays."""
        with self._lock:
            self._require("answer_existing_session", {Stage.EXISTING_SESSION})
        return self._call(
            texts.TAKING_OVER if takeover else texts.KEEPING_OTHER,
            lambda token: self._transport.answer_existing_session(token, bool(takeover)),
        )

    @_step
    def check_session(self) -> LoginView:
        """Reads the session's status again; poll every few seconds to notice `taken_over`."""
        with self._lock:
            self._require("check_session", {Stage.DONE})
            generation, token, context = self._generation, self._session_token, self._view
        try:
            session = views.read_session(self._transport.session_status(_known(token)))
        except ClientError as error:
            return self._conclude(
                generation, Outcome(self._changed(context, problem=error.problem, error_code=error.code))
            )
        return self._conclude(
            generation, Outcome(self._changed(context, session=session, problem=session.notice))
        )

    @_step
    def grant_restart(self, public_key: bytes, label: str | None = None) -> LoginView:
        """ "Restart without the second factor until …": binds a restart grant to this computer's device
        key (`public_key`, X9.62 uncompressed P-256) for the session's user name and mode, ending any other
        computer's. DONE again with the new grant in `view.session.restart_grant` (its `cutoff_at` is when
        it ends); a refusal (RESTART_NOT_ALLOWED, RESTART_DISABLED, EXPIRED, …) leaves the session as it
        was, with the gateway's message and code. The caller remembers the key with the grant's id.
        A key that is not 65 bytes, or a `label` over 64 characters or with control characters: ValueError,
        nothing sent (a blank label is none)."""
        if not isinstance(public_key, bytes | bytearray) or len(public_key) != PUBLIC_KEY_SIZE:
            raise ValueError("the device key's public half is an uncompressed P-256 point of 65 bytes")
        if label is not None:
            if not isinstance(label, str) or len(label) > 64 or not label.isprintable():
                raise ValueError("the computer's name is at most 64 characters, without control characters")
            label = label.strip() or None
        with self._lock:
            self._require("grant_restart", {Stage.DONE})
            self._generation += 1
            generation, token, context = self._generation, self._session_token, self._view
        try:
            reply = self._transport.create_restart_grant(_known(token), bytes(public_key), label)
            grant = views.read_restart_grant(reply.get("grant"))
        except ClientError as error:
            return self._conclude(generation, self._session_problem(context, error))
        session = context.session
        if session is not None:
            session = dataclasses.replace(session, restart_grant=grant)
        done = self._changed(context, session=session, problem=None, error_code=None)
        return self._conclude(generation, Outcome(done))

    @_step
    def forget_restart(self) -> LoginView:
        """Ends the user name's restart grant for the session's mode (whichever computer holds it): DONE
        again without it. A refusal leaves the session as it was, with the message."""
        with self._lock:
            self._require("forget_restart", {Stage.DONE})
            self._generation += 1
            generation, token, context = self._generation, self._session_token, self._view
        try:
            reply = self._transport.forget_restart_grant(_known(token))
            views.wire_field(reply, "ended", bool)
        except ClientError as error:
            return self._conclude(generation, self._session_problem(context, error))
        session = context.session
        if session is not None:
            session = dataclasses.replace(session, restart_grant=None)
        done = self._changed(context, session=session, problem=None, error_code=None)
        return self._conclude(generation, Outcome(done))

    @_step
    def log_out(self, forget_device: bool = False) -> LoginView:
        """Ends the session on the gateway and returns to CREDENTIALS. The session is forgotten here
        whatever the gateway answers; a failure to tell it is only reported in the message.
        `forget_device`: the user name's restart grant for the mode ends too ("forget this device")."""
        with self._lock:
            self._require("log_out", {Stage.DONE})
            token, self._session_token = self._session_token, None
            context = self._view
            generation = self._begin(texts.LOGGING_OUT)
        problem: Message | None = None
        code = None
        try:
            if forget_device:
                self._transport.logout(_known(token), forget_device=True)
            else:
                self._transport.logout(_known(token))
        except ClientError as error:
            problem, code = texts.message(texts.LOGGED_OUT_UNTOLD, why=error.problem), error.code
        return self._conclude(
            generation, Outcome(outcomes.page(Stage.CREDENTIALS, context, problem=problem, error_code=code))
        )

    def abandon(self) -> None:
        """Blocking, best effort, never raises: tells the gateway a cancelled or left login is over
        (DELETE /v1/login), so its notification leaves the phone. Does nothing while a login is in use."""
        with self._lock:
            if self._view.stage in _IN_PROGRESS:
                return
            token, self._login_token = self._login_token, None
        if token is not None:
            self._release_login(token)

    # --- machinery ---------------------------------------------------------------------------------------

    def _sign_restart(
        self, generation: int, credentials: LoginView, restart: RestartKey, challenge: bytes
    ) -> bytes:
        payload = restart_payload(restart.grant_id, credentials.username, credentials.mode, challenge)
        try:
            signature = restart.sign(payload)
        except Exception:
            self._give_up(generation)
            raise
        if not isinstance(signature, bytes):
            self._give_up(generation)
            raise TypeError("a restart key signs to bytes")
        return signature

    def _session_problem(self, context: LoginView, error: ClientError) -> Outcome:
        """A refused call on the session: the session page as it was, with the message and code."""
        return Outcome(self._changed(context, problem=error.problem, error_code=error.code))

    def _require(self, step: str, stages: Collection[Stage]) -> None:
        stage = self._view.stage
        if stage is Stage.CANCELLED and stage not in stages:
            raise _StaleError  # queued before a cancel: the trader has moved on
        if stage not in stages:
            raise FlowStateError(f"{step} is not possible at stage {stage.name}")

    def _require_challenge(self, step: str, *, push: bool) -> Challenge:
        self._require(step, {Stage.SECOND_FACTOR})
        challenge = self._view.challenge
        if challenge is None or challenge.is_push != push:
            raise FlowStateError(
                f"{step} is not possible for a {challenge.kind if challenge else 'missing'} challenge"
            )
        return challenge

    def _require_key_challenge(self, step: str) -> Challenge:
        self._require(step, {Stage.SECOND_FACTOR})
        challenge = self._view.challenge
        if challenge is None or not challenge.uses_security_key:
            raise FlowStateError(
                f"{step} is not possible for a {challenge.kind if challenge else 'missing'} challenge"
            )
        return challenge

    def _stop_ceremony(self) -> None:
        """The lock held: a security-key ceremony in progress stops (its keys are cancelled)."""
        if self._ceremony is not None:
            self._ceremony.set()
            self._ceremony = None

    def _begin(self, doing: Text) -> int:
        """Starts a blocking step, the lock held: WORKING, with the page's fields kept."""
        self._generation += 1
        self._show(
            self._changed(
                stage=Stage.WORKING, problem=texts.message(doing), error_code=None, retry_after=None
            )
        )
        return self._generation

    def _call(self, working: Text, request: Callable[[str], dict[str, Any]]) -> LoginView:
        """One step with the login token: WORKING, the request, then the page its answer makes."""
        with self._lock:
            context, token = self._view, self._login_token
            generation = self._begin(working)
        reply = self._request(generation, context, request, _known(token))
        if isinstance(reply, LoginView):
            return reply
        return self._conclude_step(generation, reply, context)

    def _request(
        self,
        generation: int,
        context: LoginView,
        request: Callable[..., dict[str, Any]],
        *args: Any,
        **kwargs: Any,
    ) -> dict[str, Any] | LoginView:
        """The reply, or the page a refusal or failure makes (already shown)."""
        try:
            return request(*args, **kwargs)
        except ClientError as error:
            return self._conclude(generation, self._after_refusal(error, context))
        except Exception:
            self._give_up(generation)
            raise

    def _after_refusal(self, error: ClientError, context: LoginView) -> Outcome:
        return outcomes.after_refusal(error, context, monotonic=self.clock, wall=self.wall_clock)

    def _conclude_step(self, generation: int, reply: Mapping[str, Any], context: LoginView) -> LoginView:
        try:
            outcome = outcomes.after_step(reply, context, monotonic=self.clock, wall=self.wall_clock)
        except ProtocolError as error:
            outcome = outcomes.failed(context, error.code, error.problem, login_over=False)
        return self._conclude(generation, outcome)

    def _conclude(self, generation: int, outcome: Outcome) -> LoginView:
        """Shows the outcome, unless the attempt moved on: then it is dropped without a word, and a session
        it opened is logged out, or it would stand in the way of the next login (one session per user)."""
        with self._lock:
            current = generation == self._generation
            if current:
                if outcome.login_over:
                    self._login_token = None
                if outcome.session_token is not None:
                    self._session_token = outcome.session_token
                self._show(outcome.view)
        if not current and outcome.session_token is not None:
            self._release_session(outcome.session_token)
        if not current:
            raise _StaleError
        return outcome.view

    def _untrusted(
        self, generation: int, context: LoginView, token: str, code: str, problem: Message
    ) -> LoginView:
        """The gateway failed to prove itself, or asked for what this client refuses: not one more word to
        it, not even the DELETE of `abandon()` (so the token goes even if the attempt was cancelled)."""
        with self._lock:
            if self._login_token == token:
                self._login_token = None
        return self._conclude(generation, outcomes.failed(context, code, problem, login_over=True))

    def _give_up(self, generation: int) -> None:
        """A bug, not an answer, is about to surface: leave WORKING so that the page is usable again."""
        with self._lock:
            if generation == self._generation:
                self._show(
                    outcomes.page(
                        Stage.FAILED,
                        self._view,
                        problem=texts.message(texts.CLIENT_FAULT),
                        error_code="INTERNAL",
                    )
                )

    def _show(self, view: LoginView) -> LoginView:
        previous, self._view = self._view, view
        log.debug("login %s -> %s %s", previous.stage.name, view.stage.name, view.error_code or "")
        if self._on_change is not None:
            self._on_change(view)
        return view

    def _changed(self, base: LoginView | None = None, **changes: Any) -> LoginView:
        """A page (the current one by default) with some fields changed. The challenge is no longer new
        (`new_challenge`) unless told: it was new on the page that showed it first; nor does the
        attempts-left warning stay, unless told."""
        changes.setdefault("new_challenge", False)
        # The attempts-left warning belongs to the refusal that brought it, not to the steps after.
        changes.setdefault("attempts_left", None)
        changes.setdefault("warning", None)
        return dataclasses.replace(base or self._view, **changes)

    def _release_login(self, token: str) -> None:
        try:
            self._transport.cancel(token)
        except Exception as error:  # best effort: the gateway ends unused logins by itself
            log.debug("cancelling a left login failed: %s", type(error).__name__)

    def _release_session(self, token: str) -> None:
        try:
            self._transport.logout(token)
        except Exception as error:
            log.debug("logging out a session nobody waited for failed: %s", type(error).__name__)


def _known(token: str | None) -> str:
    if token is None:
        raise FlowStateError("no login or session is open")
    return token
