"""The query-rewrite table the build writes for the browser (macros/search_rewrite.py): the fold, the pages'
English names, readings of the course's kanji words, read at build time, so that a learner's hiragana
finds them, and the Latin names the course does not write (loanwords' English sources, acronyms)."""

from __future__ import annotations

from collections import Counter

from macros.model import GlossaryTerm
from macros.search_rewrite import (
    READING_MIN_COUNT,
    acronym_names,
    acronyms,
    fold,
    kanji_compounds,
    loanword_names,
    okurigana_variants,
    page_names,
    readings,
    rewrite_table,
    written_latin,
)


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


def test_a_word_that_mixes_kanji_and_kana_is_read_once_it_is_frequent_and_so_is_its_stem() -> None:
    often = ["今週の仕事を振り返ります。"] * READING_MIN_COUNT
    table = readings([], often)
    assert table[fold("ふりかえり")] == "振り返り"
    assert table[fold("ふりかえ")] == "振り返"  # the stem, which finds every form
    assert fold("ふりかえり") not in readings([], often[:-1])


def test_a_title_word_with_okurigana_is_read_with_its_stem() -> None:
    assert readings(["受け取る"], [])[fold("うけと")] == "受け取"


def test_a_way_word_after_a_verbs_stem_is_read_kata_however_rare() -> None:
    table = readings([], ["仕事の断り方を決めます。", "会議に出る方は"])
    assert table[fold("ことわりかた")] == "断り方"
    assert fold("でるかた") not in table  # after a dictionary form, 方 is the one who: not a way


def test_table_carries_readings_and_particles_for_the_browser() -> None:
    index = {"docs": [{"location": "", "title": "用語集", "text": "<p>参考文献</p>"}]}
    table = rewrite_table(index, [])
    assert table["readings"][fold("ようごしゅう")] == "用語集"
    assert table["particles"][fold("の")] == "の"


def test_latin_words_fold_alike_with_a_space_a_hyphen_or_neither() -> None:
    assert fold("final test") == fold("final-test") == fold("FinalTest")


def test_a_hyphen_or_wave_typed_after_kana_folds_as_the_long_vowel_mark() -> None:
    assert fold("ワークシ-ト") == fold("ﾜｰｸｼｰﾄ") == fold("わーくし〜と") == fold("ワークシート")
    assert fold("1on1-mtg") == fold("1on1mtg")  # between Latin letters, as before


def test_a_loanword_is_named_by_its_english_source() -> None:
    names = loanword_names(Counter(), Counter({"フィードバック": 1, "コンフォート・ゾーン": 1}))
    assert names[fold("feedback")] == "フィードバック"
    assert names[fold("comfort zone")] == "コンフォート・ゾーン"  # a compound, by the sources of its parts


def test_a_loanword_keeps_no_english_name_the_course_writes_as_often() -> None:
    texts = ["Thanks for the Feedback", "フィードバック"]
    assert fold("feedback") not in loanword_names(written_latin(texts), Counter({"フィードバック": 1}))
    assert fold("feedback") in loanword_names(written_latin(texts), Counter({"フィードバック": 2}))


def test_a_katakana_word_with_no_loanword_source_has_no_english_name() -> None:
    assert not loanword_names(Counter(), Counter({"チェックリスト": 3}))  # one word in UniDic, with no source
    assert not loanword_names(Counter(), Counter({"エドモンドソン": 3}))  # a name UniDic does not know


def test_an_acronym_the_course_writes_is_left_alone() -> None:
    term = GlossaryTerm("hbr", "ハーバード・ビジネス・レビュー", None, "Harvard Business Review", "…", ())
    assert "hbr" in acronym_names(Counter(), [term])
    assert "hbr" not in acronym_names(written_latin(["Harvard Business Review (HBR)"]), [term])


def test_a_glossary_english_name_is_found_by_its_acronym_with_or_without_small_words() -> None:
    term = GlossaryTerm("tpb", "計画的行動理論", None, "theory of planned behavior", "…", ())
    names = acronym_names(Counter(), [term])
    assert names["topb"] == names["tpb"] == "計画的行動理論"


def test_an_acronym_of_two_phrases_is_left_out() -> None:
    assert "pa" not in acronyms(["Project Aristotle"])  # too short to expand
    assert "tfo" not in acronyms(["The Fearless Organization", "Thanks For Once"])
    assert acronyms(["Read Back Orders", "read back orders"])["rbo"] == "Read Back Orders"


def test_long_kanji_compounds_are_sent_for_abbreviations_most_frequent_first() -> None:
    texts = ["景品表示法と個人情報保護法。", "個人情報保護法。", "安全性と組織。"]
    assert kanji_compounds(texts, []) == ["個人情報保護法", "景品表示法"]
    assert kanji_compounds(texts, ["景品表示法"]) == ["個人情報保護法"]  # the readings already have it


def test_a_page_is_named_in_english_by_the_words_of_its_url() -> None:
    index = {"docs": [{"location": "final-test/", "title": "修了テスト", "text": ""}]}
    assert page_names(index)[fold("final test")] == "修了テスト"


def test_a_page_name_leads_to_the_title_without_its_gloss_or_subtitle() -> None:
    index = {
        "docs": [
            {"location": "modules/boss-management/", "title": "ボスマネジメント（上司との協働）", "text": ""},
            {"location": "modules/introduction/", "title": "はじめに：上司と働く", "text": ""},
        ]
    }
    assert page_names(index) == {fold("boss management"): "ボスマネジメント", fold("introduction"): "はじめに"}


def test_sections_and_the_home_page_have_no_english_name() -> None:
    index = {
        "docs": [{"location": "", "title": "ホーム", "text": ""}, {"location": "glossary/#a", "title": "A", "text": ""}]
    }
    assert page_names(index) == {}


def test_a_page_of_an_offline_edition_is_named_by_its_folder() -> None:
    index = {"docs": [{"location": "final-test/index.html", "title": "修了テスト", "text": ""}]}
    assert page_names(index)[fold("final test")] == "修了テスト"


def test_a_word_is_found_without_its_inner_okurigana() -> None:
    variants = okurigana_variants(["振り返り", "受け止め", "上司との関係", "打ち合わせ"], ["打合わせの日"])
    assert variants[fold("振返り")] == "振り返り"
    assert variants[fold("受止め")] == "受け止め"
    assert fold("上司関係") not in variants  # particles between kanji are not okurigana
    assert fold("打合わせ") not in variants  # the course writes that spelling itself


def test_a_spelling_without_okurigana_that_is_a_word_of_its_own_is_left_alone() -> None:
    variants = okurigana_variants(["組み合", "成り立", "上げ方"], [])
    assert not variants  # 組合 (a union), 成立, 上方 are other words
