"""Search that forgives spelling: learners' spellings rewritten to the course's own before Material searches.

Why this exists. Material's search matches what is typed, as a prefix of the tokens in the index. Learners
type マネージングアップ, ﾌｫﾛﾜｰｼｯﾌﾟ, プロジェクトアリストテレス, しんりてきあんぜんせい or 心理的安全性を高める方法,
and the course writes マネージング・アップ, フォロワーシップ, プロジェクト・アリストテレス, 心理的安全性. Material 9.8
has no hook that changes how terms match (`pipeline` only removes lunr's functions), so the index keeps the
course's text (the result list and the on-page highlight show it) and the *query* is rewritten instead, by
`docs/javascripts/search.js`, with a table this module writes beside the index (`search/rewrite.js`):

- `fold` is the one normalisation, applied to the words of the index here and to the query there (same
  table, same steps): NFKC (half-width kana, full-width letters and digits), lower case, hiragana as
  katakana, no long-vowel mark (ー) nor a hyphen or wave typed for it after kana (ワークシ-ト), no middle
  dot (・), no space, no hyphen between Latin letters (`read-back`, `read back` and `readback` are one),
  small kana as large,
  ヴ as ブ (ヴァ as バ…), ヂ/ヅ as ジ/ズ, and iteration marks (々 ゝ ゞ ヽ ヾ) spelled out.
- `words`: every katakana word of the index (a run of katakana, also across ・ and spaces), by its fold.
  A katakana run in the query that the words cover completely is replaced by the course's spellings
  (フォロワシップ → フォロワーシップ; プロジェクトアリストテレス → プロジェクト・アリストテレス). A run they do
  not cover, five or more characters long, one character away from a word (エドモンソン, プレモルテム) is
  replaced by that word (the most frequent, if several): as typed, it would find nothing. A run of four or
  more that shortens a word the way Japanese abbreviates (pieces of two or more characters that the word
  has in order, the first at its start: アサトレ → アサーション・トレーニング) is replaced by that word too.
- `aliases`: a glossary term's headword (so 報・連・相 finds 報連相), reading, English name and `aliases:`
  (abbreviations, other spellings), the index's words written with iteration marks, and the words of
  content_src/search.yml's synonym groups (厚労省 → 厚生労働省: words that are not glossary terms), by their
  fold; where a term and a group claim the same fold, the term's entry stands (the checker reports the
  group's word). Found anywhere in the query (longest first; never inside a Latin word, but where a
  lower-case letter or digit meets a capital: 1on1MTG) and replaced by the term as the course writes it,
  so the term's pages (the glossary and the modules that teach it) answer.
- Added to `aliases` where nothing else claims the fold: the English source of each katakana loanword, from
  UniDic, where the course writes it less often than the katakana word (`loanword_names`, macros/unidic.py:
  `privacy` → プライバシー, `comfort zone` → コンフォートゾーン); and, where the course does not write them,
  the spellings of its words with okurigana left out between kanji, if UniDic reads them as the same word
  (`okurigana_variants`: 振返り → 振り返り; not 組合 → 組み合).
- `acronyms`: the acronyms of the glossary's English names (`acronym_names`: `OOM`, one-on-one meeting →
  1on1), expanded only when typed in capitals.
- `pages`: each page's English name, the words of its URL (`final-test/`: final test), by its fold → the
  page's title (修了テスト). Found in the query as aliases are (an alias wins) and replaced by the title,
  which finds the page by its title: learners type `final test`, `certificate`, `glossary`, `how to`.
- `readings`: hiragana → the course's kanji, for the words of page and section titles, the glossary's
  headwords and the kanji compounds the text uses at least READING_MIN_COUNT times, read by pykakasi at
  build time (修了証 しゅうりょうしょう, 振り返り ふりかえり). Words that mix kanji and kana (振り返り,
  受け取る) are read when they occur that often too, with their stem (振り返 ふりかえ: a typed form,
  ふりかえれば, becomes the stem, which finds every form), and 方 after a verb's stem reads かた
  (伝え方 つたえかた; read however rarely). A hiragana run of the query that stands apart from kanji and
  that these readings, the katakana words (きょうゆうふぉるだ → 共有フォルダ) and a few particles
  (FUNCTION_WORDS) cover completely is written in kanji (ふりかえりのしかた → 振り返りの仕方); kana the
  readings do not cover, left at the end after a particle (a verb: ごうかくてんをかえる → 合格点をかえる),
  stay as typed. A katakana run the words do not cover is read the same way if the readings cover it
  whole (ヨウゴシュウ → 用語集); the browser gets only the table. The kanji words
  also catch a kanji compound typed one character off (心理安全性 → 心理的安全性), as `words` do for katakana,
  and a kanji abbreviation the course does not write (産能大 → 産業能率大学: pieces in order, the first at the
  start, the word two or more characters longer); for abbreviations, `compounds` adds the kanji compounds of
  COMPOUND_MIN characters or more that the readings lack, however rare (景表法 → 景品表示法).
- `tails`: question wording that names no subject (…とは, …するには, …したらいい, …する方法, …について,
  …がわからない, polite …したいです, …てもいいですか, …ってどうやるの, どういう意味ですか), cut from the end
  of the query, which leaves the subject to search for; not inside a hiragana word the readings read
  (テストのけっか keeps 結果's か). A word that asks for a way
  (方法, やり方, 進め方…, and any verb stem + 方: もらい方, 受け止め方) is cut after a verb, and after の
  or を only if no heading uses it (`研修の進め方`).
- `separator`: Material's (macros/search.py), with which the browser cuts a query into the terms the
  worker will search for, to ask for pages that contain all of them first (see docs/javascripts/search.js).
  Question words at the start (なぜ, どうすれば) are left: pages ask the same questions in headings.

Everything is derived from the index, the glossary and search.yml at build time, so a new module's words
and a new term's aliases need no code. The checker (macros/check.py) makes sure no alias points at two
terms, and no synonym at two groups or at a glossary term.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pykakasi

from .model import GlossaryTerm, SynonymGroup
from .search import SEPARATOR
from .unidic import english_names, same_word

#: Where the table is written in the built site, and the global it defines for docs/javascripts/search.js.
TABLE_FILE = "search/rewrite.js"
TABLE_GLOBAL = "__searchRewrite"

_SMALL = dict(zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ"))
#: Character sequences folded to another, longest first (applied after NFKC, lower case and kana → katakana).
FOLD: dict[str, str] = {
    "ヴァ": "バ",
    "ヴィ": "ビ",
    "ヴェ": "ベ",
    "ヴォ": "ボ",
    "ヴュ": "ビユ",
    "ヴ": "ブ",
    "ヂ": "ジ",
    "ヅ": "ズ",
    "ヰ": "イ",
    "ヱ": "エ",
    "ヲ": "オ",
    "ー": "",
    "・": "",
    **_SMALL,
}
#: Hyphens and waves typed for the long-vowel mark after kana (ワークシ-ト, ワークシ〜ト), after NFKC.
DASHES = "-‐‑–—―−~〜"
#: Iteration marks: 々 and ヽ/ゝ repeat the character before; ヾ/ゞ repeat it voiced.
ITERATION_MARKS = {"々": False, "ヽ": False, "ゝ": False, "ヾ": True, "ゞ": True}

_KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff"
_KANA_RUN = re.compile(f"[{_KATAKANA}]+(?:[・\\s]+[{_KATAKANA}]+)*")
_ITERATED = re.compile(
    "[\u3005\u3400-\u4dbf\u4e00-\u9fff\u3041-\u309f\u30a1-\u30ff]*[々ゝゞヽヾ]"
    "[\u3005\u3400-\u4dbf\u4e00-\u9fff\u3041-\u309f\u30a1-\u30ff]*"
)
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")

#: A kanji compound of the text is read when it occurs this often (titles and glossary headwords always).
READING_MIN_COUNT = 3
#: At most this many readings go to the browser (the most frequent words), so the table stays small at
#: catalogue scale.
READING_MAX = 6000
#: Particles and endings a hiragana query may have between the words it reads (`もくひょうによるかんり`).
FUNCTION_WORDS = (
    "の",
    "を",
    "に",
    "は",
    "が",
    "で",
    "と",
    "も",
    "へ",
    "や",
    "から",
    "まで",
    "による",
    "として",
    "について",
    "する",
    "とは",
)

_HAN = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A word of a title or headword outweighs any count in the text.
_TITLE_WEIGHT = 10**9
_HAN_RE = re.compile(f"[{_HAN}]")
_HAN_RUN = re.compile(f"[{_HAN}]{{2,}}")
#: A run that mixes kanji and kana (振り返り, 受け取る, 読み手): counted as kanji runs are; only the words
#: pykakasi finds in it that mix them too are read (not 上司と部下 as a whole).
_MIXED_RUN = re.compile(f"[{_HAN}]+(?:[\u3041-\u3093]{{1,2}}[{_HAN}]+)+[\u3041-\u3093]{{0,2}}")
_MIXED_WORD = re.compile(f"[{_HAN}][\u3041-\u3093]+[{_HAN}]|[{_HAN}][\u3041-\u3093]+$")
#: A verb's stem before 方 (伝え方, 受け止め方: a way of doing; not 選ぶ方, the one that chooses).
_OKURI = "(?:(?![のをがにはとでもへや])[\u3041-\u3093])"
_WAY = re.compile(f"(?<![{_HAN}])((?:[{_HAN}]{{1,2}}{_OKURI}{{1,2}}){{1,2}})(?<![うくすつぬむるぐぶただ])方")
#: A spelling that ends in okurigana after a kanji (振り返り, 高める): its kanji stem is read too.
_OKURIGANA = re.compile(f"(?<=[{_HAN}])[\u3041-\u3093]{{1,2}}$")
_JAPANESE_RUN = re.compile(f"[{_HAN}\u3041-\u309f{_KATAKANA}]+")

#: Question wording at the end of a query, cut (repeatedly) before searching: the subject stays.
QUESTION_TAILS = (
    r"[?？!！。]+",
    r"(?:って|とは)(?:何|なに|なん)(?:です|でしょう)?か?",
    r"(?:どう|どの[よや]うに)?(?:し|す|い|言|やっ)?(?:たら|れば|ば)(?:いい|よい|良い)(?:の|ん)?(?:です|でしょう)?か?",
    r"(?:どうすれば|どうしたら|どうやって)",
    r"(?:は|って)?(?:何|なに|なん)[\u4e00-\u9fff]?(?:です|でしょう)?か?",
    r"(?:は|って)(?:いくつ|どこ|いつ|だれ|誰|どれ)(?:です|でしょう)?か?",
    r"(?:の|を)?(?:知りたい|教えて(?:ください)?|調べたい)",
    r"(?:が|は|の|を)?(?:わか|分か)(?:らない|らず|らん|りません)(?:の|ん)?(?:です|でしょう)?(?:が|か)?",
    r"(?:たら|だら|れば|って|は)?どう(?:やる|する|やって|すれば|したら)(?:の|ん)?(?:です|でしょう)?か?",
    r"(?:は|って|とは)?どういう(?:意味|いみ|こと)(?:です|でしょう)?か?",
    r"(?:(?<=[\u4e00-\u9fff]{2})し)?(?:て|で)も?(?:いい|よい|良い)(?:の|ん)?(?:です|でしょう)?か?",
    r"(?:(?<=[\u4e00-\u9fff]{2})し|(?<=[\u3041-\u3093]))たい(?:の|ん)?(?:です|でしょう)?(?:が|か)?",
    r"(?:について|に関して|とは)",
    r"(?<=[うくすつぬむぶぐる])(?:ため)?には",
    r"(?<=[たるいう])(?:とき|時|場合)(?:は|に|には)?",
    r"(?:の|か|のか)(?=$)",
)
#: Words that ask for a way (…する方法, …のやり方). Cut after a verb (`高める方法`); after の only when no
#: page or section title uses the word (`研修の進め方` keeps 進め方 if a heading says 進め方).
WAY_WORDS = (
    "方法",
    "やり方",
    "仕方",
    "しかた",
    "やりかた",
    "コツ",
    "こつ",
    "使い方",
    "進め方",
    "立て方",
    "書き方",
    "考え方",
    "手順",
    "ポイント",
    "伝え方",
    "選び方",
    "作り方",
    "決め方",
)


def fold(text: str) -> str:
    """The form in which the query and the index's words are compared (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for char in text:
        if char in ITERATION_MARKS and out:
            base = out[-1]
            char = unicodedata.normalize("NFC", base + "\u3099") if ITERATION_MARKS[char] else base
        elif "\u3041" <= char <= "\u3096":
            char = chr(ord(char) + 0x60)
        out.append(char)
    text = re.sub(f"(?<=[{_KATAKANA}])[{re.escape(DASHES)}]+", "", "".join(out))
    # no spaces, and no hyphen between Latin letters: `final test`, `final-test` and `finaltest` are one
    text = re.sub(r"\s+|(?<=[0-9a-z])-(?=[0-9a-z])", "", text)
    return _FOLD_RE.sub(lambda m: FOLD[m.group()], text)


