"""Branding from course.yml (logo and colours): checked for readability, then turned into CSS.

HR sets colours without touching CSS, so the checker guards what CSS would not: white header text on the
primary colour, and accent-coloured links on a white page, must both reach WCAG AA contrast (4.5:1).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .findings import Finding
from .load import Document
from .model import Branding

MIN_CONTRAST = 4.5
WHITE = "#ffffff"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
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
            yield doc.finding(("branding", key), "low-contrast",
                              f"branding.{key}: {colour} では{role}が読みにくくなります（コントラスト比 {ratio:.1f}:1、"
                              f"必要なのは {MIN_CONTRAST}:1 以上）。",
                              "もっと濃い色にしてください（例: #1a237e）。")
    logo = branding.get("logo")
    if logo:
        if ".." in PurePosixPath(logo).parts:
            yield doc.finding(("branding", "logo"), "bad-logo", "branding.logo: content_src/ の外は指定できません。",
                              "ロゴ画像を content_src/ の中（例: content_src/branding/）に置いてください。")
        elif not (content_dir / logo).is_file():
            yield doc.finding(("branding", "logo"), "missing-logo", f"ロゴ画像 content_src/{logo} がありません。",
                              "ファイルを置くか、パスを直してください。")


def _mix(colour: str, other: str, amount: float) -> str:
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b))


def branding_css(branding: Branding) -> str:
    """CSS variables for Material: same specificity as its palette rules, loaded later, so ours win."""
    rules = []
    if branding.primary_color:
        p = branding.primary_color
        rules.append(f"[data-md-color-primary] {{ --md-primary-fg-color: {p}; "
                     f"--md-primary-fg-color--light: {_mix(p, WHITE, .2)}; "
                     f"--md-primary-fg-color--dark: {_mix(p, '#000000', .2)}; }}")
    if branding.accent_color:
        a = branding.accent_color
        rules.append(f"[data-md-color-accent] {{ --md-accent-fg-color: {a}; "
                     f"--md-accent-fg-color--transparent: {a}1a; }}")
        rules.append(f"[data-md-color-scheme=\"default\"] {{ --md-typeset-a-color: {a}; }}")
    return "/* Generated from branding in content_src/course.yml. */\n" + "\n".join(rules) + "\n"
