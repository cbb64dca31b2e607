"""pydantic for Trader Login's bundle, in place of pyinstaller-hooks-contrib's hook (which collects every
submodule): the same, without the subpackages the spec excludes (its `hooksconfig["pydantic"]["left_out"]`,
the one list of them), so the build does not warn about each of them as a missing import."""

from PyInstaller.utils.hooks import collect_submodules, get_hook_config


def hook(hook_api):
    left_out = tuple(get_hook_config(hook_api, "pydantic", "left_out") or ())
    hook_api.add_imports(*collect_submodules("pydantic", filter=lambda name: not name.startswith(left_out)))
