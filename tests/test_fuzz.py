"""A bounded fuzz of the checker on mutated copies of the real content files.

Whatever an author (or an attacker) saves, the checker answers with findings: no traceback, no hang, every
finding on a line the file has, on one line of output; and a file it accepts is one the renderer can build.
The mutants are the same on every run (fixed seed), so a failure names a mutant that can be made again.
The normal suite runs 200 mutants (about 35 s of CPU time; FUZZ_MUTANTS sets another number).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
from conftest import ROOT

from macros.check import CheckResult, check_project
from macros.load import load_yaml
from macros.pages import PageNames
from macros.plugin import SIDE_PAGES
from macros.render import ProseRenderer, Renderer
from macros.schema import schema

SEED = 14  # issue 14
#: 200 in the normal suite; FUZZ_MUTANTS=2000 for a deeper run by hand (same seed, a longer list).
MUTANTS = int(os.environ.get("FUZZ_MUTANTS", "200"))
#: Seconds one mutant may take (check and render); the real course takes well under one.
TIME_LIMIT = 10
SCHEMA_KIND = {
    "course.yml": "course",
    "glossary.yml": "glossary",
    "references.yml": "references",
    "search.yml": "search",
    "ui.yml": "ui",
}

#: Values that YAML reads as something other than plain text, or that break its structure.
VALUES = [
    "!!bool x",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "2025-04-01",
    "1980-01-01 10:00:00",
    "!!int ten",
    "!!float x",
    "!!set x",
    "!!map x",
    "!!seq x",
    "!!omap x",
    "!cmd rm",
    "!!python/object:os.system x",
    "&a x",
    "*a",
    "[",
    "{",
    '"unterminated',
    "|",
    ">",
    "~",
    "null",
    "yes",
    "no",
    ".nan",
    ".inf",
    "-.inf",
    "1e400",
    "99999999999999999999999",
    "-1",
    "0",
    "10.0",
    "0x1F",
    "1_000",
    "1:20",
    "<<",
    "=",
    "''",
    '""',
    '" "',
    '"\\u3000"',
    "'#'",
    "- x",
    "? x",
    "[a, b]",
    "{a: 1}",
    "!!str 12",
    "!!null x",
    "@x",
    "`x`",
    "%x",
]
#: YAML escapes: the renderer's placeholders, bidi controls, invisible and control characters, noncharacters.
ESCAPES = [
    "\\ue000",
    "\\ue0020\\ue003",
    "\\ue0000\\ue001",
    "\\u202e",
    "\\u2066",
    "\\u200b",
    "\\ufeff",
    "\\0",
    "\\a",
    "\\e",
    "\\x85",
    "\\N",
    "\\L",
    "\\P",
    "\\_",
    "\\ufdd0",
    "\\uffff",
    "\\U0001fffe",
    "\\U0010ffff",
    "\\ud800",
    "\\t",
    "\\n",
    "\\r",
    "\\\\",
    "\\x7f",
    "\\x1b",
    "\\u3164",
    "\\U000e0041",
]
#: Text that means something to Markdown, HTML, Jinja or our citation syntax.
MARKUP = [
    "<script>alert(1)</script>",
    "{{ config }}",
    "{% raw %}",
    "[@NOPE]",
    "[@GK80]",
    "[x](//evil.example/)",
    "[x](javascript:alert(1))",
    "\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
    "<td style='color:red'>x</td>",
    "# 見出し",
    "{#id}",
    "re:Work ~ ^",
    "*強調*",
    "\\",
    "&amp;",
    "<!--",
    "]]>",
    "\n- リスト\n",
    "    code",
    "<a href='//evil.example/'>x</a>",
    "[x](/\\evil.example)",
    "<img src=x onerror=alert(1)>",
    "`code`",
]
#: Characters written into the file as they are.
RAW = [
    "\x07",
    "\x1b",
    "\x0c",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u202e",
    "\ufffe",
    "\x00",
    "\r",
    "\t",
    "\ue002",
    "\u200b",
    "\ud7ff",
    "😀",
    "\ufdd0",
]
TAGS = [
    "!!str ",
    "!!int ",
    "!!bool ",
    "!!null ",
    "!!float ",
    "!!map ",
    "!!seq ",
    "!foo ",
    "!!binary ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "!!python/object ",
    "!重要 ",
]
#: What Japanese authors type: dates and times where text or numbers belong, values starting with a YAML
#: indicator, a colon and space inside a value, an unclosed quote.
AUTHOR_VALUES = [
    "1980-01-01",
    "2025-04-01",
    "2025-04-01 10:00:00",
    "2025-04-01T10:00:00Z",
    "12:30",
    "[@GK80] による",
    "*重要* な点",
    "@担当者",
    "`code` の例",
    "{注} 補足",
    "%割合",
    "&記号",
    "> 引用",
    "|縦線",
    "注意: ここ",
    '"閉じ忘れ',
    "'閉じ忘れ",
    '"引用" の後',
    "- リスト",
    "? 質問",
    "#1 番目",
]

VALUE_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*: )(\S.*)$|^(\s*- )(\S.*)$")


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if VALUE_LINE.match(line)]


def _with_value(lines: list[str], rng: random.Random, make: Callable[[str], str], *, text_only: bool = False) -> None:
    """Replace the value of one `key: value` or `- value` line by `make(old value)`; with `text_only`, one
    that is Japanese text (not an id, a number or a flag), where markup is allowed and so more mutants pass."""
    candidates = [i for i in _value_lines(lines) if not text_only or not lines[i].isascii()]
    if not candidates:
        return
    i = rng.choice(candidates)
    match = VALUE_LINE.match(lines[i])
    prefix, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    lines[i] = prefix + make(value)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _escaped(value: str, rng: random.Random) -> str:
    """The value as a double-quoted scalar with a YAML escape inside (escapes only exist in "…")."""
    plain = value.strip("\"'")
    cut = rng.randrange(len(plain) + 1)
    return _quoted(plain[:cut])[:-1] + rng.choice(ESCAPES) + _quoted(plain[cut:])[1:]


def mutate(original: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations of a file, and their names (to tell what a failing mutant was)."""
    data = original
    names = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(
            [
                "byte",
                "line",
                "value",
                "swap",
                "escape",
                "escape",
                "markup",
                "markup",
                "block",
                "raw",
                "tag",
                "author",
                "author",
            ]
        )
        names.append(kind)
        if kind == "byte":
            at = rng.randrange(len(data))
            op = rng.choice(["flip", "insert", "delete"])
            if op == "flip":
                data = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
            elif op == "insert":
                data = data[:at] + bytes([rng.randrange(256)]) + data[at:]
            else:
                data = data[:at] + data[at + rng.randint(1, 8) :]
            continue
        text = data.decode("utf-8", "surrogateescape")
        lines = text.split("\n")
        if kind == "line":
            i = rng.randrange(len(lines))
            op = rng.choice(["delete", "duplicate", "swap", "indent", "dedent", "move"])
            if op == "delete":
                del lines[i]
            elif op == "duplicate":
                lines.insert(i, lines[i])
            elif op == "swap" and i + 1 < len(lines):
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            elif op == "indent":
                lines[i] = "  " + lines[i]
            elif op == "dedent":
                lines[i] = lines[i].removeprefix("  ")
            else:
                lines.insert(rng.randrange(len(lines)), lines.pop(i))
        elif kind == "value":
            _with_value(lines, rng, lambda value: rng.choice(VALUES))
        elif kind == "swap":  # another value of the same file: ids, references and flags out of place
            values = [
                VALUE_LINE.match(lines[i]).group(2) or VALUE_LINE.match(lines[i]).group(4) for i in _value_lines(lines)
            ]
            _with_value(lines, rng, lambda value, values=values: rng.choice(values))
        elif kind == "escape":
            _with_value(lines, rng, lambda value: _escaped(value, rng), text_only=True)
        elif kind == "markup":
            _with_value(lines, rng, lambda value: _quoted(value.strip("\"'") + rng.choice(MARKUP)), text_only=True)
        elif kind == "block":  # a line of markup inside a block scalar (`body: |`), where it is literal text
            deep = [i for i, line in enumerate(lines) if line.startswith("      ") and not VALUE_LINE.match(line)]
            if deep:
                i = rng.choice(deep)
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                lines.insert(i + 1, indent + rng.choice(MARKUP).strip("\n").replace("\n", "\n" + indent))
        elif kind == "tag":
            _with_value(lines, rng, lambda value: rng.choice(TAGS) + value)
        elif kind == "author":  # the mistakes of issue 15: tabs, full-width colons, dates, indicators
            op = rng.choice(["tabs", "colon", "no-space", "value"])
            indented = [i for i, line in enumerate(lines) if line.startswith("  ") and line.strip()]
            keyed = [i for i in _value_lines(lines) if VALUE_LINE.match(lines[i]).group(1)]
            if op == "tabs" and indented:
                for i in rng.sample(indented, min(len(indented), rng.randint(1, 3))):
                    lines[i] = "\t" + lines[i][2:]
            elif op in ("colon", "no-space") and keyed:
                i = rng.choice(keyed)
                lines[i] = lines[i].replace(": ", "：" if op == "colon" else ":", 1)
            else:
                _with_value(lines, rng, lambda value: rng.choice(AUTHOR_VALUES))
        else:  # raw
            i = rng.randrange(len(lines))
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(RAW) + lines[i][at:]
        data = "\n".join(lines).encode("utf-8", "surrogateescape")
    return data, names


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """TimeoutError if the block runs longer than `seconds` (a hang in the checker or the renderer)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def editor_lines(path: Path) -> list[str]:
    """The lines of a file as an editor shows them (a final newline opens one more, empty line)."""
    text = path.read_bytes().decode("utf-8-sig", "replace")
    return re.split(r"\r\n|\r|\n", text)


def misplaced(result: CheckResult, project: Path) -> list[str]:
    """Findings that point at no line of their file, or that would print on more than one line."""
    wrong = []
    for f in result.findings:
        lines = editor_lines(project / f.path)
        if not (1 <= f.line <= len(lines) and 1 <= f.column <= len(lines[f.line - 1]) + 1):
            wrong.append(f"{f.path}:{f.line}:{f.column} [{f.check}] is outside the file ({len(lines)} lines)")
        if any(c in f.message + f.hint + f.detail for c in "\n\r"):
            wrong.append(f"{f.path}:{f.line} [{f.check}] prints on several lines: {f.message!r}")
    return wrong


def render_everything(result: CheckResult, prose: ProseRenderer) -> None:
    """Every page the build makes from the course: every module page and side page, each function a
    hand-written page can call (macros/pages.py), the settings script and every quiz's key, with the HTML
    blocks put back as the plugin does.
    `prose` is shared between mutants: what it makes of a text depends on the text alone, and most texts
    are the same in every mutant (this halves the test's time)."""
    course = result.course
    renderer = Renderer(course)
    renderer._prose = prose
    functions = [value for value in PageNames(renderer, "web", True).as_dict().values() if callable(value)]
    pages = [renderer.module_page(m.id) for m in course.modules] + [function() for function in functions]
    pages += [getattr(renderer, method)() for method in SIDE_PAGES.values()]
    pages += [renderer.client_config(), *(renderer.quiz_key(quiz_id) for quiz_id in renderer.quiz_ids())]
    for page in pages:
        page.encode("utf-8")  # a lone surrogate would fail here, when MkDocs writes the page
        renderer.blocks.restore(page)


def validators_disagree(path: Path, project: Path) -> bool:
    kind = "module" if path.parent.name == "modules" else SCHEMA_KIND[path.name]
    doc, _ = load_yaml(path, project)
    if doc is None:
        return False
    fast = jsonschema_rs.Draft202012Validator(schema(kind)).is_valid(doc.data)
    slow = not any(True for _ in jsonschema.Draft202012Validator(schema(kind)).iter_errors(doc.data))
    return fast != slow


@pytest.mark.build  # checks and renders the whole course FUZZ_MUTANTS times: a build's work, ~45 s
def test_mutated_content_never_crashes_hangs_misplaces_or_passes_a_broken_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content_src", project / "content_src")
    files = sorted((project / "content_src").rglob("*.yml"))
    originals = {path: path.read_bytes() for path in files}
    rng = random.Random(SEED)
    problems: list[str] = []
    stats: Counter[str] = Counter()
    rendered: set[str] = set()
    prose = ProseRenderer()
    start = time.monotonic()
    for number in range(MUTANTS):
        path = rng.choice(files)
        mutant, names = mutate(originals[path], rng)
        label = f"mutant {number} ({'+'.join(names)}) of {path.name}"
        path.write_bytes(mutant)
        try:
            with time_limit(TIME_LIMIT):
                result = check_project(project)
                problems += [f"{label}: {wrong}" for wrong in misplaced(result, project)]
                if validators_disagree(path, project):
                    problems.append(f"{label}: jsonschema and jsonschema-rs disagree")
                stats["accepted" if result.course else "refused"] += 1
                if result.course is not None:
                    fingerprint = hashlib.sha256(repr(result.course).encode("utf-8", "surrogatepass")).hexdigest()
                    if fingerprint not in rendered:
                        rendered.add(fingerprint)
                        render_everything(result, prose)
        except Exception as error:  # noqa: BLE001 - any exception is the finding of this test
            problems.append(f"{label}: {type(error).__name__}: {error}")
        finally:
            path.write_bytes(originals[path])
    elapsed = time.monotonic() - start
    print(
        f"\n{MUTANTS} mutants in {elapsed:.1f} s: {stats['accepted']} accepted ({len(rendered)} distinct, "
        f"all rendered), {stats['refused']} refused, {len(problems)} problems"
    )
    assert problems == []
