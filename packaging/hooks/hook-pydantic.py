"""pydantic for Trader Login's bundle, in place of pyinstaller-hooks-contrib's hook (which collects every
submodule): the same, without the parts the spec excludes anyway (the 1.x compatibility layer, the mypy
plugin, the experimental API), so the build does not warn about each of them as a missing import."""

from PyInstaller.utils.hooks import collect_submodules

LEFT_OUT = ("pydantic.v1", "pydantic.mypy", "pydantic.experimental")

hiddenimports = collect_submodules("pydantic", filter=lambda name: not name.startswith(LEFT_OUT))
