"""`sls-gateway`'s settings, from the command line, the environment and a TOML file, in that precedence.

One table, OPTIONS, names each setting once: its flag (`--data-dir`), its environment variable
(`SLS_DATA_DIR`) and its key in the config file (`data_dir`). The config file is named by `--config FILE`
or `SLS_CONFIG`; relative paths in it are relative to the file. Bad configuration raises ConfigError, whose
message is one line fit for stderr.

The database password never needs the command line: libpq's own PGPASSWORD, ~/.pgpass and PGPASSFILE
apply when the URL carries none, or `db_password_file` names a file holding it (its trailing newline
stripped), which the gateway hands to the driver apart from the URL.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

from trader_login.auth.gateway.limits import (
    BODY_TIMEOUT,
    HEADER_TIMEOUT,
    IDLE_TIMEOUT,
    MAX_CONNECTIONS,
    ConnectionLimits,
)
from trader_login.auth.gateway.retention import RetentionPolicy
from trader_login.auth.gateway.store import has_password, shown_url
from trader_login.auth.restart import DEFAULT_CUTOFF, Cutoff

ENV_PREFIX = "SLS_"
DEFAULT_PASSKEY_RP_ID = "localhost"
CONFIG_ENV = "SLS_CONFIG"
MAX_WORKERS = 64


class ConfigError(Exception):
    """Configuration that cannot be used; the message (one line) says where and what to fix."""


def parse_port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 <= int(text) <= 65535:
        raise ValueError("a port is a number from 0 (any free port) to 65535")
    return int(text)


def parse_workers(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise ValueError(f"the number of worker processes is a number from 1 to {MAX_WORKERS}")
    return int(text)


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("write 1, true, yes, on or 0, false, no, off")


def parse_switch(text: str) -> bool:
    """A setting turned on or off (`--push-number-matching off`): on/off, or the words parse_bool takes."""
    try:
        return parse_bool(text)
    except ValueError:
        raise ValueError("write on or off") from None


def parse_cutoff(text: str) -> str:
    """The weekly cut-off of restart grants (issue 19): "<day> <HH:MM> <time zone>", written back in its
    one form ("Sun 01:00 America/New_York")."""
    return str(Cutoff.parse(text))


def parse_seconds(limit: str) -> Callable[[str], float]:
    """The parser of one of ConnectionLimits' time limits (`idle`, `header`, `body`): ConnectionLimits
    alone says which values are good, and why not."""

    def parse(text: str) -> float:
        try:
            value: Any = float(text) if text.isascii() else text
        except ValueError:
            value = text  # not a number: ConnectionLimits says so
        ConnectionLimits(**{limit: value})
        return value

    parse.__name__ = f"parse_{limit}_timeout"
    return parse


def parse_max_connections(text: str) -> int:
    value: Any = int(text) if text.isascii() and text.isdigit() else text
    ConnectionLimits(max_connections=value)  # its rules, its message
    return value


_DURATION_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
MAX_DURATION = 3650 * 86400.0  # ten years


def parse_duration(text: str) -> float:
    """Seconds, or a number with a unit: 90s, 15m, 12h, 30d."""
    value = text.strip().lower()
    unit = _DURATION_UNITS.get(value[-1:]) if value else None
    number = value[:-1] if unit is not None else value
    try:
        seconds = float(number) * (unit or 1.0) if number.isascii() else -1.0
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_DURATION:  # also refuses nan
        raise ValueError(
            "a duration is a number of seconds, or a number with s, m, h or d (90s, 15m, 12h, 30d)"
        )
    return seconds


def parse_audit_log(text: str) -> str:
    """Where the audit trail's JSON lines go: a file's path, "-" for standard output, or "off"."""
    value = text.strip()
    if not value:
        raise ValueError('name a file, "-" (standard output) or "off"')
    return "off" if value.lower() == "off" else value


def parse_text(text: str) -> str:
    if not text:
        raise ValueError("empty")
    return text


def parse_path(text: str) -> Path:
    return Path(parse_text(text)).expanduser()


_HOST_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_ORIGIN = re.compile(r"https://(?P<host>[^/:?#@\[\]]+)(:(?P<port>[0-9]{1,5}))?/?")


def parse_rp_id(text: str) -> str:
    """The WebAuthn relying party id of the gateway's passkeys: a host name (lower case), not an IP
    address (WebAuthn refuses those)."""
    value = text.strip()
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        pass
    else:
        raise ValueError(f"{value!r} is an IP address; a relying party id is a host name (localhost)")
    labels = value.split(".")
    if (
        not value
        or len(value) > 253
        or value != value.lower()
        or not all(_HOST_LABEL.fullmatch(label) for label in labels)
    ):
        raise ValueError(
            f"{value!r} is not a host name in lower case (letters, digits, hyphens, dots), e.g. "
            "localhost or sls.example.com"
        )
    return value


def parse_origin(text: str) -> str:
    """The one origin the gateway's passkeys accept in client data: https://HOST[:PORT]."""
    value = text.strip()
    match = _ORIGIN.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not an origin https://HOST[:PORT] (https, no path)")
    port = match["port"]
    if port is not None and not 1 <= int(port) <= 65535:
        raise ValueError(f"{value!r}: the port is a number from 1 to 65535")
    host = parse_rp_id(match["host"].lower())
    return f"https://{host}" + (f":{int(port)}" if port is not None else "")


