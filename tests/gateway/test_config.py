"""Issue 14: `sls-gateway` configuration without secrets on the command line. Every option from the command
line, the environment (SLS_<NAME>) and a TOML file, in that precedence; the database password through
libpq's own means (PGPASSWORD, a password file such as ~/.pgpass) or a file of its own; bad configuration
is one line on stderr and exit status 2."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tests.gateway.test_cli import run
from tests.postgres_server import SUPERUSER, PostgresServer
from trader_login.auth.gateway import audit, cli, config
from trader_login.auth.gateway.cli import build_parser, main
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.limits import ConnectionLimits


def resolve(argv: list[str], environ: dict[str, str] | None = None) -> config.Settings:
    args = build_parser().parse_args(argv)
    return config.resolve(args, environ or {}, serve=argv[0] == "serve")


def one_line_refusal(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sls-gateway: ")
    return lines[0]


@pytest.fixture(autouse=True)
def no_sls_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner's own SLS_* or PG* variables must not leak into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith(("SLS_", "PG")):
            monkeypatch.delenv(name)


# --- precedence -----------------------------------------------------------------------------------------


def test_command_line_beats_environment_beats_file_beats_default(tmp_path: Path) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text('host = "127.0.0.2"\nport = 8443\nworkers = 3\ndata_dir = "from-file"\n')
    assert resolve(["serve"]) == config.Settings()  # the defaults
    from_file = resolve(["serve", "--config", str(file)])
    assert (from_file.host, from_file.port, from_file.workers) == ("127.0.0.2", 8443, 3)
    assert from_file.data_dir == tmp_path / "from-file"  # relative to the file
    env = {"SLS_PORT": "9443", "SLS_DATA_DIR": str(tmp_path / "from-env")}
    from_env = resolve(["serve", "--config", str(file)], env)
    assert (from_env.host, from_env.port, from_env.workers) == ("127.0.0.2", 9443, 3)
    assert from_env.data_dir == tmp_path / "from-env"
    flags = resolve(["serve", "--config", str(file), "--port", "10443", "--data-dir", "cli"], env)
    assert (flags.port, flags.workers, flags.data_dir) == (10443, 3, Path("cli"))
    # SLS_CONFIG names the file when --config does not.
    assert resolve(["serve"], {"SLS_CONFIG": str(file)}).port == 8443


def test_every_option_has_a_flag_a_variable_and_a_file_key(tmp_path: Path) -> None:
    values = {
        "db": "sqlite:///x.sqlite3",
        "db_password_file": str(tmp_path / "password"),
        "data_dir": str(tmp_path / "data"),
        "secrets_file": str(tmp_path / "secrets.pem"),
        "host": "127.0.0.3",
        "port": "8444",
        "workers": "2",
        "idle_timeout": "30",
        "header_timeout": "2.5",
        "body_timeout": "20",
        "max_connections": "1000",
        "demo": "true",
        "audit_log": str(tmp_path / "audit.jsonl"),
        "no_metrics": "true",
        "prune_every": "90s",
        "keep_logins": "2h",
        "keep_outbox": "15m",
        "keep_sessions": "7d",
        "keep_audit": "400d",
        "passkey_rp_id": "example.com",
        "passkey_origin": "https://sls.example.com:8443",
        "push_number_matching": "off",
        "restart_cutoff": "Sat 23:30 Asia/Tokyo",
        "restart_grants": "off",
    }
    (tmp_path / "password").write_text("pw\n")
    assert set(values) == {option.name for option in config.OPTIONS}
    expected = {name: option.parse(values[name]) for name, option in ((o.name, o) for o in config.OPTIONS)}
    from_env = resolve(["serve"], {f"SLS_{name.upper()}": value for name, value in values.items()})
    numbers = ("port", "workers", "idle_timeout", "header_timeout", "body_timeout", "max_connections")
    toml = "\n".join(
        f"{name} = {value}" if name in (*numbers, "demo", "no_metrics") else f'{name} = "{value}"'
        for name, value in values.items()
    )
    (tmp_path / "all.toml").write_text(toml)
    from_file = resolve(["serve", "--config", str(tmp_path / "all.toml")])
    flags = ["serve"]
    for name, value in values.items():
        flags += [f"--{name.replace('_', '-')}"] + ([] if name in ("demo", "no_metrics") else [value])
    from_flags = resolve(flags)
    for settings in (from_env, from_file, from_flags):
        assert {name: getattr(settings, name) for name in values} == expected
        assert settings.db_password == "pw"


def test_the_connection_limits_take_the_same_precedence(tmp_path: Path) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text("idle_timeout = 60\nheader_timeout = 5.5\nbody_timeout = 30\nmax_connections = 1024\n")
    defaults = resolve(["serve"]).limits
    assert defaults == ConnectionLimits()  # the server's own defaults: one home for them
    assert (defaults.idle, defaults.header, defaults.body, defaults.max_connections) == (15, 10, 10, 256)
    from_file = resolve(["serve", "--config", str(file)]).limits
    assert from_file == ConnectionLimits(idle=60, header=5.5, body=30, max_connections=1024)
    env = {"SLS_IDLE_TIMEOUT": "45", "SLS_MAX_CONNECTIONS": "512"}
    from_env = resolve(["serve", "--config", str(file)], env).limits
    assert from_env == ConnectionLimits(idle=45, header=5.5, body=30, max_connections=512)
    flags = resolve(["serve", "--config", str(file), "--idle-timeout", "0.5", "--body-timeout", "3"], env)
    assert flags.limits == ConnectionLimits(idle=0.5, header=5.5, body=3, max_connections=512)
    assert "max_connections=512" in repr(flags)


def test_a_bound_above_the_open_file_limit_is_warned_about() -> None:
    assert cli.open_file_warning(256, 1024) is None
    assert cli.open_file_warning(65536, None) is None  # unlimited, or not POSIX
    warning = cli.open_file_warning(2000, 1024)
    assert warning is not None
    assert warning.startswith("sls-gateway: warning: max_connections 2000 ")
    assert "limit of 1024" in warning
    assert "LimitNOFILE" in warning


def test_the_default_relying_party_id_beyond_this_machine_is_warned_about() -> None:
    """S2: listening beyond loopback with passkey_rp_id `localhost`, keys on other hosts cannot log in."""
    warning = cli.passkey_rp_warning("0.0.0.0", "localhost", loopback=False)  # noqa: S104
    assert warning is not None
    assert len(warning.splitlines()) == 1
    assert warning.startswith("sls-gateway: warning: listening on 0.0.0.0 with passkey_rp_id localhost")
    assert "--passkey-rp-id" in warning
    assert "--passkey-origin" in warning
    assert cli.passkey_rp_warning("127.0.0.1", "localhost", loopback=True) is None
    assert cli.passkey_rp_warning("0.0.0.0", "gateway.example", loopback=False) is None  # noqa: S104


def test_a_desk_command_takes_the_same_file_and_ignores_the_listening_options(tmp_path: Path) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text(f'data_dir = "{tmp_path / "data"}"\nport = 8443\n')
    status, _out, err = run(
        tmp_path / "ignored", "user", "add", "carol", "--password-stdin", "--config", str(file), stdin="pw\n"
    )
    assert status == 0, err
    # --data-dir on the command line (run() adds it) beat the file's data_dir.
    assert (tmp_path / "ignored" / "gateway.sqlite3").exists()
    assert not (tmp_path / "data").exists()


# --- bad configuration: one line, exit 2 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("prot = 8443\n", "unknown setting 'prot'"),
        ("port = 70000\n", "port: a port is a number from 0"),
        ('port = "8443"\n', "port must be an integer"),
        ("workers = 0\n", "worker processes is a number from 1"),
        ("idle_timeout = 0\n", "idle_timeout: the idle timeout must be a number of seconds above 0"),
        ("header_timeout = -1.5\n", "header_timeout: the header timeout must be a number of seconds"),
        (
            "body_timeout = 86401\n",
            "body_timeout: the body timeout must be a number of seconds above 0 and at most 86400",
        ),
        ("body_timeout = inf\n", "body_timeout: the body timeout must be a number of seconds"),
        ('idle_timeout = "15"\n', "idle_timeout must be a number"),
        ("max_connections = 0\n", "max_connections: max_connections must be a whole number from 1 to 65536"),
        ("max_connections = 65537\n", "max_connections must be a whole number from 1 to 65536"),
        ("max_connections = 256.0\n", "max_connections must be an integer"),
        ("demo = 1\n", "demo must be true or false"),
        ("port = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_is_one_line_and_exit_2(tmp_path: Path, content: str, says: str) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text(content)
    status, out, err = run(tmp_path / "data", "serve", "--config", str(file))
    assert status == 2
    assert says in one_line_refusal(err)
    assert out == ""
    assert not (tmp_path / "data").exists()  # refused before anything was made


def test_an_unreadable_or_missing_config_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    status, _, err = run(tmp_path / "data", "status", "alice", "--config", str(tmp_path / "missing.toml"))
    assert status == 2
    assert "cannot read the config file" in one_line_refusal(err)
    status, _, err = run(tmp_path / "data", "status", "alice", "--config", str(tmp_path))  # a directory
    assert status == 2
    assert "cannot read the config file" in one_line_refusal(err)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SLS_PORT", "http", "SLS_PORT 'http': a port is a number"),
        ("SLS_PORT", "-1", "SLS_PORT '-1': a port is a number"),
        ("SLS_WORKERS", "many", "SLS_WORKERS 'many': the number of worker processes"),
        ("SLS_DEMO", "maybe", "SLS_DEMO 'maybe': write 1, true"),
        ("SLS_IDLE_TIMEOUT", "soon", "SLS_IDLE_TIMEOUT 'soon': the idle timeout must be a number of seconds"),
        ("SLS_HEADER_TIMEOUT", "0", "SLS_HEADER_TIMEOUT '0': the header timeout must be a number"),
        ("SLS_BODY_TIMEOUT", "nan", "SLS_BODY_TIMEOUT 'nan': the body timeout must be a number"),
        ("SLS_BODY_TIMEOUT", "1e9", "SLS_BODY_TIMEOUT '1e9': the body timeout must be a number"),
        ("SLS_MAX_CONNECTIONS", "-1", "SLS_MAX_CONNECTIONS '-1': max_connections must be a whole number"),
        ("SLS_MAX_CONNECTIONS", "1.5", "SLS_MAX_CONNECTIONS '1.5': max_connections must be a whole number"),
        ("SLS_MAX_CONNECTIONS", "99999", "SLS_MAX_CONNECTIONS '99999': max_connections must be a whole"),
        ("SLS_CONFIG", "", "SLS_CONFIG '': empty"),
        ("SLS_PASSKEY_RP_ID", "127.0.0.1", "SLS_PASSKEY_RP_ID '127.0.0.1': '127.0.0.1' is an IP address"),
        ("SLS_PASSKEY_RP_ID", "::1", "'::1' is an IP address; a relying party id is a host name"),
        ("SLS_PASSKEY_RP_ID", "Example.COM", "is not a host name in lower case"),
        ("SLS_PASSKEY_ORIGIN", "http://localhost", "is not an origin https://HOST[:PORT] (https, no path)"),
        ("SLS_PASSKEY_ORIGIN", "https://localhost/login", "is not an origin https://HOST[:PORT]"),
        ("SLS_PASSKEY_ORIGIN", "https://localhost:70000", "the port is a number from 1 to 65535"),
        ("SLS_PASSKEY_ORIGIN", "https://evil.example", "passkey_origin https://evil.example is not on the "),
    ],
)
def test_a_bad_environment_value_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    status, _out, err = run(tmp_path / "data", "serve")
    assert status == 2
    assert says in one_line_refusal(err)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--workers", "0"], "the number of worker processes is a number from 1"),
        (["--idle-timeout", "0"], "--idle-timeout: the idle timeout must be a number of seconds above 0"),
        (["--header-timeout", "ten"], "--header-timeout: the header timeout must be a number of seconds"),
        (["--body-timeout", "90000"], "--body-timeout: the body timeout must be a number of seconds"),
        (["--max-connections", "0"], "--max-connections: max_connections must be a whole number from 1"),
    ],
)
def test_a_bad_flag_value_is_refused_with_exit_2(tmp_path: Path, argv: list[str], says: str) -> None:
    status, _, err = run(tmp_path / "data", "serve", *argv)
    assert status == 2
    assert says in err
    assert not (tmp_path / "data").exists()  # refused before anything was made


def test_a_missing_secrets_file_is_one_line_and_exit_2(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SLS_SECRETS_FILE", str(tmp_path / "secrets.pem"))
    status, _, err = run(tmp_path / "data", "status", "alice")
    assert status == 2
    assert "secrets file" in one_line_refusal(err)
    assert "sls-gateway secrets init" in err


def test_a_missing_or_empty_password_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    status, _, err = run(tmp_path / "data", "status", "alice", "--db-password-file", str(tmp_path / "nope"))
    assert status == 2
    assert "cannot read the database password file" in one_line_refusal(err)
    (tmp_path / "empty").write_text("\n")
    status, _, err = run(tmp_path / "data", "status", "alice", "--db-password-file", str(tmp_path / "empty"))
    assert status == 2
    assert "is empty" in one_line_refusal(err)


def test_the_help_lists_the_configuration() -> None:
    out, saved = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        assert main(["serve", "--help"]) == 0
    finally:
        sys.stdout = saved
    for flag in ("--config", "--db-password-file", "--secrets-file", "--workers", "--port", "--host"):
        assert flag in out.getvalue()
    for flag in ("--idle-timeout", "--header-timeout", "--body-timeout", "--max-connections"):
        assert flag in out.getvalue()
    assert "each worker process" in " ".join(out.getvalue().split())  # the bound is per worker
    for option in config.OPTIONS:  # each names its environment variable
        assert f"[{option.env}]" in out.getvalue()


# --- the database password, never on the command line ---------------------------------------------------


@pytest.fixture
def database(postgres_server: PostgresServer):
    with postgres_server.database() as url:
        yield postgres_server, url


def status_on(tmp_path: Path, url: str, *extra: str) -> tuple[int, str, str]:
    return run(tmp_path / "data", "status", "alice", "--db", url, *extra)


def test_pgpassword_reaches_psycopg_when_the_url_has_none(tmp_path, database, monkeypatch) -> None:
    server, url = database
    bare = url.replace(f":{server.password}@", "@")
    assert server.password not in bare
    status, _, err = status_on(tmp_path, bare)
    assert status == 2  # no password anywhere: the server refuses
    assert server.password not in err
    monkeypatch.setenv("PGPASSWORD", server.password)
    status, out, err = status_on(tmp_path, bare)
    assert status == 0, err
    assert "exists:" in out
    assert err == ""  # no warning: nothing secret on the command line


def test_a_pgpass_file_reaches_psycopg(tmp_path, database, monkeypatch) -> None:
    server, url = database
    bare = url.replace(f":{server.password}@", "@")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{server.host}:{server.port}:*:{SUPERUSER}:{server.password}\n")
    passfile.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    status, _out, err = status_on(tmp_path, bare)
    assert status == 0, err
    assert err == ""


def test_a_password_file_of_our_own_is_passed_apart_from_the_url(tmp_path, database, monkeypatch) -> None:
    server, url = database
    bare = url.replace(f":{server.password}@", "@")
    secret = tmp_path / "db-password"
    secret.write_text(server.password + "\n")  # as `echo` writes it: the newline is not the password's
    status, _, err = status_on(tmp_path, bare, "--db-password-file", str(secret))
    assert status == 0, err
    assert err == ""
    monkeypatch.setenv("SLS_DB_PASSWORD_FILE", str(secret))
    status, _, err = status_on(tmp_path, bare)
    assert status == 0, err
    # The same password in the URL too is refused: which one would win is not for the operator to guess.
    status, _, err = status_on(tmp_path, url)
    assert status == 2
    assert "given twice" in err
    assert server.password not in err
    # A wrong one: refused, and the password is not repeated.
    secret.write_text("not-the-password\n")
    status, _out, err = status_on(tmp_path, bare)
    assert status == 2
    assert "not-the-password" not in err


def test_a_password_on_the_command_line_is_warned_about_once_and_never_echoed(tmp_path, database) -> None:
    server, url = database
    status, out, err = status_on(tmp_path, url)
    assert status == 0, err
    (warning,) = err.splitlines()
    assert "visible" in warning
    assert "ps" in warning
    assert server.password not in err + out
    # The same URL from the environment is not in `ps`: no warning.
    settings = resolve(["status", "alice"], {"SLS_DB": url})
    assert not settings.db_password_on_command_line
    assert server.password not in repr(settings)


def test_reprs_mask_the_database_password(tmp_path, database) -> None:
    server, url = database
    gateway = Gateway(tmp_path / "data", db_url=url)
    try:
        assert server.password not in repr(gateway)
        assert server.password not in repr(gateway.store.url)
        assert "***" in repr(gateway)
    finally:
        gateway.close()
    settings = resolve(["status", "alice", "--db", url])
    assert server.password not in repr(settings)


def test_a_password_in_the_url_s_query_is_masked_and_counted_as_given(tmp_path: Path) -> None:
    """libpq (psycopg) takes `?password=` (and `sslpassword=`) as well as user:password@: every place
    that shows a URL masks them, and they count as a password given in the URL."""
    url = "postgresql://gw@db.example/sls?password=hunter2secret&sslpassword=k3y-pass&sslmode=require"
    shown = config.mask_url(url)
    assert "hunter2secret" not in shown
    assert "k3y-pass" not in shown
    assert "sslmode=require" in shown
    settings = resolve(["status", "alice", "--db", url])
    assert settings.db_password_on_command_line
    assert "hunter2secret" not in repr(settings)
    (tmp_path / "password").write_text("other\n")
    with pytest.raises(config.ConfigError, match="given twice"):
        resolve(["status", "alice", "--db", url, "--db-password-file", str(tmp_path / "password")])
    detail = audit.config_event(settings)
    assert "hunter2secret" not in repr(detail)


def test_retention_ages_read_as_durations_and_bad_ones_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text('keep_sessions = "7d"\nkeep_audit = 86400\nprune_every = 0\n')
    settings = resolve(["serve", "--config", str(file), "--keep-logins", "30m"])
    assert settings.retention.sessions == 7 * 86400
    assert settings.retention.audit == 86400
    assert settings.retention.every == 0
    assert settings.retention.logins == 1800
    for bad in ("-1", "soon", "10y", "nan", "3651d"):
        with pytest.raises(config.ConfigError, match="a duration is"):
            resolve(["serve"], {"SLS_KEEP_AUDIT": bad})
    file.write_text("keep_audit = true\n")
    with pytest.raises(config.ConfigError, match="keep_audit must be a string or a number"):
        resolve(["serve", "--config", str(file)])


def test_a_relative_audit_log_in_the_config_file_is_relative_to_the_file(tmp_path: Path) -> None:
    file = tmp_path / "etc" / "gateway.toml"
    file.parent.mkdir()
    file.write_text('audit_log = "audit/sls.jsonl"\n')
    assert resolve(["serve", "--config", str(file)]).audit_log == str(file.parent / "audit" / "sls.jsonl")
    file.write_text('audit_log = "-"\n')
    assert resolve(["serve", "--config", str(file)]).audit_log == "-"
    assert resolve(["serve"], {"SLS_AUDIT_LOG": "OFF"}).audit_log == "off"


def test_the_passkey_relying_party_settings(tmp_path: Path) -> None:
    """The security keys' relying party id (default localhost) and origin (default none: https://RP_ID on
    any port), from flag, environment and file; an origin off the rp id refused with one line, before
    anything is made (a desk command too: it registers --virtual keys with the relying party)."""
    settings = resolve(["serve"])
    assert (settings.passkey_rp_id, settings.passkey_origin) == ("localhost", None)
    file = tmp_path / "gateway.toml"
    file.write_text('passkey_rp_id = "example.com"\npasskey_origin = "https://SLS.example.com/"\n')
    settings = resolve(["status", "alice", "--config", str(file)])
    assert (settings.passkey_rp_id, settings.passkey_origin) == ("example.com", "https://sls.example.com")
    settings = resolve(["serve", "--config", str(file), "--passkey-origin", "https://example.com:8443"])
    assert settings.passkey_origin == "https://example.com:8443"
    detail = audit.config_event(settings)  # gateway.started says which relying party it is
    assert (detail["passkey_rp_id"], detail["passkey_origin"]) == ("example.com", "https://example.com:8443")
    file.write_text('passkey_origin = "https://sls.example.com"\n')  # on the default rp id, localhost
    status, out, err = run(tmp_path / "data", "status", "alice", "--config", str(file))
    assert status == 2
    assert "is not on the relying party id localhost" in one_line_refusal(err)
    assert out == ""
    assert not (tmp_path / "data").exists()
    file.write_text("passkey_rp_id = 7\n")
    with pytest.raises(config.ConfigError, match="passkey_rp_id must be a string"):
        resolve(["serve", "--config", str(file)])


# --- restart grants (issue 19) --------------------------------------------------------------------------


def test_the_restart_settings_default_to_sunday_one_us_eastern_and_on() -> None:
    settings = resolve(["serve"])
    assert settings.restart_cutoff == "Sun 01:00 America/New_York"
    assert settings.restart_grants is True
    assert "restart_cutoff='Sun 01:00 America/New_York'" in repr(settings)
    detail = audit.config_event(settings)
    assert (detail["restart_cutoff"], detail["restart_grants"]) == ("Sun 01:00 America/New_York", True)


def test_the_restart_cutoff_is_written_back_in_its_one_form_from_every_source(tmp_path: Path) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text('restart_cutoff = "saturday 7:05 Europe/London"\nrestart_grants = false\n')
    from_file = resolve(["status", "x", "--config", str(file)])
    assert (from_file.restart_cutoff, from_file.restart_grants) == ("Sat 07:05 Europe/London", False)
    from_env = resolve(["status", "x", "--config", str(file)], {"SLS_RESTART_CUTOFF": "mon 0:00 UTC"})
    assert from_env.restart_cutoff == "Mon 00:00 UTC"
    flags = resolve(["status", "x", "--config", str(file), "--restart-grants", "on"])
    assert flags.restart_grants is True


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('restart_cutoff = "Sun 1am America/New_York"', "restart_cutoff: 'Sun 1am America/New_York' is not"),
        ("restart_cutoff = 1", "restart_cutoff must be a string"),
        ('restart_grants = "sometimes"', "restart_grants: write on or off"),
    ],
)
def test_a_bad_restart_setting_in_the_file_is_refused_with_one_line(
    tmp_path: Path, toml: str, says: str
) -> None:
    file = tmp_path / "gateway.toml"
    file.write_text(toml + "\n")
    with pytest.raises(config.ConfigError) as refused:
        resolve(["status", "x", "--config", str(file)])
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_gateway_config_takes_a_cutoff_as_text_or_cutoff_and_refuses_a_bad_one() -> None:
    from trader_login.auth.gateway.service_config import GatewayConfig
    from trader_login.auth.restart import Cutoff

    assert GatewayConfig().restart_cutoff == Cutoff(6, 1, 0, "America/New_York")
    assert GatewayConfig(restart_cutoff="Fri 17:00 Asia/Tokyo").restart_cutoff == Cutoff(
        4, 17, 0, "Asia/Tokyo"
    )
    with pytest.raises(ValueError, match="not a day of the week"):
        GatewayConfig(restart_cutoff="Someday 01:00 UTC")
