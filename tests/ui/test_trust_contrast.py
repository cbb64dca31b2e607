"""Issue 19's new texts are readable in the light and the dark scheme (4.5:1, as tests/ui/test_contrast.py
measures every page): the attempts-left warning under a refusal, the push page's number, and the session
window's login history (failures since in the warning style) and restart grant."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QWidget

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


def _indicator_colour(widget: QWidget) -> tuple[int, int, int]:
    """The colour at the middle of a check box's indicator, or of a button's face, as painted."""
    widget.ensurePolished()
    widget.resize(widget.sizeHint())
    image = widget.grab().toImage()
    if isinstance(widget, QCheckBox):
        point = (image.height() // 2 + 2, image.height() // 2)  # inside the 14 px indicator, off its tick
    else:
        point = (4, image.height() // 2)  # the face, off the text
    colour = image.pixelColor(*point)
    return colour.red(), colour.green(), colour.blue()


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_a_checked_box_and_a_picked_number_look_so_when_disabled_or_among_others(
    scheme: str, scheme_of: None, qtbot: Any
) -> None:
    """autoRestartCheck checked and disabled (a session opened by a restart) looks checked; the phone's
    picked number (ibkeyNumberButton1..3, role "number") looks picked."""
    theme.set_scheme(scheme)
    boxes = []
    for checked in (True, False):
        box = QCheckBox("Restart without the second factor")
        qtbot.addWidget(box)
        box.setChecked(checked)
        box.setEnabled(False)
        boxes.append(_indicator_colour(box))
    assert boxes[0] != boxes[1]
    buttons = []
    for checked in (True, False):
        button = QPushButton("42")
        qtbot.addWidget(button)
        button.setCheckable(True)
        button.setProperty("role", "number")
        button.setChecked(checked)
        buttons.append(_indicator_colour(button))
    assert buttons[0] != buttons[1]
