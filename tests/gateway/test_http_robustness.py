"""SPEC §9: bad input over HTTP always gets a 4xx with a clear {"error": {...}}, never a 5xx; a bug gets a
500 that says nothing; the API document lists every endpoint; nothing secret is echoed or logged."""

from __future__ import annotations

import http.client
import json
import logging
import ssl
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gateway.http_support import (
    Client,
    assert_catalogue_message,
    b64,
    error_of,
    log_in_to_second_factor,
    password,
    respond,
    running_gateway,
    seed_template,
    start,
)
from trader_login.auth import restart
from trader_login.auth.gateway.demo import DEMO_PIN
from trader_login.auth.gateway.http_guard import MAX_BODY_BYTES

JSON = {"Content-Type": "application/json"}
A_PUBLIC = b64(b"\x02" * 256)  # a well-formed SRP A
VALID_START = {"username": "dscuser", "mode": "live", "client_public": A_PUBLIC}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """One gateway for the module: these requests change nothing a later one depends on. `fuzzuser` is
    for the tests whose wrong answers count towards its lockout."""
    base = tmp_path_factory.mktemp("http-robustness")
    with running_gateway(base / "gateway", seed_template(base / "seeded")) as running:
        running.gateway.desk.add_user("fuzzuser", "demo123")
        running.gateway.desk.add_device("fuzzuser", "dscplus", pin=DEMO_PIN)
        yield running


@pytest.fixture(scope="module")
def login_token(client: Client) -> str:
    return log_in_to_second_factor(client, "dscuser").token


def raw(client: Client, method: str, path: str, body: bytes, headers: dict[str, str]) -> Any:
    return client.request(method, path, data=body, headers=headers)


# --- bodies --------------------------------------------------------------------------------------------

BAD_START_BODIES = {
    "malformed JSON": b'{"username": "dscuser", ',
    "trailing garbage": b'{"username": "dscuser"} x',
    "a list": b"[]",
    "a string": b'"dscuser"',
    "null": b"null",
    "a number": b"42",
    "empty object": b"{}",
    "missing mode": json.dumps({"username": "dscuser", "client_public": A_PUBLIC}).encode(),
    "unknown field": json.dumps({**VALID_START, "password": "demo123"}).encode(),
    "username a number": json.dumps({**VALID_START, "username": 42}).encode(),
    "username a list": json.dumps({**VALID_START, "username": ["dscuser"]}).encode(),
    "username null": json.dumps({**VALID_START, "username": None}).encode(),
    "mode true": json.dumps({**VALID_START, "mode": True}).encode(),
    "mode unknown": json.dumps({**VALID_START, "mode": "demo"}).encode(),
    "client_public a number": json.dumps({**VALID_START, "client_public": 2}).encode(),
    "client_public not base64": json.dumps({**VALID_START, "client_public": "!!!not base64!!!"}).encode(),
    "client_public bad padding": json.dumps({**VALID_START, "client_public": "AAA"}).encode(),
    "client_public empty": json.dumps({**VALID_START, "client_public": ""}).encode(),
    "client_public zero": json.dumps({**VALID_START, "client_public": b64(b"\0" * 256)}).encode(),
    "client_public N or more": json.dumps({**VALID_START, "client_public": b64(b"\xff" * 256)}).encode(),
    "client_public too long": json.dumps({**VALID_START, "client_public": b64(b"\x02" * 257)}).encode(),
    "client_public absurd": json.dumps({**VALID_START, "client_public": "A" * 60000}).encode(),
    "username absurd": json.dumps({**VALID_START, "username": "a" * 60000}).encode(),
    "username upper case": json.dumps({**VALID_START, "username": "DSCUSER"}).encode(),
    "username control char": json.dumps({**VALID_START, "username": "dsc\u0000user"}).encode(),
    "username lone surrogate": b'{"username": "\\ud800", "mode": "live", "client_public": "AgI="}',
    "NaN": b'{"username": NaN, "mode": "live", "client_public": "AgI="}',
    "huge number": b'{"username": 1e999999, "mode": "live", "client_public": "AgI="}',
    "huge integer": b'{"username": ' + b"9" * 5000 + b', "mode": "live", "client_public": "AgI="}',
    "deep nesting": b'{"username": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "non-UTF-8": b'{"username": "\xff\xfe", "mode": "live", "client_public": "AgI="}',
    "latin-1": '{"username": "dscusér", "mode": "live", "client_public": "AgI="}'.encode("latin-1"),
    "UTF-16": json.dumps(VALID_START).encode("utf-16"),
    "duplicate keys, last wrong": b'{"mode": "live", "mode": 7, "username": "a", "client_public": "AgI="}',
}


