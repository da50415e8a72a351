"""Check every content file and, when all is well, build the course model.

Order: load each file (syntax, duplicate keys, hostile input) → validate it against its JSON Schema →
cross-file checks (ids, references, quiz answers) → pedagogical checks (enough scenarios and questions, a
citation, no orphan term, no template text left). Every problem in every file is collected; nothing
stops at the first one, because an author fixing a pull request needs the whole list at once.

Checks never write their sentences or choose their severity: macros/checks.py does, for every check id.
A file with schema errors still takes part in the checks across files, for the parts of it that are
well-formed (`Document.broken`): one wrong item does not hide the file's unknown citations.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import checks, questiontypes, reserved
from .assessment import check_cues, check_final_test, check_quiz, check_similar_stems
from .branding import check_branding
from .checks import severity
from .findings import Finding, relative
from .load import Document, KeyPath, load_yaml, shown
from .model import Course, course_from_data, module_from_data
from .pagetext import check_page_text
from .published import check_links, links_leaving
from .questiontypes import question_type
from .rules import MIN_QUESTIONS, MIN_SCENARIOS, PLACEHOLDER
from .sanitise import CITATION
from .schema import validate
from .search_rewrite import fold, term_aliases, term_names

CONTENT_DIR = "content_src"
#: Optional: synonym groups for search (words that are not glossary terms); see check_synonyms.
SEARCH_FILE = "search.yml"
#: Values that are ids, links or enumerations, not the course's text (what search.yml's words are compared with).
NOT_TEXT = frozenset({"id", "type", "kind", "url", "glossary", "related", "references", "modules", "required_modules"})
#: course.schema.json's maximum for `estimated_minutes`.
COURSE_MINUTES_MAX = 6000


@dataclass
class CheckResult:
    course: Course | None
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def check_project(root: Path) -> CheckResult:
    """Check `root/content_src`; return the course only if there is no error."""
    content = root / CONTENT_DIR
    leaving = links_leaving(content, root)  # files that are not the project's: reported, never read
    findings: list[Finding] = check_links(leaving, content, root)
    if content in leaving:  # content_src/ itself is a link out of the project
        return CheckResult(None, [replace(f, severity=severity(f.check)) for f in findings])

    def read(path: Path, kind: str) -> Document | None:
        """The file's document if it could be read as YAML (with `broken` set where the schema disagrees)."""
        if path in leaving:
            return None
        if not path.is_file():
            findings.append(
                checks.finding(relative(path, root), 1, 1, "missing-file", name=path.name, folder=CONTENT_DIR)
            )
            return None
        doc, problems = load_yaml(path, root)
        findings.extend(problems)
        if doc is None:
            return None
        problems = validate(doc, kind)
        findings.extend(problems)
        if problems and not doc.broken:  # the checks across files still read its well-formed parts
            doc.broken.add(())
        findings.extend(check_page_text(doc, kind))  # what is well-formed is published: said in this run too
        return doc

    def valid(doc: Document | None) -> Document | None:
        return doc if doc is not None and doc.sound else None

    read_course = read(content / "course.yml", "course")
    read_glossary = read(content / "glossary.yml", "glossary")
    read_references = read(content / "references.yml", "references")
    course_doc, glossary_doc, references_doc = valid(read_course), valid(read_glossary), valid(read_references)
    read_ui = read(content / "ui.yml", "ui")
    ui_doc = valid(read_ui)
    module_paths = sorted((content / "modules").glob("*.yml")) if (content / "modules").is_dir() else []
    read_modules = [doc for doc in (read(p, "module") for p in module_paths) if doc is not None]
    module_docs = [doc for doc in read_modules if doc.sound]  # an unknown item hides no other finding
    search_path = content / SEARCH_FILE
    search_doc = valid(read(search_path, "search")) if search_path.exists() else None  # absent: no synonyms

    ids = Ids.collect(read_glossary, read_references, read_modules, findings)
    # A module file with its own errors is still a module: others may point at it without a second error.
    ids.modules |= {p.stem for p in module_paths}
    for doc in read_modules:
        findings.extend(check_module(doc, ids))
    if read_glossary and ids.complete:  # references.yml with its own errors: no citation is "unknown"
        findings.extend(check_citations(read_glossary, ids.references, None))
        findings.extend(check_term_references(read_glossary, ids.references))
    if read_glossary and read_glossary.sound:
        findings.extend(check_aliases(read_glossary))
    if search_doc:
        read_all = [read_course, read_glossary, read_references, read_ui, *read_modules]
        complete = len(read_modules) == len(module_paths) and all(doc is not None for doc in read_all)
        texts = course_text(read_all, root / "docs")
        glossary_terms = [term for _, term in glossary_doc.items("terms")] if glossary_doc else None
        findings.extend(check_synonyms(search_doc, glossary_terms, texts if complete else None))
    if course_doc:
        findings.extend(check_course_file(course_doc, module_paths, module_docs, root))
        findings.extend(check_branding(course_doc, content))
    for doc in module_docs:
        findings.extend(check_pedagogy(doc))
    if course_doc:  # the pass mark decides whether a blind score is an error
        for doc in module_docs:
            findings.extend(check_quiz(doc, course_doc.data["pass_mark"]))
        if len(module_docs) == len(module_paths):  # the final test draws from every module
            findings.extend(check_final_test(course_doc, module_docs))
    findings.extend(check_similar_stems(module_docs))
    findings.extend(check_cues(module_docs))
    if glossary_doc and len(module_docs) == len(module_paths):  # an unreadable module may list any term
        findings.extend(check_orphan_terms(glossary_doc, module_docs))
    for each in (course_doc, glossary_doc, references_doc, ui_doc, *module_docs):
        if each is not None:
            findings.extend(check_placeholders(each))
    findings = list(dict.fromkeys(replace(f, severity=severity(f.check)) for f in findings))  # each once

    course = None
    if not any(f.is_error for f in findings) and course_doc and glossary_doc and references_doc and ui_doc:
        modules = [module_from_data(d.data, course_doc.data["id"]) for d in module_docs]
        search = search_doc.data if search_doc else None
        course = course_from_data(course_doc.data, modules, glossary_doc.data, references_doc.data, ui_doc.data, search)
    return CheckResult(course, findings)


