"""The assessment lint: a quiz that can be passed without reading is reported, with the item named.

Fixtures in tests/fixtures/assessment/: one small module per habit, a quiz written to the rules, and frozen
copies of two modules as they were before the course revision (they must keep tripping the rules).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from macros.assessment import Item, check_cues, check_final_test, check_quiz, check_similar_stems, simulate, strategies
from macros.check import CheckResult
from macros.checks import severity
from macros.findings import Finding
from macros.load import Document, load_yaml

HERE = FIXTURES / "assessment"
PASS_MARK = 80


def doc(name: str) -> Document:
    document, problems = load_yaml(HERE / name, ROOT)
    assert document is not None and not problems
    return document


def checks(findings: list[Finding]) -> list[str]:
    return sorted(f.check for f in findings)


def quiz_findings(name: str, pass_mark: int = PASS_MARK) -> list[Finding]:
    return list(check_quiz(doc(name), pass_mark))


def items(name: str) -> list[Item]:
    return [Item.from_data(q, i) for i, q in enumerate(doc(name).data["quiz"])]


def test_a_quiz_written_to_the_rules_has_no_finding() -> None:
    document = doc("balanced.yml")
    assert quiz_findings("balanced.yml") == []
    assert list(check_similar_stems([document])) == []
    assert simulate(items("balanced.yml")).percent < 50


def test_a_key_that_is_usually_the_longest_is_reported_with_the_items() -> None:
    found = [f for f in quiz_findings("longest-key.yml") if f.check == "assessment-key-longest"]
    assert len(found) == 1
    assert "4 問のうち 3 問" in found[0].message and "l-q1, l-q2, l-q3" in found[0].message


def test_a_key_much_longer_than_its_distractors_is_reported_on_its_item() -> None:
    found = [f for f in quiz_findings("longest-key.yml") if f.check == "assessment-key-much-longer"]
    assert ["l-q1" in f.message for f in found] == [True] + [False] * (len(found) - 1)
    assert found[0].line == 4  # the options of l-q1


def test_true_false_keyed_one_way_is_reported() -> None:
    found = [f for f in quiz_findings("true-false-and-words.yml") if f.check == "assessment-tf-balance"]
    assert len(found) == 1 and "4 問のうち、答えが「正しい」のは 0 問" in found[0].message


def test_absolute_words_only_in_false_statements_are_reported() -> None:
    found = [f for f in quiz_findings("true-false-and-words.yml") if f.check == "assessment-absolute-words"]
    assert len(found) == 1 and "t-q1" in found[0].message


def test_one_multiple_select_pattern_and_an_all_keyed_item_are_reported() -> None:
    found = [f.message for f in quiz_findings("multiple-pattern.yml") if f.check == "assessment-multiple-pattern"]
    assert any("'m-q4' は、すべての選択肢が正解" in m for m in found)
    assert any("4 問すべてで、正解の数が 2 個" in m for m in found)


def test_a_case_study_without_its_own_question_is_reported() -> None:
    found = [f for f in quiz_findings("multiple-pattern.yml") if f.check == "assessment-no-question"]
    assert len(found) == 1 and "'s1'" in found[0].message


def test_near_duplicate_case_studies_across_modules_point_at_each_other() -> None:
    found = list(check_similar_stems([doc("similar-a.yml"), doc("similar-b.yml")]))
    assert checks(found) == ["assessment-similar-stem"]
    assert found[0].path.endswith("similar-b.yml") and "similar-a.yml:3" in found[0].message


def test_shuffling_makes_positions_worth_chance_only() -> None:
    result = simulate(items("longest-key.yml"))
    assert result.plan == ("最も長い選択肢",)
    assert result.percent == 75.0 and result.chance == 25.0


def test_a_pinned_key_keeps_its_place_and_counts_for_the_first_option_strategy() -> None:
    result = simulate(items("pinned-key.yml"))
    assert result.percent == 100.0 and result.plan == ("最初の選択肢",)
    assert checks(quiz_findings("pinned-key.yml")) == ["assessment-blind-pass"]


def test_blind_score_at_the_pass_mark_is_an_error_and_above_half_a_warning() -> None:
    assert "assessment-blind-pass" in checks(quiz_findings("true-false-and-words.yml", pass_mark=100))
    high = quiz_findings("longest-key.yml", pass_mark=80)
    assert "assessment-blind-high" in checks(high) and "assessment-blind-pass" not in checks(high)
    assert severity("assessment-blind-pass").value == "error" and severity("assessment-blind-high").value == "warning"


def test_the_blind_message_names_the_strategy_the_score_and_chance() -> None:
    found = next(f for f in quiz_findings("longest-key.yml") if f.check.startswith("assessment-blind"))
    assert "「最も長い選択肢」を選ぶだけで平均 75% 取れます（合格点 80%、当てずっぽうなら 25%）" in found.message


@pytest.mark.parametrize("frozen", ["frozen-psychological-safety.yml", "frozen-followership.yml"])
def test_the_course_as_it_was_before_the_revision_trips_the_rules(frozen: str) -> None:
    found = checks(quiz_findings(frozen))
    assert "assessment-key-longest" in found and "assessment-absolute-words" in found
    assert found.count("assessment-key-much-longer") >= 5
    assert {"assessment-blind-pass", "assessment-blind-high"} & set(found)


def test_the_frozen_psychological_safety_quiz_could_be_passed_blind() -> None:
    found = [f for f in quiz_findings("frozen-psychological-safety.yml") if f.check == "assessment-blind-pass"]
    assert len(found) == 1 and "83%" in found[0].message


def test_the_final_test_pool_is_simulated_too(tmp_path: Path) -> None:
    course = tmp_path / "course.yml"
    course.write_text("pass_mark: 80\nfinal_test: {questions: 2}\n", "utf-8")
    course_doc, _ = load_yaml(course, tmp_path)
    found = list(check_final_test(course_doc, [doc("pinned-key.yml")]))
    assert checks(found) == ["assessment-blind-pass"] and "修了テスト" in found[0].message


def test_the_real_course_has_no_assessment_finding(real_check: CheckResult) -> None:
    found = [f for f in real_check.findings if f.check.startswith("assessment-")]
    assert [f"{f.path}:{f.line}: {f.check}: {f.message}" for f in found] == []


def test_an_option_ending_that_marks_distractors_across_the_course_is_reported() -> None:
    found = list(check_cues([doc("ending-cue.yml")]))
    assert checks(found) == ["assessment-ending-cue"]
    assert "「〜ことにする」で終わる選択肢がコース全体に 16 個あり、そのうち正解は 0 個" in found[0].message


def test_true_false_items_solved_by_hedging_are_reported() -> None:
    found = list(check_cues([doc("hedge-cue.yml")]))
    assert checks(found) == ["assessment-hedge-cue"]
    assert "8 問のうち 8 問" in found[0].message and "ぼかしのある文が正しい" in found[0].message


def test_endings_and_hedges_mixed_on_both_sides_are_not_reported() -> None:
    assert list(check_cues([doc("balanced.yml")])) == []


def test_a_scaffolded_question_is_judged_once_it_is_written(tmp_path: Path) -> None:
    scaffold = tmp_path / "draft.yml"
    scaffold.write_text(
        (HERE / "pinned-key.yml")
        .read_text("utf-8")
        .replace("text: 甲", "text: 【要記入】甲")
        .replace("text: 丁", "text: 【要記入】丁")
        .replace("text: 庚", "text: 【要記入】庚"),
        "utf-8",
    )
    draft, _ = load_yaml(scaffold, tmp_path)
    assert list(check_quiz(draft, PASS_MARK)) == []


def test_a_kind_of_wording_that_marks_distractors_across_the_course_is_reported() -> None:
    found = [f for f in check_cues([doc("phrase-cue.yml")]) if f.check == "assessment-phrase-cue"]
    assert len(found) == 1 and "理由を前置きする言い回し" in found[0].message
    assert "8 個あり、そのうち正解は 0 個" in found[0].message


def test_picking_by_wording_is_one_of_the_blind_strategies() -> None:
    assert [strategies(item)["理由を前置きする言い回しのない選択肢"] for item in items("phrase-cue.yml")] == [1.0] * 4
    assert [strategies(item)["理由を前置きする言い回しのある選択肢"] for item in items("phrase-cue.yml")] == [0.0] * 4
