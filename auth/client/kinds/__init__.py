"""The client's part of each device kind (`CLIENT_KIND` in the module named by `DeviceKind.module`): how
its challenges are read from the wire and what their pages offer. Found by kind through the vocabulary;
adding a kind adds a module here and touches no other client file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from trader_login.auth import vocabulary
from trader_login.auth.client.kinds._base import ClientKind, ReadContext

PACKAGE = "trader_login.auth.client.kinds"
ATTRIBUTE = "CLIENT_KIND"

__all__ = ["ATTRIBUTE", "PACKAGE", "ClientKind", "ReadContext", "for_challenge", "load"]


@functools.cache
def load(package: str = PACKAGE) -> Mapping[str, ClientKind]:
    """Every device kind's client part, by device kind name. Fails loudly (`KindRegistryError`) for a kind
    half-registered or unlisted; the flow calls it when it starts."""
    found = vocabulary.parts(package, ATTRIBUTE)
    for name, part in found.items():
        if not isinstance(part, ClientKind):
            raise vocabulary.KindRegistryError(f"{package}: the {ATTRIBUTE} of {name!r} is not a ClientKind")
    return MappingProxyType(found)


def for_challenge(kind: str, package: str = PACKAGE) -> ClientKind:
    """The part that reads challenges of the challenge kind `kind` (`KindRegistryError` if unknown)."""
    return load(package)[vocabulary.challenge_kind(kind).device]