@pytest.mark.parametrize("body", BAD_START_BODIES.values(), ids=BAD_START_BODIES.keys())
def test_bad_start_bodies_get_a_400_with_an_error(client: Client, body: bytes) -> None:
    reply = raw(client, "POST", "/v1/login/start", body, JSON)
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] in ("BAD_REQUEST", "BAD_CHARACTER", "UPPER_CASE", "EMPTY")


def test_a_validation_error_names_the_field_without_echoing_values(client: Client) -> None:
    secret = "S3CRET-VALUE-" * 20
    cases = [
        ({**VALID_START, "mode": secret}, "mode"),
        ({**VALID_START, "client_public": secret * 10}, "client_public"),
        ({**VALID_START, "username": 12345678987654321}, "username"),
        ({**VALID_START, "oops": secret}, "oops"),
    ]
    for body, field in cases:
        reply = client.post("/v1/login/start", body)
        message = error_of(reply)["message"]
        assert field in message
        assert "S3CRET" not in reply.text
        assert "12345678987654321" not in reply.text


def test_a_missing_field_is_named(client: Client) -> None:
    reply = client.post("/v1/login/start", {"username": "dscuser", "mode": "live"})
    error = error_of(reply)
    assert (error["message_id"], error["params"]) == ("bad_request", {"detail": "client_public: required."})
    assert error["message"] == "The gateway refused the request as malformed: client_public: required."


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (None, json.dumps(VALID_START).encode()),
        ("text/plain", json.dumps(VALID_START).encode()),
        ("application/x-www-form-urlencoded", b"username=dscuser&mode=live"),
        ("multipart/form-data; boundary=x", b"--x\r\n\r\n--x--"),
    ],
)
def test_a_body_that_is_not_json_is_refused(client: Client, content_type: str | None, body: bytes) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    reply = raw(client, "POST", "/v1/login/start", body, headers)
    assert reply.status_code == 400
    assert "JSON" in error_of(reply)["message"]


def test_413_when_the_declared_length_is_over_64_kib(client: Client) -> None:
    reply = raw(client, "POST", "/v1/login/start", b" " * (MAX_BODY_BYTES + 1), JSON)
    assert reply.status_code == 413
    assert error_of(reply)["code"] == "BODY_TOO_LARGE"


def test_413_when_the_declared_length_is_huge_and_nothing_follows(client: Client) -> None:
    """Content-Length alone is enough: the gateway answers before reading a byte of the body."""
    context = ssl.create_default_context(cafile=str(client.server.cert_path))
    connection = http.client.HTTPSConnection("127.0.0.1", client.server.port, context=context, timeout=10)
    try:
        connection.putrequest("POST", "/v1/login/start")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(10**12))
        connection.endheaders()
        reply = connection.getresponse()
        assert reply.status == 413
        assert json.loads(reply.read())["error"]["code"] == "BODY_TOO_LARGE"
    finally:
        connection.close()


def test_413_when_a_chunked_body_grows_over_64_kib(client: Client) -> None:
    """No Content-Length to trust: the size that actually arrives counts."""

    def chunks() -> Iterator[bytes]:
        yield b'{"username": "'
        for _ in range(80):
            yield b"a" * 1024
        yield b'"}'

    reply = raw(client, "POST", "/v1/login/start", chunks(), JSON)  # type: ignore[arg-type]
    assert reply.status_code == 413
    assert error_of(reply)["code"] == "BODY_TOO_LARGE"


def test_the_413_reaches_a_client_still_sending_and_the_next_request_works(client: Client) -> None:
    for _ in range(8):
        refused = raw(client, "POST", "/v1/login/start", b" " * 300_000, JSON)
        assert refused.status_code == 413
        assert refused.headers["Connection"] == "close"
        assert client.get("/v1/health").status_code == 200


