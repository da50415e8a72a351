"""Japanese search through Material's own search box, on the real course: the committed query set
(tests/search_queries.yml) and the learners' spellings (tests/search_variants.yml) must find the expected
page among the first three results; the rewritten query keeps Material's highlight and suggestions."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from search_eval import INIT, SearchBox, evaluate, format_table, load_queries

VARIANTS = Path(__file__).with_name("search_variants.yml")

#: Measured 0.956 on 249 queries (0.965 on the first 201, 44 of the 48 written before the particle and
#: end-of-query cuts); before those cuts 0.904 (0.925 on the 201); stock Material: 0.343 on the 201.
#: After the content rewrite: 0.851 (212); after session 3's upkeep (16 queries retargeted or replaced,
#: learner words put back into the content; see the `# session 3:` comments in the query set): 0.944 (235).
#: Session 4 (query rewrite, macros/search_rewrite.py): 0.952 → 0.956 (249).
#: Session 5 (pages with every word of the query first, docs/javascripts/search.js; 1on1 in the glossary;
#: verb-stem way words): 0.956 → 0.976 (243 of 249, the same in every edition).
#: Session 6 (every word's stem required when no page has every term as typed; kanji runs kept whole or cut
#: into the course's words; pages' English names): 0.976 → 0.980 (244 of 249).
MIN_RECALL_AT_3 = 0.97
#: Session 4: 0.627 before the query rewrite, 0.971 after (102 queries, in every edition).
#: Session 5: 0.980 (100 of 102, in every edition). Session 6: 0.990 (101 of 102).
MIN_VARIANTS_RECALL_AT_3 = 0.97


def test_search_box_finds_what_learners_type(real_site: Path, browser: Browser) -> None:
    report = evaluate(real_site, load_queries(), browser=browser)
    assert report.recall >= MIN_RECALL_AT_3, format_table([report])


def test_search_box_forgives_learners_spelling(real_site: Path, browser: Browser) -> None:
    report = evaluate(real_site, load_queries(VARIANTS), browser=browser)
    assert report.recall >= MIN_VARIANTS_RECALL_AT_3, format_table([report])


@pytest.fixture
def search(page: Page, base_url: str) -> SearchBox:
    page.add_init_script(INIT)
    page.goto(base_url)
    box = SearchBox(page)
    box.warm_up()
    return box


def test_a_half_width_query_highlights_the_course_spelling_on_the_page(search: SearchBox, page: Page) -> None:
    search.ask("ﾌｫﾛﾜｼｯﾌﾟとは")  # half-width, no long vowel, a question
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    expect(first.locator("mark").first).to_have_text("フォロワーシップ")
    assert parse_qs(urlsplit(first.get_attribute("href") or "").query)["h"] == ["フォロワーシップ"]
    first.click()
    expect(page.locator("article mark[data-md-highlight]").first).to_have_text("フォロワーシップ")


def test_a_reading_finds_the_term_with_the_terms_own_words_highlighted(search: SearchBox, page: Page) -> None:
    pages, _, _ = search.ask("しんりてきあんぜんせい")
    assert {"modules/psychological-safety/", "glossary/"} & set(pages)
    expect(page.locator(".md-search-result__item mark").first).to_have_text("心理的安全性")


def test_pages_with_every_word_of_the_query_come_first(search: SearchBox, page: Page) -> None:
    # 組織 alone is in a section title (Material boosts titles 1000-fold); 恐れのない with it only in text
    pages, _, _ = search.ask("恐れのない組織")
    items = page.locator(".md-search-result__list > .md-search-result__item")
    expect(items.first).to_be_visible()
    assert items.first.locator(".md-search-result__terms del").count() == 0  # no word missing
    assert "modules/psychological-safety/" in pages


#: The links of the result list, in order.
RESULT_LINKS = (
    "() => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item a')].map(a => a.href)"
)


#: Records the first result's link each time the result list changes, from now on.
RECORD_FIRST_RESULTS = """() => {
  window.__firstResults = []
  new MutationObserver(() => {
    const first = document.querySelector('.md-search-result__list > .md-search-result__item a')
    if (first) window.__firstResults.push(first.href)
  }).observe(document.querySelector('.md-search-result__list'), {childList: true, subtree: true})
}"""


#: Types each query into the search box, one after the other, without waiting.
TYPE_TWO = """queries => {
  const input = document.querySelector('input.md-search__input')
  for (const query of queries) {
    input.value = query
    input.dispatchEvent(new Event('input', {bubbles: true}))
    input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'End'}))
  }
}"""


def test_a_query_typed_while_the_one_before_is_asked_shows_its_own_pages_only(search: SearchBox, page: Page) -> None:
    search.ask("修了証はどうやって出すの")  # a question: several queries, asked one by one
    abandoned = page.evaluate(RESULT_LINKS)[0]
    search.ask("上司との信頼関係をつくるには")
    alone = page.evaluate(RESULT_LINKS)
    assert abandoned not in alone[:1]
    search.ask("報連相")
    page.evaluate(RECORD_FIRST_RESULTS)
    # typed one after the other in the same task: the first query's plan is still being asked
    page.evaluate(TYPE_TWO, ["修了証はどうやって出すの", "上司との信頼関係をつくるには"])
    page.wait_for_function(f"expected => JSON.stringify(({RESULT_LINKS})()) === JSON.stringify(expected)", arg=alone)
    page.wait_for_timeout(1000)  # an answer of the abandoned plan would have come by now
    assert page.evaluate(RESULT_LINKS) == alone
    assert abandoned not in page.evaluate("window.__firstResults")  # never shown, not even for a moment


def test_suggestion_completes_the_word_being_typed(search: SearchBox, page: Page) -> None:
    search.ask("コーチャビ")
    expect(page.locator(".md-search__suggest")).to_have_text("コーチャビリティ")


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("マネージングアップ", "ボスマネジメント"),  # an alias in glossary.yml
        ("プロジェクト アリストテレス", "プロジェクト・アリストテレス"),  # the course's word, across a space
        ("フォロワシップスタイル", "フォロワーシップ スタイル"),  # two of the course's words, run together
        ("ゴルビツァーの研究", "ゴルヴィツァーの研究"),  # ヴ
        ("エドモンソン", "エドモンドソン"),  # one character off
        ("報・連・相のコツ", "報連相"),  # the headword, and question wording cut
        ("ほうれんそうをこまめに", "報連相をこまめに"),  # a reading inside a phrase
        ("ＤＥＳＣ法の使い方", "DESC 法"),  # full-width letters
        ("managing up", "ボスマネジメント"),  # English
        ("心理的安全性を高める方法", "心理的安全性を高める"),
        ("上司の期待を知るにはどうすればいい", "上司の期待を知る"),
        ("研修の進め方", "研修の進め方"),  # a heading of the course says 進め方: kept
        ("上司に反対意見を言う", "上司に反対意見を言う"),  # nothing to rewrite
        ("フォロワーシップを発揮", "フォロワーシップを発揮"),
        ("managing upstream", "managing upstream"),  # not inside a Latin word
        ("しゅうりょうしょう", "修了証"),  # a page title, read at build time
        ("もくひょうによるかんり", "目標による管理"),  # words and a particle between them
        ("ぬるまゆ", "ぬるま湯"),  # a glossary headword in kana and kanji
        ("ごまをする", "ごまをする"),  # hiragana the course's words do not read: as typed
        ("すり合わせ", "すり合わせ"),  # hiragana next to kanji: as typed
        ("心理安全性", "心理的安全性"),  # a kanji compound one character off
        ("反対意見", "反対意見"),  # a kanji compound the course has
        ("合格点は何点ですか", "合格点"),  # a question word at the end
        ("報連相 おひたし 上司", "報連相 おひたし 上司"),  # spaces between aliases stay
        ("プレマネ", "プレイングマネジャー"),  # an abbreviation in glossary.yml
        ("ワンオンワン", "1on1"),  # a glossary term's reading
        ("one on one", "1on1"),  # its English alias
        ("フィードバックのもらい方", "フィードバック"),  # a way word made from a verb's stem
        ("耳の痛い指摘の受け止め方", "耳の痛い指摘"),
        ("final test", "修了テスト"),  # a page's English name: the words of its URL
        ("Final-Test", "修了テスト"),
        ("readback", "復唱"),  # a glossary term's English name (read-back), written as one word
        ("アサトレ", "アサーション・トレーニング"),  # a katakana word shortened: アサ|トレ
        ("産能大", "産業能率大学"),  # a kanji word shortened: 産|能|大
        ("残業", "残業"),  # a kanji word the course does not write and shortens none of its words: as typed
        ("ヨウゴシュウ", "用語集"),  # a reading typed in katakana, where the course has no such katakana word
        ("きょうゆうふぉるだ", "共有フォルダ"),  # a reading and a katakana word, both typed in hiragana
        ("ふりかえれば", "振り返"),  # a word with okurigana in another form: its stem
        ("けねんのつたえかた", "懸念の伝え方"),  # 方 after a verb's stem read かた
        ("ごうかくてんをかえる", "合格点をかえる"),  # kana left after a particle: as typed
        ("テストのけっか", "テストの結果"),  # no question wording cut inside a word the readings read
        ("断り方がわからない", "断り方"),  # 〜がわからない
        ("上司に相談したいです", "上司に相談"),  # a polite wish
        ("質問してもいいですか", "質問"),
        ("ぬるま湯とはどういう意味ですか", "ぬるま湯"),
        ("報連相ってどうやるの", "報連相"),
        ("上司の指示が変わったらどうする", "上司の指示が変わっ"),
        ("シート", "ワークシート"),  # the end of a course compound, as everyday speech shortens it
        ("ワークシ-ト", "ワークシート"),  # a hyphen typed for ー
        ("ワークシ〜ト", "ワークシート"),  # a wave dash typed for ー
        ("privacy", "プライバシー"),  # the English source of a loanword the course writes (UniDic)
        ("comfort zone", "快適ゾーン"),  # a glossary alias (コンフォートゾーン) wins over the loanword's source
        ("CSP", "Content-Security-Policy"),  # a synonym group (search.yml) for a phrase of the text
        ("OOM", "1on1"),  # the acronym of a glossary term's English name (one-on-one meeting), in capitals
        ("oom", "oom"),  # in lower case it may be anything
        ("SSL", "SSL"),  # the initials of a title of the text (SAP SuccessFactors Learning) are not expanded
        ("景表法", "景品表示法"),  # a kanji abbreviation of a compound the course writes once
        ("アサイン", "アサイン"),  # a loanword typed in katakana is not read as kanji one by one (朝員)
        ("アウトプット", "アウトプット"),  # not shortened from an alias it starts (アウトプットイメージ)
        ("1on1MTG", "1on1ミーティング"),  # a case change starts another word: 1on1 | MTG (a synonym)
        ("スケジュール", "スケジュール"),  # a loanword the course writes stays as it is
        ("チャレッフ", "チャレフ"),  # a ッ added
        ("フィードバッグ", "フィードバック"),  # kana of one row (ク, グ): a typo
        ("オフライン", "オフライン"),  # another change makes another word (オンライン)
        ("フレッシャー", "フレッシャー"),  # nor is the first kana changed (プレッシャー)
        ("ひょうか", "評価"),  # no question wording cut inside a word the readings read (か)
        ("はんたい", "反対"),  # (たい)
        ("こうか", "こうか"),  # nor a cut that leaves a short hiragana word
        ("こうはい", "こうはい"),  # kana after a noun are not its okurigana (向)
        ("けんきょさ", "謙虚"),  # but さ and な are
        ("しゅっちょう", "しゅっちょう"),  # two words side by side are two characters or more (出|調)
        ("組合", "組合"),  # a word of its own, not 組み合 without okurigana
        ("ワーク", "ワーク"),  # the course has words that start so (ワークシート): found as typed
        ("シップ", "シップ"),  # it ends several compounds (フォロワーシップ, リーダーシップ)
        ("コミニュケーション", "コミュニケーション"),  # two neighbours swapped: one edit
        ("シュミレーション", "シミュレーション"),
        ("振返りシート", "振り返りワークシート"),  # okurigana left out; シート ends a course compound
    ],
)
def test_query_is_rewritten_to_the_course_spelling(page: Page, base_url: str, typed: str, sent: str) -> None:
    page.goto(base_url)
    assert page.evaluate("q => courseSearch.rewrite(q)", typed) == sent


@pytest.mark.parametrize(
    ("sent", "required"),
    [
        ("恐れのない組織", "+恐れのない* +組織*"),  # cut as Material's worker cuts it
        ("報連相 おひたし 上司", "+報連相* +おひたし* +上司*"),
        ("上司との信頼関係", "+上司との* +信頼関係*"),
        ("報連相とは", None),  # the tail cut off the end is left out: one term left
        ("フォロワーシップ", None),  # one term: nothing to require
        ("title:上司 +報連相", None),  # lunr's own syntax, typed: left as it is
    ],
)
def test_a_query_of_several_terms_is_also_asked_with_every_term_required(
    page: Page, base_url: str, sent: str, required: str | None
) -> None:
    page.goto(base_url)
    assert page.evaluate("q => courseSearch.allTerms(q)", sent) == required


@pytest.mark.parametrize(
    ("sent", "asked"),
    [
        # no page has 修了証を: every word's stem is asked too, and any of them; the course's kanji words
        # are kept whole
        ("修了証を出す", ["+修\\了\\証を* +出す*", "+修\\了\\証* +出す*", "修\\了\\証 出す", "修\\了\\証を出す"]),
        # a question: its naming words on their own too; particles and endings on their own are not asked for
        (
            "上司の期待がわからない",
            [
                "+上司の* +期待* +が* +わからない*",
                "+上司* +期待* +わからない*",
                "+上司* +期待*",
                "上司 期待 わからない",
                "上司の期待がわからない",
            ],
        ),
        # a kanji run the course does not write, cut into the words it does (学習の記録)
        ("学習記録を消す", ["+学習記録を* +消す*", "+学習* +記録* +消す*", "学習 記録 消す", "学習 記録を消す"]),
        ("フォロワーシップ", ["フォロワーシップ"]),  # one term: asked as it is
    ],
)
def test_a_query_is_asked_with_every_term_then_every_stem_then_any_term(
    page: Page, base_url: str, sent: str, asked: list[str]
) -> None:
    page.goto(base_url)
    assert page.evaluate("q => courseSearch.plan(q, q)", sent) == asked


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("修了証を出すには", "certificate/"),  # the page says 発行, and its title 修了証 alone
        ("学習記録を消す方法", "progress/"),  # the course writes 学習の記録
        ("final test", "final-test/"),
        ("アサトレ", "modules/communication-skills/"),  # an abbreviation of アサーション・トレーニング
        ("産能大", "references/"),  # an abbreviation of 産業能率大学
        ("修了証はどうやって出すの", "certificate/"),  # a question: 修了証 on its own (the page says 発行)
        ("上司ガチャに外れた", "modules/boss-management/"),  # 外れた is nowhere: the words that are found
        ("privacy", "hr/"),  # the English source of プライバシー
        ("CSP", "deploy/"),  # Content-Security-Policy
    ],
)
def test_question_and_english_queries_find_the_page(search: SearchBox, typed: str, expected: str) -> None:
    pages, _, _ = search.ask(typed)
    assert expected in pages


@pytest.mark.parametrize(
    "text",
    [
        "ﾌｫﾛﾜｰｼｯﾌﾟ",
        "ヴァイオリン・ヴ",
        "いすゞ 様々",
        "ＤＥＳＣ 法",
        "managing  Up",
        "報・連・相",
        "しんりてき あんぜんせい",
        "ァィゥェォッャュョヮヵヶ",
        "ヂヅヰヱヲ",
    ],
)
def test_browser_folds_text_as_the_build_folds_the_index(page: Page, base_url: str, text: str) -> None:
    from macros.search_rewrite import fold

    page.goto(base_url)
    assert page.evaluate("t => courseSearch.fold(t)", text) == fold(text)
