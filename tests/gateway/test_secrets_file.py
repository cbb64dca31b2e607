"""Issue 14: the secrets every gateway on one database shares (vault keys, decoy secret, TLS key and
certificate) have one home, a secrets file; a gateway whose keys do not match the database refuses to start
with one line and exit status 2, on SQLite and on PostgreSQL, instead of answering 500 later."""

from __future__ import annotations

import io
import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from tests.gateway.conftest import LOCAL, Sls, Storage, dsc_response, gateway_config
from tests.gateway.process_support import listening
from tests.gateway.test_cli import Served, run
from trader_login.auth.devices import files
from trader_login.auth.gateway.cli import main
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.secrets_file import KeyMismatchError
from trader_login.auth.gateway.tls import fingerprint_sha256

STOP_TIMEOUT = 60.0  # a safety net: a refused `serve` exits at once


def secrets_init(path: Path, *extra: str) -> tuple[int, str, str]:
    """`sls-gateway secrets init PATH` in-process (it takes no --data-dir, which `run` adds)."""
    out, err, saved = io.StringIO(), io.StringIO(), (sys.stdout, sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        status = main(["secrets", "init", str(path), *extra])
    finally:
        sys.stdout, sys.stderr = saved
    return status, out.getvalue(), err.getvalue()


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sls-gateway: ")
    return lines[0]


def db_args(storage: Storage) -> list[str]:
    """`--db` naming the storage's database, with no password in it (PGPASSWORD, set by `pg_env`)."""
    if storage.server is None:
        return ["--db", storage.sqlalchemy_url()]
    return ["--db", storage.server.url(storage.database, password=False)]


@pytest.fixture
def pg_env(empty_storage: Storage, monkeypatch: pytest.MonkeyPatch) -> Storage:
    for name, value in empty_storage.environment().items():
        monkeypatch.setenv(name, value)
    empty_storage.data_dir.mkdir(parents=True, exist_ok=True)
    return empty_storage


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    path = tmp_path / "shared" / "gateway-secrets.pem"
    path.parent.mkdir()
    status, _, err = secrets_init(path)
    assert status == 0, err
    return path


# --- the secrets file ------------------------------------------------------------------------------------


def test_secrets_init_writes_a_private_file_and_never_overwrites_one(tmp_path: Path) -> None:
    path = tmp_path / "secrets.pem"
    status, out, err = secrets_init(path)
    assert status == 0, err
    assert out.splitlines()[0] == f"secrets file: {path}"
    fingerprint = out.splitlines()[1].removeprefix("sha256: ")
    assert fingerprint == fingerprint_sha256(path.read_bytes())
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    for label in ("SLS GATEWAY VAULT KEYS", "PRIVATE KEY", "CERTIFICATE"):
        assert f"-----BEGIN {label}-----" in text
    status, _, err = secrets_init(path)
    assert status == 2
    assert "exists; not overwritten" in one_line(err)
    assert path.read_text() == text
    assert not (tmp_path / "data").exists()  # `secrets init` opens no gateway


def test_a_malformed_secrets_file_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "secrets.pem"
    path.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    status, _, err = run(tmp_path / "data", "status", "alice", "--secrets-file", str(path))
    assert status == 2
    assert "not a gateway secrets file" in one_line(err)


def test_serve_uses_the_secrets_file_and_publishes_only_the_certificate(
    tmp_path: Path, secrets: Path
) -> None:
    served = Served(tmp_path / "data", "--secrets-file", str(secrets))
    try:
        where = listening(served)
        assert where.fingerprint == fingerprint_sha256(secrets.read_bytes())
        assert where.cert == tmp_path / "data" / "cert.pem"
        assert "PRIVATE KEY" not in where.cert.read_text()
        assert not (tmp_path / "data" / "gateway-key.json").exists()  # the vault keys came from the file
        reply = where.endpoint().get("/v1/session")
        assert reply.status_code == 401
    finally:
        served.close()


# --- the key check ---------------------------------------------------------------------------------------


def test_a_second_data_directory_with_its_own_keys_is_refused(pg_env: Storage, tmp_path: Path) -> None:
    storage = pg_env
    first, second = storage.data_dir, tmp_path / "other-host"
    status, _, err = run(first, "user", "add", "alice", "--password-stdin", *db_args(storage), stdin="pw\n")
    assert status == 0, err
    # A desk command from the other data directory: refused before it does anything.
    status, out, err = run(second, "status", "alice", *db_args(storage))
    assert status == 2
    line = one_line(err)
    assert "vault key and TLS key" in line
    assert str(second) in line
    assert "SLS_SECRETS_FILE" in line
    assert out == ""
    # `serve` from it: refused at start, exit status 2, never a 500 later.
    served = Served(second, *db_args(storage), env=storage.environment())
    try:
        assert served.process.wait(timeout=STOP_TIMEOUT) == 2
        assert "do not match the database" in one_line(served.stderr.read_text())
    finally:
        served.close()
    # The first data directory still works.
    status, out, err = run(first, "status", "alice", *db_args(storage))
    assert status == 0, err


def test_one_secrets_file_serves_two_hosts_as_one_gateway(
    pg_env: Storage, tmp_path: Path, secrets: Path
) -> None:
    storage = pg_env
    hosts = [
        Gateway(directory, db_url=storage.sqlalchemy_url(), secrets_file=secrets, config=gateway_config())
        for directory in (storage.data_dir, tmp_path / "host-b")
    ]
    a, b = (Sls(gateway) for gateway in hosts)
    try:
        a.gateway.seed_demo()
        assert a.gateway.certificate.fingerprint == b.gateway.certificate.fingerprint
        # A DSC+ login begun on host A (the challenge sealed with the vault key) is finished on host B.
        token, out = a.password("dscuser")
        device = files.load(a.gateway.device_dir / "dscuser-dscplus.json")
        opened = b.service.respond(token, dsc_response(device, out["challenge"]["challenge"]), LOCAL)
        assert "session_token" in opened
        # The decoy secret is shared too: an unknown name gets the same salt on both hosts.
        assert a.start("nobody")[1]["salt"] == b.start("nobody")[1]["salt"]
    finally:
        for gateway in hosts:
            gateway.close()
    # And from the command line, the other host's desk works with the same file.
    status, out, err = run(
        tmp_path / "host-b", "status", "dscuser", *db_args(storage), "--secrets-file", str(secrets)
    )
    assert status == 0, err


def test_two_gateways_starting_together_on_a_new_database_the_first_writer_wins(
    pg_env: Storage, tmp_path: Path
) -> None:
    storage = pg_env
    directories = [storage.data_dir, tmp_path / "other-host"]
    start = threading.Barrier(2)
    outcomes: dict[Path, object] = {}

    def open_gateway(directory: Path) -> None:
        start.wait(timeout=STOP_TIMEOUT)
        try:
            gateway = Gateway(directory, db_url=storage.sqlalchemy_url(), config=gateway_config())
        except KeyMismatchError as error:
            outcomes[directory] = error
        else:
            gateway.close()
            outcomes[directory] = "opened"

    threads = [threading.Thread(target=open_gateway, args=(d,)) for d in directories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STOP_TIMEOUT)
    assert sorted(type(outcome).__name__ for outcome in outcomes.values()) == ["KeyMismatchError", "str"]
    (winner,) = [d for d, outcome in outcomes.items() if outcome == "opened"]
    # The winner keeps opening; the loser keeps being refused.
    Gateway(winner, db_url=storage.sqlalchemy_url(), config=gateway_config()).close()
    (loser,) = [d for d in directories if d != winner]
    with pytest.raises(KeyMismatchError):
        Gateway(loser, db_url=storage.sqlalchemy_url(), config=gateway_config())


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes do not exist on Windows")
def test_a_secrets_file_every_local_user_can_read_gets_a_notice(
    tmp_path: Path, secrets: Path, caplog
) -> None:
    Gateway(tmp_path / "a", secrets_file=secrets, config=gateway_config()).close()
    assert [r for r in caplog.records if "readable by every local user" in r.getMessage()] == []
    secrets.chmod(0o644)
    Gateway(tmp_path / "a", secrets_file=secrets, config=gateway_config()).close()
    (notice,) = [r.getMessage() for r in caplog.records if "readable by every local user" in r.getMessage()]
    assert str(secrets) in notice
    assert "0644" in notice


def test_a_gateway_moves_to_several_hosts_with_its_own_keys(pg_env: Storage, tmp_path: Path) -> None:
    """`secrets init --from-data-dir`: the secrets file carries the keys the database was made with (and
    the certificate its clients pinned), so the data sealed so far still opens on every host."""
    storage = pg_env
    single = Gateway(storage.data_dir, db_url=storage.sqlalchemy_url(), config=gateway_config())
    try:
        single.seed_demo()
        pinned = single.certificate.fingerprint
    finally:
        single.close()
    path = tmp_path / "secrets.pem"
    status, out, err = secrets_init(path, "--from-data-dir", str(storage.data_dir))
    assert status == 0, err
    assert f"sha256: {pinned}" in out
    other = Sls(
        Gateway(
            tmp_path / "host-b", db_url=storage.sqlalchemy_url(), secrets_file=path, config=gateway_config()
        )
    )
    try:
        assert other.gateway.certificate.fingerprint == pinned
        token, step = other.password("dscuser")  # the DSC+ secret sealed on the first host opens here
        device = files.load(storage.data_dir / "devices" / "dscuser-dscplus.json")
        opened = other.service.respond(token, dsc_response(device, step["challenge"]["challenge"]), LOCAL)
        assert "session_token" in opened
    finally:
        other.gateway.close()


def test_secrets_init_from_a_data_directory_without_keys_is_refused(tmp_path: Path) -> None:
    status, _, err = secrets_init(tmp_path / "s.pem", "--from-data-dir", str(tmp_path))
    assert status == 2
    assert "key file is unreadable" in one_line(err)
    assert not (tmp_path / "s.pem").exists()
