"""The HTTP layer's guard rails: the error reply every refusal gets, the mapping of FastAPI's own
refusals (validation, 404, 405) onto it, and an outermost middleware that bounds bodies (64 KiB), accepts
only UTF-8 JSON, and turns any bug into a bare 500.

Nothing here logs or echoes a body, a header or an exception message: they may carry secrets.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trader_login.auth import texts
from trader_login.auth.gateway.errors import GatewayError, bad_request, refusal

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
DRAIN_BYTES = 1024 * 1024  # how much of a refused body is read anyway, so its sender sees the 413
_SOURCES = ("body", "query", "path", "header", "cookie")


def install(app: FastAPI) -> None:
    """Registers the error handlers and the guard middleware on `app`."""
    app.add_exception_handler(GatewayError, _on_gateway_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_middleware(RequestGuard)


# --- errors --------------------------------------------------------------------------------------------


def error_response(error: GatewayError) -> JSONResponse:
    headers = {}
    if "retry_after" in error.details:  # RATE_LIMITED (429), UNAVAILABLE (503): the body's figure, as HTTP's
        headers["Retry-After"] = str(max(1, int(error.details["retry_after"])))
    if error.code == "UNAUTHORIZED":
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(error.to_dict(), status_code=error.status, headers=headers)


def unauthorized() -> GatewayError:
    return refusal("UNAUTHORIZED", texts.UNAUTHORIZED, 401)


def bad_signature() -> GatewayError:
    # One reply for an unknown device, a stale time and a wrong signature: none tells a prober more.
    return refusal("BAD_SIGNATURE", texts.BAD_SIGNATURE, 401)


def _internal() -> GatewayError:
    return refusal("INTERNAL", texts.INTERNAL, 500)


def _safe_name(part: object) -> str:
    """A field name from a validation error, fit to show: printable ASCII, short (it may be made up)."""
    return re.sub(r"[^\x20-\x7e]", "?", str(part))[:40]


def _describe(errors: list[dict[str, Any]]) -> str:
    """A readable detail naming the fields at fault. Built from names and pydantic's own texts only:
    the rejected values never appear, since they may be passwords' proofs or codes."""
    parts = []
    for error in errors[:3]:
        location = list(error.get("loc", ()))
        if location and location[0] in _SOURCES:
            location = location[1:]
        kind = error.get("type", "")
        if kind == "json_invalid":
            parts.append("the body is not valid JSON")
            continue
        if not location:
            parts.append("the body is missing" if kind == "missing" else "the body must be a JSON object")
            continue
        field = ".".join(_safe_name(p) for p in location)
        if kind == "missing":
            parts.append(f"{field}: required")
        elif kind == "extra_forbidden":
            parts.append(f"{field}: unknown field")
        else:
            parts.append(f"{field}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) + "."


async def _on_gateway_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, GatewayError)
    return error_response(error)


async def _on_validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return error_response(bad_request(_describe(list(error.errors()))))


async def _on_http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    if status == 404:
        refused = refusal("NOT_FOUND", texts.NOT_FOUND, 404)
    elif status == 405:
        refused = refusal("METHOD_NOT_ALLOWED", texts.METHOD_NOT_ALLOWED, 405)
    elif status == 413:
        refused = _too_large()
    elif 400 <= status < 500:
        # FastAPI's own refusals, e.g. a body that does not parse (too deeply nested, a huge number).
        refused = refusal(
            "BAD_REQUEST", texts.BAD_REQUEST, status, detail="the body could not be read as JSON."
        )
    else:
        refused = _internal()
    response = error_response(refused)
    if status == 405 and error.headers:
        response.headers["Allow"] = error.headers.get("Allow", "")
    return response


def _too_large() -> GatewayError:
    return refusal("BODY_TOO_LARGE", texts.BODY_TOO_LARGE, 413, limit=MAX_BODY_BYTES)


# --- the outermost layer: body limit, JSON-only bodies, and the last line against a 500 with detail -----


class RequestGuard:
    """Reads the whole body first (at most 64 KiB, by Content-Length and by what actually arrives), checks
    it is UTF-8 JSON, then replays it to the app. Catches what nothing else did and answers INTERNAL,
    logging the exception's type and stack but not its message."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            body = await self._read_body(scope, receive)
            if body is None:
                return  # the client went away
            await self.app(scope, _replay(body, receive), tracking_send)
        except GatewayError as refused:  # from _read_body: the app has not seen the request
            response = error_response(refused)
            # Whatever of the body is still unread must not be parsed as the next request.
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
        except Exception as error:
            # Where, not what: file, line and function of each frame, without the exception's message or
            # the source lines (either could quote a secret).
            frames = "\n".join(
                f"  {frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(error.__traceback__)
            )
            log.error(
                "internal error on %s %s: %s\n%s",
                scope["method"],
                scope["path"],
                type(error).__name__,
                frames,
            )
            if not started:
                await error_response(_internal())(scope, receive, send)

    @staticmethod
    async def _read_body(scope: Scope, receive: Receive) -> bytes | None:
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if (
            declared is not None
            and declared.isascii()
            and declared.isdigit()
            and int(declared) > MAX_BODY_BYTES
        ):
            if int(declared) <= DRAIN_BYTES:
                await _drain(receive)
            raise _too_large()
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                if message.get("more_body", False):
                    await _drain(receive)
                raise _too_large()
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type != "application/json":
                raise bad_request("send the body as JSON, with Content-Type: application/json.")
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                raise bad_request("the body is not UTF-8 text.") from None
        return body


async def _drain(receive: Receive) -> None:
    """Reads and drops the rest of a body too large to use (up to DRAIN_BYTES). A client still sending
    when the connection closes may never read the 413; anything larger is cut off regardless."""
    size = 0
    while size <= DRAIN_BYTES:
        message = await receive()
        size += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that gives the already-read body once, then the client's own channel (for
    the long poll's disconnect check)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
