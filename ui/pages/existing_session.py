"""R16: only one session per user name. Take the other one over, or keep it and go back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from trader_login.ui.widgets import heading, set_tab_order, wrapped


class ExistingSessionPage(QWidget):
    answered = Signal(bool)  # True: take over

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("existingSessionPage")
        self.title = heading(self)
        self.question = wrapped(self)
        self.question.setObjectName("existingSessionLabel")
        self.takeover_button = QPushButton(self)
        self.takeover_button.setObjectName("takeoverButton")
        self.takeover_button.setProperty("role", "primary")
        self.keep_button = QPushButton(self)
        self.keep_button.setObjectName("keepOtherButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.takeover_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addLayout(buttons)
        layout.addStretch(1)
        set_tab_order(self.keep_button, self.takeover_button)  # left to right, as they are shown
        self.takeover_button.clicked.connect(lambda: self.answered.emit(True))
        self.keep_button.clicked.connect(lambda: self.answered.emit(False))
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        self.takeover_button.setEnabled(not busy)
        self.keep_button.setEnabled(not busy)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Already logged in"))
        self.question.setText(
            self.tr(
                "This user name is already logged in elsewhere. Log in here and disconnect the other session?"
            )
        )
        self.takeover_button.setText(self.tr("Log in here"))
        self.keep_button.setText(self.tr("Keep the other session"))
