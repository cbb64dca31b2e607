"""`trader-login device KIND …`: the trader's second-factor devices on a terminal, for a machine without a
display (`make console` in one terminal, this in another).

    trader-login device list [--user NAME]
    trader-login device dscplus --user dscuser [CHALLENGE]       # PIN (not echoed), then the challenge
    trader-login device ibkey --user ibkeyuser [approve [N] [--number NN] | deny [N] | report [N] |
                                               challenge [DIGITS]]
    trader-login device card --user carduser 12 87
    trader-login device sms --user smsuser
    trader-login device totp --user totpuser

The device is a device file: `--file FILE` (what `sls-gateway device add … --export FILE` wrote), or the
shelf's `<user>-<kind>.json` for `--user NAME` (the embedded gateway's `devices/` folder, as the demo seed
leaves it, or `--device-dir DIR`). What each kind does is its app part's `terminal_device`
(`app/kinds/<kind>.py`); this module only finds the device and the gateway and runs it.

The gateway, needed by the IB Key's notifications and the SMS outbox only: without `--gateway`, the
embedded gateway's objects in the data directory (`--data-dir`, `$TRADER_LOGIN_DATA_DIR` or the user data
directory: the one `trader-login --console` in another terminal serves; several processes share its
database); with `--gateway URL` (and `--ca-cert` or `--fingerprint`), the phone's signed HTTPS requests.

Light on purpose: no Qt (it runs where PySide6's display libraries are missing), and the gateway stack is
imported only when a kind asks for it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from trader_login.app.kinds._base import DeviceCommandError, HeldDevice

if TYPE_CHECKING:
    from trader_login.app.kinds._base import AppKind
    from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest

PROG = "trader-login device"
EXIT_USAGE = 2
EXIT_CANCELLED = 130


class Console:
    """The terminal: prompts and results on stdout, secrets read without echo when stdin is a terminal
    (getpass), else read from stdin as a line (a pipe, a test)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout

    def __repr__(self) -> str:
        return "Console()"

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    def ask(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        if not _is_terminal(
            self.stdin
        ):  # nothing echoed the line's end: the next output on a line of its own
            self.stdout.write("\n")
        return line.rstrip("\r\n")

    def secret(self, prompt: str) -> str:
        if _is_terminal(self.stdin):
            return getpass.getpass(prompt)
        return self.ask(prompt)

    def confirm(self, question: str) -> bool:
        return self.ask(f"{question} [y/N]: ").strip().lower() in ("y", "yes")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- the gateway's phone side ---------------------------------------------------------------------------


class LocalGateway:
    """The embedded gateway's objects in a data directory (a second `Gateway` on its database, as another
    gateway process would open it): the IB Key's notifications and decisions, the phone's outbox.
    Opened on first use; never created or seeded here."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._gateway: Any = None

    def __repr__(self) -> str:
        return f"LocalGateway({str(self.data_dir)!r})"

    def _open(self) -> Any:
        if self._gateway is None:
            from trader_login.auth.gateway.gateway import DATABASE_NAME, Gateway

            if not (self.data_dir / DATABASE_NAME).is_file():
                raise DeviceCommandError(
                    f"No embedded gateway in {self.data_dir}: start trader-login --console (or the app) "
                    "once, or name a gateway with --gateway URL."
                )
            try:
                self._gateway = Gateway(self.data_dir)
            except Exception as error:  # a damaged or foreign directory: said, never a traceback
                raise DeviceCommandError(
                    f"The embedded gateway in {self.data_dir} could not be opened: {type(error).__name__}"
                ) from None
        return self._gateway

    def pending_pushes(self, app: IbKeyApp) -> list[PushRequest]:
        from trader_login.app.harness import push_request_of

        rows = self._refused(lambda: self._open().service.pending_pushes(app.device_id))
        return sorted((push_request_of(row) for row in rows), key=lambda push: push.created_at)

    def decide(self, app: IbKeyApp, push: PushRequest, decision: str, number: int | None = None) -> str:
        from trader_login.app.harness import ServicePhone

        # Signed with the device key, as the phone signs it; the service checks it as over HTTPS.
        return self._refused(lambda: ServicePhone(self._open().service).answer(app, push, decision, number))

    def outbox(self, number: str) -> list[dict[str, Any]]:
        return self._refused(lambda: self._open().desk.outbox(number))

    def _refused(self, step: Callable[[], Any]) -> Any:
        from trader_login.auth.gateway.errors import GatewayError

        try:
            return step()
        except GatewayError as error:
            raise DeviceCommandError(error.message.english) from None

    def close(self) -> None:
        if self._gateway is not None:
            self._gateway.close()
            self._gateway = None


class RemoteGateway:
    """A gateway elsewhere: the IB Key phone's signed HTTPS requests (`auth.client.device_link`); its
    outbox is its operator's, not reachable from here."""

    def __init__(self, url: str, *, fingerprint: str | None, ca_cert: str | None) -> None:
        self.url, self._fingerprint, self._ca_cert = url, fingerprint, ca_cert
        self._link: Any = None

    def __repr__(self) -> str:
        return f"RemoteGateway({self.url!r})"

    def _open(self) -> Any:
        if self._link is None:
            from trader_login.auth.client.device_link import PhoneLink

            try:
                self._link = PhoneLink(self.url, fingerprint=self._fingerprint, ca_cert=self._ca_cert)
            except ValueError as error:
                raise DeviceCommandError(str(error), EXIT_USAGE) from None
        return self._link

    def pending_pushes(self, app: IbKeyApp) -> list[PushRequest]:
        return self._refused(lambda: self._open().pending_pushes(app))

    def decide(self, app: IbKeyApp, push: PushRequest, decision: str, number: int | None = None) -> str:
        return self._refused(lambda: self._open().decide(app, push, decision, number=number))

    def outbox(self, number: str) -> list[dict[str, Any]]:
        raise DeviceCommandError(
            f"The texts and calls a gateway elsewhere ({self.url}) sends are not reachable from here: read "
            "the code on the phone. (A demo gateway's operator sees them with sls-gateway outbox --phone "
            "NUMBER --data-dir DIR on its host; without --gateway this command reads the embedded "
            "gateway's outbox.)"
        )

    def _refused(self, step: Callable[[], Any]) -> Any:
        from trader_login.auth.client.errors import ClientError

        try:
            return step()
        except ClientError as error:
            raise DeviceCommandError(error.message) from None

    def close(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None


# --- what a kind's device is given ----------------------------------------------------------------------


class Context:
    """`DeviceContext` (app/kinds/_base.py) for one run of the command."""

    def __init__(
        self,
        args: argparse.Namespace,
        console: Console,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.args = args
        self.console = console
        self._clock, self._wall_clock = clock, wall_clock
        self._gateway: LocalGateway | RemoteGateway | None = None

    def __repr__(self) -> str:
        return f"Context(kind={getattr(self.args, 'kind', None)!r})"

    # the device file

    def device(self, kinds: Sequence[str]) -> HeldDevice:
        from trader_login.auth.devices import files

        args = self.args
        if args.file is not None:
            path, user = Path(args.file), None
            where = str(path)
        else:
            user = args.user
            folder = device_dir(args)
            name = _shelf_name(user, kinds[0])
            path = folder / name
            where = f"{user}'s {kinds[0]} ({path})"
            if not path.is_file():
                raise DeviceCommandError(_no_shelf_file(folder, user, kinds[0]), EXIT_USAGE)
        try:
            model = files.load(path, clock=self._clock)
        except FileNotFoundError:
            raise DeviceCommandError(f"No such file: {path}", EXIT_USAGE) from None
        except IsADirectoryError:
            raise DeviceCommandError(f"{path} is a folder, not a device file.", EXIT_USAGE) from None
        except OSError as error:
            raise DeviceCommandError(
                f"Cannot read {path}: {error.strerror or type(error).__name__}", EXIT_USAGE
            ) from None
        except files.DeviceFileError as error:  # its text names the field, never a value
            raise DeviceCommandError(f"Not a device file we can use: {error}", EXIT_USAGE) from None
        if model.kind not in kinds:
            raise DeviceCommandError(
                f"{where} holds a device of kind {model.kind}, not {' or '.join(kinds)}: "
                f"trader-login device {model.kind} --file {path}",
                EXIT_USAGE,
            )
        return HeldDevice(model, path, user)

    def check_writable(self, held: HeldDevice, why: str) -> None:
        if not (os.access(held.path, os.W_OK) and os.access(held.path.parent, os.W_OK | os.X_OK)):
            raise DeviceCommandError(f"{held.path} cannot be written, and {why}: nothing was entered.")

    def save(self, held: HeldDevice) -> None:
        from trader_login.auth.devices import files

        try:
            files.save(held.model, held.path)
        except OSError as error:
            raise DeviceCommandError(
                f"The device's state could not be saved to {held.path}: {error.strerror or error}"
            ) from None

    # the gateway

    def _reach(self) -> LocalGateway | RemoteGateway:
        if self._gateway is None:
            args = self.args
            if args.gateway:
                self._gateway = RemoteGateway(
                    args.gateway, fingerprint=args.fingerprint, ca_cert=args.ca_cert
                )
            else:
                self._gateway = LocalGateway(gateway_dir(args))
        return self._gateway

    def phone_link(self) -> LocalGateway | RemoteGateway:
        return self._reach()

    def outbox(self, number: str) -> list[dict[str, Any]]:
        return self._reach().outbox(number)

    # clocks

    def clock(self) -> float:
        return self._clock()

    def wall_clock(self) -> float:
        return self._wall_clock()

    def moment(self, unix: float) -> str:
        from trader_login.auth import moments

        return moments.show(unix, seconds=True)

    def pause(self, seconds: float) -> None:
        time.sleep(seconds)

    def close(self) -> None:
        if self._gateway is not None:
            self._gateway.close()


def gateway_dir(args: argparse.Namespace) -> Path:
    """The embedded gateway's data directory: `--data-dir DIR`/gateway, else the app's (as
    `trader-login --console` uses it: `$TRADER_LOGIN_DATA_DIR` or the user data directory)."""
    from trader_login.app import embedded

    if args.data_dir is not None:
        return Path(args.data_dir).expanduser() / "gateway"
    return embedded.gateway_data_dir()


def device_dir(args: argparse.Namespace) -> Path:
    """The shelf: `--device-dir DIR`, else the embedded gateway's `devices/` (the demo seed's files)."""
    if args.device_dir is not None:
        return Path(args.device_dir).expanduser()
    return gateway_dir(args) / "devices"


def _shelf_name(user: str, kind: str) -> str:
    from trader_login.auth import rules
    from trader_login.auth.devices import files

    verdict = rules.check_username(user)
    if not verdict.ok:
        raise DeviceCommandError(f"--user {user!r}: {verdict.problem.english}", EXIT_USAGE)
    return files.shelf_file_name(user, kind)


def _shelf(folder: Path) -> list[tuple[str, str, Path]]:
    """(user, kind, path) of each device file in the folder, by name."""
    from trader_login.auth.devices import files

    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        named = files.parse_shelf_name(path.name)
        if named is not None:
            found.append((*named, path))
    return found


def _no_shelf_file(folder: Path, user: str, kind: str) -> str:
    if not folder.is_dir():
        return (
            f"No device files in {folder}: start trader-login --console (or the app) once to seed the demo "
            "users, or name the folder with --device-dir or a file with --file."
        )
    theirs = [each for who, each, _path in _shelf(folder) if who == user]
    if not theirs:
        return (
            f"No user {user!r} has device files in {folder} (trader-login device list shows whose are there)."
        )
    return (
        f"{user} has no {kind} in {folder}; their devices: {', '.join(theirs)} "
        f"(trader-login device {theirs[0]} --user {user})."
    )


# --- the command line -----------------------------------------------------------------------------------


def _common() -> argparse.ArgumentParser:
    """The options every kind takes: which device, and where the gateway is."""
    common = argparse.ArgumentParser(add_help=False)
    which = common.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--user", metavar="NAME", help="the user's device file on the shelf (<user>-<kind>.json)"
    )
    which.add_argument(
        "--file",
        metavar="FILE",
        help="a device file (sls-gateway device add … --export FILE, or the shelf's)",
    )
    _where(common)
    return common


def _where(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="trader-login's data directory: the embedded gateway in DIR/gateway, its device files in "
        "DIR/gateway/devices (default: $TRADER_LOGIN_DATA_DIR, else the user data directory, as "
        "trader-login --console uses it)",
    )
    parser.add_argument("--device-dir", metavar="DIR", help="the folder of <user>-<kind>.json device files")
    parser.add_argument(
        "--gateway",
        metavar="URL",
        help="a gateway elsewhere (https://host:port) for the IB Key's notifications; default: the embedded "
        "gateway in the data directory",
    )
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument("--ca-cert", metavar="FILE", help="trust only this CA certificate (PEM) for --gateway")
    trust.add_argument("--fingerprint", metavar="HEX", help="pin --gateway's certificate by its SHA-256")


def build_parser(parts: Sequence[AppKind] | None = None) -> argparse.ArgumentParser:
    """`trader-login device`: one sub-command per device kind, each its app part's `terminal_device`
    (a kind without one says so), and `list`."""
    if parts is None:
        from trader_login.app import kinds

        parts = list(kinds.load().values())
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Your second-factor devices on the terminal, for a machine without a display: run it in "
        "a second terminal beside trader-login --console (make console) and type what it shows.",
        epilog=_epilog(parts),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    listing = commands.add_parser(
        "list", help="the device files on the shelf (whose, which kind, serial or id)", description=None
    )
    listing.add_argument("--user", metavar="NAME", help="only this user's")
    _where(listing)
    common = _common()
    for part in parts:
        device = part.terminal_device
        if device is None:
            reason = f"{part.kind.label}: {part.no_terminal_device}"
            commands.add_parser(part.device, help=f"(none: {part.no_terminal_device})", description=reason)
            continue
        sub = commands.add_parser(
            part.device,
            parents=[common],
            help=device.summary,
            description=device.summary,
            epilog="examples:\n" + "\n".join(f"  {line}" for line in device.examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        device.add_arguments(sub)
    return parser


def _epilog(parts: Sequence[AppKind]) -> str:
    lines = [
        f"  {line.partition('  #')[0].rstrip()}"
        for part in parts
        if part.terminal_device
        for line in part.terminal_device.examples[:1]
    ]
    return (
        "examples (the demo users' devices, beside trader-login --console on this machine):\n"
        + "\n".join(["  trader-login device list", *lines])
        + "\n\nEach kind has its own --help (trader-login device dscplus --help). Exit status: 0 done, 1 "
        "refused (a wrong PIN, no notification waiting, not confirmed), 2 bad input (nothing changed), "
        "130 Ctrl-C.\n"
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] = time.time,
) -> int:
    """Runs `trader-login device …` (argv without `device`); the exit status. The streams and clocks are
    the process's unless given (tests)."""
    errors = stderr or sys.stderr
    import logging

    from trader_login.app import kinds

    # The devices' own log records (a DSC+ locking itself) are for a log, not this terminal: the command
    # says what happened itself. Without a handler, Python would print warnings to stderr.
    devices_log = logging.getLogger("trader_login.auth.devices")
    if not devices_log.handlers:
        devices_log.addHandler(logging.NullHandler())

    parts = kinds.load()
    parser = build_parser(list(parts.values()))
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a usage error (2), printed by argparse
        return int(stop.code or 0)
    console = Console(stdin, stdout)
    try:
        part = parts[args.kind] if args.kind != "list" else None
        return _run(args, part, console, errors, clock, wall_clock)
    except BrokenPipeError:
        # The reader went away (`trader-login device list | head`): nothing more to say, and nothing for
        # Python to complain about at exit while it flushes the dead pipe.
        if stdout is None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(
    args: argparse.Namespace,
    part: AppKind | None,
    console: Console,
    errors: TextIO,
    clock: Callable[[], float],
    wall_clock: Callable[[], float],
) -> int:
    if part is None:
        return _list(args, console, errors)
    if part.terminal_device is None:
        print(f"{PROG}: {part.kind.label}: {part.no_terminal_device}", file=errors, flush=True)
        return EXIT_USAGE
    if (args.ca_cert or args.fingerprint) and not args.gateway:
        print(f"{PROG}: --ca-cert and --fingerprint pin a gateway given with --gateway", file=errors)
        return EXIT_USAGE
    if args.gateway and args.user and args.device_dir is None:
        print(
            f"{PROG}: with --gateway, --user needs --device-dir DIR (the folder of the gateway's device "
            "files; sls-gateway serve --demo leaves them in its data directory's devices/), or --file FILE",
            file=errors,
        )
        return EXIT_USAGE
    context = Context(args, console, clock=clock, wall_clock=wall_clock)
    try:
        return part.terminal_device.run(context, args)
    except DeviceCommandError as error:
        console.stdout.flush()
        print(f"{PROG}: {error.message}", file=errors, flush=True)
        return error.status
    except EOFError:
        print(f"\n{PROG}: the input ended: nothing was entered.", file=errors, flush=True)
        return 1
    except KeyboardInterrupt:
        print(f"\n{PROG}: cancelled.", file=errors, flush=True)
        return EXIT_CANCELLED
    finally:
        context.close()


def _list(args: argparse.Namespace, console: Console, errors: TextIO) -> int:
    from trader_login.auth.devices import files

    folder = device_dir(args)
    found = [each for each in _shelf(folder) if args.user is None or each[0] == args.user]
    if not found:
        print(f"{PROG}: no device files{f' of {args.user}' if args.user else ''} in {folder}", file=errors)
        return 1
    console.say(f"Device files in {folder}:")
    for user, kind, path in found:
        try:
            ident = files.load(path).ident
        except (files.DeviceFileError, OSError):
            ident = "(damaged: left out)"
        console.say(f"  {user:<12} {kind:<12} {ident}")
    return 0
