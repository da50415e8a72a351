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

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

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

from . import checks
from .findings import Finding, relative

#: A module file is tens of kilobytes; anything near this limit is a mistake (or an attack).
MAX_BYTES = 1_000_000
#: Content nests about six levels deep (module → quiz → question → options → option → text).
MAX_DEPTH = 32

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
#: Tags a mapping or a list may carry (none, or the one it has anyway); `!!set`, `!!omap` and others are refused.
COLLECTION_TAGS = (None, "!", YAML_TAG + "map", YAML_TAG + "seq")
#: What JSON (and so the schemas and the templates) knows; PyYAML also makes dates, bytes and sets.
JSON_TYPES = (str, int, float, bool, type(None), list, dict)
#: The types an author can mean with a `!!` tag, in the words of the messages.
TAG_WORDS = {
    "bool": "真偽値",
    "int": "整数",
    "float": "数値",
    "null": "空の値",
    "timestamp": "日付",
    "binary": "バイナリ",
}

# Characters a text value must not carry, checked in the decoded value (so "\u202e" counts as much as the
# character itself). Each is a character class body, split into the Basic Multilingual Plane and the rest:
# a class of BMP characters is a bitmap for `re`, 15 times faster than one with the astral ranges.
#: C0 and C1 controls but tab, line feed and carriage return: NUL, BEL, ESC, U+0085…
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
#: Characters that show nothing, or reorder what is shown (Trojan Source): bidi embeddings, overrides,
#: isolates and marks, zero-width space, word joiner, BOM, line and paragraph separators, Hangul fillers,
#: tag characters. Zero-width (non-)joiners and variation selectors are left alone: emoji and 異体字 use them.
INVISIBLE = (
    "\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
)
INVISIBLE_ASTRAL = "\U000e0000-\U000e007f"
#: Code points that are not characters: U+FDD0–FDEF, the last two of every plane, lone surrogates.
NONCHARACTER = "\ufdd0-\ufdef\ud800-\udfff\ufffe\uffff"
NONCHARACTER_ASTRAL = "".join(chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000))
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
BLANK = re.compile(
    f"[\\s{INVISIBLE}{INVISIBLE_ASTRAL}\u00ad\u034f\u200c\u200d\u2800\ufe00-\ufe0f\U000e0100-\U000e01ef]*"
)

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
    #: The file's text and each text value's parser event: to place a finding inside a value (a citation
    #: on line 36 of a `body: |` block, not at `body:`).
    text: str = ""
    events: dict[KeyPath, yaml.ScalarEvent] = field(default_factory=dict)
    #: Key paths the schema found wrong (macros/schema.py): the checks across files skip what is under
    #: them and still read the rest of the file, so one wrong item does not hide the file's other errors.
    broken: set[KeyPath] = field(default_factory=set)
    #: Of `broken`, the items the schema does not know (`summery:`): the rest of the file is as the schema
    #: says, so every check may read it (an unknown item hides nothing else: all findings in one run).
    unknown: set[KeyPath] = field(default_factory=set)

    @property
    def sound(self) -> bool:
        """Every schema error is an unknown item: the file's data is otherwise what the schema wants."""
        return self.broken <= self.unknown

    def where(self, key_path: KeyPath) -> tuple[int, int]:
        """The position of the value at `key_path`, or of its nearest ancestor that has one."""
        for end in range(len(key_path), -1, -1):
            pos = self.positions.get(tuple(key_path[:end]))
            if pos:
                return pos
        return (1, 1)

    def finding(
        self, key_path: KeyPath, message: str, /, *, offset: int | None = None, detail: str = "", **values: Any
    ) -> Finding:
        """A finding at `key_path` (at character `offset` of its text value, if given), in the words of
        `message` in macros/checks.py; `{where}` is the place in the file as `describe` writes it."""
        line, column = self.where(key_path) if offset is None else self.locate(key_path, offset)
        values.setdefault("where", self.describe(key_path))
        return checks.finding(self.display, line, column, message, detail=detail, **values)

    def locate(self, key_path: KeyPath, offset: int) -> tuple[int, int]:
        """Where character `offset` of the text value at `key_path` is written (block scalars included)."""
        event = self.events.get(key_path)
        if event is None or not self.text:
            return self.where(key_path)
        from .textspans import offsets  # textspans reads this module's loader: imported when needed

        spans = offsets(self.text, event)
        return _line_column(self.text, spans[min(max(offset, 0), len(spans) - 1)])

    def describe(self, key_path: KeyPath) -> str:
        """`quiz[id=ps-q03].options[1].explanation`: an item of a list that has an id is named by it."""
        return format_key_path(key_path, self.data)

    def intact(self, key_path: KeyPath) -> bool:
        """No schema error at, above or below `key_path`: the checks may read it as the schema says."""
        return not any(b[: len(key_path)] == key_path or key_path[: len(b)] == b for b in self.broken)

    def get(self, *key_path: str | int) -> Any:
        """The value at `key_path` if it is there and no schema error is at or above it, else None."""
        if any(key_path[: len(b)] == b for b in self.broken):
            return None
        value: Any = self.data
        for part in key_path:
            if not (isinstance(value, (list, dict)) and _has(value, part)):
                return None
            value = value[part]  # type: ignore[index]  # _has: an int in a list, a key of a dict
        return value

    def items(self, *key_path: str | int) -> list[tuple[int, Any]]:
        """The items of the list at `key_path` that have no schema error in them, with their indexes."""
        value = self.get(*key_path)
        if not isinstance(value, list):
            return []
        return [(i, item) for i, item in enumerate(value) if self.intact((*key_path, i))]

    def item_ids(self, *key_path: str | int) -> list[tuple[int, str]]:
        """The ids of the items of the list at `key_path`, where an item has a well-formed one."""
        value = self.get(*key_path)
        if not isinstance(value, list):
            return []
        return [
            (i, item["id"])
            for i, item in enumerate(value)
            if isinstance(item, dict) and isinstance(item.get("id"), str) and self.intact((*key_path, i, "id"))
        ]


