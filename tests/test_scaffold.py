"""Scaffolds: `new-module` and `new-question` write skeletons that pass the check, and refuse cleanly."""

from __future__ import annotations

import re
import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, Ran, macros_command, mkdocs_build

from macros.check import check_project
from macros.findings import format_text
from macros.questiontypes import QUESTION_TYPES
from macros.scaffold import MODULE_TEMPLATE
from macros.schema import validator
from macros.search_prebuilt import search_documents


def macros_cli(project: Path, command: str, *args: str) -> Ran:
    """The command, run in this process (`main()`); the tests marked below go through the real command line."""
    return macros_command(command, "--root", str(project), *args)


def real_cli(project: Path, command: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as an author types it, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "macros", command, "--root", str(project), *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )


def errors(project: Path) -> list[str]:
    return format_text([f for f in check_project(project).findings if f.is_error]).splitlines()[:-1]


def snapshot(project: Path) -> dict[str, bytes]:
    content = project / "content_src"
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*") if p.is_file()}


# --- new-module ------------------------------------------------------------------------------------


@pytest.mark.build
def test_new_module_is_checked_built_and_found_in_navigation_and_search(mini_site: Path) -> None:
    created = real_cli(mini_site, "new-module", "gamma", "--title", "ガンマ入門")
    assert created.returncode == 0, created.stderr
    assert "content_src/modules/gamma.yml" in created.stdout

    check = real_cli(mini_site, "check")
    assert check.returncode == 0, check.stderr
    assert "content_src/modules/gamma.yml" in check.stdout  # what is left to write is listed (warnings)

    build = mkdocs_build(mini_site)
    assert build.returncode == 0, build.stderr
    home = (mini_site / "site" / "index.html").read_text("utf-8")
    assert re.search(r'href="modules/gamma/"[^>]*>\s*(<[^>]+>\s*)*ガンマ入門', home)
    assert home.index('href="modules/beta/"') < home.index('href="modules/gamma/"')
    docs = search_documents(mini_site / "site")
    assert any(doc["location"] == "modules/gamma/" and doc["title"] == "ガンマ入門" for doc in docs)


def test_new_module_in_a_block_list_adds_one_line_and_keeps_comments(project: Path) -> None:
    course = project / "content_src" / "course.yml"
    before = course.read_text("utf-8").splitlines()
    assert macros_cli(project, "new-module", "one-on-one", "--title", "実践スキル3：1on1 の準備").returncode == 0
    after = course.read_text("utf-8").splitlines()
    at = before.index("  - action-plan") + 1
    assert after == before[:at] + ["  - one-on-one"] + before[at:]
    assert errors(project) == []


def test_new_module_in_a_flow_list_changes_only_that_list(mini: Path) -> None:
    course = mini / "content_src" / "course.yml"
    before = course.read_text("utf-8")
    assert macros_cli(mini, "new-module", "gamma", "--title", "ガンマ").returncode == 0
    assert course.read_text("utf-8") == before.replace("modules: [alpha, beta]", "modules: [alpha, beta, gamma]")


def test_new_module_keeps_windows_line_ends(mini: Path) -> None:
    course = mini / "content_src" / "course.yml"
    course.write_bytes(
        course.read_bytes().replace(b"modules: [alpha, beta]", b"modules:\n  - alpha\n  - beta").replace(b"\n", b"\r\n")
    )
    assert macros_cli(mini, "new-module", "gamma", "--title", "ガンマ").returncode == 0
    text = course.read_bytes()
    assert b"  - beta\r\n  - gamma\r\n" in text and text.count(b"\n") == text.count(b"\r\n")


def test_a_title_that_needs_quoting_is_quoted(mini: Path) -> None:
    title = "ガンマ: #1 'はじめに'"
    assert macros_cli(mini, "new-module", "gamma", "--title", title).returncode == 0
    assert yaml.safe_load((mini / "content_src/modules/gamma.yml").read_text("utf-8"))["title"] == title
    assert errors(mini) == []


