"""The pedagogical minimums and the assessment lint's thresholds, in one place, each with its reason.

The severity, words and documentation of every check id are in macros/checks.py. An error stops
`python -m macros check` (exit 1) and `mkdocs build`. A warning is advice: printed by `check` (exit 0) and annotated on the pull request by `check --format github`; the plugin shows it
without failing the build, `--strict` included (macros/plugin.py logs it at INFO level).
"""

from __future__ import annotations

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
ABSOLUTE_WORDS = (
    "必ず",
    "絶対",
    "すべて",
    "全て",
    "だけ",
    "決して",
    "一切",
    "常に",
    "いつも",
    "まったく",
    "全く",
    "のみ",
)
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
HEDGE_WORDS = (
    "やすい",
    "ことがある",
    "こともある",
    "ことも",
    "場合がある",
    "場合もある",
    "かもしれない",
    "うる",
    "得る",
    "できる",
    "とは限らない",
    "ことが多い",
    "傾向",
    "可能性",
)
HEDGE_TELL_SHARE = 0.75
HEDGE_MIN_STATEMENTS = 8