@dataclass
class Ids:
    """The ids other files may point at. Each set is only as complete as the files that loaded."""

    modules: set[str]
    terms: set[str]
    references: set[str]
    complete: bool

    @classmethod
    def collect(
        cls, glossary: Document | None, references: Document | None, modules: list[Document], findings: list[Finding]
    ) -> Ids:
        terms = _unique_ids(glossary, "terms", "用語", findings) if glossary else set()
        refs = _unique_ids(references, "references", "文献", findings) if references else set()
        seen: dict[str, Document] = {}
        questions: dict[str, str] = {}
        for doc in modules:
            module_id = doc.get("id")
            if isinstance(module_id, str):
                if module_id in seen:
                    first = seen[module_id]
                    findings.append(
                        doc.finding(
                            ("id",),
                            "duplicate-id/module",
                            id=module_id,
                            first=f"{first.display}:{first.where(('id',))[0]}",
                        )
                    )
                seen.setdefault(module_id, doc)
                if module_id in reserved.MODULE_IDS:
                    findings.append(doc.finding(("id",), "reserved-id/module", id=module_id))
            for i, question_id in doc.item_ids("quiz"):
                if question_id in questions:
                    findings.append(
                        doc.finding(
                            ("quiz", i, "id"), "duplicate-id", what="問題", id=question_id, first=questions[question_id]
                        )
                    )
                questions.setdefault(question_id, f"{doc.display}:{doc.where(('quiz', i, 'id'))[0]}")
        complete = all(
            doc is not None and _all_ids(doc, key) for doc, key in ((glossary, "terms"), (references, "references"))
        )
        return cls(set(seen), terms, refs, complete)


