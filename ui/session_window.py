"""The session window: accounts, the device used, withdrawal limits (R12), restrictions, expiry, Log Out;
and the notice when the session is taken over elsewhere (R16)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.client.views import LoginView, SessionInfo, Stage
from trader_login.ui import formatting, messages
from trader_login.ui.pages import kinds
from trader_login.ui.widgets import arg, finish_setup, grow_to_fit, set_role, wrapped

if TYPE_CHECKING:
    from trader_login.ui.login_controller import LoginController


class SessionWindow(QWidget):
    """Dynamic property `account`: the account id chosen in `accountCombo` (by hand or from code alike);
    `accountChosen` says when it changes. The window title names the account."""

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
        self.device_label = wrapped(self)
        self.device_label.setObjectName("deviceLabel")
        self.limits_label = wrapped(self)
        self.limits_label.setObjectName("withdrawalLimitsLabel")
        self.restrictions_label = wrapped(self)
        self.restrictions_label.setObjectName("restrictionsLabel")
        self.expiry_label = wrapped(self)
        self.expiry_label.setObjectName("expiryLabel")
        self.captions = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        fields = (self.account_combo, self.device_label, self.limits_label, self.restrictions_label)
        for caption, field in zip(self.captions, (*fields, self.expiry_label), strict=True):
            caption.setProperty("role", "caption")
            caption.setBuddy(field)
            form.addRow(caption, field)

        self.logout_button = QPushButton(self)
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.setProperty("role", "primary")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.logout_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.status_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # On the title, not the window: the window's own minimum width would override its layout's, and a
        # longer translation could then clip.
        self.title.setMinimumWidth(460 - 2 * 28)
        self.resize(480, 340)

        self.logout_button.clicked.connect(self._log_out)
        # currentIndexChanged, not activated: an account set from code is chosen as one picked by hand.
        self.account_combo.currentIndexChanged.connect(self._account_changed)
        self.setProperty("account", None)
        finish_setup(self)
        self.retranslate()
        self.render(controller.view)

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
                self.account_combo.addItem(f"{account.title} ({account.id})", account.id)
            self.account_combo.setEnabled(len(session.accounts) > 1)
        self._fill(session, messages.render(view.problem))

    def _fill(self, session: SessionInfo, message: str) -> None:
        mode = self.tr("paper trading") if session.mode == "paper" else self.tr("live trading")
        self.subtitle.setText(arg(self.tr("%1 · %2"), session.username, mode))
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

    def _log_out(self) -> None:
        self.logout_button.setEnabled(False)
        self.controller.log_out()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closing_allowed:
            super().closeEvent(event)
            return
        event.ignore()  # closing the session window logs out; the login window closes it then
        if self.logout_button.isEnabled():
            self._log_out()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._show_title()
        self.title.setText(self.tr("Logged in"))
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
