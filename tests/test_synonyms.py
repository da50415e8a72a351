"""Synonym groups (content_src/search.yml): words that are not glossary terms, and what learners type for
them. The checker reports each mistake where it is written; search looks for the course's word instead."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT
from playwright.sync_api import Page, expect
from search_eval import INIT, SearchBox

from macros.check import check_project
from macros.findings import Finding, format_text
from macros.model import GlossaryTerm, SynonymGroup
from macros.search_rewrite import alias_table, fold

SEARCH = "content_src/search.yml"


def with_search(mini: Path, fixture: str) -> list[Finding]:
    """The mini project's findings in its search.yml once `fixture` is that file."""
    shutil.copy(FIXTURES / fixture, mini / SEARCH)
    return search_findings(mini)


def search_findings(mini: Path) -> list[Finding]:
    return [f for f in check_project(mini).findings if f.path == SEARCH]


def at(findings: list[Finding], check: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in findings if f.check == check]


def test_a_clean_file_passes_and_its_groups_reach_the_model(mini: Path) -> None:
    assert with_search(mini, "search/clean.yml") == []
    course = check_project(mini).course
    assert course is not None
    assert course.synonyms == (SynonymGroup("会議", ("ミーティング", "MTG")), SynonymGroup("要点", ("キーポイント",)))


def test_without_the_file_there_are_no_synonyms_and_no_finding(mini: Path) -> None:
    assert not (mini / SEARCH).exists()
    result = check_project(mini)
    assert result.errors == [] and result.course is not None
    assert result.course.synonyms == ()


def test_a_word_the_course_does_not_write_is_an_error_at_its_line(mini: Path) -> None:
    [(line, column, message)] = at(with_search(mini, "broken/search-synonyms.yml"), "synonym-not-in-text")
    assert (line, column) == (4, 3)
    assert "「稟議」はコースの本文" in message and "何も見つかりません" in message


def test_a_word_only_a_hand_written_page_writes_is_in_the_course(mini: Path) -> None:
    """docs/*.md pages (hr, how-to…) are indexed too: their words are the course's words."""
    shutil.copy(FIXTURES / "search" / "clean.yml", mini / SEARCH)
    (mini / SEARCH).write_text((mini / SEARCH).read_text("utf-8") + "- word: 稟議\n  aliases: [りんぎしょ]\n", "utf-8")
    assert at(search_findings(mini), "synonym-not-in-text") != []
    (mini / "docs").mkdir(exist_ok=True)
    (mini / "docs" / "how-to.md").write_text("# 使い方\n\n稟議の回し方。\n", "utf-8")
    assert at(search_findings(mini), "synonym-not-in-text") == []


def test_a_word_in_two_groups_is_an_error_naming_the_first_group(mini: Path) -> None:
    [(line, column, message)] = at(with_search(mini, "broken/search-synonyms.yml"), "synonym-in-two-groups")
    assert (line, column) == (7, 29)
    assert "「ミーティング」は 2 行目のグループ「会議」にもあります" in message


def test_a_glossary_terms_headword_or_reading_is_an_error(mini: Path) -> None:
    found = with_search(mini, "broken/search-synonyms.yml")
    [(line, column, headword), (line2, column2, reading)] = sorted(at(found, "synonym-is-term"))
    assert (line, column) == (9, 13) and "「用語に」は用語 'term-two' の見出し語です" in headword
    # a reading, compared as search compares it (katakana for hiragana)
    assert (line2, column2) == (9, 18) and "「ヨウゴイチ」は用語 'term-one' の読み" in reading
    assert all(f.is_error for f in found if f.check == "synonym-is-term")


def test_a_glossary_alias_added_later_is_reported_against_the_group(mini: Path) -> None:
    """One check sees both files: a term's new alias that a group already has is found too."""
    shutil.copy(FIXTURES / "search" / "clean.yml", mini / SEARCH)
    glossary = mini / "content_src" / "glossary.yml"
    glossary.write_text(
        glossary.read_text("utf-8").replace("reading: ようごいち", "reading: ようごいち\n    aliases: [MTG]")
    )
    [finding] = [f for f in check_project(mini).findings if f.check == "synonym-is-term"]
    assert (finding.path, finding.line) == (SEARCH, 4)
    assert "「MTG」は用語 'term-one' の読み・英語表記・別名と同じです" in finding.message


