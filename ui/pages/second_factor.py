"""The second-factor page, one for every device kind: what all kinds share (title, instructions, the
challenge line, the response field and Log In, one ticker) is here; what a kind does differently is
asked of its part in `trader_login.ui.pages.kinds` (see `kinds._base.KindPart`), found by kind when the
page is built."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trader_login.auth import vocabulary
from trader_login.auth.client.views import Challenge, LoginView
from trader_login.ui.pages import kinds
from trader_login.ui.pages.kinds._base import ABOVE, BELOW, KindPart
from trader_login.ui.widgets import heading, set_tab_order, wrapped


class SecondFactorPage(QWidget):
    """Dynamic property `challengeKind`: the protocol's kind of the challenge on screen (for testers)."""

    responded = Signal(str)
    switchToChallenge = Signal()
    resendPush = Signal()
    resendCode = Signal(str)  # "sms" or "voice"

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        # Every kind's part, found first: a kind half-registered fails here, loudly (and before a widget
        # exists), not when a trader meets it.
        found = kinds.load()
        super().__init__(parent)
        self.setObjectName("secondFactorPage")
        self.clock = clock
        self.busy = False
        self._challenge: Challenge | None = None
        self._part: KindPart | None = None

        self.title = heading(self)
        self.instructions = wrapped(self)
        self.instructions.setObjectName("instructionsLabel")
        self.challenge_label = QLabel(self)
        self.challenge_label.setObjectName("challengeLabel")
        self.challenge_label.setProperty("role", "challenge")
        self.challenge_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.challenge_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.response_label = QLabel(self)
        self.response_edit = QLineEdit(self)
        self.response_edit.setObjectName("responseEdit")
        self.response_edit.setMaxLength(32)
        self.response_label.setBuddy(self.response_edit)
        self.submit_button = QPushButton(self)
        self.submit_button.setObjectName("responseSubmitButton")
        self.submit_button.setProperty("role", "primary")
        self.submit_button.setDefault(True)
        response_row = QHBoxLayout()
        response_row.addWidget(self.response_edit, 1)
        response_row.addWidget(self.submit_button)

        self._slots = {ABOVE: QVBoxLayout(), BELOW: QVBoxLayout()}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for widget in (self.title, self.instructions, self.challenge_label):
            layout.addWidget(widget)
        for slot in self._slots.values():
            slot.setContentsMargins(0, 0, 0, 0)
            slot.setSpacing(10)
        layout.addLayout(self._slots[ABOVE])
        layout.addWidget(self.response_label)
        layout.addLayout(response_row)
        layout.addLayout(self._slots[BELOW])
        layout.addStretch(1)

        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._tick)
        self.submit_button.clicked.connect(self._submit)
        self.response_edit.returnPressed.connect(self._submit)
        self.response_edit.textEdited.connect(self._edited)

        self.parts: dict[str, KindPart] = {
            name: part(self, vocabulary.device_kind(name)) for name, part in found.items()
        }
        self._fallback = KindPart(self, None)  # a challenge kind this client does not know
        set_tab_order(
            *self._focusable(self._slots[ABOVE]),
            self.response_edit,
            self.submit_button,
            *self._focusable(self._slots[BELOW]),
        )
        self.retranslate()

    # --- for the parts -----------------------------------------------------------------------------------

    def add_to_slot(self, widget: QWidget, slot: str, *, left: bool = True) -> None:
        """A part's own widget, in the page's `slot` (kinds._base.ABOVE or BELOW the response field)."""
        if slot not in self._slots:
            raise ValueError(f"no slot {slot!r} on the second-factor page: {', '.join(self._slots)}")
        if left:
            self._slots[slot].addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self._slots[slot].addWidget(widget)

    def part_for(self, challenge_kind: str) -> KindPart:
        known = vocabulary.CHALLENGE_KINDS.get(challenge_kind)
        return self._fallback if known is None else self.parts[known.device]

    @property
    def challenge(self) -> Challenge | None:
        return self._challenge

    # --- rendering ---------------------------------------------------------------------------------------

    def show_view(self, view: LoginView) -> None:
        challenge = view.challenge
        if challenge is None:
            return
        fresh = challenge != self._challenge
        self._challenge = challenge
        part = self.part_for(challenge.kind)
        if part is not self._part and self._part is not None:
            self._part.leave()
        self._part = part
        self.setProperty("challengeKind", challenge.kind)  # for testers: the protocol's kind of this page
        takes = part.takes_response(challenge)
        if fresh and takes:
            self.response_edit.clear()
            self.response_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        for widget in (self.response_label, self.response_edit, self.submit_button):
            widget.setVisible(takes)
        self.response_edit.setMaxLength(part.max_length(challenge))
        part.show(challenge, fresh)
        self._retranslate_kind()
        self._tick()
        if part.ticks(challenge):
            self._ticker.start()
        else:
            self._ticker.stop()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.response_edit.setReadOnly(busy)
        self.submit_button.setEnabled(not busy)
        for part in self.parts.values():
            part.set_busy(busy)
        self._tick()

    def hideEvent(self, event: QEvent) -> None:
        self._ticker.stop()
        super().hideEvent(event)

    def _tick(self) -> None:
        if self._challenge is not None and self._part is not None:
            self._part.tick(self._challenge, self.clock())

    # --- behaviour ---------------------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.submit_button.isEnabled() and self.submit_button.isVisible():
            self.responded.emit(self.response_edit.text())

    def _edited(self, text: str) -> None:
        """What the trader typed or pasted (not a `setText` from code): filtered by the kind, then sent by
        itself if the kind asks for that at this length."""
        if self._challenge is None or self._part is None:
            return
        kept = self._part.filter_text(text)
        if kept != text:
            position = self.response_edit.cursorPosition()
            self.response_edit.setText(kept)
            self.response_edit.setCursorPosition(position)
        at = self._part.auto_submit_at(self._challenge)
        if at is not None and len(kept) == at:
            self._submit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.submit_button.setText(self.tr("Log In"))
        for part in self.parts.values():
            part.retranslate()
        self._retranslate_kind()
        self._tick()

    def _retranslate_kind(self) -> None:
        challenge, part = self._challenge, self._part
        if challenge is None or part is None:
            return
        self.title.setText(part.title(challenge))
        self.instructions.setText(part.instructions(challenge))
        text = part.challenge_text(challenge)
        self.challenge_label.setVisible(text is not None)
        self.challenge_label.setText(text or "")
        self.response_label.setText(part.response_label(challenge))
        self.response_edit.setPlaceholderText(part.placeholder(challenge))

    @staticmethod
    def _focusable(slot: QLayout) -> Iterator[QWidget]:
        """The widgets of `slot` Tab can reach, in reading order (a row's buttons after the row)."""
        for index in range(slot.count()):
            widget = slot.itemAt(index).widget()
            if widget is None:
                continue
            for candidate in (widget, *widget.findChildren(QWidget)):
                if candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    yield candidate
