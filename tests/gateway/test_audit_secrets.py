"""Issue 17, Deliver 3: the audit trail never holds a secret. One busy day drives every kind of event by
really doing the thing — logins of every device kind, failures of every reason, a lock, the desk's unlock
and every other desk action, a takeover, push outcomes, device activations, a rate-limited request, a prune,
the gateway's start — and the table's rows and the JSON lines are searched for every secret in play
(passwords, PINs, device secrets, codes and responses, passcodes, login and session tokens, SRP's values,
the vault's keys, the database password) in every encoding (test_service_at_rest's `_leaks`). The day must
have shown every kind in `audit.KINDS`: a kind added without a way to drive it here fails."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from fido2.utils import websafe_decode
from sqlalchemy import select

from tests.gateway.conftest import (
    LOCAL,
    PASSWORD,
    PIN,
    Sls,
    Storage,
    card_response,
    dsc_response,
    new_srp_client,
)
from tests.gateway.test_passkey import HandKey
from tests.gateway.test_passkey_http import ceremony
from tests.gateway.test_service_at_rest import SMS_PHONE, _device_secrets, _leaks
from trader_login.auth import restart
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.admin import REPLACEMENT_AUTO_ACTIVATION
from trader_login.auth.gateway.config import Settings
from trader_login.auth.gateway.events import Event
from trader_login.auth.gateway.gateway import AUDIT_LOG_NAME, Gateway
from trader_login.auth.gateway.rate_limit import RateLimit
from trader_login.auth.gateway.retention import Pruner
from trader_login.auth.gateway.store import audit_events
from trader_login.auth.gateway.vault import read_key_file

ELSEWHERE = "192.0.2.9"
NEW_PASSWORD = "audit-trail pass phrase 7"
NEW_PIN = "8642"
# Kinds this test cannot drive, each with why: none.
AWAITING: frozenset[str] = frozenset()
# Emitted with no transaction (the gateway's start; a rate-limited request, whose transaction rolls back):
# in the JSON lines only.
LINES_ONLY = frozenset({audit.GATEWAY_STARTED, audit.RATE_LIMITED})


def b64(raw: bytes) -> bytes:
    return base64.b64encode(raw)


class Day:
    """What the busy day used that must stay secret, by name."""

    def __init__(self, sls: Sls) -> None:
        self.sls = sls
        self.secrets: dict[str, bytes] = {}

    def keep(self, name: str, value: str | bytes) -> str | bytes:
        self.secrets[name] = value.encode() if isinstance(value, str) else value
        return value

    def session(self, name: str, out: dict[str, Any]) -> dict[str, Any]:
        assert out["step"] == "session", out
        self.keep(f"{name} session token", out["session_token"])
        return out

    def password(self, user: str, password: str = PASSWORD, **kwargs: Any) -> tuple[str, dict[str, Any]]:
        """The password step, keeping SRP's values of both sides and the login token."""
        client, started = self.sls.start(user, **kwargs)
        proof = self.sls.proof(client, started, password)
        self.keep(f"{user} A", client.public)
        self.keep(f"{user} M1", proof)
        self.keep(f"{user} salt", base64.b64decode(started["salt"]))
        self.keep(f"{user} B", base64.b64decode(started["server_public"]))
        self.keep(f"{user} login token", started["login_token"])
        out = self.sls.service.prove(started["login_token"], proof, kwargs.get("address", LOCAL))
        self.keep(f"{user} M2", base64.b64decode(out["server_proof"]))
        return started["login_token"], out

    def respond(self, name: str, token: str, response: str, address: str = LOCAL) -> dict[str, Any]:
        self.keep(f"{name} response", response)
        return self.sls.service.respond(token, response, address)


