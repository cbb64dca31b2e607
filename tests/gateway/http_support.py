"""The gateway over HTTPS on loopback, as a client sees it: a running `GatewayServer` on a demo-seeded
gateway with a fake clock, a `requests` session pinned to its certificate, and the trader's moves (SRP,
the emulated devices, the phone's signed requests).

Qt-free, like everything under tests/gateway.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import shutil
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

# Re-exported for the HTTP tests: one DSC+ walk and one card lookup for every gateway test.
from tests.gateway.conftest import assert_catalogue_message as assert_catalogue_message
from tests.gateway.conftest import card_response as card_response
from tests.gateway.conftest import dsc_response as dsc_response
from tests.gateway.conftest import gateway_config
from tests.gateway.conftest import seed_template as seed_template
from trader_login.app.harness import HarnessClock, code_in_message
from trader_login.auth import srp
from trader_login.auth.devices import files
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.server import ConnectionLimits, GatewayServer
from trader_login.auth.gateway.store import push_requests
from trader_login.auth.kdf import TEST_LIMITS, KdfParams

PASSWORD = "demo123"
PIN = "1234"
TIMEOUT = 60.0  # per request: a safety net for a loaded runner, never reached when things work


def watch_push_polls(monkeypatch: Any, service: Any) -> threading.Event:
    """An event set once the gateway's service looks at a push's status (a long poll has reached it): a
    test waits on that state instead of sleeping "until the poll is surely in"."""
    polling = threading.Event()
    push_status = service.push_status

    def watched_push_status(*args: Any, **kwargs: Any) -> Any:
        polling.set()
        return push_status(*args, **kwargs)

    monkeypatch.setattr(service, "push_status", watched_push_status)
    return polling


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def b64d(text: str) -> bytes:
    return base64.b64decode(text)


# The same cheap configuration the service tests use; the name reads better at the HTTP call sites.
cheap_config = gateway_config


class BearerRequests:
    """`request`, `post` and `get` with the bearer header, for anything that has a gateway `url` and a
    pinned `http` session: the in-process `Client` here, the other-process `Endpoint` of process_support."""

    url: str
    http: requests.Session

    def request(
        self, method: str, path: str, *, token: str | None = None, timeout: float = TIMEOUT, **kwargs: Any
    ) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, self.url + path, headers=headers, timeout=timeout, **kwargs)

    def post(
        self, path: str, body: Any = None, *, token: str | None = None, **kwargs: Any
    ) -> requests.Response:
        if body is not None:
            kwargs["json"] = body
        return self.request("POST", path, token=token, **kwargs)

    def get(self, path: str, *, token: str | None = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, token=token, **kwargs)


@dataclass
class Client(BearerRequests):
    """A running gateway and an HTTPS session that trusts only its certificate."""

    gateway: Gateway
    server: GatewayServer
    clock: HarnessClock
    http: requests.Session
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    # -- the devices the demo seed exported -----------------------------------------------------------------

    def device(self, user: str, kind: str) -> Any:
        return files.load(self.gateway.device_dir / f"{user}-{kind}.json")

    def latest_code(self, phone: str) -> str:
        """The code of the newest text or call to `phone`, as the trader reads or hears it (the harness's
        one reader)."""
        code = code_in_message(self.gateway.desk.outbox(phone)[-1]["text"])
        assert code is not None, "the newest message carries no single code"
        return code

    # -- the phone's signed requests ------------------------------------------------------------------------

    def phone_pushes(self, app: IbKeyApp) -> requests.Response:
        path = f"/v1/devices/{app.device_id}/pushes"
        return self.get(path, headers=app.sign_request("GET", path, b""))

    def phone_decide(
        self, app: IbKeyApp, request: PushRequest, decision: str = "approve", *, number: int | None = None
    ) -> requests.Response:
        """The phone's signed decision. Approving a push with numbers picks the login page's number (the
        push row's), unless `number` picks another."""
        if decision == "approve" and request.numbers and number is None:
            number = self.push_number(request.transaction_id)
        if decision == "approve":
            answer = app.approve(request, number)
        else:
            answer = app.deny(request) if decision == "deny" else app.report(request)
        path = f"/v1/devices/{app.device_id}/pushes/{request.transaction_id}"
        fields: dict[str, Any] = {"decision": decision, "signature": b64(answer.signature)}
        if answer.number is not None:
            fields["number"] = answer.number
        body = json_bytes(fields)
        headers = {"Content-Type": "application/json", **app.sign_request("POST", path, body)}
        return self.request("POST", path, data=body, headers=headers)

    def push_number(self, transaction_id: str) -> int:
        """The number the login page shows for a push (its row's)."""
        with self.gateway.store.read() as connection:
            number = connection.execute(
                select(push_requests.c.number).where(push_requests.c.transaction_id == transaction_id)
            ).scalar_one()
        assert number is not None, "this push has no number"
        return number

    def pending_push(self, app: IbKeyApp) -> PushRequest:
        reply = self.phone_pushes(app)
        assert reply.status_code == 200, reply.text
        (push,) = reply.json()["pushes"]
        return PushRequest(
            push["transaction_id"],
            push["username"],
            b64d(push["nonce"]),
            push["created_at"],
            push["summary"],
            tuple(push.get("numbers", ())),
        )


def served_fingerprint(host: str, port: int) -> str:
    """The SHA-256 of the certificate a server presents, read without trusting it."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host, port), timeout=10) as raw, context.wrap_socket(raw) as tls:
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return hashlib.sha256(der).hexdigest()


def json_bytes(body: Any) -> bytes:
    return json.dumps(body).encode("utf-8")


@contextlib.contextmanager
def running_gateway(
    data_dir: Path,
    template: Path | None = None,
    *,
    db_url: str | None = None,
    limits: ConnectionLimits | None = None,
    **config: Any,
) -> Iterator[Client]:
    """A seeded gateway (copied from `template`, or seeded here) served on 127.0.0.1 with a fresh port;
    its database is `db_url` if given (a seeded one then: `seed_demo` changes nothing on it); `limits`:
    the server's connection limits, if not its defaults."""
    if template is not None:
        shutil.copytree(template, data_dir)
    clock = HarnessClock()
    gateway = Gateway(data_dir, db_url=db_url, config=cheap_config(**config), clock=clock)
    if template is None:
        gateway.seed_demo()
    server = GatewayServer(gateway, limits=limits)
    server.start()
    http = requests.Session()
    http.verify = str(server.cert_path)
    # Without this, REQUESTS_CA_BUNDLE in the environment silently replaces the pinned certificate,
    # and proxy variables could route loopback traffic elsewhere.
    http.trust_env = False
    try:
        yield Client(gateway, server, clock, http)
    finally:
        http.close()
        server.stop()
        gateway.close()


# --- the trader's moves --------------------------------------------------------------------------------


@dataclass
class Login:
    token: str
    reply: dict[str, Any]


def start(client: Client, username: str, mode: str = "live") -> tuple[srp.SrpClient, requests.Response]:
    srp_client = srp.SrpClient(username, limits=TEST_LIMITS)
    reply = client.post(
        "/v1/login/start", {"username": username, "mode": mode, "client_public": b64(srp_client.public)}
    )
    return srp_client, reply


def password(
    client: Client, username: str, secret: str = PASSWORD, mode: str = "live"
) -> tuple[str, requests.Response]:
    """User name and password by SRP over HTTP. Returns the login token and the proof reply; a 200 reply's
    M2 has been checked (the gateway proved it knows the verifier)."""
    srp_client, started = start(client, username, mode)
    assert started.status_code == 200, started.text
    body = started.json()
    proof = srp_client.respond(
        secret, b64d(body["salt"]), KdfParams.from_dict(body["kdf"]), b64d(body["server_public"])
    )
    token = body["login_token"]
    reply = client.post("/v1/login/proof", {"client_proof": b64(proof)}, token=token)
    if reply.status_code == 200:
        srp_client.verify_server(b64d(reply.json()["server_proof"]))
    return token, reply


def log_in_to_second_factor(client: Client, username: str, mode: str = "live") -> Login:
    token, reply = password(client, username, mode=mode)
    assert reply.status_code == 200, reply.text
    return Login(token, reply.json())


def respond(client: Client, token: str, response: str) -> requests.Response:
    return client.post("/v1/login/respond", {"response": response}, token=token)


def error_of(reply: requests.Response) -> dict[str, Any]:
    """The `error` object of a refusal; fails unless the reply is a 4xx with the error shape."""
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text)
    body = reply.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str)
    assert body["error"]["code"]
    assert_catalogue_message(body["error"])
    return body["error"]
