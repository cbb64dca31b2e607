"""SPEC §5, secrets at rest: the database holds no device secret, card code, PIN hash, password, passcode, SMS
code or token in any encoding; device files hold what the device needs and nothing of the gateway's own
keys; the key file is the owner's alone."""

from __future__ import annotations

import base64
import json
import re
import stat

from tests.gateway.conftest import LOCAL, PASSWORD, Sls, Storage, dsc_response
from trader_login.auth.devices.card import SecurityCodeCard
from trader_login.auth.devices.dscplus import DscPlus
from trader_login.auth.devices.ibkey import IbKeyApp
from trader_login.auth.devices.passkey import VirtualSecurityKey
from trader_login.auth.devices.phone import Phone
from trader_login.auth.devices.totp import Authenticator
from trader_login.auth.gateway.demo_users import DEMO_USERS
from trader_login.auth.gateway.vault import KEY_FILE_NAME
from trader_login.auth.kdf import TEST_LIMITS, KdfParams, harden_password

SMS_PHONE = "+15555550123"


def _forms(secret: bytes) -> set[bytes]:
    """The ways a secret could sit in a file: raw, hex (either case), base64 (standard or URL-safe, with
    or without padding)."""
    forms = {secret, secret.hex().encode(), secret.hex().upper().encode()}
    for encoded in (base64.b64encode(secret), base64.urlsafe_b64encode(secret)):
        forms.update({encoded, encoded.rstrip(b"=")})
    return forms


def _leaks(haystack: bytes, secrets: dict[str, bytes]) -> list[str]:
    found = []
    for name, secret in secrets.items():
        for form in _forms(secret):
            if form == secret and secret.isdigit() and len(secret) <= 8:
                # A short number appears by chance inside others (time stamps): only as a number of its own.
                hit = re.search(rb"(?<![0-9])" + secret + rb"(?![0-9])", haystack)
            else:
                hit = form in haystack
            if hit:
                found.append(name)
                break
    return found


def _device_secrets(sls: Sls) -> dict[str, bytes]:
    secrets: dict[str, bytes] = {}
    for path in sorted(sls.gateway.device_dir.glob("*.json")):
        device = sls.device(*path.stem.split("-", 1))
        data = device.to_dict()
        if isinstance(device, DscPlus):
            secrets[f"{path.name} secret"] = base64.b64decode(data["secret"])
            secrets[f"{path.name} PIN hash"] = base64.b64decode(data["pin_hash"])
        elif isinstance(device, IbKeyApp):
            secrets[f"{path.name} secret"] = base64.b64decode(data["secret"])
            secrets[f"{path.name} private key"] = base64.b64decode(data["private_key"])
        elif isinstance(device, SecurityCodeCard):
            codes = data["codes"]
            secrets[f"{path.name} codes"] = "".join(codes).encode()
            secrets[f"{path.name} codes as JSON"] = json.dumps(codes).encode()
            secrets[f"{path.name} codes as compact JSON"] = json.dumps(codes, separators=(",", ":")).encode()
            for i in range(0, len(codes) - 2):
                secrets[f"{path.name} codes {i + 1}-{i + 3}"] = "".join(codes[i : i + 3]).encode()
        elif isinstance(device, Authenticator):
            # The shared secret raw (and so in hex and base64), and as the otpauth:// URI and the apps'
            # "setup key" field spell it: base32, upper case, no padding (lower case too, as some apps show).
            secrets[f"{path.name} secret"] = device.secret
            secrets[f"{path.name} secret as base32"] = device.secret_base32.encode()
            secrets[f"{path.name} secret as lower-case base32"] = device.secret_base32.lower().encode()
        elif isinstance(device, VirtualSecurityKey):
            # Each credential's private key (the P-256 scalar): the gateway holds only the public key.
            for credential in data["credentials"]:
                secrets[f"{path.name} private key {credential['id']}"] = base64.b64decode(
                    credential["private_key"]
                )
        else:
            assert isinstance(device, Phone)
    return secrets


