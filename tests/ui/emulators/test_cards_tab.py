"""The Cards tab (R7, R8): the card drawn with its index values and codes, saved as PNG and printed; an
Online Security Code Card issued by the desk and activated by the codes at two index values."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from tests.gateway.http_support import Client, log_in_to_second_factor, respond
from tests.ui.emulators.conftest import WAIT_MS, child
from trader_login.ui.emulators import EmulatorsWindow
from trader_login.ui.emulators.card_image import CARD_SIZE, render_card


def status_of(gateway: Client, user: str, device_id: str) -> str:
    (status,) = [d["status"] for d in gateway.gateway.desk.list_devices(user) if d["id"] == device_id]
    return status


def colours(image: QImage, step: int = 7) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}


def test_r7_the_card_saves_as_a_png_that_is_not_blank(window: EmulatorsWindow, tmp_path: Path) -> None:
    window.show_tab("cards")
    assert window.cards_tab.picker.select_user("carduser")
    assert child(window, QWidget, "cardView").isVisible()
    assert child(window, QPushButton, "cardSaveButton").isEnabled()
    target = tmp_path / "card.png"
    assert window.cards_tab.save_png(target)
    image = QImage(str(target))
    assert (image.width(), image.height()) == (2 * CARD_SIZE.width(), 2 * CARD_SIZE.height())
    assert len(colours(image)) > 20  # text, grid and shading, not a flat fill
    assert QColor(image.pixel(image.width() // 2, image.height() // 2)) != QColor("white")


def test_the_card_view_paints_what_render_card_draws(window: EmulatorsWindow) -> None:
    window.show_tab("cards")
    assert window.cards_tab.picker.select_user("carduser")
    card = window.cards_tab.card
    assert card is not None
    grabbed = child(window, QWidget, "cardView").grab().toImage()
    assert len(colours(grabbed)) > 10
    assert render_card(card, 500).width() == 500


def test_r7_carduser_logs_in_with_the_codes_of_the_card_on_screen(
    window: EmulatorsWindow, gateway: Client
) -> None:
    window.show_tab("cards")
    assert window.cards_tab.picker.select_user("carduser")
    login = log_in_to_second_factor(gateway, "carduser")
    first, second = login.reply["challenge"]["indices"]
    card = window.cards_tab.card
    assert card is not None
    assert respond(gateway, login.token, card.code(first) + card.code(second)).json()["step"] == "session"


def test_the_card_prints_to_a_pdf_printer(window: EmulatorsWindow, tmp_path: Path) -> None:
    window.show_tab("cards")
    assert window.cards_tab.picker.select_user("onlineuser")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "card.pdf"))
    assert window.cards_tab.print_to(printer)
    assert (tmp_path / "card.pdf").stat().st_size > 1000


def test_r8_an_online_card_issued_by_the_desk_is_activated_by_two_codes(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    window.show_tab("desk")
    window.desk_tab.select_user("carduser")
    qtbot.waitUntil(lambda: child(window, QPushButton, "onlineCardButton").isEnabled(), timeout=WAIT_MS)
    child(window, QPushButton, "onlineCardButton").click()
    tab = window.cards_tab
    qtbot.waitUntil(
        lambda: tab.card is not None and tab.card.kind == "online-card",
        timeout=WAIT_MS,
    )
    assert tab.picker.current().user == "carduser"
    serial = tab.card.serial
    assert [d["status"] for d in gateway.gateway.desk.list_devices("carduser") if d["id"] == serial] == [
        "pending"
    ]
    window.show_tab("cards")
    box = child(window, QWidget, "cardActivationBox")
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)  # the desk says the card is pending
    assert "Not active yet" in child(window, QLabel, "cardStatusLabel").text()
    first, second = tab.activation_indices
    child(window, QLineEdit, "cardActivateFirstEdit").setText(tab.card.code(second))
    child(window, QLineEdit, "cardActivateSecondEdit").setText(tab.card.code(first))
    child(window, QPushButton, "cardActivateButton").click()
    assert "not the codes" in tab.message.text()
    child(window, QLineEdit, "cardActivateFirstEdit").setText(tab.card.code(first).lower())
    child(window, QLineEdit, "cardActivateSecondEdit").setText(tab.card.code(second))
    child(window, QPushButton, "cardActivateButton").click()
    qtbot.waitUntil(lambda: "active" in tab.message.text(), timeout=WAIT_MS)
    assert [d["status"] for d in gateway.gateway.desk.list_devices("carduser") if d["id"] == serial] == [
        "active"
    ]
    # Active now (the desk's state read again): nothing left to activate, so the box goes.
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=WAIT_MS)
    assert child(window, QLabel, "cardStatusLabel").text().startswith("Active")


def test_r8_an_active_online_card_offers_no_activation(qtbot, window: EmulatorsWindow) -> None:
    """onlineuser's card is active (the demo seed activated it): the tab says so and offers no Activate,
    which would do nothing the login needs."""
    window.show_tab("cards")
    assert window.cards_tab.picker.select_user("onlineuser")
    status = child(window, QLabel, "cardStatusLabel")
    qtbot.waitUntil(lambda: status.isVisible() and status.text().startswith("Active"), timeout=WAIT_MS)
    assert not child(window, QWidget, "cardActivationBox").isVisible()
    # The desk's end of validity, written as every moment is (auth.moments: the zone named).
    assert status.text().startswith("Active: valid until ")
    assert window.cards_tab.picker.select_user("carduser")  # a printed card has no state to show
    qtbot.waitUntil(lambda: not status.isVisible(), timeout=WAIT_MS)
    assert not child(window, QWidget, "cardActivationBox").isVisible()


def test_a_malformed_card_file_is_refused(window: EmulatorsWindow, tmp_path: Path) -> None:
    window.show_tab("cards")
    assert window.cards_tab.picker.select_user("carduser")
    before = window.cards_tab.card
    bad = tmp_path / "card.json"
    bad.write_text("[]", encoding="utf-8")
    assert not window.cards_tab.load_device_file(str(bad))
    assert "expected a JSON object" in window.cards_tab.message.text()
    assert window.cards_tab.card is before
