"""The gateway keeps to its own OpenAPI document (SPEC §9): schemathesis's default checks against a live
gateway over HTTPS, bounded and repeatable; every operation's replies typed, no untyped `{}` bodies.

schemathesis gets real tokens: each login-step request a freshly started login's token (so the proof is
checked, and counted, for real), the session endpoints a real session's. A login step other than the
proof then meets a login still at its password stage and gets 410 EXPIRED, and a well-formed SRP A may
still lie outside 1..N-1: refusals of state and of arithmetic that no schema can express, so the
schema-valid-data check also expects 400 on start, and 410 and 423 (the name locked by the proofs)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import certifi
import jsonschema
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from pydantic import BaseModel, TypeAdapter
from schemathesis import GenerationMode
from schemathesis.auths import AuthStorage

from tests.gateway import test_restart_http as restart_http
from tests.gateway.http_support import (
    TIMEOUT,
    Client,
    assert_catalogue_message,
    b64,
    dsc_response,
    error_of,
    log_in_to_second_factor,
    password,
    respond,
    running_gateway,
    seed_template,
)
from tests.gateway.test_passkey import HandKey
from trader_login.auth import restart, rules, srp, texts, vocabulary
from trader_login.auth.gateway import api_schema, kinds
from trader_login.auth.gateway.kinds import _wire
from trader_login.auth.gateway.kinds.ibkey import IbKeyPush
from trader_login.auth.gateway.kinds.totp import TotpChallenge
from trader_login.auth.gateway.rate_limit import RateLimit
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
                    # A well-formed base64 of 65 bytes may still be no point on P-256 (issue 19's restart
                    # grant): a refusal of arithmetic no schema can express, as SRP A's on start.
                    "include-path": "/v1/session/restart-grant",
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": [*POSITIVE_STATUSES, "400"]},
                        "ignored_auth": {"enabled": False},
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
    """Where under `schema` a value is left untyped: `{}`, or an object with no listed properties (a map
    whose values are typed, like an error's `params`, is typed)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        return _untyped(document, _resolve(document, schema), seen, name)
    found = []
    values = schema.get("additionalProperties")
    if not schema or (
        schema.get("type") == "object" and not schema.get("properties") and not isinstance(values, dict)
    ):
        found.append(where)
    if isinstance(values, dict):
        found += _untyped(document, values, seen, f"{where}{{}}")
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
    assert set(error["message_id"]["enum"]) == set(texts.TEXTS)  # the catalogue's ids, and only those
    assert {"code", "message", "message_id", "params"} <= set(schemas["ErrorDetail"]["required"])
    assert error["next"] == {**error["next"], "$ref": "#/components/schemas/SecondFactorStep"}
    # Every registered challenge kind has its model (its gateway part's challenge_models), TOTP's included.
    challenge = schemas["SecondFactorStep"]["properties"]["challenge"]
    assert set(challenge["discriminator"]["mapping"]) == set(vocabulary.CHALLENGE_KINDS)
    totp = schemas["TotpChallenge"]["properties"]
    assert (totp["kind"]["const"], totp["digits"]["const"], totp["period"]["const"]) == ("totp", 6, 30)


# --- the challenge union, from the kinds' parts ----------------------------------------------------------


def _with_models(name: str, *models: Any) -> dict[str, Any]:
    """The real parts, with kind `name`'s part listing `models` instead of its own."""
    parts = kinds.load()
    part = parts[name]
    parts[name] = type(f"Other{type(part).__name__}", (type(part),), {"challenge_models": models})(name)
    return parts


class _Loose(BaseModel):
    kind: Literal["totp"]


class _Push(_wire.Challenge):
    kind: Literal["ibkey_push", "totp"]


class _StringKind(_wire.Challenge):
    kind: str


def test_the_challenge_union_is_the_parts_models_and_refuses_a_half_described_kind() -> None:
    challenge = TypeAdapter(api_schema.challenge_union(kinds.load()))
    fields = {"expires_at": 1.0, "sequence": 1, "digits": 6, "period": 30}
    assert isinstance(challenge.validate_python({"kind": "totp", **fields}), TotpChallenge)
    for models, refusal in [
        ((), "'totp' of 'totp'"),  # a registered kind whose part describes no challenge
        ((TotpChallenge, IbKeyPush), "'totp' lists challenge model 'IbKeyPush'"),  # another kind's
        ((TotpChallenge, _Push), "'ibkey_push' is not one of its challenge kinds"),  # another kind's kind
        ((_Loose,), "is not a kinds._wire.Challenge"),  # no expires_at, extra fields allowed
        ((_StringKind,), "its kind is not a Literal"),
    ]:
        with pytest.raises(vocabulary.KindRegistryError, match=re.escape(refusal)):
            api_schema.challenge_union(_with_models("totp", *models))
    parts = _with_models("ibkey", *kinds.load()["ibkey"].challenge_models, TotpChallenge)
    with pytest.raises(vocabulary.KindRegistryError, match="'ibkey' lists challenge model 'TotpChallenge'"):
        api_schema.challenge_union(parts)  # a model of a kind the part does not issue
    twice = type("TotpAgain", (TotpChallenge,), {"__module__": __name__})
    with pytest.raises(vocabulary.KindRegistryError, match="'totp' is TotpChallenge's already"):
        api_schema.challenge_union(_with_models("totp", TotpChallenge, twice))


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
    assert_catalogue_message(reply.json()["error"])


# --- every kind of reply, from real logins, against the document -------------------------------------------


class Conformance:
    """Checks a reply against the document: its status is one the operation lists, its body fits the schema
    given for that status (base64 decoded, as `format: byte` says)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.formats = jsonschema.FormatChecker()
        self.formats.checks("byte", raises=binascii.Error)(_is_base64)
        self.seen: set[tuple[str, str, int]] = set()
        self.operations = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path, item)
            for path, item in document["paths"].items()
        ]

    def check(self, method: str, url_path: str, reply: requests.Response) -> None:
        found = self._operation(method, url_path)
        if found is None:
            return  # not an operation of the document (a 404, a 405, /openapi.json)
        path, operation = found
        responses = operation["responses"]
        assert str(reply.status_code) in responses, (method, path, reply.status_code, reply.text)
        schema = responses[str(reply.status_code)]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator(
            {**schema, "components": self.document["components"]}, format_checker=self.formats
        )
        validator.validate(reply.json())
        self.seen.add((method.upper(), path, reply.status_code))

    def _operation(self, method: str, url_path: str) -> tuple[str, dict[str, Any]] | None:
        for pattern, path, item in self.operations:
            if pattern.match(url_path) and method.lower() in item:
                return path, item[method.lower()]
        return None


def _is_base64(text: object) -> bool:
    if isinstance(text, str):
        base64.b64decode(text, validate=True)
    return True


@dataclass
class CheckedClient(Client):
    """The HTTP test client, with every reply checked against the document."""

    conformance: Conformance | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        reply = super().request(method, path, **kwargs)
        assert self.conformance is not None
        self.conformance.check(method, urlsplit(path).path, reply)
        return reply


@pytest.fixture
def checked(tmp_path: Path, document: dict[str, Any]) -> Iterator[CheckedClient]:
    with running_gateway(tmp_path / "gateway", seed_template(tmp_path / "seeded")) as running:
        yield CheckedClient(**vars(running), conformance=Conformance(document))


def _second_factor(client: Client, user: str, mode: str = "live") -> Any:
    login = log_in_to_second_factor(client, user, mode)
    return login.token, login.reply


def test_every_kind_of_reply_of_real_logins_fits_the_document(checked: CheckedClient) -> None:
    client = checked
    assert client.get("/v1/health").status_code == 200
    assert client.get("/v1/ready").status_code == 200  # its 503: tests/gateway/test_http_ready.py
    # DSC+: a wrong password, a wrong answer (LOGIN_FAILED with next), the right one, the session.
    _, wrong = password(client, "dscuser", "wrong-password")
    assert wrong.status_code == 401
    token, step = _second_factor(client, "dscuser")
    assert step["challenge"]["kind"] == "dscplus"
    assert respond(client, token, "00000000").status_code == 401
    fresh = client.post("/v1/login/device", {"device_id": step["device"]["id"]}, token=token).json()
    answer = dsc_response(client.device("dscuser", "dscplus"), fresh["challenge"]["challenge"])
    session = respond(client, token, answer).json()
    assert session["step"] == "session"
    assert client.get("/v1/session", token=session["session_token"]).status_code == 200
    # Restart grants (issue 19): the grant, a restart (a session at once), a logout forgetting the device,
    # a refused restart (the second factor, saying why), DELETE of a grant.
    device_key = restart.new_device_key()
    made = restart_http.grant(client, session["session_token"], device_key)
    assert made.status_code == 200, made.text
    grant_id = made.json()["grant"]["id"]
    assert client.post("/v1/session/logout", token=session["session_token"]).status_code == 200
    restarted = restart_http.restart_login(client, "dscuser", device_key, grant_id).json()
    assert restarted["session"]["opened_by_restart"] is True
    forget = {"forget_device": True}
    assert client.post("/v1/session/logout", forget, token=restarted["session_token"]).status_code == 200
    refused = restart_http.restart_login(client, "dscuser", device_key, grant_id)
    assert refused.json()["restart"]["code"] == "RESTART_FORGOTTEN"
    session = restart_http.full_session(client)
    assert client.request("DELETE", "/v1/session/restart-grant", token=session["session_token"]).json() == {
        "ended": False
    }
    assert client.post("/v1/session/logout", token=session["session_token"]).status_code == 200
    # M2FS: the choice, each kind of challenge it leads to, a code asked too soon, read-only entry.
    token, step = _second_factor(client, "multiuser")
    assert step["step"] == "choose_device"
    by_kind = {device["kind"]: device["id"] for device in step["devices"]}
    assert client.post("/v1/login/device", {"device_id": by_kind["ibkey"]}, token=token).status_code == 200
    assert client.post("/v1/login/ibkey/challenge", {}, token=token).status_code == 200
    assert client.post("/v1/login/device", {"device_id": by_kind["sms"]}, token=token).status_code == 200
    assert client.post("/v1/login/code", {"channel": "voice"}, token=token).status_code == 429
    assert client.post("/v1/login/read-only", token=token).json()["step"] == "session"
    # Cards and the temporary passcode's challenge; a cancelled login.
    for user in ("carduser", "onlineuser", "tempuser"):
        token, step = _second_factor(client, user)
        assert step["step"] == "second_factor", step
        assert client.request("DELETE", "/v1/login", token=token).json() == {"step": "cancelled"}
    # IB Key: pending, the phone's list, a denial (LOGIN_FAILED with a fresh push), an approval.
    phone = client.device("ibkeyuser", "ibkey")
    token, step = _second_factor(client, "ibkeyuser")
    assert client.get("/v1/login/push?wait=0", token=token).json()["status"] == "pending"
    assert client.phone_decide(phone, client.pending_push(phone), "deny").status_code == 200
    assert client.get("/v1/login/push?wait=0", token=token).status_code == 401
    assert client.phone_decide(phone, client.pending_push(phone)).status_code == 200
    assert client.get("/v1/login/push?wait=0", token=token).json()["step"] == "session"
    # The authenticator app (TOTP): its challenge, a code of the wrong shape (BAD_REQUEST, uncounted), a
    # wrong code (LOGIN_FAILED with the same challenge next), the app's code (a session), that code again in
    # a new login (LOGIN_FAILED told with code_used).
    app = client.device("totpuser", "totp")
    token, step = _second_factor(client, "totpuser")
    assert step["challenge"]["kind"] == "totp"
    assert error_of(respond(client, token, "12345"))["code"] == "BAD_REQUEST"
    now = client.clock()
    near = {app.code(now + steps * 30) for steps in (-1, 0, 1)}  # the codes the gateway's window takes
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in near)
    failed = error_of(respond(client, token, wrong))
    assert failed["next"]["challenge"]["kind"] == "totp"
    code = app.code(now)
    assert respond(client, token, code).json()["step"] == "session"
    token, _ = _second_factor(client, "totpuser")
    assert error_of(respond(client, token, code))["message_id"] == texts.CODE_USED.id
    # The security key: an enrolment code (wrong, then right: the registration challenge), the key's
    # registration (a session), a malformed credential (BAD_REQUEST), a refused registration
    # (REGISTRATION_REFUSED), a refused assertion (LOGIN_FAILED with next), the key's assertion.
    code = client.gateway.desk.add_device("passkeyuser", "passkey", label="spare")
    key = HandKey(origin=f"https://localhost:{client.server.port}")
    token, step = _second_factor(client, "passkeyuser")
    step = client.post("/v1/login/device", {"device_id": code.device_id}, token=token).json()
    assert step["challenge"]["kind"] == "passkey_enrolment"
    assert respond(client, token, "2222-2222-2222").status_code == 401
    registration = respond(client, token, code.printed).json()
    options = registration["challenge"]["public_key"]
    refused = client.post(
        "/v1/login/passkey", {"credential": key.register(options, origin="https://evil.example")}, token=token
    )
    assert error_of(refused)["code"] == "REGISTRATION_REFUSED"
    assert client.post("/v1/login/passkey", {"credential": {"id": "x"}}, token=token).status_code == 400
    reply = client.post(
        "/v1/login/passkey", {"credential": key.register(options), "label": "red"}, token=token
    )
    assert reply.json()["step"] == "session"
    token, step = _second_factor(client, "passkeyuser")
    assert step["challenge"]["kind"] == "passkey"
    options = step["challenge"]["public_key"]
    failed = error_of(
        client.post(
            "/v1/login/passkey", {"credential": key.assertion(options, rp_id="x.example")}, token=token
        )
    )
    options = failed["next"]["challenge"]["public_key"]
    reply = client.post("/v1/login/passkey", {"credential": key.assertion(options)}, token=token)
    assert reply.json()["step"] == "existing_session"
    client.request("DELETE", "/v1/login", token=token)
    # Paper: the wrong mode, a session at once, then one already open elsewhere (declined, taken over).
    assert password(client, "paperuser", mode="live")[1].status_code == 403
    assert password(client, "paperuser", mode="paper")[1].json()["step"] == "session"
    for takeover, outcome in ((False, "cancelled"), (True, "session")):
        token, reply = password(client, "paperuser", mode="paper")
        assert reply.json()["step"] == "existing_session"
        answer = client.post("/v1/login/existing-session", {"takeover": takeover}, token=token)
        assert answer.json()["step"] == outcome
    # An expired challenge (EXPIRED with next), an unknown session.
    token, _ = _second_factor(client, "carduser")
    client.clock.advance(181)
    assert respond(client, token, "AAABBB").status_code == 410
    assert client.get("/v1/session", token="x" * 43).status_code == 410
    # A path parameter holding a slash no longer fits the path: NOT_FOUND, on the phone's endpoints too.
    assert client.get("/v1/devices/IBK%2F1/pushes").status_code == 404
    assert (
        client.post("/v1/devices/IBK-1/pushes/0%2F1", {"decision": "deny", "signature": ""}).status_code
        == 404
    )
    statuses = {(method, path) for method, path, _ in client.conformance.seen}
    assert statuses == {
        (method.upper(), path)
        for path, item in client.conformance.document["paths"].items()
        for method in item
    }


def test_r3_the_tenth_wrong_password_gets_locked(checked: CheckedClient) -> None:
    """docs/protocol.md: the failure that makes ten is answered LOCKED, not INVALID_CREDENTIALS."""
    codes = [error_of(password(checked, "dscuser", "wrong-password")[1])["code"] for _ in range(11)]
    assert codes == ["INVALID_CREDENTIALS"] * 9 + ["LOCKED"] * 2
    locked = password(checked, "dscuser")[1]
    assert locked.status_code == 423
    assert locked.json()["error"]["locked_until"] > checked.clock()


def test_requests_ca_bundle_replaces_a_sessions_pinned_certificate_unless_trust_env_is_off(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/protocol.md's pitfall for Python clients: `session.verify` alone is not a pin."""
    for proxy in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())  # a bundle without the gateway's certificate
    url = client.url + "/v1/health"
    with requests.Session() as naive:
        naive.verify = str(client.server.cert_path)
        with pytest.raises(requests.exceptions.SSLError):
            naive.get(url, timeout=TIMEOUT)
    with requests.Session() as pinned:
        pinned.verify = str(client.server.cert_path)
        pinned.trust_env = False
        assert pinned.get(url, timeout=TIMEOUT).status_code == 200
