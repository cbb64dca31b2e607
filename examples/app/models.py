"""The tester's own models: the desk's traders, each with the device the session window names."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Trader:
    username: str
    device: str  # as the session window's deviceLabel shows it


# Demo users every `sls_gateway` has (password demo123).
DESK = (
    Trader("dscuser", "DSC+"),
    Trader("carduser", "Security Code Card"),
)