def format_key_path(key_path: KeyPath, data: Any = None) -> str:
    """`quiz[id=ps-q03].options[1].explanation`: an item with an id is named by it (authors search for the id);
    others by their place in the list, counted from 0 as in the schema."""
    out, value = "", data
    for part in key_path:
        item = value[part] if isinstance(value, (list, dict)) and _has(value, part) else None  # type: ignore[index]
        if isinstance(part, int):
            item_id = item.get("id") if isinstance(item, dict) else None
            out += f"[id={item_id}]" if isinstance(item_id, str) and _ID.fullmatch(item_id) else f"[{part}]"
        else:
            out += f".{shown(part)}" if out else shown(part)
        value = item
    return out or "（ファイル全体）"


#: An id as the schemas allow it (a malformed one is not a name to show).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _has(container: list[Any] | dict[str, Any], part: str | int) -> bool:
    if isinstance(container, list):
        return isinstance(part, int) and 0 <= part < len(container)
    return part in container


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

    def fail(line: int, column: int, message: str, **values: Any) -> tuple[None, list[Finding]]:
        return None, [checks.finding(display, line, column, message, **values)]

    size = path.stat().st_size
    if size > MAX_BYTES:
        return fail(1, 1, "file-too-large", size=size, limit=MAX_BYTES)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # exc.object: the bytes after a BOM; all valid before exc.start
        before = exc.object[: exc.start].decode("utf-8")
        return fail(*_line_column(before, len(before)), "not-utf8", byte=exc.start + len(raw) - len(exc.object))
    if "\x00" in text:
        return fail(*_line_column(text, text.index("\x00")), "not-text")
    if refused := [_refused_in_file(text, match, display) for match in REFUSED_IN_FILE.finditer(text)]:
        return None, refused[:MAX_CHARACTER_FINDINGS]
    doc = Document(path, display, None, text=text)
    found, findings, error = _build(text, doc)
    layout = _layout_problems(text, doc, parsed=error is None)
    if error is not None:
        syntax = _syntax_finding(error, text, display)
        if not _explained(syntax, layout, text):
            findings.append(syntax)
    # A key read with its full-width space (`　title`) is an unknown field of that line: already explained.
    spaced = {f.line for f in layout if f.check == "yaml-fullwidth-space"}
    findings = layout + [f for f in findings if f.line not in spaced]
    return (None if findings else found), findings


