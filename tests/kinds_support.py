"""Fake `kinds` packages for the "a half-registered kind fails loudly" tests of every layer (the client,
the gateway, the app's harness, the page, the emulators): a package of its own in a test's tmp_path,
each module given its source, the real package never touched.

sys.path and sys.modules: the package is importable only once its root is on sys.path; put it there with
`monkeypatch.syspath_prepend(root)`, which takes it off again after the test. An imported package stays
in sys.modules, so each call names a fresh package (`prefix` and a number) and no test can load another
test's (or its own earlier) package by mistake; a file that wants the fake modules gone after the test as
well calls `forget_modules(prefix)` at its teardown."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Mapping
from pathlib import Path

from trader_login.auth import vocabulary

_packages = itertools.count()


def kinds_package(root: Path, modules: Mapping[str, str | None], *, prefix: str) -> str:
    """A package under `root` with an empty `__init__.py` and a module per entry of `modules` (module
    name → source; a module whose source is None is left out); its import name, unique per call."""
    name = f"{prefix}_{next(_packages)}"
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module, source in modules.items():
        if source is not None:
            (package / f"{module}.py").write_text(source)
    return name


def real_modules(real_package: str, attribute: str, **instead: str | None) -> dict[str, str]:
    """A module per device kind of the vocabulary re-exporting its real part (`attribute` of
    `real_package`'s module of that kind), but for the modules given `instead`: their source in its
    place, or, for None, no module at all."""
    modules: dict[str, str | None] = {
        kind.module: f"from {real_package}.{kind.module} import {attribute} as {attribute}\n"
        for kind in vocabulary.DEVICE_KINDS.values()
    }
    modules.update(instead)
    return {module: source for module, source in modules.items() if source is not None}


def forget_modules(prefix: str) -> None:
    """Take the packages `kinds_package` named with `prefix`, and their modules, out of sys.modules."""
    for name in [name for name in sys.modules if name.startswith(f"{prefix}_")]:
        del sys.modules[name]
