"""The English words behind the course's katakana loanwords, so that a learner who types `feedback`,
`privacy` or `comfort zone` finds the pages that write フィードバック, プライバシー, コンフォートゾーン.

Why a dictionary. Going from katakana back to English cannot be guessed from the sounds (リーダー is leader
or reader; マネジャー is manager). UniDic, the dictionary of NINJAL's Japanese corpora, records the source
word of each loanword in its lemma (`フィードバック-feedback`), and fugashi (MeCab) cuts a compound into
the words UniDic knows (コンフォートゾーン: コンフォート-comfort, ゾーン-zone). unidic-lite is the small
edition of UniDic that fugashi installs by itself; nothing is downloaded at build time.
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