def test_a_body_of_exactly_64_kib_is_read(client: Client) -> None:
    body = json.dumps({**VALID_START, "pad": ""}).encode()
    body = body[:-2] + b" " * (MAX_BODY_BYTES - len(body)) + body[-2:]
    assert len(body) == MAX_BODY_BYTES
    reply = raw(client, "POST", "/v1/login/start", body, JSON)
    assert reply.status_code == 400  # read and parsed: "pad" is an unknown field
    assert "pad" in error_of(reply)["message"]


# --- every other endpoint --------------------------------------------------------------------------------

AUTHENTICATED_BODIES = [
    ("/v1/login/proof", {"client_proof": 5}),
    ("/v1/login/proof", {"client_proof": "#"}),
    ("/v1/login/proof", {"client_proof": b64(b"\1" * 65)}),
    ("/v1/login/proof", {"client_proof": b64(b"\1" * 32), "extra": 1}),
    ("/v1/login/device", {}),
    ("/v1/login/device", {"device_id": "x" * 65}),
    ("/v1/login/device", {"device_id": None}),
    ("/v1/login/ibkey/challenge", {"unexpected": True}),
    ("/v1/login/ibkey/challenge", []),
    ("/v1/login/code", {"channel": "pigeon"}),
    ("/v1/login/code", {"channel": ["sms"]}),
    ("/v1/login/respond", {"response": "1" * 201}),
    ("/v1/login/respond", {"response": 12345678}),
    ("/v1/login/respond", {"response": None}),
    ("/v1/login/respond", {}),
    ("/v1/login/read-only", {"please": "yes"}),
    ("/v1/login/existing-session", {"takeover": "yes"}),
    ("/v1/login/existing-session", {"takeover": 1}),
    ("/v1/login/existing-session", {}),
]


@pytest.mark.parametrize(("path", "body"), AUTHENTICATED_BODIES)
def test_bad_bodies_on_every_login_step_get_a_400(
    client: Client, login_token: str, path: str, body: Any
) -> None:
    reply = client.post(path, body, token=login_token)
    assert reply.status_code == 400, reply.text
    assert error_of(reply)["code"] == "BAD_REQUEST"


_DEVICE_KEY = restart.public_bytes(restart.new_device_key())  # a restart grant's (issue 19)
ENDPOINTS = [
    ("POST", "/v1/login/proof", {"client_proof": b64(b"\1" * 32)}),
    ("POST", "/v1/login/device", {"device_id": "x"}),
    ("POST", "/v1/login/ibkey/challenge", {}),
    ("GET", "/v1/login/push?wait=0", None),
    ("POST", "/v1/login/code", {"channel": "sms"}),
    ("POST", "/v1/login/respond", {"response": "12345678"}),
    ("POST", "/v1/login/read-only", {}),
    ("POST", "/v1/login/existing-session", {"takeover": True}),
    ("DELETE", "/v1/login", None),
    ("GET", "/v1/session", None),
    ("POST", "/v1/session/logout", None),
    ("POST", "/v1/session/restart-grant", {"public_key": b64(_DEVICE_KEY)}),
    ("DELETE", "/v1/session/restart-grant", None),
]
BAD_AUTHORIZATION = {
    "missing": None,
    "no token": "Bearer",
    "empty token": "Bearer ",
    "basic": "Basic ZHNjdXNlcjpkZW1vMTIz",
    "three words": "Bearer abcdefghijklmnopqrstuvwxyz more",
    "too short": "Bearer abc",
    "too long": "Bearer " + "a" * 500,
    "bad characters": "Bearer " + "a" * 20 + "!$%",
    "latin-1 byte": "Bearer " + "a" * 20 + "\u00e9",
}


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
@pytest.mark.parametrize("authorization", BAD_AUTHORIZATION.values(), ids=BAD_AUTHORIZATION.keys())
def test_a_missing_or_garbled_bearer_token_gets_401(
    client: Client, method: str, path: str, body: Any, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    reply = client.request(method, path, json=body, headers=headers)
    assert reply.status_code == 401, reply.text
    assert error_of(reply)["code"] == "UNAUTHORIZED"
    assert reply.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [e for e in ENDPOINTS if e[0] != "DELETE"],  # cancelling is idempotent: an unknown login is "cancelled"
    ids=[f"{m} {p}" for m, p, _ in ENDPOINTS if m != "DELETE"],
)
def test_a_well_formed_but_unknown_token_is_expired(
    client: Client, method: str, path: str, body: Any
) -> None:
    reply = client.request(method, path, json=body, token="Z" * 43)
    assert reply.status_code == 410, reply.text
    assert error_of(reply)["code"] == "EXPIRED"