@pytest.mark.parametrize("module_id", ["123", "no", "0x1f"])
def test_an_id_that_yaml_would_read_as_a_number_or_boolean_stays_text(mini: Path, module_id: str) -> None:
    assert macros_cli(mini, "new-module", module_id, "--title", "数字の id").returncode == 0
    assert macros_cli(mini, "new-question", module_id, "--type", "single").returncode == 0
    course = yaml.safe_load((mini / "content_src/course.yml").read_text("utf-8"))
    assert course["modules"] == ["alpha", "beta", module_id]
    assert errors(mini) == []


@pytest.mark.parametrize("module_id", ["alpha", "beta"])
def test_new_module_refuses_an_existing_id(mini: Path, module_id: str) -> None:
    before = snapshot(mini)
    result = macros_cli(mini, "new-module", module_id, "--title", "重複")
    assert result.returncode == 2
    assert "すでにあります" in result.stderr
    assert snapshot(mini) == before


def test_new_module_refuses_an_id_listed_in_course_without_a_file(mini: Path) -> None:
    course = mini / "content_src" / "course.yml"
    course.write_text(course.read_text("utf-8").replace("[alpha, beta]", "[alpha, beta, gamma]"), "utf-8")
    before = snapshot(mini)
    result = macros_cli(mini, "new-module", "gamma", "--title", "ガンマ")
    assert (result.returncode, "course.yml の modules にすでにあります" in result.stderr) == (2, True)
    assert snapshot(mini) == before


@pytest.mark.parametrize("module_id", ["Gamma", "gamma_1", "-gamma", "ガンマ", "gamma.yml", "../gamma", "a" * 65])
def test_new_module_refuses_an_invalid_id(mini: Path, module_id: str) -> None:
    before = snapshot(mini)
    result = macros_cli(mini, "new-module", "--title", "ガンマ", "--", module_id)
    assert result.returncode == 2
    assert "半角英小文字・数字・ハイフン" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(mini) == before


@pytest.mark.parametrize("title", ["", "   ", "一行目\n二行目"])
def test_new_module_refuses_a_title_that_is_not_one_line(mini: Path, title: str) -> None:
    result = macros_cli(mini, "new-module", "gamma", "--title", title)
    assert (result.returncode, "タイトル" in result.stderr) == (2, True)
    assert not (mini / "content_src/modules/gamma.yml").exists()


# --- new-question ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_new_question_of_each_type_passes_the_check(mini: Path, kind: str) -> None:
    result = macros_cli(mini, "new-question", "alpha", "--type", kind)
    assert result.returncode == 0, result.stderr
    assert errors(mini) == []
    quiz = yaml.safe_load((mini / "content_src/modules/alpha.yml").read_text("utf-8"))["quiz"]
    assert [q["id"] for q in quiz] == ["a-q1", "a-q2", "a-q3", "a-q4", "a-q5"]  # continues the module's numbering
    assert quiz[-1]["type"] == kind
    assert "'a-q5'" in result.stdout


def test_new_question_only_inserts_lines_after_the_last_question(mini: Path) -> None:
    alpha = mini / "content_src/modules/alpha.yml"
    before = alpha.read_text("utf-8").splitlines()
    assert macros_cli(mini, "new-question", "alpha", "--type", "single").returncode == 0
    after = alpha.read_text("utf-8").splitlines()
    changes = [op for op in SequenceMatcher(None, before, after, autojunk=False).get_opcodes() if op[0] != "equal"]
    [(kind, at, _, start, end)] = changes
    assert kind == "insert" and after[start] == "  - id: a-q5"
    last_question = max(i for i, line in enumerate(before) if line.startswith("  - id: a-q4"))
    assert at > last_question and all(line.startswith("    ") for line in before[last_question + 1 : at])
    assert all(line.startswith("  ") for line in after[start:end])


def test_new_question_starts_a_quiz_in_a_module_without_one(mini: Path) -> None:
    assert real_cli(mini, "new-question", "beta", "--type", "true_false").returncode == 0
    quiz = yaml.safe_load((mini / "content_src/modules/beta.yml").read_text("utf-8"))["quiz"]
    assert [q["id"] for q in quiz] == ["beta-q01"]
    assert errors(mini) == []


