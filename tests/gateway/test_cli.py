"""SPEC §7: `sls-gateway serve` and the Client Services commands, on one data directory."""

from __future__ import annotations

import importlib.metadata
import io
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.gateway.http_support import b64d, cheap_config, served_fingerprint
from trader_login.app.harness import HarnessClock
from trader_login.auth import srp
from trader_login.auth.devices import files
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.auth.devices.dscplus import DscPlus
from trader_login.auth.devices.phone import Phone
from trader_login.auth.gateway.cli import main
from trader_login.auth.gateway.demo import DEMO_PHONE
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.tls import fingerprint_sha256
from trader_login.auth.kdf import DEFAULT_LIMITS, TEST_LIMITS, KdfParams

ROOT = Path(__file__).resolve().parents[2]
POSIX_SIGNALS = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "gateway"


@pytest.fixture
def seeded_dir(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "seeded"
    shutil.copytree(template, target)
    return target


def run(data_dir: Path, *argv: str, stdin: str = "", **shown: Any) -> tuple[int, str, str]:
    """Runs the CLI in-process; returns exit status, stdout and stderr. `shown`: `main`'s `language` and
    `zone` for the moments it writes."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        status = main([*argv, "--data-dir", str(data_dir)], **shown)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return status, out.getvalue(), err.getvalue()


def ok(data_dir: Path, *argv: str, stdin: str = "", **shown: Any) -> str:
    status, out, err = run(data_dir, *argv, stdin=stdin, **shown)
    assert status == 0, err
    return out


def refused(data_dir: Path, *argv: str, stdin: str = "") -> str:
    status, out, err = run(data_dir, *argv, stdin=stdin)
    assert status == 2, (out, err)
    assert err.strip(), "a refusal says why"
    return err


# --- serve -------------------------------------------------------------------------------------------------


class Child:
    """`python -m MODULE ARGS...` as a child process, its stdout read line by line, its stderr in a file
    beside `where` (read when a line does not come)."""

    def __init__(
        self, where: Path, *argv: str, env: dict[str, str] | None = None, new_session: bool = False
    ) -> None:
        self.stderr = where.parent / f"child-{time.monotonic_ns()}.err"
        with self.stderr.open("wb") as stderr:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", *argv],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env={**os.environ, **(env or {})},  # PGPASSWORD for a PostgreSQL database, for instance
                start_new_session=new_session,
            )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def line(self, timeout: float = 30) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output; stderr: {self.stderr.read_text()}") from None

    def stop(self, sig: int) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=60)  # a safety net for a loaded runner: it exits at once

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=60)
        self.reader.join(60)
        assert self.process.stdout is not None
        self.process.stdout.close()


class Served(Child):
    """`python -m trader_login.auth.gateway serve ...` on `data_dir`, any free port."""

    def __init__(self, data_dir: Path, *extra: str, env: dict[str, str] | None = None) -> None:
        super().__init__(
            data_dir,
            "trader_login.auth.gateway",
            "serve",
            "--port",
            "0",
            "--data-dir",
            str(data_dir),
            *extra,
            env=env,
        )


@pytest.fixture
def serve(data_dir: Path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def launch(*extra: str) -> Served:
        served = Served(data_dir, *extra)
        started.append(served)
        return served

    yield launch
    for served in started:
        served.close()


def serve_until_ctrl_c(data_dir: Path, lines: int, *argv: str, stderr: int) -> tuple[list[str], str]:
    """`sls-gateway serve --port 0 --data-dir DIR ARGV` in a child: its first `lines` lines of standard
    output, then Ctrl+C (SIGINT), which must end it with 0, and the rest of its output."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "trader_login.auth.gateway", "serve", "--port", "0", "--data-dir",
         str(data_dir), *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = [process.stdout.readline().rstrip("\n") for _ in range(lines)]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0  # a safety net for a loaded runner: it exits at once
        rest = process.stdout.read()  # (not communicate(): it would skip what readline buffered)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()
    return first, rest


@POSIX_SIGNALS
@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_s_configuration_goes_to_standard_output_after_its_first_lines(
    data_dir: Path, workers: str
) -> None:
    """`--audit-log -`: the audit lines share standard output, and `gateway.started` (the configuration at
    start, once) follows `url:`, `sha256:` and `cert:`."""
    data_dir.mkdir(mode=0o700)
    lines, rest = serve_until_ctrl_c(
        data_dir, 4, "--workers", workers, "--audit-log", "-", stderr=subprocess.DEVNULL
    )
    assert [line.split(":", 1)[0] for line in lines[:3]] == ["url", "sha256", "cert"]
    started = json.loads(lines[3])
    assert started["kind"] == "gateway.started"
    assert started["detail"]["workers"] == int(workers)
    assert "gateway.started" not in rest  # once, by the supervisor with --workers


@POSIX_SIGNALS
@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_s_first_lines_are_url_and_fingerprint_on_a_terminal_too(data_dir: Path, workers: str) -> None:
    """On a terminal stderr shows between stdout's lines: with both in one stream (as a terminal shows
    them), the first two lines are `url:` and `sha256:` (README); uvicorn's INFO lines are not there."""
    data_dir.mkdir(mode=0o700)  # no first-start notice about loose permissions (it would rightly come first)
    (first, second, third), rest = serve_until_ctrl_c(
        data_dir, 3, "--workers", workers, stderr=subprocess.STDOUT
    )
    assert re.fullmatch(r"url: https://127\.0\.0\.1:[0-9]+", first), first
    assert re.fullmatch(r"sha256: [0-9a-f]{64}", second), second
    assert third == f"cert: {data_dir / 'cert.pem'}"
    assert "uvicorn" not in rest  # "Started/Finished server process": nothing the lines above do not say
    if workers == "1":
        assert f"INFO trader_login.auth.gateway.server: SLS gateway listening on {first[5:]}" in rest


@POSIX_SIGNALS
@pytest.mark.parametrize("rp_id", [None, "gateway.example"])
def test_serve_beyond_this_machine_warns_when_the_passkey_rp_id_is_localhost(
    data_dir: Path, rp_id: str | None
):
    """S2: a start line (the log's one warning) says other hosts' security keys need --passkey-rp-id."""
    data_dir.mkdir(mode=0o700)
    more = ["--passkey-rp-id", rp_id] if rp_id else []
    host = ["--host", "0.0.0.0"]  # noqa: S104 - beyond loopback, for the moment the test runs
    lines, rest = serve_until_ctrl_c(
        data_dir, 5 if rp_id is None else 4, *host, *more, stderr=subprocess.STDOUT
    )
    said = [
        line for line in lines + rest.splitlines() if "passkey_rp_id" in line and "warning" in line.lower()
    ]
    assert lines[0] == "sls-gateway: warning: listening on 0.0.0.0, beyond this machine"
    if rp_id is None:
        assert len(said) == 1, said
        assert said[0] in lines[:2]  # among the start lines, before url:
        assert said[0].endswith(
            "WARNING trader_login.auth.gateway.server: sls-gateway: warning: listening on 0.0.0.0 with "
            "passkey_rp_id localhost: security key (passkey) logins from other hosts need --passkey-rp-id "
            "(and --passkey-origin) set to the gateway's DNS name"
        )
    else:
        assert said == []
    assert lines[-3].startswith("url: ")


@POSIX_SIGNALS
def test_serve_prints_url_and_fingerprint_serves_and_stops_on_sigterm(
    data_dir: Path, serve: Callable[..., Served]
) -> None:
    served = serve("--demo")
    url_line, fingerprint_line = served.line(), served.line()
    url = re.fullmatch(r"url: (https://127\.0\.0\.1:([0-9]+))", url_line)
    fingerprint = re.fullmatch(r"sha256: ([0-9a-f]{64})", fingerprint_line)
    assert url is not None, url_line
    assert fingerprint is not None, fingerprint_line
    assert fingerprint.group(1) == fingerprint_sha256((data_dir / "cert.pem").read_bytes())
    assert served_fingerprint("127.0.0.1", int(url.group(2))) == fingerprint.group(1)
    with requests.Session() as http:
        http.trust_env = False
        reply = http.get(url.group(1) + "/v1/health", verify=str(data_dir / "cert.pem"), timeout=10)
    assert reply.json()["status"] == "ok"
    assert (data_dir / "devices" / "dscuser-dscplus.json").exists()  # --demo seeded
    assert served.stop(signal.SIGTERM) == 0

    again = serve("--demo")
    assert again.line().startswith("url: https://127.0.0.1:")
    assert again.line() == fingerprint_line  # the same certificate, reused
    assert again.stop(signal.SIGINT) == 0


@pytest.mark.parametrize("port", ["-1", "65536", "http", "８０"])
def test_serve_refuses_a_bad_port(data_dir: Path, port: str) -> None:
    assert "port" in refused(data_dir, "serve", "--port", port)


def test_serve_refuses_a_port_in_use(data_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        err = refused(data_dir, "serve", "--port", str(taken.getsockname()[1]))
    assert "cannot listen" in err


# --- users -------------------------------------------------------------------------------------------------


def test_user_add_reads_the_password_from_stdin_and_the_login_works(data_dir: Path) -> None:
    assert "added live user alice" in ok(
        data_dir, "user", "add", "alice", "--password-stdin", stdin="s3cret pw\n"
    )
    gateway = Gateway(data_dir, clock=HarnessClock())
    try:
        client = srp.SrpClient("alice", limits=DEFAULT_LIMITS)
        started = gateway.service.start_login("alice", "live", client.public, "127.0.0.1")
        proof = client.respond(
            "s3cret pw",
            b64d(started["salt"]),
            KdfParams.from_dict(started["kdf"]),
            b64d(started["server_public"]),
        )
        with pytest.raises(Exception, match="NO_DEVICE"):  # password right; no device enrolled yet
            gateway.service.prove(started["login_token"], proof, "127.0.0.1")
    finally:
        gateway.close()


def test_user_add_refuses_an_existing_name_a_bad_name_and_an_empty_password(data_dir: Path) -> None:
    ok(data_dir, "user", "add", "alice", "--password-stdin", stdin="pw\n")
    assert "already exists" in refused(data_dir, "user", "add", "alice", "--password-stdin", stdin="pw\n")
    assert "BAD CHARACTER" in refused(data_dir, "user", "add", "al ice", "--password-stdin", stdin="pw\n")
    assert "empty" in refused(data_dir, "user", "add", "bob", "--password-stdin", stdin="\n")


def test_the_password_is_never_an_argument(data_dir: Path) -> None:
    assert "unrecognized arguments" in refused(data_dir, "user", "add", "bob", "hunter2")


def test_user_add_asks_twice_without_stdin(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["one", "two"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert "differ" in refused(data_dir, "user", "add", "bob")
    answers = iter(["same", "same"])
    assert "added" in ok(data_dir, "user", "add", "bob")


# --- devices -------------------------------------------------------------------------------------------


@pytest.fixture
def alice(data_dir: Path) -> Path:
    """A data directory with a live user `alice` (cheap KDF: added through the desk, not the CLI)."""
    gateway = Gateway(data_dir, config=cheap_config(), clock=HarnessClock())
    gateway.desk.add_user("alice", "pw")
    gateway.close()
    return data_dir


def test_device_add_dscplus_exports_the_emulator(alice: Path, tmp_path: Path) -> None:
    exported = tmp_path / "dsc.json"
    out = ok(alice, "device", "add", "alice", "dscplus", "--pin", "1234", "--export", str(exported))
    device = files.load(exported)
    assert isinstance(device, DscPlus)
    assert device.serial in out
    assert device.serial in ok(alice, "device", "list", "alice")


def test_device_add_reads_the_pin_from_stdin(alice: Path) -> None:
    assert "added dscplus" in ok(alice, "device", "add", "alice", "dscplus", "--pin-stdin", stdin="4321\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dscplus", "--pin", "12"], "4 digits"),
        (["dscplus", "--pin", "abcd"], "4 digits"),
        (["dscplus"], "4 digits"),
        (["sms", "--phone", "555-0123"], "E.164"),
        (["sms"], "E.164"),
        (["card", "--pin", "1234"], "only for dscplus devices"),
        (["dscplus", "--pin", "1234", "--phone", "+15555550123"], "only for sms devices"),
        (["watch"], "invalid choice"),
        (["dscplus", "--pin", "1234", "--export", "/no/such/dir/f.json"], "no such directory"),
    ],
)
def test_device_add_refuses_bad_input_and_changes_nothing(alice: Path, argv: list[str], message: str) -> None:
    before = ok(alice, "device", "list", "alice")
    assert message in refused(alice, "device", "add", "alice", *argv)
    assert ok(alice, "device", "list", "alice") == before


def test_device_add_for_an_unknown_user_is_refused(alice: Path) -> None:
    assert "no user name" in refused(alice, "device", "add", "nobody", "card")


def test_every_device_kind_can_be_added_and_exported(alice: Path, tmp_path: Path) -> None:
    kinds = {"ibkey": [], "card": [], "online-card": [], "sms": ["--phone", "+15555550100"]}
    for kind, extra in kinds.items():
        ok(alice, "device", "add", "alice", kind, *extra, "--export", str(tmp_path / f"{kind}.json"))
    assert isinstance(files.load(tmp_path / "card.json"), SecurityCodeCard)
    assert isinstance(files.load(tmp_path / "sms.json"), Phone)
    listing = ok(alice, "device", "list", "alice")
    assert re.search(r"SMS-[0-9A-F]{8}\s+sms\s+active", listing)
    assert "+1 ••• ••• 0100" in listing


def test_device_lost_reactivate_and_remove(alice: Path) -> None:
    out = ok(alice, "device", "add", "alice", "card")
    (serial,) = re.findall(r"SCC[0-9]{8}", out)
    ok(alice, "device", "lost", "alice", serial)
    assert re.search(rf"{serial}\s+card\s+lost", ok(alice, "device", "list", "alice"))
    ok(alice, "device", "reactivate", "alice", serial)
    assert re.search(rf"{serial}\s+card\s+active", ok(alice, "device", "list", "alice"))
    ok(alice, "device", "remove", "alice", serial)
    assert "no devices" in ok(alice, "device", "list", "alice")
    assert "has no device" in refused(alice, "device", "lost", "alice", serial)


# --- the desk ------------------------------------------------------------------------------------------


def test_temp_passcode_is_printed_and_not_issued_twice_in_a_row(alice: Path) -> None:
    out = ok(alice, "temp-passcode", "alice")
    assert re.fullmatch(r"[A-Z2-9]{8}\n", out)
    assert "twice in a row" in refused(alice, "temp-passcode", "alice")
    assert "in use" in ok(alice, "status", "alice")


def test_status_unlock_and_failures(alice: Path) -> None:
    gateway = Gateway(alice, config=cheap_config(), clock=time.time)
    with gateway.store.write() as connection:
        for _ in range(10):
            gateway.config.lockout.record_failure(connection, "alice", time.time())
    gateway.close()
    status = ok(alice, "status", "alice", language="en")
    assert re.search(r"failures:\s+10 in the last 24 hours", status)
    assert re.search(r"locked until:\s+[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d \S+\n", status)
    assert "is unlocked" in ok(alice, "unlock", "alice")
    status = ok(alice, "status", "alice")
    assert re.search(r"failures:\s+0 in", status)
    assert "not locked" in status
    assert "exists:" in ok(alice, "status", "nobody")


@pytest.mark.parametrize(
    ("language", "zone", "shown"),
    [
        ("en", UTC, "Sat 16 Jan 2027, 08:00 UTC"),
        ("ja_JP.UTF-8", ZoneInfo("Asia/Tokyo"), "2027年1月16日(土) 17:00 JST"),
        ("ru", ZoneInfo("Europe/Moscow"), "сб, 16 янв. 2027 г., 11:00 MSK"),
    ],
)
def test_the_desk_shows_moments_the_one_way_in_its_language_and_zone(
    alice: Path, language: str, zone: Any, shown: str
) -> None:
    """`moments.show` at the desk: the terminal's language and the machine's zone by default (injected
    here); a lock recorded at START (clock injected) ends 24 h later."""
    start = 1_800_000_000.0  # Fri 15 Jan 2027, 08:00 UTC
    gateway = Gateway(alice, config=cheap_config(), clock=HarnessClock(start))
    with gateway.store.write() as connection:
        for _ in range(10):
            gateway.config.lockout.record_failure(connection, "alice", start)
    gateway.close()
    status = ok(alice, "status", "alice", language=language, zone=zone)
    assert re.search(rf"locked until:\s+{re.escape(shown)}\n", status), status


def test_the_desk_s_language_is_the_terminal_s_by_default(
    alice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = 1_800_000_000.0
    gateway = Gateway(alice, config=cheap_config(), clock=HarnessClock(start))
    with gateway.store.write() as connection:
        for _ in range(10):
            gateway.config.lockout.record_failure(connection, "alice", start)
    gateway.close()
    for variable in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert re.search(
        r"locked until:\s+2027年1月16日\(土\) 17:00 JST\n",
        ok(alice, "status", "alice", zone=ZoneInfo("Asia/Tokyo")),
    )


def test_opt_out_opt_in_and_ip_allow(alice: Path) -> None:
    ok(alice, "opt-out", "alice", "--portal-only")
    assert "platform only" in ok(alice, "status", "alice")
    ok(alice, "opt-in", "alice")
    ok(alice, "ip-allow", "alice", "127.0.0.1", "::1")
    assert "127.0.0.1, ::1" in ok(alice, "status", "alice")
    assert "does not appear to be an IPv4 or IPv6 address" in refused(alice, "ip-allow", "alice", "localhost")
    assert "cleared" in ok(alice, "ip-allow", "alice")
    assert re.search(r"IP restriction:\s+none", ok(alice, "status", "alice"))


def test_link_accounts(alice: Path) -> None:
    assert "U1, U2" in ok(alice, "link-accounts", "alice", "U1=Individual", "U2=Joint account")
    assert "ACCOUNT=TITLE" in refused(alice, "link-accounts", "alice", "U3")
    assert "ACCOUNT=TITLE" in refused(alice, "link-accounts", "alice", "=Title")


def test_share_device_between_different_people_is_refused(alice: Path) -> None:
    ok(alice, "user", "add", "bob", "--password-stdin", stdin="pw\n")
    out = ok(alice, "device", "add", "alice", "dscplus", "--pin", "1234")
    (serial,) = re.findall(r"DSC[0-9]{8}", out)
    assert "identical identity" in refused(alice, "share-device", "alice", "bob", serial, "--review")


def test_online_card_as_text_png_and_pdf(alice: Path, tmp_path: Path) -> None:
    text = ok(alice, "online-card", "alice")
    assert text.startswith("ONLINE SECURITY CODE CARD  OSC")
    assert len(re.findall(r"\b\d{1,3} [A-Z2-9]{3}\b", text)) == 100
    png = tmp_path / "card.png"
    assert str(png) in ok(alice, "online-card", "alice", "--png", str(png))
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    idat = data.index(b"IDAT")
    pixels = zlib.decompress(data[idat + 4 : idat + 4 + int.from_bytes(data[idat - 4 : idat], "big")])
    assert len(pixels) == height * (width + 1)
    pdf = tmp_path / "card.pdf"
    ok(alice, "online-card", "alice", "--pdf", str(pdf))
    document = pdf.read_bytes()
    assert document.startswith(b"%PDF-1.4")
    assert document.rstrip().endswith(b"%%EOF")
    start = int(document.rsplit(b"startxref", 1)[1].split()[0])
    assert document[start:].startswith(b"xref")
    offsets = [int(line[:10]) for line in document[start:].split(b"\n")[3:9]]
    for number, offset in enumerate(offsets, start=1):
        assert document[offset:].startswith(b"%d 0 obj" % number)
    assert "no such directory" in refused(alice, "online-card", "alice", "--png", "/no/such/dir/card.png")


def test_outbox_shows_the_texted_code(seeded_dir: Path) -> None:
    assert "no messages sent" in ok(seeded_dir, "outbox", "--phone", "+19999999999")
    gateway = Gateway(seeded_dir, config=cheap_config(), clock=time.time)
    try:
        client = srp.SrpClient("smsuser", limits=TEST_LIMITS)
        started = gateway.service.start_login("smsuser", "live", client.public, "127.0.0.1")
        proof = client.respond(
            "demo123",
            b64d(started["salt"]),
            KdfParams.from_dict(started["kdf"]),
            b64d(started["server_public"]),
        )
        gateway.service.prove(started["login_token"], proof, "127.0.0.1")
    finally:
        gateway.close()
    out = ok(seeded_dir, "outbox", "--phone", DEMO_PHONE, language="en", zone=UTC)
    assert re.search(r", \d\d:\d\d:\d\d UTC  sms\s+\+15555550123  Trader Login security code: \d{6}\.", out)


def test_demo_is_idempotent(seeded_dir: Path) -> None:
    assert "already exist" in ok(seeded_dir, "demo")


def test_a_bad_database_url_is_refused_without_repeating_it(data_dir: Path) -> None:
    for url in ("not a url", "postgresql+nosuchdriver://admin:hunter2@localhost/db"):
        status, _, err = run(data_dir, "status", "alice", "--db", url)
        assert status == 2
        assert "cannot open the database" in err
        assert "hunter2" not in err


def test_help_and_missing_command(data_dir: Path) -> None:
    assert run(data_dir, "status", "--help")[0] == 0
    assert main([]) == 2
    assert main(["device"]) == 2


def test_python_dash_m_runs_the_cli(data_dir: Path) -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "trader_login.auth.gateway",
            "user",
            "add",
            "carol",
            "--password-stdin",
            "--data-dir",
            str(data_dir),
        ],
        input="pw\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "added live user carol" in done.stdout
    assert re.search(r"exists:\s+yes", ok(data_dir, "status", "carol"))


def test_the_sls_gateway_script_is_declared() -> None:
    scripts = importlib.metadata.entry_points(group="console_scripts")
    (script,) = [s for s in scripts if s.name == "sls-gateway"]
    assert script.value == "trader_login.auth.gateway.cli:main"


# --- passwords and restart grants (issue 19) ---------------------------------------------------------------


def _grant_for(data_dir: Path, user: str = "dscuser", *, start: float = 1_800_000_000.0) -> dict[str, Any]:
    """A full login of `user` on the seeded gateway, its restart grant, the logout: the grant."""
    from tests.gateway.conftest import Sls
    from tests.gateway.restart_support import granted

    gateway = Gateway(data_dir, config=cheap_config(), clock=HarnessClock(start))
    try:
        _, grant = granted(Sls(gateway), user)
    finally:
        gateway.close()
    return grant


def test_user_password_sets_a_new_password_and_ends_the_restart_grants(seeded_dir: Path) -> None:
    grant = _grant_for(seeded_dir)
    out = ok(seeded_dir, "user", "password", "dscuser", "--password-stdin", stdin="n3w pass\n")
    assert "password set for dscuser" in out
    assert "n3w pass" not in out
    gateway = Gateway(seeded_dir, config=cheap_config(), clock=HarnessClock())
    try:
        from tests.gateway.conftest import Sls

        sls = Sls(gateway)
        assert sls.refused_any(sls.password, "dscuser", "demo123") == "INVALID_CREDENTIALS"
        assert sls.password("dscuser", "n3w pass")[1]["step"] == "second_factor"
        (row,) = gateway.desk.restart_grants("dscuser")
        assert (row["id"], row["status"], row["end_reason"]) == (grant["id"], "ended", "password")
    finally:
        gateway.close()


def test_user_password_refuses_an_unknown_name_an_empty_password_and_two_different_entries(
    seeded_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or "x")
    assert "no user name 'nobody'" in refused(seeded_dir, "user", "password", "nobody")
    assert asked == []  # refused before asking
    assert "empty" in refused(seeded_dir, "user", "password", "dscuser", "--password-stdin", stdin="\n")
    answers = iter(["one", "two"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert "differ" in refused(seeded_dir, "user", "password", "dscuser")
    assert "unrecognized arguments" in refused(seeded_dir, "user", "password", "dscuser", "hunter2")
    gateway = Gateway(seeded_dir, config=cheap_config(), clock=HarnessClock())
    try:
        from tests.gateway.conftest import Sls

        sls = Sls(gateway)
        assert sls.password("dscuser", "demo123")[1]["step"] == "second_factor"  # nothing changed
    finally:
        gateway.close()


def test_restart_grant_list_shows_the_table(seeded_dir: Path) -> None:
    assert ok(seeded_dir, "restart-grant", "list").strip() == "no restart grants"
    assert ok(seeded_dir, "restart-grant", "list", "dscuser").strip() == "dscuser has no restart grants"
    grant = _grant_for(seeded_dir)
    other = _grant_for(seeded_dir, "carduser")
    listed = ok(seeded_dir, "restart-grant", "list", language="en", zone=UTC)
    lines = listed.splitlines()
    assert lines[0].split() == [
        "ID", "USER", "MODE", "LABEL", "STATUS", "CREATED", "CUT-OFF", "LAST-USED", "ENDED", "REASON"
    ]  # fmt: skip
    assert len(lines) == 3
    assert grant["id"] in listed
    assert other["id"] in listed
    assert "Fri 15 Jan 2027, 08:00 UTC" in listed  # created
    assert "Sun 17 Jan 2027, 06:00 UTC" in listed  # the cut-off: Sunday 01:00 US/Eastern
    assert "trading box" in listed
    only = ok(seeded_dir, "restart-grant", "list", "carduser", language="en", zone=UTC)
    assert other["id"] in only
    assert grant["id"] not in only
    assert "no user name 'nobody'" in refused(seeded_dir, "restart-grant", "list", "nobody")
    status = ok(seeded_dir, "status", "dscuser", language="en", zone=UTC)
    assert re.search(r"restart grants:\s+live trading box until Sun 17 Jan 2027, 06:00 UTC\n", status), status
    assert re.search(r"restart grants:\s+none\n", ok(seeded_dir, "status", "ibkeyuser")), "none"


def test_restart_grant_revoke_one_or_all_and_refusals(seeded_dir: Path) -> None:
    grant = _grant_for(seeded_dir)
    assert "has no active restart grant 'RG-0'" in refused(
        seeded_dir, "restart-grant", "revoke", "dscuser", "RG-0"
    )
    assert ok(seeded_dir, "restart-grant", "revoke", "dscuser", grant["id"]).strip() == (
        f"revoked {grant['id']} of dscuser"
    )
    assert (
        ok(seeded_dir, "restart-grant", "revoke", "dscuser").strip() == "dscuser has no active restart grant"
    )
    listed = ok(seeded_dir, "restart-grant", "list", "dscuser", language="en", zone=UTC)
    assert "ended" in listed
    assert "revoked" in listed
    second = _grant_for(seeded_dir)
    assert (
        ok(seeded_dir, "restart-grant", "revoke", "dscuser").strip() == f"revoked {second['id']} of dscuser"
    )
    assert "no user name 'nobody'" in refused(seeded_dir, "restart-grant", "revoke", "nobody")
    gateway = Gateway(seeded_dir, config=cheap_config(), clock=HarnessClock())
    try:
        from trader_login.auth.gateway.audit import recent

        revoked = [e for e in recent(gateway.store, "dscuser") if e.kind == "desk.restart_grant_revoked"]
        assert [e.detail["grant"] for e in revoked] == [second["id"], grant["id"]]
        assert all(e.actor for e in revoked)
    finally:
        gateway.close()


def test_an_expired_grant_is_listed_as_expired_at_its_cutoff(seeded_dir: Path) -> None:
    grant = _grant_for(seeded_dir)
    after = grant["cutoff_at"] + 60
    listed = ok(seeded_dir, "restart-grant", "list", "dscuser", language="en", zone=UTC, clock=lambda: after)
    assert "expired" in listed
    assert "cutoff" in listed


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--restart-cutoff", "Sunday 25:00 America/New_York"], "not a time of day"),
        (["--restart-cutoff", "Sun 01:00 Mars/Base"], "not a time zone this computer knows"),
        (["--restart-grants", "maybe"], "write on or off"),
    ],
)
def test_a_bad_restart_setting_is_refused_at_start_with_one_line(
    seeded_dir: Path, argv: list[str], message: str
) -> None:
    err = refused(seeded_dir, "status", "dscuser", *argv)
    assert message in err.strip().splitlines()[-1]  # argparse's usage, then the one problem


def test_a_bad_restart_cutoff_from_the_environment_is_one_line(
    seeded_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLS_RESTART_CUTOFF", "Caturday 01:00 UTC")
    err = refused(seeded_dir, "status", "dscuser")
    assert err.strip() == (
        "sls-gateway: SLS_RESTART_CUTOFF 'Caturday 01:00 UTC': 'Caturday' is not a day of the week: a weekly "
        'cut-off is "<day> <HH:MM> <time zone>", such as "Sun 01:00 America/New_York"'
    )


def test_the_gateway_s_switches_reach_the_gateway_it_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--push-number-matching off`, `--restart-grants off` and `--restart-cutoff` are not only parsed: the
    gateway every command opens is configured with them."""
    from trader_login.auth.gateway import cli as gateway_cli

    opened: dict[str, Any] = {}

    class OpenedError(Exception):
        pass

    def open_gateway(*args: Any, **kwargs: Any) -> Any:
        opened.update(kwargs)
        raise OpenedError

    monkeypatch.setattr(gateway_cli.Gateway, "open", open_gateway)
    argv = ["status", "dscuser", "--data-dir", str(tmp_path / "data"), "--push-number-matching", "off"]
    argv += ["--restart-grants", "off", "--restart-cutoff", "Sat 23:30 Asia/Tokyo"]
    with pytest.raises(OpenedError):
        main(argv)
    config = opened["config"]
    assert config.push_number_matching is False
    assert config.restart_grants is False
    assert str(config.restart_cutoff) == "Sat 23:30 Asia/Tokyo"
