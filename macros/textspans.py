"""Where each character of a YAML text value sits in its file.

The checker locates a value at its key, which is enough for "this field is wrong". The style lint and the
originality report point inside long Markdown bodies (a sentence on line 412, not the `body:` key on
line 380), and `style --fix` edits characters in place, so both need a map from a value's characters back
to the file. `macros.load` validates the file first; this module only reads the parser's scalar marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .load import KeyPath, Loader

#: Characters YAML may drop between a value's characters: indentation, line folding, quotes, escapes.
_LAYOUT = frozenset(" \t\r\n\"'\\")


@dataclass(frozen=True)
class TextValue:
    """One string scalar: its key path, its value, and the file offset of each of its characters."""

    key_path: KeyPath
    value: str
    style: str | None  # None (plain), '|', '>', "'" or '"'
    offsets: tuple[int, ...]  # len(value) + 1 entries; the last is where the value ends in the file

    def is_verbatim(self, start: int, end: int, source: str) -> bool:
        """True when value[start:end] is written as the same characters, contiguously, in the file.

        Only such a range can be replaced in the file without re-quoting or re-indenting anything.
        """
        if start == end:
            return True
        begin = self.offsets[start]
        return (
            self.offsets[end - 1] == begin + end - start - 1
            and source[begin : begin + end - start] == self.value[start:end]
        )


_NEWLINE = re.compile("\n")


class LineIndex:
    """Offset → 1-based (line, column), by binary search over the line starts."""

    def __init__(self, source: str) -> None:
        self._starts = [0] + [match.end() for match in _NEWLINE.finditer(source)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


@lru_cache(maxsize=16)  # about 1 MB per module file kept: a course-sized cache, not a catalogue-sized one
def text_values(source: str) -> tuple[TextValue, ...]:
    """Every string scalar of a (valid, single-document) YAML text, in file order, with its offsets.
    A pure function of the text, so each file is read once per process while it does not change (the
    checker of a preview rebuild, the style lint and a test that edits one file of the course)."""
    values: list[TextValue] = []
    stack: list[list[object]] = []  # per open collection: [is_mapping, next index or pending key, key path]
    parser = Loader(source)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
                _advance(stack)
                continue
            if isinstance(event, StreamEndEvent):
                break
            if not isinstance(event, (ScalarEvent, MappingStartEvent, SequenceStartEvent)):
                continue
            parent = stack[-1] if stack else None
            if parent is not None and parent[0] and parent[1] is None:  # a key
                parent[1] = event.value if isinstance(event, ScalarEvent) else ""
                continue
            path: KeyPath = () if parent is None else (*cast(KeyPath, parent[2]), cast("str | int", parent[1]))
            if isinstance(event, ScalarEvent):
                if event.tag is None and (event.style or not _typed(event.value)):
                    values.append(TextValue(path, event.value, event.style, offsets(source, event)))
                _advance(stack)
            else:
                stack.append(
                    [isinstance(event, MappingStartEvent), None if isinstance(event, MappingStartEvent) else 0, path]
                )
    finally:
        parser.dispose()
    return tuple(values)


def _advance(stack: list[list[object]]) -> None:
    """A value is complete: a mapping waits for its next key, a sequence moves to its next index."""
    if stack:
        top = stack[-1]
        top[1] = None if top[0] else int(top[1]) + 1  # type: ignore[call-overload]


def _typed(plain: str) -> bool:
    """A plain scalar that YAML reads as a number, bool, date or null rather than text."""
    return not isinstance(yaml.safe_load(plain), str) if plain[:1] in "0123456789-+.~nNtTfFyYoO" or not plain else False


def offsets(source: str, event: ScalarEvent) -> tuple[int, ...]:
    """File offsets of the value's characters.

    A literal block (`|`) maps exactly: each value line is a file line less the block's indentation. Other
    styles are aligned greedily, skipping only layout characters; a character that YAML produced (a folded
    line break, an escape) takes the position of the file character where it arose.
    """
    assert event.start_mark is not None and event.end_mark is not None  # PyYAML's parser always sets them
    value, start, end = event.value, event.start_mark.index, event.end_mark.index
    if event.style == "|":
        return _literal_offsets(source, value, start, end)
    out: list[int] = []
    j = start + (1 if event.style in ("'", '"') else 0)
    if event.style == ">":  # the text starts on the line after the header (`>`, `>-`, `>2` and a comment)
        j = source.find("\n", start, end) + 1 or start
    for ch in value:
        k = j
        while k < end and source[k] != ch and source[k] in _LAYOUT:
            k += 1
        if k < end and source[k] == ch:
            out.append(k)
            j = k + 1
        else:
            out.append(min(j, end))
    out.append(min(j, end))
    return tuple(out)


def _literal_offsets(source: str, value: str, start: int, end: int) -> tuple[int, ...]:
    body_start = source.index("\n", start) + 1
    lines = source[body_start:end].split("\n")
    indent = next((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), 0)
    out: list[int] = []
    line_start = body_start
    for line in lines:
        for column in range(indent, len(line)):
            out.append(line_start + column)
        out.append(line_start + len(line))  # the line break
        line_start += len(line) + 1
    out = out[: len(value)]
    while len(out) < len(value):  # kept trailing breaks (`|+`): past the block's last line
        out.append(out[-1] + 1 if out else body_start)
    out.append(out[-1] + 1 if out else body_start)
    return tuple(out)
