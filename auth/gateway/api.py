"""The gateway's HTTP layer (SPEC §6): JSON under /v1, each endpoint one `SlsService` call.

Beside them, the operator's endpoints: `/v1/health` (liveness), `/v1/ready` (readiness: the database
answers; readiness.py) and `/metrics` (Prometheus, unless turned off; metrics.py, which also times every
request by its route's template).

Success replies are the service's dicts as they are. Every refusal is `{"error": {"code", "message",
...}}` with a 4xx status; a 5xx means a bug, and its reply says nothing about it. Nothing here logs a
token, a body or an exception message: they may carry secrets.

Endpoints and dependencies are `async` and hand the service call, which may wait on the database or
compute a modular exponentiation, to the thread pool themselves: one thread hop per request. FastAPI
would run a plain `def` endpoint there too, but also each plain `def` dependency and the validation of
its return value, three hops where one does (benchmarks/gateway.py; docs/performance.md).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema
from starlette.concurrency import run_in_threadpool

from trader_login.auth import rules
from trader_login.auth.devices.ibkey import verify_device_request
from trader_login.auth.gateway import api_schema as shape
from trader_login.auth.gateway import http_guard
from trader_login.auth.gateway.api_schema import base64_field, replies
from trader_login.auth.gateway.errors import GatewayError, bad_request, unavailable
from trader_login.auth.gateway.http_guard import bad_signature, error_response, unauthorized
from trader_login.auth.gateway.metrics import GatewayMetrics, RequestTimer
from trader_login.auth.gateway.readiness import Readiness
from trader_login.auth.gateway.service import SlsService, b64decode_field
from trader_login.auth.gateway.store import RETRY_AFTER
from trader_login.auth.restart import GRANT_ID_PATTERN, MAX_SIGNATURE, PUBLIC_KEY_SIZE
from trader_login.auth.vocabulary import PUSH_WAIT_MAX

PUSH_WAIT_DEFAULT = 25
PASSKEY_MAX_BODY = 16 * 1024  # a WebAuthn credential's JSON is a few KiB; the guard's 64 KiB is for all
PUSH_POLL_INTERVAL = 0.2
RESTART_SIGNATURE_MAX = MAX_SIGNATURE
_TOKEN = shape.TOKEN
_DEVICE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


# --- request bodies ------------------------------------------------------------------------------------


class _Body(BaseModel):
    # strict: "true" is not a bool and 1 is not a string; forbid: a misspelt field is an error, not ignored.
    model_config = ConfigDict(extra="forbid", strict=True)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)  # an optional field is left out, never null (api_schema.absent)


class StartLogin(_Body):
    # The pattern is documented, not enforced here: a name that breaks R1 gets R1's own code (EMPTY,
    # UPPER_CASE, BAD_CHARACTER) from the service, not a generic BAD_REQUEST.
    username: str = Field(
        max_length=64,
        description="Lower-case letters and digits (R1).",
        json_schema_extra={"pattern": rules.USERNAME_PATTERN},
    )
    mode: shape.Mode
    client_public: str = base64_field("SRP A as PAD(A): big-endian, 256 bytes.", 256)
    # The constraints on the string alone (Annotated): on the union, pydantic would apply them to a null.
    restart_grant: (
        Annotated[str, Field(max_length=32, pattern=GRANT_ID_PATTERN.pattern)] | SkipJsonSchema[None]
    ) = Field(
        default=None,
        description="A restart login (issue 19): this computer's restart grant id; the reply then carries "
        "`restart_challenge` for its device key to sign.",
        json_schema_extra=_no_default,
    )


def _optional_base64(description: str) -> Any:
    def edit(schema: dict[str, Any]) -> None:
        schema.pop("default", None)
        schema["format"] = "byte"

    return Field(default=None, description=description, json_schema_extra=edit)


class ClientProof(_Body):
    client_proof: str = base64_field("SRP M1 (32 bytes with SHA-256).", 64)
    restart_signature: (
        Annotated[str, Field(max_length=4 * ((RESTART_SIGNATURE_MAX + 2) // 3))] | SkipJsonSchema[None]
    ) = _optional_base64(
        "A restart login: DER ECDSA-SHA256 by this computer's device key over the restart payload (domain "
        "trader-login/restart/v1 and canonical JSON of challenge, grant, mode, username). Ignored on a "
        "login without a restart challenge."
    )


class ChooseDevice(_Body):
    device_id: str = Field(max_length=64, description="An `id` from the `devices` of the previous reply.")


class Empty(_Body):
    """No fields; the body may also be left out."""


class ResendCode(_Body):
    channel: Literal["sms", "voice"]


class Respond(_Body):
    response: str = Field(max_length=200, description="What the trader typed; spaces are removed (R4).")


class PasskeyAnswer(_Body):
    credential: dict[str, Any] = Field(
        description="The security key's WebAuthn PublicKeyCredential in its JSON form (base64url binary): "
        "{id, rawId, type: 'public-key', response: {clientDataJSON, authenticatorData, signature, "
        "userHandle}} for an assertion (challenge `passkey`), {id, rawId, type, response: {clientDataJSON, "
        "attestationObject}} for a registration (challenge `passkey_registration`)."
    )
    label: str | None = Field(
        default=None,
        max_length=rules.DEVICE_LABEL_MAX,
        description="The key's name, as the trader gave it (registration only; ignored otherwise): "
        + rules.DEVICE_LABEL_RULE,
    )


class ExistingSession(_Body):
    takeover: bool = Field(description="true ends the other session; false abandons this login.")


class Logout(_Body):
    forget_device: bool = Field(
        default=False,
        description="Also end the user name's active restart grant of the session's mode (forgotten).",
    )


class RestartGrantRequest(_Body):
    public_key: str = base64_field(
        "The device key's public half: an X9.62 uncompressed P-256 point (65 bytes).", PUBLIC_KEY_SIZE
    )
    label: Annotated[str, Field(max_length=64)] | SkipJsonSchema[None] = Field(
        default=None,
        description="The computer's name, at most 64 characters without control characters.",
        json_schema_extra=_no_default,
    )


class PushAnswer(_Body):
    decision: Literal["approve", "deny", "report"] = Field(
        description='approve; deny; report: "This wasn\'t me" (a denial, recorded as a fraud report).'
    )
    signature: str = base64_field("DER ECDSA-SHA256 by the device key over the push.", 150)
    number: Annotated[int, Field(ge=10, le=99)] | SkipJsonSchema[None] = Field(
        default=None,
        description="Number matching: the number the trader picked among the push's `numbers`; required "
        "with approve when the push has numbers, refused otherwise. A number other than the login page's "
        "is a denial (counted, R3).",
        json_schema_extra=_no_default,
    )


# --- the app ---------------------------------------------------------------------------------------------

_login_scheme = HTTPBearer(
    scheme_name="LoginToken",
    description="`login_token` from POST /v1/login/start, for every later login step.",
    auto_error=False,
)
_session_scheme = HTTPBearer(
    scheme_name="SessionToken",
    description="`session_token` from the reply that opened the session.",
    auto_error=False,
)


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or not _TOKEN.fullmatch(credentials.credentials):
        raise unauthorized()
    return credentials.credentials


async def _login_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_login_scheme)],
) -> str:
    return _token(credentials)


async def _session_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_session_scheme)],
) -> str:
    return _token(credentials)


LoginToken = Annotated[str, Depends(_login_token)]
SessionToken = Annotated[str, Depends(_session_token)]


def _address(request: Request) -> str:
    # The peer address as the socket has it: proxy headers are off (server.py), so it cannot be forged.
    return request.client.host if request.client is not None else "unknown"


def create_app(service: SlsService, *, metrics: bool = True) -> FastAPI:
    """The FastAPI app over `service`. Serve it with `auth.gateway.server.GatewayServer` (TLS, loopback).
    `metrics`: serve `GET /metrics` (Prometheus) and time every request (`sls-gateway serve --no-metrics`
    turns both off)."""
    app = FastAPI(
        title=service.config.name,
        version="1",
        summary="The SLS gateway: SRP-6a login, second factors, sessions, and the IB Key phone's endpoints.",
        # FastAPI's native telemetry can record request bodies and headers (SRP proofs, codes, tokens).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.openapi = shape.tidied(app.openapi)  # type: ignore[method-assign]
    app.state.service = service
    app.state.stopping = False
    http_guard.install(app)
    _login_routes(app, service)
    _session_routes(app, service)
    _device_routes(app, service)
    _operator_routes(app, service, metrics)
    return app


def _login_routes(app: FastAPI, service: SlsService) -> None:
    @app.post(
        "/v1/login/start",
        tags=["login"],
        response_model=None,
        responses=replies(shape.LoginStarted, 429, 503),
    )
    async def start_login(body: StartLogin, request: Request) -> dict[str, Any]:
        """Step 1: user name, mode and SRP A. Returns the login token, salt, KDF parameters and B."""
        client_public = b64decode_field(body.client_public, "client_public", 256)
        return await run_in_threadpool(
            service.start_login,
            body.username,
            body.mode,
            client_public,
            address=_address(request),
            restart_grant=body.restart_grant,
        )

    @app.post(
        "/v1/login/proof",
        tags=["login"],
        response_model=None,
        responses=replies(shape.ProofReply, 401, 403, 410, 423, 429, 503),
    )
    async def prove(body: ClientProof, token: LoginToken, request: Request) -> dict[str, Any]:
        """Step 2: SRP M1. Returns M2 (check it before anything else) and the second-factor step; on a
        restart login whose grant holds, the session at once (or the takeover question)."""
        proof = b64decode_field(body.client_proof, "client_proof", 64)
        signature = (
            b64decode_field(body.restart_signature, "restart_signature", RESTART_SIGNATURE_MAX)
            if body.restart_signature is not None
            else None
        )
        return await run_in_threadpool(
            service.prove, token, proof, address=_address(request), restart_signature=signature
        )

    @app.post(
        "/v1/login/device",
        tags=["login"],
        response_model=None,
        responses=replies(shape.SecondFactorStep, 401, 410, 429, 503),
    )
    async def choose_device(body: ChooseDevice, token: LoginToken) -> dict[str, Any]:
        """M2FS: the device the trader picked."""
        return await run_in_threadpool(service.choose_device, token, body.device_id)

    @app.post(
        "/v1/login/ibkey/challenge",
        tags=["login"],
        response_model=None,
        responses=replies(shape.SecondFactorStep, 401, 410, 503),
    )
    async def switch_to_challenge(token: LoginToken, body: Empty | None = None) -> dict[str, Any]:
        """R5: "Click here if you do not receive the notification": an 8-digit challenge instead."""
        return await run_in_threadpool(service.switch_to_challenge, token)

    @app.get(
        "/v1/login/push",
        tags=["login"],
        response_model=None,
        responses=replies(shape.PushReply, 401, 403, 410, 423, 503),
    )
    async def push_status(
        request: Request,
        token: LoginToken,
        wait: Annotated[int, Query(ge=0, le=PUSH_WAIT_MAX, description="Seconds to wait at most.")] = (
            PUSH_WAIT_DEFAULT
        ),
    ) -> dict[str, Any]:
        """Long poll for the IB Key push: returns when the phone answered or `wait` seconds passed."""

        async def over() -> bool:
            # A stopping server (GatewayServer.stop) answers at once rather than holding its shutdown.
            return app.state.stopping or await request.is_disconnected()

        return await _wait_for_push(service, token, wait, over)

    @app.post(
        "/v1/login/code",
        tags=["login"],
        response_model=None,
        responses=replies(shape.SecondFactorStep, 401, 410, 429, 503),
    )
    async def resend_code(body: ResendCode, token: LoginToken, request: Request) -> dict[str, Any]:
        """R10: "Didn't receive a security code?": a new code by SMS or voice call."""
        return await run_in_threadpool(service.resend_code, token, body.channel, address=_address(request))

    @app.post(
        "/v1/login/respond",
        tags=["login"],
        response_model=None,
        responses=replies(shape.Answered, 401, 403, 410, 423, 429, 503),
    )
    async def respond(body: Respond, token: LoginToken, request: Request) -> dict[str, Any]:
        """The typed response: device response, card codes, SMS code, temporary passcode or a security
        key's enrolment code (a right one answers with the key's registration challenge)."""
        return await run_in_threadpool(service.respond, token, body.response, address=_address(request))

    @app.post(
        "/v1/login/passkey",
        tags=["login"],
        response_model=None,
        responses=replies(shape.Answered, 401, 403, 410, 423, 429, 503),
    )
    async def respond_passkey(body: PasskeyAnswer, token: LoginToken, request: Request) -> dict[str, Any]:
        """The security key's answer to a `passkey` (assertion) or `passkey_registration` challenge: the
        WebAuthn credential its ceremony made. Replies as /v1/login/respond does: the session (or the
        takeover question); a refused assertion is 401 LOGIN_FAILED with a fresh challenge (counted, R3);
        a body that is not a WebAuthn credential, 400 BAD_REQUEST (not counted, the challenge standing);
        a registration the gateway refuses, 400 REGISTRATION_REFUSED (not counted)."""
        if len(await request.body()) > PASSKEY_MAX_BODY:
            raise bad_request(f"a security key's answer is at most {PASSKEY_MAX_BODY // 1024} KiB")
        return await run_in_threadpool(
            service.respond_credential,
            token,
            body.credential,
            body.label,
            address=_address(request),
        )

    @app.post(
        "/v1/login/read-only",
        tags=["login"],
        response_model=None,
        responses=replies(shape.Finished, 401, 410, 423, 503),
    )
    async def read_only(token: LoginToken, body: Empty | None = None) -> dict[str, Any]:
        """ "Enter read only": a session without the second factor (no trading, no withdrawals)."""
        return await run_in_threadpool(service.read_only, token)

    @app.post(
        "/v1/login/existing-session",
        tags=["login"],
        response_model=None,
        responses=replies(shape.TakeoverReply, 401, 410, 503),
    )
    async def existing_session(body: ExistingSession, token: LoginToken) -> dict[str, Any]:
        """R16: the answer to "already logged in elsewhere": take over, or not."""
        return await run_in_threadpool(service.answer_existing_session, token, body.takeover)

    @app.delete(
        "/v1/login",
        tags=["login"],
        response_model=None,
        responses=replies(shape.CancelledStep, 401, 503),
    )
    async def cancel(token: LoginToken) -> dict[str, Any]:
        """Abandons the login (and any push waiting on the phone)."""
        return await run_in_threadpool(service.cancel, token)


async def _wait_for_push(
    service: SlsService, token: str, wait: int, over: Callable[[], Awaitable[bool]]
) -> dict[str, Any]:
    # Each look is a short database transaction, run off the event loop; the loop only sleeps between.
    deadline = time.monotonic() + wait
    while True:
        reply = await run_in_threadpool(service.push_status, token)
        remaining = deadline - time.monotonic()
        if reply.get("status") != "pending" or remaining <= 0 or await over():
            return reply
        await asyncio.sleep(min(PUSH_POLL_INTERVAL, remaining))


def _session_routes(app: FastAPI, service: SlsService) -> None:
    @app.get(
        "/v1/session",
        tags=["session"],
        response_model=None,
        responses=replies(shape.Session, 401, 410, 503),
    )
    async def session_status(token: SessionToken) -> dict[str, Any]:
        """The session: accounts, device, withdrawal limits, restrictions, expiry; `status` says if it was
        taken over elsewhere."""
        return await run_in_threadpool(service.session_status, token)

    @app.post(
        "/v1/session/logout",
        tags=["session"],
        response_model=None,
        responses=replies(shape.Session, 401, 410, 503),
    )
    async def logout(token: SessionToken, body: Logout | None = None) -> dict[str, Any]:
        """Ends the session; `forget_device` also ends the user's restart grant of its mode."""
        forget = body.forget_device if body is not None else False
        return await run_in_threadpool(service.logout, token, forget_device=forget)

    @app.post(
        "/v1/session/restart-grant",
        tags=["session"],
        response_model=None,
        responses=replies(shape.RestartGranted, 401, 403, 410, 503),
    )
    async def grant_restart(
        body: RestartGrantRequest, token: SessionToken, request: Request
    ) -> dict[str, Any]:
        """This computer's restart grant (issue 19): its device key may restart a session with the password
        and a signature, without the second factor, until the gateway's weekly cut-off. Ends the user
        name's other active grant of the mode (replaced). Only a full login's session may ask (403
        RESTART_NOT_ALLOWED); 403 RESTART_DISABLED when the gateway's restart_grants is off; 400 for a
        key that is not a P-256 point."""
        public_key = b64decode_field(body.public_key, "public_key", PUBLIC_KEY_SIZE)
        return await run_in_threadpool(
            service.grant_restart, token, public_key, body.label, _address(request)
        )

    @app.delete(
        "/v1/session/restart-grant",
        tags=["session"],
        response_model=None,
        responses=replies(shape.RestartForgotten, 401, 410, 503),
    )
    async def forget_restart(token: SessionToken) -> dict[str, Any]:
        """Forget this device: ends the user name's active restart grant of the session's mode."""
        return await run_in_threadpool(service.forget_restart, token)


