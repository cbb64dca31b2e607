"""Gateway throughput: complete logins per second with N gateway processes on SQLite or PostgreSQL, against
the bare modular-exponentiation bound, and where the CPU goes (gateway, clients, PostgreSQL), as JSON.

    .venv/bin/python benchmarks/gateway.py [--db sqlite|postgres|URL] [--processes N] [--clients C]
                                           [--seconds S] [--logins L] [--fsync on|off] [--no-metrics]

The gateway runs as operators run it: `sls-gateway serve --workers N`'s code path (workers.py: a supervisor
binds one socket and forks N worker processes, each its own uvicorn, HTTPS on 127.0.0.1) in a subprocess,
on a temporary data directory whose users each have a DSC+, with the rate limit off (every client comes
from 127.0.0.1), its audit trail and metrics as `serve` keeps them (`--no-metrics` as `serve --no-metrics`).
`--db sqlite` (the default) is the data directory's SQLite database; `--db postgres`
starts a throw-away PostgreSQL server (tests/postgres_server.py) for the run, durable unless `--fsync off`
(fsync, synchronous_commit and full_page_writes as an operator's server has them); `--db URL` uses a
database of your own (it must be empty: the run creates its users there; its server's CPU is not measured).

C client processes (default 16) each repeat a complete login over one keep-alive TLS connection - start,
proof (M2 checked), the DSC+ emulator's response, session - then a logout (in the rate, not in the latency).
The run stops after L logins or S seconds, whichever comes first. The clients are lean, since they share
the machine's cores with the gateway: a blocking TLS socket and a minimal HTTP/1.1 exchange (no HTTP
library), and `auth/srp.py`'s client with its 256-bit exponent and `auth/modexp.py`'s arithmetic (GMP
where gmpy2 is installed). Users keep the cheap test KDF cost (`auth.kdf.TEST_COST`): the client-side
Argon2id is a desktop cost, kept out of what is measured here; the gateway never runs the KDF in a login.

CPU per login is read from /proc (utime + stime) for the gateway's processes (supervisor and workers), the
PostgreSQL server's processes (postmaster, its live children, and those that ended during the run), and
the clients' own process time; `machine_busy` is the share of all CPUs not idle during the run (/proc/stat).

The bound is measured in the same run, before and after the load, single-threaded, with the function the
gateway computes with (`auth.modexp.powmod`: GMP or CPython's pow, `modexp_backend`): the gateway's modular
exponentiations of one login (g^b for B, v^u, (A*v^u)^b) with b drawn as the gateway draws it. Each gateway
process does them on one core at a time (they hold the GIL), so bound = min(N, usable CPUs) /
t_modexp_per_login. docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import base64
import json
import multiprocessing as mp
import os
import platform
import secrets
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trader_login.auth import modexp, srp
from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams

PASSWORD = "bench-password"  # noqa: S105 - a throw-away user in a temporary directory
PIN = "1234"
TIMEOUT = 30.0  # per request; never reached when things work
BOUND_ROUNDS = 41  # before the load and again after it
START_TIMEOUT = 120.0
DB_URL_ENV = "BENCH_GATEWAY_DB"  # the database URL for the gateway subprocess: never on a command line


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def bench_config():
    from trader_login.auth.gateway.service import GatewayConfig

    return GatewayConfig(kdf_cost=dict(TEST_COST), rate_limit=None)


# --- the gateway: a subprocess running workers.py, as `sls-gateway serve --workers N` ------------------


def serve_gateway(data_dir: str, processes: int, metrics: bool) -> int:
    """The gateway subprocess: `serve --workers N`'s supervisor and workers (workers.serve), on the data
    directory and the database in $BENCH_GATEWAY_DB; prints url:, sha256:, cert: and runs until SIGTERM."""
    import logging

    from trader_login.auth.gateway import workers
    from trader_login.auth.gateway.config import Settings
    from trader_login.auth.gateway.gateway import Gateway

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    gateway = Gateway.open(Path(data_dir), db_url=os.environ.get(DB_URL_ENV) or None, config=bench_config())
    try:
        return workers.serve(gateway, Settings(workers=processes, no_metrics=not metrics), sys.stdout)
    finally:
        gateway.close()


class GatewayProcess:
    def __init__(self, data_dir: Path, processes: int, db_url: str | None, metrics: bool) -> None:
        env = {**os.environ, DB_URL_ENV: db_url or ""}
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--serve-gateway", str(data_dir), str(processes), str(int(metrics))],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        lines: dict[str, str] = {}
        deadline = time.monotonic() + START_TIMEOUT
        assert self.process.stdout is not None
        while "cert" not in lines:
            line = self.process.stdout.readline()
            if not line or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the gateway did not start")
            key, _, value = line.strip().partition(": ")
            lines[key] = value
        self.url, self.cert = lines["url"], lines["cert"]
        self.workers = children(self.process.pid)
        if len(self.workers) != processes:
            self.stop()
            raise RuntimeError(f"expected {processes} gateway workers, found {len(self.workers)}")

    def cpu(self) -> float:
        return cpu_seconds([self.process.pid, *self.workers])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


# --- /proc: CPU time of processes ----------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the 3rd (state) on


def cpu_seconds(pids: list[int], *, reaped_children: bool = False) -> float:
    """utime + stime of `pids` (and with `reaped_children` the CPU of their children that have ended)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields is None:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if reaped_children:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / _TICK


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == parent:
                found.append(int(entry.name))
    return sorted(found)


