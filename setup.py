"""The build's two jobs that pyproject.toml cannot say: map the repository's top-level folders into the one
installed package `trader_login`, and compile the translations into every wheel, sdist and editable install.

    app/        -> trader_login.app         (composition root, pytest plugin)
    ui/         -> trader_login.ui          (PySide6 views)
    auth/       -> trader_login.auth        (Qt-free: rules, SRP, devices, client, gateway)
    resources/  -> trader_login.resources   (style sheet, icons, translations)

The `.qm` catalogues are built from `resources/translations/*.ts` by `pyside6-lrelease` (from PySide6, a build
requirement) before the Python files are collected, so a wheel built from a clean clone carries them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import Command, find_packages, setup
from setuptools.command.build import build
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
FOLDERS = ("app", "ui", "auth", "resources")
TRANSLATIONS = Path("resources", "translations")


def packages() -> list[str]:
    names = ["trader_login"]
    for folder in FOLDERS:
        names.append(f"trader_login.{folder}")
        names += [f"trader_login.{folder}.{sub}" for sub in find_packages(folder)]
    return names


def compile_translations(sources: Path) -> list[Path]:
    """Runs lrelease on every `.ts` under `sources`; returns the `.qm` files (next to their sources)."""
    ts_files = sorted(sources.glob("trader_login_*.ts"))
    if not ts_files:
        raise SystemExit(f"no translation sources (trader_login_*.ts) in {sources}")
    built = []
    for ts in ts_files:
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            # PySide6's own entry point for the tool, so no PATH lookup is needed in an isolated build.
            runner = "import sys; from PySide6.scripts.pyside_tool import lrelease; sys.exit(lrelease())"
            command = [sys.executable, "-c", runner, "-silent", str(ts), "-qm", str(qm)]
            subprocess.run(command, check=True)  # noqa: S603 - our interpreter, our files
        built.append(qm)
    return built


class BuildTranslations(Command):
    """`build` sub-command: the `.qm` catalogues, compiled in the source tree where package data is read
    from (and where an editable install finds them)."""

    description = "compile resources/translations/*.ts with pyside6-lrelease"
    user_options: list = []  # noqa: RUF012 - distutils' interface

    def initialize_options(self) -> None:
        self.editable_mode = False

    def finalize_options(self) -> None:
        pass

    def run(self) -> None:
        compile_translations(HERE / TRANSLATIONS)

    def get_source_files(self) -> list[str]:
        return [str(path) for path in sorted(TRANSLATIONS.glob("*.ts"))]

    def get_outputs(self) -> list[str]:
        return [str(path.with_suffix(".qm")) for path in sorted(TRANSLATIONS.glob("trader_login_*.ts"))]

    def get_output_mapping(self) -> dict[str, str]:
        return {}


class BuildWithTranslations(build):
    # First, so that build_py finds the .qm files as package data.
    sub_commands = [("build_translations", None), *build.sub_commands]  # noqa: RUF012


class SdistWithTranslations(sdist):
    """An sdist carries the compiled catalogues too (and their sources, MANIFEST.in)."""

    def run(self) -> None:
        self.run_command("build_translations")
        super().run()


setup(
    packages=packages(),
    package_dir={"trader_login": "trader_login", **{f"trader_login.{folder}": folder for folder in FOLDERS}},
    cmdclass={
        "build": BuildWithTranslations,
        "build_translations": BuildTranslations,
        "sdist": SdistWithTranslations,
    },
)
