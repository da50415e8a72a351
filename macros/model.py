"""The validated course as typed, immutable data. Templates and macros read only this."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any, TypeVar

from .arrange import arrange
from .questiontypes import QuestionType, question_type

T = TypeVar("T")
#: The final test page carries at most this many times the questions it asks (see Course.final_pool).
FINAL_POOL_FACTOR = 10


@dataclass(frozen=True)
class Option:
    """An answer option. `text` is None for the two answers of a statement question (labels come from the UI).

    `key` is what the page submits: opaque for choice options (see arrange.py), "true"/"false" otherwise.
    `label` is the letter of the option's shown position (A, B, C…); empty for a statement's answers.
    """

    key: str
    text: str | None
    explanation: str
    correct: bool
    pinned: bool = False  # keeps its written position when options are shuffled
    label: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    module_id: str
    type: str  # an id of macros/questiontypes.py
    prompt: str
    situation: str | None
    options: tuple[Option, ...]
    in_final_test: bool

    @property
    def kind(self) -> QuestionType:
        """The type's registry entry: what templates and the key ask (input, labels, feedback, grading)."""
        return question_type(self.type)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    situation: str
    question: str | None
    options: tuple[Option, ...]  # `correct` marks the best response


@dataclass(frozen=True)
class Section:
    id: str
    kind: str
    title: str
    body: str
    advanced: str | None = None  # academic detail, shown apart in a marked box


@dataclass(frozen=True)
class Practice:
    id: str
    title: str
    description: str
    do: tuple[str, ...]
    dont: tuple[str, ...]


@dataclass(frozen=True)
class Misconception:
    claim: str
    correction: str


@dataclass(frozen=True)
class Step:
    minutes: int
    activity: str


@dataclass(frozen=True)
class FacilitatorNotes:
    """What a workshop facilitator needs beyond the learner's page. Empty when the author gave none."""

    timetable: tuple[Step, ...] = ()
    discussion: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.timetable)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    estimated_minutes: int
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]
    practices: tuple[Practice, ...]
    misconceptions: tuple[Misconception, ...]
    scenarios: tuple[Scenario, ...]
    reflection: tuple[str, ...]
    takeaways: tuple[str, ...]
    glossary: tuple[str, ...]
    related: tuple[str, ...]
    references: tuple[str, ...]
    quiz: tuple[Question, ...]
    facilitator: FacilitatorNotes = FacilitatorNotes()

    @property
    def quiz_version(self) -> str:
        """Short hash of the quiz content: stored answers are keyed by it, so an edited quiz starts fresh."""
        return _version([asdict(q) for q in self.quiz])


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    reading: str | None
    english: str | None
    definition: str
    references: tuple[str, ...]
    #: Other names a learner may type (abbreviations, other spellings, English): search finds the term by them.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SynonymGroup:
    """A word of the course (as its text writes it) and what learners type for it (content_src/search.yml):
    search looks for `word` when a query has one of the `aliases`, as it does for a glossary term's aliases."""

    word: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    id: str
    authors: str
    year: str
    title: str
    source: str | None
    url: str | None
    note: str | None


@dataclass(frozen=True)
class Organization:
    name: str
    contact: str


@dataclass(frozen=True)
class Branding:
    logo: str | None = None  # path inside content_src/
    primary_color: str | None = None
    accent_color: str | None = None


@dataclass(frozen=True)
class ModuleGroup:
    """A heading that gathers modules in the navigation (catalogues); the modules are in course order."""

    title: str
    modules: tuple[Module, ...]


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    description: str
    audience: str
    estimated_minutes: int
    modules: tuple[Module, ...]
    required_modules: tuple[str, ...]
    pass_mark: int
    final_test_size: int
    organization: Organization
    branding: Branding
    print_quiz: str  # "answers-at-end" or "omit"
    glossary: dict[str, GlossaryTerm]
    references: dict[str, Reference]
    ui: dict[str, Any]
    module_groups: tuple[ModuleGroup, ...] = ()
    #: content_src/search.yml (optional): words that are not glossary terms, and what learners type for them.
    synonyms: tuple[SynonymGroup, ...] = ()

    def outline(self) -> list[Module | ModuleGroup]:
        """The navigation's order: modules in course order, each group where its first module is."""
        group_of = {m.id: i for i, group in enumerate(self.module_groups) for m in group.modules}
        outline: list[Module | ModuleGroup] = []
        placed: set[int] = set()
        for module in self.modules:
            i = group_of.get(module.id)
            if i is None:
                outline.append(module)
            elif i not in placed:
                placed.add(i)
                outline.append(self.module_groups[i])
        return outline

    @cached_property
    def final_pool(self) -> tuple[Question, ...]:
        """The questions the final test page carries; the browser draws `final_test_size` of them.

        Every eligible question, up to FINAL_POOL_FACTOR × the test size: beyond that the page would
        grow with the catalogue (38 MB at 1,000 modules) for no learner benefit. The cut takes questions
        from each module in turn, so the pool still spans the whole course, and is the same on every build.
        """
        return tuple(
            round_robin(
                [[q for q in m.quiz if q.in_final_test] for m in self.modules], self.final_test_size * FINAL_POOL_FACTOR
            )
        )

    @property
    def final_version(self) -> str:
        return _version([self.final_test_size, *(asdict(q) for q in self.final_pool)])

    def module(self, module_id: str) -> Module:
        return self._modules_by_id[module_id]

    @cached_property
    def _modules_by_id(self) -> dict[str, Module]:
        return {m.id: m for m in self.modules}


