"""Issue 17, Deliver 3 with real processes: `sls-gateway serve --workers 2 --audit-log FILE` tells its
configuration once at start (no password, the database's URL masked) and both workers append their events
to the one file as whole lines, the same events the table holds. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from tests.gateway.conftest import Storage
from tests.gateway.process_support import Processes, listening, wrong_password
from tests.gateway.test_cli import POSIX_SIGNALS
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.store import audit_events

ATTEMPTS = 12


@pytest.fixture
def processes() -> Iterator[Processes]:
    started = Processes()
    yield started
    started.close()


@POSIX_SIGNALS
def test_two_workers_share_one_audit_file_and_the_start_is_told_once(
    live_storage: Storage, processes: Processes, tmp_path: Path
):
    path = tmp_path / "logs" / "audit.jsonl"
    path.parent.mkdir()
    served = processes.serve(live_storage, "--workers", "2", "--audit-log", str(path))
    endpoint = listening(served).endpoint()
    try:
        for n in range(ATTEMPTS):
            assert wrong_password(endpoint, f"auditee{n % 3}").status_code == 401
    finally:
        endpoint.close()
    assert served.stop(signal.SIGTERM) == 0
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]  # every line whole
    (started,) = [r for r in records if r["kind"] == audit.GATEWAY_STARTED]
    assert started["detail"]["workers"] == 2
    assert started["detail"]["audit_log"] == str(path)
    assert started["detail"]["database"] == ("postgresql" if live_storage.is_postgresql else "sqlite")
    if live_storage.server is not None:
        assert live_storage.server.password not in path.read_text("utf-8")
    failed = [r for r in records if r["kind"] == audit.LOGIN_FAILED]
    assert len(failed) == ATTEMPTS
    assert {r["reason"] for r in failed} == {"unknown_user"}
    assert {r["username"] for r in failed} == {"auditee0", "auditee1", "auditee2"}
    engine = create_engine(live_storage.sqlalchemy_url())
    try:
        with engine.connect() as connection:
            in_table = connection.execute(
                select(func.count())
                .select_from(audit_events)
                .where(audit_events.c.kind == audit.LOGIN_FAILED)
            ).scalar_one()
    finally:
        engine.dispose()
    assert in_table == ATTEMPTS
