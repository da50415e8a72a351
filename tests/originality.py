"""Originality check: course sentences must not be copied or lightly reworded from the seed articles.

Facts carry over with a citation; sentences do not. A plain substring test misses the usual rewording
(分かる→わかる, a comma moved, 何でも→なんでも, a particle swapped), so every sentence is compared by its
READING: NFKC, without spaces, punctuation, brackets and symbols, converted to hiragana (pykakasi), then cut
into overlapping 6-character shingles. A course sentence scores the share of its shingles (weighted by how
rare each is in the seeds, so 「心理的安全性」 or 「ボスマネジメント」 alone weigh little) found in its
closest seed sentence. A sentence is flagged when

* it is a close copy: score ≥ CLOSE (0.5), or a run of ≥ VERBATIM reading characters is shared verbatim;
* it belongs to a paraphrased passage: score ≥ PASSAGE (0.3) and another sentence of the same text value
  also scores ≥ PASSAGE (a field that follows a seed sentence after sentence).

The seeds are not in the repository (CI has no copy), so only hashed shingles of each seed sentence are
committed: tests/fixtures/originality/seed-shingles.bin. When the seeds are beside the project
(../shared/seeds/), regenerate it with `python tests/originality.py --update-fingerprints`.

Authors run `.venv/bin/python tests/originality.py` (see CONTRIBUTING.md); tests/test_content.py runs the
same check.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import struct
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FINGERPRINTS = Path(__file__).parent / "fixtures" / "originality" / "seed-shingles.bin"

SHINGLE = 6  #: reading characters per shingle (about 3-4 written characters)
MIN_READING = 20  #: shorter sentences (headings, names, ids) are too short to judge
CLOSE = 0.5
PASSAGE = 0.3
VERBATIM = 24  #: reading characters shared in one run (about 16-20 written characters)
#: Bump when normalise() or reading() change: old fingerprint files then refuse to load.
NORMALISATION = 1
MAGIC = b"course-originality-shingles\n"
DIGEST = 6

_CITATION = re.compile(r"\[@[^\]]*\]")
#: Titles of works: quoting a title is citing it.
_TITLE = re.compile(r"『[^』]*』")
#: A sentence ends at 。！？ (kept), a line break or a Markdown table bar (dropped).
_SENTENCE = re.compile(r"[^。！？!?\n|]+[。！？!?]?")


@dataclass(frozen=True)
class Place:
    """One flagged sentence, located where an author edits it."""

    path: str
    key: str
    line: int
    column: int
    sentence: str
    score: float
    rule: str  # close | verbatim | passage
    seed: str  # seed file name and sentence number, never its text

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: {self.key}: 独自性 {self.score:.2f}（{_RULE_JA[self.rule]}、"
            f"{self.seed}）\n    「{self.sentence}」"
        )


_RULE_JA = {
    "close": "元記事の文とほぼ同じ",
    "verbatim": "元記事と同じ文字列が続く",
    "passage": "同じ項目の複数の文が元記事の言い換え",
}


# --- text → reading → shingles ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFKC, lower case, without citations, titles, spaces, punctuation, brackets and symbols."""
    text = unicodedata.normalize("NFKC", _TITLE.sub("", _CITATION.sub("", text))).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@lru_cache(maxsize=1)
def _kakasi():  # type: ignore[no-untyped-def]
    import pykakasi  # imported here so that a missing package is reported, not a traceback

    return pykakasi.kakasi()


@lru_cache(maxsize=65536)
def reading(text: str) -> str:
    """Hiragana reading of normalised text: 分かる, 判る and わかる read the same."""
    norm = normalise(text)
    return "".join(item["hira"] for item in _kakasi().convert(norm)) if norm else ""


def shingles(read: str) -> list[str]:
    return [read[i : i + SHINGLE] for i in range(len(read) - SHINGLE + 1)]


def fingerprint(shingle: str) -> bytes:
    return hashlib.blake2b(shingle.encode(), digest_size=DIGEST, person=b"course-orig").digest()


def split_sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for each sentence of a text value or Markdown body."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            yield match.start() + (len(match.group()) - len(match.group().lstrip())), sentence


# --- the seed index ------------------------------------------------------------------------------