def _refused_in_file(text: str, match: re.Match[str], display: str) -> Finding:
    """A character YAML cannot read, or would count as a line break where an editor shows none."""
    char = match.group()
    code = f"U+{ord(char):04X}"
    where = _line_column(text, match.start())
    if char in "\u2028\u2029":
        return checks.finding(display, *where, "invisible-character/line-break", code=code, name=unicodedata.name(char))
    if char in "\ufffe\uffff":
        return checks.finding(display, *where, "noncharacter/in-file", code=code)
    return checks.finding(display, *where, "control-character/in-file", code=code)


class _Frame:
    """A mapping or sequence being read: its value so far, where it is, and what comes next in it."""

    __slots__ = ("drop_value", "is_key", "key", "key_path", "seen", "skip", "value")

    def __init__(self, value: dict[str, Any] | list[Any], key_path: KeyPath, skip: bool, is_key: bool = False) -> None:
        self.value = value
        self.key_path = key_path
        self.skip = skip  # inside a dropped value: read to its end, no position, no finding
        self.is_key = is_key  # a mapping or sequence written where a key belongs (refused)
        self.key: str | None = None  # in a mapping: the key whose value is being read; None between pairs
        self.drop_value = False  # in a mapping: the value of this key is dropped (duplicate or invalid key)
        self.seen: dict[str, int] = {}  # in a mapping: key → line of its first occurrence


def _build(text: str, doc: Document) -> tuple[Document | None, list[Finding], yaml.YAMLError | None]:
    """Data and positions in one pass over the parser's events: no node tree, no recursion.

    Aliases and nesting deeper than MAX_DEPTH are refused where they are met, before anything is expanded
    (libyaml's own composer crashes on deep nesting). A duplicate key is reported and its value dropped.
    This loop is the checker's hot path (about 650 events per module), hence the flat dispatch on types.
    """
    findings: list[Finding] = []
    #: Findings that name a place in the file (`{where}`): written once the ids of list items are known.
    pending: list[_Pending] = []
    positions, strings, events = doc.positions, doc.strings, doc.events
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
                        raise ComposerError(
                            f"found duplicate anchor {event.anchor!r}; first occurrence",
                            anchors[event.anchor],
                            "second occurrence",
                            event.start_mark,
                        )
                    anchors[event.anchor] = event.start_mark
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                if kind is not ScalarEvent and len(stack) >= MAX_DEPTH:
                    return None, [checks.finding(doc.display, *where, "too-deep", limit=MAX_DEPTH)], None
                parent = stack[-1] if stack else None
                if parent is not None and parent.key is None and type(parent.value) is dict:  # a key
                    if kind is not ScalarEvent:
                        if not parent.skip:
                            findings.append(checks.finding(doc.display, *where, "bad-key"))
                        parent.key, parent.drop_value = "", True
                        stack.append(_Frame([], parent.key_path, skip=True, is_key=True))
                        continue
                    key = event.value
                    parent.key, parent.drop_value = key, parent.skip or key in parent.seen
                    if parent.skip:
                        continue
                    if key in parent.seen:
                        findings.append(
                            checks.finding(doc.display, *where, "duplicate-key", key=shown(key), first=parent.seen[key])
                        )
                        continue
                    parent.seen[key] = where[0]
                    positions[(*parent.key_path, key)] = where
                    continue
                # A value. A mapping value is located at its key (where authors look), anything else at its start.
                key_path: KeyPath
                if parent is None:
                    key_path, skip = (), False
                elif type(parent.value) is list:
                    key_path, skip = (*parent.key_path, len(parent.value)), parent.skip
                else:
                    key_path, skip = (*parent.key_path, cast(str, parent.key)), parent.drop_value
                if not skip:
                    positions.setdefault(key_path, where)
                if kind is not ScalarEvent:
                    if event.tag not in COLLECTION_TAGS and not skip:  # `!!set {a, b}`, `!!omap [...]`, `!x {…}`
                        tag = event.tag.removeprefix(YAML_TAG)
                        pending.append(
                            _Pending(
                                key_path,
                                where,
                                "wrong-type/tagged",
                                {"tag": shown("!!" + tag if tag != event.tag else tag)},
                            )
                        )
                    stack.append(_Frame({} if kind is MappingStartEvent else [], key_path, skip))
                    continue
                if skip:
                    value = None
                elif event.tag is None and (not event.implicit[0] or event.value[:1] not in maybe_typed):
                    value = event.value  # quoted, or plain but not starting like a number, date, bool or null
                    strings.append((key_path, value))
                    events[key_path] = event
                else:
                    value = _scalar(event, key_path, constructor, resolver, pending)
                    if type(value) is str:
                        strings.append((key_path, value))
                        events[key_path] = event
                if type(value) is str and (refused_in_text(value) or BLANK.fullmatch(value)):
                    pending.extend(_text_problems(text, event, key_path, value))
            elif kind is AliasEvent:
                return (
                    None,
                    [checks.finding(doc.display, *_at(event.start_mark), "yaml-alias", name=event.anchor)],
                    None,
                )
            elif kind is DocumentStartEvent:
                if first_document is not None:
                    raise ComposerError(
                        "expected a single document in the stream",
                        first_document,
                        "but found another document",
                        event.start_mark,
                    )
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
                    cast(dict[str, Any], frame.value)[cast(str, frame.key)] = value
                frame.key = None
    except yaml.YAMLError as exc:  # what was read so far is kept: its findings are real
        doc.data = stack[0].value if stack else None
        return None, findings + [p.finding(doc) for p in pending], exc
    finally:
        parser.dispose()
    if first_document is None:
        return None, [checks.finding(doc.display, 1, 1, "empty-file")], None
    doc.data = document[0] if document else None
    findings += [p.finding(doc) for p in pending]
    return (None if findings else doc), findings, None


