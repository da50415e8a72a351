"""The order a learner sees options in: never the order the author wrote.

Authors tend to write the keyed option first, and a quiz whose key sits in a predictable place can be
passed without reading. So options (quiz questions and case studies alike) are shuffled here, at build
time, with a seed made of the course id and the item id: every build, the print view, the facilitator
key and the tests see the same order. The browser shuffles once more per learner (course-quiz.js). An option
the author pinned (`pin: true`, e.g. 「上のどれでもない」) keeps its written position.

Option keys are opaque too: the value a page submits is a short hash, not a letter that would tell the
written order (and with it, for most authors, the answer).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Option

#: Labels of the shown positions (the schema allows at most 8 options).
LABELS = "ABCDEFGH"


def option_key(seed: str, index: int) -> str:
    """A stable, meaningless value for the option written at `index` of the item `seed` names."""
    return hashlib.sha256(f"{seed}#{index}".encode()).hexdigest()[:8]


def shown_order(count: int, pinned: Sequence[bool], seed: str) -> list[int]:
    """Written indexes in shown order: unpinned ones permuted by `seed`, pinned ones in place."""
    free = [i for i in range(count) if not pinned[i]]
    random.Random(hashlib.sha256(seed.encode()).digest()).shuffle(free)
    rest = iter(free)
    return [i if pinned[i] else next(rest) for i in range(count)]


def arrange(options: Sequence[Option], seed: str) -> tuple[Option, ...]:
    """`options` (in written order) with opaque keys, shuffled, and labelled A, B, C… as shown."""
    order = shown_order(len(options), [o.pinned for o in options], seed)
    return tuple(replace(options[i], key=option_key(seed, i), label=LABELS[n]) for n, i in enumerate(order))