def _busy_day(sls: Sls) -> dict[str, bytes]:
    """A few logins of every kind; returns the secrets they used (codes, passcodes, tokens)."""
    used: dict[str, bytes] = {}
    for user in ("dscuser", "carduser", "onlineuser", "tempuser", "linkeduser", "optoutuser"):
        used[f"{user} session token"] = sls.login(user)["session_token"].encode()
    used["multiuser session token"] = sls.login("multiuser", device="ibkey")["session_token"].encode()
    token, out = sls.password("ibkeyuser")
    used["ibkeyuser login token"] = token.encode()
    out = sls.service.switch_to_challenge(token)
    app = sls.device("ibkeyuser", "ibkey")
    used["ibkey session token"] = sls.service.respond(
        token, app.respond(out["challenge"]["challenge"]), LOCAL
    )["session_token"].encode()
    token, _ = sls.password("smsuser")
    for channel in ("sms", "voice"):
        used[f"sms code before {channel}"] = sls.latest_code(SMS_PHONE).encode()
        sls.clock.advance(30)
        sls.service.resend_code(token, channel, LOCAL)
    used["sms code used"] = sls.latest_code(SMS_PHONE).encode()
    sls.service.respond(token, sls.latest_code(SMS_PHONE), LOCAL)
    sls.fail_password("dscuser", 2)
    token, out = sls.password("dscuser")
    sls.refused("LOGIN_FAILED", sls.service.respond, token, "00000000", LOCAL)
    used["dscuser open login token"] = token.encode()
    used["issued temp passcode"] = sls.desk.issue_temp_passcode("dscuser").encode()
    used["demo temp passcode"] = sls.desk.demo_temp_passcode("tempuser").encode()
    return used


def _database_bytes(storage: Storage) -> bytes:
    if storage.is_postgresql:
        # The files of the database's tables, TOAST tables and indexes, as the server wrote them.
        paths = storage.server.table_files(storage.database)
    else:
        # The database file and its write-ahead log: a recent write may still sit in the log.
        paths = sorted(storage.data_dir.glob("gateway.sqlite3*"))
    assert paths
    return b"".join(path.read_bytes() for path in paths)


def test_spec5_database_holds_no_secret_in_any_encoding(sls: Sls, storage: Storage):
    secrets = _device_secrets(sls)
    secrets.update(_busy_day(sls))
    secrets["password"] = PASSWORD.encode()
    _, started = sls.start("dscuser")
    hardened = harden_password(PASSWORD, KdfParams.from_dict(started["kdf"]), TEST_LIMITS)
    secrets["hardened password P'"] = hardened.encode()
    secrets["hardened password P' bytes"] = bytes.fromhex(hardened)
    key_file = json.loads((sls.gateway.data_dir / KEY_FILE_NAME).read_text())
    for name, value in key_file.items():
        secrets[f"key file {name}"] = base64.b64decode(value)
    assert len(secrets) > 200
    assert _leaks(_database_bytes(storage), secrets) == []


def test_spec5_the_leak_check_finds_what_it_looks_for(sls: Sls):
    # The check above is only as good as its search: prove it sees each form.
    secret = bytes(range(1, 33))
    for form in _forms(secret):
        assert _leaks(b"\x00pad" + form + b"pad\x00", {"s": secret}) == ["s"]
    assert _leaks(b"at 1800000123.5", {"code": b"000123"}) == []
    assert _leaks(b'"code":"000123"', {"code": b"000123"}) == ["code"]


def test_spec5_sms_and_voice_texts_are_not_kept_in_the_clear(sls: Sls, storage: Storage):
    token, _ = sls.password("smsuser")
    sls.clock.advance(30)
    sls.service.resend_code(token, "voice", LOCAL)
    texts = [m["text"] for m in sls.desk.outbox(SMS_PHONE)]
    assert len(texts) == 2
    database = _database_bytes(storage)
    for text in texts:
        assert text.encode() not in database
    assert b"security code" not in database


def test_spec5_device_files_hold_what_the_device_needs_and_none_of_the_gateway_keys(sls: Sls):
    key_file = json.loads((sls.gateway.data_dir / KEY_FILE_NAME).read_text())
    keys = {name: base64.b64decode(value) for name, value in key_file.items()}
    keys["decoy secret"] = sls.gateway.vault.decoy_secret
    paths = sorted(sls.gateway.device_dir.glob("*.json"))
    # One file per device the demo seed enrolled: `<user>-<kind>.json`.
    seeded = {f"{user}-{d['kind']}.json" for user in DEMO_USERS for d in sls.desk.list_devices(user)}
    assert [path.name for path in paths] == sorted(seeded)
    for path in paths:
        text = path.read_bytes()
        assert _leaks(text, keys) == [], path.name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    # What each device needs is there: it answers its gateway (the logins of the other tests prove it too).
    dsc = sls.device("dscuser", "dscplus")
    token, out = sls.password("dscuser")
    assert (
        sls.service.respond(token, dsc_response(dsc, out["challenge"]["challenge"]), LOCAL)["step"]
        == "session"
    )
    phone = sls.device("smsuser", "sms").to_dict()
    assert phone == {"number": SMS_PHONE, "messages": []}


def test_spec5_key_file_is_readable_by_the_owner_only(sls: Sls):
    path = sls.gateway.data_dir / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_spec5_new_gateway_key_file_is_created_with_mode_0600(tmp_path):
    from trader_login.auth.gateway.vault import Vault

    Vault.open(tmp_path)
    assert stat.S_IMODE((tmp_path / KEY_FILE_NAME).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE_NAME]  # no temporary file left behind