class SeedIndex:
    """Hashed shingles of every seed sentence, with the inverted index and weights used for scoring."""

    def __init__(self, names: list[str], sentences: list[tuple[int, int, frozenset[bytes]]]) -> None:
        self.names = names
        self.sentences = sentences  # (seed file index, sentence number, shingle fingerprints)
        self.postings: dict[bytes, list[int]] = defaultdict(list)
        for i, (_, _, prints) in enumerate(sentences):
            for fp in prints:
                self.postings[fp].append(i)
        total = len(sentences) + 1
        #: Inverse document frequency: a shingle found in many seed sentences is topical, not copied.
        self.weight = {fp: math.log(total / (len(ids) + 1)) for fp, ids in self.postings.items()}
        self._unseen = math.log(total)

    @classmethod
    def from_seeds(cls, seed_dir: Path) -> SeedIndex:
        names, sentences = [], []
        for n, path in enumerate(sorted(seed_dir.glob("*.txt"))):
            names.append(path.name)
            number = 0
            for _, sentence in split_sentences(path.read_text("utf-8")):
                prints = frozenset(fingerprint(s) for s in shingles(reading(sentence)))
                if prints:
                    number += 1
                    sentences.append((n, number, prints))
        return cls(names, sentences)

    @classmethod
    def load(cls, path: Path = FINGERPRINTS) -> SeedIndex:
        blob = path.read_bytes()
        if not blob.startswith(MAGIC):
            raise ValueError(f"{path} is not a fingerprint file")
        header_end = blob.index(b"\n", len(MAGIC))
        header = json.loads(blob[len(MAGIC) : header_end])
        if (header["shingle"], header["normalisation"], header["digest"]) != (SHINGLE, NORMALISATION, DIGEST):
            raise ValueError(
                f"{path} was made with other settings: run `python tests/originality.py "
                "--update-fingerprints` beside the seeds"
            )
        sentences, at = [], header_end + 1
        while at < len(blob):
            seed, number, count = struct.unpack_from(">HHH", blob, at)
            at += 6
            prints = frozenset(blob[at + i * DIGEST : at + (i + 1) * DIGEST] for i in range(count))
            at += count * DIGEST
            sentences.append((seed, number, prints))
        return cls(header["seeds"], sentences)

    def save(self, path: Path = FINGERPRINTS) -> None:
        header = {"shingle": SHINGLE, "normalisation": NORMALISATION, "digest": DIGEST, "seeds": self.names}
        parts = [MAGIC, json.dumps(header).encode(), b"\n"]
        for seed, number, prints in self.sentences:
            parts.append(struct.pack(">HHH", seed, number, len(prints)))
            parts.extend(sorted(prints))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"".join(parts))

    def score(self, sentence: str) -> tuple[float, int, int]:
        """(weighted share of the sentence's shingles in its closest seed sentence, that sentence, longest
        verbatim run in reading characters); (0, -1, 0) for a sentence too short to judge."""
        read = reading(sentence)
        if len(read) < MIN_READING:
            return 0.0, -1, 0
        prints = [fingerprint(s) for s in shingles(read)]
        unique = set(prints)
        total = sum(self.weight.get(fp, self._unseen) for fp in unique)
        shared: Counter[int] = Counter()
        for fp in unique:
            for i in self.postings.get(fp, ()):
                shared[i] += self.weight[fp]
        if not shared:
            return 0.0, -1, 0
        best, weight = max(shared.items(), key=lambda item: (item[1], -item[0]))
        seed_prints = self.sentences[best][2]
        run = longest = 0
        for fp in prints:
            run = run + 1 if fp in seed_prints else 0
            longest = max(longest, run)
        return weight / total, best, (longest + SHINGLE - 1) if longest else 0

    def describe(self, sentence: int) -> str:
        seed, number, _ = self.sentences[sentence]
        return f"{self.names[seed]} の {number} 文目"


# --- course text → places --------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseText:
    """One text value (or Markdown page) and a function from its character offsets to file positions."""

    path: str
    key: str
    text: str
    positions: tuple[tuple[int, int], ...]  # (line, column) per character, plus one past the end


def yaml_texts(path: Path, root: Path) -> Iterator[CourseText]:
    from macros.load import format_key_path
    from macros.textspans import LineIndex, text_values

    source = path.read_text("utf-8")
    lines = LineIndex(source)
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    for value in text_values(source):
        if path.name == "references.yml" and value.key_path[-1:] == ("title",):
            continue  # quoting a title is citing it
        yield CourseText(
            display, format_key_path(value.key_path), value.value, tuple(lines.at(offset) for offset in value.offsets)
        )


