"""Helpers shared by the example tests.

Tester-style: only pytest, pytest-qt's `qtbot`, PySide6 widget classes and the fixtures of the installed
`trader_login` plugin (`sls_gateway`, `login_window`, `log_in`, `try_log_in`, `fail_logins`,
`find_widget`, `page_kind`, `session_window_of`). Widgets are found by object name, the versioned
contract in docs/testing.md; nothing is imported from the product's own packages.
"""

import os

import pytest
from PySide6.QtWidgets import QApplication, QWidget

# No display needed. Qt reads this when the QApplication is created, so setting it here is early enough;
# export QT_QPA_PLATFORM yourself (xcb, wayland, …) to watch the windows instead.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def find(find_widget):
    """`find(window, "objectName", kind=QWidget)`: the plugin's `find_widget`, limited to one window (and
    the session window it opened); a failed test naming what is missing when there is none."""

    def find(window, name, kind=QWidget):
        return find_widget(name, kind, window=window)

    return find


@pytest.fixture
def shown():
    """`shown(window, "objectName")`: True when the widget exists and is visible. The login window builds
    its second-factor, device-list and existing-session pages when first needed, so inside a wait use
    this rather than `find`."""

    def shown(window, name):
        widget = window.findChild(QWidget, name)
        return widget is not None and widget.isVisible()

    return shown


@pytest.fixture
def session_window():
    """`session_window()`: the visible session window (object name `sessionWindow`) of any login window,
    or None. With several login windows, the plugin's `session_window_of(window)` tells them apart."""

    def session_window():
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "sessionWindow" and widget.isVisible():
                return widget
        return None

    return session_window
