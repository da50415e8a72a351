"""Pull-request annotations: `check --format github` prints GitHub Actions workflow commands, byte for byte.

GitHub reads `::severity file=…,line=…,col=…,title=…::message`: in the message `%`, CR and LF must be
escaped (%25, %0D, %0A) or the message is cut at the line break; in a property `:` and `,` must be too,
or `,` starts the next property. A comma in the message itself is plain text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

from macros.check import check_project
from macros.findings import Finding, Severity, format_github, summary_markdown


def test_a_finding_with_newline_percent_and_comma_is_one_exact_annotation() -> None:
    finding = Finding(
        "content_src/modules/alpha.yml",
        12,
        7,
        "too-few-questions",
        "問題が 4 問です。\n合格点 80% には, 6 問以上が必要です。",
        "追加してください, 100% まで",
        Severity.WARNING,
    )
    assert format_github([finding]) == (
        "::warning file=content_src/modules/alpha.yml,line=12,col=7,title=too-few-questions::"
        "[too-few-questions] 問題が 4 問です。%0A合格点 80%25 には, 6 問以上が必要です。%0A ヒント: 追加してください, 100%25 まで"
    )


def test_comma_and_colon_in_a_property_are_escaped() -> None:
    finding = Finding("content_src/a,b:c.yml", 1, 1, "yaml-syntax", "誤り\r\nです", "")
    assert format_github([finding]) == (
        "::error file=content_src/a%2Cb%3Ac.yml,line=1,col=1,title=yaml-syntax::[yaml-syntax] 誤り%0D%0Aです"
    )


def test_one_line_per_finding_in_file_order() -> None:
    later = Finding("content_src/modules/b.yml", 2, 1, "orphan-term", "後", "", Severity.WARNING)
    first = Finding("content_src/modules/a.yml", 9, 3, "duplicate-key", "先", "")
    assert format_github([later, first]).splitlines() == [
        "::error file=content_src/modules/a.yml,line=9,col=3,title=duplicate-key::[duplicate-key] 先",
        "::warning file=content_src/modules/b.yml,line=2,col=1,title=orphan-term::[orphan-term] 後",
    ]


def run_github(project: Path, summary: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    return subprocess.run(
        [sys.executable, "-m", "macros", "check", "--format", "github", "--root", str(project)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_cli_annotates_an_error_and_exits_1(mini: Path) -> None:
    (mini / "content_src" / "modules" / "alpha.yml").write_bytes(
        (FIXTURES / "broken" / "duplicate-key.yml").read_bytes()
    )
    result = run_github(mini)
    assert result.returncode == 1
    assert result.stdout.startswith("::")
    assert "::error file=content_src/modules/alpha.yml,line=3,col=1,title=duplicate-key::" in result.stdout


def test_cli_annotates_a_warning_and_exits_0(mini: Path) -> None:
    glossary = mini / "content_src" / "glossary.yml"
    glossary.write_text(
        glossary.read_text("utf-8") + "  - id: term-three\n    term: 三\n    definition: 定義。\n", "utf-8"
    )
    result = run_github(mini)
    assert result.returncode == 0
    *annotations, total = result.stdout.splitlines()
    assert all(line.startswith("::warning ") for line in annotations)
    assert total == f"0 件のエラー、{len(annotations)} 件の警告"
    assert ",title=orphan-term::[orphan-term] 用語 'term-three'" in result.stdout


def many_findings(project: Path, errors: int, warnings: int) -> None:
    """`errors` unknown-module errors in one module and `warnings` orphan-term warnings in the glossary."""
    alpha = project / "content_src" / "modules" / "alpha.yml"
    missing = ", ".join(f"missing-{i:02d}" for i in range(errors))
    alpha.write_text(alpha.read_text("utf-8").replace("related: [beta]", f"related: [beta, {missing}]"), "utf-8")
    glossary = project / "content_src" / "glossary.yml"
    glossary.write_text(
        glossary.read_text("utf-8")
        + "".join(f"  - id: term-x{i:02d}\n    term: 語{i}\n    definition: 定義です。\n" for i in range(warnings)),
        "utf-8",
    )


def test_annotations_stay_within_githubs_limits_and_the_summary_has_every_finding(mini: Path, tmp_path: Path) -> None:
    many_findings(mini, errors=13, warnings=12)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", "utf-8")  # the runner's file is shared by the job's steps: append
    result = run_github(mini, summary)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert (len(errors), len(warnings)) == (10, 10)
    assert lines.index(errors[-1]) < lines.index(warnings[0])  # errors first: the most important
    findings = check_project(mini).findings
    counted = sum(f.is_error for f in findings), sum(not f.is_error for f in findings)
    assert counted[0] >= 13 and counted[1] >= 12
    [notice] = [line for line in lines if line.startswith("::notice ")]
    assert f"ほかの {len(findings) - 20} 件" in notice
    assert lines[-1] == f"{counted[0]} 件のエラー、{counted[1]} 件の警告"
    table = summary.read_text("utf-8")
    assert table.startswith("earlier step\n## python -m macros check: ")
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == len(findings)
    assert all(f"`{f.path}:{f.line}:{f.column}`" in table for f in findings)


def test_the_summary_table_keeps_each_finding_in_its_cells(tmp_path: Path) -> None:
    finding = Finding("content_src/a.yml", 3, 1, "unknown-field", "項目 'a|b<i>' は使えません。", "削除します。")
    table = summary_markdown([finding], "check")
    [row] = [line for line in table.splitlines() if line.startswith("| `")]
    assert (
        row
        == "| `content_src/a.yml:3:1` | エラー | `unknown-field` | 項目 'a\\|b&lt;i&gt;' は使えません。 | 削除します。 |"
    )
