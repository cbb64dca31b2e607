"""Serves a gateway over HTTPS with uvicorn on a background thread: for `sls-gateway serve`, the tests and
the desktop app's embedded gateway.

    server = GatewayServer(gateway)          # 127.0.0.1, a free port
    server.start()                           # returns once it listens; server.url, server.fingerprint
    ...
    server.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from trader_login.auth.gateway.api import create_app
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.limits import ConnectionLimits
from trader_login.auth.gateway.tls import Certificate

log = logging.getLogger(__name__)

START_TIMEOUT = 60.0  # a bound for a server that cannot start, never a wait: a loaded machine starts late
# A long poll may hold a connection for 30 s; shutting down does not wait for it that long.
GRACEFUL_SHUTDOWN = 2.0
# How long a stop waits for requests still running once their connections are gone (a long poll looks
# again every 0.2 s) before cancelling them.
TASKS_GRACE = 1.0

# How long a closing TLS connection waits for the peer's close_notify (asyncio's default is 30 s).
TLS_CLOSE_TIMEOUT = 2.0


class _LimitedH11Protocol(H11Protocol):
    """uvicorn's h11 connection with time limits on the client's sending and a bound on connections.

    uvicorn times a connection only between requests (keep-alive), and not before the first one; nothing
    times a request's headers or body. Here:
    - idle: uvicorn's keep-alive timer, started when the connection opens as well as after each response;
    - header: from the first byte of a request until h11 has its headers, however the bytes trickle in;
    - body: from the end of the headers until the body's end (also when the reply went out early, e.g.
      a 413, and the rest is being read to be dropped);
    - no limit while the request is being served: h11's view of the client is then DONE.
    A connection over the limit, or over `max_connections`, is cut: TLS close_notify, then the socket is
    closed without waiting for the peer's answer, so the slot is free at once.
    """

    def __init__(self, *args: Any, limits: ConnectionLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._sending: str | None = None  # "header" or "body": what the running timer limits
        self._sending_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            log.debug("connection refused: %d open", len(self.connections) - 1)
            self._cut()
            return
        self.timeout_keep_alive_task = self.loop.call_later(self.limits.idle, self.timeout_keep_alive_handler)

    def data_received(self, data: bytes) -> None:
        if self._sending is None and self.conn.their_state is h11.IDLE:
            self._limit("header", self.limits.header)  # a request begins
        super().data_received(data)
        self._follow_request()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow_request()  # the next cycle, perhaps with a pipelined request's first bytes

    def connection_lost(self, exc: Exception | None) -> None:
        self._unlimit()
        super().connection_lost(exc)

    def timeout_keep_alive_handler(self) -> None:
        self._cut()

    def _follow_request(self) -> None:
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._sending != "body":
                self._limit("body", self.limits.body)
        elif state is h11.IDLE:
            if self._sending is None and self.conn.trailing_data[0]:
                self._limit("header", self.limits.header)
        else:  # the whole request is in (or the connection is over): serving it is not timed
            self._unlimit()

    def _limit(self, what: str, seconds: float) -> None:
        self._unlimit()
        self._sending = what
        self._sending_timer = self.loop.call_later(seconds, self._cut)

    def _unlimit(self) -> None:
        if self._sending_timer is not None:
            self._sending_timer.cancel()
        self._sending, self._sending_timer = None, None

    def _cut(self) -> None:
        self._unlimit()
        self._unset_keepalive_if_required()
        transport = self.transport
        if not transport.is_closing():
            transport.close()  # sends TLS close_notify
        self.loop.call_soon(transport.abort)  # and does not wait for the answer


class _Server(uvicorn.Server):
    """uvicorn's server with a quicker, cleaner stop.

    Closing a TLS connection waits for the peer's close_notify, which an idle keep-alive client never
    sends: uvicorn would wait out its whole grace period and leave the transports to the garbage
    collector. Here idle connections are aborted at once, busy ones (a long poll) after the grace period.
    """

    _loop: asyncio.AbstractEventLoop | None = None
    _wake: asyncio.Event | None = None

    def __init__(self, config: uvicorn.Config, api: FastAPI, limits: ConnectionLimits) -> None:
        super().__init__(config)
        self.api = api  # the gateway's app, under any middleware config.app may have around it
        self.limits = limits

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn passes no TLS timeouts to asyncio, whose defaults let a client hold a connection 60 s
        # without finishing the handshake (before any protocol limit applies) and 30 s after a close
        # without answering close_notify. This server's loop is its own, so its create_server is bent here.
        loop = asyncio.get_running_loop()
        loop.create_server = functools.partial(  # type: ignore[method-assign]
            loop.create_server,
            ssl_handshake_timeout=self.limits.header,
            ssl_shutdown_timeout=TLS_CLOSE_TIMEOUT,
        )
        try:
            await super().startup(sockets)
        finally:
            del loop.create_server

    async def main_loop(self) -> None:
        # uvicorn's loop, but its 0.1 s sleep can be cut short by `wake`, so a stop takes effect at once.
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def wake(self) -> None:
        """Thread-safe: makes the main loop look at `should_exit` now."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.api.state.stopping = True  # long polls answer now instead of after their wait
        for server in self.servers:
            server.close()
        for listener in sockets or []:
            listener.close()
        connections = self.server_state.connections
        for connection in list(connections):
            connection.shutdown()  # idle ones start closing; busy ones finish their response first
        await asyncio.sleep(0.02)  # time to send close_notify
        deadline = asyncio.get_running_loop().time() + GRACEFUL_SHUTDOWN
        while connections:
            closing = [c for c in connections if c.transport.is_closing()]
            for connection in closing:
                connection.transport.abort()
            if len(closing) == len(connections) or asyncio.get_running_loop().time() >= deadline:
                break
            await asyncio.sleep(0.05)
        for connection in list(connections):
            connection.transport.abort()
        # A request still running ends by itself at its next look (a long poll answers once `stopping` is
        # set, its client gone or not): waiting for it is quick and quiet, where cancelling it would make
        # uvicorn log "Exception in ASGI application" with a page of CancelledError. Only what outlives
        # the wait is cancelled.
        running = list(self.server_state.tasks)
        if running:
            await asyncio.wait(running, timeout=TASKS_GRACE)
        for task in list(self.server_state.tasks):
            task.cancel()
        await asyncio.sleep(0)  # lets the aborted transports report connection_lost
        for server in self.servers:
            await server.wait_closed()
        if not self.force_exit:
            await self.lifespan.shutdown()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port (0: any free port) and listening."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":  # on Windows SO_REUSEADDR would let two servers share a port
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    return listener


