"""The DSC+ tab: the device drawn as a small handset (LCD, press button, keypad, OK), its behaviour entirely
the `DscPlus` model's (R6). The wrong-PIN count is saved to the device file as it changes, like the real
device that keeps its lock when the battery is pulled."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.devices import files
from trader_login.auth.devices.dscplus import DscPlus, DscState
from trader_login.ui.emulators.common import DevicePicker, LoginChallengeLine, MessageLine, unbroken_numbers
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.services import DeviceEntry

log = logging.getLogger(__name__)

TICK_MS = 250  # the LCD is re-read this often, so auto-off shows without a key press


def lcd_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(20)
    font.setBold(True)
    return font


class DscPlusTab(DeviceTab):
    """Press the red button, type the PIN, OK; type the challenge, OK; read the response."""

    def __init__(
        self,
        kinds: Sequence[str],
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._device: DscPlus | None = None
        self._entry: DeviceEntry | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.picker = DevicePicker(kinds, "dscDeviceCombo", self)
        self.message = MessageLine("dscMessageLabel", self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.login_challenge = LoginChallengeLine("dscLoginChallengeLabel", self)

        body = QFrame(self)
        body.setObjectName("dscBody")  # the handset's look is the style sheet's (QFrame#dscBody …)
        # 260 px wide like the device (the display's minimum), wider only should a key's label need it.
        body.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.brand = QLabel(body)
        self.brand.setObjectName("dscBrand")
        self.press_button = QPushButton(body)
        self.press_button.setObjectName("dscPressButton")
        self.display = QLabel(body)
        self.display.setObjectName("dscDisplay")
        self.display.setFont(lcd_font())
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.setFixedHeight(56)
        self.display.setMinimumWidth(260 - 2 * 22)  # the body's width less its margins
        self.display.setTextFormat(Qt.TextFormat.PlainText)
        self.keys = []
        keypad = QGridLayout()
        keypad.setSpacing(10)
        for digit in range(10):
            key = QPushButton(str(digit), body)
            key.setObjectName(f"dscKey{digit}")
            key.clicked.connect(lambda _checked=False, d=str(digit): self.press_key(d))
            self.keys.append(key)
            row, column = (3, 1) if digit == 0 else divmod(digit - 1, 3)
            keypad.addWidget(key, row, column)
        self.ok_button = QPushButton(body)
        self.ok_button.setObjectName("dscOkButton")
        keypad.addWidget(self.ok_button, 3, 2)
        for button in (*self.keys, self.ok_button, self.press_button):
            # The keypad takes clicks, not focus: typed digits keep reaching the tab's keyPressEvent.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRepeat(False)

        top = QHBoxLayout()
        top.addWidget(self.brand)
        top.addStretch(1)
        top.addWidget(self.press_button)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(22, 18, 22, 24)
        inner.setSpacing(16)
        inner.addLayout(top)
        inner.addWidget(self.display)
        inner.addLayout(keypad)

        device_row = QHBoxLayout()
        device_row.addStretch(1)
        device_row.addWidget(body)
        device_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.hint)
        layout.addWidget(self.login_challenge)
        layout.addSpacing(8)
        layout.addLayout(device_row)
        layout.addStretch(1)
        layout.addWidget(self.message)
        self.display.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.press_button.clicked.connect(self.press_button_clicked)
        self.ok_button.clicked.connect(self.press_ok)
        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh)
        self.retranslate()
        self._set_enabled(False)

    # -- devices ------------------------------------------------------------------------------------------

    def use_entry(self, entry: DeviceEntry) -> None:
        """Switches to this device, re-read from its file so a lock saved earlier is honoured."""
        device = entry.device
        if entry.path is not None:
            try:
                device = files.load(entry.path, clock=self._clock)
            except (files.DeviceFileError, OSError) as error:
                self.message.error(str(error))
                return
        if not isinstance(device, DscPlus):
            return
        if self._device is not None:
            self._device.on_persistent_change = None
        device.on_persistent_change = self._save
        self._device, self._entry = device, entry
        self.message.info("")
        self._set_enabled(True)
        self.refresh()

    @property
    def device(self) -> DscPlus | None:
        return self._device

    def _save(self, device: DscPlus) -> None:
        if self._entry is None or self._entry.path is None:
            return
        try:
            files.save(device, self._entry.path)
        except OSError as error:
            self.message.error(self.tr("The device's state could not be saved: {why}").format(why=error))

    # -- following the login ------------------------------------------------------------------------------

    def clear_result(self) -> None:
        """A new login or challenge: the response of the last one leaves the display, the device going back
        to "CHALLNG>" as its own OK does (the PIN stays verified while it is on)."""
        super().clear_result()
        if self._device is not None and self._device.state is DscState.RESPONSE:
            self._device.press_ok()
        self.refresh()

    def login_challenge_text(self, challenge: Any, *, renewed: bool) -> str | None:
        if not challenge.digits:
            return None
        if renewed:
            return self.tr(
                "New challenge in the login window: {challenge}. The earlier one no longer works."
            ).format(challenge=challenge.digits)
        return self.tr("Challenge in the login window: {challenge}").format(challenge=challenge.digits)

    # -- keys ---------------------------------------------------------------------------------------------

    def press_button_clicked(self) -> None:
        if self._device is not None:
            self._device.press_button()
            self.refresh()

    def press_key(self, digit: str) -> None:
        if self._device is not None:
            self._device.press_key(digit)
            self.refresh()

    def press_ok(self) -> None:
        if self._device is not None:
            self._device.press_ok()
            self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text in "0123456789":
            self.press_key(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press_ok()
        elif event.key() == Qt.Key.Key_Space:
            self.press_button_clicked()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- screen -------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        text = self._device.display if self._device is not None else ""
        if self.display.text() != text:
            self.display.setText(text)

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self._tick.start()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()

    def hideEvent(self, event: QEvent) -> None:
        self._tick.stop()
        super().hideEvent(event)

    def stop(self) -> None:
        self._tick.stop()

    def _set_enabled(self, enabled: bool) -> None:
        for button in (*self.keys, self.ok_button, self.press_button):
            button.setEnabled(enabled)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.brand.setText(self.tr("DSC+"))
        self.press_button.setText(self.tr("ON"))
        self.press_button.setAccessibleName(self.tr("Press button (on / PIN)"))
        self.ok_button.setText(self.tr("OK"))
        self.display.setAccessibleName(self.tr("DSC+ display"))
        self.setAccessibleName(self.tr("DSC+ keypad"))  # the tab takes the typed digits, Enter and Space
        self.hint.setText(
            unbroken_numbers(
                self.tr(
                    "Press ON until PIN> shows, type the 4-digit PIN and OK; at CHALLNG> type the 6-digit "
                    "challenge from the login window and OK. The keyboard works too: digits, Enter, Space."
                )
            )
        )
        self.picker.retranslate()
        self.show_login_challenge()
