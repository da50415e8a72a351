"""Branding from course.yml (logo and colours): checked for readability and safety, then turned into CSS.

HR sets colours without touching CSS, so the checker guards what CSS would not: white header text on the
primary colour, and accent-coloured links on a white page, must both reach WCAG AA contrast (4.5:1).
The logo is copied into every edition, so it must be what it claims: a regular PNG, JPEG or SVG file
inside content_src/ (symbolic links followed), of a bounded size, and an SVG without anything that runs.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from .checks import finding
from .findings import Finding
from .load import Document
from .model import Branding
from .published import resolves_inside

MIN_CONTRAST = 4.5
WHITE = "#ffffff"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_branding(doc: Document, content_dir: Path) -> Iterator[Finding]:
    branding = doc.data.get("branding", {})
    for key, role in (("primary_color", "ヘッダーの白い文字"), ("accent_color", "白い背景の上のリンクやボタン")):
        colour = branding.get(key)
        if colour and (ratio := contrast(colour, WHITE)) < MIN_CONTRAST:
            yield doc.finding(
                ("branding", key), "low-contrast", key=key, colour=colour, role=role, ratio=ratio, minimum=MIN_CONTRAST
            )
    logo = branding.get("logo")
    if logo:
        _, problem = load_logo(content_dir, logo)
        if problem:  # reported where the author named the file
            yield replace(
                problem,
                path=doc.display,
                line=doc.where(("branding", "logo"))[0],
                column=doc.where(("branding", "logo"))[1],
            )


# --- the logo: a regular image file inside content_src/ -----------------------------------------

#: Largest logo accepted; a header logo is a few kilobytes (the site is also zipped and copied around).
MAX_LOGO_BYTES = 512 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
#: What each file name extension must contain: a signature (checked on the first bytes) or SVG markup.
IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
SIGNATURES = {"PNG": b"\x89PNG\r\n\x1a\n", "JPEG": b"\xff\xd8\xff"}
#: SVG elements that run or embed other content: pointless in a logo, and active if the file is opened.
ACTIVE_SVG = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


def load_logo(content_dir: Path, logo: str) -> tuple[bytes, None] | tuple[None, Finding]:
    """The bytes of `content_src/<logo>`, or why it cannot be published as the logo (a finding on the file;
    the checker reports it at `branding.logo` in course.yml).

    Order matters: where the path leads is checked before the file is opened (a link may point at
    /etc/passwd or a device), its kind and size before it is read, and its content last. The plugin
    publishes these very bytes, so the file cannot change between this check and the copy.
    """
    where = f"content_src/{logo}"
    path = content_dir / logo

    if ".." in PurePosixPath(logo).parts:
        return None, finding(where, 1, 1, "bad-logo/outside")
    if not resolves_inside(path, content_dir):  # the pattern allows no absolute path: a link leads out
        return None, finding(where, 1, 1, "bad-logo/link", file=where)
    if not path.exists():
        return None, finding(where, 1, 1, "missing-logo", file=where)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, finding(where, 1, 1, "logo-not-image/not-file", file=where)
        if info.st_size > MAX_LOGO_BYTES:
            return None, finding(
                where, 1, 1, "logo-too-large", file=where, size=f"{info.st_size:,} バイト、", limit=MAX_LOGO_BYTES
            )
        with path.open("rb") as file:
            data = file.read(MAX_LOGO_BYTES + 1)
    except OSError as error:
        return None, finding(where, 1, 1, "logo-not-image/unreadable", file=where, reason=error.strerror)
    if len(data) > MAX_LOGO_BYTES:  # grew since stat()
        return None, finding(where, 1, 1, "logo-too-large", file=where, size="", limit=MAX_LOGO_BYTES)
    expected = IMAGE_TYPES[PurePosixPath(logo).suffix.lower()]
    actual = sniff(data)
    if actual != expected:
        found = f"中身は {actual} 画像です" if actual else "中身が画像ではありません"
        return None, finding(where, 1, 1, "logo-not-image", file=where, expected=expected, found=found)
    if expected == "SVG" and (unsafe := svg_problem(data)):
        return None, finding(where, 1, 1, "unsafe-logo", file=where, unsafe=unsafe)
    return data, None


def sniff(data: bytes) -> str | None:
    """The image type of `data` by its content: PNG and JPEG by signature, SVG by its root element."""
    for kind, signature in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):  # checked before parsing: no entity is ever expanded
        return "SVG" if re.search(r"<svg[\s>]", text) else None
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None
    return "SVG" if root.tag == f"{{{SVG_NS}}}svg" else None


def svg_problem(data: bytes) -> str | None:
    """What in an SVG could run or fetch something when the file is opened on its own, or None."""
    text = data.decode("utf-8-sig")
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return "DOCTYPE や実体（ENTITY）の宣言"
    for element in ElementTree.fromstring(text).iter():
        name = element.tag.rpartition("}")[2]
        if name in ACTIVE_SVG:
            return f"<{name}> 要素"
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2]
            if local.lower().startswith("on"):
                return f"イベント属性 {local}"
            if local == "href" and not value.strip().startswith(("#", "data:image/")):
                return f'外部への参照（{local}="{value}"）'
        styles = [element.text or ""] if name == "style" else []
        styles.append(element.attrib.get("style", ""))
        for style in styles:
            if "@import" in style or any(not url.startswith("#") for url in _URL.findall(style)):
                return "外部への参照（CSS の url() や @import）"
    return None


def _mix(colour: str, other: str, amount: float) -> str:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b))


def branding_css(branding: Branding) -> str:
    """CSS variables for Material: same specificity as its palette rules, loaded later, so ours win."""
    rules = []
    if branding.primary_color:
        p = branding.primary_color
        rules.append(
            f"[data-md-color-primary] {{ --md-primary-fg-color: {p}; "
            f"--md-primary-fg-color--light: {_mix(p, WHITE, 0.2)}; "
            f"--md-primary-fg-color--dark: {_mix(p, '#000000', 0.2)}; }}"
        )
    if branding.accent_color:
        a = branding.accent_color
        rules.append(
            f"[data-md-color-accent] {{ --md-accent-fg-color: {a}; --md-accent-fg-color--transparent: {a}1a; }}"
        )
        rules.append(f'[data-md-color-scheme="default"] {{ --md-typeset-a-color: {a}; }}')
    return "/* Generated from branding in content_src/course.yml. */\n" + "\n".join(rules) + "\n"
