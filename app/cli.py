"""`trader-login`: the command line, and the composition root of the console login.

    trader-login [--gateway URL] [--ca-cert FILE | --fingerprint HEX] [--user NAME] [--paper] [--lang CODE]
    trader-login --self-test
    trader-login --console [--gateway URL] [--ca-cert FILE | --fingerprint HEX] [--user NAME] [--paper]
                 [--password-stdin] [--json] [--restart] [--grant-restart] [--forget-device]
                 [--existing-session POLICY] [--on-second-factor-timeout POLICY] [--max-attempts N]
    trader-login device KIND …      the second-factor devices on the terminal (app/device_command.py)

Without --gateway the embedded demo gateway starts in-process (`app.embedded`). Without --console the
desktop window opens (`app.gui`). Imports are deferred so that the window's first paint waits for Qt
only, not for requests, keyring or the gateway stack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trader_login.app import console_login
    from trader_login.app.kinds._base import AppKind
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import LoginView

EXIT_USAGE = 2
LANGUAGE_CODES = ("en", "ja", "zh_TW", "zh_CN", "ru")
EXIT_CANCELLED = 130  # the shell's convention for a program ended by SIGINT


def _epilog(parts: Iterable[AppKind]) -> str:
    """`--help`'s end: the console's keys, each kind's own among them (its app part's `console_keys`)."""
    keys = [("device list", "a number, Enter for the last used device, r for read-only entry")]
    keys += [key for part in parts for key in part.console_keys]
    keys += [
        ("typed responses", "spaces are ignored; r = read only"),
        ("Ctrl-C", "cancels the login at any prompt or wait (exit status 130)"),
    ]
    width = max(len(name) for name, _ in keys) + 2
    lines = "\n".join(f"  {name:<{width}}{what}" for name, what in keys)
    from trader_login.auth.client.unattended import ATTEMPT_LOG_NAME, EXIT_CODE_TABLE

    exit_codes = "\n".join(f"  {int(code):>3}  {code.outcome:<22}{what}" for code, what in EXIT_CODE_TABLE)
    attempt_log = f"{ATTEMPT_LOG_NAME}, the app's data folder"
    return f"""\
Without --gateway the login window starts the embedded demo gateway (demo users, password demo123).

devices on the terminal (no display needed; beside --console, in a second terminal):
  trader-login device KIND …   DSC+, IB Key (approve/deny, challenge), cards, SMS code, authenticator,
                               security key; trader-login device --help

console keys (--console):
{lines}

After a successful login the console prints the session (accounts, device, withdrawal limits,
restrictions, expiry, the last login and the failed attempts since), logs out and exits 0.

