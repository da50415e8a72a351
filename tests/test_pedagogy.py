"""Pedagogical checks: what each one finds, at which line, and with the severity rules.py gives it."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, mkdocs_build

from macros.check import CheckResult, check_project
from macros.checks import CHECKS, MESSAGES, severity
from macros.findings import Finding, Severity, format_text
from macros.rules import MIN_QUESTIONS, MIN_SCENARIOS

PEDAGOGY = FIXTURES / "pedagogy"
ALPHA = "content_src/modules/alpha.yml"


def use_alpha(project: Path, fixture: str) -> None:
    shutil.copy(PEDAGOGY / fixture, project / ALPHA)


def found(project: Path, check: str, path: str) -> list[Finding]:
    return [f for f in check_project(project).findings if f.check == check and f.path == path]


def add_term(project: Path, term_id: str) -> None:
    glossary = project / "content_src" / "glossary.yml"
    glossary.write_text(
        glossary.read_text("utf-8") + f"  - id: {term_id}\n    term: 新しい用語\n"
        "    definition: どのモジュールも挙げていない用語です。\n",
        "utf-8",
    )


def test_minimums_are_three_scenarios_and_six_questions() -> None:
    assert (MIN_SCENARIOS, MIN_QUESTIONS) == (3, 6)


@pytest.mark.parametrize(("check", "line"), [("too-few-scenarios", 25), ("too-few-questions", 51), ("no-citation", 50)])
def test_one_short_of_a_minimum_is_a_warning_at_its_key(mini: Path, check: str, line: int) -> None:
    use_alpha(mini, "alpha-thin.yml")
    [finding] = found(mini, check, ALPHA)
    assert (finding.line, finding.column, finding.severity) == (line, 1, Severity.WARNING)
    assert finding.hint


@pytest.mark.parametrize("check", ["too-few-scenarios", "too-few-questions", "no-citation"])
def test_a_module_at_the_minimums_has_no_pedagogical_finding(mini: Path, check: str) -> None:
    use_alpha(mini, "alpha-complete.yml")
    assert found(mini, check, ALPHA) == []


def test_a_module_without_a_quiz_is_fine_unless_it_is_required(mini: Path) -> None:
    assert found(mini, "too-few-questions", "content_src/modules/beta.yml") == []
    assert found(mini, "required-without-quiz", "content_src/course.yml") == []
    course = mini / "content_src" / "course.yml"
    course.write_text(
        course.read_text("utf-8").replace("required_modules: [alpha]", "required_modules: [alpha, beta]"), "utf-8"
    )
    [finding] = found(mini, "required-without-quiz", "content_src/course.yml")
    assert finding.severity is Severity.ERROR


def test_orphan_glossary_term_is_a_warning_at_its_id(mini: Path) -> None:
    add_term(mini, "term-three")
    orphans = {f.message.split("'")[1]: f for f in found(mini, "orphan-term", "content_src/glossary.yml")}
    assert orphans["term-three"].severity is Severity.WARNING
    assert orphans["term-three"].line == len((mini / "content_src/glossary.yml").read_text("utf-8").splitlines()) - 2
    assert "term-one" not in orphans  # alpha lists it


def test_orphan_terms_are_not_guessed_while_a_module_is_unreadable(mini: Path) -> None:
    add_term(mini, "term-three")
    shutil.copy(FIXTURES / "broken" / "syntax-error.yml", mini / ALPHA)
    assert found(mini, "orphan-term", "content_src/glossary.yml") == []


def test_template_text_left_in_a_file_is_one_warning_at_the_first_place(mini: Path) -> None:
    alpha = mini / ALPHA
    alpha.write_text(
        alpha.read_text("utf-8")
        .replace("takeaways:\n  - 要点です。", "takeaways:\n  - 【要記入】要点")
        .replace("reflection:\n  - 自分ならどうしますか。", "reflection:\n  - 【要記入】問い"),
        "utf-8",
    )
    [finding] = found(mini, "placeholder", ALPHA)
    assert finding.severity is Severity.WARNING
    assert "2 か所" in finding.message and "reflection[0]" in finding.message


def test_warnings_are_printed_but_the_check_exits_0(mini: Path) -> None:
    add_term(mini, "term-three")
    result = subprocess.run(
        [sys.executable, "-m", "macros", "check", "--root", str(mini)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "content_src/glossary.yml:" in result.stdout and "warning[orphan-term]" in result.stdout
    assert "0 件のエラー" in result.stdout


@pytest.mark.build
@pytest.mark.parametrize("strict", [False, True], ids=["build", "strict"])
def test_warnings_are_shown_by_the_build_and_never_stop_it(mini_site: Path, strict: bool) -> None:
    add_term(mini_site, "term-three")
    result = mkdocs_build(mini_site, *(["--strict"] if strict else []))
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stderr.splitlines() if "'term-three'" in line]
    assert len(shown) == 1 and "content_src/glossary.yml:" in shown[0] and "warning[orphan-term]" in shown[0]
    assert (mini_site / "site" / "modules" / "alpha" / "index.html").is_file()


def test_the_real_course_meets_every_pedagogical_rule(real_check: CheckResult) -> None:
    findings = [f for f in real_check.findings if severity(f.check) is Severity.WARNING]
    assert findings == [], format_text(findings)


# --- one table ------------------------------------------------------------------------------------

#: Where the message key goes in each way a finding is made: checks.finding(path, line, column, key, …),
#: doc.finding(key_path, key, …), load.py's fail(line, column, key, …) and found(key, …).
MESSAGE_ARGUMENT = {"finding": None, "fail": 2, "found": 0, "_Pending": 2, "problem": 0}


def message_keys_in_source() -> set[str]:
    """Every literal message key passed where a finding is made, in every module of the engine."""
    keys: set[str] = set()
    for path in sorted((ROOT / "macros").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called not in MESSAGE_ARGUMENT:
                continue
            # `*where` stands for (line, column): it fills two positions.
            args = [a for arg in node.args for a in ([arg, arg] if isinstance(arg, ast.Starred) else [arg])]
            position = MESSAGE_ARGUMENT[called]
            if position is None:  # checks.finding(path, line, column, key) or doc.finding(key_path, key)
                on_table = isinstance(func, ast.Name) or getattr(func.value, "id", "") == "checks"
                position = 3 if on_table else 1
            candidates = [args[position]] if len(args) > position else []
            for argument in candidates:
                values = [argument.body, argument.orelse] if isinstance(argument, ast.IfExp) else [argument]
                keys |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return keys


def test_every_message_used_is_in_the_table() -> None:
    keys = message_keys_in_source()
    assert len(keys) > 80 and keys - set(MESSAGES) == set()


def test_every_message_of_the_table_is_used() -> None:
    """Each message key is written somewhere in the engine (some are chosen in a variable first)."""
    constants = {
        node.value
        for path in (ROOT / "macros").glob("*.py")
        if path.name != "checks.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert set(MESSAGES) - constants == set()


def test_every_message_belongs_to_a_documented_check() -> None:
    assert {m.check for m in MESSAGES.values() if "{" not in m.check} - set(CHECKS) == set()


def test_severity_is_only_set_by_the_table(mini: Path) -> None:
    use_alpha(mini, "alpha-thin.yml")
    add_term(mini, "term-three")
    for finding in check_project(mini).findings:
        assert finding.severity is severity(finding.check)


def test_an_unknown_check_id_is_an_error() -> None:
    assert severity("schema-dependentRequired") is Severity.ERROR


def test_a_facilitator_timetable_that_does_not_add_up_to_the_module_time_is_reported(mini: Path) -> None:
    alpha = mini / "content_src" / "modules" / "alpha.yml"
    alpha.write_text(re.sub(r"estimated_minutes: \d+", "estimated_minutes: 90", alpha.read_text("utf-8")), "utf-8")
    found = [f for f in check_project(mini).findings if f.check == "timetable-mismatch"]
    assert len(found) == 1 and "90 分" in found[0].message and found[0].path.endswith("alpha.yml")
