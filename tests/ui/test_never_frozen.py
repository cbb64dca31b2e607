"""The GUI thread never waits: network, keychain and KDF run on workers; closing mid-login stops cleanly;
the GUI thread does not stall during a login; no secret reaches a log record or a repr."""

from __future__ import annotations

import itertools
import logging
import threading
import time

import pytest
from PySide6.QtCore import QTimer

from tests.ui.login_support import Trader
from trader_login.auth.client import exchange
from trader_login.auth.client.transport import GatewayClient
from trader_login.auth.client.views import Stage

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

STALL_LIMIT = 0.050


class ThreadSpy:
    def __init__(self) -> None:
        self.on_gui_thread: list[str] = []
        self.calls: list[str] = []

    def wrap(self, name: str, function):
        def spied(*args, **kwargs):
            self.calls.append(name)
            if threading.current_thread() is threading.main_thread():
                self.on_gui_thread.append(name)
            return function(*args, **kwargs)

        return spied


def test_network_kdf_and_keychain_run_off_the_gui_thread(
    monkeypatch: pytest.MonkeyPatch, open_desktop, gateway, keychain, qtbot
) -> None:
    spy = ThreadSpy()
    for name in ("start_login", "prove", "respond", "logout", "session_status"):
        monkeypatch.setattr(GatewayClient, name, spy.wrap(name, getattr(GatewayClient, name)))
    monkeypatch.setattr(exchange, "password_proof", spy.wrap("kdf", exchange.password_proof))
    for name in ("remembered_username", "remember_username", "forget_username", "fallback_notice"):
        monkeypatch.setattr(keychain, name, spy.wrap(name, getattr(keychain, name)))
    trader = Trader(qtbot, open_desktop(gateway.url, gateway.server.fingerprint), gateway)
    trader.log_in("dscuser")
    trader.answer("dscuser")
    trader.session_window()
    trader.click("logoutButton")
    assert {"start_login", "prove", "kdf", "respond", "logout", "remembered_username"} <= set(spy.calls)
    assert spy.on_gui_thread == []


@pytest.mark.parametrize("moment", ["push wait", "during the login request"])
def test_closing_the_window_mid_login_stops_its_work_cleanly(trader: Trader, qtlog, moment: str) -> None:
    phone = trader.gateway.device("ibkeyuser", "ibkey")
    if moment == "push wait":
        trader.log_in("ibkeyuser")
        trader.qtbot.waitUntil(
            lambda: trader.controller.tasks.busy(), timeout=WAIT_MS
        )  # the long poll is in flight
    else:
        trader.find("usernameEdit").setText("ibkeyuser")
        trader.find("passwordEdit").setText("demo123")
        trader.find("loginButton").click()
    trader.window.close()
    assert trader.controller.tasks.wait(0)  # every worker has ended
    assert not trader.controller.tasks.busy()
    assert not any("QThread" in record.message for record in qtlog.records)
    # The gateway was told: no notification is left on the phone.
    trader.qtbot.waitUntil(lambda: not trader.gateway.phone_pushes(phone).json()["pushes"], timeout=WAIT_MS)


def longest_stall_during_a_login(trader: Trader) -> float:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks beyond the interval."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    try:
        trader.log_in("dscuser")
        trader.answer("dscuser")
        trader.session_window()
        trader.click("logoutButton")
    finally:
        timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    return max(gaps) - 0.005


def test_the_gui_thread_never_stalls_over_50_ms_during_a_dscplus_login(trader: Trader) -> None:
    # A real stall (network or KDF on the GUI thread) shows in every login; a noisy shared machine only
    # now and then: the best of three logins is the measure.
    stalls = []
    for _ in range(3):
        stalls.append(longest_stall_during_a_login(trader))
        if stalls[-1] < STALL_LIMIT:
            break
    assert min(stalls) < STALL_LIMIT, f"GUI-thread stalls: {[f'{s * 1000:.0f} ms' for s in stalls]}"


def test_no_secret_reaches_a_log_record_or_a_repr(trader: Trader, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    trader.log_in("dscuser", "wrong-secret-pw")
    trader.log_in("dscuser")
    response = trader.response_for("dscuser")
    trader.type_response("00000000")
    response = trader.response_for("dscuser")
    trader.type_response(response)
    trader.session_window()
    # (The DSC+ PIN never reaches the client: the device turns it into the response.)
    secrets = ["wrong-secret-pw", "demo123", response]
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    reprs = " ".join(repr(x) for x in (trader.controller, trader.controller.flow, trader.view))
    for secret in secrets:
        assert secret not in logged
        assert secret not in reprs
    assert trader.stage is Stage.DONE
