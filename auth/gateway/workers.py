"""`sls-gateway serve --workers N`: N processes serving one listening socket, and their supervisor.

The supervisor (the process started) opens the gateway (permissions, key check, demo seed), binds the
socket, then forks N workers, each serving the inherited socket with its own uvicorn, its own database
connections and the configured connection limits (`max_connections` bounds each worker: N workers hold up
to N times as many); the kernel hands each new connection to one of them. Every worker shares the one
database, so a login begun on one is finished on any other. Once all accept connections, the supervisor
prints the same `url:`, `sha256:` and `cert:` lines as a single `serve`.

SIGTERM or SIGINT (Ctrl+C) is forwarded to every worker; each stops as a single `serve` does, and the
supervisor exits 0 once all have. A worker that exits on its own is never restarted silently: the
supervisor says so on stderr, stops the others and exits 1, for the service manager (systemd, Kubernetes)
to restart the whole as its policy says. A worker whose supervisor is killed outright stops by itself.
POSIX only (fork); on Windows, `--workers` above 1 is refused.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import sys
import threading
import time
from typing import TextIO

from trader_login.auth.gateway import audit, metrics
from trader_login.auth.gateway.config import Settings
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.server import GatewayServer, bind, is_loopback

EXIT_REFUSED = 2
# A worker stops within the server's grace period; this bound is a safety net before SIGKILL.
STOP_TIMEOUT = 30.0
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT) if os.name != "nt" else ()


def serve(gateway: Gateway, settings: Settings, out: TextIO) -> int:
    """Runs the supervisor until a stop signal or a worker's death; returns the exit status."""
    if not hasattr(os, "fork"):
        return _refuse("--workers above 1 needs fork (POSIX); on Windows run one gateway per port")
    if threading.current_thread() is not threading.main_thread():
        return _refuse("--workers above 1 runs only in a process's main thread")
    try:
        listener = bind(settings.host, settings.port)
    except OSError as error:
        return _refuse(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}")
    gateway.store.engine.dispose()  # no connection of the supervisor's is inherited by a worker
    # One /metrics scrape reports every worker: each writes its metrics in a directory made here, before
    # the forks (prometheus-client's multiprocess mode; metrics.py).
    try:
        metrics.prepare_workers()
    except OSError as error:
        listener.close()
        return _refuse(f"cannot make the workers' metrics directory: {error.strerror or error}")
    return _Supervisor(gateway, settings, listener, out).run()


def _refuse(message: str) -> int:
    print(f"sls-gateway: {message}", file=sys.stderr)
    return EXIT_REFUSED


