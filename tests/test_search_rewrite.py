"""The query-rewrite table the build writes for the browser (macros/search_rewrite.py): readings of the
course's kanji words, read at build time, so that a learner's hiragana finds them."""

from __future__ import annotations

from macros.search_rewrite import READING_MIN_COUNT, fold, readings, rewrite_table


def test_words_of_titles_are_read_whatever_their_count() -> None:
    table = readings(["修了証", "受講の手引き"], [])
    assert table[fold("しゅうりょうしょう")] == "修了証"
    assert table[fold("てびき")] == "手引き"


def test_a_kanji_compound_of_the_text_is_read_once_it_is_frequent() -> None:
    often = ["共通認識を確かめます。"] * READING_MIN_COUNT
    assert readings([], often)[fold("きょうつうにんしき")] == "共通認識"
    assert fold("きょうつうにんしき") not in readings([], often[:-1])


def test_glossary_headwords_are_read_with_their_kana() -> None:
    assert readings([], [], ["ぬるま湯"])[fold("ぬるまゆ")] == "ぬるま湯"


def test_a_reading_goes_to_the_title_word_before_a_more_frequent_one() -> None:
    text = ["終了します。終了の合図。"] * 20
    assert readings([], text)[fold("しゅうりょう")] == "終了"
    assert readings(["修了テスト"], text)[fold("しゅうりょう")] == "修了"


def test_table_carries_readings_and_particles_for_the_browser() -> None:
    index = {"docs": [{"location": "", "title": "用語集", "text": "<p>参考文献</p>"}]}
    table = rewrite_table(index, [])
    assert table["readings"][fold("ようごしゅう")] == "用語集"
    assert table["particles"][fold("の")] == "の"
