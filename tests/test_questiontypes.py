"""The question-type registry: one entry per type, and the schema, checker, scaffold and pages follow it.

The proof is a fifth type that exists only in this file, `yes_no` (a statement answered はい／いいえ):
registered, it is accepted by the schema, checked, scaffolded and rendered with no other code edit; its
words are content (ui.yml), and the check asks for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from macros import schema
from macros.check import check_project
from macros.findings import format_text
from macros.questiontypes import QUESTION_TYPES, QuestionType, schema_overlay
from macros.render import Renderer
from macros.scaffold import new_question

YES_NO = QuestionType(
    "yes_no",
    "はい・いいえ",
    "statement",
    shuffled=False,
    labels="yes_no",
    scaffold="- id: __QUESTION_ID__\n  type: yes_no\n  prompt: 【要記入】はいかいいえで答える問い\n  answer: true\n"
    "  explanation_true: |\n    【要記入】「はい」の解説。\n  explanation_false: |\n    【要記入】「いいえ」の解説。\n",
)
UI_WORDS = "  instruction:\n    yes_no: はいかいいえで答えてください。\n"
UI_LABELS = '  yes_no:\n    "true": はい\n    "false": いいえ\n'


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Changes to the registry for one test (monkeypatch.setitem / delitem on it, undone afterwards);
    the schemas are reloaded before and after."""
    schema.clear_caches()
    yield monkeypatch
    monkeypatch.undo()
    schema.clear_caches()


@pytest.fixture
def yes_no(registry: pytest.MonkeyPatch) -> QuestionType:
    registry.setitem(QUESTION_TYPES, YES_NO.id, YES_NO)
    return YES_NO


def add_ui_words(project: Path) -> None:
    """The new type's words, as an author adds them to ui.yml (instruction and the two answers)."""
    ui = project / "content_src" / "ui.yml"
    text = ui.read_text("utf-8")
    text = text.replace("  instruction:\n", UI_WORDS, 1).replace("  true_false:\n", UI_LABELS + "  true_false:\n", 1)
    ui.write_text(text, "utf-8")


def errors(project: Path) -> list[str]:
    return [f"{f.path}:{f.check}:{f.message}" for f in check_project(project).findings if f.is_error]


def test_the_committed_schemas_are_what_the_registry_generates() -> None:
    """Editors read the committed files; the checker applies the registry. The two must not differ."""
    committed = schema.committed_schemas()
    generated = schema_overlay(committed)
    for name in ("module.schema.json", "ui.schema.json"):
        assert generated[name] == committed[name], (
            f"{name} is out of date with macros/questiontypes.py; expected:\n"
            + json.dumps(generated[name], ensure_ascii=False, indent=2)
        )


def test_a_new_type_is_scaffolded_checked_and_rendered_from_its_entry_alone(mini: Path, yes_no: QuestionType) -> None:
    created = new_question(mini, "alpha", "yes_no")
    [added] = [q for q in yaml.safe_load(created.path.read_text("utf-8"))["quiz"] if q["id"] == created.new_id]
    assert added["type"] == "yes_no"

    # ui.yml has no words for it yet: the schema, generated from the registry, asks for them
    missing = errors(mini)
    assert missing and all(line.startswith("content_src/ui.yml:") for line in missing), missing
    assert any("yes_no" in line for line in missing), missing

    add_ui_words(mini)
    result = check_project(mini)
    assert result.errors == [], format_text(result.findings)
    assert result.course is not None
    [question] = [q for q in result.course.module("alpha").quiz if q.id == created.new_id]
    assert [(o.key, o.correct) for o in question.options] == [("true", True), ("false", False)]

    renderer = Renderer(result.course)
    page = renderer.module_page("alpha")
    blocks, _ = renderer.blocks.restore(page)
    fieldset = blocks[blocks.index(f'id="q-{created.new_id}"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert 'data-grading="exact"' in fieldset and "data-fixed-order" in fieldset
    assert fieldset.count('type="radio"') == 2
    assert (
        "はいかいいえで答えてください。" in fieldset and ">はい</label>" in fieldset and ">いいえ</label>" in fieldset
    )
    facilitator, _ = renderer.blocks.restore(renderer.facilitator_page())
    assert "<td>【要記入】はいかいいえで答える問い</td><td>はい</td>" in facilitator


def test_a_new_statement_type_is_held_to_the_statement_rules(mini: Path, yes_no: QuestionType) -> None:
    add_ui_words(mini)
    created = new_question(mini, "alpha", "yes_no")
    text = created.path.read_text("utf-8")
    created.path.write_text(
        text.replace("answer: true", "options: [{text: a, explanation: b}, {text: c, explanation: d}]"), "utf-8"
    )
    [finding] = [f for f in check_project(mini).findings if f.is_error]
    assert (finding.path, finding.check) == ("content_src/modules/alpha.yml", "missing-field")
    assert "answer" in finding.message


def test_a_type_removed_from_the_registry_is_refused_by_the_schema(mini: Path, registry: pytest.MonkeyPatch) -> None:
    registry.delitem(QUESTION_TYPES, "multiple")
    found = errors(mini)
    assert any("content_src/modules/alpha.yml" in e and "multiple" in e for e in found), found


def test_messages_about_a_types_fields_name_the_types_of_the_registry(mini: Path, yes_no: QuestionType) -> None:
    """A field of another type is explained with the types that take it, the new one included, and a statement
    question with options is named by its own type."""
    add_ui_words(mini)
    created = new_question(mini, "alpha", "yes_no")
    text = created.path.read_text("utf-8")
    text = re.sub(
        r"( +)answer: true\n", r"\g<0>\1options: [{text: a, explanation: b}, {text: c, explanation: d}]\n", text
    )
    text = re.sub(r"( +)type: single\n", r"\g<0>\1explanation_true: x\n", text, count=1)
    created.path.write_text(text, "utf-8")
    messages = [f"{f.message} {f.hint}" for f in check_project(mini).findings if f.check == "unexpected-field"]
    assert len(messages) == 2, messages
    assert any("yes_no の問題には options を書きません" in m for m in messages), messages
    assert any("explanation_true は true_false か yes_no の問題でだけ" in m for m in messages), messages
