"""This computer's restart keys (app/restart_keys.py): one P-256 key per (gateway, user name, mode) in the
keychain — the system one (the in-memory fake here) or its 0600 fallback file, said once — and the steps
that make, use and forget a grant (auth/client/unattended.py) over the client's flow."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.app.keyring_support import MemoryKeyring, memory_keyring  # noqa: F401 - the fixture
from tests.client.flow_support import (
    GRANT_ID,
    NOW,
    PASSWORD,
    RESTART_CHALLENGE,
    FakeGateway,
    make_flow,
    session_object,
    session_step,
)
from trader_login.app.keychain import FALLBACK_NOTICE, Keychain
from trader_login.app.restart_keys import RestartKeyError, RestartKeys
from trader_login.auth import restart, texts
from trader_login.auth.client.unattended import Unattended, grant_restart, log_out, restart_key
from trader_login.auth.client.views import Stage

GATEWAY = "sha256:" + "cd" * 32


def grant_object(grant_id: str = GRANT_ID) -> dict:
    return {
        "id": grant_id,
        "created_at": NOW,
        "cutoff_at": NOW + 3 * 86_400,
        "label": "desk-7",
        "device_kind": "dscplus",
    }


def test_a_key_is_kept_per_gateway_user_and_mode(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    keys = RestartKeys(Keychain(), GATEWAY)
    assert keys.key_for("dscuser", "live") is None
    key = keys.create("dscuser", "live")
    assert key.grant_id == ""
    assert len(key.public_bytes) == restart.PUBLIC_KEY_SIZE
    assert keys.key_for("dscuser", "live") is None  # not stored before the gateway granted it
    keys.remember("dscuser", "live", key, GRANT_ID)
    held = keys.key_for("dscuser", "live")
    assert held is not None
    assert held.grant_id == GRANT_ID
    assert held.public_bytes == key.public_bytes
    payload = restart.restart_payload(GRANT_ID, "dscuser", "live", RESTART_CHALLENGE)
    assert restart.verify(key.public_bytes, payload, held.sign(payload))
    assert keys.key_for("dscuser", "paper") is None
    assert RestartKeys(Keychain(), "https://other:443").key_for("dscuser", "live") is None
    pem = restart.private_pem(key.private)
    assert pem.splitlines()[1] not in repr(held)  # the private half is never shown
    assert "private" not in repr(held)
    (entry,) = [name for _service, name in memory_keyring.passwords]
    assert entry.startswith("restart-key/")
    assert entry.endswith("/live/dscuser")
    keys.forget("dscuser", "live")
    assert keys.key_for("dscuser", "live") is None
    assert memory_keyring.passwords == {}


def test_a_damaged_entry_is_one_line_and_forget_removes_it(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    keys = RestartKeys(Keychain(), GATEWAY)
    memory_keyring.passwords["trader-login", keys.entry("dscuser", "live")] = '{"key": "not a key"}'
    with pytest.raises(RestartKeyError, match="damaged") as info:
        keys.key_for("dscuser", "live")
    assert "\n" not in str(info.value)
    keys.forget("dscuser", "live")
    assert keys.key_for("dscuser", "live") is None


def test_without_a_system_keychain_keys_go_to_the_0600_file_said_once(tmp_path: Path) -> None:
    from keyring.backends import fail

    path = tmp_path / "config" / "keychain-fallback.json"
    keys = RestartKeys(Keychain(backend=fail.Keyring(), fallback_path=path), GATEWAY)
    keys.remember("dscuser", "live", keys.create("dscuser", "live"), GRANT_ID)
    assert keys.fallback_notice() == FALLBACK_NOTICE.format(path=path)
    assert keys.fallback_notice() is None  # once per file, ever
    again = RestartKeys(Keychain(backend=fail.Keyring(), fallback_path=path), GATEWAY)
    assert again.fallback_notice() is None
    held = again.key_for("dscuser", "live")
    assert held is not None
    assert held.grant_id == GRANT_ID
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "BEGIN PRIVATE KEY" in json.loads(path.read_text())["values"][keys.entry("dscuser", "live")]


# --- the grant's steps over the flow ---------------------------------------------------------------------


def test_grant_then_restart_then_forget(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    keys = RestartKeys(Keychain(), GATEWAY)
    gateway = FakeGateway(session_step(restart_cutoff_at=NOW + 3 * 86_400))
    gateway.queue("create_restart_grant", {"grant": grant_object()})
    gateway.queue("session_status", session_object(restart_grant=grant_object()))
    flow = make_flow(gateway)
    assert flow.log_in("dscuser", PASSWORD).stage is Stage.DONE
    after = grant_restart(flow, keys, "desk-7")
    assert after.session is not None
    assert after.session.restart_grant is not None
    held = keys.key_for("dscuser", "live")
    assert held is not None
    assert held.grant_id == GRANT_ID
    (_name, (_token, public, label)) = next(
        call for call in gateway.calls if call[0] == "create_restart_grant"
    )
    assert (public, label) == (held.public_bytes, "desk-7")
    log_out(flow, keys)
    assert keys.key_for("dscuser", "live") is not None  # a plain logout keeps the grant

    # The restart: the key signs the gateway's challenge for its grant.
    restarted = FakeGateway(session_step(opened_by_restart=True))
    flow = make_flow(restarted)
    key, notice = restart_key(keys, "dscuser", "live")
    assert notice is None
    assert flow.log_in("dscuser", PASSWORD, restart=key).stage is Stage.DONE
    assert restarted.restart_grant == GRANT_ID
    payload = restart.restart_payload(GRANT_ID, "dscuser", "live", RESTART_CHALLENGE)
    assert restarted.restart_signature is not None
    assert restart.verify(held.public_bytes, payload, restarted.restart_signature)
    log_out(flow, keys, forget_device=True)
    assert restarted.forget_device is True
    assert keys.key_for("dscuser", "live") is None
    key, notice = restart_key(keys, "dscuser", "live")
    assert key is None
    assert notice == texts.message(texts.RESTART_NO_KEY, username="dscuser")


def test_a_refused_grant_keeps_no_key(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    from tests.client.flow_support import refusal

    keys = RestartKeys(Keychain(), GATEWAY)
    gateway = FakeGateway(session_step())
    gateway.queue(
        "create_restart_grant", refusal("RESTART_NOT_ALLOWED", texts.message(texts.RESTART_NOT_ALLOWED), 403)
    )
    flow = make_flow(gateway)
    flow.log_in("dscuser", PASSWORD)
    after = grant_restart(flow, keys, None)
    assert after.error_code == "RESTART_NOT_ALLOWED"
    assert keys.key_for("dscuser", "live") is None
    assert memory_keyring.passwords == {}


def test_unattended_holds_the_keys_of_the_gateway_it_was_given(memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    made: list[str] = []

    def keys_for(identity: str) -> RestartKeys:
        made.append(identity)
        return RestartKeys(Keychain(), identity)

    unattended = Unattended(restart=True, restart_keys=keys_for)
    key, notice = unattended.restart_key("dscuser", "live")
    assert key is None
    assert notice is not None  # no gateway yet: no key
    unattended.flow(FakeGateway(), GATEWAY)
    assert made == [GATEWAY]
    assert unattended.held_grant_id("dscuser", "live") is None
