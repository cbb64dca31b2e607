"""The second-factor page, one for every device kind: what all kinds share (title, instructions, the
challenge line, the response field and Log In, one ticker) is here; what a kind does differently is
asked of its part in `trader_login.ui.pages.kinds` (see `kinds._base.KindPart`), found by kind when the
page is built."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trader_login.auth import vocabulary
from trader_login.auth.client.views import Challenge, LoginView
from trader_login.ui.pages import kinds
from trader_login.ui.pages.kinds._base import ABOVE, BELOW, KindPart, keep_numbers_joined
from trader_login.ui.widgets import arg, heading, set_tab_order, wrapped

# A reply's error codes that are no refusal of what the trader sent (nothing to fix, no focus to move).
_NOT_REFUSALS = frozenset({None, "CANCELLED", "EXISTING_SESSION"})


class SecondFactorPage(QWidget):
    """Dynamic properties (for testers and the style sheet): `challengeKind`, the protocol's kind of the
    challenge on screen; `renewed` (on the page and on `challengeLabel`), true while the challenge on screen
    is a new one that replaced a refused answer's, until the trader types (then `newChallengeLabel` hides).

    The page is one per window and serves every login: once it has been hidden (the window went back to
    the credentials, a device choice, the session), the next challenge is a new login's and nothing of the
    last one stays (typed response, the new-challenge marker, a kind's countdown)."""

    responded = Signal(str)
    switchToChallenge = Signal()
    resendPush = Signal()
    resendCode = Signal(str)  # "sms" or "voice"
    # A step that holds a device of this computer (tasks.Ceremony: a security key's touch), started by a
    # kind's part; the window runs it through the controller as a request (busy until its reply).
    ceremonyRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        # Every kind's part, found first: a kind half-registered fails here, loudly (and before a widget
        # exists), not when a trader meets it.
        found = kinds.load()
        super().__init__(parent)
        self.setObjectName("secondFactorPage")
        self.clock = clock
        self.busy = False
        self._challenge: Challenge | None = None
        self._view: LoginView | None = None
        self._part: KindPart | None = None

        self.title = heading(self)
        self.instructions = wrapped(self)
        self.instructions.setObjectName("instructionsLabel")
        self.challenge_label = QLabel(self)
        self.challenge_label.setObjectName("challengeLabel")
        self.challenge_label.setProperty("role", "challenge")
        self.challenge_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.challenge_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.challenge_label.setProperty("renewed", False)
        # "New challenge": shown over the challenge line when a refused answer's challenge was replaced.
        self.new_challenge_label = QLabel(self)
        self.new_challenge_label.setObjectName("newChallengeLabel")
        self.new_challenge_label.setProperty("role", "warning")
        self.new_challenge_label.hide()
        self._stale = False  # hidden since the last challenge: the next one is a new login's

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
        for widget in (self.title, self.instructions):
            layout.addWidget(widget)
        layout.addWidget(self.new_challenge_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.challenge_label)
        for slot in self._slots.values():
            slot.setContentsMargins(0, 0, 0, 0)
            slot.setSpacing(10)
        layout.addLayout(self._slots[ABOVE])
        layout.addWidget(self.response_label)
        layout.addLayout(response_row)
        # Where the window puts its message line (`messageLabel`) while this page shows: by the field the
        # refusal is about (the window owns the label and moves it; see `message_slot`).
        self.message_slot = QVBoxLayout()
        self.message_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.message_slot)
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

    @property
    def view(self) -> LoginView | None:
        """The view on screen (a part's `show` reads what came with its challenge: a refusal, a message)."""
        return self._view

    # --- rendering ---------------------------------------------------------------------------------------

    def show_view(self, view: LoginView) -> None:
        challenge = view.challenge
        if challenge is None:
            return
        if self._stale:
            self.reset()
        replied = self.busy  # the reply to something this page sent (an answer, a resend, a switch)
        refused = replied and view.problem is not None and view.error_code not in _NOT_REFUSALS
        previous = self._challenge
        # A new challenge, not the one on screen read again (a poll, an expiry, a refusal that keeps it).
        fresh = not challenge.same_as(previous)
        self._challenge = challenge
        self._view = view
        part = self.part_for(challenge.kind)
        if part is not self._part and self._part is not None:
            self._part.leave()
        self._part = part
        self.setProperty("challengeKind", challenge.kind)  # for testers: the protocol's kind of this page
        takes = part.takes_response(challenge)
        if fresh:
            # A challenge that replaced the one the trader was answering (a refusal brought it; the flow
            # says so): said, and seen, to be new.
            self._set_renewed(view.new_challenge and previous is not None and takes)
        if takes and (fresh or (refused and view.error_code == "LOGIN_FAILED")):
            # A new challenge, or the answer checked and wrong: the next one is typed into an empty field
            # (an answer refused unsent, RESPONSE_FORMAT, stays to be fixed).
            self.response_edit.clear()
        if takes and (fresh or refused):
            # After any refusal the trader fixes or retypes the answer: the cursor is back in its field.
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

    def reset(self) -> None:
        """Forgets the login shown last: its challenge, the typed response, the new-challenge marker, the
        kind's own widgets and countdown (a new login's challenge follows)."""
        self._stale = False
        self._ticker.stop()
        if self._part is not None:
            self._part.leave()
        for part in self.parts.values():
            part.reset()
        self._challenge = None
        self._view = None
        self._part = None
        self.response_edit.clear()
        self._set_renewed(False)

    @property
    def renewed(self) -> bool:
        """True while the challenge on screen is marked as new (it replaced a refused answer's)."""
        return bool(self.property("renewed"))

    def _set_renewed(self, renewed: bool) -> None:
        self.new_challenge_label.setVisible(renewed)
        for widget in (self, self.challenge_label):
            if bool(widget.property("renewed")) != renewed:
                widget.setProperty("renewed", renewed)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self._name_challenge()

    def _name_challenge(self) -> None:
        """The challenge line's name for a screen reader: its text, and that it is new while it is."""
        text = self.challenge_label.text()
        self.challenge_label.setAccessibleName(
            arg(
                self.tr("%1: %2", "screen reader: the new-challenge marker, the challenge"),
                self.new_challenge_label.text(),
                text,
            )
            if self.renewed and text
            else ""
        )

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.response_edit.setReadOnly(busy)
        self.submit_button.setEnabled(not busy)
        for part in self.parts.values():
            part.set_busy(busy)
        self._tick()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Back from a minimised window: the countdown goes on (a new login's challenge restarts it itself).
        if not self._stale and self._challenge is not None and self._part is not None:
            self._tick()
            if self._part.ticks(self._challenge):
                self._ticker.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._ticker.stop()
        if not event.spontaneous():  # another page (or the session) replaced it; not a minimised window
            self._stale = True
        super().hideEvent(event)

    @property
    def ticking(self) -> bool:
        """Whether the page's ticker runs (a countdown on screen)."""
        return self._ticker.isActive()

    def _tick(self) -> None:
        if self._challenge is not None and self._part is not None:
            self._part.tick(self._challenge, self.clock())
            if self._ticker.isActive() and not self._part.ticks(self._challenge):
                self._ticker.stop()  # the wait is over: nothing moves until the next challenge

    # --- behaviour ---------------------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.submit_button.isEnabled() and self.submit_button.isVisible():
            self.responded.emit(self.response_edit.text())

    def _edited(self, text: str) -> None:
        """What the trader typed or pasted (not a `setText` from code): filtered by the kind, then sent by
        itself if the kind asks for that at this length."""
        if self._challenge is None or self._part is None:
            return
        if self.renewed:
            self._set_renewed(False)  # seen: the trader is answering the new challenge
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
        # Wrapped labels: a line never breaks inside "6-digit" (nor a translation's "6-значный").
        self.title.setText(keep_numbers_joined(part.title(challenge)))
        self.instructions.setText(keep_numbers_joined(part.instructions(challenge)))
        text = part.challenge_text(challenge)
        self.challenge_label.setVisible(text is not None)
        self.challenge_label.setText(text or "")
        self._name_challenge()
        self.response_label.setText(part.response_label(challenge))
        self.new_challenge_label.setText(part.new_challenge_text(challenge))
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