def markdown_texts(path: Path, root: Path) -> Iterator[CourseText]:
    from macros.textspans import LineIndex

    source = path.read_text("utf-8")
    lines = LineIndex(source)
    yield CourseText(
        path.relative_to(root).as_posix(), "（ページ本文）", source, tuple(lines.at(i) for i in range(len(source) + 1))
    )


def course_texts(root: Path = ROOT) -> Iterator[CourseText]:
    """Every piece of course text: content_src/**/*.yml (without cited titles) and docs/*.md."""
    for path in sorted((root / "content_src").rglob("*.yml")):
        yield from yaml_texts(path, root)
    for path in sorted((root / "docs").rglob("*.md")):
        yield from markdown_texts(path, root)


def check(texts: Iterable[CourseText], index: SeedIndex) -> tuple[list[Place], list[tuple[str, float]]]:
    """Flagged places, and (path, score) for every judged sentence (for the score distribution)."""
    places: list[Place] = []
    scores: list[tuple[str, float]] = []
    for text in texts:
        judged = []
        for offset, sentence in split_sentences(text.text):
            score, seed, run = index.score(sentence)
            if seed >= 0:
                judged.append((offset, sentence, score, seed, run))
                scores.append((text.path, score))
        in_passage = sum(score >= PASSAGE for _, _, score, _, _ in judged) >= 2
        for offset, sentence, score, seed, run in judged:
            rule = (
                "close"
                if score >= CLOSE
                else "verbatim"
                if run >= VERBATIM
                else "passage"
                if in_passage and score >= PASSAGE
                else ""
            )
            if rule:
                line, column = text.positions[offset]
                places.append(
                    Place(text.path, text.key, line, column, sentence, round(score, 2), rule, index.describe(seed))
                )
    return places, scores


# --- command line ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tests/originality.py",
        description="コースの文が元記事（シード）の写しや言い換えになっていないか調べます。",
    )
    parser.add_argument(
        "files", nargs="*", type=Path, help="調べる YAML / Markdown（既定: content_src/ と docs/ のすべて）"
    )
    parser.add_argument(
        "--update-fingerprints",
        action="store_true",
        help=f"{SEEDS} の元記事から {FINGERPRINTS.relative_to(ROOT)} を作り直す",
    )
    parser.add_argument("--scores", action="store_true", help="ファイルごとの文の数と最高スコアも表示する")
    args = parser.parse_args(argv)
    try:
        _kakasi()
    except ImportError:
        print(
            "エラー: pykakasi がありません。準備を --dev 付きで実行してください（bash .ci/setup --dev、"
            "Windows では .ci\\setup.ps1 -Dev）。そのあと .venv のPython で実行します。",
            file=sys.stderr,
        )
        return 2
    if args.update_fingerprints:
        if not any(SEEDS.glob("*.txt")):
            print(f"エラー: 元記事が見つかりません（{SEEDS}）。", file=sys.stderr)
            return 2
        index = SeedIndex.from_seeds(SEEDS)
        index.save()
        print(
            f"{len(index.sentences)} 文の指紋を {FINGERPRINTS.relative_to(ROOT)} に書きました（{', '.join(index.names)}）。"
        )
        return 0
    index = SeedIndex.load()
    if args.files:
        texts: Iterable[CourseText] = (
            t
            for f in args.files
            for t in (markdown_texts(f.resolve(), ROOT) if f.suffix == ".md" else yaml_texts(f.resolve(), ROOT))
        )
    else:
        texts = course_texts()
    places, scores = check(texts, index)
    for place in places:
        print(place)
    if args.scores:
        per_file: dict[str, list[float]] = defaultdict(list)
        for path, score in scores:
            per_file[path].append(score)
        for path, values in sorted(per_file.items()):
            flagged = sum(p.path == path for p in places)
            print(f"{path}: {len(values)} 文、最高 {max(values):.2f}、指摘 {flagged} 件")
    print(
        f"{len(places)} 件の文が元記事に近すぎます（基準: {CLOSE} 以上、または同じ項目で {PASSAGE} 以上が 2 文以上）。"
        if places
        else "元記事に近すぎる文はありません。"
    )
    return 1 if places else 0


if __name__ == "__main__":
    sys.exit(main())
