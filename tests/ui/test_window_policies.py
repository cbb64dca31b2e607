"""Issue 19's unattended policies in the window (the controller applies `Unattended.decide`): an existing
session taken over, kept or left with exit 5 unasked; a push that timed out (the harness clock) exits with
4, is sent again, or falls back to IB Key challenge/response; --max-attempts sends nothing more and keeps
Log In disabled. `ask` is the window as it always was (the other test modules)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from tests.gateway.http_support import Client
from tests.ui.login_support import Trader
from tests.ui.trust_support import WAIT_MS, OpenTrader, in_session, restart_keys
from tests.ui.trust_support import open_trader as open_trader  # a fixture
from tests.ui.trust_support import other_computer as other_computer  # a fixture
from trader_login.auth import texts
from trader_login.auth.client.unattended import ExitCode, Policies, Unattended
from trader_login.auth.client.views import Stage
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD
from trader_login.ui import messages

PUSH_SECONDS = 181  # past the notification's 180 s on the harness's one clock

WRONG = "Not-the-password1"


def existing_session_page(trader: Trader) -> QWidget:
    return trader.find("existingSessionPage")


def test_existing_session_take_over_answers_unasked(open_trader: OpenTrader, other_computer: Any) -> None:
    other = other_computer()
    trader = open_trader(existing_session="take-over")
    seen: list[Stage] = []
    trader.controller.viewSeen.connect(lambda view: seen.append(view.stage))
    shown: list[Stage] = []
    trader.controller.viewChanged.connect(lambda view: shown.append(view.stage))
    in_session(trader)
    assert trader.stage is Stage.DONE
    assert Stage.EXISTING_SESSION in seen  # the --json hook hears the question …
    assert Stage.EXISTING_SESSION not in shown  # … the trader is not asked it
    assert other.check_session().session.status == "taken_over"


def test_existing_session_keep_other_returns_to_the_credentials_saying_so(
    open_trader: OpenTrader, other_computer: Any
) -> None:
    other = other_computer()
    trader = open_trader(existing_session="keep-other")
    trader.log_in("dscuser")
    view = trader.answer("dscuser")
    assert view.stage is Stage.CANCELLED
    assert trader.find("usernameEdit").isVisible()
    assert trader.message() == "The other session stays logged in."
    assert other.check_session().session.status == "active"
    assert trader.desktop.exit_code == ExitCode.EXISTING_SESSION


def test_existing_session_exit_quits_with_5(open_trader: OpenTrader, other_computer: Any) -> None:
    other = other_computer()
    trader = open_trader(existing_session="exit")
    trader.log_in("dscuser")
    with trader.qtbot.waitSignal(trader.controller.exitRequested, timeout=WAIT_MS) as exited:
        trader.find("responseEdit").setText(trader.response_for("dscuser"))
        trader.find("responseSubmitButton").click()
    assert exited.args == [int(ExitCode.EXISTING_SESSION)]
    trader.qtbot.waitUntil(lambda: not trader.window.isVisible(), timeout=WAIT_MS)  # the app quits
    assert trader.desktop.exit_code == 5
    assert other.check_session().session.status == "active"


def test_second_factor_timeout_exit_quits_with_4(open_trader: OpenTrader, gateway: Client) -> None:
    trader = open_trader(on_second_factor_timeout="exit")
    view = trader.log_in("ibkeyuser")
    assert view.challenge.is_push
    with trader.qtbot.waitSignal(trader.controller.exitRequested, timeout=WAIT_MS) as exited:
        gateway.clock.advance(PUSH_SECONDS)
    assert exited.args == [int(ExitCode.SECOND_FACTOR_TIMEOUT)]
    trader.qtbot.waitUntil(lambda: not trader.window.isVisible(), timeout=WAIT_MS)
    assert trader.desktop.exit_code == 4
    assert gateway.gateway.desk.status("ibkeyuser")["failures"] == 0  # R3: a timeout does not count


def test_second_factor_timeout_retry_sends_the_push_again_then_exits(
    open_trader: OpenTrader, gateway: Client
) -> None:
    trader = open_trader(on_second_factor_timeout="retry", retries=1)
    first = trader.log_in("ibkeyuser").challenge
    gateway.clock.advance(PUSH_SECONDS)

    def sent_again() -> bool:
        challenge = trader.view.challenge
        return (
            challenge is not None
            and challenge.is_push
            and not challenge.same_as(first)
            and challenge.push_deadline > trader.desktop.clock()
        )

    trader.qtbot.waitUntil(sent_again, timeout=WAIT_MS)
    assert trader.find("pushNumberLabel").isVisible()
    with trader.qtbot.waitSignal(trader.controller.exitRequested, timeout=WAIT_MS) as exited:
        gateway.clock.advance(PUSH_SECONDS)  # the one retry is used up
    assert exited.args == [int(ExitCode.SECOND_FACTOR_TIMEOUT)]


def test_second_factor_timeout_fall_back_uses_ibkey_challenge_response(
    open_trader: OpenTrader, gateway: Client
) -> None:
    trader = open_trader(on_second_factor_timeout="fall-back")
    trader.log_in("ibkeyuser")
    gateway.clock.advance(PUSH_SECONDS)
    trader.qtbot.waitUntil(
        lambda: trader.view.challenge is not None and trader.view.challenge.kind == "ibkey_challenge",
        timeout=WAIT_MS,
    )
    trader.qtbot.waitUntil(lambda: not trader.window.property("busy"), timeout=WAIT_MS)
    assert trader.find("challengeLabel").isVisible()
    assert trader.answer("ibkeyuser").stage is Stage.DONE


def test_max_attempts_sends_nothing_more_and_keeps_log_in_disabled(
    open_trader: OpenTrader, gateway: Client
) -> None:
    trader = open_trader(attempt_log=True, max_attempts=2)
    for _ in range(2):
        assert trader.log_in("dscuser", WRONG).error_code == "INVALID_CREDENTIALS"
    view = trader.log_in("dscuser", WRONG)
    assert view.error_code == "MAX_ATTEMPTS"
    expected = messages.render(texts.message(texts.MAX_ATTEMPTS_REACHED, attempts=2, limit=2))
    assert trader.message() == expected
    assert gateway.gateway.desk.status("dscuser")["failures"] == 2  # the third was never sent
    login = trader.find("loginButton", QPushButton)
    assert not login.isEnabled()
    trader.find("passwordEdit").setText("demo123")
    assert not login.isEnabled()  # the same user name: still stopped
    trader.find("usernameEdit").setText("carduser")
    assert login.isEnabled()  # another user name may try
    trader.find("usernameEdit").setText("dscuser")
    assert login.isEnabled()
    assert trader.log_in("dscuser").error_code == "MAX_ATTEMPTS"  # … and is stopped again, unsent
    assert gateway.gateway.desk.status("dscuser")["failures"] == 2
    assert trader.desktop.exit_code == ExitCode.MAX_ATTEMPTS


def test_security_key_timeout_retry_asks_the_key_again_then_exits(
    login_window_factory: Any, keychain: Any, sls_gateway: Any, gateway: Client, qtbot: Any
) -> None:
    keyuser = sls_gateway.add_user("keyuser", devices=["passkey"])
    keyuser.passkey.key.presence_timeout = 0.0  # never touched in time (the key's own wait, over at once)
    unattended = Unattended(Policies(on_second_factor_timeout="retry", retries=1))
    desktop = login_window_factory.open_desktop(keychain=keychain, unattended=unattended)
    trader = Trader(qtbot, desktop, gateway)
    timeouts: list[object] = []
    desktop.controller.viewSeen.connect(
        lambda view: timeouts.append(view) if view.error_code == "SECURITY_KEY_TIMEOUT" else None
    )
    with qtbot.waitSignal(desktop.controller.exitRequested, timeout=WAIT_MS) as exited:
        trader.find("usernameEdit").setText("keyuser")
        trader.find("passwordEdit").setText(DEMO_PASSWORD)
        trader.find("loginButton").click()
    assert exited.args == [int(ExitCode.SECOND_FACTOR_TIMEOUT)]
    assert len(timeouts) == 2  # the first, then the one retry's
    assert gateway.gateway.desk.status("keyuser")["failures"] == 0


def test_a_view_answered_by_the_policy_stays_unshown_when_it_comes_again(
    open_trader: OpenTrader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The flow's views reach the window by queued signals from its workers, so the one the policy answered
    can come again before the answer's step has begun: it is neither shown nor answered twice."""
    from trader_login.auth.client.views import LoginView

    trader = open_trader(existing_session="take-over")
    answered: list[bool] = []
    monkeypatch.setattr(trader.controller, "answer_existing_session", answered.append)
    shown: list[Stage] = []
    trader.controller.viewChanged.connect(lambda view: shown.append(view.stage))
    question = LoginView(Stage.EXISTING_SESSION, username="dscuser")
    trader.controller._emit(question)
    trader.controller._emit(question)  # the same view, queued twice
    assert answered == [True]
    assert shown == []


