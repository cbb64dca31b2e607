"""Fixtures for the gateway's service-level tests: a demo-seeded gateway on a fake clock, on SQLite and on
PostgreSQL in turn (`storage`: test ids [sqlite] and [postgresql]), and `Sls`, a driver that plays the
trader's and the devices' parts (SRP, DSC+ keys, cards, phone inbox, IB Key app).

Qt-free: the gateway tests must run where PySide6 is absent.
"""

from __future__ import annotations

import base64
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from tests.postgres_server import PostgresServer
from trader_login.app import harness
from trader_login.app.harness import HarnessClock
from trader_login.auth import srp, texts
from trader_login.auth.devices import files
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.auth.devices.dscplus import DscPlus
from trader_login.auth.devices.ibkey import IbKeyApp, PushRequest
from trader_login.auth.gateway.admin import AdminError
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.gateway import AUDIT_LOG_NAME, DATABASE_NAME, Gateway
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import audit_events, push_requests
from trader_login.auth.kdf import TEST_COST, TEST_LIMITS, KdfParams

# A fixed start for every fake clock, so that one seeded gateway can be copied into every test: the seed's
# time stamps (online card activation, temporary passcode issue) are then the same in all of them.
START = 1_800_000_000.0
LOCAL = "127.0.0.1"
PASSWORD = "demo123"
PIN = "1234"
DAY = 86400.0


def gateway_config(**changes: Any) -> GatewayConfig:
    """The cheap KDF and no rate limit, unless a test asks otherwise."""
    return GatewayConfig(**{"kdf_cost": dict(TEST_COST), "rate_limit": None, **changes})


def new_srp_client(user: str) -> srp.SrpClient:
    """The client's half of SRP. A 256-bit private exponent (RFC 5054's minimum) instead of srptools' 1024
    bits: the gateway's side is unchanged and each attempt costs a third less, which the lockout tests,
    with their hundreds of attempts, need."""
    return srp.SrpClient(user, limits=TEST_LIMITS, private=secrets.randbits(256) | 1 << 255)


def b64d(text: str) -> bytes:
    return base64.b64decode(text)


def dsc_response(dsc: DscPlus, challenge: str, pin: str = PIN) -> str:
    """What the trader does on the DSC+: button, PIN, OK, challenge, OK; returns the LCD (the harness's
    one walk, which fails unless the LCD says PIN> and CHALLNG> on the way)."""
    return harness.dsc_response(dsc, challenge, pin)


def card_response(card: SecurityCodeCard, challenge: dict[str, Any]) -> str:
    first, second = challenge["indices"]
    return card.response(first, second)


def assert_catalogue_message(error: dict[str, Any]) -> None:
    """A refusal's message is a text of the catalogue (trader_login.auth.texts): a known `message_id`,
    exactly that text's `params`, and `message` its English rendering (as the wire carries it)."""
    assert isinstance(error["message"], str)
    assert error["message"]
    text = texts.TEXTS.get(error["message_id"])
    assert text is not None, f"{error['message_id']!r} is not in trader_login.auth.texts"
    assert isinstance(error["params"], dict)
    assert set(error["params"]) == set(text.params), (text.id, error["params"])
    assert error["message"] == text.render(**error["params"])


