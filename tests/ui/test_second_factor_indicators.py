"""What the second-factor pages show while the trader waits or chooses (issue 16): the IB Key wait has a bar
that drains with the time left on the flow's clock and is gone when the wait ends; the SMS page's heading
follows the channel and its buttons say what they do; and no page's wrapped text can break a line inside
"6-digit" (or a translation's "6-значный"), in any language."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.login_support import WAIT_MS, Trader
from tests.ui.test_page_kinds import LANGUAGES, challenges
from trader_login.app import i18n
from trader_login.auth.client.views import Challenge, LoginView, Stage
from trader_login.ui.pages.kinds._base import NON_BREAKING_HYPHEN, keep_numbers_joined
from trader_login.ui.pages.second_factor import SecondFactorPage

PUSH_SECONDS = 180  # the demo gateway's notification


def test_the_push_wait_drains_a_bar_on_the_flows_clock_and_ends_with_the_wait(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    bar = trader.find("pushProgress")
    assert bar.isVisible()
    assert bar.maximum() > bar.minimum()  # determinate: moved by the page's ticker, no animation of its own
    assert not bar.isTextVisible()
    assert bar.accessibleName() == "Time left to approve the login"
    assert bar.value() == bar.maximum()  # the harness's clocks stand still: the whole wait is left
    assert trader.find("secondFactorPage").ticking
    trader.window.showMinimized()  # a spontaneous hide stops the ticker; coming back starts it again
    trader.qtbot.waitUntil(lambda: not trader.find("secondFactorPage").ticking, timeout=WAIT_MS)
    trader.window.showNormal()
    trader.qtbot.waitUntil(lambda: trader.find("secondFactorPage").ticking, timeout=WAIT_MS)
    trader.gateway.clock.advance(PUSH_SECONDS / 4)
    three_quarters = round(bar.maximum() * 3 / 4)
    trader.qtbot.waitUntil(lambda: bar.value() == three_quarters, timeout=WAIT_MS)
    trader.gateway.clock.advance(PUSH_SECONDS)  # past the deadline: the wait is over
    trader.qtbot.waitUntil(lambda: trader.find("pushResendButton").isVisible(), timeout=WAIT_MS)
    assert not bar.isVisible()
    page = trader.find("secondFactorPage")
    trader.qtbot.waitUntil(lambda: not page.ticking, timeout=WAIT_MS)  # nothing moves once the wait ended
    view = trader.click("pushResendButton")  # a new notification: a new, full wait
    assert view.challenge.is_push
    assert bar.isVisible()
    assert bar.value() == bar.maximum()
    trader.click("noNotificationLink")  # challenge/response: nothing to wait for
    assert not bar.isVisible()


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_time_left_is_never_broken_across_lines(qtbot: QtBot, code: str) -> None:
    page = SecondFactorPage(clock=lambda: 0.0)
    qtbot.addWidget(page)
    languages = i18n.Languages()
    try:
        assert languages.use(code), f"no catalogue for {code}: make translations"
        page.show_view(
            LoginView(
                Stage.SECOND_FACTOR,
                challenge=Challenge("ibkey_push", push_seconds=180.0, push_deadline=180.0),
            )
        )
        status = page.findChild(QLabel, "pushStatusLabel")
        assert "3" in status.text()
        assert not status.wordWrap()  # one line: "3 min 0 s" stays together, the window widens instead
    finally:
        languages.clear()


def test_the_sms_heading_follows_the_channel_and_the_buttons_say_what_they_do(trader: Trader) -> None:
    trader.log_in("smsuser")
    page = trader.find("secondFactorPage")
    assert page.title.text() == "Security code by SMS"
    trader.find("requestNewCodeLink").click()
    sms, voice = trader.find("smsChannelButton"), trader.find("voiceChannelButton")
    assert sms.text() == "Send a new code by SMS"
    assert voice.text() == "Call me with a new code"
    assert page.ticking  # "A new code can be sent in 30 seconds."
    trader.gateway.clock.advance(31)  # R10's wait for a new code
    trader.qtbot.waitUntil(voice.isEnabled, timeout=WAIT_MS)
    trader.qtbot.waitUntil(lambda: not page.ticking, timeout=WAIT_MS)  # the wait is over: nothing to count
    assert not trader.find("codeStatusLabel").isVisible()
    assert trader.click("voiceChannelButton").challenge.channel == "voice"
    assert page.title.text() == "Security code by voice call"
    trader.find("requestNewCodeLink").click()
    trader.gateway.clock.advance(31)
    trader.qtbot.waitUntil(sms.isEnabled, timeout=WAIT_MS)
    assert trader.click("smsChannelButton").challenge.channel == "sms"
    assert page.title.text() == "Security code by SMS"


def test_a_number_stays_joined_to_its_word() -> None:
    assert keep_numbers_joined("the 6-digit code") == f"the 6{NON_BREAKING_HYPHEN}digit code"
    assert keep_numbers_joined("введите 6-значный код") == f"введите 6{NON_BREAKING_HYPHEN}значный код"
    nb = NON_BREAKING_HYPHEN
    assert keep_numbers_joined("Client-Services - 2026-12-05") == f"Client-Services - 2026{nb}12{nb}05"


BREAKABLE = re.compile(r"[0-9]-\w")  # a plain hyphen after a number: Qt may end a line there


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_page_text_can_break_a_number_from_its_word(qtbot: QtBot, code: str) -> None:
    page = SecondFactorPage(clock=lambda: 0.0)
    qtbot.addWidget(page)
    languages = i18n.Languages()
    try:
        assert languages.use(code), f"no catalogue for {code}: make translations"
        for challenge in (*challenges(), Challenge("totp", extra={"period": 30, "period_start": 0.0})):
            page.show_view(LoginView(Stage.SECOND_FACTOR, challenge=challenge))
            for label in (page.title, page.instructions):
                assert label.wordWrap()
                assert not BREAKABLE.search(label.text()), (code, challenge.kind, label.text())
    finally:
        languages.clear()
