"""Nothing changes on its way to the page without a word: each mistake, made in a copy of a real module,
gets a finding on the line where it is written (macros/pagetext.py, macros/sanitise.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_course, mkdocs_build

from macros.check import CheckResult, check_project
from macros.findings import Finding
from macros.sanitise import URL_SCHEMES

MODULE = "content_src/modules/introduction.yml"
BODY_KEY = "  - id: how-to-use\n    kind: other\n    title: このコースの進め方\n    body: |\n"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the real content."""
    return copy_course(tmp_path)


def edit(project: Path, old: str, new: str) -> str:
    path = project / MODULE
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
    return path.read_text("utf-8")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def findings(project: Path, check: str) -> list[Finding]:
    return [f for f in check_project(project).findings if f.check == check]


def add_to_body(project: Path, markdown: str) -> str:
    """`markdown` as the first paragraph of a section body (a `|` block, indented six spaces)."""
    indented = "".join(f"      {line}\n" if line else "\n" for line in markdown.split("\n"))
    return edit(project, BODY_KEY, BODY_KEY + indented + "\n")


def test_the_real_content_has_no_silent_change(real_check: CheckResult) -> None:
    checks = {"plain-multiline", "merged-list-item", "removed-html", "removed-link"}
    assert [f for f in real_check.findings if f.check in checks] == []


def test_a_list_item_indented_one_space_too_far_is_an_error_on_its_line(content: Path) -> None:
    bad = "  - 上司と部下が互いに何を頼り合っているかを挙げ"
    text = edit(content, "\n" + bad, "\n " + bad)  # now inside the objective above
    [finding] = findings(content, "merged-list-item")
    assert (finding.path, finding.line, finding.column) == (MODULE, line_of(text, " " + bad), 4)
    assert finding.is_error and "1 つの項目" in finding.message and "そろえて" in finding.hint


def test_a_deeper_list_item_is_also_merged(content: Path) -> None:
    text = edit(content, "  - ボスマネジメントとご機嫌取り", "      - ボスマネジメントとご機嫌取り")
    [finding] = findings(content, "merged-list-item")
    assert finding.line == line_of(text, "      - ボスマネジメント")


def test_a_body_without_bar_that_holds_a_list_is_a_warning(content: Path) -> None:
    text = edit(content, "summary: |\n", "summary:\n  このモジュールの流れです。\n  - 本文\n  - テスト\n")
    [finding] = findings(content, "plain-multiline")
    assert (finding.line, finding.column) == (line_of(text, "  - 本文"), 3)
    assert not finding.is_error and "|" in finding.hint and "箇条書き" in finding.message


def test_a_body_without_bar_with_paragraphs_is_a_warning(content: Path) -> None:
    text = edit(
        content,
        "summary: |\n  このモジュールでは、このコースの目的と進め方を確かめます。\n",
        "summary: このモジュールでは、このコースの目的と進め方を確かめます。\n\n  ",
    )
    [finding] = findings(content, "plain-multiline")
    assert finding.line == line_of(text, "\n\n") + 1 and "空行" in finding.message


def test_a_numbered_list_in_a_quoted_multi_line_value_is_a_warning(content: Path) -> None:
    text = (content / MODULE).read_text("utf-8")
    summary = text[text.index("summary: |") : text.index("estimated_minutes:")]
    edit(content, summary, 'summary: "手順です。\n  1. 読む\n  2. 考える"\n')
    assert len(findings(content, "plain-multiline")) == 1


@pytest.mark.parametrize(
    ("written", "check", "at"),
    [
        ("<script>alert(1)</script>", "removed-html", "<script"),
        ('<a href="https://example.org/" onclick="alert(1)">押す</a>', "removed-html", "onclick"),
        ('<span onmouseover="alert(1)">押す</span>', "removed-html", "onmouseover"),
        ('<iframe src="https://example.org/"></iframe>', "removed-html", "<iframe"),
        ("![図](https://example.org/figure.png)", "removed-html", "!["),
        ('<img src="https://example.org/figure.png">', "removed-html", "<img"),
        ('<a href="https://example.org/" style="color:red">赤</a>', "removed-html", "style"),
        ("[押す](javascript:alert(1))", "removed-link", "javascript:"),
        ("[データ](data:text/html,hi)", "removed-link", "data:"),
        ("[古い](vbscript:msgbox)", "removed-link", "vbscript:"),
        ('<a href="JavaScript:alert(1)">押す</a>', "removed-link", "JavaScript:"),
        ("[別のサーバー](//example.org/x)", "removed-link", "//example"),
    ],
)
def test_what_the_sanitiser_removes_is_reported_where_it_is_written(
    content: Path, written: str, check: str, at: str
) -> None:
    text = add_to_body(content, f"前置きの文です。\n\n詳しくは {written} を見ます。")
    line = line_of(text, written)
    column = text.splitlines()[line - 1].index(at) + 1
    found = [(f.line, f.column) for f in findings(content, check)]
    assert (line, column) in found, found
    assert not [f for f in findings(content, check) if f.is_error or not f.hint]