unattended (console and window):
  --existing-session ask|take-over|keep-other|exit    the user name is logged in elsewhere
  --on-second-factor-timeout ask|exit|retry|fall-back the notification expired / the key was not touched
                                                      (retry: a new notification, 3 times; fall-back: IB Key
                                                      challenge/response)
  --max-attempts N (1-9, default 5)  nothing is sent once N failed attempts stand for the user name on this
                                     gateway from this computer (kept 24 h in {attempt_log};
                                     a success clears them; the gateway's attempts left raise them).
                                     It stops unattended runs only (--max-attempts, --password-stdin,
                                     --json, --restart, a policy other than ask, the console's stdin
                                     not a terminal): a login by hand goes on to R3's 10
  --restart         restart without the second factor with this computer's restart key (made by
                    --grant-restart, or the window's "Restart without the second factor until ...")

exit status:
{exit_codes}

--json: one JSON object per line on stdout (everything for people goes to stderr), each
  {{"at": "<ISO 8601 UTC>", "event": "<name>", ...}}:
  started  version, user, mode, restart
  state    stage (credentials working choose_device second_factor existing_session done failed locked
           cancelled), challenge_kind, number (the push's two digits), seconds (the push's countdown)
  message  code, message_id, text, attempts_left (the gateway's count before the lock, when it says)
  restart  status (used refused granted), code (RESTART_EXPIRED, ..., RESTART_NO_KEY), text, cutoff_at
  session  user, mode, accounts, device_kind, read_only, expires_at, opened_by_restart, restart_grant,
           last_login, failures_since
  exit     code, outcome (session refused usage locked second_factor_timeout existing_session max_attempts
           unreachable certificate cancelled)
  Never a password, code, token or key.
"""


def build_parser(*, kind_options: bool = True) -> argparse.ArgumentParser:
    """The command line, with each device kind's own options (its app part's `add_options`). Loading the
    parts here makes a half-registered kind fail at start, loudly (`KindRegistryError`). Without
    `kind_options`, the window's own options only: no part loaded (see `parse`)."""
    parts: Iterable[AppKind] = ()
    if kind_options:
        from trader_login.app import kinds

        parts = kinds.load().values()
    parser = argparse.ArgumentParser(
        prog="trader-login",
        usage="%(prog)s [options]\n       %(prog)s device KIND …  (the devices on the terminal: "
        "%(prog)s device --help)",
        description="Trader Login: log in to the trading platform through the Secure Login System.",
        # The light parser's help is never shown (--help takes the whole one): no epilog, no imports for it.
        epilog=_epilog(parts) if kind_options else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--console", action="store_true", help="log in on the console instead of a window")
    parser.add_argument(
        "--gateway",
        metavar="URL",
        help="an SLS gateway (https://host:port); default: the embedded demo gateway",
    )
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument("--ca-cert", metavar="FILE", help="trust only this CA certificate (PEM) for --gateway")
    trust.add_argument(
        "--fingerprint", metavar="HEX", help="pin the gateway's certificate by its SHA-256 (64 hex digits)"
    )
    parser.add_argument("--user", metavar="NAME", help="the user name (otherwise asked)")
    parser.add_argument("--paper", action="store_true", help="paper trading (the paper user name)")
    parser.add_argument(
        "--lang",
        metavar="CODE",
        choices=LANGUAGE_CODES,
        help="the window's language: "
        + ", ".join(LANGUAGE_CODES)
        + " (default: the system's, then the last chosen)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="build the window offscreen, check the keychain, log dscuser in through the embedded gateway "
        "and the DSC+ emulator, exit 0 (smoke test for installers)",
    )
    _add_unattended_options(parser)
    for part in parts:
        part.add_options(parser)
    return parser


def _max_attempts(text: str) -> int:
    from trader_login.auth.client.unattended import parse_max_attempts

    try:
        return parse_max_attempts(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a whole number from 1 to 9 (R3 locks at 10)") from None


def _add_unattended_options(parser: argparse.ArgumentParser) -> None:
    """Issue 19's options, for the console and the window alike (the last two: the console's)."""
    group = parser.add_argument_group("unattended")
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from stdin (for scripts; no terminal needed)",
    )
    group.add_argument(
        "--json", action="store_true", help="one JSON event per line on stdout; text for people on stderr"
    )
    group.add_argument(
        "--existing-session",
        metavar="POLICY",
        choices=("ask", "take-over", "keep-other", "exit"),
        default="ask",
        help="when the user name is logged in elsewhere: ask (default), take-over, keep-other (exit 5), "
        "exit (exit 5)",
    )
    group.add_argument(
        "--on-second-factor-timeout",
        metavar="POLICY",
        choices=("ask", "exit", "retry", "fall-back"),
        default="ask",
        help="when the notification expires or the security key is not touched: ask (default), exit "
        "(exit 4), retry (a new notification, up to 3 times, then exit 4), fall-back (IB Key "
        "challenge/response)",
    )
    group.add_argument(
        "--max-attempts",
        metavar="N",
        type=_max_attempts,
        default=None,
        help="send nothing once N failed attempts (1-9, default 5) stand for the user name from here "
        "(exit 6); applies to unattended runs (this option, --password-stdin, --json, --restart, a policy "
        "other than ask, or the console's stdin not a terminal), never to a login by hand",
    )
    group.add_argument(
        "--restart",
        action="store_true",
        help="restart without the second factor with this computer's restart key for the user name",
    )
    group.add_argument(
        "--grant-restart",
        action="store_true",
        help="console: after a full login, allow this computer to restart without the second factor until "
        "the gateway's weekly cut-off",
    )
    group.add_argument(
        "--forget-device",
        action="store_true",
        help="console: the logout also ends this computer's restart grant and deletes its key",
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["device"]:  # the devices on the terminal: a command of its own, Qt-free
        from trader_login.app import device_command

        return device_command.main(arguments[1:])
    parser, args = parse(arguments)
    if (args.ca_cert or args.fingerprint) and not args.gateway:
        parser.error("--ca-cert and --fingerprint pin a gateway given with --gateway")
    if args.fingerprint:
        from trader_login.auth.client.transport import normalize_fingerprint

        try:
            normalize_fingerprint(args.fingerprint)
        except ValueError as error:
            parser.error(str(error))
    if args.self_test:
        from trader_login.app import self_test

        return self_test.run(args)
    if not args.console:
        console_only = [
            option
            for option, given in (
                ("--password-stdin", args.password_stdin),
                ("--grant-restart", args.grant_restart),
                ("--forget-device", args.forget_device),
            )
            if given
        ]
        if console_only:  # the window reads none of them: a script would wait on a window forever
            parser.error(f"{', '.join(console_only)}: console options (add --console)")
        from trader_login.app import gui

        return gui.run(args)
    return run_console(args, parser)


def parse(arguments: Sequence[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """The window's own options parse without the device kinds' app parts: the window uses none of them,
    and their registry would cost its first frame about 13 ms (docs/performance.md). Everything else (the
    console, the self-test, --help, a kind's own option) gets the whole command line, every part loaded
    and checked."""
    if not any(argument in ("-h", "--help") for argument in arguments):
        light = build_parser(kind_options=False)
        args, unknown = light.parse_known_args(arguments)
        if not (unknown or args.console or args.self_test):
            return light, args
    parser = build_parser()
    return parser, parser.parse_args(arguments)


def run_console(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """The console login: its exit status (`ExitCode`), the `exit` event last with --json."""
    from trader_login.auth.client.unattended import ExitCode, JsonEvents

    events = JsonEvents(sys.stdout) if args.json else None
    if events is not None:
        from trader_login import __version__ as version

        events.started(version, args.user, "paper" if args.paper else "live", bool(args.restart))
    code = ExitCode.USAGE
    try:
        code = ExitCode(_run_console(args, parser, events))
    finally:
        if events is not None:
            events.exit(code)
    return int(code)


def _run_console(args: argparse.Namespace, parser: argparse.ArgumentParser, events: Any) -> int:
    import signal

    from trader_login.app import console_login, embedded
    from trader_login.auth import texts
    from trader_login.auth.client.transport import GatewayClient
    from trader_login.auth.client.unattended import ExitCode, gateway_identity

    # With --json, stdout carries the events alone: everything for people goes to stderr.
    terminal = console_login.Terminal(stdout=sys.stderr if events is not None else None)
    terminal.password_stdin = bool(args.password_stdin)
    demo: embedded.EmbeddedGateway | None = None
    transport: GatewayClient | None = None
    flow: LoginFlow | None = None
    try:
        if args.gateway:
            try:
                transport = GatewayClient(args.gateway, fingerprint=args.fingerprint, ca_cert=args.ca_cert)
            except ValueError as error:
                parser.error(str(error))
            identity = gateway_identity(args.gateway, args.fingerprint)
        else:
            demo = embedded.EmbeddedGateway()
            terminal.say("Starting the demo gateway…")
            try:
                demo.start()
            except (OSError, RuntimeError) as error:
                why = f"{type(error).__name__}: {error}"
                terminal.say(texts.message(texts.GATEWAY_NOT_STARTED, why=why).english)
                demo = None
                return ExitCode.UNREACHABLE
            terminal.say(embedded.demo_notice())
            terminal.say(f"Emulator device files: {demo.device_dir}")
            transport = GatewayClient(demo.url, fingerprint=demo.fingerprint)
            identity = gateway_identity(demo.url, demo.fingerprint)
            # The demo users' virtual security keys (app/kinds/passkey.py), sealed with the keychain where
            # there is a system one.
            from trader_login.app.keychain import Keychain
            from trader_login.app.virtual_keys import VirtualKeys

            args.passkey_shelf = VirtualKeys(demo.device_dir, keychain=Keychain(), notice=terminal.say)
        if getattr(args, "security_key", None) is not None and demo is None:
            from trader_login.app.keychain import Keychain
            from trader_login.app.virtual_keys import VirtualKeys

            args.passkey_files = VirtualKeys(None, keychain=Keychain(), notice=terminal.say)
        unattended = console_unattended(args, terminal, events)
        flow = unattended.flow(transport, identity, on_change=_progress(terminal, events))
        return console_login.log_in(
            flow,
            terminal,
            username=args.user,
            mode="paper" if args.paper else "live",
            options=args,
            unattended=unattended,
        )
    except KeyboardInterrupt:
        # A second Ctrl-C must not cut the clean-up short: the gateway should hear of the cancel.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if flow is not None:
            flow.cancel()
            flow.abandon()
        terminal.say()
        terminal.say("Cancelled.")
        return EXIT_CANCELLED
    except EOFError:
        if flow is not None:
            flow.cancel()
            flow.abandon()
        terminal.say()
        terminal.say("Cancelled: the input ended.")
        return EXIT_CANCELLED  # a prompt nobody can answer (a script's stdin ended): as Ctrl-C
    finally:
        if transport is not None:
            transport.close()
        if demo is not None:
            demo.stop()


def policies_of(args: argparse.Namespace) -> Any:
    """The command line's unattended policies (`auth.client.unattended.Policies`)."""
    from trader_login.auth.client.unattended import DEFAULT_MAX_ATTEMPTS, Policies

    return Policies(
        existing_session=getattr(args, "existing_session", None) or "ask",
        on_second_factor_timeout=getattr(args, "on_second_factor_timeout", None) or "ask",
        max_attempts=getattr(args, "max_attempts", None) or DEFAULT_MAX_ATTEMPTS,
    )


def is_unattended(args: argparse.Namespace, *, stdin_is_terminal: bool = True) -> bool:
    """A run no person may be typing into: --max-attempts given, --password-stdin, --json, --restart, a
    policy other than ask, or (the console) a stdin that is not a terminal. Only such a run is stopped by
    the attempt log (--max-attempts N, default 5); a login by hand keeps R3's own 10 with the attempts-left
    warning (the log is kept all the same)."""
    return bool(
        getattr(args, "max_attempts", None) is not None
        or getattr(args, "password_stdin", False)
        or getattr(args, "json", False)
        or getattr(args, "restart", False)
        or (getattr(args, "existing_session", None) or "ask") != "ask"
        or (getattr(args, "on_second_factor_timeout", None) or "ask") != "ask"
        or not stdin_is_terminal
    )


def unattended_of(
    args: argparse.Namespace,
    events: Any = None,
    notice: Callable[[str], None] | None = None,
    *,
    stdin_is_terminal: bool = True,
) -> Any:
    """`auth.client.unattended.Unattended` for the command line: the policies, --restart, the attempt log in
    the app's data directory (it stops a login only when `is_unattended`), the restart keys in the keychain
    (`app.restart_keys`), the --json events. `notice` hears the keychain's once-only fallback notice (on the
    worker that first uses the keys)."""
    from trader_login.app import embedded
    from trader_login.auth.client.unattended import ATTEMPT_LOG_NAME, AttemptLog, Unattended

    def restart_keys(identity: str) -> Any:
        from trader_login.app.keychain import Keychain
        from trader_login.app.restart_keys import RestartKeys

        keys = RestartKeys(Keychain(), identity)
        return _NoticedKeys(keys, notice) if notice is not None else keys

    return Unattended(
        policies_of(args),
        restart=bool(getattr(args, "restart", False)),
        attempt_log=AttemptLog(lambda: embedded.app_data_dir() / ATTEMPT_LOG_NAME),
        restart_keys=restart_keys,
        events=events,
        stops_at_max_attempts=is_unattended(args, stdin_is_terminal=stdin_is_terminal),
    )


def console_unattended(args: argparse.Namespace, terminal: console_login.Terminal, events: Any) -> Any:
    return unattended_of(args, events, notice=terminal.say, stdin_is_terminal=_stdin_is_terminal())


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed or detached
        return False


class _NoticedKeys:
    """Restart keys that say the keychain's fallback notice (once per fallback file) at first use."""

    def __init__(self, keys: Any, notice: Callable[[str], None]) -> None:
        self._keys, self._notice, self._said = keys, notice, False

    def __getattr__(self, name: str) -> Any:
        if not self._said and name in ("key_for", "create", "remember", "forget"):
            self._said = True
            said = self._keys.fallback_notice()
            if said:
                self._notice(said)
        return getattr(self._keys, name)


def _progress(terminal: console_login.Terminal, events: Any = None) -> Callable[[LoginView], None]:
    """The flow's busy states as a line each ("Logging in…"), so a slow KDF or gateway is visible; every
    page as --json events."""

    from trader_login.auth.client.views import Stage

    def show(view: LoginView) -> None:
        if view.stage is Stage.WORKING and view.problem is not None:
            terminal.say(view.problem.english)
        if events is not None:
            events.view(view)

    return show


if __name__ == "__main__":
    sys.exit(main())