def _all_ids(doc: Document, list_key: str) -> bool:
    """Every item of the list has a well-formed id: no unknown id can be one the file meant to define."""
    value = doc.get(list_key)
    return isinstance(value, list) and len(doc.item_ids(list_key)) == len(value)


def _unique_ids(doc: Document, list_key: str, what: str, findings: list[Finding]) -> set[str]:
    seen: dict[str, int] = {}
    for i, item_id in doc.item_ids(list_key):
        if item_id in seen:
            findings.append(
                doc.finding(
                    (list_key, i, "id"),
                    "duplicate-id/in-file",
                    what=what,
                    id=item_id,
                    first=f"{doc.display}:{doc.where((list_key, seen[item_id], 'id'))[0]}",
                )
            )
        seen.setdefault(item_id, i)
    return set(seen)


def check_module(doc: Document, ids: Ids) -> Iterator[Finding]:
    """A module against the rest of the course: what of it is well-formed (`Document.broken`)."""
    module_id = doc.get("id")
    if isinstance(module_id, str) and doc.path.stem != module_id:
        yield doc.finding(("id",), "id-mismatch", id=module_id, file=doc.path.name, stem=doc.path.stem)
    for list_key in ("sections", "practices", "scenarios"):
        yield from _duplicate_within(doc, list_key)
    for i, section_id in doc.item_ids("sections"):
        if clash := reserved.section_id_clash(section_id):
            yield doc.finding(
                ("sections", i, "id"),
                "reserved-id",
                id=section_id,
                example=section_id.rstrip("-"),
                taken=f"'{clash}' で始まる id" if clash.endswith("-") else "この id",
            )
    if ids.complete:
        yield from _unknown(doc, "glossary", ids.terms, "unknown-term", "glossary.yml")
        yield from _unknown(doc, "references", ids.references, "unknown-citation/listed", "references.yml")
        listed = doc.get("references")
        yield from check_citations(
            doc, ids.references, set(listed) if isinstance(listed, list) and doc.intact(("references",)) else None
        )
    for i, ref in doc.items("related"):
        if ref == module_id:
            yield doc.finding(("related", i), "self-reference")
        elif ref not in ids.modules:
            yield doc.finding(
                ("related", i),
                "unknown-module",
                id=ref,
                suggestion=_suggest(ref, ids.modules, "content_src/modules/ のファイル名（拡張子なし）を書きます。"),
            )
    for i, scenario in doc.items("scenarios"):
        yield from _check_options(doc, ("scenarios", i), scenario["options"], "best", exactly_one=True)
    for i, question in doc.items("quiz"):
        yield from check_question(doc, ("quiz", i), question)


def check_question(doc: Document, at: KeyPath, q: dict[str, Any]) -> Iterator[Finding]:
    """What the schema cannot say well: fields of another type, and how many options are keyed (the type's
    registry entry decides both: macros/questiontypes.py)."""
    kind = question_type(q["type"])
    if kind.form == "statement":
        if "options" in q:
            yield doc.finding((*at, "options"), "unexpected-field", type=kind.id)
        return
    for field in questiontypes.STATEMENT_FIELDS:
        if field in q:
            yield doc.finding((*at, field), "unexpected-field/statement", name=field, types=_either(form="statement"))
    if not kind.situation and "situation" in q:
        yield doc.finding((*at, "situation"), "unexpected-field/situation", types=_either(situation=True))
    yield from _check_options(doc, at, q.get("options", []), "correct", exactly_one=kind.keys == "one")


def _either(**where: Any) -> str:
    """The ids of the question types with these properties, as a message names them ("a か b")."""
    return " か ".join(questiontypes.ids(**where))