_FOLD_RE = re.compile("|".join(re.escape(k) for k in sorted(FOLD, key=len, reverse=True)))


def headword(name: str) -> str:
    """A term as a query: its name without the parenthesised gloss (`報連相（ほうれんそう）` → `報連相`)."""
    return _PARENTHESES.sub(" ", name).strip()


def term_names(name: str) -> list[str]:
    """Every name by which the course itself writes a term: the headword, and the glosses in parentheses."""
    names = [headword(name)] + [inner.strip("（）() ") for inner in _PARENTHESES.findall(name)]
    return [n for n in names if n]


def term_aliases(reading: str | None, english: str | None, aliases: Iterable[str] = ()) -> list[str]:
    """What else a learner may type for a term: its reading, its English name (and the English gloss in
    parentheses) and its `aliases:`."""
    found = list(aliases)
    if reading:
        found.append(reading)
    if english:
        found.append(_PARENTHESES.sub("", english).strip())
        found += [inner.strip("() ") for inner in _PARENTHESES.findall(english)]
    return [a for a in found if a]


def _texts(index: dict[str, Any]) -> Iterator[str]:
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                yield _MARKUP.sub(" ", doc[key]).replace("\u2060", "")


def katakana_counts(texts: Iterable[str]) -> Counter[str]:
    """How often `texts` write each katakana word and compound (a run, also across ・ and spaces, and
    each part of such a run)."""
    counts: Counter[str] = Counter()
    for text in texts:
        for match in _KANA_RUN.finditer(text):
            run = re.sub(r"\s+", " ", match.group())
            counts[run] += 1
            if re.search(r"[・\s]", run):
                counts.update(re.split(r"[・\s]+", run))
    return counts