def busy_day(sls: Sls, storage: Storage, trail_path: Path) -> Day:
    day = Day(sls)
    gateway, desk, service, clock = sls.gateway, sls.desk, sls.service, sls.clock
    refused = sls.refused

    # The gateway starts (its configuration: the database's URL with its password, masked).
    settings = Settings(db=storage.db_url or "sqlite:///gateway.sqlite3", audit_log=str(trail_path))
    gateway.events.emit(None, audit.GATEWAY_STARTED, detail=audit.config_event(settings))

    # The desk's day: a user, devices of every kind the desk enrols, restrictions, accounts.
    desk.add_user("audituser", day.keep("new password", NEW_PASSWORD), identity={"name": "Audit"})
    desk.add_user(
        "auditjunior", day.keep("second new password", NEW_PASSWORD + "!"), identity={"name": "Audit"}
    )
    dsc = desk.add_device("audituser", "dscplus", pin=day.keep("new PIN", NEW_PIN))
    day.keep("new DSC+ secret", base64.b64decode(dsc.to_dict()["secret"]))
    card = desk.add_device("audituser", "card")
    day.keep("new card codes", "".join(card.codes().values()))
    desk.share_device("audituser", "auditjunior", dsc.serial, compliance_review=True)
    desk.approve_share("auditjunior", dsc.serial)
    desk.ip_allow("audituser", [LOCAL])
    desk.opt_out("audituser")
    desk.opt_in("audituser")
    desk.ip_allow("audituser", [])
    desk.link_accounts("audituser", [("U9876543", "Audit account")])

    # Logins of every kind.
    token, out = day.password("audituser", NEW_PASSWORD)
    assert out["step"] == "choose_device"
    step = service.choose_device(token, dsc.serial)
    day.session(
        "audituser",
        day.respond("new DSC+", token, dsc_response(dsc, step["challenge"]["challenge"], NEW_PIN)),
    )
    token, out = day.password("carduser")
    refused("LOGIN_FAILED", service.respond, token, "ZZZ ZZZ", LOCAL)  # wrong_response
    clock.advance(181)
    out = refused("EXPIRED", service.respond, token, "ZZZ ZZZ", LOCAL).details["next"]  # not counted
    day.session(
        "carduser",
        day.respond("card", token, card_response(sls.device("carduser", "card"), out["challenge"])),
    )

    token, _ = day.password("smsuser")
    day.keep("first SMS code", sls.latest_code(SMS_PHONE))
    refused("LOGIN_FAILED", service.respond, token, "000000", ELSEWHERE)
    clock.advance(30)
    service.resend_code(token, "voice", LOCAL)
    day.session("smsuser", day.respond("voice code", token, sls.latest_code(SMS_PHONE)))

    app = sls.device("totpuser", "totp")
    token, _ = day.password("totpuser")
    refused("BAD_REQUEST", service.respond, token, "12", LOCAL)  # second_factor.refused format
    code = day.keep("TOTP code", app.code(clock()))
    first = day.session("totpuser", service.respond(token, code, LOCAL))
    service.logout(first["session_token"])  # session.logged_out
    token, _ = day.password("totpuser")
    refused("LOGIN_FAILED", service.respond, token, code, LOCAL)  # code_used
    clock.advance(30)
    day.session("totpuser again", day.respond("next TOTP code", token, app.code(clock())))

    ibkey = sls.device("ibkeyuser", "ibkey")
    token, _ = day.password("ibkeyuser", address=ELSEWHERE)
    sls.decide(ibkey, "deny")  # push.denied, login.failed push_denied
    refused("LOGIN_FAILED", service.push_status, token)
    (fresh,) = sls.push_requests(ibkey.device_id)  # number matching (issue 19): a wrong pick, a report
    wrong = next(n for n in fresh.numbers if n != sls.push_number(fresh.transaction_id))
    sls.decide(
        ibkey, "approve", fresh, number=wrong
    )  # push.denied wrong_number, login.failed push_wrong_number
    refused("LOGIN_FAILED", service.push_status, token)
    sls.decide(ibkey, "report")  # push.fraud_reported, login.failed push_reported
    refused("LOGIN_FAILED", service.push_status, token)  # the report ends that login (review S11)
    token, _ = day.password("ibkeyuser")  # a new login, a new notification
    clock.advance(181)
    refused("EXPIRED", service.push_status, token)  # push.expired
    out = service.switch_to_challenge(token)
    day.session("ibkeyuser", day.respond("IB Key", token, ibkey.respond(out["challenge"]["challenge"])))
    token, _ = day.password("ibkeyuser")
    service.switch_to_challenge(token)  # push.cancelled: the pending notification is withdrawn
    service.cancel(token)
    token, _ = day.password("ibkeyuser")
    sls.decide(ibkey, "approve")  # push.approved
    assert service.push_status(token)["step"] == "existing_session"
    day.session("ibkeyuser takeover", service.answer_existing_session(token, True))  # session.taken_over

    token, out = day.password("tempuser")
    day.session("tempuser", day.respond("demo temp passcode", token, desk.demo_temp_passcode("tempuser")))
    token, out = day.password("paperuser", mode="paper")
    day.session("paperuser", out)
    refused("WRONG_MODE", day.password, "paperuser")
    refused("IP_NOT_ALLOWED", day.password, "optoutuser", address=ELSEWHERE)
    token, out = day.password("optoutuser")
    day.session("optoutuser", out)

    restart_day(day, sls)  # restart grants (issue 19)

    # R3: failures of every reason, a lock, attempts while locked, the desk's unlock.
    sls.fail_password("ghosttrader")  # unknown_user
    sls.fail_password("linkeduser", 9)
    token, out = day.password("linkeduser")
    refused("LOCKED", service.respond, token, "00000000", LOCAL)  # the tenth failure: account.locked
    sls.fail_password("linkeduser")  # locked
    desk.unlock("linkeduser")

    # Security keys: an enrolment code (wrong, then right), a registration (passkey.registered), the desk
    # naming the key, a counter that did not go up (passkey.counter), the demo user's virtual key.
    desk.add_user("auditkey", day.keep("key user's password", NEW_PASSWORD + "#"))
    code = desk.add_device("auditkey", "passkey", label="audit key")
    day.keep("enrolment code", code.code)
    day.keep("enrolment code as printed", code.printed)
    key = HandKey(counter=5)
    day.keep("hand key's private key", key.private.private_numbers().private_value.to_bytes(32, "big"))
    token, _ = day.password("auditkey", NEW_PASSWORD + "#")
    refused("LOGIN_FAILED", service.respond, token, "2222-2222-2222", LOCAL)  # wrong_response
    out = day.respond("enrolment code", token, code.printed)
    day.session(
        "auditkey",
        service.second_factor.respond_credential(
            token, key.register(out["challenge"]["public_key"]), "red", LOCAL
        ),
    )
    desk.name_device("auditkey", code.device_id, "blue key")  # desk.device_named
    token, out = day.password("auditkey", NEW_PASSWORD + "#")
    stale = key.assertion(out["challenge"]["public_key"], counter=5)
    refused("LOGIN_FAILED", service.second_factor.respond_credential, token, stale, None, LOCAL)
    virtual = sls.device("passkeyuser", "passkey")
    token, out = day.password("passkeyuser")
    credential = ceremony(virtual, out["challenge"]["public_key"], "https://localhost")
    day.keep("virtual key's signature", websafe_decode(credential["response"]["signature"]))
    day.session("passkeyuser", service.second_factor.respond_credential(token, credential, None, LOCAL))

    # Devices: lost and the temporary stand-ins (R8, R9, R11), a replacement that activates itself.
    lost = sls.device_id("dscuser", "dscplus")
    desk.report_lost("dscuser", lost)
    refused("NO_DEVICE", day.password, "dscuser")  # no_device
    day.keep("issued temp passcode", desk.issue_temp_passcode("dscuser"))
    online = desk.issue_online_card("dscuser")
    day.keep("online card codes", "".join(online.codes().values()))
    token, _ = day.password("dscuser")
    step = service.choose_device(token, online.serial)
    day.session(
        "dscuser online card", day.respond("online card", token, card_response(online, step["challenge"]))
    )
    desk.reactivate_device("dscuser", lost)
    desk.remove_device("audituser", card.serial)
    other = desk.issue_online_card("carduser")
    desk.activate_online_card("carduser", other.serial)  # device.activated portal
    token, out = day.password("audituser", NEW_PASSWORD)
    answer = dsc_response(dsc, out["challenge"]["challenge"], NEW_PIN)
    desk.report_lost("audituser", dsc.serial)
    refused("NO_DEVICE", day.respond, "lost DSC+", token, answer, LOCAL)  # device_gone
    replacement = desk.add_device("onlineuser", "dscplus", pin=PIN, replacement=True)
    day.keep("replacement secret", base64.b64decode(replacement.to_dict()["secret"]))
    clock.advance(REPLACEMENT_AUTO_ACTIVATION)
    token, out = day.password("onlineuser")  # device.activated replacement_due
    day.keep("onlineuser open login token", token)

    # A rate-limited request; the pruner's round.
    limit = RateLimit(requests=1, window=60.0)
    with gateway.store.write() as connection:
        limit.check(connection, ELSEWHERE, clock(), events=gateway.events)
    with pytest.raises(Exception, match="RATE_LIMITED"):
        rate_limited(gateway, limit, ELSEWHERE)
    assert sum(Pruner.for_gateway(gateway).prune().values()) > 0
    return day


