"""Assessment lint: can a quiz be passed without reading the course?

A quiz is what HR's "passed" rests on, so it must not reward test-taking habits. These checks read the
validated YAML (with positions, so findings point at the item) and ask two kinds of question:

- the habits item writers are warned about (Haladyna, Downing & Rodriguez 2002): a key that is the longest
  option, unbalanced true/false keys, absolute words only in distractors, one multiple-select pattern,
  near-duplicate stems, a case study without its own question; and, across the course, option endings that
  mark distractors and true/false statements whose hedging gives the answer;
- the **blind simulation**: the expected score of content-blind strategies (first, last, longest, shortest
  option; always 正しい / always 誤り; the first k boxes, the k longest or all boxes) in the order the learner
  sees — the browser shuffles every unpinned option, so only pinned positions and the texts themselves can
  leak. An error when the best blind mix reaches the pass mark.

Every threshold is in `rules.py`, each with its reason.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import comb
from typing import Any

from . import rules
from .findings import Finding
from .load import Document, KeyPath
from .model import FINAL_POOL_FACTOR, round_robin
from .questiontypes import BLIND_ORDER, QUESTION_TYPES, question_type


@dataclass(frozen=True)
class Choice:
    text: str
    keyed: bool
    pinned: bool
    length: int  # characters a reader compares (normalise)

    @classmethod
    def from_data(cls, option: dict[str, Any]) -> Choice:
        return cls(option["text"], bool(option.get("correct")), bool(option.get("pin")), len(normalise(option["text"])))


@dataclass(frozen=True)
class Item:
    """One question as the simulation sees it."""

    id: str
    type: str
    options: tuple[Choice, ...]  # empty for a statement (true/false)
    answer: bool | None = None  # statements only
    statement: str = ""
    index: int = 0  # its place in the module's quiz: where findings point

    @property
    def blind(self) -> str:
        """The family of blind strategies for the item's type (questiontypes.QuestionType.blind)."""
        return question_type(self.type).blind

    @classmethod
    def from_data(cls, q: dict[str, Any], index: int = 0) -> Item:
        if question_type(q["type"]).form == "statement":
            return cls(q["id"], q["type"], (), bool(q["answer"]), q["prompt"], index)
        return cls(q["id"], q["type"], tuple(map(Choice.from_data, q["options"])), None, q["prompt"], index)


#: Whether a character is dropped by `normalise` (cached: category lookups dominate at catalogue scale).
_DROPPED: dict[str, bool] = {}


@lru_cache(maxsize=1 << 16)  # options are read by several checks (items, endings, the final test's pool)
def normalise(text: str) -> str:
    """NFKC, without spaces, punctuation, brackets or symbols: what stays is what a reader compares."""
    folded = unicodedata.normalize("NFKC", text).lower()
    table: dict[int, None] = {}
    for ch in set(folded):
        drop = _DROPPED.get(ch)
        if drop is None:
            drop = _DROPPED[ch] = unicodedata.category(ch)[0] in "PSZC"
        if drop:
            table[ord(ch)] = None
    return folded.translate(table)


# --- the blind simulation ----------------------------------------------------------------------


def _position(item: Item, index: int) -> float:
    """Chance that the option at shown position `index` is the key, when unpinned options are shuffled."""
    slot = item.options[index]
    if slot.pinned:
        return float(slot.keyed)
    free = [o for o in item.options if not o.pinned]
    return sum(o.keyed for o in free) / len(free)


def _by_length(item: Item, longest: bool) -> float:
    lengths = [o.length for o in item.options]
    target = max(lengths) if longest else min(lengths)
    tied = [o for o in item.options if o.length == target]
    return sum(o.keyed for o in tied) / len(tied)


def _among(item: Item, marked: list[bool], wanted: bool) -> float:
    """Chance of the key when picking at random among the options whose mark is `wanted` (all if none is)."""
    pool = [o for o, m in zip(item.options, marked) if m == wanted] or list(item.options)
    return sum(o.keyed for o in pool) / len(pool)


