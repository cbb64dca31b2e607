"""The Security key tab: the virtual security key (a software FIDO2 authenticator) of the selected device
file — the passkeys it holds (`securityKeyCredentialList`: the site's rp id, the user name, when it was made,
its signature counter), whether it waits for a touch (`securityKeyStatusLabel`), the key's Touch
(`securityKeyTouchButton`, enabled only while the key waits: a real key's touch is not remembered either),
its PIN (`securityKeySetPinEdit`, `securityKeySetPinButton`; with a PIN set, the current one in
`securityKeyCurrentPinEdit`: a PIN is changed as CTAP's changePin changes it, a wrong current PIN counting
against the key's retries), unplugging and plugging it in again (`securityKeyReplugButton`: what a key wants
after three wrong PINs in a row), resetting it (`securityKeyResetButton`, confirmed in
`securityKeyResetDialog`: a real key loses its PIN only so, with its passkeys) and removing a passkey
(`securityKeyRemoveButton`).

The key is the SAME object the login's ceremony talks to: the emulator services hand it out by device file
(`EmulatorServices.security_key`), so a Touch here answers the login window. The key calls its listeners on
the thread that changed it (the ceremony's worker); the tab hops to the GUI thread with a queued signal.
Changes to the key (PIN, a removed passkey) run on the window's workers: the key's owner saves its file then.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trader_login.auth.devices.passkey import MAX_PIN_BYTES, MIN_PIN_LENGTH, PinError, check_pin
from trader_login.ui.emulators.common import DevicePicker, MessageLine, error_text, moment
from trader_login.ui.emulators.device_tab import DeviceTab
from trader_login.ui.emulators.follow import LoginNeed
from trader_login.ui.emulators.services import DeviceEntry
from trader_login.ui.tasks import TaskRunner


class SecurityKeyTab(DeviceTab):
    """Pick a user's virtual security key; touch it when the login asks; see and manage its passkeys."""

    _keyChanged = Signal()  # emitted by a key's listener on any thread, delivered on the GUI thread

    def __init__(
        self,
        kinds: Sequence[str],
        tasks: TaskRunner,
        *,
        live_key: Callable[[Path], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._live_key = live_key
        self._entry: DeviceEntry | None = None
        self._key: Any = None  # the selected entry's live key
        self._keys: dict[Path, Any] = {}  # every live key of this tab's entries, by file (listened to)
        self._listened: list[Any] = []  # the keys whose listener is this tab's
        self._shut = False  # the window closed: no key is listened to until it shows again
        self._was_waiting = False
        self._loading: int | None = None
        self.reset_dialog: QMessageBox | None = None

        self.picker = DevicePicker(kinds, "securityKeyDeviceCombo", self)
        self.message = MessageLine("securityKeyMessageLabel", self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("securityKeyStatusLabel")
        self.status_label.setWordWrap(True)
        bold = self.status_label.font()
        bold.setBold(True)
        self.status_label.setFont(bold)
        self.touch_button = QPushButton(self)
        self.touch_button.setObjectName("securityKeyTouchButton")
        self.touch_button.setEnabled(False)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.touch_button)

        self.credentials_label = QLabel(self)
        self.credential_list = QTreeWidget(self)
        self.credential_list.setObjectName("securityKeyCredentialList")
        self.credential_list.setColumnCount(4)
        self.credential_list.setRootIsDecorated(False)
        self.credential_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.credentials_label.setBuddy(self.credential_list)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("securityKeyRemoveButton")
        self.remove_button.setEnabled(False)

        self.pin_state_label = QLabel(self)
        self.pin_state_label.setObjectName("securityKeyPinStateLabel")
        # With a PIN set, the current one first: the key changes its PIN only for the right one (changePin).
        self.current_pin_label = QLabel(self)
        self.current_pin_edit = QLineEdit(self)
        self.current_pin_edit.setObjectName("securityKeyCurrentPinEdit")
        self.current_pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.current_pin_edit.setMaxLength(MAX_PIN_BYTES)
        self.current_pin_label.setBuddy(self.current_pin_edit)
        self.pin_label = QLabel(self)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setObjectName("securityKeySetPinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(MAX_PIN_BYTES)
        self.pin_label.setBuddy(self.pin_edit)
        self.pin_button = QPushButton(self)
        self.pin_button.setObjectName("securityKeySetPinButton")
        # A real key loses its PIN only by a reset, which deletes its passkeys too: so does this one.
        self.reset_button = QPushButton(self)
        self.reset_button.setObjectName("securityKeyResetButton")
        # A real key wants unplugging after three wrong PINs in a row (CTAP's PIN_AUTH_BLOCKED); so does this.
        self.replug_button = QPushButton(self)
        self.replug_button.setObjectName("securityKeyReplugButton")
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.current_pin_label)
        pin_row.addWidget(self.current_pin_edit, 1)
        pin_row.addWidget(self.pin_label)
        pin_row.addWidget(self.pin_edit, 1)
        pin_row.addWidget(self.pin_button)
        key_row = QHBoxLayout()
        key_row.addWidget(self.replug_button)
        key_row.addWidget(self.reset_button)
        key_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.hint)
        layout.addLayout(status_row)
        layout.addSpacing(6)
        layout.addWidget(self.credentials_label)
        layout.addWidget(self.credential_list, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.pin_state_label)
        layout.addLayout(pin_row)
        layout.addLayout(key_row)
        layout.addWidget(self.message)

        self._keyChanged.connect(self._key_changed)
        self.picker.chosen.connect(self.use_entry)
        self.picker.file_refused.connect(self.message.error)
        self.touch_button.clicked.connect(self.touch)
        self.remove_button.clicked.connect(self.remove_selected)
        self.pin_button.clicked.connect(self.set_pin)
        self.pin_edit.returnPressed.connect(self.set_pin)
        self.current_pin_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.reset_button.clicked.connect(self.confirm_reset)
        self.replug_button.clicked.connect(self.replug)
        self.credential_list.itemSelectionChanged.connect(self._enable)
        self.retranslate()
        self.refresh()

    # -- the keys -----------------------------------------------------------------------------------------

    @property
    def key(self) -> Any:
        """The selected device file's live key (None before one is selected and loaded)."""
        return self._key

    def set_entries(self, entries: Sequence[DeviceEntry]) -> None:
        super().set_entries(entries)
        mine = [entry for entry in entries if entry.kind in self.picker.kinds and entry.path is not None]
        if self._loading is not None:
            self._tasks.cancel(self._loading)
        self._loading = self._tasks.run(
            lambda: [(entry.path, self._resolve(entry)) for entry in mine],
            self._keys_loaded,
            self._load_failed,
        )

    def _resolve(self, entry: DeviceEntry) -> Any:
        """On a worker: the live key of `entry` (the login's), or the entry's own model without services."""
        if self._live_key is not None and entry.path is not None:
            return self._live_key(entry.path)
        return entry.device

    def _keys_loaded(self, keys: list[tuple[Path, Any]]) -> None:
        self._loading = None
        self._listen(dict(keys))
        entry = self._entry
        if entry is not None and entry.path in self._keys:
            self._key = self._keys[entry.path]
            self._sync_listeners()
        self.refresh()

    def _load_failed(self, error: BaseException) -> None:
        self._loading = None
        self.message.error(error_text(error, self.tr("The security key could not be loaded.")))

    def _listen(self, keys: dict[Path, Any]) -> None:
        """Keeps `keys` as the tab's keys, listened to (with the selected one)."""
        self._keys = dict(keys)
        self._sync_listeners()

    def _sync_listeners(self) -> None:
        """Listens to the tab's keys and the selected one while the window is open (none once shut down:
        the keys outlive the window)."""
        wanted: list[Any] = []
        if not self._shut:
            for key in (*self._keys.values(), self._key):
                if key is not None and all(key is not other for other in wanted):
                    wanted.append(key)
        for key in self._listened:
            if all(key is not other for other in wanted):
                _remove_listener(key, self._on_key_event)
        for key in wanted:
            if all(key is not other for other in self._listened):
                key.add_listener(self._on_key_event)
        self._listened = wanted

    def use_entry(self, entry: DeviceEntry) -> None:
        """Shows this device (the picker's choice, or a device file just opened)."""
        if entry.kind not in self.picker.kinds:
            return
        self._entry = entry
        self.message.info("")
        path = entry.path
        if path is not None and path in self._keys:
            self._key = self._keys[path]
            self._sync_listeners()
            self.refresh()
            return
        self._key = None
        self._sync_listeners()
        self.refresh()

        def loaded(key: Any) -> None:
            if self._entry is not entry:
                return
            self._key = key
            if path is not None:
                self._keys[path] = key
            self._sync_listeners()
            self.refresh()

        self._tasks.run(lambda: self._resolve(entry), loaded, self._load_failed)

    def _on_key_event(self, *_args: object) -> None:
        """A key's listener: any thread (the ceremony's worker). Only hands over to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the tab is gone (the window closed); the key lives on
            self._keyChanged.emit()

    @Slot()
    def _key_changed(self) -> None:
        # A key of this tab that is not the one shown started to wait: the login uses it, show it.
        if self._key is None or not _waiting(self._key):
            for path, key in self._keys.items():
                if _waiting(key):
                    self.picker.select_path(path)
                    break
        self.refresh()

    # -- what shows ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        key = self._key
        waiting = key is not None and _waiting(key)
        if waiting:
            need = self._followed
            user = need.user if need is not None else (self._entry.user if self._entry is not None else "")
            self.status_label.setText(self.tr("Waiting for a touch — login by {user}").format(user=user))
        elif key is None:
            self.status_label.setText(self.tr("No security key selected"))
        else:
            self.status_label.setText(self.tr("Idle"))
        self.touch_button.setEnabled(waiting)
        self._show_credentials(key)
        self._show_pin(key)
        self._enable()
        any_waiting = any(_waiting(k) for k in self._keys.values()) or waiting
        if any_waiting != self._was_waiting:
            self._was_waiting = any_waiting
            self.waitingChanged.emit()

    def _show_credentials(self, key: Any) -> None:
        selected = self.selected_credential()
        self.credential_list.clear()
        if key is None:
            return
        for credential in key.credentials:
            created = getattr(credential, "created", None)
            item = QTreeWidgetItem(
                [
                    str(credential.rp_id),
                    str(credential.user_name),
                    moment(float(created), zone=self.zone) if created else "",
                    str(credential.sign_count),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, credential.id)
            self.credential_list.addTopLevelItem(item)
            if credential.id == selected:
                item.setSelected(True)
        for column in range(self.credential_list.columnCount()):
            self.credential_list.resizeColumnToContents(column)

    def _show_pin(self, key: Any) -> None:
        if key is None:
            self.pin_state_label.clear()
            self.pin_button.setText(self.tr("Set PIN"))
            self._show_current_pin(False)
            return
        has_pin = bool(getattr(key, "has_pin", False))
        self.pin_state_label.setText(self.tr("PIN: set") if has_pin else self.tr("PIN: none"))
        self.pin_button.setText(self.tr("Change PIN") if has_pin else self.tr("Set PIN"))
        self._show_current_pin(has_pin)

    def _show_current_pin(self, shown: bool) -> None:
        self.current_pin_label.setVisible(shown)
        self.current_pin_edit.setVisible(shown)
        if not shown:
            self.current_pin_edit.clear()

    def _enable(self) -> None:
        key = self._key
        self.remove_button.setEnabled(key is not None and self.selected_credential() is not None)
        widgets = (
            self.current_pin_edit,
            self.pin_edit,
            self.pin_button,
            self.reset_button,
            self.replug_button,
        )
        for widget in widgets:
            widget.setEnabled(key is not None)

    def selected_credential(self) -> str | None:
        items = self.credential_list.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def waiting(self) -> str:
        keys = [*self._keys.values(), self._key]
        if any(key is not None and _waiting(key) for key in keys):
            return self.tr("The security key waits for a touch.")
        return ""

    def follow(self, need: LoginNeed | None) -> None:
        super().follow(need)
        self.refresh()

    # -- the trader's actions -----------------------------------------------------------------------------

    def touch(self) -> None:
        """The key's touch: gives user presence to the ceremony waiting for it (nothing when none waits)."""
        key = self._key
        if key is None or not _waiting(key):
            return
        key.touch()
        self.message.info(self.tr("Touched."))

    def set_pin(self) -> None:
        """Sets the key's first PIN, or changes a set one as CTAP's changePin does: only with the current PIN
        (`securityKeyCurrentPinEdit`); a wrong one counts against the key's retries, and says how many are
        left. The PIN rule is the key's own (`check_pin`)."""
        key = self._key
        pin = self.pin_edit.text()
        if key is None:
            return
        if check_pin(pin) is not None:
            self.message.error(
                self.tr("A PIN is at least {least} printable characters and at most {most} bytes.").format(
                    least=MIN_PIN_LENGTH, most=MAX_PIN_BYTES
                )
            )
            return
        if not bool(getattr(key, "has_pin", False)):
            self.pin_edit.clear()
            self._change(lambda: key.set_pin(pin), self.tr("PIN set."))
            return
        current = self.current_pin_edit.text()
        if not current:
            self.message.error(self.tr("Enter the key's current PIN first."))
            self.current_pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.pin_edit.clear()
        self.current_pin_edit.clear()
        self._change(lambda: key.change_pin(current, pin), self.tr("PIN changed."), self._pin_refused)

    def _pin_refused(self, error: BaseException) -> bool:
        """The key refused the current PIN (a wrong one, or its PIN blocked): says so with the tries left."""
        if not isinstance(error, PinError):
            return False
        if error.retries <= 0:
            self.message.error(
                self.tr("The key's PIN is blocked: only resetting the key makes it usable again.")
            )
        else:
            self.message.error(self.tr("Wrong current PIN: %n try(s) left.", "", error.retries))
        return True

    def confirm_reset(self) -> QMessageBox | None:
        """ "Reset the security key?" — a reset deletes the key's passkeys and its PIN (the only way a real
        key loses its PIN). Window-modal and non-blocking (`open`): the event loop keeps running."""
        key = self._key
        if key is None:
            return None
        if self.reset_dialog is not None:
            self.reset_dialog.raise_()
            return self.reset_dialog
        dialog = QMessageBox(self)
        dialog.setObjectName("securityKeyResetDialog")
        dialog.setIcon(QMessageBox.Icon.Warning)
        dialog.setWindowTitle(self.tr("Reset the security key"))
        dialog.setText(self.tr("Reset the security key?"))
        dialog.setInformativeText(
            self.tr("Resetting deletes the key's passkeys and its PIN. Its sites no longer accept it.")
        )
        confirm = dialog.addButton(self.tr("Reset"), QMessageBox.ButtonRole.DestructiveRole)
        confirm.setObjectName("securityKeyConfirmResetButton")
        cancel = dialog.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("securityKeyCancelResetButton")
        dialog.setDefaultButton(cancel)
        dialog.setEscapeButton(cancel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        confirm.clicked.connect(lambda: self._change(key.reset, self.tr("The key was reset.")))
        dialog.finished.connect(self._reset_dialog_gone)
        self.reset_dialog = dialog
        dialog.open()
        return dialog

    def _reset_dialog_gone(self) -> None:
        self.reset_dialog = None

    def _close_reset_dialog(self) -> None:
        dialog, self.reset_dialog = self.reset_dialog, None
        if dialog is not None:
            dialog.finished.disconnect(self._reset_dialog_gone)
            dialog.close()

    def replug(self) -> None:
        """Unplugs the key and plugs it in again (a power cycle): after three wrong PINs in a row the key
        takes no PIN until then; the tries left stay as they are."""
        key = self._key
        if key is None:
            return
        self._change(key.power_cycle, self.tr("The key was unplugged and plugged in again."))

    def remove_selected(self) -> None:
        key, credential = self._key, self.selected_credential()
        if key is None or credential is None:
            return
        self._change(lambda: key.remove_credential(credential), self.tr("Passkey removed."))

    def _change(
        self,
        change: Callable[[], object],
        done: str,
        refused: Callable[[BaseException], bool] | None = None,
    ) -> None:
        """A change of the key, on a worker (its owner saves the file from the listener). `refused` may say
        an error itself (True when it did)."""

        def changed(_result: object) -> None:
            self.message.info(done)
            self.refresh()

        def failed(error: BaseException) -> None:
            if refused is None or not refused(error):
                # Never the error's own text: a PIN may be in it; its type says enough.
                why = type(error).__name__
                self.message.error(self.tr("The security key refused: {error}").format(error=why))
            self.refresh()

        self._tasks.run(change, changed, failed)

    # -- life cycle ---------------------------------------------------------------------------------------

    def start(self) -> None:
        self._shut = False
        self._sync_listeners()  # shown again after a hide or a close: the keys are listened to again
        self.refresh()

    def stop(self) -> None:
        """The window is hidden or closed: the keys (which outlive it) keep no callable of this tab."""
        self.pin_edit.clear()
        self.current_pin_edit.clear()
        self._close_reset_dialog()
        self._shut = True
        self._sync_listeners()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.hint.setText(
            self.tr(
                "Plays a FIDO2 security key plugged into this computer. When the login asks for the key, "
                "press Touch."
            )
        )
        self.touch_button.setText(self.tr("Touch"))
        self.credentials_label.setText(self.tr("&Passkeys on this key:"))
        self.credential_list.setHeaderLabels(
            [self.tr("Site"), self.tr("User name"), self.tr("Created"), self.tr("Sign count")]
        )
        self.credential_list.setAccessibleName(self.tr("Passkeys on this key"))
        self.credential_list.header().setAccessibleName(self.tr("Passkey list columns"))
        self.remove_button.setText(self.tr("Remove passkey"))
        self.current_pin_label.setText(self.tr("C&urrent PIN:"))
        self.pin_label.setText(self.tr("New P&IN:"))
        self.reset_button.setText(self.tr("Reset key…"))
        self.replug_button.setText(self.tr("Unplug and plug in again"))
        self.refresh()


def _waiting(key: Any) -> bool:
    return bool(getattr(key, "waiting_for_touch", False))


def _remove_listener(key: Any, listener: Callable[..., None]) -> None:
    remove = getattr(key, "remove_listener", None)
    if remove is not None:
        with contextlib.suppress(KeyError, ValueError):
            remove(listener)
