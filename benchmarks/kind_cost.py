"""What adding a device kind cost: the existing production files (app/, ui/, auth/) that the kind's commits
edited, and the new files they added, as JSON.

    python benchmarks/kind_cost.py --since 8c610be~1 --grep "^TOTP: "

Issue 15's measure: adding the TOTP authenticator app may edit at most 6 existing production files beyond
its own new ones. The kind's commits are those whose message matches `--grep` after `--since`; a file is
"existing" if it was there at `--since`.
"""

from __future__ import annotations

import argparse
import json
import subprocess

PRODUCTION = ("app/", "ui/", "auth/")


def git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # The repository's own git, with arguments this script builds: no untrusted input.
    return subprocess.run(["git", *args], check=check, capture_output=True, text=True)  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", required=True, help="the commit before the kind's first")
    parser.add_argument("--grep", required=True, help="a regular expression the kind's commit messages match")
    args = parser.parse_args()
    commits = git("log", "--format=%H", "-E", f"--grep={args.grep}", f"{args.since}..HEAD").stdout.split()
    edited: set[str] = set()
    added: set[str] = set()
    for commit in commits:
        for line in git("show", "--format=", "--name-status", commit).stdout.splitlines():
            status, path = line.split("\t")[0], line.split("\t")[-1]
            if not path.startswith(PRODUCTION):
                continue
            existed = git("cat-file", "-e", f"{args.since}:{path}", check=False).returncode == 0
            (edited if existed and status != "A" else added).add(path)
    print(
        json.dumps(
            {
                "commits": len(commits),
                "existing_production_files_edited": sorted(edited),
                "count": len(edited),
                "new_production_files": sorted(added - edited),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
