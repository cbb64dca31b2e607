"""Each device kind's part of the second-factor page, one module per kind named by its
`DeviceKind.module`, each with a `PAGE_KIND` (a `_base.KindPart` subclass); see `_base` for what a part
decides. `load()` finds them through the vocabulary, which fails loudly for a half-registered kind.

A new kind's page is one new module here and nothing else in `ui/`: e.g. `totp.py` with a `KindPart`
subclass whose `build()` adds a "seconds left" label `BELOW` the field, `ticks()` true and `tick()` showing
the seconds left in the code's period (from the challenge's `extra`), `auto_submit_at()` the vocabulary's
response length (6), and its title, instructions and placeholder; `PAGE_KIND = TotpPart`. Enter read only
and Cancel are the window's; `challengeKind` follows the challenge."""

from __future__ import annotations

import functools

from trader_login.auth import vocabulary

PACKAGE = "trader_login.ui.pages.kinds"
ATTRIBUTE = "PAGE_KIND"


def load() -> dict[str, type]:
    """Every device kind's part, by device kind (`KindRegistryError` for a kind half-registered, a part
    that is not a `KindPart`, or a label other than the vocabulary's)."""
    return dict(_load(PACKAGE))


@functools.cache
def _load(package: str) -> dict[str, type]:
    from trader_login.ui.pages.kinds._base import KindPart

    found = vocabulary.parts(package, ATTRIBUTE)
    for name, part in found.items():
        if not (isinstance(part, type) and issubclass(part, KindPart)):
            raise vocabulary.KindRegistryError(
                f"device kind {name!r}: {package}'s {ATTRIBUTE} is not a KindPart subclass"
            )
        label = vocabulary.device_kind(name).label
        if part.label != label:
            raise vocabulary.KindRegistryError(
                f"device kind {name!r}: the page part's label {part.label!r} is not the vocabulary's "
                f"{label!r}"
            )
    return found


def device_label(kind: str | None, english: str | None) -> str:
    """A device's name in the current language, by its kind. A kind the vocabulary does not list (a newer
    gateway's) shows `english`, the gateway's label, as it came."""
    part = load().get(kind or "")
    if part is None:
        return english or ""
    return part.device_label()
