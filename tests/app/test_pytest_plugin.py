"""The testers' plugin is installed with the package and costs a pytest run nothing until it is used."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata


def test_the_plugin_is_registered_under_pytest11_as_trader_login() -> None:
    (entry,) = [e for e in metadata.entry_points(group="pytest11") if e.name == "trader_login"]
    assert entry.value == "trader_login.app.pytest_plugin"
    module = entry.load()
    for fixture in ("sls_gateway", "login_window", "log_in"):
        assert hasattr(module, fixture)


def test_loading_the_plugin_imports_neither_qt_nor_the_gateway() -> None:
    heavy = ("PySide6", "sqlalchemy", "requests", "fastapi", "keyring")
    probe = (
        f"import sys, trader_login.app.pytest_plugin; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_the_contract_is_version_2_and_pytest_says_so() -> None:
    from trader_login.app import pytest_plugin, testing

    assert pytest_plugin.CONTRACT_VERSION == testing.CONTRACT_VERSION == "3.0"
    assert "testers' contract 3.0" in pytest_plugin.pytest_report_header()


def test_every_fixture_of_the_contract_is_registered(request) -> None:
    fixtures = (
        "sls_gateway",
        "login_window",
        "login_window_factory",
        "log_in",
        "try_log_in",
        "fail_logins",
        "find_widget",
        "page_kind",
        "session_window_of",
        "trader_login_demo_seed",
    )
    manager = request.session._fixturemanager
    assert [name for name in fixtures if not manager.getfixturedefs(name, request.node)] == []
