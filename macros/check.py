"""Check every content file and, when all is well, build the course model.

Order: load each file (syntax, duplicate keys, hostile input) → validate it against its JSON Schema →
cross-file checks (ids, references, quiz answers) → pedagogical checks (enough scenarios and questions, a
citation, no orphan term, no template text left). Every problem in every file is collected; nothing
stops at the first one, because an author fixing a pull request needs the whole list at once.

Checks never choose their severity: `rules.SEVERITY` does, for every check id, in one table.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import reserved
from .assessment import check_cues, check_final_test, check_quiz, check_similar_stems
from .branding import check_branding
from .findings import Finding, relative
from .load import Document, KeyPath, format_key_path, load_yaml, shown
from .model import Course, course_from_data, module_from_data
from .pagetext import check_page_text
from .published import check_links, links_leaving
from .rules import MIN_QUESTIONS, MIN_SCENARIOS, PLACEHOLDER, severity
from .sanitise import CITATION
from .schema import validate
from .search_rewrite import fold, term_aliases, term_names

CONTENT_DIR = "content_src"
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
        if path in leaving:
            return None
        if not path.is_file():
            findings.append(Finding(relative(path, root), 1, 1, "missing-file", f"{path.name} がありません。",
                                    f"{CONTENT_DIR}/ に {path.name} を作ってください。"))
            return None
        doc, problems = load_yaml(path, root)
        findings.extend(problems)
        if doc is None:
            return None
        schema_problems = validate(doc, kind)
        findings.extend(schema_problems)
        if schema_problems:
            return None
        findings.extend(check_page_text(doc, kind))
        return doc

    course_doc = read(content / "course.yml", "course")
    glossary_doc = read(content / "glossary.yml", "glossary")
    references_doc = read(content / "references.yml", "references")
    ui_doc = read(content / "ui.yml", "ui")
    module_paths = sorted((content / "modules").glob("*.yml")) if (content / "modules").is_dir() else []
    module_docs = [doc for doc in (read(p, "module") for p in module_paths) if doc is not None]

    ids = Ids.collect(glossary_doc, references_doc, module_docs, findings)
    # A module file with its own errors is still a module: others may point at it without a second error.
    ids.modules |= {p.stem for p in module_paths}
    for doc in module_docs:
        findings.extend(check_module(doc, ids))
    if glossary_doc and references_doc:  # references.yml with its own errors: no citation is "unknown"
        findings.extend(check_citations(glossary_doc, ids.references, None))
        findings.extend(check_term_references(glossary_doc, ids.references))
    if glossary_doc:
        findings.extend(check_aliases(glossary_doc))
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
    findings = [replace(f, severity=severity(f.check)) for f in findings]

    course = None
    if not any(f.is_error for f in findings) and course_doc and glossary_doc and references_doc and ui_doc:
        modules = [module_from_data(d.data, course_doc.data["id"]) for d in module_docs]
        course = course_from_data(course_doc.data, modules, glossary_doc.data, references_doc.data, ui_doc.data)
    return CheckResult(course, findings)


@dataclass
class Ids:
    """The ids other files may point at. Each set is only as complete as the files that loaded."""

    modules: set[str]
    terms: set[str]
    references: set[str]
    complete: bool

    @classmethod
    def collect(cls, glossary: Document | None, references: Document | None, modules: list[Document],
                findings: list[Finding]) -> Ids:
        terms = _unique_ids(glossary, "terms", "用語", findings) if glossary else set()
        refs = _unique_ids(references, "references", "文献", findings) if references else set()
        seen: dict[str, Document] = {}
        questions: dict[str, str] = {}
        for doc in modules:
            module_id = doc.data["id"]
            if module_id in seen:
                findings.append(doc.finding(("id",), "duplicate-id",
                                            f"モジュール id '{module_id}' は {seen[module_id].display} でも使われています。",
                                            "モジュールごとに別の id にしてください。"))
            seen[module_id] = doc
            if module_id in reserved.MODULE_IDS:
                findings.append(doc.finding(("id",), "reserved-id",
                                            f"モジュール id '{module_id}' は修了テストが使う id なので、使えません。",
                                            "別の id にして、ファイル名と course.yml の modules: も合わせて直してください。"))
            for i, q in enumerate(doc.data.get("quiz", [])):
                if q["id"] in questions:
                    findings.append(doc.finding(("quiz", i, "id"), "duplicate-id",
                                                f"問題 id '{q['id']}' は {questions[q['id']]} でも使われています。",
                                                "問題 id はコース全体で一意にします（例: モジュールの略号 + 番号）。"))
                questions.setdefault(q["id"], doc.display)
        return cls(set(seen), terms, refs, glossary is not None and references is not None)


def _unique_ids(doc: Document, list_key: str, what: str, findings: list[Finding]) -> set[str]:
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data[list_key]):
        if item["id"] in seen:
            findings.append(doc.finding((list_key, i, "id"), "duplicate-id",
                                        f"{what}の id '{item['id']}' が 2 回あります（{list_key}[{seen[item['id']]}] と）。",
                                        "片方を削除するか、別の id にしてください。"))
        seen.setdefault(item["id"], i)
    return set(seen)


def check_module(doc: Document, ids: Ids) -> Iterator[Finding]:
    data = doc.data
    if doc.path.stem != data["id"]:
        yield doc.finding(("id",), "id-mismatch",
                          f"id '{data['id']}' がファイル名 '{doc.path.name}' と一致しません。",
                          f"ファイル名を {data['id']}.yml にするか、id を '{doc.path.stem}' にしてください。")
    for list_key in ("sections", "practices", "scenarios"):
        yield from _duplicate_within(doc, list_key)
    for i, section in enumerate(data.get("sections", [])):
        if clash := reserved.section_id_clash(section["id"]):
            taken = f"'{clash}' で始まる id" if clash.endswith("-") else "この id"
            yield doc.finding(("sections", i, "id"), "reserved-id",
                              f"節の id '{section['id']}' は使えません。モジュールのページが{taken}を見出しのリンク先に使っています。",
                              f"別の id にしてください（例: '{section['id'].rstrip('-')}-section' ではなく、内容を表す語）。")
    if ids.complete:
        yield from _unknown(doc, "glossary", ids.terms, "用語", "glossary.yml")
        yield from _unknown(doc, "references", ids.references, "文献", "references.yml")
        yield from check_citations(doc, ids.references, set(data["references"]))
    for i, ref in enumerate(data.get("related", [])):
        if ref == data["id"]:
            yield doc.finding(("related", i), "self-reference", "related に自分自身が含まれています。", "削除してください。")
        elif ref not in ids.modules:
            yield doc.finding(("related", i), "unknown-module", f"関連モジュール '{ref}' がありません。",
                              _suggest(ref, ids.modules, "content_src/modules/ のファイル名（拡張子なし）を書きます。"))
    for i, scenario in enumerate(data.get("scenarios", [])):
        yield from _check_options(doc, ("scenarios", i), scenario["options"], "best", exactly_one=True)
    for i, question in enumerate(data.get("quiz", [])):
        yield from check_question(doc, ("quiz", i), question)


def check_question(doc: Document, at: KeyPath, q: dict[str, Any]) -> Iterator[Finding]:
    kind = q["type"]
    if kind == "true_false":
        if "options" in q:
            yield doc.finding((*at, "options"), "unexpected-field",
                              "true_false の問題には options を書きません。",
                              "answer（true / false）と explanation_true・explanation_false で書いてください。")
        return
    for field in ("answer", "explanation_true", "explanation_false"):
        if field in q:
            yield doc.finding((*at, field), "unexpected-field", f"{field} は true_false の問題でだけ使います。",
                              "削除するか、type を true_false にしてください。")
    if kind != "scenario" and "situation" in q:
        yield doc.finding((*at, "situation"), "unexpected-field", "situation は scenario の問題でだけ使います。",
                          "type を scenario にするか、場面を prompt に含めてください。")
    yield from _check_options(doc, at, q.get("options", []), "correct", exactly_one=kind in ("single", "scenario"))


def _check_options(doc: Document, at: KeyPath, options: list[dict[str, Any]], flag: str,
                   *, exactly_one: bool) -> Iterator[Finding]:
    other = "correct" if flag == "best" else "best"
    marked = [i for i, o in enumerate(options) if o.get(flag)]
    for i, option in enumerate(options):
        if other in option:
            use = "ケーススタディ（scenarios）では best" if flag == "best" else "確認テスト（quiz）では correct"
            yield doc.finding((*at, "options", i, other), "wrong-flag", f"'{other}' はここでは使えません。",
                              f"{use} を使います。")
    if exactly_one and len(marked) != 1:
        what = "最善の対応" if flag == "best" else "正解"
        found = "ありません" if not marked else f"{len(marked)} 個あります"
        yield doc.finding((*at, "options"), "answer-count", f"{format_key_path(at)}: {what}がちょうど 1 つ必要ですが、{found}。",
                          f"1 つの選択肢にだけ {flag}: true を付けてください。複数の正解を認めるなら type: multiple にします。"
                          if flag == "correct" else f"1 つの選択肢にだけ {flag}: true を付けてください。")
    elif not marked:
        yield doc.finding((*at, "options"), "answer-count", f"{format_key_path(at)}: 正解の選択肢がありません。",
                          "当てはまる選択肢すべてに correct: true を付けてください。")
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        norm = " ".join(unicodedata.normalize("NFKC", option["text"]).split())
        if norm in seen:
            yield doc.finding((*at, "options", i, "text"), "duplicate-option",
                              f"選択肢 {i} は選択肢 {seen[norm]} と同じ文です。", "別の選択肢に書き換えてください。")
        seen.setdefault(norm, i)


def check_citations(doc: Document, known: set[str], listed: set[str] | None) -> Iterator[Finding]:
    """`[@KEY]` in any text must name a known work, and (in a module) one listed in its `references`."""
    for key_path, text in doc.strings:
        for match in CITATION.finditer(text):
            key = match.group(1)
            if key not in known:
                yield doc.finding(key_path, "unknown-citation", f"{format_key_path(key_path)}: 文献 [@{key}] が references.yml にありません。",
                                  _suggest(key, known, "references.yml に文献を追加するか、キーを直してください。"))
            elif listed is not None and key not in listed:
                yield doc.finding(key_path, "citation-not-listed",
                                  f"{format_key_path(key_path)}: [@{key}] がこのモジュールの references にありません。",
                                  f"references に {key} を追加してください。")


def check_term_references(glossary: Document, known: set[str]) -> Iterator[Finding]:
    """A term's `references:` become links on the glossary page: each must name a work in references.yml."""
    for i, term in enumerate(glossary.data["terms"]):
        for j, key in enumerate(term.get("references", [])):
            if key not in known:
                yield glossary.finding(("terms", i, "references", j), "unknown-citation",
                                       f"terms[{i}].references[{j}]: 文献 '{key}' が references.yml にありません。",
                                       _suggest(key, known, "references.yml に文献を追加するか、キーを直してください。"))


