"""Where the app bundle's extra Python goes, and how much of it the app ever imports, as JSON.

    .venv/bin/python benchmarks/bundle_census.py [--depth N]

Reads the PYZ archives (the zlib-compressed bytecode of every bundled Python module) of the two bundles
`benchmarks/bundle.py` built in build/bundle-bench/, and lists the modules the app's archive has and the
baseline's has not, by package, in compressed KiB: what the app adds to the compressed bundle besides
native code. Then it runs the end-to-end logins (every demo user through the window and through the
client, against the embedded and a real gateway) in a child pytest and reports which of those extra
modules were never imported there: the candidates for the spec's `excludes`. A module on that list may
still be needed on a path the tests do not take (another operating system, an error); read its importers
before excluding it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PyInstaller.archive.readers import ZlibArchiveReader

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bundle-bench"
LOGINS = [
    "tests/client/test_end_to_end.py",
    "tests/ui/test_login_demo_users.py",
    "tests/ui/test_login_with_emulators.py",
]
PLUGIN = """
import json, os, sys
def pytest_sessionfinish(session, exitstatus):
    with open(os.environ["BUNDLE_CENSUS_MODULES"], "w") as out:
        json.dump(sorted(sys.modules), out)
"""


def archive(kind: str) -> dict[str, int]:
    """Module name → compressed bytes in that bundle's PYZ."""
    found = sorted(OUT.glob(f"work-{kind}/*/PYZ-00.pyz"))
    if not found:
        raise SystemExit(f"no PYZ archive under {OUT}/work-{kind}: run benchmarks/bundle.py first")
    toc = ZlibArchiveReader(str(found[0])).toc
    return {name: length for name, (_kind, _offset, length) in toc.items()}


def imported_by_logins(scratch: Path) -> set[str]:
    (scratch / "bundle_census_plugin.py").write_text(PLUGIN, encoding="utf-8")
    result = scratch / "modules.json"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(scratch), os.environ.get("PYTHONPATH")])),
        BUNDLE_CENSUS_MODULES=str(result),
        QT_QPA_PLATFORM="offscreen",
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "bundle_census_plugin", *LOGINS]
    subprocess.run(command, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return set(json.loads(result.read_text(encoding="utf-8")))


def by_package(modules: dict[str, int], depth: int) -> list[list[object]]:
    totals: collections.Counter[str] = collections.Counter()
    for name, size in modules.items():
        totals[".".join(name.split(".")[:depth])] += size
    return [[name, round(size / 1024, 1)] for name, size in totals.most_common()]


def kib(modules: dict[str, int]) -> float:
    return round(sum(modules.values()) / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=1, help="package depth of the totals (default 1)")
    options = parser.parse_args()

    app, baseline = archive("app"), archive("baseline")
    extra = {name: size for name, size in app.items() if name not in baseline}
    with tempfile.TemporaryDirectory(prefix="bundle-census-") as tmp:
        imported = imported_by_logins(Path(tmp))
    unused = {name: size for name, size in extra.items() if name not in imported}
    print(
        json.dumps(
            {
                "benchmark": "bundle_census",
                "pyz_kib": {"baseline": kib(baseline), "app": kib(app)},
                "extra_kib": kib(extra),
                "extra_by_package_kib": by_package(extra, options.depth)[:25],
                "never_imported_kib": kib(unused),
                "never_imported": by_package(unused, 9)[:40],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
