"""The testers' toolkit behind the `trader_login` pytest plugin (`app/pytest_plugin.py`): a real SLS gateway
on loopback with a clock the test moves, handles on each user's devices, and a complete login through
the window's widgets. Its names, and the object names of SPEC §8, are the versioned contract
(`CONTRACT_VERSION`, CHANGELOG.md); everything else in the project may change without notice.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from trader_login.app.driving import (
    LoginAttempt,
    close_session_window,
    fail_logins,
    find_widget,
    log_in,
    page_kind,
    session_window_of,
    try_log_in,
)
from trader_login.app.faults import Faults
from trader_login.app.harness import (
    DeviceShelf,
    HarnessClock,
    LinkPhone,
    MemoryKeychain,
    ToolkitError,
    User,
    device_kind,
)
from trader_login.app.pytest_plugin import CONTRACT_VERSION
from trader_login.auth.devices import files
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD, DEMO_PIN
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.server import GatewayServer
from trader_login.auth.gateway.service_config import GatewayConfig
from trader_login.auth.kdf import TEST_COST

__all__ = [
    "CONTRACT_VERSION",
    "HarnessClock",
    "LoginAttempt",
    "MemoryKeychain",
    "SlsGateway",
    "ToolkitError",
    "User",
    "close_session_window",
    "fail_logins",
    "find_widget",
    "log_in",
    "page_kind",
    "seed_demo",
    "session_window_of",
    "try_log_in",
]


@contextlib.contextmanager
def _desk_refusals() -> Iterator[None]:
    """The desk's refusals (a second temporary passcode in a row, a name taken) as ToolkitError."""
    from trader_login.auth.gateway.admin import AdminError
    from trader_login.auth.gateway.errors import GatewayError
    from trader_login.auth.texts import Message

    try:
        yield
    except (AdminError, GatewayError) as error:
        said = error.message.english if isinstance(error.message, Message) else str(error.message)
        raise ToolkitError(said or str(error)) from None


def seed_demo(data_dir: Path) -> Path:
    """A demo-seeded gateway data directory with the cheap test KDF, to copy into each test."""
    gateway = Gateway(data_dir, config=_config(), clock=HarnessClock())
    try:
        gateway.seed_demo()
    finally:
        gateway.close()
    return data_dir


def _config(*, push_number_matching: bool = True, **settings: Any) -> GatewayConfig:
    # The cheap KDF keeps a login in milliseconds; no rate limit, so a test may log in as often as it likes.
    return GatewayConfig(
        kdf_cost=dict(TEST_COST), rate_limit=None, push_number_matching=push_number_matching, **settings
    )


