"""SPEC §5: passwords, codes and tokens never reach a log, an exception message or a repr — checked over a
login's worth of gateway calls, right and wrong, and over every way a call can fail."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.transport_support import (
    Behaviour,
    FakeServer,
    answer,
    answer_json,
    close_at_once,
    closed_port,
    hang,
    make_certificate,
)
from tests.gateway.http_support import PASSWORD, Client, dsc_response, running_gateway, seed_template
from trader_login.auth import srp
from trader_login.auth.client.errors import ClientError, GatewayRefusal
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.kdf import TEST_LIMITS, KdfParams

# Distinctive enough that finding one anywhere is a leak, not a coincidence.
WRONG_PASSWORD = "Pw-Quokka-Zebra-4417"
FAKE_TOKEN = "Tok-Wombat-Narwhal-9931"
WRONG_RESPONSE = "83150927"
SECRET_BODY_VALUE = "Body-Axolotl-Pangolin-2260"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("secrets") / "seeded")


@pytest.fixture
def running(template: Path, tmp_path: Path) -> Iterator[Client]:
    with running_gateway(tmp_path / "gateway", template) as gateway:
        yield gateway


class Witness:
    """Collects every failure of the calls it runs, for a look at their texts afterwards."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def fails(self, call: Callable[[], Any], expected: type[BaseException] = ClientError) -> BaseException:
        with pytest.raises(expected) as raised:
            call()
        self.errors.append(raised.value)
        return raised.value

    def texts(self) -> list[str]:
        texts = []
        for error in self.errors:
            texts += [str(error), repr(error), repr(error.args), repr(vars(error))]
        return texts


def log_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    texts = [caplog.text]
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.args), record.exc_text or ""]
    return texts


def test_a_login_leaves_no_password_code_or_token_in_errors_reprs_or_logs(
    running: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, urllib3's, the gateway's
    witness = Witness()
    secrets = [WRONG_PASSWORD, FAKE_TOKEN, WRONG_RESPONSE, PASSWORD]
    client = GatewayClient(running.url, fingerprint=running.server.fingerprint)

    def start(username: str) -> tuple[srp.SrpClient, dict[str, Any]]:
        srp_client = srp.SrpClient(username, limits=TEST_LIMITS)
        started = client.start_login(username, "live", srp_client.public)
        secrets.extend([started["login_token"], base64.b64encode(srp_client.public).decode()])
        return srp_client, started

    def proof(srp_client: srp.SrpClient, started: dict[str, Any], password: str) -> bytes:
        m1 = srp_client.respond(
            password,
            base64.b64decode(started["salt"]),
            KdfParams.from_dict(started["kdf"]),
            base64.b64decode(started["server_public"]),
        )
        secrets.append(base64.b64encode(m1).decode())
        return m1

    # A wrong password, then the right one, a wrong device response, the right one, a session.
    srp_client, started = start("dscuser")
    witness.fails(lambda: client.prove(started["login_token"], proof(srp_client, started, WRONG_PASSWORD)))
    srp_client, started = start("dscuser")
    token = started["login_token"]
    step = client.prove(token, proof(srp_client, started, PASSWORD))
    refused = witness.fails(lambda: client.respond(token, WRONG_RESPONSE), GatewayRefusal)
    assert isinstance(refused, GatewayRefusal)
    assert refused.code == "LOGIN_FAILED"
    challenge = refused.details["next"]["challenge"]["challenge"]
    assert challenge != step["challenge"]["challenge"]
    response = dsc_response(running.device("dscuser", "dscplus"), challenge)
    secrets.append(response)
    session = client.respond(token, response)
    secrets.append(session["session_token"])
    client.session_status(session["session_token"])
    witness.fails(lambda: client.session_status(FAKE_TOKEN), GatewayRefusal)
    witness.fails(lambda: client.respond(token, response), GatewayRefusal)  # the login is over
    client.logout(session["session_token"])
    client.close()

    texts = [*witness.texts(), *log_texts(caplog), repr(client)]
    assert len(witness.errors) == 4
    for secret in secrets:
        assert not [text for text in texts if secret in text], "a secret leaked"


FAILURES: dict[str, Behaviour] = {
    "hang": hang,
    "500": answer(500, f'{{"error": "{SECRET_BODY_VALUE}"}}'),
    "garbage": answer(200, f"<html>{SECRET_BODY_VALUE}</html>", "text/html"),
    "refusal": answer_json(401, {"error": {"code": "EXPIRED", "message": "Expired."}}),
    "hang-up": close_at_once,
}


def test_no_failure_quotes_the_token_or_the_body(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    witness = Witness()
    mine, other = make_certificate(tmp_path / "mine"), make_certificate(tmp_path / "other")
    body = {"response": WRONG_RESPONSE, "password": WRONG_PASSWORD}

    def fail_against(url: str) -> None:
        with GatewayClient(url, fingerprint=mine.fingerprint, read_timeout=0.3) as client:
            witness.fails(lambda: client.call("POST", "/v1/login/respond", body=body, token=FAKE_TOKEN))

    for behaviour in FAILURES.values():
        with FakeServer(behaviour, mine) as server:
            fail_against(server.url)
    with FakeServer(answer_json(200, {}), other) as server:
        fail_against(server.url)
    fail_against(f"https://127.0.0.1:{closed_port()}")
    with GatewayClient(f"https://127.0.0.1:{closed_port()}") as client:
        # A token that cannot travel in a header, and a body that is not JSON: refused without quoting them.
        witness.fails(lambda: client.respond(f"{FAKE_TOKEN}\r\nX-Injected: 1", "1"))
        not_json = {"response": WRONG_PASSWORD.encode()}
        witness.fails(lambda: client.call("POST", "/v1/login/respond", body=not_json), TypeError)

    texts = [*witness.texts(), *log_texts(caplog)]
    assert len(witness.errors) == len(FAILURES) + 4
    for secret in (FAKE_TOKEN, WRONG_RESPONSE, WRONG_PASSWORD, SECRET_BODY_VALUE):
        assert not [text for text in texts if secret in text], "a secret leaked"