def check_aliases(glossary: Document) -> Iterator[Finding]:
    """Search replaces an alias with its term (macros/search_rewrite.py): an alias that is another term's
    name, or that two terms share (also as a reading or English name), would send learners to the wrong
    term. Compared as search compares them, after `fold` (ー, ・, half-width, kana…)."""
    terms = glossary.data["terms"]
    names = {fold(name): term["id"] for term in terms for name in term_names(term["term"])}
    others: dict[str, str] = {}
    for term in terms:
        for alias in term_aliases(term.get("reading"), term.get("english")):
            others.setdefault(fold(alias), term["id"])
    seen: dict[str, str] = {}
    for i, term in enumerate(terms):
        for j, alias in enumerate(term.get("aliases", [])):
            key, where = fold(alias), ("terms", i, "aliases", j)
            owner = names.get(key)
            if owner is not None and owner != term["id"]:
                yield glossary.finding(where, "alias-is-term",
                                       f"terms[{i}].aliases[{j}]: 別名「{shown(alias)}」は用語 '{owner}' の見出し語と同じです。",
                                       "検索でその用語が見つからなくなります。この別名を削除するか、別の書き方にしてください。")
                continue
            other = seen.get(key) or others.get(key)
            if other is not None and other != term["id"]:
                yield glossary.finding(where, "alias-shared",
                                       f"terms[{i}].aliases[{j}]: 別名「{shown(alias)}」は用語 '{other}' の別名・読み・英語表記と同じです。",
                                       "検索で1つの用語に決められません。どちらか一方の用語にだけ書いてください。")
            seen.setdefault(key, term["id"])