class Sls:
    """The trader, the devices and the desk around one gateway, through its service layer (no HTTP)."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.service = gateway.service
        self.desk = gateway.desk
        self.clock = gateway.clock

    # -- errors ----------------------------------------------------------------------------------------------

    @staticmethod
    def refused(code: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> GatewayError:
        """Calls `call` and returns the GatewayError it raised, which must carry `code`."""
        with pytest.raises(GatewayError) as info:
            call(*args, **kwargs)
        assert info.value.code == code, f"expected {code}, got {info.value!r}"
        if not isinstance(info.value, AdminError):  # the desk's refusals are for its operator, in English
            assert_catalogue_message(info.value.to_dict()["error"])
        return info.value

    # -- credentials -----------------------------------------------------------------------------------------

    def start(self, user: str, *, mode: str = "live", address: str = LOCAL) -> tuple[srp.SrpClient, dict]:
        client = new_srp_client(user)
        return client, self.service.start_login(user, mode, client.public, address)

    def proof(self, client: srp.SrpClient, started: dict[str, Any], password: str = PASSWORD) -> bytes:
        return client.respond(
            password,
            b64d(started["salt"]),
            KdfParams.from_dict(started["kdf"]),
            b64d(started["server_public"]),
        )

    def password(
        self, user: str, password: str = PASSWORD, *, mode: str = "live", address: str = LOCAL
    ) -> tuple[str, dict[str, Any]]:
        """User name and password by SRP; checks M2 (the gateway proved it knows the verifier)."""
        client, started = self.start(user, mode=mode, address=address)
        proof = self.proof(client, started, password)
        try:
            out = self.service.prove(started["login_token"], proof, address)
        except GatewayError as error:
            if "server_proof" in error.details:
                client.verify_server(b64d(error.details["server_proof"]))
            raise
        client.verify_server(b64d(out["server_proof"]))
        return started["login_token"], out

    def fail_password(self, user: str, times: int = 1, *, address: str = LOCAL) -> list[str]:
        """`times` wrong passwords; returns the error codes."""
        return [
            self.refused_any(self.password, user, "wrong-password", address=address) for _ in range(times)
        ]

    def fail_responses(self, user: str, times: int) -> list[str]:
        """The right password once, then `times` wrong second-factor responses in that login: failures as
        R3 counts them, without paying for an SRP exchange each."""
        token, out = self.password(user)
        if out["step"] == "choose_device":
            out = self.service.choose_device(token, out["preselected"])
        if out["challenge"]["kind"] == "ibkey_push":
            self.service.switch_to_challenge(token)
        return [self.refused_any(self.service.respond, token, "0", LOCAL) for _ in range(times)]

    @staticmethod
    def refused_any(call: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
        with pytest.raises(GatewayError) as info:
            call(*args, **kwargs)
        if not isinstance(info.value, AdminError):
            assert_catalogue_message(info.value.to_dict()["error"])
        return info.value.code

    # -- devices ---------------------------------------------------------------------------------------------

    def device(self, user: str, kind: str) -> Any:
        """The emulator loaded from the device file the demo seed wrote."""
        return files.load(self.gateway.device_dir / f"{user}-{kind}.json")

    def device_id(self, user: str, kind: str) -> str:
        (found,) = [d["id"] for d in self.desk.list_devices(user) if d["kind"] == kind]
        return found

    def messages(self, phone: str) -> list[dict[str, Any]]:
        return self.desk.outbox(phone)

    def latest_code(self, phone: str) -> str:
        """The code of the newest text or call to `phone`, as the trader reads or hears it."""
        code = harness.code_in_message(self.messages(phone)[-1]["text"])
        assert code is not None, "the newest message carries no single code"
        return code

    def push_requests(self, device_id: str) -> list[PushRequest]:
        """What the phone shows: the gateway's pending notifications, as the IB Key app reads them."""
        return harness.push_requests(self.service, device_id)

    def decide(
        self,
        app: IbKeyApp,
        decision: str = "approve",
        request: PushRequest | None = None,
        *,
        number: int | None = None,
    ) -> dict:
        """The phone's signed answer. Approving a push with numbers picks the login page's number (read
        from the push's row), unless `number` picks another."""
        if request is None:
            (request,) = self.push_requests(app.device_id)
        if decision == "approve" and request.numbers and number is None:
            number = self.push_number(request.transaction_id)
        if decision == "approve":
            answer = app.approve(request, number)
        else:
            answer = app.deny(request) if decision == "deny" else app.report(request)
        self.last_decision = answer  # the one actually sent (ECDSA signs differently each time)
        return self.service.decide_push(
            app.device_id, request.transaction_id, decision, answer.signature, answer.number
        )

    def push_number(self, transaction_id: str) -> int:
        """The number the login page shows for a push (its row's)."""
        with self.gateway.store.read() as connection:
            number = connection.execute(
                select(push_requests.c.number).where(push_requests.c.transaction_id == transaction_id)
            ).scalar_one()
        assert number is not None, "this push has no number"
        return number

    # -- whole logins ----------------------------------------------------------------------------------------

    def user(self, name: str) -> harness.User:
        """The user's devices as the testers' harness holds them; the phone answers through the service."""
        return harness.DeviceShelf(self.gateway, harness.ServicePhone(self.service)).user(name)

    def answer(self, user: str, token: str, step: dict[str, Any]) -> dict[str, Any]:
        """Answers the second factor `step` shows, correctly, with the user's emulated device: the
        harness's answer for the challenge's kind (a notification is approved on the phone)."""
        challenge = step["challenge"]
        shown = harness.challenge_text(challenge.get("challenge"), challenge.get("indices"))
        response = self.user(user).answer(challenge["kind"], shown)
        if response is None:
            return self.service.push_status(token)
        return self.service.respond(token, response, LOCAL)

    def login(self, user: str, *, device: str | None = None, mode: str = "live") -> dict[str, Any]:
        """A whole login with the right password and device; `device` picks the kind on an M2FS list."""
        token, out = self.password(user, mode=mode)
        if out["step"] == "choose_device":
            chosen = device or next(d["kind"] for d in out["devices"] if d["id"] == out["preselected"])
            (device_id,) = [d["id"] for d in out["devices"] if d["kind"] == chosen]
            out = self.service.choose_device(token, device_id)
        if out["step"] == "second_factor":
            out = self.answer(user, token, out)
        return out

    def failures(self, user: str) -> int:
        return self.desk.status(user)["failures"]

    def locked_until(self, user: str) -> float | None:
        return self.desk.status(user)["locked_until"]


