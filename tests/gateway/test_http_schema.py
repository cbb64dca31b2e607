"""The gateway keeps to its own OpenAPI document (SPEC §9): schemathesis's default checks against a live
gateway over HTTPS, bounded and repeatable; every operation's replies typed, no untyped `{}` bodies.

schemathesis gets real tokens: each login-step request a freshly started login's token (so the proof is
checked, and counted, for real), the session endpoints a real session's. A login step other than the
proof then meets a login still at its password stage and gets 410 EXPIRED, and a well-formed SRP A may
still lie outside 1..N-1: refusals of state and of arithmetic that no schema can express, so the
schema-valid-data check also expects 400 on start, and 410 and 423 (the name locked by the proofs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.auths import AuthStorage

from tests.gateway.http_support import (
    TIMEOUT,
    Client,
    b64,
    log_in_to_second_factor,
    respond,
    running_gateway,
    seed_template,
)
from trader_login.auth import rules, srp
from trader_login.auth.gateway.policy import RateLimit
from trader_login.auth.kdf import TEST_LIMITS

EXAMPLES = 10  # per operation and mode: 15 operations, about 300 requests in all
FUZZED_USER = "dscuser"  # whose login tokens schemathesis gets (its proofs are counted: it locks)
POSITIVE_STATUSES = ["2xx", "401", "403", "404", "409", "410", "423", "429"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    base = tmp_path_factory.mktemp("http-schema")
    # A rate limit high enough never to be reached, so its bookkeeping still runs on every login request.
    with running_gateway(
        base / "gateway", seed_template(base / "seeded"), rate_limit=RateLimit(requests=1_000_000)
    ) as running:
        yield running


@pytest.fixture(scope="module")
def document(client: Client) -> dict[str, Any]:
    reply = client.get("/openapi.json")
    assert reply.status_code == 200
    return reply.json()


@pytest.fixture(scope="module")
def session_token(client: Client) -> str:
    login = log_in_to_second_factor(client, "carduser")
    assert login.reply["step"] == "second_factor", login.reply
    return _card_session(client, login)


def _card_session(client: Client, login: Any) -> str:
    first, second = login.reply["challenge"]["indices"]
    reply = respond(client, login.token, client.device("carduser", "card").response(first, second))
    assert reply.status_code == 200, reply.text
    return reply.json()["session_token"]


class Tokens:
    """schemathesis's auth provider: a fresh login token for each login-step case, the session's token for
    the session endpoints."""

    def __init__(self, client: Client, session_token: str) -> None:
        self.client = client
        self.session_token = session_token

    def get(self, case: Any, _context: Any) -> str | None:
        path = case.operation.path
        if path.startswith("/v1/session"):
            return self.session_token
        if not path.startswith("/v1/login/") and path != "/v1/login":
            return None
        srp_client = srp.SrpClient(FUZZED_USER, limits=TEST_LIMITS)
        body = {"username": FUZZED_USER, "mode": "live", "client_public": b64(srp_client.public)}
        started = self.client.post("/v1/login/start", body)
        assert started.status_code == 200, started.text
        return started.json()["login_token"]

    def set(self, case: Any, token: str | None, _context: Any) -> None:
        if token is not None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_gateway_keeps_to_its_openapi_document(
    client: Client, document: dict[str, Any], session_token: str, mode: GenerationMode
) -> None:
    config = schemathesis.Config.from_dict(
        {
            "base-url": client.url,
            "checks": {"positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES}},
            "operations": [
                {
                    "include-path": "/v1/login/start",
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": [*POSITIVE_STATUSES, "400"]}
                    },
                },
                {
                    # A well-formed token the gateway does not know gets 410 EXPIRED, as a used or expired
                    # one does (one answer, no oracle), and cancelling a login is idempotent (200 for any
                    # token): both as docs/protocol.md says, not the 401 this check expects.
                    "include-path": ["/v1/session", "/v1/session/logout", "/v1/login"],
                    "checks": {"ignored_auth": {"enabled": False}},
                },
            ],
        }
    )
    schema = schemathesis.openapi.from_dict(document, config=config)
    auth = AuthStorage(providers=[Tokens(client, session_token)])
    failures, tried = [], {}
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            tried[operation.label] = _exercise(client, operation, mode, auth)
        except Unsatisfiable:
            # Nothing of this operation can be made schema-invalid and still be sent (no body, and headers
            # and path parameters that may be any string): it has no negative case.
            assert mode is GenerationMode.NEGATIVE, operation.label
        except (Exception, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    if mode is GenerationMode.POSITIVE:
        assert all(tried.values()), tried


def _exercise(client: Client, operation: Any, mode: GenerationMode, auth: AuthStorage) -> int:
    """Runs schemathesis's default checks on `EXAMPLES` cases of `operation`; returns how many ran."""
    count = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, auth_storage=auth))
    def run(case: Any) -> None:
        nonlocal count
        count += 1
        case.call_and_validate(session=client.http, verify=str(client.server.cert_path), timeout=TIMEOUT)

    run()
    return count


