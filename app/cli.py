"""`trader-login`: the command line, and the composition root of the console login.

    trader-login --console [--gateway URL] [--ca-cert FILE | --fingerprint HEX] [--user NAME] [--paper]

Without --gateway the embedded demo gateway starts in-process (`app.embedded`). Without --console the
desktop window would open; it is not built yet.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence

from app import console_login, embedded
from auth.client.flow import LoginFlow
from auth.client.transport import GatewayClient, normalize_fingerprint
from auth.client.views import LoginView, Stage

EXIT_USAGE = 2
EXIT_CANCELLED = 130  # the shell's convention for a program ended by SIGINT

_EPILOG = f"""\
console keys:
  device list        a number, Enter for the last used device, r for read-only entry
  IB Key push        the countdown runs while the login waits for the phone; {console_login.PUSH_KEYS}
  typed responses    spaces are ignored; r = read only; on the SMS page s / v = new code by SMS / voice
  Ctrl-C             cancels the login at any prompt or wait (exit status 130)

After a successful login the console prints the session (accounts, device, withdrawal limits,
restrictions, expiry), logs out and exits 0. A refused login exits 1 with the reason.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trader-login",
        description="Trader Login: log in to the trading platform through the Secure Login System.",
        epilog=_EPILOG,
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.console:
        print("The desktop window is not built yet: use trader-login --console to log in on the console.")
        return EXIT_USAGE
    if (args.ca_cert or args.fingerprint) and not args.gateway:
        parser.error("--ca-cert and --fingerprint pin a gateway given with --gateway")
    if args.fingerprint:
        try:
            normalize_fingerprint(args.fingerprint)
        except ValueError as error:
            parser.error(str(error))
    return run_console(args, parser)


def run_console(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
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
                terminal.say(f"Could not start the demo gateway: {type(error).__name__}: {error}")
                demo = None
                return 1
            terminal.say(embedded.demo_notice())
            terminal.say(f"Emulator device files: {demo.device_dir}")
            transport = GatewayClient(demo.url, fingerprint=demo.fingerprint)
        flow = LoginFlow(transport, on_change=_progress(terminal))
        return console_login.log_in(
            flow, terminal, username=args.user, mode="paper" if args.paper else "live"
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

    def show(view: LoginView) -> None:
        if view.stage is Stage.WORKING and view.message:
            terminal.say(view.message)

    return show


if __name__ == "__main__":
    sys.exit(main())
