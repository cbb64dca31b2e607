"""The demo users of SPEC §7, each with password `demo123`, and their emulator device files.

Seeding is idempotent: a user name that exists is left alone, so seeding twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from trader_login.auth.devices import files
from trader_login.auth.gateway.admin import AdminError, ClientServices
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD, DEMO_PHONE, DEMO_PIN, DEMO_USERS

__all__ = ["DEMO_PASSWORD", "DEMO_PHONE", "DEMO_PIN", "DEMO_USERS", "seed_demo"]


def seed_demo(desk: ClientServices, device_dir: Path) -> list[str]:
    """Creates the demo users that do not exist yet; writes each new device's file into `device_dir` as
    `<user>-<kind>.json` for the emulators. Returns the user names it created."""
    device_dir = Path(device_dir)
    device_dir.mkdir(parents=True, exist_ok=True)
    created = []

    def user(name: str, **options) -> bool:
        if desk.has_user(name):
            return False
        try:
            desk.add_user(name, DEMO_PASSWORD, **options)
        except AdminError as error:
            if error.code != "EXISTS":
                raise
            return False  # another gateway on this database seeded it in the meantime
        created.append(name)
        return True

    def device(name: str, kind: str, **options) -> None:
        files.save(desk.add_device(name, kind, **options), device_dir / f"{name}-{kind}.json")

    if user("ibkeyuser"):
        device("ibkeyuser", "ibkey")
    if user("dscuser"):
        device("dscuser", "dscplus", pin=DEMO_PIN)
    if user("carduser"):
        device("carduser", "card")
    if user("smsuser"):
        device("smsuser", "sms", phone=DEMO_PHONE)
    if user("multiuser"):
        device("multiuser", "ibkey")
        device("multiuser", "dscplus", pin=DEMO_PIN)
        device("multiuser", "sms", phone="+15555550199")
    if user("tempuser"):
        device("tempuser", "dscplus", pin=DEMO_PIN)
        lost = desk.list_devices("tempuser")[0]["id"]
        desk.report_lost("tempuser", lost)
        desk.issue_temp_passcode("tempuser", code=desk.demo_temp_passcode("tempuser"))
    if user("onlineuser"):
        device("onlineuser", "online-card")
        card = desk.list_devices("onlineuser")[0]["id"]
        desk.activate_online_card("onlineuser", card)
    if user("optoutuser"):
        desk.opt_out("optoutuser")
        desk.ip_allow("optoutuser", ["127.0.0.1"])
    user("paperuser", mode="paper")
    if user("linkeduser"):
        device("linkeduser", "dscplus", pin=DEMO_PIN)
        desk.link_accounts(
            "linkeduser",
            [("U1000001", "Individual"), ("U1000002", "Joint"), ("U1000003", "IRA")],
        )
    if user("totpuser"):
        device("totpuser", "totp")  # the authenticator app (TOTP): totpuser-totp.json holds its secret
    if user("passkeyuser"):
        # A virtual security key registered with this gateway (passkeyuser-passkey.json holds its
        # credential's private key); more keys are registered with an enrolment code from `device add`.
        device("passkeyuser", "passkey", virtual=True, label="Virtual security key")
    for name in created:
        if name != "linkeduser":
            desk.link_accounts(name, [(f"U{2000000 + DEMO_USERS.index(name)}", "Individual")])
    return created
