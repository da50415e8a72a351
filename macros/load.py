"""Read one YAML content file into plain data, remembering where every value came from.

PyYAML alone is not enough for authors: it keeps the last of two duplicate keys silently, forgets
line numbers once data is constructed, expands aliases without limit ("billion laughs") and recurses
on deep nesting. This module refuses those cases with a finding and keeps a position for every key
path, so later checks can point at `file:line:column`.

It also refuses what would reach a page unseen or break the build later: control, invisible and
non-characters and private-use characters in any text value, as decoded (a YAML escape such as
"\\u202e" is the character itself), and values that JSON has no type for (dates, bytes, sets).
Positions are an editor's: in characters, with only line feeds and carriage returns as line ends.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.resolver import Resolver

from .findings import Finding, relative

#: A module file is tens of kilobytes; anything near this limit is a mistake (or an attack).
MAX_BYTES = 1_000_000
#: Content nests about six levels deep (module → quiz → question → options → option → text).
MAX_DEPTH = 32

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
#: What JSON (and so the schemas and the templates) knows; PyYAML also makes dates, bytes and sets.
JSON_TYPES = (str, int, float, bool, type(None), list, dict)
#: The types an author can mean with a `!!` tag, in the words of the messages.
TAG_WORDS = {"bool": "真偽値", "int": "整数", "float": "数値", "null": "空の値", "timestamp": "日付",
             "binary": "バイナリ"}

# Characters a text value must not carry, checked in the decoded value (so "\u202e" counts as much as the
# character itself). Each is a character class body, split into the Basic Multilingual Plane and the rest:
# a class of BMP characters is a bitmap for `re`, 15 times faster than one with the astral ranges.
#: C0 and C1 controls but tab, line feed and carriage return: NUL, BEL, ESC, U+0085…
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
#: Characters that show nothing, or reorder what is shown (Trojan Source): bidi embeddings, overrides,
#: isolates and marks, zero-width space, word joiner, BOM, line and paragraph separators, Hangul fillers,
#: tag characters. Zero-width (non-)joiners and variation selectors are left alone: emoji and 異体字 use them.
INVISIBLE = ("\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
             "\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb")
INVISIBLE_ASTRAL = "\U000e0000-\U000e007f"
#: Code points that are not characters: U+FDD0–FDEF, the last two of every plane, lone surrogates.
NONCHARACTER = "\ufdd0-\ufdef\ud800-\udfff\ufffe\uffff"
NONCHARACTER_ASTRAL = "".join(chr(plane | 0xfffe) + chr(plane | 0xffff) for plane in range(0x10000, 0x110000, 0x10000))
#: Unicode's private-use areas: vendor glyphs (外字) that show as boxes elsewhere. The renderer's
#: placeholders (U+E000…) are private-use characters too, so none may reach it from content.
PRIVATE_USE = "\ue000-\uf8ff"
PRIVATE_USE_ASTRAL = "\U000f0000-\U0010ffff"
CONTROL_CHARACTER = re.compile(f"[{CONTROL}]")
INVISIBLE_CHARACTER = re.compile(f"[{INVISIBLE}{INVISIBLE_ASTRAL}]")
NONCHARACTER_CHARACTER = re.compile(f"[{NONCHARACTER}{NONCHARACTER_ASTRAL}]")
PRIVATE_USE_CHARACTER = re.compile(f"[{PRIVATE_USE}{PRIVATE_USE_ASTRAL}]")
_REFUSED_BMP = re.compile(f"[{CONTROL}{INVISIBLE}{NONCHARACTER}{PRIVATE_USE}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_REFUSED_ASTRAL = re.compile(f"[{INVISIBLE_ASTRAL}{NONCHARACTER_ASTRAL}{PRIVATE_USE_ASTRAL}]")


def refused_in_text(value: str) -> bool:
    """Whether any of the characters above is in `value` (once per text value: the loader's hot path)."""
    return bool(_REFUSED_BMP.search(value) or (_ASTRAL.search(value) and _REFUSED_ASTRAL.search(value)))


#: In the file itself: what YAML refuses (controls but tab and line ends, U+FFFE, U+FFFF; NUL is `not-text`,
#: found first), and what YAML reads as a line break where editors show none (U+0085, U+2028, U+2029),
#: which would shift every later line number. Found before parsing, each where an editor shows it.
REFUSED_IN_FILE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: A file full of them gets this many findings, not one per character.
MAX_CHARACTER_FINDINGS = 20
#: A text of these alone shows nothing: it is empty, whatever its length.
BLANK = re.compile(f"[\\s{INVISIBLE}{INVISIBLE_ASTRAL}\u00ad\u034f\u200c\u200d\u2800\ufe00-\ufe0f\U000e0100-\U000e01ef]*")

KeyPath = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: its data and the (line, column) of every key path in it, 1-based."""

    path: Path
    display: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    #: Every text value with its key path, in file order (the checks that read all texts use this).
    strings: list[tuple[KeyPath, str]] = field(default_factory=list)

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
        out += f"[{part}]" if isinstance(part, int) else (f".{shown(part)}" if out else shown(part))
    return out or "（ファイル全体）"


_NOT_SHOWN = re.compile(f"[{CONTROL}{INVISIBLE}{INVISIBLE_ASTRAL}{NONCHARACTER}{NONCHARACTER_ASTRAL}\\t\\n\\r]")


def shown(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: on one line (a finding is one line of output), hidden characters
    as escapes (`\\n`, `\\u202e`), cut short when long."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _NOT_SHOWN.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def load_yaml(path: Path, root: Path) -> tuple[Document | None, list[Finding]]:
    """Parse `path`; on any problem return no document and findings that say where and how to fix it."""
    display = relative(path, root)

    def fail(line: int, column: int, check: str, message: str, hint: str) -> tuple[None, list[Finding]]:
        return _refuse(display, (line, column), check, message, hint)

    size = path.stat().st_size
    if size > MAX_BYTES:
        return fail(1, 1, "file-too-large",
                    f"ファイルが大きすぎます（{size:,} バイト、上限 {MAX_BYTES:,} バイト）。",
                    "1 つのモジュールを複数のファイルに分けてください。")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # exc.object: the bytes after a BOM; all valid before exc.start
        before = exc.object[:exc.start].decode("utf-8")
        return fail(*_line_column(before, len(before)), "not-utf8",
                    f"UTF-8 として読めない文字があります（{exc.start + len(raw) - len(exc.object)} バイト目）。",
                    "エディタで文字コードを UTF-8 にして保存し直してください（Shift_JIS などは使えません）。")
    if "\x00" in text:
        return fail(*_line_column(text, text.index("\x00")), "not-text",
                    "NUL 文字が含まれています。テキストファイルではないようです。",
                    "YAML のテキストファイルを保存し直してください。")
    if refused := [_refused_in_file(text, match, display) for match in REFUSED_IN_FILE.finditer(text)]:
        return None, refused[:MAX_CHARACTER_FINDINGS]
    return _build(text, Document(path, display, None))


def _refused_in_file(text: str, match: re.Match[str], display: str) -> Finding:
    """A character YAML cannot read, or would count as a line break where an editor shows none."""
    char = match.group()
    code = f"U+{ord(char):04X}"
    where = _line_column(text, match.start())
    if char in "\u2028\u2029":
        return Finding(display, *where, "invisible-character",
                       f"見えない文字（{code} {unicodedata.name(char)}）があります。YAML はこれを改行として読みます。",
                       "削除してください（改行するなら、ふつうの改行にします）。")
    if char in "\ufffe\uffff":
        return Finding(display, *where, "noncharacter", f"文字ではない符号（{code}）があります。", "削除してください。")
    return Finding(display, *where, "control-character",
                   f"制御文字（{code}）があります。画面には出ませんが、YAML として読めません。",
                   "この文字を削除してください（エディタで表示されないときは、その位置の前後を打ち直します）。")


class _Frame:
    """A mapping or sequence being read: its value so far, where it is, and what comes next in it."""

    __slots__ = ("drop_value", "is_key", "key", "key_path", "seen", "skip", "value")

    def __init__(self, value: dict[str, Any] | list[Any], key_path: KeyPath, skip: bool, is_key: bool = False
                 ) -> None:
        self.value = value
        self.key_path = key_path
        self.skip = skip  # inside a dropped value: read to its end, no position, no finding
        self.is_key = is_key  # a mapping or sequence written where a key belongs (refused)
        self.key: str | None = None  # in a mapping: the key whose value is being read; None between pairs
        self.drop_value = False  # in a mapping: the value of this key is dropped (duplicate or invalid key)
        self.seen: dict[str, int] = {}  # in a mapping: key → line of its first occurrence


def _build(text: str, doc: Document) -> tuple[Document | None, list[Finding]]:
    """Data and positions in one pass over the parser's events: no node tree, no recursion.

    Aliases and nesting deeper than MAX_DEPTH are refused where they are met, before anything is expanded
    (libyaml's own composer crashes on deep nesting). A duplicate key is reported and its value dropped.
    This loop is the checker's hot path (about 650 events per module), hence the flat dispatch on types.
    """
    findings: list[Finding] = []
    positions, strings = doc.positions, doc.strings
    stack: list[_Frame] = []
    document: list[Any] = []  # the document's value, once read
    anchors: dict[str, yaml.Mark] = {}
    first_document: yaml.Mark | None = None
    constructor, resolver = SafeConstructor(), Resolver()
    maybe_typed = set(resolver.yaml_implicit_resolvers) | {""}  # first characters of implicit non-strings
    parser = Loader(text)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.is_key:  # a refused key: its (dropped) value comes next
                    continue
                value: Any = frame.value
            elif kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise ComposerError(f"found duplicate anchor {event.anchor!r}; first occurrence",
                                            anchors[event.anchor], "second occurrence", event.start_mark)
                    anchors[event.anchor] = event.start_mark
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                if kind is not ScalarEvent and len(stack) >= MAX_DEPTH:
                    return _refuse(doc.display, where, "too-deep", f"入れ子が深すぎます（{MAX_DEPTH} 段まで）。",
                                   "インデントや括弧の閉じ忘れがないか確認してください。")
                parent = stack[-1] if stack else None
                if parent is not None and parent.key is None and type(parent.value) is dict:  # a key
                    if kind is not ScalarEvent:
                        if not parent.skip:
                            findings.append(Finding(doc.display, *where, "bad-key", "キーには文字列を書いてください。",
                                                    "「キー: 値」の形にします。"))
                        parent.key, parent.drop_value = "", True
                        stack.append(_Frame([], parent.key_path, skip=True, is_key=True))
                        continue
                    key = event.value
                    parent.key, parent.drop_value = key, parent.skip or key in parent.seen
                    if parent.skip:
                        continue
                    if key in parent.seen:
                        findings.append(Finding(
                            doc.display, *where, "duplicate-key",
                            f"キー '{shown(key)}' が同じ階層に 2 回あります（最初は {parent.seen[key]} 行目）。",
                            "どちらか一方を削除するか、まとめてください。YAML では後の値が前の値を黙って上書きします。"))
                        continue
                    parent.seen[key] = where[0]
                    positions[(*parent.key_path, key)] = where
                    continue
                # A value. A mapping value is located at its key (where authors look), anything else at its start.
                if parent is None:
                    key_path, skip = (), False
                elif type(parent.value) is list:
                    key_path, skip = (*parent.key_path, len(parent.value)), parent.skip
                else:
                    key_path, skip = (*parent.key_path, parent.key), parent.drop_value
                if not skip:
                    positions.setdefault(key_path, where)
                if kind is not ScalarEvent:
                    stack.append(_Frame({} if kind is MappingStartEvent else [], key_path, skip))
                    continue
                if skip:
                    value = None
                elif event.tag is None and (not event.implicit[0] or event.value[:1] not in maybe_typed):
                    value = event.value  # quoted, or plain but not starting like a number, date, bool or null
                    strings.append((key_path, value))
                else:
                    value = _scalar(event, key_path, constructor, resolver, doc, findings)
                    if type(value) is str:
                        strings.append((key_path, value))
                if type(value) is str and (refused_in_text(value) or BLANK.fullmatch(value)):
                    findings.extend(_text_problems(text, event, key_path, value, doc.display))
            elif kind is AliasEvent:
                return _refuse(doc.display, _at(event.start_mark), "yaml-alias",
                               f"YAML のエイリアス（*{event.anchor}）は使えません。",
                               "同じ内容が必要なら、その場所に書き写してください（&名前 と *名前 は使えません）。")
            elif kind is DocumentStartEvent:
                if first_document is not None:
                    raise ComposerError("expected a single document in the stream", first_document,
                                        "but found another document", event.start_mark)
                first_document = event.start_mark
                continue
            elif kind is StreamEndEvent:
                break
            else:
                continue
            # `value` is complete: it goes into the collection that holds it, or is the document.
            if not stack:
                document.append(value)
                continue
            frame = stack[-1]
            if type(frame.value) is list:
                frame.value.append(value)
            else:
                if not frame.drop_value:
                    frame.value[frame.key] = value
                frame.key = None
    except yaml.YAMLError as exc:
        return None, [Finding(doc.display, *_syntax_problem(exc, text))]
    finally:
        parser.dispose()
    if first_document is None:
        return _refuse(doc.display, (1, 1), "empty-file", "ファイルが空です。",
                       "テンプレートからファイルを作り直すか、不要なら削除して course.yml からも外してください。")
    doc.data = document[0] if document else None
    return (None if findings else doc), findings


def _scalar(event: yaml.ScalarEvent, key_path: KeyPath, constructor: SafeConstructor, resolver: Resolver,
            doc: Document, findings: list[Finding]) -> Any:
    """A scalar's value as PyYAML's safe loader would construct it, if JSON has that type; otherwise a
    finding (and None). Dates, bytes and sets would only fail later, far from the line that made them."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag in (YAML_TAG + "merge", YAML_TAG + "value"):  # `<<` and `=` are text here, not PyYAML's keys
            return event.value
    if tag == STR_TAG:
        return event.value
    where, written = format_key_path(key_path), shown(event.value)
    short = shown("!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag)

    def problem(check: str, message: str, hint: str) -> None:
        findings.append(Finding(doc.display, *_at(event.start_mark), check, f"{where}: {message}", hint))

    if tag not in constructor.yaml_constructors:
        problem("yaml-syntax", f"タグ '{short}' は使えません。", "! で始まるタグを消して、ふつうの値として書いてください。")
        return None
    try:
        value = constructor.construct_object(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                                             event.style))
    except Exception:  # noqa: BLE001 - PyYAML raises what each type's parser raises (KeyError for `!!bool x`)
        word = TAG_WORDS.get(tag.removeprefix(YAML_TAG), "")
        problem("yaml-syntax", f"'{written}' は{word}（{short}）として読めません。" if word
                else f"'{written}' は {short} として読めません。",
                "true か false にするか、!!bool のタグを消してください。" if short == "!!bool"
                else f"値を直すか、{short} のタグを消してください。")
        return None
    if isinstance(value, JSON_TYPES):
        return value
    if isinstance(value, (date, datetime)):
        problem("wrong-type", f"{written} は日付として読まれています。",
                f'文字として書くなら "{written}" のように引用符で囲んでください。' if event.tag is None
                else f'{short} のタグを消し、文字として書くなら "{written}" のように引用符で囲んでください。')
    elif isinstance(value, bytes):
        problem("wrong-type", "バイナリ（!!binary）の値は使えません。", "!!binary のタグを消して、文字で書いてください。")
    else:
        problem("wrong-type", f"{short} の値は使えません。", f"{short} のタグを消して、文字や数で書いてください。")
    return None


def _text_problems(text: str, event: yaml.ScalarEvent, key_path: KeyPath, value: str, display: str
                   ) -> list[Finding]:
    """Characters a text value must not carry, as decoded: `"\\ue002"` is as private as the character itself.
    A text of invisible characters only is empty; otherwise one finding per kind of character, at its first
    place in the file."""
    where = format_key_path(key_path)
    if BLANK.fullmatch(value):
        if not value or value.isspace():
            return []  # plainly empty: the schema says so, where the field needs text
        return [Finding(display, *_at(event.start_mark), "empty-text",
                        f"{where}: 文が空です（見えない文字しか書かれていません）。",
                        "見える文字で内容を書くか、この項目を削除してください。")]
    findings = []

    def first(pattern: re.Pattern[str]) -> tuple[tuple[int, int], str, str] | None:
        """Where the first of these characters is written, its code point, and how many more there are."""
        found = pattern.findall(value)
        if not found:
            return None
        more = f"（ほかに {len(found) - 1} か所）" if len(found) > 1 else ""
        return _char_position(text, event, found[0]), f"U+{ord(found[0]):04X}", more

    if hit := first(CONTROL_CHARACTER):
        at, code, more = hit
        findings.append(Finding(display, *at, "control-character",
                                f"{where}: 制御文字（{code}）があります{more}。画面には出ませんが、ページを壊すことがあります。",
                                "この文字を削除してください（\\a や \\x07 のようなエスケープで書いたものも同じです）。"))
    if hit := first(INVISIBLE_CHARACTER):
        at, code, more = hit
        name = unicodedata.name(chr(int(code[2:], 16)), "")
        findings.append(Finding(display, *at, "invisible-character", f"{where}: 見えない文字（{code} {name}）があります{more}。",
                                "削除してください。幅のない文字や文字の向きを変える制御文字は、"
                                "文を読み違えさせたり、検索を妨げたりします。"))
    if hit := first(NONCHARACTER_CHARACTER):
        at, code, more = hit
        findings.append(Finding(display, *at, "noncharacter", f"{where}: 文字ではない符号（{code}）があります{more}。",
                                "削除してください。"))
    if hit := first(PRIVATE_USE_CHARACTER):
        at, code, more = hit
        findings.append(Finding(display, *at, "private-use-character",
                                f"{where}: 私用領域の文字（{code}、外字など）があります{more}。ほかのパソコンでは表示できません。",
                                "ふつうの文字に置き換えてください（外字の人名や記号は、一般的な字体や言葉で書きます）。"))
    return findings


#: YAML's escapes in double-quoted text, by the letter after the backslash.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_SOURCE_CHAR = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])|[\s\S]")


def _char_position(text: str, event: yaml.ScalarEvent, char: str) -> tuple[int, int]:
    """Where `char` of a scalar's value is written in the file: as itself, or as an escape in "…"."""
    start = event.start_mark.index
    source = text[start:event.end_mark.index]
    offset = source.find(char)
    if event.style == '"':
        for match in _SOURCE_CHAR.finditer(source):
            escape = match.group(1)
            if not escape:
                decoded = match.group()
            elif len(escape) == 1:
                decoded = _ESCAPES.get(escape)
            else:
                decoded = chr(min(int(escape[1:], 16), 0x10FFFF))
            if decoded == char:
                offset = match.start()
                break
    return _line_column(text, start + max(offset, 0))


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character, counted as editors count: in characters, after \\n, \\r\\n or \\r."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, index - max(before.rfind("\n"), before.rfind("\r"))


def _at(mark: yaml.Mark) -> tuple[int, int]:
    """1-based (line, column) of a parser mark."""
    return mark.line + 1, mark.column + 1


def _refuse(display: str, where: tuple[int, int], check: str, message: str, hint: str
            ) -> tuple[None, list[Finding]]:
    """No document, one finding: for problems after which nothing else in the file can be trusted."""
    return None, [Finding(display, *where, check, message, hint)]


def _syntax_problem(exc: yaml.YAMLError, text: str = "") -> tuple[int, int, str, str, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark and text:  # from the index: at the end of a file, libyaml's line may be one past the last
        line, column = _line_column(text, min(mark.index, len(text)))
    elif mark:
        line, column = _at(mark)
    elif isinstance(exc, yaml.reader.ReaderError) and text:  # REFUSED_IN_FILE should have caught it first
        line, column = _line_column(text, min(exc.position, len(text)))
    else:
        line, column = 1, 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = shown(f"{context}, {problem}" if context else problem, 200)
    return (line, column, "yaml-syntax", f"YAML の書き方に誤りがあります: {detail}",
            ("この行か直前の行のインデント、引用符の閉じ忘れを確認してください。"
            "「: 」や「#」を含む文は \"…\" で囲むか、| を使った複数行の書き方にします。"))
