"""Readiness (`GET /v1/ready`): whether this gateway can serve logins now, i.e. whether its database answers.

Liveness (`GET /v1/health`) says only that the process serves HTTP; a load balancer or Kubernetes takes a
gateway out of rotation while it is not ready and puts it back once it is, with no restart.

    readiness = Readiness(store)
    await readiness.check()        # None, or raises GatewayError UNAVAILABLE (503, retry_after)

The check reads one row of `users` through the store's read path (a connection from the pool, a transaction,
a statement on a real table: on SQLite a bare `SELECT 1` would not touch the file). It is bounded
(`READY_TIMEOUT`): a database that hangs rather than refuses (a stopped host, a full connection queue)
answers 503 within seconds, not after the store's 30-second safety nets. One check runs at a time: probes
arriving meanwhile share its answer, so a hung database holds one thread, never one per probe. The thread
of a check that overran is a daemon and ends with the store's own timeouts; nothing waits for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading

from sqlalchemy import select

from trader_login.auth.gateway.errors import GatewayError, unavailable
from trader_login.auth.gateway.store import RETRY_AFTER, Store, users

log = logging.getLogger(__name__)

# Seconds a readiness check waits for the database before answering 503.
READY_TIMEOUT = 3.0

_PROBE = select(users.c.id).limit(1)


class Readiness:
    """One gateway's readiness check over its store (one per app; cheap)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._running: concurrent.futures.Future[None] | None = None

    def __repr__(self) -> str:
        return f"Readiness(store={self.store.url!r})"

    async def check(self, timeout: float | None = None) -> None:
        """Returns once the database answered; raises GatewayError UNAVAILABLE if it failed or did not
        answer within `timeout` seconds (default `READY_TIMEOUT`)."""
        limit = READY_TIMEOUT if timeout is None else timeout
        try:
            # A probe that overruns goes on (and is shared by the next checks) rather than being stopped.
            error = await asyncio.wait_for(_outcome(self._probe()), limit)
        except TimeoutError:
            log.warning("readiness: the database did not answer within %g s", limit)
            raise unavailable(RETRY_AFTER) from None
        if isinstance(error, GatewayError):
            raise error  # the store's UNAVAILABLE, already logged by the store
        if error is not None:  # not the database's usual trouble (a damaged file): not ready either
            log.warning("readiness: the database check failed (%s)", type(error).__name__)
            raise unavailable(RETRY_AFTER) from None

    def _probe(self) -> concurrent.futures.Future[None]:
        """The running check, or a new one on a daemon thread."""
        with self._lock:
            if self._running is None or self._running.done():
                self._running = concurrent.futures.Future()
                threading.Thread(
                    target=self._run, args=(self._running,), name="sls-gateway-ready", daemon=True
                ).start()
            return self._running

    def _run(self, future: concurrent.futures.Future[None]) -> None:
        try:
            with self.store.read() as connection:
                connection.execute(_PROBE).first()
        except BaseException as error:  # handed to every waiting check
            future.set_exception(error)
        else:
            future.set_result(None)


async def _outcome(future: concurrent.futures.Future[None]) -> BaseException | None:
    """The probe's exception (None: it succeeded), awaited on this loop. Told by a callback that never
    fails: the loop may have closed (a stopped server) by the time a hung probe ends."""
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[BaseException | None] = loop.create_future()

    def settle(done: concurrent.futures.Future[None]) -> None:
        if not waiter.done():
            waiter.set_result(done.exception())

    def told(done: concurrent.futures.Future[None]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            loop.call_soon_threadsafe(settle, done)

    future.add_done_callback(told)
    return await waiter
