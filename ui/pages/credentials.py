"""The credentials page: user name, password, Live / Paper, remember, language, forgotten details."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from trader_login.ui.widgets import LinkButton, finish_setup, set_tab_order, wrapped

# The five languages (issue 8 brings their translations); the names are written in their own language.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("ja", "日本語"),
    ("zh_TW", "繁體中文"),
    ("zh_CN", "简体中文"),
    ("ru", "Русский"),
)


class CredentialsPage(QWidget):
    """Emits `submitted(username, password, mode)`; the window decides what happens."""

    submitted = Signal(str, str, str)
    languageChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credentialsPage")
        self._caps_lock: bool | None = None
        # The --max-attempts stop (issue 19): Log In stays disabled for this user name until it is edited.
        self._stopped_name: str | None = None
        self._busy = False

        # trader-login --restart: Log In restarts without the second factor while this computer's grant
        # lasts (the app's restart key signs the gateway's challenge).
        self.restart_notice = wrapped(self, role="notice")
        self.restart_notice.setObjectName("restartNoticeLabel")
        self.restart_notice.hide()

        self.live_button = QPushButton(self)
        self.live_button.setObjectName("liveModeButton")
        self.paper_button = QPushButton(self)
        self.paper_button.setObjectName("paperModeButton")
        self.mode_group = QButtonGroup(self)
        for button in (self.live_button, self.paper_button):
            button.setCheckable(True)
            button.setProperty("role", "segment")
            self.mode_group.addButton(button)
        self.live_button.setChecked(True)
        modes = QHBoxLayout()
        modes.setSpacing(0)
        modes.addWidget(self.live_button)
        modes.addWidget(self.paper_button)

        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setMaxLength(64)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(256)
        self.password_edit.installEventFilter(self)
        self.caps_lock_warning = QLabel(self)
        self.caps_lock_warning.setObjectName("capsLockWarning")
        self.caps_lock_warning.setProperty("role", "warning")
        self.caps_lock_warning.hide()

        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username_edit)
        self.password_label = QLabel(self)
        self.password_label.setBuddy(self.password_edit)
        # Where a message about a field goes (the window's message line, moved there): right under it.
        self.slots = {name: QVBoxLayout() for name in ("mode", "username", "password")}
        for slot in self.slots.values():
            slot.setContentsMargins(0, 0, 0, 0)
        form = QVBoxLayout()
        form.setSpacing(4)
        form.addWidget(self.username_label)
        form.addWidget(self.username_edit)
        form.addLayout(self.slots["username"])
        form.addSpacing(6)
        form.addWidget(self.password_label)
        form.addWidget(self.password_edit)
        form.addLayout(self.slots["password"])

        self.remember_check = QCheckBox(self)
        self.remember_check.setObjectName("rememberUsernameCheck")
        # Its whole text, always: a longer translation widens the window rather than clipping it.
        self.remember_check.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        # Whether the box changed since the page was built: the keychain's late read leaves it alone then.
        self.remember_changed = False
        self.remember_check.toggled.connect(self._note_remember_changed)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        for code, name in LANGUAGES:
            self.language_combo.addItem(name, code)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language_combo)
        options = QHBoxLayout()
        options.addWidget(self.remember_check)
        options.addStretch(1)
        options.addWidget(self.language_label)
        options.addWidget(self.language_combo)

        self.login_button = QPushButton(self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setProperty("role", "primary")
        self.login_button.setDefault(True)
        self.forgot_link = LinkButton("forgotLink", self)
        self.forgot_help = wrapped(self, role="help")
        self.forgot_help.setObjectName("forgotHelp")
        self.forgot_help.hide()
        # With the embedded demo gateway, Client Services is a tab of the device emulators: a way there.
        self.client_services_link = LinkButton("clientServicesLink", self)
        self.client_services_link.hide()
        self._demo_desk = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.restart_notice)
        layout.addLayout(modes)
        layout.addLayout(self.slots["mode"])
        layout.addLayout(form)
        layout.addWidget(self.caps_lock_warning)
        layout.addLayout(options)
        layout.addWidget(self.login_button)
        centred = (
            QHBoxLayout()
        )  # (an alignment flag would load the Qt namespace: see trader_login.ui.widgets)
        centred.addStretch(1)
        centred.addWidget(self.forgot_link)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addWidget(self.forgot_help)
        desk = QHBoxLayout()
        desk.addWidget(self.client_services_link)
        desk.addStretch(1)
        layout.addLayout(desk)
        layout.addStretch(1)
        set_tab_order(
            self.live_button,
            self.paper_button,
            self.username_edit,
            self.password_edit,
            self.remember_check,
            self.language_combo,
            self.login_button,
            self.forgot_link,
            self.client_services_link,
        )

        self.login_button.clicked.connect(self._submit)
        self.username_edit.returnPressed.connect(self._submit)
        self.username_edit.textChanged.connect(self._name_changed)
        self.password_edit.returnPressed.connect(self._submit)
        self.forgot_link.clicked.connect(self._toggle_forgot_help)
        # currentIndexChanged, not activated: an index set from code (a tester, an accessibility tool)
        # switches the language as a choice by hand does.
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self._showing_language = False
        self.retranslate()

    # --- what the window reads and sets ----------------------------------------------------------------

    @property
    def mode(self) -> str:
        return "paper" if self.paper_button.isChecked() else "live"

    def finish_setup(self) -> None:
        """After the first paint (see trader_login.ui.widgets): hints for on-screen keyboards."""
        from PySide6.QtCore import Qt

        self.username_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferLowercase | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        finish_setup(self)

    def set_mode(self, mode: str) -> None:
        (self.paper_button if mode == "paper" else self.live_button).setChecked(True)

    def set_language(self, code: str) -> None:
        """Shows the language in use, chosen elsewhere (command line, settings, the app's switch): not a
        choice of the trader's, so no `languageChosen` (which would switch again)."""
        index = self.language_combo.findData(code)
        if index >= 0:
            self._showing_language = True
            try:
                self.language_combo.setCurrentIndex(index)
            finally:
                self._showing_language = False

    def set_busy(self, busy: bool) -> None:
        """While a request is in flight the page stays readable but sends nothing more."""
        self._busy = busy
        for widget in (self.username_edit, self.password_edit, self.live_button):
            widget.setEnabled(not busy)
        self.paper_button.setEnabled(not busy)
        self._enable_login()

    def set_restart(self, restart: bool) -> None:
        """Started with --restart: `restartNoticeLabel` says that Log In skips the second factor while this
        computer's restart grant lasts."""
        self.restart_notice.setVisible(restart)

    def stop_attempts(self, username: str | None) -> None:
        """The --max-attempts stop (issue 19) for `username`: Log In is disabled until the user name is
        edited (None: lifted)."""
        self._stopped_name = username
        self._enable_login()

    @property
    def attempts_stopped(self) -> bool:
        return self._stopped_name is not None

    def _enable_login(self) -> None:
        self.login_button.setEnabled(not self._busy and self._stopped_name is None)

    def _name_changed(self, text: str) -> None:
        if self._stopped_name is not None and text != self._stopped_name:
            self.stop_attempts(None)

    def clear_password(self) -> None:
        self.password_edit.clear()
        self._caps_lock = None
        self.caps_lock_warning.hide()

    def focus_first_empty(self) -> None:
        """The password field when the user name is filled in, else the user name field."""
        target = self.password_edit if self.username_edit.text() else self.username_edit
        target.setFocus()

    def focus_username(self, position: int | None = None) -> None:
        """The user name field, with what is wrong in it selected (the run of refused characters from
        `position`, which typing then replaces), or all of it where no one character is at fault."""
        from trader_login.auth import rules

        edit = self.username_edit
        edit.setFocus()
        text = edit.text()
        if position is None or not 0 <= position < len(text):
            edit.selectAll()
            return
        end = position + 1
        while end < len(text) and not rules.check_username(text[end]).ok:
            end += 1
        edit.setSelection(position, end - position)

    def focus_password(self) -> None:
        self.password_edit.setFocus()

    def set_demo_desk(self, shown: bool) -> None:
        """Whether Client Services is the demo's own desk (the emulators' Client Services tab): the
        forgotten-details help then says where it is and offers a way there."""
        self._demo_desk = shown
        self.client_services_link.setVisible(shown and self.forgot_help.isVisible())
        self.retranslate()

    # --- behaviour ---------------------------------------------------------------------------------------

    def _submit(self) -> None:
        if self.login_button.isEnabled():
            self.submitted.emit(self.username_edit.text(), self.password_edit.text(), self.mode)

    def _language_changed(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if code and not self._showing_language:
            self.languageChosen.emit(code)

    def _note_remember_changed(self) -> None:
        self.remember_changed = True

    def close_help(self) -> None:
        """The login moved on to another page: the forgotten-details help closes and the Caps Lock warning
        goes until the password has the focus again (either would keep its height in the window's pages)."""
        self.forgot_help.hide()
        self.client_services_link.hide()
        self.caps_lock_warning.hide()

    def _toggle_forgot_help(self) -> None:
        shown = not self.forgot_help.isVisible()
        self.forgot_help.setVisible(shown)
        self.client_services_link.setVisible(shown and self._demo_desk)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Caps Lock inferred from the letters typed into the password (Qt has no key-state API)."""
        if watched is self.password_edit:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                from PySide6.QtCore import Qt

                from trader_login.auth import rules  # lazy: at the first key press, after the first paint

                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                inferred = rules.infer_caps_lock(event.text(), shift=shift)
                if inferred is not None:
                    self._caps_lock = inferred
                    self._show_caps_lock()
            elif event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
                self._show_caps_lock()
        return super().eventFilter(watched, event)

    def _show_caps_lock(self) -> None:
        self.caps_lock_warning.setVisible(bool(self._caps_lock) and self.password_edit.hasFocus())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.live_button.setText(self.tr("Live trading"))
        self.paper_button.setText(self.tr("Paper trading"))
        self.username_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        self.caps_lock_warning.setText(self.tr("Caps Lock is on"))
        self.remember_check.setText(self.tr("&Remember user name"))
        self.language_label.setText(self.tr("&Language"))
        self.login_button.setText(self.tr("Log In"))
        self.restart_notice.setText(
            self.tr("Restart: no second factor needed while this computer's grant lasts")
        )
        self.forgot_link.setText(self.tr("Forgot user name or password?"))
        help_text = self.tr(
            "Forgotten user name or password, or a lost device: help is by telephone. Call Client "
            "Services; once they have confirmed who you are, they can reset your password or issue "
            "a temporary passcode so that you can log in today."
        )
        if self._demo_desk:
            help_text += "\n\n" + self.tr(
                "In this demo, Client Services is the “Client Services” tab of the Device "
                "emulators window: it issues temporary passcodes and unlocks user names."
            )
        self.forgot_help.setText(help_text)
        self.client_services_link.setText(self.tr("Open Client Services (demo)"))
