"""Issue 19 in the session window: "Restart without the second factor until <day, time>" (autoRestartCheck)
makes this computer's restart grant and forgets it; a --restart login opens a session without the second
factor and shows the grant; another computer's grant shows as held by it; the logout confirmation can
forget this computer (forgetDeviceCheck), after which a restart says why the second factor is asked."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from tests.gateway.http_support import Client
from tests.ui.login_support import Trader
from tests.ui.trust_support import (
    WAIT_MS,
    OpenTrader,
    child,
    grant_here,
    in_session,
    log_out_confirmed,
    restart_keys,
)
from tests.ui.trust_support import open_trader as open_trader  # a fixture
from tests.ui.trust_support import other_computer as other_computer  # a fixture
from trader_login.auth import restart, texts
from trader_login.auth.client.views import Stage
from trader_login.ui import formatting, messages


def test_auto_restart_check_grants_this_computer_a_restart_and_unticking_forgets_it(
    open_trader: OpenTrader, gateway: Client, keychain: Any
) -> None:
    trader = open_trader()
    session = in_session(trader)
    check = child(session, "autoRestartCheck", QCheckBox)
    trader.qtbot.waitUntil(check.isVisible, timeout=WAIT_MS)
    cutoff = trader.view.session.restart_cutoff_at
    assert cutoff is not None
    until = formatting.local_time(cutoff)
    assert check.text() == f"Restart without the second factor until {until}"
    assert not check.isChecked()  # off by default
    assert not child(session, "restartGrantLabel", QLabel).isVisible()

    text = grant_here(trader, session)
    assert text == f"This computer may restart without the second factor until {until}."
    assert check.isChecked()
    grant = trader.view.session.restart_grant
    assert grant is not None
    assert grant.cutoff_at == cutoff
    kept = restart_keys(gateway, keychain).key_for("dscuser", "live")
    assert kept is not None
    assert kept.grant_id == grant.id  # the keychain holds the key the gateway's grant is bound to

    check.click()  # untick: the gateway ends the grant, the keychain forgets the key
    panel = child(session, "restartPanel")
    trader.qtbot.waitUntil(lambda: not panel.property("pending"), timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: trader.view.session.restart_grant is None, timeout=WAIT_MS)
    assert not check.isChecked()
    assert check.isEnabled()
    assert not child(session, "restartGrantLabel", QLabel).isVisible()
    assert restart_keys(gateway, keychain).key_for("dscuser", "live") is None


def test_a_restart_login_opens_the_session_without_the_second_factor_and_shows_the_grant(
    open_trader: OpenTrader, gateway: Client
) -> None:
    first = open_trader()
    session = in_session(first)
    grant_here(first, session)
    cutoff = first.view.session.restart_grant.cutoff_at
    log_out_confirmed(first, session, forget=False)

    # trader-login --restart on the same computer (the same keychain).
    restarting = open_trader(restart=True)
    notice = restarting.find("restartNoticeLabel")
    restarting.qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert notice.text() == "Restart: no second factor needed while this computer's grant lasts"
    view = restarting.log_in("dscuser")
    assert view.stage is Stage.DONE, view  # the password alone
    assert view.restart is not None
    assert view.restart.used
    session = restarting.session_window()
    check = child(session, "autoRestartCheck", QCheckBox)
    label = child(session, "restartGrantLabel", QLabel)
    restarting.qtbot.waitUntil(label.isVisible, timeout=WAIT_MS)
    assert check.isVisible()
    assert check.isChecked()
    assert not check.isEnabled()  # a restarted session may not grant, nor give up its grant here
    until = formatting.local_time(cutoff)
    assert label.text() == (
        "This session was opened by a restart without the second factor, allowed on this computer "
        f"until {until}."
    )


def test_forget_this_computer_at_logout_ends_the_grant_and_the_next_restart_says_why(
    open_trader: OpenTrader, gateway: Client, keychain: Any
) -> None:
    first = open_trader()
    session = in_session(first)
    grant_here(first, session)
    log_out_confirmed(first, session, forget=True)
    assert restart_keys(gateway, keychain).key_for("dscuser", "live") is None

    restarting = open_trader(restart=True)
    view = restarting.log_in("dscuser")
    # No key on this computer any more: the full login, and the page says why.
    assert view.stage in (Stage.CHOOSE_DEVICE, Stage.SECOND_FACTOR), view
    expected = messages.render(texts.message(texts.RESTART_NO_KEY, username="dscuser"))
    assert restarting.message() == expected
    assert restarting.answer("dscuser").stage is Stage.DONE


@pytest.fixture
def in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's time zone is Asia/Tokyo for the test (the gateway writes its moments in UTC)."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_refused_restart_shows_its_reason_on_the_second_factor_page(
    open_trader: OpenTrader, gateway: Client, in_tokyo: None
) -> None:
    first = open_trader()
    session = in_session(first)
    grant_here(first, session)
    cutoff = first.view.session.restart_grant.cutoff_at
    log_out_confirmed(first, session, forget=False)
    gateway.clock.advance(cutoff - gateway.clock() + 1)  # past the weekly cut-off

    restarting = open_trader(restart=True)
    view = restarting.log_in("dscuser")
    assert view.stage in (Stage.CHOOSE_DEVICE, Stage.SECOND_FACTOR), view
    assert view.restart is not None
    assert view.restart.code == "RESTART_EXPIRED"
    assert view.restart.ended_at == cutoff
    # The moment as every window writes one (the trader's language and zone), not the wire's English UTC.
    local = texts.Message(view.restart.problem.id, {"at": formatting.local_time(cutoff)})
    assert restarting.message() == messages.render(local)
    assert "JST" in restarting.message()  # this computer's zone, not the gateway's UTC
    assert restarting.message().startswith("No restart without the second factor: this computer's restart")
    assert gateway.gateway.desk.status("dscuser")["failures"] == 0  # the password was right: not counted


def test_another_computers_grant_shows_as_held_by_it_and_ticking_moves_it_here(
    open_trader: OpenTrader, gateway: Client, other_computer: Any
) -> None:
    elsewhere = other_computer()
    key = restart.new_device_key()
    granted = elsewhere.grant_restart(restart.public_bytes(key), "desk-7")
    assert granted.error_code is None, granted
    elsewhere.log_out()

    trader = open_trader()
    session = in_session(trader)
    label = child(session, "restartGrantLabel", QLabel)
    trader.qtbot.waitUntil(label.isVisible, timeout=WAIT_MS)
    until = formatting.local_time(granted.session.restart_grant.cutoff_at)
    assert label.text() == f"The restart without the second factor until {until} is held by desk-7."
    check = child(session, "autoRestartCheck", QCheckBox)
    assert not check.isChecked()
    assert check.isEnabled()
    # Log Out asks nothing: this computer holds no grant to forget.
    child(session, "logoutButton", QPushButton).click()
    assert session.confirm_dialog is None
    trader.qtbot.waitUntil(lambda: trader.stage is Stage.CREDENTIALS, timeout=WAIT_MS)


def test_a_read_only_session_offers_no_restart(open_trader: OpenTrader) -> None:
    trader = open_trader()
    trader.log_in("dscuser")
    assert trader.click("readOnlyButton").stage is Stage.DONE
    session = trader.session_window()
    assert trader.view.session.restart_cutoff_at is None
    assert not child(session, "autoRestartCheck", QCheckBox).isVisible()
    assert not child(session, "restartGrantLabel", QLabel).isVisible()


def test_without_the_unattended_bundle_the_window_offers_no_restart(
    qtbot: Any, login_window_factory: Any, keychain: Any, gateway: Client
) -> None:
    """A window opened without it (`unattended=None`): no restart keys, nothing offered."""
    desktop = login_window_factory.open_desktop(keychain=keychain, unattended=None)
    trader = Trader(qtbot, desktop, gateway)
    trader.log_in("dscuser")
    trader.answer("dscuser")
    session = trader.session_window()
    assert trader.view.session.restart_cutoff_at is not None  # the gateway would allow one
    assert not child(session, "autoRestartCheck", QCheckBox).isVisible()
    assert not trader.find("restartNoticeLabel").isVisible()


class FailingKeychain:
    """A keychain that cannot store anything (a locked system keychain, a full disk)."""

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> None:
        raise OSError("the keychain is locked")

    def delete(self, key: str) -> None:
        raise OSError("the keychain is locked")


def test_a_keychain_that_fails_is_said_and_the_box_shows_the_true_state(open_trader: OpenTrader) -> None:
    trader = open_trader(keys_in=FailingKeychain())
    session = in_session(trader)
    check = child(session, "autoRestartCheck", QCheckBox)
    trader.qtbot.waitUntil(lambda: check.isVisible() and check.isEnabled(), timeout=WAIT_MS)
    check.click()
    assert check.isChecked()  # what was asked, while it is being done …
    assert not check.isEnabled()
    panel = child(session, "restartPanel")
    error = child(session, "restartErrorLabel", QLabel)
    trader.qtbot.waitUntil(lambda: not panel.property("pending"), timeout=WAIT_MS)
    assert error.isVisible()
    assert error.text() == messages.render(texts.message(texts.RESTART_KEY_NOT_KEPT))
    assert not check.isChecked()  # … then the truth: this computer holds no key
    assert check.isEnabled()
    assert "keychain is locked" not in error.text()


def test_a_grant_answered_after_the_session_window_closed_touches_no_deleted_window(
    open_trader: OpenTrader,
) -> None:
    """The controller outlives the session window: a grant's or keychain's answer arriving after the
    window was logged out of and deleted reaches no deleted C++ object (pytest-qt fails the test on an
    exception raised in a slot)."""
    trader = open_trader()
    session = in_session(trader)
    grant_here(trader, session)
    with trader.qtbot.waitSignal(session.destroyed, timeout=WAIT_MS):
        log_out_confirmed(trader, session, forget=False)
    trader.controller.restartChanged.emit(None)
    trader.controller.restartHeldRead.emit()


def test_while_this_computers_grant_is_made_it_never_shows_as_another_computers(
    open_trader: OpenTrader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race a clean clone's CI found: the gateway has made the grant and the session already shows it
    (the flow's new view), but the worker's answer naming its id has not come back; the label said "held by
    <this computer's name>" for that moment. The answer is held here until the test lets it go."""
    trader = open_trader()
    session = in_session(trader)
    unattended = trader.controller.unattended
    granted, release = threading.Event(), threading.Event()
    grant_restart = unattended.grant_restart

    def held_grant_restart(flow: Any, label: str | None) -> Any:
        view = grant_restart(flow, label)
        granted.set()
        release.wait(timeout=WAIT_MS / 1000)
        return view

    monkeypatch.setattr(unattended, "grant_restart", held_grant_restart)
    check = child(session, "autoRestartCheck", QCheckBox)
    label = child(session, "restartGrantLabel", QLabel)
    panel = child(session, "restartPanel")
    trader.qtbot.waitUntil(lambda: check.isVisible() and check.isEnabled(), timeout=WAIT_MS)
    check.click()
    try:
        trader.qtbot.waitUntil(granted.is_set, timeout=WAIT_MS)
        # The session the window shows has the grant now, before the answer:
        trader.qtbot.waitUntil(lambda: trader.view.session.restart_grant is not None, timeout=WAIT_MS)
        assert panel.property("pending")
        assert "held by" not in label.text()
        assert not label.isVisible()
    finally:
        release.set()
    trader.qtbot.waitUntil(lambda: not panel.property("pending"), timeout=WAIT_MS)
    assert label.isVisible()
    assert label.text().startswith("This computer may restart without the second factor until")
    assert check.isChecked()