def _check_options(
    doc: Document, at: KeyPath, options: list[dict[str, Any]], flag: str, *, exactly_one: bool
) -> Iterator[Finding]:
    other = "correct" if flag == "best" else "best"
    marked = [i for i, o in enumerate(options) if o.get(flag)]
    for i, option in enumerate(options):
        if other in option:
            use = "ケーススタディ（scenarios）では best" if flag == "best" else "確認テスト（quiz）では correct"
            yield doc.finding((*at, "options", i, other), "wrong-flag", flag=other, use=use)
    if exactly_one and len(marked) != 1:
        yield doc.finding(
            (*at, "options"),
            "answer-count/single" if flag == "correct" else "answer-count",
            where=doc.describe(at),
            what="最善の対応" if flag == "best" else "正解",
            flag=flag,
            found="ありません" if not marked else f"{len(marked)} 個あります",
            some=_either(keys="some", form="options"),
        )
    elif not marked:
        yield doc.finding((*at, "options"), "answer-count/none", where=doc.describe(at))
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        norm = " ".join(unicodedata.normalize("NFKC", option["text"]).split())
        if norm in seen:
            yield doc.finding((*at, "options", i, "text"), "duplicate-option", index=i, first=seen[norm])
        seen.setdefault(norm, i)


def check_citations(doc: Document, known: set[str], listed: set[str] | None) -> Iterator[Finding]:
    """`[@KEY]` in any text must name a known work, and (in a module) one listed in its `references`;
    each occurrence is reported where it is written, inside a long body too."""
    for key_path, text in doc.strings:
        for match in CITATION.finditer(text):
            key = match.group(1)
            if key not in known:
                yield doc.finding(
                    key_path,
                    "unknown-citation",
                    offset=match.start(),
                    key=key,
                    suggestion=_suggest(key, known, "references.yml に文献を追加するか、キーを直してください。"),
                )
            elif listed is not None and key not in listed:
                yield doc.finding(key_path, "citation-not-listed", offset=match.start(), key=key)


def check_term_references(glossary: Document, known: set[str]) -> Iterator[Finding]:
    """A term's `references:` become links on the glossary page: each must name a work in references.yml."""
    for i, term in glossary.items("terms"):
        for j, key in enumerate(term.get("references", [])):
            if key not in known:
                yield glossary.finding(
                    ("terms", i, "references", j),
                    "unknown-citation/listed",
                    key=key,
                    suggestion=_suggest(key, known, "references.yml に文献を追加するか、キーを直してください。"),
                )