def round_robin(per_module: Sequence[Sequence[T]], limit: int) -> list[T]:
    """At most `limit` items, taken from each module in turn (the final test's pool; the assessment lint
    simulates the same pool)."""
    pool: list[T] = []
    for rank in range(max(map(len, per_module), default=0)):
        pool += [items[rank] for items in per_module if rank < len(items)]
        if len(pool) >= limit:
            return pool[:limit]
    return pool


def _version(payload: Any) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


# --- construction from data that has passed the schema and the checks --------------------------


def _options(items: list[dict[str, Any]], flag: str) -> tuple[Option, ...]:
    """Options in written order, without keys or labels yet: arrange() gives both."""
    return tuple(
        Option(
            key="",
            text=o["text"],
            explanation=o["explanation"],
            correct=bool(o.get(flag, False)),
            pinned=bool(o.get("pin", False)),
        )
        for o in items
    )


def question_from_data(data: dict[str, Any], module_id: str, course_id: str) -> Question:
    """Choice options come in shown order (arrange.py), seeded by the course and question ids."""
    if question_type(data["type"]).form == "statement":
        options: tuple[Option, ...] = (
            Option("true", None, data["explanation_true"], data["answer"] is True),
            Option("false", None, data["explanation_false"], data["answer"] is False),
        )
    else:
        options = arrange(_options(data["options"], "correct"), f"{course_id}/{data['id']}")
    return Question(
        id=data["id"],
        module_id=module_id,
        type=data["type"],
        prompt=data["prompt"],
        situation=data.get("situation"),
        options=options,
        in_final_test=data.get("final_test", True),
    )


def module_from_data(d: dict[str, Any], course_id: str) -> Module:
    return Module(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        estimated_minutes=d["estimated_minutes"],
        objectives=tuple(d["objectives"]),
        sections=tuple(
            Section(s["id"], s.get("kind", "other"), s["title"], s["body"], s.get("advanced")) for s in d["sections"]
        ),
        practices=tuple(
            Practice(p["id"], p["title"], p["description"], tuple(p["do"]), tuple(p["dont"]))
            for p in d.get("practices", [])
        ),
        misconceptions=tuple(Misconception(m["claim"], m["correction"]) for m in d.get("misconceptions", [])),
        scenarios=tuple(
            Scenario(
                s["id"],
                s["title"],
                s["situation"],
                s.get("question"),
                arrange(_options(s["options"], "best"), f"{course_id}/{d['id']}/{s['id']}"),
            )
            for s in d.get("scenarios", [])
        ),
        reflection=tuple(d["reflection"]),
        takeaways=tuple(d["takeaways"]),
        glossary=tuple(d.get("glossary", [])),
        related=tuple(d.get("related", [])),
        references=tuple(d["references"]),
        quiz=tuple(question_from_data(q, d["id"], course_id) for q in d.get("quiz", [])),
        facilitator=_facilitator(d.get("facilitator", {})),
    )


def _facilitator(d: dict[str, Any]) -> FacilitatorNotes:
    return FacilitatorNotes(
        timetable=tuple(Step(s["minutes"], s["activity"]) for s in d.get("timetable", [])),
        discussion=tuple(d.get("discussion", [])),
        notes=d.get("notes"),
    )


def term_from_data(d: dict[str, Any]) -> GlossaryTerm:
    return GlossaryTerm(
        d["id"],
        d["term"],
        d.get("reading"),
        d.get("english"),
        d["definition"],
        tuple(d.get("references", [])),
        tuple(d.get("aliases", [])),
    )


def reference_from_data(d: dict[str, Any]) -> Reference:
    return Reference(d["id"], d["authors"], str(d["year"]), d["title"], d.get("source"), d.get("url"), d.get("note"))


def synonyms_from_data(search: dict[str, Any] | None) -> tuple[SynonymGroup, ...]:
    """The groups of content_src/search.yml; none when the file is absent (`search` is None)."""
    return tuple(SynonymGroup(g["word"], tuple(g["aliases"])) for g in (search or {}).get("synonyms", []))


def course_from_data(
    course: dict[str, Any],
    modules: list[Module],
    glossary: dict[str, Any],
    references: dict[str, Any],
    ui: dict[str, Any],
    search: dict[str, Any] | None = None,
) -> Course:
    by_id = {m.id: m for m in modules}
    ordered = tuple(by_id[i] for i in course["modules"])
    groups = tuple(
        ModuleGroup(g["title"], tuple(m for m in ordered if m.id in g["modules"]))
        for g in course.get("module_groups", [])
    )
    return Course(
        id=course["id"],
        title=course["title"],
        description=course["description"],
        audience=course["audience"],
        estimated_minutes=course["estimated_minutes"],
        modules=ordered,
        module_groups=groups,
        required_modules=tuple(course["required_modules"]),
        pass_mark=course["pass_mark"],
        final_test_size=course["final_test"]["questions"],
        organization=Organization(course["organization"]["name"], course["organization"]["contact"]),
        branding=Branding(**course.get("branding", {})),
        print_quiz=course.get("print", {}).get("quiz", "answers-at-end"),
        glossary={t["id"]: term_from_data(t) for t in glossary["terms"]},
        references={r["id"]: reference_from_data(r) for r in references["references"]},
        ui=ui,
        synonyms=synonyms_from_data(search),
    )
