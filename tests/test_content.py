"""The course content itself: coverage of the source points, pedagogical minimums, and originality."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from originality import (
    CLOSE,
    FINGERPRINTS,
    PASSAGE,
    SEEDS,
    Place,
    SeedIndex,
    check,
    course_texts,
    reading,
    yaml_texts,
)

from macros.check import CheckResult
from macros.model import Course, Module

ROOT = Path(__file__).resolve().parent.parent
#: boss-management.yml as it was before its rewrite: it paraphrased the seed articles in about 15 places
#: (one sentence differed from a seed only by a comma). Frozen here so the originality check keeps catching it.
PARAPHRASED = Path(__file__).parent / "fixtures" / "originality" / "boss-management.yml"

#: Each point the course must cover (from the course issue), mapped to where it lives: module → ids of
#: sections, practices (prefixed `practice:`) and scenarios are checked to exist and to have real text.
COVERAGE: dict[str, list[str]] = {
    "introduction": ["purpose", "how-to-use", "reframe", "course-map"],
    "boss-management": [
        "definition",
        "why-now",
        "gabarro-kotter",
        "benefits",
        "partnership",
        "practice:know-the-boss",
        "practice:know-yourself",
        "practice:match-styles",
        "practice:expectations-and-goals",
        "practice:information-flow",
        "practice:dependability-honesty",
        "practice:time-and-resources",
    ],
    "psychological-safety": [
        "origins",
        "definition",
        "seven-items",
        "four-zones",
        "leader-toolkit",
        "project-aristotle",
        "from-below",
    ],
    "followership": ["definition", "kelley", "chaleff", "support-challenge", "matsuyama"],
    "communication-skills": ["horenso-origin", "receiving-instructions", "ohitashi", "assertiveness", "desc"],
    "feedback-and-alignment": [
        "feedback-seeking",
        "coachability",
        "when-it-hurts",
        "shared-picture",
        "upward-voice",
        "practice:protect-yourself",
    ],
    "action-plan": ["review", "action-plan-worksheet", "keep-going"],
}
#: Key facts that must appear in the named section (a spot check that the section says what its id claims).
FACTS = [
    ("boss-management", "definition", ["互いに頼り合う", "このコースによる応用"]),
    ("boss-management", "why-now", ["ジョブ型", "メンバーシップ型"]),
    ("boss-management", "why-now", ["濱口桂一郎", "プレイングマネジャー", "99.5%", "このコースの解釈"]),
    ("boss-management", "gabarro-kotter", ["ガバロ", "コッター", "反依存", "過剰依存", "読み手タイプ", "聞き手タイプ"]),
    (
        "boss-management",
        "benefits",
        ["受け身", "社長", "数字で示したものではありません", "「はじめに」のモジュールの「発展」"],
    ),
    ("boss-management", "partnership", ["上司から得ること", "上司に返すこと"]),
    ("boss-management", "practice:know-yourself", ["ジョハリの窓", "反依存", "過剰依存"]),
    ("boss-management", "practice:expectations-and-goals", ["ドラッカー", "何を・どれだけ・いつまでに"]),
    ("boss-management", "practice:information-flow", ["報連相", "悪い知らせ"]),
    ("boss-management", "practice:dependability-honesty", ["ケリー", "フォロワーシップ"]),
    ("psychological-safety", "origins", ["1960年代", "エドモンドソン", "1999年", "投薬ミス"]),
    ("psychological-safety", "definition", ["チームの性質", "信頼", "学び合いの行動"]),
    ("psychological-safety", "definition", ["introduction.md"]),
    ("psychological-safety", "four-zones", ["ぬるま湯"]),
    ("psychological-safety", "project-aristotle", ["Google"]),
    ("followership", "kelley", ["模範的", "孤立型", "順応型", "消極的", "実務型"]),
    ("followership", "matsuyama", ["松山一紀", "忠実", "自分から進んで動く"]),
    ("followership", "chaleff", ["道義的な行動をとる勇気"]),
    ("introduction", "purpose", ["人間関係", "上司だとは限りません", "「発展」にまとめました"]),
    ("introduction", "reframe", ["ガバロとコッター", "うさんくさく", "互いに相手を必要として"]),
    ("communication-skills", "horenso-origin", ["山崎富治", "1982", "1986"]),
    ("communication-skills", "ohitashi", ["怒らない", "否定しない", "助ける", "指示する"]),
    ("communication-skills", "desc", ["Describe", "Express", "Specify", "Consequences"]),
    ("communication-skills", "receiving-instructions", ["復唱", "目的", "期限", "完成イメージ", "優先度"]),
    ("communication-skills", "ohitashi", ["フィードバックと認識のすり合わせ"]),
    ("communication-skills", "assertiveness", ["平木典子", "非主張的", "攻撃的", "アサーティブ", "自己主張をしない"]),
    ("feedback-and-alignment", "feedback-seeking", ["資源", "観察", "問いかけ（インクワイアリー）", "人前"]),
    (
        "feedback-and-alignment",
        "coachability",
        [
            "ストーンとヒーン",
            "承認",
            "助言",
            "評価",
            "中身と言い方を分ける",
            "ワイスとメリガン",
            "比較的新しい概念で、研究はまだ少ない",
        ],
    ),
    ("feedback-and-alignment", "when-it-hurts", ["こころの耳"]),
    ("feedback-and-alignment", "shared-picture", ["目的", "期限", "完成イメージ", "優先度", "グラウンディング"]),
    ("feedback-and-alignment", "upward-voice", ["組織の沈黙", "米国の40人"]),
]
MIN_QUESTIONS = {
    "boss-management": 12,
    "psychological-safety": 12,
    "followership": 12,
    "communication-skills": 6,
    "feedback-and-alignment": 6,
    "introduction": 6,
    "action-plan": 6,
}


@pytest.fixture(scope="module")
def course(real_check: CheckResult) -> Course:
    result = real_check
    assert result.course is not None, "content has errors: run `python -m macros check`"
    return result.course


def _items(module: Module) -> dict[str, str]:
    """id → its text, for sections, practices and scenarios."""
    items = {s.id: s.body for s in module.sections}
    items.update({f"practice:{p.id}": " ".join([p.description, *p.do, *p.dont]) for p in module.practices})
    return items


@pytest.mark.parametrize("module_id", COVERAGE)
def test_every_source_point_has_its_place(course: Course, module_id: str) -> None:
    items = _items(course.module(module_id))
    for item_id in COVERAGE[module_id]:
        assert item_id in items, f"{module_id}: {item_id} is missing"
        assert len(items[item_id]) >= 120, f"{module_id}: {item_id} is too thin to cover its point"


@pytest.mark.parametrize(("module_id", "item_id", "words"), FACTS)
def test_key_facts_are_in_their_section(course: Course, module_id: str, item_id: str, words: list[str]) -> None:
    text = _items(course.module(module_id))[item_id]
    assert [w for w in words if w not in text] == []


def test_workplace_statistics_sit_in_the_introduction_advanced_box_with_their_denominators(course: Course) -> None:
    """The one copy of the statistics in the course: academic detail for new hires goes to 発展, each figure with
    who it is a share of (review 2: 29.6% of those with strong stress; 13.0%/9.1% of 転職入職者)."""
    purpose = next(s for s in course.module("introduction").sections if s.id == "purpose")
    assert "82.7%" not in purpose.body and "13.0%" not in purpose.body
    assert [
        w
        for w in [
            "29.6%の分母",
            "82.7%の人たち",
            "転職入職者の13.0%",
            "転職入職者の9.1%",
            "令和4年（2022年）から設問の形式が変わり",
            "「その他」の2項目を除くと",
            "19.3%",
            "36.9%",
        ]
        if w not in (purpose.advanced or "")
    ] == []


@pytest.mark.parametrize("module_id", MIN_QUESTIONS)
def test_module_meets_the_pedagogical_minimums(course: Course, module_id: str) -> None:
    module = course.module(module_id)
    assert module.objectives and module.takeaways and module.reflection
    assert len(module.scenarios) >= 3
    assert len(module.quiz) >= MIN_QUESTIONS[module_id]
    assert module.references, "at least one citation"
    assert all(o.explanation.strip() for q in module.quiz for o in q.options)
    assert all(o.explanation.strip() for s in module.scenarios for o in s.options)


@pytest.mark.parametrize(
    "module_id",
    ["boss-management", "psychological-safety", "followership", "communication-skills", "feedback-and-alignment"],
)
def test_quiz_bank_mixes_types_with_a_third_scenario_based(course: Course, module_id: str) -> None:
    kinds = [q.type for q in course.module(module_id).quiz]
    assert {"single", "multiple", "true_false", "scenario"} <= set(kinds)
    assert kinds.count("scenario") * 3 >= len(kinds)


def test_final_test_can_draw_across_modules(course: Course) -> None:
    assert len({q.module_id for q in course.final_pool}) >= 5
    assert len(course.final_pool) >= course.final_test_size


# --- originality: facts carry over, sentences do not (the check itself: tests/originality.py) ---------


@pytest.fixture(scope="module")
def seeds() -> SeedIndex:
    return SeedIndex.load()


@pytest.mark.slow  # the reading of every sentence of the course (pykakasi): 5-15 s
def test_no_course_sentence_is_copied_or_reworded_from_a_seed(seeds: SeedIndex) -> None:
    places, _ = check(course_texts(ROOT), seeds)
    assert [str(p) for p in places] == []


@pytest.fixture(scope="module")
def paraphrased(seeds: SeedIndex) -> list[Place]:
    """What the check flags in the frozen paraphrasing module (read only)."""
    places, _ = check(yaml_texts(PARAPHRASED, ROOT), seeds)
    return places


def test_a_module_that_paraphrases_the_seeds_is_flagged_in_at_least_ten_places(paraphrased: list[Place]) -> None:
    places = paraphrased
    assert len({(p.line, p.sentence) for p in places}) >= 10
    assert {p.rule for p in places} >= {"close", "passage"}


def test_a_sentence_that_differs_from_a_seed_only_by_a_comma_scores_one(paraphrased: list[Place]) -> None:
    copied = [p for p in paraphrased if p.score == 1.0]
    assert [(p.path, p.key, p.line, p.column) for p in copied] == [
        ("tests/fixtures/originality/boss-management.yml", "sections[4].body", 196, 7)
    ]


def test_the_report_names_file_key_line_sentence_and_score(paraphrased: list[Place]) -> None:
    report = str(next(p for p in paraphrased if p.key == "quiz[17].options[0].text"))
    assert re.fullmatch(
        r"tests/fixtures/originality/boss-management\.yml:965:15: quiz\[17\]\.options\[0\]\.text: "
        r"独自性 0\.\d\d（元記事の文とほぼ同じ、schoo-boss-management\.ja\.txt の \d+ 文目）\n"
        r"    「市場のグローバル化、外資系企業の日本進出、ジョブ型雇用の広がり」",
        report,
    )


def test_spelling_variants_and_punctuation_do_not_hide_a_copy(seeds: SeedIndex) -> None:
    assert reading("分かる") == reading("判る") == reading("わかる")
    sentence = "ただし、ボスマネジメントは「上司が部下の意見を何でも受け入れる状態」をつくるものではありません。"
    disguised = "但し ボス・マネジメントは、上司が部下の意見をなんでも受け入れる状態を作るものではありません"
    assert seeds.score(sentence)[0] >= CLOSE
    assert seeds.score(disguised)[0] == pytest.approx(seeds.score(sentence)[0], abs=0.1)


def test_sharing_a_topic_word_is_not_copying(seeds: SeedIndex) -> None:
    score, _, _ = seeds.score(
        "心理的安全性という言葉は、この研修のなかで何度も出てきますが、意味は章ごとに確かめます。"
    )
    assert score < PASSAGE


def test_the_fingerprint_file_holds_hashes_not_seed_text() -> None:
    text = FINGERPRINTS.read_bytes().decode("utf-8", errors="ignore")
    assert re.search("[ぁ-んァ-ヶ一-龠]{3,}", text) is None


@pytest.mark.slow  # reads every seed article (pykakasi)
def test_seed_fingerprints_match_the_seeds() -> None:
    if not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found in {SEEDS} (they live beside the project, not in it)")
    fresh, committed = SeedIndex.from_seeds(SEEDS), SeedIndex.load()
    assert (fresh.names, fresh.sentences) == (committed.names, committed.sentences), (
        "run `.venv/bin/python tests/originality.py --update-fingerprints`"
    )