def glossary_words(terms: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """What search takes as each term's words (macros/search_rewrite.py), by `fold` → term id: its names
    (headword, glosses in parentheses), and the rest (readings and English names, then `aliases:`).
    The first term to claim a word keeps it."""
    names: dict[str, str] = {}
    others: dict[str, str] = {}
    for term in terms:
        for name in term_names(term["term"]):
            names.setdefault(fold(name), term["id"])
        for alias in term_aliases(term.get("reading"), term.get("english")):
            others.setdefault(fold(alias), term["id"])
    for term in terms:
        for alias in term.get("aliases", []):
            others.setdefault(fold(alias), term["id"])
    return names, others


def check_aliases(glossary: Document) -> Iterator[Finding]:
    """Search replaces an alias with its term (macros/search_rewrite.py): an alias that is another term's
    name, or that two terms share (also as a reading or English name), would send learners to the wrong
    term. Compared as search compares them, after `fold` (ー, ・, half-width, kana…)."""
    names, others = glossary_words([term for _, term in glossary.items("terms")])
    for i, term in glossary.items("terms"):
        for j, alias in enumerate(term.get("aliases", [])):
            key, where = fold(alias), ("terms", i, "aliases", j)
            owner = names.get(key)
            if owner is not None and owner != term["id"]:
                yield glossary.finding(where, "alias-is-term", alias=shown(alias), term=owner)
                continue
            other = others.get(key)
            if other is not None and other != term["id"]:
                yield glossary.finding(where, "alias-shared", alias=shown(alias), term=other)


def course_text(docs: list[Document | None], pages: Path) -> str:
    """The course's text as search indexes it, for search.yml's words: the content files' strings (not
    ids, links or lists of ids) and the hand-written pages in docs/ (hr, how-to…), whose text is indexed too."""
    strings = (
        text
        for doc in docs
        if doc is not None
        for key_path, text in doc.strings
        if next((k for k in reversed(key_path) if isinstance(k, str)), "") not in NOT_TEXT
    )
    written = (path.read_text("utf-8") for path in sorted(pages.glob("**/*.md")))
    return "\n".join([*strings, *written])


def check_synonyms(search: Document, terms: list[dict[str, Any]] | None, text: str | None) -> Iterator[Finding]:
    """content_src/search.yml: search replaces each word of a group by the group's `word` (as it does a
    glossary alias by its term), so the word must be in the course's `text` (None: a file could not be
    read, so it is not known), and no word may be in two groups or be a glossary term's (`terms`; None:
    the glossary has errors of its own). Compared as search compares them, after `fold`."""
    names, others = glossary_words(terms or [])
    groups: dict[str, int] = {}  # fold → the group that has it first
    for i, group in search.items("synonyms"):
        word = group["word"]
        if text is not None and word not in text:
            yield search.finding(("synonyms", i, "word"), "synonym-not-in-text", word=shown(word))
        own: dict[str, str] = {}  # fold → the word of this group written so
        for at, value in [(("word",), word), *((("aliases", j), alias) for j, alias in enumerate(group["aliases"]))]:
            key, where = fold(value), ("synonyms", i, *at)
            if key in own:
                message = "synonym-pointless" if own[key] == word else "synonym-pointless/twice"
                yield search.finding(where, message, alias=shown(value), word=shown(word), first=shown(own[key]))
                continue
            own[key] = value
            if len(key) < 2 and at != ("word",):  # a short word is still searched for, by its aliases
                yield search.finding(where, "synonym-pointless/short", alias=shown(value))
            elif key in names or key in others:
                message = "synonym-is-term" if key in names else "synonym-is-term/alias"
                yield search.finding(where, message, word=shown(value), term=names.get(key) or others[key])
            elif groups.setdefault(key, i) != i:
                first = groups[key]
                yield search.finding(
                    where,
                    "synonym-in-two-groups",
                    word=shown(value),
                    group=shown(search.data["synonyms"][first]["word"]),
                    first=search.where(("synonyms", first))[0],
                )
            elif at != ("word",) and text is not None and value in text:
                yield search.finding(where, "synonym-alias-in-text", alias=shown(value), word=shown(word))


def check_course_file(
    doc: Document, module_paths: list[Path], modules: list[Document], root: Path
) -> Iterator[Finding]:
    data = doc.data
    on_disk = {p.stem for p in module_paths}
    listed = data["modules"]
    for i, module_id in enumerate(listed):
        if module_id not in on_disk:
            yield doc.finding(
                ("modules", i),
                "missing-module",
                id=module_id,
                folder=CONTENT_DIR,
                suggestion=_suggest(module_id, on_disk, "ファイルを作るか、course.yml の modules から外してください。"),
            )
    for path in module_paths:
        if path.stem not in listed:
            yield checks.finding(relative(path, root), 1, 1, "unlisted-module", file=path.name, stem=path.stem)
    in_group: dict[str, int] = {}
    for i, group in enumerate(data.get("module_groups", [])):
        for j, module_id in enumerate(group["modules"]):
            at = ("module_groups", i, "modules", j)
            if module_id not in listed:
                yield doc.finding(
                    at,
                    "unknown-module/group",
                    group=group["title"],
                    id=module_id,
                    suggestion=_suggest(module_id, set(listed), "modules に追加するか、グループから外してください。"),
                )
            elif module_id in in_group:
                yield doc.finding(at, "module-in-two-groups", id=module_id, group=in_group[module_id])
            in_group.setdefault(module_id, i)
    loaded = {d.data["id"] for d in modules}
    with_quiz = {d.data["id"] for d in modules if d.data.get("quiz")}
    for i, module_id in enumerate(data["required_modules"]):
        if module_id not in listed:
            yield doc.finding(("required_modules", i), "unknown-module/required", id=module_id)
        elif module_id in loaded and module_id not in with_quiz:
            yield doc.finding(("required_modules", i), "required-without-quiz", id=module_id)
    modules_minutes = sum(d.data["estimated_minutes"] for d in modules)
    # Beyond the schema's 6,000 minutes a catalogue is not planned as one course: only a course is checked.
    if (
        modules
        and len(modules) == len(module_paths)
        and data["estimated_minutes"] < modules_minutes <= COURSE_MINUTES_MAX
    ):
        yield doc.finding(
            ("estimated_minutes",), "course-time-too-short", course=data["estimated_minutes"], modules=modules_minutes
        )
    eligible = sum(1 for d in modules for q in d.data.get("quiz", []) if q.get("final_test", True))
    if modules and len(modules) == len(module_paths) and data["final_test"]["questions"] > eligible:
        yield doc.finding(
            ("final_test", "questions"), "final-test-too-large", size=data["final_test"]["questions"], eligible=eligible
        )


def check_pedagogy(doc: Document) -> Iterator[Finding]:
    """What a module needs to teach, beyond being well-formed: practice cases, enough questions, a source."""
    data = doc.data
    scenarios = len(data.get("scenarios", []))
    if scenarios < MIN_SCENARIOS:
        yield doc.finding(("scenarios",), "too-few-scenarios", count=scenarios, minimum=MIN_SCENARIOS)
    timetable = data.get("facilitator", {}).get("timetable", [])
    planned = sum(step["minutes"] for step in timetable)
    if timetable and planned != data["estimated_minutes"]:
        yield doc.finding(
            ("facilitator", "timetable"), "timetable-mismatch", planned=planned, minutes=data["estimated_minutes"]
        )
    questions = len(data.get("quiz", []))
    if 0 < questions < MIN_QUESTIONS:
        yield doc.finding(("quiz",), "too-few-questions", count=questions, minimum=MIN_QUESTIONS, module=data["id"])
    if not any(CITATION.search(text) for _, text in doc.strings):
        yield doc.finding(("references",), "no-citation")


def check_orphan_terms(glossary: Document, modules: list[Document]) -> Iterator[Finding]:
    """A term that no module lists is never shown next to the text that uses it: it belongs to a module."""
    listed = {term for doc in modules for term in doc.data.get("glossary", [])}
    for i, term in enumerate(glossary.data["terms"]):
        if term["id"] not in listed:
            yield glossary.finding(("terms", i, "id"), "orphan-term", id=term["id"], term=term["term"])


def check_placeholders(doc: Document) -> Iterator[Finding]:
    """Scaffolded files are valid on purpose, so only this check notices text the author has not written yet."""
    left = [key_path for key_path, text in doc.strings if PLACEHOLDER in text]
    if left:
        yield doc.finding(left[0], "placeholder", mark=PLACEHOLDER, count=len(left))


def _duplicate_within(doc: Document, list_key: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, item_id in doc.item_ids(list_key):
        if item_id in seen:
            yield doc.finding(
                (list_key, i, "id"),
                "duplicate-id/in-module",
                list=list_key,
                id=item_id,
                first=f"{doc.where((list_key, seen[item_id], 'id'))[0]} 行目",
            )
        seen.setdefault(item_id, i)


def _unknown(doc: Document, list_key: str, known: set[str], message: str, where: str) -> Iterator[Finding]:
    for i, ref in doc.items(list_key):
        if isinstance(ref, str) and ref not in known:
            yield doc.finding(
                (list_key, i),
                message,
                id=ref,
                key=ref,
                suggestion=_suggest(ref, known, f"{where} に追加するか、id を直してください。"),
            )


def _suggest(value: str, known: set[str], fallback: str) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"'{close[0]}' の書き間違いではありませんか。" if close else fallback
