"""Fault injection for testers (what WireMock and Toxiproxy give web testers), as `sls_gateway.faults`:
late replies, 5xx answers and dropped connections on the gateway's endpoints, and a phone network that
loses or delays IB Key notifications and texts. What is armed here belongs to one test gateway and is gone
when it closes; the gateway's own command line has no way to arm any of it.

    faults = sls_gateway.faults
    faults.add_latency(0.5)                          # every reply half a second late
    held = faults.hold("/v1/login/start")            # its replies wait until held.release()
    faults.fail("/v1/login/respond", times=2)        # the next two: HTTP 503, the gateway never sees them
    faults.drop_connection("/v1/login/proof")        # the next one: the connection closes, no reply
    faults.drop_push()                               # the next notification never reaches the phone
    faults.delay_text(30)                            # the next text arrives after sls_gateway.advance(30)
    faults.drop_text(user="smsuser")                 # smsuser's next text never arrives
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trader_login.auth.gateway.gateway import Gateway

__all__ = ["Fault", "Faults", "Latency"]

# What the gateway itself answers when it fails (docs/protocol.md, INTERNAL): an injected 5xx looks the same.
_FAULT_BODY = json.dumps(
    {"error": {"code": "INTERNAL", "message": "The gateway failed to handle this request. Please try again."}}
).encode("utf-8")


@dataclass(eq=False)
class Fault:
    """One armed fault. `fired` counts the requests or messages it has taken, `left` those it still will
    take; a fault with nothing left is spent and does no more."""

    description: str
    left: int
    fired: int = 0
    endpoint: str | None = None
    action: str = ""  # "fail", "drop" (requests); "push", "text" (the phone network)
    status: int = 0
    user: str | None = None
    delay: float = math.inf  # a phone message's lateness in gateway seconds; inf: never delivered

    def __repr__(self) -> str:
        return f"Fault({self.description}, fired={self.fired}, left={self.left})"

    def _take(self) -> None:
        self.left -= 1
        self.fired += 1


class Latency:
    """Replies held back before their first byte: each for `seconds`, or until `release()` when
    `seconds` is None. `waiting` is how many are held right now, `delayed` how many have been so far:
    a test waits on these (`qtbot.waitUntil(lambda: held.waiting == 1)`), never on a stopwatch."""

    def __init__(self, faults: Faults, endpoint: str | None, seconds: float | None) -> None:
        self.endpoint = endpoint
        self.seconds = seconds
        self.delayed = 0
        self._faults = faults
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._released = False

    def __repr__(self) -> str:
        how_long = "until released" if self.seconds is None else f"{self.seconds:g} s"
        return f"Latency({self.endpoint or 'every endpoint'}, {how_long}, waiting={self.waiting})"

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._waiters)

    def release(self) -> None:
        """Ends this latency: the replies it holds go now, later ones are not delayed."""
        with self._lock:
            self._released = True
            waiters, self._waiters = self._waiters, []
        self._faults._forget(self)
        for loop, event in waiters:
            with contextlib.suppress(RuntimeError):  # the server's loop has already closed
                loop.call_soon_threadsafe(event.set)

    async def _hold(self) -> None:
        # On the gateway's event loop: other requests go on while this one waits.
        waiter = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            if self._released:
                return
            self._waiters.append(waiter)
            self.delayed += 1
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter[1].wait(), self.seconds)
        finally:
            with self._lock, contextlib.suppress(ValueError):
                self._waiters.remove(waiter)


class Faults:
    """The faults armed on one test gateway. Endpoints are named by their paths as docs/protocol.md
    writes them (`"/v1/login/start"`, `"/v1/devices/{device_id}/pushes"`); `endpoints` lists them."""

    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway
        self._lock = threading.Lock()
        self._latencies: list[Latency] = []
        self._requests: list[Fault] = []
        self._messages: list[Fault] = []
        self._due: dict[tuple[str, Any], float] = {}  # (kind, key) of a message held back: when it arrives
        self._routes: list[tuple[str, Any]] = []
        gateway.service.phone_network = self
        gateway.desk.phone_network = self

    def __repr__(self) -> str:
        return f"Faults({list(self.armed)!r})"

    @property
    def armed(self) -> tuple[Latency | Fault, ...]:
        """What is armed now, in the order it was armed (a spent fault or a released latency is gone)."""
        with self._lock:
            return (*self._latencies, *self._requests, *self._messages)

    @property
    def endpoints(self) -> tuple[str, ...]:
        """The gateway's endpoints, as faults name them."""
        return tuple(path for path, _ in self._routes)

    # --- requests --------------------------------------------------------------------------------------

    def add_latency(self, seconds: float, endpoint: str | None = None) -> Latency:
        """Every reply (or every reply of `endpoint`) `seconds` late, without holding up other requests."""
        return self._add_latency(endpoint, _seconds(seconds, "latency"))

    def hold(self, endpoint: str | None = None) -> Latency:
        """Replies (of `endpoint`, or all) wait until `release()`: a latency a test ends by hand, so what
        happens while a reply is late is seen without timing anything."""
        return self._add_latency(endpoint, None)

    def fail(self, endpoint: str, times: int = 1, status: int = 503) -> Fault:
        """The next `times` requests of `endpoint` get HTTP `status` (500-599) with the gateway's INTERNAL
        error body; the gateway never sees them, so nothing is recorded (no failed attempt, no code sent)."""
        if isinstance(status, bool) or not isinstance(status, int) or not 500 <= status <= 599:
            raise ValueError(f"an injected failure is an HTTP 5xx status, not {status!r}")
        path = self._endpoint(endpoint)
        fault = Fault(f"HTTP {status} on {path}", _times(times), endpoint=path, action="fail", status=status)
        return self._arm(self._requests, fault)

    def drop_connection(self, endpoint: str, times: int = 1) -> Fault:
        """The next `times` requests of `endpoint` lose their connection: it is closed (reset) before any
        byte of a reply, as a crashed gateway or a broken network would. The gateway never sees them."""
        path = self._endpoint(endpoint)
        fault = Fault(f"dropped connection on {path}", _times(times), endpoint=path, action="drop")
        return self._arm(self._requests, fault)

    # --- the phone network -----------------------------------------------------------------------------

    def drop_push(self, user: Any = None, times: int = 1) -> Fault:
        """The next `times` IB Key notifications (to `user`'s phone, or anyone's) never reach the phone:
        the gateway sent them and waits, the phone lists nothing."""
        name = self._user(user)
        fault = Fault(_whose("notification", name, "never arrives"), _times(times), action="push", user=name)
        return self._arm(self._messages, fault)

    def delay_text(self, seconds: float, user: Any = None, times: int = 1) -> Fault:
        """The next `times` texts or voice calls (to `user`'s phone, or anyone's) arrive `seconds` of
        gateway time after they were sent: when the test moves the clock (`sls_gateway.advance`)."""
        delay = _seconds(seconds, "a text's delay")
        name = self._user(user)
        description = _whose("text", name, f"{delay:g} s late")
        fault = Fault(description, _times(times), action="text", user=name, delay=delay)
        return self._arm(self._messages, fault)

    def drop_text(self, user: Any = None, times: int = 1) -> Fault:
        """The next `times` texts or voice calls (to `user`'s phone, or anyone's) never arrive."""
        name = self._user(user)
        fault = Fault(_whose("text", name, "never arrives"), _times(times), action="text", user=name)
        return self._arm(self._messages, fault)

    # --- scope -----------------------------------------------------------------------------------------

    def clear(self) -> None:
        """Disarms everything: held replies go now; a message already held back stays as it was."""
        with self._lock:
            latencies = list(self._latencies)
            self._requests.clear()
            self._messages.clear()
        for latency in latencies:
            latency.release()

    def close(self) -> None:
        """The end of the test: everything disarmed and every held message delivered (the gateway is
        closing anyway); the gateway's phone network goes back to the plain one."""
        self.clear()
        with self._lock:
            self._due.clear()
        self._gateway.service.phone_network = None
        self._gateway.desk.phone_network = None

    # --- the gateway's side: the ASGI middleware and the phone network -----------------------------------

    def around(self, app: ASGIApp) -> ASGIApp:
        """The gateway's app with these faults in front (GatewayServer's `middleware`)."""
        from fastapi.routing import APIRoute

        self._routes = [
            (route.path, route.path_regex)
            for route in getattr(app, "routes", ())
            if isinstance(route, APIRoute) and route.path.startswith("/v1/")
        ]

        async def faulty(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or not (self._latencies or self._requests):
                await app(scope, receive, send)  # nothing armed: the request passes untouched
                return
            latencies, fault = self._take(self._endpoint_of(scope["path"]))
            if fault is not None and fault.action == "drop":
                for latency in latencies:
                    await latency._hold()
                await _drop(send, receive)
                return
            if latencies:
                send = _late(send, latencies)
            if fault is not None:
                await _answer_fault(fault.status, receive, send)
            else:
                await app(scope, receive, send)

        return faulty

    def sent(self, kind: str, key: Any, username: str) -> None:
        """The gateway sent a notification ("push") or a text ("text"): an armed fault may take it."""
        with self._lock:
            for fault in self._messages:
                if fault.action == kind and fault.user in (None, username):
                    fault._take()
                    if not fault.left:
                        self._messages.remove(fault)
                    self._due[(kind, key)] = self._gateway.clock() + fault.delay
                    return

    def delivered(self, kind: str, key: Any) -> bool:
        """Whether the phone has the message yet (asked each time the phone or the outbox looks)."""
        with self._lock:
            due = self._due.get((kind, key))
        return due is None or self._gateway.clock() >= due

    # --- machinery -------------------------------------------------------------------------------------

    def _add_latency(self, endpoint: str | None, seconds: float | None) -> Latency:
        latency = Latency(self, None if endpoint is None else self._endpoint(endpoint), seconds)
        with self._lock:
            self._latencies.append(latency)
        return latency

    def _arm(self, faults: list[Fault], fault: Fault) -> Fault:
        with self._lock:
            faults.append(fault)
        return fault

    def _forget(self, latency: Latency) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._latencies.remove(latency)

    def _take(self, endpoint: str | None) -> tuple[list[Latency], Fault | None]:
        """The latencies for a request of `endpoint`, and the first armed fault it uses up."""
        with self._lock:
            latencies = [lat for lat in self._latencies if lat.endpoint in (None, endpoint)]
            for fault in self._requests:
                if fault.endpoint == endpoint:
                    fault._take()
                    if not fault.left:
                        self._requests.remove(fault)
                    return latencies, fault
        return latencies, None

    def _endpoint_of(self, path: str) -> str | None:
        for template, pattern in self._routes:
            if pattern.match(path):
                return template
        return None

    def _endpoint(self, endpoint: Any) -> str:
        if not self._routes:
            raise RuntimeError("these faults are not in front of a gateway yet (GatewayServer middleware)")
        if endpoint in self.endpoints:
            return endpoint
        raise ValueError(
            f"{endpoint!r} is not an endpoint of the gateway. Name one by its path as docs/protocol.md "
            f"writes it: {', '.join(self.endpoints)}"
        )

    def _user(self, user: Any) -> str | None:
        if user is None:
            return None
        name = getattr(user, "name", user)  # a user handle or a user name
        if not isinstance(name, str) or not self._gateway.desk.has_user(name):
            raise ValueError(f"the gateway has no user {name!r}")
        return name


def _seconds(seconds: float, what: str) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds < math.inf:
        raise ValueError(f"{what} is a number of seconds, 0 or more, not {seconds!r}")
    return float(seconds)


def _times(times: int) -> int:
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"times is how many requests or messages the fault takes: 1 or more, not {times!r}")
    return times


def _whose(what: str, user: str | None, how: str) -> str:
    return f"the next {what}{f' to {user}' if user else ''} {how}"


def _late(send: Send, latencies: Iterable[Latency]) -> Send:
    """`send`, holding the reply's first message (its status line) for each latency in turn."""

    async def late_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            for latency in latencies:
                await latency._hold()
        await send(message)

    return late_send


async def _answer_fault(status: int, receive: Receive, send: Send) -> None:
    await _read_body(receive)  # an unread body would be taken for the next request on the connection
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_FAULT_BODY)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _FAULT_BODY})


async def _read_body(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _drop(send: Send, receive: Receive) -> None:
    """Resets the connection without a byte of reply. ASGI has no word for that, so this reaches the
    transport of uvicorn's request cycle (the `send` it passes is a method of that cycle)."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    abort: Callable[[], None] | None = getattr(transport, "abort", None)
    if abort is None:
        raise RuntimeError("dropping a connection needs the gateway's own server (uvicorn with h11)")
    abort()
    # Until uvicorn has seen the connection go: then it neither answers nor complains of no answer.
    while (await receive())["type"] != "http.disconnect":
        pass
