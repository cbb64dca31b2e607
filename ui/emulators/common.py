"""Pieces the emulator tabs share: the device picker ("dscuser — DSC+ DSC12345678", "Open device file…"),
the message line under it, and the poll the phone tabs run against the gateway."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from trader_login.auth import moments
from trader_login.auth.devices import files
from trader_login.ui.emulators.services import DeviceEntry, entry_for
from trader_login.ui.tasks import TaskRunner

POLL_MS = 1500  # how often the phone tabs ask the gateway


def kind_name(kind: str) -> str:
    """A device kind's name in the device picker and the desk's list, in the trader's language (its emulator
    part's). A kind only the seeds know (R13's "gold", …) has no emulator and is shown as it is spelled;
    any other unknown kind is a loud error."""
    from trader_login.auth import vocabulary
    from trader_login.ui.emulators.kinds import emulator_parts  # the parts import the tabs, which import us

    if kind in vocabulary.OTHER_LEVELS:
        return kind
    return emulator_parts()[vocabulary.device_kind(kind).name].name()


def status_name(status: str) -> str:
    """A device's state as the gateway reports it, in the trader's language."""
    names = {
        "active": QCoreApplication.translate("Emulators", "active"),
        "lost": QCoreApplication.translate("Emulators", "lost"),
        "pending": QCoreApplication.translate("Emulators", "pending"),
        "removed": QCoreApplication.translate("Emulators", "removed"),
    }
    return names.get(status, status)


def entry_label(entry: DeviceEntry) -> str:
    owner = entry.user or (entry.path.name if entry.path is not None else "")
    return QCoreApplication.translate("Emulators", "{user} — {device} {ident}").format(
        user=owner, device=kind_name(entry.kind), ident=entry.ident
    )


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Sets a dynamic property the style sheet selects on (`QLabel[error="true"]`) and has the style read
    it again: Qt does not re-apply a style sheet by itself when a property changes."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class MessageLine(QLabel):
    """One line of feedback under a tab's controls: info, or an error. The style sheet colours an error by
    the dynamic property `error` (True), so both colour schemes have their own red."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("error", False)

    def info(self, text: str) -> None:
        set_style_property(self, "error", False)
        self.setText(text)

    def error(self, text: str) -> None:
        set_style_property(self, "error", True)
        self.setText(text)

    def clear_info(self) -> None:
        """Forgets a result ("Approved…", "Code copied."); an error stays until what it is about changes."""
        if not self.property("error"):
            self.setText("")


class LoginChallengeLine(QLabel):
    """The challenge the login window shows, repeated on the tab that answers it, so the trader types the
    current one into the device. Dynamic property `renewed` (True): it replaced the challenge the trader
    was answering (a refused response); the style sheet marks it and the text says so."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setProperty("renewed", False)
        bold = self.font()
        bold.setBold(True)
        self.setFont(bold)
        self.hide()

    def show_text(self, text: str | None, *, renewed: bool = False) -> None:
        """Shows `text` (None or "": hides the line)."""
        set_style_property(self, "renewed", bool(text) and renewed)
        self.setText(text or "")
        self.setVisible(bool(text))


def unbroken_numbers(hint: str) -> str:
    """ "6-digit", "6-значный": a line is never broken after a number's hyphen (a non-breaking hyphen)."""
    return "".join(
        "\u2011"
        if c == "-" and 0 < i < len(hint) - 1 and hint[i - 1].isdigit() and hint[i + 1].isalnum()
        else c
        for i, c in enumerate(hint)
    )


def error_text(error: BaseException, fallback: str) -> str:
    """What a refusal says, in the trader's language where it carries a catalogue message (a client
    error's `problem`, a gateway error's `message`), else its own text; `fallback` when it has none."""
    from trader_login.auth.texts import Message
    from trader_login.ui.messages import render

    for name in ("problem", "message"):
        value = getattr(error, name, None)
        if isinstance(value, Message):
            return render(value) or fallback
        if isinstance(value, str) and value:
            return value
    return fallback


def moment(unix: float, *, zone: tzinfo | None = None, date: bool = True, seconds: bool = False) -> str:
    """A moment as every window writes one (`auth.moments.show`), in the UI's language (the default
    QLocale, which the app's language switch sets), with its time zone."""
    return moments.show(unix, language=QLocale().name(), zone=zone, date=date, seconds=seconds)


