"""One gateway: its data directory, database, secrets, service and desk, built in one place.

gateway = Gateway.open(data_dir, demo=True)      # what `sls-gateway serve --demo` runs
gateway.service.start_login(...); gateway.desk.unlock("dscuser")

Opening checks, before anything is served: the data directory is private (0700) and so is a SQLite
database (0600, permissions.py); the secrets (the data directory's, or a shared secrets file) are the ones
the database was first used with (secrets_file.py), else KeyMismatchError.
"""

from __future__ import annotations

import time
from pathlib import Path

import platformdirs
from sqlalchemy import URL, make_url

from trader_login.auth.gateway.admin import ClientServices
from trader_login.auth.gateway.audit import AuditTrail
from trader_login.auth.gateway.config import mask_url
from trader_login.auth.gateway.demo import seed_demo
from trader_login.auth.gateway.events import Events
from trader_login.auth.gateway.part import Clock
from trader_login.auth.gateway.permissions import notice_tightened, private_database_file, private_directory
from trader_login.auth.gateway.retention import Pruner
from trader_login.auth.gateway.secrets_file import GatewaySecrets
from trader_login.auth.gateway.service import SlsService
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.gateway.store import Store
from trader_login.auth.gateway.tls import Certificate

DATABASE_NAME = "gateway.sqlite3"
AUDIT_LOG_NAME = "audit.jsonl"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("trader-login-gateway", appauthor=False))


class Gateway:
    def __init__(
        self,
        data_dir: Path,
        *,
        db_url: str | None = None,
        db_password: str | None = None,
        secrets_file: Path | None = None,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
        audit_log: str | Path | None = None,
    ) -> None:
        """`audit_log`: where the audit trail's JSON lines go (a path, "-" for standard output, "off");
        None: `audit.jsonl` in the data directory. The trail's table is kept whatever this says."""
        self.data_dir = Path(data_dir)
        tightened = private_directory(self.data_dir)
        self.config = config or GatewayConfig()
        self.clock = clock
        url = _database_url(db_url or f"sqlite:///{self.data_dir / DATABASE_NAME}", db_password)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            tightened += private_database_file(Path(url.database))
        notice_tightened(tightened)
        if secrets_file is not None:
            self.secrets = GatewaySecrets.from_file(Path(secrets_file), self.data_dir)
        else:
            self.secrets = GatewaySecrets.in_data_dir(self.data_dir)
        self.vault = self.secrets.vault
        self.store = Store(url)  # type: ignore[arg-type]  # a URL object keeps a password out of any string
        try:
            self.secrets.check_against(self.store)
            # One event hub for the service and the desk: the audit trail and the metrics subscribe to it.
            self.events = Events(clock)
            self.service = SlsService(self.store, self.vault, self.config, clock, events=self.events)
            self.desk = ClientServices(self.store, self.vault, self.config, clock, events=self.events)
            # An audit log that cannot be opened refuses the start (OSError, one line), connections closed.
            self.audit = AuditTrail(
                self.events, self.store, self.data_dir / AUDIT_LOG_NAME if audit_log is None else audit_log
            )
        except BaseException:
            self.store.dispose()
            raise
        # Started by whatever serves the gateway (GatewayServer), in each serving process: a desk command
        # never prunes by the way.
        self.pruner = Pruner.for_gateway(self)

    @classmethod
    def open(
        cls,
        data_dir: Path | None = None,
        *,
        db_url: str | None = None,
        db_password: str | None = None,
        secrets_file: Path | None = None,
        demo: bool = False,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
        audit_log: str | Path | None = None,
    ) -> Gateway:
        gateway = cls(
            data_dir or default_data_dir(),
            db_url=db_url,
            db_password=db_password,
            secrets_file=secrets_file,
            config=config,
            clock=clock,
            audit_log=audit_log,
        )
        if demo:
            gateway.seed_demo()
        return gateway

    @property
    def certificate(self) -> Certificate:
        """The TLS certificate and key the gateway serves (from the data directory or the secrets file)."""
        return self.secrets.certificate

    @property
    def device_dir(self) -> Path:
        """Where the demo seed leaves the emulators' device files."""
        return self.data_dir / "devices"

    def seed_demo(self) -> list[str]:
        return seed_demo(self.desk, self.device_dir)

    def close(self) -> None:
        self.pruner.stop()
        self.audit.close()
        self.store.dispose()

    def __repr__(self) -> str:
        return f"Gateway(data_dir={str(self.data_dir)!r}, db={mask_url(self.store.url)!r})"


def _database_url(url: str, password: str | None) -> URL:
    """The URL as a URL object, with a password given apart from it (a file) set on it: a URL object
    never shows its password when printed, and the password never sits in a string of ours."""
    parsed = make_url(url)
    return parsed if password is None else parsed.set(password=password)
