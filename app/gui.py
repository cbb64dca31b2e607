"""The desktop app's composition root: builds the login window, the controller and its gateway connection,
the keychain and the settings, and connects them. The window paints first; the embedded gateway, the
HTTPS client (requests) and the keychain (keyring) start on workers afterwards."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QMessageLogContext,
    QObject,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from trader_login.app import collector, embedded
from trader_login.ui.login_controller import LoginController
from trader_login.ui.login_window import LoginWindow
from trader_login.ui.pages.credentials import LANGUAGES

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import LoginView
    from trader_login.auth.kdf import KdfLimits

log = logging.getLogger(__name__)


def language_for(locale_name: str) -> str:
    """One of the five languages for a locale name ("ja_JP" → "ja"); English otherwise."""
    codes = {code for code, _name in LANGUAGES}
    if locale_name in codes:
        return locale_name
    language, _, region = locale_name.partition("_")
    if language == "zh":
        return "zh_TW" if region in ("TW", "HK", "MO") or "Hant" in locale_name else "zh_CN"
    return language if language in codes else "en"


AFTER_PAINT_MS = 15


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(500, self, self._go)  # should no paint come (a hidden platform window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # A moment after the frame is out, so that the window shows at once even where the frame is
            # flushed late (a busy compositor); the workers start a few milliseconds later, unnoticed.
            QTimer.singleShot(AFTER_PAINT_MS, self, self._go)
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self.parent().removeEventFilter(self)
            then()


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Calls `then` once, on the GUI thread, right after `widget` has painted for the first time."""
    _FirstPaint(widget, then)