@dataclass
class _Pending:
    """A finding of the loader that names its place in the file, written when the document is read."""

    key_path: KeyPath
    at: tuple[int, int]
    message: str
    values: dict[str, Any]

    def finding(self, doc: Document) -> Finding:
        return checks.finding(doc.display, *self.at, self.message, where=doc.describe(self.key_path), **self.values)


def _scalar(
    event: yaml.ScalarEvent,
    key_path: KeyPath,
    constructor: SafeConstructor,
    resolver: Resolver,
    pending: list[_Pending],
) -> Any:
    """A scalar's value as PyYAML's safe loader would construct it, if JSON has that type; otherwise a
    finding (and None). Dates, bytes and sets would only fail later, far from the line that made them."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag in (YAML_TAG + "merge", YAML_TAG + "value"):  # `<<` and `=` are text here, not PyYAML's keys
            return event.value
    if tag == STR_TAG:
        return event.value
    written = shown(event.value)
    short = shown("!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag)

    def problem(message: str, **values: Any) -> None:
        pending.append(_Pending(key_path, _at(event.start_mark), message, values))

    if tag not in constructor.yaml_constructors:
        problem("yaml-syntax/tag", tag=short)
        return None
    try:
        value = constructor.construct_object(
            yaml.ScalarNode(tag, event.value, cast(Any, event.start_mark), cast(Any, event.end_mark), event.style)
        )
    except Exception:  # noqa: BLE001 - PyYAML raises what each type's parser raises (KeyError for `!!bool x`)
        if short == "!!bool":
            problem("yaml-syntax/bool-tag", value=written)
        else:
            problem(
                "yaml-syntax/tag-value", value=written, tag=short, word=TAG_WORDS.get(tag.removeprefix(YAML_TAG), "値")
            )
        return None
    if isinstance(value, JSON_TYPES):
        return value
    if isinstance(value, (date, datetime)):
        name = next((k for k in reversed(key_path) if isinstance(k, str)), "")
        if event.tag is None and name in number_fields() and isinstance(key_path[-1], str):
            problem(
                "wrong-type/date-number",
                value=written,
                key=name,
                number=event.value.split("-")[0] if name == "year" else "20",
            )  # the year it names; else a sample
        else:
            problem("wrong-type/date" if event.tag is None else "wrong-type/date-tag", value=written, tag=short)
    elif isinstance(value, bytes):
        problem("wrong-type/binary")
    else:
        problem("wrong-type/tagged", tag=short)
    return None


def _text_problems(text: str, event: yaml.ScalarEvent, key_path: KeyPath, value: str) -> list[_Pending]:
    """Characters a text value must not carry, as decoded: `"\\ue002"` is as private as the character itself.
    A text of invisible characters only is empty; otherwise one finding per kind of character, at its first
    place in the file."""
    if BLANK.fullmatch(value):
        if not value or value.isspace():
            return []  # plainly empty: the schema says so, where the field needs text
        return [_Pending(key_path, _at(event.start_mark), "empty-text/invisible", {})]
    found: list[_Pending] = []
    for pattern, message in (
        (CONTROL_CHARACTER, "control-character"),
        (INVISIBLE_CHARACTER, "invisible-character"),
        (NONCHARACTER_CHARACTER, "noncharacter"),
        (PRIVATE_USE_CHARACTER, "private-use-character"),
    ):
        hits = pattern.findall(value)
        if hits:
            more = f"（ほかに {len(hits) - 1} か所）" if len(hits) > 1 else ""
            found.append(
                _Pending(
                    key_path,
                    _char_position(text, event, hits[0]),
                    message,
                    {"code": f"U+{ord(hits[0]):04X}", "more": more, "name": unicodedata.name(hits[0], "")},
                )
            )
    return found


#: YAML's escapes in double-quoted text, by the letter after the backslash.
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_SOURCE_CHAR = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])|[\s\S]")


def _char_position(text: str, event: yaml.ScalarEvent, char: str) -> tuple[int, int]:
    """Where `char` of a scalar's value is written in the file: as itself, or as an escape in "…"."""
    start = cast(Any, event.start_mark).index
    source = text[start : cast(Any, event.end_mark).index]
    offset = source.find(char)
    if event.style == '"':
        for match in _SOURCE_CHAR.finditer(source):
            escape = match.group(1)
            decoded: str | None
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