def check_passkey_origin(origin: str | None, rp_id: str) -> None:
    """ValueError unless `origin`'s host is `rp_id` or a subdomain of it (WebAuthn's rule)."""
    if origin is None:
        return
    host = _ORIGIN.fullmatch(origin)["host"]  # type: ignore[index]  # parse_origin made it
    if host != rp_id and not host.endswith("." + rp_id):
        raise ValueError(
            f"passkey_origin {origin} is not on the relying party id {rp_id} (its host must be {rp_id} "
            f"or end with .{rp_id})"
        )


@dataclass(frozen=True)
class Option:
    name: str  # the config file's key; the flag is --name-with-dashes, the variable SLS_NAME
    parse: Callable[[str], Any]  # text (flag, variable) to value; ValueError says why not
    toml_type: type | tuple[type, ...]  # what the config file must hold (float: a TOML integer will do too)
    default: Any
    help: str
    serve_only: bool = False
    metavar: str | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


OPTIONS = (
    Option(
        "db",
        parse_text,
        str,
        None,
        "SQLAlchemy database URL (default: SQLite in the data directory)",
        metavar="URL",
    ),
    Option(
        "db_password_file",
        parse_path,
        str,
        None,
        "file holding the database password (default: the URL's, else PGPASSWORD, ~/.pgpass)",
        metavar="FILE",
    ),
    Option(
        "data_dir",
        parse_path,
        str,
        None,
        "data directory (default: the user's data directory)",
        metavar="DIR",
    ),
    Option(
        "secrets_file",
        parse_path,
        str,
        None,
        "the secrets file every gateway on the database shares (default: keys in the data directory)",
        metavar="FILE",
    ),
    Option(
        "host", parse_text, str, "127.0.0.1", "address to listen on (default: 127.0.0.1)", serve_only=True
    ),
    Option("port", parse_port, int, 0, "port (default: 0, any free port)", serve_only=True),
    Option(
        "workers",
        parse_workers,
        int,
        1,
        "worker processes serving the one socket (default: 1)",
        serve_only=True,
        metavar="N",
    ),
    Option(
        "idle_timeout",
        parse_seconds("idle"),
        float,
        IDLE_TIMEOUT,
        f"seconds a TLS connection may wait for a request: after the handshake, between keep-alive "
        f"requests (default: {IDLE_TIMEOUT:g})",
        serve_only=True,
        metavar="SECONDS",
    ),
    Option(
        "header_timeout",
        parse_seconds("header"),
        float,
        HEADER_TIMEOUT,
        f"seconds a client gets for the TLS handshake, and for a request's headers from their first "
        f"byte (default: {HEADER_TIMEOUT:g})",
        serve_only=True,
        metavar="SECONDS",
    ),
    Option(
        "body_timeout",
        parse_seconds("body"),
        float,
        BODY_TIMEOUT,
        f"seconds a client gets to send a request's body after its headers (default: {BODY_TIMEOUT:g})",
        serve_only=True,
        metavar="SECONDS",
    ),
    Option(
        "max_connections",
        parse_max_connections,
        int,
        MAX_CONNECTIONS,
        f"open TLS connections each worker process holds (--workers N: up to N times as many in all); "
        f"more are closed as they open (default: {MAX_CONNECTIONS})",
        serve_only=True,
        metavar="N",
    ),
    Option("demo", parse_bool, bool, False, "seed the demo users first", serve_only=True),
    Option(
        "audit_log",
        parse_audit_log,
        str,
        None,
        'where the audit trail\'s JSON lines go: a file, "-" (standard output) or "off" '
        "(default: audit.jsonl in the data directory); the desk's `audit` reads the database's copy",
        metavar="FILE",
    ),
    Option(
        "no_metrics",
        parse_bool,
        bool,
        False,
        "do not serve /metrics (Prometheus)",
        serve_only=True,
    ),
    Option(
        "passkey_rp_id",
        parse_rp_id,
        str,
        DEFAULT_PASSKEY_RP_ID,
        f"the WebAuthn relying party id of the gateway's security keys (passkeys): a host name, not an "
        f"IP address; a key registered for one id does not answer for another (default: "
        f"{DEFAULT_PASSKEY_RP_ID})",
        metavar="HOST",
    ),
    Option(
        "passkey_origin",
        parse_origin,
        str,
        None,
        "the one origin the security keys' client data must name, https://HOST[:PORT] on the relying "
        "party id (default: https://RP_ID on any port)",
        metavar="ORIGIN",
    ),
    Option(
        "push_number_matching",
        parse_switch,
        (str, bool),
        True,
        "IB Key number matching: the login page shows a two-digit number, the phone offers three and "
        "approves only with that one (default: on)",
        metavar="on|off",
    ),
    Option(
        "restart_cutoff",
        parse_cutoff,
        str,
        str(DEFAULT_CUTOFF),
        f"the weekly cut-off of restart grants (a restart without the second factor ends there; a "
        f"change applies to grants made after it): DAY HH:MM ZONE (default: {DEFAULT_CUTOFF})",
        metavar="CUTOFF",
    ),
    Option(
        "restart_grants",
        parse_switch,
        (str, bool),
        True,
        "restart grants: after a full login a computer may restart without the second factor until the "
        "weekly cut-off (default: on)",
        metavar="on|off",
    ),
    Option(
        "prune_every",
        parse_duration,
        (str, float),
        RetentionPolicy.every,
        f"how often expired rows are pruned; 0: never (run `sls-gateway prune` instead) "
        f"(default: {RetentionPolicy.every:g} s)",
        metavar="DURATION",
    ),
    Option(
        "keep_logins",
        parse_duration,
        (str, float),
        RetentionPolicy.logins,
        f"how long expired logins, notifications and rate-limit windows are kept (default: "
        f"{RetentionPolicy.logins:g} s)",
        metavar="DURATION",
    ),
    Option(
        "keep_outbox",
        parse_duration,
        (str, float),
        RetentionPolicy.outbox,
        f"how long the emulated phone network's texts and calls are kept "
        f"(default: {RetentionPolicy.outbox:g} s)",
        metavar="DURATION",
    ),
    Option(
        "keep_sessions",
        parse_duration,
        (str, float),
        RetentionPolicy.sessions,
        f"how long ended sessions are kept (default: {RetentionPolicy.sessions / 86400:g}d)",
        metavar="DURATION",
    ),
    Option(
        "keep_audit",
        parse_duration,
        (str, float),
        RetentionPolicy.audit,
        f"how long the database keeps audit events (default: {RetentionPolicy.audit / 86400:g}d)",
        metavar="DURATION",
    ),
)
PATH_OPTIONS = frozenset(o.name for o in OPTIONS if o.parse is parse_path)


