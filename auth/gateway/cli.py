"""`sls-gateway`: serve the SLS gateway, and the Client Services desk's commands on its database (SPEC §7).

    sls-gateway serve [--host 127.0.0.1] [--port 0] [--workers N] [--demo]
                      [--idle-timeout S] [--header-timeout S] [--body-timeout S] [--max-connections N]
                      [--no-metrics] [--audit-log FILE|-|off] [--prune-every D] [--keep-logins D] ...
    sls-gateway secrets init PATH [--from-data-dir DIR]   (the secrets file several hosts share)
    sls-gateway user add NAME [--paper] [--password-stdin]
    sls-gateway user password NAME [--password-stdin]   (a new password; the name's restart grants end)
    sls-gateway restart-grant list [NAME] | restart-grant revoke NAME [ID]   (restarts without the second
                      factor until the weekly cut-off: issue 19)
    sls-gateway device add NAME KIND [--replacement] [--export FILE] [the kind's options: --pin-stdin |
                      --pin PIN for dscplus, --phone E164 for sms, --label NAME --valid-for D | --virtual
                      for passkey, …]
    sls-gateway device list NAME | device name NAME ID LABEL | device remove NAME ID ...
    sls-gateway status NAME ...
    sls-gateway audit NAME [--limit N] [--since AGE] [--json]   (the audit trail, newest first)
    sls-gateway prune                                            (retention's deletes, now)
    sls-gateway db current | db upgrade   (the database's schema revision; upgrade it in place)
    (every command but `secrets init`: --config FILE, --db URL, --db-password-file FILE, --data-dir DIR,
    --secrets-file FILE; each also from SLS_<NAME> and the config file: config.py)

Refusals (an unknown user, a bad PIN, a temporary passcode twice in a row) print the desk's message on
stderr and exit 2 with nothing changed. Passwords and PINs are never command-line arguments but for the
DSC+ `--pin` the spec asks for; `--pin-stdin` keeps it out of the process list.
"""

from __future__ import annotations

import argparse
import getpass
import io
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from trader_login.auth import moments
from trader_login.auth.devices import files
from trader_login.auth.gateway import audit, cardprint, config, kinds, retention
from trader_login.auth.gateway.admin import desk_kinds
from trader_login.auth.gateway.config import ConfigError, Settings, mask_url
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import DATABASE_NAME, Gateway, default_data_dir
from trader_login.auth.gateway.kinds._part import EnrolmentError
from trader_login.auth.gateway.secrets_file import init_secrets_file
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import StoreError
from trader_login.auth.gateway.vault import VaultError

EXIT_REFUSED = 2
_log = logging.getLogger("trader_login.auth.gateway.server")  # its lines, as before
# Files a serving process holds besides its clients' connections (database connections, the listening
# socket, the data files, the event loop's own): a margin, not a count.
OTHER_OPEN_FILES = 100
Handler = Callable[[Gateway, argparse.Namespace, TextIO], int]


class UsageError(Exception):
    """Bad input found before anything was changed; the message says what to fix."""