def _at(mark: Any) -> tuple[int, int]:
    """1-based (line, column) of a parser mark (PyYAML's or libyaml's; its events always carry one)."""
    return mark.line + 1, mark.column + 1


# --- YAML mistakes, in the words of an author ------------------------------------------------------

#: What a value's first character means to YAML, for a value that starts with it.
INDICATORS = {
    "*": "エイリアス（別の場所の値を指す記号）",
    "&": "アンカー（値に名前を付ける記号）",
    "!": "タグ（値の種類を指定する記号）",
    "@": "YAML が予約している記号",
    "`": "YAML が予約している記号",
    "%": "YAML の指示（ディレクティブ）の記号",
    "{": "「キー: 値」の組を 1 行で書く書き方の始まり",
    "[": "リストを 1 行で書く書き方の始まり",
    "|": "複数行の文の始まり",
    ">": "複数行の文の始まり",
    '"': "引用符",
    "'": "引用符",
}
#: A line's key (if any) and value: `  - title: [重要] 報告` → key `title`, value `[重要] 報告`.
_LINE = re.compile(
    r"^[ \t]*(?:-[ \t]+)*(?:(?P<key>[^\s#:\-'\"\[{][^:#]*?|\"[^\"]*\"|'[^']*'):(?:[ \t]+|$))?(?P<value>.*)$"
)
#: A block scalar's header: `|`, `>-`, `|2+`, and a comment after it.
_BLOCK_HEADER = re.compile(r"^[|>](?:[+-]?[1-9]?|[1-9][+-])[ \t]*(?:#.*)?$")
#: Lines worth a look in a file YAML could read: a tab in the indentation, a full-width colon or space.
_SUSPECT = re.compile(r"^[ ]*\t|：|\u3000", re.MULTILINE)
#: A full-width space (U+3000) in a line's indentation, before a key or `- `: `　title: …`, `  　- …`.
_FULLWIDTH_INDENT = re.compile(r"^[ \t]*(?:-[ \t]+)*[ \t\u3000-]*?(?P<space>\u3000)[ \t\u3000]*(?=\S)")
#: A key followed by a colon and a full-width space: `title:　上司と話す`.
_FULLWIDTH_AFTER_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<space>\u3000)")
#: A key of the schemas followed by a full-width colon, or by a colon with no space (`title：…`, `title:…`).
_KEY_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*(?P<colon>：|:(?=[^\s]))")


