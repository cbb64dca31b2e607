"""Each device kind's part in the testers' harness and the console: `APP_KIND` of `app/kinds/<module>.py`,
one module per kind of `trader_login.auth.vocabulary` (`DeviceKind.module`), base in `_base.py`.

`load()` finds them through the vocabulary's one registry and checks each is whole: a part for every
kind, an answer and a console page for every challenge kind, one handle name each. The harness loads
them when it is imported, the command line when it starts; a half-registered kind fails there, loudly.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from trader_login.app.kinds._base import AppKind
from trader_login.auth import vocabulary

PACKAGE = "trader_login.app.kinds"
ATTRIBUTE = "APP_KIND"
# The testers' User has these of its own: a handle may not hide them.
RESERVED_HANDLES = frozenset({"name", "shelf", "answer"})

_loaded: Mapping[str, AppKind] | None = None


def load(package: str = PACKAGE) -> Mapping[str, AppKind]:
    """The parts by device kind (the vocabulary's order), checked; `KindRegistryError` names what is
    missing. The real package is loaded once per process."""
    global _loaded
    if package == PACKAGE and _loaded is not None:
        return _loaded
    parts = vocabulary.parts(package, ATTRIBUTE)
    handles: dict[str, str] = {}
    for name, part in parts.items():
        where = f"{package}.{vocabulary.device_kind(name).module}.{ATTRIBUTE}"
        if not isinstance(part, AppKind):
            raise vocabulary.KindRegistryError(f"{where} is not an AppKind")
        if part.device != name:
            raise vocabulary.KindRegistryError(f"{where} is the part of {part.device!r}, not of {name!r}")
        challenges = {challenge.name for challenge in vocabulary.device_kind(name).challenges}
        for table in ("answers", "console"):
            have = set(getattr(part, table))
            if have != challenges:
                missing, extra = sorted(challenges - have), sorted(have - challenges)
                raise vocabulary.KindRegistryError(
                    f"device kind {name!r} is half-registered: {where}.{table} lacks {missing or 'nothing'}"
                    f" and has unknown {extra or 'nothing'}"
                )
        if not part.handle.isidentifier() or part.handle in RESERVED_HANDLES or part.handle in handles:
            raise vocabulary.KindRegistryError(
                f"{where} has a handle name taken or unusable: {part.handle!r}"
            )
        handles[part.handle] = name
    found = MappingProxyType(parts)
    if package == PACKAGE:
        _loaded = found
    return found


def part_of_challenge(challenge: str) -> AppKind:
    """The part of the device a challenge kind belongs to; an unknown kind is `KindRegistryError`."""
    return load()[vocabulary.challenge_kind(challenge).device]