# --- the parser ------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    config.add_arguments(common, serve_only=False)
    parser = argparse.ArgumentParser(
        prog="sls-gateway", description="The Trader Login SLS gateway and its Client Services desk."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str, into: Any = commands) -> argparse.ArgumentParser:
        sub = into.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    serve = command("serve", _serve, "serve the gateway over HTTPS until Ctrl+C or SIGTERM")
    config.add_arguments(serve, serve_only=True)

    secrets = commands.add_parser("secrets", help="the secrets file several hosts share").add_subparsers(
        dest="action", required=True
    )
    init_text = "make a new secrets file (mode 0600; never overwrites one)"
    init = secrets.add_parser("init", help=init_text, description=init_text)
    init.add_argument("path", type=Path, metavar="PATH")
    init.add_argument(
        "--from-data-dir",
        type=Path,
        metavar="DIR",
        help="take the keys and certificate of this data directory (a gateway moving to several hosts)",
    )
    init.set_defaults(handler=_secrets_init)

    user = commands.add_parser("user", help="user names").add_subparsers(dest="action", required=True)
    add_user = command("add", _user_add, "add a user name (password asked, or one line on stdin)", user)
    add_user.add_argument("name")
    add_user.add_argument("--paper", action="store_true", help="a paper trading user name")
    add_user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    set_password = command(
        "password",
        _user_password,
        "set a user name's password (asked twice, or one line on stdin); its restart grants end",
        user,
    )
    set_password.add_argument("name")
    set_password.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    grant = commands.add_parser(
        "restart-grant", help="restart grants: restarts without the second factor until the weekly cut-off"
    ).add_subparsers(dest="action", required=True)
    command(
        "list", _restart_grant_list, "list the restart grants kept (of one user name, or all)", grant
    ).add_argument("name", nargs="?")
    revoke = command(
        "revoke", _restart_grant_revoke, "revoke a user name's active restart grants (or the one ID)", grant
    )
    revoke.add_argument("name")
    revoke.add_argument("id", nargs="?")

    device = commands.add_parser("device", help="second-factor devices").add_subparsers(
        dest="action", required=True
    )
    add_device = command("add", _device_add, "enrol a device", device)
    add_device.add_argument("name")
    add_device.add_argument("kind", choices=desk_kinds())
    add_device.add_argument("--replacement", action="store_true", help="ship inactive; activates in 3 weeks")
    add_device.add_argument("--export", type=Path, metavar="FILE", help="save the emulator's device file")
    # Each kind's own options (`--pin`, `--phone`, …), from its gateway part; `_device_add` refuses one
    # given with another kind.
    add_device.set_defaults(
        kind_options={
            name: part.add_arguments(add_device.add_argument_group(f"{name}: {part.kind.label}"))
            for name, part in kinds.load().items()
            if name in desk_kinds()
        }
    )
    command("list", _device_list, "list a user's devices", device).add_argument("name")
    name_device = command(
        "name", _device_name, "name a user's device (a security key: 'blue YubiKey')", device
    )
    name_device.add_argument("name")
    name_device.add_argument("id")
    name_device.add_argument("label", metavar="LABEL", help="at most 64 characters; '' removes the name")
    for action, handler, text in (
        ("remove", _device_remove, "unlink a device from a user name"),
        ("lost", _device_lost, "report a device lost (it stops working at once)"),
        ("reactivate", _device_reactivate, "reactivate a device (ends temporary passcode and online card)"),
    ):
        sub = command(action, handler, text, device)
        sub.add_argument("name")
        sub.add_argument("id")

    command("temp-passcode", _temp_passcode, "issue a temporary passcode and print it").add_argument("name")
    online = command("online-card", _online_card, "issue an Online Security Code Card and print it")
    online.add_argument("name")
    output = online.add_mutually_exclusive_group()
    output.add_argument("--png", type=Path, metavar="FILE", help="write the card as a PNG image")
    output.add_argument("--pdf", type=Path, metavar="FILE", help="write the card as a PDF page")
    command("unlock", _unlock, "unlock a user name and clear its failures").add_argument("name")
    command("status", _status, "failures, lock, restrictions and sessions of a user name").add_argument(
        "name"
    )
    share = command("share-device", _share_device, "share a device with another user name (R14)")
    share.add_argument("from_user", metavar="FROM")
    share.add_argument("to_user", metavar="TO")
    share.add_argument("id")
    share.add_argument("--review", action="store_true", help="compliance review: the share stays pending")
    allow = command("ip-allow", _ip_allow, "platform logins only from these addresses (none: any)")
    allow.add_argument("name")
    allow.add_argument("addresses", nargs="*", metavar="ADDR")
    opt_out = command("opt-out", _opt_out, "opt a user name out of the Secure Login System")
    opt_out.add_argument("name")
    opt_out.add_argument("--portal-only", action="store_true", help="keep two-factor login for the portal")
    command("opt-in", _opt_in, "opt a user name back in").add_argument("name")
    link = command("link-accounts", _link_accounts, "the accounts a user name reaches, in order")
    link.add_argument("name")
    link.add_argument("accounts", nargs="+", metavar="ACCOUNT=TITLE")
    command("outbox", _outbox, "the SMS and voice messages sent").add_argument("--phone", metavar="E164")
    command("demo", _demo, "seed the demo users")
    audit.add_arguments(
        command("audit", audit.audit_command, "a user name's recent security events, newest first")
    )
    command("prune", retention.prune_command, "delete now what the retention ages no longer keep")

    # The database's schema (auth/gateway/migrations): these open no Gateway (opening one upgrades).
    database = commands.add_parser("db", help="the database's schema revision").add_subparsers(
        dest="action", required=True
    )
    command(
        "current",
        _db_current,
        "print the schema's revision and whether it is the newest (changes nothing)",
        database,
    )
    command(
        "upgrade",
        _db_upgrade,
        "upgrade the schema to this release's newest revision (back up first)",
        database,
    )
    return parser


