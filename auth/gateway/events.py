"""What happens at a gateway, told once: every security-relevant step emits an `Event`, and whatever needs
to know subscribes to `Events` - the audit trail (audit.py: a table the desk reads, JSON lines for the
operator's log pipeline) and the metrics (metrics.py: Prometheus counters).

    part.events.emit(connection, LOGIN_FAILED, username=name, address=address, reason="password")

An event emitted inside a `Store.write()` transaction is recorded in that transaction (the recorders, such as
the audit table's, run at once on its connection) and published to the sinks only once it commits: a step
whose transaction rolls back leaves no trace anywhere, exactly as it leaves no state. An event emitted with
no connection (`None`) is published at once.

An event never carries a secret: its fields are names, addresses, kinds and reasons; `detail` holds a few
more plain values (numbers, flags, short words). tests/gateway/test_audit_secrets.py holds every kind to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from trader_login.auth.gateway.store import after_commit

log = logging.getLogger(__name__)

# What an event may carry in `detail`: plain values only, never bytes (a key, a token) nor nested data.
DetailValue = str | int | float | bool | None


@dataclass(frozen=True)
class Event:
    """One thing that happened. `kind` is one of the kinds registered in `KINDS` (audit.py lists them with
    what each means); `at` is the gateway clock's time (Unix seconds)."""

    kind: str
    at: float
    username: str | None = None  # the user name the event is about (typed, for a failure: maybe unknown)
    address: str | None = None  # the client's address, where a request caused it
    reason: str | None = None  # a failure's or refusal's reason, a short fixed word (e.g. "password")
    device_kind: str | None = None  # the vocabulary's spelling: dscplus, ibkey, card, ...
    device: str | None = None  # a device's id (serial), never its secret
    actor: str | None = None  # who did it at the desk (the operating-system user), for desk actions
    detail: Mapping[str, DetailValue] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The event as the JSON line and the table hold it: absent fields left out."""
        fields = {
            "at": self.at,
            "kind": self.kind,
            "username": self.username,
            "address": self.address,
            "reason": self.reason,
            "device_kind": self.device_kind,
            "device": self.device,
            "actor": self.actor,
        }
        shown = {name: value for name, value in fields.items() if value is not None}
        if self.detail:
            shown["detail"] = dict(self.detail)
        return shown


Recorder = Callable[[Connection, Event], None]
Sink = Callable[[Sequence[Event]], None]


class Events:
    """One gateway's event hub: recorders run inside the emitting transaction, sinks after its commit."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._recorders: list[Recorder] = []
        self._sinks: list[Sink] = []

    def __repr__(self) -> str:
        return f"Events(recorders={len(self._recorders)}, sinks={len(self._sinks)})"

    def add_recorder(self, recorder: Recorder) -> None:
        """`recorder(connection, event)` runs inside the emitting transaction (an insert into a table)."""
        self._recorders.append(recorder)

    def add_sink(self, sink: Sink) -> None:
        """`sink(events)` gets every event once it is final (its transaction committed), in order."""
        self._sinks.append(sink)

    def remove_sink(self, sink: Sink) -> None:
        self._sinks.remove(sink)

    def emit(self, connection: Connection | None, kind: str, **fields: Any) -> Event:
        """Records and (after the commit, or now without a connection) publishes one event."""
        event = Event(kind=kind, at=fields.pop("at", None) or self.clock(), **fields)
        if connection is None:
            self._publish([event])
            return event
        for recorder in self._recorders:
            recorder(connection, event)
        after_commit(connection, lambda: self._publish([event]))
        return event

    def _publish(self, events: Sequence[Event]) -> None:
        for sink in list(self._sinks):
            try:
                sink(events)
            except Exception:  # a sink's trouble (a full disk) must not undo or fail the step itself
                log.exception("an event sink failed (%s)", getattr(sink, "__qualname__", type(sink).__name__))