class RecentFolder:
    """The folder "Open device file…" starts in: the one a device file was last opened from, kept in the
    app's settings (so across restarts) when there are settings, else for this window's life."""

    KEY = "emulators/deviceFileFolder"

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings
        self._folder = ""

    def folder(self) -> str:
        """The last folder used, if it still exists; "" (the dialog's own default) otherwise."""
        folder = self._folder
        if self._settings is not None:
            folder = str(self._settings.value(self.KEY, "") or "")
        return folder if folder and Path(folder).is_dir() else ""

    def remember(self, file: str | Path) -> None:
        folder = str(Path(file).resolve().parent)
        self._folder = folder
        if self._settings is not None:
            self._settings.setValue(self.KEY, folder)
            self._settings.sync()


class DevicePicker(QWidget):
    """Which device this tab emulates: the shelf's devices of the tab's kinds, or a device file opened by
    hand (against a remote gateway, `sls-gateway device add --export FILE`)."""

    chosen = Signal(object)  # DeviceEntry
    file_refused = Signal(str)  # the DeviceFileError text

    def __init__(self, kinds: Sequence[str], object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kinds = tuple(kinds)
        self.recent = RecentFolder()  # the window shares one, over the app's settings
        self._entries: list[DeviceEntry] = []
        self.label = QLabel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName(object_name)
        # Never narrower than the longest device, whenever the list or its language changes (not only at
        # first show): the window widens rather than cut a translated device name off.
        self.combo.setSizePolicy(QSizePolicy.Policy.MinimumExpanding, QSizePolicy.Policy.Fixed)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
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

    @property
    def kinds(self) -> tuple[str, ...]:
        """The device kinds this picker lists (its tab's)."""
        return self._kinds

    def retranslate(self) -> None:
        for index, entry in enumerate(self._entries):
            self.combo.setItemText(index, entry_label(entry))  # device names in the new language
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

    def select_user(self, user: str, ident: str | None = None) -> bool:
        """Selects `user`'s device: the one shown as `ident` if given and listed, else the user's first."""
        if ident and self._select(lambda entry: entry.user == user and entry.ident == ident):
            return True
        return self._select(lambda entry: entry.user == user)

    def select_path(self, path: Path) -> bool:
        return self._select(lambda entry: entry.path == path)

    def _select(self, matches: Callable[[DeviceEntry], bool]) -> bool:
        for index, entry in enumerate(self._entries):
            if matches(entry):
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
            self,
            self.tr("Open device file"),
            self.recent.folder(),
            self.tr("Device files (*.json);;All files (*)"),
        )
        if path:
            self.recent.remember(path)
            self.load_file(path)


class Poller(QObject):
    """Asks on a worker, every `interval_ms` while started, what the current device has waiting: one request
    at a time. `fetch(device)` runs on the worker; `on_result` / `on_error` get its outcome on the GUI thread.
    A reply is dropped when the request was dropped (`drop`, `stop`) or its device is no longer `current()`.
    """

    def __init__(
        self,
        tasks: TaskRunner,
        interval_ms: int,
        parent: QObject,
        *,
        current: Callable[[], object | None],
        fetch: Callable[[Any], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._current = current
        self._fetch = fetch
        self._on_result = on_result
        self._on_error = on_error
        self._task: int | None = None
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._running = True
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self.drop()

    def poll(self) -> None:
        """Asks now, unless stopped, without a device, or a request is still on its way."""
        if not self._running or self._task is not None:
            return
        device = self._current()
        if device is None:
            return
        fetch = self._fetch
        self._task = self._tasks.run(
            lambda: fetch(device),
            on_done=lambda result, d=device: self._polled(d, result),
            on_error=self._failed,
        )

    def drop(self) -> None:
        """Forgets the request on its way (another device was picked): its reply will not be delivered."""
        if self._task is not None:
            self._tasks.cancel(self._task)
            self._task = None

    def _polled(self, device: object, result: Any) -> None:
        self._task = None
        if device is self._current():
            self._on_result(result)

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._on_error(error)
