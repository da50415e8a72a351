"""Text that would change on its way to the page without a word: said to the author, at its own line.

Three ways a valid file still publishes something else than its author wrote:

- a prose value written without `|` over several lines: YAML folds it into one line, so a list or a second
  paragraph becomes part of one paragraph (`plain-multiline`);
- a list item indented further than the one above: YAML reads it as the next line of that item, and the
  page shows one bullet (`merged-list-item`, an error: the page is certainly wrong);
- HTML, attributes and links the sanitiser removes (`removed-html`, `removed-link`): found by running the
  renderer's own conversion (macros/sanitise.py) and comparing what went in with what came out.

Values under a schema error are skipped (that error is reported), so every value looked at has the
type its field wants; the rest of a file with errors is checked in the same run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from .checks import finding
from .findings import Finding
from .load import Document, KeyPath
from .sanitise import CITATION, URL_SCHEMES, Removal, plain_paragraph, removals_from
from .schema import schema
from .textspans import LineIndex, TextValue, text_values

#: A line that Markdown starts a list with: `- `, `* `, `+ `, `1. `, `1) `.
LIST_LINE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
#: Folded text that may hide a list: a list marker after a space (YAML joins lines with one).
_FOLDED_LIST = re.compile(r" (?:[-*+]|\d{1,9}[.)]) ")
MARKDOWN = "text/markdown"
#: Elements that run code or pull in other pages, and what to say about them.
_ACTIVE = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "link",
    "meta",
    "base",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
}
_MEDIA = {"img", "picture", "video", "audio", "source", "track", "image"}
_SCHEMES = "、".join(f"{s}:" for s in sorted(URL_SCHEMES))
#: A Markdown link (or `<a href>`) to a Windows path, as copied from Explorer: `](\\\\server\\share\\x.pdf)`,
#: `](\\\\\\\\server…)` with doubled backslashes, `](C:\\…)`, `](C:/…)`; `//server` is `removed-link`'s.
_WINDOWS_PATH = re.compile(
    r"""(?:\]\(\s*<?|(?i:href)\s*=\s*["']?)(?P<target>\\{2,}[^\s)>"']+|[A-Za-z]:[\\/][^\s)>"']*)"""
)


#: `is_prose` by file kind and the key path's field names (list indexes as "[]").
_PROSE: dict[tuple[str, tuple[str, ...]], bool] = {}


def is_prose(kind: str, key_path: KeyPath) -> bool:
    """Whether the schema marks the value at `key_path` as Markdown (common.schema.json's `prose`)."""
    names = tuple(k if isinstance(k, str) else "[]" for k in key_path)
    if (kind, names) not in _PROSE:
        node: Any = schema(kind)
        for part in names:
            node = _child(node, part)
            if node is None:
                break
        _PROSE[kind, names] = isinstance(node, dict) and node.get("contentMediaType") == MARKDOWN
    return _PROSE[kind, names]


def _child(node: dict[str, Any], part: str) -> dict[str, Any] | None:
    if part == "[]":
        items = node.get("items")
        return items if isinstance(items, dict) else None
    for branch in (node, *node.get("allOf", []), *(node.get(k, {}) for k in ("then", "else"))):
        if isinstance(branch, dict) and part in branch.get("properties", {}):
            return branch["properties"][part]  # type: ignore[no-any-return]
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def check_page_text(doc: Document, kind: str) -> list[Finding]:
    """Every silent change of `doc`'s text on its way to the page (the file is read again only when a
    value looks suspicious: most files have none)."""
    suspects: dict[KeyPath, bool] = {}
    for key_path, value in doc.strings:
        if doc.broken and not doc.intact(key_path):  # a schema error is there already; its type is unsure
            continue
        prose = is_prose(kind, key_path)
        in_list = bool(key_path) and isinstance(key_path[-1], int)
        if (prose and ("\n" in value or plain_paragraph(value) is None)) or (
            (prose or in_list) and _FOLDED_LIST.search(value)
        ):
            suspects[key_path] = prose
    if not suspects:
        return []
    source = doc.path.read_text("utf-8-sig")
    lines = LineIndex(source)
    findings: list[Finding] = []
    for text in text_values(source):
        if text.key_path in suspects:
            findings.extend(_folded(doc, text, source, lines, prose=suspects[text.key_path]))
            if suspects[text.key_path]:
                findings.extend(_windows_paths(doc, text, lines))
                findings.extend(_sanitised(doc, text, lines))
    return findings


def _folded(doc: Document, text: TextValue, source: str, lines: LineIndex, *, prose: bool) -> Iterator[Finding]:
    """A value YAML folded into one line although its lines looked like a list or paragraphs."""
    plain = not text.style  # the C parser says '' for plain, the Python one None
    if text.style not in (None, "", "'", '"') or not text.value:
        return
    start, end = text.offsets[0], text.offsets[-1]
    first_line = lines.at(start)[0]
    written = source[start:end].split("\n")
    if len(written) < 2:
        return
    in_list = isinstance(text.key_path[-1], int)
    for number, line in enumerate(written[1:], first_line + 1):
        body = line.lstrip(" \t")
        column = len(line) - len(body) + 1
        if in_list and plain and LIST_LINE.match(body):
            yield finding(doc.display, number, column, "merged-list-item", marker=body[:2].strip())
            return
        if prose and (LIST_LINE.match(body) or (not body and number < first_line + len(written) - 1)):
            yield finding(
                doc.display, number, column, "plain-multiline", what="箇条書き" if body else "段落の区切り（空行）"
            )
            return


def _sanitised(doc: Document, text: TextValue, lines: LineIndex) -> Iterator[Finding]:
    """What the sanitiser removes from a prose value, each at the place it is written."""
    source = CITATION.sub(lambda m: f"\ue000{m.group(1)}\ue001", text.value)  # as the renderer hands it over
    if plain_paragraph(source) is not None:
        return
    seen: Counter[str] = Counter()
    for removal in removals_from(source):
        if removal.attribute == "href" and _is_windows_path(removal.value.strip()):
            continue
        index = _locate(text.value, removal, seen)
        line, column = lines.at(text.offsets[index])
        message, values = _explain(removal)
        yield finding(doc.display, line, column, message, **values)


def _windows_paths(doc: Document, text: TextValue, lines: LineIndex) -> Iterator[Finding]:
    """Links to a Windows path: Markdown reads `\\\\server` as an escaped `\\server`, a relative link that
    the page keeps and no browser opens; `C:\\` is a scheme the sanitiser drops. Certainly broken: an error,
    with the `file://` form written out."""
    for match in _WINDOWS_PATH.finditer(text.value):
        written = match.group("target")
        line, column = lines.at(text.offsets[match.start("target")])
        if written[0] == "\\":
            parts = [part for part in re.split(r"\\+", written) if part]
            yield finding(
                doc.display,
                line,
                column,
                "windows-path-link",
                target=_short(written),
                example="file://" + "/".join(parts),
            )
        else:
            yield finding(
                doc.display, line, column, "windows-path-link/drive", target=_short(written), drive=written[:2]
            )


def _is_windows_path(target: str) -> bool:
    """Reported by `_windows_paths` already, as the sanitiser saw it (Markdown's escapes undone)."""
    return target.startswith("\\") or re.match(r"[A-Za-z]:[\\/]", target) is not None


def _locate(value: str, removal: Removal, seen: Counter[str]) -> int:
    """Where in `value` the removed thing is written: the n-th place for the n-th removal of its kind."""
    if removal.attribute == "href" or (removal.attribute is None and removal.tag == "a"):
        patterns = [re.escape(removal.value[:40]), r"\]\(", r"(?i)\bhref\s*="]
    elif removal.attribute:
        patterns = [rf"(?i)\b{re.escape(removal.attribute)}\s*="]
    else:
        patterns = [rf"(?i)<\s*{re.escape(removal.tag)}\b"] + ([r"!\["] if removal.tag == "img" else [])
    for pattern in patterns:
        if not pattern:
            continue
        places = [m.start() for m in re.finditer(pattern, value)]
        if places:
            nth = seen[pattern]
            seen[pattern] += 1
            return places[min(nth, len(places) - 1)]
    return 0


def _explain(removal: Removal) -> tuple[str, dict[str, str]]:
    """The message (macros/checks.py) for one removal and its values: a link's target or the HTML removed."""
    tag, attribute = removal.tag, removal.attribute
    if attribute == "href":
        target = removal.value.strip()
        if target.replace("\\", "/").startswith("//"):
            return "removed-link/other-server", {"target": _short(target)}
        return "removed-link", {"target": _short(target), "schemes": _SCHEMES}
    if attribute:
        kind = (
            "removed-html/event"
            if attribute.startswith("on")
            else ("removed-html/style" if attribute == "style" else "removed-html/attribute")
        )
        return kind, {"tag": tag, "attribute": attribute}
    if tag in _ACTIVE:
        return "removed-html/active", {"tag": tag}
    if tag in _MEDIA:
        return "removed-html/media", {"source": f"（{_short(removal.value)}）" if removal.value else ""}
    return "removed-html", {"tag": tag}


def _short(value: str, limit: int = 40) -> str:
    value = re.sub(r"[\x00-\x1f]", " ", value)
    return value if len(value) <= limit else value[:limit] + "…"
