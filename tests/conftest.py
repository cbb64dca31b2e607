"""Test set-up shared by every test: headless Qt, hypothesis settings for CI, and the throw-away PostgreSQL
server (`postgres_server`) for the tests that run on both databases.

Kept Qt-free: it also loads in `tests/without_qt.py`, where PySide6 is unimportable.
"""

import importlib.util
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.postgres_server import PostgresServer, PostgresUnavailableError
from trader_login.app import collector

# Before any Qt import: tests never open a real window, on a desktop or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Shared machines are noisy: no per-example deadline. CI gets a fixed seed so a failure reproduces.
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_configure(config: pytest.Config) -> None:
    # Many tests run gateways and workers on threads beside Qt objects: cycles are collected on the main
    # thread only, after each test (app/pytest_plugin.py) and by the Qt application's timer
    # (app/collector.py); a QObject finalised on a gateway thread can deadlock PySide. Not in the Qt-free
    # run (tests/without_qt.py), which has no QObject to finalise.
    if _qt_importable():
        collector.hold()


def _qt_importable() -> bool:
    try:
        return importlib.util.find_spec("PySide6") is not None
    except ModuleNotFoundError:  # tests/without_qt.py's blocker says so by raising
        return False


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server for the whole session (tests/postgres_server.py): `.url(dbname)`,
    `.create_database(template=...)`, `.database()`. Fails, never skips, where no server is installed:
    `make postgres` (part of `make test`) installs one."""
    try:
        server = PostgresServer().start()
    except PostgresUnavailableError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()