def _first_boxes(item: Item, k: int) -> float:
    """Chance that ticking the first k shown boxes is exactly the key."""
    k = min(k, len(item.options))
    head, tail = item.options[:k], item.options[k:]
    if any(o.pinned and not o.keyed for o in head) or any(o.pinned and o.keyed for o in tail):
        return 0.0
    free = [o for o in item.options if not o.pinned]
    slots = sum(not o.pinned for o in head)
    keyed_free = sum(o.keyed for o in free)
    return 1 / comb(len(free), slots) if keyed_free == slots else 0.0


def _boxes_by_length(item: Item, k: int, longest: bool) -> float:
    """Chance that ticking the k longest (shortest) boxes is exactly the key; ties are broken at random."""
    if k > len(item.options):
        return 0.0
    sign = 1 if longest else -1
    ranked = sorted((sign * o.length for o in item.options), reverse=True)
    edge = ranked[k - 1]
    above = [o for o in item.options if sign * o.length > edge]
    at = [o for o in item.options if sign * o.length == edge]
    keyed = [o for o in item.options if o.keyed]
    need = k - len(above)
    if not all(o.keyed for o in above) or sum(o.keyed for o in at) != need or len(keyed) != k:
        return 0.0
    return 1 / comb(len(at), need)


def strategies(item: Item) -> dict[str, float]:
    """Expected score (0–1) of each content-blind strategy that applies to the item's type."""
    blind = item.blind
    if blind == "statement":
        return {"常に「正しい」": float(item.answer is True), "常に「誤り」": float(item.answer is False)}
    n = len(item.options)
    if blind == "choice":
        out = {
            "最初の選択肢": _position(item, 0),
            "最後の選択肢": _position(item, n - 1),
            "最も長い選択肢": _by_length(item, True),
            "最も短い選択肢": _by_length(item, False),
        }
        for name, phrases in rules.CUE_PHRASES.items():
            marked = [any(p in o.text for p in phrases) for o in item.options]
            out[f"{name}のある選択肢"] = _among(item, marked, True)
            out[f"{name}のない選択肢"] = _among(item, marked, False)
        return out
    out = {"すべての選択肢": float(all(o.keyed for o in item.options))}
    for k in range(1, 8):
        out[f"最初の {k} 個"] = _first_boxes(item, k)
        out[f"長い順に {k} 個"] = _boxes_by_length(item, k, True)
        out[f"短い順に {k} 個"] = _boxes_by_length(item, k, False)
    return out


def chance(item: Item) -> float:
    if item.blind == "statement":
        return 0.5
    n = len(item.options)
    return 1 / n if item.blind == "choice" else 1 / (2**n - 1)


@dataclass(frozen=True)
class BlindResult:
    percent: float
    chance: float
    plan: tuple[str, ...]  # the strategy chosen for each question type present


def simulate(items: Sequence[Item]) -> BlindResult:
    """The best mix of blind strategies: one per question type, chosen for the whole quiz."""
    total, plan = 0.0, []
    for kind in sorted(QUESTION_TYPES, key=lambda t: BLIND_ORDER.index(QUESTION_TYPES[t].blind)):
        group = [strategies(i) for i in items if i.type == kind]
        if not group:
            continue
        best = max(group[0], key=lambda name: sum(s.get(name, 0.0) for s in group))
        total += sum(s.get(best, 0.0) for s in group)
        plan.append(best)
    n = len(items)
    return BlindResult(100 * total / n, 100 * sum(map(chance, items)) / n, tuple(dict.fromkeys(plan)))


def _blind_findings(doc: Document, at: KeyPath, items: Sequence[Item], pass_mark: int, what: str) -> Iterator[Finding]:
    if not items:
        return
    result = simulate(items)
    if result.percent <= rules.BLIND_WARNING_PERCENT:
        return
    yield doc.finding(
        at,
        "assessment-blind-pass" if result.percent >= pass_mark else "assessment-blind-high",
        what=what,
        plan="・".join(result.plan),
        percent=result.percent,
        pass_mark=pass_mark,
        chance=result.chance,
    )