# --- the gateway's place: a data directory and a database ---------------------------------------------------

# The databases the gateway's service-level, concurrency and process tests run on (test ids [sqlite] and
# [postgresql]): SQLite, the file in the data directory, and PostgreSQL, a database of the test's own on the
# session's throw-away server (tests/postgres_server.py).
DATABASES = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Storage:
    """Where one test's gateway lives: its data directory (key file, certificate, device files; the SQLite
    file too on `sqlite`) and, on `postgresql`, its own database on the throw-away server. `db_url` is what
    a Gateway takes (None: the data directory's SQLite file)."""

    kind: str
    data_dir: Path
    db_url: str | None = None
    server: PostgresServer | None = None
    database: str | None = None

    @property
    def is_postgresql(self) -> bool:
        return self.kind == "postgresql"

    def gateway(self, **kwargs: Any) -> Gateway:
        """A Gateway on this place (the cheap test configuration unless `config` is given)."""
        kwargs.setdefault("config", gateway_config())
        return Gateway(self.data_dir, db_url=self.db_url, **kwargs)

    def serve_args(self) -> list[str]:
        """`sls-gateway` options for this place: `--data-dir`, and on PostgreSQL `--db` with a URL that
        holds no password (a child gets it through PGPASSWORD, `environment()`)."""
        args = ["--data-dir", str(self.data_dir)]
        if self.server is not None:
            args += ["--db", self.server.url(self.database, password=False)]
        return args

    def environment(self) -> dict[str, str]:
        """What a child process needs in its environment to reach the database: PGPASSWORD, or nothing."""
        return self.server.environment() if self.server is not None else {}

    def sqlalchemy_url(self) -> str:
        """The database's URL, for reading it directly (SQLite's file included)."""
        return self.db_url or f"sqlite:///{self.data_dir / DATABASE_NAME}"


def seed_template(data_dir: Path, clock: HarnessClock | None = None, db_url: str | None = None) -> Path:
    """A demo-seeded data directory (database, key file, device files) to copy into each test: seeding
    once instead of once per test. Without `clock`, stamped with the real time. With `db_url`, the
    database is that one (a PostgreSQL template) and the directory holds the rest."""
    gateway = Gateway(data_dir, db_url=db_url, config=gateway_config(), clock=clock or HarnessClock())
    gateway.seed_demo()
    # The copies start with an empty audit trail (table and lines): a test's trail holds what it did, not
    # the seed's desk actions.
    with gateway.store.write() as connection:
        connection.execute(delete(audit_events))
    gateway.close()  # no connection left open: a PostgreSQL template must have none to be copied
    (data_dir / AUDIT_LOG_NAME).unlink(missing_ok=True)
    return data_dir


