"""The rate limit: at most so many login requests per client address in each window (RATE_LIMITED).

`RateLimit.check` takes the connection of a `Store.write()` transaction; a refusal is raised inside it, so
the transaction rolls back and a refused request is not counted. Given the gateway's `events`, a refusal
is told at once (`rate.limited`, with no transaction: the one it happens in rolls back), to the metrics and
the audit trail's JSON lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy import Connection, bindparam, case, insert, select, update

from trader_login.auth import texts
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import refusal
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.store import rate_limits
from trader_login.auth.gateway.upsert import upsert


def _count_request(dialect_insert) -> Any:
    new_window = bindparam("now") - rate_limits.c.window_start >= bindparam("window")
    return (
        dialect_insert(rate_limits)
        .values(address=bindparam("address"), window_start=bindparam("now"), count=1)
        .on_conflict_do_update(
            index_elements=[rate_limits.c.address],
            set_={
                "window_start": case((new_window, bindparam("now")), else_=rate_limits.c.window_start),
                "count": case((new_window, 1), else_=rate_limits.c.count + 1),
            },
        )
        .returning(rate_limits.c.window_start, rate_limits.c.count)
    )


@dataclass(frozen=True)
class RateLimit:
    """At most `requests` login requests per address in each `window` seconds (fixed windows)."""

    requests: int = 60
    window: float = 60.0

    def check(
        self, connection: Connection, address: str, now: float, *, events: Events | None = None
    ) -> None:
        statement = upsert(_count_request, connection)
        if statement is not None:
            # One atomic statement counts the request (a new address, a new window, or one more in the
            # current one) and says where the window stands: exact even for writers not serialised.
            row = connection.execute(statement, {"address": address, "now": now, "window": self.window}).one()
            if row.count <= self.requests:
                return
            self._refuse(row.window_start, now, address, events)
        row = connection.execute(
            select(rate_limits).where(rate_limits.c.address == address).with_for_update()
        ).first()
        if row is None or now - row.window_start >= self.window:
            if row is None:
                connection.execute(insert(rate_limits).values(address=address, window_start=now, count=1))
            else:
                connection.execute(
                    update(rate_limits)
                    .where(rate_limits.c.address == address)
                    .values(window_start=now, count=1)
                )
            return
        if row.count >= self.requests:
            self._refuse(row.window_start, now, address, events)
        connection.execute(
            update(rate_limits).where(rate_limits.c.address == address).values(count=rate_limits.c.count + 1)
        )

    def _refuse(self, window_start: float, now: float, address: str, events: Events | None) -> NoReturn:
        # Raised inside the write transaction, which rolls back: a refused request is not counted.
        retry = max(1, math.ceil(window_start + self.window - now))
        if events is not None:
            events.emit(None, audit.RATE_LIMITED, at=now, address=address, detail={"retry_after": retry})
        raise refusal("RATE_LIMITED", texts.RATE_LIMITED, 429, {"retry_after": retry}, seconds=retry)
