"""Each device kind's part on the gateway, one module per kind, named by `DeviceKind.module`
(`trader_login.auth.vocabulary`); each module's `GATEWAY_KIND` is its part. `_part.py` says what a part is.

`load()` gathers them, once, when the login service and the desk are built: a kind registered in the
vocabulary without its module or part here, or a module here for a kind the vocabulary does not list,
fails loudly there (`vocabulary.KindRegistryError`).
"""

from __future__ import annotations

from trader_login.auth import vocabulary
from trader_login.auth.gateway.kinds._part import GatewayKind

PACKAGE = "trader_login.auth.gateway.kinds"
ATTRIBUTE = "GATEWAY_KIND"


def load(package: str | None = None) -> dict[str, GatewayKind]:
    """Every registered device kind's gateway part, by kind name. `package`: another package laid out the
    same way (a test's); by default `PACKAGE`, looked up at the call so a test may point it elsewhere."""
    parts = vocabulary.parts(package or PACKAGE, ATTRIBUTE)
    for name, part in parts.items():
        if not isinstance(part, GatewayKind) or part.name != name:
            raise vocabulary.KindRegistryError(
                f"device kind {name!r}: {ATTRIBUTE} must be the GatewayKind of {name!r}, not {part!r}"
            )
    return parts
