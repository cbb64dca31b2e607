"""Restart grants in the gateway's tests (issue 19): a full login's grant, and a restart login that signs the
gateway's challenge with the device key, through the service layer as the client would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.gateway.conftest import LOCAL, PASSWORD, Sls, b64d, dsc_response, new_srp_client
from trader_login.auth import restart
from trader_login.auth.gateway.store import audit_events, restart_grants
from trader_login.auth.gateway.vault import token_id

# Sunday 17 January 2027, 01:00 EST: the default cut-off after the tests' START (Friday 15 Jan, 08:00 UTC).
FIRST_CUTOFF = 1_800_000_000.0 + 46 * 3600


def full_login(sls: Sls, user: str = "dscuser") -> dict[str, Any]:
    """A full login (password and the second factor); its session step."""
    out = sls.login(user)
    assert out["step"] == "session", out
    return out


def make_grant(
    sls: Sls, session_token: str, key: Any = None, label: str | None = "trading box"
) -> tuple[Any, dict[str, Any]]:
    """This computer's device key (a new one unless given) and the grant the session made for it."""
    key = key if key is not None else restart.new_device_key()
    made = sls.service.grant_restart(session_token, restart.public_bytes(key), label, LOCAL)
    return key, made["grant"]


def granted(sls: Sls, user: str = "dscuser") -> tuple[Any, dict[str, Any]]:
    """A full login, its grant, and the logout (so the restart meets no other session)."""
    session = full_login(sls, user)
    key, grant = make_grant(sls, session["session_token"])
    sls.service.logout(session["session_token"])
    return key, grant


def restart_login(
    sls: Sls,
    user: str,
    key: Any,
    grant_id: str,
    *,
    password: str = PASSWORD,
    mode: str = "live",
    sign: bool = True,
    signature: bytes | None = None,
    address: str = LOCAL,
) -> tuple[str, dict[str, Any]]:
    """A restart login: the password by SRP and the device key's signature over the gateway's challenge
    (`sign=False`: no signature; `signature`: this one instead). Returns the login token and the proof's
    reply (checked M2)."""
    client = new_srp_client(user)
    started = sls.service.start_login(user, mode, client.public, address, restart_grant=grant_id)
    challenge = b64d(started["restart_challenge"])
    assert len(challenge) == 32
    proof = sls.proof(client, started, password)
    if signature is None and sign:
        signature = restart.sign(key, restart.restart_payload(grant_id, user, mode, challenge))
    out = sls.service.prove(started["login_token"], proof, address, restart_signature=signature)
    client.verify_server(b64d(out["server_proof"]))
    return started["login_token"], out


def finish_with_dsc(sls: Sls, token: str, step: dict[str, Any], user: str = "dscuser") -> dict[str, Any]:
    """The second factor a refused restart goes on to, answered with the user's DSC+."""
    assert step["step"] == "second_factor", step
    answer = dsc_response(sls.device(user, "dscplus"), step["challenge"]["challenge"])
    return sls.service.respond(token, answer, LOCAL)


def grant_row(sls: Sls, grant_id: str) -> Any:
    with sls.gateway.store.read() as connection:
        return connection.execute(select(restart_grants).where(restart_grants.c.id == grant_id)).first()


def grant_rows(sls: Sls) -> list[Any]:
    with sls.gateway.store.read() as connection:
        return connection.execute(select(restart_grants).order_by(restart_grants.c.created_at)).all()


def events(sls: Sls, kind: str) -> list[Any]:
    with sls.gateway.store.read() as connection:
        return connection.execute(
            select(audit_events).where(audit_events.c.kind == kind).order_by(audit_events.c.id)
        ).all()


def session_row(sls: Sls, session_token: str) -> Any:
    from trader_login.auth.gateway.store import sessions

    with sls.gateway.store.read() as connection:
        return connection.execute(select(sessions).where(sessions.c.id == token_id(session_token))).first()
