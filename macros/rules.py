"""The severity of every check id, and the pedagogical minimums, in one place.

Checks only say *what* is wrong; whether it stops the build is decided here, so a team can make a rule
stricter or looser by changing one line, and CONTRIBUTING.md can list every id from one table.

An error stops `python -m macros check` (exit 1) and `mkdocs build`. A warning is advice: printed by
`check` (exit 0) and annotated on the pull request by `check --format github`; the plugin shows it
without failing the build, `--strict` included (macros/plugin.py logs it at INFO level).
"""

from __future__ import annotations

from .findings import Severity

E, W = Severity.ERROR, Severity.WARNING

#: A module with fewer case studies than this gets a `too-few-scenarios` warning.
MIN_SCENARIOS = 3
#: A module with a quiz, but fewer questions than this, gets a `too-few-questions` warning. A module with no
#: quiz at all is fine unless it is required (`required-without-quiz`, an error: nobody could pass it).
MIN_QUESTIONS = 6
#: Marks text in the scaffolding templates (macros/templates/*.yml) that the author still has to write.
PLACEHOLDER = "【要記入】"

# --- assessment lint (macros/assessment.py): what lets a quiz be passed without reading ---------------
#: A blind strategy mix above this expected score is a warning (assessment-blind-high); at the pass mark it is
#: an error (assessment-blind-pass). Half is well above chance for 4-option items and still below any pass mark.
BLIND_WARNING_PERCENT = 50
#: assessment-key-longest: with 4 options the key is the longest in 1/4 of items by chance; above 1/3 the
#: quiz teaches "pick the longest".
KEY_LONGEST_SHARE = 1 / 3
#: The share rules need this many items before a share means anything.
MIN_ITEMS_FOR_SHARE = 3
#: assessment-key-much-longer: a key 1.3× the mean distractor length stands out at a glance; a few
#: characters do not, so the gap must also be at least this many characters.
KEY_LONGER_RATIO = 1.3
KEY_LONGER_MIN_CHARS = 8
#: assessment-tf-balance: the number of true/false items keyed 正しい may differ from half by one item
#: (3 of 7, 4 of 7); more and "always 誤り" beats chance.
TF_TOLERANCE = 1
#: assessment-absolute-words: words item writers learn to read as "false" (Haladyna et al. 2002). Flagged when
#: at least ABSOLUTE_MIN options or statements carry one and keys are under half as common among them as overall.
ABSOLUTE_WORDS = ("必ず", "絶対", "すべて", "全て", "だけ", "決して", "一切", "常に", "いつも", "まったく", "全く", "のみ")
ABSOLUTE_MIN = 3
#: assessment-multiple-pattern: this many multiple-select items with the same number of keys make a habit.
MULTIPLE_PATTERN_MIN = 3
#: assessment-similar-stem: texts whose 3-character pieces overlap this much (Jaccard) read as the same item
#: (a retold case with another name and company still overlaps ~0.7); texts shorter than SIMILAR_MIN_CHARS are
#: left alone (「どれですか」 is not a duplicate).
SIMILAR_RATIO = 0.6
SIMILAR_MIN_CHARS = 15
#: Candidates for that comparison: texts sharing SKETCH_MIN_SHARED of their SKETCH_SIZE rarest pieces. A piece
#: shared by more than SKETCH_MAX_BUCKET texts is template wording, not a situation, and pairs no one.
SKETCH_SIZE = 16
SKETCH_MIN_SHARED = 3
SKETCH_MAX_BUCKET = 8
#: assessment-ending-cue: an option ending (its trailing hiragana, at least CUE_MIN_TAIL long) shared by
#: CUE_MIN_OPTIONS options of the course, keyed at most CUE_LOW × or at least CUE_HIGH × the course's share of
#: keys, tells the answer by its grammar (「〜ておく」 almost always wrong).
CUE_MIN_TAIL = 3
CUE_MIN_OPTIONS = 8
CUE_LOW = 0.25
CUE_HIGH = 2.5
#: assessment-phrase-cue: kinds of wording a test-wise learner reads as "wrong" or "right" whatever the
#: content (a distractor that excuses itself before it acts; a key that always checks or consults); judged
#: with the same CUE_MIN_OPTIONS, CUE_LOW and CUE_HIGH as the endings.
CUE_PHRASES = {
    "理由を前置きする言い回し": ("ので、", "ため、", "よう、", "から、"),
    "確かめる・相談する言い回し": ("確かめ", "確認", "相談", "たずね", "尋ね", "提案"),
    "上の上司や別の部署に持ち込む言い回し": ("上の上司", "部長に直接", "上司の上司", "頭越し"),
}
#: assessment-hedge-cue: "hedged means true" (or false) predicting this share of the course's true/false items
#: is a rule a test-wise learner finds (Haladyna et al. 2002: specific determiners); checked from this many items.
HEDGE_WORDS = ("やすい", "ことがある", "こともある", "ことも", "場合がある", "場合もある", "かもしれない", "うる",
               "得る", "できる", "とは限らない", "ことが多い", "傾向", "可能性")
