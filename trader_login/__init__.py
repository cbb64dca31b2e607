"""Trader Login: a desktop login client for a trading platform, with its own Secure Login System gateway and
device emulators.

The one top-level name the distribution installs. The repository keeps the product's folders at its top
(`app/`, `ui/`, `auth/`, `resources/`); the build maps them to `trader_login.app`, `trader_login.ui`,
`trader_login.auth` and `trader_login.resources` (setup.py), so an installed copy and an editable checkout
import the same names.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on demand: reading the distribution's metadata costs start-up time nobody else pays.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("trader-login")
        except metadata.PackageNotFoundError:  # a source tree on sys.path, not installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