def _operator_routes(app: FastAPI, service: SlsService, metrics: bool) -> None:
    """Liveness, readiness and (unless turned off) the Prometheus metrics, for the operator's tools."""
    readiness = Readiness(service.store)

    @app.get("/v1/health", tags=["gateway"], response_model=None, responses=replies(shape.Health))
    async def health() -> dict[str, Any]:
        """Liveness: the process serves HTTP. It does not touch the database (see /v1/ready)."""
        return {"status": "ok", "name": service.config.name}

    @app.get("/v1/ready", tags=["gateway"], response_model=None, responses=replies(shape.Ready, 503))
    async def ready() -> Any:
        """Readiness: the database answers (within a few seconds), so logins can be served. 503 with
        `status` "unavailable" and Retry-After while it does not, or while the gateway is stopping."""
        try:
            if app.state.stopping:
                raise unavailable(RETRY_AFTER)
            await readiness.check()
        except GatewayError as refused:
            retry_after = error_response(refused).headers["Retry-After"]
            return JSONResponse(
                {"status": "unavailable", **refused.to_dict()},
                status_code=503,
                headers={"Retry-After": retry_after},
            )
        return {"status": "ready", "name": service.config.name}

    if not metrics:
        return
    counted = GatewayMetrics.of(service)
    counted.serving()
    app.add_middleware(RequestTimer, metrics=counted, routes=app.routes)

    @app.get("/metrics", include_in_schema=False)
    async def prometheus(request: Request) -> Response:
        """The Prometheus text format (not part of the JSON API, hence not in the OpenAPI document)."""
        accept = request.headers.get("accept", "")
        body, content_type = await run_in_threadpool(counted.exposition, accept)
        return Response(body, media_type=content_type)