@dataclass(frozen=True)
class Settings:
    db: str | None = None
    db_password_file: Path | None = None
    data_dir: Path | None = None
    secrets_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = 0
    workers: int = 1
    idle_timeout: float = IDLE_TIMEOUT
    header_timeout: float = HEADER_TIMEOUT
    body_timeout: float = BODY_TIMEOUT
    max_connections: int = MAX_CONNECTIONS
    demo: bool = False
    audit_log: str | None = None  # None: audit.jsonl in the data directory
    no_metrics: bool = False
    prune_every: float = RetentionPolicy.every
    keep_logins: float = RetentionPolicy.logins
    keep_outbox: float = RetentionPolicy.outbox
    keep_sessions: float = RetentionPolicy.sessions
    keep_audit: float = RetentionPolicy.audit
    passkey_rp_id: str = DEFAULT_PASSKEY_RP_ID
    passkey_origin: str | None = None  # None: https://<passkey_rp_id> on any port
    push_number_matching: bool = True
    restart_cutoff: str = str(DEFAULT_CUTOFF)
    restart_grants: bool = True
    config: Path | None = None
    db_password: str | None = None  # read from db_password_file; never printed
    db_password_on_command_line: bool = False  # --db held a password: `ps` shows it

    def __repr__(self) -> str:
        db = None if self.db is None else mask_url(self.db)
        return (
            f"Settings(db={db!r}, data_dir={self.data_dir!r}, secrets_file={self.secrets_file!r}, "
            f"host={self.host!r}, port={self.port}, workers={self.workers}, limits={self.limits}, "
            f"demo={self.demo}, audit_log={self.audit_log!r}, metrics={not self.no_metrics}, "
            f"retention={self.retention}, passkey_rp_id={self.passkey_rp_id!r}, "
            f"passkey_origin={self.passkey_origin!r}, push_number_matching={self.push_number_matching}, "
            f"restart_cutoff={self.restart_cutoff!r}, restart_grants={self.restart_grants})"
        )

    @property
    def retention(self) -> RetentionPolicy:
        return RetentionPolicy(
            every=self.prune_every,
            logins=self.keep_logins,
            outbox=self.keep_outbox,
            sessions=self.keep_sessions,
            audit=self.keep_audit,
        )

    @property
    def limits(self) -> ConnectionLimits:
        """The TLS connection limits each server process (each worker) applies."""
        return ConnectionLimits(
            idle=self.idle_timeout,
            header=self.header_timeout,
            body=self.body_timeout,
            max_connections=self.max_connections,
        )