class _WhenClosed(QObject):
    """Calls `then` once the login window has really closed (not when it hides behind a session window,
    which ignores the close): right after the close event has been handled."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self, self._check)
        return False

    def _check(self) -> None:
        window = self.parent()
        closed = isinstance(window, QWidget) and not window.isVisible()
        if closed and getattr(window, "session_window", None) is None:
            self._then()


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("Trader Login")
    app.setOrganizationName("Trader Login")
    # Cycles are collected on this thread only, never on the embedded gateway's or a worker's (a QObject
    # finalised off its thread can deadlock PySide): app/collector.py.
    collector.install(app)
    from trader_login.ui import theme

    # The style sheet of the system's colour scheme (light or dark), again whenever it changes. Idempotent:
    # each test and each second window calls this, and an unchanged sheet is not re-applied.
    theme.install(app)
    return app


class DesktopApp:
    """One login window and what it needs. `close()` ends it all: workers, the client, the gateway."""

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        keychain: Any = None,
        kdf_limits: KdfLimits | None = None,
        data_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        emulator_services: Callable[[], Any] | None = None,
        virtual_keys: Any = None,
        unattended: Any = None,
    ) -> None:
        self.args = args
        # auth.client.unattended.Unattended (issue 19: the policies, --restart, --max-attempts, --json), or a
        # function that makes it (called after the first paint: its imports stay off that path), or None:
        # the window asks the trader, as always (the testers' harness).
        self._make_unattended: Callable[[], Any] | None = None
        if unattended is not None and not hasattr(unattended, "decide"):
            self._make_unattended, unattended = unattended, None
        self.unattended = unattended
        self._requested_exit: int | None = None  # a policy's exit code (exitRequested)
        self._last_outcome: Any = None  # the last login's final view (session, refusal, lock, cancel)
        # The virtual security keys (app.virtual_keys.VirtualKeys), one instance per key file shared by the
        # login and the emulators: the testers' shelf's when given, else made when the gateway is known.
        self.virtual_keys: Any = virtual_keys
        self._own_virtual_keys = False  # made here: closed (its key files let go) when the app closes
        self._make_emulator_services = emulator_services  # tests: the services over their own gateway
        self.clock = clock
        self.wall_clock = wall_clock  # to read the gateway's Unix times (lockout end, session expiry)
        self.kdf_limits = kdf_limits
        # None: the platform's places, found when needed (settings: Qt's native store; the embedded
        # gateway's data: the user data directory, looked up on the worker that starts it).
        self.data_dir = data_dir if data_dir is not None else embedded.data_dir_override()
        self.embedded: embedded.EmbeddedGateway | None = None
        self._transport: Any = None
        self._keychain = keychain
        self.emulators: Any = None  # trader_login.ui.emulators.EmulatorsWindow, built on first use
        self.languages: Any = None  # trader_login.app.i18n.Languages, made by the first set_language
        self._emulator_services: Any = None
        self._disposed = False
        self._retired: list[QObject] = []  # deleteLater'd, kept alive for Python until Qt deletes them
        if self.data_dir is not None:
            self.settings = QSettings(str(self.data_dir / "settings.ini"), QSettings.Format.IniFormat)
        else:
            self.settings = QSettings()
        self.controller = LoginController(self._connect, clock=clock)
        self.controller.unattended = unattended
        self.window = LoginWindow(self.controller, wall_clock=wall_clock)
        self._wire_unattended()
        self.window.languageChosen.connect(self.set_language)
        self.window.rememberUsername.connect(self._remember)
        self.window.set_emulators_opener(self.open_emulators)
        self.controller.viewChanged.connect(self._follow_login)
        # Closing the login window (mid-login too: its controller withdraws the login) ends the app: the
        # emulators window, a helper of this window, closes with it.
        _WhenClosed(self.window, self._login_window_closed)
        self._demo = args.gateway is None
        # The gateway in use, under the page (gatewayLabel): the embedded demo, or --gateway and its trust.
        trust = {name: getattr(args, name, None) for name in ("fingerprint", "ca_cert")}
        self.window.set_gateway(args.gateway, **trust)
        if args.user:
            self.window.credentials.username_edit.setText(args.user)
        self.window.credentials.set_mode("paper" if args.paper else "live")
        self.set_language(
            args.lang or str(self.settings.value("language", "")) or language_for(QLocale.system().name())
        )

    # --- start-up ----------------------------------------------------------------------------------------

    def show(self) -> None:
        """Shows the window; once it has painted, starts the gateway connection and reads the keychain on
        workers (their imports would otherwise hold the interpreter while the first frame is drawn)."""
        self.window.show()
        self.window.credentials.focus_first_empty()
        after_first_paint(self.window, self._start_workers)

    def _start_workers(self) -> None:
        self.window.finish_setup()
        if self._make_unattended is not None:
            make, self._make_unattended = self._make_unattended, None
            self.unattended = make()
            self.controller.unattended = self.unattended
            self._wire_events()
        from trader_login.ui import theme

        theme.settle()  # the system's scheme asked now: the question costs the first frame ~15 ms
        self.controller.start()
        self.controller.tasks.run(self._read_keychain, self._keychain_read, self._keychain_failed)

    def _connect(self, on_change: Callable[[LoginView], None]) -> LoginFlow:
        """On a worker: the embedded gateway (or the remote one's client) and the flow."""
        from trader_login.auth.client.flow import LoginFlow
        from trader_login.auth.client.transport import GatewayClient

        args = self.args
        if args.gateway:
            transport = GatewayClient(args.gateway, fingerprint=args.fingerprint, ca_cert=args.ca_cert)
        else:
            base = self.data_dir if self.data_dir is not None else embedded.app_data_dir()
            gateway = embedded.EmbeddedGateway(base / "gateway")
            gateway.start()
            self.embedded = gateway
            transport = GatewayClient(gateway.url, fingerprint=gateway.fingerprint)
        self._transport = transport
        self._compose_security_keys()
        options = {"kdf_limits": self.kdf_limits} if self.kdf_limits is not None else {}
        if self.unattended is not None:
            from trader_login.auth.client.unattended import gateway_identity

            if args.gateway:
                identity = gateway_identity(args.gateway, args.fingerprint)
            else:
                identity = gateway_identity(gateway.url, gateway.fingerprint)
            return self.unattended.flow(
                transport, identity, on_change=on_change, clock=self.clock, wall_clock=self.wall_clock,
                **options,
            )  # fmt: skip
        return LoginFlow(
            transport, on_change=on_change, clock=self.clock, wall_clock=self.wall_clock, **options
        )

    # --- unattended (issue 19) ------------------------------------------------------------------------------

    def _wire_unattended(self) -> None:
        """The policies' exit and the --json events: every view the controller receives (also those a
        policy answers unseen) becomes events; the last login's outcome is the app's exit code."""
        self.controller.viewChanged.connect(self._note_outcome)
        exit_requested = getattr(self.controller, "exitRequested", None)
        if exit_requested is not None:
            exit_requested.connect(self._exit_requested)
        self._wire_events()

    def _wire_events(self) -> None:
        events = getattr(self.unattended, "events", None)
        if events is not None:
            seen = getattr(self.controller, "viewSeen", None) or self.controller.viewChanged
            seen.connect(events.view)

    def _note_outcome(self, view: LoginView) -> None:
        from trader_login.auth.client.unattended import begins_login
        from trader_login.auth.client.views import Stage

        last = self._last_outcome
        # A logout the gateway did not hear of comes back on the credentials page with an error code: the
        # session was the outcome.
        after_session = last is not None and last.stage is Stage.DONE
        if begins_login(view):
            self._last_outcome = None  # a new login: closing the window now is a cancel (130)
        elif view.stage in (Stage.DONE, Stage.FAILED, Stage.LOCKED, Stage.CANCELLED):
            self._last_outcome = view
        elif view.stage is Stage.CREDENTIALS and view.error_code is not None and not after_session:
            self._last_outcome = view  # refused before any login (a user-name rule, the rate limit)

    def _exit_requested(self, code: int) -> None:
        """A policy ends the app (--existing-session exit, --on-second-factor-timeout exit …)."""
        if self._requested_exit is None:
            self._requested_exit = int(code)
        QTimer.singleShot(0, self.window, self.window.close)

    @property
    def exit_code(self) -> int:
        """The app's exit status (`auth.client.unattended.ExitCode`): a policy's exit, else the outcome of
        the last login (a session that opened: 0, whatever came after its logout), else cancelled (130: the
        window closed before any login ended)."""
        from trader_login.auth.client.unattended import ExitCode, exit_code_of

        if self._requested_exit is not None:
            return self._requested_exit
        if self._last_outcome is None:
            return int(ExitCode.CANCELLED)
        return int(exit_code_of(self._last_outcome))

    def _compose_security_keys(self) -> None:
        """On the worker, before any ceremony: the keys a login may use (app/kinds/passkey.py): the user's
        virtual keys on the embedded gateway's shelf, `--security-key FILE`'s, and USB keys unless
        `--no-usb-keys`. Their private keys are sealed with the keychain where there is a system one."""
        from trader_login.app.kinds import passkey
        from trader_login.app.virtual_keys import VirtualKeys

        if self.virtual_keys is None:
            shelf = self.embedded.device_dir if self.embedded is not None else None
            self.virtual_keys = VirtualKeys(shelf, keychain=self.keychain(), notice=self._notice_later)
            self._own_virtual_keys = True
        path = getattr(self.args, "security_key", None)
        if path is not None:
            from trader_login.app.virtual_keys import KeyInUseError, VirtualKeyError

            try:
                self.virtual_keys.key_at(path)  # loaded now: a locked key is said before the login
            except KeyInUseError:
                pass  # said by the store's notice (another process holds the file)
            except VirtualKeyError as error:  # the file changed since the command line was read
                self._notice_later(str(error))
        shelf_keys = self.virtual_keys if self.virtual_keys.device_dir is not None else None
        virtual = passkey.virtual_keys(shelf_keys, self.args, key_file=self.virtual_keys)
        self.controller.security_keys = passkey.security_keys(virtual, self.args)

    def _notice_later(self, text: str) -> None:
        """A notice from a worker (the keys not sealed), shown on the GUI thread."""
        QTimer.singleShot(0, self.window, lambda: self.window.show_notice(text))

    # --- device emulators ---------------------------------------------------------------------------------

    def open_emulators(self) -> None:
        """The emulators window: every demo device with the embedded gateway; device files and the IB Key
        phone's signed requests against a remote one."""
        if self.emulators is None:
            from trader_login.app import emulator_services
            from trader_login.ui.emulators import EmulatorsWindow

            args = self.args
            keys = self.virtual_keys
            if self._make_emulator_services is not None:
                services = self._make_emulator_services()
            elif args.gateway:
                services = emulator_services.remote_services(
                    args.gateway,
                    fingerprint=args.fingerprint,
                    ca_cert=args.ca_cert,
                    security_key=keys.key_at if keys is not None else None,
                )
            elif self.embedded is not None and self.controller.is_ready and keys is not None:
                services = emulator_services.services_for_embedded(self.embedded, keys)
            else:
                self.window.show_notice(
                    # The login window's context, where lupdate files it and the window's own texts are.
                    QCoreApplication.translate(
                        "LoginWindow", "The demo gateway is still starting; try again in a moment."
                    )
                )
                return
            self._emulator_services = services
            # On this app's clocks: the DSC+'s display and the authenticator's codes move with a tester's
            # `advance` as the gateway's time does.
            self.emulators = EmulatorsWindow(
                services, clock=self.clock, wall_clock=self.wall_clock, settings=self.settings
            )
            self.emulators.follow_login(self.controller.view)  # opened while a login waits: follow it
        self.emulators.show()
        self.emulators.raise_()
        self.emulators.activateWindow()

    def _login_window_closed(self) -> None:
        if self.emulators is not None and self.emulators.isVisible():
            self.emulators.close()

    def _follow_login(self, view: LoginView) -> None:
        """The emulators window, once opened, follows every step of this window's login (SPEC §8)."""
        if self.emulators is not None:
            self.emulators.follow_login(view)

    # --- keychain ----------------------------------------------------------------------------------------

    def keychain(self) -> Any:
        if self._keychain is None:
            from trader_login.app.keychain import Keychain

            self._keychain = Keychain()
        return self._keychain

    def _read_keychain(self) -> tuple[str | None, str | None]:
        keychain = self.keychain()
        return keychain.remembered_username(), keychain.fallback_notice()

    def _keychain_read(self, result: tuple[str | None, str | None]) -> None:
        username, notice = result
        # The window leaves alone what the trader changed before this late read came back.
        self.window.set_remembered_username(username)
        if notice:
            self.window.show_notice(notice)

    def _keychain_failed(self, error: BaseException) -> None:
        self.window.show_notice(getattr(error, "message", None) or str(error))

    def _remember(self, username: str, remember: bool) -> None:
        def store() -> str | None:
            keychain = self.keychain()
            if remember:
                keychain.remember_username(username)
            else:
                keychain.forget_username()
            return keychain.fallback_notice()

        self.controller.tasks.run(store, lambda notice: notice and self.window.show_notice(notice),
                                  self._keychain_failed)  # fmt: skip

    # --- language ----------------------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switches every window to `code` at once (Qt's LanguageChange) and remembers the choice."""
        code = language_for(code)
        if self.languages is None:
            from trader_login.app.i18n import Languages

            self.languages = Languages()
        self.languages.use(code)
        if self._demo:
            self.window.set_demo_notice(self.demo_notice())
        self.settings.setValue("language", code)
        self.window.credentials.set_language(code)

    @staticmethod
    def demo_notice() -> str:
        """The "Demo gateway" notice in the current language."""
        from PySide6.QtCore import QCoreApplication

        return embedded.demo_notice(
            QCoreApplication.translate("DesktopApp", "Demo gateway: user names %1; password %2"),
            QCoreApplication.translate("DesktopApp", "%1 (paper)"),
        )

    # --- shut-down ---------------------------------------------------------------------------------------

    def close(self) -> None:
        if self._disposed:
            return
        if self.emulators is not None:
            self.emulators.close()  # its closeEvent stops the polls and joins its workers
            from trader_login.app.emulator_services import close_services

            close_services(self._emulator_services)
            # Deleted by Qt (dispose(), or the event loop), not by Python the moment this reference goes:
            # kept until then.
            self.emulators.deleteLater()
            self._retired.append(self.emulators)
            self.emulators = None
        self.window.close()
        session = self.window.session_window
        if session is not None:
            session.closing_allowed = True
            session.close()
        self.controller.shutdown()
        if self._own_virtual_keys and self.virtual_keys is not None:
            self.virtual_keys.close()  # another process may use the key files now
        if self._transport is not None:
            self._transport.close()
        if self.embedded is not None:
            self.embedded.stop()
        if self.languages is not None:
            self.languages.clear()
        self.settings.sync()

    def dispose(self) -> None:
        """After `close()`, when the app ends: deletes its Qt objects now, on the GUI thread, while the
        QApplication lives: the session window, the emulators, the login window, the controller with its
        worker pool and relay. Otherwise they outlive `run()` (reference cycles through the slots and
        callbacks they hold) and are torn down inside the interpreter's finalization, after PySide's exit
        handler has destroyed the QApplication, together with queued signal events that still carry Python
        objects (the last task's result): the `bool_dealloc` refcount error and the rare segfault at exit.
        The app is unusable afterwards."""
        import gc

        import shiboken6

        if self._disposed:
            return
        self._disposed = True
        session = self.window.session_window if shiboken6.isValid(self.window) else None
        doomed = [session, *self._retired, self.window, self.controller]
        for widget in doomed:
            if widget is not None and shiboken6.isValid(widget):
                widget.deleteLater()
        # Queued results of the last tasks first (the closed runner drops them), then the deletions.
        QCoreApplication.sendPostedEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._retired.clear()
        gc.collect()  # the Python halves of what Qt just deleted, here on the GUI thread


def run(args: argparse.Namespace) -> int:
    """`trader-login` without --console: the window, until the trader closes it (or a policy ends it).
    Everything is closed and deleted in order (workers, the gateway, then the Qt objects) before the
    interpreter finalizes. The exit status is the login's outcome (`DesktopApp.exit_code`)."""
    from trader_login.app.cli import unattended_of

    events: Any = None
    if getattr(args, "json", False):  # asked for: its imports are worth their few milliseconds
        from trader_login import __version__ as version

        events = json_events(sys.stdout)
        events.started(version, args.user, "paper" if args.paper else "live", bool(args.restart))
    app = application()
    desktop = DesktopApp(args, unattended=lambda: unattended_of(args, events))
    # Connected (the embedded gateway started): what the app keeps for its life is built, and is frozen out
    # of the GUI thread's full collections (app/collector.py). Only here: a test process keeps its heap.
    desktop.controller.ready.connect(collector.settle)
    desktop.show()
    code = 130  # ExitCode.CANCELLED, should the loop end by an exception
    try:
        app.exec()
        code = desktop.exit_code
        return code
    finally:
        desktop.close()
        desktop.dispose()
        if events is not None:
            from trader_login.auth.client.unattended import ExitCode

            events.exit(ExitCode(code))
            events.close()  # the queued lines, the exit event last, then the writer thread joined


def json_events(stream: Any) -> Any:
    """The window's --json events: written by a thread of their own, never on the GUI thread (a monitor
    that stops reading the pipe must not freeze the window); `close()` them after the exit event."""
    from trader_login.auth.client.unattended import JsonEvents

    return JsonEvents(stream, threaded=True)


def build_args(argv: list[str]) -> argparse.Namespace:
    from trader_login.app.cli import build_parser

    return build_parser().parse_args(argv)


def ensure_display() -> None:
    """--self-test runs anywhere, display or not."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    previous = None

    def quiet(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        # The offscreen platform warns about window-manager calls it cannot honour: noise, not news.
        if message.startswith("This plugin does not support"):
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(quiet)