async def _signed_by_device(
    request: Request,
    device_id: str,
    x_device_time: Annotated[str | None, Header(description="Unix seconds, an integer.")] = None,
    x_device_nonce: Annotated[
        str | None, Header(description="32 lower-case hex digits, random, new for every request.")
    ] = None,
    x_device_signature: Annotated[
        str | None, Header(description="DER ECDSA-SHA256 by the device key, standard base64.")
    ] = None,
) -> str:
    """The phone's request signature (`auth.devices.ibkey.device_request_payload`) over method, path, time,
    nonce and body; each nonce is accepted once (REPLAYED otherwise). Freshness uses the real clock on
    purpose: it is about replay, not about the business windows a test clock may move."""
    service: SlsService = request.app.state.service
    if not _DEVICE_ID.fullmatch(device_id):
        raise bad_signature()
    public_key = await run_in_threadpool(service.device_public_key, device_id)
    body = await request.body()
    now = time.time()
    if (
        x_device_time is None
        or x_device_nonce is None
        or not verify_device_request(
            public_key,
            request.method,
            request.url.path,
            body,
            x_device_time,
            x_device_nonce,
            x_device_signature,
            now,
        )
    ):
        raise bad_signature()
    await run_in_threadpool(service.use_device_nonce, device_id, x_device_nonce, int(x_device_time), now)
    return device_id


SignedDevice = Annotated[str, Depends(_signed_by_device)]


def _device_routes(app: FastAPI, service: SlsService) -> None:
    @app.get(
        "/v1/devices/{device_id}/pushes",
        tags=["IB Key phone"],
        response_model=None,
        responses=replies(shape.Pushes, 401, 404, 503),
    )
    async def pending_pushes(device: SignedDevice) -> dict[str, Any]:
        """The notifications waiting for this IB Key device."""
        return {"pushes": await run_in_threadpool(service.pending_pushes, device)}

    @app.post(
        "/v1/devices/{device_id}/pushes/{transaction_id}",
        tags=["IB Key phone"],
        response_model=None,
        responses=replies(shape.PushDecided, 401, 403, 404, 410, 503),
    )
    async def decide_push(device: SignedDevice, transaction_id: str, body: PushAnswer) -> dict[str, Any]:
        """Approve, deny or report one notification, signed over the login transaction and the decision
        (and the number picked, with number matching)."""
        signature = b64decode_field(body.signature, "signature", 150)
        return await run_in_threadpool(
            service.decide_push, device, transaction_id, body.decision, signature, body.number
        )
