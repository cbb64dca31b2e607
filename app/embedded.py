"""The embedded gateway (SPEC §8): an SLS gateway with the demo users, served in-process on loopback and
pinned by its certificate's fingerprint, for `trader-login` without `--gateway`.

Its data (database, key file, certificate, the demo device files for the emulators) lives under the
user's data directory, `trader-login/gateway`; `TRADER_LOGIN_DATA_DIR` replaces the user data directory
(tests, portable set-ups).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from trader_login.auth.gateway.demo_users import DEMO_PASSWORD, DEMO_USERS

if TYPE_CHECKING:  # the gateway stack is imported by start(), off the path to the window's first paint
    from trader_login.auth.gateway.gateway import Gateway
    from trader_login.auth.gateway.server import GatewayServer

DATA_DIR_ENV = "TRADER_LOGIN_DATA_DIR"
APP_NAME = "trader-login"


def data_dir_override() -> Path | None:
    """`TRADER_LOGIN_DATA_DIR`, if set (tests, portable set-ups)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override).expanduser() if override else None


def app_data_dir() -> Path:
    """The app's data directory: `TRADER_LOGIN_DATA_DIR`, else the platform's user data directory."""
    override = data_dir_override()
    if override is not None:
        return override
    import platformdirs  # a few ms: only when the directory is needed, off the window's first paint

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def gateway_data_dir() -> Path:
    return app_data_dir() / "gateway"


def demo_notice(text: str = "Demo gateway: user names %1; password %2", paper: str = "%1 (paper)") -> str:
    """The one line that tells a trader how to try the demo gateway; the window passes the templates in
    its language (`%1` the user names, `%2` the password; `paper` marks the paper user)."""
    names = ", ".join(paper.replace("%1", name) if name == "paperuser" else name for name in DEMO_USERS)
    return text.replace("%1", names).replace("%2", DEMO_PASSWORD)


class EmbeddedGateway:
    """A demo-seeded gateway on 127.0.0.1 and a free port, for the lifetime of the app.

    with EmbeddedGateway() as embedded:
        client = GatewayClient(embedded.url, fingerprint=embedded.fingerprint)
    """

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else gateway_data_dir()
        self._gateway: Gateway | None = None
        self._server: GatewayServer | None = None

    def __repr__(self) -> str:
        return f"EmbeddedGateway(data_dir={str(self.data_dir)!r}, running={self._server is not None})"

    def start(self) -> None:
        """Opens (seeding the demo users on first use; seeding is idempotent) and serves. The first start
        hashes ten demo passwords with the production KDF: a few seconds."""
        if self._server is not None:
            raise RuntimeError("the embedded gateway is already running")
        from trader_login.auth.gateway.gateway import Gateway  # heavy: imported only when started
        from trader_login.auth.gateway.server import GatewayServer

        gateway = Gateway.open(self.data_dir, demo=True)
        server = GatewayServer(gateway)  # loopback and a free port by default
        try:
            server.start()
        except BaseException:
            gateway.close()
            raise
        self._gateway, self._server = gateway, server

    def stop(self) -> None:
        """Stops serving and closes the gateway. A request still in flight (the push long poll of a login
        the trader cancelled with Ctrl-C) ends by itself first: GatewayServer.stop waits for it."""
        server, gateway = self._server, self._gateway
        self._server = self._gateway = None
        if server is not None:
            server.stop()
        if gateway is not None:
            gateway.close()

    def __enter__(self) -> EmbeddedGateway:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self._running().url

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of its certificate, which the client pins."""
        return self._running().fingerprint

    @property
    def gateway(self) -> Gateway:
        """The running gateway itself (its Client Services desk, for the emulators)."""
        if self._gateway is None:
            raise RuntimeError("the embedded gateway is not running")
        return self._gateway

    @property
    def device_dir(self) -> Path:
        """The demo users' device files, for the emulators."""
        return self.data_dir / "devices"

    def _running(self) -> GatewayServer:
        if self._server is None:
            raise RuntimeError("the embedded gateway is not running")
        return self._server
