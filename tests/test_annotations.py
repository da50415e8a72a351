"""Pull-request annotations: `check --format github` prints GitHub Actions workflow commands, byte for byte.

GitHub reads `::severity file=…,line=…,col=…,title=…::message`: in the message `%`, CR and LF must be
escaped (%25, %0D, %0A) or the message is cut at the line break; in a property `:` and `,` must be too,
or `,` starts the next property. A comma in the message itself is plain text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

from macros.findings import Finding, Severity, format_github


def test_a_finding_with_newline_percent_and_comma_is_one_exact_annotation() -> None:
    finding = Finding("content_src/modules/alpha.yml", 12, 7, "too-few-questions",
                      "問題が 4 問です。\n合格点 80% には, 6 問以上が必要です。", "追加してください, 100% まで",
                      Severity.WARNING)
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


def run_github(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "macros", "check", "--format", "github", "--root", str(project)],
                          check=False, capture_output=True, text=True, timeout=60)


def test_cli_annotates_an_error_and_exits_1(mini: Path) -> None:
    (mini / "content_src" / "modules" / "alpha.yml").write_bytes((FIXTURES / "broken" / "duplicate-key.yml").read_bytes())
    result = run_github(mini)
    assert result.returncode == 1
    assert result.stdout.startswith("::")
    assert "::error file=content_src/modules/alpha.yml,line=3,col=1,title=duplicate-key::" in result.stdout


def test_cli_annotates_a_warning_and_exits_0(mini: Path) -> None:
    glossary = mini / "content_src" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + "  - id: term-three\n    term: 三\n    definition: 定義。\n", "utf-8")
    result = run_github(mini)
    assert result.returncode == 0
    assert all(line.startswith("::warning ") for line in result.stdout.splitlines())
    assert ",title=orphan-term::[orphan-term] 用語 'term-three'" in result.stdout
