"""The bundle's spec leaves out what the app never imports (packaging/trader-login.spec, `excludes` and the
lists it is built from). Checked here without building the bundle: no module of the app, the UI or the
gateway (every import statement, those inside functions too) names an excluded module or one under it,
so an exclusion never takes away something a code path needs. `make bundle` (part of `make test`) builds
the bundle and runs its --self-test, which proves the paths it drives."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "packaging" / "trader-login.spec"
PRODUCTION = ("app", "auth", "ui")  # the folders that install as trader_login.<folder>
# The spec's assignments whose string constants are excluded module names (PYDANTIC_LEFT_OUT and
# PLATFORM_MODULES are spliced into `excludes`; all platforms' entries are taken: none may be imported
# outright, since each OS's build leaves out the other OSes').
LISTS = ("excludes", "PYDANTIC_LEFT_OUT", "PLATFORM_MODULES")
PLATFORM_KEYS = {"win32", "darwin", "ios"}
# Development commands that ship in the package but are never reached from the bundle's entry point:
# the screenshot writers (`make screenshots`) use the testers' harness.
ALLOWED = {
    ("app/emulator_services.py", "trader_login.app.testing"),  # write_screenshots()
    ("app/following_screenshots.py", "trader_login.app.testing"),
}


def excluded_modules() -> set[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not (isinstance(target, ast.Name) and target.id in LISTS):
            continue
        for constant in ast.walk(node.value):
            if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                names.add(constant.value)
    # The Qt modules are written as f"PySide6.{module}" over a tuple of bare names.
    qt = {name for name in names if name.startswith("Qt")}
    return (names - qt - PLATFORM_KEYS - {"PySide6."}) | {f"PySide6.{name}" for name in qt}


def production_imports() -> list[tuple[str, int, str]]:
    """(file, line, module) for every absolute import in the production folders; `from a import b` gives
    both `a` and `a.b` (b may be a submodule)."""
    found = []
    for folder in PRODUCTION:
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found += [(relative, node.lineno, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.append((relative, node.lineno, node.module))
                    found += [(relative, node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def module_of(relative: str) -> str:
    parts = Path(relative).with_suffix("").parts
    return ".".join(("trader_login", *parts)).removesuffix(".__init__")


def under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_spec_names_what_it_leaves_out() -> None:
    excluded = excluded_modules()
    # A few that must be there, so that a change to how the spec writes its lists fails here, not silently.
    for name in ("pytest", "sqlalchemy.orm", "psycopg2", "platformdirs.windows", "PySide6.QtNetwork"):
        assert name in excluded, f"{name} is no longer found among the spec's exclusions"


def test_no_production_module_imports_what_the_bundle_leaves_out() -> None:
    excluded = excluded_modules()
    own = {name for name in excluded if name.startswith("trader_login.")}
    found = [
        (relative, line, module, package)
        for relative, line, module in production_imports()
        # The app's own excluded modules (the testers' plugin, the screenshot and pseudo-locale tools)
        # may import what they like: they are not in the bundle.
        if not any(under(module_of(relative), name) for name in own)
        for package in excluded
        if under(module, package) and (relative, package) not in ALLOWED
    ]
    assert not found, "imported by the app but excluded from the bundle:\n" + "\n".join(
        f"  {relative}:{line} imports {module} (excluded: {package})"
        for relative, line, module, package in found
    )


def test_the_app_uses_the_modules_the_spec_keeps_on_purpose() -> None:
    """The other side: what the spec keeps because the app imports it really is imported by name."""
    imported = {module for _, _, module in production_imports()}
    for needed in ("sqlalchemy", "uvicorn", "fastapi", "keyring", "platformdirs", "PySide6.QtPrintSupport"):
        assert any(under(module, needed) for module in imported), f"no production module imports {needed}"
