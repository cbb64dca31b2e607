"""The Phone tab (R10): the texts and voice calls the gateway sent to the chosen phone number, read from the
outbox on a worker every POLL_MS; a call, once answered, reads its code aloud one digit at a time.

Like a phone's badge, the tab counts what waits: a ringing call until it is answered, and texts that arrived
while the tab was not on screen until it is. What the phone held when it was chosen counts as read."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.devices.phone import Phone
from trader_login.ui.emulators.common import POLL_MS, DevicePicker, MessageLine, Poller, error_text, moment
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.dscplus_tab import lcd_font
from trader_login.ui.emulators.services import DeviceEntry, Outbox, PhoneMessage
from trader_login.ui.tasks import TaskRunner

DIGIT_MS = 400  # one spoken digit


class PhoneTab(DeviceTab):
    # waitingChanged: a call rings or stopped ringing, texts became unread or read

    def __init__(
        self,
        kinds: Sequence[str],
        outbox: Outbox | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._outbox = outbox
        self._phone: Phone | None = None
        self._messages: list[PhoneMessage] = []
        self._call: PhoneMessage | None = None
        self._spoken = 0
        self._ringing = False
        self._unread = 0
        self._first_read = True  # the next poll's messages are what the phone already held

        self.picker = DevicePicker(kinds, "phoneDeviceCombo", self)
        self.inbox_box = QGroupBox(self)
        self.inbox = QListWidget(self.inbox_box)
        self.inbox.setObjectName("phoneInbox")
        self.inbox.setWordWrap(True)
        self.inbox.setMinimumHeight(120)
        self.inbox.setMaximumHeight(260)
        self.text = QLabel(self.inbox_box)
        self.text.setObjectName("phoneMessageText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inbox_layout = QVBoxLayout(self.inbox_box)
        inbox_layout.addWidget(self.inbox, 1)
        inbox_layout.addWidget(self.text)

        self.call_box = QGroupBox(self)
        self.call_label = QLabel(self.call_box)
        self.call_label.setObjectName("phoneCallLabel")
        self.call_label.setWordWrap(True)
        self.answer_button = QPushButton(self.call_box)
        self.answer_button.setObjectName("phoneAnswerButton")
        self.digits = QLabel(self.call_box)
        self.digits.setObjectName("phoneCallDigits")
        self.digits.setFont(lcd_font())
        self.digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        call_row = QHBoxLayout()
        call_row.addWidget(self.call_label, 1)
        call_row.addWidget(self.answer_button)
        call_layout = QVBoxLayout(self.call_box)
        call_layout.addLayout(call_row)
        call_layout.addWidget(self.digits)
        self.message = MessageLine("phoneMessageLabel", self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.inbox_box)
        layout.addWidget(self.call_box)
        layout.addStretch(1)
        layout.addWidget(self.message)

        # Started only with an outbox (see start), so `outbox` is never None when the poll reads it.
        self.poller = Poller(
            tasks,
            poll_ms,
            self,
            current=lambda: self._phone,
            fetch=lambda phone: outbox.messages(phone.number),
            on_result=self._polled,
            on_error=self._poll_failed,
        )
        self._voice = QTimer(self)
        self._voice.setInterval(DIGIT_MS)
        self._voice.timeout.connect(self._speak_next)
        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self.inbox.currentRowChanged.connect(self._show_message)
        self.answer_button.clicked.connect(self.answer)
        self.retranslate()
        self._show_call(None)

    # -- devices ------------------------------------------------------------------------------------------

    def use_entry(self, entry: DeviceEntry) -> None:
        if not isinstance(entry.device, Phone):
            return
        self._phone = entry.device
        self.poller.drop()
        self._set_messages([])
        self._first_read = True
        self._set_waiting(ringing=False, unread=0)
        self.message.info("")
        self.poller.poll()

    def poll_now(self) -> None:
        """Reads the outbox at once (a login in this app just asked for a code)."""
        self.poller.poll()

    def clear_result(self) -> None:
        """The inbox is the phone's history and stays; the digits heard in an earlier call go (not a call
        ringing or being read out now: it may be this login's), and a passing note (not the remote notice)."""
        if self._outbox is not None:
            super().clear_result()
        reading = self._call is not None and self._voice.isActive() and self._spoken < len(self._call.code)
        if not self._ringing and not reading:
            self._voice.stop()
            self.digits.clear()
            self.answer_button.setEnabled(self._call is not None)  # the call may be played again

    @property
    def has_read(self) -> bool:
        """The chosen phone's messages have been read once (what it held then counts as read)."""
        return self._phone is not None and not self._first_read

    def waiting(self) -> str:
        """What waits on this phone, for the tab's mark ("" when nothing does)."""
        if self._ringing:
            return self.tr("A call is ringing")
        return self.tr("%n new message(s)", "", self._unread) if self._unread else ""

    def _set_waiting(self, *, ringing: bool, unread: int) -> None:
        if self.isVisible():
            unread = 0  # on screen: read
        if (ringing, unread) != (self._ringing, self._unread):
            self._ringing, self._unread = ringing, unread
            self.waitingChanged.emit()

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self._set_waiting(ringing=self._ringing, unread=0)

    # -- the poll -----------------------------------------------------------------------------------------

    def start(self) -> None:
        """Polls while the window is shown (with an outbox to read)."""
        if self._outbox is not None:
            self.poller.start()

    def stop(self) -> None:
        self.poller.stop()
        self._voice.stop()

    def _poll_failed(self, error: BaseException) -> None:
        self.message.error(error_text(error, self.tr("The phone's messages cannot be read.")))

    def _polled(self, messages: list[PhoneMessage]) -> None:
        first, self._first_read = self._first_read, False
        self._set_messages(messages, already_held=first)

    def _set_messages(self, messages: list[PhoneMessage], *, already_held: bool = False) -> None:
        if messages == self._messages:
            return
        new = messages[len(self._messages) :] if messages[: len(self._messages)] == self._messages else []
        if already_held:
            new = []
        texts = sum(1 for message in new if message.channel != "voice")
        if texts:
            self._set_waiting(ringing=self._ringing, unread=self._unread + texts)
        self._messages = list(messages)
        self.inbox.blockSignals(True)
        self.inbox.clear()
        for message in self._messages:
            self.inbox.addItem(QListWidgetItem(self._title(message)))
        self.inbox.setCurrentRow(len(self._messages) - 1)
        self.inbox.blockSignals(False)
        self._show_message(len(self._messages) - 1)
        if any(message.channel == "voice" for message in new) and self._messages[-1].channel == "voice":
            self._show_call(self._messages[-1], ringing=True)

    def _title(self, message: PhoneMessage) -> str:
        """The inbox's line: the time received (recent: no date), then the text or the call."""
        when = moment(message.at, zone=self.zone, date=False, seconds=True)
        if message.channel == "voice":
            return self.tr("{time}  Call from Trader Login").format(time=when)
        return self.tr("{time}  SMS: {text}").format(time=when, text=message.text)

    # -- reading and calls --------------------------------------------------------------------------------

    def _show_message(self, row: int) -> None:
        message = self._messages[row] if 0 <= row < len(self._messages) else None
        if message is None:
            self.text.setText(self.tr("No messages yet."))
        elif message.channel == "voice":
            self.text.setText(self.tr("A voice call. Answer it to hear the code."))
            if message is not self._call:
                self._show_call(message)
        else:
            self.text.setText(message.text)

    def _show_call(self, call: PhoneMessage | None, *, ringing: bool = False) -> None:
        self._voice.stop()
        self._call = call
        self._spoken = 0
        self.digits.clear()
        self.answer_button.setEnabled(call is not None)
        self._set_waiting(ringing=call is not None and ringing, unread=self._unread)
        if call is None:
            self.call_label.setText(self.tr("No call."))
        elif ringing:
            self.call_label.setText(self.tr("Incoming call from Trader Login…"))
        else:
            self.call_label.setText(self.tr("Call from Trader Login."))

    def answer(self) -> None:
        """Picks up: the code is read one digit every DIGIT_MS."""
        if self._call is None:
            return
        self._spoken = 0
        self.digits.clear()
        self.call_label.setText(self.tr("This is Trader Login. Your security code is:"))
        self.answer_button.setEnabled(False)
        self._set_waiting(ringing=False, unread=self._unread)
        self._voice.start()

    def _speak_next(self) -> None:
        if self._call is None or self._spoken >= len(self._call.code):
            self._voice.stop()
            self.answer_button.setEnabled(self._call is not None)
            self.answer_button.setText(self.tr("Play again"))
            return
        self._spoken += 1
        self.digits.setText(" ".join(self._call.code[: self._spoken]))

    @property
    def heard_code(self) -> str:
        """The digits spoken so far, as the trader writes them down."""
        return self.digits.text().replace(" ", "")

    # -- text ---------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.inbox_box.setTitle(self.tr("Messages"))
        self.inbox.setAccessibleName(self.tr("Messages"))
        self.call_box.setTitle(self.tr("Voice call"))
        self.answer_button.setText(self.tr("&Answer"))
        if self._outbox is None:
            self.message.info(self.tr("Texts and calls are shown with the embedded gateway only."))
        for row, message in enumerate(self._messages):
            item = self.inbox.item(row)
            if item is not None:
                item.setText(self._title(message))
        self.picker.retranslate()
