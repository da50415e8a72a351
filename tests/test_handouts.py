"""HR's side pages: the whole course for print, the worksheets and the facilitator guide; and branding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import built_page, mkdocs_build

from macros.branding import contrast
from macros.check import check_project
from macros.search_prebuilt import search_documents


def test_print_page_has_every_module_then_the_answers(built: Path) -> None:
    html = built_page(built, "print")
    headings = re.findall(r'<h1 id="([^"]+)"', html)
    assert headings[1:] == ["alpha-top", "beta-top", "answers"]
    assert '<details class="scenario-answer" open>' in html  # scenario answers printed, not folded away
    assert '<ol class="quiz-print">' in html and 'class="quiz-form"' not in html
    answers = html[html.index('id="answers"') :]
    assert "<strong>正解: A. 正しい選択肢</strong><p>これが正解です。</p>" in answers
    assert "<strong>正解: 誤り</strong>" in answers


def test_print_page_ids_are_unique(built: Path) -> None:
    ids = re.findall(r'\sid="([^"]+)"', built_page(built, "print"))
    assert len(ids) == len(set(ids))


@pytest.mark.build
def test_print_page_can_omit_the_quizzes(mini_site: Path) -> None:
    course = mini_site / "content_src" / "course.yml"
    course.write_text(course.read_text("utf-8") + "print:\n  quiz: omit\n", "utf-8")
    assert mkdocs_build(mini_site, "--strict").returncode == 0
    html = built_page(mini_site / "site", "print")
    assert "quiz-print" not in html and 'id="answers"' not in html


def test_worksheets_list_every_reflection_prompt_with_room_to_write(built: Path) -> None:
    html = built_page(built, "worksheets")
    assert html.count('<div class="worksheet-space" aria-hidden="true"></div>') == 2
    assert "<li><p>自分ならどうしますか。</p>" in html and "<li><p>考えてみましょう。</p>" in html


def test_facilitator_guide_has_timetable_discussion_exercises_and_answer_key(built: Path) -> None:
    html = built_page(built, "facilitator")
    alpha = html[html.index('id="fac-alpha"') : html.index('id="fac-beta"')]
    assert "<tr><td>20</td><td>場面いちをグループで話し合う</td></tr>" in alpha
    assert '<tr><th scope="row">合計</th><td>25</td></tr>' in alpha
    assert "<li>チームで意見が出ないのはどんなときですか。</li>" in alpha
    assert "<dt>A. 最善の対応</dt><dd><p>参加を促すからです。</p></dd>" in alpha
    assert "<tr><td>この文は正しい。</td><td>誤り</td></tr>" in alpha
    assert "参加者に実在の上司の名前を挙げさせないでください。" in alpha
    beta = html[html.index('id="fac-beta"') :]
    assert '<ol class="facilitator-default">' in beta  # no timetable written: the standard steps


def test_side_pages_stay_out_of_navigation_and_search(built: Path) -> None:
    locations = {doc["location"].split("#")[0] for doc in search_documents(built)}
    assert not locations & {"print/", "worksheets/", "facilitator/"}
    home = built_page(built, "")
    assert 'href="facilitator/"' not in home and 'href="print/"' not in home
    assert 'href="../facilitator/"' in built_page(built, "hr")


# --- branding -----------------------------------------------------------------------------------


def set_branding(project: Path, branding: str) -> None:
    course = project / "content_src" / "course.yml"
    course.write_text(course.read_text("utf-8") + branding, "utf-8")


@pytest.mark.build
def test_branding_sets_logo_and_colours(mini_site: Path) -> None:
    (mini_site / "content_src" / "branding").mkdir()
    (mini_site / "content_src" / "branding" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "utf-8"
    )
    set_branding(
        mini_site, 'branding:\n  logo: branding/logo.svg\n  primary_color: "#1a237e"\n  accent_color: "#00695c"\n'
    )
    assert mkdocs_build(mini_site, "--strict").returncode == 0
    site = mini_site / "site"
    assert (site / "assets" / "branding" / "logo.svg").is_file()
    assert 'src="assets/branding/logo.svg"' in built_page(site, "")
    css = (site / "stylesheets" / "branding.css").read_text("utf-8")
    assert "--md-primary-fg-color: #1a237e;" in css and "--md-accent-fg-color: #00695c;" in css
    assert 'href="stylesheets/branding.css"' in built_page(site, "")


def test_unreadable_colour_is_an_error_at_its_line(mini: Path) -> None:
    set_branding(mini, 'branding:\n  primary_color: "#ffeb3b"\n')
    findings = [f for f in check_project(mini).findings if f.check == "low-contrast"]
    assert len(findings) == 1
    assert (findings[0].path, findings[0].line) == ("content_src/course.yml", 15)
    assert "コントラスト比 1.2:1" in findings[0].message


def test_missing_logo_is_an_error(mini: Path) -> None:
    set_branding(mini, "branding:\n  logo: branding/nothing.png\n")
    assert [f.check for f in check_project(mini).errors] == ["missing-logo"]


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_print_view_breaks_pages_between_modules_in_black_and_white(browser, mini_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{mini_url}print/")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    breaks = page.locator("h1").evaluate_all("hs => hs.map(h => getComputedStyle(h).breakBefore)")
    assert breaks == ["auto", "page", "page", "page"]  # course title, alpha, beta, answers
    colours = page.locator(".md-typeset p, .md-typeset li").evaluate_all(
        "els => [...new Set(els.map(e => getComputedStyle(e).color))]"
    )
    assert colours == ["rgb(0, 0, 0)"]
    page.close()


def test_no_branding_stylesheet_is_requested_without_colours(built: Path) -> None:
    assert "branding.css" not in built_page(built, "")
    assert not (built / "stylesheets" / "branding.css").exists()