HEDGE_TELL_SHARE = 0.75
HEDGE_MIN_STATEMENTS = 8

SEVERITY: dict[str, Severity] = {
    # load.py — the file cannot be read as YAML
    "missing-file": E, "file-too-large": E, "not-utf8": E, "not-text": E, "empty-file": E,
    "private-use-character": E, "control-character": E, "invisible-character": E, "noncharacter": E,
    "yaml-syntax": E, "yaml-alias": E, "too-deep": E, "bad-key": E, "duplicate-key": E,
    # schema.py — a field is missing, unknown or of the wrong kind (objectives and every option's
    # explanation are required here, so a module without them never gets further)
    "missing-field": E, "unknown-field": E, "wrong-type": E, "empty-text": E, "bad-id": E,
    "bad-citation-key": E, "bad-url": E, "bad-colour": E, "too-few": E, "too-long": E, "bad-value": E, "duplicate-item": E,
    "out-of-range": E,
    # check.py — structure across files
    "duplicate-id": E, "reserved-id": E, "id-mismatch": E, "unknown-term": E, "unknown-citation": E, "citation-not-listed": E,
    "self-reference": E, "unknown-module": E, "unexpected-field": E, "wrong-flag": E, "answer-count": E,
    "duplicate-option": E, "missing-module": E, "unlisted-module": E, "required-without-quiz": E,
    "final-test-too-large": E, "module-in-two-groups": E,
    # check.py — search: a glossary alias must lead to one term only
    "alias-is-term": E, "alias-shared": E,
    # check.py — HR plans a training day with the course's time: shorter than its modules is misleading
    "course-time-too-short": W, "timetable-mismatch": W,
    # branding.py — course.yml's branding (colours, logo)
    "low-contrast": E, "bad-logo": E, "missing-logo": E, "logo-not-image": E, "logo-too-large": E, "unsafe-logo": E,
    # published.py — a symbolic link in content_src/ that leads out of it
    "symlink-outside": E,
    # assessment.py — a quiz that can be passed without reading is an error; the habits that lead there warn
    "assessment-blind-pass": E, "assessment-blind-high": W, "assessment-key-longest": W,
    "assessment-key-much-longer": W, "assessment-tf-balance": W, "assessment-absolute-words": W,
    "assessment-multiple-pattern": W, "assessment-similar-stem": W, "assessment-no-question": W,
    "assessment-ending-cue": W, "assessment-hedge-cue": W, "assessment-phrase-cue": W,
    # pagetext.py — text that would change on its way to the page: a merged list item is certainly wrong;
    # folded lines and what the sanitiser removes are warnings (the page still reads, but not as written)
    "merged-list-item": E, "plain-multiline": W, "removed-html": W, "removed-link": W,
    # check.py — pedagogy: the page still works, but it is not finished
    "too-few-scenarios": W, "too-few-questions": W, "no-citation": W, "orphan-term": W, "placeholder": W,
}


def severity(check: str) -> Severity:
    """Unknown ids (such as schema.py's `schema-<keyword>` fallback) are errors: never silently lenient."""
    return SEVERITY.get(check, E)