# --- item-writing habits ----------------------------------------------------------------------


def written(questions: list[dict[str, Any]]) -> list[Item]:
    """The questions the author has written: a scaffold's 【要記入】 item is judged once it is filled in
    (the `placeholder` warning already points at it)."""
    return [Item.from_data(q, i) for i, q in enumerate(questions) if rules.PLACEHOLDER not in repr(q)]


def check_quiz(doc: Document, pass_mark: int) -> Iterator[Finding]:
    """The rules for one module's quiz and its case studies."""
    items = written(doc.data.get("quiz", []))
    yield from _key_longest(doc, items)
    yield from _true_false_balance(doc, items)
    yield from _absolute_words(doc, items)
    yield from _multiple_pattern(doc, items)
    yield from _blind_findings(doc, ("quiz",), items, pass_mark, "この確認テスト")
    for i, scenario in enumerate(doc.data.get("scenarios", [])):
        if "question" not in scenario:
            yield doc.finding(("scenarios", i, "id"), "assessment-no-question", id=scenario["id"])


def _key_longest(doc: Document, items: list[Item]) -> Iterator[Finding]:
    choice = [(item.index, item) for item in items if item.blind == "choice"]
    longest = []
    for i, item in choice:
        keys = [o for o in item.options if o.keyed]
        others = [o.length for o in item.options if not o.keyed]
        if len(keys) != 1 or not others:
            continue  # answer-count reports it; there is no single key to measure
        key = keys[0]
        if key.length > max(others):
            longest.append(item.id)
        mean = sum(others) / len(others)
        if key.length > rules.KEY_LONGER_RATIO * mean and key.length - mean >= rules.KEY_LONGER_MIN_CHARS:
            yield doc.finding(
                ("quiz", i, "options"), "assessment-key-much-longer", id=item.id, length=key.length, mean=mean
            )
    if len(choice) >= rules.MIN_ITEMS_FOR_SHARE and len(longest) > rules.KEY_LONGEST_SHARE * len(choice):
        yield doc.finding(
            ("quiz",),
            "assessment-key-longest",
            count=len(choice),
            longest=len(longest),
            ids=", ".join(longest),
            share=rules.KEY_LONGEST_SHARE,
        )


def _true_false_balance(doc: Document, items: list[Item]) -> Iterator[Finding]:
    answers = [item.answer for item in items if item.blind == "statement"]
    if len(answers) < 2:
        return
    true = sum(1 for a in answers if a)
    if abs(true - len(answers) / 2) > rules.TF_TOLERANCE:
        yield doc.finding(("quiz",), "assessment-tf-balance", count=len(answers), true=true)


def _absolute(text: str) -> bool:
    return any(word in text for word in rules.ABSOLUTE_WORDS)


def _absolute_words(doc: Document, items: list[Item]) -> Iterator[Finding]:
    """Statements and options with an absolute word, against the quiz's share of keys overall."""
    population: list[tuple[str, bool, bool]] = []  # (item id, has the word, keyed)
    for item in items:
        if item.blind == "statement":
            population.append((item.id, _absolute(item.statement), bool(item.answer)))
        else:
            population += [(item.id, _absolute(o.text), o.keyed) for o in item.options]
    marked = [p for p in population if p[1]]
    if len(marked) < rules.ABSOLUTE_MIN or not population:
        return
    base = sum(p[2] for p in population) / len(population)
    share = sum(p[2] for p in marked) / len(marked)
    if share < base / 2:
        ids = ", ".join(dict.fromkeys(p[0] for p in marked if not p[2]))
        yield doc.finding(
            ("quiz",), "assessment-absolute-words", count=len(marked), keyed=sum(p[2] for p in marked), ids=ids
        )


