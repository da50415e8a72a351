"""Question types: one entry per type, and everything else derives from it.

A type used to be spelled out in a dozen places (the schema's enum and rules, the checker's answer counts, the
assessment lint's blind strategies, the scaffold, the CLI, the quiz templates, course-quiz.js). Now each of those
reads the entry's properties: the schema fragment is generated here (`schema_overlay`, applied when a schema
is loaded and tested against the committed files, which editors read), templates ask `q.kind.input`, and
course-quiz.js grades by the rule the page names (`data-grading`), never by a type name.

Adding a type is one entry below, its words in content_src/ui.yml (`quiz.instruction.<id>`, and for a
statement type the pair of answer labels) and a test (CONTRIBUTING.md, 「問題の種類を増やす」).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

#: Which content-blind strategies the assessment lint simulates for a type (macros/assessment.py).
Blind = Literal["choice", "statement", "boxes"]


@dataclass(frozen=True)
class QuestionType:
    id: str
    name: str
    """Japanese name, for authors (CLI help, the schema's description)."""
    form: Literal["options", "statement"]
    """options: written options, the keyed ones marked `correct: true`; statement: one sentence judged with
    two answers (`answer: true|false`, `explanation_true`, `explanation_false`), labelled from ui.yml."""
    keys: Literal["one", "some"] = "one"
    """How many options are keyed: exactly one (a radio group) or at least one (check boxes)."""
    shuffled: bool = True
    """The browser shows unpinned options in the learner's own order (a statement's two answers stay put)."""
    situation: bool = False
    """Carries a `situation:` (Markdown) before the prompt; required for this type, refused for others."""
    feedback: Literal["answer", "judgement"] = "answer"
    """Labels of the browser's feedback: 正解／不正解 for an answer, 最善／劣る for a judgement call."""
    grading: Literal["exact"] = "exact"
    """The browser's grading rule (course-quiz.js GRADING): `exact` = the chosen options are exactly the key."""
    labels: str | None = None
    """Statement form: the key under `quiz:` in ui.yml holding the two answers' labels ("true", "false")."""
    scaffold: str = ""
    """The question `new-question --type <id>` appends (YAML, one list item, __QUESTION_ID__ for its id)."""

    @property
    def input(self) -> Literal["radio", "checkbox"]:
        return "checkbox" if self.keys == "some" else "radio"

    @property
    def blind(self) -> Blind:
        if self.form == "statement":
            return "statement"
        return "boxes" if self.keys == "some" else "choice"


_SINGLE = """\
- id: __QUESTION_ID__
  type: single
  prompt: 【要記入】問題文（正しいものを 1 つ選ぶ問い）
  options:
    - text: 【要記入】正しい選択肢
      correct: true
      explanation: |
        【要記入】なぜ正しいのか。
    - text: 【要記入】誤りの選択肢 1
      explanation: |
        【要記入】なぜ誤りなのか。
    - text: 【要記入】誤りの選択肢 2
      explanation: |
        【要記入】なぜ誤りなのか。
"""
_MULTIPLE = """\
- id: __QUESTION_ID__
  type: multiple
  prompt: 【要記入】問題文（当てはまるものをすべて選ぶ問い）
  options:
    - text: 【要記入】当てはまる選択肢 1
      correct: true
      explanation: |
        【要記入】なぜ当てはまるのか。
    - text: 【要記入】当てはまる選択肢 2
      correct: true
      explanation: |
        【要記入】なぜ当てはまるのか。
    - text: 【要記入】当てはまらない選択肢
      explanation: |
        【要記入】なぜ当てはまらないのか。
"""
_TRUE_FALSE = """\
- id: __QUESTION_ID__
  type: true_false
  prompt: 【要記入】正しいか誤りかを判定する文
  answer: false  # 文が正しければ true、誤りなら false
  explanation_true: |
    【要記入】「正しい」を選んだ人への解説。
  explanation_false: |
    【要記入】「誤り」を選んだ人への解説。
"""
_SCENARIO = """\
- id: __QUESTION_ID__
  type: scenario
  situation: |
    【要記入】職場の場面（誰が・いつ・何に困っているか）。
  prompt: 【要記入】この場面で最も適切な対応はどれですか。
  options:
    - text: 【要記入】最も適切な対応
      correct: true
      explanation: |
        【要記入】なぜ最も適切なのか。
    - text: 【要記入】劣る対応 1
      explanation: |
        【要記入】なぜ劣るのか。
    - text: 【要記入】劣る対応 2
      explanation: |
        【要記入】なぜ劣るのか。
"""

#: The registry, in the order authors see the types (CLI, schema). Read it at call time, never copy it at
#: import: tests add a type to it.
QUESTION_TYPES: dict[str, QuestionType] = {
    t.id: t
    for t in (
        QuestionType("single", "単一選択", "options", scaffold=_SINGLE),
        QuestionType("multiple", "複数選択", "options", keys="some", scaffold=_MULTIPLE),
        QuestionType("true_false", "正誤", "statement", shuffled=False, labels="true_false", scaffold=_TRUE_FALSE),
        QuestionType("scenario", "状況判断", "options", situation=True, feedback="judgement", scaffold=_SCENARIO),
    )
}

#: The order in which the blind simulation reports its plan (one strategy per type).
BLIND_ORDER: tuple[Blind, ...] = ("choice", "statement", "boxes")


def question_type(type_id: str) -> QuestionType:
    return QUESTION_TYPES[type_id]


def ids(**where: Any) -> list[str]:
    """The ids of the types whose properties equal `where` (all types without arguments), in registry order."""
    return [t.id for t in QUESTION_TYPES.values() if all(getattr(t, k) == v for k, v in where.items())]


# --- the schema fragments ----------------------------------------------------------------------

#: Fields only a statement question has.
STATEMENT_FIELDS = ("answer", "explanation_true", "explanation_false")
_TEXT = {"$ref": "common.schema.json#/$defs/text"}


def _either(type_ids: list[str]) -> dict[str, Any]:
    return {"properties": {"type": {"enum": type_ids}}, "required": ["type"]}


def schema_overlay(schemas: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The schemas (by file name, as committed) with every part that depends on the question types generated
    from the registry: the `type` enum and its per-type rules, and the UI strings each type needs."""
    out = dict(schemas)
    if "module.schema.json" in schemas:
        module = out["module.schema.json"] = copy.deepcopy(schemas["module.schema.json"])
        question = module["$defs"]["question"]
        question["properties"]["type"] = {
            "enum": ids(),
            "description": ", ".join(f"{t.id}={t.name}" for t in QUESTION_TYPES.values()) + "。",
        }
        rules: list[dict[str, Any]] = [
            {
                "if": _either(ids(form="statement")),
                "then": {"required": list(STATEMENT_FIELDS)},
                "else": {"required": ["options"]},
            }
        ]
        if ids(situation=True):
            rules.append({"if": _either(ids(situation=True)), "then": {"required": ["situation"]}})
        question["allOf"] = rules
    if "ui.schema.json" in schemas:
        ui = out["ui.schema.json"] = copy.deepcopy(schemas["ui.schema.json"])
        quiz = ui["properties"]["quiz"]
        instruction = quiz["properties"]["instruction"]
        instruction["required"] = ids()
        instruction["properties"] = {
            t.id: {**_TEXT, "description": f"{t.name}（{t.id}）の指示文。"} for t in QUESTION_TYPES.values()
        }
        labels = [t for t in QUESTION_TYPES.values() if t.labels]
        fixed = [
            key
            for key in quiz["required"]
            if key not in quiz["properties"] or not quiz["properties"][key].get("x-question-labels")
        ]
        quiz["properties"] = {
            key: value for key, value in quiz["properties"].items() if not value.get("x-question-labels")
        }
        for t in labels:
            assert t.labels is not None
            quiz["properties"][t.labels] = {
                "type": "object",
                "additionalProperties": False,
                "required": ["true", "false"],
                "x-question-labels": True,
                "properties": {
                    "true": {
                        **_TEXT,
                        "description": f'{t.name}（{t.id}）で文が正しいときの答え。キーは "true" と引用符で囲みます。',
                    },
                    "false": {
                        **_TEXT,
                        "description": f'{t.name}（{t.id}）で文が誤りのときの答え。キーは "false" と引用符で囲みます。',
                    },
                },
                "description": f"{t.name}（{t.id}）の 2 つの答えの文言。",
            }
        quiz["required"] = list(dict.fromkeys([*fixed, *(t.labels for t in labels if t.labels)]))
    return out