# --- the document itself ----------------------------------------------------------------------------------


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _untyped(document: dict[str, Any], schema: dict[str, Any], seen: set[str], where: str) -> list[str]:
    """Where under `schema` a value is left untyped: `{}`, or an object with no listed properties."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        return _untyped(document, _resolve(document, schema), seen, name)
    found = []
    if not schema or (schema.get("type") == "object" and not schema.get("properties")):
        found.append(where)
    for key in ("oneOf", "anyOf", "allOf"):
        for choice in schema.get(key, []):
            found += _untyped(document, choice, seen, where)
    for name, field in schema.get("properties", {}).items():
        found += _untyped(document, field, seen, f"{where}.{name}")
    if "items" in schema:
        found += _untyped(document, schema["items"], seen, f"{where}[]")
    return found


def test_every_operation_has_a_typed_reply_for_each_status_it_lists(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            label = f"{method.upper()} {path}"
            responses = operation["responses"]
            assert "200" in responses, label
            assert {"400", "413"} <= set(responses), label  # a body that is not JSON, or too large
            assert "422" not in responses, label  # validation errors are 400 here
            for status, response in responses.items():
                schema = response["content"]["application/json"]["schema"]
                assert not _untyped(document, schema, set(), f"{label} {status}"), (label, status)
                if status != "200":
                    assert schema == {"$ref": "#/components/schemas/ErrorReply"}, (label, status)
    assert "503" in document["paths"]["/v1/login/proof"]["post"]["responses"]


def test_the_document_carries_r1_base64_and_enums(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    start = schemas["StartLogin"]["properties"]
    assert start["username"]["pattern"] == rules.USERNAME_PATTERN
    assert start["mode"]["enum"] == ["live", "paper"]
    assert start["client_public"]["format"] == "byte"
    assert schemas["ClientProof"]["properties"]["client_proof"]["format"] == "byte"
    assert schemas["PushAnswer"]["properties"]["signature"]["format"] == "byte"
    for name, field in (("LoginStarted", "salt"), ("LoginStarted", "server_public"), ("Push", "nonce")):
        assert schemas[name]["properties"][field]["format"] == "byte", (name, field)
    assert schemas["ProvedSecondFactor"]["properties"]["server_proof"]["format"] == "byte"
    assert schemas["Session"]["properties"]["status"]["enum"] == [
        "active",
        "taken_over",
        "logged_out",
        "expired",
    ]
    assert schemas["PushDecided"]["properties"]["status"]["enum"] == ["approved", "denied"]
    steps = document["paths"]["/v1/login/proof"]["post"]["responses"]["200"]["content"]["application/json"]
    assert set(steps["schema"]["discriminator"]["mapping"]) == {
        "choose_device",
        "second_factor",
        "session",
        "existing_session",
    }
    error = schemas["ErrorDetail"]["properties"]
    assert error["retry_after"]["type"] == "integer"  # RATE_LIMITED and UNAVAILABLE
    assert error["next"] == {**error["next"], "$ref": "#/components/schemas/SecondFactorStep"}


# --- the order of the checks on start (docs/protocol.md) ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"username": "Bad Name", "mode": "live", ', "BAD_REQUEST"),  # not JSON
        (b'{"username": "Bad Name", "mode": "live", "client_public": "%%%"}', "BAD_REQUEST"),  # not base64
        (b'{"username": "Bad Name", "mode": "live", "client_public": 5}', "BAD_REQUEST"),  # a wrong type
        (b'{"username": "Bad Name", "mode": "demo", "client_public": "AA=="}', "BAD_REQUEST"),  # not an enum
        (b'{"username": "Bad Name", "mode": "live", "client_public": "AA=="}', "BAD_CHARACTER"),  # then R1
        (
            b'{"username": "DSCUSER", "mode": "live", "client_public": "AA=="}',
            "UPPER_CASE",
        ),  # before A's value
        (b'{"username": "", "mode": "live", "client_public": "AA=="}', "EMPTY"),
        (b'{"username": "dscuser", "mode": "live", "client_public": "AA=="}', "BAD_REQUEST"),  # A's value
    ],
)
def test_start_refuses_bad_json_and_bad_base64_before_the_user_name_rules(
    client: Client, body: bytes, code: str
) -> None:
    reply = client.request("POST", "/v1/login/start", data=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]["code"] == code
