"""The authoring documents stay true: the guide lists every check id, CI runs what the README says."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from conftest import ROOT
from macros.checks import CHECKS, markdown


def test_the_guides_table_of_checks_is_the_table_of_the_engine() -> None:
    """CONTRIBUTING.md's list of check ids is macros/checks.py's, as `python -m macros checks --markdown` prints it."""
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    begin = guide.index("<!-- checks:")
    table = guide[guide.index("\n", begin) + 1:guide.index("<!-- /checks -->")].strip("\n") + "\n"
    printed = subprocess.run([sys.executable, "-m", "macros", "checks", "--markdown"], cwd=ROOT, capture_output=True,
                             text=True, encoding="utf-8", check=True).stdout
    assert table == printed == markdown()
    assert [check for check in CHECKS if f"| `{check}` |" not in table] == []


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))


def test_ci_runs_on_pull_requests_the_commands_of_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    config = workflow()
    assert "pull_request" in config[True]  # PyYAML reads the key `on` as true
    steps = config["jobs"]["course"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands == ["bash .ci/setup --browser", ".venv/bin/python -m macros check --format github",
                        ".venv/bin/mkdocs build --strict", ".venv/bin/python -m pytest",
                        ".venv/bin/python -m macros style --format github"]
    assert [c for c in commands if f"\n  {c}\n" not in readme] == []


def test_ci_pins_every_action_by_commit_and_the_image_by_digest() -> None:
    job = workflow()["jobs"]["course"]
    actions = [step["uses"] for step in job["steps"] if "uses" in step]
    assert actions and [a for a in actions if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", a)] == []
    assert re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", job["container"]["image"])


def test_setup_installs_python_packages_only_by_hash() -> None:
    setup = (ROOT / ".ci" / "setup").read_text("utf-8")
    installs = [line for line in setup.splitlines() if "pip install" in line]
    assert installs and [line for line in installs if "--require-hashes" not in line and "--no-deps" not in line] == []
    assert "--upgrade" not in setup
    for lock in ("requirements.lock", "requirements-dev.lock", ".ci/pip.lock"):
        pins = [line for line in (ROOT / lock).read_text("utf-8").splitlines() if re.match(r"[\w.-]+==", line)]
        assert pins and all(line.endswith(" \\") for line in pins), lock  # each pin continues with its hashes


def test_ci_uploads_the_built_site() -> None:
    [upload] = [step for step in workflow()["jobs"]["course"]["steps"]
                if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "site/"


def test_pre_commit_runs_the_checker_from_the_venv() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (".venv/bin/python -m macros check", "system", False)