def check_course_file(doc: Document, module_paths: list[Path], modules: list[Document], root: Path) -> Iterator[Finding]:
    data = doc.data
    on_disk = {p.stem for p in module_paths}
    listed = data["modules"]
    for i, module_id in enumerate(listed):
        if module_id not in on_disk:
            yield doc.finding(("modules", i), "missing-module",
                              f"モジュール '{module_id}' のファイル {CONTENT_DIR}/modules/{module_id}.yml がありません。",
                              _suggest(module_id, on_disk, "ファイルを作るか、course.yml の modules から外してください。"))
    for path in module_paths:
        if path.stem not in listed:
            yield Finding(relative(path, root), 1, 1, "unlisted-module",
                          f"{path.name} は course.yml の modules に入っていません。",
                          f"course.yml の modules に '- {path.stem}' を追加してください（不要なファイルなら削除します）。")
    in_group: dict[str, int] = {}
    for i, group in enumerate(data.get("module_groups", [])):
        for j, module_id in enumerate(group["modules"]):
            at = ("module_groups", i, "modules", j)
            if module_id not in listed:
                yield doc.finding(at, "unknown-module", f"グループ '{group['title']}' のモジュール '{module_id}' が modules にありません。",
                                  _suggest(module_id, set(listed), "modules に追加するか、グループから外してください。"))
            elif module_id in in_group:
                yield doc.finding(at, "module-in-two-groups",
                                  f"モジュール '{module_id}' はすでにグループ {in_group[module_id]} に入っています。",
                                  "1 つのモジュールは 1 つのグループにだけ入れてください。")
            in_group.setdefault(module_id, i)
    loaded = {d.data["id"] for d in modules}
    with_quiz = {d.data["id"] for d in modules if d.data.get("quiz")}
    for i, module_id in enumerate(data["required_modules"]):
        if module_id not in listed:
            yield doc.finding(("required_modules", i), "unknown-module",
                              f"必須モジュール '{module_id}' が modules にありません。", "modules に追加するか、ここから外してください。")
        elif module_id in loaded and module_id not in with_quiz:
            yield doc.finding(("required_modules", i), "required-without-quiz",
                              f"必須モジュール '{module_id}' には確認テスト（quiz）がないため、合格できません。",
                              "quiz を追加するか、required_modules から外してください。")
    modules_minutes = sum(d.data["estimated_minutes"] for d in modules)
    # Beyond the schema's 6,000 minutes a catalogue is not planned as one course: only a course is checked.
    if (modules and len(modules) == len(module_paths) and data["estimated_minutes"] < modules_minutes
            <= COURSE_MINUTES_MAX):
        yield doc.finding(("estimated_minutes",), "course-time-too-short",
                          f"コース全体の目安時間 {data['estimated_minutes']} 分が、モジュールの目安時間の合計 {modules_minutes} 分より短いです。",
                          f"{modules_minutes} 以上にしてください（人事担当者は、この時間で研修の予定を立てます）。")
    eligible = sum(1 for d in modules for q in d.data.get("quiz", []) if q.get("final_test", True))
    if modules and len(modules) == len(module_paths) and data["final_test"]["questions"] > eligible:
        yield doc.finding(("final_test", "questions"), "final-test-too-large",
                          f"修了テストの問題数 {data['final_test']['questions']} が、出題できる問題の数 {eligible} より多いです。",
                          f"{eligible} 以下にしてください。")


