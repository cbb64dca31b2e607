"""The login steps that write without the writer lock (store.py's `write(lock=False)`) stay exact when they
race a step that takes it: a logout racing a takeover of the same session ends it once, told once; starts
racing each other each get their own login (SQLite and PostgreSQL; the race is real on PostgreSQL, where
these steps do not wait for the writer lock)."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select

from tests.gateway.conftest import LOCAL, Sls, dsc_response
from trader_login.auth.gateway import audit
from trader_login.auth.gateway.errors import GatewayError
from trader_login.auth.gateway.store import audit_events, logins, sessions
from trader_login.auth.gateway.vault import token_id

ROUNDS = 12


def _together(*calls) -> list[Any]:
    """Runs the calls in threads released at once; returns each one's result or GatewayError, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait(timeout=10)
        try:
            outcomes[index] = calls[index]()
        except (GatewayError, AssertionError) as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def _parked_second_login(sls: Sls) -> str:
    """A second login of dscuser waiting on the takeover question; returns its token."""
    token, out = sls.password("dscuser")
    response = dsc_response(sls.device("dscuser", "dscplus"), out["challenge"]["challenge"])
    assert sls.service.respond(token, response, LOCAL)["step"] == "existing_session"
    return token


def _told(sls: Sls, kind: str) -> list[Any]:
    with sls.gateway.store.read() as connection:
        return connection.execute(
            select(audit_events.c.detail).where(audit_events.c.kind == kind).order_by(audit_events.c.id)
        ).all()


def test_a_logout_racing_a_takeover_of_its_session_ends_it_once_and_tells_it_once(sls: Sls):
    first = sls.login("dscuser")
    for round_ in range(ROUNDS):
        parked = _parked_second_login(sls)
        logout, takeover = _together(
            lambda session=first["session_token"]: sls.service.logout(session),
            lambda login=parked: sls.service.answer_existing_session(login, True),
        )
        assert not isinstance(logout, Exception), logout
        assert takeover["step"] == "session"
        with sls.gateway.store.read() as connection:
            status = connection.execute(
                select(sessions.c.status).where(sessions.c.id == token_id(first["session_token"]))
            ).scalar_one()
        # Exactly one of the two ended the first session, and only that one told it.
        logged_out = len(_told(sls, audit.SESSION_LOGGED_OUT))
        taken = [row.detail["sessions"] for row in _told(sls, audit.SESSION_TAKEN_OVER)]
        assert status in ("logged_out", "taken_over")
        assert logout["status"] == status
        assert (status == "logged_out") == (taken[-1] == 0), (round_, status, taken)
        assert logged_out + sum(taken) == round_ + 1, (round_, logged_out, taken)
        # R16: the takeover's session is the one session of the name.
        assert sls.desk.status("dscuser")["sessions"] == 1
        first = takeover


def test_starts_at_once_each_get_a_login_of_their_own(sls: Sls):
    outcomes = _together(*[lambda: sls.start("dscuser")[1] for _ in range(8)])
    tokens = {outcome["login_token"] for outcome in outcomes}
    assert len(tokens) == 8
    with sls.gateway.store.read() as connection:
        stored = connection.execute(
            select(logins.c.id).where(logins.c.id.in_([token_id(t) for t in tokens]))
        ).all()
    assert len(stored) == 8