def main(
    argv: list[str] | None = None,
    *,
    language: str | None = None,
    zone: tzinfo | None = None,
    clock: Callable[[], float] = time.time,
) -> int:
    """`sls-gateway ARGS`. Moments are shown in `language` (default: the terminal's, LC_ALL / LC_TIME /
    LANG) and `zone` (default: this machine's), by `trader_login.auth.moments.show`. `clock`: the gateway's
    (tests inject one)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage and the problem
        return exit_.code if isinstance(exit_.code, int) else EXIT_REFUSED
    args.moment_language, args.moment_zone = language, zone
    if args.handler is _secrets_init:
        return _secrets_init(args, sys.stdout)
    if args.handler is _serve:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
        )
        # `url:` and `sha256:` come first (README, docs/protocol.md), on a terminal too, where stderr
        # shows between stdout's lines: uvicorn's "Started server process" (INFO, logged while the
        # server starts, before the URL is printed) says nothing those lines do not. Its warnings stay.
        logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
        quiet_libraries()
    try:
        args.settings = settings = config.resolve(args, os.environ, serve=args.handler is _serve)
    except ConfigError as error:
        return _refuse(str(error))
    if settings.db_password_on_command_line:
        print(
            "sls-gateway: warning: the database password in --db is visible to every local user in the "
            "process list (ps); give it with PGPASSWORD, ~/.pgpass or --db-password-file instead",
            file=sys.stderr,
        )
    if args.handler in (_db_current, _db_upgrade):
        return _database_command(args, settings)
    try:
        gateway = Gateway.open(
            settings.data_dir,
            db_url=settings.db,
            db_password=settings.db_password,
            secrets_file=settings.secrets_file,
            config=GatewayConfig(
                retention=settings.retention,
                passkey_rp_id=settings.passkey_rp_id,
                passkey_origin=settings.passkey_origin,
                restart_cutoff=settings.restart_cutoff,
                restart_grants=settings.restart_grants,
                push_number_matching=settings.push_number_matching,
            ),
            audit_log=settings.audit_log,
            clock=clock,
        )
    except (VaultError, OSError, StoreError) as error:
        return _refuse(str(error))
    except GatewayError as error:  # the database is unreachable or busy: the store says so, retry_after
        return _refuse(f"cannot open the database: {error.message.english}")
    except (SQLAlchemyError, ImportError):
        # The URL is not repeated: it may hold a database password. ImportError: no driver installed.
        return _refuse("cannot open the database given with --db (is the URL right, its driver installed?)")
    try:
        return args.handler(gateway, args, sys.stdout)
    except GatewayError as error:  # the desk's refusals (AdminError) and the store's
        return _refuse(error.message.english)
    except UsageError as error:
        return _refuse(str(error))
    except files.DeviceFileError as error:
        return _refuse(str(error))
    finally:
        gateway.close()


# --- db -------------------------------------------------------------------------------------------------


def _database_command(args: argparse.Namespace, settings: Settings) -> int:
    """`db current` and `db upgrade`: on the database a gateway with these settings would open (--db, or
    the data directory's SQLite file), without opening a gateway (which would upgrade it)."""
    from trader_login.auth.gateway import migrations

    data_dir = settings.data_dir or default_data_dir()
    url = make_url(settings.db or f"sqlite:///{data_dir / DATABASE_NAME}")
    if settings.db_password is not None:
        url = url.set(password=settings.db_password)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        return _refuse(f"no database at {url.database} (a gateway makes it when it first starts)")
    try:
        engine = migrations.open_engine(url)
    except StoreError as error:
        return _refuse(str(error))
    except (SQLAlchemyError, ImportError):
        return _refuse("cannot open the database given with --db (is the URL right, its driver installed?)")
    try:
        print(f"database: {mask_url(url)}", file=sys.stdout)
        return args.handler(engine, sys.stdout)
    except StoreError as error:  # a schema newer than this release, or not one it knows
        return _refuse(str(error))
    except SQLAlchemyError as error:
        # Not the driver's text: it may quote a statement's values. The kind of failure only.
        return _refuse(
            f"the database failed ({type(getattr(error, 'orig', None) or error).__name__}); nothing changed"
        )
    finally:
        engine.dispose()


def _db_current(engine: Engine, out: TextIO) -> int:
    from trader_login.auth.gateway import migrations

    state = migrations.current(engine)
    print(f"revision: {state.describe()}", file=out)
    print(f"head: {state.head}", file=out)
    print(f"at head: {'yes' if state.at_head else 'no'}", file=out)
    return 0


def _db_upgrade(engine: Engine, out: TextIO) -> int:
    from trader_login.auth.gateway import migrations

    done = migrations.upgrade(engine)
    if done.created:
        before = "none (a new database)"
    elif done.stamped:
        before = f"none (release 0.5.0's tables, stamped {migrations.RELEASE_0_5_0})"
    else:
        before = str(done.before)
    ran = f" (ran {', '.join(done.applied)})" if done.applied else ""
    if not done.changed:
        ran = " (already at head: nothing to do)"
    elif done.created:
        ran = " (tables made)"
    print(f"upgraded: {before} -> {done.after}{ran}", file=out)
    return 0


def _refuse(message: str) -> int:
    print(f"sls-gateway: {message}", file=sys.stderr)
    return EXIT_REFUSED


# --- serve -----------------------------------------------------------------------------------------------


def _secrets_init(args: argparse.Namespace, out: TextIO) -> int:
    try:
        fingerprint = init_secrets_file(args.path, from_data_dir=args.from_data_dir)
    except VaultError as error:
        return _refuse(str(error))
    print(f"secrets file: {args.path}", file=out)
    print(f"sha256: {fingerprint}", file=out)
    return 0


def _serve(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    from trader_login.auth.gateway import workers
    from trader_login.auth.gateway.server import (
        GatewayServer,
        is_loopback,
    )  # uvicorn and FastAPI only when serving

    settings: Settings = args.settings
    if settings.demo:
        gateway.seed_demo()
    if not is_loopback(settings.host):
        print(f"sls-gateway: warning: listening on {settings.host}, beyond this machine", file=sys.stderr)
    rp_warning = passkey_rp_warning(
        settings.host, settings.passkey_rp_id, loopback=is_loopback(settings.host)
    )
    if rp_warning is not None:
        _log.warning("%s", rp_warning)  # a start line on standard error, and the log's warning
    warning = open_file_warning(settings.max_connections, _open_file_limit())
    if warning is not None:
        print(warning, file=sys.stderr)
    if settings.workers > 1:
        return workers.serve(gateway, settings, out)
    # The handlers only append: one that took a lock (Event.set does) would deadlock when the signal
    # lands while this thread holds that lock, inside Event.wait.
    stopping: list[int] = []
    signals = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGBREAK] if hasattr(signal, "SIGBREAK") else [])
    if threading.current_thread() is not threading.main_thread():
        signals = []  # only the main thread may set handlers; a caller elsewhere stops us another way
    previous = {sig: signal.signal(sig, lambda number, _frame: stopping.append(number)) for sig in signals}
    try:
        server = GatewayServer(
            gateway,
            settings.host,
            settings.port,
            allow_remote=not is_loopback(settings.host),
            limits=settings.limits,
            metrics=not settings.no_metrics,
        )
        try:
            server.start()
        except OSError as error:
            return _refuse(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}")
        try:
            print(f"url: {server.url}", file=out)
            print(f"sha256: {server.fingerprint}", file=out)
            print(f"cert: {server.cert_path}", file=out, flush=True)
            audit.tell_start(gateway, settings)
            _log.info("SLS gateway listening on %s", server.url)
            while not stopping:
                time.sleep(0.25)
                if not server.running:
                    print("sls-gateway: the server stopped unexpectedly", file=sys.stderr)
                    return 1
        finally:
            server.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def quiet_libraries() -> None:
    """Each kind's libraries' loggers at the level its gateway part asks when serving
    (`GatewayKind.log_levels`: fido2's at WARNING, for the security key)."""
    for part in kinds.load().values():
        for name, level in part.log_levels().items():
            logging.getLogger(name).setLevel(level)


