"""Gateway throughput: complete logins per second against the bare modular-exponentiation bound, as JSON.

    .venv/bin/python benchmarks/gateway.py [--clients N] [--seconds S] [--logins L] [--no-pin]

One gateway process (an in-process `GatewayServer`: one uvicorn worker, HTTPS on 127.0.0.1, rate limit
off) on a temporary data directory holding one `benchNN` user with a DSC+ per client, so concurrent
clients never meet R16's one session per user name. N client processes each repeat a complete login
over one keep-alive connection: start, proof (M2 checked), the DSC+ emulator's response, session, then
logout. The run stops after L logins or S seconds, whichever comes first.

The users are created with the cheap test KDF cost (`auth.kdf.TEST_COST`) and keep it: the client-side
Argon2id is a desktop cost, kept out of what is measured here. The clients use a 256-bit SRP private
exponent to keep their own CPU small; the gateway's side is unchanged.

The bound is measured in the same run, on the same machine and the same core, with nothing else
running: the gateway's modular exponentiations of one login (g^b for B, v^u, (A*v^u)^b) with srptools'
own server exponent size, single-threaded. One uvicorn process can do them on one core only (they hold
the GIL), so bound = 1 / t_modexp_per_login. With two or more usable CPUs the gateway is pinned to one
and the clients to the others, so the load generator does not take the gateway's core (--no-pin: the
scheduler places everything). docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import base64
import json
import multiprocessing as mp
import os
import platform
import secrets
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trader_login.auth import srp
from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams

PASSWORD = "bench-password"  # noqa: S105 - a throw-away user in a temporary directory
PIN = "1234"
TIMEOUT = 30.0  # per request; never reached when things work
GATEWAY_CORES = 1
BOUND_ROUNDS = 41  # before the load and again after it


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _pin(cpus: set[int] | None) -> None:
    if cpus:
        os.sched_setaffinity(0, cpus)


# --- the gateway process --------------------------------------------------------------------------------


def _time_modexps() -> Callable[[], float]:
    """Times the gateway's own modular exponentiations (srptools' calls of the built-in pow) in thread CPU
    seconds; returns the total so far. The share of the run they take is the ratio seen from inside the
    gateway, a figure that does not move with the shared host's speed as the separately timed bound can."""
    import srptools.context

    total = [0.0]
    lock = threading.Lock()

    def timed_pow(base: int, exponent: int, modulus: int) -> int:
        start = time.thread_time()
        result = pow(base, exponent, modulus)
        spent = time.thread_time() - start
        with lock:
            total[0] += spent
        return result

    srptools.context.pow = timed_pow  # a module global: what the srptools functions call
    return lambda: total[0]


def serve(data_dir: str, cpus: set[int] | None, pipe: Any) -> None:
    """Runs the gateway until told to stop; answers "cpu" with its process CPU time and the CPU time of
    its modular exponentiations so far."""
    _pin(cpus)
    modexp_seconds = _time_modexps()
    from trader_login.auth.gateway.gateway import Gateway
    from trader_login.auth.gateway.server import GatewayServer
    from trader_login.auth.gateway.service import GatewayConfig

    gateway = Gateway(Path(data_dir), config=GatewayConfig(kdf_cost=dict(TEST_COST), rate_limit=None))
    server = GatewayServer(gateway)
    server.start()
    pipe.send({"url": server.url, "cert": str(server.cert_path)})
    try:
        while pipe.recv() == "cpu":
            pipe.send((time.process_time(), modexp_seconds()))
    finally:
        server.stop()
        gateway.close()


# --- a client process -----------------------------------------------------------------------------------


class LoginError(Exception):
    pass


