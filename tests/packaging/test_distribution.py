"""The distribution as a packager builds it: from a clean clone of this checkout's HEAD (no compiled
translations, no build folders), a wheel with pip and an sdist plus the wheel built from that sdist with
the PyPA front end (`python -m build`), each in its own isolated build environment (PEP 517). Then what a
tester's or packager's install gets: one top-level name, the console scripts and the pytest plugin, the
style sheet and every compiled catalogue.

The two builds run at once, one clone each (a build writes into its tree), once per test session. Their
build environments get the project's pins (constraints.txt): the versions the project is tested with."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 900  # s: a safety net for a loaded machine; the builds take seconds
# Every compiled Qt catalogue starts with these 16 bytes (QTranslator's magic).
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
TRANSLATIONS = "resources/translations"


@dataclass(frozen=True)
class Distribution:
    sources: list[str]  # the .ts files of the clone: one .qm each is expected
    compiled_in_clone: list[str]  # .qm files in the fresh clone before any build (none: they are built)
    wheel: Path  # pip wheel <clone>
    sdist: Path  # python -m build <clone>: the sdist ...
    sdist_wheel: Path  # ... and the wheel it builds from that sdist


def clone(target: Path) -> None:
    head = git("rev-parse", "HEAD", cwd=REPO).strip()
    git("clone", "--quiet", "--no-checkout", str(REPO), str(target), cwd=REPO)
    git("checkout", "--quiet", "--detach", head, cwd=target)


def git(*arguments: str, cwd: Path) -> str:
    program = shutil.which("git")
    assert program, "git is needed to clone the checkout"
    return subprocess.run(  # noqa: S603 - git on this checkout
        [program, *arguments], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def finish(build: subprocess.Popen, log: Path) -> None:
    status = build.wait(timeout=BUILD_TIMEOUT)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert status == 0, f"{' '.join(map(str, build.args))} failed ({status}):\n{output[-4000:]}"


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"{folder}: {found}"
    return found[0]


@pytest.fixture(scope="session")
def distribution(tmp_path_factory: pytest.TempPathFactory) -> Distribution:
    root = tmp_path_factory.mktemp("distribution")
    for name in ("for-pip", "for-build"):
        clone(root / name)
    tree = root / "for-pip"
    sources = sorted(path.name for path in (tree / TRANSLATIONS).glob("*.ts"))
    compiled = sorted(path.name for path in (tree / TRANSLATIONS).glob("*.qm"))

    env = {
        **os.environ,
        "PIP_CONSTRAINT": str(REPO / "constraints.txt"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("PYTHONPATH", None)
    commands = {
        "pip-wheel": [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", root / "wheel", tree],
        "build": [sys.executable, "-m", "build", "--outdir", root / "dist", root / "for-build"],
    }
    builds = {}
    for name, command in commands.items():
        log = root / f"{name}.log"
        with log.open("w", encoding="utf-8") as out:
            builds[name] = (
                subprocess.Popen(  # noqa: S603 - this interpreter's pip and build on our clone
                    command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
                ),
                log,
            )
    try:
        for build, log in builds.values():
            finish(build, log)
    finally:  # one failed or hung: the other goes too
        for build, _log in builds.values():
            if build.poll() is None:
                build.kill()
                build.wait()

    return Distribution(
        sources=sources,
        compiled_in_clone=compiled,
        wheel=only(root / "wheel", "trader_login-*.whl"),
        sdist=only(root / "dist", "trader_login-*.tar.gz"),
        sdist_wheel=only(root / "dist", "trader_login-*.whl"),
    )


def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def wheel_text(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name).decode("utf-8")


def dist_info(wheel: Path) -> str:
    return "-".join(wheel.name.split("-")[:2]) + ".dist-info"


def test_the_clean_clone_has_translation_sources_and_nothing_compiled(distribution: Distribution) -> None:
    assert "trader_login_ja.ts" in distribution.sources
    assert distribution.compiled_in_clone == []  # so the .qm files below come from the build


@pytest.mark.parametrize("built", ["wheel", "sdist_wheel"])
def test_the_wheel_installs_one_top_level_name(distribution: Distribution, built: str) -> None:
    wheel = getattr(distribution, built)
    tops = {name.split("/")[0] for name in wheel_names(wheel)}

    assert tops == {"trader_login", dist_info(wheel)}
    assert wheel_text(wheel, f"{dist_info(wheel)}/top_level.txt").split() == ["trader_login"]


def test_the_wheel_declares_the_console_scripts_and_the_pytest_plugin(distribution: Distribution) -> None:
    wheel = distribution.wheel
    entry_points = configparser.ConfigParser(delimiters=("=",))
    entry_points.read_string(wheel_text(wheel, f"{dist_info(wheel)}/entry_points.txt"))

    assert dict(entry_points["console_scripts"]) == {
        "sls-gateway": "trader_login.auth.gateway.cli:main",
        "trader-login": "trader_login.app.cli:main",
    }
    assert dict(entry_points["pytest11"]) == {"trader_login": "trader_login.app.pytest_plugin"}
    assert set(entry_points.sections()) == {"console_scripts", "pytest11"}
    # ... and the modules they name are in the wheel.
    names = set(wheel_names(wheel))
    for module in ("auth/gateway/cli.py", "app/cli.py", "app/pytest_plugin.py"):
        assert f"trader_login/{module}" in names


@pytest.mark.parametrize("built", ["wheel", "sdist_wheel"])
def test_the_wheel_carries_every_compiled_catalogue_and_the_style_sheet(
    distribution: Distribution, built: str
) -> None:
    wheel = getattr(distribution, built)
    names = set(wheel_names(wheel))
    expected = {f"trader_login/{TRANSLATIONS}/{Path(ts).stem}.qm" for ts in distribution.sources}

    assert len(expected) == 5
    assert {name for name in names if name.endswith(".qm")} == expected
    with zipfile.ZipFile(wheel) as archive:
        for name in expected:
            assert archive.read(name).startswith(QM_MAGIC), f"{name} is not a compiled catalogue"
    assert "trader_login/resources/style.qss" in names
    assert any(name.startswith("trader_login/resources/icons/") for name in names)
    assert not any(name.endswith(".ts") for name in names)  # the sources stay in the sdist


def test_the_sdist_carries_the_compiled_catalogues_and_their_sources(distribution: Distribution) -> None:
    with tarfile.open(distribution.sdist) as sdist:
        prefix = sdist.getnames()[0].split("/")[0]
        folder = f"{prefix}/{TRANSLATIONS}"
        for ts in distribution.sources:
            assert f"{folder}/{ts}" in sdist.getnames()
            catalogue = sdist.extractfile(f"{folder}/{Path(ts).stem}.qm")
            assert catalogue is not None
            assert catalogue.read(len(QM_MAGIC)) == QM_MAGIC


def test_the_sdist_builds_the_same_wheel_as_the_checkout(distribution: Distribution) -> None:
    # Nothing the wheel needs is missing from the sdist (MANIFEST.in, package data, setup.py).
    assert sorted(wheel_names(distribution.sdist_wheel)) == sorted(wheel_names(distribution.wheel))