def test_new_question_id_is_unique_across_the_course(mini: Path) -> None:
    alpha = mini / "content_src/modules/alpha.yml"
    alpha.write_text(alpha.read_text("utf-8").replace("id: a-q4", "id: beta-q01"), "utf-8")
    assert macros_cli(mini, "new-question", "beta", "--type", "single").returncode == 0
    quiz = yaml.safe_load((mini / "content_src/modules/beta.yml").read_text("utf-8"))["quiz"]
    assert [q["id"] for q in quiz] == ["beta-q02"]
    assert errors(mini) == []


def test_new_question_in_a_new_module_after_the_scaffold(mini: Path) -> None:
    assert macros_cli(mini, "new-module", "gamma", "--title", "ガンマ").returncode == 0
    for kind in QUESTION_TYPES:
        assert macros_cli(mini, "new-question", "gamma", "--type", kind).returncode == 0
    quiz = yaml.safe_load((mini / "content_src/modules/gamma.yml").read_text("utf-8"))["quiz"]
    assert [q["id"] for q in quiz] == ["gamma-q01", "gamma-q02", "gamma-q03", "gamma-q04"]
    assert errors(mini) == []


def test_new_question_refuses_an_unknown_module(mini: Path) -> None:
    result = macros_cli(mini, "new-question", "gamma", "--type", "single")
    assert (result.returncode, "content_src/modules/gamma.yml がありません" in result.stderr) == (2, True)


def test_new_question_refuses_a_module_it_cannot_read_and_says_where(mini: Path) -> None:
    alpha = mini / "content_src/modules/alpha.yml"
    alpha.write_bytes((FIXTURES / "broken" / "syntax-error.yml").read_bytes())
    before = alpha.read_bytes()
    result = macros_cli(mini, "new-question", "alpha", "--type", "single")
    assert result.returncode == 2
    assert "content_src/modules/alpha.yml:4:3: error[yaml-indent]" in result.stderr
    assert alpha.read_bytes() == before


def test_new_question_refuses_an_unknown_type(mini: Path) -> None:
    result = macros_cli(mini, "new-question", "alpha", "--type", "essay")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


# --- the templates themselves ------------------------------------------------------------------------


def test_each_question_scaffold_is_one_valid_question_of_its_type() -> None:
    question_schema = {"$ref": "module.schema.json#/$defs/question"}
    for kind, entry in QUESTION_TYPES.items():
        [item] = yaml.safe_load(entry.scaffold)
        assert item["type"] == kind
        item = {**item, "id": "x-q01"}
        assert list(validator("module").evolve(schema=question_schema).iter_errors(item)) == [], kind


def test_module_template_has_the_modules_modeline() -> None:
    first = MODULE_TEMPLATE.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../macros/schemas/module.schema.json"


def test_new_module_suggests_a_check_command_that_works_without_an_activated_venv(mini: Path) -> None:
    """The next step names the Python that ran the command, so copying it works (a bare `python` may not
    have the engine); from the project folder that is `.venv/bin/python` (`.venv\\Scripts\\python.exe`)."""
    done = subprocess.run(
        [sys.executable, "-m", "macros", "new-module", "next-step", "--title", "次"],
        cwd=mini,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    [command] = re.findall(r"残っている作業は (.+) で確認できます。", done.stdout)
    assert command == f"{sys.executable} -m macros check"
    checked = subprocess.run(
        [*command.removesuffix(" -m macros check").split(), "-m", "macros", "check"],
        cwd=mini,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "placeholder" in checked.stdout + checked.stderr


@pytest.mark.build
def test_new_module_skeleton_has_no_house_style_finding(mini: Path) -> None:
    """What the skeleton says (「振り返り」, 「2〜3文」, 「1つ」) is house style: an author copies it."""
    from macros.style import lint

    assert macros_cli(mini, "new-module", "gamma", "--title", "ガンマ入門").returncode == 0
    findings, _ = lint(mini)
    assert [f for f in findings if f.path.endswith("modules/gamma.yml")] == [], format_text(findings)