def katakana_words(counts: Counter[str]) -> dict[str, str]:
    """Fold → the course's spelling (the most frequent one) of every katakana word of `katakana_counts`."""
    words: dict[str, str] = {}
    for word, _ in counts.most_common():
        key = fold(word)
        if len(key) >= 2:
            words.setdefault(key, word)
    return words


#: Kanji compounds at least this long are sent whatever their count, for abbreviations (景表法: 景品表示法),
#: at most COMPOUND_MAX of them (the most frequent).
COMPOUND_MIN = 4
COMPOUND_MAX = 3000


def kanji_compounds(texts: Iterable[str], known: Iterable[str]) -> list[str]:
    """The kanji compounds of COMPOUND_MIN characters or more that `texts` write and `known` (the readings'
    words) lacks, most frequent first: the browser expands a kanji abbreviation to one of them."""
    known = set(known)
    runs = Counter(run for text in texts for run in _HAN_RUN.findall(text) if len(run) >= COMPOUND_MIN)
    return [run for run, _ in runs.most_common() if run not in known][:COMPOUND_MAX]


def alias_table(
    terms: Iterable[GlossaryTerm],
    texts: Iterable[str],
    synonyms: Iterable[SynonymGroup] = (),
    derived: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Fold → text to search for: each term's aliases (those that name one term only) → its headword,
    words written with iteration marks → as the course writes them, each synonym group's words → the
    group's word, where neither of the others has that fold (those that name one group only), and last
    `derived` names (okurigana left out, English sources of loanwords) where nothing else has the fold."""
    table: dict[str, set[str]] = {}
    for term in terms:
        for alias in [headword(term.term), *term_aliases(term.reading, term.english, term.aliases)]:
            table.setdefault(fold(alias), set()).add(headword(term.term))
    for text in texts:
        for match in _ITERATED.finditer(text):
            table.setdefault(fold(match.group()), set()).add(match.group())
    taken = set(table)
    for group in synonyms:
        for word in (group.word, *group.aliases):
            if fold(word) not in taken:
                table.setdefault(fold(word), set()).add(group.word)
    aliases = {key: next(iter(values)) for key, values in sorted(table.items()) if len(values) == 1 and len(key) >= 2}
    for key, text in (derived or {}).items():
        if key not in table:
            aliases[key] = text
    return dict(sorted(aliases.items()))


#: Okurigana between two kanji (振り返り: り; 打ち合わせ: ち, わ), which writers also leave out (振返り, 打合せ);
#: a word that has them: kanji and one or two kana (not a particle: 上司との関係 is not one word) in turn.
_INNER_KANA = re.compile(f"(?<=[{_HAN}])[\u3041-\u3093]{{1,2}}(?=[{_HAN}])")
_OKURIGANA_WORD = re.compile(f"[{_HAN}]{{1,2}}(?:{_OKURI}{{1,2}}[{_HAN}]{{1,2}})+[\u3041-\u3093]{{0,2}}")
#: Such a word is this long at most (longer ones are phrases pykakasi read whole from a title).
OKURIGANA_MAX = 6


def okurigana_variants(words: Iterable[str], texts: Iterable[str]) -> dict[str, str]:
    """Fold of each word's spelling without its inner okurigana (振返り, 打合せ, 受止め) → the word as the
    course writes it, for the words of `words` that have some (give them most frequent first), where UniDic
    reads both as the same word (`same_word`) and the course does not write that spelling itself."""
    variants: dict[str, str] = {}
    for word in words:
        if len(word) <= OKURIGANA_MAX and _OKURIGANA_WORD.fullmatch(word):
            short = _INNER_KANA.sub("", word)
            if short not in variants and same_word(short, word):  # not 組合 (a union) for 組み合
                variants[short] = word
    written = "\n".join({run for text in texts for run in _JAPANESE_RUN.findall(text)})
    return {fold(short): word for short, word in variants.items() if short not in written}


#: A Latin phrase: words joined by spaces or hyphens (`Content-Security-Policy`).
_LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z0-9']*(?:[ -][A-Za-z][A-Za-z0-9']*)*")
#: Words an acronym may skip (theory of planned behavior: TOPB or TPB).
_SMALL_WORDS = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "the", "to"})
#: Acronyms are made of phrases of this many words at most, and are this long at least (PA, PS are too
#: ambiguous to expand).
ACRONYM_WORDS = 4
ACRONYM_MIN = 3
#: English names of loanwords shorter than this are left out (up → アップ would catch `managing up`'s part).
ENGLISH_MIN = 3


def written_latin(texts: Iterable[str]) -> Counter[str]:
    """How often the course writes each Latin word and run of up to ACRONYM_WORDS words, by fold: a name
    derived for the search box must not hide the pages that write it."""
    runs: Counter[str] = Counter()
    for text in texts:
        for match in _LATIN_PHRASE.finditer(text):
            words = re.split(r"[ -]", match.group())
            for start in range(len(words)):
                for end in range(start + 1, min(start + ACRONYM_WORDS, len(words)) + 1):
                    runs[" ".join(words[start:end])] += 1
    written: Counter[str] = Counter()
    for run, count in runs.items():
        written[fold(run)] += count
    return written


def acronyms(phrases: Iterable[str]) -> dict[str, str]:
    """Fold of each acronym → its phrase (Content-Security-Policy → csp; theory of planned behavior → topb
    and tpb): initials of every word, and of the words that are not small ones. Phrases of two to
    ACRONYM_WORDS words; an acronym of two phrases (that do not fold alike) is left out; of phrases that
    fold alike, the first is kept."""
    found: dict[str, dict[str, str]] = {}
    for phrase in phrases:
        words = [w for w in re.split(r"[ -]", phrase) if w]
        if not 2 <= len(words) <= ACRONYM_WORDS:
            continue
        for kept in (words, [w for w in words if w.lower() not in _SMALL_WORDS]):
            initials = "".join(w[0] for w in kept).lower()
            if len(initials) >= ACRONYM_MIN:
                found.setdefault(initials, {}).setdefault(fold(phrase), phrase)
    return {key: next(iter(values.values())) for key, values in found.items() if len(values) == 1}


def loanword_names(written: Counter[str], katakana: Counter[str]) -> dict[str, str]:
    """Fold of the English source of each katakana loanword of `katakana` (`katakana_counts`) → its spelling
    (`feedback` → フィードバック), where the course writes that English (`written`: `written_latin`) less
    often than the katakana word."""
    names: dict[str, str] = {}
    for source, spelling in english_names(word for word, _ in katakana.most_common()).items():
        key = fold(source)
        # `feedback` in a book's title does not keep the word from the pages that write フィードバック
        if len(key) >= ENGLISH_MIN and written[key] < katakana[spelling]:
            names.setdefault(key, spelling)
    return names


def acronym_names(written: Counter[str], terms: Iterable[GlossaryTerm]) -> dict[str, str]:
    """Fold of the acronym of each glossary term's English name (one-on-one meeting → oom; theory of
    planned behavior → tpb) → the term's headword, where the course does not write that acronym (`written`:
    `written_latin`). The
    browser expands one only when it is typed in capitals. Phrases of the text are left out: most are book
    and journal titles, whose initials (SSL, PPP) mean something else to most people; an acronym that
    names something of the text goes into content_src/search.yml (CSP → Content-Security-Policy)."""
    english = {_PARENTHESES.sub("", term.english).strip(): headword(term.term) for term in terms if term.english}
    return {acronym: english[phrase] for acronym, phrase in acronyms(english).items() if not written[acronym]}


@functools.cache
def _kakasi() -> pykakasi.kakasi:
    """One converter for the build (loading its dictionaries takes a moment)."""
    return pykakasi.kakasi()  # type: ignore[no-untyped-call]  # pykakasi's constructor has no annotations


def _read(chunk: str, whole: bool = True) -> Iterator[tuple[str, str, bool]]:
    """(reading, spelling, one word?) of `chunk` as a whole (if `whole`) and of each word pykakasi finds in
    it, where the spelling has a kanji."""
    words = _kakasi().convert(chunk)
    groups = [words, *([word] for word in words)] if len(words) > 1 else [words]
    for group in groups if whole else [[word] for word in words]:
        spelling = "".join(word["orig"] for word in group)
        if _HAN_RE.search(spelling):
            yield "".join(word["hira"] for word in group), spelling, len(group) == 1


def _stemmed(reading: str, spelling: str) -> list[tuple[str, str]]:
    """The word, and its stem without okurigana if it has one (振り返り → 振り返, ふりかえ): the browser
    writes a typed form of the word (ふりかえる) as the stem, which finds every form the text uses."""
    tail = _OKURIGANA.search(spelling)
    if tail and len(spelling) - len(tail.group()) >= 2 and reading.endswith(tail.group()):
        return [(reading, spelling), (reading[: -len(tail.group())], spelling[: tail.start()])]
    return [(reading, spelling)]


def readings(titles: Iterable[str], texts: Iterable[str], names: Iterable[str] = ()) -> dict[str, str]:
    """Fold of the reading → the course's spelling, for the words of `titles` and `names` (glossary
    headwords) and the kanji compounds that occur READING_MIN_COUNT times in `texts` (see the module
    docstring). A reading shared by two spellings goes to the one in a title or headword, then to the
    more frequent."""
    runs = Counter(run for text in texts for run in _HAN_RUN.findall(text))
    chunks: Counter[str] = Counter()
    for text in [*titles, *names]:
        for chunk in _JAPANESE_RUN.findall(text):
            chunks[chunk] += _TITLE_WEIGHT
    for run, count in runs.items():
        chunks[run] += count if count >= READING_MIN_COUNT else 0
    weights: Counter[tuple[str, str]] = Counter()
    for chunk, weight in chunks.items():
        if weight:
            for reading, spelling, single in _read(chunk):
                weights.update(dict.fromkeys(_stemmed(reading, spelling) if single else [(reading, spelling)], weight))
    # words that mix kanji and kana, counted over the runs they occur in
    mixed: Counter[tuple[str, str]] = Counter()
    for run, count in Counter(run for text in texts for run in _MIXED_RUN.findall(text)).items():
        for reading, spelling, _ in _read(run, whole=False):
            if _MIXED_WORD.search(spelling) and len(spelling) >= 3:
                mixed[reading, spelling] += count
        for stem in _WAY.findall(run):
            # 方 after a verb's stem reads かた (伝え方 つたえかた), which pykakasi reads ほう
            # (read however rarely: learners ask for ways, `ことわりかた`)
            mixed["".join(word["hira"] for word in _kakasi().convert(stem)) + "かた", stem + "方"] += READING_MIN_COUNT
    for (reading, spelling), count in mixed.items():
        if count >= READING_MIN_COUNT:
            weights.update(dict.fromkeys(_stemmed(reading, spelling), count))
    folded: Counter[tuple[str, str]] = Counter()
    for (reading, spelling), weight in weights.items():
        folded[fold(reading), spelling] += weight
    table: dict[str, str] = {}
    for (key, spelling), _ in folded.most_common():
        if len(key) >= 2 and len(table) < READING_MAX:
            table.setdefault(key, spelling)
    return table


#: A way word made from a verb's stem and 方 (もらい方, 受け止め方, 聞き方): cut after の or を like WAY_WORDS.
VERB_WAY = "(?:(?:[\u4e00-\u9fff][\u3041-\u309f]{1,2}){1,2}|[\u3041-\u309f]{2,4})方"


def question_tails(titles: Iterable[str]) -> list[str]:
    """QUESTION_TAILS and the way-word cuts (WAY_WORDS, VERB_WAY), as JavaScript regular expressions
    anchored at the end. After の or を, a way word that a heading uses is kept (`研修の進め方`)."""
    headings = "\n".join(titles)
    used = {word for word in WAY_WORDS if word in headings} | set(re.findall(VERB_WAY, headings))
    keep = "".join(f"(?!{re.escape(word)}$)" for word in sorted(used))
    ways = "|".join(WAY_WORDS)
    tails = [*QUESTION_TAILS, f"(?<=[うくすつぬむぶぐる])(?:{ways})", f"[のを]{keep}(?:{ways}|{VERB_WAY})"]
    return [f"(?:{tail})$" for tail in tails]


def page_names(index: dict[str, Any]) -> dict[str, str]:
    """Fold of each page's English name, the words of its URL (`final-test/` → `final test`), → its title
    as a query (`修了テスト`): without glosses in parentheses and what follows a colon (`はじめに：…`).
    A name two pages share, and the home page, are left out."""
    table: dict[str, set[str]] = {}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        # `final-test/`, or in the editions opened from files `final-test/index.html`
        slug = location.removesuffix("index.html").removesuffix(".html").rstrip("/").rsplit("/", 1)[-1]
        if "#" in location or not re.fullmatch(r"[0-9a-z]+(?:[-_][0-9a-z]+)*", slug):
            continue
        title = re.split("[：:]", headword(_MARKUP.sub(" ", doc.get("title", "")).replace("\u2060", "")))[0].strip()
        if title:
            table.setdefault(fold(slug.replace("_", " ")), set()).add(title)
    return {key: next(iter(titles)) for key, titles in sorted(table.items()) if len(titles) == 1 and len(key) >= 2}


def rewrite_table(
    index: dict[str, Any], terms: Iterable[GlossaryTerm], synonyms: Iterable[SynonymGroup] = ()
) -> dict[str, Any]:
    """Everything docs/javascripts/search.js needs to rewrite a query, from the index, the glossary and the
    synonym groups."""
    texts = list(_texts(index))
    terms = list(terms)
    titles = [_MARKUP.sub(" ", doc.get("title", "")).replace("\u2060", "") for doc in index.get("docs", [])]
    katakana = katakana_counts(texts)
    words = katakana_words(katakana)
    written = written_latin(texts)
    read = readings(titles, texts, (name for term in terms for name in term_names(term.term)))
    return {
        "fold": FOLD,
        "marks": ITERATION_MARKS,
        "dashes": DASHES,
        "words": words,
        "aliases": alias_table(
            terms, texts, synonyms, {**okurigana_variants(read.values(), texts), **loanword_names(written, katakana)}
        ),
        "acronyms": acronym_names(written, terms),
        "pages": page_names(index),
        "readings": read,
        "compounds": kanji_compounds(texts, read.values()),
        "particles": {fold(word): word for word in FUNCTION_WORDS},
        "tails": question_tails(doc.get("title", "") for doc in index.get("docs", [])),
        "separator": SEPARATOR,
    }


def write_table(site_dir: Path, terms: Iterable[GlossaryTerm], synonyms: Iterable[SynonymGroup] = ()) -> bool:
    """Write `search/rewrite.js` from the built site's (prepared) index. False when the site has no index."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return False
    table = rewrite_table(json.loads(path.read_text(encoding="utf-8")), terms, synonyms)
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    (Path(site_dir) / TABLE_FILE).write_text(f"var {TABLE_GLOBAL} = {data};\n", encoding="utf-8")
    return True
