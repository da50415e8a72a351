"""Japanese search through Material's own search box, on the real course: the committed query set
(tests/search_queries.yml) must find the expected page among the first three results."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser
from search_eval import evaluate, format_table, load_queries

#: Measured 0.956 on 249 queries (0.965 on the first 201, 44 of the 48 written before the particle and
#: end-of-query cuts); before those cuts 0.904 (0.925 on the 201); stock Material: 0.343 on the 201.
#: After the content rewrite: 0.851 (212); after session 3's upkeep (16 queries retargeted or replaced,
#: learner words put back into the content; see the `# session 3:` comments in the query set): 0.944 (235).
MIN_RECALL_AT_3 = 0.94


def test_search_box_finds_what_learners_type(real_site: Path, browser: Browser) -> None:
    report = evaluate(real_site, load_queries(), browser=browser)
    assert report.recall >= MIN_RECALL_AT_3, format_table([report])