class GatewayServer:
    """One uvicorn server with the gateway's TLS certificate. Loopback only unless `allow_remote`: the
    product's only network is this machine (SPEC §1). `middleware` wraps the gateway's ASGI app: the
    testers' fault injection (trader_login.app.faults) passes one; `sls-gateway serve` never does."""

    def __init__(
        self,
        gateway: Gateway,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        allow_remote: bool = False,
        middleware: Callable[[ASGIApp], ASGIApp] | None = None,
        limits: ConnectionLimits | None = None,
        listener: socket.socket | None = None,
        metrics: bool = True,
    ) -> None:
        """`listener`: a socket already bound and listening (`bind`), which `start()` serves instead of
        binding its own: `serve --workers N` binds once and forks (workers.py)."""
        if not allow_remote and not is_loopback(host):
            raise ValueError(f"the gateway listens on loopback addresses only, not {host!r}")
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError("the port must be 0 (any free port) to 65535")
        self.gateway = gateway
        self.host = host
        self.port = port
        self.certificate: Certificate | None = None
        self._middleware = middleware
        self.limits = limits or ConnectionLimits()
        self._listener = listener
        self.metrics = metrics  # GET /metrics and the request timing (`serve --no-metrics`: off)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"GatewayServer(host={self.host!r}, port={self.port}, {state})"

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    @property
    def fingerprint(self) -> str:
        return self._started_certificate().fingerprint

    @property
    def cert_path(self) -> Path:
        return self._started_certificate().cert_path

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _started_certificate(self) -> Certificate:
        if self.certificate is None:
            raise RuntimeError("the server has not been started")
        return self.certificate

    def start(self) -> None:
        """Binds, starts serving on a daemon thread and returns once it accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the server was already started")
        self.certificate = self.gateway.certificate
        # Bound here, not by uvicorn, so the real port is known before serving and a bind error is
        # raised in the caller's thread.
        listener = self._listener if self._listener is not None else bind(self.host, self.port)
        self.port = listener.getsockname()[1]
        api = create_app(self.gateway.service, metrics=self.metrics)
        config = uvicorn.Config(
            api if self._middleware is None else self._middleware(api),
            ssl_certfile=str(self.certificate.cert_path),
            ssl_keyfile=str(self.certificate.key_path),
            log_config=None,  # leave the host application's logging alone
            access_log=False,  # an access log line is one step from logging a header
            proxy_headers=False,  # X-Forwarded-For from a local process must not pass for its address
            server_header=False,
            # h11 and asyncio named, not "auto": the same server whatever else is installed (uvloop,
            # httptools, websockets), and the bundle carries only these (packaging/trader-login.spec).
            http=functools.partial(_LimitedH11Protocol, limits=self.limits),  # type: ignore[arg-type]
            timeout_keep_alive=self.limits.idle,  # type: ignore[arg-type]
            loop="asyncio",
            lifespan="off",
            ws="none",
        )
        self._server = _Server(config, api, self.limits)
        self._thread = threading.Thread(
            target=self._run, args=(listener,), name=f"sls-gateway-{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the gateway server did not start") from self._failure
            time.sleep(0.01)
        # At DEBUG: `sls-gateway serve` prints its URL first and logs it after; the embedded gateway and
        # the tests log what they need themselves.
        log.debug("SLS gateway listening on %s", self.url)
        # Each serving process prunes on the retention schedule; the database decides who prunes when.
        self.gateway.pruner.start()

    def _run(self, listener: socket.socket) -> None:
        assert self._server is not None
        try:
            self._server.run(sockets=[listener])
        except BaseException as error:  # reported by start(); a thread has nobody else to tell
            self._failure = error
            log.error("the gateway server stopped: %s", type(error).__name__)
        finally:
            listener.close()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops accepting, lets requests in flight finish (briefly), and joins the thread."""
        self.gateway.pruner.stop()
        if self._server is not None:
            self._server.should_exit = True
            self._server.wake()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                assert self._server is not None
                self._server.force_exit = True
                self._thread.join(timeout)

    def __enter__(self) -> GatewayServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
