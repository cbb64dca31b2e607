"""The gateway's Prometheus metrics (`GET /metrics`, text format): what it does, counted from its events, how
long its endpoints take, and its database's trouble.

    metrics = GatewayMetrics.of(service)      # one per gateway (its event hub), made on first use
    body, content_type = metrics.exposition()

Where the numbers come from:
- the event hub (events.py): `GatewayMetrics` is a sink, so a step counts only once its transaction has
  committed, exactly as the audit trail records it; `GatewayMetrics._count` maps each of the audit's
  event kinds (audit.KINDS) onto a counter, except those in `IGNORED`;
- the HTTP layer (`RequestTimer`, an ASGI middleware): latency by endpoint, labelled with the route's
  template and the method, never a raw path (a path may carry a device id or a transaction id);
- the store (`Store.trouble_listeners`): transactions retried, and refused as UNAVAILABLE;
- prometheus-client's process and platform collectors (CPU, memory, open files; the Python version).

Every label's value comes from a closed set fixed here (device kinds from the vocabulary, reasons from the
audit's words, route templates from the app): a value outside it counts as "other". No user name, address,
device id or secret ever becomes a label; tests/gateway/test_metrics.py checks every sample against the
closed sets and the secrets in play.

Each gateway has its own `CollectorRegistry`, so several gateways in one process (the tests) never mix.

Several worker processes (`serve --workers N`)
----------------------------------------------
A scrape reaches one worker, and must report the whole gateway: prometheus-client's multiprocess mode. The
supervisor calls `prepare_workers()` before it forks (a private directory for the workers' memory-mapped
value files, `<temp>/sls-gateway-metrics-<uid>/<pid>`; every metric made afterwards in any process writes
there), `worker_exited(pid)` when it reaps a worker, and `finish_workers()` when it exits (the directory
removed; a supervisor killed outright leaves it, and the next one to start removes it). A scrape in any
worker then merges every worker's files (`MultiProcessCollector`): counters and histograms summed over
workers, dead ones included (what they counted happened); `sls_gateway_workers` counts the live ones, and
the process metrics are each live worker's, labelled by `pid`.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, values
from prometheus_client.core import Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.gc_collector import GCCollector
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trader_login.auth import vocabulary
from trader_login.auth.gateway import audit
from trader_login.auth.gateway import store as store_module
from trader_login.auth.gateway.events import Event, Events
from trader_login.auth.gateway.store import Store

log = logging.getLogger(__name__)

NAMESPACE = "sls_gateway"
OTHER = "other"  # the label value for anything outside a label's closed set
NONE = "none"  # a login with no second factor (paper, opted out, read only)
# Request latency: 1 ms to 5 s (a login step is a few ms; Argon2id is the client's; the push long poll,
# up to 30 s by design, lands in +Inf).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
UNMATCHED = "unmatched"  # the endpoint label of a request no route matched (a 404)

# --- the closed sets ------------------------------------------------------------------------------------

MODES = ("live", "paper")
DEVICE_KINDS = (*vocabulary.DEVICE_KINDS, NONE)
# Why a login was refused: login.failed's reason words (audit.py).
REFUSAL_REASONS = audit.LOGIN_FAILED_REASONS
PUSH_OUTCOMES = ("approved", "denied", "expired", "cancelled", "fraud_reported")
# A second-factor answer's result: accepted, one of login.failed's reasons at the second factor (wrong
# response, code used, push denied, ...), or one of second_factor.refused's (expired, format, ...).
ACCEPTED = "accepted"
SECOND_FACTOR_RESULTS = (
    ACCEPTED,
    *audit.LOGIN_FAILED_REASONS,
    *(r for r in audit.SECOND_FACTOR_REFUSED_REASONS if r not in audit.LOGIN_FAILED_REASONS),
)
DESK_PREFIX = "desk."
DESK_ACTIONS = tuple(kind[len(DESK_PREFIX) :] for kind in audit.KINDS if kind.startswith(DESK_PREFIX))
SESSION_ENDINGS = {audit.SESSION_TAKEN_OVER: "taken_over", audit.SESSION_LOGGED_OUT: "logged_out"}
# Restart grants (issue 19): what happened to them, and why (refused, ended; `none` for granted, used).
RESTART_EVENTS = {
    audit.RESTART_GRANTED: "granted",
    audit.RESTART_USED: "used",
    audit.RESTART_REFUSED: "refused",
    audit.RESTART_ENDED: "ended",
}
RESTART_REASONS = (NONE, *audit.RESTART_REFUSED_REASONS, *audit.RESTART_END_REASONS)
PRUNED_TABLES = tuple(sorted(store_module.metadata.tables))
HTTP_METHODS = ("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS")
# What the store was doing when the database failed (Store._tell's `during`), as a label.
DATABASE_PHASES = {
    "start of a write": "begin_write",
    "start of a read": "begin_read",
    "write": "write",
    "read": "read",
}


def closed(value: object, allowed: Iterable[str]) -> str:
    """`value` if it is one of `allowed`, else "other": no label ever takes a value from outside its set."""
    return value if isinstance(value, str) and value in allowed else OTHER


# --- the event kinds counted ----------------------------------------------------------------------------

PUSH_KINDS = {f"push.{outcome}": outcome for outcome in PUSH_OUTCOMES}
# The audit's kinds this module does not count, on purpose (a test holds every kind of audit.KINDS to
# being counted or listed here).
# A key registered is a device activated (neither is a login's outcome); a refused counter is counted already,
# as login.failed's reason `passkey_counter`.
IGNORED = frozenset(
    {audit.DEVICE_ACTIVATED, audit.GATEWAY_STARTED, audit.PASSKEY_REGISTERED, audit.PASSKEY_COUNTER}
)


class GatewayMetrics:
    """The metrics of one gateway, in a registry of their own (or, after `prepare_workers`, in the
    workers' shared directory as well)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._pid = os.getpid()
        self._multiprocess_dir = _multiprocess_dir
        registry = self.registry

        def counter(name: str, text: str, labels: Sequence[str] = ()) -> Counter:
            return Counter(name, text, labels, namespace=NAMESPACE, registry=registry)

        self.logins_started = counter(
            "logins_started", "Logins started (POST /v1/login/start accepted), by mode.", ["mode"]
        )
        self.logins_succeeded = counter(
            "logins_succeeded",
            "Logins that opened a session, by the second factor's device kind (none: no second factor) "
            "and mode.",
            ["device_kind", "mode"],
        )
        self.logins_refused = counter(
            "logins_refused", "Login attempts refused, by reason (the audit trail's reason).", ["reason"]
        )
        self.lockouts = counter("lockouts", "User names locked by R3 (10 failures within 24 h).")
        self.rate_limited = counter("rate_limited_requests", "Login requests refused RATE_LIMITED.")
        self.push_outcomes = counter("push_outcomes", "IB Key notifications by how they ended.", ["outcome"])
        self.second_factor = counter(
            "second_factor_outcomes",
            "Second-factor answers by device kind and result: accepted, or the reason it was refused "
            "(wrong_response, expired, ...).",
            ["device_kind", "result"],
        )
        self.desk_actions = counter("desk_actions", "Client Services desk actions, by action.", ["action"])
        self.sessions_ended = counter(
            "sessions_ended",
            "Sessions ended by an action: taken over by another login (R16) or logged out.",
            ["how"],
        )
        self.restarts = counter(
            "restart_grants",
            "Restart grants (a restart without the second factor until the weekly cut-off): granted, used, "
            "refused (by reason) and ended (by reason; the desk's revocations are desk actions).",
            ["event", "restart_reason"],
        )
        self.pruned_rows = counter(
            "pruned_rows", "Rows deleted by the retention pruner, by table.", ["table"]
        )
        self.database_errors = counter(
            "database_errors",
            "Transactions answered UNAVAILABLE (503) because the database failed, by phase.",
            ["phase"],
        )
        self.database_retries = counter(
            "database_retries",
            "Transactions that could not begin (a dropped or refused connection) and were tried again.",
            ["phase"],
        )
        self.request_duration = Histogram(
            "http_request_duration_seconds",
            "Time from a request's arrival to its reply's end, by route template and method.",
            ["endpoint", "method"],
            namespace=NAMESPACE,
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.responses = counter(
            "http_responses",
            "Replies by route template, method and status code.",
            ["endpoint", "method", "status"],
        )
        self.workers = Gauge(
            "workers",
            "Worker processes serving this gateway (1 without --workers).",
            namespace=NAMESPACE,
            registry=registry,
            multiprocess_mode="livesum",
        )
        self._initialise()
        self._timers: dict[tuple[str, str], tuple[Any, dict[int, Any]]] = {}
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}
        if self._multiprocess_dir is None:
            ProcessCollector(registry=registry)
            PlatformCollector(registry=registry)
            GCCollector(registry=registry)

    def __repr__(self) -> str:
        mode = f"multiprocess {self._multiprocess_dir}" if self._multiprocess_dir else "one process"
        return f"GatewayMetrics({mode})"

    def _initialise(self) -> None:
        """Every series of a closed set exists from the start, at 0: a rate over a counter that appears
        only at its first increment misses that increment."""
        for mode in MODES:
            self.logins_started.labels(mode)
            for kind in DEVICE_KINDS:
                self.logins_succeeded.labels(kind, mode)
        for reason in REFUSAL_REASONS:
            self.logins_refused.labels(reason)
        for outcome in PUSH_OUTCOMES:
            self.push_outcomes.labels(outcome)
        for kind in vocabulary.DEVICE_KINDS:
            for result in (ACCEPTED, "wrong_response", "expired"):
                self.second_factor.labels(kind, result)
        for how in SESSION_ENDINGS.values():
            self.sessions_ended.labels(how)
        for event in ("granted", "used"):
            self.restarts.labels(event, NONE)
        for action in DESK_ACTIONS:
            self.desk_actions.labels(action)
        for phase in DATABASE_PHASES.values():
            self.database_errors.labels(phase)
            self.database_retries.labels(phase)

    # -- the one per gateway -------------------------------------------------------------------------------

    @classmethod
    def of(cls, service: Any) -> GatewayMetrics:
        """The metrics of the gateway `service` belongs to (a `GatewayPart`: its `events` and `store`),
        made and subscribed on first use. Its service and desk share the hub, so the desk's actions count
        in the metrics of the gateway whose desk it is."""
        with _BY_HUB_LOCK:
            metrics = _BY_HUB.get(service.events)
            if metrics is not None and metrics._pid != os.getpid():
                # Inherited across a fork (made in a supervisor): a worker counts in metrics of its own,
                # made now, in the workers' directory if the supervisor prepared one.
                metrics.detach(service.events, service.store)
                metrics = None
            if metrics is None:
                metrics = cls()
                metrics.attach(service.events, service.store)
                _BY_HUB[service.events] = metrics
            return metrics

    def serving(self) -> None:
        """This process serves the gateway's HTTP (create_app): it counts in `sls_gateway_workers`."""
        self.workers.set(1)

    def attach(self, events: Events, store: Store) -> None:
        """Counts `events`' events and `store`'s trouble from now on."""
        events.add_sink(self.count)
        store.trouble_listeners.append(self.database_trouble)

    def detach(self, events: Events, store: Store) -> None:
        with contextlib.suppress(ValueError):
            events.remove_sink(self.count)
        with contextlib.suppress(ValueError):
            store.trouble_listeners.remove(self.database_trouble)

    # -- what is counted -------------------------------------------------------------------------------------

    def count(self, events: Sequence[Event]) -> None:
        """The event hub's sink: each committed event moves its counter."""
        for event in events:
            self._count(event)

    def _count(self, event: Event) -> None:
        kind = event.kind
        if kind == audit.LOGIN_STARTED:
            self._child(self.logins_started, closed(_mode(event), MODES)).inc()
        elif kind == audit.LOGIN_SUCCEEDED:
            device_kind = event.device_kind if event.device_kind is not None else NONE
            self._child(
                self.logins_succeeded, closed(device_kind, DEVICE_KINDS), closed(_mode(event), MODES)
            ).inc()
        elif kind == audit.LOGIN_FAILED:
            self._child(self.logins_refused, closed(event.reason, REFUSAL_REASONS)).inc()
            if event.device_kind is not None:  # refused at the second factor
                self._second_factor(event, event.reason)
        elif kind == audit.SECOND_FACTOR_ACCEPTED:
            self._second_factor(event, ACCEPTED)
        elif kind == audit.SECOND_FACTOR_REFUSED:
            self._second_factor(event, event.reason)
        elif kind == audit.ACCOUNT_LOCKED:
            self.lockouts.inc()
        elif kind == audit.RATE_LIMITED:
            self.rate_limited.inc()
        elif kind in PUSH_KINDS:
            self._child(self.push_outcomes, PUSH_KINDS[kind]).inc()
        elif kind.startswith(DESK_PREFIX):
            self._child(self.desk_actions, closed(kind[len(DESK_PREFIX) :], DESK_ACTIONS)).inc()
        elif kind in SESSION_ENDINGS:
            self._child(self.sessions_ended, SESSION_ENDINGS[kind]).inc()
        elif kind in RESTART_EVENTS:
            reason = event.reason if kind in (audit.RESTART_REFUSED, audit.RESTART_ENDED) else NONE
            self._child(self.restarts, RESTART_EVENTS[kind], closed(reason, RESTART_REASONS)).inc()
        elif kind == audit.RETENTION_PRUNED:
            for table, rows in (event.detail or {}).items():
                if isinstance(rows, int) and not isinstance(rows, bool) and rows > 0:
                    self._child(self.pruned_rows, closed(table, PRUNED_TABLES)).inc(rows)

    def _second_factor(self, event: Event, result: object) -> None:
        self._child(
            self.second_factor,
            closed(event.device_kind, vocabulary.DEVICE_KINDS),
            closed(result, SECOND_FACTOR_RESULTS),
        ).inc()

    def database_trouble(self, what: str, during: str) -> None:
        """The store's trouble listener: "retry" or "unavailable", during a phase."""
        phase = DATABASE_PHASES.get(during, OTHER)
        if what == "retry":
            self._child(self.database_retries, phase).inc()
        elif what == "unavailable":
            self._child(self.database_errors, phase).inc()

    def _child(self, metric: Any, *labels: str) -> Any:
        """`metric.labels(*labels)`, remembered: prometheus-client validates and locks on every call."""
        key = (id(metric), labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def observe_request(self, endpoint: str, method: str, status: int, seconds: float) -> None:
        """One request's reply: its latency and its status (labels already from the closed sets)."""
        key = (endpoint, method)
        children = self._timers.get(key)
        if children is None:
            children = self._timers[key] = (self.request_duration.labels(endpoint, method), {})
        duration, by_status = children
        duration.observe(seconds)
        counted = by_status.get(status)
        if counted is None:
            counted = by_status[status] = self.responses.labels(endpoint, method, _status(status))
        counted.inc()

    # -- the scrape --------------------------------------------------------------------------------------

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """Every metric (this process's, or every worker's in multiprocess mode) and the content type, in
        the format the scraper's Accept header asks for: Prometheus text 0.0.4 by default, OpenMetrics or
        text 1.0.0 when asked (prometheus-client's own negotiation)."""
        encode, content_type = choose_encoder(accept)
        if self._multiprocess_dir is None:
            return encode(self.registry), content_type
        registry = CollectorRegistry(auto_describe=True)
        MultiProcessCollector(registry, str(self._multiprocess_dir))
        registry.register(_WorkerProcesses(self._multiprocess_dir))
        PlatformCollector(registry=registry)
        return encode(registry), content_type


# Each gateway's metrics, by its event hub (kept as long as the gateway is).
_BY_HUB: weakref.WeakKeyDictionary[Events, GatewayMetrics] = weakref.WeakKeyDictionary()
_BY_HUB_LOCK = threading.Lock()


def _mode(event: Event) -> object:
    return event.detail.get("mode") if event.detail else None


def _status(status: int) -> str:
    # HTTP's status codes are a closed set of three digits; anything else (there is none) is "other".
    return str(status) if 100 <= status <= 599 else OTHER


# --- the HTTP layer: latency by route template --------------------------------------------------------------


class RequestTimer:
    """ASGI middleware, outermost: times each HTTP request from its arrival to the end of its reply and
    counts its status, labelled by the route template that matched (Starlette leaves it in the scope;
    a request refused before routing, e.g. a body too large, is matched here) and the method."""

    def __init__(self, app: ASGIApp, metrics: GatewayMetrics, routes: Sequence[Any]) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before its reply starts (the guard answers)

        async def noting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        finally:
            method = scope.get("method", "")
            self.metrics.observe_request(
                self._endpoint(scope),
                method if method in HTTP_METHODS else OTHER,
                status,
                time.perf_counter() - started,
            )

    def _endpoint(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            route = _matching(self.routes, scope)
        path = getattr(route, "path", None)
        return path if isinstance(path, str) else UNMATCHED


def _matching(routes: Sequence[Any], scope: Scope) -> Any:
    from starlette.routing import Match

    partial = None
    for route in routes:
        with contextlib.suppress(Exception):
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return route
            if match is Match.PARTIAL and partial is None:
                partial = route
    return partial


# --- several worker processes ---------------------------------------------------------------------------

_multiprocess_dir: Path | None = None
_ENVIRONMENT = "PROMETHEUS_MULTIPROC_DIR"
_PID_FILE = re.compile(r"_(\d+)\.db$")


def prepare_workers(directory: Path | None = None) -> Path:
    """For the supervisor of `serve --workers N`, before it forks: from now on every metric made in this
    process or its children keeps its values in memory-mapped files in `directory`, which a scrape in any
    worker merges. Returns the directory.

    By default the directory is `<temp>/sls-gateway-metrics-<uid>/<supervisor pid>` (private: 0700), and
    the directories there of supervisors no longer running are removed first: one killed outright
    (SIGKILL, the OOM killer) could not remove its own, and the next start does."""
    global _multiprocess_dir
    if directory is None:
        directory = _own_directory()
    else:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):  # a previous run's: not this gateway's numbers
            stale.unlink()
    os.environ[_ENVIRONMENT] = str(directory)
    # prometheus-client picks its value class when imported, from the environment; switched here instead,
    # since it is imported long before a supervisor knows it will fork.
    values.ValueClass = values.MultiProcessValue()
    _multiprocess_dir = directory
    return directory


def _own_directory() -> Path:
    """This supervisor's directory under the user's private parent, stale siblings removed; a new
    temporary directory where that parent cannot be trusted (another user's, or open to others)."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    parent = parent_directory()
    try:
        parent.mkdir(mode=0o700, exist_ok=True)
        status = parent.lstat()
        trusted = stat.S_ISDIR(status.st_mode) and not status.st_mode & 0o077
        trusted = trusted and (uid is None or status.st_uid == uid)
    except OSError:
        trusted = False
    if not trusted:
        return Path(tempfile.mkdtemp(prefix="sls-gateway-metrics-"))  # 0700
    sweep_stale(parent)
    directory = parent / str(os.getpid())
    shutil.rmtree(directory, ignore_errors=True)  # a dead supervisor's of the same pid
    directory.mkdir(mode=0o700)
    return directory


def parent_directory() -> Path:
    """Where the supervisors of this user keep their workers' directories, one per supervisor pid."""
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"sls-gateway-metrics-{uid}"


def sweep_stale(parent: Path) -> list[Path]:
    """Removes the directories in `parent` of supervisors no longer running; returns them."""
    removed = []
    for entry in parent.iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid() and not _running(int(entry.name)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def worker_exited(pid: int) -> None:
    """For the supervisor, when it reaps a worker: its live gauges (`sls_gateway_workers`, its process
    metrics) leave the scrape; what it counted stays."""
    if _multiprocess_dir is not None:
        mark_process_dead(pid, str(_multiprocess_dir))


def finish_workers() -> None:
    """For the supervisor, when it exits: the directory is removed and this process counts on its own."""
    global _multiprocess_dir
    directory, _multiprocess_dir = _multiprocess_dir, None
    if directory is None:
        return
    if os.environ.get(_ENVIRONMENT) == str(directory):
        del os.environ[_ENVIRONMENT]
    values.ValueClass = values.MutexValue
    shutil.rmtree(directory, ignore_errors=True)


class _WorkerProcesses:
    """The process metrics (CPU, memory, file descriptors) of each live worker, labelled by `pid`: a
    worker reads its siblings' /proc entries (Linux; elsewhere there are none to read, as for one
    process). The live workers are those whose live gauge file is there (`worker_exited` removes it)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def collect(self) -> Iterable[Metric]:
        merged: dict[str, Metric] = {}
        for pid in self._live():
            collector = ProcessCollector(pid=lambda pid=pid: pid, registry=None)
            for metric in collector.collect():
                into = merged.setdefault(metric.name, Metric(metric.name, metric.documentation, metric.type))
                for sample in metric.samples:
                    into.add_sample(sample.name, {**sample.labels, "pid": str(pid)}, sample.value)
        return list(merged.values())

    def _live(self) -> list[int]:
        pids = set()
        for name in glob.glob(str(self.directory / "gauge_livesum_*.db")):
            found = _PID_FILE.search(name)
            if found is not None:
                pids.add(int(found.group(1)))
        return sorted(pids)
