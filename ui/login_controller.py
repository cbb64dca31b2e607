"""The presenter between the Qt-free `LoginFlow` and the windows: every blocking step runs on a worker,
every view comes back to the GUI thread as `viewChanged`.

A step that holds a device of this computer (a security key waiting for its touch) is a `tasks.Ceremony`
(`run_ceremony`): it runs on a worker too, with the security keys the composition root gave the controller,
and Cancel (or closing the window) sets its event so the device call returns at once.

It also keeps the two waits the trader does not start by hand going: the IB Key notification's long poll
while the push page shows, and the session status poll (to notice a takeover) while a session is open.
The flow and the gateway client are built on a worker by `connect` (the heavy imports and the embedded
gateway's start-up stay off the path to the first paint).

Unattended running (issue 19) comes from the composition root as one Qt-free object
(`auth.client.unattended.Unattended`, `unattended=`): its `decide(view)` answers what the trader would
(the existing session, a second factor that timed out) or ends the app (`exitRequested`); its restart
key signs a `--restart` login; it makes and forgets this computer's restart grant for the session window.
Without it the window asks, as it always has.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from trader_login.ui.tasks import Ceremony, TaskRunner

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import LoginView
    from trader_login.auth.texts import Message

# auth.client.views (the views are frozen dataclasses: a few ms to define) is imported by the methods that
# use it, all of which run after the window's first paint.

log = logging.getLogger(__name__)

# Connect returns the flow, built on a worker around a gateway client; `on_change` must be passed in.
Connect = Callable[[Callable[["LoginView"], None]], "LoginFlow"]

PUSH_POLL_SECONDS = 3.0  # one long-poll round; short enough that closing the window never waits long
SESSION_POLL_MS = 2000  # a takeover elsewhere shows within this (SPEC §2: "within a few seconds")


class LoginController(QObject):
    """One trader's login and session for one window. Call its methods on the GUI thread."""

    viewChanged = Signal(object)  # LoginView
    ready = Signal()  # the gateway is reachable and the flow exists
    connectFailed = Signal(object)  # the Message to show (trader_login.ui.messages.render)
    # Every view the controller receives, also those a policy answers without showing them (--json).
    viewSeen = Signal(object)  # LoginView
    exitRequested = Signal(int)  # a policy ends the app with this exit code (unattended)
    # A policy uses the security key again after it was not touched in time: the page's "Try again".
    retryKeyRequested = Signal()
    # A restart grant was made or forgotten from the session window (autoRestartCheck): the Message of a
    # refusal or failure, or None.
    restartChanged = Signal(object)
    # Which restart grant this computer holds for the session was read from the keychain (`held_grant_id`).
    restartHeldRead = Signal()

    def __init__(
        self,
        connect: Connect,
        *,
        tasks: TaskRunner | None = None,
        clock: Callable[[], float] = time.monotonic,
        push_poll_seconds: float = PUSH_POLL_SECONDS,
        session_poll_ms: int = SESSION_POLL_MS,
        security_keys: Callable[[], Any] | None = None,
        unattended: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._connect = connect
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.clock = clock
        self._push_poll_seconds = push_poll_seconds
        self._flow: LoginFlow | None = None
        self._view: LoginView | None = None  # CREDENTIALS until the first step
        self._queued_login: tuple[str, str, str] | None = None
        self._connecting = False
        self._connect_problem: Message | None = None
        self._push_poll: int | None = None
        self._session_poll: int | None = None
        self._closed = False
        self._keys_lock = threading.Lock()
        self._keys: Any = None
        self._security_keys: Any = None
        self.security_keys = security_keys
        self._ceremony: Ceremony | None = None
        # auth.client.unattended.Unattended (policies, --restart, the restart key), or None: ask, as always.
        self.unattended: Any = unattended
        # Why this login is no restart without the second factor although --restart asked for one (this
        # computer holds no key for the user name); a refusal by the gateway comes in `view.restart`.
        self.restart_notice: Message | None = None
        self.held_grant_id: str | None = None  # the restart grant this computer holds for the session
        # Whether `held_grant_id` is known: False while the keychain is read for a session just opened.
        self.held_grant_known = True
        self._decided: LoginView | None = None  # the last view given to unattended.decide
        self._decided_answered = False  # whether a policy answered it (not shown)
        self._expiry_asked: Any = None  # the push challenge whose expiry was asked of the gateway
        self._relay = _ViewRelay(self)
        self._relay.changed.connect(self._flow_changed)
        self._session_timer = QTimer(self)
        self._session_timer.setInterval(session_poll_ms)
        self._session_timer.timeout.connect(self._poll_session)

    def __repr__(self) -> str:
        stage = self._view.stage.name if self._view is not None else "CREDENTIALS"
        return f"LoginController(stage={stage}, ready={self._flow is not None})"

    # --- state --------------------------------------------------------------------------------------------

    @property
    def view(self) -> LoginView:
        if self._view is None:
            from trader_login.auth.client.views import LoginView, Stage

            self._view = LoginView(Stage.CREDENTIALS)
        return self._view

    @property
    def is_ready(self) -> bool:
        return self._flow is not None

    @property
    def connect_problem(self) -> Message | None:
        """Why the last start failed (texts.GATEWAY_NOT_STARTED), or None."""
        return self._connect_problem

    @property
    def connect_error(self) -> str | None:
        """`connect_problem` in English ("The gateway could not be started: ..."), for logs; or None."""
        from trader_login.auth.client.errors import english

        return english(self._connect_problem) if self._connect_problem is not None else None

    @property
    def flow(self) -> LoginFlow | None:
        return self._flow

    def start(self) -> None:
        """Builds the flow (and whatever `connect` starts) on a worker."""
        if self._flow is not None or self._connecting or self._closed:
            return
        self._connecting = True
        self._connect_problem = None
        self.tasks.run(lambda: self._connect(self._relay.changed.emit), self._connected, self._connect_failed)

    def _connected(self, flow: LoginFlow) -> None:
        self._connecting = False
        self._flow = flow
        self.ready.emit()
        queued, self._queued_login = self._queued_login, None
        if queued is not None:
            self.log_in(*queued)

    def _connect_failed(self, error: BaseException) -> None:
        from trader_login.auth import texts
        from trader_login.auth.client.views import LoginView, Stage

        self._connecting = False
        # A ClientError says why in the catalogue; anything else (a gateway that failed to start) only has
        # its own words, shown as they are.
        why = getattr(error, "problem", None)
        if not isinstance(why, texts.Message):
            why = texts.message(texts.GATEWAY_SAYS, text=f"{type(error).__name__}: {error}")
        problem = texts.message(texts.GATEWAY_NOT_STARTED, why=why)
        self._connect_problem = problem
        log.error("gateway connection failed: %s", type(error).__name__)
        queued, self._queued_login = self._queued_login, None
        # The signal first: a window that waits for the queued Log In leaves the message to its page.
        self.connectFailed.emit(problem)
        if queued is not None:
            self._emit(
                LoginView(
                    Stage.FAILED,
                    problem=problem,
                    error_code="GATEWAY_NOT_STARTED",
                    username=queued[0],
                    mode=queued[2],
                )
            )

    # --- the trader's actions -----------------------------------------------------------------------------

    def log_in(self, username: str, password: str, mode: str) -> None:
        from trader_login.auth import rules, texts  # lazy: loaded at the first Log In, after the first paint
        from trader_login.auth.client.views import LoginView, Stage

        verdict = rules.check_username(username)
        if not verdict.ok:  # R1 answers at once, even before the gateway is up
            self._emit(
                LoginView(
                    Stage.CREDENTIALS,
                    problem=verdict.problem,
                    error_code=verdict.status.value,
                    username=username,
                    mode=mode,
                )
            )
            return
        if self._flow is None:
            self._queued_login = (username, password, mode)
            starting = texts.message(texts.STARTING)
            self._emit(LoginView(Stage.WORKING, problem=starting, username=username, mode=mode))
            if not self._connecting:
                self.start()  # a failed start is retried by the next Log In
            return
        self.restart_notice = None
        unattended = self.unattended
        if unattended is not None and getattr(unattended, "restart", False):

            def restart(flow: LoginFlow) -> Any:
                key, notice = unattended.restart_key(username, mode)  # the keychain: on this worker
                self.restart_notice = notice
                return flow.log_in(username, password, mode=mode, restart=key)

            self._run(restart)
            return
        self._run(lambda flow: flow.log_in(username, password, mode=mode))

    @property
    def restarting(self) -> bool:
        """Log In asks for a restart without the second factor (`trader-login --restart`)."""
        return self.unattended is not None and bool(getattr(self.unattended, "restart", False))

    def choose_device(self, device_id: str) -> None:
        self._run(lambda flow: flow.choose_device(device_id))

    def respond(self, text: str) -> None:
        self._run(lambda flow: flow.respond(text))

    def switch_to_challenge(self) -> None:
        self._stop_push_poll()
        self._run(lambda flow: flow.switch_to_challenge())

    def resend_push(self) -> None:
        self._run(lambda flow: flow.resend_push())

    def resend_code(self, channel: str) -> None:
        self._run(lambda flow: flow.resend_code(channel))

    def enter_read_only(self) -> None:
        self._stop_push_poll()
        self._cancel_ceremony()
        self._run(lambda flow: flow.enter_read_only())

    def answer_existing_session(self, takeover: bool) -> None:
        self._run(lambda flow: flow.answer_existing_session(takeover))

    def run_ceremony(self, ceremony: Ceremony) -> None:
        """A step that holds a device (`ceremony.run(flow, keys)`) on a worker. One at a time: a new one
        cancels the one before. Cancel and shutdown set its event; `ceremony.ended` follows its end."""
        flow = self._flow
        previous, self._ceremony = self._ceremony, None
        if previous is not None:
            previous.cancel()
        if flow is None or self._closed:
            ceremony.finish()
            return
        self._ceremony = ceremony
        ceremony.running = True

        def work() -> Any:
            if self._closed or ceremony.cancelled.is_set():
                return None
            return ceremony.run(flow, self._resolve_keys())

        def ended(_result: object) -> None:
            if self._ceremony is ceremony:
                self._ceremony = None
            ceremony.finish()

        def failed(error: BaseException) -> None:
            ended(None)
            self._step_failed(error)

        self.tasks.run(work, ended, failed)

    @property
    def security_keys(self) -> Any:
        """The keys a ceremony may use (auth.client.security_keys.SecurityKeys), or a factory of them called
        once on the worker of the first ceremony (fido2 stays off the path to the first paint); None: the
        client's default (USB keys only). The composition root sets it (also later, from its connect)."""
        return self._security_keys

    @security_keys.setter
    def security_keys(self, keys: Any) -> None:
        with self._keys_lock:
            self._security_keys = keys
            self._keys = None

    @property
    def ceremony(self) -> Ceremony | None:
        """The ceremony running now, if any."""
        return self._ceremony

    def _resolve_keys(self) -> Any:
        """On the worker: the security keys, built once if the app gave none."""
        with self._keys_lock:
            if self._keys is None:
                given = self._security_keys
                if given is None:
                    from trader_login.auth.client.security_keys import SecurityKeys

                    self._keys = SecurityKeys()
                elif hasattr(given, "ceremony"):  # the keys themselves
                    self._keys = given
                else:
                    self._keys = given()
            return self._keys

    def _cancel_ceremony(self) -> None:
        ceremony, self._ceremony = self._ceremony, None
        if ceremony is not None:
            ceremony.cancel()

    def log_out(self, forget_device: bool = False) -> None:
        """Ends the session; `forget_device`: this computer's restart grant ends too (and its key goes)."""
        self._session_timer.stop()
        unattended = self.unattended
        if forget_device and unattended is not None:
            self._run(lambda flow: unattended.log_out(flow, forget_device=True))
            return
        self._run(lambda flow: flow.log_out())

    # --- the restart without the second factor (issue 19) ------------------------------------------------

    @property
    def may_keep_restart_keys(self) -> bool:
        """This window can make a restart grant: the app gave it the keychain's restart keys (known once
        the gateway is: `Unattended.flow` makes them for its identity)."""
        return self.unattended is not None and getattr(self.unattended, "keys", None) is not None

    def grant_restart(self) -> None:
        """The session window's autoRestartCheck ticked: on a worker, a new device key, the gateway's grant
        for it, the key kept in the keychain (unattended.grant_restart). The DONE view that follows holds
        the grant, or says why not (`problem`)."""
        unattended = self.unattended
        if unattended is None:
            return
        label = computer_name()
        self._run(
            lambda flow: unattended.grant_restart(flow, label), self._restart_changed, self._restart_failed
        )

    def forget_restart(self) -> None:
        """autoRestartCheck unticked: the gateway ends the grant and this computer forgets its key."""
        unattended = self.unattended
        if unattended is None:
            return
        self._run(lambda flow: unattended.forget_restart(flow), self._restart_changed, self._restart_failed)

    def _restart_changed(self, view: LoginView) -> None:
        session = getattr(view, "session", None)
        grant = session.restart_grant if session is not None else None
        if view.problem is None:
            self.held_grant_id = grant.id if grant is not None else None
            self.held_grant_known = True
        self.restartChanged.emit(view.problem)

    def _restart_failed(self, error: BaseException) -> None:
        """The keychain (or a bug) failed the grant's step: said on the session window, nothing else."""
        from trader_login.auth import texts

        log.error("the restart grant's step failed: %s", type(error).__name__)
        problem = getattr(error, "problem", None)
        if problem is None:
            problem = texts.message(texts.RESTART_KEY_NOT_KEPT)
        self.restartChanged.emit(problem)

    def _read_held_grant(self, view: LoginView) -> None:
        """A session opened: which grant this computer holds for it (the keychain, on a worker)."""
        unattended, session = self.unattended, view.session
        self.held_grant_id = None
        self.held_grant_known = unattended is None or session is None or session.restart_grant is None
        if self.held_grant_known:
            return

        def held(grant_id: str | None) -> None:
            self.held_grant_id, self.held_grant_known = grant_id, True
            self.restartHeldRead.emit()

        def failed(error: BaseException) -> None:
            log.warning("the restart key could not be read: %s", type(error).__name__)
            self.held_grant_known = True  # as holding none
            self.restartHeldRead.emit()

        username, mode = session.username, session.mode
        self.tasks.run(lambda: unattended.held_grant_id(username, mode), held, failed)

    def cancel(self) -> None:
        """Cancels at once; the gateway is told on a worker (so the phone's notification goes)."""
        from trader_login.auth import texts
        from trader_login.auth.client.views import LoginView, Stage

        self._stop_push_poll()
        if self._queued_login is not None:
            username, _password, mode = self._queued_login
            self._queued_login = None
            cancelled = texts.message(texts.LOGIN_CANCELLED)
            self._emit(LoginView(Stage.CANCELLED, problem=cancelled, username=username, mode=mode))
            return
        if self._flow is not None:
            self._flow.cancel()  # CANCELLED comes back through on_change; _emit tells the gateway
        # After the flow's cancel (which stops its ceremony too): a PIN asked for is released with None.
        self._cancel_ceremony()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Closing the window: cancels the login, lets the steps already running end (queued ones are
        skipped), then tells the gateway the login is over and waits for that too."""
        from trader_login.auth.client.views import Stage

        if self._closed:
            return True
        self._closed = True
        self._session_timer.stop()
        self._queued_login = None
        self._cancel_ceremony()  # its device call returns now, so the wait below is short
        self.tasks.cancel_all()
        flow = self._flow
        if flow is not None:
            flow.cancel()
        ended = self.tasks.wait(timeout_ms)
        if flow is not None and flow.view.stage is not Stage.DONE:
            flow.cancel()  # a step that began just before the first cancel may have moved the login on
            self.tasks.run(flow.abandon)  # so that the phone's notification goes
        return self.tasks.shutdown(timeout_ms, drop_queued=False) and ended

    # --- machinery ----------------------------------------------------------------------------------------

    def _run(
        self,
        step: Callable[[LoginFlow], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """A blocking flow step on a worker; its views arrive through the flow's on_change (`on_done`, if
        given, also gets what the step returned, on the GUI thread; `on_error` its failure, after the
        usual handling)."""
        flow = self._flow
        if flow is None or self._closed:
            return

        def done(result: Any) -> None:
            if on_done is not None and result is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._step_failed(error)
            if on_error is not None:
                on_error(error)

        self.tasks.run(lambda: None if self._closed else step(flow), done, failed)

    def _step_failed(self, error: BaseException) -> None:
        from trader_login.auth.client.views import Stage

        # A bug or a step the page no longer offers (the trader clicked twice): show it, keep the app.
        # FlowStateError text names the step and stage only; other errors may quote more, so not them.
        detail = str(error) if type(error).__name__ == "FlowStateError" else ""
        log.error("a login step failed: %s %s", type(error).__name__, detail)
        flow = self._flow
        if flow is None or flow.view.stage is Stage.WORKING:
            return
        # A copy: the window takes a view it has rendered already for a repeat, not for the reply it awaits.
        import dataclasses  # here, after the first paint (its import costs the window's first frame)

        self._emit(dataclasses.replace(flow.view))

    @Slot(object)
    def _flow_changed(self, _view: LoginView) -> None:
        # Views may arrive from several workers; the flow's own current view is the truth.
        flow = self._flow
        if flow is None:  # a view emitted while connect() was still building the flow
            return
        self._emit(flow.view)

    def _emit(self, view: LoginView) -> None:
        from trader_login.auth.client.views import Stage

        if self._closed:
            return
        previous, self._view = self.view, view
        if view.stage is Stage.CANCELLED and self._flow is not None and previous.stage is not Stage.CANCELLED:
            self.tasks.run(self._flow.abandon)
        if view.stage is Stage.DONE:
            if not self._session_timer.isActive():
                self._session_timer.start()
            if previous.stage is not Stage.DONE:
                self._read_held_grant(view)
        else:
            self._session_timer.stop()
            self.held_grant_id = None
        self.viewSeen.emit(view)
        if self._decide(view):
            return  # answered by a policy: the window shows what follows, not the question
        self.viewChanged.emit(view)
        self._keep_push_polling()

    def _decide(self, view: LoginView) -> bool:
        """What the unattended policies do with a new view: True when they answered it (the trader is not
        asked), False to show it as always."""
        unattended = self.unattended
        if unattended is None:
            return False
        if view is self._decided:
            # The same view again (a worker's on_change queued before the policy's answer started): it was
            # answered once, and stays unshown; one the trader was asked stays asked.
            return self._decided_answered
        self._decided = view
        self._decided_answered = False
        decision = unattended.decide(view)
        action = getattr(decision, "action", "ask")
        if action == "ask":
            return False
        self._decided_answered = action != "retry_key"
        log.info("policy: %s on %s", action, view.stage.value)
        if action == "retry_key":
            # The page offers "Try again" once the key's ceremony has ended: it is pressed there.
            self.viewChanged.emit(view)
            self.retryKeyRequested.emit()
            return True
        if action == "take_over":
            self.answer_existing_session(True)
        elif action == "keep_other":
            self.answer_existing_session(False)
        elif action == "resend_push":
            self.resend_push()
        elif action == "switch_to_challenge":
            self.switch_to_challenge()
        elif action == "exit":
            self._exit(view, decision)
        else:
            log.error("unknown policy action %r: asking the trader", action)
            self._decided_answered = False
            return False
        return True

    def _exit(self, view: LoginView, decision: Any) -> None:
        """A policy ends the app: the login is withdrawn (the phone's notification goes), what the policy
        says is shown, then the app is asked to quit with the decision's exit code."""
        import dataclasses

        from trader_login.auth.client.views import Stage

        code = int(decision.exit_code)
        line = getattr(decision, "line", "")
        if line:
            log.warning("%s", line)
        self._stop_push_poll()
        if self._flow is not None and view.stage is not Stage.DONE:
            self._flow.cancel()
        self._cancel_ceremony()
        problem = getattr(decision, "problem", None)
        if problem is not None:
            shown = dataclasses.replace(
                self.view, stage=Stage.FAILED, problem=problem, error_code=view.error_code, challenge=None
            )
            self._decided = shown
            self._view = shown
            self.viewSeen.emit(shown)
            self.viewChanged.emit(shown)
        self.exitRequested.emit(code)

    def _keep_push_polling(self) -> None:
        from trader_login.auth.client.views import Stage

        view, flow = self.view, self._flow
        challenge = view.challenge
        waiting = (
            flow is not None
            and view.stage is Stage.SECOND_FACTOR
            and challenge is not None
            and challenge.is_push
            and challenge.push_deadline is not None
            and challenge.push_deadline > self.clock()
        )
        if not waiting and self._push_poll is None and not self._closed:
            self._ask_push_expiry(view)
        if not waiting or self._push_poll is not None or self._closed:
            return
        remaining = challenge.push_deadline - self.clock()  # type: ignore[union-attr]
        wait = max(0.5, min(self._push_poll_seconds, remaining + 0.5))
        self._push_poll = self.tasks.run(
            lambda: flow.wait_for_push(max_wait=wait),  # type: ignore[union-attr]
            self._push_polled,
            self._push_poll_failed,
        )

    def _ask_push_expiry(self, view: LoginView) -> None:
        """A timeout policy waits for the gateway's word that the notification expired: the long poll stops
        once the flow's clock has passed the deadline, so one last round (no wait) brings it."""
        from trader_login.auth.client.views import Stage

        unattended, flow, challenge = self.unattended, self._flow, view.challenge
        policies = getattr(unattended, "policies", None)
        if (
            policies is None
            or getattr(policies, "on_second_factor_timeout", "ask") == "ask"
            or flow is None
            or view.stage is not Stage.SECOND_FACTOR
            or challenge is None
            or not challenge.is_push
            or challenge.push_deadline is None
            or challenge.push_deadline > self.clock()
            or view.error_code == "EXPIRED"
            or challenge.same_as(self._expiry_asked)
        ):
            return
        self._expiry_asked = challenge
        self._push_poll = self.tasks.run(
            lambda: flow.wait_for_push(max_wait=0), self._push_polled, self._push_poll_failed
        )

    def _push_polled(self, _view: LoginView) -> None:
        self._push_poll = None
        self._keep_push_polling()

    def _push_poll_failed(self, error: BaseException) -> None:
        # Not a step the trader asked for: the page moved on meanwhile (FlowStateError) or the flow has shown
        # its failure already; showing the current view again would pass for the reply to a pending click.
        from trader_login.auth.client.flow import FlowStateError  # loaded already: the flow runs

        self._push_poll = None
        moved_on = isinstance(error, FlowStateError)
        log.log(logging.DEBUG if moved_on else logging.ERROR, "push poll failed: %s", type(error).__name__)

    def _stop_push_poll(self) -> None:
        if self._push_poll is not None:
            self.tasks.cancel(self._push_poll)
            self._push_poll = None

    def _poll_session(self) -> None:
        from trader_login.auth.client.views import Stage

        flow = self._flow
        if flow is None or self._session_poll is not None or self.view.stage is not Stage.DONE:
            return
        self._session_poll = self.tasks.run(
            flow.check_session, self._session_polled, self._session_poll_failed
        )

    def _session_polled(self, view: LoginView) -> None:
        self._session_poll = None
        if view.session is not None and view.session.status != "active":
            self._session_timer.stop()  # taken over, expired or ended: nothing more will change

    def _session_poll_failed(self, error: BaseException) -> None:
        self._session_poll = None
        log.warning("session status check failed: %s", type(error).__name__)


class _ViewRelay(QObject):
    """The flow calls back on a worker; this signal carries the view over to the GUI thread."""

    changed = Signal(object)


def computer_name() -> str | None:
    """This computer's name for a restart grant's label (what the session window of another computer shows
    as "held by …"): the host name, at most 64 printable characters, or None."""
    import platform

    from trader_login.auth import restart

    return restart.computer_label(platform.node())
