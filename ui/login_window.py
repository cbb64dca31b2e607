"""The login window: renders the controller's `LoginView` as one of four pages, with the message line, the
busy row and Cancel / Enter read only below them (a message about a field of the credentials page shows
under that field instead), and the gateway in use at the bottom. The session window takes over once a
session opens."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trader_login.ui import formatting, messages
from trader_login.ui.login_controller import LoginController
from trader_login.ui.pages.credentials import CredentialsPage
from trader_login.ui.widgets import arg, finish_setup, grow_to_fit, set_role, set_tab_order, wrapped

if TYPE_CHECKING:
    from trader_login.auth.client.views import LoginView
    from trader_login.auth.texts import Message
    from trader_login.ui.pages.devices import DeviceChoicePage
    from trader_login.ui.pages.existing_session import ExistingSessionPage
    from trader_login.ui.pages.second_factor import SecondFactorPage
    from trader_login.ui.session_window import SessionWindow
    from trader_login.ui.tasks import Ceremony

# Every page of the demo in English, with its notice and a message, fits: one height for all of them.
DEFAULT_HEIGHT = 700
# Where a refusal's message goes on the credentials page: under the field it is about (R1 under the user
# name, R2 under the password, the wrong mode under Live / Paper); anything else on the general line.
_FIELD_OF_CODE = {
    "EMPTY": "username",
    "UPPER_CASE": "username",
    "BAD_CHARACTER": "username",
    "INVALID_CREDENTIALS": "password",
    "WRONG_MODE": "mode",
}
_USERNAME_CODES = frozenset({"EMPTY", "UPPER_CASE", "BAD_CHARACTER"})
GENERAL = "general"
RESPONSE = "response"  # the second-factor page's message slot, under its response field
# Stages by their protocol names: comparing the enum's values keeps auth.client.views (a few ms of
# dataclasses) off the path to the first paint; the first view arrives after it.
_BACK_AT_CREDENTIALS = frozenset({"credentials", "failed", "locked", "cancelled"})
_IN_LOGIN = frozenset({"working", "choose_device", "second_factor", "existing_session"})
_ERRORS = frozenset({"failed", "locked"})
_INFO_CODES = frozenset({None, "CANCELLED"})
_OWN_TEXT = frozenset({"choose_device", "second_factor", "existing_session"})
_SAID_BY_PAGE = frozenset({None, "EXISTING_SESSION"})
# The marker testers wait on (docs/testing.md): how many replies the window has shown, and whether one is
# awaited. Dynamic properties, so that a tester needs nothing but the object name.
REPLY_COUNT = "replyCount"
BUSY = "busy"


class LoginWindow(QWidget):
    """Renders the login; every request the trader makes (a click, Enter) disables what could send another
    one at once, in the same event-loop turn, and the reply's arrival is counted (`replyCount`)."""

    languageChosen = Signal(str)
    rememberUsername = Signal(str, bool)  # user name, whether to remember it
    replyShown = Signal(int)  # the new replyCount, once the reply (page or message) is on screen

    def __init__(
        self,
        controller: LoginController,
        *,
        wall_clock: Callable[[], float] = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginWindow")
        self.controller = controller
        self.wall_clock = wall_clock
        self.session_window: SessionWindow | None = None
        self._emulators_opener: Callable[[], None] | None = None
        self._notice = ""  # a notice that arrived while the session window was up
        self._rendered: LoginView | None = None  # the last view rendered
        self._awaiting = False  # a request is in flight: its reply is the next new view that is not WORKING
        # A step waiting on a device of this computer (a security key's touch): its end is a reply, but the
        # window is not `busy` meanwhile — the trader (or a tester) acts on the device, as for a
        # notification on the phone.
        self._device_wait: Ceremony | None = None
        self.setProperty(REPLY_COUNT, 0)
        self.setProperty(BUSY, False)

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.subtitle = QLabel(self)
        self.subtitle.setProperty("role", "subtitle")

        self.credentials = CredentialsPage(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.credentials)
        self._built: dict[str, QWidget] = {}  # the other pages, built when first needed (start-up time)

        self.message_label = wrapped(self, role="info")
        self.message_label.setObjectName("messageLabel")
        self.message_label.hide()
        # R3's warning under a counted refusal (issue 19): attempts left before the lock. It goes wherever
        # the message line goes (see _place_message).
        self.attempts_left_label = wrapped(self, role="warning")
        self.attempts_left_label.setObjectName("attemptsLeftLabel")
        self.attempts_left_label.hide()
        # The one message line, moved next to the field it is about (see _place_message).
        self._message_slots = {GENERAL: QVBoxLayout(), **self.credentials.slots}
        self._message_slots[GENERAL].setContentsMargins(0, 0, 0, 0)
        self._message_slots[GENERAL].addWidget(self.message_label)
        self._message_slots[GENERAL].addWidget(self.attempts_left_label)
        self._message_place = GENERAL
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(4)
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setProperty("role", "status")
        self.read_only_button = QPushButton(self)
        self.read_only_button.setObjectName("readOnlyButton")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancelButton")
        footer = QHBoxLayout()
        footer.addWidget(self.read_only_button)
        footer.addStretch(1)
        footer.addWidget(self.cancel_button)

        self.demo_notice = wrapped(self, role="notice")
        self.demo_notice.setObjectName("demoNotice")
        self.demo_notice.hide()
        self.emulators_button = QPushButton(self)
        self.emulators_button.setObjectName("emulatorsButton")
        self.emulators_button.setProperty("role", "secondary")
        self.emulators_button.hide()
        # Which gateway this window logs in to (set_gateway): the embedded demo, or host:port and trust.
        self.gateway_label = wrapped(self, role="status")
        self.gateway_label.setObjectName("gatewayLabel")
        self._gateway: tuple[str | None, str | None, str | None] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._message_slots[GENERAL])
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addLayout(footer)
        layout.addWidget(self.demo_notice)
        bottom = QHBoxLayout()  # (no alignment flag: see trader_login.ui.widgets on the Qt namespace)
        bottom.addWidget(self.gateway_label, 1)
        bottom.addWidget(self.emulators_button)
        layout.addLayout(bottom)
        # On the title, not the window (nor the pages): a widget's own minimum width overrides its layout's,
        # and a longer translation would clip. So the window is 420 px or as wide as its widest row.
        self.title.setMinimumWidth(420 - 2 * 28)
        self.resize(440, DEFAULT_HEIGHT)
        self._base_height = DEFAULT_HEIGHT  # grown by a login page that needs more (_fit)

        self.credentials.submitted.connect(self._requesting(controller.log_in))
        self.credentials.languageChosen.connect(self.languageChosen)
        self.read_only_button.clicked.connect(self._requesting(lambda *_: controller.enter_read_only()))
        # Cancel is never disabled and needs no marker: its reply (the credentials page) is immediate.
        self.cancel_button.clicked.connect(controller.cancel)
        self.emulators_button.clicked.connect(lambda: self._open_emulators())
        self.credentials.client_services_link.clicked.connect(lambda: self._open_emulators("desk"))
        self.credentials.forgot_link.clicked.connect(lambda: QTimer.singleShot(0, self, self._fit))
        self.credentials.username_edit.textEdited.connect(self._recheck_username)
        controller.viewChanged.connect(self.render)
        controller.connectFailed.connect(self._connect_failed)
        controller.retryKeyRequested.connect(self._retry_key)
        self.retranslate()
        # The credentials page as an empty view would render it (the first view comes after the paint).
        for widget in (self.busy_bar, self.busy_label, self.cancel_button, self.read_only_button):
            widget.hide()
        self._show_page(self.credentials)

    # --- the pages ----------------------------------------------------------------------------------------

    @property
    def devices(self) -> DeviceChoicePage:
        page = self._built.get("devices")
        if page is None:
            from trader_login.ui.pages.devices import DeviceChoicePage

            page = self._add_page("devices", DeviceChoicePage(self))
            page.chosen.connect(self._requesting(self.controller.choose_device))
        return page  # type: ignore[return-value]

    @property
    def second_factor(self) -> SecondFactorPage:
        page = self._built.get("second_factor")
        if page is None:
            from trader_login.ui.pages.second_factor import SecondFactorPage

            page = self._add_page("second_factor", SecondFactorPage(self, clock=self.controller.clock))
            # A message on this page is about the answer: under the response field (the page's slot).
            self._message_slots[RESPONSE] = page.message_slot
            page.responded.connect(self._requesting(self.controller.respond))
            page.switchToChallenge.connect(self._requesting(self.controller.switch_to_challenge))
            page.resendPush.connect(self._requesting(self.controller.resend_push))
            page.resendCode.connect(self._requesting(self.controller.resend_code))
            page.ceremonyRequested.connect(self._run_ceremony)
        return page  # type: ignore[return-value]

    @property
    def existing_session(self) -> ExistingSessionPage:
        page = self._built.get("existing_session")
        if page is None:
            from trader_login.ui.pages.existing_session import ExistingSessionPage

            page = self._add_page("existing_session", ExistingSessionPage(self))
            page.answered.connect(self._requesting(self.controller.answer_existing_session))
        return page  # type: ignore[return-value]

    def _add_page(self, key: str, page: QWidget) -> QWidget:
        finish_setup(page)
        self._built[key] = page
        self.pages.addWidget(page)
        # Built after the footer, the page would come after it in the tab order: reading order puts it first.
        last = page
        while page.isAncestorOf(last.nextInFocusChain()):
            last = last.nextInFocusChain()
        set_tab_order(last, self.read_only_button, self.cancel_button, self.emulators_button)
        return page

    # --- set up by the composition root -----------------------------------------------------------------

    def finish_setup(self) -> None:
        """What waits for the first paint (see trader_login.ui.widgets)."""
        self.credentials.set_restart(self.controller.restarting)
        self.credentials.finish_setup()
        finish_setup(self)

    def set_demo_notice(self, text: str | None) -> None:
        self.demo_notice.setText(text or "")
        self.demo_notice.setVisible(bool(text) and self.pages.currentWidget() is self.credentials)
        self._show_gateway()
        self._show_demo_desk()

    def set_emulators_opener(self, opener: Callable[[], None] | None) -> None:
        self._emulators_opener = opener
        self.emulators_button.setVisible(opener is not None)
        self._show_demo_desk()

    def set_gateway(
        self, url: str | None, *, fingerprint: str | None = None, ca_cert: str | None = None
    ) -> None:
        """The gateway this window logs in to, shown under the page (`gatewayLabel`): None is the
        embedded demo gateway; otherwise the URL as given to `--gateway`, with how its certificate is
        trusted (pinned by `fingerprint`, verified against `ca_cert`, or by the system's authorities)."""
        self._gateway = (url, fingerprint, ca_cert)
        self._show_gateway()
        self._show_demo_desk()

    def _embedded(self) -> bool:
        """The embedded demo gateway: said by set_gateway(None), or by the demo notice the app sets."""
        if self._gateway is not None:
            return self._gateway[0] is None
        return bool(self.demo_notice.text())

    def _show_gateway(self) -> None:
        """One short line (it shares its row with the emulators button); the details in its tooltip."""
        self.gateway_label.setVisible(self._gateway is not None or self._embedded())
        if self._embedded():
            self.gateway_label.setText(self.tr("Gateway: built-in demo"))
            self.gateway_label.setToolTip(self.tr("The embedded demo gateway, running on this computer"))
            return
        if self._gateway is None:
            return
        url, fingerprint, ca_cert = self._gateway
        from urllib.parse import urlsplit

        try:
            where = urlsplit(url).netloc or url
        except ValueError:
            where = url
        if fingerprint:
            trust = self.tr("pinned")
            detail = arg(self.tr("%1: certificate pinned by its SHA-256 fingerprint %2"), url, fingerprint)
        elif ca_cert:
            from pathlib import Path

            trust = self.tr("verified")
            detail = arg(self.tr("%1: certificate verified against %2"), url, Path(ca_cert).name)
        else:
            trust = self.tr("verified")
            detail = arg(self.tr("%1: certificate verified by the system's certificate authorities"), url)
        self.gateway_label.setText(arg(self.tr("Gateway: %1 · %2"), where, trust))
        self.gateway_label.setToolTip(detail)

    def _show_demo_desk(self) -> None:
        """The forgotten-details help points to the demo's Client Services tab with the embedded gateway."""
        self.credentials.set_demo_desk(self._embedded() and self._emulators_opener is not None)

    def set_remembered_username(self, username: str | None) -> None:
        """From the keychain, read on a worker after the window is shown (late on a busy machine): fills in
        only what the trader has not touched meanwhile, the box as the name field."""
        if not self.credentials.remember_changed:
            self.credentials.remember_check.setChecked(bool(username))
        if username and not self.credentials.username_edit.text():
            self.credentials.username_edit.setText(username)
            self.credentials.focus_first_empty()

    def show_notice(self, text: str) -> None:
        """A one-time notice (e.g. where the remembered user name is kept), shown on the message line; while
        a session window covers this one, when the trader is back here."""
        if self.session_window is not None:
            self._notice = text
            return
        self._show_message(text, "info")
        QTimer.singleShot(0, self, self._fit)

    # --- rendering ----------------------------------------------------------------------------------------

    def render(self, view: LoginView) -> None:
        if view is self._rendered:
            return  # the same view again (views from several workers): nothing new, and no reply
        stage = view.stage.value
        previous, self._rendered = self._rendered, view
        if stage == "working":
            self._awaiting = True
        replied = stage != "working" and (self._awaiting or _moved_on(previous, view))
        if replied:
            self._awaiting = False
            self._device_wait = None  # what a ceremony was awaited for is on screen: its end adds nothing
        busy = self._awaiting
        focus: Callable[[], None] | None = None
        if stage in _BACK_AT_CREDENTIALS:
            self._close_session_window()
            self._show_page(self.credentials)
            self.credentials.set_mode(view.mode)
            if view.username and not self.credentials.username_edit.text():
                self.credentials.username_edit.setText(view.username)
            # One rule: back on this page after an attempt (refused, failed, locked, cancelled, ended),
            # the password is gone; the trader types it again, as in a banking app or KeePassXC.
            if stage != "credentials" or view.problem is not None:
                self.credentials.clear_password()
            self.credentials.set_restart(self.controller.restarting)
            if view.error_code == "MAX_ATTEMPTS":  # the --max-attempts stop: nothing more for this name
                self.credentials.stop_attempts(view.username or self.credentials.username_edit.text())
            focus = self._focus_for(view)
        elif stage == "choose_device":
            self._show_page(self.devices)
            self.devices.show_devices(view.devices, view.preselected)
            focus = self.devices.device_list.setFocus  # arrows pick, Enter continues
        elif stage == "second_factor":
            self._show_page(self.second_factor)
            self.second_factor.show_view(view)
        elif stage == "existing_session":
            self._show_page(self.existing_session)
            focus = self.existing_session.takeover_button.setFocus  # the page's primary answer
        elif stage == "done":
            self._show_session(view)
        self.busy_label.setText(messages.render(view.problem) if stage == "working" else "")
        self._set_busy(busy)
        if focus is not None and not busy:
            focus()  # after _set_busy: a field disabled while the request was in flight takes no focus
        in_login = stage in _IN_LOGIN and self.session_window is None
        self.cancel_button.setVisible(in_login)
        self.read_only_button.setVisible(
            view.read_only_available and stage in ("choose_device", "second_factor", "working")
        )
        if not busy:
            if self.pages.currentWidget() is self.credentials:
                place = _FIELD_OF_CODE.get(view.error_code or "", GENERAL)
            else:
                place = RESPONSE if stage == "second_factor" else GENERAL
            self._show_message(self._message(view), self._message_role(view), place)
            self._show_warning(view)
            if self._notice and stage in _BACK_AT_CREDENTIALS and not self.message_label.text():
                self._show_message(self._notice, "info")
                self._notice = ""
        if self.session_window is not None:
            self.session_window.render(view)
        if replied:
            self._reply_shown()
        QTimer.singleShot(0, self, self._fit)

    # --- requests and the per-attempt marker ------------------------------------------------------------

    def _requesting(self, action: Callable[..., None]) -> Callable[..., None]:
        """`action` (a controller step) as a slot that first makes the window busy: every button that sends
        is disabled before the step starts, in the same event-loop turn as the click or the Enter key."""

        def request(*args: object) -> None:
            self._awaiting = True
            self._device_wait = None  # a ceremony ending late (cancelled) is not this request's reply
            self._set_busy(True)
            try:
                action(*args)
            except BaseException:
                self._awaiting = False
                self._set_busy(False)
                raise

        return request

    def _run_ceremony(self, ceremony: Ceremony) -> None:
        """A page's step that waits on a device (`tasks.Ceremony`): run by the controller; the page shows
        the busy row meanwhile, its end is counted as a reply, and `busy` stays False (see _device_wait)."""
        self._awaiting = True
        self._device_wait = ceremony
        ceremony.ended.connect(lambda: self._ceremony_ended(ceremony))
        self._set_busy(True)
        self.controller.run_ceremony(ceremony)

    def _ceremony_ended(self, ceremony: Ceremony) -> None:
        if self._device_wait is not ceremony:
            return
        self._device_wait = None
        if self._awaiting and self.controller.view.stage.value != "working":
            # Ended without a new view (nothing changed on screen): still the reply to what started it.
            self._awaiting = False
            self._set_busy(False)
            self._reply_shown()
        else:
            self._set_busy(self._awaiting)

    def _retry_key(self, tries: int = 50) -> None:
        """A policy uses the security key again (--on-second-factor-timeout retry): the page's "Try again",
        as soon as the ended ceremony lets the page offer it (looked for a few times a second, a while)."""
        page = self._built.get("second_factor")
        if page is None:
            return
        from PySide6.QtWidgets import QPushButton

        button = page.findChild(QPushButton, "securityKeyRetryButton")
        if button is None:
            return
        if button.isVisibleTo(page) and button.isEnabled():
            button.click()
        elif tries > 0 and self.controller.view.stage.value == "second_factor":
            QTimer.singleShot(100, self, lambda: self._retry_key(tries - 1))  # the ceremony is still ending

    def _set_busy(self, busy: bool) -> None:
        for page in (self.credentials, *self._built.values()):
            page.set_busy(busy)  # type: ignore[attr-defined]
        self.read_only_button.setEnabled(not busy)
        shown = busy and self.session_window is None
        self.busy_bar.setVisible(shown)
        self.busy_label.setVisible(shown and bool(self.busy_label.text()))
        self.setProperty(BUSY, busy and self._device_wait is None)

    def _reply_shown(self) -> None:
        """After the page and the message are updated: the marker moves on, then the signal says so."""
        count = int(self.property(REPLY_COUNT)) + 1
        self.setProperty(REPLY_COUNT, count)
        self.replyShown.emit(count)

    def _connect_failed(self, problem: Message) -> None:
        if self._awaiting:
            return  # a Log In waited for the gateway: the failed attempt's page follows, with this message
        self._show_message(messages.render(problem), "error")
        self._reply_shown()
        QTimer.singleShot(0, self, self._fit)

    def _fit(self) -> None:
        """One height for every page: DEFAULT_HEIGHT, or the most any page has needed so far (a longer
        translation, a longer message), so that moving from page to page never changes it. Only the
        forgotten-details help, which the trader opens, adds to it while it shows; a height the trader
        chose is left alone (trader_login.ui.widgets.grow_to_fit)."""
        if not self.credentials.forgot_help.isVisible():
            layout = self.layout()
            # A widget just hidden (the help) has only posted its layout request: sizes as they are now.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            layout.activate()
            needed = layout.sizeHint().height()
            if layout.hasHeightForWidth():
                needed = max(needed, layout.totalHeightForWidth(self.width()))
            self._base_height = max(self._base_height, needed)
        grow_to_fit(self, self._base_height)

    def _focus_for(self, view: LoginView) -> Callable[[], None]:
        """Back on the credentials page: the field to fix has the focus (the user name with what is wrong
        in it selected; the password after a wrong one), else the first empty field."""
        code = view.error_code or ""
        page = self.credentials
        if code in _USERNAME_CODES:
            from trader_login.auth import rules

            verdict = rules.check_username(page.username_edit.text())
            return lambda: page.focus_username(verdict.position)
        if code == "INVALID_CREDENTIALS":
            return page.focus_password
        return page.focus_first_empty

    def _recheck_username(self, text: str) -> None:
        """A message about the user name follows the trader's edits: gone once the name is fixed, the new
        problem while it is still wrong (R1 is checked here, nothing is sent)."""
        if self._message_place != "username" or not self.message_label.isVisible():
            return
        from trader_login.auth import rules

        verdict = rules.check_username(text)
        if verdict.ok:
            self._show_message("", "info")
        else:
            self._show_message(messages.render(verdict.problem), "error", "username")

    def _message(self, view: LoginView) -> str:
        if view.stage.value == "locked":
            from trader_login.ui import formatting  # lazy: rarely needed, kept off the start-up path

            return formatting.lockout(view.locked_until, self.wall_clock())
        if view.stage.value == "done":
            return ""
        if view.stage.value in _OWN_TEXT and view.error_code in _SAID_BY_PAGE:
            # The page itself says it (instructions, the question): once is enough. After a --restart
            # that could not skip the second factor, the line says why it is asked.
            return messages.render(self._restart_notice(view))
        return messages.render(view.problem)

    def _restart_notice(self, view: LoginView) -> Message | None:
        """Why a --restart login asks for the second factor after all: the gateway's refusal (expired,
        revoked, …) or no restart key on this computer; None when nothing needs saying."""
        if view.stage.value not in ("choose_device", "second_factor"):
            return None
        restart = getattr(view, "restart", None)
        if restart is not None and restart.status == "refused":
            return _local_moment(restart.problem, restart.ended_at)
        return self.controller.restart_notice

    def _show_warning(self, view: LoginView) -> None:
        """`attemptsLeftLabel`: the attempts left before the lock, under the refusal that brought them."""
        warning = getattr(view, "warning", None)
        text = messages.render(warning) if warning is not None and self.message_label.text() else ""
        self.attempts_left_label.setText(text)
        self.attempts_left_label.setVisible(bool(text))

    @staticmethod
    def _message_role(view: LoginView) -> str:
        stage = view.stage.value
        if stage == "cancelled" or (view.error_code in _INFO_CODES and stage not in _ERRORS):
            return "info"
        return "error"

    def _show_message(self, text: str, role: str, place: str = GENERAL) -> None:
        place = place if text else GENERAL
        self._place_message(place)
        set_role(self.message_label, role)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        # A screen reader reads a field's problem with the field.
        for name, edit in (
            ("username", self.credentials.username_edit),
            ("password", self.credentials.password_edit),
        ):
            edit.setAccessibleDescription(text if place == name else "")

    def _place_message(self, place: str) -> None:
        """Moves the message line under the field it is about (or to the general line): one label, so
        testers read `messageLabel` wherever it shows."""
        if place == self._message_place:
            return
        self._message_slots[self._message_place].removeWidget(self.message_label)
        self._message_slots[self._message_place].removeWidget(self.attempts_left_label)
        self._message_slots[place].addWidget(self.message_label)
        self._message_slots[place].addWidget(self.attempts_left_label)
        self._message_place = place

    def _show_page(self, page: QWidget) -> None:
        if page is not self.credentials:
            self.credentials.close_help()
        self.pages.setCurrentWidget(page)
        self.demo_notice.setVisible(page is self.credentials and bool(self.demo_notice.text()))

    def _show_session(self, view: LoginView) -> None:
        if self.session_window is not None:
            return
        self.rememberUsername.emit(view.username, self.credentials.remember_check.isChecked())
        self.credentials.clear_password()
        from trader_login.ui.session_window import SessionWindow

        window = SessionWindow(self.controller, wall_clock=self.wall_clock)
        from PySide6.QtCore import Qt

        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(self._session_window_gone)
        self.session_window = window
        window.show()
        self.hide()

    def _session_window_gone(self) -> None:
        self.session_window = None

    def _close_session_window(self) -> None:
        window = self.session_window
        if window is None:
            return
        self.session_window = None
        window.closing_allowed = True
        window.close()
        self.show()
        self.raise_()
        self.activateWindow()

    def _open_emulators(self, tab: str | None = None) -> None:
        """Opens the device emulators (the app's opener), with the tab named `tab` in front if given."""
        if self._emulators_opener is None:
            return
        self._emulators_opener()
        if tab is None:
            return
        from PySide6.QtWidgets import QApplication

        for window in QApplication.topLevelWidgets():
            if window.objectName() == "emulatorsWindow" and window.isVisible():
                window.show_tab(tab)  # type: ignore[attr-defined]

    # --- Qt ----------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session_window is not None:
            event.ignore()  # hidden behind the session window: closing that one logs out
            self.hide()
            return
        self.controller.shutdown()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Trader Login"))
        self.title.setText(self.tr("Trader Login"))
        self.subtitle.setText(self.tr("Secure Login System"))
        self.read_only_button.setText(self.tr("Enter read only"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.emulators_button.setText(self.tr("Device emulators…"))
        self.busy_bar.setAccessibleName(self.tr("Busy"))
        self._show_gateway()


def _moved_on(previous: LoginView | None, view: LoginView) -> bool:
    """Whether `view` shows something new without a request of the trader's (an IB Key notification
    approved, denied or expired on the phone; a logout from the session window). Session status updates
    belong to the session window."""
    if previous is None:
        return True
    if previous.stage is view.stage and view.stage.value == "done":
        return False
    return (previous.stage, previous.problem, previous.error_code, previous.challenge, previous.devices) != (
        view.stage,
        view.problem,
        view.error_code,
        view.challenge,
        view.devices,
    )


def _local_moment(problem: Message | None, ended_at: float | None) -> Message | None:
    """A restart refusal's moment (`at`: the gateway writes it in English and UTC for clients without the
    catalogue) as every window writes a moment: the trader's language and zone, from the wire's `ended_at`."""
    if problem is None or ended_at is None or "at" not in problem.params:
        return problem
    from trader_login.auth.texts import Message

    return Message(problem.id, {**problem.params, "at": formatting.local_time(ended_at)})
