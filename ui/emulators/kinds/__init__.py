"""The emulators' parts of the device kinds: one module per kind of `trader_login.auth.vocabulary`, named by
its `module`, each with `EMULATOR_KIND` (an `EmulatorKind`, `_part.py`). A new kind is a new module here
(and, if it has a device of its own, a new tab module); nothing else in the emulators names a kind."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from trader_login.auth import vocabulary
from trader_login.ui.emulators.kinds._part import EmulatorKind, EmulatorTab, TabContext

__all__ = ["ATTRIBUTE", "PACKAGE", "EmulatorKind", "EmulatorTab", "TabContext", "emulator_parts", "load"]

PACKAGE = __name__
ATTRIBUTE = "EMULATOR_KIND"


def load(package: str = PACKAGE) -> Mapping[str, EmulatorKind]:
    """Every kind's part, by kind name, from `package`; `KindRegistryError` for a half-registered kind,
    an unlisted module, or a part that says it is another kind's."""
    found = vocabulary.parts(package, ATTRIBUTE)
    for name, part in found.items():
        if getattr(part, "kind", None) != name:
            module = vocabulary.device_kind(name).module
            raise vocabulary.KindRegistryError(
                f"device kind {name!r} is half-registered: {package}.{module}.{ATTRIBUTE} is "
                f"{getattr(part, 'kind', part)!r}'s part"
            )
    return MappingProxyType(found)


@functools.cache
def emulator_parts() -> Mapping[str, EmulatorKind]:
    """The parts of this package, loaded once (the window loads them first, when it is built)."""
    return load()
