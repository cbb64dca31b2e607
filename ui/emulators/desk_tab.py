"""The Client Services tab: what the broker's desk does for a trader on the telephone — a temporary passcode
(R9, never two in a row), unlocking a user name (R3: offered only while it is locked, and confirmed from
the desk's state read again), reactivating a device (R11), and printing an Online Security Code Card.
Every desk call runs on a worker; a refusal shows the desk's own message. (Rule numbers stay in the code:
the trader never sees them.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trader_login.ui.emulators.common import MessageLine, error_text, kind_name, moment, status_name
from trader_login.ui.emulators.dscplus_tab import lcd_font
from trader_login.ui.emulators.services import ClientServicesDesk, DeskDevice, DeviceEntry, UserStatus
from trader_login.ui.tasks import TaskRunner


class ClientServicesTab(QWidget):
    online_card_issued = Signal(object)  # DeviceEntry: the window re-reads the shelf
    users_loaded = Signal()  # the user list arrived (or could not be read: the message line says why)

    def __init__(
        self,
        desk: ClientServicesDesk | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        wall_clock: Callable[[], float] = time.time,
        zone: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._tasks = tasks
        self._wall_clock = wall_clock
        self.zone = zone  # the time zone of the times shown (None: this machine's)
        self._devices: list[DeskDevice] = []
        self._busy = 0
        self._user_task: int | None = None
        self._locked = False  # the chosen user name is locked (R3): only then is Unlock offered
        # A temporary passcode is in use: reactivating the device ends it (offered then, or for a device
        # that is not active).
        self._temp_passcode = False
        self._unlocking: tuple[str, float] | None = None  # unlocked (user, when): confirmed once re-read

        self.user_label = QLabel(self)
        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("deskUserCombo")
        self.user_combo.setEditable(True)
        self.user_combo.setMinimumContentsLength(20)
        self.user_label.setBuddy(self.user_combo)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("deskStatusLabel")
        self.status_label.setWordWrap(True)

        self.passcode_box = QGroupBox(self)
        self.temp_button = QPushButton(self.passcode_box)
        self.temp_button.setObjectName("tempPasscodeButton")
        self.temp_label = QLabel(self.passcode_box)
        self.temp_label.setObjectName("tempPasscodeLabel")
        self.temp_label.setFont(lcd_font())
        self.temp_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_label = QLabel(self.passcode_box)
        self.demo_label.setObjectName("deskDemoPasscodeLabel")
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.online_card_button = QPushButton(self.passcode_box)
        self.online_card_button.setObjectName("onlineCardButton")
        passcode_row = QHBoxLayout()
        passcode_row.addWidget(self.temp_button)
        passcode_row.addWidget(self.temp_label, 1)
        passcode = QVBoxLayout(self.passcode_box)
        passcode.addLayout(passcode_row)
        passcode.addWidget(self.demo_label)
        passcode.addWidget(self.online_card_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.account_box = QGroupBox(self)
        self.unlock_button = QPushButton(self.account_box)
        self.unlock_button.setObjectName("unlockButton")
        self.device_label = QLabel(self.account_box)
        self.device_combo = QComboBox(self.account_box)
        self.device_combo.setObjectName("deskDeviceCombo")
        self.device_combo.setMinimumContentsLength(30)
        self.device_label.setBuddy(self.device_combo)
        self.reactivate_button = QPushButton(self.account_box)
        self.reactivate_button.setObjectName("reactivateButton")
        unlock_row = QHBoxLayout()
        unlock_row.addWidget(self.unlock_button)
        unlock_row.addStretch(1)
        device_row = QHBoxLayout()
        device_row.addWidget(self.device_label)
        device_row.addWidget(self.device_combo, 1)
        device_row.addWidget(self.reactivate_button)
        account = QVBoxLayout(self.account_box)
        account.addLayout(unlock_row)
        account.addLayout(device_row)

        self.message = MessageLine("deskMessageLabel", self)
        form = QFormLayout()
        form.addRow(self.user_label, self.user_combo)
        form.addRow("", self.status_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.passcode_box)
        layout.addWidget(self.account_box)
        layout.addStretch(1)
        layout.addWidget(self.message)

        self.user_combo.currentTextChanged.connect(self._user_changed)
        self.temp_button.clicked.connect(self.issue_temp_passcode)
        self.unlock_button.clicked.connect(self.unlock)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.device_combo.currentIndexChanged.connect(self._update_buttons)
        self.online_card_button.clicked.connect(self.issue_online_card)
        self.retranslate()
        self._update_buttons()

    # -- users --------------------------------------------------------------------------------------------

    def load_users(self) -> None:
        """Reads the desk's users on a worker; `users_loaded` follows, at once without a desk."""
        if self._desk is None:
            self.users_loaded.emit()
            return
        desk = self._desk

        def failed(error: BaseException) -> None:
            self.message.error(self._why(error))
            self.users_loaded.emit()

        self._tasks.run(desk.users, on_done=self._set_users, on_error=failed)

    def _set_users(self, users: list[str]) -> None:
        current = self.user
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        self.user_combo.addItems(users)
        self.user_combo.setCurrentIndex(users.index(current) if current in users else -1)
        self.user_combo.blockSignals(False)
        self._user_changed(self.user)
        self.users_loaded.emit()

    @property
    def users_known(self) -> bool:
        return self.user_combo.count() > 0

    @property
    def user(self) -> str:
        return self.user_combo.currentText().strip()

    def select_user(self, user: str) -> None:
        index = self.user_combo.findText(user)
        if index >= 0:
            self.user_combo.setCurrentIndex(index)  # the list's row marked as current, not only the text
        else:
            self.user_combo.setCurrentText(user)

    def _user_changed(self, _text: str) -> None:
        self._locked = False
        self.temp_label.clear()
        self.demo_label.clear()
        self.status_label.clear()
        self._devices = []
        self.device_combo.clear()
        self._update_buttons()
        self.refresh_user()

    def refresh_user(self) -> None:
        """Re-reads the chosen user's status, devices and demo passcode."""
        user, desk = self.user, self._desk
        if desk is None or not user:
            return
        if self._user_task is not None:
            self._tasks.cancel(self._user_task)

        def look_up() -> tuple[UserStatus, list[DeskDevice], str | None]:
            return desk.status(user), desk.devices(user), desk.demo_temp_passcode(user)

        self._user_task = self._tasks.run(
            look_up, on_done=lambda found, u=user: self._show_user(u, *found), on_error=self._lookup_failed
        )

    def _show_user(self, user: str, status: UserStatus, devices: list[DeskDevice], demo: str | None) -> None:
        self._user_task = None
        if user != self.user:
            return
        parts = [self.tr("Failed attempts: {n}").format(n=status.failures)]
        self._locked = status.locked_until is not None
        self._temp_passcode = status.temp_passcode
        if status.locked_until is not None:
            until = moment(status.locked_until, zone=self.zone)
            parts.append(self.tr("locked until {time}").format(time=until))
        if status.temp_passcode:
            parts.append(self.tr("temporary passcode in use"))
        self.status_label.setText(" · ".join(parts))
        self._devices = list(devices)
        self.device_combo.clear()
        for device in self._devices:
            self.device_combo.addItem(self._device_text(device))
        if demo:
            self.temp_label.setText(demo)  # the passcode alone, where a newly issued one shows too
            self.demo_label.setText(
                self.tr("Issued by the demo set-up. Not issued again until the device is reactivated.")
            )
        else:
            if self.demo_label.text():
                self.temp_label.clear()  # the demo passcode ended (reactivation)
            self.demo_label.clear()
        self._confirm_unlock(user)
        self._update_buttons()

    def _lookup_failed(self, error: BaseException) -> None:
        self._user_task = None
        self.status_label.clear()
        self.message.error(self._why(error))

    def stop(self) -> None:
        """The window dropped every pending reply: nothing is in flight any more."""
        self._busy = 0
        self._user_task = None
        self._update_buttons()

    # -- desk operations ----------------------------------------------------------------------------------

    def issue_temp_passcode(self) -> None:
        user, desk = self.user, self._desk
        if desk is None or not user:
            return
        self.temp_label.clear()
        self._run(lambda: desk.issue_temp_passcode(user), lambda code: self._issued(user, code))

    def _issued(self, user: str, code: str) -> None:
        if user == self.user:
            self.temp_label.setText(code)
        self.message.info(
            self.tr("Temporary passcode for {user}: tell it to the trader by telephone.").format(user=user)
        )
        self.refresh_user()

    def unlock(self) -> None:
        """Unlocks the chosen user name; "<user> unlocked at <moment>" once the desk's state, read again,
        says it is no longer locked."""
        user, desk = self.user, self._desk
        if desk is None or not user or not self._locked:
            return

        def unlocked(_none: object) -> None:
            self._unlocking = (user, self._wall_clock())
            self.refresh_user()

        self._run(lambda: desk.unlock(user), unlocked)

    def _confirm_unlock(self, user: str) -> None:
        if self._unlocking is None or self._unlocking[0] != user:
            return
        _user, when = self._unlocking
        self._unlocking = None
        if self._locked:
            self.message.error(
                self.tr("{user} is still locked: the desk could not unlock it.").format(user=user)
            )
        else:
            self.message.info(
                self.tr("{user} unlocked at {moment}.").format(user=user, moment=moment(when, zone=self.zone))
            )

    def reactivate(self) -> None:
        user, desk, index = self.user, self._desk, self.device_combo.currentIndex()
        if desk is None or not user or not 0 <= index < len(self._devices):
            return
        device_id = self._devices[index].id
        self._run(
            lambda: desk.reactivate_device(user, device_id),
            lambda _none: self._done(
                self.tr("{user}'s device is active again; any temporary passcode and online card ended."),
                user,
            ),
        )

    def issue_online_card(self) -> None:
        user, desk = self.user, self._desk
        if desk is None or not user:
            return
        self._run(lambda: desk.issue_online_card(user), self._card_issued)

    def _card_issued(self, entry: DeviceEntry) -> None:
        self.message.info(
            self.tr(
                "Online Security Code Card {serial} issued: see the Cards tab to print and activate it."
            ).format(serial=entry.ident)
        )
        self.online_card_issued.emit(entry)
        self.refresh_user()

    def _done(self, template: str, user: str) -> None:
        self.message.info(template.format(user=user))
        self.refresh_user()

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._busy += 1
        self._update_buttons()

        def finished(result: Any) -> None:
            self._busy -= 1
            self._update_buttons()
            on_done(result)

        def failed(error: BaseException) -> None:
            self._busy -= 1
            self._update_buttons()
            self.message.error(self._why(error))

        self.message.info("")
        self._tasks.run(work, on_done=finished, on_error=failed)

    def _why(self, error: BaseException) -> str:
        return error_text(
            error, self.tr("The desk could not do that ({kind}).").format(kind=type(error).__name__)
        )

    def _update_buttons(self) -> None:
        ready = self._desk is not None and bool(self.user) and self._busy == 0
        for button in (self.temp_button, self.online_card_button):
            button.setEnabled(ready)
        self.unlock_button.setEnabled(ready and self._locked)
        self.reactivate_button.setEnabled(ready and self._reactivation_does_something())

    def _reactivation_does_something(self) -> bool:
        """The chosen device is not active (lost, removed…), or a temporary passcode stands in for it."""
        index = self.device_combo.currentIndex()
        if not 0 <= index < len(self._devices):
            return False
        return self._temp_passcode or self._devices[index].status != "active"

    def showEvent(self, event: QShowEvent) -> None:
        """On screen: the user's state read again (a login may have locked the user name meanwhile)."""
        super().showEvent(event)
        if self._user_task is None:
            self.refresh_user()

    # -- text ---------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh_user()  # the status line's moment in the new language
        super().changeEvent(event)

    def _device_text(self, device: DeskDevice) -> str:
        return self.tr("{kind} {id} ({status})").format(
            kind=kind_name(device.kind), id=device.id, status=status_name(device.status)
        )

    def retranslate(self) -> None:
        for index, device in enumerate(getattr(self, "_devices", [])):
            self.device_combo.setItemText(index, self._device_text(device))
        self.user_label.setText(self.tr("&User name:"))
        self.user_combo.lineEdit().setPlaceholderText(self.tr("Choose or type the trader's user name"))
        self.passcode_box.setTitle(self.tr("Lost or forgotten device"))
        self.temp_button.setText(self.tr("Issue &temporary passcode"))
        self.online_card_button.setText(self.tr("Issue &Online Security Code Card"))
        self.account_box.setTitle(self.tr("Account"))
        self.unlock_button.setText(self.tr("U&nlock user name"))
        self.unlock_button.setToolTip(
            self.tr("Offered while the user name is locked after too many failed attempts.")
        )
        self.device_label.setText(self.tr("De&vice:"))
        self.reactivate_button.setText(self.tr("&Reactivate device"))
        if self._desk is None:
            self.message.info(self.tr("The Client Services desk is part of the embedded gateway only."))
