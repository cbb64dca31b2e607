"""The frozen app against a frozen bare PySide6 window, as JSON: size on disk, compressed, and start-up.

    .venv/bin/python benchmarks/bundle.py [--runs N] [--no-build] [--xz]

Builds two one-folder bundles with the same spec (`packaging/trader-login.spec`) and therefore the same
settings (excluded modules, kept Qt plugins and libraries, Qt translations, keyring's backends):

- `trader-login`, the app (`packaging/launcher.py`, what the installers ship), and
- `baseline` (`TRADER_LOGIN_BUNDLE=baseline`, `packaging/baseline.py`): a QWidget with two QLineEdits
  and a QPushButton that also imports requests, keyring and cryptography.

Both are built with the benchmark's start-up probe (`TRADER_LOGIN_BUNDLE_PROBE=1`: the runtime hook
`packaging/bench_probe.py`, a few hundred bytes of bytecode, inert unless BUNDLE_BENCH_RESULT is set),
into build/bundle-bench/ (PyInstaller's work directories beside them). Needs PyInstaller in the venv
and the package tree the spec freezes (`make package-tree`: the wheel unpacked, translations compiled);
`--no-build` measures the bundles already there.

Size: the apparent size of every file in the bundle's folder (what an installer unpacks), the disk
blocks it takes here, and the folder as a .tar.gz (gzip level 6, what the Linux artifact is) and as a
.zip (deflate level 6, close to what an installer's compressor starts from); with `--xz` also as a
.tar.xz at preset 9 (LZMA2, solid, as the Windows installer compresses with Inno Setup's lzma2/max;
about two minutes a bundle).

Start-up: as benchmarks/startup.py measures it, spawn → the first frame of the first top-level window
(its first Paint while its QWindow is exposed, then a zero timer, so the frame is painted and flushed),
read on the same CLOCK_MONOTONIC by this process before it spawns the bundle's executable and by the
probe in the bundle, which then quits the event loop. Runs alternate baseline, app, baseline, app, ...,
one at a time; the first pair is a warm-up (page cache; the app's first start seeds the embedded
gateway's demo users) and is discarded. The app runs with its data and the XDG directories in a
temporary directory; offscreen (QT_QPA_PLATFORM=offscreen). docs/performance.md records the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "bundle-bench"
SPEC = REPO / "packaging" / "trader-login.spec"
TARGET_RATIO = 1.1
CHILD_TIMEOUT = 180.0  # the app's warm-up run seeds the demo users with the production KDF
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
BUNDLES = {"baseline": "baseline", "app": "trader-login"}


def build(kind: str) -> float:
    """Builds one bundle; returns the seconds it took."""
    env = dict(os.environ, TRADER_LOGIN_BUNDLE=kind, TRADER_LOGIN_BUNDLE_PROBE="1")
    pyinstaller = Path(sys.executable).with_name("pyinstaller" + EXE_SUFFIX)
    command = [
        str(pyinstaller),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(OUT),
        "--workpath",
        str(OUT / f"work-{kind}"),
        str(SPEC),
    ]
    start = time.monotonic()
    subprocess.run(command, cwd=REPO, env=env, check=True)  # noqa: S603 - our venv's pyinstaller, our spec
    return round(time.monotonic() - start, 1)


def folder(kind: str) -> Path:
    return OUT / BUNDLES[kind]


def sizes(kind: str, scratch: Path, xz: bool = False) -> dict[str, Any]:
    root = folder(kind)
    files = [path for path in root.rglob("*") if path.is_file() and not path.is_symlink()]
    apparent = sum(path.stat().st_size for path in files)
    blocks = sum(path.stat().st_blocks * 512 for path in files) if hasattr(os, "statvfs") else None
    tar_path = scratch / f"{kind}.tar.gz"
    with tarfile.open(tar_path, "w:gz", compresslevel=6) as tar:
        tar.add(root, arcname=root.name)
    zip_path = scratch / f"{kind}.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root.parent))
    out = {
        "files": len(files),
        "size_mib": round(apparent / 2**20, 1),
        "disk_usage_mib": round(blocks / 2**20, 1) if blocks is not None else None,
        "tar_gz_mib": round(tar_path.stat().st_size / 2**20, 1),
        "zip_mib": round(zip_path.stat().st_size / 2**20, 1),
    }
    tar_path.unlink()
    zip_path.unlink()
    if xz:
        xz_path = scratch / f"{kind}.tar.xz"
        with tarfile.open(xz_path, "w:xz", preset=9) as tar:
            tar.add(root, arcname=root.name)
        out["tar_xz_mib"] = round(xz_path.stat().st_size / 2**20, 1)
        xz_path.unlink()
    return out


def largest(kind: str, count: int = 12) -> list[list[Any]]:
    """The largest entries right under _internal (folders summed): where the size goes."""
    internal = folder(kind) / "_internal"
    totals = []
    for entry in internal.iterdir():
        if entry.is_symlink():  # PyInstaller's links to libraries inside package folders
            continue
        paths = (
            [entry]
            if entry.is_file()
            else [p for p in entry.rglob("*") if p.is_file() and not p.is_symlink()]
        )
        totals.append([entry.name, round(sum(p.stat().st_size for p in paths) / 2**20, 1)])
    return sorted(totals, key=lambda item: -item[1])[:count]


def run_once(kind: str, env: dict[str, str], scratch: Path) -> float:
    """Spawn → first frame of one cold start, in ms."""
    result = scratch / "result.json"
    result.unlink(missing_ok=True)
    exe = folder(kind) / (BUNDLES[kind] + EXE_SUFFIX)
    spawn = time.monotonic()
    done = subprocess.run(  # noqa: S603 - the bundle just built
        [str(exe)],
        env={**env, "BUNDLE_BENCH_RESULT": str(result)},
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0 or not result.exists():
        raise RuntimeError(f"{kind} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    marks = json.loads(result.read_text(encoding="utf-8"))
    return (marks["exposed"] - spawn) * 1000


def bundle_env(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TRADER_LOGIN_DATA_DIR"] = str(root / "data")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(root / name.lower())
    return env


def ratio(app: float | None, baseline: float | None) -> float | None:
    return round(app / baseline, 3) if app and baseline else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="measured runs of each bundle (default 11)")
    parser.add_argument("--no-build", action="store_true", help="measure the bundles already built")
    parser.add_argument("--xz", action="store_true", help="also measure .tar.xz at preset 9 (slow)")
    options = parser.parse_args()

    build_s = {}
    if not options.no_build:
        for kind in BUNDLES:
            build_s[kind] = build(kind)

    with tempfile.TemporaryDirectory(prefix="bundle-bench-") as tmp:
        scratch = Path(tmp)
        size = {kind: sizes(kind, scratch, options.xz) for kind in BUNDLES}
        env = bundle_env(scratch)
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        times: dict[str, list[float]] = {kind: [] for kind in BUNDLES}
        for i in range(options.runs + 1):  # interleaved; the first pair is the warm-up
            for kind in BUNDLES:
                ms = run_once(kind, env, scratch)
                if i:
                    times[kind].append(ms)
        load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    pairs = [a / b for b, a in zip(times["baseline"], times["app"], strict=True)]
    startup_ratio = round(statistics.median(pairs), 3)
    size_ratios = {
        key: ratio(size["app"][key], size["baseline"][key])
        for key in ("size_mib", "disk_usage_mib", "tar_gz_mib", "zip_mib", "tar_xz_mib")
        if key in size["app"]
    }
    result = {
        "benchmark": "bundle",
        "python": platform.python_version(),
        "platform": sys.platform,
        "machine": platform.machine(),
        "nproc": os.cpu_count(),
        "qpa": "offscreen",
        "runs": options.runs,
        "loadavg_before_after": [load_before, load_after],
        "build_s": build_s,
        "size": size,
        "size_ratio": size_ratios,
        "startup_ms_median": {kind: round(statistics.median(ms), 1) for kind, ms in times.items()},
        "startup_ms_min_max": {kind: [round(min(ms), 1), round(max(ms), 1)] for kind, ms in times.items()},
        "startup_ratio_median": startup_ratio,
        "startup_ratio_min_max": [round(min(pairs), 3), round(max(pairs), 3)],
        "target_ratio": TARGET_RATIO,
        "size_target_met": all(value is not None and value <= TARGET_RATIO for value in size_ratios.values()),
        "startup_target_met": startup_ratio <= TARGET_RATIO,
        "largest_mib": {kind: largest(kind) for kind in BUNDLES},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
