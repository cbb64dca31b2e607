"""What each gateway answer makes of the login page: pure functions from a step object or a refusal and
the page it answered to, to the next `LoginView`. The state, threads and tokens stay in `auth.client.flow`.

The error rule lives here. A refusal that ends a started login (wrong password, wrong mode, IP restriction,
no device, portal-only passcode, expired login, any transport failure, …) gives FAILED with the gateway's
message: the trader tries again with a new `log_in`. A refusal before any login exists (the user-name rules
R1, RATE_LIMITED on start) stays at CREDENTIALS with the message. A wrong or expired second-factor answer
stays on the second-factor page with the refusal's message (what to check, by the device kind) and the
challenge of its `next`, marked `new_challenge` when it replaced the one answered. RATE_LIMITED and
TOO_MANY_CODES leave the page as it was, with the message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trader_login.auth import texts
from trader_login.auth.client import views
from trader_login.auth.client.errors import ClientError, GatewayRefusal, ProtocolError
from trader_login.auth.client.views import LoginView, Stage
from trader_login.auth.texts import Message

# Refusals whose `next` step keeps the login on the second-factor page.
_RETRY_CODES = frozenset({"LOGIN_FAILED", "EXPIRED"})
# Refused on the credentials page: the gateway's own user-name rules, or too many logins from here.
_BEFORE_START_CODES = frozenset({"EMPTY", "UPPER_CASE", "BAD_CHARACTER", "RATE_LIMITED"})
# Refusals that leave the page as it was, the login still alive.
_STAY_CODES = frozenset({"RATE_LIMITED", "TOO_MANY_CODES"})

Clock = Callable[[], float]


@dataclass(frozen=True)
class Outcome:
    """The next page, and what the answer did to the login on the gateway."""

    view: LoginView
    session_token: str | None = dataclasses.field(default=None, repr=False)  # a session this answer opened
    login_over: bool = False  # the gateway ended the login: its token is of no more use


def page(stage: Stage, context: LoginView, **fields: Any) -> LoginView:
    """A fresh page: only the user name and mode carry over from `context`, and what became of a restart
    without the second factor (`restart`), which the pages after it keep (not the credentials page: that
    starts over)."""
    if stage is not Stage.CREDENTIALS:
        fields.setdefault("restart", context.restart)
    return LoginView(stage, username=context.username, mode=context.mode, **fields)


def failed(context: LoginView, code: str, problem: Message, *, login_over: bool = True) -> Outcome:
    return Outcome(page(Stage.FAILED, context, problem=problem, error_code=code), login_over=login_over)


def after_step(
    reply: Mapping[str, Any],
    context: LoginView,
    *,
    monotonic: Clock,
    wall: Clock,
    problem: Message | None = None,
    code: str | None = None,
    push_expired: bool = False,
) -> Outcome:
    """A step object (docs/protocol.md §3) answering the page `context`. Raises ProtocolError.
    A step that carries a `restart` object (a restart login's refusal) sets the login's `restart`."""
    step = views.wire_field(reply, "step", str)
    if reply.get("restart") is not None:
        context = dataclasses.replace(context, restart=views.read_restart(reply["restart"]))
    offered = reply.get("read_only_available")
    if step == "choose_device":
        devices = views.read_devices(reply)
        preselected = reply.get("preselected")
        if not any(device.id == preselected for device in devices):
            preselected = devices[0].id
        return Outcome(
            page(
                Stage.CHOOSE_DEVICE,
                context,
                problem=problem,
                error_code=code,
                devices=devices,
                preselected=preselected,
                read_only_available=offered is True,
            )
        )
    if step == "second_factor":
        device = views.read_device(reply.get("device"))
        challenge = views.read_challenge(
            reply.get("challenge"), monotonic=monotonic, wall=wall, push_expired=push_expired
        )
        # Push polls and expiries repeat the step without the flag: the page keeps what it offered.
        read_only = offered if isinstance(offered, bool) else context.read_only_available
        return Outcome(
            page(
                Stage.SECOND_FACTOR,
                context,
                problem=problem,
                error_code=code,
                devices=context.devices,
                preselected=context.preselected,
                device=device,
                challenge=challenge,
                read_only_available=read_only,
            )
        )
    if step == "existing_session":
        views.wire_field(reply, "message", str)
        # The step says what the question is; the gateway's words (or its message id) add nothing.
        asked = texts.message(texts.EXISTING_SESSION)
        return Outcome(page(Stage.EXISTING_SESSION, context, problem=asked, error_code="EXISTING_SESSION"))
    if step == "session":
        token = views.wire_field(reply, "session_token", str)
        session = views.read_session(reply.get("session"))
        restart = context.restart
        if restart is None and session.opened_by_restart:
            restart = views.RESTART_USED
        return Outcome(
            page(Stage.DONE, context, session=session, problem=session.notice, restart=restart),
            session_token=token,
            login_over=True,
        )
    if step == "cancelled":
        kept = texts.message(texts.KEPT_OTHER_SESSION)
        return Outcome(page(Stage.CANCELLED, context, problem=kept), login_over=True)
    raise ProtocolError(detail="an unknown step")


def after_credential_refusal(
    error: ClientError, context: LoginView, *, monotonic: Clock, wall: Clock
) -> Outcome:
    """A refusal of a security key's answer (`POST /v1/login/passkey`). A 400 (a credential the gateway
    could not read, a registration it refused by policy) is not counted and leaves the challenge standing:
    the same page with the gateway's message, the key may be tried again. Anything else: `after_refusal`."""
    if isinstance(error, GatewayRefusal) and error.status == 400:
        view = dataclasses.replace(
            context,
            problem=error.problem,
            error_code=error.code,
            new_challenge=False,
            attempts_left=None,
            warning=None,
        )
        return Outcome(view)
    return after_refusal(error, context, monotonic=monotonic, wall=wall)


