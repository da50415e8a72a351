"""The course content itself: coverage of the source points, pedagogical minimums, and originality."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.check import check_project
from macros.model import Course, Module

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
#: The seeds are not part of the repository; their 20-character runs are kept as 6-byte hashes so the
#: originality check runs anywhere. Regenerate with `python tests/test_content.py` when the seeds change.
FINGERPRINTS = Path(__file__).parent / "fixtures" / "seed-runs.bin"

#: Each point the course must cover (from the course issue), mapped to where it lives: module → ids of
#: sections, practices (prefixed `practice:`) and scenarios are checked to exist and to have real text.
COVERAGE: dict[str, list[str]] = {
    "introduction": ["purpose", "how-to-use", "reframe", "course-map"],
    "boss-management": [
        "definition", "why-now", "gabarro-kotter", "benefits", "partnership",
        "practice:disclose-yourself", "practice:understand-boss", "practice:horenso", "practice:rely-and-act",
        "practice:share-goals", "practice:followership",
    ],
    "psychological-safety": ["origins", "definition", "seven-items", "four-zones", "leader-toolkit",
                             "project-aristotle", "from-below"],
    "followership": ["definition", "kelley", "chaleff", "support-challenge", "matsuyama"],
    "communication-skills": ["horenso-origin", "receiving-instructions", "ohitashi", "assertiveness", "desc"],
    "feedback-and-alignment": ["feedback-seeking", "coachability", "when-it-hurts", "goal-alignment",
                               "shared-picture", "upward-voice", "practice:protect-yourself"],
    "action-plan": ["review", "action-plan-worksheet", "keep-going"],
}
#: Key facts that must appear in the named section (a spot check that the section says what its id claims).
FACTS = [
    ("boss-management", "why-now", ["ジョブ型", "メンバーシップ型"]),
    ("boss-management", "why-now", ["濱口桂一郎", "プレイングマネジャー"]),
    ("boss-management", "gabarro-kotter", ["ガバロ", "コッター", "反依存", "過剰依存", "読み手", "聞き手"]),
    ("boss-management", "partnership", ["上司から得ること", "上司に返すこと"]),
    ("boss-management", "practice:followership", ["従我", "観我", "松山一紀", "フォロワーシップ"]),
    ("boss-management", "benefits", ["トップダウン"]),
    ("psychological-safety", "origins", ["1960年代", "エドモンドソン", "1999年", "投薬ミス"]),
    ("psychological-safety", "definition", ["チームの性質", "信頼", "学び合いの行動"]),
    ("psychological-safety", "workplace-data", ["82.7%", "「対人関係（セクハラ・パワハラを含む。）」が29.6%"]),
    ("psychological-safety", "workplace-data", ["令和4年（2022年）から質問の形式が変わりました", "53.3%"]),
    ("psychological-safety", "workplace-data", ["「その他の個人的理由」と「その他の理由」の2項目を除くと"]),
    ("psychological-safety", "four-zones", ["ぬるま湯"]),
    ("psychological-safety", "project-aristotle", ["Google"]),
    ("followership", "kelley", ["模範的", "孤立型", "順応型", "消極的", "実務型"]),
    ("followership", "matsuyama", ["従我", "観我", "松山一紀", "相互作用", "忠実", "自分から進んで動く"]),
    ("followership", "chaleff", ["道義的な行動をとる勇気"]),
    ("introduction", "purpose", ["82.7%", "29.6%"]),
    ("communication-skills", "horenso-origin", ["山崎富治", "1982", "1986"]),
    ("communication-skills", "ohitashi", ["怒らない", "否定しない", "助ける", "指示する"]),
    ("communication-skills", "desc", ["Describe", "Express", "Specify", "Consequences", "Choose"]),
    ("communication-skills", "receiving-instructions", ["復唱", "目的", "期限", "完成イメージ", "優先度"]),
    ("communication-skills", "ohitashi", ["米国の40人"]),
    ("communication-skills", "assertiveness", ["平木典子", "非主張的", "攻撃的", "アサーティブ", "自己主張をしない"]),
    ("feedback-and-alignment", "feedback-seeking", ["アシュフォードとカミングス", "観察", "質問による確認", "人前"]),
    ("feedback-and-alignment", "coachability", ["ストーンとヒーン", "承認", "助言", "評価", "中身と言い方を分ける",
                                                "ワイスとメリガン", "比較的新しい概念で、研究はまだ少ない"]),
    ("feedback-and-alignment", "when-it-hurts", ["こころの耳"]),
    ("feedback-and-alignment", "shared-picture", ["目的", "期限", "完成イメージ", "優先度", "クラークとブレナン"]),
    ("feedback-and-alignment", "upward-voice", ["組織の沈黙", "モリソンとミリケン", "米国の40人"]),
]
MIN_QUESTIONS = {"boss-management": 12, "psychological-safety": 12, "followership": 12,
                 "communication-skills": 6, "feedback-and-alignment": 6, "introduction": 6, "action-plan": 6}


@pytest.fixture(scope="module")
def course() -> Course:
    result = check_project(ROOT)
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


@pytest.mark.parametrize("module_id", MIN_QUESTIONS)
def test_module_meets_the_pedagogical_minimums(course: Course, module_id: str) -> None:
    module = course.module(module_id)
    assert module.objectives and module.takeaways and module.reflection
    assert len(module.scenarios) >= 3
    assert len(module.quiz) >= MIN_QUESTIONS[module_id]
    assert module.references, "at least one citation"
    assert all(o.explanation.strip() for q in module.quiz for o in q.options)
    assert all(o.explanation.strip() for s in module.scenarios for o in s.options)


@pytest.mark.parametrize("module_id", ["boss-management", "psychological-safety", "followership",
                                       "communication-skills", "feedback-and-alignment"])
def test_quiz_bank_mixes_types_with_a_third_scenario_based(course: Course, module_id: str) -> None:
    kinds = [q.type for q in course.module(module_id).quiz]
    assert {"single", "multiple", "true_false", "scenario"} <= set(kinds)
    assert kinds.count("scenario") * 3 >= len(kinds)


def test_final_test_can_draw_across_modules(course: Course) -> None:
    assert len({q.module_id for q in course.final_pool}) >= 5
    assert len(course.final_pool) >= course.final_test_size


# --- originality: facts carry over, sentences do not -------------------------------------------

RUN = 20


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def course_prose() -> Iterator[tuple[str, str]]:
    """Every piece of course text, except the titles of cited works (quoting a title is citing it)."""
    for path in sorted((ROOT / "content_src").rglob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for key_path, text in _strings(data):
            if path.name == "references.yml" and key_path[-1] == "title":
                continue
            yield f"{path.relative_to(ROOT)}:{'.'.join(map(str, key_path))}", text
    for path in sorted((ROOT / "docs").rglob("*.md")):
        yield str(path.relative_to(ROOT)), path.read_text("utf-8")


def _fingerprint(run: str) -> bytes:
    return hashlib.blake2b(run.encode(), digest_size=6).digest()


def _runs(text: str) -> set[str]:
    norm = _normalise(text)
    return {norm[i:i + RUN] for i in range(len(norm) - RUN + 1)}


def seed_fingerprints() -> set[bytes]:
    blob = FINGERPRINTS.read_bytes()
    return {blob[i:i + 6] for i in range(0, len(blob), 6)}


def test_no_run_of_20_characters_is_copied_from_a_seed() -> None:
    seeds = seed_fingerprints()
    copied = [f"{where}: {run}" for where, text in course_prose() for run in sorted(_runs(text))
              if _fingerprint(run) in seeds]
    assert copied == []


def test_seed_fingerprints_match_the_seeds() -> None:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        pytest.skip(f"seed articles not found in {SEEDS} (they live beside the project, not in it)")
    assert seed_fingerprints() == {_fingerprint(run) for text in texts for run in _runs(text)}


def test_the_originality_check_catches_a_copied_sentence() -> None:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        pytest.skip("seed articles not available")
    sentence = max(texts[0].splitlines(), key=len)
    assert any(_fingerprint(run) in seed_fingerprints() for run in _runs("冒頭。" + sentence))


if __name__ == "__main__":
    runs = sorted({_fingerprint(r) for p in sorted(SEEDS.glob("*.txt")) for r in _runs(p.read_text("utf-8"))})
    FINGERPRINTS.write_bytes(b"".join(runs))
    print(f"{len(runs)} fingerprints written to {FINGERPRINTS}")
