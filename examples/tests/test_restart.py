"""Restart without the second factor (contract 3.0): after a full login the trader ticks
`autoRestartCheck`; `trader-login --restart` then opens a session with the password alone until the weekly
cut-off (default Sunday 01:00 New York time), and after it asks for the second factor again, saying why.

Every window a test opens is on one computer: the restart key the session window made (kept in memory,
never in your keychain) is the one a later `login_window_factory("--restart")` window signs with. The
gateway's side: `sls_gateway.user(name).restart_grant` (the grant in force, or None) and
`sls_gateway.revoke_restart_grants(name)` (Client Services' revoke). `sls_gateway.advance(seconds)` moves
the clock past the cut-off without waiting.
"""

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation


def log_in_with_the_password(qtbot, window, find):
    """Fills the credentials page of `window` and clicks Log In (the reply comes on a worker)."""
    find(window, "usernameEdit", QLineEdit).setText("dscuser")
    find(window, "passwordEdit", QLineEdit).setText("demo123")
    find(window, "loginButton", QPushButton).click()


def second_factor_page(window):
    """The second-factor page while it shows, else None."""
    page = window.findChild(QWidget, "secondFactorPage")
    return page if page is not None and page.isVisible() else None


@pytest.fixture
def restart_granted(qtbot, login_window, sls_gateway, log_in, find, shown):
    """dscuser logged in fully, "Restart without the second factor" ticked, then logged out keeping this
    computer (forgetDeviceCheck left unticked). Returns the gateway's grant."""
    session = log_in(qtbot, login_window, "dscuser")
    check = find(session, "autoRestartCheck", QCheckBox)
    qtbot.waitUntil(lambda: check.isVisible() and check.isEnabled(), timeout=WAIT_MS)
    assert not check.isChecked()  # off by default
    check.click()
    grant_label = find(session, "restartGrantLabel", QLabel)
    qtbot.waitUntil(grant_label.isVisible, timeout=WAIT_MS)
    assert grant_label.text().startswith("This computer may restart without the second factor until")
    grant = sls_gateway.user("dscuser").restart_grant
    assert grant is not None

    find(session, "logoutButton", QPushButton).click()  # with a grant, Log Out asks first
    qtbot.waitUntil(lambda: shown(session, "logoutConfirmDialog"), timeout=WAIT_MS)
    dialog = find(session, "logoutConfirmDialog", QMessageBox)
    assert not find(dialog, "forgetDeviceCheck", QCheckBox).isChecked()  # tick it to forget this computer
    find(dialog, "confirmLogoutButton", QPushButton).click()
    qtbot.waitUntil(login_window.isVisible, timeout=WAIT_MS)
    return grant


def test_restart_opens_a_session_without_the_second_factor(
    qtbot, restart_granted, login_window_factory, session_window_of, find
):
    window = login_window_factory("--restart")  # trader-login --restart, on the same computer
    notice = find(window, "restartNoticeLabel", QLabel)
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)

    log_in_with_the_password(qtbot, window, find)
    qtbot.waitUntil(
        lambda: session_window_of(window) is not None or second_factor_page(window) is not None,
        timeout=WAIT_MS,
    )
    session = session_window_of(window)
    assert session is not None  # no second-factor page on the way
    check = find(session, "autoRestartCheck", QCheckBox)
    qtbot.waitUntil(check.isVisible, timeout=WAIT_MS)
    assert check.isChecked()
    assert not check.isEnabled()  # a session opened by the restart cannot grant one


def test_past_the_weekly_cutoff_the_restart_is_refused_and_the_second_factor_asked(
    qtbot, restart_granted, sls_gateway, login_window_factory, session_window_of, find
):
    sls_gateway.advance(restart_granted["cutoff_at"] - sls_gateway.clock() + 1)
    assert sls_gateway.user("dscuser").restart_grant is None  # ended at the cut-off

    window = login_window_factory("--restart")
    log_in_with_the_password(qtbot, window, find)
    qtbot.waitUntil(lambda: second_factor_page(window) is not None, timeout=WAIT_MS)
    assert second_factor_page(window).property("challengeKind") == "dscplus"
    message = find(window, "messageLabel", QLabel)
    qtbot.waitUntil(message.isVisible, timeout=WAIT_MS)
    assert "expired" in message.text()  # why the second factor is asked

    challenge = find(window, "challengeLabel", QLabel).text()
    find(window, "responseEdit", QLineEdit).setText(sls_gateway.user("dscuser").dscplus.respond(challenge))
    find(window, "responseSubmitButton", QPushButton).click()
    qtbot.waitUntil(lambda: session_window_of(window) is not None, timeout=WAIT_MS)


def test_the_desks_revoke_ends_the_restart(qtbot, restart_granted, sls_gateway, login_window_factory, find):
    assert sls_gateway.revoke_restart_grants("dscuser") == [restart_granted["id"]]

    window = login_window_factory("--restart")
    log_in_with_the_password(qtbot, window, find)
    qtbot.waitUntil(lambda: second_factor_page(window) is not None, timeout=WAIT_MS)
    message = find(window, "messageLabel", QLabel)
    qtbot.waitUntil(message.isVisible, timeout=WAIT_MS)
    assert "revoked" in message.text()
    find(window, "cancelButton", QPushButton).click()  # end on a quiet page
    qtbot.waitUntil(lambda: find(window, "usernameEdit", QLineEdit).isVisible(), timeout=WAIT_MS)
