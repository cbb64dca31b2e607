"""Proves `auth` needs no Qt (SPEC §1): with PySide6 and shiboken6 unimportable, every module under
`auth` imports and the `auth` tests pass. Run by `make test` as `python tests/without_qt.py`."""

from __future__ import annotations

import importlib
import importlib.abc
import pkgutil
import sys
from pathlib import Path

BLOCKED = ("PySide6", "shiboken6", "PySide2", "PyQt5", "PyQt6")
ROOT = Path(__file__).resolve().parents[1]


class QtBlocker(importlib.abc.MetaPathFinder):
    """Makes every Qt binding unimportable, whatever is installed."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (Qt is blocked in this run)", name=fullname
            )
        return None  # noqa: RET501 - None means 'not mine, ask the next finder'


# Run by Alembic inside a migration (it sets alembic.context up first), never imported: the migrations
# themselves run in tests/gateway/test_migrations.py, here too.
ALEMBIC_SCRIPTS = frozenset({"trader_login.auth.gateway.migrations.env"})


def import_all_of_auth() -> list[str]:
    from trader_login import auth

    names = ["trader_login.auth"]
    for module in pkgutil.walk_packages(auth.__path__, "trader_login.auth."):
        if module.name in ALEMBIC_SCRIPTS:
            continue
        importlib.import_module(module.name)
        names.append(module.name)
    return names


def main() -> int:
    sys.meta_path.insert(0, QtBlocker())
    sys.path.insert(0, str(ROOT))
    try:
        import PySide6  # noqa: F401
    except ModuleNotFoundError:
        pass
    else:
        print("without_qt: the Qt blocker did not work", file=sys.stderr)
        return 2

    try:
        names = import_all_of_auth()
    except ImportError as exc:
        print(
            f"without_qt: a module under auth needs {exc.name or exc}: auth must run without Qt",
            file=sys.stderr,
        )
        return 1
    print(f"without_qt: imported {len(names)} modules under auth with Qt blocked")

    import pytest

    # pytest-qt imports Qt as it loads, so it stays out; its ini key is then unknown, which is fine here.
    status = pytest.main(
        [
            "-p",
            "no:pytest-qt",
            # The gateway's FastAPI has imported anyio already, so pytest cannot rewrite the asserts of
            # anyio's plugin and warns; the auth tests do not use that plugin.
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
            "-p",
            "no:cacheprovider",
            "-W",
            "ignore::pytest.PytestConfigWarning",
            "-o",
            "addopts=-ra --strict-markers",
            "-q",
            str(ROOT / "tests" / "auth"),
        ]
    )
    leaked = sorted(name for name in sys.modules if name.partition(".")[0] in BLOCKED)
    if leaked:
        print(f"without_qt: Qt modules were loaded: {leaked}", file=sys.stderr)
        return 3
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