def passkey_rp_warning(host: str, rp_id: str, *, loopback: bool) -> str | None:
    """A warning when the gateway listens beyond this machine (`loopback` False) with the default relying
    party id `localhost`: a security key answers only for the rp id its client's origin is on, so traders on
    other hosts, who reach the gateway by its DNS name, could register or use no key."""
    if loopback or rp_id != config.DEFAULT_PASSKEY_RP_ID:
        return None
    return (
        f"sls-gateway: warning: listening on {host} with passkey_rp_id {rp_id}: security key (passkey) "
        f"logins from other hosts need --passkey-rp-id (and --passkey-origin) set to the gateway's DNS name"
    )


def open_file_warning(max_connections: int, open_file_limit: int | None) -> str | None:
    """A warning when a process may not open the files `max_connections` needs (each connection is one):
    connections past the limit would fail to be accepted rather than be refused cleanly."""
    if open_file_limit is None or max_connections + OTHER_OPEN_FILES <= open_file_limit:
        return None
    return (
        f"sls-gateway: warning: max_connections {max_connections} needs about "
        f"{max_connections + OTHER_OPEN_FILES} open files per process, above this process's limit of "
        f"{open_file_limit}; raise the limit (ulimit -n, systemd's LimitNOFILE=) or lower max_connections"
    )