def add_arguments(parser: argparse.ArgumentParser, *, serve_only: bool) -> None:
    """The flags every command takes (`--config`, the database, the data directory, the secrets), or
    with serve_only=True those of `serve` alone. Defaults are None, so that a flag not given leaves the
    environment and the file their say."""
    if not serve_only:
        parser.add_argument(
            "--config",
            metavar="FILE",
            type=_flag(parse_path),
            help=f"TOML config file [{CONFIG_ENV}]",
        )
    for option in OPTIONS:
        if option.serve_only != serve_only:
            continue
        if option.parse is parse_bool:
            parser.add_argument(
                option.flag, action="store_true", default=None, help=f"{option.help} [{option.env}]"
            )
        else:
            parser.add_argument(
                option.flag,
                type=_flag(option.parse),
                default=None,
                metavar=option.metavar,
                help=f"{option.help} [{option.env}]",
            )


def resolve(args: argparse.Namespace, environ: Mapping[str, str], *, serve: bool) -> Settings:
    """The settings: command line > environment (SLS_<NAME>) > config file > default."""
    config_path = getattr(args, "config", None)
    if config_path is None and CONFIG_ENV in environ:
        config_path = _from_env(CONFIG_ENV, environ[CONFIG_ENV], parse_path)
    from_file = read_config_file(config_path) if config_path is not None else {}
    values: dict[str, Any] = {}
    for option in OPTIONS:
        if option.serve_only and not serve:
            continue  # a desk command neither needs nor checks the listening options
        given = getattr(args, option.name, None)
        if given is not None:
            values[option.name] = given
        elif environ.get(option.env) is not None:
            values[option.name] = _from_env(option.env, environ[option.env], option.parse)
        elif option.name in from_file:
            values[option.name] = from_file[option.name]
        else:
            values[option.name] = option.default
    password = None
    if values["db_password_file"] is not None:
        password = read_password_file(values["db_password_file"])
    if values["db"] is not None:
        try:
            url = make_url(values["db"])
        except (ArgumentError, ValueError):
            raise ConfigError(
                "cannot open the database: its URL does not parse (not repeated here: it may hold a password)"
            ) from None
        if password is not None and has_password(url):
            raise ConfigError("the database password is given twice: in the URL and in db_password_file")
    try:
        check_passkey_origin(values["passkey_origin"], values["passkey_rp_id"])
    except ValueError as error:
        raise ConfigError(str(error)) from None
    on_command_line = getattr(args, "db", None) is not None and has_password(make_url(args.db))
    return Settings(
        **values, config=config_path, db_password=password, db_password_on_command_line=on_command_line
    )