def test_two_removals_of_one_kind_point_at_their_own_lines(content: Path) -> None:
    text = add_to_body(content, "<script>a()</script>\n\n本文です。\n\n<script>b()</script>")
    lines = [f.line for f in findings(content, "removed-html")]
    assert lines == [line_of(text, "<script>a"), line_of(text, "<script>b")]


@pytest.mark.parametrize(
    ("written", "target", "message", "example"),
    [
        (
            r"[共有](\\server\share\手順.pdf)",
            "\\",
            "共有フォルダのパス",
            "file://server/share/手順.pdf",
        ),  # from Explorer
        (r"[共有](\\\\server\\share\\手順.pdf)", "\\", "共有フォルダのパス", "file://server/share/手順.pdf"),
        (r'<a href="\\server\share\手順.pdf">共有</a>', "\\", "共有フォルダのパス", "file://server/share/手順.pdf"),
        (r"[手順](C:\Users\me\手順.pdf)", "C:", "ドライブ（C:）", "file://server/share/"),
        (r"[手順](D:/資料/手順.pdf)", "D:", "ドライブ（D:）", "file://server/share/"),
    ],
)
def test_a_link_to_a_windows_path_is_an_error_with_the_file_url_form(
    content: Path, written: str, target: str, message: str, example: str
) -> None:
    text = add_to_body(content, f"前置きの文です。\n\n詳しくは {written} を見ます。")
    line = line_of(text, written)
    column = text.splitlines()[line - 1].index(target) + 1
    reported = [f for f in check_project(content).findings if f.line == line]
    assert [(f.check, f.column) for f in reported] == [("windows-path-link", column)]  # and no removed-link
    assert reported[0].is_error and message in reported[0].message and example in reported[0].hint


ALLOWED_LINKS = [
    "https://example.org/a",
    "http://intranet/wiki",
    "mailto:hr@example.org",
    "tel:+81-3-1234-5678",
    "sip:hr@example.org",
    "msteams:/l/chat/0/0?users=hr@example.org",
    "file://server/share/手順.docx",
    "ms-word:ofe|u|https://example.sharepoint.com/a.docx",
    "ms-excel:ofv|u|https://example.org/a.xlsx",
    "ms-powerpoint:ofv|u|https://example.org/a.pptx",
    "../glossary/",
]


def test_every_allowed_scheme_is_documented_and_tested() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert {re.match(r"[a-z-]+", link).group() for link in ALLOWED_LINKS if ":" in link} == URL_SCHEMES  # type: ignore[union-attr]
    assert [s for s in URL_SCHEMES if f"`{s}:" not in guide] == []


@pytest.mark.build
def test_allowed_intranet_links_survive_into_the_page_and_are_not_reported(project: Path) -> None:
    links = "\n".join(f"- [リンク{i}]({href})" for i, href in enumerate(ALLOWED_LINKS))
    path = project / MODULE
    path.write_text(
        path.read_text("utf-8").replace(
            BODY_KEY, BODY_KEY + "".join(f"      {line}\n" for line in links.split("\n")) + "\n"
        ),
        "utf-8",
    )
    assert findings(project, "removed-link") == []
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "modules" / "introduction" / "index.html").read_text("utf-8")
    hrefs = re.findall(r'<a href="([^"]*)"[^>]*>リンク\d+</a>', page)
    assert [html.unescape(h) for h in hrefs] == ALLOWED_LINKS


def test_an_unknown_item_hides_neither_page_text_nor_course_warnings_of_the_same_file(content: Path) -> None:
    """README: every finding in one run. An unknown item (`summery:`) is an error; the removed link, the
    removed <script> and the unwritten placeholder of that file are still reported with it."""
    text = add_to_body(content, "詳しくは [押す](javascript:alert(1)) を見ます。\n\n<script>x()</script>")
    text = edit(content, "\nestimated_minutes:", "\nsummery: 書き間違い\nestimated_minutes:")
    text = edit(content, "\ntitle: ", "\ntitle: 【要記入】")
    reported = {(f.check, f.line) for f in check_project(content).findings}
    assert {
        ("unknown-field", line_of(text, "summery:")),
        ("removed-link", line_of(text, "[押す]")),
        ("removed-html", line_of(text, "<script>")),
        ("placeholder", line_of(text, "\ntitle:") + 1),
    } <= reported
