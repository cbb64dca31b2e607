"""`trader-login`: the command line, and the composition root of the console login.

    trader-login [--gateway URL] [--ca-cert FILE | --fingerprint HEX] [--user NAME] [--paper] [--lang CODE]
    trader-login --self-test
    trader-login --console [--gateway URL] [--ca-cert FILE | --fingerprint HEX] [--user NAME] [--paper]
    trader-login device KIND …      the second-factor devices on the terminal (app/device_command.py)

Without --gateway the embedded demo gateway starts in-process (`app.embedded`). Without --console the
desktop window opens (`app.gui`). Imports are deferred so that the window's first paint waits for Qt
only, not for requests, keyring or the gateway stack.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

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
    return f"""\
Without --gateway the login window starts the embedded demo gateway (demo users, password demo123).

devices on the terminal (no display needed; beside --console, in a second terminal):
  trader-login device KIND …   DSC+, IB Key (approve/deny, challenge), cards, SMS code, authenticator,
                               security key; trader-login device --help

console keys (--console):
{lines}

After a successful login the console prints the session (accounts, device, withdrawal limits,
restrictions, expiry), logs out and exits 0. A refused login exits 1 with the reason.
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
        epilog=_epilog(parts),
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
    for part in parts:
        part.add_options(parser)
    return parser


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
    import signal

    from trader_login.app import console_login, embedded
    from trader_login.auth import texts
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.transport import GatewayClient

    terminal = console_login.Terminal()
    demo: embedded.EmbeddedGateway | None = None
    transport: GatewayClient | None = None
    flow: LoginFlow | None = None
    try:
        if args.gateway:
            try:
                transport = GatewayClient(args.gateway, fingerprint=args.fingerprint, ca_cert=args.ca_cert)
            except ValueError as error:
                parser.error(str(error))
        else:
            demo = embedded.EmbeddedGateway()
            terminal.say("Starting the demo gateway…")
            try:
                demo.start()
            except (OSError, RuntimeError) as error:
                why = f"{type(error).__name__}: {error}"
                terminal.say(texts.message(texts.GATEWAY_NOT_STARTED, why=why).english)
                demo = None
                return 1
            terminal.say(embedded.demo_notice())
            terminal.say(f"Emulator device files: {demo.device_dir}")
            transport = GatewayClient(demo.url, fingerprint=demo.fingerprint)
            # The demo users' virtual security keys (app/kinds/passkey.py), sealed with the keychain where
            # there is a system one.
            from trader_login.app.keychain import Keychain
            from trader_login.app.virtual_keys import VirtualKeys

            args.passkey_shelf = VirtualKeys(demo.device_dir, keychain=Keychain(), notice=terminal.say)
        if getattr(args, "security_key", None) is not None and demo is None:
            from trader_login.app.keychain import Keychain
            from trader_login.app.virtual_keys import VirtualKeys

            args.passkey_files = VirtualKeys(None, keychain=Keychain(), notice=terminal.say)
        flow = LoginFlow(transport, on_change=_progress(terminal))
        return console_login.log_in(
            flow, terminal, username=args.user, mode="paper" if args.paper else "live", options=args
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
        return 1
    finally:
        if transport is not None:
            transport.close()
        if demo is not None:
            demo.stop()


def _progress(terminal: console_login.Terminal) -> Callable[[LoginView], None]:
    """The flow's busy states as a line each ("Logging in…"), so a slow KDF or gateway is visible."""

    from trader_login.auth.client.views import Stage

    def show(view: LoginView) -> None:
        if view.stage is Stage.WORKING and view.problem is not None:
            terminal.say(view.problem.english)

    return show


if __name__ == "__main__":
    sys.exit(main())