def restart_day(day: Day, sls: Sls) -> None:
    """Restart grants (issue 19): a grant (restart.granted), a restart (restart.used), a logout forgetting
    the device (restart.ended), a refused restart (restart.refused), the desk's revocation
    (desk.restart_grant_revoked) and a password set at the desk (desk.password_set). The device key (its
    private half, its PEM), the challenges and the signatures are kept as secrets: none may be recorded."""
    desk, service = sls.desk, sls.service
    password = day.keep("restart user's password", NEW_PASSWORD + "?")
    desk.add_user("auditrestart", password)
    dsc = desk.add_device("auditrestart", "dscplus", pin=PIN)
    day.keep("restart user's DSC+ secret", base64.b64decode(dsc.to_dict()["secret"]))

    def full() -> dict[str, Any]:
        token, out = day.password("auditrestart", password)
        answer = dsc_response(dsc, out["challenge"]["challenge"], PIN)
        return day.session("auditrestart", day.respond("restart user's DSC+", token, answer))

    def restart_login(grant_id: str) -> dict[str, Any]:
        client = new_srp_client("auditrestart")
        started = service.start_login("auditrestart", "live", client.public, LOCAL, restart_grant=grant_id)
        challenge = base64.b64decode(started["restart_challenge"])
        day.keep(f"restart challenge {len(day.secrets)}", challenge)
        payload = restart.restart_payload(grant_id, "auditrestart", "live", challenge)
        signature = day.keep(f"restart signature {len(day.secrets)}", restart.sign(key, payload))
        proof = sls.proof(client, started, password)
        day.keep(f"restart M1 {len(day.secrets)}", proof)
        day.keep(f"restart login token {len(day.secrets)}", started["login_token"])
        return service.prove(started["login_token"], proof, LOCAL, restart_signature=signature)

    key = restart.new_device_key()
    day.keep("device key", key.private_numbers().private_value.to_bytes(32, "big"))
    day.keep("device key PEM", restart.private_pem(key))
    session = full()
    grant = service.grant_restart(session["session_token"], restart.public_bytes(key), "audit box", LOCAL)
    service.logout(session["session_token"])
    restarted = day.session("auditrestart restarted", restart_login(grant["grant"]["id"]))  # restart.used
    service.logout(restarted["session_token"], forget_device=True)  # restart.ended forgotten
    refused = restart_login(grant["grant"]["id"])  # restart.refused forgotten
    assert refused["restart"]["code"] == "RESTART_FORGOTTEN"
    session = full()
    grant = service.grant_restart(session["session_token"], restart.public_bytes(key), None, LOCAL)
    assert desk.revoke_restart_grants("auditrestart") == [grant["grant"]["id"]]
    service.grant_restart(session["session_token"], restart.public_bytes(key), None, LOCAL)
    desk.set_password("auditrestart", day.keep("desk's new password", NEW_PASSWORD + "%"))
    service.logout(session["session_token"])


