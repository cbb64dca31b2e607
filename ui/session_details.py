"""The session window's issue-19 parts: the login history the trader can check (the last login before this
one, the failed attempts since) and the restart without the second factor until the weekly cut-off
(`autoRestartCheck`, with the grant it holds and whose computer holds it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from trader_login.ui import formatting, messages
from trader_login.ui.pages import kinds
from trader_login.ui.widgets import arg, set_role, wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import LoginHistory, SessionInfo
    from trader_login.auth.texts import Message
    from trader_login.ui.login_controller import LoginController

SHOWN_FAILURES = 5  # the newest failed attempts listed in the tooltip (the gateway sends up to 5)


class LoginHistoryPanel(QWidget):
    """`lastLoginLabel`: "Last login: <time> from <address> with <device>" (or that none is on record);
    `failedAttemptsLabel`: how many attempts failed since, in the warning style when any did, the newest
    of them in its tooltip (and accessible description)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginHistoryPanel")
        self._history: LoginHistory | None = None
        self.last_login_label = wrapped(self, role="status")
        self.last_login_label.setObjectName("lastLoginLabel")
        self.failed_label = wrapped(self, role="status")
        self.failed_label.setObjectName("failedAttemptsLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.last_login_label)
        layout.addWidget(self.failed_label)

    def show_history(self, history: LoginHistory) -> None:
        self._history = history
        self._fill()

    def _fill(self) -> None:
        history = self._history
        if history is None:
            return
        last = history.last_login
        if last is None:
            self.last_login_label.setText(self.tr("First login recorded here"))
        else:
            when = formatting.local_time(last.at)
            where = last.address or self.tr("an unknown address")
            if last.restart:
                text = arg(
                    self.tr("Last login: %1 from %2, a restart without the second factor"), when, where
                )
            else:
                device = kinds.device_label(last.device_kind, last.device_label) or self.tr(
                    "the password only"
                )
                text = arg(self.tr("Last login: %1 from %2 with %3"), when, where, device)
            self.last_login_label.setText(text)
        count = history.failures_since
        if count == 0:
            failed = (
                self.tr("No failed attempts since then")
                if last is not None
                else self.tr("No failed attempts before this login")
            )
        elif last is not None:
            failed = arg(self.tr("Failed attempts since then: %1"), count)
        else:
            failed = arg(self.tr("Failed attempts before this login: %1"), count)
        self.failed_label.setText(failed)
        set_role(self.failed_label, "warning" if count > 0 else "status")
        listed = "\n".join(self._failure_line(*failure) for failure in history.failures[:SHOWN_FAILURES])
        self.failed_label.setToolTip(listed)
        self.failed_label.setAccessibleDescription(listed)

    def _failure_line(self, at: float, address: str | None, reason: str) -> str:
        reasons = {
            "password": self.tr("wrong password"),
            "unknown_user": self.tr("wrong password"),  # the trader is never told the name is unknown
            "locked": self.tr("while locked"),
            "wrong_response": self.tr("wrong second-factor response"),
            "code_used": self.tr("authenticator code used before"),
            "passkey_counter": self.tr("security key check failed"),
            "push_denied": self.tr("notification denied on the phone"),
            "push_wrong_number": self.tr("wrong number picked on the phone"),
            "push_reported": self.tr("reported on the phone as not yours"),
        }
        return arg(
            self.tr("%1 from %2: %3"),
            formatting.local_time(at),
            address or self.tr("an unknown address"),
            reasons.get(reason, reason),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)


class RestartPanel(QWidget):
    """`autoRestartCheck` "Restart without the second factor until <day, time>" (off by default; shown when
    the session may make a grant or one exists; checked and disabled in a session a restart opened),
    `restartGrantLabel` (this computer's grant and its end, or another computer's: "held by <label>") and
    `restartErrorLabel` (why a grant could not be made or forgotten). Ticking makes the grant on a worker
    (the controller: key, gateway, keychain), unticking forgets it; meanwhile the box is disabled and the
    dynamic property `pending` is true; then the box shows the true state again."""

    def __init__(self, controller: LoginController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restartPanel")
        self.controller = controller
        self._session: SessionInfo | None = None
        self._problem: Message | None = None
        self.setProperty("pending", False)
        self.check = QCheckBox(self)
        self.check.setObjectName("autoRestartCheck")
        self.grant_label = wrapped(self, role="status")
        self.grant_label.setObjectName("restartGrantLabel")
        self.error_label = wrapped(self, role="error")
        self.error_label.setObjectName("restartErrorLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.check)
        layout.addWidget(self.grant_label)
        layout.addWidget(self.error_label)
        # clicked, not toggled: the box set from code (the true state) asks nothing of the gateway.
        self.check.clicked.connect(self._clicked)
        controller.restartChanged.connect(self._answered)
        controller.restartHeldRead.connect(self._fill)
        self.check.hide()
        self.grant_label.hide()
        self.error_label.hide()

    @property
    def pending(self) -> bool:
        return bool(self.property("pending"))

    def show_session(self, session: SessionInfo) -> None:
        self._session = session
        self._fill()

    def holds_grant(self) -> bool:
        """This computer holds the session's grant (it made it, or the session was opened with it)."""
        session = self._session
        if session is None or session.restart_grant is None:
            return False
        return session.opened_by_restart or self.controller.held_grant_id == session.restart_grant.id

    def _clicked(self, checked: bool) -> None:
        if self.pending or self._session is None:
            return
        self._problem = None
        self.setProperty("pending", True)
        self._fill()
        if checked:
            self.controller.grant_restart()
        else:
            self.controller.forget_restart()

    def _answered(self, problem: Message | None) -> None:
        was_pending = self.pending
        self.setProperty("pending", False)
        if was_pending:
            self._problem = problem
        view = self.controller.view
        if view.session is not None:
            self._session = view.session
        self._fill()

    def _fill(self) -> None:
        session = self._session
        if session is None:
            return
        grant = session.restart_grant
        ours = self.holds_grant()
        active = session.status == "active"
        may_grant = session.restart_cutoff_at is not None
        offered = self.controller.may_keep_restart_keys and (may_grant or grant is not None)
        until = grant.cutoff_at if ours and grant is not None else session.restart_cutoff_at
        self.check.setVisible(offered or session.opened_by_restart)
        self.check.setText(
            arg(self.tr("Restart without the second factor until %1"), formatting.local_time(until))
            if until is not None
            else self.tr("Restart without the second factor until the weekly cut-off")
        )
        if not self.pending:
            self.check.setChecked(ours or session.opened_by_restart)
        self.check.setEnabled(
            active
            and not self.pending
            and self.controller.held_grant_known
            and not session.opened_by_restart
            and (may_grant or ours)
        )
        if session.opened_by_restart:
            text = (
                arg(
                    self.tr(
                        "This session was opened by a restart without the second factor, allowed on this "
                        "computer until %1."
                    ),
                    formatting.local_time(grant.cutoff_at),
                )
                if grant is not None
                else self.tr("This session was opened by a restart without the second factor.")
            )
        elif grant is None or (not ours and (self.pending or not self.controller.held_grant_known)):
            # Whose grant it is is not known yet: this computer's is being made (the session shows it before
            # the worker's answer names its id), or the keychain is still being read for a session just
            # opened. Not another computer's until it is known.
            text = ""
        elif ours:
            text = arg(
                self.tr("This computer may restart without the second factor until %1."),
                formatting.local_time(grant.cutoff_at),
            )
        else:
            text = arg(
                self.tr("The restart without the second factor until %1 is held by %2."),
                formatting.local_time(grant.cutoff_at),
                grant.label or self.tr("another computer"),
            )
        self.grant_label.setText(text)
        self.grant_label.setVisible(bool(text))
        error = messages.render(self._problem)
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        self.setVisible(self.check.isVisibleTo(self) or bool(text) or bool(error))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)
