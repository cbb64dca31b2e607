"""The Authenticator tab: a phone's authenticator app (TOTP, RFC 6238) for the selected device — the current
code, large and grouped "123 456", with the seconds it has left, the account and issuer; and the enrolment QR
code with its setup key, so the trader can add the same account to a real phone app instead.

The codes follow the injected wall clock (`TabContext.wall_clock`: the harness moves it), read once a second
while the window is shown. Nothing is polled from the gateway: the code is the device's own. The secret (in
the QR code and the setup key) is never logged; the setup key shows only when asked for."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.devices.totp import PERIOD, Authenticator
from trader_login.ui.emulators.common import DevicePicker, MessageLine, set_style_property
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.services import DeviceEntry

TICK_MS = 1000  # the seconds left change once a second; the timer is re-aligned to the wall clock's second
MODULE_PX = 4  # one QR module, in logical pixels: a version-5 symbol with its quiet zone is 180 px
EXPIRING = 5  # the code turns to the warning colour in its last seconds, as the apps do (property "expiring")


def group_code(code: str) -> str:
    """ "123456" → "123 456", as the apps show a code (the halves read at a glance)."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}" if code else ""


def group_key(key: str) -> str:
    """A base32 setup key in groups of four, for typing by hand ("ABCD EFGH …"); the apps ignore spaces."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_image(matrix: Sequence[Sequence[bool]], module: int) -> QImage:
    """The QR code's modules as square blocks of `module` pixels, black on white whatever the colour scheme
    (a scanner wants dark on light), no smoothing: every module edge on a pixel edge."""
    size = len(matrix) * module
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    black = QColor("black")
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * module, y * module, module, module, black)
    painter.end()
    return image


class TotpTab(DeviceTab):
    """Pick the user's authenticator; read its code; scan the QR code with a real app to use that instead."""

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
        self._qr_ratio = 0.0  # the device pixel ratio the QR pixmap was drawn for

        self.picker = DevicePicker(kinds, "totpDeviceCombo", self)
        self.message = MessageLine("totpMessageLabel", self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        # The account's row, as the apps list one: issuer and account, the code, the time it has left.
        card = QFrame(self)
        card.setObjectName("totpAccount")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        self.issuer_label = QLabel(card)
        self.issuer_label.setObjectName("totpIssuerLabel")
        bold = self.issuer_label.font()
        bold.setBold(True)
        self.issuer_label.setFont(bold)
        self.account_label = QLabel(card)
        self.account_label.setObjectName("totpAccountLabel")
        self.code_label = QLabel(card)
        self.code_label.setObjectName("totpCodeLabel")
        self.code_label.setFont(_code_font())
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(card)
        self.copy_button.setObjectName("totpCopyButton")
        self.progress = QProgressBar(card)
        self.progress.setObjectName("totpProgress")
        self.progress.setRange(0, PERIOD)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.seconds_label = QLabel(card)
        self.seconds_label.setObjectName("totpSecondsLabel")
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label)
        code_row.addStretch(1)
        code_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignVCenter)
        time_row = QHBoxLayout()
        time_row.addWidget(self.progress, 1)
        time_row.addWidget(self.seconds_label)
        inner = QVBoxLayout(card)
        inner.addWidget(self.issuer_label)
        inner.addWidget(self.account_label)
        inner.addLayout(code_row)
        inner.addLayout(time_row)

        # Enrolment: the QR code a real app scans, and its setup key on demand.
        self.qr_label = QLabel(self)
        self.qr_label.setObjectName("totpQrLabel")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.qr_caption = QLabel(self)
        self.qr_caption.setObjectName("totpQrCaption")
        self.qr_caption.setWordWrap(True)
        self.setup_key_button = QPushButton(self)
        self.setup_key_button.setObjectName("totpSetupKeyButton")
        self.setup_key_label = QLabel(self)
        self.setup_key_label.setObjectName("totpSetupKeyLabel")
        self.setup_key_label.setFont(_key_font())
        self.setup_key_label.setWordWrap(True)
        self.setup_key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setup_key_label.hide()
        enrol_text = QVBoxLayout()
        enrol_text.addWidget(self.qr_caption)
        enrol_text.addWidget(self.setup_key_button, 0, Qt.AlignmentFlag.AlignLeft)
        enrol_text.addWidget(self.setup_key_label)
        enrol_text.addStretch(1)
        enrol = QHBoxLayout()
        enrol.addWidget(self.qr_label, 0, Qt.AlignmentFlag.AlignTop)
        enrol.addLayout(enrol_text, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.hint)
        layout.addWidget(card)
        layout.addSpacing(8)
        layout.addLayout(enrol)
        layout.addStretch(1)
        layout.addWidget(self.message)

        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self.copy_button.clicked.connect(self.copy_code)
        self.setup_key_button.clicked.connect(self.toggle_setup_key)
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.timeout.connect(self._beat)
        self.retranslate()
        self._show_device()

    # -- the device ---------------------------------------------------------------------------------------

    @property
    def device(self) -> Authenticator | None:
        return self._device

    def use_entry(self, entry: DeviceEntry) -> None:
        """Shows this device (the picker's choice, or a device file just opened)."""
        if not isinstance(entry.device, Authenticator):
            return
        self._device = entry.device
        self.message.info("")
        self._show_device()

    def _show_device(self) -> None:
        device = self._device
        self.issuer_label.setText(device.issuer if device is not None else "")
        self.account_label.setText(device.account if device is not None else "")
        for widget in (self.copy_button, self.setup_key_button):
            widget.setEnabled(device is not None)
        self.setup_key_label.clear()  # another device: its key shows only when asked for again
        self.setup_key_label.hide()
        self._set_key_button_text()
        self._qr_ratio = 0.0
        self._draw_qr()
        self.refresh()

    def _draw_qr(self) -> None:
        ratio = self.devicePixelRatioF()
        if self._device is None:
            self.qr_label.clear()
            self.qr_label.hide()
            self.qr_caption.hide()
            return
        if ratio != self._qr_ratio:
            self._qr_ratio = ratio
            # Whole device pixels per module, so that no edge is blurred on a scaled screen.
            module = max(1, round(MODULE_PX * ratio))
            pixmap = QPixmap.fromImage(qr_image(self._device.qr_matrix(), module))
            pixmap.setDevicePixelRatio(module / MODULE_PX)
            self.qr_label.setPixmap(pixmap)
            self.qr_label.setFixedSize(pixmap.deviceIndependentSize().toSize())
        self.qr_label.show()
        self.qr_caption.show()

    # -- the code -----------------------------------------------------------------------------------------

    def code(self) -> str:
        """The code the app shows now ("" without a device), without the space: what the trader types."""
        return self._device.code(self._wall_clock()) if self._device is not None else ""

    def refresh(self) -> None:
        """Reads the wall clock: the current code and the seconds it has left."""
        device = self._device
        if device is None:
            self.code_label.setText("––– –––")
            self.code_label.setAccessibleDescription("")
            self.seconds_label.clear()
            self.progress.setValue(0)
            return
        now = self._wall_clock()
        code = device.code(now)
        left = Authenticator.seconds_left(now)
        grouped = group_code(code)
        if self.code_label.text() != grouped:
            self.code_label.setText(grouped)
            self.code_label.setAccessibleDescription(code)  # read as one number
        # The style sheet colours the code by this property (the theme's warning colour in either scheme).
        set_style_property(self.code_label, "expiring", left <= EXPIRING)
        self.progress.setValue(left)
        self.seconds_label.setText(self.tr("New code in %n second(s)", "", left))

    def _beat(self) -> None:
        self.refresh()
        self._schedule()

    def _schedule(self) -> None:
        # On the wall clock's next whole second (where the count changes), at most TICK_MS from now.
        fraction = self._wall_clock() % 1.0
        self._tick.start(max(20, min(TICK_MS, round((1.0 - fraction) * 1000))))

    def copy_code(self) -> None:
        """The current code to the clipboard, digits only, for pasting into the login (which then sends)."""
        code = self.code()
        if code:
            QGuiApplication.clipboard().setText(code)
            self.message.info(self.tr("Code copied."))

    def toggle_setup_key(self) -> None:
        """Shows (or hides again) the setup key, for an app whose camera cannot scan the screen."""
        if self._device is None:
            return
        showing = not self.setup_key_label.isVisibleTo(self)
        self.setup_key_label.setText(group_key(self._device.secret_base32) if showing else "")
        self.setup_key_label.setVisible(showing)
        self._set_key_button_text()

    def _set_key_button_text(self) -> None:
        shown = self.setup_key_label.isVisibleTo(self)
        self.setup_key_button.setText(self.tr("Hide setup key") if shown else self.tr("Show setup key"))

    # -- life cycle ---------------------------------------------------------------------------------------

    def start(self) -> None:
        self.refresh()
        self._schedule()

    def stop(self) -> None:
        self._tick.stop()
        if self.setup_key_label.isVisibleTo(self):
            self.toggle_setup_key()  # the window is hidden: the key goes with it

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.DevicePixelRatioChange:
            self._draw_qr()
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self._draw_qr()  # on another screen than when drawn, perhaps
        self.refresh()

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.hint.setText(
            self.tr(
                "Plays an authenticator app: the code for the selected user changes every 30 seconds. "
                "Type it into the login window's Authenticator app page."
            )
        )
        self.code_label.setAccessibleName(self.tr("Current code"))
        self.progress.setAccessibleName(self.tr("Time left for this code"))
        self.copy_button.setText(self.tr("Copy code"))
        self.qr_label.setAccessibleName(self.tr("Enrolment QR code"))
        self.qr_caption.setText(self.tr("Scan with your phone's authenticator app to use it instead"))
        self.setup_key_label.setAccessibleName(self.tr("Setup key"))
        self._set_key_button_text()
        self.refresh()


def _code_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(28)
    font.setBold(True)
    return font


def _key_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font