def test_a_full_login_on_the_computer_holding_the_grant_never_shows_it_as_another_computers(
    open_trader: OpenTrader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session opens showing the user name's grant; whether this computer holds it is read from the
    keychain on a worker. Until that answer the grant is nobody's on screen (and the box waits); then it is
    this computer's. The keychain's answer is held here until the test lets it go."""
    trader = open_trader()
    session = in_session(trader)
    grant_here(trader, session)
    log_out_confirmed(trader, session, forget=False)  # this computer keeps its key

    unattended = trader.controller.unattended
    asked, release = threading.Event(), threading.Event()
    held_grant_id = unattended.held_grant_id

    def held_keychain(username: str, mode: str) -> str | None:
        asked.set()
        release.wait(timeout=WAIT_MS / 1000)
        return held_grant_id(username, mode)

    monkeypatch.setattr(unattended, "held_grant_id", held_keychain)
    try:
        session = in_session(trader)  # a full login, with the second factor
        trader.qtbot.waitUntil(asked.is_set, timeout=WAIT_MS)
        assert trader.view.session.restart_grant is not None
        label = child(session, "restartGrantLabel", QLabel)
        check = child(session, "autoRestartCheck", QCheckBox)
        assert "held by" not in label.text()
        assert not label.isVisible()
        assert not check.isEnabled()  # not before the keychain has said whose grant it is
    finally:
        release.set()
    trader.qtbot.waitUntil(label.isVisible, timeout=WAIT_MS)
    assert label.text().startswith("This computer may restart without the second factor until")
    assert check.isChecked()
    assert check.isEnabled()
