"""Findings: what the checker reports. Checks return findings; they never print or raise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one content file, located precisely enough for an editor or a PR annotation."""

    path: str
    line: int
    column: int
    check: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    #: What a parser or validator said (PyYAML's English): shown on its own line, never inside `message`.
    detail: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CourseError(Exception):
    """The project's one exception: content that cannot be built. Carries every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(format_text(findings))


def relative(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project, as authors see them in a pull request."""
    if path.is_relative_to(root) and ".." not in path.parts:  # the usual case: no file system call
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def format_text(findings: list[Finding]) -> str:
    """`path:line:column: severity[check]: message` plus an indented hint and detail, then a count."""
    lines: list[str] = []
    for f in sorted(findings):
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.severity.value}[{f.check}]: {f.message}")
        if f.hint:
            lines.append(f"    ヒント: {f.hint}")
        if f.detail:
            lines.append(f"    詳細: {f.detail}")
    lines.append(totals(findings))
    return "\n".join(lines)


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


#: GitHub shows at most this many error and this many warning annotations per step (and 10 notices); the
#: rest are dropped without a word (actions/toolkit docs/problem-matchers.md, "Limitations").
ANNOTATIONS_PER_KIND = 10
#: A step summary may take 1 MiB; the table stops well before that.
SUMMARY_LIMIT = 900_000


def totals(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    return f"{errors} 件のエラー、{len(findings) - errors} 件の警告"


def _annotation(f: Finding) -> str:
    text = (
        f"[{f.check}] {f.message}"
        + (f"\n ヒント: {f.hint}" if f.hint else "")
        + (f"\n 詳細: {f.detail}" if f.detail else "")
    )
    return (
        f"::{f.severity.value} file={_escape_github(f.path, property_=True)},"
        f"line={f.line},col={f.column},title={_escape_github(f.check, property_=True)}::{_escape_github(text)}"
    )


def format_github(findings: list[Finding], limit: int = ANNOTATIONS_PER_KIND) -> str:
    """GitHub Actions workflow commands, so each finding is annotated on its line in the pull request.

    Only as many of each severity as GitHub shows (errors in file order first); a notice says how many
    more there are and where to read them (the step summary, `summary_markdown`)."""
    ordered = sorted(findings, key=lambda f: (not f.is_error, f))
    shown: list[Finding] = []
    for severity in Severity:
        shown += [f for f in ordered if f.severity is severity][:limit]
    lines = [_annotation(f) for f in shown]
    if hidden := len(findings) - len(shown):
        lines.append(
            f"::notice title=ほかの指摘::{_escape_github(f'注釈は種類ごとに {limit} 件までしか表示されないため、ほかの {hidden} 件は、このジョブの概要（Summary）の表と、ログの一覧にあります。')}"
        )
    return "\n".join(lines)


def _cell(value: str) -> str:
    """Text in one Markdown table cell: no line break, no column bar, no HTML."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def summary_markdown(findings: list[Finding], title: str) -> str:
    """The job summary: every finding in a table, and the totals (GitHub renders it on the run's page)."""
    lines = [f"## {title}: {totals(findings)}", ""]
    if findings:
        lines += ["| 場所 | 種類 | 検査 id | 内容 | ヒント |", "|---|---|---|---|---|"]
    size = sum(len(line) for line in lines)
    for number, f in enumerate(sorted(findings, key=lambda f: (not f.is_error, f))):
        row = (
            f"| `{_cell(f.path)}:{f.line}:{f.column}` | {'エラー' if f.is_error else '警告'} | `{f.check}` | "
            f"{_cell(f.message)} | {_cell(f.hint)} |"
        )
        size += len(row.encode("utf-8")) + 1
        if size > SUMMARY_LIMIT:
            lines += ["", f"（表が長すぎるため、ほかの {len(findings) - number} 件はログを見てください。）"]
            break
        lines.append(row)
    return "\n".join(lines) + "\n"