def _multiple_pattern(doc: Document, items: list[Item]) -> Iterator[Finding]:
    multiple = [(item.index, item) for item in items if item.blind == "boxes"]
    for i, item in multiple:
        if all(o.keyed for o in item.options):
            yield doc.finding(("quiz", i, "options"), "assessment-multiple-pattern/all-keyed", id=item.id)
    counts = {sum(o.keyed for o in item.options) for _, item in multiple}
    if len(multiple) >= rules.MULTIPLE_PATTERN_MIN and len(counts) == 1:
        yield doc.finding(("quiz",), "assessment-multiple-pattern", count=len(multiple), keys=counts.pop())


# --- across the course -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stem:
    doc: Document
    at: KeyPath
    label: str
    text: str


def stems(doc: Document) -> Iterator[Stem]:
    for i, q in enumerate(doc.data.get("quiz", [])):
        if "situation" in q:  # the situation makes a scenario item itself; its prompt is the usual question
            yield Stem(doc, ("quiz", i, "situation"), f"問題 '{q['id']}'", q["situation"])
        else:
            yield Stem(doc, ("quiz", i, "prompt"), f"問題 '{q['id']}'", q["prompt"])
    for i, s in enumerate(doc.data.get("scenarios", [])):
        yield Stem(doc, ("scenarios", i, "situation"), f"ケーススタディ '{s['id']}'", s["situation"])


def _grams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def check_similar_stems(docs: Sequence[Document]) -> Iterator[Finding]:
    """Near-duplicate stems and case studies anywhere in the course: a learner who met one knows the other.

    Similarity is the overlap (Jaccard) of the texts' 3-character pieces. Comparing every pair is quadratic
    (minutes at a catalogue's size), so candidates come first: each text is indexed under its rarest pieces
    (names, places, figures — what makes a situation itself) that some other text also has, and only texts
    that share several are compared.
    """
    entries = [
        (stem, norm)
        for doc in docs
        for stem in stems(doc)
        if len(norm := normalise(stem.text)) >= rules.SIMILAR_MIN_CHARS
    ]
    grams = [_grams(norm) for _, norm in entries]
    frequency = Counter(g for pieces in grams for g in pieces)
    index: dict[str, list[int]] = defaultdict(list)
    shared: Counter[tuple[int, int]] = Counter()
    for n, pieces in enumerate(grams):
        # a piece no other text has pairs no one: the rarest pieces that at least two texts share
        for g in heapq.nsmallest(rules.SKETCH_SIZE, pieces, key=lambda g: (frequency[g] == 1, frequency[g], g)):
            bucket = index[g]
            if len(bucket) < rules.SKETCH_MAX_BUCKET:
                shared.update((m, n) for m in bucket)
                bucket.append(n)
    reported: set[int] = set()
    for m, n in sorted(pair for pair, count in shared.items() if count >= rules.SKETCH_MIN_SHARED):
        if n in reported:
            continue
        ratio = len(grams[m] & grams[n]) / len(grams[m] | grams[n])
        if ratio >= rules.SIMILAR_RATIO:
            reported.add(n)
            first, second = entries[m][0], entries[n][0]
            line, _ = first.doc.where(first.at)
            yield second.doc.finding(
                second.at,
                "assessment-similar-stem",
                label=second.label,
                first=f"{first.doc.display}:{line}",
                first_label=first.label,
                ratio=ratio,
            )


def _hiragana_tail(text: str) -> str:
    """The run of hiragana an option ends with (「黙っておく」 → 「っておく」): where Japanese puts its tells."""
    norm = normalise(text)
    end = len(norm)
    while end > 0 and "ぁ" <= norm[end - 1] <= "ゖ":
        end -= 1
    return norm[end:]


def check_cues(docs: Sequence[Document]) -> Iterator[Finding]:
    """Tells that only show across the course: an option ending, or a kind of phrase (a reason clause that
    excuses the option, a 確かめる／相談する verb), that almost always marks a distractor or a key; and
    true/false statements whose hedging gives their answer away (「〜しやすい」 true, 「十分に」 false)."""
    options = [
        (doc, i, o)
        for doc in docs
        for i, q in enumerate(doc.data.get("quiz", []))
        if question_type(q["type"]).form == "options"
        for o in q["options"]
    ]
    if options:
        base = sum(bool(o.get("correct")) for _, _, o in options) / len(options)
        yield from _ending_cues(options, base)
        yield from _phrase_cues(options, base)
    yield from _hedging(docs)