class _Supervisor:
    def __init__(self, gateway: Gateway, settings: Settings, listener: socket.socket, out: TextIO) -> None:
        self.gateway = gateway
        self.settings = settings
        self.listener = listener
        self.port = listener.getsockname()[1]  # the real one when 0 was asked for
        self.out = out
        self.workers: dict[int, int | None] = {}  # pid -> exit status once reaped
        self.status = 0
        self.stop_deadline: float | None = None

    def run(self) -> int:
        wake_read, wake_write = os.pipe()
        ready_read, ready_write = os.pipe()
        os.set_blocking(wake_write, False)
        handled = (*_STOP_SIGNALS, signal.SIGCHLD)
        previous = {sig: signal.signal(sig, _note) for sig in handled}
        previous_wakeup = signal.set_wakeup_fd(wake_write)
        try:
            # Blocked across each fork, so a worker sets its own handlers before any signal reaches it.
            signal.pthread_sigmask(signal.SIG_BLOCK, handled)
            try:
                for _ in range(self.settings.workers):
                    pid = os.fork()
                    if pid == 0:  # the worker: never returns into the supervisor's code
                        status = 1
                        try:
                            os.close(wake_read)
                            os.close(ready_read)
                            status = _work(
                                self.gateway, self.settings, self.listener, ready_write, wake_write
                            )
                        finally:
                            os._exit(status)
                    self.workers[pid] = None
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, handled)
            os.close(ready_write)
            self.listener.close()
            self._supervise(wake_read, ready_read)
        finally:
            signal.set_wakeup_fd(previous_wakeup)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            for fd in (wake_read, wake_write, ready_read):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._kill_the_rest()
            metrics.finish_workers()
        return self.status

    def _supervise(self, wake_read: int, ready_read: int) -> None:
        ready, announced = 0, False
        watched = [wake_read, ready_read]
        while any(status is None for status in self.workers.values()):
            timeout = None if self.stop_deadline is None else max(0.0, self.stop_deadline - time.monotonic())
            readable, _, _ = select.select(watched, [], [], timeout)
            if not readable:  # the safety net ran out: a worker did not stop
                print("sls-gateway: a worker did not stop in time; killing it", file=sys.stderr)
                self.status = 1
                return
            if ready_read in readable:
                data = os.read(ready_read, 64)
                if not data:
                    watched.remove(ready_read)  # every worker has reported or died
                ready += len(data)
                if ready == self.settings.workers and not announced and self.stop_deadline is None:
                    announced = True
                    self._announce()
            if wake_read in readable:
                signals = os.read(wake_read, 512)
                if any(number in signals for number in _STOP_SIGNALS):
                    self._stop_all()
                self._reap()

    def _announce(self) -> None:
        url = GatewayServer(
            self.gateway, self.settings.host, self.port, allow_remote=not is_loopback(self.settings.host)
        ).url
        certificate = self.gateway.certificate
        print(f"url: {url}", file=self.out)
        print(f"sha256: {certificate.fingerprint}", file=self.out)
        print(f"cert: {certificate.cert_path}", file=self.out, flush=True)
        audit.tell_start(self.gateway, self.settings)

    def _reap(self) -> None:
        for pid, status in self.workers.items():
            if status is not None:
                continue
            with contextlib.suppress(ChildProcessError):
                done, code = os.waitpid(pid, os.WNOHANG)
                if done == 0:
                    continue
                self.workers[pid] = os.waitstatus_to_exitcode(code)
                metrics.worker_exited(pid)
                if self.stop_deadline is None:
                    print(
                        f"sls-gateway: worker {pid} exited unexpectedly (status {self.workers[pid]}); "
                        "stopping the others",
                        file=sys.stderr,
                    )
                    self.status = 1
                    self._stop_all()
                elif self.workers[pid] != 0:
                    self.status = 1

    def _stop_all(self) -> None:
        if self.stop_deadline is None:
            self.stop_deadline = time.monotonic() + STOP_TIMEOUT
        for pid, status in self.workers.items():
            if status is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)

    def _kill_the_rest(self) -> None:
        for pid, status in self.workers.items():
            if status is None:
                with contextlib.suppress(ProcessLookupError, ChildProcessError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)


def _note(*_args: object) -> None:
    """The supervisor's handler: the signal's number reaches the wake-up pipe; the loop acts on it."""


def _work(gateway: Gateway, settings: Settings, listener: socket.socket, ready: int, wake: int) -> int:
    """One worker: serves the inherited socket until SIGTERM or SIGINT."""
    signal.set_wakeup_fd(-1)
    os.close(wake)
    # The handlers only append: one that took a lock (Event.set does) would deadlock when the second
    # signal of a Ctrl+C (SIGINT to the group, then the supervisor's SIGTERM) lands inside Event.wait.
    stopping: list[int] = []
    for sig in _STOP_SIGNALS:
        signal.signal(sig, lambda number, _frame: stopping.append(number))
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, (*_STOP_SIGNALS, signal.SIGCHLD))
    server = GatewayServer(
        gateway,
        settings.host,
        settings.port,
        allow_remote=not is_loopback(settings.host),
        listener=listener,
        limits=settings.limits,
        metrics=not settings.no_metrics,
    )
    try:
        server.start()
    except (OSError, RuntimeError) as error:
        print(f"sls-gateway: a worker could not start: {error}", file=sys.stderr)
        return 1
    supervisor = os.getppid()
    try:
        os.write(ready, b"1")
        os.close(ready)
        while not stopping:
            time.sleep(0.25)
            if os.getppid() != supervisor:  # the supervisor was killed (SIGKILL): no worker outlives it
                print("sls-gateway: the supervisor is gone; this worker stops", file=sys.stderr)
                return 1
            if not server.running:
                print("sls-gateway: the server stopped unexpectedly", file=sys.stderr)
                return 1
    finally:
        server.stop()
        gateway.close()
    return 0
