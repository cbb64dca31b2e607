"""The Cards tab: a Security Code Card or Online Security Code Card to look at, print or save as PNG (R7, R8).

An online card's state is the desk's (`cardStatusLabel`): a newly issued card is pending until the first
login with it, or until the trader activates it as the Client Portal does, with the codes at two index
values — the activation box shows for a pending card only (an active card needs nothing more)."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.devices.card import CELL_COUNT, CODE_LENGTH, SecurityCodeCard
from trader_login.ui.emulators.card_image import CardView, print_card, save_card_png
from trader_login.ui.emulators.common import (
    DevicePicker,
    LoginChallengeLine,
    MessageLine,
    error_text,
    moment,
    status_name,
)
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.follow import LoginNeed
from trader_login.ui.emulators.services import ClientServicesDesk, DeskDevice, DeviceEntry
from trader_login.ui.tasks import TaskRunner


class CardsTab(DeviceTab):
    def __init__(
        self,
        kinds: Sequence[str],
        desk: ClientServicesDesk | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._tasks = tasks
        self._entry: DeviceEntry | None = None
        self._indices: tuple[int, int] = (1, 2)
        self._print_dialog: QPrintDialog | None = None
        self._state: DeskDevice | None = None  # the online card as the desk knows it (None: not known)
        self._state_task: int | None = None

        self.picker = DevicePicker(kinds, "cardDeviceCombo", self)
        self.login_challenge = LoginChallengeLine("cardLoginChallengeLabel", self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("cardStatusLabel")
        self.status_label.setWordWrap(True)
        self.view = CardView(self)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("cardPrintButton")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("cardSaveButton")
        self.message = MessageLine("cardMessageLabel", self)
        # The code at one index value as text: for a screen reader, and for a tester's script.
        self.lookup_label = QLabel(self)
        self.lookup_spin = QSpinBox(self)
        self.lookup_spin.setObjectName("cardLookupSpin")
        self.lookup_spin.setRange(1, CELL_COUNT)
        self.lookup_label.setBuddy(self.lookup_spin)
        self.lookup_code = QLabel(self)
        self.lookup_code.setObjectName("cardLookupLabel")
        self.lookup_code.setMinimumWidth(48)

        self.activation = QGroupBox(self)
        self.activation.setObjectName("cardActivationBox")
        self.activation_hint = QLabel(self.activation)
        self.activation_hint.setObjectName("cardActivationHint")
        self.activation_hint.setWordWrap(True)
        self.first_label = QLabel(self.activation)
        self.first_edit = QLineEdit(self.activation)
        self.first_edit.setObjectName("cardActivateFirstEdit")
        self.second_label = QLabel(self.activation)
        self.second_edit = QLineEdit(self.activation)
        self.second_edit.setObjectName("cardActivateSecondEdit")
        for label, edit in ((self.first_label, self.first_edit), (self.second_label, self.second_edit)):
            edit.setMaxLength(CODE_LENGTH + 2)
            edit.setFixedWidth(90)
            label.setBuddy(edit)
        self.activate_button = QPushButton(self.activation)
        self.activate_button.setObjectName("cardActivateButton")
        codes = QHBoxLayout()
        codes.addWidget(self.first_label)
        codes.addWidget(self.first_edit)
        codes.addSpacing(16)
        codes.addWidget(self.second_label)
        codes.addWidget(self.second_edit)
        codes.addSpacing(16)
        codes.addWidget(self.activate_button)
        codes.addStretch(1)
        box = QVBoxLayout(self.activation)
        box.addWidget(self.activation_hint)
        box.addLayout(codes)

        buttons = QHBoxLayout()
        buttons.addWidget(self.lookup_label)
        buttons.addWidget(self.lookup_spin)
        buttons.addWidget(self.lookup_code)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        QWidget.setTabOrder(self.lookup_spin, self.print_button)  # left to right, as they are shown
        QWidget.setTabOrder(self.print_button, self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.login_challenge)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.activation)
        layout.addWidget(self.message)

        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self.print_button.clicked.connect(self._ask_to_print)
        self.save_button.clicked.connect(self._ask_where_to_save)
        self.activate_button.clicked.connect(self.activate)
        self.second_edit.returnPressed.connect(self.activate)
        self.lookup_spin.valueChanged.connect(self._look_up)
        self.retranslate()
        self._update_controls()

    # -- devices ------------------------------------------------------------------------------------------

    def use_entry(self, entry: DeviceEntry) -> None:
        if not isinstance(entry.device, SecurityCodeCard):
            return
        self._entry = entry
        self.view.set_card(entry.device)
        self.message.info("")
        self._state = None
        self._new_indices()
        self._update_controls()
        self.look_up_state()

    # -- the online card's state --------------------------------------------------------------------------

    def look_up_state(self) -> None:
        """Asks the desk (on a worker) whether the online card shown is pending, active or ended."""
        entry, card, desk = self._entry, self.card, self._desk
        if self._state_task is not None:
            self._tasks.cancel(self._state_task)
            self._state_task = None
        if entry is None or card is None or card.kind != "online-card" or desk is None or not entry.user:
            return
        user, serial = entry.user, card.serial

        def found(devices: list[DeskDevice]) -> None:
            self._state_task = None
            if self._entry is not entry:
                return
            self._state = next((d for d in devices if d.id == serial), None)
            self._update_controls()

        def failed(_error: BaseException) -> None:
            self._state_task = None

        self._state_task = self._tasks.run(lambda: desk.devices(user), on_done=found, on_error=failed)

    @property
    def card_state(self) -> str | None:
        """The online card's state at the desk ("pending", "active", …; None: not known, or not online)."""
        return self._state.status if self._state is not None else None

    def _state_text(self) -> str:
        state = self._state
        if state is None:
            return ""
        if state.status == "pending":
            return self.tr(
                "Not active yet. The first login with this card activates it; or activate it here, as the "
                "Client Portal does."
            )
        if state.status == "active":
            if state.expires_at is not None:
                return self.tr("Active: valid until {moment}. Nothing to activate.").format(
                    moment=moment(state.expires_at, zone=self.zone)
                )
            return self.tr("Active. Nothing to activate.")
        return self.tr("This card no longer works ({status}).").format(status=status_name(state.status))

    # -- following the login --------------------------------------------------------------------------------

    def follow(self, need: LoginNeed | None) -> None:
        super().follow(need)
        self.look_up_state()  # a login with a pending card activates it

    def login_challenge_text(self, challenge: Any, *, renewed: bool) -> str | None:
        if not challenge.indices:
            return None
        first, second = challenge.indices
        if renewed:
            return self.tr(
                "New index values in the login window: {a} and {b}. The earlier ones no longer work."
            ).format(a=first, b=second)
        return self.tr("The login window asks for the codes at index values {a} and {b}.").format(
            a=first, b=second
        )

    @property
    def card(self) -> SecurityCodeCard | None:
        return self.view.card

    @property
    def activation_indices(self) -> tuple[int, int]:
        return self._indices

    # -- print and save -----------------------------------------------------------------------------------

    def save_png(self, path: str | Path) -> bool:
        if self.card is None:
            return False
        try:
            save_card_png(self.card, path)
        except OSError as error:
            self.message.error(self.tr("The card could not be saved: {why}").format(why=error))
            return False
        self.message.info(self.tr("Saved {name}.").format(name=Path(path).name))
        return True

    def print_to(self, printer: QPrinter) -> bool:
        if self.card is None:
            return False
        try:
            print_card(self.card, printer)
        except OSError as error:
            self.message.error(self.tr("The card could not be printed: {why}").format(why=error))
            return False
        self.message.info(self.tr("Sent to the printer."))
        return True

    def _ask_where_to_save(self) -> None:
        if self.card is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save card as PNG"), f"{self.card.serial}.png", self.tr("PNG images (*.png)")
        )
        if path:
            self.save_png(path if path.lower().endswith(".png") else path + ".png")

    def _ask_to_print(self) -> None:
        if self.card is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print card"))
        dialog.accepted.connect(lambda: self.print_to(printer))
        self._print_dialog = dialog  # open() does not block; keep the dialog (and its printer) alive
        dialog.open()

    # -- online card activation (R8) ----------------------------------------------------------------------

    def _new_indices(self) -> None:
        first = 1 + secrets.randbelow(CELL_COUNT)
        second = first
        while second == first:
            second = 1 + secrets.randbelow(CELL_COUNT)
        self._indices = (first, second)
        self.first_edit.clear()
        self.second_edit.clear()
        self.retranslate()

    def activate(self) -> None:
        entry, card = self._entry, self.card
        if entry is None or card is None or card.kind != "online-card" or self._desk is None:
            return
        first, second = self._indices
        typed = ["".join(edit.text().split()).upper() for edit in (self.first_edit, self.second_edit)]
        expected = [card.code(first), card.code(second)]
        if not all(hmac.compare_digest(t.encode(), e.encode()) for t, e in zip(typed, expected, strict=True)):
            self.message.error(
                self.tr(
                    "Those are not the codes at index values {a} and {b} of this card. Try again."
                ).format(a=first, b=second)
            )
            return
        if not entry.user:
            self.message.error(self.tr("This card's owner is not known: open it from the device list."))
            return
        desk, user, serial = self._desk, entry.user, card.serial
        self.activate_button.setEnabled(False)
        self.message.info(self.tr("Activating…"))
        self._tasks.run(
            lambda: desk.activate_online_card(user, serial), on_done=self._activated, on_error=self._refused
        )

    def _activated(self, _result: object) -> None:
        self.activate_button.setEnabled(True)
        self.message.info(self.tr("The card is active: valid for 21 days from now."))
        self.look_up_state()  # the desk's state: the activation box goes

    def _refused(self, error: BaseException) -> None:
        self.activate_button.setEnabled(True)
        self.message.error(error_text(error, self.tr("The activation failed.")))

    def shutdown(self) -> None:
        """The window dropped every pending reply: an activation or a look-up on its way is forgotten."""
        self._state_task = None
        self._update_controls()

    # -- text ---------------------------------------------------------------------------------------------

    def _look_up(self) -> None:
        card = self.card
        self.lookup_code.setText(card.code(self.lookup_spin.value()) if card is not None else "")

    def _update_controls(self) -> None:
        self._look_up()
        has_card = self.card is not None
        self.lookup_spin.setEnabled(has_card)
        self.print_button.setEnabled(has_card)
        self.save_button.setEnabled(has_card)
        online = has_card and self.card is not None and self.card.kind == "online-card"
        pending = online and self._desk is not None and self.card_state == "pending"
        self.activation.setVisible(pending)
        self.activate_button.setEnabled(pending)
        text = self._state_text() if online else ""
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        first, second = self._indices
        self.print_button.setText(self.tr("&Print…"))
        self.save_button.setText(self.tr("&Save as PNG…"))
        self.lookup_label.setText(self.tr("Code at &index"))
        self.activation.setTitle(self.tr("Activate this Online Security Code Card"))
        self.activation_hint.setText(
            self.tr(
                "Enter the codes at index values {a} and {b}. The card is then valid for 21 days."
            ).format(a=first, b=second)
        )
        self.first_label.setText(self.tr("Code at {a}:").format(a=first))
        self.second_label.setText(self.tr("Code at {b}:").format(b=second))
        self.activate_button.setText(self.tr("&Activate"))
        self.view.setAccessibleDescription(self.tr("The card's grid of codes"))
        self.view.retranslate()
        self.picker.retranslate()
        self._update_controls()  # the state's text
        self.show_login_challenge()