def _telling(keyed: int, count: int, base: float) -> bool:
    """A group of options keyed far less or far more often than the course's options as a whole."""
    share = keyed / count
    return count >= rules.CUE_MIN_OPTIONS and (
        share <= base * rules.CUE_LOW or share >= min(0.9, base * rules.CUE_HIGH)
    )


def _ending_cues(options: list[tuple[Document, int, dict[str, Any]]], base: float) -> Iterator[Finding]:
    groups: dict[str, list[tuple[Document, int, dict[str, Any]]]] = defaultdict(list)
    for entry in options:
        tail = _hiragana_tail(entry[2]["text"])
        for n in range(rules.CUE_MIN_TAIL, len(tail) + 1):
            groups[tail[-n:]].append(entry)
    flagged = []
    for tail, members in groups.items():
        keyed = sum(bool(o.get("correct")) for _, _, o in members)
        if _telling(keyed, len(members), base):
            flagged.append((tail, members, keyed))
    reported: list[str] = []
    # nested endings (「にする」「ことにする」) are one tell: report the one that covers most options
    for tail, members, keyed in sorted(flagged, key=lambda f: (-len(f[1]), -len(f[0]))):
        if any(tail.endswith(other) or other.endswith(tail) for other in reported):
            continue
        reported.append(tail)
        doc, i, _ = members[0]
        yield doc.finding(
            ("quiz", i, "options"), "assessment-ending-cue", tail=tail, count=len(members), keyed=keyed, base=base
        )


def _phrase_cues(options: list[tuple[Document, int, dict[str, Any]]], base: float) -> Iterator[Finding]:
    for name, phrases in rules.CUE_PHRASES.items():
        members = [(doc, i, o) for doc, i, o in options if any(p in o["text"] for p in phrases)]
        keyed = sum(bool(o.get("correct")) for _, _, o in members)
        if members and _telling(keyed, len(members), base):
            doc, i, _ = members[0]
            side = "正解" if keyed / len(members) > base else "誤り"
            yield doc.finding(
                ("quiz", i, "options"),
                "assessment-phrase-cue",
                name=name,
                phrases="」「".join(phrases),
                count=len(members),
                keyed=keyed,
                base=base,
                side=side,
            )


def _hedging(docs: Sequence[Document]) -> Iterator[Finding]:
    statements = [
        (doc, i, q)
        for doc in docs
        for i, q in enumerate(doc.data.get("quiz", []))
        if question_type(q["type"]).form == "statement"
    ]
    if len(statements) < rules.HEDGE_MIN_STATEMENTS:
        return
    hedged = [bool(any(w in q["prompt"] for w in rules.HEDGE_WORDS)) for _, _, q in statements]
    answers = [bool(q["answer"]) for _, _, q in statements]
    agree = sum(h == a for h, a in zip(hedged, answers))
    share = max(agree, len(answers) - agree) / len(answers)
    if share >= rules.HEDGE_TELL_SHARE:
        doc, i, _ = statements[0]
        yield doc.finding(
            ("quiz", i, "prompt"),
            "assessment-hedge-cue",
            count=len(answers),
            agree=max(agree, len(answers) - agree),
            side="正しい" if agree >= len(answers) - agree else "誤り",
        )


def check_final_test(course: Document, modules: Sequence[Document]) -> Iterator[Finding]:
    """The final test's pool, drawn as the page draws it (model.round_robin), under the same simulation."""
    quizzes = [d.data.get("quiz", []) for d in modules]
    per_module = [[item for item in written(quiz) if quiz[item.index].get("final_test", True)] for quiz in quizzes]
    size = course.data["final_test"]["questions"]
    pool = round_robin(per_module, size * FINAL_POOL_FACTOR)
    yield from _blind_findings(course, ("final_test",), pool, course.data["pass_mark"], "修了テスト")