@pytest.mark.parametrize("wait", ["-1", "31", "abc", "1.5", "", "99999999999999999999"])
def test_the_long_poll_wait_must_be_0_to_30(client: Client, login_token: str, wait: str) -> None:
    reply = client.get(f"/v1/login/push?wait={wait}", token=login_token)
    assert reply.status_code == 400
    assert "wait" in error_of(reply)["message"]


def test_unknown_paths_and_methods_get_json_errors(client: Client) -> None:
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404
    assert error_of(missing)["code"] == "NOT_FOUND"
    wrong_method = client.request("PUT", "/v1/login/start", json=VALID_START)
    assert wrong_method.status_code == 405
    assert error_of(wrong_method)["code"] == "METHOD_NOT_ALLOWED"
    assert "POST" in wrong_method.headers["Allow"]


# --- random bodies ---------------------------------------------------------------------------------------

_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats()
)  # NaN and Infinity too: Python's JSON reader takes them | st.text(max_size=300)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
)
_start_like = st.fixed_dictionaries(
    {},
    optional={
        "username": _json | st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=70),
        "mode": _json | st.sampled_from(["live", "paper"]),
        "client_public": _json | st.binary(max_size=300).map(b64),
        "extra": _json,
    },
)
_respond_like = st.fixed_dictionaries(
    {}, optional={"response": _json | st.text(max_size=250) | st.from_regex(r"[0-9 ]{0,12}", fullmatch=True)}
)
_FUZZ = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@_FUZZ
@given(body=_json | _start_like)
def test_random_json_to_start_never_gets_a_5xx(client: Client, body: Any) -> None:
    reply = raw(client, "POST", "/v1/login/start", json.dumps(body).encode(), JSON)
    assert reply.status_code < 500, reply.text
    if reply.status_code != 200:
        error_of(reply)


@_FUZZ
@given(body=_json | _respond_like)
def test_random_json_to_respond_never_gets_a_5xx(client: Client, body: Any) -> None:
    token = log_in_to_second_factor(client, "fuzzuser").token if isinstance(body, dict) else "Q" * 43
    headers = {**JSON, "Authorization": f"Bearer {token}"}
    reply = raw(client, "POST", "/v1/login/respond", json.dumps(body).encode(), headers)
    assert reply.status_code < 500, reply.text
    if reply.status_code != 200:
        error_of(reply)
    client.gateway.desk.unlock("fuzzuser")  # wrong answers must not lock the next example out


@_FUZZ
@given(body=st.binary(max_size=400))
def test_random_bytes_to_start_never_get_a_5xx(client: Client, body: bytes) -> None:
    reply = raw(client, "POST", "/v1/login/start", body, JSON)
    assert 400 <= reply.status_code < 500 or reply.status_code == 200, reply.text


# --- bugs, logs, the API document -------------------------------------------------------------------------


def test_an_unexpected_exception_is_a_500_that_says_nothing(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_token: str) -> dict[str, Any]:
        raise RuntimeError("password=hunter2 leaked into an exception")

    monkeypatch.setattr(client.gateway.service, "session_status", broken)
    with caplog.at_level(logging.DEBUG):
        reply = client.get("/v1/session", token="Z" * 43)
    assert reply.status_code == 500
    assert reply.json()["error"]["code"] == "INTERNAL"
    assert_catalogue_message(reply.json()["error"])
    assert "hunter2" not in reply.text
    assert "RuntimeError" not in reply.text
    logged = "\n".join(record.getMessage() + str(record.exc_text or "") for record in caplog.records)
    assert "RuntimeError" in logged  # the operator learns what broke ...
    assert "hunter2" not in logged  # ... and not what it carried


