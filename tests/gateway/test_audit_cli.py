"""Issue 17, Deliver 3 at the desk: `sls-gateway audit USER` shows a user's recent security events, newest
first, the desk's own actions among them (by the operating-system user who ran them); the same actions are
lines of the data directory's audit.jsonl. On SQLite and PostgreSQL, in-process."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC

import pytest

from tests.gateway.conftest import Sls, Storage
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.cli import main
from trader_login.auth.gateway.gateway import AUDIT_LOG_NAME

OPERATOR = "cli-operator"


@pytest.fixture
def desk(live_storage: Storage, monkeypatch: pytest.MonkeyPatch) -> Storage:
    """A seeded place whose desk commands run as OPERATOR (the database's password, if any, from the
    environment, as a desk's shell would give it)."""
    monkeypatch.setattr(audit.getpass, "getuser", lambda: OPERATOR)
    for name, value in live_storage.environment().items():
        monkeypatch.setenv(name, value)
    (live_storage.data_dir / AUDIT_LOG_NAME).unlink(missing_ok=True)
    return live_storage


def run(storage: Storage, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main([*argv, *storage.serve_args()], language="en", zone=UTC)
    finally:
        sys.stdout, sys.stderr = saved
    return status, out.getvalue(), err.getvalue()


def test_the_audit_command_shows_the_desk_s_actions_newest_first_by_their_operator(desk: Storage):
    assert run(desk, "unlock", "dscuser")[0] == 0
    assert run(desk, "opt-out", "dscuser", "--portal-only")[0] == 0
    status, out, err = run(desk, "audit", "dscuser")
    assert status == 0, err
    shown = out.splitlines()
    assert [line.split()[6] for line in shown[:2]] == [audit.DESK_OPTED_OUT, audit.DESK_UNLOCKED]
    assert f"actor={OPERATOR} scope=portal" in shown[0]
    status, out, _ = run(desk, "audit", "dscuser", "--json", "--limit", "1")
    (line,) = out.splitlines()
    record = json.loads(line)
    assert (record["kind"], record["username"], record["actor"]) == (
        audit.DESK_OPTED_OUT,
        "dscuser",
        OPERATOR,
    )
    # The desk's actions are lines of the data directory's trail too, in the order they were done.
    written = [json.loads(text) for text in (desk.data_dir / AUDIT_LOG_NAME).read_text().splitlines()]
    assert [r["kind"] for r in written] == [audit.DESK_UNLOCKED, audit.DESK_OPTED_OUT]
    assert written[-1] == record


def test_the_audit_command_refuses_a_bad_limit_or_age_with_one_line(desk: Storage):
    for bad in (["--limit", "0"], ["--limit", "many"], ["--since", "yesterday"]):
        status, out, err = run(desk, "audit", "dscuser", *bad)
        assert status == 2, (bad, out, err)
        assert "error:" in err.strip().splitlines()[-1]


def test_an_unknown_name_s_failures_are_shown_too(desk: Storage):
    status, out, _ = run(desk, "audit", "ghosttrader")
    assert (status, out) == (0, "no audit events for 'ghosttrader'\n")
    gateway = desk.gateway()
    try:
        Sls(gateway).fail_password("ghosttrader", address="192.0.2.5")
    finally:
        gateway.close()
    status, out, _ = run(desk, "audit", "ghosttrader")
    (line,) = out.splitlines()
    assert line.split()[6:] == [audit.LOGIN_FAILED, "reason=unknown_user", "address=192.0.2.5", "counted=yes"]


def test_an_audit_log_that_cannot_be_opened_is_refused_in_one_line_with_nothing_done(
    desk: Storage, tmp_path
) -> None:
    missing = tmp_path / "no such folder" / "audit.jsonl"
    status, out, err = run(desk, "unlock", "dscuser", "--audit-log", str(missing))
    assert status == 2
    assert out == ""
    assert err == f"sls-gateway: cannot open the audit log {missing}: No such file or directory\n"
    status, out, _ = run(desk, "audit", "dscuser", "--json")
    assert status == 0
    assert not [line for line in out.splitlines() if json.loads(line)["kind"] == audit.DESK_UNLOCKED]
