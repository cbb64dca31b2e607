"""The suite's waits are safety nets, never measurements (issue 13: a suite that never flakes).

Read from the test sources, not run: every pytest-qt wait names a timeout sized for a loaded runner
(pytest-qt's default of 5 s is not one), and no test sleeps a fixed time
in Qt's event loop — in the project's tests and in the testers' examples alike (`.ci/stress` runs them
under load).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
CHECKED = ("app", "auth", "client", "gateway", "ui")
EXAMPLES = TESTS.parent / "examples" / "tests"
QT_WAITS = {"waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive"}
SAFETY_NET_MS = 30_000


def sources() -> list[Path]:
    checked = [TESTS / folder for folder in CHECKED] + [EXAMPLES]
    return sorted(path for folder in checked for path in folder.rglob("*.py"))


def literal_number(node: ast.expr, names: dict[str, ast.expr]) -> float | None:
    """The value of a number literal or of a module-level constant holding one (`WAIT = 30_000`)."""
    if isinstance(node, ast.Name) and node.id in names:
        node = names[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    return None


def short_waits(path: Path, root: Path = TESTS.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    constants = {
        target.id: statement.value
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        where = f"{path.relative_to(root)}:{node.lineno}"
        name = node.func.attr
        if name == "wait" and isinstance(node.func.value, ast.Name) and node.func.value.id == "qtbot":
            found.append(f"{where}: qtbot.wait(...) sleeps a fixed time; wait on state instead")
        if name not in QT_WAITS:
            continue
        timeout = next((keyword.value for keyword in node.keywords if keyword.arg == "timeout"), None)
        if timeout is None:
            found.append(f"{where}: {name} without timeout= (pytest-qt's default is 5 s)")
            continue
        value = literal_number(timeout, constants)
        if value is not None and value < SAFETY_NET_MS:
            found.append(f"{where}: {name} with a {value:g} ms timeout, under the {SAFETY_NET_MS} ms net")
    return sorted(found, key=lambda line: int(line.split(":")[1]))


def test_the_checked_folders_have_tests() -> None:
    assert len(sources()) > 20


@pytest.mark.parametrize("path", sources(), ids=lambda path: str(path.relative_to(TESTS.parent)))
def test_every_qt_wait_has_a_safety_net_timeout(path: Path) -> None:
    assert short_waits(path) == []


def test_the_check_finds_a_short_or_missing_timeout(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "WAIT = 1000\n"
        "def test(qtbot):\n"
        "    qtbot.waitUntil(lambda: True)\n"
        "    qtbot.waitSignal(signal, timeout=WAIT)\n"
        "    qtbot.waitUntil(lambda: True, timeout=30_000)\n"
        "    qtbot.wait(300)\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[1] for line in short_waits(sample, tmp_path)] == [
        "waitUntil without timeout= (pytest-qt's default is 5 s)",
        "waitSignal with a 1000 ms timeout, under the 30000 ms net",
        "qtbot.wait(...) sleeps a fixed time; wait on state instead",
    ]