def test_a_synonym_search_already_finds_is_a_warning(mini: Path) -> None:
    found = with_search(mini, "broken/search-synonyms.yml")
    pointless = [(f.line, f.column, f.message) for f in found if f.check == "synonym-pointless"]
    assert [(line, column) for line, column, _ in pointless] == [(7, 13), (7, 26), (9, 33)]
    same, short, twice = (message for _, _, message in pointless)
    assert "「ｱﾙﾌｧ」は、検索では「アルファ」と同じです" in same
    assert "「α」は、検索では 1 文字なので使われません" in short
    assert "「きーぽいんと」は、検索では同じグループの「キーポイント」と同じです" in twice
    assert not any(f.is_error for f in found if f.check == "synonym-pointless")


def test_a_synonym_the_course_also_writes_is_a_warning(mini: Path) -> None:
    """Search would look for the group's word instead, and miss the pages that write the synonym."""
    found = with_search(mini, "broken/search-synonyms.yml")
    [(line, column, message)] = at(found, "synonym-alias-in-text")
    assert (line, column) == (11, 13)
    assert "「説明」はコースの本文にも書いてあります。検索は「要約」で探す" in message
    assert not any(f.is_error for f in found if f.check == "synonym-alias-in-text")


def test_every_finding_is_reported_in_one_run(mini: Path) -> None:
    found = with_search(mini, "broken/search-synonyms.yml")
    assert len(found) == 8, format_text(found)


def test_a_wrong_shape_is_reported_in_japanese_at_its_line(mini: Path) -> None:
    found = sorted(with_search(mini, "broken/search-wrong-shape.yml"), key=lambda f: (f.line, f.column))
    assert [(f.check, f.line) for f in found] == [
        ("wrong-type", 3),
        ("missing-field", 4),
        ("missing-field", 5),
        ("unknown-field", 6),
    ]
    assert "リスト" in found[0].message and "'aliases' の書き間違い" in found[3].hint


def test_bad_yaml_is_reported_at_its_line(mini: Path) -> None:
    (mini / SEARCH).write_text("synonyms:\n- word: 会議\n\taliases: [MTG]\n", "utf-8")
    found = [f for f in check_project(mini).findings if f.path == SEARCH]
    assert [(f.check, f.line) for f in found] == [("yaml-tab", 3)]


# --- search: the rewrite table the browser reads (macros/search_rewrite.py) --------------------------


def term(headword: str, *aliases: str) -> GlossaryTerm:
    return GlossaryTerm("t", headword, None, None, "定義です。", (), aliases)


def test_the_rewrite_table_sends_each_word_of_a_group_to_the_courses_word() -> None:
    table = alias_table([], [], [SynonymGroup("厚生労働省", ("厚労省", "ｺｳﾛｳｼｮｳ"))])
    assert table[fold("厚労省")] == table[fold("コウロウショウ")] == table[fold("厚生労働省")] == "厚生労働省"


def test_a_word_a_glossary_term_claims_stays_the_terms() -> None:
    table = alias_table([term("報連相", "ホウレンソウ")], [], [SynonymGroup("報告", ("ほうれんそう", "連絡"))])
    assert table[fold("ほうれんそう")] == "報連相"
    assert table[fold("連絡")] == "報告"


def test_a_word_two_groups_claim_is_left_out() -> None:
    table = alias_table([], [], [SynonymGroup("会議", ("MTG",)), SynonymGroup("ミーティング", ("mtg",))])
    assert fold("MTG") not in table


def test_the_real_course_has_synonym_groups() -> None:
    course = check_project(ROOT).course
    assert course is not None
    assert SynonymGroup("厚生労働省", ("厚労省",)) in course.synonyms


# --- through the search box, as a learner searches ----------------------------------------------------


def test_a_synonym_finds_the_pages_of_the_courses_word(page: Page, base_url: str) -> None:
    page.add_init_script(INIT)
    page.goto(base_url)
    search = SearchBox(page)
    search.warm_up()
    pages, _, _ = search.ask("厚労省")  # the course writes 厚生労働省
    assert {"modules/introduction/", "modules/feedback-and-alignment/", "modules/action-plan/"} & set(pages[:3])
    expect(page.locator(".md-search-result__item mark").first).to_have_text("厚生労働省")
