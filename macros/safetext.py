"""Text that lands where no template escapes it: page titles for Material, and text and ids in XML.

Material prints a page title, a navigation label and the site name unescaped (MkDocs treats them as
HTML), and writes `<title>` through `striptags`, which turns `&lt;` back into `<`. So escaping is not
enough there: a title must not contain `<` or `>` even after unescaping. `safe_title` gives every such
text one form, whatever it came from (a YAML title, a heading MkDocs extracted, mkdocs.yml), and the
course plugin applies it to every page, navigation entry and site setting before Material sees them.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

#: C0 and C1 control characters (tab and newline included: a title is one line).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: What XML 1.0 forbids in a document, even escaped: control characters but tab/newline/CR, surrogates,
#: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]")


def safe_title(value: object) -> Markup:
    """A title as HTML that stays text in every place Material puts it.

    The value is read as HTML (as MkDocs does: a heading's text arrives escaped, a nav title raw), turned
    into plain text, and `<`/`>` become full-width ＜＞ — so even `striptags` cannot make a tag of it —
    before escaping. Idempotent, so applying it again (to an already safe title) changes nothing. The
    result is `Markup`, so a template's `| e` does not escape it a second time.
    """
    text = _CONTROL.sub(" ", html.unescape(str(value)))
    text = " ".join(text.split()).replace("<", "＜").replace(">", "＞")
    return Markup(html.escape(text, quote=True))


def xml_text(value: object) -> Markup:
    """Text for an XML element or attribute: characters XML cannot hold are dropped, the rest escaped."""
    return Markup(html.escape(_NOT_XML.sub("", str(value)), quote=True))


def xml_id(value: object) -> str:
    """A valid xsd:ID (an NCName) from an id: other characters become `_`, and it starts with a letter."""
    text = _NOT_ID.sub("_", str(value))
    return text if re.match(r"[A-Za-z_]", text) else f"id-{text}"
