"""The operator's path, proven (`make operator-check`, part of `make test`): run by the Python of a fresh
virtual environment into which `trader-login[postgres]` was installed from this checkout's wheel, it starts
a throw-away PostgreSQL server (tests/postgres_server.py), serves that environment's `sls-gateway serve
--db postgresql://...` on it with the password in PGPASSWORD (never on the command line), and logs a demo
user in over HTTPS with the project's own client (SRP, then the DSC+ emulator's answer), grants this
computer a restart and restarts without the second factor (issue 19), then logs out.

Run as a script (`python tests/operator_check.py`), not imported from the checkout: `trader_login` must come
from the environment's site-packages, and the check says so. Every wait is on a state (a line printed, a
process ended) with a generous safety net; exit status 0 when the login worked.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from postgres_server import PostgresServer  # this script's folder is first on sys.path

CHECKOUT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0  # the gateway's first lines: a safety net for a loaded machine (it takes seconds)
STOP_TIMEOUT = 60.0
USER = "dscuser"


def installed_package() -> Path:
    """The `trader_login` this check runs: the environment's install, not the checkout's folders."""
    import trader_login

    location = Path(trader_login.__file__).resolve().parent
    if Path(sys.prefix).resolve() not in location.parents:
        raise SystemExit(f"operator check: trader_login is {location}, not this environment's install")
    import psycopg  # the `postgres` extra brought the driver

    print(f"operator check: trader_login from {location}, psycopg {psycopg.__version__}")
    return location


class Gateway:
    """`sls-gateway serve` as a child; its stdout lines arrive in a queue."""

    def __init__(self, program: Path, data_dir: Path, server: PostgresServer, database: str) -> None:
        self.url_given = server.url(database, password=False)
        argv = [str(program), "serve", "--port", "0", "--demo", "--data-dir", str(data_dir)]
        argv += ["--db", self.url_given]
        self.stderr = data_dir.parent / "serve.err"
        with self.stderr.open("wb") as stderr:
            self.process = subprocess.Popen(  # noqa: S603 - the installed program, our arguments
                argv,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env={**os.environ, **server.environment()},
                cwd=data_dir.parent,
            )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)  # the child closed its output: it has ended

    def line(self) -> str:
        try:
            line = self.lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            line = None
        if line is None:
            raise SystemExit(f"operator check: no line from sls-gateway serve; stderr:\n{self.log()}")
        return line

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        assert self.process.stdout is not None
        self.process.stdout.close()
        return self.process.returncode


def log_in(url: str, fingerprint: str, data_dir: Path) -> str:
    """The demo user's whole login with the project's client: password by SRP, the DSC+ emulator's answer
    from the device file `--demo` wrote; returns the user name the session reports, after logging out."""
    from trader_login.app.harness import dsc_response
    from trader_login.auth import restart
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.transport import GatewayClient
    from trader_login.auth.client.views import Stage
    from trader_login.auth.devices import files
    from trader_login.auth.gateway.demo_users import DEMO_PASSWORD

    client = GatewayClient(url, fingerprint=fingerprint, connect_timeout=30, read_timeout=120)
    try:
        flow = LoginFlow(client)
        view = flow.log_in(USER, DEMO_PASSWORD)
        assert view.stage is Stage.SECOND_FACTOR, view
        assert view.challenge is not None
        assert view.challenge.kind == "dscplus", view.challenge
        assert view.challenge.digits is not None
        dsc = files.load(data_dir / "devices" / f"{USER}-dscplus.json")
        view = flow.respond(dsc_response(dsc, view.challenge.digits))
        assert view.stage is Stage.DONE, view
        assert view.session is not None
        username = view.session.username
        # Issue 19 on the operator's database: this computer's restart grant, then a restart with the
        # password and the device key only (no second factor), until the weekly cut-off.
        key = restart.new_device_key()
        view = flow.grant_restart(restart.public_bytes(key), "operator check")
        assert view.stage is Stage.DONE, view
        assert view.session is not None
        grant = view.session.restart_grant
        assert grant is not None, view.session
        assert grant.cutoff_at > grant.created_at, grant
        view = flow.log_out()
        assert view.stage is Stage.CREDENTIALS, view
        view = flow.log_in(USER, DEMO_PASSWORD, restart=_Key(grant.id, key))
        assert view.stage is Stage.DONE, view
        assert view.session is not None
        assert view.session.opened_by_restart, view.session
        view = flow.log_out(forget_device=True)
        assert view.stage is Stage.CREDENTIALS, view
        return username
    finally:
        client.close()


class _Key:
    """A restart key held in memory (the app keeps it in the keychain: app/restart_keys.py)."""

    def __init__(self, grant_id: str, key: object) -> None:
        self.grant_id = grant_id
        self._key = key

    def sign(self, payload: bytes) -> bytes:
        from trader_login.auth import restart

        return restart.sign(self._key, payload)


def visible_arguments(pid: int) -> str:
    """The command line `ps` shows for `pid` (Linux); empty elsewhere."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    return cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace") if cmdline.exists() else ""


def main() -> int:
    installed_package()
    program = Path(sys.executable).parent / "sls-gateway"
    if not program.exists():
        raise SystemExit(f"operator check: no {program}: is trader-login installed in this environment?")
    work = Path(tempfile.mkdtemp(prefix="sls-operator-"))
    server = PostgresServer().start()
    gateway = None
    try:
        database = server.create_database("sls")
        gateway = Gateway(program, work / "data", server, database)
        url = re.fullmatch(r"url: (https://127\.0\.0\.1:[0-9]+)", gateway.line())
        fingerprint = re.fullmatch(r"sha256: ([0-9a-f]{64})", gateway.line())
        if url is None or fingerprint is None:
            raise SystemExit(f"operator check: unexpected output; stderr:\n{gateway.log()}")
        print(f"operator check: {program} serving {url.group(1)} on {gateway.url_given}")
        assert server.password not in visible_arguments(gateway.process.pid), "the password is in ps"
        username = log_in(url.group(1), fingerprint.group(1), work / "data")
        assert username == USER, username
        print(
            f"operator check: {USER} logged in over HTTPS, granted a restart, restarted without the second "
            "factor, logged out"
        )
        status = gateway.stop()
        assert status == 0, f"sls-gateway serve ended with {status} on SIGTERM; stderr:\n{gateway.log()}"
        assert server.password not in gateway.log(), "the password reached the gateway's log"
    finally:
        if gateway is not None:
            gateway.stop()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("operator check: passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
