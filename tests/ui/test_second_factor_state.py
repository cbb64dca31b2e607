"""The second-factor page after a refusal and across logins (issue 16): a typed response the gateway refuses
brings a new challenge the page shows as new (`newChallengeLabel`, the `renewed` property, the challenge's
screen-reader name), with the field emptied and the cursor in it; after any refusal the cursor is back in
the response field; and a page shown again for a new login keeps nothing of the last one. Driven through
the real window against the test gateway, by object name, waiting on the window's per-attempt marker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QPushButton, QWidget

from tests.ui.login_support import WAIT_MS, Trader
from trader_login.auth.client.views import Stage
from trader_login.ui import messages

WRONG = "00000000"  # no DSC+ or IB Key response the demo devices give for these tests' challenges


def focused(trader: Trader) -> QWidget | None:
    """The widget that has the window's keyboard focus (the window need not be the active one)."""
    return trader.window.focusWidget()


def refuse_typed_response(trader: Trader) -> tuple[str, QLineEdit]:
    """Types a wrong response key by key and presses Log In with the mouse, as a trader does (the button
    takes the focus); returns the challenge it answered and the field."""
    first = trader.view.challenge.digits
    edit = trader.find("responseEdit", QLineEdit)
    edit.setFocus()
    trader.qtbot.keyClicks(edit, WRONG)
    button = trader.find("responseSubmitButton", QPushButton)
    trader.act(lambda: trader.qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
    return first, edit


def test_a_refused_response_shows_the_new_challenge_as_new_with_the_cursor_in_the_empty_field(
    trader: Trader,
) -> None:
    trader.log_in("dscuser")
    marker = trader.find("newChallengeLabel", QLabel)
    challenge = trader.find("challengeLabel", QLabel)
    assert not marker.isVisible()  # the first challenge of a login is not "new"
    assert challenge.property("renewed") is False
    first, edit = refuse_typed_response(trader)
    view = trader.view
    assert view.stage is Stage.SECOND_FACTOR
    assert view.problem is not None
    assert view.new_challenge
    # What to check (the device, by its serial) and that the challenge is a new one, as the window says it.
    assert view.problem.id == "wrong_response_dscplus"
    assert trader.message() == messages.render(view.problem)
    assert f"…{view.problem.params['serial']}" in trader.message()
    assert "new challenge" in trader.message()
    assert view.challenge.digits != first
    assert view.challenge.digits in challenge.text()
    assert marker.isVisible()
    assert marker.text() == "New challenge"
    assert challenge.property("renewed") is True
    assert trader.find("secondFactorPage").property("renewed") is True
    assert challenge.accessibleName() == f"New challenge: {challenge.text()}"
    assert edit.text() == ""
    assert focused(trader) is edit
    # The trader answers the new challenge: the marker has done its job.
    trader.qtbot.keyClicks(edit, "1")
    assert not marker.isVisible()
    assert challenge.property("renewed") is False
    assert challenge.accessibleName() == ""  # a screen reader reads the challenge's own text again
    edit.clear()
    assert trader.answer("dscuser").stage is Stage.DONE


def test_the_refusal_shows_right_under_the_response_field(trader: Trader) -> None:
    trader.log_in("dscuser")
    refuse_typed_response(trader)
    message = trader.find("messageLabel", QLabel)
    page = trader.find("secondFactorPage")
    assert message.isVisible()
    assert message.parentWidget() is page  # in the page's message slot, not on the window's general line
    field_bottom = trader.find("responseEdit", QLineEdit).geometry().bottom()
    button_bottom = trader.find("responseSubmitButton", QPushButton).geometry().bottom()
    top = message.geometry().top()
    # Under the field and Log In, with nothing in between (the layout's spacing, no more).
    assert 0 < top - max(field_bottom, button_bottom) <= page.layout().spacing() + 1


def test_the_ibkey_challenge_page_too_marks_the_new_challenge(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    trader.click("noNotificationLink")
    first, edit = refuse_typed_response(trader)
    assert trader.view.challenge.digits != first
    assert trader.view.problem.id == "wrong_response_ibkey"
    assert trader.find("newChallengeLabel", QLabel).isVisible()
    assert edit.text() == ""
    assert focused(trader) is edit


def test_the_card_page_says_its_new_challenge_is_new_index_values(trader: Trader) -> None:
    first = trader.log_in("carduser").challenge.indices
    edit = trader.find("responseEdit", QLineEdit)
    edit.setFocus()
    wrong = "000000" if trader.response_for("carduser") != "000000" else "111111"
    trader.qtbot.keyClicks(edit, wrong)
    view = trader.act(lambda: trader.qtbot.keyClick(edit, Qt.Key.Key_Return))
    assert view.new_challenge
    assert view.challenge.indices != first
    marker = trader.find("newChallengeLabel", QLabel)
    assert marker.isVisible()
    assert marker.text() == "New index values"
    challenge = trader.find("challengeLabel", QLabel)
    assert challenge.accessibleName() == f"New index values: {challenge.text()}"
    assert edit.text() == ""
    assert focused(trader) is edit


def test_a_wrong_texted_code_empties_the_field_under_the_same_challenge(trader: Trader) -> None:
    first = trader.log_in("smsuser").challenge
    wrong = "000000" if trader.response_for("smsuser") != "000000" else "111111"
    edit = trader.find("responseEdit", QLineEdit)
    edit.setFocus()
    trader.qtbot.keyClicks(edit, wrong)
    button = trader.find("responseSubmitButton", QPushButton)
    view = trader.act(lambda: trader.qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
    assert view.error_code == "LOGIN_FAILED"
    assert view.problem.id == "wrong_response_sms"
    assert view.challenge.same_as(first)  # the texted code stands: nothing new to show as new
    assert not view.new_challenge
    assert not trader.find("newChallengeLabel", QLabel).isVisible()
    assert edit.text() == ""
    assert focused(trader) is edit
    assert trader.answer("smsuser").stage is Stage.DONE


def test_a_malformed_response_is_kept_to_fix_with_the_cursor_back_in_its_field(trader: Trader) -> None:
    trader.log_in("dscuser")
    first = trader.view.challenge.digits
    edit = trader.find("responseEdit", QLineEdit)
    edit.setFocus()
    trader.qtbot.keyClicks(edit, "1234")
    button = trader.find("responseSubmitButton", QPushButton)
    view = trader.act(lambda: trader.qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
    assert view.error_code == "RESPONSE_FORMAT"
    assert trader.message()
    assert view.challenge.digits == first  # nothing was sent: the same challenge, not marked new
    assert not trader.find("newChallengeLabel", QLabel).isVisible()
    assert edit.text() == "1234"  # to fix, not to retype
    assert focused(trader) is edit


def test_a_new_login_finds_the_page_fresh(trader: Trader) -> None:
    trader.log_in("dscuser")
    refuse_typed_response(trader)
    edit = trader.find("responseEdit", QLineEdit)
    trader.qtbot.keyClicks(edit, "4321")  # typed, never sent
    trader.find("newChallengeLabel", QLabel).show()  # (typing hid it; a marker left over must go too)
    assert trader.click("cancelButton").stage is Stage.CANCELLED
    view = trader.log_in("dscuser")
    assert view.stage is Stage.SECOND_FACTOR
    assert edit.text() == ""
    assert not trader.find("newChallengeLabel", QLabel).isVisible()
    assert trader.find("challengeLabel", QLabel).property("renewed") is False
    assert trader.message() == ""
    assert focused(trader) is edit


def test_a_new_login_with_the_same_challenge_does_not_keep_the_typed_code(trader: Trader) -> None:
    """The texted code's page reads the same from login to login (the number, the wait on the harness's
    clock that stands still): still, nothing typed stays."""
    first = trader.log_in("smsuser").challenge
    edit = trader.find("responseEdit", QLineEdit)
    edit.setFocus()
    trader.qtbot.keyClicks(edit, "123")
    trader.click("cancelButton")
    assert trader.log_in("smsuser").challenge == first
    assert edit.text() == ""
    assert focused(trader) is edit


def test_a_new_login_restarts_the_push_countdown_and_folds_the_sms_choice(trader: Trader) -> None:
    trader.log_in("ibkeyuser")
    status, bar = trader.find("pushStatusLabel", QLabel), trader.find("pushProgress", QProgressBar)
    trader.gateway.clock.advance(90)
    trader.qtbot.waitUntil(lambda: "1 min 30 s" in status.text(), timeout=WAIT_MS)
    assert bar.value() < bar.maximum()
    trader.click("cancelButton")
    trader.log_in("ibkeyuser")
    assert "3 min 0 s" in status.text()
    assert bar.value() == bar.maximum()
    trader.click("cancelButton")

    trader.log_in("smsuser")
    trader.find("requestNewCodeLink").click()
    assert trader.find("smsChannelButton").isVisible()
    trader.click("cancelButton")
    trader.log_in("smsuser")
    assert trader.find("requestNewCodeLink").isVisible()
    assert not trader.find("smsChannelButton").isVisible()