class Seeds:
    """The session's demo-seeded places, seeded once each and copied into every test: per database and
    clock (the service tests' HarnessClock at START, or the real time for gateways in other processes).
    SQLite: the data directory is copied, file and all. PostgreSQL: the data directory is copied and the
    template database copied by `CREATE DATABASE ... TEMPLATE`, ahead of time on the server's copier
    thread, and dropped there after the test (`copy_of`, `drop_later`): the copy took a PostgreSQL test's
    setup from 0.04 s (SQLite's) to about 0.2 s."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.postgresql: dict[bool, tuple[Path, str]] = {}

    def template(
        self, request: pytest.FixtureRequest, kind: str, live: bool, server: PostgresServer | None
    ) -> tuple[Path, str | None]:
        if server is None:  # the SQLite templates the HTTP and CLI tests use as well
            return request.getfixturevalue("template" if live else "seeded_template"), None
        if live not in self.postgresql:
            name = server.create_database(f"seeded_{'live' if live else 'start'}")
            folder = self.factory.mktemp("postgresql-live" if live else "postgresql-seeded") / "gateway"
            seed_template(folder, None if live else HarnessClock(START), server.url(name))
            self.postgresql[live] = (folder, name)
        return self.postgresql[live]

    def copy(self, request: pytest.FixtureRequest, kind: str, target: Path, *, live: bool) -> Storage:
        """A fresh copy of the seeded place in `target`; on PostgreSQL a database that the test's
        teardown drops (with any connection a killed process left)."""
        server = request.getfixturevalue("postgres_server") if kind == "postgresql" else None
        folder, template = self.template(request, kind, live, server)
        shutil.copytree(folder, target)
        if server is None:
            return Storage(kind, target)
        name = server.copy_of(template)  # made while the test before ran
        request.addfinalizer(lambda: server.drop_later(name))
        return Storage(kind, target, server.url(name), server, name)

    def empty(self, request: pytest.FixtureRequest, kind: str, target: Path) -> Storage:
        """A place with nothing in it yet: a new data directory and, on PostgreSQL, a new empty database."""
        if kind == "sqlite":
            return Storage(kind, target)
        server = request.getfixturevalue("postgres_server")
        name = server.create_database()
        request.addfinalizer(lambda: server.drop_database(name))
        return Storage(kind, target, server.url(name), server, name)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """For the service tests, whose clock starts at START (SQLite)."""
    return seed_template(tmp_path_factory.mktemp("seeded") / "gateway", HarnessClock(START))


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """For gateways on the real clock (HTTP, CLI and process tests): seeded now, not at START (SQLite)."""
    return seed_template(tmp_path_factory.mktemp("live") / "seeded")


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    return Seeds(tmp_path_factory)


@pytest.fixture(params=DATABASES)
def storage(request: pytest.FixtureRequest, seeds: Seeds, tmp_path: Path) -> Storage:
    """A demo-seeded place for this test, seeded at START, on each database in turn."""
    return seeds.copy(request, request.param, tmp_path / "gateway", live=False)


@pytest.fixture(params=DATABASES)
def live_storage(request: pytest.FixtureRequest, seeds: Seeds, tmp_path: Path) -> Storage:
    """A demo-seeded place for gateways on the real clock (other processes), on each database in turn."""
    return seeds.copy(request, request.param, tmp_path / "gateway", live=True)


@pytest.fixture(params=DATABASES)
def empty_storage(request: pytest.FixtureRequest, seeds: Seeds, tmp_path: Path) -> Storage:
    """A place with nothing in it yet (a first start), on each database in turn."""
    return seeds.empty(request, request.param, tmp_path / "gateway")


@pytest.fixture
def data_dir(storage: Storage) -> Path:
    return storage.data_dir


@pytest.fixture
def clock() -> HarnessClock:
    return HarnessClock(START)


@pytest.fixture
def gateway(storage: Storage, clock: HarnessClock) -> Gateway:
    """A demo-seeded `Gateway` with the cheap KDF, no rate limit and a fake clock at START, on each
    database in turn."""
    gateway = storage.gateway(clock=clock)
    yield gateway
    gateway.close()


@pytest.fixture
def sls(gateway: Gateway) -> Sls:
    return Sls(gateway)
