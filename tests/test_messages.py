"""What an author reads: every message in Japanese, on the line of the mistake, all at once, never a traceback.

The snapshot (tests/fixtures/snapshots/broken.txt) is the printed report of `check` for every project in
tests/fixtures/broken/: a change of wording in macros/checks.py shows up there as one reviewable diff.
Regenerate it with `.venv/bin/python -m pytest tests/test_messages.py --update-snapshots` (or UPDATE_SNAPSHOTS=1).

The mistakes themselves are made on a real module (a copy of the course's content_src/), one at a time.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, Ran, macros_command

from macros.check import check_project
from macros.findings import format_text

BROKEN = FIXTURES / "broken"
SNAPSHOT = FIXTURES / "snapshots" / "broken.txt"
#: Where a fixture of tests/fixtures/broken/ goes in the mini project: by its name's first word.
TARGETS = {"glossary": "glossary.yml", "references": "references.yml", "search": "search.yml"}
MODULE = "content_src/modules/psychological-safety.yml"


def broken_project(fixture: Path, tmp_path: Path) -> Path:
    """The mini project with one of its files replaced by `fixture`."""
    project = tmp_path / fixture.stem
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copy(ROOT / "content_src" / "ui.yml", project / "content_src" / "ui.yml")
    target = TARGETS.get(fixture.stem.split("-")[0], "modules/alpha.yml")
    shutil.copy(fixture, project / "content_src" / target)
    return project


def report(tmp_path: Path) -> str:
    sections = []
    for fixture in sorted(BROKEN.glob("*.yml")):
        findings = check_project(broken_project(fixture, tmp_path)).findings
        sections.append(f"## {fixture.name}\n{format_text(findings)}\n")
    return "\n".join(sections)


def test_the_report_of_every_broken_fixture_matches_the_snapshot(tmp_path: Path, update_snapshots: bool) -> None:
    printed = report(tmp_path)
    if update_snapshots:
        SNAPSHOT.write_text(printed, "utf-8")
    assert printed == SNAPSHOT.read_text("utf-8"), "wording changed: review, then run pytest --update-snapshots"


def test_the_snapshot_has_no_traceback_no_english_parser_text_in_messages_and_no_list_indexes_for_ids() -> None:
    text = SNAPSHOT.read_text("utf-8")
    messages = [line for line in text.splitlines() if re.match(r"content_src/\S+:\d+:\d+: ", line)]
    assert messages and "Traceback" not in text and "Error:" not in text
    assert not [m for m in messages if re.search(r"while |found |expected |could not", m)]
    assert not [m for m in messages if re.search(r"(quiz|sections|scenarios|terms)\[\d+\]", m)]
    assert "フィールド" not in text


# --- each mistake once, on a real module -------------------------------------------------------------

Edit = Callable[[list[str]], int]


def line_of(lines: list[str], pattern: str) -> int:
    """The 0-based index of the first line matching `pattern` (the real module changes; the tests follow)."""
    return next(i for i, line in enumerate(lines) if re.search(pattern, line))


def replace_in(pattern: str, old: str, new: str) -> Edit:
    """Replace `old` by `new` on the first line matching `pattern`; the true line is that line."""

    def edit(lines: list[str]) -> int:
        i = line_of(lines, pattern)
        assert old in lines[i]
        lines[i] = lines[i].replace(old, new, 1)
        return i + 1

    return edit


def tabs(lines: list[str]) -> int:
    """Two lines indented with a tab where two spaces were; the true line is the first."""
    found = [line_of(lines, pattern) for pattern in (r"^    kind: definition", r"^    kind: background")]
    for i in found:
        lines[i] = "\t" + lines[i][2:]
    return found[0] + 1


def colon_then_comment(lines: list[str]) -> int:
    i = line_of(lines, r"^title:")
    lines[i] = lines[i].replace("title:", "title：")
    lines.insert(i + 1, "# 上の行が誤りです")
    return i + 1


def citation_in_body(lines: list[str]) -> int:
    i = line_of(lines, r"^      仲が良く、互いを信頼")
    lines[i] += " [@NOPE1]"
    return i + 1


TITLE = r"^title:"
MISTAKES: dict[str, tuple[Edit, str, str, int | None]] = {
    # name: (edit, check, words of the message, column or None)
    "a date as a list item": (
        replace_in(
            r"^  - 心理的安全性を自分",
            "心理的安全性を自分の言葉で定義し、信頼や仲の良さ、ぬるま湯との違いを説明できる",
            "2025-04-01",
        ),
        "wrong-type",
        "2025-04-01 は日付として読まれています",
        5,
    ),
    "a date where a number belongs": (
        replace_in(r"^estimated_minutes:", "55", "1980-01-01"),
        "wrong-type",
        "1980-01-01 は日付として読まれています",
        20,
    ),
    "a timestamp": (
        replace_in(TITLE, "心理的安全性", "2025-04-01 10:00:00"),
        "wrong-type",
        "日付として読まれています",
        8,
    ),
    "!!binary": (
        replace_in(TITLE, "心理的安全性", "!!binary 44GC"),
        "wrong-type",
        "バイナリ（!!binary）の値は使えません",
        8,
    ),
    "!!set": (replace_in(TITLE, "心理的安全性", "!!set {心理的安全性}"), "wrong-type", "!!set の値は使えません", 8),
    "an unknown tag": (
        replace_in(TITLE, "心理的安全性", "!重要 心理的安全性"),
        "yaml-needs-quotes",
        "「!」で始まっている",
        8,
    ),
    "a tab": (tabs, "yaml-tab", "インデントにタブ文字があります", 1),
    "a full-width colon": (replace_in(TITLE, "title:", "title："), "yaml-fullwidth-colon", "コロンが全角", 6),
    "a full-width colon before a comment": (colon_then_comment, "yaml-fullwidth-colon", "コロンが全角", 6),
    "no space after the colon": (
        replace_in(r"^    kind: definition", "kind: ", "kind:"),
        "yaml-fullwidth-colon",
        "半角スペースがありません",
        9,
    ),
    "a full-width space after the colon": (
        replace_in(TITLE, "title: ", "title:\u3000"),
        "yaml-fullwidth-space",
        "全角スペース",
        7,
    ),
    "a full-width space before a key": (
        replace_in(r"^    title: 心理的安全性とは", "    title", "  \u3000title"),
        "yaml-fullwidth-space",
        "全角スペース",
        3,
    ),
    "a full-width space before a list item": (
        replace_in(r"^  - id: definition", "  - ", "\u3000- "),
        "yaml-fullwidth-space",
        "全角スペース",
        1,
    ),
    "a full-width space before a top-level key": (
        replace_in(r"^id: ", "id", "\u3000id"),
        "yaml-fullwidth-space",
        "全角スペース",
        1,
    ),
    "はい for a true-or-false answer": (
        replace_in(r"^    answer: true", "true", "はい"),
        "wrong-type",
        "true または false",
        5,
    ),
    "a value read as a list": (replace_in(TITLE, "心理的安全性", "[反対]"), "wrong-type", "いまはリスト", None),
    "a value starting with *": (
        replace_in(TITLE, "心理的安全性", "*重要* 心理的安全性"),
        "yaml-needs-quotes",
        "「*」で始まっている",
        8,
    ),
    "a value starting with @": (
        replace_in(TITLE, "心理的安全性", "@心理的安全性"),
        "yaml-needs-quotes",
        "「@」で始まっている",
        8,
    ),
    "a value starting with `": (
        replace_in(TITLE, "心理的安全性", "`心理的`安全性"),
        "yaml-needs-quotes",
        "「`」で始まっている",
        8,
    ),
    "a value starting with {": (
        replace_in(TITLE, "心理的安全性", "{心理的}安全性"),
        "yaml-needs-quotes",
        "「{」で始まっている",
        8,
    ),
    "a value starting with [": (
        replace_in(TITLE, "心理的安全性", "[@ED99] 心理的安全性"),
        "yaml-needs-quotes",
        "「[」で始まっている",
        8,
    ),
    "a value starting with %": (
        replace_in(TITLE, "心理的安全性", "%心理的安全性"),
        "yaml-needs-quotes",
        "「%」で始まっている",
        8,
    ),
    "a value starting with &": (
        replace_in(TITLE, "心理的安全性", "&心理的安全性"),
        "yaml-needs-quotes",
        "「&」で始まっている",
        8,
    ),
    "text after >": (
        replace_in(TITLE, "心理的安全性", "> 心理的安全性"),
        "yaml-needs-quotes",
        "「>」の後に文を続けて書けません",
        8,
    ),
    "text after |": (
        replace_in(r"^    title: 心理的安全性とは", "心理的安全性とは", "|心理的安全性とは"),
        "yaml-needs-quotes",
        "「|」の後に文を続けて書けません",
        12,
    ),
    "': ' inside a value": (replace_in(TITLE, "心理的安全性", "心理的安全性: 基本"), "yaml-needs-quotes", "「: 」", 14),
    "an over-indented key": (
        replace_in(r"^    title: 心理的安全性とは", "    title", "      title"),
        "yaml-indent",
        "インデント",
        7,
    ),
    "a quote closed too early": (
        replace_in(TITLE, "心理的安全性", '"心理的" 安全性'),
        "yaml-needs-quotes",
        "引用符を閉じた後にも文が続いています",
        8,
    ),
    "an unclosed quote": (
        replace_in(TITLE, "心理的安全性", '"心理的安全性'),
        "yaml-needs-quotes",
        '引用符（"）が閉じていません',
        8,
    ),
    "a citation deep in a body": (
        citation_in_body,
        "unknown-citation",
        "sections[id=definition].body: 文献 [@NOPE1]",
        None,
    ),
}


def real_project(tmp_path: Path, edit: Edit) -> tuple[Path, int]:
    project = tmp_path / "course"
    shutil.copytree(ROOT / "content_src", project / "content_src")
    path = project / MODULE
    lines = path.read_text("utf-8").split("\n")
    line = edit(lines)
    path.write_text("\n".join(lines), "utf-8")
    return project, line


def run_check(project: Path, *args: str) -> Ran:
    """`python -m macros check`, run in this process (tests/test_check.py runs the real command line)."""
    return macros_command("check", "--root", str(project), *args)


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_in_a_real_module_is_explained_in_japanese_on_its_line(tmp_path: Path, mistake: str) -> None:
    edit, check, words, column = MISTAKES[mistake]
    project, line = real_project(tmp_path, edit)
    done = run_check(project)
    printed = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1 and not [row for row in printed if "Traceback" in row or "Error:" in row]
    first = next(row for row in printed if f"[{check}]" in row)
    where = f"{MODULE}:{line}:" + (f"{column}:" if column else "")
    assert first.startswith(where) and words in first, "\n".join(printed)
    assert re.search(r"[ぁ-んァ-ン一-龥]", first.split("]: ", 1)[1])  # Japanese, whatever PyYAML said
    assert printed[printed.index(first) + 1].startswith("    ヒント: ")


def test_every_tab_is_reported_not_only_the_first(tmp_path: Path) -> None:
    project, _ = real_project(tmp_path, tabs)
    lines = (project / MODULE).read_text("utf-8").split("\n")
    tab_lines = [i + 1 for i, text in enumerate(lines) if text.startswith("\t")]
    reported = [f.line for f in check_project(project).findings if f.check == "yaml-tab"]
    assert len(tab_lines) == 2 and reported == tab_lines


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m.startswith("a full-width space")])
def test_a_full_width_space_is_the_only_finding_no_parser_follow_up(tmp_path: Path, mistake: str) -> None:
    project, line = real_project(tmp_path, MISTAKES[mistake][0])
    assert [(f.check, f.line) for f in check_project(project).findings] == [("yaml-fullwidth-space", line)]


def test_a_full_width_space_opening_a_paragraph_of_a_body_is_prose_not_a_mistake(tmp_path: Path) -> None:
    project, _ = real_project(tmp_path, replace_in(r"^      仲が良く", "      ", "      \u3000"))
    assert not check_project(project).findings


@pytest.mark.parametrize(
    ("field", "hint", "not_in_hint"),
    [
        ("year", "year: 1980", '"'),  # a number field: quoting would publish "(1980-01-01)" as the year
        ("title", '"1980-01-01"', "year:"),  # a text field: quoting is the fix
    ],
)
def test_a_date_asks_for_the_number_in_a_number_field_and_for_quotes_in_a_text_field(
    tmp_path: Path, field: str, hint: str, not_in_hint: str
) -> None:
    project = tmp_path / "course"
    shutil.copytree(ROOT / "content_src", project / "content_src")
    path = project / "content_src" / "references.yml"
    lines = path.read_text("utf-8").split("\n")
    i = line_of(lines, rf"^    {field}: ")
    lines[i] = f"    {field}: 1980-01-01"
    path.write_text("\n".join(lines), "utf-8")
    [finding] = [f for f in check_project(project).findings if f.is_error]
    assert (finding.check, finding.line, finding.column) == ("wrong-type", i + 1, len(field) + 7)
    assert "日付" in finding.message and hint in finding.hint and not_in_hint not in finding.hint


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [("はい for a true-or-false answer", "true（正しい）か false（誤り）"), ("a value read as a list", '"…" で囲んで')],
)
def test_a_wrong_type_hint_says_how_to_write_it(tmp_path: Path, mistake: str, hint: str) -> None:
    project, line = real_project(tmp_path, MISTAKES[mistake][0])
    [finding] = [f for f in check_project(project).findings if f.is_error]
    assert finding.line == line and hint in finding.hint


def test_parser_text_is_a_detail_on_its_own_line(tmp_path: Path) -> None:
    project, _ = real_project(tmp_path, MISTAKES["a value starting with ["][0])
    [finding] = [f for f in check_project(project).findings if f.is_error]
    assert "found character" in finding.detail and "found" not in finding.message
    assert "\n    詳細: while scanning" in format_text([finding])


def test_a_schema_error_does_not_hide_a_cross_file_error_of_the_same_file(tmp_path: Path) -> None:
    def both(lines: list[str]) -> int:
        lines.insert(line_of(lines, r"^estimated_minutes:"), "summery: 書き間違い")
        return citation_in_body(lines)

    project, line = real_project(tmp_path, both)
    found = {(f.check, f.line) for f in check_project(project).findings}
    assert ("unknown-field", line_of((project / MODULE).read_text("utf-8").split("\n"), "^summery") + 1) in found
    assert ("unknown-citation", line) in found


def test_a_citation_twice_in_one_text_is_reported_once_per_place(tmp_path: Path) -> None:
    def twice(lines: list[str]) -> int:
        i = line_of(lines, r"^      仲が良く、互いを信頼")
        lines[i] += " [@NOPE3] と [@NOPE3]"
        return i + 1

    project, line = real_project(tmp_path, twice)
    found = [f for f in check_project(project).findings if f.check == "unknown-citation"]
    text = (project / MODULE).read_text("utf-8").split("\n")[line - 1]
    assert [(f.line, f.column) for f in found] == [
        (line, text.index("[@NOPE3]") + 1),
        (line, text.rindex("[@NOPE3]") + 1),
    ]


@pytest.mark.parametrize("style", ["|-", "|+", ">", ">-"])
def test_a_citation_inside_any_block_scalar_is_placed_on_its_own_line(tmp_path: Path, style: str) -> None:
    def block(lines: list[str]) -> int:
        body = line_of(lines, r"^    body: \|$")
        lines[body] = f"    body: {style}"
        i = line_of(lines, r"^      仲が良く、互いを信頼")
        lines[i] += " [@NOPE4]"
        return i + 1

    project, line = real_project(tmp_path, block)
    [found] = [f for f in check_project(project).findings if f.check == "unknown-citation"]
    text = (project / MODULE).read_text("utf-8").split("\n")[line - 1]
    assert (found.line, found.column) == (line, text.index("[@NOPE4]") + 1)


def test_a_duplicate_question_id_names_where_the_first_one_is(tmp_path: Path) -> None:
    def duplicate(lines: list[str]) -> int:
        questions = [i for i, text in enumerate(lines) if re.match(r"^  - id: ps-q\d+$", text)]
        lines[questions[1]] = lines[questions[0]]
        return questions[0] + 1

    project, first = real_project(tmp_path, duplicate)
    [found] = [f for f in check_project(project).findings if f.check == "duplicate-id"]
    assert f"{MODULE}:{first} でも使われています" in found.message


@pytest.mark.parametrize("fixture", ["date-values.yml", "tagged-values.yml"])
def test_dates_and_tags_are_findings_in_github_format_too(mini: Path, fixture: str) -> None:
    shutil.copy(BROKEN / fixture, mini / "content_src" / "modules" / "alpha.yml")
    done = run_check(mini, "--format", "github")
    printed = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in printed and "Unsupported type" not in printed
    assert "::error file=content_src/modules/alpha.yml,line=" in printed


def test_dates_do_not_reach_the_style_lint_or_the_scaffold(mini: Path) -> None:
    from macros.scaffold import ScaffoldError, new_question
    from macros.style import collect

    shutil.copy(BROKEN / "date-values.yml", mini / "content_src" / "modules" / "alpha.yml")
    _, problems = collect(mini)
    assert [p.check for p in problems] == ["wrong-type", "wrong-type"]
    with pytest.raises(ScaffoldError, match="日付"):
        new_question(mini, "alpha", "single")