def test_no_token_or_proof_reaches_the_logs(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        login = log_in_to_second_factor(client, "dscuser")
        client.post("/v1/login/respond", {"response": "99999999"}, token=login.token)
        client.get("/v1/session", token=login.token)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert login.token not in logged
    assert login.reply["server_proof"] not in logged
    assert "99999999" not in logged


def test_openapi_lists_every_endpoint_and_forbids_unknown_fields(client: Client) -> None:
    document = client.get("/openapi.json").json()
    expected = {
        "/v1/login/start": {"post"},
        "/v1/login/proof": {"post"},
        "/v1/login/device": {"post"},
        "/v1/login/ibkey/challenge": {"post"},
        "/v1/login/push": {"get"},
        "/v1/login/code": {"post"},
        "/v1/login/respond": {"post"},
        "/v1/login/passkey": {"post"},
        "/v1/login/read-only": {"post"},
        "/v1/login/existing-session": {"post"},
        "/v1/login": {"delete"},
        "/v1/session": {"get"},
        "/v1/session/logout": {"post"},
        "/v1/session/restart-grant": {"post", "delete"},  # issue 19
        "/v1/devices/{device_id}/pushes": {"get"},
        "/v1/devices/{device_id}/pushes/{transaction_id}": {"post"},
        "/v1/health": {"get"},
        "/v1/ready": {"get"},
    }
    assert {path: set(item) for path, item in document["paths"].items()} == expected
    schemas = document["components"]["schemas"]
    for name in (
        "StartLogin",
        "ClientProof",
        "ChooseDevice",
        "ResendCode",
        "Respond",
        "PasskeyAnswer",
        "ExistingSession",
        "Logout",
        "RestartGrantRequest",
    ):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["PushAnswer"]["additionalProperties"] is False
    for path, item in document["paths"].items():
        for operation in item.values():
            assert "422" not in operation["responses"], path  # validation errors are 400 here
    assert {"LoginToken", "SessionToken"} <= set(document["components"]["securitySchemes"])
    push = document["paths"]["/v1/devices/{device_id}/pushes"]["get"]
    assert {"x-device-time", "x-device-signature"} <= {p["name"] for p in push["parameters"]}


def test_the_docs_page_is_served(client: Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "openapi.json" in page.text


def test_health(client: Client) -> None:
    reply = client.get("/v1/health")
    assert reply.json() == {"status": "ok", "name": client.gateway.config.name}


def test_no_server_header(client: Client) -> None:
    assert "server" not in {k.lower() for k in client.get("/v1/health").headers}


def test_r15_a_forwarded_for_header_does_not_change_the_address(client: Client) -> None:
    """X-Forwarded-For from a local process must not pass for its address (IP restriction, rate limit)."""
    client.gateway.desk.ip_allow("optoutuser", ["203.0.113.7"])
    client.http.headers["X-Forwarded-For"] = "203.0.113.7"
    try:
        _, refused = password(client, "optoutuser")
    finally:
        del client.http.headers["X-Forwarded-For"]
        client.gateway.desk.ip_allow("optoutuser", ["127.0.0.1"])
    assert error_of(refused)["code"] == "IP_NOT_ALLOWED"


# --- every refusal's message is a catalogue text ------------------------------------------------------------


def test_every_kind_of_refusal_carries_a_catalogue_message_with_its_params(client: Client) -> None:
    """Each refusal names a text of trader_login.auth.texts by `message_id`, with exactly that text's
    `params`, and its `message` is that text's English rendering (error_of checks the three)."""
    token = log_in_to_second_factor(client, "fuzzuser").token
    replies = {
        "BAD_REQUEST": raw(client, "POST", "/v1/login/start", b"{", JSON),
        "BODY_TOO_LARGE": raw(client, "POST", "/v1/login/start", b" " * (MAX_BODY_BYTES + 1), JSON),
        "NOT_FOUND": client.get("/v1/no-such-endpoint"),
        "METHOD_NOT_ALLOWED": client.get("/v1/login/start"),
        "UNAUTHORIZED": client.get("/v1/session"),
        "EXPIRED": client.get("/v1/session", token="Z" * 43),
        "UPPER_CASE": start(client, "DscUser")[1],
        "BAD_CHARACTER": start(client, "dsc!user")[1],
        "EMPTY": start(client, "")[1],
        "INVALID_CREDENTIALS": password(client, "nosuchuser", "wrong")[1],
        "WRONG_MODE": password(client, "paperuser")[1],
        "LOGIN_FAILED": respond(client, token, "00000000"),
        "BAD_SIGNATURE": client.get("/v1/devices/IBK-unknown/pushes"),
    }
    for code, reply in replies.items():
        error = error_of(reply)
        assert error["code"] == code, (code, error)
    params = {code: error_of(reply)["params"] for code, reply in replies.items()}
    assert params["BODY_TOO_LARGE"] == {"limit": MAX_BODY_BYTES}
    assert params["BAD_CHARACTER"] == {"found": '"!"'}
