"""The M2FS page: the user's devices, highest security level first, the last used preselected."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from trader_login.auth.client.views import DeviceOption
from trader_login.ui.pages import kinds
from trader_login.ui.widgets import arg, heading, wrapped


class DeviceChoicePage(QWidget):
    chosen = Signal(str)  # device id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceChoicePage")
        self.title = heading(self)
        self.hint = wrapped(self)
        self.device_list = QListWidget(self)
        self.device_list.setObjectName("deviceList")
        self.device_list.setAlternatingRowColors(False)
        self.device_list.setUniformItemSizes(True)
        self.continue_button = QPushButton(self)
        self.continue_button.setObjectName("deviceContinueButton")
        self.continue_button.setProperty("role", "primary")
        self.continue_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.device_list, 1)
        layout.addWidget(self.continue_button)

        self.continue_button.clicked.connect(self._continue)
        self.device_list.itemActivated.connect(lambda _item: self._continue())
        self.device_list.currentItemChanged.connect(self._current_changed)
        # A row selected from code (item.setSelected, the selection model) is the pick, as a click is.
        self.device_list.itemSelectionChanged.connect(self._selection_changed)
        self.retranslate()

    def show_devices(self, devices: tuple[DeviceOption, ...], preselected: str | None) -> None:
        """Keeps the trader's current pick when the same list comes back (a refused step)."""
        picked = self.selected_id() or preselected
        self.device_list.clear()
        for device in devices:  # the flow has sorted them, highest level first (R13)
            label = kinds.device_label(device.kind, device.label)
            # A device's own name, where the gateway sends one (a security key's "blue YubiKey"): two
            # devices of one kind are told apart.
            name = getattr(device, "name", None)
            if isinstance(name, str) and name.strip():
                label = arg(self.tr("%1 (%2)", "device list: the kind, the device's own name"), label, name)
            item = QListWidgetItem(label, self.device_list)
            item.setData(Qt.ItemDataRole.UserRole, device.id)
            item.setToolTip(arg(self.tr("Security level %1"), str(device.level)))
        rows = [i for i, d in enumerate(devices) if d.id == picked]
        self.device_list.setCurrentRow(rows[0] if rows else 0)

    def selected_id(self) -> str | None:
        item = self.device_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def set_busy(self, busy: bool) -> None:
        self.device_list.setEnabled(not busy)
        self.continue_button.setEnabled(not busy and self.device_list.currentItem() is not None)

    def _current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.continue_button.setEnabled(current is not None and self.device_list.isEnabled())
        self.setProperty("deviceId", current.data(Qt.ItemDataRole.UserRole) if current is not None else None)

    def _selection_changed(self) -> None:
        selected = self.device_list.selectedItems()
        if selected and selected[0] is not self.device_list.currentItem():
            self.device_list.setCurrentItem(selected[0])

    def _continue(self) -> None:
        device_id = self.selected_id()
        if device_id is not None and self.continue_button.isEnabled():
            self.chosen.emit(device_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Choose a security device"))
        self.hint.setText(self.tr("You have more than one active device. The most secure is listed first."))
        self.continue_button.setText(self.tr("Continue"))
        self.device_list.setAccessibleName(self.tr("Security devices"))
