"""This repository has its own `app` package, as FastAPI and Flask projects do. It and the `trader_login`
plugin load side by side, whether the suite starts with `pytest` or `python -m pytest` (`make examples`
runs both): the plugin lives under its own name, `trader_login`, and leaves `app` to the project."""

import inspect
from pathlib import Path

import pytest
from app.models import DESK, Trader
from PySide6.QtWidgets import QLabel


def test_app_is_this_projects_package(request):
    assert Path(inspect.getfile(Trader)).resolve() == request.config.rootpath.resolve() / "app" / "models.py"


def test_the_trader_login_plugin_is_loaded(request):
    assert request.config.pluginmanager.has_plugin("trader_login")


@pytest.mark.parametrize("trader", DESK, ids=lambda trader: trader.username)
def test_a_trader_from_the_projects_models_logs_in(qtbot, login_window, log_in, find, trader: Trader):
    session = log_in(qtbot, login_window, trader.username)

    assert trader.device in find(session, "deviceLabel", QLabel).text()
