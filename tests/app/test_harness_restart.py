"""The testers' harness and the restart without the second factor (issue 19, review T4): the windows of
`login_window` / `login_window_factory` keep restart keys in the test computer's keychain (in memory), so
`autoRestartCheck` grants and a `"--restart"` window of the same test restarts with that key; the handles
`user.restart_grant`, `sls_gateway.restart_grants(...)`, `sls_gateway.revoke_restart_grants(...)`; the
movable clock crosses the cut-off; the gateway marker sets the cut-off and the switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from trader_login.app.driving import answer_page, find_widget, page_kind, session_window_of
from trader_login.app.harness import MemoryKeychain
from trader_login.app.testing import SlsGateway, ToolkitError
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
from trader_login.auth.restart import DEFAULT_CUTOFF, Cutoff

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation


def grant_restart(qtbot: Any, session: Any) -> QCheckBox:
    """Ticks the session window's autoRestartCheck and waits until the gateway's grant shows there."""
    check = find_widget("autoRestartCheck", QCheckBox, window=session)
    qtbot.waitUntil(lambda: check.isVisible() and check.isEnabled(), timeout=WAIT_MS)
    check.click()
    label = find_widget("restartGrantLabel", QLabel, window=session)
    qtbot.waitUntil(lambda: label.isVisible() and check.isEnabled(), timeout=WAIT_MS)
    return check


def send_password(qtbot: Any, window: Any, user: str = "dscuser") -> str:
    """The credentials page filled and Log In clicked; waits until the login has left that page and
    returns the page it shows then ("session" when the restart opened it at once)."""
    window.findChild(QLineEdit, "usernameEdit").setText(user)
    window.findChild(QLineEdit, "passwordEdit").setText(DEMO_PASSWORD)
    window.findChild(QPushButton, "loginButton").click()
    qtbot.waitUntil(lambda: page_kind(window) != "credentials", timeout=WAIT_MS)
    return page_kind(window)


def restarting_window(login_window_factory: Any, qtbot: Any) -> Any:
    window = login_window_factory("--restart")
    notice = window.findChild(QLabel, "restartNoticeLabel")
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    return window


def granted_and_logged_out(qtbot: Any, login_window: Any, sls_gateway: SlsGateway, log_in: Any) -> dict:
    """dscuser's full login in `login_window`, autoRestartCheck ticked, logged out (the computer kept)."""
    session = log_in(qtbot, login_window, sls_gateway.user("dscuser"))
    grant_restart(qtbot, session)
    grant = sls_gateway.user("dscuser").restart_grant
    assert grant is not None
    session.findChild(QPushButton, "logoutButton").click()
    dialog = session.confirm_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    forget = dialog.findChild(QCheckBox, "forgetDeviceCheck")
    assert forget is not None
    assert not forget.isChecked()
    dialog.findChild(QPushButton, "confirmLogoutButton").click()
    qtbot.waitUntil(lambda: session_window_of(login_window) is None, timeout=WAIT_MS)
    return grant


