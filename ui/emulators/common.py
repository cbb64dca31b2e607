"""Pieces every emulator tab shares: the device picker ("dscuser — DSC+ DSC12345678", "Open device file…")
and the message line under it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from auth.devices import files
from ui.emulators.services import DeviceEntry, entry_for


def kind_name(kind: str) -> str:
    names = {
        "dscplus": QCoreApplication.translate("Emulators", "DSC+"),
        "ibkey": QCoreApplication.translate("Emulators", "IB Key"),
        "card": QCoreApplication.translate("Emulators", "Security Code Card"),
        "online-card": QCoreApplication.translate("Emulators", "Online Security Code Card"),
        "sms": QCoreApplication.translate("Emulators", "Phone"),
    }
    return names.get(kind, kind)


def entry_label(entry: DeviceEntry) -> str:
    owner = entry.user or (entry.path.name if entry.path is not None else "")
    return QCoreApplication.translate("Emulators", "{user} — {device} {ident}").format(
        user=owner, device=kind_name(entry.kind), ident=entry.ident
    )


class MessageLine(QLabel):
    """One line of feedback under a tab's controls: info, or an error in the error colour."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def info(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #b00020;")
        self.setText(text)


class DevicePicker(QWidget):
    """Which device this tab emulates: the shelf's devices of the tab's kinds, or a device file opened by
    hand (against a remote gateway, `sls-gateway device add --export FILE`)."""

    chosen = Signal(object)  # DeviceEntry
    file_refused = Signal(str)  # the DeviceFileError text

    def __init__(self, kinds: Sequence[str], object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kinds = tuple(kinds)
        self._entries: list[DeviceEntry] = []
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName(object_name)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMinimumContentsLength(28)
        self.label.setBuddy(self.combo)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName(object_name.removesuffix("Combo") + "OpenButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.open_button)
        self.combo.currentIndexChanged.connect(self._on_index)
        self.open_button.clicked.connect(self._ask_for_file)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("&Device:"))
        self.open_button.setText(self.tr("Open device file…"))
        self.combo.setPlaceholderText(self.tr("No device yet: open a device file"))

    def set_entries(self, entries: Sequence[DeviceEntry]) -> None:
        """Shows the shelf's devices of this tab's kinds; keeps the current choice when it is still there."""
        current = self.current()
        mine = [entry for entry in entries if entry.kind in self._kinds]
        # Files opened by hand stay on the list when the shelf is read again.
        shelved = {entry.path for entry in mine}
        kept = [entry for entry in self._entries if not entry.user and entry.path not in shelved]
        self._fill([*mine, *kept], current)

    def current(self) -> DeviceEntry | None:
        index = self.combo.currentIndex()
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def select_user(self, user: str) -> bool:
        for index, entry in enumerate(self._entries):
            if entry.user == user:
                self.combo.setCurrentIndex(index)
                return True
        return False

    def select_path(self, path: Path) -> bool:
        for index, entry in enumerate(self._entries):
            if entry.path == path:
                self.combo.setCurrentIndex(index)
                return True
        return False

    def load_file(self, path: str | Path) -> DeviceEntry | None:
        """Adds and selects the device in `path`. A malformed file, or one for another tab, changes nothing
        and is reported through `file_refused`."""
        try:
            entry = entry_for(Path(path))
        except files.DeviceFileError as error:
            self.file_refused.emit(str(error))
            return None
        except OSError as error:
            self.file_refused.emit(self.tr("Cannot read {path}: {why}").format(path=path, why=error.strerror))
            return None
        if entry.kind not in self._kinds:
            wanted = " / ".join(kind_name(kind) for kind in self._kinds)
            self.file_refused.emit(
                self.tr("{path} holds a {found}, not a {wanted}.").format(
                    path=Path(path).name, found=kind_name(entry.kind), wanted=wanted
                )
            )
            return None
        others = [e for e in self._entries if e.path != entry.path]
        self._fill([*others, entry], entry)
        self.chosen.emit(entry)
        return entry

    def _fill(self, entries: list[DeviceEntry], current: DeviceEntry | None) -> None:
        self.combo.blockSignals(True)
        self._entries = entries
        self.combo.clear()
        for entry in entries:
            self.combo.addItem(entry_label(entry))
        index = next((i for i, e in enumerate(entries) if current is not None and e.path == current.path), 0)
        self.combo.setCurrentIndex(index if entries else -1)
        self.combo.blockSignals(False)
        chosen = self.current()
        if chosen is not None and (current is None or chosen.path != current.path):
            self.chosen.emit(chosen)

    def _on_index(self, _index: int) -> None:
        entry = self.current()
        if entry is not None:
            self.chosen.emit(entry)

    def _ask_for_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Open device file"), "", self.tr("Device files (*.json);;All files (*)")
        )
        if path:
            self.load_file(path)
