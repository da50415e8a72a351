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
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    lines.append(f"{errors} 件のエラー、{warnings} 件の警告")
    return "\n".join(lines)


def _escape_github(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands, so each finding is annotated on its line in the pull request."""
    lines = []
    for f in sorted(findings):
        text = (f"[{f.check}] {f.message}" + (f"\n ヒント: {f.hint}" if f.hint else "")
                + (f"\n 詳細: {f.detail}" if f.detail else ""))
        lines.append(
            f"::{f.severity.value} file={_escape_github(f.path, property_=True)},"
            f"line={f.line},col={f.column},title={_escape_github(f.check, property_=True)}::"
            f"{_escape_github(text)}"
        )
    return "\n".join(lines)