def check_pedagogy(doc: Document) -> Iterator[Finding]:
    """What a module needs to teach, beyond being well-formed: practice cases, enough questions, a source."""
    data = doc.data
    scenarios = len(data.get("scenarios", []))
    if scenarios < MIN_SCENARIOS:
        yield doc.finding(("scenarios",), "too-few-scenarios",
                          f"ケーススタディ（scenarios）が {scenarios} 個です。{MIN_SCENARIOS} 個以上にしてください。",
                          "職場の場面を 1 つ増やすたびに、選択肢と、それぞれが最善・劣る理由を書きます（CONTRIBUTING.md）。")
    timetable = data.get("facilitator", {}).get("timetable", [])
    planned = sum(step["minutes"] for step in timetable)
    if timetable and planned != data["estimated_minutes"]:
        yield doc.finding(("facilitator", "timetable"), "timetable-mismatch",
                          f"講師用の進行表の合計 {planned} 分が、モジュールの目安時間 {data['estimated_minutes']} 分と違います。",
                          "進行表の時間か estimated_minutes を直して、そろえてください（人事担当者はどちらかで予定を立てます）。")
    questions = len(data.get("quiz", []))
    if 0 < questions < MIN_QUESTIONS:
        yield doc.finding(("quiz",), "too-few-questions",
                          f"確認テスト（quiz）の問題が {questions} 問です。{MIN_QUESTIONS} 問以上にしてください。",
                          f"python -m macros new-question {data['id']} --type single で問題のひな形を追加できます。")
    if not any(CITATION.search(text) for _, text in doc.strings):
        yield doc.finding(("references",), "no-citation", "本文のどこにも出典（[@キー]）がありません。",
                          "事実や数値を書いた文の後に [@GK80] のように出典を付け、references にそのキーを追加してください。")