def _open_file_limit() -> int | None:
    """This process's soft limit on open files (its workers inherit it); None if unlimited or unknown."""
    try:
        import resource  # POSIX only
    except ImportError:
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else soft


# --- users and devices -------------------------------------------------------------------------------


def _read_secret(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Again: ") != first:
        raise UsageError("the two entries differ; nothing was changed")
    return first


def _user_add(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    password = _read_secret(args.password_stdin, f"Password for {args.name}: ")
    gateway.desk.add_user(args.name, password, mode="paper" if args.paper else "live")
    print(f"added {'paper' if args.paper else 'live'} user {args.name}", file=out)
    return 0


def _user_password(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    if not gateway.desk.has_user(args.name):  # refused before asking for a password
        raise UsageError(f"no user name {args.name!r}; nothing was changed")
    password = _read_secret(args.password_stdin, f"New password for {args.name}: ")
    if not password:
        raise UsageError("the password must not be empty; nothing was changed")
    gateway.desk.set_password(args.name, password)
    print(f"password set for {args.name}; its restart grants ended", file=out)
    return 0


def _restart_grant_list(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    rows = gateway.desk.restart_grants(args.name)
    if not rows:
        print(f"{args.name} has no restart grants" if args.name else "no restart grants", file=out)
        return 0
    table = [("ID", "USER", "MODE", "LABEL", "STATUS", "CREATED", "CUT-OFF", "LAST-USED", "ENDED", "REASON")]
    for row in rows:
        table.append(
            (
                row["id"],
                row["username"],
                row["mode"],
                row["label"] or "",
                row["status"],
                _when(row["created_at"], args),
                _when(row["cutoff_at"], args),
                _when(row["last_used_at"], args) if row["last_used_at"] is not None else "-",
                _when(row["ended_at"], args) if row["ended_at"] is not None else "-",
                row["end_reason"] or "-",
            )
        )
    _print_table(table, out)
    return 0


def _restart_grant_revoke(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    revoked = gateway.desk.revoke_restart_grants(args.name, args.id)
    if not revoked:
        print(f"{args.name} has no active restart grant", file=out)
    for grant_id in revoked:
        print(f"revoked {grant_id} of {args.name}", file=out)
    return 0


def _print_table(table: list[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip(), file=out
        )


def _device_add(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    for name, actions in args.kind_options.items():
        if name == args.kind:
            continue
        for action in actions:
            if getattr(args, action.dest) != action.default:
                raise UsageError(f"{action.option_strings[-1]} is only for {name} devices")
    if args.export is not None and not args.export.parent.is_dir():
        raise UsageError(f"cannot export to {args.export}: no such directory")
    part = gateway.desk.parts[args.kind]
    try:
        options = part.desk_options(args, lambda: _read_secret(True, ""))
    except EnrolmentError as error:
        raise UsageError(str(error)) from None
    enrolment = gateway.desk.enrol(args.name, args.kind, replacement=args.replacement, **options)
    if args.export is not None:
        try:
            files.save(enrolment.device, args.export)
        except OSError as error:
            gateway.desk.remove_device(args.name, enrolment.device_id)
            raise UsageError(
                f"cannot write {args.export}: {error.strerror}; the device was not added"
            ) from None
    shown = io.StringIO()
    try:
        part.enrolled(enrolment, args, shown)  # the kind's own lines and files (an enrolment URI, a QR code)
    except (EnrolmentError, OSError) as error:
        gateway.desk.remove_device(args.name, enrolment.device_id)
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UsageError(f"{why}; the device was not added") from None
    print(f"added {args.kind} {enrolment.device_id} for {args.name}", file=out)
    if args.export is not None:
        print(f"device file: {args.export}", file=out)
    out.write(shown.getvalue())
    return 0


def _device_list(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    rows = gateway.desk.list_devices(args.name)
    if not rows:
        print(f"{args.name} has no devices", file=out)
        return 0
    table = [("ID", "KIND", "STATUS", "LINK", "NAME", "PHONE", "NOTE")]
    parts = kinds.load()
    for row in rows:
        note = _device_note(row, parts.get(row["kind"]), args)
        table.append(
            (row["id"], row["kind"], row["status"], row["link"], row["label"] or "", row["phone"] or "", note)
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip(), file=out
        )
    return 0


def _device_note(row: dict[str, Any], part: kinds.GatewayKind | None, args: argparse.Namespace) -> str:
    """`device list`'s NOTE: the kind's own (`GatewayKind.desk_note`), else the desk's."""
    note = part.desk_note(row, lambda moment: _when(moment, args)) if part is not None else None
    if note is not None:
        return note
    if row["auto_activate_at"] and row["status"] == "pending":
        return f"activates {_when(row['auto_activate_at'], args)}"
    if row["expires_at"]:
        return f"expires {_when(row['expires_at'], args)}"
    if row["activated_at"]:
        return f"active since {_when(row['activated_at'], args)}"
    return ""


def _device_name(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.name_device(args.name, args.id, args.label)
    shown = args.label.strip()
    print(
        f"{args.id} of {args.name} is named {shown!r}" if shown else f"{args.id} of {args.name} has no name",
        file=out,
    )
    return 0


def _device_remove(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.remove_device(args.name, args.id)
    print(f"removed {args.id} from {args.name}", file=out)
    return 0


def _device_lost(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.report_lost(args.name, args.id)
    print(f"{args.id} reported lost; a temporary passcode can be issued with temp-passcode", file=out)
    return 0


def _device_reactivate(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.reactivate_device(args.name, args.id)
    print(f"{args.id} is active again for {args.name}", file=out)
    return 0


def _temp_passcode(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    print(gateway.desk.issue_temp_passcode(args.name), file=out)
    return 0


def _online_card(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    for path in (args.png, args.pdf):
        if path is not None and not path.parent.is_dir():
            raise UsageError(f"cannot write {path}: no such directory")
    card = gateway.desk.issue_online_card(args.name)
    if args.png is None and args.pdf is None:
        out.write(cardprint.card_text(card))
        return 0
    path, data = (args.png, cardprint.card_png(card)) if args.png else (args.pdf, cardprint.card_pdf(card))
    try:
        path.write_bytes(data)
    except OSError as error:
        gateway.desk.remove_device(args.name, card.serial)
        raise UsageError(f"cannot write {path}: {error.strerror}; no card was issued") from None
    print(f"Online Security Code Card {card.serial} for {args.name}: {path}", file=out)
    return 0


# --- locks, restrictions, accounts, outbox ---------------------------------------------------------------


def _unlock(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.unlock(args.name)
    print(f"{args.name} is unlocked", file=out)
    return 0


def _status(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    status = gateway.desk.status(args.name)
    passcode = status["temp_passcode"]
    if passcode is None:
        passcode_text = "none"
    elif passcode["ended_at"] is not None:
        passcode_text = (
            f"issued {_when(passcode['issued_at'], args)}, ended {_when(passcode['ended_at'], args)}"
        )
    else:
        passcode_text = f"issued {_when(passcode['issued_at'], args)}, in use"
    lines = [
        ("user name", args.name),
        ("exists", "yes" if status["exists"] else "no (failures still count against the name)"),
        ("mode", status["mode"] or "-"),
        ("failures", f"{status['failures']} in the last 24 hours"),
        ("locked until", _when(status["locked_until"], args) if status["locked_until"] else "not locked"),
        ("SLS opt-out", {"full": "yes", "portal": "platform only", "none": "no"}.get(status["opt_out"], "-")),
        ("IP restriction", ", ".join(status["ip_allow"]) or "none"),
        ("temporary passcode", passcode_text),
        ("active sessions", str(status["sessions"])),
        (
            "restart grants",
            "; ".join(
                f"{g['mode']} {g['label'] or g['id']} until {_when(g['cutoff_at'], args)}"
                for g in status["restart_grants"]
            )
            or "none",
        ),
    ]
    for label, value in lines:
        print(f"{label + ':':<20}{value}", file=out)
    return 0


def _share_device(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    outcome = gateway.desk.share_device(args.from_user, args.to_user, args.id, compliance_review=args.review)
    print(f"{args.id} shared with {args.to_user}: {outcome}", file=out)
    return 0


def _ip_allow(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.ip_allow(args.name, args.addresses)
    allowed = ", ".join(args.addresses) if args.addresses else "any address (restriction cleared)"
    print(f"{args.name} may log in from: {allowed}", file=out)
    return 0


def _opt_out(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.opt_out(args.name, portal_only=args.portal_only)
    print(f"{args.name} opted out of SLS{' for the platform only' if args.portal_only else ''}", file=out)
    return 0


def _opt_in(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    gateway.desk.opt_in(args.name)
    print(f"{args.name} uses the Secure Login System again", file=out)
    return 0


def _link_accounts(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    linked = []
    for item in args.accounts:
        account, separator, title = item.partition("=")
        if not separator or not account or not title or len(account) > 16 or len(title) > 128:
            raise UsageError(f"{item!r}: write ACCOUNT=TITLE, e.g. U1234567=Individual")
        linked.append((account, title))
    gateway.desk.link_accounts(args.name, linked)
    print(f"{args.name} reaches {', '.join(a for a, _ in linked)}", file=out)
    return 0


def _outbox(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    messages = gateway.desk.outbox(args.phone)
    if not messages:
        print("no messages sent", file=out)
    for message in messages:
        print(
            f"{_when(message['at'], args, seconds=True)}  {message['channel']:<5}  {message['phone']}  "
            f"{message['text']}",
            file=out,
        )
    return 0


def _demo(gateway: Gateway, args: argparse.Namespace, out: TextIO) -> int:
    created = gateway.seed_demo()
    print(f"created: {', '.join(created)}" if created else "the demo users already exist", file=out)
    print(f"device files: {gateway.device_dir}", file=out)
    return 0


def _when(stamp: float, args: argparse.Namespace, *, seconds: bool = False) -> str:
    """A moment at the desk: the one way (`moments.show`), in the terminal's language and this machine's
    zone unless `main` was given others."""
    language = getattr(args, "moment_language", None)
    return moments.show(stamp, language=language, zone=getattr(args, "moment_zone", None), seconds=seconds)
