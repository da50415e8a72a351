"""The authoring documents stay true: the guide lists every check id, CI runs what the README says."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from macros.check import check_project
from macros.checks import CHECKS, markdown


def test_the_guides_table_of_checks_is_the_table_of_the_engine() -> None:
    """CONTRIBUTING.md's list of check ids is macros/checks.py's, as `python -m macros checks --markdown` prints it."""
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    begin = guide.index("<!-- checks:")
    table = guide[guide.index("\n", begin) + 1 : guide.index("<!-- /checks -->")].strip("\n") + "\n"
    printed = subprocess.run(
        [sys.executable, "-m", "macros", "checks", "--markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
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
    assert commands == [
        "bash .ci/setup --browser",
        ".venv/bin/python -m macros check --format github",
        ".venv/bin/mkdocs build --strict",
        ".venv/bin/python -m pytest",
        ".venv/bin/python -m macros style --format github",
    ]
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
    [upload] = [
        step
        for step in workflow()["jobs"]["course"]["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert upload["with"]["path"] == "site/"


def test_pre_commit_runs_the_checker_from_the_venv() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"]
    [hook] = [h for h in hooks if h["id"] == "course-check"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        ".venv/bin/python -m macros check",
        "system",
        False,
    )


# --- the guide's examples work when pasted ------------------------------------------------------------

GUIDE = ROOT / "CONTRIBUTING.md"
MODULE = "content_src/modules/introduction.yml"
#: 「誤り（`check-id`）:」 then a YAML block, 「正しい:」 then a YAML block (CONTRIBUTING.md「よくある間違い」).
EXAMPLE = re.compile(r"誤り（`([a-z-]+)`）:\n\n```yaml\n(.*?)```\n\n正しい:\n\n```yaml\n(.*?)```", re.DOTALL)
APPEND = re.compile(r"# (content_src/\S+\.yml) の最後に追加\n")


def mistakes() -> list[tuple[str, str, str]]:
    return EXAMPLE.findall(GUIDE.read_text("utf-8"))


def pasted(tmp_path: Path, example: str, good: str) -> tuple[Path, str]:
    """A copy of the real content with `example` where an author puts it: at the end of the file its
    comment names, or instead of the module's top-level field that the good example starts with."""
    project = tmp_path / "project"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "content_src", project / "content_src")
    if target := APPEND.match(example):
        path = project / target.group(1)
        path.write_text(path.read_text("utf-8") + example, "utf-8")
        return project, target.group(1)
    key = re.match(r"[a-z_]+(?=:)", good)
    assert key, good
    path = project / MODULE
    text = path.read_text("utf-8")
    block = re.search(rf"^{key.group()}:.*?(?=^[a-z_]+:)", text, re.DOTALL | re.MULTILINE)
    assert block, key.group()
    path.write_text(text[: block.start()] + example + text[block.end() :], "utf-8")
    return project, MODULE


def test_the_guide_has_an_example_of_each_common_mistake() -> None:
    checks = {check for check, _, _ in mistakes()}
    assert {
        "yaml-tab",
        "yaml-fullwidth-colon",
        "yaml-indent",
        "yaml-needs-quotes",
        "wrong-type",
        "plain-multiline",
        "merged-list-item",
        "removed-link",
    } <= checks
    assert len(mistakes()) >= 9
    assert any("\t" in bad for _, bad, _ in mistakes())  # the tab example holds a real tab
    assert any("：" in bad for _, bad, _ in mistakes())


@pytest.mark.parametrize("number", range(len(EXAMPLE.findall(GUIDE.read_text("utf-8")))))
def test_each_common_mistake_gets_its_documented_finding_and_its_fix_none(tmp_path: Path, number: int) -> None:
    check, bad, good = mistakes()[number]
    project, file = pasted(tmp_path, bad, good)
    found = [f for f in check_project(project).findings if f.path == file]
    assert check in {f.check for f in found}, (bad, found)
    assert all("\n" not in f.message for f in found)
    project, file = pasted(tmp_path, good, good)
    found = [f for f in check_project(project).findings if f.path == file]
    assert [f for f in found if f.is_error or f.check == check] == [], (good, found)


def test_the_glossary_and_reference_examples_can_be_pasted_as_they_are(tmp_path: Path) -> None:
    guide = GUIDE.read_text("utf-8")
    term = guide.split("## 用語を追加する", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    reference = guide.split("## 文献を追加する", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content_src", project / "content_src")
    glossary = project / "content_src" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + term, "utf-8")
    references = project / "content_src" / "references.yml"
    references.write_text(references.read_text("utf-8") + reference.replace("GK80", "NEW80"), "utf-8")
    found = check_project(project).findings
    assert [f for f in found if f.is_error] == []
    assert [f.check for f in found] == ["orphan-term"]  # listed in no module's glossary: what the guide says next


def test_the_synonym_example_is_a_search_yml_that_passes_the_check(tmp_path: Path) -> None:
    guide = GUIDE.read_text("utf-8")
    example = guide.split("## 検索の同義語を追加する", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content_src", project / "content_src")
    (project / "content_src" / "search.yml").write_text(example, "utf-8")
    result = check_project(project)
    assert result.findings == []
    assert result.course is not None and len(result.course.synonyms) == 1


def test_check_is_suggested_with_the_venv_python_everywhere() -> None:
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text("utf-8")
        assert "`.venv/bin/python -m macros check`" in text
    guide = GUIDE.read_text("utf-8")
    for command in ("check", "style", "originality", "new-module", "new-question"):
        assert f"`.venv\\Scripts\\python -m macros {command}" in guide, command
    assert "`.ci\\setup.ps1 -Dev`" in guide and "`.venv\\Scripts\\mkdocs serve --livereload`" in guide


def test_the_powershell_set_up_mirrors_every_install_step_of_the_bash_one() -> None:
    bash = (ROOT / ".ci" / "setup").read_text("utf-8")
    powershell = (ROOT / ".ci" / "setup.ps1").read_text("utf-8")
    for lock in (".ci/pip.lock", "requirements.lock", "requirements-dev.lock"):
        assert lock in bash and f'"{lock}"' in powershell, lock
    hashed = [line for line in bash.splitlines() if "pip install" in line and "--require-hashes" in line]
    assert powershell.count('"--require-hashes"') == len(hashed)
    assert '"--no-deps", "--no-build-isolation", "--editable", "."' in powershell
    assert '"ci", "--ignore-scripts"' in powershell


def test_editors_indent_yaml_with_two_spaces_and_never_a_tab() -> None:
    editorconfig = (ROOT / ".editorconfig").read_text("utf-8")
    assert "[*.{yml,yaml}]\nindent_style = space\nindent_size = 2" in editorconfig
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))["[yaml]"]
    assert (settings["editor.insertSpaces"], settings["editor.tabSize"], settings["editor.detectIndentation"]) == (
        True,
        2,
        False,
    )