def read_config_file(path: Path) -> dict[str, Any]:
    """The config file's settings, checked: known keys, right types; relative paths made absolute."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise ConfigError(f"cannot read the config file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    known = {option.name: option for option in OPTIONS}
    settings: dict[str, Any] = {}
    for key, value in data.items():
        option = known.get(key)
        if option is None:
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(known)})")
        allowed = option.toml_type if isinstance(option.toml_type, tuple) else (option.toml_type,)
        if type(value) not in allowed and not (float in allowed and type(value) is int):
            kinds = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
            raise ConfigError(f"{path}: {key} must be {' or '.join(kinds[kind] for kind in allowed)}")
        try:
            value = option.parse(str(value).lower() if isinstance(value, bool) else str(value))
        except ValueError as error:
            raise ConfigError(f"{path}: {key}: {error}") from None
        if key in PATH_OPTIONS and not value.is_absolute():
            value = Path(path).resolve().parent / value
        if key == "audit_log" and value not in ("-", "off") and not Path(value).is_absolute():
            value = str(Path(path).resolve().parent / value)
        settings[key] = value
    return settings


def read_password_file(path: Path) -> str:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read the database password file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"the database password file {path} is not UTF-8 text") from None
    password = text[:-1] if text.endswith("\n") else text
    password = password[:-1] if password.endswith("\r") else password
    if not password:
        raise ConfigError(f"the database password file {path} is empty")
    return password


def mask_url(url: str | URL) -> str:
    """A database URL fit for a message or a repr: its password, if any (in the user part or the query),
    as ***."""
    try:
        return shown_url(make_url(url))
    except (ArgumentError, ValueError):
        return "<a database URL that does not parse>"


def _from_env(name: str, text: str, parse: Callable[[str], Any]) -> Any:
    try:
        return parse(text)
    except ValueError as error:
        shown = "" if name == ENV_PREFIX + "DB" else f" {text!r}"
        raise ConfigError(f"{name}{shown}: {error}") from None


def _flag(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def check(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    check.__name__ = parse.__name__.removeprefix("parse_")
    return check
