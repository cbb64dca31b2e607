"""Fake servers for the gateway client's failure tests: a small threaded TLS (or plain TCP) server on
127.0.0.1 whose every connection is handled by a *behaviour* — answer, hang, trickle, close, send garbage —
and which records the requests it read, so tests can check what the client sent.

Raw sockets rather than http.server: the interesting cases are the ones a well-behaved HTTP server cannot
produce (no reply at all, a status line of garbage, a body one byte at a time).
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trader_login.auth.gateway.tls import Certificate, ensure_certificate

IO_TIMEOUT = 60.0  # a fake server never waits on a silent client longer than this (a loaded runner is slow)

Behaviour = Callable[[socket.socket, "FakeServer"], None]


def make_certificate(directory: Path) -> Certificate:
    """A fresh self-signed loopback certificate, the same kind the gateway makes for itself."""
    return ensure_certificate(directory)


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class FakeServer:
    """Serves on 127.0.0.1:<free port> until stopped; TLS with `certificate`, plain TCP without it (then
    the client's handshake gets no answer, or a plain-HTTP reply if the behaviour sends one)."""

    def __init__(self, behaviour: Behaviour, certificate: Certificate | None = None) -> None:
        self.behaviour = behaviour
        self.requests: list[Request] = []
        self.connections = 0
        self.stopping = threading.Event()
        self._context: ssl.SSLContext | None = None
        if certificate is not None:
            self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._context.load_cert_chain(certificate.cert_path, certificate.key_path)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)  # accept() wakes up to notice a stop
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __enter__(self) -> FakeServer:
        self._spawn(self._accept_loop)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopping.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self._threads:
            thread.join(IO_TIMEOUT)
        self._listener.close()

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._sockets.append(connection)
            self._spawn(self._serve, connection)

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(IO_TIMEOUT)
        # Small writes at once, as uvicorn does: Nagle against delayed ACKs costs 40 ms a request.
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if self._context is not None:
                connection = self._context.wrap_socket(connection, server_side=True)
                with self._lock:
                    self._sockets.append(connection)
            self.behaviour(connection, self)
        except (OSError, ValueError):
            pass  # the client gave up (timeout, refused certificate) or the server is stopping
        finally:
            connection.close()


# --- reading what the client sent ------------------------------------------------------------------------


def read_request(connection: socket.socket, server: FakeServer) -> Request | None:
    """One HTTP/1.1 request (headers and a Content-Length body), recorded; None when the client closed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    request_line, *lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        body += chunk
    request = Request(method, target, headers, body[:length])
    server.requests.append(request)
    return request


def _requests(connection: socket.socket, server: FakeServer) -> Iterator[Request]:
    """Requests on one keep-alive connection until the client closes it."""
    while (request := read_request(connection, server)) is not None:
        yield request


def http_response(status: int, body: bytes, content_type: str | None, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} Whatever", f"Content-Length: {len(body)}"]
    if content_type is not None:
        lines.append(f"Content-Type: {content_type}")
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# --- behaviours ------------------------------------------------------------------------------------------


def answer(
    status: int,
    body: bytes | str,
    content_type: str | None = "application/json",
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> Behaviour:
    """Answers every request with the same reply (after `delay` seconds), keeping the connection open."""
    raw = body.encode("utf-8") if isinstance(body, str) else body

    def behaviour(connection: socket.socket, server: FakeServer) -> None:
        for _request in _requests(connection, server):
            if delay and server.stopping.wait(delay):
                return
            connection.sendall(http_response(status, raw, content_type, headers or {}))

    return behaviour


def answer_json(
    status: int, document: Any, headers: dict[str, str] | None = None, delay: float = 0.0
) -> Behaviour:
    return answer(status, json.dumps(document), headers=headers, delay=delay)


def hang(connection: socket.socket, server: FakeServer) -> None:
    """Reads the request and never answers."""
    read_request(connection, server)
    server.stopping.wait()


def silent(connection: socket.socket, server: FakeServer) -> None:
    """Accepts and reads nothing: on a plain TCP server, the client's TLS handshake gets no answer."""
    server.stopping.wait()


def close_at_once(connection: socket.socket, server: FakeServer) -> None:
    """Reads the request and hangs up without a reply."""
    read_request(connection, server)


def send_raw(data: bytes) -> Behaviour:
    """Reads the request, sends `data` as it is, hangs up."""

    def behaviour(connection: socket.socket, server: FakeServer) -> None:
        read_request(connection, server)
        connection.sendall(data)

    return behaviour


def trickle(interval: float) -> Behaviour:
    """Sends the status line and headers, then the body one byte every `interval` seconds, for ever."""

    def behaviour(connection: socket.socket, server: FakeServer) -> None:
        read_request(connection, server)
        head = http_response(200, b"", "application/json", {}).replace(b"Length: 0", b"Length: 100000")
        connection.sendall(head)
        while not server.stopping.wait(interval):
            connection.sendall(b" ")

    return behaviour


@contextlib.contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """`with stopwatch() as elapsed: ...` then `elapsed()` is the seconds the block took."""
    started = time.monotonic()
    ended: list[float] = []
    try:
        yield lambda: (ended[0] if ended else time.monotonic()) - started
    finally:
        ended.append(time.monotonic())