def rate_limited(gateway: Gateway, limit: RateLimit, address: str) -> None:
    with gateway.store.write() as connection:
        limit.check(connection, address, gateway.clock(), events=gateway.events)


def the_gateway_s_secrets(sls: Sls, storage: Storage) -> dict[str, bytes]:
    secrets = _device_secrets(sls)
    sealing_key, hmac_key = read_key_file(storage.data_dir)
    secrets["vault sealing key"] = sealing_key
    secrets["vault HMAC key"] = hmac_key
    secrets["decoy secret"] = sls.gateway.vault.decoy_secret
    secrets["demo password"] = PASSWORD.encode()
    secrets["demo PIN"] = PIN.encode()
    if storage.server is not None:
        secrets["database password"] = storage.server.password.encode()
    return secrets


def test_no_audit_event_of_any_kind_holds_a_secret(sls: Sls, storage: Storage, tmp_path: Path):
    path = sls.gateway.data_dir / AUDIT_LOG_NAME  # the gateway's own trail's lines
    trail = sls.gateway.audit
    seen: list[Event] = []
    sls.gateway.events.add_sink(seen.extend)
    try:
        day = busy_day(sls, storage, path)
    finally:
        trail.close()
    secrets = {**the_gateway_s_secrets(sls, storage), **day.secrets}
    with sls.gateway.store.read() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select(audit_events)).all()]
    table = json.dumps(rows, default=str).encode() + repr(rows).encode()
    lines = path.read_bytes()
    assert _leaks(table, secrets) == []
    assert _leaks(lines, secrets) == []
    # Every kind was driven; each reached where it belongs.
    kinds = {event.kind for event in seen}
    assert kinds == set(audit.KINDS) - AWAITING, sorted(set(audit.KINDS) ^ kinds)
    in_lines = {json.loads(line)["kind"] for line in lines.splitlines()}
    assert in_lines == kinds - audit.METRICS_ONLY
    assert {row["kind"] for row in rows} == kinds - audit.METRICS_ONLY - LINES_ONLY
    reasons = {event.reason for event in seen if event.kind == audit.LOGIN_FAILED}
    assert reasons == set(audit.LOGIN_FAILED_REASONS)
    refused = {event.reason for event in seen if event.kind == audit.SECOND_FACTOR_REFUSED}
    assert refused >= {"expired", "format"}
    assert {event.reason for event in seen if event.kind == audit.DEVICE_ACTIVATED} == {
        "replacement_due",
        "first_use",
        "portal",
    }


def test_the_search_finds_a_secret_in_a_line(sls: Sls, storage: Storage, tmp_path: Path):
    """The search above is not blind: a line holding a device's secret (base64) or the PIN is found."""
    path = sls.gateway.data_dir / AUDIT_LOG_NAME  # the gateway's own trail's lines
    trail = sls.gateway.audit
    secrets = the_gateway_s_secrets(sls, storage)
    (name, secret) = next((n, s) for n, s in secrets.items() if n.endswith("dscuser-dscplus.json secret"))
    try:
        sls.gateway.events.emit(
            None, audit.DESK_UNLOCKED, username="x", detail={"leak": b64(secret).decode()}
        )
        sls.gateway.events.emit(None, audit.DESK_UNLOCKED, username="x", detail={"pin": PIN})
    finally:
        trail.close()
    found = _leaks(path.read_bytes(), secrets)
    assert name in found
    assert "demo PIN" in found
