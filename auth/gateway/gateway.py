"""One gateway: its data directory, database, key file, service and desk, built in one place.

gateway = Gateway.open(data_dir, demo=True)      # what `sls-gateway serve --demo` runs
gateway.service.start_login(...); gateway.desk.unlock("dscuser")
"""

from __future__ import annotations

import time
from pathlib import Path

import platformdirs

from trader_login.auth.gateway.admin import ClientServices
from trader_login.auth.gateway.demo import seed_demo
from trader_login.auth.gateway.policy import Clock
from trader_login.auth.gateway.service import GatewayConfig, SlsService
from trader_login.auth.gateway.store import Store
from trader_login.auth.gateway.vault import Vault

DATABASE_NAME = "gateway.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("trader-login-gateway", appauthor=False))


class Gateway:
    def __init__(
        self,
        data_dir: Path,
        *,
        db_url: str | None = None,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config = config or GatewayConfig()
        self.clock = clock
        self.store = Store(db_url or f"sqlite:///{self.data_dir / DATABASE_NAME}")
        self.vault = Vault.open(self.data_dir)
        self.service = SlsService(self.store, self.vault, self.config, clock)
        self.desk = ClientServices(self.store, self.vault, self.config, clock)

    @classmethod
    def open(
        cls,
        data_dir: Path | None = None,
        *,
        db_url: str | None = None,
        demo: bool = False,
        config: GatewayConfig | None = None,
        clock: Clock = time.time,
    ) -> Gateway:
        gateway = cls(data_dir or default_data_dir(), db_url=db_url, config=config, clock=clock)
        if demo:
            gateway.seed_demo()
        return gateway

    @property
    def device_dir(self) -> Path:
        """Where the demo seed leaves the emulators' device files."""
        return self.data_dir / "devices"

    def seed_demo(self) -> list[str]:
        return seed_demo(self.desk, self.device_dir)

    def close(self) -> None:
        self.store.dispose()

    def __repr__(self) -> str:
        return f"Gateway(data_dir={str(self.data_dir)!r}, db={self.store.url!r})"
