"""Read one YAML content file into plain data, remembering where every value came from.

PyYAML alone is not enough for authors: it keeps the last of two duplicate keys silently, forgets
line numbers once data is constructed, expands aliases without limit ("billion laughs") and recurses
on deep nesting. This module refuses those cases with a finding and keeps a position for every key
path, so later checks can point at `file:line:column`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .findings import Finding, relative

#: A module file is tens of kilobytes; anything near this limit is a mistake (or an attack).
MAX_BYTES = 1_000_000
#: Content nests about six levels deep (module → quiz → question → options → option → text).
MAX_DEPTH = 32

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: its data and the (line, column) of every key path in it, 1-based."""

    path: Path
    display: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, key_path: KeyPath) -> tuple[int, int]:
        """The position of the value at `key_path`, or of its nearest ancestor that has one."""
        for end in range(len(key_path), -1, -1):
            pos = self.positions.get(tuple(key_path[:end]))
            if pos:
                return pos
        return (1, 1)

    def finding(self, key_path: KeyPath, check: str, message: str, hint: str = "") -> Finding:
        line, column = self.where(key_path)
        return Finding(self.display, line, column, check, message, hint)


def format_key_path(key_path: KeyPath) -> str:
    """`quiz[3].options[1].explanation` — the way authors count in YAML lists is 0-based, as in the schema."""
    out = ""
    for part in key_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（ファイル全体）"


def load_yaml(path: Path, root: Path) -> tuple[Document | None, list[Finding]]:
    """Parse `path`; on any problem return no document and findings that say where and how to fix it."""
    display = relative(path, root)

    def fail(line: int, column: int, check: str, message: str, hint: str) -> tuple[None, list[Finding]]:
        return None, [Finding(display, line, column, check, message, hint)]

    size = path.stat().st_size
    if size > MAX_BYTES:
        return fail(1, 1, "file-too-large",
                    f"ファイルが大きすぎます（{size:,} バイト、上限 {MAX_BYTES:,} バイト）。",
                    "1 つのモジュールを複数のファイルに分けてください。")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(line, column, "not-utf8",
                    f"UTF-8 として読めない文字があります（{exc.start} バイト目）。",
                    "エディタで文字コードを UTF-8 にして保存し直してください（Shift_JIS などは使えません）。")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return fail(line, 1, "not-text", "NUL 文字が含まれています。テキストファイルではないようです。",
                    "YAML のテキストファイルを保存し直してください。")

    problem = _scan_events(text)
    if problem:
        return fail(*problem)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as exc:
        return fail(*_syntax_problem(exc))
    if node is None:
        return fail(1, 1, "empty-file", "ファイルが空です。",
                    "テンプレートからファイルを作り直すか、不要なら削除して course.yml からも外してください。")

    doc = Document(path, display, None)
    findings: list[Finding] = []
    doc.data = _convert(node, (), doc, findings, SafeConstructor())
    return (None if findings else doc), findings


def _scan_events(text: str) -> tuple[int, int, str, str, str] | None:
    """Walk the event stream (iterative, cheap) to refuse aliases and deep nesting before composing."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1, "too-deep",
                            f"入れ子が深すぎます（{MAX_DEPTH} 段まで）。",
                            "インデントや括弧の閉じ忘れがないか確認してください。")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1, "yaml-alias",
                        f"YAML のエイリアス（*{event.anchor}）は使えません。",
                        "同じ内容が必要なら、その場所に書き写してください（&名前 と *名前 は使えません）。")
    except yaml.YAMLError as exc:
        return _syntax_problem(exc)
    return None


def _syntax_problem(exc: yaml.YAMLError) -> tuple[int, int, str, str, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    return (line, column, "yaml-syntax", f"YAML の書き方に誤りがあります: {detail}",
            "この行か直前の行のインデント、引用符の閉じ忘れを確認してください。"
            "「: 」や「#」を含む文は \"…\" で囲むか、| を使った複数行の書き方にします。")


def _convert(node: yaml.Node, key_path: KeyPath, doc: Document, findings: list[Finding],
             constructor: SafeConstructor) -> Any:
    # A mapping value is located at its key (where authors look); anything else at its own start.
    doc.positions.setdefault(key_path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                mark = key_node.start_mark
                findings.append(Finding(doc.display, mark.line + 1, mark.column + 1, "bad-key",
                                        "キーには文字列を書いてください。", "「キー: 値」の形にします。"))
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in first_seen:
                findings.append(Finding(
                    doc.display, line, key_node.start_mark.column + 1, "duplicate-key",
                    f"キー '{key}' が同じ階層に 2 回あります（最初は {first_seen[key]} 行目）。",
                    "どちらか一方を削除するか、まとめてください。YAML では後の値が前の値を黙って上書きします。"))
                continue
            first_seen[key] = line
            doc.positions[(*key_path, key)] = (line, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, (*key_path, key), doc, findings, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*key_path, i), doc, findings, constructor) for i, item in enumerate(node.value)]
    try:
        return constructor.construct_object(node)
    except yaml.YAMLError as exc:
        line, column, check, message, hint = _syntax_problem(exc)
        findings.append(Finding(doc.display, line, column, check, message, hint))
        return None
