"""The packaging files other systems run, checked here: the CI workflow against GitHub's schema and with
shellcheck on its steps, the shell scripts with shellcheck, the Inno Setup script's structure (its
compiler, iscc, runs only on Windows), and the macOS entitlements. The workflow itself also runs
actionlint on GitHub (its lint-packaging job)."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "installers.yml"
SCRIPTS = [
    REPO / "packaging" / "build-linux.sh",
    REPO / "packaging" / "macos" / "build-dmg.sh",
    REPO / ".ci" / "run",
]
ISS = REPO / "packaging" / "windows" / "trader-login.iss"
ENTITLEMENTS = REPO / "packaging" / "macos" / "entitlements.plist"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A lint tool of the dev extra, from this venv (installed with the project, so never skipped)."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is missing: it comes with the dev extra (pip install -e '.[dev]')"
    return found


def run_tool(name: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a lint tool of the venv on our files
        [tool(name), *arguments], capture_output=True, text=True, check=False
    )


def shellcheck(*paths: Path) -> subprocess.CompletedProcess[str]:
    return run_tool("shellcheck", "--shell=bash", "--severity=style", *map(str, paths))


def schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema against GitHub's workflow schema (the SchemaStore copy it carries: no network)."""
    return run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(path))


def workflow() -> dict:
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


# --- the shell scripts ----------------------------------------------------------------------------


def test_the_packaging_scripts_pass_shellcheck() -> None:
    result = shellcheck(*SCRIPTS)
    assert result.returncode == 0, result.stdout


def test_shellcheck_finds_what_it_should(tmp_path: Path) -> None:
    # The check above is only worth something if shellcheck runs and reports: an unquoted variable.
    bad = tmp_path / "bad.sh"
    bad.write_text("#!/usr/bin/env bash\nrm -rf $1/build\n", encoding="utf-8", newline="\n")
    result = shellcheck(bad)
    assert result.returncode != 0
    assert "SC2086" in result.stdout


# --- the workflow ---------------------------------------------------------------------------------


def test_the_workflow_matches_githubs_schema() -> None:
    result = schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
    broken.write_text(text, encoding="utf-8")
    assert schema_check(broken).returncode != 0


def bash_steps() -> list[tuple[str, str, str]]:
    """(job, step, script) of every step that runs in bash: the default on Linux and macOS runners, and
    the Windows job's default here; pwsh steps are left out."""
    steps = []
    for job_id, job in workflow()["jobs"].items():
        default = job.get("defaults", {}).get("run", {}).get("shell", "bash")
        for index, step in enumerate(job["steps"]):
            if "run" in step and step.get("shell", default) == "bash":
                steps.append((job_id, step.get("name", f"step {index + 1}"), step["run"]))
    return steps


def test_every_bash_step_of_the_workflow_passes_shellcheck(tmp_path: Path) -> None:
    # As actionlint does: each ${{ expression }} becomes a plain word, and the step runs as GitHub runs it
    # (bash -e).
    failures = []
    steps = bash_steps()
    assert len(steps) >= 15
    for number, (job, name, script) in enumerate(steps):
        path = tmp_path / f"{job}-{number}.sh"
        body = re.sub(r"\$\{\{.*?\}\}", "GITHUB_EXPRESSION", script)
        path.write_text(f"#!/usr/bin/env bash\nset -eo pipefail\n{body}", encoding="utf-8", newline="\n")
        result = shellcheck(path)
        if result.returncode:
            failures.append(f"{job} / {name}:\n{result.stdout}")
    assert not failures, "\n".join(failures)


def test_the_workflow_builds_tests_and_packages_on_each_system() -> None:
    jobs = {name: job for name, job in workflow()["jobs"].items() if name != "lint-packaging"}
    steps = {
        job["runs-on"].split("-")[0]: "\n".join(
            str(step.get("run", step.get("uses", ""))) for step in job["steps"]
        )
        for job in jobs.values()
    }
    assert set(steps) == {"ubuntu", "macos", "windows"}
    # Linux: make test, which there ends with the bundle and its self-test (packaging/build-linux.sh).
    assert "make test" in steps["ubuntu"]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    linux_only = re.search(r"ifeq \(\$\(shell uname -s\),Linux\)\nTEST_BUNDLE := bundle\nendif\n", makefile)
    test_rule = re.search(r"^test: .*\$\(TEST_BUNDLE\)$", makefile, re.MULTILINE)
    assert linux_only
    assert test_rule
    assert linux_only.start() < test_rule.start()  # make expands a rule's prerequisites as it reads it
    # macOS and Windows: the test suite, then the bundle's own --self-test, then the installer.
    assert "make test" in steps["macos"]
    assert "-m pytest" in steps["windows"]
    assert "build/bundle/trader-login.app/Contents/MacOS/trader-login --self-test" in steps["macos"]
    assert "build/bundle/trader-login/trader-login.exe --self-test" in steps["windows"]
    assert "packaging/macos/build-dmg.sh" in steps["macos"]
    assert "packaging\\windows\\trader-login.iss" in steps["windows"]
    for system, text in steps.items():
        assert "actions/upload-artifact" in text, f"{system}: no installer uploaded"


# --- the Inno Setup script ------------------------------------------------------------------------