# --- review of issue 19 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["entry", "keychain"])
def test_restart_with_a_damaged_key_says_why_and_goes_on_with_the_full_login(
    open_trader: OpenTrader, gateway: Client, keychain: Any, damage: str
) -> None:
    """S1/D1: --restart with a restart key that cannot be used (a damaged keychain entry, or the keychain
    failing): as on the console, the page says why, the --json `restart` event says RESTART_NO_KEY, and the
    full login follows."""
    import io
    import json

    from trader_login.auth.client.unattended import JsonEvents

    class FailingKeychain:
        def get(self, name: str) -> str | None:
            raise OSError("the keychain is locked")

    if damage == "entry":
        keychain.set(restart_keys(gateway, keychain).entry("dscuser", "live"), "not a key")
    stream = io.StringIO()
    trader = open_trader(
        restart=True,
        events=JsonEvents(stream),
        keys_in=FailingKeychain() if damage == "keychain" else None,
    )
    view = trader.log_in("dscuser")
    assert view.stage in (Stage.CHOOSE_DEVICE, Stage.SECOND_FACTOR), view
    expected = messages.render(texts.message(texts.RESTART_KEY_DAMAGED, username="dscuser"))
    assert trader.message() == expected
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    refused = [event for event in events if event["event"] == "restart"]
    assert [(event["status"], event["code"]) for event in refused] == [("refused", "RESTART_NO_KEY")]
    assert "damaged" in refused[0]["text"]
    assert trader.answer("dscuser").stage is Stage.DONE