def test_a_harness_window_grants_and_a_restart_window_of_the_test_opens_without_the_second_factor(
    qtbot: Any, login_window: Any, login_window_factory: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    user = sls_gateway.user("dscuser")
    assert user.restart_grant is None
    session = log_in(qtbot, login_window, user)
    check = grant_restart(qtbot, session)
    assert check.isChecked()

    grant = user.restart_grant
    assert grant is not None
    assert (grant["username"], grant["mode"], grant["status"]) == ("dscuser", "live", "active")
    assert grant["cutoff_at"] == DEFAULT_CUTOFF.next_after(grant["created_at"])
    assert grant["last_used_at"] is None
    assert [g["id"] for g in sls_gateway.restart_grants(user)] == [grant["id"]]
    # The key is on the test computer's keychain in memory, and only its entry name shows anywhere.
    (entry,) = sls_gateway.restart_keychain.keys()
    assert entry.startswith("restart-key/")
    assert entry.endswith("/live/dscuser")
    assert "PRIVATE KEY" not in repr(sls_gateway.restart_keychain)
    assert "PRIVATE KEY" in (sls_gateway.restart_keychain.get(entry) or "")

    session.findChild(QPushButton, "logoutButton").click()
    dialog = session.confirm_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    dialog.findChild(QPushButton, "confirmLogoutButton").click()
    qtbot.waitUntil(lambda: session_window_of(login_window) is None, timeout=WAIT_MS)

    restarting = restarting_window(login_window_factory, qtbot)
    assert send_password(qtbot, restarting) == "session"  # the password alone: no second-factor page
    restarted = session_window_of(restarting)
    box = find_widget("autoRestartCheck", QCheckBox, window=restarted)
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    assert box.isChecked()
    assert not box.isEnabled()
    used = user.restart_grant
    assert used is not None
    assert used["id"] == grant["id"]
    assert used["last_used_at"] == sls_gateway.clock()


def test_past_the_cutoff_the_restart_is_refused_and_the_second_factor_asked(
    qtbot: Any, login_window: Any, login_window_factory: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    grant = granted_and_logged_out(qtbot, login_window, sls_gateway, log_in)
    user = sls_gateway.user("dscuser")
    sls_gateway.advance(grant["cutoff_at"] - sls_gateway.clock() + 1)
    assert user.restart_grant is None  # ended at the cut-off
    (kept,) = sls_gateway.restart_grants("dscuser")
    assert (kept["status"], kept["end_reason"]) == ("expired", "cutoff")

    restarting = restarting_window(login_window_factory, qtbot)
    page = send_password(qtbot, restarting)
    assert page == "dscplus"  # the full login's second factor
    message = find_widget("messageLabel", QLabel, window=restarting)
    qtbot.waitUntil(message.isVisible, timeout=WAIT_MS)
    assert message.text().startswith("No restart without the second factor: this computer's restart")
    assert sls_gateway.status("dscuser")["failures"] == 0  # the password was right: nothing counted
    assert answer_page(restarting, user) == "session"


def test_the_desks_revoke_ends_the_grant_and_the_restart_says_so(
    qtbot: Any, login_window: Any, login_window_factory: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    grant = granted_and_logged_out(qtbot, login_window, sls_gateway, log_in)
    user = sls_gateway.user("dscuser")
    assert sls_gateway.revoke_restart_grants(user) == [grant["id"]]
    assert user.restart_grant is None
    assert sls_gateway.revoke_restart_grants("dscuser") == []  # nothing left to revoke
    with pytest.raises(ToolkitError, match="no active restart grant"):
        sls_gateway.revoke_restart_grants("dscuser", grant["id"])

    restarting = restarting_window(login_window_factory, qtbot)
    assert send_password(qtbot, restarting) == "dscplus"
    message = find_widget("messageLabel", QLabel, window=restarting)
    qtbot.waitUntil(message.isVisible, timeout=WAIT_MS)
    assert "revoked" in message.text()


@pytest.mark.trader_login_gateway(restart_cutoff="Fri 17:00 Asia/Tokyo")
def test_the_gateway_marker_moves_the_weekly_cutoff(
    qtbot: Any, login_window: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    session = log_in(qtbot, login_window, sls_gateway.user("dscuser"))
    grant_restart(qtbot, session)
    grant = sls_gateway.user("dscuser").restart_grant
    assert grant is not None
    assert grant["cutoff_at"] == Cutoff.parse("Fri 17:00 Asia/Tokyo").next_after(grant["created_at"])
    assert grant["cutoff_at"] != DEFAULT_CUTOFF.next_after(grant["created_at"])


@pytest.mark.trader_login_gateway(restart_grants=False)
def test_with_restart_grants_off_the_session_offers_none(
    qtbot: Any, login_window: Any, sls_gateway: SlsGateway, log_in: Any
) -> None:
    session = log_in(qtbot, login_window, sls_gateway.user("dscuser"))
    assert find_widget("lastLoginLabel", QLabel, window=session).isVisible()
    assert not find_widget("autoRestartCheck", QCheckBox, window=session).isVisible()


def test_a_bad_cutoff_is_refused_in_one_line_before_anything_is_made(tmp_path: Path) -> None:
    with pytest.raises(ToolkitError, match=r"^restart_cutoff: ") as refused:
        SlsGateway(tmp_path / "gateway", restart_cutoff="Someday 25:00 Nowhere/Place")
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "gateway").exists()
    with pytest.raises(ToolkitError, match="restart_grants is True or False"):
        SlsGateway(tmp_path / "gateway", restart_grants="off")  # type: ignore[arg-type]


def test_the_memory_keychain_never_shows_its_values() -> None:
    keychain = MemoryKeychain()
    keychain.set("restart-key/x/live/dscuser", "-----BEGIN PRIVATE KEY----- secret")
    assert keychain.get("restart-key/x/live/dscuser") == "-----BEGIN PRIVATE KEY----- secret"
    assert "secret" not in repr(keychain)
    assert "PRIVATE" not in repr(keychain)
    assert keychain.keys() == ["restart-key/x/live/dscuser"]
    keychain.delete("restart-key/x/live/dscuser")
    keychain.delete("restart-key/x/live/dscuser")  # absent: no error
    assert keychain.get("restart-key/x/live/dscuser") is None
    with pytest.raises(TypeError):
        keychain.set("k", b"bytes")  # type: ignore[arg-type]


def test_max_attempts_through_the_factory_stops_before_the_gateway_counts_more(
    qtbot: Any, login_window_factory: Any, sls_gateway: SlsGateway, fail_logins: Any
) -> None:
    window = login_window_factory("--max-attempts", "2")
    fail_logins(qtbot, window, "dscuser", 2)
    (stopped,) = fail_logins(qtbot, window, "dscuser", 1)
    assert stopped.startswith("Stopped before another attempt: 2 failed attempts in a row")
    assert "(--max-attempts 2)" in stopped
    assert sls_gateway.status("dscuser")["failures"] == 2  # the third was never sent
    # Without the option the harness keeps no attempt log: R3's lock stays reachable.
    plain = login_window_factory()
    fail_logins(qtbot, plain, "dscuser", 1)
    assert sls_gateway.status("dscuser")["failures"] == 3
