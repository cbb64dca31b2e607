"""The IB Key phone tab (R5): notifications polled from the gateway with the phone's signed requests, each
approved or denied with one click (the phone's fingerprint check is taken as given: `ibkeyApproveButton`
sends the approval); and "Authenticate", challenge in, response out.

Number matching (issue 19): a notification with numbers shows them as three checkable buttons
(`ibkeyNumberButton1..3`); Approve is enabled once one is picked and sends it (a number that is not the
login's is a denial, counted). "This wasn't me" (`ibkeyNotMeButton`) denies and reports the login.

The poll runs on a worker every POLL_MS while the window is shown; a reply that arrives after the poll was
stopped (window hidden, another phone picked) is dropped by its task id.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.client.errors import ClientError
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest
from trader_login.ui.emulators.common import (
    POLL_MS,
    DevicePicker,
    LoginChallengeLine,
    MessageLine,
    Poller,
    error_text,
    moment,
)
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.dscplus_tab import lcd_font
from trader_login.ui.emulators.follow import LoginNeed
from trader_login.ui.emulators.services import DeviceEntry, PhoneLink
from trader_login.ui.tasks import TaskRunner


def number_font(base: QFont) -> QFont:
    """The numbers to pick: large and bold in the tab's own font (the theme's colours, every language)."""
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 1.8)
    font.setBold(True)
    return font


class IbKeyTab(DeviceTab):
    # waitingChanged: the number of notifications waiting changed (the window marks the tab)

    def __init__(
        self,
        kinds: Sequence[str],
        link: PhoneLink | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._link = link
        self._tasks = tasks
        self._app: IbKeyApp | None = None
        self._pushes: list[PushRequest] = []
        self._deciding: PushRequest | None = None
        self._sent: tuple[str, int | None] = ("approve", None)  # the decision on its way, and its number
        self._picked: tuple[str, int] | None = None  # (transaction id, number) picked on the phone
        self._expecting = ""  # the user whose login in this app sent a notification not yet here

        self.picker = DevicePicker(kinds, "ibkeyDeviceCombo", self)
        self.message = MessageLine("ibkeyMessageLabel", self)

        self.notifications_box = QGroupBox(self)
        self.notifications = QListWidget(self.notifications_box)
        self.notifications.setObjectName("ibkeyNotificationList")
        self.notifications.setMinimumHeight(90)
        self.notifications.setMaximumHeight(180)
        self.details = QLabel(self.notifications_box)
        self.details.setObjectName("ibkeyDetailsLabel")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.approve_button = QPushButton(self.notifications_box)
        self.approve_button.setObjectName("ibkeyApproveButton")
        self.deny_button = QPushButton(self.notifications_box)
        self.deny_button.setObjectName("ibkeyDenyButton")
        self.not_me_button = QPushButton(self.notifications_box)
        self.not_me_button.setObjectName("ibkeyNotMeButton")
        # Number matching: the three numbers of the selected notification, one to pick (exclusive).
        self.numbers_caption = QLabel(self.notifications_box)
        self.numbers_caption.setObjectName("ibkeyNumbersCaption")
        self.numbers_caption.setWordWrap(True)
        self.number_group = QButtonGroup(self)
        self.number_group.setExclusive(True)
        self.number_buttons: list[QPushButton] = []
        numbers_row = QHBoxLayout()
        numbers_row.addStretch(1)
        for index in range(1, 4):
            button = QPushButton(self.notifications_box)
            button.setObjectName(f"ibkeyNumberButton{index}")
            button.setCheckable(True)
            button.setProperty("role", "number")  # the style sheet shows the picked one (resources/style.qss)
            button.setFont(number_font(button.font()))
            button.setMinimumSize(button.fontMetrics().horizontalAdvance("88") * 2, 0)
            self.number_group.addButton(button, index)
            self.number_buttons.append(button)
            numbers_row.addWidget(button)
        numbers_row.addStretch(1)
        decide = QHBoxLayout()
        decide.addWidget(self.not_me_button)
        decide.addStretch(1)
        decide.addWidget(self.deny_button)
        decide.addWidget(self.approve_button)
        # Left to right, as they are shown: the numbers, then This wasn't me, Deny, Approve.
        order = [*self.number_buttons, self.not_me_button, self.deny_button, self.approve_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        box = QVBoxLayout(self.notifications_box)
        box.addWidget(self.notifications)
        box.addWidget(self.details)
        box.addWidget(self.numbers_caption)
        box.addLayout(numbers_row)
        box.addLayout(decide)

        self.authenticate_box = QGroupBox(self)
        self.login_challenge = LoginChallengeLine("ibkeyLoginChallengeLabel", self.authenticate_box)
        self.challenge_edit = QLineEdit(self.authenticate_box)
        self.challenge_edit.setObjectName("ibkeyChallengeEdit")
        self.challenge_edit.setMaxLength(20)
        self.generate_button = QPushButton(self.authenticate_box)
        self.generate_button.setObjectName("ibkeyGenerateButton")
        self.response_label = QLabel(self.authenticate_box)
        self.response_label.setObjectName("ibkeyResponseLabel")
        self.response_label.setFont(lcd_font())
        self.response_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.challenge_label = QLabel(self.authenticate_box)
        self.challenge_label.setBuddy(self.challenge_edit)
        self.response_caption = QLabel(self.authenticate_box)
        challenge_row = QHBoxLayout()
        challenge_row.addWidget(self.challenge_edit, 1)
        challenge_row.addWidget(self.generate_button)
        form = QFormLayout(self.authenticate_box)
        form.addRow(self.login_challenge)
        form.addRow(self.challenge_label, challenge_row)
        form.addRow(self.response_caption, self.response_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.notifications_box)
        layout.addWidget(self.authenticate_box)
        layout.addStretch(1)
        layout.addWidget(self.message)

        # Started only with a link (see start), so `link` is never None when the poll asks it.
        self.poller = Poller(
            tasks,
            poll_ms,
            self,
            current=lambda: self._app,
            fetch=lambda app: link.pending_pushes(app),
            on_result=self._polled,
            on_error=self._poll_failed,
        )
        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self.notifications.currentRowChanged.connect(self._show_details)
        self.approve_button.clicked.connect(self.approve)
        self.deny_button.clicked.connect(self.deny)
        self.not_me_button.clicked.connect(self.report)
        self.number_group.idToggled.connect(self._number_toggled)
        self.generate_button.clicked.connect(self.generate)
        self.challenge_edit.returnPressed.connect(self.generate)
        self.retranslate()
        self._show_details(-1)
        self.generate_button.setEnabled(False)  # until a device is chosen

    # -- devices ------------------------------------------------------------------------------------------

    def use_entry(self, entry: DeviceEntry) -> None:
        if not isinstance(entry.device, IbKeyApp):
            return
        self._app = entry.device
        self.poller.drop()
        self._set_pushes([])
        self.response_label.clear()
        self.message.info("")
        self.generate_button.setEnabled(True)
        self.poller.poll()

    def poll_now(self) -> None:
        """Asks the gateway at once (a login in this app just sent a notification)."""
        self.poller.poll()

    def follow(self, need: LoginNeed | None) -> None:
        """A login in this app that sent a notification to this phone is expected here; a new login or
        challenge clears the last response and decision, and "Authenticate" shows the login's challenge."""
        super().follow(need)
        self.expect_push(need.user if need is not None and need.challenge_kind == "ibkey_push" else "")

    def clear_result(self) -> None:
        """The last challenge typed, its response and "Approved…"/"Denied…" belong to the last login."""
        super().clear_result()
        self.challenge_edit.clear()
        self.response_label.clear()

    def login_challenge_text(self, challenge: Any, *, renewed: bool) -> str | None:
        if not challenge.digits:
            return None  # the notification: the list shows it
        if renewed:
            return self.tr(
                "New challenge in the login window: {challenge}. The earlier one no longer works."
            ).format(challenge=challenge.digits)
        return self.tr("Challenge in the login window: {challenge}").format(challenge=challenge.digits)

    def expect_push(self, user: str) -> None:
        """A login of `user` in this app waits on this phone ("" when none does): said while no notification
        is shown, instead of "No notification"."""
        self._expecting = user
        self._show_details(self.notifications.currentRow())

    def waiting(self) -> str:
        """What waits on this phone, for the tab's mark ("" when nothing does)."""
        count = len(self._pushes)
        return self.tr("%n notification(s) waiting", "", count) if count else ""

    # -- the poll -----------------------------------------------------------------------------------------

    def start(self) -> None:
        """Polls while the window is shown (with a gateway to poll)."""
        if self._link is not None:
            self.poller.start()

    def stop(self) -> None:
        """Stops polling; a decision still on its way is forgotten here (the window drops its reply)."""
        self.poller.stop()
        if self._deciding is not None:
            self._deciding = None
            self._show_details(self.notifications.currentRow())

    def _polled(self, pushes: list[PushRequest]) -> None:
        if self.message.property("poll_error"):
            self.message.setProperty("poll_error", False)
            self.message.info("")
        self._set_pushes(pushes)

    def _poll_failed(self, error: BaseException) -> None:
        self.message.setProperty("poll_error", True)
        self.message.error(self._why(error))

    def _set_pushes(self, pushes: list[PushRequest]) -> None:
        shown = [push.transaction_id for push in self._pushes]
        if shown == [push.transaction_id for push in pushes]:
            return
        count_changed = len(shown) != len(pushes)
        selected = self.selected_push()
        self._pushes = list(pushes)
        self.notifications.blockSignals(True)
        self.notifications.clear()
        for push in self._pushes:
            self.notifications.addItem(QListWidgetItem(self._push_text(push)))
        row = next(
            (
                i
                for i, p in enumerate(self._pushes)
                if selected and p.transaction_id == selected.transaction_id
            ),
            len(self._pushes) - 1,
        )
        self.notifications.setCurrentRow(row)
        self.notifications.blockSignals(False)
        self._show_details(row)
        if count_changed:
            self.waitingChanged.emit()

    def _push_text(self, push: PushRequest) -> str:
        when = moment(push.created_at, zone=self.zone, date=False, seconds=True)
        return self.tr("{time}  Login request for {user}").format(time=when, user=push.username)

    def _retranslate_pushes(self) -> None:
        for row, push in enumerate(getattr(self, "_pushes", [])):
            item = self.notifications.item(row)
            if item is not None:
                item.setText(self._push_text(push))

    def selected_push(self) -> PushRequest | None:
        row = self.notifications.currentRow()
        return self._pushes[row] if 0 <= row < len(self._pushes) else None

    def _show_details(self, row: int) -> None:
        push = self._pushes[row] if 0 <= row < len(self._pushes) else None
        if push is None and self._expecting:
            self.details.setText(
                self.tr("Waiting for the notification of {user}'s login…").format(user=self._expecting)
            )
        elif push is None:
            self.details.setText(self.tr("No notification. Log in with an IB Key user to receive one."))
        else:
            when = moment(push.created_at, zone=self.zone, seconds=True)
            self.details.setText(
                self.tr("User: {user}\n{summary}\nSent: {time}").format(
                    user=push.username, summary=push.summary, time=when
                )
            )
        busy = self._deciding is not None
        numbers = tuple(push.numbers) if push is not None else ()
        self._show_numbers(push, numbers)
        picked = self.picked_number()
        self.approve_button.setEnabled(push is not None and not busy and (not numbers or picked is not None))
        self.deny_button.setEnabled(push is not None and not busy)
        self.not_me_button.setEnabled(push is not None and not busy)
        for button in self.number_buttons:
            button.setEnabled(not busy)

    def _show_numbers(self, push: PushRequest | None, numbers: tuple[int, ...]) -> None:
        """The selected notification's numbers on the three buttons (hidden without numbers); a pick
        belongs to its notification and is cleared when another one is selected."""
        if push is None or self._picked is None or self._picked[0] != push.transaction_id:
            self._picked = None
        self.numbers_caption.setVisible(bool(numbers))
        self.number_group.blockSignals(True)
        self.number_group.setExclusive(False)  # so that every button can be unchecked
        for button, number in zip(self.number_buttons, numbers or (None,) * 3, strict=True):
            button.setVisible(number is not None)
            button.setText("" if number is None else str(number))
            button.setChecked(self._picked is not None and self._picked[1] == number)
            button.setAccessibleName(
                "" if number is None else self.tr("Number {number}").format(number=number)
            )
        self.number_group.setExclusive(True)
        self.number_group.blockSignals(False)

    def _number_toggled(self, index: int, checked: bool) -> None:
        push = self.selected_push()
        if not checked or push is None or not push.numbers:
            return
        self._picked = (push.transaction_id, push.numbers[index - 1])
        self._show_details(self.notifications.currentRow())

    def picked_number(self) -> int | None:
        """The number picked for the selected notification (None before a pick, or without numbers)."""
        push = self.selected_push()
        if push is None or self._picked is None or self._picked[0] != push.transaction_id:
            return None
        return self._picked[1]

    # -- decisions ----------------------------------------------------------------------------------------

    def approve(self) -> None:
        """Sends the signed approval of the selected notification (the trader's fingerprint is assumed),
        with the picked number when it has numbers (nothing is sent before a pick)."""
        push = self.selected_push()
        if push is not None and push.numbers:
            number = self.picked_number()
            if number is None:
                return
            self._decide("approve", number)
        else:
            self._decide("approve")

    def deny(self) -> None:
        self._decide("deny")

    def report(self) -> None:
        """ "This wasn't me": denies the selected notification and reports it (counted, audited)."""
        self._decide("report")

    def _decide(self, decision: str, number: int | None = None) -> None:
        push, app, link = self.selected_push(), self._app, self._link
        if push is None or app is None or link is None or self._deciding is not None:
            return
        self._deciding = push
        self._sent = (decision, number)
        self._expecting = ""  # answered: what follows is the login's, not the phone's
        self._show_details(self.notifications.currentRow())
        self.message.info(self.tr("Sending…"))
        extra = {} if number is None else {"number": number}
        self._tasks.run(
            lambda: link.decide(app, push, decision, **extra),
            on_done=self._decided,
            on_error=self._decide_failed,
        )

    def _decided(self, status: str) -> None:
        done, self._deciding = self._deciding, None
        self._picked = None
        self._set_pushes([p for p in self._pushes if done is None or p.transaction_id != done.transaction_id])
        decision, number = self._sent
        if status == "approved":
            self.message.info(self.tr("Approved. The login continues on the desktop by itself."))
        elif decision == "report":
            self.message.info(
                self.tr("Reported. The login was refused, and the gateway recorded your report.")
            )
        elif number is not None:
            self.message.info(
                self.tr("Denied: {number} is not the number the login shows. The login was refused.").format(
                    number=number
                )
            )
        else:
            self.message.info(self.tr("Denied. The login was refused."))
        self._show_details(self.notifications.currentRow())
        self.poller.poll()

    def _decide_failed(self, error: BaseException) -> None:
        self._deciding = None
        self._show_details(self.notifications.currentRow())
        self.message.error(self._why(error))
        self.poller.poll()

    def _why(self, error: BaseException) -> str:
        if isinstance(error, ClientError):
            return error_text(error, error.message)  # the catalogue's text, in the trader's language
        return self.tr("The gateway could not be reached ({kind}).").format(kind=type(error).__name__)

    # -- challenge / response -----------------------------------------------------------------------------

    def generate(self) -> None:
        if self._app is None:
            self.message.error(self.tr("Choose an IB Key device first."))
            return
        try:
            response = self._app.respond(self.challenge_edit.text())
        except ValueError:
            self.response_label.clear()
            self.message.error(self.tr("The challenge is 8 digits, as the login window shows it."))
            return
        self.response_label.setText(response)
        self.message.info(self.tr("Type this response into the login window."))

    # -- text ---------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.notifications_box.setTitle(self.tr("Notifications"))
        self.notifications.setAccessibleName(self.tr("Notifications"))
        self.approve_button.setText(self.tr("&Approve"))
        self.deny_button.setText(self.tr("&Deny"))
        self.not_me_button.setText(self.tr("This &wasn't me"))
        self.not_me_button.setToolTip(self.tr("Deny this login and report it: you did not try to log in."))
        self.numbers_caption.setText(self.tr("Pick the number the login window shows, then Approve:"))
        self.authenticate_box.setTitle(self.tr("Authenticate"))
        self.challenge_label.setText(self.tr("&Challenge:"))
        self.challenge_edit.setPlaceholderText(self.tr("8 digits from the login window"))
        self.generate_button.setText(self.tr("&Generate response"))
        self.response_caption.setText(self.tr("Response:"))
        if self._link is None:
            self.notifications.setToolTip(self.tr("Notifications need a gateway to poll."))
        self.picker.retranslate()
        self._show_details(self.notifications.currentRow())
        self._retranslate_pushes()
        self.show_login_challenge()
