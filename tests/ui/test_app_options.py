"""`trader-login`'s options for the window (SPEC §8): --user, --paper, --lang, the demo notice, the
keychain's one-time fallback notice, and the command line's dispatch."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from tests.app.keyring_support import installed_keyring
from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app import cli, gui
from trader_login.app.keychain import Keychain
from trader_login.auth.client.views import Stage


def test_user_and_paper_fill_the_credentials_page(login_window, login_window_factory) -> None:
    assert login_window.findChild(QPushButton, "liveModeButton").isChecked()
    window = login_window_factory("--user", "paperuser", "--paper")
    assert window.findChild(QLineEdit, "usernameEdit").text() == "paperuser"
    assert window.findChild(QPushButton, "paperModeButton").isChecked()


def test_lang_picks_the_language_and_the_choice_persists(gateway, tmp_path) -> None:
    first = gui.DesktopApp(gui.build_args(["--gateway", gateway.url, "--lang", "ja"]), data_dir=tmp_path)
    combo = first.window.credentials.language_combo
    assert combo.objectName() == "languageCombo"
    assert combo.currentData() == "ja"
    combo.setCurrentIndex(combo.findData("ru"))
    combo.activated.emit(combo.currentIndex())
    first.settings.sync()
    again = gui.DesktopApp(gui.build_args(["--gateway", gateway.url]), data_dir=first.data_dir)
    try:
        assert again.window.credentials.language_combo.currentData() == "ru"
    finally:
        for app in (first, again):
            app.close()  # removes its translators: the next test starts in English


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("ja_JP", "ja"),
        ("zh_TW", "zh_TW"),
        ("zh_HK", "zh_TW"),
        ("zh_CN", "zh_CN"),
        ("ru_RU", "ru"),
        ("de_DE", "en"),
    ],
)
def test_the_default_language_follows_the_system_locale(locale: str, language: str) -> None:
    assert gui.language_for(locale) == language


def test_the_window_names_the_gateway_it_was_started_with(qtbot, tmp_path) -> None:
    # Not shown: nothing starts. The line under the page says which gateway and how it is trusted.
    pin = "ab" * 32
    desktop = gui.DesktopApp(
        gui.build_args(["--gateway", "https://127.0.0.1:8443", "--fingerprint", pin, "--lang", "en"]),
        data_dir=tmp_path,
    )
    embedded = gui.DesktopApp(gui.build_args(["--lang", "en"]), data_dir=tmp_path / "embedded")
    try:
        label = desktop.window.findChild(QLabel, "gatewayLabel")
        assert "127.0.0.1:8443" in label.text()
        assert "pinned" in label.text()
        assert embedded.window.findChild(QLabel, "gatewayLabel").text() == "Gateway: built-in demo"
    finally:
        for app in (desktop, embedded):
            app.close()
            app.dispose()


def test_the_embedded_gateway_notice_lists_the_demo_users(qtbot, tmp_path) -> None:
    # Not shown: the gateway does not start.
    desktop = gui.DesktopApp(gui.build_args(["--lang", "en"]), data_dir=tmp_path)
    notice = desktop.window.findChild(type(desktop.window.demo_notice), "demoNotice")
    assert notice.text().startswith("Demo gateway")
    for user in ("ibkeyuser", "dscuser", "carduser", "smsuser", "multiuser", "tempuser", "linkeduser"):
        assert user in notice.text()
    assert "demo123" in notice.text()
    desktop.window.deleteLater()


def test_without_a_keychain_the_fallback_file_is_announced_once(
    login_window_factory, gateway, qtbot, tmp_path
) -> None:
    from keyring.backends import fail

    with installed_keyring(fail.Keyring()):
        fallback = tmp_path / "fallback" / "keychain.json"
        desktop = login_window_factory.open_desktop(keychain=Keychain(fallback_path=fallback))
        trader = Trader(qtbot, desktop, gateway)
        # Said on the credentials page as the window opens, before anything is kept there.
        trader.qtbot.waitUntil(lambda: "not encrypted" in trader.message(), timeout=WAIT_MS)
        assert str(fallback) in trader.message()
        trader.find("rememberUsernameCheck").setChecked(True)
        trader.log_in("optoutuser")
        trader.session_window()
        trader.click("logoutButton")
        assert trader.stage is Stage.CREDENTIALS
        assert (fallback.stat().st_mode & 0o777) == 0o600
        again = login_window_factory.open_desktop(keychain=Keychain(fallback_path=fallback))
        username = again.window.findChild(QLineEdit, "usernameEdit")
        trader.qtbot.waitUntil(lambda: username.text() == "optoutuser", timeout=WAIT_MS)
        assert "not encrypted" not in again.window.findChild(QLabel, "messageLabel").text()  # said once only


def test_the_command_line_opens_the_window_unless_console_or_self_test(monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(gui, "run", lambda args: opened.append(("window", args.user)) or 0)
    assert cli.main(["--user", "dscuser"]) == 0
    assert opened == [("window", "dscuser")]
    with pytest.raises(SystemExit):
        cli.main(["--lang", "xx"])  # not one of the five: a usage error
    assert opened == [("window", "dscuser")]


def test_the_self_test_fails_at_once_with_the_reason_when_the_gateway_cannot_start(
    qapp, monkeypatch, capsys
) -> None:
    """A bundle missing a module the embedded gateway needs answered 'gateway connection failed' and then
    waited out its whole timeout: it must fail at once, saying why (the packager's one line)."""
    from trader_login.app import embedded

    def missing_module(self) -> None:
        raise ImportError("No module named 'left_out_by_the_bundle'")

    monkeypatch.setattr(embedded.EmbeddedGateway, "start", missing_module)
    assert cli.main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "self-test failed at login: SelfTestError: The gateway could not be started:" in out
    assert "left_out_by_the_bundle" in out


def test_dispose_deletes_every_window_and_the_workers(qtbot, gateway, sls_gateway, tmp_path) -> None:
    """What `gui.run` does as the app ends: nothing of it is left for the interpreter's finalization."""
    import gc

    import shiboken6

    from trader_login.app.driving import wait_until
    from trader_login.app.testing import open_desktop_app

    desktop = open_desktop_app(gateway.url, gateway.server.fingerprint, sls_gateway.clock, tmp_path / "app")
    desktop.show()  # not registered with qtbot: deleted here, not by its teardown
    trader = Trader(qtbot, desktop, gateway)
    wait_until(lambda controller=desktop.controller: controller.is_ready, "the connection")
    trader.log_in("carduser")
    trader.answer("carduser")
    session = trader.session_window()
    desktop.open_emulators()
    objects = {
        "session": session,
        "emulators": desktop.emulators,
        "login": desktop.window,
        "controller": desktop.controller,
    }
    desktop.close()
    desktop.dispose()
    for name, gone in objects.items():
        assert not shiboken6.isValid(gone), f"the {name} outlives the app"
    desktop.close()  # a second close afterwards: nothing to do
    del trader, desktop, session, objects, gone
    gc.collect()