def machine_times() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat's first line)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    total = sum(values[:8])
    return (total - idle) / _TICK, total / _TICK


class Postgres:
    """The database the run uses: a throw-away server (tests/postgres_server.py) or a URL given."""

    def __init__(self, url: str | None, fsync: str) -> None:
        self.server = None
        self.fsync = fsync
        if url is not None:
            self.url = url
            return
        from tests import postgres_server

        postgres_server.SETTINGS = {
            **postgres_server.SETTINGS,
            "fsync": fsync,
            "synchronous_commit": fsync,
            "full_page_writes": fsync,
        }
        self.server = postgres_server.PostgresServer().start()
        self.url = self.server.url(self.server.create_database())

    def cpu(self) -> float | None:
        """CPU seconds of the server so far: the postmaster, its live children, and its ended ones."""
        if self.server is None:
            return None
        postmaster = int((self.server.data / "postmaster.pid").read_text().split()[0])
        return cpu_seconds([postmaster], reaped_children=True) + cpu_seconds(children(postmaster))

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


# --- a client: a lean HTTPS keep-alive connection and one trader ----------------------------------------


class LoginError(Exception):
    pass


class Http:
    """One keep-alive HTTPS connection with the least client work: a request is one write, a reply is
    read up to its Content-Length (uvicorn always sends one for these JSON replies)."""

    def __init__(self, url: str, cert: str) -> None:
        host, _, port = url.removeprefix("https://").rpartition(":")
        context = ssl.create_default_context(cafile=cert)
        raw = socket.create_connection((host, int(port)), timeout=TIMEOUT)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = context.wrap_socket(raw, server_hostname=host)
        self.host = f"Host: {host}:{port}\r\n".encode("ascii")
        self.buffer = b""

    def post(self, path: str, body: dict[str, Any] | None, token: str = "") -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else b""
        head = [b"POST ", path.encode("ascii"), b" HTTP/1.1\r\n", self.host]
        if data:
            head.append(b"Content-Type: application/json\r\n")
        if token:
            head.append(f"Authorization: Bearer {token}\r\n".encode("ascii"))
        head.append(b"Content-Length: %d\r\n\r\n" % len(data))
        self.sock.sendall(b"".join(head) + data)
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._read()
        header, self.buffer = self.buffer[:end].lower(), self.buffer[end + 4 :]
        status = int(header[9:12])
        at = header.find(b"content-length:")
        if at < 0:
            raise LoginError(f"{path}: a reply without Content-Length")
        length = int(header[at + 15 : header.find(b"\r\n", at) if b"\r\n" in header[at:] else None])
        while len(self.buffer) < length:
            self._read()
        reply, self.buffer = self.buffer[:length], self.buffer[length:]
        if status != 200:
            raise LoginError(f"{path}: HTTP {status} {reply[:200]!r}")
        return json.loads(reply)

    def _read(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise LoginError("the gateway closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.sock.close()


class Trader:
    """One client: a keep-alive connection, one user name and its DSC+."""

    def __init__(self, url: str, cert: str, username: str, device: dict[str, Any]) -> None:
        from trader_login.auth.devices.dscplus import DscPlus

        self.http = Http(url, cert)
        self.username = username
        self.dsc = DscPlus.from_dict(device)

    def log_in_and_out(self) -> float:
        """One complete login, then its logout. Returns the seconds from the first request to the session."""
        post = self.http.post
        begin = time.monotonic()
        client = srp.SrpClient(self.username, limits=TEST_LIMITS)
        started = post(
            "/v1/login/start",
            {"username": self.username, "mode": "live", "client_public": b64(client.public)},
        )
        token = started["login_token"]
        proof = client.respond(
            PASSWORD,
            base64.b64decode(started["salt"]),
            KdfParams.from_dict(started["kdf"]),
            base64.b64decode(started["server_public"]),
        )
        proved = post("/v1/login/proof", {"client_proof": b64(proof)}, token)
        client.verify_server(base64.b64decode(proved["server_proof"]))  # the gateway proves itself first
        if proved.get("step") != "second_factor" or proved["challenge"]["kind"] != "dscplus":
            raise LoginError(f"unexpected step after the proof: {proved.get('step')}")
        self.dsc.press_button()
        for key in PIN:
            self.dsc.press_key(key)
        self.dsc.press_ok()
        for key in proved["challenge"]["challenge"]:
            self.dsc.press_key(key)
        self.dsc.press_ok()
        session = post("/v1/login/respond", {"response": self.dsc.display}, token)
        if session.get("step") == "existing_session":  # a logout that failed earlier: take over, count it
            session = post("/v1/login/existing-session", {"takeover": True}, token)
            post("/v1/session/logout", None, session["session_token"])
            raise LoginError("the previous session was still open")
        if session.get("step") != "session":
            raise LoginError(f"unexpected step after the response: {session.get('step')}")
        elapsed = time.monotonic() - begin
        if post("/v1/session/logout", None, session["session_token"]).get("status") != "logged_out":
            raise LoginError("the logout did not end the session")
        return elapsed

    def close(self) -> None:
        self.http.close()


def client_worker(
    url: str,
    cert: str,
    username: str,
    device: dict[str, Any],
    go: Any,
    claimed: Any,
    limit: int,
    seconds: float,
    results: Any,
) -> None:
    trader = None
    try:
        trader = Trader(url, cert, username, device)
        trader.log_in_and_out()  # warm-up: the TLS handshake, imports; not counted
        results.put(("ready", username))
        go.wait()
        latencies: list[float] = []
        errors: list[str] = []
        deadline = time.monotonic() + seconds
        cpu = time.process_time()
        while time.monotonic() < deadline:
            with claimed.get_lock():
                if claimed.value >= limit:
                    break
                claimed.value += 1
            try:
                latencies.append(trader.log_in_and_out())
            except Exception as error:
                errors.append(f"{type(error).__name__}: {str(error)[:200]}")
                trader.close()
                trader = Trader(url, cert, username, device)
        done = {"latencies": latencies, "errors": errors, "end": time.monotonic()}
        results.put(("done", {**done, "cpu": time.process_time() - cpu}))
    except Exception:
        results.put(("failed", traceback.format_exc()))
    finally:
        if trader is not None:
            trader.close()


# --- set-up and the bound ---------------------------------------------------------------------------------


def seed(data_dir: Path, db_url: str | None, clients: int) -> dict[str, dict[str, Any]]:
    """One user with a DSC+ per client, at the cheap KDF cost; returns each user's device (emulator side)."""
    from trader_login.auth.gateway.gateway import Gateway

    gateway = Gateway.open(data_dir, db_url=db_url, config=bench_config())
    devices = {}
    try:
        for index in range(clients):
            username = f"bench{index:02d}"
            gateway.desk.add_user(username, PASSWORD)
            devices[username] = gateway.desk.add_device(username, "dscplus", pin=PIN).to_dict()
    finally:
        gateway.close()
    return devices


def _server_private(record: srp.SrpRecord) -> int:
    return srp.server_challenge(record).private


def modexp_per_login(rounds: int) -> tuple[list[float], int]:
    """Seconds for the gateway's modular exponentiations of one login, one sample per round: g^b mod N for
    B, v^u mod N and (A*v^u)^b mod N, with `modexp.powmod` (what the gateway calls), b drawn as the gateway
    draws it and u the size of a SHA-256 value. Also the largest b seen, in bits."""
    group = srp.GROUP_2048
    prime, generator = group.prime, group.generator
    powmod = modexp.powmod
    verifier = powmod(generator, secrets.randbits(256), prime)
    kdf = KdfParams(b"\0" * 16, **TEST_COST)
    record = srp.SrpRecord("bench00", b"\0" * 16, kdf, group.to_bytes(verifier))
    samples, bits = [], 0
    for _ in range(rounds):
        private = _server_private(record)
        bits = max(bits, private.bit_length())
        client_public = powmod(generator, secrets.randbits(256) | 1 << 255, prime)
        u = secrets.randbits(256) | 1 << 255
        start = time.perf_counter()
        powmod(generator, private, prime)
        powmod(client_public * powmod(verifier, u, prime), private, prime)
        samples.append(time.perf_counter() - start)
    return samples, bits


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "arch": platform.machine(),
        "system": platform.system(),
        "cpu": model or platform.processor(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable_cpus(),
    }


def usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def versions() -> dict[str, str]:
    names = (
        "uvicorn",
        "httptools",
        "uvloop",
        "h11",
        "fastapi",
        "starlette",
        "pydantic",
        "sqlalchemy",
        "psycopg",
        "srptools",
        "gmpy2",
        "cryptography",
    )
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def per_login(seconds: float | None, done: int) -> float | None:
    return round(seconds / done * 1000, 2) if seconds is not None and done else None


# --- the run ---------------------------------------------------------------------------------------------


def run(
    db: str, processes: int, clients: int, seconds: float, logins: int, fsync: str, metrics: bool
) -> dict[str, Any]:
    spawn = mp.get_context("spawn")
    before, bits_before = modexp_per_login(BOUND_ROUNDS)
    postgres = None if db == "sqlite" else Postgres(None if db == "postgres" else db, fsync)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-gateway-") as temp:
            data_dir = Path(temp)
            db_url = postgres.url if postgres is not None else None
            devices = seed(data_dir, db_url, clients)
            gateway = GatewayProcess(data_dir, processes, db_url, metrics)
            try:
                measured = _load(spawn, gateway, postgres, devices, clients, seconds, logins)
            finally:
                gateway.stop()
    finally:
        if postgres is not None:
            postgres.stop()
    after, bits_after = modexp_per_login(BOUND_ROUNDS)  # the machine's speed drifts: before and after

    reports, started, cpu = measured
    latencies = [x for report in reports for x in report["latencies"]]
    errors = [e for report in reports for e in report["errors"]]
    done = len(latencies)
    elapsed = max(report["end"] for report in reports) - started
    logins_per_s = done / elapsed
    t_modexp = statistics.median(before + after)
    cores = min(processes, usable_cpus())
    bound = cores / t_modexp
    clients_cpu = sum(report["cpu"] for report in reports)
    shares = {
        name: round(value / cpu["machine"], 3) if value is not None and cpu["machine"] else None
        for name, value in (
            ("gateway", cpu["gateway"]),
            ("clients", clients_cpu),
            ("postgresql", cpu["postgresql"]),
        )
    }
    return {
        "benchmark": "gateway",
        "python": platform.python_version(),
        "machine": machine(),
        "versions": versions(),
        "modexp_backend": modexp.describe(),
        "db": "sqlite" if db == "sqlite" else "postgresql",
        "postgresql": None
        if postgres is None
        else ("a URL given" if postgres.server is None else f"throw-away server, fsync {fsync}"),
        "processes": processes,
        "metrics": metrics,
        "clients": clients,
        "seconds_limit": seconds,
        "logins_limit": logins,
        "logins": done,
        "errors": len(errors),
        "error_samples": errors[:3],
        "elapsed_s": round(elapsed, 3),
        "logins_per_s": round(logins_per_s, 2),
        "bound_logins_per_s": round(bound, 1),
        "ratio": round(logins_per_s / bound, 3),
        "latency_p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if done else None,
        "latency_p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if done else None,
        "modexp_ms_per_login": round(t_modexp * 1000, 3),
        # Far apart, the machine's speed changed during the run (a shared host): read the run with care.
        "modexp_ms_before_after": [round(statistics.median(x) * 1000, 3) for x in (before, after)],
        "server_exponent_bits": max(bits_before, bits_after),
        "cpu_ms_per_login": {
            "gateway": per_login(cpu["gateway"], done),
            "clients": per_login(clients_cpu, done),
            "postgresql": per_login(cpu["postgresql"], done),
            "machine": per_login(cpu["machine"], done),
        },
        "cpu_share_of_busy": shares,
        "machine_busy": round(cpu["machine"] / (elapsed * usable_cpus()), 3),
        "assumptions": [
            "bound = min(processes, usable CPUs) / modexp_ms_per_login: each gateway process does its "
            "modular exponentiations on one core at a time (they hold the GIL)",
            "per login the gateway does g^b mod N (B), v^u mod N and (A*v^u)^b mod N with "
            "auth.modexp.powmod (modexp_backend); b as the gateway draws it (server_exponent_bits), u a "
            "SHA-256 value; median of the samples, single-threaded, before and after the load",
            "the gateway, its database and the clients share the machine's CPUs; cpu_ms_per_login is each "
            "one's CPU time (utime + stime from /proc, the clients' own process time) over the logins",
            "users keep the cheap test KDF cost (auth.kdf.TEST_COST): the client-side Argon2id is excluded; "
            "the gateway itself never runs the KDF during a login",
            "a login is start, proof (M2 checked), DSC+ response, session; latency is from the first "
            "request to the session; each client then logs out (not in the latency, in the rate)",
            "clients are separate processes with a 256-bit SRP exponent and one keep-alive HTTPS "
            "connection each; rate limit off; HTTPS on 127.0.0.1 only",
        ],
    }


def _load(
    spawn: Any,
    gateway: GatewayProcess,
    postgres: Postgres | None,
    devices: dict[str, dict[str, Any]],
    clients: int,
    seconds: float,
    logins: int,
) -> tuple[list[dict[str, Any]], float, dict[str, float | None]]:
    go, claimed, results = spawn.Event(), spawn.Value("i", 0), spawn.Queue()
    workers = [
        spawn.Process(
            target=client_worker,
            args=(gateway.url, gateway.cert, name, device, go, claimed, logins),
            kwargs={"seconds": seconds, "results": results},
            name=f"bench-client-{name}",
        )
        for name, device in devices.items()
    ]
    for worker in workers:
        worker.start()
    reports, failures = [], []
    try:
        for _ in range(clients):
            kind, payload = results.get(timeout=START_TIMEOUT)
            if kind != "ready":
                raise RuntimeError(f"a client failed before the start:\n{payload}")
        gateway_before = gateway.cpu()
        postgres_before = postgres.cpu() if postgres is not None else None  # None: a URL given
        machine_before = machine_times()[0]
        started = time.monotonic()
        go.set()
        while len(reports) + len(failures) < clients:
            kind, payload = results.get(timeout=seconds + START_TIMEOUT)
            (reports if kind == "done" else failures).append(payload)
        cpu = {
            "gateway": gateway.cpu() - gateway_before,
            "postgresql": _spent(postgres.cpu() if postgres is not None else None, postgres_before),
            "machine": machine_times()[0] - machine_before,
        }
    finally:
        for worker in workers:
            worker.join(30)
            if worker.is_alive():
                worker.kill()
                worker.join()
    if failures:
        raise RuntimeError("a client failed:\n" + failures[0])
    return reports, started, cpu


def _spent(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--serve-gateway":  # the gateway subprocess (GatewayProcess)
        sys.exit(serve_gateway(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        default="sqlite",
        metavar="sqlite|postgres|URL",
        help="SQLite in the data directory (default), a throw-away PostgreSQL server, or a database URL",
    )
    parser.add_argument("--processes", type=int, default=1, help="gateway worker processes (default 1)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client processes (default 16)")
    parser.add_argument("--seconds", type=float, default=15.0, help="at most this long (default 15)")
    parser.add_argument("--logins", type=int, default=100000, help="at most this many logins")
    parser.add_argument(
        "--fsync",
        choices=("on", "off"),
        default="on",
        help="the throw-away PostgreSQL server's fsync and synchronous_commit (default on, as in production)",
    )
    parser.add_argument(
        "--no-metrics",
        dest="metrics",
        action="store_false",
        help="serve as `serve --no-metrics` does (no /metrics, no request timing), to measure their cost",
    )
    args = parser.parse_args()
    if not 1 <= args.processes <= 16:
        parser.error("--processes is 1 to 16")
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 600 or args.logins < 1:
        parser.error("--clients is 1 to 64, --seconds more than 0 and at most 600, --logins at least 1")
    db = args.db
    if db not in ("sqlite", "postgres") and "://" not in db:
        parser.error("--db is sqlite, postgres or a database URL (postgresql://...)")
    figures = run(db, args.processes, args.clients, args.seconds, args.logins, args.fsync, args.metrics)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
