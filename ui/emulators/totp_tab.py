"""The Authenticator tab: plays a phone's authenticator app (TOTP) for the selected user — the current code
and the seconds left in its period, read from the injected wall clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from trader_login.auth.devices.totp import Authenticator
from trader_login.ui.emulators.common import DevicePicker, MessageLine
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.services import DeviceEntry

TICK_MS = 1000


class TotpTab(DeviceTab):
    def __init__(
        self,
        kinds: Sequence[str],
        *,
        wall_clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._wall_clock = wall_clock
        self._device: Authenticator | None = None
        self.picker = DevicePicker(kinds, "totpDeviceCombo", self)
        self.message = MessageLine("totpMessageLabel", self)
        self.code_label = QLabel(self)
        self.code_label.setObjectName("totpCodeLabel")
        self.seconds_label = QLabel(self)
        self.seconds_label.setObjectName("totpSecondsLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.code_label)
        layout.addWidget(self.seconds_label)
        layout.addStretch(1)
        layout.addWidget(self.message)
        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh)
        self.retranslate()

    @property
    def device(self) -> Authenticator | None:
        return self._device

    def use_entry(self, entry: DeviceEntry) -> None:
        if not isinstance(entry.device, Authenticator):
            return
        self._device = entry.device
        self.message.info("")
        self.refresh()

    def refresh(self) -> None:
        if self._device is None:
            self.code_label.setText("")
            self.seconds_label.setText("")
            return
        now = self._wall_clock()
        code = self._device.code(now)
        self.code_label.setText(f"{code[:3]} {code[3:]}")
        left = Authenticator.seconds_left(now)
        self.seconds_label.setText(self.tr("New code in %n second(s)", "", left))

    def start(self) -> None:
        self._tick.start()
        self.refresh()

    def stop(self) -> None:
        self._tick.stop()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.refresh()