# Inno Setup 6's sections and the [Setup] directives it knows (from its documentation): a misspelt one
# is an error to iscc, and here.
INNO_SECTIONS = {
    "Setup", "Types", "Components", "Tasks", "Dirs", "Files", "Icons", "INI", "InstallDelete", "Languages",
    "Messages", "CustomMessages", "LangOptions", "Registry", "Run", "UninstallDelete", "UninstallRun", "Code",
}  # fmt: skip
INNO_SETUP_DIRECTIVES = {
    "AppId", "AppName", "AppVersion", "AppVerName", "AppPublisher", "AppPublisherURL", "AppSupportURL",
    "AppUpdatesURL", "AppCopyright", "VersionInfoVersion", "VersionInfoCompany", "VersionInfoDescription",
    "PrivilegesRequired", "PrivilegesRequiredOverridesAllowed", "DefaultDirName", "DefaultGroupName",
    "DisableProgramGroupPage", "DisableDirPage", "DisableWelcomePage", "DisableReadyPage",
    "UsePreviousAppDir",
    "UninstallDisplayName", "UninstallDisplayIcon", "Uninstallable", "CreateUninstallRegKey", "OutputDir",
    "OutputBaseFilename", "Compression", "SolidCompression", "WizardStyle", "ArchitecturesAllowed",
    "ArchitecturesInstallIn64BitMode", "MinVersion", "CloseApplications", "RestartApplications", "SignTool",
    "SignedUninstaller", "SetupIconFile", "LicenseFile", "ChangesAssociations", "ChangesEnvironment",
}  # fmt: skip
INNO_PARAMETERS = {
    "Languages": {"Name", "MessagesFile", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"},
    "Tasks": {"Name", "Description", "GroupDescription", "Flags", "Components", "Languages", "Check"},
    "Files": {
        "Source", "DestDir", "DestName", "Flags", "Excludes", "Tasks", "Components", "Check", "Permissions",
    },
    "InstallDelete": {"Type", "Name", "Tasks", "Components", "Check"},
    "UninstallDelete": {"Type", "Name", "Tasks", "Components", "Check"},
    "Icons": {
        "Name", "Filename", "Parameters", "WorkingDir", "IconFilename", "Comment", "Tasks", "Flags", "Check",
    },
    "Run": {"Filename", "Parameters", "WorkingDir", "Description", "StatusMsg", "Flags", "Tasks", "Check"},
}  # fmt: skip


def inno_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = match.group(1)
            assert current not in sections, f"[{current}] twice"
            sections[current] = []
            continue
        assert current is not None, f"outside any section: {line}"
        sections[current].append(line)
    return sections


def test_the_inno_setup_script_uses_only_known_sections_directives_and_parameters() -> None:
    sections = inno_sections()
    assert set(sections) <= INNO_SECTIONS
    for line in sections["Setup"]:
        directive, _, value = line.partition("=")
        assert directive in INNO_SETUP_DIRECTIVES, f"unknown [Setup] directive: {directive}"
        assert value, f"{directive} has no value"
    for section, parameters in INNO_PARAMETERS.items():
        for line in sections.get(section, []):
            for part in line.split("; "):
                name, colon, value = part.partition(": ")
                assert colon, f"[{section}] {line}: {part!r} is not 'Parameter: value'"
                assert name in parameters, f"[{section}] {line}: unknown parameter {name!r}"
                assert value.count('"') % 2 == 0, f"[{section}] {line}: unbalanced quotes"


def test_the_inno_setup_script_defines_every_constant_it_uses() -> None:
    text = ISS.read_text(encoding="utf-8")
    defined = set(re.findall(r"#define\s+(\w+)", text))
    used = set(re.findall(r"\{#(\w+)\}", text))
    assert used <= defined, f"used, never defined: {sorted(used - defined)}"
    # #if / #ifndef / #endif balance
    opened = len(re.findall(r"^\s*#(if|ifdef|ifndef)\b", text, re.M))
    assert opened == len(re.findall(r"^\s*#endif\b", text, re.M))


def test_the_installer_is_per_user_with_a_start_menu_entry_and_an_uninstaller() -> None:
    sections = inno_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"  # no administrator rights
    assert setup["DefaultDirName"].startswith(("{userpf}", "{localappdata}", "{autopf}"))
    assert setup.get("Uninstallable", "yes") != "no"
    assert setup["UninstallDisplayName"]
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert any(
        line.startswith(('Name: "{autoprograms}', 'Name: "{group}', 'Name: "{userprograms}'))
        for line in sections["Icons"]
    )
    assert any("{#BundleDir}" in line and "recursesubdirs" in line for line in sections["Files"])


# --- the macOS entitlements -----------------------------------------------------------------------


def test_the_entitlements_are_a_plist_of_hardened_runtime_exceptions() -> None:
    entitlements = plistlib.loads(ENTITLEMENTS.read_bytes())
    assert entitlements, "empty entitlements"
    assert all(key.startswith("com.apple.security.cs.") for key in entitlements)
    assert all(value is True for value in entitlements.values())
    # Never the JIT or the debugger's exceptions in a release.
    assert "com.apple.security.cs.allow-jit" not in entitlements
    assert "com.apple.security.get-task-allow" not in entitlements


def test_the_macos_script_signs_notarizes_and_staples() -> None:
    text = (REPO / "packaging" / "macos" / "build-dmg.sh").read_text(encoding="utf-8")
    for step in ("--options runtime", "--entitlements", "notarytool submit", "stapler staple"):
        assert step in text
    for variable in ("APPLE_DEVELOPER_ID", "APPLE_TEAM_ID", "APPLE_ID", "APPLE_APP_PASSWORD"):
        assert variable in text
