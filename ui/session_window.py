"""The session window: accounts, the device used, withdrawal limits (R12), restrictions, expiry, Log Out;
and the notice when the session is taken over elsewhere (R16). A paper session says so in a banner;
closing the window while the session is active asks first ("Log out and close?"). Below the details: the
login history and the restart without the second factor (trader_login.ui.session_details)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.client.views import NO_HISTORY, LoginView, SessionInfo, Stage
from trader_login.ui import formatting, messages
from trader_login.ui.pages import kinds
from trader_login.ui.session_details import LoginHistoryPanel, RestartPanel
from trader_login.ui.widgets import arg, finish_setup, grow_to_fit, set_role, wrapped

if TYPE_CHECKING:
    from trader_login.ui.login_controller import LoginController


class SessionWindow(QWidget):
    """Dynamic property `account`: the account id chosen in `accountCombo` (by hand or from code alike);
    `accountChosen` says when it changes. The window title names the account. A single account shows as
    text (`accountLabel`; the combo is then hidden). Closing the window while the session is active opens
    `logoutConfirmDialog` (non-blocking: Log Out `confirmLogoutButton`, Cancel `cancelLogoutButton`), as
    does Log Out while this computer holds a restart grant: the dialog then has `forgetDeviceCheck`
    ("Forget this computer", off by default), which ends the grant with the session."""

    accountChosen = Signal(str)  # account id

    def __init__(
        self,
        controller: LoginController,
        *,
        wall_clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionWindow")
        self.controller = controller
        self.wall_clock = wall_clock
        self.closing_allowed = False
        self._session: SessionInfo | None = None
        self.confirm_dialog: QMessageBox | None = None

        self.paper_banner = QLabel(self)  # styled by the theme (object name), shown for a paper session
        self.paper_banner.setObjectName("paperBanner")
        self.paper_banner.setWordWrap(True)
        self.paper_banner.hide()
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("sessionUserLabel")
        self.subtitle.setProperty("role", "subtitle")
        self.status_label = wrapped(self, role="notice")
        self.status_label.setObjectName("sessionStatusLabel")
        self.status_label.hide()

        self.account_combo = QComboBox(self)
        self.account_combo.setObjectName("accountCombo")
        self.account_label = wrapped(self)  # a single account: text, not a list with one greyed-out row
        self.account_label.setObjectName("accountLabel")
        self.account_label.hide()
        self.device_label = wrapped(self)
        self.device_label.setObjectName("deviceLabel")
        self.limits_label = wrapped(self)
        self.limits_label.setObjectName("withdrawalLimitsLabel")
        self.restrictions_label = wrapped(self)
        self.restrictions_label.setObjectName("restrictionsLabel")
        self.expiry_label = wrapped(self)
        self.expiry_label.setObjectName("expiryLabel")
        self.history_panel = LoginHistoryPanel(self)
        self.restart_panel = RestartPanel(controller, self)
        self.restart_panel.hide()
        self.captions = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        account_field = QHBoxLayout()
        account_field.setContentsMargins(0, 0, 0, 0)
        account_field.addWidget(self.account_combo, 1)
        account_field.addWidget(self.account_label, 1)
        fields = (self.account_combo, self.device_label, self.limits_label, self.restrictions_label)
        for caption, field in zip(self.captions, (*fields, self.expiry_label), strict=True):
            caption.setProperty("role", "caption")
            caption.setBuddy(field)
            form.addRow(caption, account_field if field is self.account_combo else field)

        self.logout_button = QPushButton(self)
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.setProperty("role", "primary")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.logout_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.paper_banner)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.status_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(self.history_panel)
        layout.addWidget(self.restart_panel)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # On the title, not the window: the window's own minimum width would override its layout's, and a
        # longer translation could then clip.
        self.title.setMinimumWidth(460 - 2 * 28)
        self.resize(480, 340)

        self.logout_button.clicked.connect(self._logout_clicked)
        # Bound methods, not lambdas: Qt drops a bound method's connection when this window is deleted (the
        # controller outlives it, and a grant's answer may come after the window closed).
        controller.restartChanged.connect(self._restart_changed)
        controller.restartHeldRead.connect(self._grow)
        # currentIndexChanged, not activated: an account set from code is chosen as one picked by hand.
        self.account_combo.currentIndexChanged.connect(self._account_changed)
        self.setProperty("account", None)
        finish_setup(self)
        self.retranslate()
        self.render(controller.view)

    def _restart_changed(self, _problem: object) -> None:
        self._grow()

    def render(self, view: LoginView) -> None:
        if view.stage is Stage.WORKING:
            self.logout_button.setEnabled(False)
            return
        session = view.session
        if view.stage is not Stage.DONE or session is None:
            return
        self.logout_button.setEnabled(True)
        first = self._session is None
        self._session = session
        if first:
            for account in session.accounts:
                self.account_combo.addItem(self._account_text(account.title, account.id), account.id)
            single = len(session.accounts) == 1
            self.account_combo.setVisible(not single)
            self.account_label.setVisible(single)
            self.captions[0].setBuddy(self.account_label if single else self.account_combo)
            self.account_combo.setEnabled(not single)
        self._fill(session, messages.render(view.problem))

    def _account_text(self, title: str, account_id: str) -> str:
        """ "Individual (U1000001)", the account type in the window's language."""
        titles = {"Individual": self.tr("Individual"), "Joint": self.tr("Joint"), "IRA": self.tr("IRA")}
        return arg(self.tr("%1 (%2)"), titles.get(title, title), account_id)

    def _fill(self, session: SessionInfo, message: str) -> None:
        paper = session.mode == "paper"
        mode = self.tr("paper trading") if paper else self.tr("live trading")
        self.subtitle.setText(arg(self.tr("%1 · %2"), session.username, mode))
        self.paper_banner.setText(self.tr("Paper trading: simulated orders, no real money."))
        self.paper_banner.setVisible(paper)
        for index, account in enumerate(session.accounts):
            if index < self.account_combo.count():
                self.account_combo.setItemText(index, self._account_text(account.title, account.id))
        self.account_label.setText(self.account_combo.itemText(0) if self.account_combo.count() else "")
        if session.read_only:
            self.device_label.setText(self.tr("None (read-only session)"))
        else:
            label = kinds.device_label(session.device_kind, session.device_label)
            self.device_label.setText(label or self.tr("None (password only)"))
        self.limits_label.setText(
            formatting.withdrawal_limits(session.withdrawal_per_day, session.withdrawal_per_5_business_days)
        )
        restrictions = [messages.restriction(r.code, r.text) for r in session.restrictions]
        self.restrictions_label.setText("\n".join(restrictions) if restrictions else self.tr("None"))
        self.expiry_label.setText(formatting.local_time(session.expires_at))
        active = session.status == "active"
        # One state at a time: "Logged in" while active; once it has ended, the title says so.
        self.title.setText(self.tr("Logged in") if active else self.tr("Session ended"))
        if not active:
            notices = {
                "taken_over": self.tr("This session was taken over by a login elsewhere. It has ended here."),
                "expired": self.tr("This session has expired."),
            }
            self.status_label.setText(
                notices.get(session.status, message or self.tr("This session has ended."))
            )
            set_role(self.status_label, "error")
            self.logout_button.setText(self.tr("Back to login"))
        self.status_label.setVisible(not active)
        self.account_combo.setEnabled(active and self.account_combo.count() > 1)
        # A gateway that keeps no history (older than issue 19) sends none: nothing to say, not "first".
        self.history_panel.setVisible(session.history is not NO_HISTORY)
        self.history_panel.show_history(session.history)
        self.restart_panel.show_session(session)
        self._grow()

    def _grow(self) -> None:
        QTimer.singleShot(0, self, lambda: grow_to_fit(self))

    def _account_changed(self, index: int) -> None:
        account = self.account_combo.itemData(index)
        self.setProperty("account", account)
        self._show_title()
        if account is not None:
            self.accountChosen.emit(account)

    def _show_title(self) -> None:
        title = self.tr("Trader Login — session")
        account = self.account_combo.currentText()
        self.setWindowTitle(arg(self.tr("%1 · %2"), title, account) if account else title)

    def _log_out(self, forget_device: bool = False) -> None:
        self.logout_button.setEnabled(False)
        self.controller.log_out(forget_device=forget_device)

    def _logout_clicked(self) -> None:
        """Log Out: at once, unless this computer holds a restart grant: then the confirmation asks whether
        to forget this computer too."""
        session = self._session
        if session is not None and session.status == "active" and self.restart_panel.holds_grant():
            self.confirm_log_out(closing=False)
        else:
            self._log_out()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closing_allowed:
            self._close_confirmation()
            super().closeEvent(event)
            return
        event.ignore()  # closing the session window logs out; the login window closes it then
        if not self.logout_button.isEnabled():
            return
        if self._session is not None and self._session.status == "active":
            self.confirm_log_out()
        else:
            self._log_out()  # an ended session: nothing to lose, back to the login

    def confirm_log_out(self, *, closing: bool = True) -> QMessageBox:
        """ "Log out and close?" (or "Log out?" from the Log Out button: `closing` False) with Log Out and
        Cancel, window-modal and non-blocking (`open`, not `exec`): the event loop, the session poll and a
        tester's harness keep running. With this computer's restart grant: `forgetDeviceCheck`."""
        if self.confirm_dialog is not None:
            self.confirm_dialog.raise_()
            self.confirm_dialog.activateWindow()
            return self.confirm_dialog
        dialog = QMessageBox(self)
        dialog.setObjectName("logoutConfirmDialog")
        dialog.setIcon(QMessageBox.Icon.Question)
        dialog.setWindowTitle(self.tr("Log Out"))
        dialog.setText(self.tr("Log out and close?") if closing else self.tr("Log out?"))
        dialog.setInformativeText(
            self.tr("Closing this window ends the session.") if closing else self.tr("This ends the session.")
        )
        if self.restart_panel.holds_grant():
            forget = QCheckBox(
                self.tr("Forget this computer (the next login needs the second factor)"), dialog
            )
            forget.setObjectName("forgetDeviceCheck")
            dialog.setCheckBox(forget)
        confirm = dialog.addButton(self.tr("Log Out"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("confirmLogoutButton")
        cancel = dialog.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelLogoutButton")
        dialog.setDefaultButton(cancel)
        dialog.setEscapeButton(cancel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The box read now: the dialog is finished (and forgotten) before this slot runs.
        confirm.clicked.connect(lambda: self._confirmed(dialog.checkBox()))
        dialog.finished.connect(self._confirmation_gone)
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    def _confirmed(self, forget: QCheckBox | None) -> None:
        if self.logout_button.isEnabled():
            self._log_out(forget_device=forget is not None and forget.isChecked())

    def _confirmation_gone(self) -> None:
        self.confirm_dialog = None

    def _close_confirmation(self) -> None:
        dialog, self.confirm_dialog = self.confirm_dialog, None
        if dialog is not None:
            dialog.finished.disconnect(self._confirmation_gone)
            dialog.close()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._show_title()
        self.title.setText(self.tr("Logged in"))  # _fill says "Session ended" once it has
        captions = (
            self.tr("&Account"),
            self.tr("Device"),
            self.tr("Withdrawal limits"),
            self.tr("Restrictions"),
            self.tr("Session expires"),
        )
        for caption, text in zip(self.captions, captions, strict=True):
            caption.setText(text)
        self.logout_button.setText(self.tr("Log Out"))
        if self._session is not None:
            self._fill(self._session, "")
