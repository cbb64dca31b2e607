"""`sls-gateway` whose every reply names the process that made it (`X-Worker-Pid`), for the `--workers`
tests alone: they tell which worker answered. Run as `python -m tests.gateway.worker_pid serve ...`."""

from __future__ import annotations

import os
import sys
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trader_login.auth.gateway import server
from trader_login.auth.gateway.cli import main

HEADER = "x-worker-pid"


def with_worker_pid(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_pid(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (HEADER.encode(), str(os.getpid()).encode()),
                ]
            await send(message)

        await app(scope, receive, send_with_pid)

    return wrapped


_plain_init = server.GatewayServer.__init__


def _init_with_pid(self: server.GatewayServer, *args: Any, **kwargs: Any) -> None:
    _plain_init(self, *args, **{**kwargs, "middleware": with_worker_pid})


if __name__ == "__main__":
    server.GatewayServer.__init__ = _init_with_pid  # type: ignore[method-assign]
    sys.exit(main())
