"""Style lint: the house style (CONTRIBUTING.md「表記のルール」) checked with textlint and prh.

textlint reads files, not YAML values, and reports positions in those files. So every text value of
content_src/ is written to its own temporary Markdown file, named by its kind (`00042.option.md`), so the
house rules in style/rules/ know an option text from an explanation; textlint runs once on all of them with
the JSON formatter; and each finding is mapped back to `content_src/…yml:line:column` (macros.textspans).

`--fix` applies the fixes textlint proposes (prh's replacements, a missing or extra 「。」, a verdict opener)
inside the text values only: a fix is applied where the value's characters are written as they are in the
file, and a file is rewritten only if it then reads back to exactly the fixed values. Anything else is
left for the author, and `style` is run again afterwards.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .command import this_python
from .findings import Finding, relative
from .load import KeyPath, load_yaml
from .textspans import LineIndex, TextValue, text_values

#: Exit status when textlint cannot run (as for a refused command): not a finding in the content.
UNAVAILABLE = 2
#: Where package.json, node_modules/, .textlintrc.json and style/ are: this project, whatever content is linted.
TOOLS = Path(__file__).resolve().parent.parent

#: Values that are not prose: ids, enumerations, URLs, names and bibliographic data (cited as they are).
_SKIP_KEYS = {"id", "type", "kind", "url", "year", "english", "reading", "authors", "date", "contact"}
#: `aliases` are what learners type, misspellings included (フォロアーシップ): never "fixed" to house style.
_SKIP_LISTS = {"modules", "required_modules", "references", "related", "glossary", "aliases"}
_SKIP_IN_REFERENCES = {"title", "source"}
_KINDS = {
    "explanation": "explanation",
    "explanation_true": "explanation",
    "explanation_false": "explanation",
    "situation": "sentence",
    "question": "sentence",
    "body": "body",
    "advanced": "body",
}

#: What to do about a finding of a preset rule (the house rules and prh carry their own hint).
_HINTS = {
    "ja-technical-writing/no-dropping-the-ra": "「見れる」→「見られる」のように、ら抜き言葉を直します。",
    "ja-technical-writing/ja-no-abusage": "よくある誤用です。辞書で確かめて書き直します。",
    "ja-technical-writing/arabic-kanji-numbers": "数えられる数は算用数字（半角）、慣用句や概数は漢数字で書きます。",
    "ja-technical-writing/no-unmatched-pair": "括弧やかぎ括弧の閉じ忘れがないか確かめます。",
    "ja-technical-writing/no-hankaku-kana": "半角カタカナは全角にします。",
    "house-desumasu": "本文・解説・場面の説明は「です・ます」調で書きます。",
    "house-option-ending": "選択肢は「〜する」「〜こと」のように、句点なしで終えます。",
    "house-sentence-ending": "解説・場面の説明・本文の段落は「。」で終えます。",
    "house-explanation-opener": "「〜だからです」のように、理由から書き始めます。",
}
_PRH = re.compile(r"^(?P<actual>.*?) => (?P<expected>.*?)(?:\n(?P<note>.*))?$", re.DOTALL)
_DEARU = re.compile(r'"である"調 の箇所があります: "(?P<part>[^"]*)"')


class StyleUnavailable(Exception):
    """textlint cannot run here (no Node.js, or `npm ci` not run): the message says what to do."""


@dataclass(frozen=True)
class Item:
    """One text value to lint: where it is, what it is, and the file it came from."""

    path: Path
    display: str
    source: str
    value: TextValue
    kind: str


@dataclass(frozen=True)
class Fix:
    item: Item
    start: int
    end: int
    text: str


def kind_of(key_path: KeyPath, file_name: str, in_module: bool = True) -> str | None:
    """The kind of text at `key_path` (option, explanation, sentence, body, text), or None if not prose.

    Only module files have options, explanations and bodies; elsewhere (ui.yml's labels) all text is `text`.
    """
    keys = [k for k in key_path if isinstance(k, str)]
    if not keys:
        return None
    last = keys[-1]
    if isinstance(key_path[-1], int) and last in _SKIP_LISTS:
        return None
    if last in _SKIP_KEYS or (file_name == "references.yml" and last in _SKIP_IN_REFERENCES):
        return None
    if not in_module:
        return "text"
    if last == "text" and "options" in keys:
        return "option"
    return _KINDS.get(last, "text")


def collect(root: Path) -> tuple[list[Item], list[Finding]]:
    """Every prose value of content_src/, and the findings of files that cannot be read (as in `check`)."""
    items: list[Item] = []
    problems: list[Finding] = []
    for path in sorted((root / "content_src").rglob("*.yml")):
        doc, findings = load_yaml(path, root)
        if doc is None:
            problems.extend(findings)
            continue
        source = path.read_text("utf-8-sig")
        for value in text_values(source):
            kind = kind_of(value.key_path, path.name, path.parent.name == "modules")
            if kind and value.value.strip():
                items.append(Item(path, relative(path, root), source, value, kind))
    return items, problems


def textlint_command(root: Path = TOOLS) -> list[str]:
    """The command that runs the project's pinned textlint; StyleUnavailable if it is not installed."""
    node = shutil.which("node")
    if node is None:
        raise StyleUnavailable(
            "Node.js（node コマンド）が見つかりません。Node.js 18 以上を入れてから bash .ci/setup を実行してください。"
        )
    script = root / "node_modules" / "textlint" / "bin" / "textlint.js"
    if not script.is_file():
        raise StyleUnavailable(
            "textlint が入っていません。プロジェクトのフォルダで npm ci を実行してください"
            "（bash .ci/setup も実行します）。"
        )
    return [
        node,
        str(script),
        "--config",
        str(root / ".textlintrc.json"),
        "--rulesdir",
        str(root / "style" / "rules"),
        "--format",
        "json",
    ]


def run_textlint(items: list[Item], tools: Path = TOOLS) -> list[list[dict[str, Any]]]:
    """textlint's messages for each item, in the order of `items` (one textlint run for all of them)."""
    command = textlint_command(tools)
    with tempfile.TemporaryDirectory(prefix="course-style-") as tmp:
        files = []
        for number, item in enumerate(items):
            file = Path(tmp) / f"{number:05d}.{item.kind}.md"
            file.write_text(item.value.value, "utf-8")
            files.append(file)
        try:
            done = subprocess.run(
                [*command, *map(str, files)],
                cwd=tools,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise StyleUnavailable(f"textlint を実行できませんでした（{error}）。") from error
        try:
            results = json.loads(done.stdout)
        except json.JSONDecodeError as error:
            detail = (done.stderr or done.stdout).strip().splitlines()[:3]
            raise StyleUnavailable(
                "textlint が結果を返しませんでした（設定や辞書の誤りかもしれません）: " + " / ".join(detail)
            ) from error
    by_file = {Path(result["filePath"]).name: result["messages"] for result in results}
    return [by_file.get(file.name, []) for file in files]


def to_finding(item: Item, message: dict[str, Any], lines: LineIndex | None = None) -> Finding:
    """A textlint message as an author-facing finding on the YAML file's line and column."""
    offset = (message.get("range") or [message.get("index", 0)])[0]
    offset = min(max(offset, 0), len(item.value.value))
    line, column = (lines or LineIndex(item.source)).at(item.value.offsets[offset])
    rule = str(message.get("ruleId", "textlint"))
    text = str(message.get("message", ""))
    hint = _HINTS.get(rule, "")
    if " => " in text and (match := _PRH.match(text)):  # prh, and the preset's arabic-kanji-numbers
        shown = {name: (match.group(name) or "").replace(" ", "␣") for name in ("actual", "expected")}
        text = f"「{shown['actual']}」は「{shown['expected']}」と書きます。"
        hint = hint or (match.group("note") or "").strip()
    elif rule == "house-desumasu" and (match := _DEARU.search(text)):
        text = f"「です・ます」調の文章に「である」調（「{match.group('part')}」）が混じっています。"
    if message.get("fix"):
        hint += f"（{this_python()} -m macros style --fix で直せます）"
    return Finding(item.display, line, column, f"style:{rule}", text.replace("\n", " "), hint)


def lint(root: Path, tools: Path = TOOLS) -> tuple[list[Finding], list[Fix]]:
    """All style findings of root/content_src/ and the fixes textlint proposes for them."""
    items, findings = collect(root)
    fixes: list[Fix] = []
    lines: dict[Path, LineIndex] = {}
    for item, messages in zip(items, run_textlint(items, tools) if items else []):
        for message in messages:
            if item.path not in lines:
                lines[item.path] = LineIndex(item.source)
            findings.append(to_finding(item, message, lines[item.path]))
            if fix := message.get("fix"):
                start, end = fix["range"]
                fixes.append(Fix(item, start, end, fix["text"]))
    return findings, fixes


def _file_range(fix: Fix, source: str) -> tuple[int, int] | None:
    """Where in the file the fix's range is, if it can be replaced there as it is; None otherwise.

    Either the range is written verbatim, or the fix deletes whole lines of a literal block (`|`): then the
    file lines go, indentation included.
    """
    value = fix.item.value
    text = value.value
    if "\n" not in text[fix.start : fix.end] and value.is_verbatim(fix.start, fix.end, source):
        begin = value.offsets[fix.start]
        return begin, begin + fix.end - fix.start
    whole_lines = (
        value.style == "|"
        and not fix.text
        and fix.end > fix.start
        and text[fix.end - 1] == "\n"
        and (fix.start == 0 or text[fix.start - 1] == "\n")
        and fix.end < len(text)
    )
    if whole_lines:
        begin, end = value.offsets[fix.start], value.offsets[fix.end]
        return source.rfind("\n", 0, begin) + 1, source.rfind("\n", 0, end) + 1
    return None


def apply_fixes(fixes: list[Fix]) -> tuple[list[Path], int]:
    """Write the fixes into the YAML files; return the files changed and how many fixes were left out.

    A fix is left out when its range is not written verbatim in the file (a line break inside a block,
    an escape, folding) or overlaps another fix of the same value; a file whose new text does not read
    back to exactly the expected values is not written at all.
    """
    by_file: dict[Path, list[Fix]] = {}
    for fix in fixes:
        by_file.setdefault(fix.item.path, []).append(fix)
    changed: list[Path] = []
    skipped = 0
    for path, file_fixes in by_file.items():
        source = file_fixes[0].item.source
        edits: list[tuple[int, int, str]] = []
        expected: dict[KeyPath, str] = {}
        by_value: dict[KeyPath, list[Fix]] = {}
        for fix in file_fixes:
            by_value.setdefault(fix.item.value.key_path, []).append(fix)
        for key_path, value_fixes in by_value.items():
            value = value_fixes[0].item.value
            new_value, last_end = value.value, -1
            applied = []
            for fix in sorted(value_fixes, key=lambda f: (f.start, f.end)):
                where = None if fix.start < last_end else _file_range(fix, source)
                if where is None:
                    skipped += 1
                    continue
                applied.append(fix)
                edits.append((*where, fix.text))
                last_end = fix.end
            for fix in reversed(applied):
                new_value = new_value[: fix.start] + fix.text + new_value[fix.end :]
            if applied:
                expected[key_path] = new_value
        if not edits:
            continue
        new_source = source
        for begin, end, text in sorted(edits, reverse=True):
            new_source = new_source[:begin] + text + new_source[end:]
        before = {v.key_path: v.value for v in text_values(source)}
        try:
            after = {v.key_path: v.value for v in text_values(new_source)}
        except Exception:  # noqa: BLE001 - any parse failure means: do not write this file
            after = {}
        if after != {**before, **expected}:
            skipped += sum(1 for _ in file_fixes)
            continue
        path.write_text(new_source, "utf-8")
        changed.append(path)
    return changed, skipped
