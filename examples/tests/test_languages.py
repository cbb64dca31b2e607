"""The window in another language: `login_window_factory("--lang", ...)`. The compiled catalogues ship
in the installed package, so this holds in any install, from a wheel as from a checkout."""

from PySide6.QtWidgets import QPushButton


def test_the_login_window_in_japanese(login_window_factory, find):
    window = login_window_factory("--lang", "ja")

    assert find(window, "loginButton", QPushButton).text() == "ログイン"  # Log In


def test_english_unless_asked(login_window, find):
    assert find(login_window, "loginButton", QPushButton).text() == "Log In"
