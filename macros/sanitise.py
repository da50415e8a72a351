"""What prose may keep on a page: the one Markdown + nh3 configuration, and what it took away.

The renderer (`render.ProseRenderer`) publishes prose through `to_safe_html`; the checker
(`macros/pagetext.py`) runs the very same conversion and asks `removals` what the sanitiser dropped, so
an author hears about a `<script>`, an `onclick`, a picture or a link that will not be on the page
instead of finding it missing. There is one configuration, here, and no second sanitiser.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

#: A citation in prose, `[@KEY]`: the renderer turns it into a numbered link after sanitising.
CITATION = re.compile(r"\[@([A-Za-z][A-Za-z0-9_-]*)\]")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "hr",
    "sup",
    "sub",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "dl",
    "dt",
    "dd",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "sup": {"class"}, "ol": {"start"}}
#: Table cells are aligned by a class (docs/stylesheets/course.css), never a style attribute: the recommended
#: Content-Security-Policy (docs/deploy.md) has no 'unsafe-inline' for styles, so the browser would drop it.
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {"th": ALIGN_CLASSES, "td": ALIGN_CLASSES}
#: Link schemes a page keeps (CONTRIBUTING.md「リンク」 says why each is there). Web pages and mail are
#: everywhere; an intranet also links to phones (tel:, sip: for Teams/Skype telephony), Teams chats and
#: meetings (msteams:), Office documents opened in the desktop app (ms-word:, ms-excel:, ms-powerpoint:)
#: and files on a server share (file://server/share/…, which browsers open from the shared-drive edition).
#: Never javascript:, data: or vbscript: — they run code or smuggle content in a link.
URL_SCHEMES = frozenset(
    {"http", "https", "mailto", "tel", "sip", "msteams", "ms-word", "ms-excel", "ms-powerpoint", "file"}
)

#: ASCII whitespace and controls, which browsers strip from the ends of a URL (and tabs and line ends
#: from inside it) before reading it.
_URL_NOISE = re.compile(r"^[\x00-\x20]+|[\t\n\r]")


def same_host_only(url: str) -> str | None:
    """A relative URL as the sanitiser lets it through, unless the browser would read it as `//host/…`
    (browsers read `\\` as `/` in web addresses): that goes to another host, and from a page opened as a
    file, to a Windows share that is handed the reader's credentials. None drops the link's target."""
    return None if _URL_NOISE.sub("", url).replace("\\", "/").startswith("//") else url


class _AlignClasses(Treeprocessor):
    """`align="center"` from the tables extension → `class="align-center"` (see ALIGN_CLASSES)."""

    def run(self, root: ElementTree.Element) -> None:
        for cell in root.iter():
            if cell.tag in ("th", "td") and (side := cell.attrib.pop("align", None)):
                cell.set("class", f"align-{side}")


class _AlignExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AlignClasses(md), "align_classes", 0)


def prose_markdown() -> markdown.Markdown:
    """The Markdown converter of prose (reset it before each text)."""
    return markdown.Markdown(
        extensions=[TableExtension(use_align_attribute=True), "sane_lists", _AlignExtension()], output_format="html"
    )


def clean(html: str) -> str:
    """nh3 with the tags, attributes, classes and link schemes prose may use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(URL_SCHEMES),
        url_relative=same_host_only,
        link_rel="noopener noreferrer",
    )


def raw_and_safe_html(md: markdown.Markdown, source: str) -> tuple[str, str]:
    """Markdown's HTML of `source`, and what the page gets of it."""
    md.reset()
    raw = md.convert(source)
    # No blank line inside: the block must also read as one raw HTML block where it is inlined in
    # Markdown (the benchmark's plain-MkDocs baseline).
    return raw, re.sub(r"\n\s*\n", "\n", clean(raw))


def to_safe_html(md: markdown.Markdown, source: str) -> str:
    """What the page gets of the Markdown `source`."""
    return raw_and_safe_html(md, source)[1]


#: Text that Markdown would only wrap in a paragraph: one line with no character that Markdown, HTML or
#: the sanitiser treats specially, not starting like a list, heading, quote or code block.
_PLAIN_TEXT = re.compile(r"[^\x00-\x1f\x7f\xa0\\`*_\[\]<>&|~{}0-9#>=+-][^\x00-\x1f\x7f\xa0\\`*_\[\]<>&|~{}]*")


def plain_paragraph(text: str) -> str | None:
    """`<p>text</p>` when that is all Markdown + nh3 would make of `text` (most prose: one sentence or
    two), None otherwise. Skipping Markdown for these halves the cost of prose (tests/test_render.py
    checks the shortcut against the long way on every text of the course)."""
    line = text.removesuffix("\n")  # a YAML block scalar ends with a newline
    if line != line.strip() or not _PLAIN_TEXT.fullmatch(line):  # Markdown treats edge spaces in its own ways
        return None
    return f"<p>{line}</p>"


# --- what the sanitiser took away --------------------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """One thing the page loses: a whole element (`attribute` None), an attribute, or a link's target."""

    tag: str
    attribute: str | None = None
    value: str = ""  # the attribute's value as written (a link's target)


class _Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


@cache
def _checker_markdown() -> markdown.Markdown:
    return prose_markdown()


@lru_cache(maxsize=2048)
def removals_from(source: str) -> tuple[Removal, ...]:
    """What the page loses of the Markdown `source`. A pure function of the text, so it is computed once
    per process: a preview rebuild (or a test) re-checks only the texts that changed."""
    raw, safe = raw_and_safe_html(_checker_markdown(), source)
    return tuple(removals(raw, safe))


def removals(raw_html: str, clean_html: str) -> list[Removal]:
    """What `clean` took from `raw_html`, found by comparing its output with its input (never by
    guessing its rules): elements that are fewer afterwards, and attributes missing from an element that
    stayed. Attributes the sanitiser adds (`rel`) and elements the HTML parser adds (`tbody`) are not losses."""
    before, after = _Elements(raw_html).elements, _Elements(clean_html).elements
    lost = Counter(tag for tag, _ in before) - Counter(tag for tag, _ in after)
    found: list[Removal] = []
    budget = Counter(lost)
    for tag, attrs in before:  # each lost element once, in the order of the text, with its active attributes
        if budget[tag]:
            budget[tag] -= 1
            found.append(Removal(tag, None, attrs.get("src", "") or attrs.get("href", "")))
            found.extend(Removal(tag, name, value) for name, value in attrs.items() if name.startswith("on"))
    kept_before = [(tag, attrs) for tag, attrs in before if tag not in lost]
    kept_after = [(tag, attrs) for tag, attrs in after if tag not in lost]
    matcher = SequenceMatcher(None, [t for t, _ in kept_before], [t for t, _ in kept_after], autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            tag, attrs = kept_before[block.a + offset]
            remaining = kept_after[block.b + offset][1]
            found.extend(Removal(tag, name, value) for name, value in attrs.items() if name not in remaining)
    return found