class SlsGateway:
    """A gateway for one test: fresh database (a copy of the demo seed), served on 127.0.0.1.

    `push_number_matching` (default True, as a gateway's default): an IB Key notification carries a
    two-digit number the push page shows (`pushNumberLabel`) and three numbers the phone shows
    (`user.ibkey.numbers`); False gives pushes without numbers (approve with one tap, as before contract
    3.0). With the `sls_gateway` fixture: `@pytest.mark.trader_login_gateway(push_number_matching=False)`.

    `restart_cutoff` (default "Sun 01:00 America/New_York", as a gateway's default): the weekly cut-off of
    the restart grants it makes ("Fri 17:00 Asia/Tokyo", …); `restart_grants=False` turns them off (the
    session window's `autoRestartCheck` then hides). The marker sets both too.

    The windows it opens are on one test computer: their restart keys are kept in `restart_keychain` (a
    MemoryKeychain, never the machine's keychain), so a window opened with `--restart` uses the key an
    earlier window of the test made."""

    def __init__(
        self,
        data_dir: Path,
        template: Path | None = None,
        *,
        push_number_matching: bool = True,
        restart_cutoff: str | None = None,
        restart_grants: bool = True,
    ) -> None:
        if not isinstance(push_number_matching, bool):
            raise ToolkitError("push_number_matching is True or False")
        if not isinstance(restart_grants, bool):
            raise ToolkitError("restart_grants is True or False")
        settings: dict[str, Any] = {"restart_grants": restart_grants}
        if restart_cutoff is not None:
            from trader_login.auth.restart import Cutoff

            try:
                settings["restart_cutoff"] = Cutoff.parse(restart_cutoff)
            except (TypeError, ValueError) as error:
                raise ToolkitError(f"restart_cutoff: {error}") from None
        if template is not None:
            shutil.copytree(template, data_dir)
        # One clock for the gateway (lockouts, expiries, resend delays) and the windows it serves.
        self.clock = HarnessClock()
        self.push_number_matching = push_number_matching
        self._gateway = Gateway(
            data_dir, config=_config(push_number_matching=push_number_matching, **settings), clock=self.clock
        )
        # The test computer: its keychain (restart keys) and, with --max-attempts, its attempt log.
        self.restart_keychain = MemoryKeychain()
        self._attempt_log_path = Path(data_dir).with_name(f"{Path(data_dir).name}-attempt-log.json")
        self._attempt_log: Any = None
        if template is None:
            self._gateway.seed_demo()
        # Fault injection for this test only (trader_login.app.faults; docs/testing.md, "Fault injection").
        self.faults = Faults(self._gateway)
        self._server = GatewayServer(self._gateway, middleware=self.faults.around)
        self._server.start()
        self.shelf = DeviceShelf(self._gateway, LinkPhone(self.url, self.fingerprint))

    def __repr__(self) -> str:
        return f"SlsGateway(url={self.url!r})"

    @property
    def monotonic(self) -> Any:
        """The windows' monotonic clock (countdowns), moved by `advance` with the gateway's."""
        return self.clock.monotonic

    @property
    def gateway(self) -> Gateway:
        """The gateway object behind the server (the project's own tests; not part of the contract)."""
        return self._gateway

    @property
    def server(self) -> GatewayServer:
        """The HTTPS server (the project's own tests; not part of the contract)."""
        return self._server

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of the gateway's certificate (64 hex digits), for `--fingerprint`."""
        return self._server.fingerprint

    @property
    def ca_cert(self) -> Path:
        """The gateway's self-signed certificate (PEM), for `--ca-cert`."""
        return Path(self._server.cert_path)

    # --- the desk ---------------------------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        password: str = DEMO_PASSWORD,
        devices: Iterable[str] = ("dscplus",),
        *,
        pin: str = DEMO_PIN,
        phone: str = "+15555550199",
        mode: str = "live",
        linked_accounts: Iterable[tuple[str, str]] = (),
        opt_out: bool = False,
        ip_allow: Iterable[str] = (),
    ) -> User:
        """A new user with the given devices (device kinds the desk issues: dscplus, ibkey, sms, card,
        online-card, …; trader_login.auth.vocabulary); `pin` is the DSC+ PIN, `phone` the SMS number.
        Returns the user's handle."""
        kinds = [device_kind(kind) for kind in devices]
        for kind in kinds:
            if not kind.kind.issued_by_desk:
                raise ToolkitError(f"{kind.device} is not a device to add: see issue_temp_passcode")
        desk = self._gateway.desk
        with _desk_refusals():
            desk.add_user(name, password, mode=mode)
            for kind in kinds:
                device = kind.issue(desk, name, {"pin": pin, "phone": phone})
                # Beside the demo users' files: the handles and the emulators window find them there.
                files.save(device, self.shelf.path(name, kind.device))
            if linked_accounts:
                desk.link_accounts(name, list(linked_accounts))
            if opt_out:
                desk.opt_out(name)
            if ip_allow:
                desk.ip_allow(name, list(ip_allow))
        self.shelf.pins[name] = pin
        return self.user(name)

    def user(self, name: str) -> User:
        """The handle of a demo user or of one added by `add_user`."""
        return self.shelf.user(name)

    def issue_temp_passcode(self, name: str) -> str:
        """Client Services issues a temporary passcode (R9); refused twice in a row."""
        with _desk_refusals():
            code = self._gateway.desk.issue_temp_passcode(name)
        self.shelf.passcodes[name] = code
        return code

    def unlock(self, name: str) -> None:
        """Client Services unlocks a locked user name (R3)."""
        with _desk_refusals():
            self._gateway.desk.unlock(name)

    def status(self, name: str) -> dict[str, Any]:
        """What Client Services sees of a user: failures, lock until, temporary passcode, opt-out."""
        with _desk_refusals():
            return self._gateway.desk.status(name)

    # --- restart grants (issue 19) ------------------------------------------------------------------------

    def restart_grants(self, name: User | str | None = None) -> list[dict[str, Any]]:
        """Every restart grant the gateway keeps (newest first), of one user or of all, as the desk's
        `sls-gateway restart-grant list` shows them: `id`, `username`, `mode`, `label`, `device_kind`,
        `status` ("active", "expired": past its cut-off, or "ended"), `created_at`, `cutoff_at`,
        `last_used_at`, `ended_at`, `end_reason` ("cutoff", "revoked", "forgotten", "password", "device",
        "replaced"). The one in force: `user.restart_grant`."""
        username = name.name if isinstance(name, User) else name
        with _desk_refusals():
            return self._gateway.desk.restart_grants(username)

    def revoke_restart_grants(self, name: User | str, grant_id: str | None = None) -> list[str]:
        """Client Services revokes the user's restart grants in force (or the one `grant_id`), as
        `sls-gateway restart-grant revoke USER [ID]` does; returns the ids revoked. The next `--restart`
        login is refused ("revoked at the desk") and asks for the second factor."""
        username = name.name if isinstance(name, User) else name
        with _desk_refusals():
            return self._gateway.desk.revoke_restart_grants(username, grant_id)

    def emulator_services(self) -> Any:
        """The emulators window's services over this gateway, as the embedded gateway's are."""
        from trader_login.app.emulator_services import embedded_services

        return embedded_services(self._gateway, self.url, self.fingerprint, self.virtual_keys)

    @property
    def virtual_keys(self) -> Any:
        """The users' virtual security keys, one instance per key file (app.virtual_keys.VirtualKeys):
        `user.passkey`, the windows' logins and the emulators' Security key tab share them."""
        from trader_login.app.kinds.passkey import shelf_keys

        return shelf_keys(self.shelf)

    def advance(self, seconds: float) -> None:
        """Moves time on, for the gateway and for the windows built by the `login_window` fixture (their
        wall and monotonic clocks are this gateway's `clock`): a lockout ends, a notification expires, a
        resend becomes possible, without waiting."""
        self.clock.advance(seconds)

    def desktop_app(self, data_dir: Path, *options: str, **app_options: Any) -> Any:
        """The desktop app (its composition root, `DesktopApp`) on this gateway, certificate pinned, its
        clocks this gateway's, the emulators over it: what `login_window_factory` opens, not yet shown.
        `options` are `trader-login` options, `app_options` DesktopApp's (e.g. `keychain=`).

        As `trader-login` composes it, on the test computer: the restart keys in `restart_keychain` (in
        memory), `--restart`, `--existing-session`, `--on-second-factor-timeout` and `--max-attempts`
        (its attempt log beside the gateway's data, on the test's clock; without the option no attempt
        log, so that R3's ten failures stay reachable). `--json` writes nothing here. `unattended=None`
        opens the window without any of that."""
        if "unattended" not in app_options:
            app_options["unattended"] = self.unattended(*options)
        app_options = {
            "emulator_services": self.emulator_services,
            "virtual_keys": self.virtual_keys,
            **app_options,
        }
        desktop = open_desktop_app(self.url, self.fingerprint, self.clock, data_dir, *options, **app_options)
        desktop.window.sls_gateway = self  # so that log_in() also takes a user name
        return desktop

    def unattended(self, *options: str) -> Any:
        """The `auth.client.unattended.Unattended` bundle a window opened with `options` gets (see
        `desktop_app`); the project's own tests' way to it, not part of the contract."""
        from trader_login.app.cli import policies_of
        from trader_login.app.gui import build_args
        from trader_login.app.restart_keys import RestartKeys
        from trader_login.auth.client.unattended import AttemptLog, Unattended

        args = build_args(["--gateway", self.url, "--fingerprint", self.fingerprint, *options])
        log = None
        if getattr(args, "max_attempts", None) is not None:
            if self._attempt_log is None:
                self._attempt_log = AttemptLog(self._attempt_log_path, clock=self.clock)
            log = self._attempt_log
        keychain = self.restart_keychain
        return Unattended(
            policies_of(args),
            restart=bool(getattr(args, "restart", False)),
            attempt_log=log,
            restart_keys=lambda identity: RestartKeys(keychain, identity),
        )

    def close(self) -> None:
        for held in self.shelf.live.values():  # what the kinds keep (the virtual keys) let go
            close = getattr(held, "close", None)
            if callable(close):
                close()
        self.shelf.live.clear()
        self.faults.close()  # held replies go, so the server stops at once
        self._server.stop()
        self._gateway.close()


def open_desktop_app(
    url: str, fingerprint: str, clock: HarnessClock, data_dir: Path, *options: str, **app_options: Any
) -> Any:
    """A `DesktopApp` on any gateway, with the harness's one clock wiring: the window's monotonic clock is
    `clock.monotonic` and its wall clock (lockout ends, expiries) `clock` itself, so both move with the
    gateway's. In English unless `options` say otherwise; the cheap test KDF; no keychain unless one is
    passed."""
    from trader_login.app.driving import NullKeychain
    from trader_login.app.gui import DesktopApp, application, build_args
    from trader_login.auth.kdf import TEST_LIMITS

    application()
    # English unless asked otherwise, whatever the machine's locale: assertions read English text.
    language = () if "--lang" in options else ("--lang", "en")
    # Never the machine's own USB security keys: the virtual keys only.
    usb = () if "--no-usb-keys" in options else ("--no-usb-keys",)
    args = build_args(["--gateway", url, "--fingerprint", fingerprint, *language, *usb, *options])
    settings = {"keychain": NullKeychain(), "kdf_limits": TEST_LIMITS, **app_options}
    return DesktopApp(args, data_dir=data_dir, clock=clock.monotonic, wall_clock=clock, **settings)