class Trader:
    """One client: a pinned keep-alive HTTPS session, one user name and its DSC+."""

    def __init__(self, url: str, cert: str, username: str, device: dict[str, Any]) -> None:
        import requests

        from trader_login.auth.devices.dscplus import DscPlus

        self.url = url
        self.username = username
        self.dsc = DscPlus.from_dict(device)
        self.http = requests.Session()
        self.http.verify = cert
        # REQUESTS_CA_BUNDLE would replace the pinned certificate; proxy variables could reroute loopback.
        self.http.trust_env = False

    def post(self, path: str, body: dict[str, Any] | None, token: str = "") -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        reply = self.http.post(self.url + path, json=body, headers=headers, timeout=TIMEOUT)
        if reply.status_code != 200:
            raise LoginError(f"{path}: HTTP {reply.status_code} {reply.text[:200]}")
        return reply.json()

    def log_in_and_out(self) -> float:
        """One complete login, then its logout. Returns the seconds from the first request to the session."""
        begin = time.monotonic()
        client = srp.SrpClient(self.username, limits=TEST_LIMITS, private=secrets.randbits(256) | 1 << 255)
        started = self.post(
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
        proved = self.post("/v1/login/proof", {"client_proof": b64(proof)}, token)
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
        session = self.post("/v1/login/respond", {"response": self.dsc.display}, token)
        if session.get("step") == "existing_session":  # a logout that failed earlier: take over, count it
            session = self.post("/v1/login/existing-session", {"takeover": True}, token)
            self.post("/v1/session/logout", None, session["session_token"])
            raise LoginError("the previous session was still open")
        if session.get("step") != "session":
            raise LoginError(f"unexpected step after the response: {session.get('step')}")
        elapsed = time.monotonic() - begin
        if self.post("/v1/session/logout", None, session["session_token"]).get("status") != "logged_out":
            raise LoginError("the logout did not end the session")
        return elapsed

    def close(self) -> None:
        self.http.close()


def client_worker(
    cpus: set[int] | None,
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
    _pin(cpus)
    trader = Trader(url, cert, username, device)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        trader.log_in_and_out()  # warm-up: the TLS handshake, imports; not counted
        results.put(("ready", username))
        go.wait()
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
        done = {"latencies": latencies, "errors": errors, "end": time.monotonic()}
        results.put(("done", {**done, "cpu": time.process_time() - cpu}))
    except Exception:
        results.put(("failed", traceback.format_exc()))
    finally:
        trader.close()


# --- set-up and the bound ---------------------------------------------------------------------------------


def seed(data_dir: Path, clients: int) -> dict[str, dict[str, Any]]:
    """One user with a DSC+ per client, at the cheap KDF cost; returns each user's device (emulator side)."""
    from trader_login.auth.gateway.gateway import Gateway
    from trader_login.auth.gateway.service import GatewayConfig

    gateway = Gateway(data_dir, config=GatewayConfig(kdf_cost=dict(TEST_COST), rate_limit=None))
    devices = {}
    try:
        for index in range(clients):
            username = f"bench{index:02d}"
            gateway.desk.add_user(username, PASSWORD)
            devices[username] = gateway.desk.add_device(username, "dscplus", pin=PIN).to_dict()
    finally:
        gateway.close()
    return devices


def server_exponent_bits() -> int:
    """The size of b as the gateway draws it (`auth.srp.server_challenge`: srptools' server private)."""
    context = srp.GROUP_2048.context("bench00")
    return max(context.generate_server_private().bit_length() for _ in range(64))


def modexp_per_login(rounds: int) -> list[float]:
    """Seconds for the gateway's modular exponentiations of one login, one sample per round: g^b mod N for
    B, v^u mod N and (A*v^u)^b mod N, exactly as srptools writes them, with b drawn as the gateway draws
    it and u the size of a SHA-256 value."""
    group = srp.GROUP_2048
    prime, generator = group.prime, group.generator
    context = group.context("bench00")
    verifier = pow(generator, secrets.randbits(256), prime)
    samples = []
    for _ in range(rounds):
        private = context.generate_server_private()
        client_public = pow(generator, secrets.randbits(256) | 1 << 255, prime)
        u = secrets.randbits(256) | 1 << 255
        start = time.perf_counter()
        pow(generator, private, prime)
        pow(client_public * pow(verifier, u, prime), private, prime)
        samples.append(time.perf_counter() - start)
    return samples


def placement(pin: bool) -> tuple[set[int] | None, set[int] | None]:
    """The gateway's CPU and the clients' CPUs, or (None, None) to leave it to the scheduler."""
    if not pin or not hasattr(os, "sched_getaffinity"):
        return None, None
    usable = sorted(os.sched_getaffinity(0))
    if len(usable) < 2:
        return None, None
    return {usable[0]}, set(usable[1:])


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "arch": platform.machine(),
        "system": platform.system(),
        "cpu": model or platform.processor(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
    }


def versions() -> dict[str, str]:
    names = ("uvicorn", "fastapi", "starlette", "h11", "sqlalchemy", "srptools", "cryptography", "requests")
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


# --- the run ---------------------------------------------------------------------------------------------


def run(clients: int, seconds: float, logins: int, pin: bool) -> dict[str, Any]:
    spawn = mp.get_context("spawn")
    gateway_cpus, client_cpus = placement(pin)
    own_cpus = os.sched_getaffinity(0) if gateway_cpus else None
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as temp:
        data_dir = Path(temp)
        devices = seed(data_dir, clients)
        _pin(gateway_cpus)  # the bound is taken on the core the gateway gets
        before = modexp_per_login(BOUND_ROUNDS)
        _pin(own_cpus)

        ours, theirs = spawn.Pipe()
        server = spawn.Process(target=serve, args=(str(data_dir), gateway_cpus, theirs), name="bench-gateway")
        server.start()
        if not ours.poll(60):
            server.kill()
            raise RuntimeError("the gateway process did not start")
        listening = ours.recv()
        go, claimed, results = spawn.Event(), spawn.Value("i", 0), spawn.Queue()
        workers = [
            spawn.Process(
                target=client_worker,
                args=(client_cpus, listening["url"], listening["cert"], name, device, go, claimed, logins),
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
                kind, payload = results.get(timeout=120)
                if kind != "ready":
                    raise RuntimeError(f"a client failed before the start:\n{payload}")
            ours.send("cpu")
            cpu_before = ours.recv()
            started = time.monotonic()
            go.set()
            while len(reports) + len(failures) < clients:
                kind, payload = results.get(timeout=seconds + 120)
                (reports if kind == "done" else failures).append(payload)
            ours.send("cpu")
            cpu_after = ours.recv()
        finally:
            for worker in workers:
                worker.join(30)
                if worker.is_alive():
                    worker.kill()
            ours.send("stop")
            server.join(30)
            if server.is_alive():
                server.kill()
        if failures:
            raise RuntimeError("a client failed:\n" + failures[0])
        _pin(gateway_cpus)
        after = modexp_per_login(BOUND_ROUNDS)  # the machine's speed drifts: before and after
        _pin(own_cpus)

    latencies = [x for report in reports for x in report["latencies"]]
    errors = [e for report in reports for e in report["errors"]]
    done = len(latencies)
    elapsed = max(report["end"] for report in reports) - started
    logins_per_s = done / elapsed
    t_modexp = statistics.median(before + after)
    bound = GATEWAY_CORES / t_modexp
    gateway_cpu = cpu_after[0] - cpu_before[0]
    gateway_modexp = cpu_after[1] - cpu_before[1]
    return {
        "benchmark": "gateway",
        "python": platform.python_version(),
        "machine": machine(),
        "versions": versions(),
        "clients": clients,
        "seconds_limit": seconds,
        "logins_limit": logins,
        "pinned": {"gateway_cpus": sorted(gateway_cpus), "client_cpus": sorted(client_cpus)}
        if gateway_cpus and client_cpus
        else None,
        "logins": done,
        "errors": len(errors),
        "error_samples": errors[:3],
        "elapsed_s": round(elapsed, 3),
        "logins_per_s": round(logins_per_s, 2),
        "bound_logins_per_s": round(bound, 2),
        "ratio": round(logins_per_s / bound, 3),
        "latency_p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if done else None,
        "latency_p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if done else None,
        "modexp_ms_per_login": round(t_modexp * 1000, 2),
        # Far apart, the machine's speed changed during the run (a shared host): read the run with care.
        "modexp_ms_before_after": [round(statistics.median(x) * 1000, 2) for x in (before, after)],
        "modexp_samples": len(before) + len(after),
        "gateway_cpu_ms_per_login": round(gateway_cpu / done * 1000, 2) if done else None,
        "gateway_cpu_busy": round(gateway_cpu / elapsed, 3),
        "gateway_modexp_ms_per_login": round(gateway_modexp / done * 1000, 2) if done else None,
        "gateway_modexp_share": round(gateway_modexp / elapsed, 3),
        "clients_cpu_ms_per_login": (
            round(sum(report["cpu"] for report in reports) / done * 1000, 2) if done else None
        ),
        "server_exponent_bits": server_exponent_bits(),
        "scrambler_bits": 256,
        "gateway_cores": GATEWAY_CORES,
        "assumptions": [
            "bound = gateway_cores / modexp_ms_per_login: one uvicorn process, whose modular "
            "exponentiations hold the GIL, so it does them on one core at a time",
            "per login the gateway does g^b mod N (B), v^u mod N and (A*v^u)^b mod N; b has srptools' "
            "server exponent size (server_exponent_bits), u is a SHA-256 value; median of the samples, "
            "taken single-threaded on the gateway's core before and after the load",
            "users keep the cheap test KDF cost (auth.kdf.TEST_COST): the client-side Argon2id is "
            "excluded; the gateway itself never runs the KDF during a login",
            "gateway_modexp_share: the part of the run's wall-clock time the gateway spent in those "
            "exponentiations (thread CPU time, timed inside the gateway): the ratio seen from inside, "
            "unmoved by the host's speed changing between the bound and the load",
            "a login is start, proof (M2 checked), DSC+ response, session; latency is from the first "
            "request to the session; each client then logs out (not in the latency, in the rate)",
            "clients are separate processes with a 256-bit SRP exponent and one keep-alive HTTPS "
            "connection each; rate limit off; HTTPS on 127.0.0.1 only",
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes (default 8)")
    parser.add_argument("--seconds", type=float, default=15.0, help="at most this long (default 15)")
    parser.add_argument("--logins", type=int, default=1000, help="at most this many logins (default 1000)")
    parser.add_argument(
        "--no-pin", dest="pin", action="store_false", help="do not give the gateway a CPU of its own"
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 600 or args.logins < 1:
        parser.error("--clients is 1 to 64, --seconds more than 0 and at most 600, --logins at least 1")
    print(json.dumps(run(args.clients, args.seconds, args.logins, args.pin), indent=2))


if __name__ == "__main__":
    main()
