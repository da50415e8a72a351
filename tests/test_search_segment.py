"""macros/search.py: the search separator and the index fix-up, without a browser.

Material's worker splits with the same regular expression (a JavaScript RegExp without flags); Python's
`re` reads this one the same way, so `tokens` below is what the search box indexes and queries.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from macros.search import SEPARATOR, WORD_JOINER, join_final_tails, mark_isolated_kanji, prepare_index, rewrite_index

ROOT = Path(__file__).resolve().parent.parent
WJ = WORD_JOINER


def tokens(text: str) -> list[str]:
    """Text cut as Material cuts it (empty pieces dropped, as its tokenizer does)."""
    return [piece for piece in re.split(SEPARATOR, text) if piece]


def index(*texts: str, separator: str = SEPARATOR) -> dict[str, Any]:
    docs = [{"location": f"page-{i}/", "title": "ページ", "text": text} for i, text in enumerate(texts)]
    return {"config": {"lang": ["en"], "separator": separator, "pipeline": ["stopWordFilter"]}, "docs": docs}


# --- the separator -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hiragana stays with the word before it; a new word starts at kanji or katakana after hiragana
        ("上司との信頼関係", ["上司との", "信頼関係"]),
        ("上司に反対意見を言う", ["上司に", "反対意見を", "言う"]),
        ("フォロワーシップを発揮", ["フォロワーシップを", "発揮"]),
        ("ミスを報告しやすいチーム", ["ミスを", "報告しやすい", "チーム"]),
        ("報告しやすい。", ["報告しやすい"]),
        # katakana running into kanji, and back
        ("ハラスメント防止", ["ハラスメント", "防止"]),
        ("ジョブ型雇用", ["ジョブ", "型雇用"]),
        ("行動計画ワークシート", ["行動計画", "ワークシート"]),
        # Latin letters and digits next to Japanese
        ("DESC法で依頼", ["DESC", "法で", "依頼"]),
        ("1on1で厳しい指摘", ["1on1", "で", "厳しい", "指摘"]),
        ("managing upとは", ["managing", "up", "とは"]),
        ("30日後の習慣", ["30", "日後の", "習慣"]),
        # punctuation, Japanese and ASCII
        ("従我・観我", ["従我", "観我"]),
        ("支援×挑戦", ["支援", "挑戦"]),
        ("「Managing Your Boss」（1980）", ["Managing", "Your", "Boss", "1980"]),
        ("報告・連絡・相談、おひたし。", ["報告", "連絡", "相談", "おひたし"]),
        ("心理的安全性（psychological safety）", ["心理的安全性", "psychological", "safety"]),
        ("Gabarro, J. J. & Kotter", ["Gabarro", "J", "J", "Kotter"]),
        # hiragana-only words and phrases stay whole
        ("ほうれんそう", ["ほうれんそう"]),
        ("ごまをする", ["ごまをする"]),
    ],
)
def test_separator_cuts_japanese_into_words_with_their_particles(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("報連相をこまめに", ["報連相を", "こまめに"]),
        ("上司へのおべっか", ["上司への", "おべっか"]),
        ("上司とのやりとり", ["上司との", "やりとり"]),
        ("質問にはすぐ答える", ["質問には", "すぐ", "答える"]),
        ("フィードバックをもらう", ["フィードバックを", "もらう"]),
    ],
)
def test_separator_cuts_after_a_particle_when_more_hiragana_follows(text: str, expected: list[str]) -> None:
    assert tokens(text + "。") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("うわさ話として広める", ["うわさ", "話として", "広める"]),
        ("三者にとってよい", ["三者にとってよい"]),
        ("仕事について話す", ["仕事について", "話す"]),
        ("法令によって決まる", ["法令によって", "決まる"]),
        ("会議において話す", ["会議において", "話す"]),
        ("誠意をもって話す", ["誠意をもって", "話す"]),
        ("気にしている", ["気にしている"]),
    ],
)
def test_separator_keeps_compound_particles_whole(text: str, expected: list[str]) -> None:
    # `として`, `にとって`, `について`…: a cut after their first kana would start a token with a particle
    assert tokens(text + "。") == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("報連相とは", ["報連相", "とは"]),
        ("合格点を変更したい", ["合格点を", "変更", "したい"]),
        ("フォロワーシップとは", ["フォロワーシップ", "とは"]),
        ("報連相をこまめに", ["報連相", "を", "こまめに"]),
    ],
)
def test_separator_cuts_the_hiragana_tail_off_the_last_word_of_a_query(query: str, expected: list[str]) -> None:
    # at the very end of the input only: `変更したい` is a prefix of nothing, `変更` of `変更できます`
    assert tokens(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("上司に反対意見を言う", ["上司に", "反対意見を", "言う"]),
        ("言いなりになる", ["言いなりになる"]),
        ("ごまをする", ["ごまをする"]),
    ],
)
def test_separator_keeps_the_tail_of_a_single_kanji_word_or_of_hiragana(query: str, expected: list[str]) -> None:
    # `言う` cut to `言*` would be a prefix of every word that starts with 言
    assert tokens(query) == expected


def test_separator_alternatives_have_no_bar_inside_a_group() -> None:
    # Material's on-page highlighter splits the separator at `|` and drops pieces that are only
    # lookarounds; a `|` inside a group would leave a zero-width piece that marks every particle
    for piece in SEPARATOR.split("|"):
        re.compile(piece)


def test_separator_keeps_query_syntax_and_the_marker() -> None:
    # `+`, `*` and `:` are lunr query syntax, handled by Material before the separator; U+2060 marks kanji
    assert tokens("+上司 報連相* title:上司") == ["+上司", "報連相*", "title:上司"]
    assert tokens(f"年{WJ}に") == [f"年{WJ}に"]
    assert tokens(f"型{WJ}ジョブ") == [f"型{WJ}", "ジョブ"]


# --- the marker ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2009 年、", f"2009 年{WJ}、"),  # a kanji alone between a number and punctuation
        ("DESC 法", f"DESC 法{WJ}"),  # …at the end
        ("型ジョブ", f"型{WJ}ジョブ"),  # …before katakana
        ("A 社 B", f"A 社{WJ} B"),
        ("2009 年に", "2009 年に"),  # followed by hiragana: not a token of its own
        ("年功序列", "年功序列"),  # kanji runs are left alone
        ("課長と課", f"課長と課{WJ}"),
        ("上司との信頼関係", "上司との信頼関係"),
    ],
)
def test_marker_goes_after_kanji_that_would_be_a_token_alone(text: str, expected: str) -> None:
    assert mark_isolated_kanji(text) == expected


def test_marker_leaves_markup_alone_and_is_idempotent() -> None:
    text = '<p>DESC 法</p><code>法</code>&amp;年<a href="x/年">年</a>'
    once = mark_isolated_kanji(text)
    assert once == f'<p>DESC 法{WJ}</p><code>法{WJ}</code>&amp;年{WJ}<a href="x/年">年{WJ}</a>'
    assert mark_isolated_kanji(once) == once
    assert once.replace(WJ, "") == text


def test_marked_tokens_are_not_words_that_truncate_a_query() -> None:
    # Material cuts a typed kanji run at the words of the index vocabulary; a lone `年` would turn
    # `年功序列` into `年`. Marked, the lone kanji is no vocabulary word, and `年*` still finds it.
    vocabulary = set(tokens(mark_isolated_kanji("1990 年、年功序列のもとで")))
    assert "年" not in vocabulary
    assert any(token.startswith("年") for token in vocabulary - {"年功序列の"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<h2>心理的安全性とは</h2>", f"<h2>心理的安全性{WJ}とは</h2>"),  # a kanji compound's tail before a tag
        ("フォロワーシップとは", f"フォロワーシップ{WJ}とは"),  # …a katakana word's, at the end
        ("<p>報連相をする。</p>", "<p>報連相をする。</p>"),  # the section ends with punctuation
        ("<li>上司に言う</li>", "<li>上司に言う</li>"),  # a single kanji keeps its tail anyway
        ("<p>上司とは</p>x", f"<p>上司{WJ}とは</p>x"),
    ],
)
def test_joiner_goes_before_the_hiragana_tail_that_ends_a_text_section(text: str, expected: str) -> None:
    assert join_final_tails(text) == expected
    assert join_final_tails(expected) == expected


def test_joined_tail_stays_on_its_word_and_matches_the_typed_query() -> None:
    # without the joiner, the end-of-query cut would leave `心理的安全性` alone, a vocabulary word
    assert tokens(join_final_tails("心理的安全性とは")) == [f"心理的安全性{WJ}とは"]
    assert tokens("心理的安全性とは") == ["心理的安全性", "とは"]


# --- the index -----------------------------------------------------------------------------------


def test_prepare_index_marks_titles_and_texts_and_keeps_the_rest() -> None:
    original = index("2009 年、ガバロとコッター", "DESC 法")
    original["docs"][1]["title"] = "DESC 法で依頼する"
    original["docs"][0]["tags"] = ["法"]
    prepared = prepare_index(original)
    assert [d["text"] for d in prepared["docs"]] == [f"2009 年{WJ}、ガバロとコッター", f"DESC 法{WJ}"]
    assert [d["title"] for d in prepared["docs"]] == ["ページ", f"DESC 法で依頼{WJ}する"]
    assert prepared["docs"][0]["tags"] == ["法"]
    assert prepared["config"] == original["config"]
    assert original["docs"][1]["text"] == "DESC 法"  # the argument is not changed


def test_rewrite_index_writes_compact_utf8(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    path = tmp_path / "search" / "search_index.json"
    path.write_text(json.dumps(index("DESC 法、心理的安全性")), encoding="utf-8")  # ASCII escapes
    before = path.stat().st_size
    assert rewrite_index(tmp_path)
    raw = path.read_text(encoding="utf-8")
    assert f'"text":"DESC 法{WJ}、心理的安全性"' in raw  # characters, not \\u escapes
    assert path.stat().st_size < before


def test_rewrite_index_without_search_index_does_nothing(tmp_path: Path) -> None:
    assert rewrite_index(tmp_path) is False
    assert list(tmp_path.iterdir()) == []
