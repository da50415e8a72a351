"""What UniDic knows about the course's words, for the search box: the English word behind a katakana
loanword, so that a learner who types `feedback`, `privacy` or `comfort zone` finds the pages that write
フィードバック, プライバシー, コンフォートゾーン; and whether a spelling is another way of writing a word
(振返り for 振り返り) or a word of its own (組合 is not 組み合).

Why a dictionary. Going from katakana back to English cannot be guessed from the sounds (リーダー is leader
or reader; マネジャー is manager), nor can a spelling's word be guessed from its kanji. UniDic, the dictionary
of NINJAL's Japanese corpora, records the source word of each loanword in its lemma
(`フィードバック-feedback`) and the reading and lemma of each spelling it knows; fugashi (MeCab) cuts a
compound into the words UniDic knows (コンフォートゾーン: コンフォート-comfort, ゾーン-zone). unidic-lite is
the small edition of UniDic that fugashi installs by itself; nothing is downloaded at build time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import fugashi

#: The English part of a UniDic lemma (`ブラウザ-browser`, `ワーク-work`).
_SOURCE = re.compile(r"^[^-]+-([a-z][a-z'.]*(?: [a-z][a-z'.]*)*)$", re.IGNORECASE)


@functools.cache
def _tagger() -> fugashi.Tagger:
    """One tagger for the build (it loads the dictionary, about 0.2 s)."""
    return fugashi.Tagger()


def english_source(katakana: str) -> str | None:
    """The English words a katakana word is made of (コンフォート・ゾーン → `comfort zone`), or None if any
    of its pieces is not a loanword UniDic knows (チェックリスト is one word there without a source)."""
    words = []
    for token in _tagger()(re.sub(r"[・\s]+", "", katakana)):
        source = _SOURCE.match(token.feature.lemma or "")
        if not source:
            return None
        words.append(source.group(1).lower())
    return " ".join(words) or None


def english_names(spellings: Iterable[str]) -> dict[str, str]:
    """English source → the first of `spellings` that comes from it (give them most frequent first)."""
    names: dict[str, str] = {}
    for spelling in spellings:
        source = english_source(spelling)
        if source:
            names.setdefault(source, spelling)
    return names


def same_word(spelling: str, other: str) -> bool:
    """True if UniDic reads both spellings as one word each, with the same reading (振返り and 振り返り;
    not 組合 and 組み合, which it cuts in two)."""
    # each parse reuses the tagger's nodes: read one spelling's readings before parsing the other
    first = [token.feature.kana for token in _tagger()(spelling)]
    second = [token.feature.kana for token in _tagger()(other)]
    return len(first) == len(second) == 1 and first == second