def _schema_properties() -> Iterator[tuple[str, Any]]:
    """Every (item name, its schema) that the committed schemas declare, at any depth."""

    def walk(node: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            if isinstance(properties := node.get("properties"), dict):
                yield from properties.items()
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for schema in sorted((Path(__file__).parent / "schemas").glob("*.schema.json")):
        yield from walk(json.loads(schema.read_text("utf-8")))


@cache
def field_names() -> frozenset[str]:
    """Every item name the schemas know: a full-width colon is only reported after one of these."""
    return frozenset(name for name, _ in _schema_properties())


@cache
def number_fields() -> frozenset[str]:
    """Items that are a number wherever the schemas name them (`year`, `estimated_minutes`): a date written
    there wants the number, not quotes (a quoted `"1980-01-01"` would be published as the year)."""
    types: dict[str, list[bool]] = {}
    for name, spec in _schema_properties():
        kind = spec.get("type") if isinstance(spec, dict) else None
        types.setdefault(name, []).append(kind == "integer" or (isinstance(kind, list) and "integer" in kind))
    return frozenset(name for name, numbers in types.items() if all(numbers))


def _layout_problems(text: str, doc: Document, parsed: bool) -> list[Finding]:
    """Tabs in indentation and keys followed by a full-width colon (or no space), each on its own line:
    YAML stops at the first, several lines later; an author wants every one. A line inside a text value
    (`body: |`, a quoted text) is prose, not a key: it is left alone, as far as the file could be read."""
    findings = []
    spans: list[tuple[int, int]] | None = None

    def in_text(number: int) -> bool:
        nonlocal spans
        if spans is None:  # only for a suspect line: this runs on every file
            spans = [(_at(e.start_mark)[0], _at(e.end_mark)[0]) for e in doc.events.values() if e.style]
        return any(first < number <= last for first, last in spans)

    lines = text.splitlines()
    # Only the lines that can hold one of these mistakes are looked at: this runs on every file.
    suspects = {_line_column(text, m.start())[0] - 1 for m in _SUSPECT.finditer(text)} if parsed else range(len(lines))
    for index in sorted(suspects):
        number, line = index + 1, lines[index] if index < len(lines) else ""
        if line[:1] in (" ", "\t") and "\t" in line[: len(line) - len(line.lstrip(" \t"))] and line.strip():
            findings.append(checks.finding(doc.display, number, line.index("\t") + 1, "yaml-tab"))
            continue
        if (space := _fullwidth_space(line)) and not in_text(number):
            findings.append(space(doc.display, number))
            continue
        if not parsed and (quote := _unclosed_quote(line)) and not in_text(number):
            findings.append(
                checks.finding(doc.display, number, line.index(quote) + 1, "yaml-needs-quotes/unclosed", char=quote)
            )
            continue
        match = _KEY_COLON.match(line)
        if (
            match
            and match.group("key") in field_names()
            and (match.group("colon") == "：" or not parsed)
            and not in_text(number)
        ):
            findings.append(
                checks.finding(
                    doc.display,
                    number,
                    match.start("colon") + 1,
                    "yaml-fullwidth-colon" if match.group("colon") == "：" else "yaml-fullwidth-colon/no-space",
                    key=match.group("key"),
                )
            )
    return findings


def _fullwidth_space(line: str) -> Callable[[str, int], Finding] | None:
    """A full-width space where YAML needs a half-width one: in the indentation or right after `key:`.
    YAML reads U+3000 as a character of the text, so the parser's own complaint is about a colon or the
    indentation, often a line later; the author needs to hear 全角スペース on this line."""
    if match := _FULLWIDTH_AFTER_COLON.match(line):
        key, column = match.group("key"), match.start("space") + 1
        return lambda display, number: checks.finding(
            display, number, column, "yaml-fullwidth-space/after-colon", key=key
        )
    if match := _FULLWIDTH_INDENT.match(line):
        column = match.start("space") + 1
        return lambda display, number: checks.finding(display, number, column, "yaml-fullwidth-space")
    return None


def _unclosed_quote(line: str) -> str:
    """The quote a line's value opens and does not close (YAML then reads on, to some later quote)."""
    parts = _LINE.match(line)
    value = parts.group("value").rstrip() if parts else ""
    if value[:1] == '"':
        return "" if re.search(r'(?<!\\)(?:\\\\)*"', value[1:]) else '"'
    if value[:1] == "'":
        return "" if "'" in value[1:].replace("''", "") else "'"
    return ""


def _syntax_finding(exc: yaml.YAMLError, text: str, display: str) -> Finding:
    """PyYAML's error in an author's words, on the line where the mistake is (PyYAML's text as `detail`)."""
    problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    detail = shown(f"{context}, {problem}" if context else problem, 200)
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    if problem_mark is None and isinstance(exc, yaml.reader.ReaderError):  # REFUSED_IN_FILE should catch it first
        return checks.finding(display, *_line_column(text, min(exc.position, len(text))), "yaml-syntax", detail=detail)
    mark = problem_mark or context_mark
    if mark is None:
        return checks.finding(display, 1, 1, "yaml-syntax", detail=detail)
    at = _line_column(text, min(mark.index, len(text)))  # libyaml's line may be one past the last
    lines = text.splitlines() or [""]

    def line_of(m: yaml.Mark | None) -> tuple[int, str]:
        number = _line_column(text, min(m.index, len(text)))[0] if m else at[0]
        return number, lines[min(number, len(lines)) - 1]

    def found(message: str, number: int, column: int | None = None, /, **values: Any) -> Finding:
        line = lines[min(number, len(lines)) - 1]
        if column is None:
            column = len(line) - len(line.lstrip(" \t-")) + 1
        return checks.finding(display, number, column, message, detail=detail, **values)

    if "single document" in context:
        return found("yaml-syntax/documents", *at)
    if "duplicate anchor" in context:
        return found("yaml-syntax/anchor", *at, name=str(context).split("'")[1] if "'" in context else "")
    if "quoted scalar" in context and context_mark:
        number, line = line_of(context_mark)
        return found(
            "yaml-needs-quotes/unclosed", number, context_mark.column + 1, char=line[context_mark.column :][:1]
        )
    if "\t" in problem or text[mark.index : mark.index + 1] == "\t":
        return found("yaml-tab", *at)
    simple_key = "simple key" in context
    for m in (context_mark,) if simple_key else (problem_mark, context_mark):
        if m is None:
            continue
        number, line = line_of(m)
        parts = _LINE.match(line)
        value = parts.group("value").strip() if parts else ""
        char = value[:1]
        if char not in INDICATORS or (char in "|>" and _BLOCK_HEADER.match(value)):
            continue
        column = len(line) - len(line.lstrip()) + 1 + line.lstrip().find(value)
        example = shown(value.replace('"', "'"), 30)
        lead = f"{parts.group('key').strip()}: " if parts and parts.group("key") else "- "
        if char in "|>":
            return found("yaml-needs-quotes/block", number, column, char=char, example=example)
        if char in "\"'":
            return found("yaml-needs-quotes/quoted", number, column, char=char)
        return found(
            "yaml-needs-quotes", number, column, char=char, meaning=INDICATORS[char], example=example, lead=shown(lead)
        )
    if "mapping values are not allowed" in problem:
        number, line = line_of(problem_mark)
        parts = _LINE.match(line)
        if parts and parts.group("key") and problem_mark and problem_mark.column >= parts.start("value"):
            key = parts.group("key").strip()
            return found(
                "yaml-needs-quotes/colon",
                number,
                problem_mark.column + 1,
                lead=shown(f"{key}: "),
                example=shown(parts.group("value").strip().replace('"', "'"), 30),
            )
        return found("yaml-indent", number)
    if simple_key:
        number, _ = line_of(context_mark)
        return found("yaml-indent/no-colon", number)
    if any(
        words in problem
        for words in (
            "expected key",
            "'-' indicator",
            "block end",
            "block sequence",
            "document start",
            "expected <block end>",
        )
    ):
        number, line = line_of(problem_mark)
        return found("yaml-indent/list" if line.lstrip().startswith("- ") else "yaml-indent", number)
    return found("yaml-syntax", *at)


def _explained(syntax: Finding, layout: list[Finding], text: str) -> bool:
    """The parser's error follows from a tab or full-width colon already reported: on that line, or on
    the next line that is not blank or a comment (where YAML notices it)."""
    lines = text.splitlines()
    for f in layout:
        if f.check == "yaml-needs-quotes" and f.line <= syntax.line:  # an open quote: all after it is misread
            return True
        after = next(
            (
                n
                for n in range(f.line + 1, len(lines) + 1)
                if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
            ),
            f.line,
        )
        if f.line <= syntax.line <= after:
            return True
    return False
