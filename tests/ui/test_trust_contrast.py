"""Issue 19's new texts are readable in the light and the dark scheme (4.5:1, as tests/ui/test_contrast.py
measures every page): the attempts-left warning under a refusal, the push page's number, and the session
window's login history (failures since in the warning style) and restart grant."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from tests.gateway.http_support import Client
from tests.ui.trust_support import WAIT_MS, OpenTrader, child, grant_here, in_session
from tests.ui.trust_support import open_trader as open_trader  # a fixture
from trader_login.app.screenshots import low_contrast
from trader_login.ui import theme

WRONG = "Not-the-password1"


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_issue_19_texts_reach_4_5_to_1_in_both_schemes(
    scheme: str, scheme_of: None, open_trader: OpenTrader, gateway: Client
) -> None:
    theme.set_scheme(scheme)
    trader = open_trader()
    for _ in range(7):
        trader.log_in("dscuser", WRONG)
    warning = trader.find("attemptsLeftLabel", QLabel)
    assert warning.isVisible()
    trader.qtbot.waitExposed(trader.window, timeout=WAIT_MS)
    assert low_contrast(trader.window) == []

    trader.log_in("ibkeyuser")
    assert trader.find("pushNumberLabel", QLabel).isVisible()
    assert low_contrast(trader.window) == []
    trader.click("cancelButton")

    session = in_session(trader)
    failed = child(session, "failedAttemptsLabel", QLabel)
    assert failed.property("role") == "warning"  # the 7 failures before this login
    grant_here(trader, session)
    trader.qtbot.waitExposed(session, timeout=WAIT_MS)
    assert child(session, "restartGrantLabel", QLabel).isVisible()
    assert low_contrast(session) == []