def check_orphan_terms(glossary: Document, modules: list[Document]) -> Iterator[Finding]:
    """A term that no module lists is never shown next to the text that uses it: it belongs to a module."""
    listed = {term for doc in modules for term in doc.data.get("glossary", [])}
    for i, term in enumerate(glossary.data["terms"]):
        if term["id"] not in listed:
            yield glossary.finding(("terms", i, "id"), "orphan-term",
                                   f"用語 '{term['id']}'（{term['term']}）を glossary に挙げているモジュールがありません。",
                                   "その用語を扱うモジュールの glossary に id を追加するか、不要なら用語集から削除してください。")


def check_placeholders(doc: Document) -> Iterator[Finding]:
    """Scaffolded files are valid on purpose, so only this check notices text the author has not written yet."""
    left = [key_path for key_path, text in doc.strings if PLACEHOLDER in text]
    if left:
        yield doc.finding(left[0], "placeholder",
                          f"ひな形の仮の文（{PLACEHOLDER}）が {len(left)} か所に残っています"
                          f"（最初は {format_key_path(left[0])}）。",
                          f"{PLACEHOLDER}の付いた文を、すべて本当の内容に書き換えてください。")


def _duplicate_within(doc: Document, list_key: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, item in enumerate(doc.data.get(list_key, [])):
        if item["id"] in seen:
            yield doc.finding((list_key, i, "id"), "duplicate-id", f"{list_key} の id '{item['id']}' が 2 回あります。",
                              "ページ内のリンク先になるので、別の id にしてください。")
        seen.add(item["id"])


def _unknown(doc: Document, list_key: str, known: set[str], what: str, where: str) -> Iterator[Finding]:
    for i, ref in enumerate(doc.data.get(list_key, [])):
        if ref not in known:
            yield doc.finding((list_key, i), f"unknown-{'term' if list_key == 'glossary' else 'citation'}",
                              f"{what} '{ref}' が {where} にありません。",
                              _suggest(ref, known, f"{where} に追加するか、id を直してください。"))


def _suggest(value: str, known: set[str], fallback: str) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"'{close[0]}' の書き間違いではありませんか。" if close else fallback
