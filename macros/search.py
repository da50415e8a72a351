"""Japanese search in Material's own search box: the token separator, and a small fix-up of the index.

Why this exists. Material for MkDocs (9.8) tokenises the index *and* the typed query with one regular
expression, `plugins.search.separator`, and matches every query term as a prefix (`term*`, OR-ed). Japanese
has no spaces, so with the stock `lang: ja` set-up a phrase typed as people type it (`上司との信頼関係`,
`報連相をこまめに`) is one long term that matches nothing. Three things fix most of it:

1. `SEPARATOR` (set by the course plugin, with `SETTINGS`) cuts text into *bunsetsu*-like tokens: at punctuation and spaces, and
   where the script changes, except that hiragana stays attached to the kanji or katakana word before it
   (okurigana and particles: `信頼を`, `避ける`, `フォロワーシップを`). A typed phrase is cut the same way,
   so `上司に反対意見を言う` becomes `上司に* 反対意見を* 言う*`, each a prefix of the same tokens in the
   text. Two finer cuts, the same in text and query:
   - after a particle (を が に は で と へ も の, or a compound one: との には でも への…) that follows a
     word, when more hiragana follows: `報連相を|こまめに`, `上司への|おべっか`. Not inside compound case
     particles (`として`, `にとって`, `について`…), which would start a token with a particle.
   - at the very end of the input (`$`), before the hiragana tail of a kanji compound or katakana word:
     the last word of a typed query keeps only its stem, so `報連相とは`, `変更したい` and `フィードバック
     をもらうには…` find `報連相は`, `変更できます`, `フィードバックを`. One-kanji words keep their tail
     (`言う*`, not `言*`), and so do the words before the last (`上司の*` is more precise than `上司*`).
   Particles never start a token, so a particle typed on its own matches almost nothing instead of
   everything. The regular expression uses lookbehind (Chromium, Firefox, Edge, Safari 16.4+).
   It goes with `lang: en` (no TinySegmenter, which would re-cut the tokens) and
   `pipeline: [stopWordFilter]` (the trimmer would strip Japanese characters, the stemmer would break
   prefix matching of English words).

2. `prepare_index` marks *isolated single kanji* in the index with an invisible U+2060 WORD JOINER. Before
   tokenising a query, Material cuts every kanji run greedily at words it finds in the index vocabulary,
   and drops whatever follows the last word it finds. A lone kanji token in the vocabulary (`2009 年`,
   `DESC 法`) therefore truncates queries: `年功序列` became `年*` and `法令違反` became `法*`. With the
   joiner, the token is `年⁠` and no longer a vocabulary word, so the query kanji run stays whole. The
   joiner is invisible, and tokens still match typed queries by prefix.

3. `prepare_index` also puts the joiner before a hiragana tail that ends a text section of the index
   (`<h2>心理的安全性とは</h2>`), where the end-of-input cut of 1, meant for queries, would otherwise cut
   the text and add `心理的安全性` to the vocabulary. Few sections end that way (about 200 joiners).

It also writes the index as UTF-8 instead of `\\uXXXX` escapes, which makes the file about 45% smaller.

Measured with tests/search_eval.py (recall@3 through the real search box in Chromium): stock `lang: ja`
34% of the first 201 queries; bunsetsu tokens and the kanji marker alone 92.5% of them (96% of the 99
written first), 90.4% of all 249; with the particle and end-of-query cuts 96.5% of the 201 and 95.6% of
all 249, 44 of the 48 written before that change. Pre-segmenting the index with a morphological analyser
(SudachiPy, Janome) was measured too: no better on the queries written later, so none is needed. The
markers and the UTF-8 file are done in the course plugin's `on_post_build`.

Spelling variants, readings, aliases and question wording are handled in the query, not here: see
macros/search_rewrite.py (the table) and docs/javascripts/search.js (the rewrite in the browser).

Limits: Material truncates a kanji query at a vocabulary word (`社内政治` → `社内*`; search.js escapes the
runs the course writes, so they stay whole, and cuts runs it does not write into its words); a pure
hiragana phrase (`ふりかえりのしかた`) is one token; and among pages that lack some word of the query, a
query term that is common in titles (`課`, `1`) wins (pages with every word come first: search.js).
Suggestions stop once a kanji word is followed by typed hiragana (`心理的安全性と`): that hiragana
becomes its own term.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_HAN = r"\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HIRAGANA = r"\u3041-\u309f"
_KATAKANA = r"\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_LATIN = r"0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
#: Spaces and punctuation, ASCII and Japanese. Kept out: `*`, `+` and `:` (query syntax), letters and
#: digits, and U+2060, the marker of `prepare_index`.
_PUNCTUATION = (
    r"\s\-\x21-\x29\x2c\x2e\x2f\x3b-\x40\x5b-\x60\x7b-\xbf\xd7\xf7\u2000-\u205f\u2061-\u206f"
    r"\u2190-\u2bff\u3000-\u3004\u3008-\u3020\u3030\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
    r"\uff5b-\uff65"
)

WORD_JOINER = "\u2060"

#: Particles after which a bunsetsu is cut when more hiragana follows (`報連相が|こまめに`), and what may
#: follow them without a cut: the second half of a compound particle (`との`, `には`, `でも`…) or of a
#: compound case particle (`として`, `にとって`, `について`, `によって`, `において`). `を` has its own
#: rule: only `をもって` follows it uncut (`フィードバックを|もらう`).
_PARTICLES = "がにはでとへもの"
_NO_CUT_AFTER_PARTICLE = "".join(
    f"(?!{rest})" for rest in ("[のはもを]", "して", "とって", "ついて", "よって", "おいて", "おける")
)

#: Material search's `separator` (a JavaScript regular expression, also valid in Python). Punctuation runs, then zero-width cuts: where the script changes, except before
#: hiragana that follows kanji or katakana; after a particle that follows a word, when more hiragana
#: follows; and, at the very end only ($: a typed query), before the hiragana tail of a kanji compound or
#: katakana word. No alternative has a `|` inside a group: Material's on-page highlighter splits the
#: separator at every `|` and drops the pieces that are only lookarounds.
SEPARATOR = "|".join(
    (
        f"[{_PUNCTUATION}]+",
        f"(?<=[{_HAN}\\u2060])(?=[{_KATAKANA}{_LATIN}])",
        f"(?<=[{_HIRAGANA}])(?=[{_HAN}{_KATAKANA}{_LATIN}])",
        f"(?<=[{_KATAKANA}])(?=[{_HAN}{_LATIN}])",
        f"(?<=[{_LATIN}])(?=[{_HAN}{_HIRAGANA}{_KATAKANA}])",
        f"(?<=[{_HAN}][{_HAN}])(?=[{_HIRAGANA}]+$)",
        f"(?<=[{_KATAKANA}])(?=[{_HIRAGANA}]+$)",
        f"(?<=[{_HAN}{_KATAKANA}][{_PARTICLES}])(?=[{_HIRAGANA}]){_NO_CUT_AFTER_PARTICLE}",
        f"(?<=[{_HAN}{_KATAKANA}]を)(?=[{_HIRAGANA}])(?!もって)",
        f"(?<=[{_HAN}{_KATAKANA}][とで][のはも])(?=[{_HIRAGANA}])",
        f"(?<=[{_HAN}{_KATAKANA}]に[はも])(?=[{_HIRAGANA}])",
        f"(?<=[{_HAN}{_KATAKANA}]へ[のは])(?=[{_HIRAGANA}])",
    )
)

#: Material search's settings that this module relies on. The course plugin sets them (macros/plugin.py,
#: `configure_search`), so mkdocs.yml lists the search plugin without options: `lang: en` (no TinySegmenter,
#: which would re-cut the tokens) and no trimmer or stemmer (see point 1 above).
SETTINGS: dict[str, Any] = {"lang": ["en"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"]}

# A kanji that is a token by itself: no kanji before it, and no kanji, hiragana or marker after it.
_ISOLATED_KANJI = re.compile(f"(?<![{_HAN}])[{_HAN}](?![{_HAN}{_HIRAGANA}\\u2060])")
# The place where the end-of-query cut of SEPARATOR would cut a text section of the index.
_FINAL_TAIL = re.compile(f"(?:(?<=[{_HAN}][{_HAN}])|(?<=[{_KATAKANA}]))(?=[{_HIRAGANA}]+\\Z)")
# Material indexes the text between tags; tags and entities are left alone.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
# Material's text sections (the input of its tokenizer, where `$` matches) end at tags.
_TAG = re.compile(r"(<[^>]*>)")


def mark_isolated_kanji(text: str) -> str:
    """`text` with U+2060 after every kanji that would be a one-character token (idempotent)."""
    return "".join(
        part if _MARKUP.fullmatch(part) else _ISOLATED_KANJI.sub(r"\g<0>" + WORD_JOINER, part)
        for part in _MARKUP.split(text)
    )


def join_final_tails(text: str) -> str:
    """`text` with U+2060 before a hiragana tail that ends a text section after a kanji compound or a
    katakana word (idempotent). SEPARATOR cuts such a tail off at the end of a typed query; in the index,
    the joiner keeps it on its word, so the word (`信頼関係⁠を`) stays one token and a bare kanji compound
    does not become a vocabulary word that truncates queries."""
    return "".join(part if _TAG.fullmatch(part) else _FINAL_TAIL.sub(WORD_JOINER, part) for part in _TAG.split(text))


def prepare_index(index: dict[str, Any]) -> dict[str, Any]:
    """A copy of Material's search index (the parsed `search_index.json`) with every title and text
    passed through `mark_isolated_kanji` and `join_final_tails` (which rely on `SEPARATOR`: the course
    plugin sets it before Material's search plugin reads its settings)."""
    docs = []
    for doc in index.get("docs", []):
        marked = {
            key: join_final_tails(mark_isolated_kanji(doc[key]))
            for key in ("title", "text")
            if isinstance(doc.get(key), str)
        }
        docs.append({**doc, **marked})
    return {**index, "docs": docs}


def rewrite_index(site_dir: Path) -> bool:
    """Prepare `search/search_index.json` in a built site, in place, written as compact UTF-8.
    Returns False (and changes nothing) when the site has no search index."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return False
    index = prepare_index(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
