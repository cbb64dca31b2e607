"""The Qt test harness itself: offscreen platform, pytest-qt driving a widget by methods and signals."""

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation


def test_qt_runs_offscreen(qapp):
    assert QGuiApplication.platformName() == "offscreen"


def test_widgets_are_driven_by_set_text_click_and_wait_signal(qtbot):
    window = QWidget()
    edit, button = QLineEdit(), QPushButton("Log In")
    layout = QVBoxLayout(window)
    layout.addWidget(edit)
    layout.addWidget(button)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window, timeout=WAIT_MS)

    seen = []
    button.clicked.connect(lambda: seen.append(edit.text()))
    edit.setText("dscuser")
    with qtbot.waitSignal(button.clicked, timeout=WAIT_MS):
        button.click()
    assert seen == ["dscuser"]