def after_refusal(error: ClientError, context: LoginView, *, monotonic: Clock, wall: Clock) -> Outcome:
    """A refusal or transport failure of a step taken on the page `context` (the error rule above). A
    counted refusal's attempts left (and its warning) go on the page it makes."""
    if isinstance(error, GatewayRefusal):
        try:
            left, warning = views.read_attempts_left(error.details)
        except ProtocolError as bad:
            return failed(context, bad.code, bad.problem, login_over=False)
        outcome = _after_refusal(error, context, monotonic=monotonic, wall=wall)
        if left is None and warning is None:
            return outcome
        shown = dataclasses.replace(outcome.view, attempts_left=left, warning=warning)
        return dataclasses.replace(outcome, view=shown)
    return _after_refusal(error, context, monotonic=monotonic, wall=wall)


def _after_refusal(error: ClientError, context: LoginView, *, monotonic: Clock, wall: Clock) -> Outcome:
    if not isinstance(error, GatewayRefusal):
        # The gateway may still hold the login (a timeout, a dropped connection): abandon() can free it.
        return failed(context, error.code, error.problem, login_over=False)
    if error.code == "LOCKED":
        until = error.details.get("locked_until")
        known = isinstance(until, int | float) and not isinstance(until, bool)
        view = page(
            Stage.LOCKED,
            context,
            problem=error.problem,
            error_code="LOCKED",
            locked_until=float(until) if known else None,
        )
        return Outcome(view, login_over=True)
    following = error.details.get("next")
    if error.code in _RETRY_CODES and isinstance(following, Mapping):
        try:
            outcome = after_step(
                following,
                context,
                monotonic=monotonic,
                wall=wall,
                problem=error.problem,
                code=error.code,
                push_expired=error.code == "EXPIRED",
            )
        except ProtocolError as bad:
            return failed(context, bad.code, bad.problem, login_over=False)
        shown = outcome.view.challenge
        if shown is not None and context.challenge is not None and not shown.same_as(context.challenge):
            # A fresh challenge replaced the one answered: the page shows it as new.
            outcome = dataclasses.replace(outcome, view=dataclasses.replace(outcome.view, new_challenge=True))
        return outcome
    retry = error.retry_after
    problem = error.problem
    if context.stage is Stage.CREDENTIALS and error.code in _BEFORE_START_CODES:
        # A login the rate limit stopped at `proof` is left to abandon(), or to the next log_in.
        view = page(
            Stage.CREDENTIALS,
            context,
            problem=problem,
            error_code=error.code,
            retry_after=retry,
        )
        return Outcome(view)
    if context.stage is not Stage.CREDENTIALS and error.code in _STAY_CODES:
        challenge = context.challenge
        if retry is not None and challenge is not None and challenge.resend_after is not None:
            # "Please wait N seconds": the countdown to the resend link follows the gateway.
            challenge = dataclasses.replace(challenge, resend_after=monotonic() + retry)
        view = dataclasses.replace(
            context,
            problem=problem,
            error_code=error.code,
            retry_after=retry,
            challenge=challenge,
            new_challenge=False,
            attempts_left=None,
            warning=None,
        )
        return Outcome(view)
    return failed(context, error.code, error.problem)
